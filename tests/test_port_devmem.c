/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of device memory on ports (lib/port/port_devmem.c):
 *  - the control path: nm_port_bind_devmem() / nm_port_unbind_devmem() with
 *    the kernel's rules, and the port refusing to stop or close while bound;
 *  - RX over the software split: headers in a small host head, payload
 *    copied (and counted) into net_iovs; the skb is unreadable and the CPU
 *    API refuses it; records and tokens (nm_devmem_recv, nm_devmem_dontneed)
 *    with the kernel's limits; running out of net_iovs;
 *  - unbinding with tokens outstanding: the region stays until the last one
 *    is given back;
 *  - TX from device memory (nm_devmem_tx_skb) with MSG_ZEROCOPY completion,
 *    looped back by a net_ring port: the completion comes only once nothing
 *    uses the memory any more (TX segments, the received skb, its records).
 *
 * net_ring0 is a loopback: what is sent on queue q is received on queue q.
 * net_null0 is a port set up without header split. Regions are memfd memory
 * the test owns, so it reads the payload directly at a record's offset.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_memory.h>
#include <rte_tcp.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

/* Private: the RX queue's devmem page_pool and binding. */
#include "port_priv.h"

#include "test_common.h"

#define HDR_LEN		(RTE_ETHER_HDR_LEN + 20 + 20)	/* Ethernet + IPv4 + TCP */
#define RX_EXT_COPY	128	/* bytes port_rx.c copies out of an external head */

static uint16_t ring_port, null_port;

/* ---------------------------------------------------------------------- */
/* Regions                                                                */
/* ---------------------------------------------------------------------- */

struct region {
	void *addr;
	size_t len;
	int release_calls;
	bool mapped;
};

static void region_make(struct region *r, size_t len)
{
	int fd = memfd_create("nm_test_port_devmem", MFD_CLOEXEC);
	void *addr;

	memset(r, 0, sizeof(*r));
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)len), 0);
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(addr != MAP_FAILED);
	close(fd);
	memset(addr, 0xee, len);
	r->addr = addr;
	r->len = len;
	r->mapped = true;
}

static void region_release(void *addr, size_t len, void *arg)
{
	struct region *r = arg;

	if (r->mapped)
		munmap(addr, len);
	r->mapped = false;
	__atomic_fetch_add(&r->release_calls, 1, __ATOMIC_RELEASE);
}

static int release_calls(const struct region *r)
{
	return __atomic_load_n(&r->release_calls, __ATOMIC_ACQUIRE);
}

/* Bounds the wait for a release run by the pool reaper (EAL interrupt
 * thread) at 5 s; not a timing check. */
static int wait_release(const struct region *r)
{
	for (int i = 0; i < 5000 && release_calls(r) == 0; i++) {
		nm_page_pool_reap();
		usleep(1000);
	}
	return release_calls(r);
}

static struct net_devmem_dmabuf_binding *bind_region(struct region *r, size_t len)
{
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b;

	region_make(r, len);
	p = (struct net_devmem_region_params){
		.addr = r->addr, .len = r->len, .pg_sz = PAGE_SIZE,
		.release = region_release, .release_arg = r,
	};
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	return b;
}

/* Drops the user's reference of a binding nothing else holds. */
static void unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r)
{
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(release_calls(r), 0);
	net_devmem_unbind(b);
	assert_int_equal(release_calls(r), 1);
}

/* ---------------------------------------------------------------------- */
/* Packets                                                                */
/* ---------------------------------------------------------------------- */

static uint8_t pay_byte(uint8_t seed, size_t i)
{
	return (uint8_t)(seed + i * 7 + (i >> 8));
}

static void fill_hdr(uint8_t *h, unsigned int plen)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)h;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)(ip + 1);

	memset(h, 0, HDR_LEN);
	memcpy(eth->dst_addr.addr_bytes, "\x02\x00\x00\x00\x00\x02", 6);
	memcpy(eth->src_addr.addr_bytes, "\x02\x00\x00\x00\x00\x01", 6);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(40 + plen));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(0x0a000001);
	ip->dst_addr = rte_cpu_to_be_32(0x0a000002);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	th->src_port = rte_cpu_to_be_16(1234);
	th->dst_port = rte_cpu_to_be_16(5678);
	th->sent_seq = rte_cpu_to_be_32(1);
	th->data_off = 5 << 4;
	th->tcp_flags = RTE_TCP_ACK_FLAG;
}

/* Ethernet + IPv4 + TCP with @plen payload bytes (pay_byte(seed, i)), linear
 * in an alloc_skb() head; @frag_len more payload bytes in a page frag. */
static struct sk_buff *make_pkt(unsigned int plen, unsigned int frag_len, uint8_t seed)
{
	struct sk_buff *skb = alloc_skb(HDR_LEN + plen, GFP_ATOMIC);
	uint8_t *d;

	assert_non_null(skb);
	d = skb_put(skb, HDR_LEN + plen);
	assert_non_null(d);
	fill_hdr(d, plen + frag_len);
	for (unsigned int i = 0; i < plen; i++)
		d[HDR_LEN + i] = pay_byte(seed, i);
	if (frag_len != 0) {
		struct page *page = alloc_page(GFP_ATOMIC);
		uint8_t *p;

		assert_non_null(page);
		assert_true(frag_len <= PAGE_SIZE - 100);
		p = page_address(page);
		for (unsigned int i = 0; i < frag_len; i++)
			p[100 + i] = pay_byte(seed, plen + i);
		skb_add_rx_frag(skb, 0, page, 100, (int)frag_len, PAGE_SIZE);
	}
	return skb;
}

