/* SPDX-License-Identifier: BSD-3-Clause */
/* device-memory binding test fixture (devmem_fixture.h): the helpers, compiled once. */
#define _GNU_SOURCE
#include "devmem_fixture.h"

/* memfd memory of @len bytes, aligned to @align (a power of two >= PAGE_SIZE). */
void region_make_aligned(struct region *r, size_t len, size_t align)
{
	int fd = memfd_create("nm_test_devmem", MFD_CLOEXEC);
	void *res, *addr;
	uintptr_t aligned;

	memset(r, 0, sizeof(*r));
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)len), 0);
	/* Reserve len + align, then put the memfd at an aligned spot in it. */
	res = mmap(NULL, len + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(res != MAP_FAILED);
	aligned = RTE_ALIGN_CEIL((uintptr_t)res, align);
	addr = mmap((void *)aligned, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_FIXED, fd, 0);
	assert_true(addr == (void *)aligned);
	close(fd);
	if (aligned > (uintptr_t)res)
		munmap(res, aligned - (uintptr_t)res);
	if ((uintptr_t)res + len + align > aligned + len)
		munmap((void *)(aligned + len), (uintptr_t)res + len + align - (aligned + len));
	memset(addr, 0x5a, len);	/* populate: real pages behind every IOVA */
	r->addr = addr;
	r->len = len;
	r->mapped = true;
}

void region_make(struct region *r, size_t len)
{
	region_make_aligned(r, len, PAGE_SIZE);
}

/* The region's release callback: counts, checks, unmaps. */
static void region_release(void *addr, size_t len, void *arg)
{
	struct region *r = arg;

	r->release_args_ok = addr == r->addr && len == r->len;
	/* "Called once, after the region is unregistered." */
	r->unregistered_at_release = rte_mem_virt2memseg_list(addr) == NULL;
	if (r->mapped)
		munmap(addr, len);
	r->mapped = false;
	/* Last: the reaper may run this on the EAL interrupt thread. */
	__atomic_fetch_add(&r->release_calls, 1, __ATOMIC_RELEASE);
}

int devmem_release_calls(const struct region *r)
{
	return __atomic_load_n(&r->release_calls, __ATOMIC_ACQUIRE);
}

struct net_devmem_region_params region_params(struct region *r)
{
	struct net_devmem_region_params p = {
		.addr = r->addr, .len = r->len, .pg_sz = PAGE_SIZE,
		.release = region_release, .release_arg = r,
	};
	return p;
}

struct net_devmem_dmabuf_binding *bind_ok(struct region *r)
{
	struct net_devmem_region_params p = region_params(r);
	struct net_devmem_dmabuf_binding *b = net_devmem_bind(&p);

	assert_false(IS_ERR_OR_NULL(b));
	return b;
}

/* Unbinds a binding with no other reference: released at once, exactly once. */
void unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r)
{
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	assert_int_equal(r->release_calls, 0);
	net_devmem_unbind(b);
	assert_int_equal(r->release_calls, 1);
	assert_true(r->release_args_ok);
	assert_true(r->unregistered_at_release);
}

/* Every net_iov of @b is back, with no page_pool ownership left. */
void assert_all_free(const struct net_devmem_dmabuf_binding *b)
{
	const struct net_iov_area *area = net_devmem_binding_area(b);

	assert_int_equal(net_devmem_binding_avail(b), area->num_niovs);
	for (size_t i = 0; i < area->num_niovs; i++) {
		netmem_ref nm = net_iov_to_netmem(&area->niovs[i]);

		assert_null(netmem_get_pp(nm));
		assert_false(netmem_is_pp(nm));
	}
}

static uint64_t misuse0;

static unsigned int waiting0;

int case_setup(void **state)
{
	(void)state;
	misuse0 = nm_misuse_count();
	waiting0 = nm_page_pool_reap();
	return 0;
}

/* Every test leaves no destroyed pool waiting for pages (none more than
 * before it, so that one failure does not fail the tests after it). */
int case_teardown(void **state)
{
	(void)state;
	return nm_page_pool_reap() <= waiting0 ? 0 : -1;
}

void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - misuse0, n);
}

int devmem_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int ret;

	nm_test_eal_init(1, "--vdev=net_null0", NULL);
	ret = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
