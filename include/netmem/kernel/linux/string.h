/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/string.h of the kernel-style include tree: the C string functions
 * (glibc's <string.h>) plus the kernel's strscpy(), strscpy_pad(),
 * memzero_explicit() and memchr_inv().
 */
#ifndef NM_KERNEL_LINUX_STRING_H
#define NM_KERNEL_LINUX_STRING_H

#include <string.h>
#include <sys/types.h>

#include <linux/errno.h>
#include <linux/types.h>

/**
 * Copies string @p src into @p dst of @p size bytes, always NUL-terminated
 * (when size > 0). Returns the length copied, or -E2BIG when @p src did not
 * fit (dst then holds the truncated string).
 */
static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (size == 0)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}

/** strscpy() that also clears the rest of @p dst. */
static inline ssize_t strscpy_pad(char *dst, const char *src, size_t size)
{
	ssize_t n = strscpy(dst, src, size);
	size_t used = n < 0 ? size : (size_t)n + 1;

	if (used < size)
		memset(dst + used, 0, size - used);
	return n;
}

/** Clears @p n bytes at @p s; the compiler does not drop it. */
static inline void memzero_explicit(void *s, size_t n)
{
	memset(s, 0, n);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

/** The first byte of [@p start, +@p bytes) that is not @p c, or NULL. */
static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = (const unsigned char *)start;

	for (size_t i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(uintptr_t)(p + i);
	return NULL;
}

#endif /* NM_KERNEL_LINUX_STRING_H */
