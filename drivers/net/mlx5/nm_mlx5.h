/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to drivers/net/mlx5 and its tests: NVIDIA ConnectX (DPDK's mlx5
 * PMD) capabilities and the buffer split into a header and a payload
 * mempool; nm_mlx5_mr.h has the memory registration.
 */
#ifndef NM_MLX5_H
#define NM_MLX5_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netmem/port_driver.h>

#include "nm_mlx5_mr.h"

/** Bytes one TSO packet may carry: the LSO limit ConnectX-4 and later
 *  report (max_tso of ibv_query_device_ex). */
#define NM_MLX5_TSO_MAX_SIZE	262144u
/** Segments of the header/payload split. */
#define NM_MLX5_SPLIT_NSEG	2u

/** What the split should look like. */
struct nm_mlx5_split_req {
	struct rte_mempool *hdr_mp;	/**< small buffers in host memory */
	struct rte_mempool *pay_mp;	/**< payload: page_pool pages or device memory */
	unsigned int hdr_len;		/**< length split: bytes into hdr_mp */
	uint32_t proto_hdr;		/**< protocol split instead: the RTE_PTYPE_*
					 *   sequence whose last header ends the
					 *   header segment (0: length split) */
	uint16_t pay_offset;		/**< payload offset in its buffer */
};

/**
 * The two-segment rx_seg of a buffer split, decided from a port's recorded
 * capabilities only (no port is touched): @p info (rx_offload_capa,
 * rx_seg_capa) and the header types the port splits after (@p hdr_ptypes,
 * as rte_eth_buffer_split_get_supported_hdr_ptypes() lists them; NULL/0:
 * none, the only answer of mlx5 in DPDK 22.11).
 *
 * Segment 0: hdr_mp, length hdr_len (or length 0 and proto_hdr), offset 0
 * (the PMD adds the headroom). Segment 1: pay_mp, length 0 (the rest of
 * the packet, in as many payload buffers as it takes), offset pay_offset,
 * proto_hdr 0.
 *
 * @p nb_segs: in, the room in @p segs; out, the segments filled (2).
 * Returns 0, or -EINVAL (NULL argument, hdr_len 0 or past the header
 * buffer, misaligned or too large pay_offset), -EOPNOTSUPP (no
 * RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT, max_nseg < 2, two pools without
 * multi_pools, an offset without offset_allowed, a proto_hdr the port does
 * not list), -ENOSPC (room for fewer than 2 segments). Nothing is written
 * on error.
 */
int nm_mlx5_split_decide(const struct rte_eth_dev_info *info, const uint32_t *hdr_ptypes,
			 int nb_hdr_ptypes, const struct nm_mlx5_split_req *req,
			 union rte_eth_rxseg *segs, uint16_t *nb_segs);

/** True when @p info allows a two-pool buffer split at all. */
bool nm_mlx5_can_split(const struct rte_eth_dev_info *info);

/** The nm_net_driver split_conf hook: a length split of @p hdr_len bytes
 *  on port @p port_id (its dev_info read now); *nb_segs in/out as above. */
int nm_mlx5_split_conf(uint16_t port_id, struct rte_mempool *hdr_mp,
		       struct rte_mempool *pay_mp, unsigned int hdr_len,
		       union rte_eth_rxseg *segs, uint16_t *nb_segs);

/** A protocol split after @p proto_hdr on port @p port_id, when the port
 *  lists that header sequence; -EOPNOTSUPP otherwise. */
int nm_mlx5_split_conf_proto(uint16_t port_id, struct rte_mempool *hdr_mp,
			     struct rte_mempool *pay_mp, uint32_t proto_hdr,
			     union rte_eth_rxseg *segs, uint16_t *nb_segs);

extern struct nm_net_driver nm_net_drv_mlx5_pci;
extern struct nm_net_driver nm_net_drv_mlx5_aux;

#endif /* NM_MLX5_H */
