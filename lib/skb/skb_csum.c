/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internet checksums, with the kernel's semantics (lib/checksum.c,
 * net/core/skbuff.c):
 *
 *  - csum_partial() returns a 32-bit partial ones'-complement sum of a
 *    buffer, read as 16-bit words in memory order starting at the buffer's
 *    first byte (whatever its address); an odd trailing byte is the first
 *    byte of a zero-padded word. Only csum_fold() of it is meaningful.
 *  - A piece that starts at an odd offset of the summed range contributes its
 *    sum rotated by 8 bits (csum_block_add()), so a range split at any byte
 *    gives the same fold as the flat buffer.
 *  - skb_checksum() sums a range across the linear part, the frags and the
 *    frag_list. It never reads unreadable memory (net_iov frags): a range
 *    that touches one, or lies outside the skb, is misuse; the result is 0 and
 *    nothing is added. Callers check readability first (skb_checksum_help()
 *    fails with -EFAULT as the kernel's, skb_segment() with -EIO).
 *  - skb_checksum_help() resolves CHECKSUM_PARTIAL in software, with the
 *    kernel's return values and order of checks.
 *  - skb_crc32c_csum_help() does the same for SCTP's CRC32c.
 *  - csum_ipv6_magic() and the inet_proto_csum_replace*() fix-ups of
 *    net/core/utils.c, which follow skb->ip_summed.
 * The skb-level receive side (validation, rcsum) is in skb_csum_rx.c.
 */
#include <errno.h>

#include <rte_byteorder.h>
#include <rte_hash_crc.h>

#include <netmem/skb_writable.h>	/* skb_ensure_writable() */

#include "skb_priv.h"

#include "skb_csum_sum.h"	/* do_csum(): the portable sum, or x86-64's */

__wsum csum_partial(const void *buff, int len, __wsum sum)
{
	if (len <= 0 || buff == NULL)
		return sum;
	return csum_add(sum, do_csum(buff, (size_t)len));
}

__sum16 csum_ipv6_magic(const struct in6_addr *saddr, const struct in6_addr *daddr,
			__u32 len, __u8 proto, __wsum csum)
{
	/* Source, destination, then the 32-bit length and next header, in
	 * network order, as RFC 8200 8.1 lays out the pseudo header. */
	uint64_t s = (uint64_t)csum + do_csum((const unsigned char *)saddr, 16) +
		     do_csum((const unsigned char *)daddr, 16);

	s += rte_cpu_to_be_32(len);
	s += rte_cpu_to_be_32(proto);
	return csum_fold(csum_from64(s));
}

/*
 * L4 checksum fix-ups after a header field changed (the kernel's
 * net/core/utils.c): with CHECKSUM_PARTIAL the check field holds the
 * uncomplemented pseudo-header sum, so only pseudo-header fields patch it;
 * otherwise it is a full checksum, and CHECKSUM_COMPLETE's skb->csum (which
 * covers the L4 checksum field but not the pseudo header) moves by the
 * checksum's change.
 */
void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb, __be32 from, __be32 to,
			      bool pseudohdr)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		csum_replace4(sum, from, to);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
			skb->csum = ~csum_add(csum_sub(~skb->csum, (__wsum)from), (__wsum)to);
	} else if (pseudohdr) {
		*sum = (__sum16)~csum_fold(csum_add(csum_sub(csum_unfold(*sum), (__wsum)from),
						   (__wsum)to));
	}
}

void inet_proto_csum_replace16(__sum16 *sum, struct sk_buff *skb, const __be32 *from,
			       const __be32 *to, bool pseudohdr)
{
	__wsum diff = 0;

	for (int i = 0; i < 4; i++)
		diff = csum_add(csum_sub(diff, (__wsum)from[i]), (__wsum)to[i]);
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		csum_replace_by_diff(sum, diff);
	else if (pseudohdr)
		*sum = (__sum16)~csum_fold(csum_add(diff, csum_unfold(*sum)));
}

