/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TSO-sized skbs over virtio-user, with TSO on and off, against a
 * dpdk-testpmd vhost-user peer that forwards every packet back (io mode,
 * each vhost port to itself).
 *
 * Two virtio_user ports, each on its own vhost-user socket: port 0 asks
 * TSO and TX checksum offload, port 1 the checksum offload only. On each,
 * 16 TCP/IPv4 skbs of 64000 payload bytes (a 54-byte linear part on a
 * page_pool page, 16 frags of 4000 bytes) with gso_size 1448 and
 * CHECKSUM_PARTIAL are sent:
 *
 *  - TSO on: each skb leaves as one virtio packet with the GSO header; the
 *    peer counts 16 packets of 64054 bytes (its own forward statistics and
 *    NIC counters) and sends each back as one frame, which arrives through
 *    mergeable RX buffers as an skb with frags.
 *  - TSO off: libnetmem segments in software (45 segments per skb, the
 *    last 288 bytes), each leaving with the TCP checksum offloaded; the
 *    peer counts 720 packets.
 *
 * A third virtio_user port asks TSO, checksum offload and LRO
 * (NM_PORT_F_LRO: VIRTIO_NET_F_GUEST_TSO4/6) and has its own peer,
 * vhost_tso_peer (NM_TSO_PEER), which sends each frame back by TSO: each
 * skb leaves as one virtio packet and comes back as one, with the GSO
 * header, which RX makes a GSO skb (gso_size 1448, SKB_GSO_TCPV4 |
 * SKB_GSO_DODGY, frags from the mergeable buffers, no copy);
 * skb_gso_segment() cuts it into the 45 segments the sender meant.
 *
 * What comes back is checked byte by byte (the payload pattern at its TCP
 * sequence number), the TCP checksum of every segment and the IPv4 header
 * checksum of every software segment; then the ports close and every page
 * is back in its pool, no skb live, nothing copied on RX.
 *
 * Exit 77 (skipped) without root, dpdk-testpmd, a hugetlbfs mount or free
 * hugepages. Socket and file prefixes carry "e17".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdbool.h>
#include <string.h>

#include "e2e_common.h"

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_tcp.h>

#include <netmem/checksum.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/types.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#define NR_SKBS		16
#define NR_FRAGS	16
#define FRAG_LEN	4000u
#define PAYLOAD		(NR_FRAGS * FRAG_LEN)		/* 64000 */
#define HDRS		(14u + 20u + 20u)
#define MSS		1448u
#define SEGS		((PAYLOAD + MSS - 1) / MSS)	/* 45 */
#define SEQ0		1000000u

struct side {
	const char *name;
	uint16_t port;
	bool up, tso, lro;
	struct page_pool *gen;
	/* what came back */
	uint64_t pkts, payload, bad_data, bad_tcp_csum, bad_ip_csum, zero_ip_csum, max_len;
	uint64_t frag_skbs, gso_skbs, bad_gso;
	uint8_t seen[NR_SKBS][PAYLOAD / 8];	/* bitmap of payload bytes back */
};

#define NR_SIDES	3

static struct {
	char sock[NR_SIDES][128], plog[128], tlog[128];
	pid_t peer, tpeer;
	struct side s[NR_SIDES];
	struct nm_skb_stats skb0;
} T;

/* ---- packets ------------------------------------------------------------ */

static uint8_t pat(unsigned int skb_idx, unsigned int off)
{
	return (uint8_t)(skb_idx * 7u + off);
}

static struct sk_buff *build_tso_skb(struct side *s, unsigned int idx)
{
	struct rte_ether_addr mac;
	struct sk_buff *skb;
	struct page *page = page_pool_dev_alloc_pages(s->gen);
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *th;
	uint8_t *eth;

	assert_non_null(page);
	skb = napi_build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	skb_reserve(skb, NET_SKB_PAD);
	eth = skb_put(skb, HDRS);
	for (unsigned int i = 0; i < NR_FRAGS; i++) {
		unsigned int off, size = FRAG_LEN;
		struct page *fp = page_pool_dev_alloc(s->gen, &off, &size);
		uint8_t *d;

		assert_non_null(fp);
		d = (uint8_t *)page_address(fp) + off;
		for (unsigned int b = 0; b < FRAG_LEN; b++)
			d[b] = pat(idx, i * FRAG_LEN + b);
		skb_add_rx_frag(skb, (int)i, fp, (int)off, (int)FRAG_LEN, size);
	}
	skb_mark_for_recycle(skb);

