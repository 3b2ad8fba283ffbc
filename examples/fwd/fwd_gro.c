/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --gro: the receive half of the offload pair, per stream, in every mode
 * (testpmd's `set port N gro on`). Each RX burst is one NAPI poll: the skbs
 * go through the stream's gro_node (include/netmem/gro.h) the way a
 * driver's napi_gro_receive() feeds them, the poll ends with the kernel's
 * flush (only the old trains while bursts come full, everything once one
 * comes short), and what GRO hands on replaces the burst. A merged skb is
 * CHECKSUM_PARTIAL with gso_size set: TX segments it again (TSO or
 * software GSO), so the wire sees the packets it would have without GRO.
 *
 * Counters: gro_in (skbs into GRO), gro_out (skbs out of it), gro_merged
 * (skbs merged into an earlier one), flushes by cause. The rx/tx balance
 * counts packets on the wire: TX's GSO makes the merged packets again.
 */
#include <rte_malloc.h>

#include <netmem/gro.h>

#include "fwd.h"

static void fwd_gro_deliver(struct gro_node *gro, struct sk_buff_head *list)
{
	struct fwd_stream *fs = gro->priv;
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list)) != NULL) {
		/* GRO hands skbs on at their network header: back to the
		 * Ethernet header, where the skbs of every mode start */
		__skb_push(skb, (unsigned int)(skb->data - skb_mac_header(skb)));
		fs->gro_out[fs->gro_nout++] = skb;
	}
}

int fwd_gro_init(struct fwd_stream *fs)
{
	struct gro_node *gro = rte_zmalloc("fwd_gro", sizeof(*gro), 0);

	if (gro == NULL)
		return -ENOMEM;
	gro_init(gro);
	gro->deliver = fwd_gro_deliver;
	gro->priv = fs;
	fs->gro = gro;
	return 0;
}

/* After the lcores stopped: held trains are dropped as shutdown. */
void fwd_gro_fini(struct fwd_stream *fs)
{
	struct sk_buff *out[GRO_HASH_BUCKETS * MAX_GRO_SKBS + GRO_NORMAL_BATCH];
	struct gro_node *gro = fs->gro;

	if (gro == NULL)
		return;
	fs->gro_out = out;
	fs->gro_nout = 0;
	gro_flush(gro, false);
	gro_normal_list(gro);
	for (unsigned int i = 0; i < fs->gro_nout; i++)
		kfree_skb(out[i]);
	fs->c.shutdown += fs->gro_nout;
	fs->c.gro_out += fs->gro_nout;
	gro_cleanup(gro);
	rte_free(gro);
	fs->gro = NULL;
}

uint16_t fwd_rx_gro(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n)
{
	struct sk_buff *in[FWD_MAX_BURST];
	struct gro_node *gro = fs->gro;
	unsigned int held = gro_held_count(gro) + gro->rx_count;
	uint16_t room, nb, i;
	uint64_t merged0 = gro->stat_merged;

	/* what GRO hands on is at most what it holds and what comes in */
	room = n > held ? (uint16_t)(n - held) : 0;
	nb = room != 0 ? nm_rx_burst(fs->rx_port, fs->rx_queue, in,
				     RTE_MIN(room, (uint16_t)FWD_RX_CHUNK)) : 0;
	if (unlikely(nb == FWD_RX_CHUNK && room > FWD_RX_CHUNK))
		nb = (uint16_t)(nb + fwd_rx_more(fs, in + nb, (uint16_t)(room - nb)));
	if (unlikely(fs->bursts != NULL))
		fs->bursts->rx[nb]++;

	fs->gro_out = skbs;
	fs->gro_nout = 0;
	for (i = 0; i < nb; i++) {
		struct sk_buff *skb = in[i];

		if (unlikely(skb->len < RTE_ETHER_HDR_LEN)) {	/* a runt: nothing to merge */
			skbs[fs->gro_nout++] = skb;
			continue;
		}
		/* what eth_type_trans() does on a driver's way in */
		skb_reset_mac_header(skb);
		memcpy(&skb->protocol, skb->data + 2 * RTE_ETHER_ADDR_LEN, sizeof(skb->protocol));
		__skb_pull(skb, RTE_ETHER_HDR_LEN);
		skb_reset_network_header(skb);
		gro_receive_skb(gro, skb);
	}
	gro_tick(gro);
	/* the end of the poll: napi_complete_done() flushes everything, a poll
	 * that used its whole budget only the trains held since the last one */
	gro_flush(gro, nb != 0 && nb == room);
	gro_normal_list(gro);

	fs->c.gro_in += nb;
	fs->c.gro_out += fs->gro_nout;
	fs->c.gro_merged += gro->stat_merged - merged0;
	fs->c.gro_flush_flag = gro->stat_flush_flag;
	fs->c.gro_flush_full = gro->stat_flush_full;
	fs->c.gro_flush_call = gro->stat_flush_call;
	return fs->gro_nout;
}
