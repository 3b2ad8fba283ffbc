/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of segmentation (skb_gso_segment) per protocol: GSO skbs of
 * TCPv4, TCPv6 and UDP (IPv4 and IPv6) up to ~64 KB, MSS 1448 and odd sizes,
 * with their payload in the linear part, in frags of page_pool pages or of
 * alloc_page() pages, in a frag_list, or all of these; a VLAN tag, IPv4 and
 * TCP options and a fixed id; zero copy; timestamps; cloned skbs; headers
 * split across the head and a frag; unreadable (device memory) payload.
 *
 * Each segment is checked byte for byte against a flat copy of the packet:
 * headers, the right slice of payload, IP/TCP/UDP fields, and checksums
 * verified with an independent routine. Segments are then trimmed,
 * re-headed (pskb_expand_head) and freed; every case ends with no skb,
 * page_pool page or page reference left behind and no API misuse reported
 * (unless the case provokes one on purpose).
 */
#define _GNU_SOURCE
#include "skb_gso_fixture.h"

static uint64_t copied_now(void)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	return st.copied_bytes;
}

#define TCP_ECE	0x40

static const netdev_features_t feature_sets[] = {
	0,					/* copy + software checksum */
	NETIF_F_SG,				/* share + software checksum */
	NETIF_F_SG | NETIF_F_HW_CSUM,		/* share + offload */
	NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM,
	NETIF_F_HW_CSUM,			/* copy + offload */
};

static void run_matrix(struct spec s)
{
	static const unsigned int sizes[][2] = {
		{ 45 * MSS, MSS },	/* 65160: ~64 KB, all full */
		{ 63001, MSS },		/* last segment short, odd */
		{ MSS + 1, MSS },	/* two, the last one byte */
		{ 4097, 999 },		/* odd MSS */
	};

	for (unsigned int z = 0; z < RTE_DIM(sizes); z++) {
		s.payload = sizes[z][0];
		s.mss = sizes[z][1];
		for (int lay = 0; lay < L_NR; lay++)
			for (unsigned int fi = 0; fi < RTE_DIM(feature_sets); fi++) {
				s.partial_csum = (fi + (unsigned int)lay) % 2;
				run_one(&s, (enum layout)lay, feature_sets[fi]);
			}
	}
}

/* ---------------------------------------------------------------------- */
/* GSO                                                                    */
/* ---------------------------------------------------------------------- */

static void test_gso_tcp4(void **state)
{
	struct spec s = { .flags = TCP_ACK | TCP_PSH | TCP_FIN | TCP_CWR | TCP_ECE };

	(void)state;
	run_matrix(s);
}

static void test_gso_tcp6(void **state)
{
	struct spec s = { .v6 = true, .flags = TCP_ACK | TCP_PSH | TCP_CWR,
			  .extra_type = SKB_GSO_TCP_ECN };

	(void)state;
	run_matrix(s);
}

static void test_gso_udp4(void **state)
{
	struct spec s = { .udp = true };

	(void)state;
	run_matrix(s);
}

static void test_gso_udp6(void **state)
{
	struct spec s = { .udp = true, .v6 = true, .vlan = true };

	(void)state;
	run_matrix(s);
}

/* VLAN tag, IPv4 and TCP options, a fixed id (DF set, then clear). */
static void test_gso_options_vlan_fixedid(void **state)
{
	struct spec s = { .vlan = true, .ipopt = 12, .tcpopt = 12, .df = true,
			  .flags = TCP_ACK | TCP_PSH, .payload = 30001, .mss = 1400,
			  .extra_type = SKB_GSO_TCP_FIXEDID };

	(void)state;
	for (int lay = 0; lay < L_NR; lay++) {
		run_one(&s, (enum layout)lay, NETIF_F_SG | NETIF_F_HW_CSUM);
		run_one(&s, (enum layout)lay, NETIF_F_SG);
	}
	/* Without DF, as the current kernel (6.18, since "net: gro: remove
	 * unnecessary df checks", 2025): segmented, every segment keeping the
	 * id (the running kernel does it for a GRO-built skb of same-id DF-clear
	 * segments); older kernels refused it with -EINVAL. */
	s.df = false;
	for (int lay = 0; lay < L_NR; lay++) {
		run_one(&s, (enum layout)lay, NETIF_F_SG | NETIF_F_HW_CSUM);
		run_one(&s, (enum layout)lay, NETIF_F_SG);
	}
}

