/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/refcount.h of the kernel-style include tree: refcount_t with
 * refcount_set(), refcount_read(), refcount_inc(), refcount_add(),
 * refcount_inc_not_zero(), refcount_dec(), refcount_dec_and_test(),
 * refcount_sub_and_test(), REFCOUNT_INIT().
 *
 * As in the kernel, misuse does not wrap: an increment from 0 (a
 * use-after-free) or a decrement below 0 is a WARN_ONCE (here: a counted
 * misuse, nm_misuse_count()) and the count saturates at REFCOUNT_SATURATED
 * so the object leaks rather than being freed twice. Difference: the
 * kernel saturates at INT_MIN / 2 with a different threshold check; the
 * value here is the same, the detection is exact for the cases above.
 */
#ifndef NM_KERNEL_LINUX_REFCOUNT_H
#define NM_KERNEL_LINUX_REFCOUNT_H

#include <limits.h>

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/limits.h>
#include <linux/types.h>

/** A reference count. */
typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ .refs = ATOMIC_INIT(n) }
#define REFCOUNT_MAX		INT_MAX
#define REFCOUNT_SATURATED	(INT_MIN / 2)

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)__atomic_load_n(&r->refs.counter, __ATOMIC_RELAXED);
}

/** Adds @p i; from 0 or a saturated count it is a misuse (saturates). */
static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	if (unlikely(old <= 0 || old + i < 0)) {
		atomic_set(&r->refs, REFCOUNT_SATURATED);
		WARN_ONCE(1, "refcount_t: %s; use-after-free or overflow",
			  old == 0 ? "addition on 0" : "saturated");
	}
}

static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

/** Adds @p i unless the count is 0; true when it added. */
static inline __must_check bool refcount_add_not_zero(int i, refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (old == 0)
			return false;
	} while (!atomic_try_cmpxchg(&r->refs, &old, old + i));
	if (unlikely(old < 0 || old + i < 0)) {
		atomic_set(&r->refs, REFCOUNT_SATURATED);
		WARN_ONCE(1, "refcount_t: saturated; leaking memory");
	}
	return true;
}

static inline __must_check bool refcount_inc_not_zero(refcount_t *r)
{
	return refcount_add_not_zero(1, r);
}

/** Drops @p i; true when the count reached 0 (the caller frees). */
static inline __must_check bool refcount_sub_and_test(int i, refcount_t *r)
{
	int old = atomic_fetch_sub(i, &r->refs);

	if (old == i)
		return true;
	if (unlikely(old < 0 || old - i < 0)) {
		atomic_set(&r->refs, REFCOUNT_SATURATED);
		WARN_ONCE(1, "refcount_t: underflow; use-after-free");
	}
	return false;
}

static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

/** Drops one reference that must not be the last (a misuse if it is). */
static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(refcount_sub_and_test(1, r)))
		WARN_ONCE(1, "refcount_t: decrement hit 0; leaking memory");
}

#endif /* NM_KERNEL_LINUX_REFCOUNT_H */
