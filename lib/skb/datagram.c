/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Copying an skb out, with the kernel's semantics (net/core/datagram.c,
 * net/core/skbuff.c): to and from an iov_iter, with a checksum, into a
 * scatterlist, and moving frags by reference (skb_zerocopy).
 *
 * All walks take the linear part, the frags, then the frag_list skbs, each
 * level checking its own skb: once a walk reaches the frags of an skb whose
 * frags are unreadable (skb->unreadable, net_iov memory) it stops with the
 * kernel's result for that function, and never dereferences a net_iov.
 */
#include <errno.h>

#include <rte_common.h>

#include <netmem/skb_datagram.h>

#include "skb_priv.h"

/* A piece that starts at an odd byte of the summed range counts swapped. */
static inline __wsum dg_csum_block_add(__wsum csum, __wsum csum2, int offset)
{
	uint32_t s = csum2;

	if (offset & 1)
		s = (s >> 8) | (s << 24);
	return csum_add(csum, s);
}

/* memcpy() and the partial sum of what was copied. */
static inline __wsum dg_copy_csum(const void *src, void *dst, int len)
{
	memcpy(dst, src, (size_t)len);
	return csum_partial(dst, len, 0);
}

/* True when [offset, offset + len) is inside @skb (headroom allowed, as
 * the kernel reads skb->data + offset). */
static inline bool dg_range_ok(const struct sk_buff *skb, int offset, int len)
{
	return len >= 0 && offset >= -(int)skb_headroom(skb) &&
	       (int64_t)offset + len <= (int64_t)skb->len;
}

/* ---- to an iov_iter ----------------------------------------------------- */

int __skb_datagram_iter(const struct sk_buff *skb, int offset, struct iov_iter *to, int len,
			bool fault_short,
			size_t (*cb)(const void *, size_t, void *, struct iov_iter *), void *data)
{
	int start = (int)skb_headlen(skb);
	int i, copy = start - offset, start_off = offset, n;
	const struct sk_buff *frag_iter;

	if (len < 0 || offset < -(int)skb_headroom(skb))
		return -EFAULT;
	if (len == 0)
		return 0;
	if (copy > 0) {
		if (copy > len)
			copy = len;
		n = (int)cb(skb->data + offset, (size_t)copy, data, to);
		offset += n;
		if (n != copy)
			goto short_copy;
		if ((len -= copy) == 0)
			return 0;
	}
	if (!skb_frags_readable(skb))
		goto short_copy;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		int end = start + (int)skb_frag_size(frag);

		if ((copy = end - offset) > 0) {
			const __u8 *va = skb_frag_address(frag);

			if (va == NULL)		/* a net_iov the flag missed */
				goto short_copy;
			if (copy > len)
				copy = len;
			n = (int)cb(va + (offset - start), (size_t)copy, data, to);
			offset += n;
			if (n != copy)
				goto short_copy;
			if ((len -= copy) == 0)
				return 0;
		}
		start = end;
	}
	skb_walk_frags(skb, frag_iter) {
		int end = start + (int)frag_iter->len;

		if ((copy = end - offset) > 0) {
			if (copy > len)
				copy = len;
			if (__skb_datagram_iter(frag_iter, offset - start, to, copy, fault_short,
						cb, data))
				goto fault;
			if ((len -= copy) == 0)
				return 0;
			offset += copy;
		}
		start = end;
	}
	if (len == 0)
		return 0;
	/* the skb is shorter than the caller said */
fault:
	iov_iter_revert(to, (size_t)(offset - start_off));
	return -EFAULT;

short_copy:
	/* the iterator is full: a truncated read, not a fault */
	if (fault_short || iov_iter_count(to) != 0)
		goto fault;
	return 0;
}

static size_t simple_copy_to_iter(const void *addr, size_t bytes, void *data,
				  struct iov_iter *i)
{
	(void)data;
	return copy_to_iter(addr, bytes, i);
}

