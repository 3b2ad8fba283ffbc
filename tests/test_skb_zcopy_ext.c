/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of application memory described by external pages
 * (nm_ext_pages_create): parameters, fields, unregistering on free, DPDK
 * memory (the NUMA node from its memseg list), put_page on an external page,
 * and one owner reference per frag (never per byte or page), under an
 * nm_owner whose destructor runs exactly once, after the last frag of every
 * skb is gone.
 *
 * Every case checks that no API misuse was reported and that every skb it
 * made was freed.
 */
#include "skb_zcopy_fixture.h"

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
	};

	return skb_zcopy_run("skb_zcopy_ext", tests, sizeof(tests) / sizeof(tests[0]));
}

