/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the sk_buff core: build_skb() around page_pool pages
 * (with the shared info in the page or embedded) and around rte_malloc
 * memory.
 *
 * Every case checks that the misuses it provokes (and only those) were
 * reported, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include "skb_core_fixture.h"

/* ---------------------------------------------------------------------- */
/* build_skb                                                              */
/* ---------------------------------------------------------------------- */

static void test_build_skb_pp(void **state)
{
	struct page_pool *pool = pool_new(0);
	struct page_pool_recycle_stats r0;
	struct sk_buff *skb;
	struct page *page;

	(void)state;
	/* kfree_skb on the pool's owner lcore: the kernel's
	 * page_pool_napi_local() recycles it directly (see budget 0 below) */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(pp_refs(page_to_netmem(page)), 1);
	skb = build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	check_fresh(skb, 0);
	assert_ptr_equal(skb->head, page_address(page));
	assert_int_equal(skb_end_offset(skb), PAGE_SIZE - SHINFO_SIZE);
	assert_true(skb->head_frag);
	assert_ptr_equal(virt_to_head_page(skb->data), page);
	skb_reserve(skb, NET_SKB_PAD);
	assert_non_null(skb_put(skb, 1500));
	skb_mark_for_recycle(skb);
	/* the head holds the caller's pp reference: no new one */
	assert_int_equal(pp_refs(page_to_netmem(page)), 1);
	r0 = recycle_of(pool);
	kfree_skb(skb);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* napi_build_skb + napi_consume_skb(64): straight to the alloc cache */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	skb = napi_build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	skb_mark_for_recycle(skb);
	skb_reserve(skb, NET_SKB_PAD);
	assert_non_null(skb_put(skb, 60));
	r0 = recycle_of(pool);
	napi_consume_skb(skb, 64);
	assert_int_equal(recycle_of(pool).cached - r0.cached, 1);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* budget 0 is not NAPI context, but this is the pool's owner lcore:
	 * as the kernel's page_pool_napi_local(), still recycled directly */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	skb = napi_build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	skb_mark_for_recycle(skb);
	r0 = recycle_of(pool);
	napi_consume_skb(skb, 0);
	assert_int_equal(recycle_of(pool).cached - r0.cached, 1);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* head in a pp page, a pp frag: each recycled once */
	{
		struct page *fp = page_pool_dev_alloc_pages(pool);

		page = page_pool_dev_alloc_pages(pool);
		assert_non_null(page);
		assert_non_null(fp);
		skb = build_skb(page_address(page), PAGE_SIZE);
		assert_non_null(skb);
		skb_mark_for_recycle(skb);
		skb_put(skb, 128);
		add_frag(skb, 0, fp, 0, 3000);
		assert_int_equal(page_pool_inflight(pool), 2);
		r0 = recycle_of(pool);
		napi_consume_skb(skb, 64);
		assert_int_equal(recycled_since(pool, &r0), 2);
		assert_int_equal(page_pool_inflight(pool), 0);
	}

	/* never marked for recycling: the head is still page_pool memory and
	 * goes back to its pool (decided by the memory, not by the flag) */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	skb = build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	assert_false(skb->pp_recycle);
	r0 = recycle_of(pool);
	consume_skb(skb);
	assert_int_equal(recycled_since(pool, &r0), 1);
	assert_int_equal(page_ref_count(page), 1);	/* the pool's own */
	assert_int_equal(page_pool_inflight(pool), 0);

	/* two heads cut from one page_pool page (frags): the page is in flight
	 * until both are gone */
	{
		unsigned int o1, o2;
		struct page *p1 = page_pool_dev_alloc_frag(pool, &o1, 2048);
		struct page *p2 = page_pool_dev_alloc_frag(pool, &o2, 2048);
		struct sk_buff *s1, *s2;

		assert_non_null(p1);
		assert_ptr_equal(p1, p2);
		assert_int_equal(o1, 0);
		assert_int_equal(o2, 2048);
		s1 = build_skb((char *)page_address(p1) + o1, 2048);
		s2 = build_skb((char *)page_address(p2) + o2, 2048);
		assert_non_null(s1);
		assert_non_null(s2);
		assert_int_equal(skb_end_offset(s1), 2048 - SHINFO_SIZE);
		assert_ptr_equal(virt_to_head_page(s2->head), p1);
		skb_mark_for_recycle(s1);
		skb_mark_for_recycle(s2);
		assert_int_equal(page_pool_inflight(pool), 1);
		napi_consume_skb(s1, 64);
		assert_int_equal(page_pool_inflight(pool), 1);
		napi_consume_skb(s2, 64);
		assert_int_equal(page_pool_inflight(pool), 0);
	}
	pool_free_idle(pool);
	assert_misuses(0);
}

