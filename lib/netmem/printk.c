/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printk() of the kernel-style include tree (linux/printk.h): kernel log
 * levels onto the DPDK log, log type "netmem.kernel", and the kernel's
 * rate limits (net_ratelimit(), __ratelimit()).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_log.h>

#include "netmem_priv.h"

/* The prototypes of linux/printk.h, without the kernel tree's headers
 * (lib/ builds against the system ones); keep struct ratelimit_state the
 * same as there. */
struct ratelimit_state {
	int interval_ms;
	int burst;
	int printed;
	int missed;
	uint64_t begin_ns;
	int lock;
};

NM_API int _printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NM_API int vprintk(const char *fmt, va_list args) __attribute__((format(printf, 1, 0)));
NM_API int ___ratelimit(struct ratelimit_state *rs, const char *func);
NM_API int net_ratelimit(void);

RTE_LOG_REGISTER(nm_kernel_logtype, netmem.kernel, INFO);

/* KERN_<n> -> RTE_LOG_<same name>; the last level seen, for KERN_CONT */
static const uint32_t nm_kern_to_rte[8] = {
	RTE_LOG_EMERG, RTE_LOG_ALERT, RTE_LOG_CRIT, RTE_LOG_ERR,
	RTE_LOG_WARNING, RTE_LOG_NOTICE, RTE_LOG_INFO, RTE_LOG_DEBUG,
};
static RTE_DEFINE_PER_LCORE(uint32_t, nm_printk_last_level) = RTE_LOG_WARNING;

int vprintk(const char *fmt, va_list args)
{
	uint32_t level = RTE_LOG_WARNING;	/* the kernel's default level */
	char msg[512];
	int n;

	if (fmt[0] == '\001' && fmt[1] != '\0') {
		if (fmt[1] >= '0' && fmt[1] <= '7')
			level = nm_kern_to_rte[fmt[1] - '0'];
		else if (fmt[1] == 'c')
			level = RTE_PER_LCORE(nm_printk_last_level);
		fmt += 2;
	}
	RTE_PER_LCORE(nm_printk_last_level) = level;
	n = vsnprintf(msg, sizeof(msg), fmt, args);
	if (n < 0)
		return n;
	rte_log(level, nm_kernel_logtype, "%s", msg);
	return n;
}

int _printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static uint64_t nm_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	uint64_t now = nm_mono_ns();
	int ok;

	if (rs->interval_ms <= 0)
		return 1;
	/* one updater at a time; a caller that finds it busy is limited */
	if (__atomic_exchange_n(&rs->lock, 1, __ATOMIC_ACQUIRE))
		return 0;
	if (rs->begin_ns == 0)
		rs->begin_ns = now;
	if (now - rs->begin_ns >= (uint64_t)rs->interval_ms * 1000000ull) {
		if (rs->missed > 0)
			rte_log(RTE_LOG_WARNING, nm_kernel_logtype,
				"%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin_ns = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->burst > 0 && rs->printed < rs->burst;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	__atomic_store_n(&rs->lock, 0, __ATOMIC_RELEASE);
	return ok;
}

static struct ratelimit_state nm_net_ratelimit_state = {
	.interval_ms = 5000, .burst = 10,
};

int net_ratelimit(void)
{
	return ___ratelimit(&nm_net_ratelimit_state, "net_ratelimit");
}
