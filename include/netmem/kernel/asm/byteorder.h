/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * asm/byteorder.h of the kernel-style include tree: the system's uapi header
 * (__cpu_to_be16... and __LITTLE_ENDIAN_BITFIELD), then the kernel's
 * cpu_to_be16()/be16_to_cpu()/cpu_to_le32()... family, their pointer forms
 * (be16_to_cpup()...), the *_add_cpu() helpers, and htons()/ntohs()/
 * htonl()/ntohl().
 *
 * Every conversion of a constant is an integer constant expression (a
 * byte swap the compiler folds), so `case htons(ETH_P_8021Q):` compiles as
 * in the kernel. glibc's <netinet/in.h> declares htons() and friends and
 * may define them as macros that are not constant expressions: it is
 * included first here, and its macros are replaced by these. Include this
 * header (or any of the tree that includes it) rather than defining htons
 * yourself.
 */
#ifndef NM_KERNEL_ASM_BYTEORDER_H
#define NM_KERNEL_ASM_BYTEORDER_H

#include_next <asm/byteorder.h>

#include <netinet/in.h>

#include <linux/types.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __nm_be16(x)	((__u16)__builtin_bswap16((__u16)(x)))
#define __nm_be32(x)	((__u32)__builtin_bswap32((__u32)(x)))
#define __nm_be64(x)	((__u64)__builtin_bswap64((__u64)(x)))
#define __nm_le16(x)	((__u16)(x))
#define __nm_le32(x)	((__u32)(x))
#define __nm_le64(x)	((__u64)(x))
#else
#define __nm_be16(x)	((__u16)(x))
#define __nm_be32(x)	((__u32)(x))
#define __nm_be64(x)	((__u64)(x))
#define __nm_le16(x)	((__u16)__builtin_bswap16((__u16)(x)))
#define __nm_le32(x)	((__u32)__builtin_bswap32((__u32)(x)))
#define __nm_le64(x)	((__u64)__builtin_bswap64((__u64)(x)))
#endif

#define cpu_to_be16(x)	((__be16)__nm_be16(x))
#define cpu_to_be32(x)	((__be32)__nm_be32(x))
#define cpu_to_be64(x)	((__be64)__nm_be64(x))
#define be16_to_cpu(x)	((__u16)__nm_be16(x))
#define be32_to_cpu(x)	((__u32)__nm_be32(x))
#define be64_to_cpu(x)	((__u64)__nm_be64(x))
#define cpu_to_le16(x)	((__le16)__nm_le16(x))
#define cpu_to_le32(x)	((__le32)__nm_le32(x))
#define cpu_to_le64(x)	((__le64)__nm_le64(x))
#define le16_to_cpu(x)	((__u16)__nm_le16(x))
#define le32_to_cpu(x)	((__u32)__nm_le32(x))
#define le64_to_cpu(x)	((__u64)__nm_le64(x))

#define be16_to_cpup(p)	be16_to_cpu(*(const __be16 *)(p))
#define be32_to_cpup(p)	be32_to_cpu(*(const __be32 *)(p))
#define be64_to_cpup(p)	be64_to_cpu(*(const __be64 *)(p))
#define le16_to_cpup(p)	le16_to_cpu(*(const __le16 *)(p))
#define le32_to_cpup(p)	le32_to_cpu(*(const __le32 *)(p))
#define le64_to_cpup(p)	le64_to_cpu(*(const __le64 *)(p))
#define cpu_to_be16p(p)	cpu_to_be16(*(const __u16 *)(p))
#define cpu_to_be32p(p)	cpu_to_be32(*(const __u32 *)(p))
#define cpu_to_le16p(p)	cpu_to_le16(*(const __u16 *)(p))
#define cpu_to_le32p(p)	cpu_to_le32(*(const __u32 *)(p))

/** *@p var += @p val, @p var in big endian. */
static inline void be16_add_cpu(__be16 *var, u16 val)
{
	*var = cpu_to_be16((u16)(be16_to_cpu(*var) + val));
}

static inline void be32_add_cpu(__be32 *var, u32 val)
{
	*var = cpu_to_be32(be32_to_cpu(*var) + val);
}

static inline void le16_add_cpu(__le16 *var, u16 val)
{
	*var = cpu_to_le16((u16)(le16_to_cpu(*var) + val));
}

static inline void le32_add_cpu(__le32 *var, u32 val)
{
	*var = cpu_to_le32(le32_to_cpu(*var) + val);
}

/* the kernel's network byte order names, constant expressions */
#undef htons
#undef ntohs
#undef htonl
#undef ntohl
#define htons(x)	cpu_to_be16(x)
#define ntohs(x)	be16_to_cpu(x)
#define htonl(x)	cpu_to_be32(x)
#define ntohl(x)	be32_to_cpu(x)

#endif /* NM_KERNEL_ASM_BYTEORDER_H */
