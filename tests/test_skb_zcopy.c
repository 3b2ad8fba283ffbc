/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the MSG_ZEROCOPY model: send ids handed out by an
 * nm_zc_queue, ubuf_info_msgzc attached to skbs (msg_zerocopy_alloc,
 * msg_zerocopy_realloc, skb_zcopy_set), completion when the last data
 * reference goes (clones share the uarg), ranges [lo, hi] coalesced in the
 * queue, the "copied" flag, aborted sends, a bounded queue, and application
 * memory described by external pages (nm_ext_pages_create) under an
 * nm_owner whose destructor runs exactly once, after the last frag of every
 * skb is gone.
 *
 * Every case checks that no API misuse was reported and that every skb it
 * made was freed.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <rte_malloc.h>
#include <rte_memory.h>

#include <netmem/netmem.h>
#include <netmem/skbuff.h>

#include "test_common.h"

/* Not in the public header (lib/skb/msg_zerocopy.c). */
uint64_t nm_zc_queue_overflows(const struct nm_zc_queue *q);

#define HDR_LEN		54	/* eth + ipv4 + tcp */
#define NPAGES		16

/* ---------------------------------------------------------------------- */
/* Application memory under an owner                                      */
/* ---------------------------------------------------------------------- */

struct app_mem {
	struct nm_owner owner;
	int release_calls;		/* atomic */
	char *buf;			/* NPAGES pages, PAGE_SIZE aligned */
	size_t len;
	struct page *pages;
};

static void app_release(struct nm_owner *o)
{
	struct app_mem *m = (struct app_mem *)o;

	__atomic_fetch_add(&m->release_calls, 1, __ATOMIC_RELAXED);
}

static void app_mem_init(struct app_mem *m, size_t npages)
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
static void app_mem_fini(struct app_mem *m)
{
	assert_int_equal(m->release_calls, 1);
	nm_ext_pages_free(m->pages, m->len);
	free(m->buf);
}

static long owner_refs(const struct app_mem *m)
{
	return nm_owner_refcnt(&m->owner);
}

/*
 * A TX skb: a small linear head (headers) and the payload [off, off + size)
 * of @m as frags, one per page touched; each frag holds one reference on
 * the owner (skb_frag_ref), not one per byte.
 */
static struct sk_buff *zc_skb(struct app_mem *m, size_t off, size_t size)
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

/*
 * One send the way tcp_sendmsg does it: a uarg for @size bytes (a new one,
 * or the previous one extended), attached to @skb (its own reference), and
 * the sender's reference dropped once queued.
 */
static struct ubuf_info *zc_send(struct nm_zc_queue *q, struct sk_buff *skb, size_t size)
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

static unsigned int poll_all(struct nm_zc_queue *q, struct nm_zc_notification *out,
			     unsigned int n)
{
	return nm_zc_queue_poll(q, out, n);
}

#define expect_note(n, l, h, c) do {						\
	assert_int_equal((n).lo, (l));						\
	assert_int_equal((n).hi, (h));						\
	assert_int_equal((n).copied, (c));					\
} while (0)

static void expect_empty(struct nm_zc_queue *q)
{
	struct nm_zc_notification n;

	assert_int_equal(nm_zc_queue_poll(q, &n, 1), 0);
}

/* Polls exactly one notification and checks it. */
static void expect_one(struct nm_zc_queue *q, uint32_t lo, uint32_t hi, bool copied)
{
	struct nm_zc_notification n[4];

	assert_int_equal(poll_all(q, n, 4), 1);
	expect_note(n[0], lo, hi, copied);
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

/* ---------------------------------------------------------------------- */
/* Set-up                                                                 */
/* ---------------------------------------------------------------------- */

static uint64_t misuse0;
static uint64_t live0;

static int case_setup(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&st);
	live0 = st.live;
	return 0;
}

static int case_teardown(void **state)
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

