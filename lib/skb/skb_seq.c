/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sequential reads of an skb, with the kernel's semantics
 * (skb_prepare_seq_read / skb_seq_read / skb_abort_seq_read of
 * net/core/skbuff.c).
 *
 * The reader hands out blocks in order: the linear part of the root skb,
 * its frags, then each skb of the root's frag_list (linear part, frags) and
 * the ->next skbs after it. A block is never clipped to the upper bound of
 * the range (the caller stops), as in the kernel. stepped_offset counts the
 * bytes of the blocks left behind; frag_data is the mapped base of the
 * current frag's page (here simply its address: pages are always mapped).
 * Frags of an skb whose frags are unreadable (net_iov) end the read.
 *
 * skb_find_text() runs a textsearch (textsearch.c) over these blocks.
 */
#include <netmem/skb_datagram.h>

#include "skb_priv.h"

void skb_prepare_seq_read(struct sk_buff *skb, unsigned int from, unsigned int to,
			  struct skb_seq_state *st)
{
	st->lower_offset = from;
	st->upper_offset = to;
	st->root_skb = st->cur_skb = skb;
	st->frag_idx = st->stepped_offset = 0;
	st->frag_data = NULL;
	st->frag_off = 0;
}

unsigned int skb_seq_read(unsigned int consumed, const __u8 **data, struct skb_seq_state *st)
{
	unsigned int block_limit, abs_offset = consumed + st->lower_offset;

	if (abs_offset >= st->upper_offset) {
		st->frag_data = NULL;
		return 0;
	}
	for (;;) {
		struct sk_buff *skb = st->cur_skb;
		const struct skb_shared_info *shinfo = skb_shinfo(skb);

		/* the linear part, until a frag of this skb was entered */
		block_limit = skb_headlen(skb) + st->stepped_offset;
		if (abs_offset < block_limit && st->frag_data == NULL) {
			*data = skb->data + (abs_offset - st->stepped_offset);
			return block_limit - abs_offset;
		}
		if (!skb_frags_readable(skb))
			return 0;
		if (st->frag_idx == 0 && st->frag_data == NULL)
			st->stepped_offset += skb_headlen(skb);

		while (st->frag_idx < shinfo->nr_frags) {
			const skb_frag_t *frag = &shinfo->frags[st->frag_idx];
			unsigned int size = skb_frag_size(frag);

			block_limit = size + st->stepped_offset;
			if (abs_offset < block_limit) {
				__u8 *base = netmem_address(skb_frag_netmem(frag));

				if (base == NULL)	/* a net_iov the flag missed */
					return 0;
				st->frag_data = base;
				*data = base + skb_frag_off(frag) + (abs_offset - st->stepped_offset);
				return block_limit - abs_offset;
			}
			st->frag_data = NULL;
			st->frag_idx++;
			st->stepped_offset += size;
		}
		st->frag_data = NULL;

		if (st->root_skb == skb && skb_has_frag_list(skb))
			st->cur_skb = shinfo->frag_list;
		else if (skb->next != NULL)
			st->cur_skb = skb->next;
		else
			return 0;
		st->frag_idx = 0;
	}
}

void skb_abort_seq_read(struct skb_seq_state *st)
{
	st->frag_data = NULL;
}

/* ---- skb_find_text: a textsearch over skb_seq_read() blocks ------------ */

static unsigned int skb_ts_get_next_block(unsigned int offset, const uint8_t **text,
					  struct ts_config *conf, struct ts_state *state)
{
	(void)conf;
	return skb_seq_read(offset, text, (struct skb_seq_state *)state->cb);
}

static void skb_ts_finish(struct ts_config *conf, struct ts_state *state)
{
	(void)conf;
	skb_abort_seq_read((struct skb_seq_state *)state->cb);
}

unsigned int skb_find_text(struct sk_buff *skb, unsigned int from, unsigned int to,
			   struct ts_config *config)
{
	unsigned int patlen = textsearch_get_pattern_len(config);
	struct ts_state state;
	unsigned int ret;

	_Static_assert(sizeof(struct skb_seq_state) <= sizeof(state.cb),
		       "skb_seq_state fits in ts_state");
	config->get_next_block = skb_ts_get_next_block;
	config->finish = skb_ts_finish;
	skb_prepare_seq_read(skb, from, to, (struct skb_seq_state *)state.cb);
	ret = textsearch_find(config, &state);
	/* a match must end inside the range (blocks run past its end) */
	return ret + patlen <= to - from ? ret : UINT_MAX;
}