static void send_one(struct sk_buff *skb)
{
	assert_int_equal(nm_tx_burst(ring_port, 0, &skb, 1), 1);
}

static struct sk_buff *recv_one(void)
{
	struct sk_buff *skbs[4];

	assert_int_equal(nm_rx_burst(ring_port, 0, skbs, 4), 1);
	return skbs[0];
}

static struct nm_queue_stats qstats(void)
{
	struct nm_queue_stats st;

	assert_int_equal(nm_port_queue_stats(ring_port, 0, &st), 0);
	return st;
}

static uint64_t skb_copied(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.copied_bytes;
}

static struct page_pool *rxq_devmem_pool(uint16_t q)
{
	return nm_ports[ring_port].rxq[q].devmem_pool;
}

/* The payload bytes the records name, read from the region the test owns. */
static void check_records(const struct nm_devmem_rx_frag *rec, int n, uint32_t id,
			  const struct region *r, uint8_t seed, unsigned int plen)
{
	unsigned int pos = 0;

	for (int i = 0; i < n; i++) {
		const uint8_t *p = (const uint8_t *)r->addr + rec[i].offset;

		assert_int_equal(rec[i].binding_id, id);
		assert_true(rec[i].offset + rec[i].len <= r->len);
		for (unsigned int k = 0; k < rec[i].len; k++)
			if (p[k] != pay_byte(seed, pos + k))
				fail_msg("record %d byte %u: %#x, sent %#x", i, k, p[k],
					 pay_byte(seed, pos + k));
		pos += rec[i].len;
	}
	assert_int_equal(pos, plen);
}

static int give_back(uint32_t id, const struct nm_devmem_rx_frag *rec, int n)
{
	struct nm_devmem_token t[NM_DEVMEM_MAX_TOKENS];

	assert_true(n <= NM_DEVMEM_MAX_TOKENS);
	for (int i = 0; i < n; i++) {
		t[i].token_start = rec[i].token;
		t[i].token_count = 1;
	}
	return nm_devmem_dontneed(id, t, (unsigned int)n);
}

/* ---------------------------------------------------------------------- */
/* Fixture                                                                */
/* ---------------------------------------------------------------------- */

static uint64_t misuse0;
static int64_t live0;
static unsigned int waiting0;

static int case_setup(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&st);
	live0 = (int64_t)st.live;
	waiting0 = nm_page_pool_reap();
	return 0;
}

/* No misuse, no skb left, no destroyed pool still waiting for memory. */
static int case_teardown(void **state)
{
	struct nm_skb_stats st;
	unsigned int waiting = waiting0 + 1;

	(void)state;
	for (int i = 0; i < 5000 && waiting > waiting0; i++) {
		waiting = nm_page_pool_reap();
		if (waiting > waiting0)
			usleep(1000);
	}
	nm_skb_get_stats(&st);
	if (nm_misuse_count() != misuse0) {
		fprintf(stderr, "misuse: %lu new\n", (unsigned long)(nm_misuse_count() - misuse0));
		return -1;
	}
	if ((int64_t)st.live != live0) {
		fprintf(stderr, "skbs live: %ld, was %ld\n", (long)st.live, (long)live0);
		return -1;
	}
	return waiting <= waiting0 ? 0 : -1;
}

/* ---------------------------------------------------------------------- */
/* Control path                                                           */
/* ---------------------------------------------------------------------- */

