/* SPDX-License-Identifier: BSD-3-Clause */
/* The port configuration the port tests start from (test_port_conf.h). */
#include <string.h>

#include <rte_lcore.h>

#include "test_port_conf.h"

struct nm_port_conf conf_default(void)
{
	struct nm_port_conf c;

	memset(&c, 0, sizeof(c));
	c.nb_rxq = 1;
	c.nb_txq = 1;
	for (int q = 0; q < NM_PORT_MAX_QUEUES; q++)
		c.rxq_lcore[q] = rte_lcore_id();
	return c;
}
