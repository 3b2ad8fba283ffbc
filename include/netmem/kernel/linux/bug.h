/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/bug.h of the kernel-style include tree: BUG(), BUG_ON(), WARN_ON(),
 * WARN_ON_ONCE(), WARN(), WARN_ONCE(), DEBUG_NET_WARN_ON_ONCE() and the
 * BUILD_BUG family, over libnetmem's nm_bug() and nm_warn()
 * (<netmem/netmem.h>).
 *
 * Differences from the kernel, what each does here:
 * - BUG() and BUG_ON(cond): nm_bug() with the file, line and function. By
 *   default it logs "netmem: BUG: ..." and aborts the process, as the kernel
 *   stops there too. In the counted mode (nm_set_bug_mode(NM_BUG_COUNT), or
 *   NM_BUG_MODE=count in the environment) it counts a misuse
 *   (nm_misuse_count()), logs it, and returns: the code after BUG() then
 *   runs, which never happens in the kernel. BUG() is therefore not
 *   noreturn here: a non-void function that ends in BUG() needs a return.
 * - WARN_ON(cond), WARN(cond, fmt...): evaluate to the condition as in the
 *   kernel; when it is true they count a misuse and log a line through
 *   nm_warn() (no stack trace, no taint).
 * - WARN_ON_ONCE(cond), WARN_ONCE(): count a misuse every time the condition
 *   is true and log only the first time (per call site), so misuse counts
 *   stay exact in tests; the kernel warns once and counts nothing.
 * - DEBUG_NET_WARN_ON_ONCE(cond), DEBUG_NET_WARN_ONCE(): always on, as in a
 *   kernel built with CONFIG_DEBUG_NET: the condition is evaluated, and when
 *   true counted and logged as WARN_ON_ONCE(). They are statements (void).
 */
#ifndef NM_KERNEL_LINUX_BUG_H
#define NM_KERNEL_LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>

#include <netmem/netmem.h>

/** A kernel BUG: stops the program (or, counted mode, counts and returns). */
#define BUG() \
	nm_bug("BUG at %s:%d %s()", __FILE__, __LINE__, __func__)

/** BUG() when @p condition is true. */
#define BUG_ON(condition) \
	do { \
		if (unlikely(condition)) \
			nm_bug("BUG_ON(%s) at %s:%d %s()", #condition, \
			       __FILE__, __LINE__, __func__); \
	} while (0)

/** Counts and logs a warning when @p condition is true; its truth value. */
#define WARN_ON(condition) __extension__ ({ \
	int __nm_ret = !!(condition); \
	if (unlikely(__nm_ret)) \
		nm_warn("WARN_ON(%s) at %s:%d %s()", #condition, \
			__FILE__, __LINE__, __func__); \
	unlikely(__nm_ret); \
})

/** WARN_ON() with a message of its own. */
#define WARN(condition, format, ...) __extension__ ({ \
	int __nm_ret = !!(condition); \
	if (unlikely(__nm_ret)) \
		nm_warn("at %s:%d %s(): " format, __FILE__, __LINE__, \
			__func__, ##__VA_ARGS__); \
	unlikely(__nm_ret); \
})

/** WARN_ON() that logs once per call site and counts every time. */
#define WARN_ON_ONCE(condition) __extension__ ({ \
	static bool __nm_warned; \
	int __nm_ret = !!(condition); \
	if (unlikely(__nm_ret)) \
		nm_warn_once(&__nm_warned, "WARN_ON_ONCE(%s) at %s:%d %s()", \
			     #condition, __FILE__, __LINE__, __func__); \
	unlikely(__nm_ret); \
})

/** WARN() that logs once per call site and counts every time. */
#define WARN_ONCE(condition, format, ...) __extension__ ({ \
	static bool __nm_warned; \
	int __nm_ret = !!(condition); \
	if (unlikely(__nm_ret)) \
		nm_warn_once(&__nm_warned, "at %s:%d %s(): " format, \
			     __FILE__, __LINE__, __func__, ##__VA_ARGS__); \
	unlikely(__nm_ret); \
})

/** Always on here (CONFIG_DEBUG_NET=y): WARN_ON_ONCE() as a statement. */
#define DEBUG_NET_WARN_ON_ONCE(cond)	((void)WARN_ON_ONCE(cond))
/** Always on here (CONFIG_DEBUG_NET=y): WARN_ONCE() as a statement. */
#define DEBUG_NET_WARN_ONCE(cond, format, ...) \
	((void)WARN_ONCE(cond, format, ##__VA_ARGS__))

#endif /* NM_KERNEL_LINUX_BUG_H */
