/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/skb: the ones'-complement sum under csum_partial(), as a
 * portable C version every architecture has and, on x86-64 (meson's
 * -Dsimd=auto), a version whose main loop is an add-with-carry chain over
 * 64-byte blocks. Both give sums congruent modulo 0xffff (csum_fold() of
 * either is the same); tests/test_csum.c compares them over random
 * buffers, lengths and alignments. do_csum() is the one the build uses.
 */
#ifndef SKB_CSUM_SUM_H
#define SKB_CSUM_SUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nm_simd.h"		/* NM_SIMD_SSE2: the x86-64 fast paths */

/* Folds a 64-bit accumulator of 32-bit words to a 32-bit partial sum. */
static inline uint32_t csum_from64(uint64_t s)
{
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffffffu) + (s >> 32);
	return (uint32_t)s;
}

/*
 * Sum of [p, p + len) as 32-bit words in memory order (equivalent to 16-bit
 * words modulo 0xffff). 64-bit loads with end-around carry; unaligned loads
 * through memcpy, which the compiler turns into plain loads.
 */
static inline uint32_t csum_sum_generic(const unsigned char *p, size_t len)
{
	uint64_t sum = 0, v, carry = 0;

	while (len >= 32) {
		uint64_t w[4];

		memcpy(w, p, sizeof(w));
		for (int k = 0; k < 4; k++) {
			sum += w[k];
			carry += sum < w[k];
		}
		p += 32;
		len -= 32;
	}
	while (len >= 8) {
		memcpy(&v, p, 8);
		sum += v;
		carry += sum < v;
		p += 8;
		len -= 8;
	}
	/* sum + carry * 2^64 == sum + carry (mod 2^64 - 1, hence mod 0xffff) */
	sum += carry;
	sum += sum < carry;
	sum = csum_from64(sum);		/* < 2^32: the tail cannot overflow */
	if (len >= 4) {
		uint32_t w;

		memcpy(&w, p, 4);
		sum += w;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t w;

		memcpy(&w, p, 2);
		sum += w;
		p += 2;
		len -= 2;
	}
	if (len) {
		uint16_t w = 0;

		/* The odd byte is the first byte of a word padded with zero. */
		memcpy(&w, p, 1);
		sum += w;
	}
	return csum_from64(sum);
}

#if defined(__x86_64__) && (NM_SIMD_SSE2 || defined(NM_CSUM_ALL))
/*
 * x86-64: 64-byte blocks summed by one adc chain (eight 64-bit loads, the
 * carry of each add into the next, the last carry folded in before the
 * loop's lea/dec, which leave CF alone), then the rest by the portable
 * code. The rest starts a multiple of 8 bytes in, so its words line up
 * with the blocks': the two sums add as one.
 */
static inline uint32_t csum_sum_x86(const unsigned char *p, size_t len)
{
	size_t blocks = len / 64;
	uint64_t sum = 0, rest;

	if (blocks != 0) {
		__asm__("1:\n\t"
			"addq 0(%[p]), %[s]\n\t"
			"adcq 8(%[p]), %[s]\n\t"
			"adcq 16(%[p]), %[s]\n\t"
			"adcq 24(%[p]), %[s]\n\t"
			"adcq 32(%[p]), %[s]\n\t"
			"adcq 40(%[p]), %[s]\n\t"
			"adcq 48(%[p]), %[s]\n\t"
			"adcq 56(%[p]), %[s]\n\t"
			"adcq $0, %[s]\n\t"
			"leaq 64(%[p]), %[p]\n\t"
			"decq %[n]\n\t"
			"jnz 1b"
			: [s] "+r"(sum), [p] "+r"(p), [n] "+r"(blocks)
			: "m"(*(const unsigned char (*)[len])p)
			: "cc");
	}
	rest = (uint64_t)csum_from64(sum) + csum_sum_generic(p, len % 64);
	return csum_from64(rest);
}
#endif

#if defined(__x86_64__) && NM_SIMD_SSE2
#define do_csum		csum_sum_x86
#else
#define do_csum		csum_sum_generic
#endif

#endif /* SKB_CSUM_SUM_H */
