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
 * machine has fewer cores, 1 when the EAL fails. In tests/lib (nm_test_dep).
 */
void nm_test_eal_init(unsigned int nb_lcores, ...);

#endif /* NM_TEST_COMMON_H */
