/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/unaligned.h of the kernel-style include tree (asm/unaligned.h before
 * 6.12): get_unaligned(), put_unaligned() of any scalar type, and
 * get/put_unaligned_{be,le}{16,24,32,48,64}() reading and writing byte
 * order at any address.
 */
#ifndef NM_KERNEL_LINUX_UNALIGNED_H
#define NM_KERNEL_LINUX_UNALIGNED_H

#include <linux/types.h>
#include <asm/byteorder.h>

/* a one-member packed struct: the compiler emits an access safe at any
 * alignment, one load/store where the CPU allows it */
#define get_unaligned(ptr) \
	(((const struct { __typeof__(*(ptr)) __nm_v; } __attribute__((__packed__)) *) \
	  (ptr))->__nm_v)
#define put_unaligned(val, ptr) \
	do { \
		((struct { __typeof__(*(ptr)) __nm_v; } __attribute__((__packed__)) *) \
		 (ptr))->__nm_v = (val); \
	} while (0)

static inline u16 get_unaligned_le16(const void *p)
{
	return le16_to_cpu(get_unaligned((const __le16 *)p));
}

static inline u32 get_unaligned_le32(const void *p)
{
	return le32_to_cpu(get_unaligned((const __le32 *)p));
}

static inline u64 get_unaligned_le64(const void *p)
{
	return le64_to_cpu(get_unaligned((const __le64 *)p));
}

static inline u16 get_unaligned_be16(const void *p)
{
	return be16_to_cpu(get_unaligned((const __be16 *)p));
}

static inline u32 get_unaligned_be32(const void *p)
{
	return be32_to_cpu(get_unaligned((const __be32 *)p));
}

static inline u64 get_unaligned_be64(const void *p)
{
	return be64_to_cpu(get_unaligned((const __be64 *)p));
}

static inline void put_unaligned_le16(u16 val, void *p)
{
	put_unaligned(cpu_to_le16(val), (__le16 *)p);
}

static inline void put_unaligned_le32(u32 val, void *p)
{
	put_unaligned(cpu_to_le32(val), (__le32 *)p);
}

static inline void put_unaligned_le64(u64 val, void *p)
{
	put_unaligned(cpu_to_le64(val), (__le64 *)p);
}

static inline void put_unaligned_be16(u16 val, void *p)
{
	put_unaligned(cpu_to_be16(val), (__be16 *)p);
}

static inline void put_unaligned_be32(u32 val, void *p)
{
	put_unaligned(cpu_to_be32(val), (__be32 *)p);
}

static inline void put_unaligned_be64(u64 val, void *p)
{
	put_unaligned(cpu_to_be64(val), (__be64 *)p);
}

/* 24- and 48-bit fields, byte by byte */
static inline u32 get_unaligned_be24(const void *p)
{
	const u8 *b = (const u8 *)p;

	return (u32)b[0] << 16 | (u32)b[1] << 8 | b[2];
}

static inline u32 get_unaligned_le24(const void *p)
{
	const u8 *b = (const u8 *)p;

	return (u32)b[2] << 16 | (u32)b[1] << 8 | b[0];
}

static inline u64 get_unaligned_be48(const void *p)
{
	const u8 *b = (const u8 *)p;

	return (u64)get_unaligned_be16(b) << 32 | get_unaligned_be32(b + 2);
}

static inline void put_unaligned_be24(u32 val, void *p)
{
	u8 *b = (u8 *)p;

	b[0] = (u8)(val >> 16);
	b[1] = (u8)(val >> 8);
	b[2] = (u8)val;
}

static inline void put_unaligned_le24(u32 val, void *p)
{
	u8 *b = (u8 *)p;

	b[0] = (u8)val;
	b[1] = (u8)(val >> 8);
	b[2] = (u8)(val >> 16);
}

static inline void put_unaligned_be48(u64 val, void *p)
{
	u8 *b = (u8 *)p;

	put_unaligned_be16((u16)(val >> 32), b);
	put_unaligned_be32((u32)val, b + 2);
}

#endif /* NM_KERNEL_LINUX_UNALIGNED_H */