/* With SG and checksum offload, frags are shared: nothing is copied but
 * the linear payload bytes; the page_pool pages gain references. */
static void test_gso_zero_copy(void **state)
{
	struct spec s = { .flags = TCP_ACK, .payload = 45 * MSS, .mss = MSS };
	struct sk_buff *skb, *segs;
	struct pkt p;
	uint64_t c0;
	struct page *pg;
	long refs;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_PP);
	pg = skb_frag_page(&skb_shinfo(skb)->frags[1]);
	refs = *netmem_get_pp_ref_count_ref(page_to_netmem(pg));
	c0 = copied_now();
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	assert_int_equal(copied_now() - c0, 0);
	/* Frag 1 (~4 KB) is shared by 3 or 4 segments. */
	assert_true(*netmem_get_pp_ref_count_ref(page_to_netmem(pg)) >= refs + 3);
	consume_skb(skb);	/* the segments keep the pages alive */
	{
		struct expect ex = { .nsegs = 45 };

		/* check_segs resolves the checksums in software: reads the pages. */
		check_segs(&p, segs, NETIF_F_SG | NETIF_F_HW_CSUM, &ex);
	}
	pkt_free(&p);
}

/* A timestamp request goes to the segment that carries tskey (TCP) or to
 * the first one (UDP), as the kernel's tcp_gso_tstamp(). */
static void test_gso_tstamp(void **state)
{
	(void)state;
	for (int udp = 0; udp < 2; udp++) {
		struct spec s = { .udp = udp, .flags = TCP_ACK, .payload = 10 * MSS, .mss = MSS };
		unsigned int want = udp ? 0 : 3, k = 0;
		struct sk_buff *skb, *segs, *seg;
		struct expect ex = { .nsegs = 10 };
		struct pkt p;

		pkt_make(&p, &s);
		skb = pkt_skb(&p, L_PP);
		skb_shinfo(skb)->tx_flags = SKBTX_SW_TSTAMP;
		/* A byte of the fourth segment (the sequence wraps on the way). */
		skb_shinfo(skb)->tskey = 0xffffe000u + 3 * MSS + 5;
		segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
		assert_false(IS_ERR_OR_NULL(segs));
		for (seg = segs; seg; seg = seg->next, k++) {
			bool has = skb_shinfo(seg)->tx_flags & SKBTX_SW_TSTAMP;

			assert_int_equal(has, k == want);
			if (has)
				assert_int_equal(skb_shinfo(seg)->tskey, 0xffffe000u + 3 * MSS + 5);
		}
		check_segs(&p, segs, NETIF_F_SG | NETIF_F_HW_CSUM, &ex);
		consume_skb(skb);
		pkt_free(&p);
	}
}

/* A cloned skb without CHECKSUM_PARTIAL: its header is made private before
 * the pseudo-header is written; the clone's bytes stay as they were. */
static void test_gso_cloned(void **state)
{
	struct spec s = { .v6 = true, .flags = TCP_ACK, .payload = 20000, .mss = MSS };
	struct sk_buff *skb, *clone, *segs;
	struct expect ex = { .nsegs = div_up(20000, MSS) };
	struct pkt p;
	uint8_t *b;

	(void)state;
	pkt_make(&p, &s);
	skb = pkt_skb(&p, L_MIXED);
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	segs = skb_gso_segment(clone, NETIF_F_SG);
	b = seg_bytes(skb);
	assert_memory_equal(b, p.buf, p.len);
	free(b);
	check_segs(&p, segs, NETIF_F_SG, &ex);
	consume_skb(clone);
	consume_skb(skb);
	pages_check_and_put();
	pkt_free(&p);
}

