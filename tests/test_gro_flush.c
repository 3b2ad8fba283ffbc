/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of GRO (lib/gro, <netmem/gro.h>) around the merge: flushes
 * by age and by a full bucket, checksum states, pp_recycle mixing, GRO
 * disabled and other protocols, unreadable frames, and a randomized round
 * trip (fixed seed) with normal and with fraglist GRO.
 *
 * Each case checks the merged skb's layout and that skb_gso_segment() on
 * every delivered skb gives back the input frames byte for byte; every case
 * ends with no skb, page_pool page or misuse left over.
 */
#define _GNU_SOURCE
#include "gro_fixture.h"

/* ---- flushes, buckets, memory kinds, checksum states ------------------------------------- */

static void test_flush_by_age(void **state)
{
	struct fspec f = fs_default(), g = fs_default();

	(void)state;
	g.sport = 3000;
	feed_train(&f, 2);
	gro_flush(&gro, true);			/* held this tick: kept */
	assert_int_equal(gro_held_count(&gro), 1);
	gro_tick(&gro);
	feed_train(&g, 2);
	gro_flush(&gro, true);			/* f is older: completed */
	assert_int_equal(gro_held_count(&gro), 1);
	gro_normal_list(&gro);
	assert_int_equal(skb_queue_len(&delivered), 1);
	assert_int_equal(rte_be_to_cpu_16(*(uint16_t *)skb_transport_header(g_out(0))), 1000);
	g_flush_all();
	assert_int_equal(gro.bitmask, 0);
	g_round_trip();
}

static void test_bucket_full(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < MAX_GRO_SKBS + 1; i++) {
		struct fspec f = fs_default();

		f.sport = (uint16_t)(4000 + i);
		f.hash = 3;			/* one bucket for all */
		assert_int_equal(feed(&f), GRO_HELD);
	}
	assert_int_equal(gro_held_count(&gro), MAX_GRO_SKBS);
	assert_int_equal(gro.bitmask, 1u << 3);
	assert_int_equal(gro.stat_flush_full, 1);
	gro_normal_list(&gro);
	assert_int_equal(skb_queue_len(&delivered), 1);	/* the oldest */
	assert_int_equal(be16(skb_transport_header(g_out(0))), 4000);
	g_flush_all();
	g_round_trip();
}

static void test_checksum_states(void **state)
{
	static const uint8_t modes[] = { CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE, CHECKSUM_NONE };

	(void)state;
	for (int v6 = 0; v6 < 2; v6++)
		for (unsigned int m = 0; m < 3; m++) {
			struct fspec f = fs_default();

			f.v6 = v6;
			f.csum_mode = modes[m];
			feed_train(&f, 3);
			g_flush_all();
			assert_int_equal(skb_queue_len(&delivered), 1);
			check_tcp_gso(g_out(0), 3, 1448, v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4);
			g_round_trip();
		}
	/* CHECKSUM_COMPLETE with a wrong sum: checked in software, passed on */
	{
		struct fspec f = fs_default();

		f.csum_mode = CHECKSUM_COMPLETE;
		feed_train(&f, 1);
		f.bad_csum = true;
		assert_int_equal(feed(&f), GRO_NORMAL);
		assert_int_equal(gro_held_count(&gro), 1);	/* left alone */
		g_flush_all();
		assert_int_equal(g_out(0)->ip_summed, CHECKSUM_COMPLETE);
		g_any_order = true;
		g_round_trip();
	}
}

static void test_pp_recycle_apart(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	feed_train(&f, 1);
	/* an skb whose memory is not page_pool's: never merged with one that is */
	skb = build_rx(&f, gins[nr_gin].bytes, &gins[nr_gin].len);
	gins[nr_gin++].flow = f.sport;
	skb->pp_recycle = 0;
	/* its head stays a pp page: give the reference back on free */
	assert_int_equal(gro_receive_skb(&gro, skb), GRO_HELD);
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 2);
	skb = g_out(1);
	skb->pp_recycle = 1;
	g_round_trip();
}

static void test_disabled_and_other_protocols(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb;

	(void)state;
	gro.enabled = false;
	assert_int_equal(feed(&f), GRO_NORMAL);
	gro.enabled = true;
	/* ARP: not for GRO */
	skb = build_rx(&f, NULL, NULL);
	skb->protocol = rte_cpu_to_be_16(0x0806);
	assert_int_equal(gro_receive_skb(&gro, skb), GRO_NORMAL);
	assert_int_equal(skb_queue_len(&gro.rx_list), 2);
	gro_normal_list(&gro);
	assert_int_equal(skb_queue_len(&delivered), 2);
	skb = __skb_dequeue_tail(&delivered);
	consume_skb(skb);
	g_round_trip();
	/* a clone (its data shared) is passed on, and ends its flow's train */
	{
		struct sk_buff *c;

		feed_train(&f, 2);
		skb = build_rx(&f, gins[nr_gin].bytes, &gins[nr_gin].len);
		gins[nr_gin++].flow = f.sport;
		f.seq += 1448; f.pay_off += 1448; f.id++;
		c = skb_clone(skb, GFP_ATOMIC);
		assert_non_null(c);
		assert_int_equal(gro_receive_skb(&gro, skb), GRO_NORMAL);
		assert_int_equal(gro_held_count(&gro), 0);
		assert_int_equal(skb_queue_len(&gro.rx_list), 2);
		consume_skb(c);
		g_flush_all();
		check_tcp_gso(g_out(0), 2, 1448, SKB_GSO_TCPV4);
		g_round_trip();
	}
	/* gro_normal_one batching: normal_batch segments go at once */
	gro.normal_batch = 2;
	f.flags |= TH_SYN;
	feed(&f);
	assert_int_equal(skb_queue_len(&delivered), 0);
	feed(&f);
	assert_int_equal(skb_queue_len(&delivered), 2);
	g_round_trip();
}