	rte_eth_macaddr_get(s->port, &mac);
	memset(eth, 0x02, 6);
	memcpy(eth + 6, mac.addr_bytes, 6);
	eth[12] = 0x08;
	eth[13] = 0x00;
	ip = (struct rte_ipv4_hdr *)(eth + 14);
	memset(ip, 0, 20);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(20 + 20 + PAYLOAD));
	ip->packet_id = rte_cpu_to_be_16((uint16_t)idx);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(0xc6120001);	/* 198.18.0.1 */
	ip->dst_addr = rte_cpu_to_be_32(0xc6120002);
	ip->hdr_checksum = ip_fast_csum(ip, 5);
	th = (struct rte_tcp_hdr *)(ip + 1);
	memset(th, 0, 20);
	th->src_port = rte_cpu_to_be_16((uint16_t)(40000 + idx));
	th->dst_port = rte_cpu_to_be_16(5201);
	th->sent_seq = rte_cpu_to_be_32(SEQ0);
	th->recv_ack = rte_cpu_to_be_32(1);
	th->data_off = 5 << 4;
	th->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	th->rx_win = rte_cpu_to_be_16(65535);

	skb->protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);
	/* CHECKSUM_PARTIAL as the kernel's TCP: the pseudo-header sum with
	 * the length in the checksum field, the rest left to the device. */
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_transport_header(skb) - skb->head);
	skb->csum_offset = offsetof(struct rte_tcp_hdr, cksum);
	th->cksum = ~csum_tcpudp_magic(ip->src_addr, ip->dst_addr, 20 + PAYLOAD, IPPROTO_TCP, 0);
	skb_shinfo(skb)->gso_size = MSS;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_segs = SEGS;
	return skb;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* One's-complement sum of @len bytes. */
static uint32_t sum16(const uint8_t *p, size_t len, uint32_t s)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		s += be16(p + i);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static void check_back(struct side *s, struct sk_buff *skb)
{
	static uint8_t b[70000];
	unsigned int len = skb->len, ihl, tot, doff, plen, idx;
	uint32_t seq, off;
	const uint8_t *ip, *th, *pl;

	s->pkts++;
	if (skb_shinfo(skb)->nr_frags > 0)
		s->frag_skbs++;
	if (len > s->max_len)
		s->max_len = len;
	if (len < HDRS || len > sizeof(b) || skb_copy_bits(skb, 0, b, (int)len) != 0 ||
	    be16(b + 12) != 0x0800) {
		s->bad_data++;
		return;
	}
	ip = b + 14;
	ihl = (ip[0] & 0xf) * 4u;
	tot = be16(ip + 2);
	if (ihl != 20 || ip[9] != IPPROTO_TCP || 14 + tot > len) {
		s->bad_data++;
		return;
	}
	if (be16(ip + 10) == 0)
		s->zero_ip_csum++;
	else if (fold(sum16(ip, 20, 0)) != 0xffff)
		s->bad_ip_csum++;
	th = ip + 20;
	doff = (th[12] >> 4) * 4u;
	plen = tot - 20 - doff;
	if (fold(sum16(th, tot - 20, sum16(ip + 12, 8, IPPROTO_TCP + tot - 20))) != 0xffff)
		s->bad_tcp_csum++;
	idx = be16(th) - 40000u;
	seq = be32(th + 4);
	off = seq - SEQ0;
	pl = th + doff;
	if (idx >= NR_SKBS || off + plen > PAYLOAD) {
		s->bad_data++;
		return;
	}
	for (unsigned int i = 0; i < plen; i++) {
		if (pl[i] != pat(idx, off + i)) {
			s->bad_data++;
			return;
		}
		s->seen[idx][(off + i) / 8] |= (uint8_t)(1u << ((off + i) % 8));
	}
	s->payload += plen;
}

/* What RX made of a frame that came back: a GSO skb (LRO) is cut into its
 * segments first, as a forwarder's TX would. */
static void rx_back(struct side *s, struct sk_buff *skb)
{
	struct sk_buff *segs, *next;

	if (!skb_is_gso(skb)) {
		check_back(s, skb);
		consume_skb(skb);
		return;
	}
	s->gso_skbs++;
	if (skb_shinfo(skb)->gso_size != MSS ||
	    skb_shinfo(skb)->gso_type != (SKB_GSO_TCPV4 | SKB_GSO_DODGY) ||
	    skb_shinfo(skb)->gso_segs != SEGS || skb_shinfo(skb)->nr_frags == 0)
		s->bad_gso++;
	segs = skb_gso_segment(skb, 0);
	consume_skb(skb);
	if (IS_ERR_OR_NULL(segs)) {
		s->bad_gso++;
		return;
	}
	for (; segs != NULL; segs = next) {
		next = segs->next;
		segs->next = NULL;
		check_back(s, segs);
		consume_skb(segs);
	}
}

