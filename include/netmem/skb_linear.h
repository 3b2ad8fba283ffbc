/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The kernel's linear-data helpers beyond skbuff.h (linux/skbuff.h): size
 * macros of a head (SKB_HEAD_ALIGN, SKB_WITH_OVERHEAD, SKB_TRUESIZE),
 * padding (skb_pad, skb_padto, skb_put_padto: zeroes after the data, the
 * put_ ones adding them to the length), copies to and from the linear part,
 * unchecked puts, pulls that give back where the pulled bytes are, the
 * may_pull family with a drop reason, linearizing, and a trim that keeps
 * CHECKSUM_COMPLETE right.
 *
 * @code
 *	if (skb_put_padto(skb, ETH_ZLEN))
 *		return NETDEV_TX_OK;	// freed, as in the kernel
 *	reason = pskb_may_pull_reason(skb, sizeof(struct iphdr));
 *	if (reason != SKB_NOT_DROPPED_YET)
 *		goto drop;
 *	iph = skb_pull_data(skb, sizeof(*iph));
 * @endcode
 */
#ifndef NETMEM_SKB_LINEAR_H
#define NETMEM_SKB_LINEAR_H

#include <errno.h>
#include <string.h>

#include <netmem/api.h>
#include <netmem/dropreason.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- sizes -------------------------------------------------------------- */

/**
 * Bytes a head of @p X data bytes takes with its shared info.
 * @param X data bytes.
 * @return the head size in bytes.
 */
#define SKB_HEAD_ALIGN(X)	(SKB_DATA_ALIGN(X) + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/**
 * Data bytes of a buffer of @p X bytes once the shared info is in.
 * @param X buffer bytes.
 * @return the data bytes left.
 */
#define SKB_WITH_OVERHEAD(X)	((X) - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
/**
 * Memory an skb with @p X data bytes accounts for.
 * @param X data bytes.
 * @return the truesize in bytes (data, shared info, struct sk_buff).
 */
#define SKB_TRUESIZE(X)		((X) + SKB_DATA_ALIGN(sizeof(struct sk_buff)) + \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/**
 * The largest order of a head alloc_skb() makes from pages.
 * @param X bytes reserved in the buffer.
 * @param ORDER page order.
 * @return the largest data size of a head of pages of @p ORDER.
 */
#define SKB_MAX_ORDER(X, ORDER)	SKB_WITH_OVERHEAD((PAGE_SIZE << (ORDER)) - (X))
/**
 * Largest data of a head in one order-0 page with @p X bytes reserved.
 * @param X bytes reserved in the page.
 * @return the largest data size.
 */
#define SKB_MAX_HEAD(X)		(SKB_MAX_ORDER((X), 0))

/* ---- padding ------------------------------------------------------------ */

/**
 * Zeroes @p pad bytes after the data, making room (and the skb linear)
 * when needed; skb->len does not change. On error (-ENOMEM, -EIO) the skb
 * is freed when @p free_on_error.
 * @param skb the packet to pad; its head may be reallocated.
 * @param pad bytes to zero after the data.
 * @param free_on_error true to free @p skb when failing.
 * @return 0, or -ENOMEM / -EIO.
 */
NM_API int __skb_pad(struct sk_buff *skb, int pad, bool free_on_error);

/**
 * __skb_pad() that frees the skb on error.
 * @param skb the packet; freed on error.
 * @param pad bytes to zero after the data.
 * @return 0, or a negative errno with @p skb freed.
 */
static inline int skb_pad(struct sk_buff *skb, int pad)
{
	return __skb_pad(skb, pad, true);
}

/** Zeroes the bytes from the data's end up to @p len (no length change);
 *  0, or an error with the skb freed.
 * @param skb the packet; freed on error.
 * @param len the minimum length the zeroed bytes reach.
 * @return 0, or a negative errno with @p skb freed.
 */
static inline int skb_padto(struct sk_buff *skb, unsigned int len)
{
	unsigned int size = skb->len;

	if (likely(size >= len))
		return 0;
	return skb_pad(skb, (int)(len - size));
}

/** Pads with zeroes to @p len bytes, in the length; -ENOMEM on error
 *  (the skb freed when @p free_on_error).
 * @param skb the packet to pad; its head may be reallocated.
 * @param len the minimum length after padding.
 * @param free_on_error true to free @p skb when failing.
 * @return 0 (skb->len >= @p len), or -ENOMEM.
 */
static inline int __skb_put_padto(struct sk_buff *skb, unsigned int len, bool free_on_error)
{
	unsigned int size = skb->len;

	if (unlikely(size < len)) {
		len -= size;
		if (__skb_pad(skb, (int)len, free_on_error))
			return -ENOMEM;
		__skb_put(skb, len);
	}
	return 0;
}

