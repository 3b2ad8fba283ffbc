/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * macswap mode: swaps the Ethernet source and destination of every packet
 * (testpmd's macswap engine), in place.
 */
#include "fwd.h"

static void macswap_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst), n = 0;

	for (uint16_t i = 0; i < nb; i++) {
		struct sk_buff *skb = skbs[i];
		struct rte_ether_hdr *eth = fwd_eth_hdr(skb);
		struct rte_ether_addr tmp;

		if (unlikely(eth == NULL)) {
			fwd_drop(fs, skb, NM_DROP_TX_BAD);
			continue;
		}
		rte_ether_addr_copy(&eth->dst_addr, &tmp);
		rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
		rte_ether_addr_copy(&tmp, &eth->src_addr);
		skbs[n++] = skb;
	}
	fwd_tx(fs, skbs, n);
}

const struct fwd_engine fwd_macswap_engine = {
	.name = "macswap",
	.help = "swap source and destination MAC",
	.burst = macswap_burst,
};
