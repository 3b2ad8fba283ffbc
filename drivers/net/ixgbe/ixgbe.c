/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intel 10 GbE (DPDK's ixgbe PMD, PF and VF): host pages only. The
 * controllers have no buffer split into two mempools, so header split is
 * the software one. TX takes at most 40 data descriptors per packet (TSO
 * packets included) less the queue's WTHRESH, and a TSO packet carries at
 * most 2^18 - 1 bytes of payload. As PCI devices under vfio, external
 * memory (device-memory bindings) is DMA-mapped through the IOMMU.
 */
#include <errno.h>

#include <rte_common.h>
#include <rte_mbuf.h>

#include "nm_ixgbe.h"

static uint16_t min_nonzero(uint16_t a, uint16_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return RTE_MIN(a, b);
}

static void ixgbe_caps(uint16_t port_id, const struct rte_eth_dev_info *info,
		       struct nm_port_caps *caps)
{
	unsigned int wthresh = info->default_txconf.tx_thresh.wthresh;
	uint16_t segs = NM_IXGBE_TX_MAX_SEG;

	RTE_SET_USED(port_id);
	caps->hw_split = false;
	caps->rx_offloads &= ~(uint64_t)RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	caps->dma_map = true;
	/* The queues are set up with the default TX thresholds: the PMD's
	 * tx_prepare refuses packets of more than 40 - WTHRESH segments. */
	if (wthresh < NM_IXGBE_TX_MAX_SEG)
		segs = (uint16_t)(NM_IXGBE_TX_MAX_SEG - wthresh);
	else
		segs = 1;
	segs = min_nonzero(segs, info->tx_desc_lim.nb_seg_max);
	segs = min_nonzero(segs, info->tx_desc_lim.nb_mtu_seg_max);
	caps->tx_max_segs = segs;
	caps->tso_max_size = (caps->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO) ?
			     NM_IXGBE_TSO_MAX_PAYLOAD : 0;
}

/* @n clamped to [min, max] and rounded down to a multiple of @mult (min is
 * one, max at least min). */
static uint16_t fit_one(unsigned int n, unsigned int mult, unsigned int min,
			unsigned int max)
{
	n = RTE_MIN(RTE_MAX(n, min), max);
	return (uint16_t)RTE_MAX(RTE_ALIGN_FLOOR(n, mult), min);
}

bool nm_ixgbe_desc_fit(uint16_t *nb_rxd, uint16_t *nb_txd, uint16_t rx_free_thresh)
{
	unsigned int thresh = rx_free_thresh ? rx_free_thresh : NM_IXGBE_RX_MAX_BURST;
	bool changed = false;

	if (nb_rxd != NULL) {
		unsigned int mult = NM_IXGBE_RING_ALIGN;
		unsigned int min = NM_IXGBE_RING_MIN;
		unsigned int max = NM_IXGBE_RING_MAX;
		uint16_t n;

		/* Vector RX: a multiple of the free threshold, more than one
		 * threshold, below the last burst of the ring. */
		if (thresh >= NM_IXGBE_RX_MAX_BURST && thresh % NM_IXGBE_RING_ALIGN == 0 &&
		    thresh <= NM_IXGBE_RING_MAX / 4) {
			mult = thresh;
			min = 2 * thresh;
			max = NM_IXGBE_RING_MAX - NM_IXGBE_RX_MAX_BURST - 1;
		}
		n = fit_one(*nb_rxd, mult, min, max);
		changed |= n != *nb_rxd;
		*nb_rxd = n;
	}
	if (nb_txd != NULL) {
		uint16_t n = fit_one(*nb_txd, NM_IXGBE_RING_ALIGN, NM_IXGBE_RING_MIN,
				     NM_IXGBE_RING_MAX);

		changed |= n != *nb_txd;
		*nb_txd = n;
	}
	return changed;
}

unsigned int nm_ixgbe_rx_buf_len(unsigned int data_room)
{
	if (data_room <= RTE_PKTMBUF_HEADROOM)
		return 0;
	return RTE_ALIGN_FLOOR(data_room - RTE_PKTMBUF_HEADROOM, NM_IXGBE_RX_BUF_UNIT);
}

struct nm_net_driver nm_net_drv_ixgbe = {
	.name = "net_ixgbe",
	.caps = ixgbe_caps,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_ixgbe)

/* The VF shares the PF's descriptor formats and TX path. */
struct nm_net_driver nm_net_drv_ixgbe_vf = {
	.name = "net_ixgbe_vf",
	.caps = ixgbe_caps,
};
NM_NET_DRIVER_REGISTER(nm_net_drv_ixgbe_vf)
