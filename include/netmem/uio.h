/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * iov_iter and msghdr with the kernel's semantics (linux/uio.h,
 * lib/iov_iter.c, linux/socket.h).
 *
 * An iov_iter walks an array of segments as one byte stream: it remembers
 * the current segment, the offset in it (iov_offset), the segments left
 * (nr_segs) and the bytes left (count). copy_to_iter() fills it (a
 * destination, ITER_DEST), copy_from_iter() drains it (a source,
 * ITER_SOURCE); both advance it by what they copied. iov_iter_revert()
 * steps back over bytes already consumed.
 *
 * Kinds: ITER_IOVEC (struct iovec array: "user" memory), ITER_KVEC (struct
 * kvec array: library memory), ITER_BVEC (struct bio_vec array: pieces of
 * pages), ITER_UBUF (one buffer) and ITER_DISCARD (a sink that only
 * counts). ITER_FOLIOQ and ITER_XARRAY exist as names only.
 *
 * @code
 *	struct iovec iov[2] = { { buf1, 100 }, { buf2, 1400 } };
 *	struct nm_msghdr msg = { 0 };
 *
 *	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 2, 1500);
 *	err = skb_copy_datagram_msg(skb, 0, &msg, skb->len);  // skb_datagram.h
 * @endcode
 *
 * Differences from the kernel, deliberate:
 *  - There is no user/kernel boundary. A segment whose base is NULL (with a
 *    non-zero length) stands for an unmapped user address: a copy stops
 *    there, short, as a fault would stop the kernel's copy_to_user(). This
 *    holds for kvec segments too (the kernel would oops).
 *  - The kernel's struct msghdr is struct nm_msghdr here, because glibc's
 *    <sys/socket.h> (pulled in by DPDK) already defines struct msghdr with
 *    other fields. The kernel-style <linux/socket.h> of
 *    include/netmem/kernel/ maps the name (`#define msghdr nm_msghdr`) so
 *    kernel code compiles unchanged.
 *  - iov_iter_revert() past the start of the segment array is refused and
 *    reported (nm_warn()) instead of walking off the array.
 */
#ifndef NETMEM_UIO_H
#define NETMEM_UIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>		/* struct iovec */

#include <linux/types.h>	/* __wsum */

#include <netmem/api.h>
#include <netmem/netmem.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A segment of library memory (the kernel's struct kvec). */
struct kvec {
	void *iov_base;	/**< start of the buffer */
	size_t iov_len;	/**< its length */
};

/** A piece of a page (the kernel's struct bio_vec, linux/bvec.h). */
struct bio_vec {
	struct page *bv_page;	/**< the page */
	unsigned int bv_len;	/**< bytes */
	unsigned int bv_offset;		/**< from the page's first byte */
};

/**
 * Points @p bv at @p len bytes at @p offset of @p page.
 * @param bv the entry.
 * @param page the page; no reference is taken.
 * @param len bytes.
 * @param offset offset in the page's buffer.
 */
static inline void bvec_set_page(struct bio_vec *bv, struct page *page, unsigned int len,
				 unsigned int offset)
{
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = offset;
}

/** Kinds of iov_iter, in the kernel's order. */
enum iter_type {
	ITER_UBUF,	/**< one buffer */
	ITER_IOVEC,	/**< struct iovec array */
	ITER_BVEC,	/**< struct bio_vec array */
	ITER_KVEC,	/**< struct kvec array */
	ITER_FOLIOQ,	/**< (not supported) */
	ITER_XARRAY,	/**< (not supported) */
	ITER_DISCARD,	/**< sink: counts, copies nothing */
};

/** Direction: the iterator is a source of data (copy_from_iter()). */
#define ITER_SOURCE	1
/** Direction: the iterator is a destination (copy_to_iter()). */
#define ITER_DEST	0

#ifndef MAX_RW_COUNT
/** The largest single transfer the kernel allows (INT_MAX & PAGE_MASK). */
#define MAX_RW_COUNT	((size_t)0x7ffff000)
#endif

