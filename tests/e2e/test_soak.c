/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A bounded soak (issue 19): two forwarding lcores move skbs for
 * NM_SOAK_SECONDS in all (default 100 in an ASan build, 15 otherwise),
 * split in three phases (in two when the af_packet one is skipped):
 *
 *  1. round two net_ring loopback ports, host memory (below);
 *  2. over two net_af_packet ports on a veth pair the test makes in a
 *     network namespace of its own (unshare(CLONE_NEWNET), IPv6 off; the
 *     namespace and the pair go with the process): lcore i receives on
 *     port i and sends on it, to the peer, the other lcore. Skipped, with
 *     the reason printed, when not root or no namespace/veth can be made;
 *  3. net_ring again with both RX queues bound to device memory (a memfd
 *     region each, net_devmem_bind + nm_port_bind_devmem, software header
 *     split): the payload lands in net_iovs, skbs are unreadable and are
 *     forwarded zero-copy from the region (clones, unshared heads too);
 *     every 8th: headers by the CPU API, payload through nm_devmem_recv()
 *     records read in the region, both checksums checked, tokens given back
 *     (nm_devmem_dontneed) at once. Afterwards the queues are unbound, every
 *     net_iov is back in its binding, net_devmem_unbind() releases the
 *     region.
 *
 * Each phase with clones, software GSO and checksums, unshared heads and
 * drops, every page crossing between the lcores:
 *
 *   lcore 0: RX net_ring0 q0 -> TX net_ring1 q0 (loops back to its RX q0)
 *   lcore 1: RX net_ring1 q0 -> TX net_ring0 q0 (loops back to its RX q0)
 *
 * Lcore 0 also injects TCP/IPv4 packets built on pages of a page_pool it
 * owns: small ones (head only) and GSO ones (headers in the head, 2-3
 * frags of 1400 bytes, gso_size 1400) whose TCP checksum is left
 * CHECKSUM_PARTIAL, so nm_tx_burst() segments and sums them in software.
 * Each lcore, per received skb in turn: forwards it, sends a clone and
 * frees the original, unshares its head (pskb_expand_head) and sends it,
 * or drops it (one in 16); every 8th is checked: IPv4 header checksum and
 * TCP checksum (pseudo-header included) right, bytes readable through
 * pskb_may_pull().
 *
 * At the end of each phase both lcores stop injecting and drop what still arrives until
 * the rings are empty; then: no skb live beyond the start, every page back
 * (page_pool_inflight() as before the run on both RX pools, 0 on the
 * injection pool), no misuse, no bad checksum, no RX_BAD or TX_BAD drop, packets
 * forwarded, and the pools destroyed without waiting. Run under ASan (the
 * build-asan suite) nothing may be reported. Needs 2 CPUs (77 otherwise).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "test_common.h"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_DEFAULT_S	100
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_DEFAULT_S	100
#endif
#endif
#ifndef SOAK_DEFAULT_S
#define SOAK_DEFAULT_S	15
#endif

#define BURST		32
#define HDRS		54	/* Ethernet + IPv4 + TCP */
#define MSS		1400

struct soak_lcore {
	uint16_t rx_port, tx_port;
	uint64_t rx, tx, cloned, unshared, dropped, checked, bad, injected, gso_injected;
	uint64_t unsent;
	uint64_t unreadable, records;	/* device memory phase */
	const uint8_t *region;		/* its RX queue's region (devmem phase) */
	uint32_t binding_id;
} __rte_cache_aligned;

static uint16_t port[2];		/* net_ring0, net_ring1 */
static uint16_t afp_port[2];		/* net_af_packet0, net_af_packet1 */
static char afp_skip[160];		/* why there is no af_packet phase */
static struct page_pool *inject_pp;
static struct soak_lcore lc[2];
static volatile int phase;	/* 0 run, 1 drain, 2 done */
static volatile int idle[2];
static uint64_t t_end;		/* end of phase 0 (lcore 0's clock) */
static int soak_devmem;		/* RX queues bound to device memory */

/* Lcore 0 ends the run at t_end, and the drain once both lcores are idle
 * (or after 30 s: what is left is then found by the checks). */
static void phase_switch(int ph)
{
	uint64_t now = rte_get_timer_cycles();

	if (ph == 0 && now >= t_end)
		__atomic_store_n(&phase, 1, __ATOMIC_RELEASE);
	else if (ph == 1 && ((__atomic_load_n(&idle[0], __ATOMIC_ACQUIRE) &&
			      __atomic_load_n(&idle[1], __ATOMIC_ACQUIRE)) ||
			     now >= t_end + 30 * rte_get_timer_hz()))
		__atomic_store_n(&phase, 2, __ATOMIC_RELEASE);
}