static void test_bind_rules(void **state)
{
	struct region r, r2, r3;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, 32 * PAGE_SIZE);
	struct net_devmem_dmabuf_binding *b2 = bind_region(&r2, 8 * PAGE_SIZE);
	struct net_devmem_dmabuf_binding *b3 = bind_region(&r3, 8 * PAGE_SIZE);
	const uint16_t q0[] = { 0 }, q1[] = { 1 }, q01[] = { 0, 1 }, q00[] = { 0, 0 };
	const uint16_t bad[] = { 2 }, bad2[] = { 0, NM_PORT_MAX_QUEUES };
	struct nm_rxq *rxq0 = &nm_ports[ring_port].rxq[0];
	struct page_pool *pool;
	int ret;

	(void)state;
	/* Arguments and queues. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 0, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, NULL, 1, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, bad, 1, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, bad2, 2, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, q00, 2, b, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, NULL, NM_DEVMEM_F_SW_SPLIT), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, 0x80), -EINVAL);
	assert_int_equal(nm_port_bind_devmem(RTE_MAX_ETHPORTS - 1, q0, 1, b,
					     NM_DEVMEM_F_SW_SPLIT), -ENODEV);
	/* Header split: the software split only when asked for ... */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, 0), -EOPNOTSUPP);
	/* ... and only on a queue that does it. */
	assert_int_equal(nm_port_bind_devmem(null_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT),
			 -EOPNOTSUPP);
	assert_int_equal(nm_port_bind_devmem(null_port, q0, 1, b, 0), -EOPNOTSUPP);
	assert_null(rxq0->binding);
	assert_null(rxq0->devmem_pool);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	/* Bound: a page_pool of the binding, owned by the polling lcore. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq0->devmem_pool;
	assert_non_null(pool);
	assert_ptr_equal(rxq0->binding, b);
	assert_ptr_equal(pool->mp_ops, &dmabuf_devmem_ops);
	assert_ptr_equal(pool->mp_priv, b);
	assert_true(pool->flags & PP_FLAG_ALLOW_UNREADABLE_NETMEM);
	assert_true(page_pool_is_unreadable(pool));
	assert_int_equal(pool->owner_lcore, nm_ports[ring_port].conf.rxq_lcore[0]);
	assert_int_equal(net_devmem_binding_refcnt(b), 3);	/* user, queue, pool */
	assert_null(nm_ports[ring_port].rxq[1].binding);

	/* A bound queue is busy, for any binding; a refused bind of several
	 * queues leaves the free one unbound. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), -EBUSY);
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b2, NM_DEVMEM_F_SW_SPLIT), -EBUSY);
	assert_int_equal(nm_port_bind_devmem(ring_port, q01, 2, b2, NM_DEVMEM_F_SW_SPLIT), -EBUSY);
	assert_null(nm_ports[ring_port].rxq[1].binding);
	assert_null(nm_ports[ring_port].rxq[1].devmem_pool);
	assert_int_equal(net_devmem_binding_refcnt(b2), 1);

	/* While bound the port neither stops nor closes; the queue does not stop. */
	assert_int_equal(nm_port_stop(ring_port), -EBUSY);
	assert_int_equal(nm_port_close(ring_port), -EBUSY);
	assert_int_equal(nm_port_rxq_stop(ring_port, 0), -EBUSY);
	assert_true(nm_ports[ring_port].started);

	/* A second binding on the other queue; unbinding one leaves the other. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q1, 1, b2, NM_DEVMEM_F_SW_SPLIT), 0);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), -ENOENT);
	assert_null(rxq0->binding);
	assert_null(rxq0->devmem_pool);
	assert_ptr_equal(nm_ports[ring_port].rxq[1].binding, b2);
	assert_int_equal(nm_port_stop(ring_port), -EBUSY);	/* queue 1 still bound */
	assert_int_equal(nm_port_rxq_stop(ring_port, 1), -EBUSY);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b2), 0);
	assert_int_equal(nm_port_unbind_devmem(ring_port, NULL), -EINVAL);

	/* Unbound: the pool is gone and the references with it. */
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(net_devmem_binding_refcnt(b2), 1);
	assert_int_equal(net_devmem_binding_avail(b), 32);

	/* Now the port stops, starts, and the queue stops (where the PMD can). */
	assert_int_equal(nm_port_stop(ring_port), 0);
	assert_int_equal(nm_port_start(ring_port), 0);
	ret = nm_port_rxq_stop(ring_port, 0);
	assert_true(ret == 0 || ret == -ENOTSUP || ret == -EOPNOTSUPP);
	if (ret == 0)
		assert_int_equal(rte_eth_dev_rx_queue_start(ring_port, 0), 0);

	/* Both queues at once, then one unbind takes both. */
	assert_int_equal(nm_port_bind_devmem(ring_port, q01, 2, b, NM_DEVMEM_F_SW_SPLIT), 0);
	assert_int_equal(net_devmem_binding_refcnt(b), 5);
	assert_ptr_equal(nm_ports[ring_port].rxq[1].binding, b);
	assert_true(rxq_devmem_pool(0) != rxq_devmem_pool(1));
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_null(nm_ports[ring_port].rxq[1].binding);

	/* A binding the user unbound is refused (-ENODEV). */
	net_devmem_binding_get(b3);
	net_devmem_unbind(b3);
	assert_true(net_devmem_binding_unbound(b3));
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b3, NM_DEVMEM_F_SW_SPLIT), -ENODEV);
	assert_null(rxq0->binding);
	assert_int_equal(release_calls(&r3), 0);
	net_devmem_binding_put(b3);
	assert_int_equal(release_calls(&r3), 1);

	unbind_last(b, &r);
	unbind_last(b2, &r2);
}

/* ---------------------------------------------------------------------- */
/* RX                                                                     */
/* ---------------------------------------------------------------------- */

/*
 * Sends one packet of @plen + @frag_len payload bytes and receives it into
 * device memory: checks the skb, the counters and the records, then gives
 * the tokens back. Returns nothing held.
 */
