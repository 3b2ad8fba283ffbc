/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Copying an skb out and walking its bytes, with the kernel's semantics
 * (net/core/datagram.c, net/core/skbuff.c): copy to and from an iov_iter,
 * copy with checksum, scatterlists, sequential reads, and zero-copy moves
 * of frags from one skb to another.
 *
 * Every function here walks the linear part, then the frags, then the
 * frag_list skbs (recursively), and treats an offset as the kernel does
 * (from skb->data). Unreadable frags (net_iov, device memory) are never
 * touched; each function refuses them with the kernel's result, given in
 * its comment.
 *
 * @code
 *	// a socket-like receive: up to the user's buffer, checksum verified
 *	struct iovec iov = { buf, sizeof(buf) };
 *	struct nm_msghdr msg = { 0 };
 *
 *	iov_iter_init(&msg.msg_iter, ITER_DEST, &iov, 1, sizeof(buf));
 *	if (skb_copy_and_csum_datagram_msg(skb, sizeof(struct udphdr), &msg))
 *		goto csum_error;	// -EINVAL: bad checksum, iterator reverted
 * @endcode
 */
#ifndef NETMEM_SKB_DATAGRAM_H
#define NETMEM_SKB_DATAGRAM_H

#include <errno.h>

#include <netmem/api.h>
#include <netmem/scatterlist.h>
#include <netmem/skbuff.h>
#include <netmem/textsearch.h>
#include <netmem/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- copy to and from an iov_iter ------------------------------------- */

/**
 * Walks @p len bytes of @p skb from @p offset through @p cb, which copies a
 * piece into @p to and returns the bytes it took. On a short piece the
 * result is -EFAULT when @p fault_short or when @p to still had room (then
 * @p to is reverted to where it was), else 0. Unreadable frags end the walk
 * as a short piece. -EFAULT (reverted) when the skb is shorter than asked.
 * @param skb the packet, read only.
 * @param offset byte offset in @p skb to start at.
 * @param to the destination iterator, advanced.
 * @param len bytes to walk.
 * @param fault_short true to fail on any short piece.
 * @param cb copies one piece (address, length, @p data, @p to) and returns the
 *   bytes it took.
 * @param data passed to @p cb.
 * @return 0 or -EFAULT.
 */
NM_API int __skb_datagram_iter(const struct sk_buff *skb, int offset, struct iov_iter *to,
			       int len, bool fault_short,
			       size_t (*cb)(const void *, size_t, void *, struct iov_iter *),
			       void *data);

/**
 * Copies @p len bytes at @p offset of @p skb into @p to.
 * @param skb the packet, read only.
 * @param offset byte offset in @p skb.
 * @param to the destination iterator, advanced by what was copied.
 * @param len bytes to copy.
 * @return 0, also when @p to fills up first (a truncated read, as UDP's
 *	   MSG_TRUNC: the kernel's rule); -EFAULT, with @p to reverted to where
 *	   it was, when a segment of @p to faults (a NULL base), when the skb
 *	   is shorter than @p offset + @p len, or when an unreadable frag is
 *	   reached while @p to still has room.
 */
NM_API int skb_copy_datagram_iter(const struct sk_buff *skb, int offset,
				  struct iov_iter *to, int len);

/**
 * skb_copy_datagram_iter() into @p msg's data.
 * @param from the packet, read only.
 * @param offset byte offset in @p from.
 * @param msg the message whose msg_iter receives the bytes.
 * @param size bytes to copy.
 * @return as skb_copy_datagram_iter().
 */
static inline int skb_copy_datagram_msg(const struct sk_buff *from, int offset,
					struct nm_msghdr *msg, int size)
{
	return skb_copy_datagram_iter(from, offset, &msg->msg_iter, size);
}

/**
 * Copies bytes @p hlen.. of @p skb into @p msg and verifies the checksum of
 * the whole skb (the partial sum skb->csum, e.g. the pseudo-header, plus
 * the bytes), as UDP and raw sockets receive.
 * When @p msg has room for all of it, copy and checksum go in one pass.
 * Otherwise the whole skb is checksummed first (__skb_checksum_complete())
 * and what fits is copied.
 * @param skb the packet; skb->csum holds the pseudo-header sum.
 * @param hlen bytes at the start not copied (the UDP header), still
 *   checksummed.
 * @param msg the message receiving the bytes.
 * @return 0; -EINVAL on a bad checksum (@p msg reverted, nothing consumed);
 *	   -EFAULT when the copy failed (an unreadable frag included).
 */
NM_API int skb_copy_and_csum_datagram_msg(struct sk_buff *skb, int hlen,
					  struct nm_msghdr *msg);

