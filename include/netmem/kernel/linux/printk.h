/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/printk.h of the kernel-style include tree: printk() with the KERN_*
 * level prefixes, pr_emerg() .. pr_debug(), pr_cont(), the *_once and
 * *_ratelimited forms, net_*_ratelimited(), no_printk(), pr_fmt(), and
 * net_ratelimit().
 *
 * Differences from the kernel: messages go to the DPDK log (rte_log) with
 * the log type "netmem.kernel" (default level INFO: pr_info() shows,
 * KERN_DEBUG is hidden unless `--log-level=netmem.kernel:debug`); the
 * KERN_* level maps to the RTE_LOG level of the same name. pr_debug() is
 * compiled in only with DEBUG defined, as in a kernel without dynamic
 * debug. pr_cont() continues the line at the previous message's level.
 * The rate limit of *_ratelimited() and net_ratelimit() is the kernel's
 * default: 10 messages per 5 seconds (per call site; net_ratelimit()
 * shared).
 */
#ifndef NM_KERNEL_LINUX_PRINTK_H
#define NM_KERNEL_LINUX_PRINTK_H

#include <stdarg.h>

#include <linux/compiler.h>
#include <linux/types.h>

#include <netmem/api.h>

#define KERN_SOH	"\001"
#define KERN_SOH_ASCII	'\001'
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_DEFAULT	""
#define KERN_CONT	KERN_SOH "c"

#define LOGLEVEL_EMERG		0
#define LOGLEVEL_ALERT		1
#define LOGLEVEL_CRIT		2
#define LOGLEVEL_ERR		3
#define LOGLEVEL_WARNING	4
#define LOGLEVEL_NOTICE		5
#define LOGLEVEL_INFO		6
#define LOGLEVEL_DEBUG		7

/**
 * Logs @p fmt (optionally prefixed with a KERN_* level; none: KERN_WARNING,
 * the kernel's default) to the DPDK log. Returns the bytes of the message.
 */
NM_API int _printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** vprintk() of the kernel. */
NM_API int vprintk(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));

/** printk() */
#define printk(fmt, ...)	_printk(fmt, ##__VA_ARGS__)

/** Type-checks a printk call and prints nothing. */
#define no_printk(fmt, ...) __extension__ ({ \
	if (0) \
		_printk(fmt, ##__VA_ARGS__); \
	0; \
})

#ifndef pr_fmt
#define pr_fmt(fmt)	fmt
#endif

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning		pr_warn
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...)	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif
#define pr_devel		pr_debug

/** Rate-limit state: at most @c burst messages per @c interval ns. */
struct ratelimit_state {
	int interval_ms;	/**< window, milliseconds */
	int burst;		/**< messages allowed per window */
	int printed;		/**< messages in the current window */
	int missed;		/**< messages suppressed in it */
	u64 begin_ns;		/**< start of the window (monotonic) */
	int lock;		/**< private: one updater at a time */
};

#define DEFAULT_RATELIMIT_INTERVAL_MS	5000
#define DEFAULT_RATELIMIT_BURST		10

#define RATELIMIT_STATE_INIT(name, interval_ms_, burst_) \
	{ .interval_ms = (interval_ms_), .burst = (burst_) }
#define DEFINE_RATELIMIT_STATE(name, interval_ms_, burst_) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_ms_, burst_)

/**
 * True when one more message fits in @p rs's window (the kernel's
 * __ratelimit(); @p func is for the "callbacks suppressed" line).
 */
NM_API int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state)	___ratelimit(state, __func__)

/** True when a networking message may be logged now (10 per 5 s, shared). */
NM_API int net_ratelimit(void);

#define printk_ratelimited(fmt, ...) __extension__ ({ \
	static struct ratelimit_state __nm_rs = \
		RATELIMIT_STATE_INIT(__nm_rs, DEFAULT_RATELIMIT_INTERVAL_MS, \
				     DEFAULT_RATELIMIT_BURST); \
	if (__ratelimit(&__nm_rs)) \
		printk(fmt, ##__VA_ARGS__); \
})

#define printk_once(fmt, ...) __extension__ ({ \
	static bool __nm_printed; \
	bool __nm_first = !__atomic_exchange_n(&__nm_printed, true, __ATOMIC_RELAXED); \
	if (__nm_first) \
		printk(fmt, ##__VA_ARGS__); \
	__nm_first; \
})

#define pr_emerg_once(fmt, ...)	printk_once(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...)	printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...) printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...)	printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

#define pr_err_ratelimited(fmt, ...) \
	printk_ratelimited(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...) \
	printk_ratelimited(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...) \
	printk_ratelimited(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...) \
	printk_ratelimited(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

/* linux/net.h in the kernel: gated by the shared net_ratelimit() */
#define net_ratelimited_function(function, ...) \
	do { \
		if (net_ratelimit()) \
			function(__VA_ARGS__); \
	} while (0)
#define net_emerg_ratelimited(fmt, ...) net_ratelimited_function(pr_emerg, fmt, ##__VA_ARGS__)
#define net_crit_ratelimited(fmt, ...)	net_ratelimited_function(pr_crit, fmt, ##__VA_ARGS__)
#define net_err_ratelimited(fmt, ...)	net_ratelimited_function(pr_err, fmt, ##__VA_ARGS__)
#define net_warn_ratelimited(fmt, ...)	net_ratelimited_function(pr_warn, fmt, ##__VA_ARGS__)
#define net_notice_ratelimited(fmt, ...) net_ratelimited_function(pr_notice, fmt, ##__VA_ARGS__)
#define net_info_ratelimited(fmt, ...)	net_ratelimited_function(pr_info, fmt, ##__VA_ARGS__)
#define net_dbg_ratelimited(fmt, ...)	net_ratelimited_function(pr_debug, fmt, ##__VA_ARGS__)

#endif /* NM_KERNEL_LINUX_PRINTK_H */
