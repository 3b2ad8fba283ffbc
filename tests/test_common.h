/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the CMocka tests: EAL start-up on virtual devices only (no
 * hugepages, no PCI, no shared config, no telemetry), so every test runs on
 * a machine with no NIC and several can run at once.
 */
#ifndef NM_TEST_COMMON_H
#define NM_TEST_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_lcore.h>

/** Exit status that tells meson a test was skipped. */
#define NM_TEST_SKIP	77

/**
 * Starts the EAL with @p nb_lcores lcores (1 or 2) and any extra arguments
 * (e.g. "--vdev=net_null0"), NULL-terminated. Exits 77 (skip) when the
 * machine has fewer cores, 1 when the EAL fails.
 */
static inline void nm_test_eal_init(unsigned int nb_lcores, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	const char *extra;

	argv[argc++] = (char *)"nm_test";
	argv[argc++] = (char *)"--no-huge";
	argv[argc++] = (char *)"--no-shconf";
	argv[argc++] = (char *)"--no-pci";
	argv[argc++] = (char *)"--no-telemetry";
	argv[argc++] = (char *)"-m";
	argv[argc++] = (char *)"512";
	argv[argc++] = (char *)"--log-level=lib.eal:error";
	argv[argc++] = (char *)(nb_lcores > 1 ? "-l 0-1" : "-l 0");
	va_start(ap, nb_lcores);
	while ((extra = va_arg(ap, const char *)) != NULL && argc < 31)
		argv[argc++] = (char *)extra;
	va_end(ap);
	argv[argc] = NULL;

	if (nb_lcores > 1 && sysconf(_SC_NPROCESSORS_ONLN) < (long)nb_lcores) {
		printf("skipped: needs %u cores\n", nb_lcores);
		exit(NM_TEST_SKIP);
	}
	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "rte_eal_init failed\n");
		exit(1);
	}
}

#endif /* NM_TEST_COMMON_H */
