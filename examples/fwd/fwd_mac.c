/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mac mode: the Ethernet source becomes the TX port's address and the
 * destination its peer's (--eth-peer, default 02:00:00:00:00:<port>), as
 * testpmd's mac engine. The header is written in place: an skb received
 * from a port owns its head (a shared head would be copied first).
 */
#include "fwd.h"

static void mac_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	const struct rte_ether_addr *src = fwd_port_addr(fs->tx_port);
	const struct rte_ether_addr *dst = fwd_peer_addr(fs->tx_port);
	uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst), n = 0;

	for (uint16_t i = 0; i < nb; i++) {
		struct sk_buff *skb = skbs[i];
		struct rte_ether_hdr *eth = fwd_eth_hdr(skb);

		if (unlikely(eth == NULL)) {
			fwd_drop(fs, skb, NM_DROP_TX_BAD);
			continue;
		}
		rte_ether_addr_copy(dst, &eth->dst_addr);
		rte_ether_addr_copy(src, &eth->src_addr);
		skbs[n++] = skb;
	}
	fwd_tx(fs, skbs, n);
}

const struct fwd_engine fwd_mac_engine = {
	.name = "mac",
	.help = "set source MAC to the TX port's, destination to its peer's",
	.burst = mac_burst,
};
