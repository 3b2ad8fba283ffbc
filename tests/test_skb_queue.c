/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of skb queues (struct sk_buff_head, netmem/skb_queue.h) with
 * the kernel's semantics: an empty head points at itself, the order of
 * head/tail inserts, peek and peek_next, dequeue from both ends, unlink
 * (next/prev cleared), inserts after/before an skb and skb_append, the four
 * splices with their lengths and what they leave in the source, the walks
 * (safe ones that unlink as they go, reverse ones), skb_list_del_init and
 * skb_list_walk_safe, purge (drops counted as SKB_DROP_REASON_QUEUE_PURGE or
 * the given reason, a shared skb only losing one reference), and the locked
 * variants leaving the lock free and serialising two threads;
 * skb_queue_next/prev past an end warn as the kernel does.
 *
 * Every case checks that every skb it made was freed and that no misuse
 * was reported.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_queue.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_skb_case.h"

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)


static int case_teardown(void **state)
{
	if (nm_misuse_count() != case_misuse0) {
		print_error("unexpected misuses: %" PRIu64 "\n", nm_misuse_count() - case_misuse0);
		return -1;
	}
	return skb_case_teardown(state);
}

/* An skb whose first byte is @tag, so the order can be read back. */
static struct sk_buff *tagged(unsigned char tag)
{
	struct sk_buff *skb = alloc_skb(64, GFP);

	assert_non_null(skb);
	*(unsigned char *)skb_put(skb, 1) = tag;
	return skb;
}

static unsigned char tag_of(const struct sk_buff *skb)
{
	return skb->data[0];
}

/* The tags of @q front to back, as a string. */
static const char *order_of(const struct sk_buff_head *q)
{
	static char buf[64];
	struct sk_buff *skb;
	size_t n = 0;

	skb_queue_walk(q, skb)
		buf[n++] = (char)tag_of(skb);
	buf[n] = '\0';
	return buf;
}

static const char *reverse_order_of(const struct sk_buff_head *q)
{
	static char buf[64];
	struct sk_buff *skb;
	size_t n = 0;

	skb_queue_reverse_walk(q, skb)
		buf[n++] = (char)tag_of(skb);
	buf[n] = '\0';
	return buf;
}

static void fill(struct sk_buff_head *q, const char *tags)
{
	for (; *tags; tags++)
		__skb_queue_tail(q, tagged((unsigned char)*tags));
}

static void test_layout_and_empty(void **state)
{
	struct sk_buff_head q;

	(void)state;
	assert_int_equal(offsetof(struct sk_buff_head, next), offsetof(struct sk_buff, next));
	assert_int_equal(offsetof(struct sk_buff_head, prev), offsetof(struct sk_buff, prev));
	memset(&q, 0xa5, sizeof(q));
	skb_queue_head_init(&q);
	assert_ptr_equal(q.next, (struct sk_buff *)&q);
	assert_ptr_equal(q.prev, (struct sk_buff *)&q);
	assert_ptr_equal(q.list.next, (struct sk_buff *)&q);
	assert_int_equal(skb_queue_len(&q), 0);
	assert_int_equal(skb_queue_len_lockless(&q), 0);
	assert_true(skb_queue_empty(&q));
	assert_true(skb_queue_empty_lockless(&q));
	assert_false(rte_spinlock_is_locked(&q.lock));
	assert_null(skb_peek(&q));
	assert_null(skb_peek_tail(&q));
	assert_ptr_equal(__skb_peek(&q), (struct sk_buff *)&q);
	assert_null(skb_dequeue(&q));
	assert_null(__skb_dequeue(&q));
	assert_null(skb_dequeue_tail(&q));
	assert_null(__skb_dequeue_tail(&q));
	skb_queue_purge(&q);
	__skb_queue_purge(&q);
	assert_true(skb_queue_empty(&q));
	assert_false(rte_spinlock_is_locked(&q.lock));
}