/* Sends the skbs one at a time, each time receiving until its payload is
 * back (or 10 s passed): the rings never overflow. */
static void run_side(struct side *s)
{
	const uint64_t hz = rte_get_timer_hz();
	struct nm_queue_stats qs;

	for (unsigned int i = 0; i < NR_SKBS; i++) {
		struct sk_buff *skb = build_tso_skb(s, i);
		const uint64_t end = rte_get_timer_cycles() + 10 * hz;

		while (nm_tx_burst(s->port, 0, &skb, 1) == 0 && rte_get_timer_cycles() < end)
			;
		assert_true(rte_get_timer_cycles() < end);
		while (s->payload < (uint64_t)(i + 1) * PAYLOAD && rte_get_timer_cycles() < end) {
			struct sk_buff *rx[32];
			uint16_t n = nm_rx_burst(s->port, 0, rx, 32);

			for (uint16_t k = 0; k < n; k++)
				rx_back(s, rx[k]);
		}
	}
	assert_int_equal(nm_port_queue_stats(s->port, 0, &qs), 0);
	printf("vhost_tso: %s: sent %u skbs of %u payload bytes: port tx %" PRIu64
	       " pkts %" PRIu64 " B, tx_gso_sw %" PRIu64 " tx_csum_sw %" PRIu64
	       " zc segs %" PRIu64 " ext segs %" PRIu64 "; back %" PRIu64 " pkts (%" PRIu64
	       " with frags, largest %" PRIu64 " B; %" PRIu64 " GSO skbs, %" PRIu64
	       " not as sent), payload %" PRIu64 " B, bad data %" PRIu64
	       " bad tcp csum %" PRIu64 " bad ip csum %" PRIu64 " ip csum 0 %" PRIu64
	       ", rx copied %" PRIu64 "\n",
	       s->name, NR_SKBS, PAYLOAD, qs.tx_packets, qs.tx_bytes, qs.tx_gso_sw,
	       qs.tx_csum_sw, qs.tx_zc_segs, qs.tx_ext_segs, s->pkts, s->frag_skbs, s->max_len,
	       s->gso_skbs, s->bad_gso, s->payload, s->bad_data, s->bad_tcp_csum, s->bad_ip_csum, s->zero_ip_csum,
	       qs.copied_bytes);
	assert_int_equal(s->bad_data, 0);
	assert_int_equal(s->bad_tcp_csum, 0);
	assert_int_equal(s->bad_ip_csum, 0);
	assert_int_equal(s->payload, (uint64_t)NR_SKBS * PAYLOAD);
	for (unsigned int i = 0; i < NR_SKBS; i++)
		for (unsigned int b = 0; b < PAYLOAD / 8; b++)
			assert_int_equal(s->seen[i][b], 0xff);
	assert_int_equal(qs.copied_bytes, 0);
	assert_int_equal(qs.tx_csum_sw, 0);
	for (unsigned int d = 0; d < NM_DROP_MAX; d++)
		assert_int_equal(qs.drops[d], 0);
	assert_int_equal(s->bad_gso, 0);
	if (s->lro) {
		/* One virtio packet per skb, one GSO skb back per skb, cut
		 * into the sender's segments. */
		assert_int_equal(qs.tx_packets, NR_SKBS);
		assert_int_equal(qs.tx_gso_sw, 0);
		assert_int_equal(s->gso_skbs, NR_SKBS);
		assert_int_equal(s->pkts, (uint64_t)NR_SKBS * SEGS);
		assert_int_equal(s->max_len, HDRS + MSS);
	} else if (s->tso) {
		/* One virtio packet per skb, one frame back per skb. */
		assert_int_equal(s->gso_skbs, 0);
		assert_int_equal(qs.tx_packets, NR_SKBS);
		assert_int_equal(qs.tx_bytes, (uint64_t)NR_SKBS * (HDRS + PAYLOAD));
		assert_int_equal(qs.tx_gso_sw, 0);
		assert_int_equal(s->pkts, NR_SKBS);
		assert_int_equal(s->frag_skbs, NR_SKBS);
		assert_int_equal(s->max_len, HDRS + PAYLOAD);
		assert_int_equal(s->zero_ip_csum, 0);
	} else {
		assert_int_equal(qs.tx_packets, (uint64_t)NR_SKBS * SEGS);
		assert_int_equal(qs.tx_bytes, (uint64_t)NR_SKBS * (SEGS * HDRS + PAYLOAD));
		assert_int_equal(qs.tx_gso_sw, NR_SKBS);
		assert_int_equal(s->pkts, (uint64_t)NR_SKBS * SEGS);
		assert_int_equal(s->max_len, HDRS + MSS);
		assert_int_equal(s->zero_ip_csum, 0);
	}
}