static void rx_one(struct net_devmem_dmabuf_binding *b, struct region *r,
		   unsigned int plen, unsigned int frag_len, uint8_t seed)
{
	const unsigned int pay = plen + frag_len, len = HDR_LEN + pay;
	struct nm_queue_stats st0 = qstats(), st1;
	uint64_t copied0 = skb_copied();
	struct nm_devmem_rx_frag rec[MAX_SKB_FRAGS];
	struct page_pool *pool = rxq_devmem_pool(0);
	uint8_t hdr[HDR_LEN], buf[HDR_LEN];
	unsigned int exp_hdr;
	struct sk_buff *skb;
	uint32_t id = net_devmem_binding_id(b);
	int n, nr = (int)((pay + PAGE_SIZE - 1) / PAGE_SIZE);

	fill_hdr(hdr, pay);
	send_one(make_pkt(plen, frag_len, seed));
	skb = recv_one();
	st1 = qstats();

	/* Headers copied: by the split, and out of an external head on RX
	 * when the sent head went as an external segment. */
	exp_hdr = HDR_LEN;
	if (st1.tx_ext_segs != st0.tx_ext_segs)
		exp_hdr += RTE_MIN(HDR_LEN + plen, (unsigned int)RX_EXT_COPY);
	if (pay == 0)
		exp_hdr -= HDR_LEN;	/* nothing to split */
	assert_int_equal(st1.hdr_copied_bytes - st0.hdr_copied_bytes, exp_hdr);
	/* Payload: copied exactly once, into device memory. */
	assert_int_equal(st1.copied_bytes - st0.copied_bytes, pay);
	assert_int_equal(skb_copied() - copied0, pay);
	assert_int_equal(st1.rx_packets - st0.rx_packets, 1);
	assert_int_equal(st1.rx_bytes - st0.rx_bytes, len);
	assert_int_equal(st1.drops[NM_DROP_RX_NOMEM], st0.drops[NM_DROP_RX_NOMEM]);

	assert_int_equal(skb->len, len);
	assert_int_equal(skb_headlen(skb), HDR_LEN);
	assert_int_equal(memcmp(skb->data, hdr, HDR_LEN), 0);
	assert_int_equal(skb->protocol, rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(skb_mac_offset(skb), 0);
	assert_int_equal(skb_network_offset(skb), RTE_ETHER_HDR_LEN);
	assert_int_equal(skb->mac_len, RTE_ETHER_HDR_LEN);

	if (pay == 0) {
		/* No payload: a readable head-only skb, no device memory. */
		assert_true(skb_frags_readable(skb));
		assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
		assert_int_equal(nm_devmem_recv(skb, rec, MAX_SKB_FRAGS), -EINVAL);
		assert_int_equal(skb_copy_bits(skb, 0, buf, HDR_LEN), 0);
		consume_skb(skb);
		return;
	}
	/* Unreadable: the CPU API refuses the payload, not the headers. */
	assert_false(skb_frags_readable(skb));
	assert_false(skb_readable_all(skb));
	assert_int_equal(skb_shinfo(skb)->nr_frags, nr);
	for (int i = 0; i < nr; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		assert_true(skb_frag_is_net_iov(f));
		assert_null(skb_frag_address(f));
		assert_ptr_equal(netmem_get_pp(skb_frag_netmem(f)), pool);
		assert_int_equal(skb_frag_size(f), RTE_MIN(pay - i * PAGE_SIZE, PAGE_SIZE));
	}
	assert_int_equal(skb_copy_bits(skb, 0, buf, HDR_LEN), 0);
	assert_int_equal(memcmp(buf, hdr, HDR_LEN), 0);
	assert_true(skb_copy_bits(skb, HDR_LEN, buf, 8) < 0);
	assert_true(skb_copy_bits(skb, HDR_LEN - 4, buf, 8) < 0);
	assert_int_equal(skb_linearize(skb), -EIO);
	assert_int_equal(skb->len, len);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + RTE_ETHER_HDR_LEN + 20);
	skb->csum_offset = offsetof(struct rte_tcp_hdr, cksum);
	assert_int_equal(skb_checksum_help(skb), -EFAULT);	/* as the kernel */
	skb->ip_summed = CHECKSUM_NONE;

	/* Records: too few slots takes nothing; then one per frag, in order. */
	if (nr > 1) {
		long refs = *netmem_get_pp_ref_count_ref(skb_shinfo(skb)->frags[0].netmem);

		assert_int_equal(nm_devmem_recv(skb, rec, (unsigned int)nr - 1), -ENOSPC);
		assert_int_equal(*netmem_get_pp_ref_count_ref(skb_shinfo(skb)->frags[0].netmem),
				 refs);
	}
	assert_int_equal(nm_devmem_recv(skb, rec, 0), -ENOSPC);
	n = nm_devmem_recv(skb, rec, MAX_SKB_FRAGS);
	assert_int_equal(n, nr);
	for (int i = 0; i < n; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		assert_int_equal(rec[i].offset,
				 net_iov_virtual_addr(skb_frag_net_iov(f)) + skb_frag_off(f));
		assert_int_equal(rec[i].len, skb_frag_size(f));
		/* the skb's reference and the record's */
		assert_int_equal(*netmem_get_pp_ref_count_ref(skb_frag_netmem(f)), 2);
	}
	/* The caller frees the skb; the records keep the net_iovs. */
	consume_skb(skb);
	assert_int_equal(page_pool_inflight(pool), nr);
	check_records(rec, n, id, r, seed, pay);
	assert_int_equal(give_back(id, rec, n), n);
	assert_int_equal(page_pool_inflight(pool), 0);
	/* Given back: unknown now. */
	assert_int_equal(give_back(id, rec, n), 0);
}

static void test_rx_split(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, 64 * PAGE_SIZE);
	const uint16_t q0[] = { 0 };
	struct page_pool *pool;

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq_devmem_pool(0);
	rx_one(b, &r, 1, 0, 1);			/* one byte */
	rx_one(b, &r, 100, 0, 2);		/* in the head and a frag on RX */
	rx_one(b, &r, 1400, 0, 3);
	rx_one(b, &r, 0, 0, 4);			/* headers only */
	rx_one(b, &r, 60, 3000, 5);		/* payload in a frag of the sent skb */
	rx_one(b, &r, 6000, 0, 6);		/* a page head moved: two net_iovs */
	rx_one(b, &r, 7000, 3900, 7);		/* three net_iovs */
	rx_one(b, &r, 4196, 3996, 8);		/* exactly two */
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_true(net_devmem_binding_avail(b) < 64);	/* the pool took some */

	/* Unbind: the pool is destroyed, every net_iov goes back. */
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), 64);
	unbind_last(b, &r);
}

/* Several packets in one burst, records of all of them, tokens given back
 * in ranges; the tokens of freed slots are reused. */
