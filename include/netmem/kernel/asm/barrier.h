/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * asm/barrier.h of the kernel-style include tree: mb(), rmb(), wmb(),
 * smp_mb(), smp_rmb(), smp_wmb(), smp_load_acquire(), smp_store_release(),
 * smp_mb__before_atomic(), smp_mb__after_atomic(), dma_rmb(), dma_wmb().
 *
 * Difference from the kernel: every barrier is a C11 fence of the strength
 * the kernel documents (full, acquire-like read, release-like write), not
 * the per-architecture instruction; the device barriers (mb, dma_rmb...)
 * assume coherent DMA, as DPDK does (its rte_io_*mb are the same on x86).
 */
#ifndef NM_KERNEL_ASM_BARRIER_H
#define NM_KERNEL_ASM_BARRIER_H

#include <linux/compiler.h>

#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define dma_mb()	mb()
#define dma_rmb()	rmb()
#define dma_wmb()	wmb()
#define smp_mb()	mb()
#define smp_rmb()	rmb()
#define smp_wmb()	wmb()
#define smp_mb__before_atomic()	smp_mb()
#define smp_mb__after_atomic()	smp_mb()
#define smp_store_mb(var, value) \
	do { WRITE_ONCE(var, value); smp_mb(); } while (0)

/** Loads *@p p with acquire ordering. */
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
/** Stores @p v to *@p p with release ordering. */
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif /* NM_KERNEL_ASM_BARRIER_H */