static void test_head_tail_peek_dequeue(void **state)
{
	struct sk_buff_head q;
	struct sk_buff *a, *b, *c, *d, *skb;

	(void)state;
	skb_queue_head_init(&q);
	a = tagged('a');
	b = tagged('b');
	c = tagged('c');
	d = tagged('d');
	skb_queue_tail(&q, b);
	skb_queue_tail(&q, c);
	skb_queue_head(&q, a);
	__skb_queue_tail(&q, d);
	assert_false(rte_spinlock_is_locked(&q.lock));
	assert_string_equal(order_of(&q), "abcd");
	assert_string_equal(reverse_order_of(&q), "dcba");
	assert_int_equal(skb_queue_len(&q), 4);
	assert_false(skb_queue_empty(&q));

	/* The links themselves, the head standing in for an skb at both ends. */
	assert_ptr_equal(q.next, a);
	assert_ptr_equal(q.prev, d);
	assert_ptr_equal(a->prev, (struct sk_buff *)&q);
	assert_ptr_equal(d->next, (struct sk_buff *)&q);
	assert_ptr_equal(b->prev, a);
	assert_ptr_equal(b->next, c);

	assert_ptr_equal(skb_peek(&q), a);
	assert_ptr_equal(skb_peek_tail(&q), d);
	assert_ptr_equal(skb_peek_next(a, &q), b);
	assert_null(skb_peek_next(d, &q));
	assert_true(skb_queue_is_first(&q, a));
	assert_false(skb_queue_is_first(&q, b));
	assert_true(skb_queue_is_last(&q, d));
	assert_false(skb_queue_is_last(&q, c));
	assert_ptr_equal(skb_queue_next(&q, b), c);
	assert_ptr_equal(skb_queue_prev(&q, b), a);
	/* Past either end: the kernel's WARN (a counted misuse here). */
	assert_ptr_equal(skb_queue_next(&q, d), (struct sk_buff *)&q);
	assert_ptr_equal(skb_queue_prev(&q, a), (struct sk_buff *)&q);
	assert_int_equal(nm_misuse_count() - case_misuse0, 2);
	case_misuse0 = nm_misuse_count();

	/* Unlink from the middle: the neighbours close up, b is off-list. */
	skb_unlink(b, &q);
	assert_null(b->next);
	assert_null(b->prev);
	assert_ptr_equal(a->next, c);
	assert_ptr_equal(c->prev, a);
	assert_int_equal(skb_queue_len(&q), 3);
	assert_string_equal(order_of(&q), "acd");
	kfree_skb(b);

	skb = skb_dequeue_tail(&q);
	assert_ptr_equal(skb, d);
	assert_null(skb->next);
	assert_null(skb->prev);
	consume_skb(skb);
	skb = skb_dequeue(&q);
	assert_ptr_equal(skb, a);
	assert_null(skb->next);
	consume_skb(skb);
	skb = __skb_dequeue(&q);
	assert_ptr_equal(skb, c);
	consume_skb(skb);
	assert_true(skb_queue_empty(&q));
	assert_int_equal(skb_queue_len(&q), 0);
	assert_ptr_equal(q.next, (struct sk_buff *)&q);
	assert_ptr_equal(q.prev, (struct sk_buff *)&q);
	assert_false(rte_spinlock_is_locked(&q.lock));
}

static void test_insert_after_before(void **state)
{
	struct sk_buff_head q;
	struct sk_buff *a, *c;

	(void)state;
	skb_queue_head_init(&q);
	a = tagged('a');
	c = tagged('c');
	__skb_queue_tail(&q, a);
	__skb_queue_tail(&q, c);
	__skb_queue_after(&q, a, tagged('b'));
	__skb_queue_before(&q, a, tagged('0'));
	skb_append(c, tagged('d'), &q);
	assert_false(rte_spinlock_is_locked(&q.lock));
	__skb_insert(tagged('x'), c, c->next, &q);
	__skb_queue_head(&q, tagged('^'));
	assert_string_equal(order_of(&q), "^0abcxd");
	assert_string_equal(reverse_order_of(&q), "dxcba0^");
	assert_int_equal(skb_queue_len(&q), 7);
	__skb_queue_purge(&q);
	assert_true(skb_queue_empty(&q));
	assert_int_equal(skb_queue_len(&q), 0);
}