/* The IPv4 addresses at @ip, which need not be 4-byte aligned. */
static void ip_addrs(const uint8_t *ip, __be32 *saddr, __be32 *daddr)
{
	memcpy(saddr, ip + 12, 4);
	memcpy(daddr, ip + 16, 4);
}

/* A TCP/IPv4 packet of @payload bytes; GSO when over one MSS. */
static struct sk_buff *make_packet(uint32_t seq, unsigned int payload)
{
	unsigned int lin = payload > MSS ? 0 : payload, pos = lin;
	struct sk_buff *skb = alloc_skb(128 + HDRS + lin, GFP_ATOMIC);
	uint8_t *h;

	if (skb == NULL)
		return NULL;
	skb_reserve(skb, 128);
	h = skb_put(skb, HDRS + lin);
	memset(h, 0, HDRS);
	memset(h, 0x02, 6);
	memset(h + 6, 0x04, 6);
	h[12] = 0x08;
	h[14] = 0x45;
	h[16] = (uint8_t)((20 + 20 + payload) >> 8);
	h[17] = (uint8_t)(20 + 20 + payload);
	h[20] = 0x40;			/* DF */
	h[22] = 64;
	h[23] = 6;
	h[26] = 10, h[29] = 1;
	h[30] = 10, h[33] = 2;
	h[34] = 0x04, h[35] = 0xd2;	/* 1234 -> 80 */
	h[37] = 80;
	memcpy(h + 38, &seq, 4);
	h[46] = 5 << 4;
	h[47] = 0x10;			/* ACK */
	h[48] = 0xff, h[49] = 0xff;
	for (unsigned int i = 0; i < lin; i++)
		h[HDRS + i] = (uint8_t)(seq + i);
	while (pos < payload) {
		struct page *page = page_pool_dev_alloc_pages(inject_pp);
		unsigned int n = RTE_MIN(payload - pos, (unsigned int)MSS);

		if (page == NULL) {
			kfree_skb(skb);
			return NULL;
		}
		for (unsigned int i = 0; i < n; i++)
			((uint8_t *)page_address(page))[64 + i] = (uint8_t)(seq + pos + i);
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, 64, (int)n, PAGE_SIZE);
		skb_mark_for_recycle(skb);
		pos += n;
	}
	/* IPv4 header checksum now, TCP's by TX (pseudo-header in the field) */
	{
		__sum16 ipc = csum_fold(csum_partial(h + 14, 20, 0)), ps;
		__be32 sa, da;

		ip_addrs(h + 14, &sa, &da);
		ps = (__sum16)~csum_tcpudp_magic(sa, da, 20 + payload, 6, 0);

		memcpy(h + 24, &ipc, 2);
		memcpy(h + 50, &ps, 2);
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);
	skb->protocol = htons(0x0800);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + 34);
	skb->csum_offset = 16;
	if (payload > MSS) {
		skb_shinfo(skb)->gso_size = MSS;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
		skb_shinfo(skb)->gso_segs = (unsigned short)((payload + MSS - 1) / MSS);
	}
	return skb;
}

/* IPv4 and TCP checksums of a received packet; false when wrong. */
static bool packet_ok(struct sk_buff *skb)
{
	__be32 sa, da;
	unsigned int tot;
	uint8_t *h;
	__wsum ps;

	if (!pskb_may_pull(skb, HDRS))
		return false;
	h = skb->data;
	tot = (unsigned int)(h[16] << 8 | h[17]);
	if (h[12] != 0x08 || h[13] != 0 || h[14] != 0x45 || tot + 14 != skb->len)
		return false;
	if (csum_fold(csum_partial(h + 14, 20, 0)) != 0)
		return false;
	ip_addrs(h + 14, &sa, &da);
	ps = csum_tcpudp_nofold(sa, da, tot - 20, 6, 0);
	return csum_fold(skb_checksum(skb, 34, (int)(tot - 20), ps)) == 0;
}

/*
 * An unreadable skb (payload in device memory): the headers through the
 * CPU API, the payload through records (nm_devmem_recv) read in the region
 * the test owns, both rebuilt into one buffer and checked as packet_ok();
 * the tokens are given back at once (the skb keeps its own references).
 */
