/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/bitops.h of the kernel-style include tree: bit operations on arrays
 * of unsigned long (set_bit(), clear_bit(), change_bit(), test_bit(), the
 * test_and_*() family, atomic; the __ variants are not), __ffs(), fls(),
 * __fls(), fls64(), ffz(), hweight*(), rol32()/ror32(), sign_extend32/64(),
 * find_first_bit(), find_next_bit(), for_each_set_bit().
 *
 * ffs() is glibc's (<strings.h>), with the kernel's meaning. The atomic
 * operations are sequentially consistent read-modify-writes (the kernel's
 * non-returning ones are relaxed, which this satisfies).
 */
#ifndef NM_KERNEL_LINUX_BITOPS_H
#define NM_KERNEL_LINUX_BITOPS_H

#include <strings.h>

#include <linux/bits.h>
#include <linux/math.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define BITS_TO_U64(nr)		DIV_ROUND_UP_ULL(nr, 64)
#define BITS_TO_U32(nr)		(((nr) + 31) / 32)
#define BITS_TO_BYTES(nr)	(((nr) + 7) / 8)

/** Atomically sets bit @p nr of the bitmap at @p addr. */
static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST);
}

/** Atomically clears bit @p nr. */
static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST);
}

/** Atomically flips bit @p nr. */
static inline void change_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_xor(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST);
}

/** Sets bit @p nr (not atomic). */
static inline void __set_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

/** Clears bit @p nr (not atomic). */
static inline void __clear_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

/** Flips bit @p nr (not atomic). */
static inline void __change_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

/** True when bit @p nr is set. */
static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

/** Atomically sets bit @p nr; true when it was set before. */
static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	unsigned long old = __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr),
					      __ATOMIC_SEQ_CST);

	return (old & BIT_MASK(nr)) != 0;
}

/** Atomically clears bit @p nr; true when it was set before. */
static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	unsigned long old = __atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr),
					       __ATOMIC_SEQ_CST);

	return (old & BIT_MASK(nr)) != 0;
}

/** Atomically flips bit @p nr; true when it was set before. */
static inline bool test_and_change_bit(long nr, volatile unsigned long *addr)
{
	unsigned long old = __atomic_fetch_xor(&addr[BIT_WORD(nr)], BIT_MASK(nr),
					       __ATOMIC_SEQ_CST);

	return (old & BIT_MASK(nr)) != 0;
}

/** test_and_set_bit(), not atomic. */
static inline bool __test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__set_bit(nr, addr);
	return old;
}

/** test_and_clear_bit(), not atomic. */
static inline bool __test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__clear_bit(nr, addr);
	return old;
}

/** Index of the lowest set bit of @p word (undefined for 0). */
static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/** Index of the highest set bit of @p word (undefined for 0). */
static inline unsigned long __fls(unsigned long word)
{
	return (unsigned long)(BITS_PER_LONG - 1 - __builtin_clzl(word));
}

/** Index of the lowest clear bit of @p word (undefined for ~0UL). */
static inline unsigned long ffz(unsigned long word)
{
	return __ffs(~word);
}

/** 1-based index of the highest set bit of @p x, 0 for 0. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/** 1-based index of the highest set bit of @p x, 0 for 0. */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/** fls() of an unsigned long. */
static inline unsigned int fls_long(unsigned long l)
{
	return (unsigned int)fls64(l);
}

/** Bits set in @p w. */
static inline unsigned int hweight8(unsigned int w)
{
	return (unsigned int)__builtin_popcount(w & 0xffu);
}

static inline unsigned int hweight16(unsigned int w)
{
	return (unsigned int)__builtin_popcount(w & 0xffffu);
}

static inline unsigned int hweight32(unsigned int w)
{
	return (unsigned int)__builtin_popcount(w);
}

static inline unsigned long hweight64(u64 w)
{
	return (unsigned long)__builtin_popcountll(w);
}

static inline unsigned long hweight_long(unsigned long w)
{
	return (unsigned long)__builtin_popcountl(w);
}

/** @p word rotated left by @p shift (0..31). */
static inline u32 rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

/** @p word rotated right by @p shift (0..31). */
static inline u32 ror32(u32 word, unsigned int shift)
{
	return (word >> (shift & 31)) | (word << ((-shift) & 31));
}

/** @p value with bit @p index as its sign bit, sign-extended. */
static inline s32 sign_extend32(u32 value, int index)
{
	u8 shift = (u8)(31 - index);

	return (s32)(value << shift) >> shift;
}

static inline s64 sign_extend64(u64 value, int index)
{
	u8 shift = (u8)(63 - index);

	return (s64)(value << shift) >> shift;
}

/** Index of the first set bit at or after @p offset, or @p size. */
static inline unsigned long find_next_bit(const unsigned long *addr,
					  unsigned long size, unsigned long offset)
{
	while (offset < size) {
		unsigned long word = addr[BIT_WORD(offset)] >> (offset % BITS_PER_LONG);

		if (word) {
			offset += __ffs(word);
			return offset < size ? offset : size;
		}
		offset = (BIT_WORD(offset) + 1) * BITS_PER_LONG;
	}
	return size;
}

/** Index of the first set bit, or @p size. */
static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

/** Index of the first clear bit at or after @p offset, or @p size. */
static inline unsigned long find_next_zero_bit(const unsigned long *addr,
					       unsigned long size, unsigned long offset)
{
	for (; offset < size; offset++)
		if (!test_bit((long)offset, addr))
			return offset;
	return size;
}

/** Index of the first clear bit, or @p size. */
static inline unsigned long find_first_zero_bit(const unsigned long *addr,
						unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

/** Iterates @p bit over the set bits of the bitmap @p addr of @p size bits. */
#define for_each_set_bit(bit, addr, size) \
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

#endif /* NM_KERNEL_LINUX_BITOPS_H */