static void test_tso_on(void **state)
{
	(void)state;
	run_side(&T.s[0]);
}

static void test_tso_off(void **state)
{
	(void)state;
	run_side(&T.s[1]);
}

static void test_lro(void **state)
{
	(void)state;
	run_side(&T.s[2]);
}

/* The TSO peer's line: "peer: rx N tx N lro N tso N drop N". */
static bool tpeer_counts(const char *text, uint64_t c[5])
{
	const char *p = text != NULL ? strstr(text, "peer: rx ") : NULL;

	return p != NULL && sscanf(p, "peer: rx %" SCNu64 " tx %" SCNu64 " lro %" SCNu64
				   " tso %" SCNu64 " drop %" SCNu64, &c[0], &c[1], &c[2],
				   &c[3], &c[4]) == 5;
}

/* The peer's own counters: its forward statistics per port, printed when
 * it stops (SIGINT). */
static void peer_port_rx(const char *text, unsigned int port, uint64_t *pkts)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "Forward statistics for port %u", port);
	p = strstr(text, key);
	*pkts = UINT64_MAX;
	if (p != NULL && (p = strstr(p, "RX-packets:")) != NULL)
		sscanf(p, "RX-packets: %" SCNu64, pkts);
}

static void test_peer_and_pages(void **state)
{
	struct nm_skb_stats st;
	uint64_t rx[2], tc[5];
	char *text;
	int code;

	(void)state;
	for (int i = 0; i < NR_SIDES; i++) {
		struct page_pool *pp = nm_port_rxq_page_pool(T.s[i].port, 0);

		assert_non_null(pp);
		assert_int_equal(nm_port_close(T.s[i].port), 0);
		T.s[i].up = false;
		page_pool_destroy(T.s[i].gen);
		T.s[i].gen = NULL;
	}
	assert_int_equal(nm_page_pool_reap(), 0);
	nm_skb_get_stats(&st);
	printf("vhost_tso: skbs live %" PRIu64 " (at start %" PRIu64 "), misuse %" PRIu64 "\n",
	       st.live, T.skb0.live, nm_misuse_count());
	assert_int_equal(st.live, T.skb0.live);
	assert_int_equal(nm_misuse_count(), 0);

	sleep(2);	/* one more stats period of the peer */
	kill(T.peer, SIGINT);
	assert_true(e2e_wait_child(T.peer, 20, &code));
	text = e2e_read_text(T.plog);
	assert_non_null(text);
	peer_port_rx(text, 0, &rx[0]);
	peer_port_rx(text, 1, &rx[1]);
	printf("vhost_tso: peer received %" PRIu64 " packets on the TSO port, %" PRIu64
	       " on the other\n", rx[0], rx[1]);
	free(text);
	assert_int_equal(rx[0], NR_SKBS);
	assert_int_equal(rx[1], (uint64_t)NR_SKBS * SEGS);

	/* The TSO peer: every skb came as one LRO frame, went back by TSO. */
	kill(T.tpeer, SIGINT);
	assert_true(e2e_wait_child(T.tpeer, 20, &code));
	text = e2e_read_text(T.tlog);
	assert_true(tpeer_counts(text, tc));
	printf("vhost_tso: TSO peer: rx %" PRIu64 " tx %" PRIu64 " lro %" PRIu64 " tso %" PRIu64
	       " drop %" PRIu64 "\n", tc[0], tc[1], tc[2], tc[3], tc[4]);
	free(text);
	assert_int_equal(tc[0], NR_SKBS);
	assert_int_equal(tc[2], NR_SKBS);
	assert_int_equal(tc[3], NR_SKBS);
	assert_int_equal(tc[4], 0);
}

/* ---- set-up ------------------------------------------------------------- */