static bool devmem_packet_ok(struct soak_lcore *l, struct sk_buff *skb)
{
	struct nm_devmem_rx_frag rec[MAX_SKB_FRAGS];
	struct nm_devmem_token t[MAX_SKB_FRAGS];
	static __thread uint8_t buf[2 * HDRS + 2 * MSS];
	unsigned int hl = skb_headlen(skb), pos = hl, tot;
	__be32 sa, da;
	bool ok;
	int n;

	l->unreadable++;
	if (skb->len > sizeof(buf) || skb_copy_bits(skb, 0, buf, (int)hl) != 0)
		return false;
	n = nm_devmem_recv(skb, rec, MAX_SKB_FRAGS);
	if (n <= 0)
		return false;
	l->records += (unsigned int)n;
	ok = true;
	for (int i = 0; i < n; i++) {
		if (pos + rec[i].len > skb->len)
			ok = false;
		else
			memcpy(buf + pos, l->region + rec[i].offset, rec[i].len);
		pos += rec[i].len;
		t[i].token_start = rec[i].token;
		t[i].token_count = 1;
	}
	if (nm_devmem_dontneed(l->binding_id, t, (unsigned int)n) != n || !ok ||
	    pos != skb->len || hl < HDRS)
		return false;
	tot = (unsigned int)(buf[16] << 8 | buf[17]);
	if (buf[12] != 0x08 || buf[13] != 0 || buf[14] != 0x45 || tot + 14 != skb->len)
		return false;
	if (csum_fold(csum_partial(buf + 14, 20, 0)) != 0)
		return false;
	ip_addrs(buf + 14, &sa, &da);
	return csum_fold(csum_partial(buf + 34, (int)(tot - 20),
				      csum_tcpudp_nofold(sa, da, tot - 20, 6, 0))) == 0;
}

static void soak_send(struct soak_lcore *l, struct sk_buff **out, uint16_t n)
{
	uint16_t sent = nm_tx_burst(l->tx_port, 0, out, n);

	l->tx += sent;
	if (sent < n) {
		l->unsent += (uint16_t)(n - sent);
		nm_tx_drop_unsent(l->tx_port, 0, out + sent, (uint16_t)(n - sent));
	}
}

static int soak_loop(void *arg)
{
	struct soak_lcore *l = arg;
	const int me = (int)(l - lc);
	struct sk_buff *skbs[BURST], *out[2 * BURST];
	uint64_t k = 0, quiet_since = 0;
	uint32_t seq = (uint32_t)me << 28;

	for (;;) {
		uint16_t nb = nm_rx_burst(l->rx_port, 0, skbs, BURST), nout = 0;
		int ph = __atomic_load_n(&phase, __ATOMIC_ACQUIRE);

		l->rx += nb;
		if (ph == 2) {
			for (uint16_t i = 0; i < nb; i++)
				kfree_skb(skbs[i]);
			break;
		}
		for (uint16_t i = 0; i < nb; i++) {
			struct sk_buff *skb = skbs[i], *c;

			k++;
			if (k % 8 == 0) {
				l->checked++;
				if (soak_devmem && !skb_frags_readable(skb))
					l->bad += !devmem_packet_ok(l, skb);
				else
					l->bad += !packet_ok(skb);
			}
			if (ph != 0 || k % 16 == 5) {
				l->dropped++;
				kfree_skb(skb);
				continue;
			}
			switch (k % 4) {
			case 1:
				c = skb_clone(skb, GFP_ATOMIC);
				kfree_skb(skb);
				if (c == NULL)
					continue;
				l->cloned++;
				skb = c;
				break;
			case 2:
				if (pskb_expand_head(skb, 0, 0, GFP_ATOMIC) == 0)
					l->unshared++;
				break;
			default:
				break;
			}
			out[nout++] = skb;
		}
		if (me == 0 && ph == 0 && nb < BURST / 4) {
			for (int j = 0; j < 4; j++) {
				unsigned int pay = (seq % 5 == 0) ? 2 * MSS + seq % MSS : 1 + seq % MSS;
				struct sk_buff *skb = make_packet(seq++, pay);

				if (skb == NULL)
					break;
				l->injected++;
				l->gso_injected += pay > MSS;
				out[nout++] = skb;
			}
		}
		if (nout)
			soak_send(l, out, nout);
		if (me == 0)
			phase_switch(ph);
		/* draining: idle once nothing came for 100 ms */
		if (ph == 1) {
			uint64_t now = rte_get_timer_cycles();

			if (nb != 0 || quiet_since == 0)
				quiet_since = now;
			__atomic_store_n(&idle[me], now - quiet_since > rte_get_timer_hz() / 10,
					 __ATOMIC_RELEASE);
		}
	}
	return 0;
}