int skb_copy_datagram_iter(const struct sk_buff *skb, int offset, struct iov_iter *to,
			   int len)
{
	return __skb_datagram_iter(skb, offset, to, len, false, simple_copy_to_iter, NULL);
}

/* ---- from an iov_iter --------------------------------------------------- */

int skb_copy_datagram_from_iter(struct sk_buff *skb, int offset, struct iov_iter *from,
				int len)
{
	int start = (int)skb_headlen(skb);
	int i, copy = start - offset;
	struct sk_buff *frag_iter;

	if (len < 0 || offset < -(int)skb_headroom(skb))
		return -EFAULT;
	if (copy > 0) {
		if (copy > len)
			copy = len;
		if (copy_from_iter(skb->data + offset, (size_t)copy, from) != (size_t)copy)
			return -EFAULT;
		if ((len -= copy) == 0)
			return 0;
		offset += copy;
	}
	/* never write into device memory */
	if (!skb_frags_readable(skb))
		return -EFAULT;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		int end = start + (int)skb_frag_size(frag);

		if ((copy = end - offset) > 0) {
			__u8 *va = skb_frag_address(frag);

			if (va == NULL)
				return -EFAULT;
			if (copy > len)
				copy = len;
			if (copy_from_iter(va + (offset - start), (size_t)copy, from) !=
			    (size_t)copy)
				return -EFAULT;
			if ((len -= copy) == 0)
				return 0;
			offset += copy;
		}
		start = end;
	}
	skb_walk_frags(skb, frag_iter) {
		int end = start + (int)frag_iter->len;

		if ((copy = end - offset) > 0) {
			if (copy > len)
				copy = len;
			if (skb_copy_datagram_from_iter(frag_iter, offset - start, from, copy))
				return -EFAULT;
			if ((len -= copy) == 0)
				return 0;
			offset += copy;
		}
		start = end;
	}
	return len == 0 ? 0 : -EFAULT;
}

/*
 * The kernel's zerocopy_fill_skb_from_iter(): frags that point into the
 * iterator's memory. The kernel pins user pages; here the memory must lie in
 * libnetmem pages (alloc_pages(), page_pool pages, nm_ext_pages_create()
 * memory), each piece taking one reference of the kind its page asks for.
 * Pieces that continue the last frag in the same page grow it.
 */
int zerocopy_fill_skb_from_iter(struct sk_buff *skb, struct iov_iter *from, size_t length)
{
	int frag = skb_shinfo(skb)->nr_frags;

	if (!skb_frags_readable(skb))
		return -EFAULT;
	if (length && iov_iter_count(from) && !user_backed_iter(from))
		return -EFAULT;		/* the kernel pins no kvec memory either */
	while (length && iov_iter_count(from)) {
		const struct iovec *seg = iter_iov(from);
		unsigned char *addr, *pa;
		size_t room = iter_is_ubuf(from) ? iov_iter_count(from) :
				seg->iov_len - from->iov_offset;
		struct page *page;
		unsigned int off, size;

		if (room == 0) {		/* an empty segment */
			iov_iter_advance(from, 0);
			if (iter_iov(from) == seg)
				break;
			continue;
		}
		if (frag == MAX_SKB_FRAGS)
			return -EMSGSIZE;
		if (seg->iov_base == NULL)
			return -EFAULT;
		addr = (unsigned char *)seg->iov_base + from->iov_offset;
		page = virt_to_head_page(addr);
		if (page == NULL)
			return -EFAULT;
		pa = page_address(page);
		off = (unsigned int)(addr - pa);
		size = (unsigned int)RTE_MIN(RTE_MIN(room, length),
					     (size_t)(page_size(page) - off));
		if (size > iov_iter_count(from))
			size = (unsigned int)iov_iter_count(from);
		iov_iter_advance(from, size);
		length -= size;
		skb->data_len += size;
		skb->len += size;
		skb->truesize += RTE_ALIGN_CEIL((off & (PAGE_SIZE - 1)) + size, PAGE_SIZE);
		if (frag) {
			skb_frag_t *last = &skb_shinfo(skb)->frags[frag - 1];

			if (skb_frag_page(last) == page &&
			    off == skb_frag_off(last) + skb_frag_size(last)) {
				skb_frag_size_add(last, (int)size);
				continue;
			}
		}
		skb_fill_page_desc_noacc(skb, frag, page, (int)off, (int)size);
		__skb_frag_ref(&skb_shinfo(skb)->frags[frag]);
		frag++;
	}
	return 0;
}