static void test_splice(void **state)
{
	struct sk_buff_head q, l;

	(void)state;
	skb_queue_head_init(&q);
	skb_queue_head_init(&l);

	/* An empty source changes nothing. */
	fill(&q, "mn");
	skb_queue_splice(&l, &q);
	skb_queue_splice_tail(&l, &q);
	skb_queue_splice_init(&l, &q);
	skb_queue_splice_tail_init(&l, &q);
	assert_string_equal(order_of(&q), "mn");
	assert_int_equal(skb_queue_len(&q), 2);

	/* _init: the source is left empty and usable. */
	fill(&l, "ab");
	skb_queue_splice_init(&l, &q);
	assert_string_equal(order_of(&q), "abmn");
	assert_string_equal(reverse_order_of(&q), "nmba");
	assert_int_equal(skb_queue_len(&q), 4);
	assert_true(skb_queue_empty(&l));
	assert_int_equal(skb_queue_len(&l), 0);

	fill(&l, "yz");
	skb_queue_splice_tail_init(&l, &q);
	assert_string_equal(order_of(&q), "abmnyz");
	assert_string_equal(reverse_order_of(&q), "zynmba");
	assert_int_equal(skb_queue_len(&q), 6);
	assert_true(skb_queue_empty(&l));

	/* Without _init the source keeps its stale pointers and length, as
	 * in the kernel: re-initialise before reuse. */
	fill(&l, "12");
	skb_queue_splice(&l, &q);
	assert_int_equal(skb_queue_len(&l), 2);
	assert_false(skb_queue_empty(&l));
	__skb_queue_head_init(&l);
	fill(&l, "89");
	skb_queue_splice_tail(&l, &q);
	assert_string_equal(order_of(&q), "12abmnyz89");
	assert_string_equal(reverse_order_of(&q), "98zynmba21");
	assert_int_equal(skb_queue_len(&q), 10);
	__skb_queue_head_init(&l);

	skb_queue_purge(&q);
	assert_true(skb_queue_empty(&q));
}

static void test_walk_safe(void **state)
{
	struct sk_buff_head q;
	struct sk_buff *skb, *tmp;
	char seen[16];
	size_t n = 0;

	(void)state;
	skb_queue_head_init(&q);
	fill(&q, "abcdef");
	/* Unlink and free every other one while walking. */
	skb_queue_walk_safe(&q, skb, tmp) {
		seen[n++] = (char)tag_of(skb);
		if ((tag_of(skb) - 'a') % 2 == 0) {
			__skb_unlink(skb, &q);
			consume_skb(skb);
		}
	}
	seen[n] = '\0';
	assert_string_equal(seen, "abcdef");
	assert_string_equal(order_of(&q), "bdf");
	assert_int_equal(skb_queue_len(&q), 3);

	n = 0;
	skb_queue_reverse_walk_safe(&q, skb, tmp) {
		seen[n++] = (char)tag_of(skb);
		if (tag_of(skb) == 'd') {
			__skb_unlink(skb, &q);
			consume_skb(skb);
		}
	}
	seen[n] = '\0';
	assert_string_equal(seen, "fdb");
	assert_string_equal(order_of(&q), "bf");

	/* From a given skb on. */
	fill(&q, "gh");
	skb = skb_peek_next(skb_peek(&q), &q);	/* f */
	n = 0;
	skb_queue_walk_from(&q, skb)
		seen[n++] = (char)tag_of(skb);
	seen[n] = '\0';
	assert_string_equal(seen, "fgh");
	skb = skb_peek_tail(&q);
	n = 0;
	skb_queue_reverse_walk_from_safe(&q, skb, tmp)
		seen[n++] = (char)tag_of(skb);
	seen[n] = '\0';
	assert_string_equal(seen, "hgfb");
	skb = skb_peek(&q);
	skb_queue_walk_from_safe(&q, skb, tmp) {
		__skb_unlink(skb, &q);
		kfree_skb(skb);
	}
	assert_true(skb_queue_empty(&q));
	assert_int_equal(skb_queue_len(&q), 0);
}

static void test_list_helpers(void **state)
{
	struct sk_buff_head q;
	struct sk_buff *a, *b, *c, *skb, *next, *first;
	char seen[8];
	size_t n = 0;

	(void)state;
	/* skb_list_del_init: a list_head-style unlink, no length kept. */
	__skb_queue_head_init(&q);
	a = tagged('a');
	b = tagged('b');
	c = tagged('c');
	__skb_queue_tail(&q, a);
	__skb_queue_tail(&q, b);
	__skb_queue_tail(&q, c);
	skb_list_del_init(b);
	assert_null(b->next);
	assert_ptr_equal(a->next, c);
	assert_ptr_equal(c->prev, a);
	assert_string_equal(order_of(&q), "ac");
	assert_int_equal(skb_queue_len(&q), 3);	/* the kernel does not touch it */
	q.qlen = 2;

	/* skb_list_walk_safe over a NULL-terminated ->next list. */
	__skb_unlink(a, &q);
	__skb_unlink(c, &q);
	a->next = b;
	b->next = c;
	c->next = NULL;
	first = a;
	skb_list_walk_safe(first, skb, next) {
		seen[n++] = (char)tag_of(skb);
		skb_mark_not_on_list(skb);
		kfree_skb(skb);
	}
	seen[n] = '\0';
	assert_string_equal(seen, "abc");
	assert_true(skb_queue_empty(&q));
	assert_int_equal(skb_queue_len(&q), 0);
}