static void test_tokens(void **state)
{
	enum { NPKT = 8, PAY = 5000 };	/* two net_iovs each */
	struct region r;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, 64 * PAGE_SIZE);
	const uint16_t q0[] = { 0 };
	struct nm_devmem_rx_frag rec[NPKT * 2], rec2[2];
	struct nm_devmem_token t[NM_DEVMEM_MAX_TOKENS + 1];
	struct sk_buff *skbs[NPKT];
	uint32_t id = net_devmem_binding_id(b), tmin = UINT32_MAX, tmax = 0;
	struct page_pool *pool;
	int n = 0, ret;

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq_devmem_pool(0);
	for (int i = 0; i < NPKT; i++)
		skbs[i] = make_pkt(PAY, 0, (uint8_t)(10 + i));
	assert_int_equal(nm_tx_burst(ring_port, 0, skbs, NPKT), NPKT);
	assert_int_equal(nm_rx_burst(ring_port, 0, skbs, NPKT), NPKT);
	for (int i = 0; i < NPKT; i++) {
		ret = nm_devmem_recv(skbs[i], rec + n, 2);
		assert_int_equal(ret, 2);
		check_records(rec + n, 2, id, &r, (uint8_t)(10 + i), PAY);
		n += ret;
		kfree_skb(skbs[i]);
	}
	for (int i = 0; i < n; i++) {
		tmin = RTE_MIN(tmin, rec[i].token);
		tmax = RTE_MAX(tmax, rec[i].token);
		for (int j = 0; j < i; j++)
			assert_true(rec[i].token != rec[j].token);
	}
	assert_int_equal(page_pool_inflight(pool), n);

	/* Limits: nothing is freed past them. */
	for (int i = 0; i <= NM_DEVMEM_MAX_TOKENS; i++) {
		t[i].token_start = rec[0].token;
		t[i].token_count = 1;
	}
	assert_int_equal(nm_devmem_dontneed(id, t, NM_DEVMEM_MAX_TOKENS + 1), -E2BIG);
	t[0].token_start = tmin;
	t[0].token_count = NM_DEVMEM_MAX_FRAGS + 1;
	assert_int_equal(nm_devmem_dontneed(id, t, 1), -E2BIG);
	t[0].token_count = NM_DEVMEM_MAX_FRAGS / 2;
	t[1].token_start = tmin;
	t[1].token_count = NM_DEVMEM_MAX_FRAGS / 2 + 1;
	assert_int_equal(nm_devmem_dontneed(id, t, 2), -E2BIG);
	t[0].token_count = UINT32_MAX;
	t[1].token_count = 2;		/* the sum wraps in 32 bits */
	assert_int_equal(nm_devmem_dontneed(id, t, 2), -E2BIG);
	assert_int_equal(page_pool_inflight(pool), n);
	/* Unknown bindings. */
	t[0].token_start = tmin;
	t[0].token_count = 1;
	assert_int_equal(nm_devmem_dontneed(0, t, 1), -EINVAL);
	assert_int_equal(nm_devmem_dontneed(UINT32_MAX, t, 1), -EINVAL);
	assert_int_equal(nm_devmem_dontneed(id, NULL, 1), -EINVAL);
	assert_int_equal(nm_devmem_dontneed(id, t, 0), 0);
	assert_int_equal(page_pool_inflight(pool), n);

	/* Unknown tokens are skipped: a range past the last one, then one that
	 * covers the first token and many that do not exist. */
	t[0].token_start = tmax + 1;
	t[0].token_count = 100;
	assert_int_equal(nm_devmem_dontneed(id, t, 1), 0);
	t[0].token_start = rec[0].token;
	t[0].token_count = 1;
	t[1].token_start = tmax + 1000;
	t[1].token_count = 5;
	t[2].token_start = UINT32_MAX - 1;
	t[2].token_count = 2;
	assert_int_equal(nm_devmem_dontneed(id, t, 3), 1);
	assert_int_equal(nm_devmem_dontneed(id, t, 1), 0);	/* already given back */
	assert_int_equal(page_pool_inflight(pool), n - 1);

	/* A reused token: the slot just freed. */
	send_one(make_pkt(100, 0, 42));
	skbs[0] = recv_one();
	assert_int_equal(nm_devmem_recv(skbs[0], rec2, 2), 1);
	assert_int_equal(rec2[0].token, rec[0].token);
	check_records(rec2, 1, id, &r, 42, 100);
	consume_skb(skbs[0]);

	/* The rest in one range over all tokens (the reused one included). */
	t[0].token_start = tmin;
	t[0].token_count = tmax - tmin + 1;
	assert_int_equal(nm_devmem_dontneed(id, t, 1), n);
	assert_int_equal(page_pool_inflight(pool), 0);

	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), 64);
	/* A binding that never gave a token is known, with nothing to free. */
	{
		struct region r2;
		struct net_devmem_dmabuf_binding *b2 = bind_region(&r2, 4 * PAGE_SIZE);

		t[0].token_start = 0;
		t[0].token_count = 10;
		if (net_devmem_binding_id(b2) != id)
			assert_int_equal(nm_devmem_dontneed(net_devmem_binding_id(b2), t, 1), 0);
		unbind_last(b2, &r2);
	}
	unbind_last(b, &r);
}

