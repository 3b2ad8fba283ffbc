/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/jiffies.h of the kernel-style include tree: HZ, jiffies,
 * time_after(), time_before(), time_after_eq(), time_before_eq(),
 * time_in_range(), msecs_to_jiffies(), usecs_to_jiffies(),
 * jiffies_to_msecs(), jiffies_to_usecs().
 *
 * Differences from the kernel: HZ is 100 and jiffies is not a variable but
 * an expression read from the DPDK timer (rte_get_timer_cycles()), so it
 * cannot be assigned or have its address taken; it starts near 0 at
 * rte_eal_init() rather than at -5 minutes, and needs the EAL running.
 */
#ifndef NM_KERNEL_LINUX_JIFFIES_H
#define NM_KERNEL_LINUX_JIFFIES_H

#include <limits.h>

#include <rte_cycles.h>

#include <linux/types.h>

/* 100, as the uapi <asm/param.h> (via glibc's <sys/param.h>) has it too,
 * so both agree whichever comes first (the kernel's CONFIG_HZ_100) */
#ifndef HZ
#define HZ		100
#endif
#define MAX_JIFFY_OFFSET	((LONG_MAX >> 1) - 1)

/** Ticks of 1/HZ s since an arbitrary start, as an unsigned long. */
static inline unsigned long __nm_jiffies(void)
{
	return (unsigned long)(rte_get_timer_cycles() / (rte_get_timer_hz() / HZ));
}
#define jiffies		__nm_jiffies()
#define jiffies_64	((u64)__nm_jiffies())

/** True when jiffies value @p a is after @p b (wrap-safe). */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
#define time_in_range(a, b, c)	(time_after_eq(a, b) && time_before_eq(a, c))
#define time_is_before_jiffies(a)	time_after(jiffies, a)
#define time_is_after_jiffies(a)	time_before(jiffies, a)

/** @p m milliseconds in jiffies, rounded up. */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999u) / 1000u;
}

/** @p u microseconds in jiffies, rounded up. */
static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return ((unsigned long)u * HZ + 999999u) / 1000000u;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * 1000u / HZ);
}

static inline unsigned int jiffies_to_usecs(unsigned long j)
{
	return (unsigned int)(j * 1000000u / HZ);
}

#endif /* NM_KERNEL_LINUX_JIFFIES_H */