/**
 * Copies @p len bytes from @p from into @p skb at @p offset (the skb has
 * its length already). 0, or -EFAULT when @p from runs short, when the skb
 * is shorter, or when the range reaches an unreadable frag (nothing is
 * written to device memory).
 * @param skb the packet written; its length is not changed.
 * @param offset byte offset in @p skb.
 * @param from the source iterator, advanced.
 * @param len bytes to copy.
 * @return 0 or -EFAULT.
 */
NM_API int skb_copy_datagram_from_iter(struct sk_buff *skb, int offset,
				       struct iov_iter *from, int len);

/**
 * Adds frags to @p skb that point into @p from's memory, up to @p length
 * bytes, advancing @p from: the kernel's zero-copy send. The kernel pins
 * user pages; here the memory must lie in libnetmem pages (alloc_pages(),
 * page_pool pages, nm_ext_pages_create() memory): each new frag takes one
 * reference of the kind its page asks for, and a piece that continues the
 * last frag grows it. len, data_len and truesize grow as in the kernel.
 * @param skb the packet that gets the frags.
 * @param from the source iterator, advanced by what was added.
 * @param length most bytes to add.
 * @return 0; -EFAULT when memory is in no libnetmem page, when @p from is
 *	   no ITER_UBUF/ITER_IOVEC iterator, or when @p skb is unreadable;
 *	   -EMSGSIZE when the frags run out (what was added stays).
 */
NM_API int zerocopy_fill_skb_from_iter(struct sk_buff *skb, struct iov_iter *from,
				       size_t length);

/** Copies the first skb_headlen(@p skb) bytes of @p frm into the linear
 *  part, then zerocopy_fill_skb_from_iter() for the rest. 0, -EFAULT or
 *  -EMSGSIZE.
 * @param skb the packet, its linear part sized for the headers.
 * @param frm the source iterator, advanced.
 * @return 0, -EFAULT or -EMSGSIZE.
 */
NM_API int zerocopy_sg_from_iter(struct sk_buff *skb, struct iov_iter *frm);

/**
 * Copies @p len bytes of @p msg's data to @p data; 0 or -EFAULT.
 * @param data the destination, @p len bytes.
 * @param msg the message; its msg_iter is advanced.
 * @param len bytes to copy.
 * @return 0 or -EFAULT (fewer bytes in @p msg).
 */
static inline int memcpy_from_msg(void *data, struct nm_msghdr *msg, int len)
{
	return copy_from_iter_full(data, (size_t)len, &msg->msg_iter) ? 0 : -EFAULT;
}

/**
 * Copies @p len bytes from @p data into @p msg's data; 0 or -EFAULT.
 * @param msg the message; its msg_iter is advanced.
 * @param data the source, @p len bytes.
 * @param len bytes to copy.
 * @return 0 or -EFAULT (no room in @p msg).
 */
static inline int memcpy_to_msg(struct nm_msghdr *msg, void *data, int len)
{
	return copy_to_iter(data, (size_t)len, &msg->msg_iter) == (size_t)len ? 0 : -EFAULT;
}

/* ---- copy with checksum ------------------------------------------------- */

/**
 * Copies @p len bytes at @p offset of @p skb to @p to and returns their
 * 32-bit partial checksum. Where the range reaches unreadable frags the
 * kernel returns 0 and copies no more: so does this. A range past the end
 * is the kernel's BUG (nm_bug()).
 * @param skb the packet, read only.
 * @param offset byte offset in @p skb.
 * @param to the destination, @p len bytes.
 * @param len bytes to copy.
 * @return the partial sum of the bytes copied.
 */
NM_API __wsum skb_copy_and_csum_bits(const struct sk_buff *skb, int offset, __u8 *to,
				     int len);

/**
 * Copies the whole of @p skb to @p to (a driver's bounce buffer); for
 * CHECKSUM_PARTIAL, the checksum from csum_start is computed on the way and
 * stored at csum_start + csum_offset of @p to. A csum_start past the
 * linear part is the kernel's BUG (nm_bug()).
 * @param skb the packet, read only.
 * @param to the destination, skb->len bytes.
 */
NM_API void skb_copy_and_csum_dev(const struct sk_buff *skb, __u8 *to);

/* ---- scatterlists ------------------------------------------------------- */

/**
 * Fills @p sg with entries for @p len bytes at @p offset of @p skb: one for
 * the linear part, one per frag, the frag_list skbs recursively (up to 24
 * levels), and marks the last entry. Entries must not run past an entry
 * already marked as the end (sg_init_table() marks one).
 * @param skb the packet; no references are taken for the entries.
 * @param sg the entries to fill.
 * @param offset byte offset in @p skb.
 * @param len bytes to map.
 * @return the number of entries; -EMSGSIZE when they do not fit (or nest
 *	   too deep); -EFAULT when the range reaches an unreadable frag (a
 *	   net_iov has no struct page: libnetmem refuses where the kernel does
 *	   not check).
 */
