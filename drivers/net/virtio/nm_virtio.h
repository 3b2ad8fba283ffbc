/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to drivers/net/virtio and its tests: what the virtio-net PMD
 * (net_virtio for virtio-pci, net_virtio_user for a vhost-user or
 * vhost-kernel back end) really does with the offloads it reports.
 */
#ifndef NM_VIRTIO_H
#define NM_VIRTIO_H

#include <stdint.h>

#include <netmem/port_driver.h>

/** Largest packet one virtio-net header describes: a 16-bit length plus
 *  the Ethernet header, as the kernel's GSO_MAX_SIZE for virtio (64 KiB). */
#define NM_VIRTIO_TSO_MAX	65535u

/** Segments of one TX packet the PMD chains into descriptors; the
 *  kernel's skbs never have more than MAX_SKB_FRAGS + 1, and a packet
 *  longer than the ring stalls the queue, so keep a margin. */
#define NM_VIRTIO_TX_MAX_SEGS	64u

/** TX offloads virtio reports but does in software in a way libnetmem's
 *  zero-copy segments do not survive (rte_vlan_insert() refuses an mbuf
 *  that is not direct and sole-owned). */
#define NM_VIRTIO_TX_STRIP	RTE_ETH_TX_OFFLOAD_VLAN_INSERT



extern struct nm_net_driver nm_net_drv_virtio;
extern struct nm_net_driver nm_net_drv_virtio_user;

#endif /* NM_VIRTIO_H */