/* Headers split across the head and a frag: pulled, then segmented. */
static void test_gso_headers_in_frags(void **state)
{
	struct spec s = { .flags = TCP_ACK, .ipopt = 8, .payload = 9000, .mss = 1000 };
	struct sk_buff *skb, *segs;
	struct expect ex = { .nsegs = 9 };
	struct pkt p;

	(void)state;
	pkt_make(&p, &s);
	skb = linear_skb(p.buf, 20, HEADROOM);
	assert_int_equal(add_frags(skb, p.buf + 20, p.len - 20, true, MAX_SKB_FRAGS),
			 p.len - 20);
	skb_reset_mac_header(skb);
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_IP_CSUM);
	check_segs(&p, segs, NETIF_F_SG | NETIF_F_IP_CSUM, &ex);
	consume_skb(skb);
	pkt_free(&p);
}

/* ---------------------------------------------------------------------- */
/* Unreadable (device memory) payload                                     */
/* ---------------------------------------------------------------------- */

struct dm {
	void *addr;
	size_t len;
	int released;
	struct net_devmem_dmabuf_binding *b;
	struct page_pool *pool;
};

static void dm_release(void *addr, size_t len, void *arg)
{
	struct dm *d = arg;

	munmap(addr, len);
	__atomic_fetch_add(&d->released, 1, __ATOMIC_RELEASE);
}

static void dm_init(struct dm *d, size_t npages)
{
	struct net_devmem_region_params rp;
	struct page_pool_params pp_params;
	int fd = memfd_create("nm_test_gso", MFD_CLOEXEC);

	memset(d, 0, sizeof(*d));
	assert_true(fd >= 0);
	d->len = npages * PAGE_SIZE;
	assert_int_equal(ftruncate(fd, (off_t)d->len), 0);
	d->addr = mmap(NULL, d->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(d->addr != MAP_FAILED);
	close(fd);
	memset(d->addr, 0xa5, d->len);
	memset(&rp, 0, sizeof(rp));
	rp.addr = d->addr;
	rp.len = d->len;
	rp.pg_sz = PAGE_SIZE;
	rp.release = dm_release;
	rp.release_arg = d;
	d->b = net_devmem_bind(&rp);
	assert_false(IS_ERR_OR_NULL(d->b));
	memset(&pp_params, 0, sizeof(pp_params));
	pp_params.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp_params.pool_size = 64;
	pp_params.nid = NUMA_NO_NODE;
	pp_params.dev = PP_DEV_NONE;
	pp_params.lcore = rte_lcore_id();
	pp_params.mp_ops = &dmabuf_devmem_ops;
	pp_params.mp_priv = d->b;
	pp_params.name = "t_gso_dm";
	d->pool = page_pool_create(&pp_params);
	assert_false(IS_ERR_OR_NULL(d->pool));
}

static void dm_fini(struct dm *d)
{
	assert_int_equal(page_pool_inflight(d->pool), 0);
	page_pool_destroy(d->pool);
	net_devmem_unbind(d->b);
	for (int i = 0; i < 5000 && !__atomic_load_n(&d->released, __ATOMIC_ACQUIRE); i++) {
		nm_page_pool_reap();
		usleep(1000);
	}
	assert_int_equal(d->released, 1);
}

/* Headers in the head, the payload in net_iovs. */
static struct sk_buff *dm_skb(struct dm *d, const struct pkt *p)
{
	struct sk_buff *skb = linear_skb(p->buf, p->hdr, HEADROOM);
	unsigned int left = p->s.payload;

	for (int i = 0; left; i++) {
		netmem_ref nm = page_pool_dev_alloc_netmems(d->pool);
		unsigned int n = RTE_MIN(left, (unsigned int)PAGE_SIZE - 3);

		assert_false(netmem_is_null(nm));
		assert_true(netmem_is_net_iov(nm));
		skb_add_rx_frag_netmem(skb, i, nm, 3, (int)n, PAGE_SIZE);
		left -= n;
	}
	skb_mark_for_recycle(skb);
	skb_reset_mac_header(skb);
	skb_shinfo(skb)->gso_size = (unsigned short)p->s.mss;
	skb_shinfo(skb)->gso_type = p->s.v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	/* CHECKSUM_PARTIAL, pseudo-header in place (the payload is not read). */
	put16(skb->data + p->thoff + 16,
	      ref_fold(ref_pseudo(p->buf + p->nhoff, p->s.v6, p->len - p->thoff, 6)));
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + p->thoff);
	skb->csum_offset = 16;
	assert_true(skb->unreadable);
	return skb;
}