/** Pads with zeroes to @p len bytes, in the length; on error the skb is
 *  freed and -ENOMEM returned.
 * @param skb the packet; freed on error.
 * @param len the minimum length after padding.
 * @return 0, or -ENOMEM with @p skb freed.
 */
static inline int skb_put_padto(struct sk_buff *skb, unsigned int len)
{
	return __skb_put_padto(skb, len, true);
}

/* ---- copies to and from the linear part --------------------------------- */

/**
 * Copies @p len bytes from the start of the data to @p to.
 * @param skb the packet, @p len linear bytes.
 * @param to the destination.
 * @param len bytes to copy.
 */
static inline void skb_copy_from_linear_data(const struct sk_buff *skb, void *to,
					     const unsigned int len)
{
	memcpy(to, skb->data, len);
}

/**
 * Copies @p len bytes from data + @p offset to @p to.
 * @param skb the packet read.
 * @param offset offset from skb->data; the range must be linear.
 * @param to the destination.
 * @param len bytes to copy.
 */
static inline void skb_copy_from_linear_data_offset(const struct sk_buff *skb,
						    const int offset, void *to,
						    const unsigned int len)
{
	memcpy(to, skb->data + offset, len);
}

/**
 * Copies @p len bytes from @p from to the start of the data.
 * @param skb the packet, @p len linear bytes.
 * @param from the source.
 * @param len bytes to copy.
 */
static inline void skb_copy_to_linear_data(struct sk_buff *skb, const void *from,
					   const unsigned int len)
{
	memcpy(skb->data, from, len);
}

/**
 * Copies @p len bytes from @p from to data + @p offset.
 * @param skb the packet written; the bytes must be writable.
 * @param offset offset from skb->data; the range must be linear.
 * @param from the source.
 * @param len bytes to copy.
 */
static inline void skb_copy_to_linear_data_offset(struct sk_buff *skb, const int offset,
						  const void *from, const unsigned int len)
{
	memcpy(skb->data + offset, from, len);
}

/* ---- puts and pulls ----------------------------------------------------- */

/**
 * Unchecked skb_put_data().
 * @param skb a linear packet with @p len bytes of tailroom.
 * @param data the bytes to append.
 * @param len bytes to append.
 * @return the address of the appended bytes.
 */
static inline void *__skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *tmp = __skb_put(skb, len);

	memcpy(tmp, data, len);
	return tmp;
}

/**
 * Unchecked skb_put_zero().
 * @param skb a linear packet with @p len bytes of tailroom.
 * @param len zero bytes to append.
 * @return the address of the appended bytes.
 */
static inline void *__skb_put_zero(struct sk_buff *skb, unsigned int len)
{
	void *tmp = __skb_put(skb, len);

	memset(tmp, 0, len);
	return tmp;
}

/**
 * Unchecked one-byte put.
 * @param skb a linear packet with a byte of tailroom.
 * @param val the byte.
 */
static inline void __skb_put_u8(struct sk_buff *skb, __u8 val)
{
	*(__u8 *)__skb_put(skb, 1) = val;
}

/**
 * Appends the byte @p val (skb_put()'s checks).
 * @param skb a linear packet.
 * @param val the byte.
 */
static inline void skb_put_u8(struct sk_buff *skb, __u8 val)
{
	__u8 *p = (__u8 *)skb_put(skb, 1);

	if (p != NULL)
		*p = val;
}

/**
 * Out of line: an skb_pull past the linear part (a kernel BUG).
 * @param skb the packet the pull was asked of.
 * @param len bytes the caller tried to pull.
 */
NM_API void nm_skb_pull_bug(struct sk_buff *skb, unsigned int len);

/**
 * The kernel's skb_pull_inline(): NULL when @p len > skb->len; pulling past
 * the linear part is the kernel's BUG (nm_bug(): abort, or NULL in count
 * mode); else the new data pointer.
 * @param skb the packet pulled.
 * @param len bytes to pull.
 * @return the new skb->data, or NULL.
 */
static inline void *skb_pull_inline(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb->len))
		return NULL;
	if (unlikely(len > skb_headlen(skb))) {
		nm_skb_pull_bug(skb, len);
		return NULL;
	}
	return __skb_pull(skb, len);
}

/** Pulls @p len bytes; returns where they were (the old data), or NULL
 *  when the skb has fewer bytes.
 * @param skb the packet, @p len linear bytes.
 * @param len bytes to pull.
 * @return the old skb->data, or NULL (nothing pulled).
 */
static inline void *skb_pull_data(struct sk_buff *skb, size_t len)
{
	void *data = skb->data;

	if (skb->len < len)
		return NULL;
	if (skb_pull_inline(skb, (unsigned int)len) == NULL)
		return NULL;
	return data;
}

/**
 * pskb_may_pull() telling why not: SKB_NOT_DROPPED_YET when the first
 * @p len bytes are (made) linear, SKB_DROP_REASON_PKT_TOO_SMALL when the
 * skb is shorter, SKB_DROP_REASON_NOMEM when pulling failed.
 * @param skb the packet; its head may be reallocated.
 * @param len bytes wanted in the linear part.
 * @return SKB_NOT_DROPPED_YET or the drop reason.
 */
