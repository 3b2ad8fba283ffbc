/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * afp_hw: the net_af_packet ethdev as the DMA engine of ringdrv's
 * "hardware" (see afp_hw.h). Plain DPDK, no kernel include tree.
 */
#include <errno.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "afp_hw.h"

#define AFP_RING	1024

static struct rte_mempool *afp_pool;
static uint64_t afp_oversize;

int afp_hw_open(const char *name, uint16_t *port)
{
	struct rte_eth_conf conf;
	int ret;

	if (rte_eth_dev_get_port_by_name(name, port) != 0)
		return -ENODEV;
	if (afp_pool == NULL) {
		afp_pool = rte_pktmbuf_pool_create("afp_hw", 8191, 256, 0,
						   RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
		if (afp_pool == NULL)
			return -ENOMEM;
	}
	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(*port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(*port, 0, AFP_RING, (unsigned int)rte_socket_id(),
					     NULL, afp_pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(*port, 0, AFP_RING, (unsigned int)rte_socket_id(),
					     NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(*port);
	if (ret == 0)
		rte_eth_promiscuous_enable(*port);
	return ret;
}

void afp_hw_close(uint16_t port)
{
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
}

unsigned int afp_hw_tx(uint16_t port, const void *const *bufs, const uint16_t *lens,
		       unsigned int n)
{
	struct rte_mbuf *m[64];
	unsigned int k = 0, sent;

	if (n > RTE_DIM(m))
		n = RTE_DIM(m);
	for (unsigned int i = 0; i < n; i++) {
		struct rte_mbuf *mb = rte_pktmbuf_alloc(afp_pool);
		char *p;

		if (mb == NULL)
			break;
		p = rte_pktmbuf_append(mb, lens[i]);
		if (p == NULL) {
			rte_pktmbuf_free(mb);
			break;
		}
		memcpy(p, bufs[i], lens[i]);
		m[k++] = mb;
	}
	sent = 0;
	/* the wire never refuses for long: af_packet's ring drains into the
	 * kernel at once */
	for (int tries = 0; sent < k && tries < 1000; tries++)
		sent += rte_eth_tx_burst(port, 0, m + sent, (uint16_t)(k - sent));
	for (unsigned int i = sent; i < k; i++)
		rte_pktmbuf_free(m[i]);
	return n;
}

unsigned int afp_hw_rx(uint16_t port, void *const *bufs, uint16_t *lens, unsigned int n,
		       unsigned int cap)
{
	struct rte_mbuf *m[64];
	unsigned int got = 0;
	uint16_t nb;

	if (n > RTE_DIM(m))
		n = RTE_DIM(m);
	nb = rte_eth_rx_burst(port, 0, m, (uint16_t)n);
	for (uint16_t i = 0; i < nb; i++) {
		if (m[i]->pkt_len > cap) {
			afp_oversize++;
		} else {
			const void *p = rte_pktmbuf_read(m[i], 0, m[i]->pkt_len, bufs[got]);

			/* it copies only when the frame spans segments */
			if (p != bufs[got])
				memcpy(bufs[got], p, m[i]->pkt_len);
			lens[got++] = (uint16_t)m[i]->pkt_len;
		}
		rte_pktmbuf_free(m[i]);
	}
	return got;
}

uint64_t afp_hw_rx_oversize(void)
{
	return afp_oversize;
}
