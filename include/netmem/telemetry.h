/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * libnetmem's DPDK telemetry endpoints, read with dpdk-telemetry.py or any
 * client of the telemetry socket:
 *
 * - /netmem/page_pool/list: the ids of the pools not yet freed (the
 *   kernel's page-pool-get dump);
 * - /netmem/page_pool/info,ID: one pool, with the kernel's page-pool
 *   attribute names (id, ifindex (the DPDK port), queue, lcore (the NAPI
 *   context: the lcore that recycles direct), inflight, inflight-mem,
 *   detach-time) and libnetmem's (name, order, pool-size);
 * - /netmem/page_pool/stats,ID: the kernel's page-pool-stats-get
 *   attributes (alloc-fast ... recycle-released-refcnt);
 * - /netmem/skb/stats: nm_skb_get_stats() and the drops by reason;
 * - /netmem/port/stats,PORT: nm_port_queue_stats() of each queue.
 *
 * The endpoints are registered when libnetmem.so is loaded. A program
 * linked with the static archive calls nm_telemetry_init() (the archive's
 * telemetry object is only linked when referenced).
 */
#ifndef NETMEM_TELEMETRY_H
#define NETMEM_TELEMETRY_H

#include <netmem/api.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Registers the /netmem/ telemetry commands. Any time before or after
 * rte_eal_init(); a second call does nothing.
 *
 * @return 0, or a negative errno when DPDK refused a command.
 */
NM_API int nm_telemetry_init(void);

/* Experimental (docs/abi.md): the telemetry commands are new in 0.1. */
NM_EXPERIMENTAL_API(nm_telemetry_init);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_TELEMETRY_H */
