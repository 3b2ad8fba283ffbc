/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The kernel's skb allocation and free family beyond skbuff.h: free with a
 * drop reason (dropreason.h), the dev_ free variants of drivers, RX skbs
 * with IP alignment, pages and page frags for RX buffers, and paged skbs.
 *
 * dev_kfree_skb_irq() and dev_consume_skb_irq() free at once: user space has
 * no hard-IRQ context to defer out of, so the kernel's completion queue is
 * not needed. Page frags (napi_alloc_frag(), netdev_alloc_frag()) hold one
 * reference on their page each; skb_free_frag() or an skb built around the
 * frag (build_skb()) drops it.
 *
 * @code
 *	void *buf = netdev_alloc_frag(SKB_HEAD_ALIGN(1500 + NET_SKB_PAD));
 *	struct sk_buff *skb = build_skb(buf, SKB_HEAD_ALIGN(1500 + NET_SKB_PAD));
 *	...
 *	if (bad)
 *		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_HDR);
 *	else
 *		dev_consume_skb_any(skb);
 * @endcode
 */
#ifndef NETMEM_SKB_ALLOC_H
#define NETMEM_SKB_ALLOC_H

#include <netmem/api.h>
#include <netmem/dropreason.h>
#include <netmem/netmem.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Out of line: reports an skb freed with @p users <= 0 (a double free).
 * @param skb the skb being freed.
 * @param users its reference count as found (<= 0).
 */
NM_API void nm_skb_unref_misuse(struct sk_buff *skb, int users);

/**
 * Drops one reference on @p skb unless it is the last: true when the caller
 * held the last one and must free the skb, false otherwise (and for NULL).
 * A reference count already at 0 is a double free: reported, false.
 * @param skb the packet whose users count drops, or NULL.
 * @return true when the caller must free @p skb now.
 */
static inline bool skb_unref(struct sk_buff *skb)
{
	int users;

	if (unlikely(skb == NULL))
		return false;
	users = __atomic_load_n(&skb->users, __ATOMIC_ACQUIRE);
	if (likely(users == 1))
		return true;
	if (unlikely(users <= 0)) {
		nm_skb_unref_misuse(skb, users);
		return false;
	}
	return __atomic_sub_fetch(&skb->users, 1, __ATOMIC_ACQ_REL) == 0;
}

/**
 * Drops a reference on @p skb; the last one frees it as a drop for
 * @p reason (counted, nm_skb_drop_reason_count()). SKB_CONSUMED is
 * consume_skb(). kfree_skb(skb) is kfree_skb_reason(skb,
 * SKB_DROP_REASON_NOT_SPECIFIED).
 * @param skb an skb, or NULL (nothing happens).
 * @param reason why it is dropped.
 */
NM_API void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason);

/**
 * The kernel's sk_skb_reason_drop(): @p sk is unused (no sockets).
 * @param sk the socket (unused).
 * @param skb the packet to drop, or NULL.
 * @param reason why it is dropped.
 */
static inline void sk_skb_reason_drop(void *sk, struct sk_buff *skb,
				      enum skb_drop_reason reason)
{
	(void)sk;
	kfree_skb_reason(skb, reason);
}

/**
 * kfree_skb_reason() of every skb of a ->next list.
 * @param segs first skb of a list linked by skb->next, or NULL.
 * @param reason why they are dropped.
 */
NM_API void kfree_skb_list_reason(struct sk_buff *segs, enum skb_drop_reason reason);

/**
 * A driver's free of an skb it transmitted: consume_skb().
 * @param a the transmitted skb, or NULL.
 */
#define dev_kfree_skb(a)	consume_skb(a)

/**
 * Frees from any context with @p reason (SKB_CONSUMED: not a drop).
 * @param skb the packet to free, or NULL.
 * @param reason why it is freed.
 */
NM_API void dev_kfree_skb_any_reason(struct sk_buff *skb, enum skb_drop_reason reason);

/**
 * Frees "from hard IRQ" with @p reason: at once (see the file comment).
 * @param skb the packet to free, or NULL.
 * @param reason why it is freed.
 */
NM_API void dev_kfree_skb_irq_reason(struct sk_buff *skb, enum skb_drop_reason reason);

/**
 * A drop from hard-IRQ context.
 * @param skb the packet to drop, or NULL.
 */
static inline void dev_kfree_skb_irq(struct sk_buff *skb)
{
	dev_kfree_skb_irq_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
}

/**
 * A consume from hard-IRQ context.
 * @param skb the packet to consume, or NULL.
 */
static inline void dev_consume_skb_irq(struct sk_buff *skb)
{
	dev_kfree_skb_irq_reason(skb, SKB_CONSUMED);
}

/**
 * A consume from any context.
 * @param skb the packet to consume, or NULL.
 */
static inline void dev_consume_skb_any(struct sk_buff *skb)
{
	dev_kfree_skb_any_reason(skb, SKB_CONSUMED);
}

/** __netdev_alloc_skb() of @p length + NET_IP_ALIGN bytes, NET_IP_ALIGN
 *  more reserved so that the IP header lands aligned.
 * @param dev the device (unused).
 * @param length bytes of data room wanted after the reserved headroom.
 * @param gfp allocation flags.
 * @return a new skb (the caller frees it), or NULL when out of memory.
 */
static inline struct sk_buff *__netdev_alloc_skb_ip_align(void *dev, unsigned int length,
							  gfp_t gfp)
{
	struct sk_buff *skb = __netdev_alloc_skb(dev, length + NET_IP_ALIGN, gfp);

	if (NET_IP_ALIGN && skb != NULL)
		skb_reserve(skb, NET_IP_ALIGN);
	return skb;
}

