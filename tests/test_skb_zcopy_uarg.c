/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the MSG_ZEROCOPY model, ubuf_info_msgzc attached to skbs
 * (msg_zerocopy_alloc, msg_zerocopy_realloc, skb_zcopy_set): completion when
 * the last data reference goes, have_ref, realloc extending the tail skb's
 * uarg and its limits, clones sharing the uarg, the "copied" flag, aborted
 * sends, and the whole model.
 *
 * Every case checks that no API misuse was reported and that every skb it
 * made was freed.
 */
#include "skb_zcopy_fixture.h"

/* Appends more payload of @m to @skb (a later send into the same skb). */
static void zc_skb_append(struct sk_buff *skb, struct app_mem *m, size_t off, size_t size)
{
	int nr = skb_shinfo(skb)->nr_frags;

	while (size > 0) {
		size_t pg = off / PAGE_SIZE, poff = off % PAGE_SIZE;
		size_t chunk = PAGE_SIZE - poff;

		if (chunk > size)
			chunk = size;
		skb_fill_page_desc(skb, nr, &m->pages[pg], (int)poff, (int)chunk);
		skb_frag_ref(skb, nr);
		skb->len += (unsigned int)chunk;
		skb->data_len += (unsigned int)chunk;
		nr++;
		off += chunk;
		size -= chunk;
	}
}

/* A send that completes at once: the id it took is reported alone. */
static uint32_t probe_id(struct nm_zc_queue *q)
{
	struct ubuf_info *u = msg_zerocopy_alloc(q, 1);
	struct nm_zc_notification n[4];

	assert_non_null(u);
	net_zcopy_put(u);
	assert_int_equal(poll_all(q, n, 4), 1);
	assert_int_equal(n[0].lo, n[0].hi);
	return n[0].lo;
}

