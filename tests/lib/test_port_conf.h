/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the port tests: the port configuration they start from. */
#ifndef NM_TEST_PORT_CONF_H
#define NM_TEST_PORT_CONF_H

#include <netmem/port.h>

/** One RX and one TX queue, every RX queue polled by this lcore, no flags. */
struct nm_port_conf conf_default(void);

#endif /* NM_TEST_PORT_CONF_H */
