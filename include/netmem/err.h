/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Error pointers, as in the kernel's linux/err.h: a constructor mirrored
 * from the kernel returns either a valid pointer or ERR_PTR(-errno).
 */
#ifndef NETMEM_ERR_H
#define NETMEM_ERR_H

#include <stdbool.h>
#include <stdint.h>

/** Largest errno value an error pointer can carry. */
#define MAX_ERRNO	4095

/**
 * True when @p x (an unsigned long) is an encoded -errno.
 * @param x a value or pointer converted to unsigned long.
 * @return true for the last MAX_ERRNO values (-4095..-1).
 */
#define IS_ERR_VALUE(x)	((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

/**
 * Encodes -errno @p error as a pointer.
 * @param error a negative errno (-MAX_ERRNO..-1).
 * @return a pointer value IS_ERR() recognises; never dereference it.
 */
static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

/**
 * Decodes the -errno carried by @p ptr.
 * @param ptr an error pointer (IS_ERR() true).
 * @return the negative errno it carries.
 */
static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

/**
 * True when @p ptr carries an error.
 * @param ptr any pointer value.
 * @return true when @p ptr lies in the last MAX_ERRNO addresses (an ERR_PTR()).
 */
static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

/**
 * True when @p ptr is NULL or carries an error.
 * @param ptr any pointer value.
 * @return true for NULL or an ERR_PTR().
 */
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

/**
 * Casts an error pointer to another pointer type.
 * @param ptr an error pointer.
 * @return @p ptr as a pointer of another type, still carrying the error.
 */
static inline void *ERR_CAST(const void *ptr)
{
	return (void *)(uintptr_t)ptr;
}

/**
 * 0 when @p ptr is valid, else its -errno.
 * @param ptr a valid pointer or an ERR_PTR().
 * @return 0 for a valid pointer (NULL included), the negative errno otherwise.
 */
static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif /* NETMEM_ERR_H */
