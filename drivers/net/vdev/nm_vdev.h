/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to drivers/net/vdev and its tests: what the software PMDs really
 * accept on TX, by DPDK driver name (rte_eth_dev_info.driver_name).
 */
#ifndef NM_VDEV_H
#define NM_VDEV_H

#include <stdint.h>

#include <netmem/port_driver.h>

/** What one software PMD takes, beyond what its dev_info says. */
struct nm_vdev_quirk {
	const char *driver;	/**< DPDK driver name, e.g. "net_null" */
	uint16_t tx_max_segs;	/**< mbuf segments per packet (0: no limit) */
	uint64_t tx_strip;	/**< TX offloads reported but not usable */
	const char *why;	/**< one line, for logs and docs */
};

/** The quirks of @p driver, or NULL for a PMD this driver does not know. */
const struct nm_vdev_quirk *nm_vdev_quirk_find(const char *driver);

/* One nm_net_driver per PMD (referenced by the built-in table). */
extern struct nm_net_driver nm_net_drv_null;
extern struct nm_net_driver nm_net_drv_ring;
extern struct nm_net_driver nm_net_drv_af_packet;
extern struct nm_net_driver nm_net_drv_memif;

#endif /* NM_VDEV_H */