int zerocopy_sg_from_iter(struct sk_buff *skb, struct iov_iter *from)
{
	size_t copy = RTE_MIN((size_t)skb_headlen(skb), iov_iter_count(from));

	if (skb_copy_datagram_from_iter(skb, 0, from, (int)copy))
		return -EFAULT;
	return zerocopy_fill_skb_from_iter(skb, from, ~0U);
}

/* ---- with a checksum ---------------------------------------------------- */

static size_t csum_copy_to_iter(const void *addr, size_t bytes, void *csstate,
				struct iov_iter *i)
{
	return csum_and_copy_to_iter(addr, bytes, csstate, i);
}

/* Copies @len bytes at @offset into @to, adding their sum to @csump. */
static int skb_copy_and_csum_datagram(const struct sk_buff *skb, int offset,
				      struct iov_iter *to, int len, __wsum *csump)
{
	struct csum_state st = { .csum = *csump, .off = 0 };
	int ret;

	ret = __skb_datagram_iter(skb, offset, to, len, true, csum_copy_to_iter, &st);
	if (ret)
		return ret;
	*csump = st.csum;
	return 0;
}

/*
 * The kernel's __skb_checksum_complete(): the folded sum of skb->csum (the
 * pseudo-header's partial sum) and every byte; 0 when valid. An unshared
 * skb keeps the full sum as CHECKSUM_COMPLETE.
 */
static __sum16 dg_checksum_complete(struct sk_buff *skb)
{
	__wsum csum = skb_checksum(skb, 0, (int)skb->len, 0);
	__sum16 sum = csum_fold(csum_add(skb->csum, csum));

	if (!skb_shared(skb)) {
		skb->csum = csum;
		skb->ip_summed = CHECKSUM_COMPLETE;
		skb->csum_valid = !sum;
	}
	return sum;
}

int skb_copy_and_csum_datagram_msg(struct sk_buff *skb, int hlen, struct nm_msghdr *msg)
{
	int chunk = (int)skb->len - hlen;
	__wsum csum;

	if (chunk == 0)
		return 0;
	if (chunk < 0 || hlen < 0 || (unsigned int)hlen > skb_headlen(skb))
		return -EFAULT;
	/* the sum needs every byte: unreadable memory is a fault, up front */
	if (!skb_readable_all(skb))
		return -EFAULT;
	if (msg_data_left(msg) < (size_t)chunk) {
		if (dg_checksum_complete(skb))
			return -EINVAL;
		if (skb_copy_datagram_msg(skb, hlen, msg, chunk))
			return -EFAULT;
		return 0;
	}
	csum = csum_partial(skb->data, hlen, skb->csum);
	if (skb_copy_and_csum_datagram(skb, hlen, &msg->msg_iter, chunk, &csum))
		return -EFAULT;
	if (csum_fold(csum)) {
		iov_iter_revert(&msg->msg_iter, (size_t)chunk);
		return -EINVAL;
	}
	return 0;
}