/* Out of net_iovs: a counted NM_DROP_RX_NOMEM, the received page freed. */
static void test_rx_exhausted(void **state)
{
	enum { NIOV = 4 };
	struct region r;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, NIOV * PAGE_SIZE);
	const uint16_t q0[] = { 0 };
	struct sk_buff *skbs[NIOV + 2];
	struct nm_queue_stats st0, st1;
	struct nm_devmem_rx_frag rec[2];
	uint32_t id = net_devmem_binding_id(b);

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	for (int i = 0; i < NIOV + 2; i++)
		skbs[i] = make_pkt(1000, 0, (uint8_t)i);
	st0 = qstats();
	assert_int_equal(nm_tx_burst(ring_port, 0, skbs, NIOV + 2), NIOV + 2);
	/* One net_iov each: the first NIOV fit, the others are dropped. */
	assert_int_equal(nm_rx_burst(ring_port, 0, skbs, NIOV + 2), NIOV);
	st1 = qstats();
	assert_int_equal(st1.drops[NM_DROP_RX_NOMEM] - st0.drops[NM_DROP_RX_NOMEM], 2);
	assert_int_equal(st1.rx_packets - st0.rx_packets, NIOV);
	assert_int_equal(st1.copied_bytes - st0.copied_bytes, NIOV * 1000);
	assert_int_equal(net_devmem_binding_avail(b), 0);
	assert_int_equal(page_pool_inflight(rxq_devmem_pool(0)), NIOV);

	/* One given back (skb and record): the next packet fits again. */
	assert_int_equal(nm_devmem_recv(skbs[0], rec, 2), 1);
	check_records(rec, 1, id, &r, 0, 1000);
	kfree_skb(skbs[0]);
	assert_int_equal(give_back(id, rec, 1), 1);
	send_one(make_pkt(1000, 0, 9));
	skbs[0] = recv_one();
	assert_int_equal(nm_devmem_recv(skbs[0], rec, 2), 1);
	check_records(rec, 1, id, &r, 9, 1000);
	assert_int_equal(give_back(id, rec, 1), 1);
	for (int i = 0; i < NIOV; i++)
		kfree_skb(skbs[i]);
	assert_int_equal(page_pool_inflight(rxq_devmem_pool(0)), 0);

	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), NIOV);
	unbind_last(b, &r);
}

/* Unbinding (queue and user) with tokens out: the region stays, readable at
 * the records' offsets, until the last token is given back. */
static void test_unbind_tokens_outstanding(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, 16 * PAGE_SIZE);
	const uint16_t q0[] = { 0 };
	struct nm_devmem_rx_frag rec[4];
	struct page_pool *pool;
	struct sk_buff *skb;
	uint32_t id = net_devmem_binding_id(b);
	int n;

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	pool = rxq_devmem_pool(0);
	send_one(make_pkt(9000, 0, 77));
	skb = recv_one();
	n = nm_devmem_recv(skb, rec, 4);
	assert_int_equal(n, 3);
	consume_skb(skb);

	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_int_equal(nm_port_stop(ring_port), 0);	/* unbound: the port may stop */
	assert_int_equal(nm_port_start(ring_port), 0);
	nm_page_pool_reap();
	assert_int_equal(net_devmem_binding_avail(b), 16 - n);	/* the rest came back */
	net_devmem_unbind(b);
	assert_null(net_devmem_lookup(id));
	nm_page_pool_reap();
	assert_int_equal(release_calls(&r), 0);
	assert_true(net_devmem_binding_refcnt(b) >= 1);	/* the destroyed pool's */
	check_records(rec, n, id, &r, 77, 9000);

	/* Given back one by one: released with the last. */
	assert_int_equal(give_back(id, rec, 1), 1);
	nm_page_pool_reap();
	assert_int_equal(release_calls(&r), 0);
	assert_int_equal(give_back(id, rec + 1, n - 1), n - 1);
	assert_int_equal(wait_release(&r), 1);
	(void)pool;
}

/* ---------------------------------------------------------------------- */
/* TX                                                                     */
/* ---------------------------------------------------------------------- */

static void fill_region(struct region *r, uint64_t off, uint32_t len, uint8_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		((uint8_t *)r->addr)[off + i] = pay_byte(seed, i);
}

static void expect_no_note(struct nm_zc_queue *q)
{
	struct nm_zc_notification note;

	assert_int_equal(nm_zc_queue_poll(q, &note, 1), 0);
}

static void expect_note(struct nm_zc_queue *q, uint32_t lo, uint32_t hi)
{
	struct nm_zc_notification note[4];

	assert_int_equal(nm_zc_queue_poll(q, note, 4), 1);
	assert_int_equal(note[0].lo, lo);
	assert_int_equal(note[0].hi, hi);
	assert_false(note[0].copied);
}

