/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Sharing and headroom, the kernel's way (linux/skbuff.h, net/core/skbuff.c):
 * getting a private skb struct (skb_share_check), private data
 * (skb_unclone, skb_header_unclone), bytes that may be written
 * (skb_ensure_writable, skb_clone_writable, skb_try_make_writable), more
 * headroom (skb_copy_expand, skb_realloc_headroom, skb_expand_head),
 * detaching an skb from its owner (skb_orphan) and from user memory
 * (skb_orphan_frags: zero-copy frags copied into pages of the library's
 * own), turning an skb into a clone of another (skb_morph) and a copy of a
 * whole skb into page_pool memory (skb_pp_cow_data, as XDP generic does).
 *
 * @code
 *	skb = skb_share_check(skb, GFP_ATOMIC);	// private struct (or NULL)
 *	if (!skb)
 *		return;
 *	if (skb_ensure_writable(skb, ETH_HLEN + sizeof(struct iphdr)))
 *		goto drop;			// bytes [0, 34) are now ours
 *	...
 *	skb = skb_expand_head(skb, 64);		// may be a new struct
 * @endcode
 */
#ifndef NETMEM_SKB_WRITABLE_H
#define NETMEM_SKB_WRITABLE_H

#include <netmem/api.h>
#include <netmem/page_pool/types.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * When @p skb has other users, a clone replaces it (the caller's reference
 * on @p skb is dropped); NULL when the clone failed (@p skb dropped too).
 */
static inline struct sk_buff *skb_share_check(struct sk_buff *skb, gfp_t pri)
{
	if (skb_shared(skb)) {
		struct sk_buff *nskb = skb_clone(skb, pri);

		if (likely(nskb != NULL))
			consume_skb(skb);
		else
			kfree_skb(skb);
		skb = nskb;
	}
	return skb;
}

/** Gives a cloned skb private data (pskb_expand_head); 0 or -ENOMEM. */
static inline int skb_unclone(struct sk_buff *skb, gfp_t pri)
{
	if (skb_cloned(skb))
		return pskb_expand_head(skb, 0, 0, pri);
	return 0;
}

/** skb_unclone() when the header part is shared; 0 or -ENOMEM. */
static inline int skb_header_unclone(struct sk_buff *skb, gfp_t pri)
{
	if (skb_header_cloned(skb))
		return pskb_expand_head(skb, 0, 0, pri);
	return 0;
}

/** True when the first @p len bytes of a clone may be written in place
 *  (its clone only reads the payload beyond hdr_len). */
static inline bool skb_clone_writable(const struct sk_buff *skb, unsigned int len)
{
	return !skb_header_cloned(skb) && skb_headroom(skb) + len <= skb->hdr_len;
}

/** Makes the first @p write_len bytes writable when the data is shared;
 *  nonzero when that failed. */
static inline int skb_try_make_writable(struct sk_buff *skb, unsigned int write_len)
{
	return skb_cloned(skb) && !skb_clone_writable(skb, write_len) &&
	       pskb_expand_head(skb, 0, 0, GFP_ATOMIC);
}

/** Makes the first @p write_len bytes linear and private; 0 or -ENOMEM. */
NM_API int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len);

/** Copies @p old's header fields and GSO state into @p to (data untouched). */
NM_API void skb_copy_header(struct sk_buff *to, const struct sk_buff *old);

/**
 * A private linear copy of @p skb with @p newheadroom bytes of headroom
 * (as much of the old headroom copied as fits) and @p newtailroom of
 * tailroom; NULL when out of memory or some byte is unreadable.
 */
NM_API struct sk_buff *skb_copy_expand(const struct sk_buff *skb, int newheadroom,
				       int newtailroom, gfp_t gfp);

/**
 * A copy of @p skb (its head private, frags shared) with at least
 * @p headroom bytes of headroom; @p skb is left as it is. NULL on failure.
 */
NM_API struct sk_buff *skb_realloc_headroom(struct sk_buff *skb, unsigned int headroom);

/**
 * Grows the headroom of @p skb to @p headroom bytes: the kernel clones the
 * skb first (no socket owns it here, so always) and expands the clone; the
 * result replaces @p skb. NULL (and @p skb freed) on failure; @p skb itself
 * when the headroom is there already (a warning).
 */
NM_API struct sk_buff *skb_expand_head(struct sk_buff *skb, unsigned int headroom);

/** Detaches @p skb from its owner: runs and clears its destructor. */
static inline void skb_orphan(struct sk_buff *skb)
{
	if (skb->destructor != NULL) {
		skb->destructor(skb);
		skb->destructor = NULL;
	}
}

/**
 * Copies the frags of a zero-copy skb into pages of its own and reports the
 * zero-copy completion (as copied); 0, -EINVAL (shared skb, or cloned and
 * out of memory), -EFAULT (unreadable frags), -ENOMEM.
 */
NM_API int skb_copy_ubufs(struct sk_buff *skb, gfp_t gfp);

/** Makes @p skb stop referring to user memory unless its ubuf_info says
 *  SKBFL_DONT_ORPHAN; 0 or skb_copy_ubufs()'s error. */
static inline int skb_orphan_frags(struct sk_buff *skb, gfp_t gfp)
{
	if (likely(!skb_zcopy(skb)))
		return 0;
	if (skb_shinfo(skb)->flags & SKBFL_DONT_ORPHAN)
		return 0;
	return skb_copy_ubufs(skb, gfp);
}

/** skb_orphan_frags() for an skb going up a receive path: always copies. */
static inline int skb_orphan_frags_rx(struct sk_buff *skb, gfp_t gfp)
{
	if (likely(!skb_zcopy(skb)))
		return 0;
	return skb_copy_ubufs(skb, gfp);
}

/** Releases @p dst's data and makes it a clone of @p src; returns @p dst. */
NM_API struct sk_buff *skb_morph(struct sk_buff *dst, struct sk_buff *src);

/**
 * Replaces *@p pskb with a copy whose every byte is in @p pool's memory:
 * a head page with @p headroom bytes of headroom and up to
 * SKB_WITH_OVERHEAD(PAGE_SIZE - headroom) bytes, the rest in page frags of
 * the pool; marked for recycling. The old skb is consumed. 0, -EOPNOTSUPP
 * (frag_list), -ENOMEM, or skb_copy_bits()' error (the old skb kept).
 */
NM_API int skb_pp_cow_data(struct page_pool *pool, struct sk_buff **pskb,
			   unsigned int headroom);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_WRITABLE_H */
