/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/port: device memory on RX queues, as the RX split sees it
 * (the binding itself only through <netmem/devmem.h>'s functions). */
#ifndef PORT_DEVMEM_H
#define PORT_DEVMEM_H

#include "port_priv.h"
#include "skb_priv.h"

/** The device-memory half of the software split: headers (@p hlen bytes)
 *  into a small head, payload copied into net_iovs of the bound pool. */
struct sk_buff *nm_rx_devmem_split(struct nm_port *port, struct nm_rxq *rxq,
				   struct sk_buff *skb, unsigned int hlen);

#endif /* PORT_DEVMEM_H */