/** A position in an array of segments (the kernel's struct iov_iter). */
struct iov_iter {
	uint8_t iter_type;	/**< enum iter_type */
	bool nofault;	/**< never fault (not used here) */
	bool data_source;	/**< ITER_SOURCE: copy_from_iter() reads it */
	size_t iov_offset;	/**< offset in the current segment (ubuf: from ubuf) */
	union {
		/** ITER_UBUF: ubuf and count seen as one iovec. */
		struct iovec __ubuf_iovec;
		struct {
			union {
				const struct iovec *__iov;	/**< ITER_IOVEC: current segment */
				const struct kvec *kvec;	/**< ITER_KVEC: current segment */
				const struct bio_vec *bvec;	/**< ITER_BVEC: current segment */
				void *ubuf;			/**< ITER_UBUF: the buffer */
			};
			size_t count;	/**< bytes left */
		};
	};
	unsigned long nr_segs;	/**< segments left, the current one included */
	const void *nm_first;	/**< libnetmem, private: the first segment (revert bound) */
};

/**
 * Bytes left in @p i.
 * @param i the iterator whose remaining count is read.
 * @return bytes left.
 */
static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/**
 * The type of @p i (ITER_UBUF, ITER_IOVEC, ...).
 * @param i the iterator whose type is read.
 * @return its iter_type.
 */
static inline enum iter_type iov_iter_type(const struct iov_iter *i)
{
	return (enum iter_type)i->iter_type;
}

/**
 * True for an ITER_UBUF iterator.
 * @param i the iterator whose type is tested.
 * @return true for ITER_UBUF.
 */
static inline bool iter_is_ubuf(const struct iov_iter *i)
{
	return iov_iter_type(i) == ITER_UBUF;
}

/**
 * True for an ITER_IOVEC iterator.
 * @param i the iterator whose type is tested.
 * @return true for ITER_IOVEC.
 */
static inline bool iter_is_iovec(const struct iov_iter *i)
{
	return iov_iter_type(i) == ITER_IOVEC;
}

/**
 * True for an ITER_KVEC iterator.
 * @param i the iterator whose type is tested.
 * @return true for ITER_KVEC.
 */
static inline bool iov_iter_is_kvec(const struct iov_iter *i)
{
	return iov_iter_type(i) == ITER_KVEC;
}

/**
 * True for an ITER_BVEC iterator.
 * @param i the iterator whose type is tested.
 * @return true for ITER_BVEC.
 */
static inline bool iov_iter_is_bvec(const struct iov_iter *i)
{
	return iov_iter_type(i) == ITER_BVEC;
}

/**
 * True for an ITER_DISCARD iterator.
 * @param i the iterator whose type is tested.
 * @return true for ITER_DISCARD.
 */
static inline bool iov_iter_is_discard(const struct iov_iter *i)
{
	return iov_iter_type(i) == ITER_DISCARD;
}

/**
 * True for "user" memory (ITER_UBUF and ITER_IOVEC).
 * @param i the iterator whose type is tested.
 * @return true for ITER_UBUF or ITER_IOVEC.
 */
static inline bool user_backed_iter(const struct iov_iter *i)
{
	return iter_is_ubuf(i) || iter_is_iovec(i);
}

/**
 * ITER_SOURCE (1, the kernel's WRITE) or ITER_DEST (0, READ).
 * @param i the iterator whose direction is read.
 * @return ITER_SOURCE or ITER_DEST.
 */
static inline unsigned char iov_iter_rw(const struct iov_iter *i)
{
	return i->data_source ? ITER_SOURCE : ITER_DEST;
}

/**
 * The current segment of an ITER_UBUF or ITER_IOVEC iterator.
 * @param i an ITER_UBUF or ITER_IOVEC iterator.
 * @return the current segment.
 */
static inline const struct iovec *iter_iov(const struct iov_iter *i)
{
	if (iter_is_ubuf(i))
		return &i->__ubuf_iovec;
	return i->__iov;
}

/**
 * Address of the next byte of an ITER_UBUF or ITER_IOVEC iterator.
 * @param i an ITER_UBUF or ITER_IOVEC iterator.
 * @return the address of the next byte.
 */
static inline void *iter_iov_addr(const struct iov_iter *i)
{
	return (char *)iter_iov(i)->iov_base + i->iov_offset;
}

/** Bytes left in the current segment of an ITER_IOVEC iterator (for
 *  ITER_UBUF it is count - iov_offset, as the kernel's macro computes).
 * @param i an ITER_UBUF or ITER_IOVEC iterator.
 * @return bytes left in the current segment.
 */