void inet_proto_csum_replace_by_diff(__sum16 *sum, struct sk_buff *skb, __wsum diff,
				     bool pseudohdr, bool ipv6)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		csum_replace_by_diff(sum, diff);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr && !ipv6)
			skb->csum = ~csum_sub(diff, skb->csum);
	} else if (pseudohdr) {
		*sum = (__sum16)~csum_fold(csum_add(diff, csum_unfold(*sum)));
	}
}

/* Sums [offset, offset + len) of @skb (already checked in range and
 * readable) into @csum; @pos is where the range starts in the caller's sum. */
static __wsum __skb_checksum(const struct sk_buff *skb, int offset, int len,
			     __wsum csum, int pos)
{
	int start = (int)skb_headlen(skb);
	int i, copy = start - offset;
	const struct sk_buff *frag_iter;

	if (copy > 0) {
		if (copy > len)
			copy = len;
		csum = csum_block_add(csum, csum_partial(skb->data + offset, copy, 0), pos);
		if ((len -= copy) == 0)
			return csum;
		offset += copy;
		pos += copy;
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		int end = start + (int)skb_frag_size(frag);

		copy = end - offset;
		if (copy > 0) {
			const unsigned char *va = skb_frag_address(frag);

			if (copy > len)
				copy = len;
			if (va == NULL)		/* checked by the caller */
				return 0;
			csum = csum_block_add(csum, csum_partial(va + (offset - start), copy, 0),
					      pos);
			if ((len -= copy) == 0)
				return csum;
			offset += copy;
			pos += copy;
		}
		start = end;
	}
	skb_walk_frags(skb, frag_iter) {
		int end = start + (int)frag_iter->len;

		copy = end - offset;
		if (copy > 0) {
			if (copy > len)
				copy = len;
			csum = csum_block_add(csum, __skb_checksum(frag_iter, offset - start,
								  copy, 0, 0), pos);
			if ((len -= copy) == 0)
				return csum;
			offset += copy;
			pos += copy;
		}
		start = end;
	}
	return csum;
}

__wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum csum)
{
	if (unlikely(skb == NULL || offset < 0 || len < 0 ||
		     (unsigned int)offset > skb->len ||
		     (unsigned int)len > skb->len - (unsigned int)offset)) {
		nm_misuse("skb_checksum: range [%d, +%d) outside skb %p (len %u)", offset, len,
			  (const void *)skb, skb ? skb->len : 0);
		return 0;
	}
	if (len == 0)
		return csum;
	if (unlikely(!nm_skb_range_readable(skb, offset, len))) {
		nm_misuse("skb_checksum: range [%d, +%d) of skb %p is unreadable (net_iov)",
			  offset, len, (const void *)skb);
		return 0;
	}
	return __skb_checksum(skb, offset, len, csum, 0);
}