/* ---- device memory (net_iov payload) ---------------------------------------------------- */

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
	int fd = memfd_create("nm_test_gro", MFD_CLOEXEC);

	memset(d, 0, sizeof(*d));
	assert_true(fd >= 0);
	d->len = npages * PAGE_SIZE;
	assert_int_equal(ftruncate(fd, (off_t)d->len), 0);
	d->addr = mmap(NULL, d->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(d->addr != MAP_FAILED);
	close(fd);
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
	pp_params.name = "t_gro_dm";
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

/* A header-split RX skb whose payload is a net_iov (device memory). */
static struct sk_buff *dm_rx(struct dm *d, const struct fspec *f, netmem_ref *niov)
{
	uint8_t frame[G_MAXFRAME];
	unsigned int len = build_frame(f, frame), hl = len - f->pay;
	struct sk_buff *skb = napi_alloc_skb(NULL, 256);

	assert_non_null(skb);
	*niov = page_pool_dev_alloc_netmems(d->pool);
	assert_true(netmem_is_net_iov(*niov));
	memcpy(skb_put(skb, hl), frame, hl);
	skb_add_rx_frag_netmem(skb, 0, *niov, 0, (int)f->pay, PAGE_SIZE);
	skb_mark_for_recycle(skb);
	skb->protocol = eth_type_trans(skb, &gdev);
	skb->ip_summed = f->csum_mode;
	assert_true(skb->unreadable);
	memcpy(gins[nr_gin].bytes, frame, len);
	gins[nr_gin].len = len;
	gins[nr_gin++].flow = f->sport;
	return skb;
}

static void test_unreadable(void **state)
{
	struct fspec f = fs_default();
	struct sk_buff *skb, *segs, *seg, *next;
	netmem_ref niov[3];
	unsigned int hl = 14 + 20 + 32, n = 0;
	struct dm d;

	(void)state;
	dm_init(&d, 16);
	f.csum_mode = CHECKSUM_UNNECESSARY;	/* the device checked it */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(gro_receive_skb(&gro, dm_rx(&d, &f, &niov[i])),
				 i ? GRO_MERGED_FREE : GRO_HELD);
		f.seq += 1448; f.pay_off += 1448; f.id++;
	}
	/* readable payload of the same flow: never merged with device memory */
	f.split = true;
	assert_int_equal(feed(&f), GRO_HELD);
	f.seq += 1448; f.pay_off += 1448; f.id++;
	/* device memory not checked by the device: GRO cannot read it */
	{
		netmem_ref nv;

		f.csum_mode = CHECKSUM_NONE;
		assert_int_equal(gro_receive_skb(&gro, dm_rx(&d, &f, &nv)), GRO_NORMAL);
	}
	g_flush_all();
	assert_int_equal(skb_queue_len(&delivered), 3);
	/* no software checksum was tried on device memory */
	assert_int_equal(nm_misuse_count(), case_misuse0);

	skb = __skb_dequeue(&delivered);
	assert_true(skb->unreadable);
	assert_int_equal(skb_headlen(skb), hl - 14);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 3);
	for (int i = 0; i < 3; i++)
		assert_true(netmem_eq(skb_frag_netmem(&skb_shinfo(skb)->frags[i]), niov[i]));
	check_tcp_gso(skb, 3, 1448, SKB_GSO_TCPV4);
	/* GSO with checksum offload never reads the payload: each segment has
	 * the input's headers (but the offloaded TCP check) and its net_iov */
	skb_push(skb, 14);
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	assert_false(IS_ERR_OR_NULL(segs));
	for (seg = segs; seg; seg = next, n++) {
		next = seg->next;
		assert_true(seg->unreadable);
		assert_int_equal(seg->len, gins[n].len);
		assert_int_equal(skb_headlen(seg), hl);
		assert_memory_equal(seg->data, gins[n].bytes, hl - 16);
		assert_memory_equal(seg->data + hl - 14, gins[n].bytes + hl - 14, 14);
		assert_int_equal(skb_shinfo(seg)->nr_frags, 1);
		assert_true(netmem_eq(skb_frag_netmem(&skb_shinfo(seg)->frags[0]), niov[n]));
		kfree_skb(seg);
	}
	assert_int_equal(n, 3);
	consume_skb(skb);
	/* then the unchecked device-memory one, passed on */
	skb = __skb_dequeue(&delivered);
	assert_true(skb->unreadable);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(skb_shinfo(skb)->gso_size, 0);
	consume_skb(skb);
	/* last the readable one, held until the flush */
	skb = g_out(0);
	assert_false(skb->unreadable);
	assert_int_equal(skb_shinfo(skb)->gso_size, 0);
	assert_int_equal(be32(skb_transport_header(skb) + 4), 100000 + 3 * 1448);
	assert_int_equal(skb->ip_summed, CHECKSUM_UNNECESSARY);
	__skb_queue_purge(&delivered);
	nr_gin = 0;
	dm_fini(&d);
}

