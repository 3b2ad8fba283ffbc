/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/smp.h of the kernel-style include tree: smp_processor_id(),
 * raw_smp_processor_id(), get_cpu()/put_cpu(), num_online_cpus(),
 * num_possible_cpus(), in terms of DPDK lcores.
 *
 * Differences from the kernel: a "CPU" is a DPDK lcore (rte_lcore_id());
 * a thread that is not an EAL lcore gets LCORE_ID_ANY (UINT32_MAX), which
 * the kernel never returns. Nothing is preempted, so get_cpu()/put_cpu()
 * only return the id.
 */
#ifndef NM_KERNEL_LINUX_SMP_H
#define NM_KERNEL_LINUX_SMP_H

#include <rte_lcore.h>

#include <linux/compiler.h>

#define smp_processor_id()	((int)rte_lcore_id())
#define raw_smp_processor_id()	smp_processor_id()
#define get_cpu()		smp_processor_id()
#define put_cpu()		do { } while (0)
#define num_online_cpus()	rte_lcore_count()
#define num_possible_cpus()	RTE_MAX_LCORE
#define nr_cpu_ids		RTE_MAX_LCORE

#endif /* NM_KERNEL_LINUX_SMP_H */