/* build_skb() on a page's start puts the struct in the page's slot; the
 * page's reference counts stay the kernel's, and the struct keeps its page
 * whatever happens to the head. */
static void test_build_skb_embedded(void **state)
{
	struct page_pool *pool = pool_new(0);
	struct nm_skb_stats s0 = stats_now();
	struct sk_buff *skb, *c;
	struct page *page, *np;
	unsigned int off;

	(void)state;
	for (int cloned = 0; cloned < 2; cloned++) {
		page = page_pool_dev_alloc_pages(pool);
		assert_non_null(page);
		skb = build_skb(page_address(page), PAGE_SIZE);
		assert_non_null(skb);
		assert_int_equal(skb->fclone, SKB_FCLONE_EMBEDDED);
		assert_ptr_equal((char *)skb, (char *)page - NM_PAGE_SKB_SLOT);
		assert_int_equal(stats_now().live, s0.live);	/* no cache struct */
		assert_int_equal(pp_refs(page_to_netmem(page)), 1);
		skb_mark_for_recycle(skb);
		skb_reserve(skb, NET_SKB_PAD);
		memset(skb_put(skb, 200), 0x5a, 200);
		c = cloned ? skb_clone(skb, GFP_ATOMIC) : NULL;
		/* The head leaves the page: the struct keeps it (the head's
		 * reference when the skb was its last user, else a new one). */
		assert_int_equal(pskb_expand_head(skb, 0, 0, GFP_ATOMIC), 0);
		/* as the kernel: a kmalloc'ed (rte_malloc) head, head_frag 0 */
		assert_false(skb->head_frag);
		np = virt_to_head_page(skb->head);
		assert_null(np);
		assert_int_equal(pp_refs(page_to_netmem(page)), cloned ? 2 : 1);
		assert_int_equal(page_pool_inflight(pool), 1);
		assert_int_equal(skb->data[199], 0x5a);
		if (c != NULL) {
			kfree_skb(c);
			assert_int_equal(pp_refs(page_to_netmem(page)), 1);
		}
		kfree_skb(skb);
		assert_int_equal(page_pool_inflight(pool), 0);
	}

	/* The original goes first while a clone shares its head: the page
	 * (and the struct's slot) stays until the clone is gone. */
	page = page_pool_dev_alloc_pages(pool);
	skb = build_skb(page_address(page), PAGE_SIZE);
	assert_non_null(skb);
	memset(skb_put(skb, 100), 0xa5, 100);
	c = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(c);
	assert_int_equal(c->fclone, SKB_FCLONE_UNAVAILABLE);
	kfree_skb(skb);
	assert_int_equal(pp_refs(page_to_netmem(page)), 1);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(dataref(c), 1);
	assert_int_equal(c->data[99], 0xa5);
	kfree_skb(c);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* Not a page's start: the struct comes from the skb cache. */
	page = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_non_null(page);
	assert_int_equal(off, 0);
	skb = build_skb((char *)page_address(page) + off, 2048);
	assert_non_null(skb);
	assert_int_equal(skb->fclone, SKB_FCLONE_EMBEDDED);
	kfree_skb(skb);
	page = page_pool_dev_alloc_frag(pool, &off, 2048);
	assert_int_equal(off, 2048);
	skb = build_skb((char *)page_address(page) + off, 2048);
	assert_non_null(skb);
	assert_int_equal(skb->fclone, SKB_FCLONE_UNAVAILABLE);
	assert_int_equal(stats_now().live, s0.live + 1);
	kfree_skb(skb);
	assert_int_equal(page_pool_inflight(pool), 0);
	pool_free_idle(pool);
	assert_misuses(0);
}