NM_API int skb_to_sgvec(struct sk_buff *skb, struct scatterlist *sg, int offset, int len);

/**
 * skb_to_sgvec() that leaves the end mark alone.
 * @param skb the packet to map; no references are taken for the entries.
 * @param sg the entries to fill.
 * @param offset byte offset in @p skb.
 * @param len bytes to map.
 * @return as skb_to_sgvec().
 */
NM_API int skb_to_sgvec_nomark(struct sk_buff *skb, struct scatterlist *sg, int offset,
			       int len);

/* ---- sequential reads --------------------------------------------------- */

/** State of a sequential read (the kernel's struct skb_seq_state). */
struct skb_seq_state {
	__u32 lower_offset;	/**< first byte of the current piece */
	__u32 upper_offset;	/**< end of the current piece */
	__u32 frag_idx;	/**< current frag */
	__u32 stepped_offset;	/**< bytes before the current skb */
	struct sk_buff *root_skb;	/**< the skb the walk started on */
	struct sk_buff *cur_skb;	/**< the skb being read (root or frag_list) */
	__u8 *frag_data;	/**< mapped bytes of the current frag */
	__u32 frag_off;	/**< offset in the current frag */
};

/**
 * Starts a sequential read of bytes [@p from, @p to) of @p skb.
 * @param skb the packet, not changed during the read.
 * @param from first byte of the range.
 * @param to byte after the range.
 * @param st the caller's state, initialised.
 */
NM_API void skb_prepare_seq_read(struct sk_buff *skb, unsigned int from, unsigned int to,
				 struct skb_seq_state *st);

/**
 * Returns the length of the next readable block at byte @p consumed of the
 * range, and its address in @p *data; 0 at the end of the range or of the
 * skb, or when the block would be in unreadable frags. Blocks are the
 * linear part, each frag, and the same in the root's frag_list skbs and
 * their ->next skbs; the caller passes @p consumed growing.
 * @param consumed bytes of the range the caller has consumed.
 * @param data set to the block's address.
 * @param st the state of skb_prepare_seq_read().
 * @return the block's length, 0 at the end.
 */
NM_API unsigned int skb_seq_read(unsigned int consumed, const __u8 **data,
				 struct skb_seq_state *st);

/**
 * Ends a sequential read before skb_seq_read() returned 0.
 * @param st the state of skb_prepare_seq_read().
 */
NM_API void skb_abort_seq_read(struct skb_seq_state *st);

/**
 * Searches bytes [@p from, @p to) of @p skb for @p config's pattern
 * (textsearch_prepare()), block by block through skb_seq_read(), so a match
 * may span the linear part, frags and frag_list members. The offset of the
 * first match from @p from, or UINT_MAX (also when the only match would end
 * past @p to, or lies in unreadable frags, which are never read).
 * @param skb the packet, read only.
 * @param from first byte searched.
 * @param to byte after the last one searched.
 * @param config the search.
 * @return the match's offset from @p from, or UINT_MAX.
 */
NM_API unsigned int skb_find_text(struct sk_buff *skb, unsigned int from, unsigned int to,
				  struct ts_config *config);

/* ---- zero-copy moves ---------------------------------------------------- */

/**
 * How many bytes of @p from skb_zerocopy() should copy into the head of
 * the new skb: 0 when the head can be shared as a page frag, the linear
 * length (or, for an all-paged skb, everything) otherwise, the whole
 * length when there is a frag_list.
 * @param from the source packet.
 * @return the bytes to copy into the head.
 */
NM_API unsigned int skb_zerocopy_headlen(const struct sk_buff *from);

/**
 * Moves @p len bytes of @p from into @p to (which has no frags yet): @p
 * hlen bytes copied into @p to's linear part, the rest as frags that share
 * @p from's memory by reference (the head too, as frag 0, when @p hlen is
 * 0), not copied; a zero-copy completion is shared as well. When @p to has
 * tailroom for all of it, everything is copied.
 * @param to the destination packet, no frags.
 * @param from the source packet, read only (references are taken on its
 *   memory).
 * @param len bytes to move.
 * @param hlen bytes to copy into @p to's linear part.
 * @return 0, or the error of the copy (skb_copy_bits()), -EIO when @p to
 *	   already carries another zero-copy completion, -EINVAL when @p to has
 *	   no room for @p hlen bytes (the kernel's skb_over_panic(), reported
 *	   by skb_put()) or when @p hlen is 0 and @p from's head is no page
 *	   frag (the kernel's BUG, nm_bug()).
 */
NM_API int skb_zerocopy(struct sk_buff *to, struct sk_buff *from, int len, int hlen);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_DATAGRAM_H */
