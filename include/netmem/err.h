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

/** True when @p x (an unsigned long) is an encoded -errno. */
#define IS_ERR_VALUE(x)	((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

/** Encodes -errno @p error as a pointer. */
static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

/** Decodes the -errno carried by @p ptr. */
static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

/** True when @p ptr carries an error. */
static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

/** True when @p ptr is NULL or carries an error. */
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

/** Casts an error pointer to another pointer type. */
static inline void *ERR_CAST(const void *ptr)
{
	return (void *)(uintptr_t)ptr;
}

/** 0 when @p ptr is valid, else its -errno. */
static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif /* NETMEM_ERR_H */
