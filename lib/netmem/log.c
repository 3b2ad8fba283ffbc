/* SPDX-License-Identifier: BSD-3-Clause */
/* The libnetmem log type and misuse reports. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netmem_priv.h"

RTE_LOG_REGISTER(nm_logtype, lib.netmem, NOTICE);

static uint64_t nm_misuses;

void nm_misuse(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	__atomic_fetch_add(&nm_misuses, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rte_log(RTE_LOG_ERR, nm_logtype, "netmem: misuse: %s\n", msg);
}

static int nm_bug_mode_cur = NM_BUG_ABORT;

void nm_set_bug_mode(enum nm_bug_mode mode)
{
	__atomic_store_n(&nm_bug_mode_cur, mode == NM_BUG_COUNT ? NM_BUG_COUNT : NM_BUG_ABORT,
			 __ATOMIC_RELAXED);
}

enum nm_bug_mode nm_get_bug_mode(void)
{
	return (enum nm_bug_mode)__atomic_load_n(&nm_bug_mode_cur, __ATOMIC_RELAXED);
}

/* The mode also comes from the environment, before main() runs. */
RTE_INIT(nm_bug_mode_env)
{
	const char *env = getenv("NM_BUG_MODE");

	if (env != NULL && strcmp(env, "count") == 0)
		nm_set_bug_mode(NM_BUG_COUNT);
}

void nm_bug(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (nm_get_bug_mode() == NM_BUG_COUNT) {
		__atomic_fetch_add(&nm_misuses, 1, __ATOMIC_RELAXED);
		rte_log(RTE_LOG_ERR, nm_logtype, "netmem: misuse: BUG: %s\n", msg);
		return;
	}
	rte_log(RTE_LOG_CRIT, nm_logtype, "netmem: BUG: %s\n", msg);
	fprintf(stderr, "netmem: BUG: %s (NM_BUG_MODE=count counts it instead)\n", msg);
	abort();
}

void nm_warn(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	__atomic_fetch_add(&nm_misuses, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rte_log(RTE_LOG_WARNING, nm_logtype, "netmem: WARNING: %s\n", msg);
}

void nm_warn_once(bool *once, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	__atomic_fetch_add(&nm_misuses, 1, __ATOMIC_RELAXED);
	if (__atomic_exchange_n(once, true, __ATOMIC_RELAXED))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rte_log(RTE_LOG_WARNING, nm_logtype, "netmem: WARNING: %s\n", msg);
}

uint64_t nm_misuse_count(void)
{
	return __atomic_load_n(&nm_misuses, __ATOMIC_RELAXED);
}

const char *nm_version(void)
{
	return NM_VERSION;
}