__wsum skb_copy_and_csum_bits(const struct sk_buff *skb, int offset, __u8 *to, int len)
{
	int start = (int)skb_headlen(skb);
	int i, copy = start - offset, pos = 0;
	const struct sk_buff *frag_iter;
	__wsum csum = 0;

	if (!dg_range_ok(skb, offset, len)) {
		nm_bug("skb_copy_and_csum_bits: [%d, +%d) outside skb %p (len %u)", offset, len,
		       (const void *)skb, skb->len);
		return 0;
	}
	if (copy > 0) {
		if (copy > len)
			copy = len;
		csum = dg_copy_csum(skb->data + offset, to, copy);
		if ((len -= copy) == 0)
			return csum;
		offset += copy;
		to += copy;
		pos = copy;
	}
	if (!skb_frags_readable(skb))
		return 0;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		int end = start + (int)skb_frag_size(frag);

		if ((copy = end - offset) > 0) {
			const __u8 *va = skb_frag_address(frag);

			if (va == NULL)
				return 0;
			if (copy > len)
				copy = len;
			csum = dg_csum_block_add(csum, dg_copy_csum(va + (offset - start), to, copy),
						 pos);
			if ((len -= copy) == 0)
				return csum;
			offset += copy;
			to += copy;
			pos += copy;
		}
		start = end;
	}
	skb_walk_frags(skb, frag_iter) {
		int end = start + (int)frag_iter->len;

		if ((copy = end - offset) > 0) {
			if (copy > len)
				copy = len;
			csum = dg_csum_block_add(csum,
						 skb_copy_and_csum_bits(frag_iter, offset - start,
									to, copy),
						 pos);
			if ((len -= copy) == 0)
				return csum;
			offset += copy;
			to += copy;
			pos += copy;
		}
		start = end;
	}
	return csum;
}

void skb_copy_and_csum_dev(const struct sk_buff *skb, __u8 *to)
{
	long csstart;
	__wsum csum = 0;

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		csstart = skb_checksum_start_offset(skb);
	else
		csstart = (long)skb_headlen(skb);
	if (csstart < 0 || csstart > (long)skb_headlen(skb)) {
		nm_bug("skb_copy_and_csum_dev: checksum start %ld outside the linear part "
		       "(%u bytes) of skb %p", csstart, skb_headlen(skb), (const void *)skb);
		return;
	}
	memcpy(to, skb->data, (size_t)csstart);
	if (csstart != (long)skb->len)
		csum = skb_copy_and_csum_bits(skb, (int)csstart, to + csstart,
					      (int)(skb->len - (unsigned int)csstart));
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		__sum16 folded = csum_fold(csum);

		memcpy(to + csstart + skb->csum_offset, &folded, sizeof(folded));
	}
}

/* ---- scatterlists ------------------------------------------------------- */

/* Nesting of frag_list skbs skb_to_sgvec() follows, as the kernel's. */
#define SGVEC_MAX_RECURSION	24

static int __skb_to_sgvec(struct sk_buff *skb, struct scatterlist *sg, int offset, int len,
			  unsigned int recursion_level)
{
	int start = (int)skb_headlen(skb);
	int i, copy = start - offset, elt = 0;
	struct sk_buff *frag_iter;

	if (recursion_level >= SGVEC_MAX_RECURSION)
		return -EMSGSIZE;
	if (copy > 0) {
		if (copy > len)
			copy = len;
		sg_set_buf(sg, skb->data + offset, (unsigned int)copy);
		elt++;
		if ((len -= copy) == 0)
			return elt;
		offset += copy;
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		int end = start + (int)skb_frag_size(frag);

		if ((copy = end - offset) > 0) {
			if (elt && sg_is_last(&sg[elt - 1]))
				return -EMSGSIZE;
			/* a net_iov has no struct page to point at */
			if (!skb_frags_readable(skb) || skb_frag_is_net_iov(frag))
				return -EFAULT;
			if (copy > len)
				copy = len;
			sg_set_page(&sg[elt], skb_frag_page(frag), (unsigned int)copy,
				    skb_frag_off(frag) + (unsigned int)(offset - start));
			elt++;
			if ((len -= copy) == 0)
				return elt;
			offset += copy;
		}
		start = end;
	}
	skb_walk_frags(skb, frag_iter) {
		int end = start + (int)frag_iter->len, ret;

		if ((copy = end - offset) > 0) {
			if (elt && sg_is_last(&sg[elt - 1]))
				return -EMSGSIZE;
			if (copy > len)
				copy = len;
			ret = __skb_to_sgvec(frag_iter, sg + elt, offset - start, copy,
					     recursion_level + 1);
			if (ret < 0)
				return ret;
			elt += ret;
			if ((len -= copy) == 0)
				return elt;
			offset += copy;
		}
		start = end;
	}
	return elt;
}