/**
 * __netdev_alloc_skb_ip_align() with GFP_ATOMIC.
 * @param dev the device (unused).
 * @param length bytes of data room wanted.
 * @return a new skb, or NULL.
 */
static inline struct sk_buff *netdev_alloc_skb_ip_align(void *dev, unsigned int length)
{
	return __netdev_alloc_skb_ip_align(dev, length, GFP_ATOMIC);
}

/**
 * Pages of 2^@p order for an RX buffer; NULL when none is left.
 * @param gfp allocation flags.
 * @param order log2 of the PAGE_SIZE pages.
 * @return a page with one reference, or NULL.
 */
static inline struct page *__dev_alloc_pages(gfp_t gfp, unsigned int order)
{
	return alloc_pages(gfp | __GFP_NOWARN, order);
}

/**
 * Pages of @p order for a receive buffer (GFP_ATOMIC).
 * @param order log2 of the PAGE_SIZE pages.
 * @return a page with one reference, or NULL.
 */
static inline struct page *dev_alloc_pages(unsigned int order)
{
	return __dev_alloc_pages(GFP_ATOMIC | __GFP_NOWARN, order);
}

/**
 * One page for a receive buffer.
 * @param gfp allocation flags.
 * @return a PAGE_SIZE page with one reference, or NULL.
 */
static inline struct page *__dev_alloc_page(gfp_t gfp)
{
	return __dev_alloc_pages(gfp, 0);
}

/**
 * One page for an RX buffer; NULL when none is left.
 * @return a PAGE_SIZE page with one reference, or NULL.
 */
static inline struct page *dev_alloc_page(void)
{
	return dev_alloc_pages(0);
}

/**
 * A piece of a page of SKB_DATA_ALIGN(@p fragsz) bytes (up to 32 KiB), its
 * address a multiple of -@p align_mask + 1 (a mask, ~0U: no alignment),
 * holding one page reference; pieces are cut from the page's start upwards.
 * NULL when @p fragsz is 0 or too large or memory runs out. NAPI flavour:
 * the calling lcore's cache.
 * @param fragsz bytes wanted, 1..32768.
 * @param align_mask ~(alignment - 1), or ~0U for none.
 * @return the buffer, freed with skb_free_frag() (or by build_skb() on it), or
 *   NULL.
 */
NM_API void *__napi_alloc_frag_align(unsigned int fragsz, unsigned int align_mask);

/**
 * As __napi_alloc_frag_align(); any context (shared cache off EAL lcores).
 * @param fragsz bytes wanted, 1..32768.
 * @param align_mask ~(alignment - 1), or ~0U for none.
 * @return the buffer, freed with skb_free_frag(), or NULL.
 */
NM_API void *__netdev_alloc_frag_align(unsigned int fragsz, unsigned int align_mask);

/**
 * A @p fragsz byte buffer from the NAPI frag cache.
 * @param fragsz bytes wanted.
 * @return the buffer, freed with skb_free_frag(), or NULL.
 */
static inline void *napi_alloc_frag(unsigned int fragsz)
{
	return __napi_alloc_frag_align(fragsz, ~0U);
}

/**
 * napi_alloc_frag() aligned to @p align, a power of 2 (else a warning).
 * @param fragsz bytes wanted.
 * @param align alignment, a power of 2.
 * @return the buffer, freed with skb_free_frag(), or NULL.
 */
static inline void *napi_alloc_frag_align(unsigned int fragsz, unsigned int align)
{
	if (align == 0 || (align & (align - 1)) != 0)
		nm_warn("napi_alloc_frag_align: align %u is no power of 2", align);
	return __napi_alloc_frag_align(fragsz, -align);
}

/**
 * A @p fragsz byte buffer from the frag cache.
 * @param fragsz bytes wanted.
 * @return the buffer, freed with skb_free_frag(), or NULL.
 */
static inline void *netdev_alloc_frag(unsigned int fragsz)
{
	return __netdev_alloc_frag_align(fragsz, ~0U);
}

/**
 * netdev_alloc_frag() aligned to @p align, a power of 2 (else a warning).
 * @param fragsz bytes wanted.
 * @param align alignment, a power of 2.
 * @return the buffer, freed with skb_free_frag(), or NULL.
 */
static inline void *netdev_alloc_frag_align(unsigned int fragsz, unsigned int align)
{
	if (align == 0 || (align & (align - 1)) != 0)
		nm_warn("netdev_alloc_frag_align: align %u is no power of 2", align);
	return __netdev_alloc_frag_align(fragsz, -align);
}

/** Drops the page reference a frag of napi/netdev_alloc_frag() (or any
 *  address in a libnetmem page) holds; page_pool memory goes back to it.
 * @param addr an address inside the frag.
 */
NM_API void skb_free_frag(void *addr);

/**
 * An skb of @p header_len linear bytes (no headroom) with page frags for
 * @p data_len bytes, pages of order @p order or less (the largest the rest
 * still fills, lower when none is left), each frag from offset 0, truesize
 * counting whole pages. skb->len and data_len stay those of the head (the
 * caller adds the frags' bytes, as in the kernel). NULL with *@p errcode
 * -EMSGSIZE when @p data_len needs more than MAX_SKB_FRAGS pages of that
 * order, -ENOBUFS when memory runs out. Orders above NM_MAX_PAGE_ORDER
 * allocate pages of NM_MAX_PAGE_ORDER.
 * @param header_len bytes of the linear part.
 * @param data_len bytes of frags.
 * @param order largest page order to use.
 * @param errcode set to the negative errno on failure.
 * @param gfp allocation flags.
 * @return the skb (the caller frees it), or NULL.
 */
NM_API struct sk_buff *alloc_skb_with_frags(unsigned long header_len, unsigned long data_len,
					    int order, int *errcode, gfp_t gfp);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_ALLOC_H */
