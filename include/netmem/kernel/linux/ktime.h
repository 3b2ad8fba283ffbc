/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/ktime.h of the kernel-style include tree: ktime_t (nanoseconds,
 * from <netmem/skbuff.h>), ktime_get(), ktime_get_real(), ktime_get_ns(),
 * ktime_get_real_ns(), ktime_to_ns(), ns_to_ktime(), ktime_set(),
 * ktime_add(), ktime_sub(), ktime_add_ns(), ktime_to_us(), ktime_to_ms(),
 * ktime_compare(), ktime_after(), ktime_before().
 *
 * Differences from the kernel: ktime_t is unsigned 64-bit here (the
 * kernel's is s64), so a negative interval wraps; the clocks are
 * clock_gettime(CLOCK_MONOTONIC / CLOCK_REALTIME).
 */
#ifndef NM_KERNEL_LINUX_KTIME_H
#define NM_KERNEL_LINUX_KTIME_H

#include <time.h>

#include <linux/types.h>

#include <netmem/skbuff.h>

#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L
#define USEC_PER_SEC	1000000L
#define MSEC_PER_SEC	1000L

static inline ktime_t __nm_ktime_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (ktime_t)ts.tv_sec * NSEC_PER_SEC + (ktime_t)ts.tv_nsec;
}

static inline ktime_t ktime_get(void)
{
	return __nm_ktime_clock(CLOCK_MONOTONIC);
}

static inline ktime_t ktime_get_real(void)
{
	return __nm_ktime_clock(CLOCK_REALTIME);
}

static inline u64 ktime_get_ns(void)
{
	return ktime_get();
}

static inline u64 ktime_get_real_ns(void)
{
	return ktime_get_real();
}

static inline s64 ktime_to_ns(const ktime_t kt)
{
	return (s64)kt;
}

static inline ktime_t ns_to_ktime(u64 ns)
{
	return ns;
}

static inline ktime_t ktime_set(const s64 secs, const unsigned long nsecs)
{
	return (ktime_t)(secs * NSEC_PER_SEC + (s64)nsecs);
}

#define ktime_add(a, b)		((ktime_t)((a) + (b)))
#define ktime_sub(a, b)		((ktime_t)((a) - (b)))
#define ktime_add_ns(kt, ns)	((ktime_t)((kt) + (ns)))
#define ktime_sub_ns(kt, ns)	((ktime_t)((kt) - (ns)))
#define ktime_add_us(kt, us)	ktime_add_ns(kt, (u64)(us) * NSEC_PER_USEC)
#define ktime_to_us(kt)		((s64)(kt) / NSEC_PER_USEC)
#define ktime_to_ms(kt)		((s64)(kt) / NSEC_PER_MSEC)

/** -1, 0 or 1 as @p a is before, at or after @p b. */
static inline int ktime_compare(const ktime_t a, const ktime_t b)
{
	return a < b ? -1 : (a > b ? 1 : 0);
}

static inline bool ktime_after(const ktime_t a, const ktime_t b)
{
	return ktime_compare(a, b) > 0;
}

static inline bool ktime_before(const ktime_t a, const ktime_t b)
{
	return ktime_compare(a, b) < 0;
}

#endif /* NM_KERNEL_LINUX_KTIME_H */
