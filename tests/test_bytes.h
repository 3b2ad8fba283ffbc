/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the tests that check packets byte by byte: big-endian field
 * access and an Internet checksum written independently of the library's
 * (16-bit big-endian words, one byte at a time), to judge its results.
 */
#ifndef NM_TEST_BYTES_H
#define NM_TEST_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* Adds @n bytes at @p to the running sum @s. */
static inline uint64_t ref_sum(const uint8_t *p, size_t n, uint64_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint64_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint64_t)p[n - 1] << 8;
	return s;
}

/* Folds a running sum to 16 bits (not complemented). */
static inline uint16_t ref_fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

#endif /* NM_TEST_BYTES_H */
