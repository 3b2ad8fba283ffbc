/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of device memory on ports (lib/port/port_devmem_tx.c), TX from
 * device memory (nm_devmem_tx_skb): its errors, and MSG_ZEROCOPY completion
 * looped back by a net_ring port, into host memory or device memory on RX:
 * the completion comes only once nothing uses the memory any more (TX
 * segments, the received skb, its records).
 *
 * net_ring0 is a loopback: what is sent on queue q is received on queue q.
 * net_null0 is a port set up without header split. Regions are memfd memory
 * the test owns, so it reads the payload directly at a record's offset.
 */
#define _GNU_SOURCE
#include "port_devmem_fixture.h"

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
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 32 * PAGE_SIZE, 0xee);
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
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 32 * PAGE_SIZE, 0xee);
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
	struct net_devmem_dmabuf_binding *bt = region_bind(&rt, 16 * PAGE_SIZE, 0xee);
	struct net_devmem_dmabuf_binding *br = region_bind(&rr, 16 * PAGE_SIZE, 0xee);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tx_errors, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_loopback, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_to_devmem_rx, case_setup, case_teardown),
	};

	return port_devmem_run("port_devmem_tx", tests, sizeof(tests) / sizeof(tests[0]));
}

