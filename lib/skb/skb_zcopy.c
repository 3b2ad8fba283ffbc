/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Zero-copy completion owners attached to an skb's data: the ubuf_info in
 * shinfo->destructor_arg is referenced once per skb data (clones share it
 * through dataref) and completed when the last data reference goes.
 * ops->complete drops one reference; the owner reports at zero.
 */
#include "skb_priv.h"

void net_zcopy_put(struct ubuf_info *uarg)
{
	if (uarg != NULL)
		uarg->ops->complete(NULL, uarg, true);
}

void skb_zcopy_set(struct sk_buff *skb, struct ubuf_info *uarg, bool *have_ref)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (uarg == NULL || skb_zcopy(skb) != NULL)
		return;
	if (have_ref != NULL && *have_ref)
		*have_ref = false;
	else
		net_zcopy_get(uarg);
	shinfo->destructor_arg = uarg;
	shinfo->flags |= uarg->flags | SKBFL_ZEROCOPY_ENABLE;
}

void skb_zcopy_clear(struct sk_buff *skb, bool zerocopy_success)
{
	struct ubuf_info *uarg = skb_zcopy(skb);

	if (uarg == NULL)
		return;
	skb_shinfo(skb)->flags &= (__u8)~(SKBFL_ZEROCOPY_FRAG | SKBFL_PURE_ZEROCOPY |
					  SKBFL_DONT_ORPHAN | SKBFL_MANAGED_FRAG_REFS);
	skb_shinfo(skb)->destructor_arg = NULL;
	uarg->ops->complete(skb, uarg, zerocopy_success);
}