static void test_tx_errors(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, 32 * PAGE_SIZE);
	uint32_t id = net_devmem_binding_id(b);
	uint8_t hdr[HDR_LEN];
	struct page_pool_params pp = {
		.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM, .nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE, .lcore = rte_lcore_id(), .pool_size = 64,
		.mp_ops = &dmabuf_devmem_ops, .mp_priv = b, .name = "t_txbusy",
	};
	struct page_pool *pool;
	struct sk_buff *skb;
	netmem_ref nm;
	uint64_t at;

	(void)state;
	fill_hdr(hdr, 100);
	rte_errno = 0;
	assert_null(nm_devmem_tx_skb(0, 0, 100, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, ENODEV);
	assert_null(nm_devmem_tx_skb(UINT32_MAX, 0, 100, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, ENODEV);
	/* Range. */
	assert_null(nm_devmem_tx_skb(id, 0, 0, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EINVAL);
	assert_null(nm_devmem_tx_skb(id, r.len - 10, 11, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EINVAL);
	assert_null(nm_devmem_tx_skb(id, r.len, 1, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EINVAL);
	assert_null(nm_devmem_tx_skb(id, UINT64_MAX - 5, 100, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EINVAL);
	assert_null(nm_devmem_tx_skb(id, 0, 100, NULL, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EINVAL);
	/* More than MAX_SKB_FRAGS net_iovs. */
	assert_null(nm_devmem_tx_skb(id, 1, MAX_SKB_FRAGS * PAGE_SIZE, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EINVAL);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	/* The largest: MAX_SKB_FRAGS whole net_iovs; the last bytes of the region. */
	skb = nm_devmem_tx_skb(id, 0, MAX_SKB_FRAGS * PAGE_SIZE, hdr, HDR_LEN, NULL);
	assert_non_null(skb);
	assert_int_equal(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
	kfree_skb(skb);
	skb = nm_devmem_tx_skb(id, r.len - 10, 10, NULL, 0, NULL);
	assert_non_null(skb);
	assert_int_equal(skb->len, 10);
	assert_int_equal(skb_headlen(skb), 0);
	kfree_skb(skb);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	/* Memory a page_pool (RX) owns is busy. */
	pool = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(pool));
	nm = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	assert_false(netmem_is_null(nm));
	at = net_iov_virtual_addr(netmem_to_net_iov(nm));
	assert_null(nm_devmem_tx_skb(id, at + 100, 10, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EBUSY);
	assert_null(nm_devmem_tx_skb(id, at >= PAGE_SIZE ? at - 10 : at + PAGE_SIZE - 10, 20,
				     hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, EBUSY);
	page_pool_put_full_netmem(pool, nm, true);
	page_pool_destroy(pool);
	nm_page_pool_reap();

	/* Unbound: gone from the id table. */
	net_devmem_binding_get(b);
	net_devmem_unbind(b);
	assert_null(nm_devmem_tx_skb(id, 0, 100, hdr, HDR_LEN, NULL));
	assert_int_equal(rte_errno, ENODEV);
	assert_int_equal(release_calls(&r), 0);
	net_devmem_binding_put(b);
	assert_int_equal(release_calls(&r), 1);
}

/*
 * A send from device memory with MSG_ZEROCOPY completion, looped back to a
 * queue with no device memory: the received skb holds the sent net_iovs
 * (external segments) and the records name the sent bytes. The completion
 * comes only after the TX segments, the received skb and the records are
 * all done with the memory.
 */
static void test_tx_loopback(void **state)
{
	const uint64_t off = 1000;
	const uint32_t len = 9000;	/* three net_iovs: 3096, 4096, 1808 */
	struct region r;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, 32 * PAGE_SIZE);
	uint32_t id = net_devmem_binding_id(b), zid;
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct nm_devmem_rx_frag rec[4];
	struct nm_queue_stats st0, st1;
	uint8_t hdr[HDR_LEN];
	struct ubuf_info *uarg;
	struct sk_buff *skb;
	uint64_t copied0 = skb_copied();
	int n;

	(void)state;
	assert_non_null(q);
	fill_region(&r, off, len, 33);
	fill_hdr(hdr, len);
	/* The first id this queue hands out. */
	uarg = msg_zerocopy_alloc(q, len);
	assert_non_null(uarg);
	net_zcopy_put(uarg);
	{
		struct nm_zc_notification note;

		assert_int_equal(nm_zc_queue_poll(q, &note, 1), 1);
		zid = note.hi + 1;
	}

	uarg = msg_zerocopy_alloc(q, len);
	assert_non_null(uarg);
	skb = nm_devmem_tx_skb(id, off, len, hdr, HDR_LEN, uarg);
	assert_non_null(skb);
	net_zcopy_put(uarg);		/* the sender's reference: the send is queued */
	assert_ptr_equal(skb_zcopy(skb), uarg);
	assert_int_equal(skb->len, HDR_LEN + len);
	assert_int_equal(skb->data_len, len);
	assert_int_equal(skb_headlen(skb), HDR_LEN);
	assert_int_equal(memcmp(skb->data, hdr, HDR_LEN), 0);
	assert_false(skb_frags_readable(skb));
	assert_int_equal(skb_shinfo(skb)->nr_frags, 3);
	assert_int_equal(skb_frag_off(&skb_shinfo(skb)->frags[0]), off);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), PAGE_SIZE - off);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[1]), PAGE_SIZE);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[2]),
			 len - (PAGE_SIZE - off) - PAGE_SIZE);
	for (int i = 0; i < 3; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		assert_true(skb_frag_is_net_iov(f));
		assert_false(netmem_is_pp(skb_frag_netmem(f)));
		assert_int_equal(net_iov_virtual_addr(skb_frag_net_iov(f)) + skb_frag_off(f),
				 i == 0 ? off : (uint64_t)i * PAGE_SIZE);
	}
	assert_true(net_devmem_binding_refcnt(b) > 1);
	assert_true(skb_copy_bits(skb, HDR_LEN, rec, 8) < 0);

	st0 = qstats();
	send_one(skb);
	st1 = qstats();
	assert_int_equal(st1.tx_ext_segs - st0.tx_ext_segs, 4);	/* head + 3 net_iovs */
	assert_int_equal(st1.copied_bytes - st0.copied_bytes, 0);
	expect_no_note(q);	/* the segments still use the memory */

	skb = recv_one();
	assert_int_equal(skb->len, HDR_LEN + len);
	assert_false(skb_frags_readable(skb));
	assert_int_equal(memcmp(skb->data, hdr, HDR_LEN), 0);
	n = nm_devmem_recv(skb, rec, 4);
	assert_int_equal(n, 3);
	check_records(rec, n, id, &r, 33, len);
	assert_int_equal(rec[0].offset, off);
	expect_no_note(q);	/* the received skb and the records do */
	consume_skb(skb);
	expect_no_note(q);	/* the records do */
	assert_true(net_devmem_binding_refcnt(b) > 1);
	assert_int_equal(give_back(id, rec, n), n);
	expect_note(q, zid, zid);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	/* Zero-copy all the way: no payload byte copied anywhere. */
	assert_int_equal(skb_copied() - copied0, 0);

	/* Freed before it went anywhere: completed at once. */
	uarg = msg_zerocopy_alloc(q, 10);
	skb = nm_devmem_tx_skb(id, 0, 10, hdr, HDR_LEN, uarg);
	assert_non_null(skb);
	net_zcopy_put(uarg);
	expect_no_note(q);
	kfree_skb(skb);
	expect_note(q, zid + 1, zid + 1);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	nm_zc_queue_free(q);
	unbind_last(b, &r);
}

/*
 * A send from one binding looped back to a queue bound to another: the
 * emulated NIC writes the payload into the RX binding's net_iovs (counted),
 * the send completes as soon as the received packet was split.
 */
static void test_tx_to_devmem_rx(void **state)
{
	const uint64_t off = 5 * PAGE_SIZE + 17;
	const uint32_t len = 6000;
	struct region rt, rr;
	struct net_devmem_dmabuf_binding *bt = bind_region(&rt, 16 * PAGE_SIZE);
	struct net_devmem_dmabuf_binding *br = bind_region(&rr, 16 * PAGE_SIZE);
	uint32_t idt = net_devmem_binding_id(bt), idr = net_devmem_binding_id(br);
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	const uint16_t q0[] = { 0 };
	struct nm_devmem_rx_frag rec[4];
	struct nm_zc_notification note[2];
	struct nm_queue_stats st0, st1;
	uint8_t hdr[HDR_LEN];
	struct ubuf_info *uarg;
	struct sk_buff *skb;
	int n;

	(void)state;
	assert_non_null(q);
	fill_region(&rt, off, len, 55);
	fill_hdr(hdr, len);
	assert_int_equal(nm_port_bind_devmem(ring_port, q0, 1, br, NM_DEVMEM_F_SW_SPLIT), 0);

	uarg = msg_zerocopy_alloc(q, len);
	skb = nm_devmem_tx_skb(idt, off, len, hdr, HDR_LEN, uarg);
	assert_non_null(skb);
	net_zcopy_put(uarg);
	st0 = qstats();
	send_one(skb);
	expect_no_note(q);
	skb = recv_one();
	st1 = qstats();
	assert_int_equal(st1.copied_bytes - st0.copied_bytes, len);
	/* The send's memory was copied out by the split: complete. */
	assert_int_equal(nm_zc_queue_poll(q, note, 2), 1);
	assert_int_equal(net_devmem_binding_refcnt(bt), 1);

	assert_false(skb_frags_readable(skb));
	assert_int_equal(skb->len, HDR_LEN + len);
	n = nm_devmem_recv(skb, rec, 4);
	assert_int_equal(n, 2);
	consume_skb(skb);
	check_records(rec, n, idr, &rr, 55, len);
	assert_int_equal(give_back(idr, rec, n), n);
	assert_int_equal(page_pool_inflight(rxq_devmem_pool(0)), 0);

	assert_int_equal(nm_port_unbind_devmem(ring_port, br), 0);
	nm_zc_queue_free(q);
	unbind_last(br, &rr);
	unbind_last(bt, &rt);
}

/* Last: a closed ring port is gone for good. */
static void test_close(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = bind_region(&r, 8 * PAGE_SIZE);
	const uint16_t q1[] = { 1 };

	(void)state;
	assert_int_equal(nm_port_bind_devmem(ring_port, q1, 1, b, NM_DEVMEM_F_SW_SPLIT), 0);
	assert_int_equal(nm_port_close(ring_port), -EBUSY);
	assert_int_equal(nm_port_stop(ring_port), -EBUSY);
	assert_int_equal(nm_port_unbind_devmem(ring_port, b), 0);
	assert_int_equal(nm_port_close(ring_port), 0);
	assert_int_equal(nm_port_close(null_port), 0);
	assert_int_equal(nm_port_bind_devmem(ring_port, q1, 1, b, NM_DEVMEM_F_SW_SPLIT), -ENODEV);
	unbind_last(b, &r);
}

static int group_setup(void **state)
{
	struct nm_port_conf conf = {
		.nb_rxq = 2, .nb_txq = 2, .nb_rxd = 256, .nb_txd = 256,
		.nr_pages = 2048, .socket = NUMA_NO_NODE,
		.flags = NM_PORT_F_HEADER_SPLIT | NM_PORT_F_SW_SPLIT,
	};
	int ret;

	(void)state;
	if (rte_eth_dev_get_port_by_name("net_ring0", &ring_port) != 0 ||
	    rte_eth_dev_get_port_by_name("net_null0", &null_port) != 0)
		return -1;
	conf.rxq_lcore[0] = conf.rxq_lcore[1] = rte_lcore_id();
	ret = nm_port_init(ring_port, &conf);
	if (ret != 0) {
		fprintf(stderr, "nm_port_init(net_ring0): %d\n", ret);
		return -1;
	}
	if (!nm_ports[ring_port].rxq[0].sw_split)
		return -1;
	conf.nb_rxq = conf.nb_txq = 1;
	conf.flags = 0;
	ret = nm_port_init(null_port, &conf);
	if (ret != 0) {
		fprintf(stderr, "nm_port_init(net_null0): %d\n", ret);
		return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind_rules, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_split, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tokens, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_exhausted, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_unbind_tokens_outstanding, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_errors, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_loopback, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_to_devmem_rx, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_close, case_setup, case_teardown),
	};
	int ret;

	nm_test_eal_init(1, "--vdev=net_ring0", "--vdev=net_null0", NULL);
	ret = cmocka_run_group_tests_name("port_devmem", tests, group_setup, NULL);
	rte_eal_cleanup();
	return ret;
}
