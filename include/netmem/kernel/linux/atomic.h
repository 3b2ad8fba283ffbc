/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/atomic.h of the kernel-style include tree: atomic_t, atomic64_t and
 * atomic_long_t (linux/types.h) with atomic_read(), atomic_set(),
 * atomic_inc()/dec()/add()/sub(), the *_return, fetch_* and *_and_test
 * forms, atomic_cmpxchg(), atomic_try_cmpxchg(), atomic_xchg(),
 * atomic_inc_not_zero(), atomic_add_unless(), plus the barriers of
 * asm/barrier.h and cmpxchg()/xchg() on plain objects.
 *
 * Difference from the kernel: value-returning operations are sequentially
 * consistent (the kernel's are fully ordered too); the void ones and
 * atomic_read()/atomic_set() are relaxed, as in the kernel.
 */
#ifndef NM_KERNEL_LINUX_ATOMIC_H
#define NM_KERNEL_LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/barrier.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
#define ATOMIC_LONG_INIT(i)	ATOMIC64_INIT(i)

/* one body for the three types: v is a pointer to the struct */
#define __nm_atomic_read(v)		__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define __nm_atomic_set(v, i)		__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELAXED)
#define __nm_atomic_op(v, i, op)	((void)__atomic_##op(&(v)->counter, (i), __ATOMIC_RELAXED))
#define __nm_atomic_ret(v, i, op)	__atomic_##op(&(v)->counter, (i), __ATOMIC_SEQ_CST)

#define atomic_read(v)			__nm_atomic_read(v)
#define atomic_set(v, i)		__nm_atomic_set(v, i)
#define atomic_add(i, v)		__nm_atomic_op(v, i, fetch_add)
#define atomic_sub(i, v)		__nm_atomic_op(v, i, fetch_sub)
#define atomic_inc(v)			atomic_add(1, v)
#define atomic_dec(v)			atomic_sub(1, v)
#define atomic_and(i, v)		__nm_atomic_op(v, i, fetch_and)
#define atomic_or(i, v)			__nm_atomic_op(v, i, fetch_or)
#define atomic_add_return(i, v)		__nm_atomic_ret(v, i, add_fetch)
#define atomic_sub_return(i, v)		__nm_atomic_ret(v, i, sub_fetch)
#define atomic_inc_return(v)		atomic_add_return(1, v)
#define atomic_dec_return(v)		atomic_sub_return(1, v)
#define atomic_fetch_add(i, v)		__nm_atomic_ret(v, i, fetch_add)
#define atomic_fetch_sub(i, v)		__nm_atomic_ret(v, i, fetch_sub)
#define atomic_fetch_inc(v)		atomic_fetch_add(1, v)
#define atomic_fetch_dec(v)		atomic_fetch_sub(1, v)
#define atomic_fetch_or(i, v)		__nm_atomic_ret(v, i, fetch_or)
#define atomic_fetch_and(i, v)		__nm_atomic_ret(v, i, fetch_and)
#define atomic_dec_and_test(v)		(atomic_dec_return(v) == 0)
#define atomic_inc_and_test(v)		(atomic_inc_return(v) == 0)
#define atomic_sub_and_test(i, v)	(atomic_sub_return(i, v) == 0)
#define atomic_xchg(v, n)		__atomic_exchange_n(&(v)->counter, (n), __ATOMIC_SEQ_CST)

/** Sets *@p v to @p n if it holds @p o; returns the value it held. */
#define atomic_cmpxchg(v, o, n) __extension__ ({ \
	__typeof__((v)->counter) __nm_old = (o); \
	__atomic_compare_exchange_n(&(v)->counter, &__nm_old, (n), false, \
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__nm_old; \
})
/** atomic_cmpxchg() that updates *@p po with the value seen; true on success. */
#define atomic_try_cmpxchg(v, po, n) \
	__atomic_compare_exchange_n(&(v)->counter, (po), (n), false, \
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)

/** Adds @p a unless the value is @p u; true when it added. */
#define atomic_add_unless(v, a, u) __extension__ ({ \
	__typeof__((v)->counter) __nm_c = atomic_read(v); \
	bool __nm_done = false; \
	while (__nm_c != (u)) { \
		if (atomic_try_cmpxchg(v, &__nm_c, __nm_c + (a))) { \
			__nm_done = true; \
			break; \
		} \
	} \
	__nm_done; \
})
#define atomic_inc_not_zero(v)		atomic_add_unless(v, 1, 0)

/* atomic64_t and atomic_long_t: the same operations */
#define atomic64_read(v)		atomic_read(v)
#define atomic64_set(v, i)		atomic_set(v, i)
#define atomic64_add(i, v)		atomic_add(i, v)
#define atomic64_sub(i, v)		atomic_sub(i, v)
#define atomic64_inc(v)			atomic_inc(v)
#define atomic64_dec(v)			atomic_dec(v)
#define atomic64_add_return(i, v)	atomic_add_return(i, v)
#define atomic64_sub_return(i, v)	atomic_sub_return(i, v)
#define atomic64_inc_return(v)		atomic_inc_return(v)
#define atomic64_dec_return(v)		atomic_dec_return(v)
#define atomic64_fetch_add(i, v)	atomic_fetch_add(i, v)
#define atomic64_dec_and_test(v)	atomic_dec_and_test(v)
#define atomic64_xchg(v, n)		atomic_xchg(v, n)
#define atomic64_cmpxchg(v, o, n)	atomic_cmpxchg(v, o, n)
#define atomic_long_read(v)		atomic_read(v)
#define atomic_long_set(v, i)		atomic_set(v, i)
#define atomic_long_add(i, v)		atomic_add(i, v)
#define atomic_long_sub(i, v)		atomic_sub(i, v)
#define atomic_long_inc(v)		atomic_inc(v)
#define atomic_long_dec(v)		atomic_dec(v)
#define atomic_long_add_return(i, v)	atomic_add_return(i, v)
#define atomic_long_sub_return(i, v)	atomic_sub_return(i, v)
#define atomic_long_inc_return(v)	atomic_inc_return(v)
#define atomic_long_dec_return(v)	atomic_dec_return(v)
#define atomic_long_dec_and_test(v)	atomic_dec_and_test(v)
#define atomic_long_xchg(v, n)		atomic_xchg(v, n)
#define atomic_long_cmpxchg(v, o, n)	atomic_cmpxchg(v, o, n)

/** cmpxchg() on a plain object: the value *@p ptr held. */
#define cmpxchg(ptr, o, n) __extension__ ({ \
	__typeof__(*(ptr)) __nm_o = (o); \
	__atomic_compare_exchange_n((ptr), &__nm_o, (n), false, \
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	__nm_o; \
})
/** xchg() on a plain object: the value *@p ptr held. */
#define xchg(ptr, n)	__atomic_exchange_n((ptr), (n), __ATOMIC_SEQ_CST)

#endif /* NM_KERNEL_LINUX_ATOMIC_H */
