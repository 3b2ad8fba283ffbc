/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The frag fillers' refusal of an index past MAX_SKB_FRAGS (skbuff.h,
 * "Frag fillers"): a kernel BUG case, so nm_bug(); in NM_BUG_COUNT mode
 * the frag is refused and its reference dropped.
 */
#include "skb_priv.h"

void nm_skb_frag_refuse(struct sk_buff *skb, int i, netmem_ref netmem)
{
	nm_bug("frag %d of skb %p: frags are 0..%d (nr_frags %u): refused", i, (void *)skb,
	       MAX_SKB_FRAGS - 1, skb_shinfo(skb)->nr_frags);
	/* Counted, not aborted: the reference the caller gave the frag goes,
	 * unless the skb's frags hold none (managed by their owner). */
	if (!netmem_is_null(netmem) && !(skb_shinfo(skb)->flags & SKBFL_MANAGED_FRAG_REFS))
		skb_netmem_unref(netmem, false);
}