static int port_up(struct side *s, unsigned int flags)
{
	char name[32];
	struct nm_port_conf conf = { .nb_rxq = 1, .nb_txq = 1, .mtu = 9000 };
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP, .pool_size = 256, .nr_pages = 2048,
		.nid = NUMA_NO_NODE, .dev = s->port, .lcore = rte_lcore_id(),
		.dma_dir = DMA_BIDIRECTIONAL, .name = name,
	};
	struct nm_port_caps caps;
	int ret;

	conf.flags = flags | NM_PORT_F_PROMISC;
	conf.rxq_lcore[0] = rte_lcore_id();
	ret = nm_port_init(s->port, &conf);
	if (ret != 0) {
		fprintf(stderr, "vhost_tso: nm_port_init(%u): %s\n", s->port, strerror(-ret));
		return -1;
	}
	s->up = true;
	nm_port_caps_get(s->port, &caps);
	printf("vhost_tso: port %u (%s, %s): rx_offloads 0x%" PRIx64 " tx_offloads 0x%" PRIx64
	       " tso_max %u tx_max_segs %u, features 0x%" PRIx64 "\n", s->port, caps.driver,
	       s->name, caps.rx_offloads, caps.tx_offloads, caps.tso_max_size, caps.tx_max_segs,
	       (uint64_t)nm_port_features(s->port));
	snprintf(name, sizeof(name), "e17gen%u", s->port);
	s->gen = page_pool_create(&pp);
	if (IS_ERR(s->gen)) {
		s->gen = NULL;
		return -1;
	}
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	nm_skb_get_stats(&T.skb0);
	T.s[0].name = "TSO on";
	T.s[0].tso = true;
	T.s[1].name = "TSO off";
	T.s[2].name = "LRO";
	T.s[2].tso = T.s[2].lro = true;
	for (int i = 0; i < NR_SIDES; i++) {
		char dev[32];

		snprintf(dev, sizeof(dev), "virtio_user%d", i);
		if (rte_eth_dev_get_port_by_name(dev, &T.s[i].port) != 0)
			return -1;
	}
	if (port_up(&T.s[0], NM_PORT_F_TSO | NM_PORT_F_TX_CSUM | NM_PORT_F_OPTIONAL) != 0 ||
	    port_up(&T.s[1], NM_PORT_F_TX_CSUM | NM_PORT_F_OPTIONAL) != 0 ||
	    port_up(&T.s[2], NM_PORT_F_TSO | NM_PORT_F_TX_CSUM | NM_PORT_F_LRO |
		    NM_PORT_F_OPTIONAL) != 0)
		return -1;
	if (!(nm_port_features(T.s[2].port) & NETIF_F_GRO_HW)) {
		fprintf(stderr, "vhost_tso: the LRO port did not negotiate LRO\n");
		return -1;
	}
	if (!(nm_port_features(T.s[0].port) & NETIF_F_TSO) ||
	    (nm_port_features(T.s[1].port) & NETIF_F_TSO) ||
	    !(nm_port_features(T.s[1].port) & NETIF_F_IP_CSUM)) {
		fprintf(stderr, "vhost_tso: the ports did not negotiate TSO / checksum offload\n");
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NR_SIDES; i++) {
		if (T.s[i].up)
			nm_port_close(T.s[i].port);
		if (T.s[i].gen != NULL)
			page_pool_destroy(T.s[i].gen);
	}
	return 0;
}