/* One send, one skb: notified when the skb's data goes, not before. */
static void test_single_send(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct app_mem m;
	struct sk_buff *skb;
	struct ubuf_info *uarg;

	(void)state;
	assert_non_null(q);
	app_mem_init(&m, NPAGES);
	skb = zc_skb(&m, 0, 3000);
	uarg = msg_zerocopy_alloc(q, 3000);
	assert_non_null(uarg);
	assert_int_equal(uarg->refcnt, 1);
	assert_true(uarg->flags & SKBFL_ZEROCOPY_FRAG);
	assert_true(uarg->flags & SKBFL_DONT_ORPHAN);
	skb_zcopy_set(skb, uarg, NULL);
	assert_int_equal(uarg->refcnt, 2);
	assert_ptr_equal(skb_zcopy(skb), uarg);
	assert_true(skb_shinfo(skb)->flags & SKBFL_ZEROCOPY_ENABLE);
	assert_true(skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG);
	/* a second set on the same skb does nothing */
	skb_zcopy_set(skb, uarg, NULL);
	assert_int_equal(uarg->refcnt, 2);

	net_zcopy_put(uarg);		/* the sender is done */
	expect_empty(q);
	kfree_skb(skb);
	expect_one(q, 0, 0, false);
	expect_empty(q);
	assert_int_equal(owner_refs(&m), 1);

	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* skb_zcopy_set with have_ref: the caller's reference moves into the skb. */
static void test_have_ref(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);
	struct ubuf_info *uarg = msg_zerocopy_alloc(q, 100);
	bool have_ref = true;

	(void)state;
	assert_non_null(skb);
	assert_non_null(uarg);
	skb_zcopy_set(skb, uarg, &have_ref);
	assert_false(have_ref);
	assert_int_equal(uarg->refcnt, 1);
	expect_empty(q);
	consume_skb(skb);
	expect_one(q, 0, 0, false);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* realloc extends the tail skb's uarg while its ids are the last ones. */
static void test_realloc_extends(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct app_mem m;
	struct sk_buff *skb, *skb2;
	struct ubuf_info *u0, *u1, *u2, *u3;

	(void)state;
	app_mem_init(&m, NPAGES);
	/* three sends into one skb: ids 0..2 in one uarg */
	skb = zc_skb(&m, 0, 1000);
	u0 = zc_send(q, skb, 1000);
	zc_skb_append(skb, &m, 1000, 1000);
	u1 = zc_send(q, skb, 1000);
	zc_skb_append(skb, &m, 2000, 1000);
	u2 = zc_send(q, skb, 1000);
	assert_ptr_equal(u0, u1);
	assert_ptr_equal(u0, u2);
	assert_int_equal(u0->refcnt, 1);	/* only the skb's */
	assert_int_equal(owner_refs(&m), 1 + 3);

	/* a send on a new skb takes id 3 with a new uarg */
	skb2 = zc_skb(&m, 8192, 500);
	u3 = msg_zerocopy_realloc(q, 500, NULL);
	assert_ptr_not_equal(u3, u0);
	skb_zcopy_set(skb2, u3, NULL);
	net_zcopy_put(u3);

	/* u0 no longer ends at the next id: realloc gives a new uarg (id 4) */
	{
		struct ubuf_info *u4 = msg_zerocopy_realloc(q, 10, u0);

		assert_ptr_not_equal(u4, u0);
		assert_ptr_not_equal(u4, u3);
		net_zcopy_put(u4);	/* id 4 done at once */
	}
	expect_one(q, 4, 4, false);

	kfree_skb(skb);
	expect_one(q, 0, 2, false);
	kfree_skb(skb2);
	expect_one(q, 3, 3, false);
	assert_int_equal(probe_id(q), 5);

	assert_int_equal(owner_refs(&m), 1);
	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* realloc refuses to grow past 32-bit byte counts, or a uarg of another
 * queue, or another kind of ubuf_info: a new uarg instead. */
static void test_realloc_limits(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct nm_zc_queue *q2 = nm_zc_queue_create(16);
	struct ubuf_info *u, *v, *w;

	(void)state;
	u = msg_zerocopy_alloc(q, (size_t)UINT32_MAX - 10);
	assert_non_null(u);
	v = msg_zerocopy_realloc(q, 11, u);	/* 2^32 + 0: too many bytes */
	assert_ptr_not_equal(v, u);
	net_zcopy_put(v);			/* id 1 */
	net_zcopy_put(u);			/* id 0 */
	assert_int_equal(poll_all(q, (struct nm_zc_notification[4]){ 0 }, 4), 2);

	u = msg_zerocopy_alloc(q, (size_t)UINT32_MAX - 10);	/* id 2 */
	v = msg_zerocopy_realloc(q, 10, u);	/* exactly UINT32_MAX: fits */
	assert_ptr_equal(v, u);
	net_zcopy_put(v);
	/* a uarg of another queue is never extended */
	w = msg_zerocopy_realloc(q2, 1, u);
	assert_ptr_not_equal(w, u);
	net_zcopy_put(w);
	expect_one(q2, 0, 0, false);
	net_zcopy_put(u);
	expect_one(q, 2, 3, false);

	/* a size that does not fit in 32 bits cannot be sent */
	if (sizeof(size_t) > 4)
		assert_null(msg_zerocopy_alloc(q, (size_t)UINT32_MAX + 1));
	assert_int_equal(probe_id(q), 4);

	/* len is bounded: a uarg never covers more than 65534 sends */
	u = msg_zerocopy_alloc(q, 0);		/* id 5 */
	for (int i = 1; i < UINT16_MAX - 1; i++) {
		v = msg_zerocopy_realloc(q, 0, u);
		assert_ptr_equal(v, u);
		net_zcopy_put(v);
	}
	v = msg_zerocopy_realloc(q, 0, u);
	assert_ptr_not_equal(v, u);
	net_zcopy_put(v);			/* id 5 + 65534 */
	net_zcopy_put(u);
	{
		struct nm_zc_notification n[4];

		assert_int_equal(poll_all(q, n, 4), 2);
		expect_note(n[0], 5 + UINT16_MAX - 1, 5 + UINT16_MAX - 1, false);
		expect_note(n[1], 5, 5 + UINT16_MAX - 2, false);
	}
	nm_zc_queue_free(q2);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* Clones share the uarg: notified only when the last data reference goes;
 * the fast clone and a second clone alike. */
static void test_clone_shares_uarg(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct app_mem m;
	struct sk_buff *skb, *c1, *c2;
	struct ubuf_info *uarg;

	(void)state;
	app_mem_init(&m, NPAGES);

	/* original freed first, then the clone */
	skb = zc_skb(&m, 0, 5000);
	uarg = zc_send(q, skb, 5000);
	c1 = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c1);
	assert_ptr_equal(skb_zcopy(c1), uarg);
	assert_int_equal(uarg->refcnt, 1);	/* shared through dataref */
	assert_int_equal(owner_refs(&m), 1 + 2);
	kfree_skb(skb);
	expect_empty(q);
	assert_int_equal(owner_refs(&m), 1 + 2);
	kfree_skb(c1);
	expect_one(q, 0, 0, false);
	assert_int_equal(owner_refs(&m), 1);

	/* an fclone: the companion, then a second clone; clone freed first */
	skb = alloc_skb_fclone(128, GFP_ATOMIC);
	assert_non_null(skb);
	skb_fill_page_desc(skb, 0, &m.pages[4], 0, 1500);
	skb_frag_ref(skb, 0);
	skb->len = skb->data_len = 1500;
	uarg = zc_send(q, skb, 1500);
	c1 = skb_clone(skb, GFP_ATOMIC);
	c2 = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c1);
	assert_non_null(c2);
	assert_int_equal(c1->fclone, SKB_FCLONE_CLONE);
	assert_int_equal(c2->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_int_equal(skb_shinfo(skb)->dataref & SKB_DATAREF_MASK, 3);
	kfree_skb(c1);
	kfree_skb(skb);
	expect_empty(q);
	assert_int_equal(owner_refs(&m), 2);
	consume_skb(c2);
	expect_one(q, 1, 1, false);
	assert_int_equal(owner_refs(&m), 1);

	/* skb_get users do not complete either */
	skb = zc_skb(&m, 0, 100);
	zc_send(q, skb, 100);
	skb_get(skb);
	kfree_skb(skb);
	expect_empty(q);
	kfree_skb(skb);
	expect_one(q, 2, 2, false);

	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* The copied flag: set by msg_zerocopy_set_copied() or by a completion
 * with zerocopy_success false; copied and zero-copy ranges never merge. */
static void test_copied(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct app_mem m;
	struct sk_buff *skb[6];
	struct ubuf_info *u;
	struct nm_zc_notification n[8];

	(void)state;
	app_mem_init(&m, NPAGES);
	for (int i = 0; i < 6; i++)
		skb[i] = zc_skb(&m, (size_t)i * 100, 100);
	zc_send(q, skb[0], 100);			/* 0: zero-copy */
	u = zc_send(q, skb[1], 100);			/* 1: copied */
	msg_zerocopy_set_copied(u);
	zc_send(q, skb[2], 100);			/* 2: zero-copy */
	u = zc_send(q, skb[3], 100);			/* 3: copied */
	msg_zerocopy_set_copied(u);
	zc_send(q, skb[4], 100);			/* 4: copied by skb_zcopy_clear(false) */
	zc_send(q, skb[5], 100);			/* 5: copied by skb_zcopy_clear(false) */
	for (int i = 0; i < 4; i++)
		kfree_skb(skb[i]);
	skb_zcopy_clear(skb[4], false);
	assert_null(skb_zcopy(skb[4]));
	assert_false(skb_shinfo(skb[4])->flags & SKBFL_ZEROCOPY_ENABLE);
	skb_zcopy_clear(skb[5], false);
	kfree_skb(skb[4]);
	kfree_skb(skb[5]);
	assert_int_equal(poll_all(q, n, 8), 4);
	expect_note(n[0], 0, 0, false);
	expect_note(n[1], 1, 1, true);
	expect_note(n[2], 2, 2, false);
	expect_note(n[3], 3, 5, true);

	/* one failed completion of a shared uarg marks all its sends copied */
	skb[0] = zc_skb(&m, 0, 100);
	u = zc_send(q, skb[0], 100);			/* 6 */
	zc_skb_append(skb[0], &m, 100, 100);
	zc_send(q, skb[0], 100);			/* 7, same uarg */
	net_zcopy_get(u);
	u->ops->complete(NULL, u, false);
	expect_empty(q);
	kfree_skb(skb[0]);
	expect_one(q, 6, 7, true);

	assert_int_equal(owner_refs(&m), 1);
	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* An abandoned send gives its id back and posts nothing. */
static void test_put_abort(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct app_mem m;
	struct sk_buff *skb;
	struct ubuf_info *u, *v, *w;

	(void)state;
	app_mem_init(&m, NPAGES);

	u = msg_zerocopy_alloc(q, 100);		/* id 0 */
	net_zcopy_put(u);
	u = msg_zerocopy_alloc(q, 100);		/* id 1, abandoned */
	msg_zerocopy_put_abort(u, true);
	u = msg_zerocopy_alloc(q, 100);		/* id 1 again */
	net_zcopy_put(u);
	expect_one(q, 0, 1, false);

	/* an aborted extension: the uarg keeps its earlier sends */
	skb = zc_skb(&m, 0, 100);
	u = zc_send(q, skb, 100);			/* id 2 */
	v = msg_zerocopy_realloc(q, 100, skb_zcopy(skb));	/* id 3 */
	assert_ptr_equal(v, u);
	assert_int_equal(u->refcnt, 2);
	msg_zerocopy_put_abort(v, true);		/* gives 3 back */
	assert_int_equal(u->refcnt, 1);
	expect_empty(q);
	w = msg_zerocopy_alloc(q, 100);		/* id 3 again */
	net_zcopy_put(w);
	expect_one(q, 3, 3, false);
	kfree_skb(skb);
	expect_one(q, 2, 2, false);

	/* abort without the caller's reference: the skbs' references decide */
	skb = zc_skb(&m, 0, 100);
	u = msg_zerocopy_alloc(q, 100);		/* id 4 */
	skb_zcopy_set(skb, u, NULL);
	msg_zerocopy_put_abort(u, false);		/* id 4 given back */
	assert_int_equal(u->refcnt, 2);
	net_zcopy_put(u);
	kfree_skb(skb);				/* nothing to report */
	expect_empty(q);
	assert_int_equal(probe_id(q), 4);

	/* a send that is not the last one cannot give its id back: reported */
	u = msg_zerocopy_alloc(q, 100);		/* id 5 */
	v = msg_zerocopy_alloc(q, 100);		/* id 6 */
	msg_zerocopy_put_abort(u, true);
	expect_one(q, 5, 5, false);
	net_zcopy_put(v);
	expect_one(q, 6, 6, false);
	assert_int_equal(probe_id(q), 7);

	assert_int_equal(owner_refs(&m), 1);
	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* The whole model                                                        */
/* ---------------------------------------------------------------------- */

/*
 * Several sends from one application buffer, with clones (as TCP keeps a
 * clone for retransmission), a pskb_copy() sharing the frags (and the
 * uarg), a full skb_copy() that holds nothing of the sender, completions
 * out of order; the owner's destructor runs exactly once, when the last
 * frag of the last skb goes, after the application dropped its own
 * reference.
 */
static void test_model(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(8);
	struct app_mem m;
	struct sk_buff *s[4], *c[4], *p, *cp;
	struct ubuf_info *u[4];
	struct nm_zc_notification n[8];
	long frags = 0;

	(void)state;
	app_mem_init(&m, NPAGES);
	/* send k: 3 pages' worth starting mid-page (4 frags) */
	for (int k = 0; k < 4; k++) {
		s[k] = zc_skb(&m, (size_t)k * 3 * PAGE_SIZE + 512, 3 * PAGE_SIZE);
		frags += skb_shinfo(s[k])->nr_frags;
		u[k] = zc_send(q, s[k], 3 * PAGE_SIZE);
		c[k] = skb_clone(s[k], GFP_ATOMIC);	/* kept for retransmit */
		assert_non_null(c[k]);
		assert_int_equal(u[k]->refcnt, 1);	/* clones share it */
	}
	assert_int_equal(frags, 16);
	assert_int_equal(owner_refs(&m), 1 + frags);

	/* pskb_copy: a new head sharing the frags: one owner reference per
	 * frag and one reference on the uarg */
	p = pskb_copy(s[1], GFP_ATOMIC);
	assert_non_null(p);
	assert_ptr_equal(skb_zcopy(p), u[1]);
	assert_int_equal(u[1]->refcnt, 2);
	assert_int_equal(skb_shinfo(p)->nr_frags, 4);
	assert_int_equal(owner_refs(&m), 1 + frags + 4);
	/* skb_copy: the bytes are copied, nothing of the sender is held */
	cp = skb_copy(s[2], GFP_ATOMIC);
	assert_non_null(cp);
	assert_null(skb_zcopy(cp));
	assert_int_equal(skb_shinfo(cp)->nr_frags, 0);
	assert_int_equal(u[2]->refcnt, 1);
	assert_int_equal(owner_refs(&m), 1 + frags + 4);
	{
		unsigned char buf[256];

		assert_int_equal(skb_copy_bits(cp, HDR_LEN + 1000, buf, sizeof(buf)), 0);
		assert_memory_equal(buf, m.buf + 2 * 3 * PAGE_SIZE + 512 + 1000, sizeof(buf));
	}

	/* the application is done with its buffer once the sends complete */
	nm_owner_put(&m.owner);
	assert_int_equal(m.release_calls, 0);

	/* "transmitted": the originals go; clones and the copy hold the data */
	for (int k = 0; k < 4; k++)
		consume_skb(s[k]);
	expect_empty(q);
	assert_int_equal(owner_refs(&m), frags + 4);

	/* "acked" out of order: 2, 0, 1; send 1 is still in the pskb_copy */
	kfree_skb(c[2]);
	kfree_skb(c[0]);
	kfree_skb(c[1]);
	consume_skb(cp);
	assert_int_equal(owner_refs(&m), 4 + 4);
	kfree_skb(p);			/* [1,1] follows the tail [0,0] */
	assert_int_equal(poll_all(q, n, 8), 2);
	expect_note(n[0], 2, 2, false);
	expect_note(n[1], 0, 1, false);
	assert_int_equal(owner_refs(&m), 4);
	assert_int_equal(m.release_calls, 0);

	kfree_skb(c[3]);
	expect_one(q, 3, 3, false);
	assert_int_equal(m.release_calls, 1);

	app_mem_fini(&m);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_single_send, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_have_ref, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_realloc_extends, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_realloc_limits, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_clone_shares_uarg, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_copied, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_put_abort, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_model, case_setup, case_teardown),
	};

	return skb_zcopy_run("skb_zcopy_uarg", tests, sizeof(tests) / sizeof(tests[0]));
}

