/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Internet checksum arithmetic with the kernel's names and semantics
 * (include/net/checksum.h, asm/checksum.h, net/ip6_checksum.h).
 *
 * Three kinds of value:
 *  - __wsum: a 32-bit partial ones'-complement sum of 16-bit words read in
 *    memory order (network order words summed as the CPU sees them). Two
 *    partial sums are equal for checksumming when they are congruent modulo
 *    0xffff; only csum_fold() of one is a checksum.
 *  - __sum16: a folded, complemented 16-bit checksum as it is stored in a
 *    header (memory order, like the header's other bytes).
 *  - a piece of a summed range that starts at an odd offset contributes its
 *    sum rotated by 8 bits (csum_shift(), csum_block_add()).
 *
 * @code
 *	// IPv4 header checksum
 *	iph->check = 0;
 *	iph->check = ip_fast_csum(iph, iph->ihl);
 *	// TCP checksum over the segment th..th+len with the pseudo header
 *	th->check = 0;
 *	th->check = csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP,
 *				      csum_partial(th, len, 0));
 *	// rewrite a port and patch the checksum incrementally (RFC 1624)
 *	csum_replace2(&th->check, th->source, new_port);
 *	th->source = new_port;
 * @endcode
 *
 * The skb-aware helpers (inet_proto_csum_replace*(), which follow
 * skb->ip_summed) are declared here as in the kernel; the skb-level
 * checksum state (skb_checksum_init(), skb_postpull_rcsum(), ...) is in
 * netmem/skb_csum.h.
 */
#ifndef NETMEM_CHECKSUM_H
#define NETMEM_CHECKSUM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <linux/types.h>

#include <netmem/api.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sk_buff;
struct in6_addr;

/** A folded checksum of 0 written as 0xffff: 0 in a UDP header means "no
 *  checksum", so a computed 0 is sent as its other representation. */
#define CSUM_MANGLED_0	((__sum16)0xffff)

/**
 * Partial sum of @p len bytes at @p buff added to @p sum. An odd last byte
 * is the first byte of a word padded with zero.
 * @param buff start of the bytes to sum; any alignment.
 * @param len number of bytes to sum; 0 or less sums nothing.
 * @param sum partial sum to add the bytes to (0 to start a new sum).
 * @return the 32-bit partial sum, not folded: pass it to csum_fold() for a
 *   checksum.
 */
NM_API __wsum csum_partial(const void *buff, int len, __wsum sum);

/**
 * Folds a 32-bit partial sum to 16 bits and complements it.
 * @param csum partial sum to fold.
 * @return the 16-bit complemented checksum as stored in a header.
 */
