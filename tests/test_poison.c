/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka test of ASan poisoning (NM_POISON: ASan builds, or -Dpoison=enabled):
 * a page's buffer and skb slot are poisoned while the page is free in its
 * page_pool (cache, ring), the mempool behind it (put there by a PMD too)
 * or a default page mempool, past a page's buffer is a redzone (a frag array
 * one too long), an skb struct while it
 * is free in the per-lcore cache. Each poisoning is stated twice: the
 * shadow state (__asan_address_is_poisoned()), and a use after free run in
 * a child process that must die under ASan (a write into the head of a
 * freed skb, a read of its struct, a read of a freed page). A second
 * kfree_skb() is still a counted double free, not a report. In builds
 * without NM_POISON there is nothing to check: the test says so and passes.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <rte_mbuf.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_pool.h"
#include "test_skb_case.h"

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)

#ifdef NM_POISON
static struct page_pool *pool_new(void)
{
	return host_pool(256, 512);
}
#endif

#ifdef NM_POISON
#include <sanitizer/asan_interface.h>

static bool poisoned(const void *addr)
{
	return __asan_address_is_poisoned(addr) != 0;
}

static struct page_pool *poison_pool;
static struct sk_buff *poison_skb;

/* A write into the head of an skb freed back to its page_pool. */
static void write_freed_head(void)
{
	poison_skb->head[100] = 1;
}

/* A read of the struct of a freed skb. */
static void read_freed_skb(void)
{
	volatile unsigned int v = poison_skb->len;

	(void)v;
}

/* A read of a page freed to the default page mempool. */
static struct page *poison_page;

static void read_freed_page(void)
{
	volatile uint8_t v = ((const uint8_t *)page_address(poison_page))[10];

	(void)v;
}

