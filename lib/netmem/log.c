/* SPDX-License-Identifier: BSD-3-Clause */
/* The libnetmem log type and misuse reports. */
#include <stdarg.h>
#include <stdio.h>

#include "netmem_priv.h"

RTE_LOG_REGISTER_DEFAULT(nm_logtype, NOTICE);

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

uint64_t nm_misuse_count(void)
{
	return __atomic_load_n(&nm_misuses, __ATOMIC_RELAXED);
}