static int skb_to_sgvec_checked(struct sk_buff *skb, struct scatterlist *sg, int offset,
				int len)
{
	if (!dg_range_ok(skb, offset, len)) {
		nm_bug("skb_to_sgvec: [%d, +%d) outside skb %p (len %u)", offset, len,
		       (void *)skb, skb->len);
		return -EINVAL;
	}
	return __skb_to_sgvec(skb, sg, offset, len, 0);
}

int skb_to_sgvec(struct sk_buff *skb, struct scatterlist *sg, int offset, int len)
{
	int nsg = skb_to_sgvec_checked(skb, sg, offset, len);

	if (nsg <= 0)
		return nsg;
	sg_mark_end(&sg[nsg - 1]);
	return nsg;
}

int skb_to_sgvec_nomark(struct sk_buff *skb, struct scatterlist *sg, int offset, int len)
{
	return skb_to_sgvec_checked(skb, sg, offset, len);
}

/* ---- zero-copy moves ---------------------------------------------------- */

unsigned int skb_zerocopy_headlen(const struct sk_buff *from)
{
	unsigned int hlen = 0;

	if (!from->head_frag || skb_headlen(from) < SMP_CACHE_BYTES ||
	    skb_shinfo(from)->nr_frags >= MAX_SKB_FRAGS) {
		hlen = skb_headlen(from);
		if (hlen == 0)
			hlen = from->len;
	}
	if (skb_has_frag_list(from))
		hlen = from->len;
	return hlen;
}

int skb_zerocopy(struct sk_buff *to, struct sk_buff *from, int len, int hlen)
{
	struct ubuf_info *uarg = skb_zcopy(from);
	int i, j = 0, plen = 0, ret;

	if (!from->head_frag && hlen == 0) {
		nm_bug("skb_zerocopy: skb %p has a head that is no page frag and hlen is 0",
		       (void *)from);
		return -EINVAL;
	}
	/* small payloads are copied */
	if (len <= skb_tailroom(to))
		return skb_copy_bits(from, 0, skb_put(to, (unsigned int)len), len);
	/* a frag shared with @to needs @to's completion to be @from's */
	if (uarg != NULL && skb_zcopy(to) != NULL && skb_zcopy(to) != uarg)
		return -EIO;

	if (hlen) {
		void *lin = skb_put(to, (unsigned int)hlen);

		if (lin == NULL)	/* no room: skb_put() reported it */
			return -EINVAL;
		ret = skb_copy_bits(from, 0, lin, hlen);
		if (ret)
			return ret;
		len -= hlen;
	} else {
		plen = len < (int)skb_headlen(from) ? len : (int)skb_headlen(from);
		if (plen) {
			struct page *page = virt_to_head_page(from->head);
			unsigned int off = (unsigned int)(from->data -
							  (unsigned char *)page_address(page));

			__skb_fill_page_desc(to, 0, page, (int)off, plen);
			__skb_frag_ref(&skb_shinfo(to)->frags[0]);
			j = 1;
			len -= plen;
		}
	}
	skb_len_add(to, len + plen);
	skb_zerocopy_clone(to, from);

	for (i = 0; i < skb_shinfo(from)->nr_frags; i++) {
		skb_frag_t *frag = &skb_shinfo(to)->frags[j];
		unsigned int size;

		if (!len)
			break;
		*frag = skb_shinfo(from)->frags[i];
		size = skb_frag_size(frag) < (unsigned int)len ? skb_frag_size(frag) :
								 (unsigned int)len;
		skb_frag_size_set(frag, size);
		len -= (int)size;
		__skb_frag_ref(frag);
		if (skb_frag_is_net_iov(frag))
			to->unreadable = 1;
		j++;
	}
	skb_shinfo(to)->nr_frags = (__u8)j;
	return 0;
}