static void test_purge_reasons(void **state)
{
	uint64_t purge0 = nm_skb_drop_reason_count(SKB_DROP_REASON_QUEUE_PURGE);
	uint64_t full0 = nm_skb_drop_reason_count(SKB_DROP_REASON_FULL_RING);
	uint64_t ns0 = nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED);
	struct nm_skb_stats st;
	struct sk_buff_head q;
	struct sk_buff *held;

	(void)state;
	skb_queue_head_init(&q);
	held = skb_get(tagged('a'));	/* a second user: purge drops one */
	__skb_queue_tail(&q, held);
	fill(&q, "bc");
	skb_queue_purge(&q);
	assert_true(skb_queue_empty(&q));
	assert_int_equal(skb_queue_len(&q), 0);
	assert_false(rte_spinlock_is_locked(&q.lock));
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_QUEUE_PURGE) - purge0, 2);
	assert_int_equal(held->users, 1);
	assert_null(held->next);
	kfree_skb_reason(held, SKB_DROP_REASON_QUEUE_PURGE);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_QUEUE_PURGE) - purge0, 3);

	fill(&q, "de");
	skb_queue_purge_reason(&q, SKB_DROP_REASON_FULL_RING);
	fill(&q, "f");
	__skb_queue_purge_reason(&q, SKB_DROP_REASON_FULL_RING);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_FULL_RING) - full0, 3);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_QUEUE_PURGE) - purge0, 3);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED), ns0);
	nm_skb_get_stats(&st);
	assert_int_equal(st.dropped - case_st0.dropped, 6);
}

/* Two threads on one locked queue: every skb arrives once, none lost. */
#define PER_THREAD	2000

struct producer {
	struct sk_buff_head *q;
	struct sk_buff **skbs;
};

static void *producer_run(void *arg)
{
	struct producer *p = arg;

	for (int i = 0; i < PER_THREAD; i++) {
		if (i % 2)
			skb_queue_tail(p->q, p->skbs[i]);
		else
			skb_queue_head(p->q, p->skbs[i]);
	}
	return NULL;
}

static void test_locked_two_threads(void **state)
{
	static struct sk_buff *skbs[2][PER_THREAD];
	struct producer p[2];
	pthread_t t;
	struct sk_buff_head q, got;
	struct sk_buff *skb;
	unsigned int n = 0, marks[2] = {0, 0};

	(void)state;
	skb_queue_head_init(&q);
	__skb_queue_head_init(&got);
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < PER_THREAD; i++) {
			skbs[k][i] = alloc_skb(0, GFP);
			assert_non_null(skbs[k][i]);
			skbs[k][i]->mark = (__u32)k;
		}
		p[k].q = &q;
		p[k].skbs = skbs[k];
	}
	assert_int_equal(pthread_create(&t, NULL, producer_run, &p[1]), 0);
	producer_run(&p[0]);
	/* Take some while the other thread may still be adding. */
	while (n < PER_THREAD / 2) {
		skb = (n % 2) ? skb_dequeue(&q) : skb_dequeue_tail(&q);
		if (skb == NULL)
			continue;
		__skb_queue_tail(&got, skb);
		n++;
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_false(rte_spinlock_is_locked(&q.lock));
	assert_int_equal(skb_queue_len(&q) + skb_queue_len(&got), 2 * PER_THREAD);
	skb_queue_splice_tail_init(&q, &got);
	skb_queue_walk(&got, skb)
		marks[skb->mark]++;
	assert_int_equal(marks[0], PER_THREAD);
	assert_int_equal(marks[1], PER_THREAD);
	while ((skb = __skb_dequeue(&got)) != NULL)
		consume_skb(skb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layout_and_empty, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_head_tail_peek_dequeue, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_insert_after_before, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_splice, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_walk_safe, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_list_helpers, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_purge_reasons, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_locked_two_threads, skb_case_setup, case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_queue", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