int skb_checksum_help(struct sk_buff *skb)
{
	unsigned int offset, csum_at;
	__sum16 folded;
	__wsum csum;
	int ret;

	if (skb->ip_summed == CHECKSUM_COMPLETE)
		goto out_set_summed;
	/* CHECKSUM_NONE / UNNECESSARY: nothing left to compute (the kernel's
	 * callers never ask; it would use a stale csum_start). */
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	/* The kernel's return values, in its order: a GSO skb is a bad
	 * offload (WARN, -EINVAL: the checksum is per segment), unreadable
	 * frags -EFAULT, then the offsets (WARN, -EINVAL). */
	if (unlikely(skb_is_gso(skb))) {
		nm_warn("skb_checksum_help: GSO skb %p (gso_size %u): segment it first",
			(void *)skb, skb_shinfo(skb)->gso_size);
		return -EINVAL;
	}
	/* Nothing may be read from, or written to, device memory: refuse before
	 * touching anything (no un-cloning, no linearising). A net_iov in a
	 * frag_list member is found by the range. */
	if (unlikely(!skb_frags_readable(skb) ||
		     !nm_skb_range_readable(skb, (int)skb_headlen(skb),
					    (int)skb->data_len)))
		return -EFAULT;
	/* Frags others may write under us: sum a private copy. */
	if (skb_is_nonlinear(skb) && (skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG)) {
		ret = skb_linearize(skb);
		if (ret)
			return ret;
	}
	offset = (unsigned int)skb_checksum_start_offset(skb);
	/* The checksum starts in the linear part and its field fits there too
	 * (a csum_start before data is a huge offset, as in the kernel). */
	if (unlikely(offset >= skb_headlen(skb))) {
		nm_warn("skb_checksum_help: offset (%d) >= skb_headlen() (%u)",
			skb_checksum_start_offset(skb), skb_headlen(skb));
		return -EINVAL;
	}
	csum_at = offset + skb->csum_offset;
	if (unlikely(csum_at + sizeof(__sum16) > skb_headlen(skb))) {
		nm_warn("skb_checksum_help: offset+2 (%zu) > skb_headlen() (%u)",
			csum_at + sizeof(__sum16), skb_headlen(skb));
		return -EINVAL;
	}
	csum = __skb_checksum(skb, (int)offset, (int)(skb->len - offset), 0, 0);
	ret = skb_ensure_writable(skb, csum_at + sizeof(__sum16));
	if (ret)
		return ret;
	folded = csum_fold(csum);
	if (folded == 0)
		folded = CSUM_MANGLED_0;	/* 0 means "no checksum" to UDP */
	memcpy(skb->data + csum_at, &folded, sizeof(folded));
out_set_summed:
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/* CRC32c (Castagnoli) register after [offset, offset + len) of @skb, from
 * @crc (no final inversion), read in aligned pieces; the range is checked
 * readable by the caller. */
static uint32_t skb_crc32c(const struct sk_buff *skb, int offset, int len, uint32_t crc)
{
	uint8_t buf[256] __attribute__((aligned(8)));

	while (len > 0) {
		int n = len < (int)sizeof(buf) ? len : (int)sizeof(buf);

		if (skb_copy_bits(skb, offset, buf, n) != 0)
			break;
		crc = rte_hash_crc(buf, (uint32_t)n, crc);
		offset += n;
		len -= n;
	}
	return crc;
}

/* The SCTP checksum field's offset in its header (struct sctphdr). */
#define SCTP_CHECKSUM_OFFSET	8

int skb_crc32c_csum_help(struct sk_buff *skb)
{
	unsigned int start, offset;
	uint32_t crc;
	int ret;

	if (skb->ip_summed != CHECKSUM_PARTIAL || unlikely(skb_is_gso(skb)))
		return 0;
	if (unlikely(!nm_skb_range_readable(skb, 0, (int)skb->len)))
		return -EFAULT;
	/* Frags others may write under us: sum a private copy. */
	if (skb_is_nonlinear(skb) && (skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG)) {
		ret = skb_linearize(skb);
		if (ret)
			return ret;
	}
	start = (unsigned int)skb_checksum_start_offset(skb);
	offset = start + SCTP_CHECKSUM_OFFSET;
	if (unlikely(skb->csum_start < skb_headroom(skb) || offset >= skb_headlen(skb))) {
		nm_warn("skb_crc32c_csum_help: checksum at %u outside the linear part (%u bytes)",
			offset, skb_headlen(skb));
		return -EINVAL;
	}
	ret = skb_ensure_writable(skb, offset + sizeof(uint32_t));
	if (ret)
		return ret;
	crc = ~skb_crc32c(skb, (int)start, (int)(skb->len - start), ~0u);
	crc = rte_cpu_to_le_32(crc);
	memcpy(skb->data + offset, &crc, sizeof(crc));
	skb_reset_csum_not_inet(skb);
	return 0;
}
