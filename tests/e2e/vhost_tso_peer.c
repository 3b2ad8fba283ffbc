/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A vhost-user peer that sends TCP frames back by TSO: what dpdk-testpmd
 * cannot be (its csum engine asks TSO only of ports that report it, and
 * net_vhost does not, though the vhost library writes a GSO virtio-net
 * header for any mbuf marked RTE_MBUF_F_TX_TCP_SEG).
 *
 * One port (the only device given to the EAL, e.g. net_vhost0 with tso=1).
 * Every frame received goes back on the same port. A TCP frame (IPv4 or
 * IPv6) whose payload is longer than the segment size is marked for TSO:
 * RTE_MBUF_F_TX_TCP_SEG with the header lengths and tso_segsz = the
 * segment size the frame came with (RTE_MBUF_F_RX_LRO: the virtio sender's
 * gso_size) or the one given on the command line. The TCP check field gets
 * DPDK's TSO pseudo-header sum (no length), as a DPDK application sending
 * by TSO writes it; the IPv4 header checksum is written in software.
 *
 * Usage: vhost_tso_peer EAL-ARGS -- SEGSZ
 * Runs until SIGINT or SIGTERM, then prints one line:
 *   "peer: rx N tx N lro N tso N drop N"
 * (frames received, sent, received marked LRO, sent by TSO, not sent).
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_net.h>
#include <rte_tcp.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Marks @m for TSO at @segsz when it is a TCP frame longer than one
 * segment; true when marked. */
static bool mark_tso(struct rte_mbuf *m, uint16_t segsz)
{
	struct rte_net_hdr_lens hl;
	uint32_t ptype = rte_net_get_ptype(m, &hl, RTE_PTYPE_ALL_MASK);
	bool v4 = RTE_ETH_IS_IPV4_HDR(ptype), v6 = RTE_ETH_IS_IPV6_HDR(ptype);
	unsigned int hdrs = hl.l2_len + hl.l3_len + hl.l4_len;
	struct rte_tcp_hdr *th;
	void *ip;

	if ((ptype & RTE_PTYPE_L4_MASK) != RTE_PTYPE_L4_TCP || (!v4 && !v6) || segsz == 0 ||
	    m->pkt_len <= hdrs + segsz || m->data_len < hdrs)
		return false;
	m->l2_len = hl.l2_len;
	m->l3_len = hl.l3_len;
	m->l4_len = hl.l4_len;
	m->tso_segsz = segsz;
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM |
		      (v4 ? RTE_MBUF_F_TX_IPV4 : RTE_MBUF_F_TX_IPV6);
	ip = rte_pktmbuf_mtod_offset(m, void *, hl.l2_len);
	th = rte_pktmbuf_mtod_offset(m, struct rte_tcp_hdr *, hl.l2_len + hl.l3_len);
	if (v4) {
		struct rte_ipv4_hdr *ih = ip;

		ih->hdr_checksum = 0;
		ih->hdr_checksum = rte_ipv4_cksum(ih);
		th->cksum = rte_ipv4_phdr_cksum(ih, m->ol_flags);
	} else {
		th->cksum = rte_ipv6_phdr_cksum(ip, m->ol_flags);
	}
	return true;
}

int main(int argc, char **argv)
{
	struct rte_eth_conf conf = { 0 };
	struct rte_mempool *mp;
	uint64_t rx = 0, tx = 0, lro = 0, tso = 0, drop = 0;
	uint16_t segsz;
	int n;

	n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "peer: rte_eal_init failed\n");
		return 1;
	}
	argc -= n;
	argv += n;
	if (argc < 2 || rte_eth_dev_count_avail() < 1) {
		fprintf(stderr, "peer: usage: vhost_tso_peer EAL-ARGS -- SEGSZ (one port)\n");
		return 1;
	}
	segsz = (uint16_t)strtoul(argv[1], NULL, 0);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	mp = rte_pktmbuf_pool_create("peer_mp", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				     (int)rte_socket_id());
	if (mp == NULL || rte_eth_dev_configure(0, 1, 1, &conf) != 0 ||
	    rte_eth_rx_queue_setup(0, 0, 1024, (unsigned int)rte_socket_id(), NULL, mp) != 0 ||
	    rte_eth_tx_queue_setup(0, 0, 1024, (unsigned int)rte_socket_id(), NULL) != 0 ||
	    rte_eth_dev_start(0) != 0) {
		fprintf(stderr, "peer: port set-up failed\n");
		return 1;
	}
	printf("peer: ready\n");
	fflush(stdout);
	while (!stop) {
		struct rte_mbuf *pkts[32];
		uint16_t nb = rte_eth_rx_burst(0, 0, pkts, 32), sent = 0;

		if (nb == 0) {
			/* idle: leave the shared CPU to the others */
			rte_delay_us_sleep(20);
			continue;
		}
		rx += nb;
		for (uint16_t i = 0; i < nb; i++) {
			uint64_t fl = pkts[i]->ol_flags;

			lro += (fl & RTE_MBUF_F_RX_LRO) != 0;
			pkts[i]->ol_flags = 0;
			tso += mark_tso(pkts[i], (fl & RTE_MBUF_F_RX_LRO) && pkts[i]->tso_segsz ?
					pkts[i]->tso_segsz : segsz);
		}
		/* Bounded retries: a peer that stops reading must not hang us. */
		for (int k = 0; sent < nb && k < 100000 && !stop; k++)
			sent += rte_eth_tx_burst(0, 0, pkts + sent, (uint16_t)(nb - sent));
		tx += sent;
		drop += (uint64_t)(nb - sent);
		if (sent < nb)
			rte_pktmbuf_free_bulk(pkts + sent, (unsigned int)(nb - sent));
	}
	printf("peer: rx %lu tx %lu lro %lu tso %lu drop %lu\n", (unsigned long)rx,
	       (unsigned long)tx, (unsigned long)lro, (unsigned long)tso, (unsigned long)drop);
	fflush(stdout);
	rte_eth_dev_stop(0);
	rte_eth_dev_close(0);
	rte_eal_cleanup();
	return 0;
}