/* A memfd region the test owns, bound as device memory. */
struct soak_region {
	void *addr;
	size_t len;
	int released;
};

static void region_release(void *addr, size_t len, void *arg)
{
	struct soak_region *r = arg;

	munmap(addr, len);
	__atomic_store_n(&r->released, 1, __ATOMIC_RELEASE);
}

static struct net_devmem_dmabuf_binding *region_bind(struct soak_region *r, size_t len)
{
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b;
	int fd = memfd_create("nm_soak_devmem", MFD_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)len), 0);
	r->addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	assert_true(r->addr != MAP_FAILED);
	r->len = len;
	r->released = 0;
	p = (struct net_devmem_region_params){
		.addr = r->addr, .len = len, .pg_sz = PAGE_SIZE,
		.release = region_release, .release_arg = r,
	};
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	return b;
}

/* One run of the two lcores for @secs; prints and checks what every phase
 * must hold. */
static void soak_run(const char *name, double secs, const uint16_t *pt, bool cross,
		     struct page_pool **rxpp, const long *inflight0)
{
	struct nm_skb_stats st0, st1;
	uint64_t misuse0 = nm_misuse_count();
	struct nm_queue_stats q;

	nm_skb_get_stats(&st0);
	for (int i = 0; i < 2; i++) {
		const uint8_t *region = lc[i].region;
		uint32_t id = lc[i].binding_id;

		lc[i] = (struct soak_lcore){ .rx_port = pt[i], .tx_port = cross ? pt[1 - i] : pt[i],
					     .region = region, .binding_id = id };
		idle[i] = 0;
	}
	phase = 0;
	printf("soak %s: %.1f s, lcore 0 port %u -> port %u, lcore 1 port %u -> port %u\n",
	       name, secs, lc[0].rx_port, lc[0].tx_port, lc[1].rx_port, lc[1].tx_port);
	assert_int_equal(rte_eal_remote_launch(soak_loop, &lc[1], 1), 0);
	/* lcore 0 is this one: it forwards, and switches the phases */
	t_end = rte_get_timer_cycles() + (uint64_t)(secs * (double)rte_get_timer_hz());
	soak_loop(&lc[0]);
	rte_eal_wait_lcore(1);

	nm_skb_get_stats(&st1);
	for (int i = 0; i < 2; i++) {
		printf("soak %s: lcore %d: rx %lu tx %lu cloned %lu unshared %lu dropped %lu "
		       "unsent %lu injected %lu (gso %lu), checked %lu bad %lu, "
		       "unreadable %lu records %lu\n", name, i,
		       (unsigned long)lc[i].rx, (unsigned long)lc[i].tx,
		       (unsigned long)lc[i].cloned, (unsigned long)lc[i].unshared,
		       (unsigned long)lc[i].dropped, (unsigned long)lc[i].unsent,
		       (unsigned long)lc[i].injected, (unsigned long)lc[i].gso_injected,
		       (unsigned long)lc[i].checked, (unsigned long)lc[i].bad,
		       (unsigned long)lc[i].unreadable, (unsigned long)lc[i].records);
		assert_int_equal(nm_port_queue_stats(pt[i], 0, &q), 0);
		printf("soak %s: port %d: rx %lu tx %lu, gso_sw %lu csum_sw %lu, drops rx_bad %lu "
		       "rx_nomem %lu tx_full %lu tx_nomem %lu tx_bad %lu tx_unreadable %lu, "
		       "inflight %ld (was %ld)\n",
		       name, i, (unsigned long)q.rx_packets, (unsigned long)q.tx_packets,
		       (unsigned long)q.tx_gso_sw, (unsigned long)q.tx_csum_sw,
		       (unsigned long)q.drops[NM_DROP_RX_BAD],
		       (unsigned long)q.drops[NM_DROP_RX_NOMEM],
		       (unsigned long)q.drops[NM_DROP_TX_FULL],
		       (unsigned long)q.drops[NM_DROP_TX_NOMEM],
		       (unsigned long)q.drops[NM_DROP_TX_BAD],
		       (unsigned long)q.drops[NM_DROP_TX_UNREADABLE],
		       page_pool_inflight(rxpp[i]), inflight0[i]);
		assert_int_equal(q.drops[NM_DROP_RX_BAD], 0);
		assert_int_equal(q.drops[NM_DROP_TX_BAD], 0);
		assert_int_equal(page_pool_inflight(rxpp[i]), inflight0[i]);
		assert_true(lc[i].rx > 0 && lc[i].tx > 0);
		assert_int_equal(lc[i].bad, 0);
	}
	assert_true(lc[0].cloned > 0 && lc[0].unshared > 0 && lc[0].gso_injected > 0);
	assert_int_equal(st1.live, st0.live);
	assert_int_equal(page_pool_inflight(inject_pp), 0);
	assert_int_equal(nm_misuse_count(), misuse0);
}

