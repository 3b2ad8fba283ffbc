/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/compiler.h of the kernel-style include tree: likely(), unlikely(),
 * READ_ONCE(), WRITE_ONCE(), barrier(), unreachable(), data_race() and the
 * attributes of linux/compiler_types.h.
 *
 * likely() and unlikely() are also defined by DPDK's
 * <rte_branch_prediction.h>, with the same meaning: whichever comes first
 * stays. READ_ONCE()/WRITE_ONCE() are volatile accesses of the object's own
 * type (no tearing for naturally aligned words of up to 8 bytes on the
 * architectures DPDK supports); the kernel's checks on the access size are
 * not made.
 */
#ifndef NM_KERNEL_LINUX_COMPILER_H
#define NM_KERNEL_LINUX_COMPILER_H

#include <linux/compiler_types.h>

#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif
#ifndef likely_notrace
#define likely_notrace(x)	likely(x)
#define unlikely_notrace(x)	unlikely(x)
#endif

/** A compiler barrier: memory is not cached in registers across it. */
#ifndef barrier
#define barrier()		__asm__ __volatile__("" : : : "memory")
#endif

/** Tells the compiler this point is never reached. */
#ifndef unreachable
#define unreachable()		__builtin_unreachable()
#endif

/** Reads @p x once, as one access of its type; the compiler keeps it. */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))

/** Writes @p val to @p x once, as one access of its type. */
#define WRITE_ONCE(x, val) \
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

/** An access that races on purpose (KCSAN is not here): the expression. */
#define data_race(expr)		(expr)

/** Hides @p var's value from the optimizer. */
#define OPTIMIZER_HIDE_VAR(var)	__asm__ ("" : "=r" (var) : "0" (var))

#endif /* NM_KERNEL_LINUX_COMPILER_H */
