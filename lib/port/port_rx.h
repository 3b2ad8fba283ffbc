/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/port: RX (port_rx.c) and the software header split
 * (port_split.c) it hands skbs to. */
#ifndef PORT_RX_H
#define PORT_RX_H

#include "port_priv.h"
#include "skb_priv.h"

/** Sets up @p rxq's RX skb template from its page size, port and queue. */
void nm_rxq_tmpl_init(struct nm_rxq *rxq);

/** Builds an skb from a received mbuf chain; NULL (mbuf freed, drop
 *  counted) when it cannot. */
struct sk_buff *nm_skb_from_mbuf(struct nm_port *port, struct nm_rxq *rxq,
				 struct rte_mbuf *m);

/** Software header split of a freshly received skb (device memory too). */
struct sk_buff *nm_rx_sw_split(struct nm_port *port, struct nm_rxq *rxq,
			       struct sk_buff *skb);

#endif /* PORT_RX_H */
