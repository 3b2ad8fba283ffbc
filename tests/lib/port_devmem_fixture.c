/* SPDX-License-Identifier: BSD-3-Clause */
/* device-memory port test fixture (port_devmem_fixture.h): the helpers, compiled once. */
#define _GNU_SOURCE
#include "port_devmem_fixture.h"

uint16_t ring_port, null_port;

/* Drops the user's reference of a binding nothing else holds. */
void unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r)
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

uint8_t pay_byte(uint8_t seed, size_t i)
{
	return (uint8_t)(seed + i * 7 + (i >> 8));
}

void fill_hdr(uint8_t *h, unsigned int plen)
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
struct sk_buff *make_pkt(unsigned int plen, unsigned int frag_len, uint8_t seed)
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

void send_one(struct sk_buff *skb)
{
	assert_int_equal(nm_tx_burst(ring_port, 0, &skb, 1), 1);
}

struct sk_buff *recv_one(void)
{
	struct sk_buff *skbs[4];

	assert_int_equal(nm_rx_burst(ring_port, 0, skbs, 4), 1);
	return skbs[0];
}

struct nm_queue_stats qstats(void)
{
	struct nm_queue_stats st;

	assert_int_equal(nm_port_queue_stats(ring_port, 0, &st), 0);
	return st;
}

uint64_t skb_copied(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.copied_bytes;
}

struct page_pool *rxq_devmem_pool(uint16_t q)
{
	return nm_ports[ring_port].rxq[q].devmem_pool;
}

/* The payload bytes the records name, read from the region the test owns. */
void check_records(const struct nm_devmem_rx_frag *rec, int n, uint32_t id,
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

int give_back(uint32_t id, const struct nm_devmem_rx_frag *rec, int n)
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

int case_setup(void **state)
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
int case_teardown(void **state)
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

int port_devmem_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, "--vdev=net_ring0", "--vdev=net_null0", NULL);
	ret = _cmocka_run_group_tests(name, tests, n, group_setup, NULL);
	rte_eal_cleanup();
	return ret;
}
