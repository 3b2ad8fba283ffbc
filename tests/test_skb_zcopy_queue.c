/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the MSG_ZEROCOPY notification queue (nm_zc_queue): send
 * ids, ranges [lo, hi] coalesced in order and out of order, a bounded queue
 * (merges into its tail, else an overflow), freeing with notifications
 * pending, and completions from several threads at once.
 *
 * Every case checks that no API misuse was reported and that every skb it
 * made was freed.
 */
#include "skb_zcopy_fixture.h"

/* Not in the public header (lib/skb/msg_zerocopy.c). */
uint64_t nm_zc_queue_overflows(const struct nm_zc_queue *q);

/* ---------------------------------------------------------------------- */
/* The notification queue and ubuf_info_msgzc                            */
/* ---------------------------------------------------------------------- */

static void test_queue_create(void **state)
{
	struct nm_zc_queue *q;
	struct nm_zc_notification n;

	(void)state;
	assert_null(nm_zc_queue_create(0));
	q = nm_zc_queue_create(4);
	assert_non_null(q);
	assert_int_equal(nm_zc_queue_poll(q, &n, 1), 0);
	assert_int_equal(nm_zc_queue_poll(q, NULL, 1), 0);
	assert_int_equal(nm_zc_queue_poll(q, &n, 0), 0);
	assert_int_equal(nm_zc_queue_overflows(q), 0);
	nm_zc_queue_free(q);
	nm_zc_queue_free(NULL);
	assert_null(msg_zerocopy_alloc(NULL, 10));
	assert_misuses(0);
}