static void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - misuse0, n);
}

/* ---------------------------------------------------------------------- */
/* External pages                                                         */
/* ---------------------------------------------------------------------- */

static void test_ext_pages_params(void **state)
{
	struct nm_owner o;
	char *buf = aligned_alloc(PAGE_SIZE, 4 * PAGE_SIZE);
	struct page *p;

	(void)state;
	assert_non_null(buf);
	nm_owner_init(&o, "params", NULL);
	p = nm_ext_pages_create(buf + 1, PAGE_SIZE, &o);
	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -EINVAL);
	p = nm_ext_pages_create(buf + 64, PAGE_SIZE, &o);
	assert_int_equal(PTR_ERR(p), -EINVAL);
	p = nm_ext_pages_create(buf, PAGE_SIZE + 1, &o);
	assert_int_equal(PTR_ERR(p), -EINVAL);
	p = nm_ext_pages_create(buf, PAGE_SIZE / 2, &o);
	assert_int_equal(PTR_ERR(p), -EINVAL);
	p = nm_ext_pages_create(buf, 0, &o);
	assert_int_equal(PTR_ERR(p), -EINVAL);
	p = nm_ext_pages_create(NULL, PAGE_SIZE, &o);
	assert_int_equal(PTR_ERR(p), -EINVAL);
	p = nm_ext_pages_create(buf, PAGE_SIZE, NULL);
	assert_int_equal(PTR_ERR(p), -EINVAL);
	/* nothing was registered by the refused calls */
	for (int i = 0; i < 4; i++)
		assert_null(virt_to_page(buf + i * PAGE_SIZE));
	nm_ext_pages_free(NULL, PAGE_SIZE);	/* no-op */
	free(buf);
	assert_int_equal(nm_owner_refcnt(&o), 1);
	assert_misuses(0);
}

static void test_ext_pages_fields(void **state)
{
	struct app_mem m;

	(void)state;
	app_mem_init(&m, NPAGES);
	for (size_t i = 0; i < NPAGES; i++) {
		struct page *pg = &m.pages[i];
		char *va = m.buf + i * PAGE_SIZE;
		rte_iova_t iova = rte_mem_virt2iova(va);

		assert_true(((uintptr_t)pg & 63) == 0);
		assert_ptr_equal(page_address(pg), va);
		assert_ptr_equal(netmem_address(page_to_netmem(pg)), va);
		assert_int_equal(compound_order(pg), 0);
		assert_int_equal(page_size(pg), PAGE_SIZE);
		assert_true(page_is_ext(pg));
		assert_ptr_equal(page_ext_owner(pg), &m.owner);
		assert_null(pg->pp);
		assert_false(netmem_is_pp(page_to_netmem(pg)));
		assert_int_equal(page_ref_count(pg), 1);
		assert_int_equal(page_to_nid(pg), 0);	/* not DPDK memory */
		assert_true(pg->dma_addr == iova);
		if (rte_eal_iova_mode() == RTE_IOVA_VA)
			assert_true(pg->dma_addr == (uintptr_t)va);
		/* virt_to_page: every byte of the page maps to it */
		assert_ptr_equal(virt_to_page(va), pg);
		assert_ptr_equal(virt_to_page(va + 1234), pg);
		assert_ptr_equal(virt_to_page(va + PAGE_SIZE - 1), pg);
	}
	assert_null(virt_to_page(m.buf + m.len));

	/* A frag reference on an external page is an owner reference. */
	get_netmem(page_to_netmem(&m.pages[3]));
	get_netmem(page_to_netmem(&m.pages[5]));
	assert_int_equal(owner_refs(&m), 3);
	assert_int_equal(page_ref_count(&m.pages[3]), 1);
	put_netmem(page_to_netmem(&m.pages[5]));
	put_netmem(page_to_netmem(&m.pages[3]));
	assert_int_equal(owner_refs(&m), 1);
	assert_int_equal(m.release_calls, 0);

	/* The same memory cannot be registered twice (reported as misuse). */
	{
		struct nm_owner o2;
		struct page *p2;

		nm_owner_init(&o2, "twice", NULL);
		p2 = nm_ext_pages_create(m.buf + PAGE_SIZE, PAGE_SIZE, &o2);
		assert_true(IS_ERR(p2));
		assert_int_equal(PTR_ERR(p2), -EEXIST);
		assert_misuses(1);
		misuse0++;
		assert_ptr_equal(virt_to_page(m.buf + PAGE_SIZE), &m.pages[1]);
	}

	nm_owner_put(&m.owner);
	assert_int_equal(m.release_calls, 1);
	app_mem_fini(&m);
	assert_misuses(0);
}