static void test_build_skb_malloc(void **state)
{
	unsigned char *data = rte_malloc("t_skb", 2048, SMP_CACHE_BYTES);
	struct nm_skb_stats a = stats_now();
	struct sk_buff *skb;
	/* not rte_malloc memory; zeroes before it, so that DPDK's check of
	 * the (absent) malloc header before it fails cleanly */
	static struct {
		char before[256];
		char buf[2048];
	} plain __attribute__((aligned(64)));

	(void)state;
	assert_non_null(data);
	skb = build_skb(data, 0);
	assert_non_null(skb);
	check_fresh(skb, 0);
	assert_false(skb->head_frag);
	assert_ptr_equal(skb->head, data);
	assert_true(skb_end_offset(skb) >= 2048 - SHINFO_SIZE);
	skb_reserve(skb, 32);
	assert_non_null(skb_put(skb, 1500));
	consume_skb(skb);		/* rte_free()s the buffer */
	assert_int_equal(stats_now().live, a.live);
	assert_misuses(0);

	/* refused: too small, NULL */
	data = rte_malloc("t_skb", 2048, SMP_CACHE_BYTES);
	assert_non_null(data);
	assert_null(build_skb(data, 100));
	assert_misuses(1);
	assert_null(build_skb(NULL, 2048));
	rte_free(data);
	assert_int_equal(stats_now().live, a.live);

	/*
	 * refused: frag_size 0 on memory that is not rte_malloc's. Run in a
	 * child process: if build_skb() takes the memory for rte_malloc's, it
	 * writes a shared info at a made-up place and may crash.
	 */
	{
		pid_t pid = fork();
		int status = 0;

		assert_true(pid >= 0);
		if (pid == 0) {
			uint64_t m0 = nm_misuse_count();
			struct sk_buff *bad;

			/* a crash must end the child (not cmocka's handler) */
			signal(SIGSEGV, SIG_DFL);
			signal(SIGBUS, SIG_DFL);
			signal(SIGILL, SIG_DFL);
			signal(SIGFPE, SIG_DFL);
			signal(SIGABRT, SIG_DFL);
			bad = build_skb(plain.buf, 0);

			_exit(bad == NULL && nm_misuse_count() - m0 == 1 ? 0 : 3);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("build_skb(not rte_malloc memory, 0) was not refused: %s %d",
				 WIFSIGNALED(status) ? "killed by signal" : "exit status",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}
	case_misuse0 += 1;
	assert_misuses(0);

	/*
	 * Same with memory DPDK knows but that is not its heap's: a region
	 * registered with rte_extmem_register() (as device memory is) has a
	 * memseg list, and still no malloc header.
	 */
	{
		size_t len = 16 * PAGE_SIZE;
		char *ext = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pid_t pid;
		int status = 0;

		assert_true(ext != MAP_FAILED);
		memset(ext, 0, len);
		assert_int_equal(rte_extmem_register(ext, len, NULL, 0, PAGE_SIZE), 0);
		assert_non_null(rte_mem_virt2memseg_list(ext + PAGE_SIZE));
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			uint64_t m0 = nm_misuse_count();
			struct sk_buff *bad;

			signal(SIGSEGV, SIG_DFL);
			signal(SIGBUS, SIG_DFL);
			bad = build_skb(ext + PAGE_SIZE, 0);
			_exit(bad == NULL && nm_misuse_count() - m0 == 1 ? 0 : 3);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_int_equal(rte_extmem_unregister(ext, len), 0);
		munmap(ext, len);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("build_skb(external memory, 0) was not refused: %s %d",
				 WIFSIGNALED(status) ? "killed by signal" : "exit status",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_build_skb_pp, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_build_skb_embedded, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_build_skb_malloc, skb_case_setup, skb_case_teardown),
	};

	return skb_core_run("skb_core_build", tests, sizeof(tests) / sizeof(tests[0]));
}