static long free_hugepages(void)
{
	char *m = e2e_read_text("/proc/meminfo"), *p;
	long n = 0;

	if (m != NULL && (p = strstr(m, "HugePages_Free:")) != NULL)
		n = strtol(p + 15, NULL, 10);
	free(m);
	return n;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tso_on),
		cmocka_unit_test(test_tso_off),
		cmocka_unit_test(test_lro),
		cmocka_unit_test(test_peer_and_pages),
	};
	char peer_lc[32], own_lc[32], prefix[3][48], vdev[NR_SIDES][192], pvdev[NR_SIDES][192];
	const char *tpeer = getenv("NM_TSO_PEER");
	cpu_set_t cs;
	int cpu[2] = { 0, 0 }, n = 0, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	E2E.tag = "vhost_tso";
	if (geteuid() != 0) {
		printf("skipped: needs root (hugepages)\n");
		return NM_TEST_SKIP;
	}
	if (tpeer == NULL || access(tpeer, X_OK) != 0) {
		printf("skipped: NM_TSO_PEER (tests/e2e/vhost_tso_peer) not set\n");
		return NM_TEST_SKIP;
	}
	if (!e2e_have_tool("dpdk-testpmd")) {
		printf("skipped: dpdk-testpmd not found (the vhost-user peer)\n");
		return NM_TEST_SKIP;
	}
	if (e2e_sh("grep -q ' hugetlbfs ' /proc/mounts") != 0 || free_hugepages() < 256) {
		printf("skipped: no hugetlbfs mounted or fewer than 256 free hugepages\n");
		return NM_TEST_SKIP;
	}
	e2e_install_cleanup();
	if (e2e_make_tmpdir("e17-tso") != 0)
		return 1;
	sched_getaffinity(0, sizeof(cs), &cs);
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &cs))
			cpu[n++] = c;
	if (n < 2)
		cpu[1] = cpu[0];
	snprintf(own_lc, sizeof(own_lc), "0@%d", cpu[0]);
	snprintf(peer_lc, sizeof(peer_lc), "0@%d,1@%d", cpu[1], cpu[1]);
	snprintf(prefix[0], sizeof(prefix[0]), "e17tso%d", (int)getpid());
	snprintf(prefix[1], sizeof(prefix[1]), "e17tsopeer%d", (int)getpid());
	snprintf(prefix[2], sizeof(prefix[2]), "e17lropeer%d", (int)getpid());
	for (int i = 0; i < NR_SIDES; i++) {
		snprintf(T.sock[i], sizeof(T.sock[i]), "%s/e17-%d.sock", E2E.tmpdir, i);
		snprintf(pvdev[i], sizeof(pvdev[i]), "net_vhost%d,iface=%s,queues=1,tso=1", i,
			 T.sock[i]);
		snprintf(vdev[i], sizeof(vdev[i]), "virtio_user%d,path=%s,queues=1", i, T.sock[i]);
	}
	e2e_tmp_path(T.plog, sizeof(T.plog), "peer.log");
	e2e_tmp_path(T.tlog, sizeof(T.tlog), "tsopeer.log");
	{
		char *argv[] = { "dpdk-testpmd", "--lcores", peer_lc, "--in-memory",
				 "--single-file-segments", "--file-prefix", prefix[1], "--no-pci",
				 "--vdev", pvdev[0], "--vdev", pvdev[1], "--", "--stats-period=1",
				 "--nb-cores=1", "--forward-mode=io", "--port-topology=loop",
				 "-a", NULL };

		T.peer = e2e_spawn(T.plog, NULL, argv);
		assert_true(T.peer > 0);
	}
	{
		char lc[32], segsz[16];
		char *argv[] = { (char *)tpeer, "--lcores", lc, "--in-memory",
				 "--single-file-segments", "--file-prefix", prefix[2], "--no-pci",
				 "--no-telemetry", "--log-level=lib.eal:error", "--vdev", pvdev[2],
				 "--", segsz, NULL };

		snprintf(lc, sizeof(lc), "0@%d", cpu[1]);
		snprintf(segsz, sizeof(segsz), "%u", MSS);
		T.tpeer = e2e_spawn(T.tlog, NULL, argv);
		assert_true(T.tpeer > 0);
	}
	for (int w = 0; w < 150 && (access(T.sock[0], F_OK) != 0 || access(T.sock[1], F_OK) != 0 ||
				    access(T.sock[2], F_OK) != 0); w++)
		usleep(100000);
	if (access(T.sock[1], F_OK) != 0 || access(T.sock[2], F_OK) != 0) {
		e2e_print_file(T.tlog, "    | ", 4000);
		e2e_print_file(T.plog, "    | ", 4000);
		fprintf(stderr, "vhost_tso: the vhost-user peer did not start\n");
		return 1;
	}
	{
		char *argv[] = { "test_vhost_tso", "--lcores", own_lc, "--in-memory",
				 "--single-file-segments", "--file-prefix", prefix[0], "--no-pci",
				 "--no-telemetry", "--log-level=lib.eal:error", "--vdev", vdev[0],
				 "--vdev", vdev[1], "--vdev", vdev[2], NULL };

		if (rte_eal_init((int)E2E_DIM(argv) - 1, argv) < 0) {
			fprintf(stderr, "vhost_tso: rte_eal_init failed\n");
			return 1;
		}
	}
	ret = cmocka_run_group_tests_name("vhost_tso", tests, group_setup, group_teardown);
	rte_eal_cleanup();
	e2e_cleanup_all();
	return ret;
}
