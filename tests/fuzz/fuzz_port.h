/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the receive-path fuzz targets (fuzz_rx.c, fuzz_fwd.c): three
 * net_ring loopback ports (what is sent on queue 0 comes back on queue 0)
 * set up as an application would, crafted mbufs and mbuf chains put into
 * their rings, and the ownership oracle checked after every input.
 *
 *   port 0  plain RX (VLAN strip, RX/TX checksum, TSO asked, optional)
 *   port 1  software header split (headers in a small head, payload a frag)
 *   port 2  software split into device memory (a memfd region bound to
 *           queue 0: payload in net_iovs, the skb unreadable)
 *
 * A packet is put in a ring one of two ways:
 *  - raw mbufs (rte_eth_tx_burst): a chain of page mbufs of port 0's RX
 *    pool (RX's zero-copy path; any data_off, some reaching over the shared
 *    info) and ordinary mbufs of a pktmbuf pool (RX's copy), with the RX
 *    offload flags (VLAN stripped + TCI, L4/IP checksum good/bad);
 *  - an skb sent with nm_tx_burst(): a head and frags of pool pages and
 *    plain pages, so the ring holds libnetmem's external segments and RX
 *    takes the external-segment head copy.
 *
 * Test-only: everything is static; include once per target.
 */
#ifndef NM_FUZZ_PORT_H
#define NM_FUZZ_PORT_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#define FZ_PORTS	3
#define FZ_MAX_SEGS	40	/* more than MAX_SKB_FRAGS + 1: RX copies */
#define FZ_MAX_PKT	(FZ_MAX_SEGS * 2048)

#ifndef FZ_NAME
#define FZ_NAME "fuzz"
#endif

#define CHECK(cond) do {							\
	if (!(cond)) {								\
		fprintf(stderr, FZ_NAME ": %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort();							\
	}									\
} while (0)

static uint16_t fz_pid[FZ_PORTS];
static struct page_pool *fz_rxpp[FZ_PORTS];	/* RX queue 0's pool */
static long fz_inflight0[FZ_PORTS];
static struct page_pool *fz_pp;			/* frags of crafted skbs */
static struct rte_mempool *fz_mp;		/* ordinary mbufs */
static struct net_devmem_dmabuf_binding *fz_binding;
static bool fz_devmem;				/* port 2 bound */

/* The input's oracle start: live skbs and misuse before it. */
static struct nm_skb_stats fz_st0;
static uint64_t fz_misuse0;

static void fz_dm_release(void *addr, size_t len, void *arg)
{
	(void)arg;
	munmap(addr, len);
}

/* A 2 MiB memfd region bound to port 2's queue 0 (skipped where memfd or
 * the binding fails: port 2 then splits into host pages). */
static void fz_devmem_bind(void)
{
	size_t len = 512 * PAGE_SIZE;
	struct net_devmem_region_params rp = { 0 };
	const uint16_t q0[1] = { 0 };
	int fd = memfd_create(FZ_NAME, MFD_CLOEXEC);
	void *addr;

	if (fd < 0 || ftruncate(fd, (off_t)len) != 0)
		return;
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (addr == MAP_FAILED)
		return;
	rp.addr = addr;
	rp.len = len;
	rp.pg_sz = PAGE_SIZE;
	rp.release = fz_dm_release;
	fz_binding = net_devmem_bind(&rp);
	if (IS_ERR_OR_NULL(fz_binding)) {
		munmap(addr, len);
		fz_binding = NULL;
		return;
	}
	fz_devmem = nm_port_bind_devmem(fz_pid[2], q0, 1, fz_binding,
					NM_DEVMEM_F_SW_SPLIT) == 0;
}

/* FZ_STATS=1: what the run reached, per port, at exit. */
static void fz_stats(void)
{
	for (unsigned int i = 0; i < FZ_PORTS; i++) {
		struct nm_queue_stats q;

		if (nm_port_queue_stats(fz_pid[i], 0, &q) != 0)
			continue;
		fprintf(stderr, FZ_NAME ": port %u%s: rx %lu copied %lu hdr_copied %lu "
			"rx_bad %lu tx %lu tx_bad %lu gso_sw %lu csum_sw %lu unreadable %lu "
			"ext_segs %lu\n", i, i == 2 && fz_devmem ? " (devmem)" : "",
			(unsigned long)q.rx_packets, (unsigned long)q.copied_bytes,
			(unsigned long)q.hdr_copied_bytes,
			(unsigned long)q.drops[NM_DROP_RX_BAD], (unsigned long)q.tx_packets,
			(unsigned long)q.drops[NM_DROP_TX_BAD], (unsigned long)q.tx_gso_sw,
			(unsigned long)q.tx_csum_sw, (unsigned long)q.drops[NM_DROP_TX_UNREADABLE],
			(unsigned long)q.tx_ext_segs);
	}
}

static void fz_init(const char *prog)
{
	char *eal_argv[] = {
		(char *)prog, (char *)"--no-huge", (char *)"--no-shconf",
		(char *)"--no-pci", (char *)"--no-telemetry", (char *)"-m", (char *)"512",
		(char *)"-l", (char *)"0", (char *)"--log-level=lib.eal:error",
		(char *)"--log-level=netmem:critical", (char *)"--log-level=pmd.*:critical",
		(char *)"--vdev=net_ring0", (char *)"--vdev=net_ring1",
		(char *)"--vdev=net_ring2", NULL,
	};
	static const unsigned int flags[FZ_PORTS] = {
		NM_PORT_F_VLAN_STRIP | NM_PORT_F_RX_CSUM | NM_PORT_F_TX_CSUM | NM_PORT_F_TSO |
			NM_PORT_F_OPTIONAL,
		NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT | NM_PORT_F_OPTIONAL,
		NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT | NM_PORT_F_OPTIONAL,
	};
	struct page_pool_params p = { 0 };

	if (rte_eal_init((int)RTE_DIM(eal_argv) - 1, eal_argv) < 0) {
		fprintf(stderr, FZ_NAME ": rte_eal_init failed\n");
		abort();
	}
	for (unsigned int i = 0; i < FZ_PORTS; i++) {
		struct nm_port_conf c;
		char name[16];

		memset(&c, 0, sizeof(c));
		c.nb_rxq = c.nb_txq = 1;
		c.nb_rxd = c.nb_txd = 512;
		c.nr_pages = 2048;
		c.socket = NUMA_NO_NODE;
		c.flags = flags[i];
		c.hdr_split_len = i == 2 ? 128 : 0;
		c.rxq_lcore[0] = rte_lcore_id();
		snprintf(name, sizeof(name), "net_ring%u", i);
		CHECK(rte_eth_dev_get_port_by_name(name, &fz_pid[i]) == 0);
		CHECK(nm_port_init(fz_pid[i], &c) == 0);
	}
	fz_devmem_bind();
	for (unsigned int i = 0; i < FZ_PORTS; i++) {
		fz_rxpp[i] = nm_port_rxq_page_pool(fz_pid[i], 0);
		fz_inflight0[i] = fz_rxpp[i] ? page_pool_inflight(fz_rxpp[i]) : 0;
	}
	CHECK(fz_rxpp[0] != NULL);
	fz_mp = rte_pktmbuf_pool_create("fz_mbufs", 4096, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					SOCKET_ID_ANY);
	CHECK(fz_mp != NULL);
	p.flags = PP_FLAG_DMA_MAP;
	p.pool_size = 1024;
	p.nid = NUMA_NO_NODE;
	p.dev = PP_DEV_NONE;
	p.lcore = rte_lcore_id();
	p.name = "fz_pp";
	fz_pp = page_pool_create(&p);
	CHECK(!IS_ERR_OR_NULL(fz_pp));
	if (getenv("FZ_STATS") != NULL)
		atexit(fz_stats);
}

/* xorshift, seeded from the input: the same input, the same layout. */
static uint32_t fz_rng_state;

static uint32_t fz_rng(void)
{
	uint32_t x = fz_rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	fz_rng_state = x ? x : 0x2545f491u;
	return fz_rng_state;
}

static void fz_begin(uint32_t seed)
{
	fz_rng_state = seed * 0x9e3779b9u + 1;
	nm_skb_get_stats(&fz_st0);
	fz_misuse0 = nm_misuse_count();
}

/* RX offload flags of the first segment, from one parameter byte:
 * bit 0 VLAN stripped, bits 1-2 L4 checksum (none: unfilled, as virtio's
 * NEEDS_CSUM / good / bad / unknown), bit 3 IP checksum bad, bit 4 RSS
 * hash, bit 5 LRO (tso_segsz from the TCI, 0 included). */
static void fz_rx_flags(struct rte_mbuf *m, uint8_t b, uint16_t tci)
{
	static const uint64_t l4[4] = { RTE_MBUF_F_RX_L4_CKSUM_NONE,
					RTE_MBUF_F_RX_L4_CKSUM_GOOD,
					RTE_MBUF_F_RX_L4_CKSUM_BAD,
					RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN };

	m->ol_flags = l4[(b >> 1) & 3];
	if (b & 1) {
		m->ol_flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
		m->vlan_tci = tci;
	}
	if (b & 8)
		m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_BAD;
	if (b & 16) {
		m->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
		m->hash.rss = 0x12345678u ^ tci;
		m->packet_type = RTE_PTYPE_L4_TCP;
	}
	if (b & 32) {
		m->ol_flags |= RTE_MBUF_F_RX_LRO;
		m->tso_segsz = tci % 2048u;
	}
}

/* One segment of @len bytes of @src: a page mbuf of port 0's RX pool at a
 * chosen data_off (@far: possibly reaching over the shared info), or an
 * ordinary mbuf. NULL when out of memory. */
static struct rte_mbuf *fz_seg(const uint8_t *src, unsigned int len, bool page_seg, bool far)
{
	struct rte_mbuf *m;

	if (page_seg) {
		struct page *page = page_pool_dev_alloc_pages(fz_rxpp[0]);
		unsigned int room, off;

		if (page == NULL)
			return NULL;
		m = nm_page_to_mbuf(page);
		page->_refcount = 0;	/* the mbuf carries the reference */
		room = (unsigned int)PAGE_SIZE - (far ? 0 : NM_SKB_SHINFO_RESERVE);
		if (len > room)
			len = room;
		off = fz_rng() % (room - len + 1);
		if (!far && off > RTE_PKTMBUF_HEADROOM && fz_rng() % 2)
			off = RTE_PKTMBUF_HEADROOM;
		m->data_off = (uint16_t)off;
		m->data_len = (uint16_t)len;
		m->pkt_len = len;
		m->nb_segs = 1;
		m->next = NULL;
		m->ol_flags = 0;
		m->packet_type = 0;
		m->port = 0;
		memcpy(rte_pktmbuf_mtod(m, uint8_t *), src, len);
		return m;
	}
	m = rte_pktmbuf_alloc(fz_mp);
	if (m == NULL)
		return NULL;
	if (len > rte_pktmbuf_tailroom(m) + rte_pktmbuf_headroom(m))
		len = rte_pktmbuf_tailroom(m) + rte_pktmbuf_headroom(m);
	m->data_off = (uint16_t)(fz_rng() % (rte_pktmbuf_headroom(m) + 1));
	if (len > rte_pktmbuf_tailroom(m))
		m->data_off = 0;
	memcpy(rte_pktmbuf_append(m, (uint16_t)len), src, len);
	return m;
}

/*
 * @pkt as a chain of mbufs (kinds and lengths from the rng; @mix: 0 all
 * page mbufs, 1 all ordinary, 2 mixed), put into port @pi's ring. Returns
 * the bytes sent (segments may take fewer than asked), 0 when nothing was.
 */
static unsigned int fz_send_mbufs(unsigned int pi, const uint8_t *pkt, unsigned int len,
				  unsigned int mix, uint8_t rxfl, uint16_t tci)
{
	unsigned int nseg = 1 + fz_rng() % FZ_MAX_SEGS, pos = 0, sent;
	struct rte_mbuf *head = NULL, *last = NULL, *m;
	bool far = fz_rng() % 16 == 0;

	if (len == 0)
		return 0;
	for (unsigned int s = 0; s < nseg && pos < len; s++) {
		unsigned int n = s + 1 == nseg ? len - pos : 1 + fz_rng() % 2048;
		bool page_seg = mix == 0 || (mix == 2 && fz_rng() % 2);

		if (n > len - pos)
			n = len - pos;
		m = fz_seg(pkt + pos, n, page_seg, far && s == 0);
		if (m == NULL)
			break;
		pos += m->data_len;
		if (head == NULL) {
			head = m;
		} else {
			last->next = m;
			head->nb_segs++;
			head->pkt_len += m->data_len;
		}
		last = m;
	}
	if (head == NULL)
		return 0;
	fz_rx_flags(head, rxfl, tci);
	sent = head->pkt_len;
	if (rte_eth_tx_burst(fz_pid[pi], 0, &head, 1) != 1) {
		rte_pktmbuf_free(head);
		return 0;
	}
	return sent;
}

/* A frag of up to @n bytes of @src (a page of fz_pp or a plain page);
 * returns the bytes taken. */
static unsigned int fz_add_frag(struct sk_buff *skb, const uint8_t *src, unsigned int n)
{
	int i = skb_shinfo(skb)->nr_frags;
	unsigned int off = fz_rng() % 256, len = 1 + fz_rng() % 3000;
	struct page *page;

	if (len > n)
		len = n;
	if (len > PAGE_SIZE - off)
		len = PAGE_SIZE - off;
	if (fz_rng() % 2) {
		page = page_pool_dev_alloc_pages(fz_pp);
		if (page == NULL)
			return 0;
		memcpy((uint8_t *)page_address(page) + off, src, len);
		skb_add_rx_frag(skb, i, page, (int)off, (int)len, PAGE_SIZE);
		skb_mark_for_recycle(skb);
		return len;
	}
	page = alloc_page(GFP_ATOMIC);
	if (page == NULL)
		return 0;
	memcpy((uint8_t *)page_address(page) + off, src, len);
	skb_add_rx_frag(skb, i, page, (int)off, (int)len, PAGE_SIZE);
	return len;
}

/* @pkt as an skb (head of @lin bytes, the rest in frags; what does not fit
 * in MAX_SKB_FRAGS frags is cut off), sent with nm_tx_burst() on port @pi.
 * Returns the bytes sent, 0 when nothing was. */
static unsigned int fz_send_skb(unsigned int pi, const uint8_t *pkt, unsigned int len,
				unsigned int lin)
{
	struct sk_buff *skb;
	unsigned int pos;

	if (lin > len)
		lin = len;
	skb = alloc_skb(128 + lin, GFP_ATOMIC);
	if (skb == NULL)
		return 0;
	skb_reserve(skb, 64 + (int)(fz_rng() % 64));
	skb_put_data(skb, pkt, lin);
	pos = lin;
	while (pos < len && skb_shinfo(skb)->nr_frags < MAX_SKB_FRAGS) {
		unsigned int n = fz_add_frag(skb, pkt + pos, len - pos);

		if (n == 0)
			break;
		pos += n;
	}
	if (skb->len == 0 || nm_tx_burst(fz_pid[pi], 0, &skb, 1) != 1) {
		kfree_skb(skb);
		return 0;
	}
	return pos;
}

/* Checks what RX built: the layout rules every received skb keeps. */
static void fz_check_rx(const struct sk_buff *skb)
{
	CHECK(skb->users == 1);
	CHECK(skb->data >= skb->head && skb->tail <= skb->end);
	CHECK(skb->len >= skb->data_len && skb->len - skb->data_len == skb_headlen(skb));
	CHECK(skb_shinfo(skb)->nr_frags <= MAX_SKB_FRAGS);
	CHECK(skb_mac_offset(skb) == 0);
	CHECK(skb->mac_len == 0 || skb->mac_len == 14 || skb->mac_len == 18);
	CHECK(skb->mac_len <= skb_headlen(skb));
	if (skb->mac_len)
		CHECK(skb_network_offset(skb) == (int)skb->mac_len);
	else
		CHECK(skb->protocol == 0);
}

/* Takes everything in every port's ring and frees it. */
static void fz_drain(void)
{
	struct sk_buff *skbs[32];
	uint16_t n;

	for (unsigned int pi = 0; pi < FZ_PORTS; pi++)
		while ((n = nm_rx_burst(fz_pid[pi], 0, skbs, 32)) != 0)
			for (uint16_t i = 0; i < n; i++) {
				fz_check_rx(skbs[i]);
				kfree_skb(skbs[i]);
			}
}

/* The ownership oracle: no skb, page or misuse left behind by the input. */
static void fz_end(void)
{
	struct nm_skb_stats st;

	fz_drain();
	nm_skb_get_stats(&st);
	if (st.live != fz_st0.live)
		fprintf(stderr, FZ_NAME ": live skbs %lu, were %lu\n",
			(unsigned long)st.live, (unsigned long)fz_st0.live);
	CHECK(st.live == fz_st0.live);
	CHECK(page_pool_inflight(fz_pp) == 0);
	for (unsigned int i = 0; i < FZ_PORTS; i++)
		if (fz_rxpp[i] != NULL && page_pool_inflight(fz_rxpp[i]) != fz_inflight0[i]) {
			fprintf(stderr, FZ_NAME ": port %u pool inflight %ld, was %ld\n", i,
				page_pool_inflight(fz_rxpp[i]), fz_inflight0[i]);
			abort();
		}
	CHECK(nm_misuse_count() == fz_misuse0);
}

#endif /* NM_FUZZ_PORT_H */