static void test_unreadable(void **state)
{
	struct spec s = { .flags = TCP_ACK | TCP_PSH, .payload = 20000, .mss = MSS,
			  .partial_csum = true };
	struct sk_buff *skb, *segs, *seg, *next;
	long refs0, niov_refs0;
	netmem_ref niov;
	uint8_t hdr[128];
	struct pkt p;
	struct dm d;
	int n = 0;

	(void)state;
	dm_init(&d, 32);
	pkt_make(&p, &s);
	skb = dm_skb(&d, &p);
	refs0 = net_devmem_binding_refcnt(d.b);
	niov = skb_frag_netmem(&skb_shinfo(skb)->frags[1]);
	niov_refs0 = *netmem_get_pp_ref_count_ref(niov);
	memcpy(hdr, skb->data, p.hdr);

	/* Software checksum or copy: refused, nothing touched. */
	assert_ptr_equal(skb_gso_segment(skb, NETIF_F_SG), ERR_PTR(-EIO));
	assert_ptr_equal(skb_gso_segment(skb, NETIF_F_HW_CSUM), ERR_PTR(-EIO));
	assert_memory_equal(skb->data, hdr, p.hdr);
	assert_int_equal(net_devmem_binding_refcnt(d.b), refs0);
	assert_int_equal(*netmem_get_pp_ref_count_ref(niov), niov_refs0);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	assert_int_equal(skb_checksum_help(skb), -EFAULT);	/* unreadable, as the kernel */
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_memory_equal(skb->data, hdr, p.hdr);
	/* A checksum over it is misuse, reported, 0. */
	assert_int_equal(skb_checksum(skb, 0, (int)skb->len, 0), 0);
	assert_int_equal(nm_misuse_count() - case_misuse0, 1);
	case_misuse0 = nm_misuse_count();
	/* Its readable head may be summed. */
	assert_int_equal(lib_fold_be(skb_checksum(skb, 0, (int)p.hdr, 0)),
			 (uint16_t)~ref_fold(ref_sum(hdr, p.hdr, 0)));
	skb_shinfo(skb)->gso_size = MSS;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;

	/* Sharing with checksum offload: fine, the payload is never read. */
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	for (seg = segs; seg; seg = seg->next, n++) {
		uint8_t b[128];
		uint16_t ph;

		assert_true(seg->unreadable);
		assert_int_equal(seg->ip_summed, CHECKSUM_PARTIAL);
		assert_int_equal(skb_headlen(seg), p.hdr);
		memcpy(b, seg->data, p.hdr);
		assert_int_equal(be32(b + p.thoff + 4), (uint32_t)(0xffffe000u + (unsigned int)n * MSS));
		assert_int_equal(ref_fold(ref_sum(b + p.nhoff, 20, 0)), 0xffff);
		ph = ref_fold(ref_pseudo(b + p.nhoff, false, seg->len - p.thoff, 6));
		assert_int_equal(be16(b + p.thoff + 16), ph);
		/* Software checksum of a segment: -EFAULT, untouched. */
		assert_int_equal(skb_checksum_help(seg), -EFAULT);
		assert_memory_equal(seg->data, b, p.hdr);
	}
	assert_int_equal(n, (int)div_up(20000, MSS));
	/* The segments share the net_iovs: pp references, taken per frag as
	 * the memory asks (a page_pool's net_iov), the binding untouched. */
	assert_true(*netmem_get_pp_ref_count_ref(niov) >= niov_refs0 + 2);
	assert_int_equal(net_devmem_binding_refcnt(d.b), refs0);
	consume_skb(skb);
	for (seg = segs; seg; seg = next) {
		next = seg->next;
		kfree_skb(seg);
	}
	assert_int_equal(net_devmem_binding_refcnt(d.b), refs0);
	pkt_free(&p);
	dm_fini(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gso_tcp4, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_tcp6, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_udp4, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_udp6, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_options_vlan_fixedid, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_zero_copy, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_tstamp, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_cloned, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_gso_headers_in_frags, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, skb_case_setup, case_teardown),
	};

	return skb_gso_run("skb_gso_proto", tests, sizeof(tests) / sizeof(tests[0]));
}