static inline enum skb_drop_reason pskb_may_pull_reason(struct sk_buff *skb, unsigned int len)
{
	if (likely(len <= skb_headlen(skb)))
		return SKB_NOT_DROPPED_YET;
	if (unlikely(len > skb->len))
		return SKB_DROP_REASON_PKT_TOO_SMALL;
	if (unlikely(__pskb_pull_tail(skb, (int)(len - skb_headlen(skb))) == NULL))
		return SKB_DROP_REASON_NOMEM;
	return SKB_NOT_DROPPED_YET;
}

/**
 * pskb_may_pull() of @p len bytes from the network header on.
 * @param skb the packet, network header set.
 * @param len bytes wanted from the network header.
 * @return true when they are linear now.
 */
static inline bool pskb_network_may_pull(struct sk_buff *skb, unsigned int len)
{
	return pskb_may_pull(skb, (unsigned int)skb_network_offset(skb) + len);
}

/**
 * pskb_may_pull_reason() of @p len bytes from the network header on.
 * @param skb the packet, network header set.
 * @param len bytes wanted from the network header.
 * @return SKB_NOT_DROPPED_YET or the drop reason.
 */
static inline enum skb_drop_reason pskb_network_may_pull_reason(struct sk_buff *skb,
								unsigned int len)
{
	return pskb_may_pull_reason(skb, (unsigned int)skb_network_offset(skb) + len);
}

/* ---- lengths and linearizing -------------------------------------------- */

/**
 * Bytes in the paged frags (not the frag_list).
 * @param skb the packet whose frags are summed.
 * @return the sum of its frags' sizes.
 */
static inline unsigned int __skb_pagelen(const struct sk_buff *skb)
{
	unsigned int len = 0;

	for (int i = skb_shinfo(skb)->nr_frags - 1; i >= 0; i--)
		len += skb_frag_size(&skb_shinfo(skb)->frags[i]);
	return len;
}

/**
 * Bytes in the linear part and the paged frags (not the frag_list).
 * @param skb the packet whose linear part and frags are summed.
 * @return skb_headlen() plus the frags' bytes.
 */
static inline unsigned int skb_pagelen(const struct sk_buff *skb)
{
	return skb_headlen(skb) + __skb_pagelen(skb);
}

/**
 * Pulls every paged byte into the head; 0 or -ENOMEM.
 * @param skb the packet; its head is reallocated.
 * @return 0, or -ENOMEM with @p skb unchanged.
 */
static inline int __skb_linearize(struct sk_buff *skb)
{
	return __pskb_pull_tail(skb, (int)skb->data_len) ? 0 : -ENOMEM;
}

/**
 * Makes the skb linear and its head private; 0 or -ENOMEM.
 * @param skb the packet made linear and private; its head may be reallocated.
 * @return 0, or -ENOMEM with @p skb unchanged.
 */
static inline int skb_linearize_cow(struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) || skb_cloned(skb) ? __skb_linearize(skb) : 0;
}

/**
 * True when a device with @p features cannot take @p skb as it is.
 * @param skb the packet to send.
 * @param features the device's features.
 * @return true for a paged skb without NETIF_F_SG, or with a frag_list without
 *   NETIF_F_FRAGLIST.
 */
static inline bool skb_needs_linearize(const struct sk_buff *skb, netdev_features_t features)
{
	return skb_is_nonlinear(skb) &&
	       ((skb_has_frag_list(skb) && !(features & NETIF_F_FRAGLIST)) ||
		(skb_shinfo(skb)->nr_frags && !(features & NETIF_F_SG)));
}

/**
 * Slow path of pskb_trim_rcsum().
 * @param skb the packet trimmed; its checksum state is fixed.
 * @param len the new length.
 * @return 0 or a negative errno.
 */
NM_API int pskb_trim_rcsum_slow(struct sk_buff *skb, unsigned int len);

/**
 * Trims to @p len bytes keeping the checksum state right: CHECKSUM_COMPLETE
 * has the trimmed bytes' sum taken out of skb->csum (with unreadable frags:
 * -EFAULT when some stay, else CHECKSUM_NONE); CHECKSUM_PARTIAL whose
 * checksum field would be cut is -EINVAL. 0 or -errno.
 * @param skb the packet trimmed; its checksum state is fixed.
 * @param len the new length; nothing happens when it is not shorter.
 * @return 0, or -EFAULT / -EINVAL / -ENOMEM.
 */
static inline int pskb_trim_rcsum(struct sk_buff *skb, unsigned int len)
{
	if (likely(len >= skb->len))
		return 0;
	return pskb_trim_rcsum_slow(skb, len);
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_LINEAR_H */