static inline __sum16 csum_fold(__wsum csum)
{
	uint32_t sum = csum;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

/**
 * Adds two partial sums with end-around carry.
 * @param csum partial sum.
 * @param addend partial sum to add.
 * @return @p csum + @p addend in ones'-complement arithmetic.
 */
static inline __wsum csum_add(__wsum csum, __wsum addend)
{
	uint32_t res = csum + addend;

	return res + (res < addend);
}

/**
 * Subtracts @p addend: adds its ones'-complement.
 * @param csum partial sum.
 * @param addend partial sum to take away.
 * @return @p csum - @p addend in ones'-complement arithmetic.
 */
static inline __wsum csum_sub(__wsum csum, __wsum addend)
{
	return csum_add(csum, ~addend);
}

/**
 * 16-bit ones'-complement addition, for folded values.
 * @param csum folded 16-bit value.
 * @param addend 16-bit word (network order) to add.
 * @return the 16-bit ones'-complement sum.
 */
static inline __sum16 csum16_add(__sum16 csum, __be16 addend)
{
	uint16_t res = (uint16_t)(csum + addend);

	return (__sum16)(res + (res < addend));
}

/**
 * Removes @p addend from the folded checksum @p csum.
 * @param csum folded 16-bit value.
 * @param addend 16-bit word (network order) to remove.
 * @return @p csum with @p addend taken away.
 */
static inline __sum16 csum16_sub(__sum16 csum, __be16 addend)
{
	return csum16_add(csum, (__be16)~addend);
}

/** The partial sum of a piece at @p offset of a summed range, aligned to the
 *  range's 16-bit words: rotated by 8 bits when @p offset is odd.
 * @param sum partial sum of the piece, computed from its own first byte.
 * @param offset offset of the piece in the summed range.
 * @return @p sum as it counts at @p offset of the range.
 */
static inline __wsum csum_shift(__wsum sum, int offset)
{
	uint32_t s = sum;

	if (offset & 1)
		return (s >> 8) | (s << 24);
	return sum;
}

/**
 * Adds the sum @p csum2 of a piece that starts at @p offset.
 * @param csum partial sum of the range so far.
 * @param csum2 partial sum of the piece, computed from its own first byte.
 * @param offset offset of the piece in the range.
 * @return @p csum with the piece added.
 */
static inline __wsum csum_block_add(__wsum csum, __wsum csum2, int offset)
{
	return csum_add(csum, csum_shift(csum2, offset));
}

/**
 * As csum_block_add(), removing the piece.
 * @param csum partial sum of the range.
 * @param csum2 partial sum of the piece, computed from its own first byte.
 * @param offset offset of the piece in the range.
 * @return @p csum with the piece taken away.
 */
static inline __wsum csum_block_sub(__wsum csum, __wsum csum2, int offset)
{
	return csum_block_add(csum, ~csum2, offset);
}

/**
 * As csum_block_add(); @p len is unused (the kernel's skb_checksum ops).
 * @param csum partial sum of the range so far.
 * @param csum2 partial sum of the piece.
 * @param offset offset of the piece in the range.
 * @param len length of the piece (unused).
 * @return @p csum with the piece added.
 */
static inline __wsum csum_block_add_ext(__wsum csum, __wsum csum2, int offset, int len)
{
	(void)len;
	return csum_block_add(csum, csum2, offset);
}

/**
 * A folded checksum as a partial sum (no complement).
 * @param n folded checksum (as read from a header).
 * @return @p n widened to a partial sum.
 */
static inline __wsum csum_unfold(__sum16 n)
{
	return (__wsum)n;
}

/**
 * csum_partial() (the kernel's hook for other implementations).
 * @param buff start of the bytes to sum.
 * @param len number of bytes.
 * @param sum partial sum to add to.
 * @return csum_partial(@p buff, @p len, @p sum).
 */
static inline __wsum csum_partial_ext(const void *buff, int len, __wsum sum)
{
	return csum_partial(buff, len, sum);
}

/**
 * The two's-complement negation of a partial sum (skb_postpull_rcsum()).
 * @param val partial sum.
 * @return -@p val, which cancels @p val when added.
 */
static inline __wsum wsum_negate(__wsum val)
{
	return (__wsum)-(uint32_t)val;
}

/**
 * Copies @p len bytes and returns their partial sum.
 * @param src bytes to copy.
 * @param dst destination, @p len bytes, not overlapping @p src.
 * @param len number of bytes; 0 or less copies nothing.
 * @return the partial sum of the copied bytes, started at 0.
 */
static inline __wsum csum_partial_copy_nocheck(const void *src, void *dst, int len)
{
	if (len > 0)
		memcpy(dst, src, (size_t)len);
	return csum_partial(dst, len, 0);
}

/**
 * The kernel copies from a user pointer and returns the sum started at ~0
 * (never 0), or 0 when the copy faulted. In user space the copy cannot
 * fault: the result is never 0.
 * @param src bytes to copy (the kernel's user pointer).
 * @param dst destination, @p len bytes.
 * @param len number of bytes; 0 or less copies nothing.
 * @return the partial sum of the copied bytes started at ~0; never 0 here.
 */
static inline __wsum csum_and_copy_from_user(const void *src, void *dst, int len)
{
	if (len > 0)
		memcpy(dst, src, (size_t)len);
	return csum_partial(dst, len, ~0U);
}

/**
 * As csum_and_copy_from_user(), towards the "user" buffer.
 * @param src bytes to copy.
 * @param dst destination (the kernel's user pointer), @p len bytes.
 * @param len number of bytes; 0 or less copies nothing.
 * @return the partial sum of the bytes started at ~0; never 0 here.
 */
static inline __wsum csum_and_copy_to_user(const void *src, void *dst, int len)
{
	__wsum sum = csum_partial(src, len, ~0U);

	if (len > 0)
		memcpy(dst, src, (size_t)len);
	return sum;
}

/**
 * Patches the checksum at @p sum for a change whose partial sum is @p diff.
 * @param sum checksum field in the header, updated in place.
 * @param diff partial sum of the change (new words minus old words).
 */
static inline void csum_replace_by_diff(__sum16 *sum, __wsum diff)
{
	*sum = csum_fold(csum_add(diff, ~csum_unfold(*sum)));
}

/**
 * Patches @p sum for a 32-bit field that changes from @p from to @p to.
 * @param sum checksum field in the header, updated in place.
 * @param from old value of the 32-bit field (network order).
 * @param to new value of the field (network order).
 */
static inline void csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	__wsum tmp = csum_sub(~csum_unfold(*sum), (__wsum)from);

	*sum = csum_fold(csum_add(tmp, (__wsum)to));
}

