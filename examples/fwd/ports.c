/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd port choices, testpmd's options on libnetmem's ports:
 * --portmask/--nb-ports (which ports forward), the port flags (the mode's,
 * RSS with --rxq > 1, --enable-rx-cksum), --max-pkt-len as an MTU, and the
 * RSS hash functions (--rss-ip, --rss-udp) set on a port that has RSS on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>

#include "fwd.h"

/* --portmask and --nb-ports: the forwarding ports, in port order. 0 or
 * -1 (said why). */
int fwd_ports_select(void)
{
	uint16_t pid;

	RTE_ETH_FOREACH_DEV(pid) {
		if (fwd_nb_ports == FWD_MAX_PORTS)
			break;
		if (fwd_cfg.portmask != 0 && (pid >= 64 || !(fwd_cfg.portmask & (1ULL << pid))))
			continue;
		fwd_port_ids[fwd_nb_ports++] = pid;
	}
	for (unsigned int p = 0; p < 64; p++) {
		if ((fwd_cfg.portmask & (1ULL << p)) && !rte_eth_dev_is_valid_port((uint16_t)p)) {
			FWD_LOG(ERR, "--portmask=0x%" PRIx64 ": no port %u", fwd_cfg.portmask, p);
			return -1;
		}
	}
	if (fwd_nb_ports == 0) {
		FWD_LOG(ERR, "no ports: give the EAL a NIC or e.g. --vdev net_null0 --vdev net_null1");
		return -1;
	}
	if (fwd_cfg.nb_ports != 0) {
		if (fwd_cfg.nb_ports > fwd_nb_ports) {
			FWD_LOG(ERR, "--nb-ports=%u: only %u port(s) to forward on", fwd_cfg.nb_ports,
				fwd_nb_ports);
			return -1;
		}
		fwd_nb_ports = (uint16_t)fwd_cfg.nb_ports;
	}
	if (fwd_cfg.topology == FWD_TOPO_PAIRED && fwd_nb_ports % 2 != 0 && fwd_nb_ports > 1)
		printf("Note: %u ports in paired topology: port %u forwards to itself\n",
		       fwd_nb_ports, fwd_port_ids[fwd_nb_ports - 1]);
	return 0;
}

/* The port flags: the mode's (in interactive mode every mode's, since
 * "set fwd" may pick any), RSS with more than one RX queue, RX checksum,
 * LRO, TSO and TX checksum for --tx-tso. */
unsigned int fwd_port_flags(void)
{
	unsigned int f = NM_PORT_F_PROMISC | fwd_engine->port_flags;

	if (fwd_cfg.interactive)
		for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
			f |= fwd_engines[i]->port_flags;
	if (fwd_cfg.nb_rxq > 1)
		f |= NM_PORT_F_RSS | NM_PORT_F_OPTIONAL;
	if (fwd_cfg.rx_cksum)
		f |= NM_PORT_F_RX_CSUM | NM_PORT_F_OPTIONAL;
	if (fwd_cfg.lro)
		f |= NM_PORT_F_LRO | NM_PORT_F_OPTIONAL;
	if (fwd_cfg.tx_tso != 0)
		f |= NM_PORT_F_TSO | NM_PORT_F_TX_CSUM | NM_PORT_F_OPTIONAL;
	return f;
}

/* --max-pkt-len: the MTU it means on @port (testpmd's overhead rule). */
unsigned int fwd_port_mtu(uint16_t port)
{
	struct rte_eth_dev_info info;
	unsigned int overhead = RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;

	if (fwd_cfg.max_pkt_len == 0)
		return fwd_cfg.mtu;
	if (rte_eth_dev_info_get(port, &info) == 0 && info.max_mtu != UINT16_MAX &&
	    info.max_rx_pktlen > info.max_mtu)
		overhead = info.max_rx_pktlen - info.max_mtu;
	return fwd_cfg.max_pkt_len > overhead ? fwd_cfg.max_pkt_len - overhead : 0;
}

/* --rxq > 1: the hash functions asked (--rss-ip, --rss-udp) where the port
 * has RSS on; says so where it has not. */
void fwd_port_rss(uint16_t port, const char *driver)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	struct rte_eth_rss_conf rss = { .rss_key = NULL };
	int ret;

	if (rte_eth_dev_info_get(port, &info) != 0 || rte_eth_dev_conf_get(port, &conf) != 0)
		return;
	if (!(conf.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG)) {
		printf("Note: port %u (%s) is not set up for RSS (libnetmem asks RSS only of ports "
		       "with the RSS hash offload): the port decides which RX queue a packet reaches\n",
		       port, driver);
		return;
	}
	rss.rss_hf = fwd_cfg.rss_hf & info.flow_type_rss_offloads;
	ret = rss.rss_hf != 0 ? rte_eth_dev_rss_hash_update(port, &rss) : -ENOTSUP;
	if (ret != 0)
		printf("Note: port %u (%s): RSS hash functions 0x%" PRIx64 " not taken (%s): the port's own\n",
		       port, driver, fwd_cfg.rss_hf, strerror(-ret));
	else
		printf("Port %u: RSS over %u RX queues, hash functions 0x%" PRIx64 "\n", port,
		       fwd_cfg.nb_rxq, rss.rss_hf);
}