static void test_soak(void **state)
{
	const char *env = getenv("NM_SOAK_SECONDS");
	const double secs = env ? atof(env) : SOAK_DEFAULT_S;
	struct page_pool_params p = { 0 };
	struct page_pool *rxpp[2];
	long inflight0[2];
	struct net_devmem_dmabuf_binding *b[2];
	struct soak_region r[2];
	const size_t region_pages = 2048;
	uint64_t misuse0 = nm_misuse_count(), ext0[2];
	struct nm_queue_stats q;

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct nm_port_conf c;

		memset(&c, 0, sizeof(c));
		c.nb_rxq = c.nb_txq = 1;
		c.nb_rxd = c.nb_txd = 512;
		c.nr_pages = 4096;
		c.socket = NUMA_NO_NODE;
		/* the split is used only while a binding is on the queue */
		c.flags = NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT;
		c.rxq_lcore[0] = (unsigned int)i;	/* lcore i polls port i */
		assert_int_equal(nm_port_init(port[i], &c), 0);
		rxpp[i] = nm_port_rxq_page_pool(port[i], 0);
		assert_non_null(rxpp[i]);
		inflight0[i] = page_pool_inflight(rxpp[i]);
	}
	p.flags = PP_FLAG_DMA_MAP;
	p.pool_size = 1024;
	p.nid = NUMA_NO_NODE;
	p.dev = PP_DEV_NONE;
	p.lcore = 0;
	p.name = "soak_inject";
	inject_pp = page_pool_create(&p);
	assert_false(IS_ERR_OR_NULL(inject_pp));

	/* Phase 1: host memory; a half of the time, a third with af_packet. */
	soak_devmem = 0;
	soak_run("net_ring", afp_skip[0] ? secs / 2 : secs / 3, port, true, rxpp, inflight0);

	/* Phase 2: af_packet on a veth pair in this process's own namespace:
	 * what lcore i sends on its port comes in on the peer's, the other
	 * lcore's; af_packet copies on both sides. */
	if (afp_skip[0] != '\0') {
		printf("soak: af_packet phase skipped: %s\n", afp_skip);
	} else {
		struct page_pool *arxpp[2];
		long ainfl0[2];

		for (int i = 0; i < 2; i++) {
			struct nm_port_conf c;

			memset(&c, 0, sizeof(c));
			c.nb_rxq = c.nb_txq = 1;
			c.nr_pages = 4096;
			c.socket = NUMA_NO_NODE;
			c.flags = NM_PORT_F_PROMISC;
			c.rxq_lcore[0] = (unsigned int)i;
			assert_int_equal(nm_port_init(afp_port[i], &c), 0);
			arxpp[i] = nm_port_rxq_page_pool(afp_port[i], 0);
			assert_non_null(arxpp[i]);
			ainfl0[i] = page_pool_inflight(arxpp[i]);
		}
		soak_run("af_packet", secs / 3, afp_port, false, arxpp, ainfl0);
		for (int i = 0; i < 2; i++)
			assert_int_equal(nm_port_close(afp_port[i]), 0);
	}

	/* Phase 2: both RX queues bound to device memory: payload copied into
	 * net_iovs by the split, forwarded unreadable (zero-copy from the
	 * region), records taken and tokens given back. */
	for (int i = 0; i < 2; i++) {
		const uint16_t q0 = 0;

		b[i] = region_bind(&r[i], region_pages * PAGE_SIZE);
		assert_int_equal(nm_port_bind_devmem(port[i], &q0, 1, b[i],
						     NM_DEVMEM_F_SW_SPLIT), 0);
		lc[i].region = r[i].addr;
		lc[i].binding_id = net_devmem_binding_id(b[i]);
	}
	for (int i = 0; i < 2; i++) {
		assert_int_equal(nm_port_queue_stats(port[i], 0, &q), 0);
		ext0[i] = q.tx_ext_segs;
	}
	soak_devmem = 1;
	soak_run("net_ring devmem", afp_skip[0] ? secs / 2 : secs / 3, port, true, rxpp,
		 inflight0);
	assert_true(lc[0].unreadable > 0 && lc[1].unreadable > 0);
	assert_true(lc[0].records > 0 && lc[1].records > 0);
	/* sent as external segments (zero copy, as host frags are), none
	 * dropped as unreadable */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(nm_port_queue_stats(port[i], 0, &q), 0);
		printf("soak net_ring devmem: port %d: tx_ext_segs %lu\n", i,
		       (unsigned long)(q.tx_ext_segs - ext0[i]));
		assert_true(q.tx_ext_segs > ext0[i]);
		assert_int_equal(q.drops[NM_DROP_TX_UNREADABLE], 0);
	}
	soak_devmem = 0;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(nm_port_unbind_devmem(port[i], b[i]), 0);
		lc[i].region = NULL;
		lc[i].binding_id = 0;
	}
	/* every net_iov back once the devmem pools are gone */
	for (int i = 0; i < 500; i++) {
		nm_page_pool_reap();
		if (net_devmem_binding_avail(b[0]) == region_pages &&
		    net_devmem_binding_avail(b[1]) == region_pages)
			break;
		usleep(10000);
	}
	for (int i = 0; i < 2; i++) {
		assert_int_equal(net_devmem_binding_avail(b[i]), region_pages);
		assert_int_equal(net_devmem_binding_refcnt(b[i]), 1);
		net_devmem_unbind(b[i]);
		assert_int_equal(__atomic_load_n(&r[i].released, __ATOMIC_ACQUIRE), 1);
	}

	assert_int_equal(nm_misuse_count(), misuse0);
	page_pool_destroy(inject_pp);
	for (int i = 0; i < 2; i++)
		assert_int_equal(nm_port_close(port[i]), 0);
	for (int i = 0; i < 500 && nm_page_pool_reap() != 0; i++)
		usleep(10000);
	assert_int_equal(nm_page_pool_reap(), 0);
}