static inline size_t iter_iov_len(const struct iov_iter *i)
{
	return iter_iov(i)->iov_len - i->iov_offset;
}

/**
 * Caps @p i at @p count bytes (it never grows here).
 * @param i the iterator whose count is capped.
 * @param count the most bytes it may hold.
 */
static inline void iov_iter_truncate(struct iov_iter *i, uint64_t count)
{
	if (i->count > count)
		i->count = (size_t)count;
}

/**
 * Gives back bytes removed by iov_iter_truncate().
 * @param i the iterator whose count is set back.
 * @param count its new byte count.
 */
static inline void iov_iter_reexpand(struct iov_iter *i, size_t count)
{
	i->count = count;
}

/**
 * Starts @p i over @p nr_segs iovecs holding @p count bytes.
 * @param i the iterator to set up (ITER_IOVEC).
 * @param direction ITER_DEST (to be filled) or ITER_SOURCE (to be read).
 * @param iov the segments, kept by reference: they must outlive @p i.
 * @param nr_segs entries of @p iov.
 * @param count bytes the iterator covers, at most the sum of the iov_len.
 */
NM_API void iov_iter_init(struct iov_iter *i, unsigned int direction,
			  const struct iovec *iov, unsigned long nr_segs, size_t count);

/**
 * Starts @p i over @p nr_segs kvecs holding @p count bytes.
 * @param i the iterator, initialised.
 * @param direction ITER_SOURCE or ITER_DEST.
 * @param kvec the segments, kept by reference.
 * @param nr_segs entries of @p kvec.
 * @param count bytes in all.
 */
NM_API void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
			  const struct kvec *kvec, unsigned long nr_segs, size_t count);

/**
 * Starts @p i over @p nr_segs bio_vecs holding @p count bytes.
 * @param i the iterator, initialised.
 * @param direction ITER_SOURCE or ITER_DEST.
 * @param bvec the segments, kept by reference.
 * @param nr_segs entries of @p bvec.
 * @param count bytes in all.
 */
NM_API void iov_iter_bvec(struct iov_iter *i, unsigned int direction,
			  const struct bio_vec *bvec, unsigned long nr_segs, size_t count);

/**
 * Starts @p i over one buffer of @p count bytes (ITER_UBUF).
 * @param i the iterator, initialised.
 * @param direction ITER_SOURCE or ITER_DEST.
 * @param buf the buffer.
 * @param count bytes.
 */
NM_API void iov_iter_ubuf(struct iov_iter *i, unsigned int direction, void *buf,
			  size_t count);

/**
 * Starts @p i as a destination that takes and drops @p count bytes.
 * @param i the iterator, initialised.
 * @param direction ITER_DEST.
 * @param count bytes it takes.
 */
NM_API void iov_iter_discard(struct iov_iter *i, unsigned int direction, size_t count);

/**
 * Skips @p bytes (at most what is left).
 * @param i the iterator moved forward.
 * @param bytes bytes to skip.
 */
NM_API void iov_iter_advance(struct iov_iter *i, size_t bytes);

/**
 * Steps back @p unroll bytes already consumed (by a copy or an advance).
 * More than MAX_RW_COUNT, or past the first segment, is a misuse: reported,
 * nothing changes.
 * @param i the iterator moved back.
 * @param unroll bytes to step back.
 */
NM_API void iov_iter_revert(struct iov_iter *i, size_t unroll);

/**
 * Copies up to @p bytes from @p addr into the destination @p i and
 * advances it; returns the bytes copied (short at the end of @p i or at a
 * faulting segment). 0 when @p i is a source (misuse, as the kernel's
 * WARN_ON_ONCE).
 * @param addr the source.
 * @param bytes bytes to copy.
 * @param i the destination iterator.
 * @return bytes copied.
 */
NM_API size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);

/** Copies up to @p bytes from the source @p i to @p addr and advances it;
 *  returns the bytes copied. 0 when @p i is a destination (misuse).
 * @param addr the destination.
 * @param bytes bytes to copy.
 * @param i the source iterator.
 * @return bytes copied.
 */
NM_API size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);

/**
 * copy_from_iter() of exactly @p bytes: true, or false with @p i reverted.
 * @param addr the destination.
 * @param bytes bytes to copy.
 * @param i the source iterator.
 * @return true when all @p bytes were copied.
 */
