/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/limits.h of the kernel-style include tree: the system's uapi header
 * (PATH_MAX, NAME_MAX...) plus the kernel's U8_MAX..S64_MIN.
 *
 * glibc's <limits.h> includes this header, so it includes nothing else and
 * spells the types out (u8 is unsigned char, and so on).
 */
#ifndef NM_KERNEL_LINUX_LIMITS_H
#define NM_KERNEL_LINUX_LIMITS_H

#include_next <linux/limits.h>

#define U8_MAX		((unsigned char)~0U)
#define S8_MAX		((signed char)(U8_MAX >> 1))
#define S8_MIN		((signed char)(-S8_MAX - 1))
#define U16_MAX		((unsigned short)~0U)
#define S16_MAX		((short)(U16_MAX >> 1))
#define S16_MIN		((short)(-S16_MAX - 1))
#define U32_MAX		((unsigned int)~0U)
#define U32_MIN		((unsigned int)0)
#define S32_MAX		((int)(U32_MAX >> 1))
#define S32_MIN		((int)(-S32_MAX - 1))
#define U64_MAX		((unsigned long long)~0ULL)
#define S64_MAX		((long long)(U64_MAX >> 1))
#define S64_MIN		((long long)(-S64_MAX - 1))

#endif /* NM_KERNEL_LINUX_LIMITS_H */