/* Sends that complete in order coalesce into one range. */
static void test_coalesce_in_order(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct app_mem m;
	struct sk_buff *skb[5];
	struct nm_zc_notification n[8];

	(void)state;
	app_mem_init(&m, NPAGES);
	for (int i = 0; i < 5; i++) {
		skb[i] = zc_skb(&m, (size_t)i * 2000, 2000);
		zc_send(q, skb[i], 2000);
		/* each send got its own uarg (a new skb each time) */
		if (i > 0)
			assert_ptr_not_equal(skb_zcopy(skb[i]), skb_zcopy(skb[i - 1]));
	}
	expect_empty(q);
	for (int i = 0; i < 5; i++)
		kfree_skb(skb[i]);
	assert_int_equal(poll_all(q, n, 8), 1);
	expect_note(n[0], 0, 4, false);

	/* after a poll a new completion starts a new entry */
	skb[0] = zc_skb(&m, 0, 100);
	zc_send(q, skb[0], 100);
	skb[1] = zc_skb(&m, 100, 100);
	zc_send(q, skb[1], 100);
	consume_skb(skb[0]);
	assert_int_equal(poll_all(q, n, 8), 1);
	expect_note(n[0], 5, 5, false);
	consume_skb(skb[1]);
	expect_one(q, 6, 6, false);

	assert_int_equal(owner_refs(&m), 1);
	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* Completion order decides the ranges: only a range that directly follows
 * the tail entry merges into it. */
static void test_out_of_order(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(16);
	struct ubuf_info *u[6];
	struct nm_zc_notification n[8];

	(void)state;
	for (int i = 0; i < 6; i++) {
		u[i] = msg_zerocopy_alloc(q, 10);
		assert_non_null(u[i]);
	}
	net_zcopy_put(u[2]);		/* [2,2] */
	net_zcopy_put(u[0]);		/* [0,0]: does not follow 2 */
	net_zcopy_put(u[1]);		/* follows 0: [0,1] */
	net_zcopy_put(u[5]);		/* [5,5] */
	net_zcopy_put(u[3]);		/* [3,3]: does not follow 5 */
	net_zcopy_put(u[4]);		/* [3,4] */
	assert_int_equal(poll_all(q, n, 8), 4);
	expect_note(n[0], 2, 2, false);
	expect_note(n[1], 0, 1, false);
	expect_note(n[2], 5, 5, false);
	expect_note(n[3], 3, 4, false);

	/* a partial poll keeps the rest in order */
	for (int i = 0; i < 6; i++)
		u[i] = msg_zerocopy_alloc(q, 10);
	for (int i = 5; i >= 0; i--)
		net_zcopy_put(u[i]);
	assert_int_equal(poll_all(q, n, 2), 2);
	expect_note(n[0], 11, 11, false);
	expect_note(n[1], 10, 10, false);
	assert_int_equal(poll_all(q, n, 8), 4);
	for (int i = 0; i < 4; i++)
		expect_note(n[i], 9 - i, 9 - i, false);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* A full queue still merges into its tail; else it counts an overflow. */
static void test_queue_full(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(2);
	struct ubuf_info *u[8];
	struct nm_zc_notification n[4];

	(void)state;
	for (int i = 0; i < 8; i++)
		u[i] = msg_zerocopy_alloc(q, 1);
	net_zcopy_put(u[0]);		/* [0,0] */
	net_zcopy_put(u[2]);		/* [2,2]: full */
	net_zcopy_put(u[3]);		/* merges: [2,3] */
	net_zcopy_put(u[4]);		/* merges: [2,4] */
	assert_int_equal(nm_zc_queue_overflows(q), 0);
	net_zcopy_put(u[6]);		/* lost */
	net_zcopy_put(u[1]);		/* lost: the tail is [2,4] */
	assert_int_equal(nm_zc_queue_overflows(q), 2);
	assert_int_equal(poll_all(q, n, 4), 2);
	expect_note(n[0], 0, 0, false);
	expect_note(n[1], 2, 4, false);
	net_zcopy_put(u[5]);
	net_zcopy_put(u[7]);
	assert_int_equal(poll_all(q, n, 4), 2);
	expect_note(n[0], 5, 5, false);
	expect_note(n[1], 7, 7, false);
	/* the ring wraps */
	for (int r = 0; r < 5; r++) {
		u[0] = msg_zerocopy_alloc(q, 1);
		u[1] = msg_zerocopy_alloc(q, 1);
		u[2] = msg_zerocopy_alloc(q, 1);
		net_zcopy_put(u[1]);
		net_zcopy_put(u[0]);
		assert_int_equal(poll_all(q, n, 1), 1);
		expect_note(n[0], 9 + 3 * r, 9 + 3 * r, false);
		net_zcopy_put(u[2]);
		assert_int_equal(poll_all(q, n, 4), 2);
		expect_note(n[0], 8 + 3 * r, 8 + 3 * r, false);
		expect_note(n[1], 10 + 3 * r, 10 + 3 * r, false);
	}
	assert_int_equal(nm_zc_queue_overflows(q), 2);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

/* The queue freed while sends are out: their completions post nothing and
 * free what they hold (ASan checks the rest). */
static void test_queue_free_pending(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(4);
	struct app_mem m;
	struct sk_buff *skb, *c;

	(void)state;
	app_mem_init(&m, NPAGES);
	skb = zc_skb(&m, 0, 6000);
	zc_send(q, skb, 6000);
	c = skb_clone(skb, GFP_ATOMIC);
	nm_zc_queue_free(q);
	kfree_skb(skb);
	kfree_skb(c);
	assert_int_equal(owner_refs(&m), 1);
	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	assert_misuses(0);
}

/* Completions from several threads at once: every id reported exactly once. */
#define MT_THREADS	4

#define MT_SENDS	4000

struct mt_arg {
	struct ubuf_info **u;
	int first;
};

static void *mt_complete(void *p)
{
	struct mt_arg *a = p;

	for (int i = a->first; i < MT_SENDS; i += MT_THREADS)
		net_zcopy_put(a->u[i]);
	return NULL;
}

static void test_concurrent_completions(void **state)
{
	struct nm_zc_queue *q = nm_zc_queue_create(MT_SENDS);
	struct ubuf_info **u = calloc(MT_SENDS, sizeof(*u));
	struct nm_zc_notification *n = calloc(MT_SENDS, sizeof(*n));
	unsigned char *seen = calloc(MT_SENDS, 1);
	pthread_t th[MT_THREADS];
	struct mt_arg args[MT_THREADS];
	unsigned int got;

	(void)state;
	assert_non_null(u);
	assert_non_null(n);
	assert_non_null(seen);
	for (int i = 0; i < MT_SENDS; i++) {
		u[i] = msg_zerocopy_alloc(q, 64);
		assert_non_null(u[i]);
	}
	for (int t = 0; t < MT_THREADS; t++) {
		args[t].u = u;
		args[t].first = t;
		assert_int_equal(pthread_create(&th[t], NULL, mt_complete, &args[t]), 0);
	}
	for (int t = 0; t < MT_THREADS; t++)
		pthread_join(th[t], NULL);
	got = nm_zc_queue_poll(q, n, MT_SENDS);
	assert_true(got >= 1 && got <= MT_SENDS);
	for (unsigned int i = 0; i < got; i++) {
		assert_true(n[i].lo <= n[i].hi && n[i].hi < MT_SENDS);
		assert_false(n[i].copied);
		for (uint32_t id = n[i].lo; id <= n[i].hi; id++) {
			assert_int_equal(seen[id], 0);
			seen[id] = 1;
		}
	}
	for (int i = 0; i < MT_SENDS; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(nm_zc_queue_overflows(q), 0);
	free(seen);
	free(n);
	free(u);
	nm_zc_queue_free(q);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_queue_create, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_coalesce_in_order, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_queue_full, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_queue_free_pending, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_completions, case_setup,
						case_teardown),
	};

	return skb_zcopy_run("skb_zcopy_queue", tests, sizeof(tests) / sizeof(tests[0]));
}

