/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/topology.h of the kernel-style include tree: numa_node_id(),
 * numa_mem_id(), cpu_to_node(), dev_to_node(), in terms of DPDK sockets;
 * NUMA_NO_NODE comes from <netmem/api.h>.
 *
 * Differences from the kernel: a node is a DPDK socket (rte_socket_id());
 * dev_to_node() of the opaque struct device is NUMA_NO_NODE (use the DPDK
 * port's rte_eth_dev_socket_id() where it matters).
 */
#ifndef NM_KERNEL_LINUX_TOPOLOGY_H
#define NM_KERNEL_LINUX_TOPOLOGY_H

#include <rte_lcore.h>

#include <netmem/api.h>

struct device;

#define numa_node_id()		((int)rte_socket_id())
#define numa_mem_id()		numa_node_id()
#define cpu_to_node(cpu)	((int)rte_lcore_to_socket_id((unsigned int)(cpu)))

static inline int dev_to_node(const struct device *dev)
{
	(void)dev;
	return NUMA_NO_NODE;
}

#endif /* NM_KERNEL_LINUX_TOPOLOGY_H */
