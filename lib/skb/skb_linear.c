/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Out-of-line parts of the linear-data helpers (netmem/skb_linear.h), with
 * the kernel's semantics (net/core/skbuff.c): padding with zeroes after the
 * data, the trim that keeps CHECKSUM_COMPLETE right (with unreadable frags
 * as the kernel since 2026: -EFAULT, or CHECKSUM_NONE when only the head
 * stays), and the report of an skb_pull_inline() past the linear part.
 */
#include <errno.h>

#include "skb_priv.h"

#include <netmem/skb_linear.h>

void nm_skb_pull_bug(struct sk_buff *skb, unsigned int len)
{
	nm_bug("skb_pull: %u bytes past the linear part of skb %p (len %u, headlen %u)",
	       len, (void *)skb, skb->len, skb_headlen(skb));
}

int __skb_pad(struct sk_buff *skb, int pad, bool free_on_error)
{
	int err, ntail;

	if (unlikely(pad < 0)) {
		nm_misuse("__skb_pad(skb %p, %d): negative pad", (void *)skb, pad);
		err = -EINVAL;
		goto free_skb;
	}
	/* A nonlinear skb has no tailroom: it takes the slow way. */
	if (!skb_cloned(skb) && skb_tailroom(skb) >= pad) {
		memset(skb->data + skb->len, 0, (size_t)pad);
		return 0;
	}
	ntail = (int)skb->data_len + pad - (int)(skb->end - skb->tail);
	if (likely(skb_cloned(skb) || ntail > 0)) {
		err = pskb_expand_head(skb, 0, ntail > 0 ? ntail : 0, GFP_ATOMIC);
		if (unlikely(err))
			goto free_skb;
	}
	err = skb_linearize(skb);
	if (unlikely(err))
		goto free_skb;
	memset(skb->data + skb->len, 0, (size_t)pad);
	return 0;
free_skb:
	if (free_on_error)
		kfree_skb(skb);
	return err;
}

/* The kernel's csum_block_sub(): takes out @csum2, the sum of bytes that
 * started at @offset (odd offsets have their bytes swapped in the sum). */
static __wsum csum_block_sub_at(__wsum csum, __wsum csum2, int offset)
{
	uint32_t sum = ~(uint32_t)csum2;

	if (offset & 1)
		sum = (sum >> 8) | (sum << 24);
	return csum_add(csum, sum);
}

int pskb_trim_rcsum_slow(struct sk_buff *skb, unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE) {
		int delta = (int)(skb->len - len);

		if (skb_frags_readable(skb)) {
			skb->csum = csum_block_sub_at(skb->csum,
						      skb_checksum(skb, (int)len, delta, 0),
						      (int)len);
		} else if (len > skb_headlen(skb)) {
			/* Unreadable bytes would stay: no sum can be fixed. */
			return -EFAULT;
		} else {
			/* Only the readable head stays: software can sum it. */
			skb->ip_summed = CHECKSUM_NONE;
		}
	} else if (skb->ip_summed == CHECKSUM_PARTIAL) {
		int hdlen = len > skb_headlen(skb) ? (int)skb_headlen(skb) : (int)len;
		int offset = skb_checksum_start_offset(skb) + skb->csum_offset;

		if (offset + (int)sizeof(__sum16) > hdlen)
			return -EINVAL;
	}
	return __pskb_trim(skb, len);
}
