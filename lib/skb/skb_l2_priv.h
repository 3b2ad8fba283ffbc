/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/skb/eth.c and lib/skb/skb_vlan.c: stand-ins for kernel
 * helpers other parts of this round add under their kernel names
 * (skb_postpull_rcsum, skb_postpush_rcsum, skb_pull_rcsum, csum_block_add:
 * the checksum family; skb_ensure_writable, skb_share_check, __skb_pad: the
 * sharing and linear-data families). Same semantics as the kernel's; named
 * l2_* so they never clash with the public ones. Once those are in, the
 * callers switch to them and this file goes.
 */
#ifndef SKB_L2_PRIV_H
#define SKB_L2_PRIV_H

#include <errno.h>

#include "skb_priv.h"

/* csum_block_add(): a sum of bytes that start at an odd offset is rotated. */
static inline __wsum l2_csum_block_add(__wsum csum, __wsum csum2, int offset)
{
	uint32_t sum = csum2;

	if (offset & 1)
		sum = (sum >> 8) | (sum << 24);
	return csum_add(csum, sum);
}

/* skb_postpull_rcsum(): @len bytes at @start left the packet. */
static inline void l2_postpull_rcsum(struct sk_buff *skb, const void *start, unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = ~csum_partial(start, (int)len, ~skb->csum);
	else if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_start_offset(skb) < 0)
		skb->ip_summed = CHECKSUM_NONE;
}

/* skb_postpush_rcsum(): @len bytes at @start joined the packet at its front. */
static inline void l2_postpush_rcsum(struct sk_buff *skb, const void *start, unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = l2_csum_block_add(skb->csum, csum_partial(start, (int)len, 0), 0);
}

/* skb_pull_rcsum(): pull @len (the kernel BUGs past skb->len) and adjust. */
static inline void *l2_pull_rcsum(struct sk_buff *skb, unsigned int len)
{
	unsigned char *data = skb->data;

	if (unlikely(len > skb->len)) {
		nm_bug("skb_pull_rcsum(skb %p, len %u): only %u bytes", (void *)skb, len,
		       skb->len);
		return NULL;
	}
	__skb_pull(skb, len);
	l2_postpull_rcsum(skb, data, len);
	return skb->data;
}

/* skb_clone_writable(): a clone may write the first @len bytes of data. */
static inline bool l2_clone_writable(const struct sk_buff *skb, unsigned int len)
{
	return !skb_header_cloned(skb) && skb_headroom(skb) + len <= skb->hdr_len;
}

/* skb_ensure_writable(): the first @write_len bytes linear and private. */
static inline int l2_ensure_writable(struct sk_buff *skb, unsigned int write_len)
{
	if (!pskb_may_pull(skb, write_len))
		return -ENOMEM;
	if (!skb_cloned(skb) || l2_clone_writable(skb, write_len))
		return 0;
	return pskb_expand_head(skb, 0, 0, GFP_ATOMIC);
}

/* skb_share_check(): a clone of a shared skb (the caller's reference is
 * dropped), or the skb itself; NULL when the clone fails (skb freed). */
static inline struct sk_buff *l2_share_check(struct sk_buff *skb, gfp_t gfp)
{
	if (skb_shared(skb)) {
		struct sk_buff *nskb = skb_clone(skb, gfp);

		if (likely(nskb))
			consume_skb(skb);
		else
			kfree_skb(skb);
		skb = nskb;
	}
	return skb;
}

#endif /* SKB_L2_PRIV_H */