/** Patches @p sum for a 16-bit field that changes from @p old to @p new_
 *  (RFC 1624: HC' = ~(~HC + ~m + m')).
 * @param sum checksum field in the header, updated in place.
 * @param old old value of the 16-bit field (network order).
 * @param new_ new value of the field (network order).
 */
static inline void csum_replace2(__sum16 *sum, __be16 old, __be16 new_)
{
	*sum = (__sum16)~csum16_add(csum16_sub((__sum16)~(*sum), old), new_);
}

/**
 * Replaces @p old by @p new_ inside the partial sum @p csum.
 * @param csum partial sum, updated in place.
 * @param old partial sum of the old data.
 * @param new_ partial sum of the new data.
 */
static inline void csum_replace(__wsum *csum, __wsum old, __wsum new_)
{
	*csum = csum_add(csum_sub(*csum, old), new_);
}

/**
 * Patches the L4 checksum at @p sum of @p skb for a 32-bit field changing
 * from @p from to @p to, as the kernel (net/core/utils.c): with
 * CHECKSUM_PARTIAL the field holds the pseudo-header sum, patched only when
 * @p pseudohdr (the field is part of the pseudo header); otherwise the
 * checksum is patched, and a CHECKSUM_COMPLETE skb->csum follows when
 * @p pseudohdr (the L4 checksum changed, the pseudo header is outside
 * skb->csum).
 * @param sum L4 checksum field inside @p skb's data, updated in place.
 * @param skb packet whose field changes; its ip_summed and csum are followed.
 * @param from old value of the field (network order).
 * @param to new value of the field (network order).
 * @param pseudohdr true when the field is part of the pseudo header (an IP
 *   address), false for a field covered only by the L4 checksum (a port).
 */
NM_API void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb, __be32 from,
				     __be32 to, bool pseudohdr);

/** As inet_proto_csum_replace4() for a 128-bit field (an IPv6 address);
 *  skb->csum is left as is (for IPv6 the address change and the L4
 *  checksum change cancel out in a CHECKSUM_COMPLETE sum).
 * @param sum L4 checksum field inside @p skb's data, updated in place.
 * @param skb packet whose field changes; its ip_summed is followed.
 * @param from old 128-bit value, 4 words in network order.
 * @param to new 128-bit value, 4 words in network order.
 * @param pseudohdr true when the field is part of the pseudo header.
 */
NM_API void inet_proto_csum_replace16(__sum16 *sum, struct sk_buff *skb,
				      const __be32 *from, const __be32 *to, bool pseudohdr);

/**
 * As inet_proto_csum_replace4() for a change given as the partial sum
 * @p diff. @p ipv6: the change is to an IPv6 pseudo header, so a
 * CHECKSUM_COMPLETE skb->csum stays as is (the kernel's signature since
 * 6.16, also in the 6.12 stable series).
 * @param sum L4 checksum field inside @p skb's data, updated in place.
 * @param skb packet whose data changed; its ip_summed and csum are followed.
 * @param diff partial sum of the change (new minus old).
 * @param pseudohdr true when the change is to the pseudo header.
 * @param ipv6 true when the change is to an IPv6 pseudo header.
 */
