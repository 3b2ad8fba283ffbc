/* SPDX-License-Identifier: BSD-3-Clause */
/* EAL start-up for the tests: virtual devices only (see test_common.h). */
#include "test_common.h"

void nm_test_eal_init(unsigned int nb_lcores, ...)
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