/*
 * A network namespace of this process's own (gone with it: nothing to clean
 * up) with a veth pair, IPv6 off so the kernel sends nothing on it. Leaves
 * the reason in afp_skip when it cannot.
 */
static void afp_setup(void)
{
	if (geteuid() != 0) {
		snprintf(afp_skip, sizeof(afp_skip), "needs root for a network namespace");
		return;
	}
	if (unshare(CLONE_NEWNET) != 0) {
		snprintf(afp_skip, sizeof(afp_skip), "unshare(CLONE_NEWNET): %s", strerror(errno));
		return;
	}
	if (system("command -v ip >/dev/null 2>&1") != 0) {
		snprintf(afp_skip, sizeof(afp_skip), "no ip command");
		return;
	}
	if (system("echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6; "
		   "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; "
		   "ip link add nmsoak0 type veth peer name nmsoak1 && "
		   "ip link set nmsoak0 up && ip link set nmsoak1 up") != 0)
		snprintf(afp_skip, sizeof(afp_skip), "cannot make a veth pair");
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_soak) };

	setvbuf(stdout, NULL, _IOLBF, 0);
	afp_setup();
	if (afp_skip[0] != '\0')
		nm_test_eal_init(2, "--vdev=net_ring0", "--vdev=net_ring1", NULL);
	else
		nm_test_eal_init(2, "--vdev=net_ring0", "--vdev=net_ring1",
				 "--vdev=net_af_packet0,iface=nmsoak0,qpairs=1,framecnt=1024",
				 "--vdev=net_af_packet1,iface=nmsoak1,qpairs=1,framecnt=1024",
				 NULL);
	if (rte_eth_dev_get_port_by_name("net_ring0", &port[0]) != 0 ||
	    rte_eth_dev_get_port_by_name("net_ring1", &port[1]) != 0)
		return 1;
	if (afp_skip[0] == '\0' &&
	    (rte_eth_dev_get_port_by_name("net_af_packet0", &afp_port[0]) != 0 ||
	     rte_eth_dev_get_port_by_name("net_af_packet1", &afp_port[1]) != 0))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