/* ---- randomized round trip ---------------------------------------------------------------- */

/* Random trains of up to 6 flows (TCP/UDP, IPv4/IPv6 with and without
 * extension headers, VLAN, frame layouts, checksum states) through a node
 * of @flags: everything delivered segments back to the input. */
static void random_round_trip(unsigned int flags, unsigned int seed)
{
	srand(seed);
	gro.flags = flags;
	for (int iter = 0; iter < 60; iter++) {
		struct fspec fl[6];
		unsigned int nfl = 1 + (unsigned int)rand() % 6;
		unsigned int left[6];

		for (unsigned int k = 0; k < nfl; k++) {
			fl[k] = fs_default();
			fl[k].sport = (uint16_t)(5000 + k);
			fl[k].v6 = rand() & 1;
			if (fl[k].v6 && (rand() % 3) == 0) {
				/* hop-by-hop and/or destination options */
				fl[k].next = 1 + (unsigned int)rand() % 2;
				fl[k].ext[0] = fl[k].next == 2 ? 0 : 60;
				fl[k].ext[1] = 60;
				fl[k].extval = (uint8_t)rand();
			}
			fl[k].udp = (rand() % 4) == 0;
			fl[k].vlan = (rand() % 5) == 0;
			fl[k].split = rand() & 1;
			fl[k].csum_mode = (uint8_t)(rand() % 3);
			fl[k].pay = 100 + (unsigned int)rand() % 1349;
			fl[k].tcpopt = (unsigned int)(rand() % 3) * 4;
			fl[k].hash = (uint32_t)rand();
			fl[k].seq = (uint32_t)rand();
			fl[k].id = (uint16_t)rand();
			left[k] = 1 + (unsigned int)rand() % 30;
		}
		for (;;) {
			unsigned int k = (unsigned int)rand() % nfl, any = 0;
			struct fspec *f;

			for (unsigned int j = 0; j < nfl; j++)
				any += left[j];
			if (!any || nr_gin >= G_MAXIN - 1)
				break;
			if (!left[k])
				continue;
			f = &fl[k];
			left[k]--;
			/* now and then a short segment, a PSH, a flush */
			{
				unsigned int pay = f->pay;
				int r = rand() % 20;

				if (r == 0)
					f->pay = pay / 2;
				if (r == 1 && !f->udp)
					f->flags |= TH_PSH;
				feed(f);
				if (!f->udp)
					f->seq += f->pay;
				f->pay_off += f->pay;
				f->id++;
				f->pay = pay;
				f->flags = TH_ACK;
				if (r == 2)
					gro_flush(&gro, false);
				if (r == 3)
					gro_tick(&gro);
				if (r == 4)
					gro_flush(&gro, true);
			}
		}
		g_flush_all();
		/* every merged skb is of the node's mode */
		for (unsigned int i = 0; g_out(i) != NULL; i++) {
			const struct sk_buff *skb = g_out(i);

			if (skb_is_gso(skb))
				assert_int_equal(!!(skb_shinfo(skb)->gso_type & SKB_GSO_FRAGLIST),
						 !!(flags & GRO_F_FRAGLIST));
		}
		g_round_trip();
		assert_int_equal(gro.bitmask, 0);
	}
	assert_true(gro.stat_merged > 500);
}

static void test_random_round_trip(void **state)
{
	(void)state;
	random_round_trip(GRO_F_UDP_FWD, 14);
}

/* The same with fraglist GRO: TCP and UDP trains chained whole. */
static void test_random_round_trip_fraglist(void **state)
{
	(void)state;
	random_round_trip(GRO_F_FRAGLIST, 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, case_setup, case_teardown)
		T(test_flush_by_age),
		T(test_bucket_full),
		T(test_checksum_states),
		T(test_pp_recycle_apart),
		T(test_disabled_and_other_protocols),
		T(test_unreadable),
		T(test_random_round_trip),
		T(test_random_round_trip_fraglist),
#undef T
	};

	return gro_run("gro_flush", tests, sizeof(tests) / sizeof(tests[0]));
}