NM_API void inet_proto_csum_replace_by_diff(__sum16 *sum, struct sk_buff *skb, __wsum diff,
					    bool pseudohdr, bool ipv6);

/**
 * inet_proto_csum_replace4() of a 16-bit field.
 * @param sum L4 checksum field inside @p skb's data, updated in place.
 * @param skb packet whose field changes.
 * @param from old value of the 16-bit field (network order).
 * @param to new value of the field (network order).
 * @param pseudohdr true when the field is part of the pseudo header.
 */
static inline void inet_proto_csum_replace2(__sum16 *sum, struct sk_buff *skb, __be16 from,
					    __be16 to, bool pseudohdr)
{
	inet_proto_csum_replace4(sum, skb, (__be32)from, (__be32)to, pseudohdr);
}

/**
 * Folds a 64-bit accumulator of 32-bit words to a 32-bit partial sum.
 * @param s sum of 32-bit words, carries kept in the upper half.
 * @return the 32-bit partial sum with the carries added back.
 */
static inline __wsum __nm_csum_from64(uint64_t s)
{
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffffffu) + (s >> 32);
	return (__wsum)s;
}

/**
 * The IPv4 header checksum of @p ihl 32-bit words at @p iph (the check field
 * included: 0 when the header is valid, the value to store when check is 0).
 * @param iph IPv4 header; any alignment.
 * @param ihl header length in 32-bit words (iph->ihl, 5..15).
 * @return the folded checksum: 0 for a valid header whose check field is set,
 *   the value to store when the check field is 0.
 */
static inline __sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	const unsigned char *p = (const unsigned char *)iph;
	uint64_t s = 0;
	uint32_t w;

	for (unsigned int i = 0; i < ihl; i++) {
		memcpy(&w, p + 4 * i, sizeof(w));
		s += w;
	}
	return csum_fold(__nm_csum_from64(s));
}

/**
 * Partial sum of the IPv4 pseudo header (@p saddr, @p daddr, protocol
 * @p proto, L4 length @p len) added to @p sum, unfolded.
 * @param saddr IPv4 source address (network order).
 * @param daddr IPv4 destination address (network order).
 * @param len L4 length in bytes (host order): header plus payload.
 * @param proto IP protocol (IPPROTO_TCP, IPPROTO_UDP).
 * @param sum partial sum to add the pseudo header to, e.g. of the segment.
 * @return the unfolded partial sum; with CHECKSUM_PARTIAL it goes, folded but
 *   not complemented (~csum_tcpudp_magic()), into the L4 check field.
 */
static inline __wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, __u32 len, __u8 proto,
					__wsum sum)
{
	uint64_t s = (uint64_t)sum + saddr + daddr;

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	s += (uint64_t)proto + len;
#else
	s += ((uint64_t)proto + len) << 8;
#endif
	return __nm_csum_from64(s);
}

/** The TCP/UDP checksum over IPv4: csum_fold() of the pseudo header added to
 *  @p sum (the segment's partial sum).
 * @param saddr IPv4 source address (network order).
 * @param daddr IPv4 destination address (network order).
 * @param len L4 length in bytes (host order).
 * @param proto IP protocol (IPPROTO_TCP, IPPROTO_UDP).
 * @param sum partial sum of the L4 header and payload, check field as 0.
 * @return the checksum to store in the L4 check field; 0 when verifying a
 *   segment whose check field is set and correct.
 */
static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, __u32 len, __u8 proto,
					__wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

/** The TCP/UDP/ICMPv6 checksum over IPv6: the pseudo header (addresses, L4
 *  length @p len, next header @p proto) added to @p csum, folded.
 * @param saddr IPv6 source address.
 * @param daddr IPv6 destination address.
 * @param len L4 length in bytes (host order).
 * @param proto next header (IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMPV6).
 * @param csum partial sum of the L4 header and payload.
 * @return the folded, complemented checksum to store; 0 when verifying a
 *   correct segment.
 */
NM_API __sum16 csum_ipv6_magic(const struct in6_addr *saddr, const struct in6_addr *daddr,
			       __u32 len, __u8 proto, __wsum csum);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_CHECKSUM_H */