/* The child dies: killed by ASan's abort, or ended by its error exit. */
static bool child_dies(void (*fn)(void))
{
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
#endif

static void test_poison(void **state)
{
	(void)state;
#ifdef NM_POISON
	struct page *p, *q;
	void *head;

	/* page_pool: poisoned in the cache, and through the ring, until
	 * handed out again */
	poison_pool = pool_new();
	p = page_pool_dev_alloc_pages(poison_pool);
	assert_non_null(p);
	assert_false(poisoned(page_address(p)));
	page_pool_recycle_direct(poison_pool, p);
	assert_true(poisoned(page_address(p)));
	assert_true(poisoned((uint8_t *)page_address(p) + PAGE_SIZE - 1));
	q = page_pool_dev_alloc_pages(poison_pool);
	assert_ptr_equal(q, p);
	assert_false(poisoned(page_address(q)));
	page_pool_put_full_page(poison_pool, q, false);		/* the ring */
	assert_true(poisoned(page_address(q)));

	/* an skb whose head page went back: a write into the head dies */
	p = page_pool_dev_alloc_pages(poison_pool);
	assert_non_null(p);
	poison_skb = build_skb(page_address(p), PAGE_SIZE);
	assert_non_null(poison_skb);
	skb_reserve(poison_skb, 64);
	memset(skb_put(poison_skb, 100), 0x42, 100);
	skb_mark_for_recycle(poison_skb);
	head = poison_skb->head;
	kfree_skb(poison_skb);
	assert_true(poisoned(head));
	assert_true(child_dies(write_freed_head));
	/* its struct was in the page's slot: poisoned with the page */
	assert_ptr_equal(poison_skb, (struct sk_buff *)((char *)p - NM_PAGE_SKB_SLOT));
	assert_true(poisoned(&poison_skb->len));
	assert_true(child_dies(read_freed_skb));
	/* a double free reads nothing: counted */
	kfree_skb(poison_skb);
	assert_misuses(1);
	page_pool_destroy(poison_pool);

	/* an skb struct from the per-lcore cache: poisoned while free */
	poison_skb = alloc_skb(64, GFP);
	assert_non_null(poison_skb);
	skb_put(poison_skb, 10);
	kfree_skb(poison_skb);
	assert_true(poisoned(&poison_skb->len));
	assert_true(poisoned((char *)poison_skb + sizeof(struct sk_buff) - 1));
	assert_true(child_dies(read_freed_skb));
	consume_skb(poison_skb);
	assert_misuses(2);
	{
		struct sk_buff *again = alloc_skb(64, GFP);

		assert_non_null(again);
		assert_false(poisoned(&again->len));
		kfree_skb(again);
	}

	/* a fast-clone pair: poisoned once both halves are freed */
	{
		struct sk_buff *orig = alloc_skb_fclone(64, GFP), *clone;

		assert_non_null(orig);
		skb_put(orig, 10);
		clone = skb_clone(orig, GFP);
		assert_non_null(clone);
		kfree_skb(orig);
		assert_false(poisoned(&clone->len));	/* the pair is still half used */
		kfree_skb(clone);
		assert_true(poisoned(&orig->len));
		assert_true(poisoned(&clone->len));
		poison_skb = clone;
		assert_true(child_dies(read_freed_skb));
		orig = alloc_skb_fclone(64, GFP);	/* handed out again: clean */
		assert_non_null(orig);
		assert_false(poisoned(&orig->len));
		kfree_skb(orig);
	}

	/* the default page mempool: poisoned while free */
	poison_page = alloc_page(GFP);
	assert_non_null(poison_page);
	memset(page_address(poison_page), 0, PAGE_SIZE);
	put_page(poison_page);
	assert_true(poisoned(page_address(poison_page)));
	assert_true(child_dies(read_freed_page));
	assert_misuses(2);
#else
	print_message("NM_POISON off (not an ASan build, -Dpoison not enabled): nothing to check\n");
#endif
}

#ifdef NM_POISON
static unsigned int obj_poisoned;

static void count_poisoned(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	struct page *page = nm_mbuf_to_page(obj);

	(void)mp;
	(void)arg;
	(void)idx;
	if (poisoned(page->virt) && poisoned((char *)page - NM_PAGE_SKB_SLOT))
		obj_poisoned++;
}

static struct rte_mbuf *poison_mbuf;
static struct sk_buff *redzone_skb;

/* What a frag filler one past MAX_SKB_FRAGS would write. */
static void write_past_frags(void)
{
	skb_frag_t *f = &skb_shinfo(redzone_skb)->frags[MAX_SKB_FRAGS];

	memset(f, 0x7e, sizeof(*f));
}

/* A read of a page's buffer after the PMD freed its mbuf. */
static void read_pmd_freed(void)
{
	volatile uint8_t v = rte_pktmbuf_mtod(poison_mbuf, const uint8_t *)[0];

	(void)v;
}
#endif

/*
 * The mempool behind a page_pool is the one PMDs take RX pages from and free
 * TX chains into, with DPDK's own (uninstrumented) calls: its pages are
 * poisoned while in it, whoever put them there, and unpoisoned when taken.
 */
static void test_poison_pmd_side(void **state)
{
	(void)state;
#ifdef NM_POISON
	struct page_pool *pool = pool_new();
	struct rte_mempool *mp = nm_page_pool_mempool(pool);
	struct page *page;

	assert_non_null(mp);
	/* every page poisoned from the start (populating ran before page_init) */
	obj_poisoned = 0;
	rte_mempool_obj_iter(mp, count_poisoned, NULL);
	assert_int_equal(obj_poisoned, mp->size);
	/* taken as a PMD refills RX: clean, the PMD writes the packet */
	poison_mbuf = rte_pktmbuf_alloc(mp);
	assert_non_null(poison_mbuf);
	page = nm_mbuf_to_page(poison_mbuf);
	assert_false(poisoned(page->virt));
	assert_false(poisoned((char *)page - NM_PAGE_SKB_SLOT));
	memset(rte_pktmbuf_mtod(poison_mbuf, void *), 0x5a, 64);
	/* freed as a PMD frees a sent chain: poisoned, a read dies */
	rte_pktmbuf_free(poison_mbuf);
	assert_true(poisoned(page->virt));
	assert_true(poisoned((char *)page - NM_PAGE_SKB_SLOT));
	assert_true(child_dies(read_pmd_freed));

	/* past a page's buffer (past a head's shared info) is a redzone: a
	 * frag array one too long is reported. The last page of a memory
	 * chunk has no next object behind it: take another then. */
	{
		struct page *pages[3];
		int n = 0, found = -1;

		for (; n < 3 && found < 0; n++) {
			pages[n] = page_pool_dev_alloc_pages(pool);
			assert_non_null(pages[n]);
			if (poisoned((char *)page_address(pages[n]) + PAGE_SIZE))
				found = n;
		}
		assert_true(found >= 0);
		redzone_skb = build_skb(page_address(pages[found]), PAGE_SIZE);
		assert_non_null(redzone_skb);
		skb_mark_for_recycle(redzone_skb);
		assert_ptr_equal(&skb_shinfo(redzone_skb)->frags[MAX_SKB_FRAGS],
				 (char *)page_address(pages[found]) + PAGE_SIZE);
		assert_true(poisoned(&skb_shinfo(redzone_skb)->frags[MAX_SKB_FRAGS]));
		assert_true(child_dies(write_past_frags));
		kfree_skb(redzone_skb);
		for (int i = 0; i < n; i++)
			if (i != found)
				page_pool_put_full_page(pool, pages[i], false);
	}
	page_pool_destroy(pool);
	assert_misuses(0);
#else
	print_message("NM_POISON off: nothing to check\n");
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_poison, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_poison_pmd_side, skb_case_setup,
						skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("poison", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
