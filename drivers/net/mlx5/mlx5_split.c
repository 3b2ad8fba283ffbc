/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The buffer split of an mlx5 RX queue into a header mempool and a payload
 * mempool, decided from recorded capabilities so it can be checked without
 * a NIC. The rules are ethdev's (rte_eth_rx_queue_setup() with rx_seg) and
 * the PMD's: at most rx_seg_capa.max_nseg segments, several pools only with
 * multi_pools, non-zero offsets only with offset_allowed and aligned to
 * 2^offset_align_log2, each segment's offset + length within its pool's
 * data room (segment 0 also holds RTE_PKTMBUF_HEADROOM), length 0 meaning
 * "the buffer's data room", a protocol split with length 0 and a header
 * sequence the port lists, the last segment without proto_hdr.
 */
#include <errno.h>
#include <string.h>

#include <rte_mbuf.h>

#include "nm_mlx5.h"

/* Most header sequences asked of a port. */
#define NM_MLX5_MAX_HDR_PTYPES	64

bool nm_mlx5_can_split(const struct rte_eth_dev_info *info)
{
	return info != NULL && (info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT) &&
	       info->rx_seg_capa.max_nseg >= NM_MLX5_SPLIT_NSEG &&
	       info->rx_seg_capa.multi_pools;
}

static bool ptype_listed(uint32_t proto_hdr, const uint32_t *ptypes, int n)
{
	for (int i = 0; ptypes != NULL && i < n; i++)
		if (ptypes[i] == proto_hdr)
			return true;
	return false;
}

int nm_mlx5_split_decide(const struct rte_eth_dev_info *info, const uint32_t *hdr_ptypes,
			 int nb_hdr_ptypes, const struct nm_mlx5_split_req *req,
			 union rte_eth_rxseg *segs, uint16_t *nb_segs)
{
	const struct rte_eth_rxseg_capa *capa;
	unsigned int hdr_room, pay_room;
	struct rte_eth_rxseg_split s0, s1;

	if (info == NULL || req == NULL || segs == NULL || nb_segs == NULL ||
	    req->hdr_mp == NULL || req->pay_mp == NULL)
		return -EINVAL;
	capa = &info->rx_seg_capa;

	/* What the port can do at all. */
	if (!(info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT) ||
	    capa->max_nseg < NM_MLX5_SPLIT_NSEG)
		return -EOPNOTSUPP;
	if (req->hdr_mp != req->pay_mp && !capa->multi_pools)
		return -EOPNOTSUPP;
	if (req->pay_offset != 0) {
		if (!capa->offset_allowed)
			return -EOPNOTSUPP;
		if (req->pay_offset & ((1u << capa->offset_align_log2) - 1u))
			return -EINVAL;
	}
	if (req->proto_hdr != 0 && !ptype_listed(req->proto_hdr, hdr_ptypes, nb_hdr_ptypes))
		return -EOPNOTSUPP;

	/* What the pools can hold. */
	hdr_room = rte_pktmbuf_data_room_size(req->hdr_mp);
	pay_room = rte_pktmbuf_data_room_size(req->pay_mp);
	if (hdr_room <= RTE_PKTMBUF_HEADROOM || req->pay_offset >= pay_room)
		return -EINVAL;
	if (req->proto_hdr == 0 &&
	    (req->hdr_len == 0 || req->hdr_len > hdr_room - RTE_PKTMBUF_HEADROOM))
		return -EINVAL;
	if (*nb_segs < NM_MLX5_SPLIT_NSEG)
		return -ENOSPC;

	memset(&s0, 0, sizeof(s0));
	memset(&s1, 0, sizeof(s1));
	s0.mp = req->hdr_mp;
	s0.offset = 0;
	if (req->proto_hdr != 0)
		s0.proto_hdr = req->proto_hdr;	/* length 0: up to the header end */
	else
		s0.length = (uint16_t)req->hdr_len;
	s1.mp = req->pay_mp;
	s1.length = 0;				/* the rest, buffer after buffer */
	s1.offset = req->pay_offset;
	memset(segs, 0, NM_MLX5_SPLIT_NSEG * sizeof(*segs));
	segs[0].split = s0;
	segs[1].split = s1;
	*nb_segs = NM_MLX5_SPLIT_NSEG;
	return 0;
}

int nm_mlx5_split_conf_proto(uint16_t port_id, struct rte_mempool *hdr_mp,
			     struct rte_mempool *pay_mp, uint32_t proto_hdr,
			     union rte_eth_rxseg *segs, uint16_t *nb_segs)
{
	struct nm_mlx5_split_req req = {
		.hdr_mp = hdr_mp,
		.pay_mp = pay_mp,
		.proto_hdr = proto_hdr,
	};
	uint32_t ptypes[NM_MLX5_MAX_HDR_PTYPES];
	struct rte_eth_dev_info info;
	int n, ret;

	if (proto_hdr == 0)
		return -EINVAL;
	ret = rte_eth_dev_info_get(port_id, &info);
	if (ret != 0)
		return ret;
	n = rte_eth_buffer_split_get_supported_hdr_ptypes(port_id, ptypes,
							  (int)RTE_DIM(ptypes));
	if (n == -ENOTSUP)	/* no protocol split on this port */
		n = 0;
	else if (n < 0)
		return n;
	return nm_mlx5_split_decide(&info, ptypes, RTE_MIN(n, (int)RTE_DIM(ptypes)), &req,
				    segs, nb_segs);
}
