/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * io mode: forwards every received skb as it is, testpmd's io engine on
 * sk_buffs. Nothing in the packet is read or written; a page the skb owns
 * alone leaves as its own mbuf, anything shared (device memory, clones) as
 * an external-buffer segment holding one reference.
 */
#include "fwd.h"

/* 8< io forwarding */
static void io_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t want = (uint16_t)fwd_cfg.burst;
	uint16_t nb, sent;

	if (unlikely(fs->gro != NULL)) {	/* --gro */
		nb = fwd_rx_gro(fs, skbs, want);
		sent = nm_tx_burst(fs->tx_port, fs->tx_queue, skbs, nb);
		goto sent;
	}
	nb = nm_rx_burst(fs->rx_port, fs->rx_queue, skbs, RTE_MIN(want, (uint16_t)FWD_RX_CHUNK));
	if (unlikely(nb == 0)) {
		if (unlikely(fs->bursts != NULL))
			fs->bursts->rx[0]++;
		return;
	}
	if (unlikely(nb == FWD_RX_CHUNK && want > FWD_RX_CHUNK))	/* --burst > 64 */
		nb = (uint16_t)(nb + fwd_rx_more(fs, skbs + nb, (uint16_t)(want - nb)));
	sent = nm_tx_burst(fs->tx_port, fs->tx_queue, skbs, nb);
	if (unlikely(fs->bursts != NULL))	/* --record-burst-stats */
		fs->bursts->rx[nb]++;
sent:
	if (unlikely(fs->bursts != NULL))
		fs->bursts->tx[sent]++;
	/* What the TX queue did not take is freed, counted as TX_FULL drops. */
	if (unlikely(sent < nb))
		nm_tx_drop_unsent(fs->tx_port, fs->tx_queue, skbs + sent, (uint16_t)(nb - sent));
}
/* >8 */

const struct fwd_engine fwd_io_engine = {
	.name = "io",
	.help = "forward every packet as it is",
	.burst = io_burst,
};