/* Unregistered pages are no longer found; the memory can be registered anew. */
static void test_ext_pages_free_unregisters(void **state)
{
	struct nm_owner o;
	char *buf = aligned_alloc(PAGE_SIZE, 2 * PAGE_SIZE);
	struct page *p;

	(void)state;
	assert_non_null(buf);
	nm_owner_init(&o, "free", NULL);
	p = nm_ext_pages_create(buf, 2 * PAGE_SIZE, &o);
	assert_false(IS_ERR_OR_NULL(p));
	assert_ptr_equal(virt_to_page(buf + PAGE_SIZE + 8), &p[1]);
	nm_ext_pages_free(p, 2 * PAGE_SIZE);
	assert_null(virt_to_page(buf));
	assert_null(virt_to_page(buf + PAGE_SIZE + 8));
	p = nm_ext_pages_create(buf, 2 * PAGE_SIZE, &o);
	assert_false(IS_ERR_OR_NULL(p));
	assert_ptr_equal(virt_to_page(buf), &p[0]);
	nm_ext_pages_free(p, 2 * PAGE_SIZE);
	assert_null(virt_to_page(buf));
	free(buf);
	assert_misuses(0);
}

/* DPDK memory: the NUMA node comes from its memseg list. */
static void test_ext_pages_dpdk_memory(void **state)
{
	struct nm_owner o;
	char *buf = rte_malloc("ext", 3 * PAGE_SIZE, PAGE_SIZE);
	const struct rte_memseg_list *msl;
	struct page *p;

	(void)state;
	assert_non_null(buf);
	msl = rte_mem_virt2memseg_list(buf);
	assert_non_null(msl);
	nm_owner_init(&o, "dpdk", NULL);
	p = nm_ext_pages_create(buf, 3 * PAGE_SIZE, &o);
	assert_false(IS_ERR_OR_NULL(p));
	for (int i = 0; i < 3; i++) {
		char *va = buf + i * PAGE_SIZE;
		const struct rte_memseg *ms = rte_mem_virt2memseg(va, msl);

		assert_int_equal(page_to_nid(&p[i]), msl->socket_id < 0 ? 0 : msl->socket_id);
		/* the IOVA DPDK gave this memory */
		assert_non_null(ms);
		if (ms->iova != RTE_BAD_IOVA)
			assert_true(p[i].dma_addr == ms->iova + RTE_PTR_DIFF(va, ms->addr));
		if (rte_eal_iova_mode() == RTE_IOVA_VA)
			assert_true(p[i].dma_addr == rte_mem_virt2iova(va));
		assert_ptr_equal(virt_to_page(buf + i * PAGE_SIZE + 99), &p[i]);
	}
	nm_ext_pages_free(p, 3 * PAGE_SIZE);
	rte_free(buf);
	assert_misuses(0);
}

/*
 * Runs @fn in a child process with the default signal actions (not
 * cmocka's); returns its exit status, or 128 + the signal that killed it.
 */
static int run_in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		_exit(fn(arg));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

/* put_page() of a reference never taken (as ported kernel code may do on
 * skb_frag_page()) must be reported, not free the descriptor into a
 * mempool it never came from. */
