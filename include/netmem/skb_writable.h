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
 * @param skb the caller's reference.
 * @param pri allocation flags of the clone.
 * @return @p skb itself when not shared, else the clone; NULL on failure.
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

/**
 * Gives a cloned skb private data (pskb_expand_head); 0 or -ENOMEM.
 * @param skb the packet whose data is made private when cloned.
 * @param pri allocation flags.
 * @return 0 (also when not cloned), or -ENOMEM.
 */
static inline int skb_unclone(struct sk_buff *skb, gfp_t pri)
{
	if (skb_cloned(skb))
		return pskb_expand_head(skb, 0, 0, pri);
	return 0;
}

/**
 * skb_unclone() when the header part is shared; 0 or -ENOMEM.
 * @param skb the packet whose header part is made private when shared.
 * @param pri allocation flags.
 * @return 0, or -ENOMEM.
 */
static inline int skb_header_unclone(struct sk_buff *skb, gfp_t pri)
{
	if (skb_header_cloned(skb))
		return pskb_expand_head(skb, 0, 0, pri);
	return 0;
}

/** True when the first @p len bytes of a clone may be written in place
 *  (its clone only reads the payload beyond hdr_len).
 * @param skb the cloned packet.
 * @param len bytes from skb->data to be written.
 * @return true when they lie within the clone's private header part.
 */
static inline bool skb_clone_writable(const struct sk_buff *skb, unsigned int len)
{
	return !skb_header_cloned(skb) && skb_headroom(skb) + len <= skb->hdr_len;
}

/** Makes the first @p write_len bytes writable when the data is shared;
 *  nonzero when that failed.
 * @param skb the packet whose head may be reallocated.
 * @param write_len bytes from skb->data to be written.
 * @return 0 when writable, non-zero when making them so failed.
 */
static inline int skb_try_make_writable(struct sk_buff *skb, unsigned int write_len)
{
	return skb_cloned(skb) && !skb_clone_writable(skb, write_len) &&
	       pskb_expand_head(skb, 0, 0, GFP_ATOMIC);
}

/**
 * Makes the first @p write_len bytes linear and private; 0 or -ENOMEM.
 * @param skb the packet; its head may be reallocated.
 * @param write_len bytes from skb->data to be written.
 * @return 0, or -ENOMEM (also when the skb is shorter than @p write_len).
 */
NM_API int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len);

/**
 * Copies @p old's header fields and GSO state into @p to (data untouched).
 * @param to the destination packet.
 * @param old the source packet.
 */
NM_API void skb_copy_header(struct sk_buff *to, const struct sk_buff *old);

/**
 * A private linear copy of @p skb with @p newheadroom bytes of headroom
 * (as much of the old headroom copied as fits) and @p newtailroom of
 * tailroom; NULL when out of memory or some byte is unreadable.
 * @param skb the packet, read only.
 * @param newheadroom headroom of the copy.
 * @param newtailroom tailroom of the copy.
 * @param gfp allocation flags.
 * @return the copy (the caller frees it), or NULL.
 */
NM_API struct sk_buff *skb_copy_expand(const struct sk_buff *skb, int newheadroom,
				       int newtailroom, gfp_t gfp);

/**
 * A copy of @p skb (its head private, frags shared) with at least
 * @p headroom bytes of headroom; @p skb is left as it is. NULL on failure.
 * @param skb the packet, left as it is.
 * @param headroom the minimum headroom.
 * @return the copy (the caller frees it and still owns @p skb), or NULL.
 */
NM_API struct sk_buff *skb_realloc_headroom(struct sk_buff *skb, unsigned int headroom);

/**
 * Grows the headroom of @p skb to @p headroom bytes: the kernel clones the
 * skb first (no socket owns it here, so always) and expands the clone; the
 * result replaces @p skb. NULL (and @p skb freed) on failure; @p skb itself
 * when the headroom is there already (a warning).
 * @param skb the packet; consumed.
 * @param headroom the minimum headroom.
 * @return the skb to use from now on, or NULL.
 */
NM_API struct sk_buff *skb_expand_head(struct sk_buff *skb, unsigned int headroom);

/**
 * Detaches @p skb from its owner: runs and clears its destructor.
 * @param skb the packet whose destructor runs and whose sk is cleared.
 */
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
 * @param skb the zero-copy packet whose frags are replaced by copies.
 * @param gfp allocation flags.
 * @return 0 or a negative errno.
 */
NM_API int skb_copy_ubufs(struct sk_buff *skb, gfp_t gfp);

/** Makes @p skb stop referring to user memory unless its ubuf_info says
 *  SKBFL_DONT_ORPHAN; 0 or skb_copy_ubufs()'s error.
 * @param skb the packet that may refer to user memory.
 * @param gfp allocation flags.
 * @return 0 or a negative errno.
 */
static inline int skb_orphan_frags(struct sk_buff *skb, gfp_t gfp)
{
	if (likely(!skb_zcopy(skb)))
		return 0;
	if (skb_shinfo(skb)->flags & SKBFL_DONT_ORPHAN)
		return 0;
	return skb_copy_ubufs(skb, gfp);
}

/**
 * skb_orphan_frags() for an skb going up a receive path: always copies.
 * @param skb the packet that may refer to user memory.
 * @param gfp allocation flags.
 * @return 0 or a negative errno.
 */
static inline int skb_orphan_frags_rx(struct sk_buff *skb, gfp_t gfp)
{
	if (likely(!skb_zcopy(skb)))
		return 0;
	return skb_copy_ubufs(skb, gfp);
}

/**
 * Releases @p dst's data and makes it a clone of @p src; returns @p dst.
 * @param dst the skb struct to reuse; its data reference is dropped.
 * @param src the packet whose data @p dst now shares.
 * @return @p dst.
 */
NM_API struct sk_buff *skb_morph(struct sk_buff *dst, struct sk_buff *src);

/**
 * Replaces *@p pskb with a copy whose every byte is in @p pool's memory:
 * a head page with @p headroom bytes of headroom and up to
 * SKB_WITH_OVERHEAD(PAGE_SIZE - headroom) bytes, the rest in page frags of
 * the pool; marked for recycling. The old skb is consumed. 0, -EOPNOTSUPP
 * (frag_list), -ENOMEM, or skb_copy_bits()' error (the old skb kept).
 * @param pool the page_pool to copy into.
 * @param pskb the packet; replaced by the copy on success.
 * @param headroom headroom of the copy's head.
 * @return 0 or a negative errno.
 */
NM_API int skb_pp_cow_data(struct page_pool *pool, struct sk_buff **pskb,
			   unsigned int headroom);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_WRITABLE_H */