static inline bool copy_from_iter_full(void *addr, size_t bytes, struct iov_iter *i)
{
	size_t copied = copy_from_iter(addr, bytes, i);

	if (copied == bytes)
		return true;
	iov_iter_revert(i, copied);
	return false;
}

/** copy_to_iter() of @p bytes at @p offset of @p page. A range past the
 *  page is a misuse (the kernel's page_copy_sane() WARN): 0, nothing done.
 * @param page the source page.
 * @param offset offset in its buffer.
 * @param bytes bytes to copy.
 * @param i the destination iterator.
 * @return bytes copied.
 */
static inline size_t copy_page_to_iter(struct page *page, size_t offset, size_t bytes,
				       struct iov_iter *i)
{
	if (offset > page_size(page) || bytes > page_size(page) - offset) {
		nm_warn("copy_page_to_iter: [%zu, +%zu) outside the page", offset, bytes);
		return 0;
	}
	return copy_to_iter((char *)page_address(page) + offset, bytes, i);
}

/**
 * copy_from_iter() into @p bytes at @p offset of @p page; as above.
 * @param page the destination page.
 * @param offset offset in its buffer.
 * @param bytes bytes to copy.
 * @param i the source iterator.
 * @return bytes copied.
 */
static inline size_t copy_page_from_iter(struct page *page, size_t offset, size_t bytes,
					 struct iov_iter *i)
{
	if (offset > page_size(page) || bytes > page_size(page) - offset) {
		nm_warn("copy_page_from_iter: [%zu, +%zu) outside the page", offset, bytes);
		return 0;
	}
	return copy_from_iter((char *)page_address(page) + offset, bytes, i);
}

/**
 * Fills up to @p bytes of the destination @p i with zeroes; bytes done.
 * @param bytes bytes to zero.
 * @param i the destination iterator.
 * @return bytes zeroed.
 */
NM_API size_t iov_iter_zero(size_t bytes, struct iov_iter *i);

/** Running checksum of csum_and_copy_to_iter(): the sum so far and where
 *  the next piece starts in the summed range. */
struct csum_state {
	__wsum csum;	/**< running checksum */
	size_t off;	/**< offset of the next byte in the packet */
};

/**
 * copy_to_iter() that also adds what it copied to @p csstate (a struct
 * csum_state): its csum grows by the ones'-complement sum of the bytes
 * copied, placed at csstate->off of the summed range, and off grows by the
 * bytes copied. Returns the bytes copied.
 * @param addr the source.
 * @param bytes bytes to copy.
 * @param csstate a struct csum_state, updated.
 * @param i the destination iterator.
 * @return bytes copied.
 */
NM_API size_t csum_and_copy_to_iter(const void *addr, size_t bytes, void *csstate,
				    struct iov_iter *i);

struct ubuf_info;
struct sk_buff;

/**
 * The kernel's struct msghdr, as the socket layer hands it to protocols:
 * the data is msg_iter. Named nm_msghdr because glibc's <sys/socket.h>
 * defines struct msghdr (the user-space one, with msg_iov); the
 * kernel-style <linux/socket.h> maps the name.
 */
struct nm_msghdr {
	void *msg_name;			/**< peer address, or NULL */
	int msg_namelen;	/**< length of msg_name */
	int msg_inq;			/**< bytes left in the receive queue */
	struct iov_iter msg_iter;	/**< the data */
	union {
		void *msg_control;
		void *msg_control_user;
	};
	bool msg_control_is_user : 1;	/**< msg_control is a user pointer */
	bool msg_get_inq : 1;	/**< report the bytes queued (SO_INQ) */
	unsigned int msg_flags;		/**< MSG_* */
	size_t msg_controllen;	/**< length of msg_control */
	void *msg_iocb;			/**< struct kiocb * in the kernel; unused */
	struct ubuf_info *msg_ubuf;	/**< MSG_ZEROCOPY completion, or NULL */
	/** Builds frags from msg_iter for MSG_ZEROCOPY sends (optional). */
	int (*sg_from_iter)(struct sk_buff *skb, struct iov_iter *from, size_t length);
};

/**
 * Bytes left in @p msg's data.
 * @param msg the message.
 * @return iov_iter_count() of its msg_iter.
 */
static inline size_t msg_data_left(const struct nm_msghdr *msg)
{
	return iov_iter_count(&msg->msg_iter);
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_UIO_H */