static int put_ext_page_child(void *arg)
{
	struct app_mem *m = arg;
	uint64_t m0 = nm_misuse_count();

	put_page(&m->pages[2]);
	/* still usable: a frag reference is still an owner reference */
	get_netmem(page_to_netmem(&m->pages[2]));
	put_netmem(page_to_netmem(&m->pages[2]));
	if (nm_misuse_count() - m0 != 1)
		return 2;
	if (nm_owner_refcnt(&m->owner) != 1 || m->release_calls != 0)
		return 3;
	return 0;
}

static void test_ext_page_put_page(void **state)
{
	struct app_mem m;
	int ret;

	(void)state;
	app_mem_init(&m, 4);
	/* get_page/put_page pairs are harmless: the count is not used */
	get_page(&m.pages[1]);
	put_page(&m.pages[1]);
	assert_int_equal(page_ref_count(&m.pages[1]), 1);
	assert_int_equal(owner_refs(&m), 1);
	ret = run_in_child(put_ext_page_child, &m);
	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	if (ret != 0)
		fail_msg("put_page() on an external page with no page reference: %s %d "
			 "(want a misuse report)", ret > 128 ? "killed by signal" : "exit",
			 ret > 128 ? ret - 128 : ret);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Frag references on application memory                                 */
/* ---------------------------------------------------------------------- */

/* One owner reference per frag (per skb_frag_ref), never per byte or page. */
static void test_frag_refs_per_frag(void **state)
{
	struct app_mem m;
	struct sk_buff *skb, *clone;

	(void)state;
	app_mem_init(&m, NPAGES);
	/* 3 frags: 100 bytes of page 0, all of page 1, 3000 bytes of page 2 */
	skb = zc_skb(&m, PAGE_SIZE - 100, 100 + PAGE_SIZE + 3000);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 3);
	assert_int_equal(skb->len, HDR_LEN + 100 + PAGE_SIZE + 3000);
	assert_int_equal(skb->data_len, 100 + PAGE_SIZE + 3000);
	assert_int_equal(owner_refs(&m), 1 + 3);
	assert_true(skb_frags_readable(skb));

	/* the frags read the application's bytes */
	{
		char out[300];

		assert_int_equal(skb_copy_bits(skb, HDR_LEN, out, sizeof(out)), 0);
		assert_memory_equal(out, m.buf + PAGE_SIZE - 100, sizeof(out));
		assert_ptr_equal(skb_frag_address(&skb_shinfo(skb)->frags[1]),
				 m.buf + PAGE_SIZE);
		assert_ptr_equal(skb_frag_page(&skb_shinfo(skb)->frags[2]), &m.pages[2]);
	}

	skb_frag_ref(skb, 1);
	assert_int_equal(owner_refs(&m), 5);
	skb_frag_unref(skb, 1);
	assert_int_equal(owner_refs(&m), 4);

	/* a clone shares the frags: no new owner reference */
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	assert_int_equal(owner_refs(&m), 4);
	kfree_skb(skb);
	assert_int_equal(owner_refs(&m), 4);
	consume_skb(clone);
	assert_int_equal(owner_refs(&m), 1);
	assert_int_equal(m.release_calls, 0);

	nm_owner_put(&m.owner);
	app_mem_fini(&m);
	assert_misuses(0);
}

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
		cmocka_unit_test_setup_teardown(test_ext_pages_params, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_ext_pages_fields, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_ext_pages_free_unregisters, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_ext_pages_dpdk_memory, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_ext_page_put_page, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_refs_per_frag, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_queue_create, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_single_send, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_have_ref, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_coalesce_in_order, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_realloc_extends, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_realloc_limits, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_clone_shares_uarg, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_copied, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_put_abort, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_queue_full, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_queue_free_pending, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_completions, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_model, case_setup, case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_zcopy", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
