/* SPDX-License-Identifier: BSD-3-Clause */
/* MSG_ZEROCOPY test fixture (skb_zcopy_fixture.h): the helpers, compiled once. */
#include "skb_zcopy_fixture.h"

static void app_release(struct nm_owner *o)
{
	struct app_mem *m = (struct app_mem *)o;

	__atomic_fetch_add(&m->release_calls, 1, __ATOMIC_RELAXED);
}

void app_mem_init(struct app_mem *m, size_t npages)
{
	memset(m, 0, sizeof(*m));
	m->len = npages * PAGE_SIZE;
	m->buf = aligned_alloc(PAGE_SIZE, m->len);
	assert_non_null(m->buf);
	for (size_t i = 0; i < m->len; i++)
		m->buf[i] = (char)(i * 7 + 3);
	nm_owner_init(&m->owner, "app_mem", app_release);
	m->pages = nm_ext_pages_create(m->buf, m->len, &m->owner);
	assert_false(IS_ERR_OR_NULL(m->pages));
}

/* Unregisters and frees: the owner's destructor must have run once. */
void app_mem_fini(struct app_mem *m)
{
	assert_int_equal(m->release_calls, 1);
	nm_ext_pages_free(m->pages, m->len);
	free(m->buf);
}

long owner_refs(const struct app_mem *m)
{
	return nm_owner_refcnt(&m->owner);
}

/*
 * A TX skb: a small linear head (headers) and the payload [off, off + size)
 * of @m as frags, one per page touched; each frag holds one reference on
 * the owner (skb_frag_ref), not one per byte.
 */
struct sk_buff *zc_skb(struct app_mem *m, size_t off, size_t size)
{
	struct sk_buff *skb = alloc_skb(128 + HDR_LEN, GFP_ATOMIC);
	int nr = 0;

	assert_non_null(skb);
	skb_reserve(skb, 128);
	assert_non_null(skb_put_zero(skb, HDR_LEN));
	skb_reset_mac_header(skb);
	while (size > 0) {
		size_t pg = off / PAGE_SIZE, poff = off % PAGE_SIZE;
		size_t chunk = PAGE_SIZE - poff;

		if (chunk > size)
			chunk = size;
		assert_true(pg < m->len / PAGE_SIZE);
		assert_true(nr < MAX_SKB_FRAGS);
		skb_fill_page_desc(skb, nr, &m->pages[pg], (int)poff, (int)chunk);
		skb_frag_ref(skb, nr);
		skb->len += (unsigned int)chunk;
		skb->data_len += (unsigned int)chunk;
		skb->truesize += (unsigned int)chunk;
		nr++;
		off += chunk;
		size -= chunk;
	}
	return skb;
}

/*
 * One send the way tcp_sendmsg does it: a uarg for @size bytes (a new one,
 * or the previous one extended), attached to @skb (its own reference), and
 * the sender's reference dropped once queued.
 */
struct ubuf_info *zc_send(struct nm_zc_queue *q, struct sk_buff *skb, size_t size)
{
	struct ubuf_info *uarg = msg_zerocopy_realloc(q, size, skb_zcopy(skb));

	assert_non_null(uarg);
	skb_zcopy_set(skb, uarg, NULL);
	assert_ptr_equal(skb_zcopy(skb), uarg);
	net_zcopy_put(uarg);
	return uarg;
}

/* ---------------------------------------------------------------------- */
/* Notifications                                                          */
/* ---------------------------------------------------------------------- */

unsigned int poll_all(struct nm_zc_queue *q, struct nm_zc_notification *out,
			     unsigned int n)
{
	return nm_zc_queue_poll(q, out, n);
}

void expect_empty(struct nm_zc_queue *q)
{
	struct nm_zc_notification n;

	assert_int_equal(nm_zc_queue_poll(q, &n, 1), 0);
}

/* Polls exactly one notification and checks it. */
void expect_one(struct nm_zc_queue *q, uint32_t lo, uint32_t hi, bool copied)
{
	struct nm_zc_notification n[4];

	assert_int_equal(poll_all(q, n, 4), 1);
	expect_note(n[0], lo, hi, copied);
}

/* ---------------------------------------------------------------------- */
/* Set-up                                                                 */
/* ---------------------------------------------------------------------- */

uint64_t misuse0;

static uint64_t live0;

int case_setup(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&st);
	live0 = st.live;
	return 0;
}

int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	if (st.live != live0) {
		print_error("skbs leaked: live %" PRIu64 ", was %" PRIu64 "\n", st.live, live0);
		return -1;
	}
	return 0;
}

void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - misuse0, n);
}

int skb_zcopy_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, NULL);
	ret = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
