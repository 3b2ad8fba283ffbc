/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of netmem references (netmem/netmem.h): the page / net_iov
 * tagging of netmem_ref and its conversions, the accessors shared by pages
 * and net_iovs, net_iov areas, get_netmem()/put_netmem() and the lifetime
 * owners (nm_owner) that net_iov references are counted on.
 *
 * net_iovs and their area are built by hand here; pages come from the
 * default host page mempools.
 */
#include "test_common.h"

#include <string.h>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>

/*
 * netmem_ref must be a type of its own. In the kernel it is a __bitwise
 * unsigned long that sparse keeps apart from pointers and integers; here it
 * is a one-member struct so that the C compiler itself refuses to mix it up:
 * a netmem of a net_iov has its low bit set, so passing it where a
 * struct page * (or a plain address) is expected, or the reverse, would
 * silently dereference a tagged, misaligned pointer to unreadable device
 * memory. Only the conversion helpers may cross that line.
 */
_Static_assert(!__builtin_types_compatible_p(netmem_ref, uintptr_t),
	       "netmem_ref must not be compatible with uintptr_t");
_Static_assert(!__builtin_types_compatible_p(netmem_ref, unsigned long),
	       "netmem_ref must not be compatible with unsigned long");
_Static_assert(!__builtin_types_compatible_p(netmem_ref, struct page *),
	       "netmem_ref must not be compatible with struct page *");
_Static_assert(!__builtin_types_compatible_p(netmem_ref, struct net_iov *),
	       "netmem_ref must not be compatible with struct net_iov *");
_Static_assert(!__builtin_types_compatible_p(netmem_ref, void *),
	       "netmem_ref must not be compatible with void *");
/* ...while staying as cheap to pass around as a pointer. */
_Static_assert(sizeof(netmem_ref) == sizeof(uintptr_t),
	       "netmem_ref is one machine word");
/* The NET_IOV tag lives in the low bit: both targets must leave it free. */
_Static_assert(_Alignof(struct page) > NET_IOV && _Alignof(struct net_iov) > NET_IOV,
	       "page and net_iov pointers have a free low bit");

#define NR_NIOVS	4
#define AREA_BASE	0x200000UL

/* A hand-built device-memory area of NR_NIOVS net_iovs and its owner. */
struct fake_area {
	struct nm_owner owner;
	struct net_iov_area area;
	struct net_iov niovs[NR_NIOVS];
};

static unsigned int release_calls;
static struct nm_owner *released_owner;

static void count_release(struct nm_owner *owner)
{
	release_calls++;
	released_owner = owner;
}

static void fake_area_init(struct fake_area *fa)
{
	size_t i;

	memset(fa, 0, sizeof(*fa));
	nm_owner_init(&fa->owner, "test-area", count_release);
	fa->area.niovs = fa->niovs;
	fa->area.num_niovs = NR_NIOVS;
	fa->area.base_virtual = AREA_BASE;
	fa->area.owner = &fa->owner;
	for (i = 0; i < NR_NIOVS; i++) {
		fa->niovs[i].owner = &fa->area;
		fa->niovs[i].type = NET_IOV_DMABUF;
		fa->niovs[i].dma_addr = 0xabc000000ULL + (i << PAGE_SHIFT);
	}
	release_calls = 0;
	released_owner = NULL;
}

static unsigned int page_pool_in_use(const struct page *page)
{
	return rte_mempool_in_use_count(nm_page_to_mbuf(page)->pool);
}

/* netmem_null(), netmem_is_null(), netmem_eq(). */
static void test_null_and_eq(void **state)
{
	struct fake_area fa;
	netmem_ref a, b;

	(void)state;
	fake_area_init(&fa);
	assert_true(netmem_is_null(netmem_null()));
	assert_false(netmem_is_net_iov(netmem_null()));
	assert_null(netmem_to_page(netmem_null()));
	assert_null(netmem_to_net_iov(netmem_null()));

	a = net_iov_to_netmem(&fa.niovs[1]);
	b = net_iov_to_netmem(&fa.niovs[1]);
	assert_false(netmem_is_null(a));
	assert_true(netmem_eq(a, b));
	assert_false(netmem_eq(a, net_iov_to_netmem(&fa.niovs[2])));
	/* Same address, other kind: not the same netmem. */
	assert_false(netmem_eq(a, page_to_netmem((struct page *)(void *)&fa.niovs[1])));
}

/* A page's netmem is untagged and converts back to the page only. */
static void test_page_to_netmem(void **state)
{
	struct page *page = alloc_page(GFP_KERNEL);
	netmem_ref nm;

	(void)state;
	assert_non_null(page);
	nm = page_to_netmem(page);
	assert_false(netmem_is_null(nm));
	assert_false(netmem_is_net_iov(nm));
	assert_int_equal(nm.v, (uintptr_t)page);
	assert_ptr_equal(netmem_to_page(nm), page);
	assert_null(netmem_to_net_iov(nm));
	assert_ptr_equal(__netmem_to_page(nm), page);
	put_page(page);
}

/* A net_iov's netmem has the low bit set and converts back to it only. */
static void test_net_iov_to_netmem(void **state)
{
	struct fake_area fa;
	size_t i;

	(void)state;
	fake_area_init(&fa);
	for (i = 0; i < NR_NIOVS; i++) {
		netmem_ref nm = net_iov_to_netmem(&fa.niovs[i]);

		assert_true(netmem_is_net_iov(nm));
		assert_int_equal(nm.v & NET_IOV, NET_IOV);
		assert_int_equal(nm.v & ~NET_IOV, (uintptr_t)&fa.niovs[i]);
		assert_ptr_equal(netmem_to_net_iov(nm), &fa.niovs[i]);
		assert_null(netmem_to_page(nm));
		/* The unchecked view strips the tag. */
		assert_ptr_equal((void *)__netmem_to_page(nm), (void *)&fa.niovs[i]);
	}
}

/* netmem_address(): page_address() for a page, NULL for a net_iov. */
static void test_netmem_address(void **state)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct fake_area fa;
	netmem_ref nm;

	(void)state;
	fake_area_init(&fa);
	assert_non_null(page);
	nm = page_to_netmem(page);
	assert_non_null(netmem_address(nm));
	assert_ptr_equal(netmem_address(nm), page_address(page));
	assert_ptr_equal(netmem_address(nm), nm_page_to_mbuf(page)->buf_addr);

	/* Even with something in the shared fields, a net_iov is unreadable. */
	fa.niovs[0].pp_magic = 0x1234;
	assert_null(netmem_address(net_iov_to_netmem(&fa.niovs[0])));
	put_page(page);
}

/* netmem_get_dma_addr() reads the page's or the net_iov's IOVA. */
static void test_netmem_dma_addr(void **state)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct fake_area fa;
	size_t i;

	(void)state;
	fake_area_init(&fa);
	assert_non_null(page);
	assert_int_equal(netmem_get_dma_addr(page_to_netmem(page)), page->dma_addr);
	assert_int_equal(netmem_get_dma_addr(page_to_netmem(page)),
			 rte_mbuf_iova_get(nm_page_to_mbuf(page)));
	for (i = 0; i < NR_NIOVS; i++)
		assert_int_equal(netmem_get_dma_addr(net_iov_to_netmem(&fa.niovs[i])),
				 0xabc000000ULL + (i << PAGE_SHIFT));
	put_page(page);
}

/* netmem_ref_count(): the page refcount, always 1 for a net_iov. */
static void test_netmem_ref_count(void **state)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct fake_area fa;
	netmem_ref nm;

	(void)state;
	fake_area_init(&fa);
	assert_non_null(page);
	nm = page_to_netmem(page);
	assert_int_equal(netmem_ref_count(nm), 1);
	get_page(page);
	get_page(page);
	assert_int_equal(netmem_ref_count(nm), 3);
	put_page(page);
	put_page(page);
	assert_int_equal(netmem_ref_count(nm), 1);

	fa.niovs[2].pp_ref_count = 7;
	fa.niovs[2]._unused = 5;
	assert_int_equal(netmem_ref_count(net_iov_to_netmem(&fa.niovs[2])), 1);
	fa.niovs[2].pp_ref_count = 0;
	fa.niovs[2]._unused = 0;
	assert_int_equal(netmem_ref_count(net_iov_to_netmem(&fa.niovs[2])), 1);
	put_page(page);
}

/* netmem_get_pp(), netmem_get_pp_magic(), netmem_is_pp() and the
 * pp_ref_count field, for both kinds. */
static void test_netmem_pp_fields(void **state)
{
	static char fake_pool_storage;
	struct page_pool *fake_pool = (struct page_pool *)(void *)&fake_pool_storage;
	struct page *page = alloc_page(GFP_KERNEL);
	struct fake_area fa;
	netmem_ref pnm, nnm;

	(void)state;
	fake_area_init(&fa);
	assert_non_null(page);
	pnm = page_to_netmem(page);
	nnm = net_iov_to_netmem(&fa.niovs[3]);

	/* A fresh page and a fresh net_iov belong to no page_pool. */
	assert_null(netmem_get_pp(pnm));
	assert_false(netmem_is_pp(pnm));
	assert_null(netmem_get_pp(nnm));
	assert_false(netmem_is_pp(nnm));

	page->pp = fake_pool;
	page->pp_magic = PP_SIGNATURE;
	fa.niovs[3].pp = fake_pool;
	fa.niovs[3].pp_magic = PP_SIGNATURE;
	assert_ptr_equal(netmem_get_pp(pnm), fake_pool);
	assert_ptr_equal(netmem_get_pp(nnm), fake_pool);
	assert_int_equal(netmem_get_pp_magic(pnm), PP_SIGNATURE);
	assert_int_equal(netmem_get_pp_magic(nnm), PP_SIGNATURE);
	assert_true(netmem_is_pp(pnm));
	assert_true(netmem_is_pp(nnm));

	/* The low bits of pp_magic are masked off... */
	fa.niovs[3].pp_magic = PP_SIGNATURE | 0x3;
	assert_true(netmem_is_pp(nnm));
	/* ...the others are not. */
	fa.niovs[3].pp_magic = PP_SIGNATURE | 0x4;
	assert_false(netmem_is_pp(nnm));
	fa.niovs[3].pp_magic = 0;
	assert_false(netmem_is_pp(nnm));

	/* pp_ref_count: same field for both kinds. */
	assert_ptr_equal(netmem_get_pp_ref_count_ref(pnm), &page->pp_ref_count);
	assert_ptr_equal(netmem_get_pp_ref_count_ref(nnm), &fa.niovs[3].pp_ref_count);

	page->pp = NULL;
	page->pp_magic = 0;
	assert_false(netmem_is_pp(pnm));
	put_page(page);
}

/* net_iov_owner(), net_iov_idx(), net_iov_virtual_addr(). */
static void test_net_iov_area(void **state)
{
	struct fake_area fa;
	size_t i;

	(void)state;
	fake_area_init(&fa);
	for (i = 0; i < NR_NIOVS; i++) {
		const struct net_iov *niov = &fa.niovs[i];

		assert_ptr_equal(net_iov_owner(niov), &fa.area);
		assert_ptr_equal(net_iov_owner(niov)->owner, &fa.owner);
		assert_int_equal(net_iov_idx(niov), i);
		assert_int_equal(net_iov_virtual_addr(niov), AREA_BASE + i * PAGE_SIZE);
		/* Through the netmem as well. */
		assert_int_equal(net_iov_idx(netmem_to_net_iov(
				 net_iov_to_netmem((struct net_iov *)niov))), i);
	}
	/* The base offset is honoured, not assumed. */
	fa.area.base_virtual = 0;
	assert_int_equal(net_iov_virtual_addr(&fa.niovs[3]), 3 * PAGE_SIZE);
}

/* nm_owner_init/get/put: the destructor runs once, at the last put. */
static void test_owner_lifecycle(void **state)
{
	struct nm_owner owner;
	uint64_t misuse = nm_misuse_count();

	(void)state;
	release_calls = 0;
	released_owner = NULL;
	memset(&owner, 0xff, sizeof(owner));
	nm_owner_init(&owner, "lifecycle", count_release);
	assert_int_equal(nm_owner_refcnt(&owner), 1);
	assert_string_equal(owner.name, "lifecycle");
	assert_ptr_equal(owner.release, count_release);

	nm_owner_get(&owner);
	nm_owner_get(&owner);
	assert_int_equal(nm_owner_refcnt(&owner), 3);
	assert_false(nm_owner_put(&owner));
	assert_false(nm_owner_put(&owner));
	assert_int_equal(nm_owner_refcnt(&owner), 1);
	assert_int_equal(release_calls, 0);

	assert_true(nm_owner_put(&owner));
	assert_int_equal(release_calls, 1);
	assert_ptr_equal(released_owner, &owner);
	assert_int_equal(nm_owner_refcnt(&owner), 0);
	assert_int_equal(nm_misuse_count(), misuse);
}

/* A put below zero is reported and does not run the destructor again. */
static void test_owner_put_underflow(void **state)
{
	struct nm_owner owner;
	uint64_t misuse;

	(void)state;
	release_calls = 0;
	nm_owner_init(&owner, "underflow", count_release);
	assert_true(nm_owner_put(&owner));
	assert_int_equal(release_calls, 1);

	misuse = nm_misuse_count();
	assert_false(nm_owner_put(&owner));
	assert_int_equal(nm_misuse_count(), misuse + 1);
	assert_int_equal(release_calls, 1);
	/* The count is left at zero, not negative... */
	assert_int_equal(nm_owner_refcnt(&owner), 0);
	/* ...so a second bad put is caught the same way. */
	assert_false(nm_owner_put(&owner));
	assert_int_equal(nm_misuse_count(), misuse + 2);
	assert_int_equal(release_calls, 1);
	assert_int_equal(nm_owner_refcnt(&owner), 0);
}

/* An owner without a destructor may reach zero. */
static void test_owner_no_release(void **state)
{
	struct nm_owner owner;
	uint64_t misuse = nm_misuse_count();

	(void)state;
	nm_owner_init(&owner, NULL, NULL);
	nm_owner_get(&owner);
	assert_false(nm_owner_put(&owner));
	assert_true(nm_owner_put(&owner));
	assert_int_equal(nm_owner_refcnt(&owner), 0);
	assert_int_equal(nm_misuse_count(), misuse);
	/* Underflow of an unnamed owner is reported too. */
	assert_false(nm_owner_put(&owner));
	assert_int_equal(nm_misuse_count(), misuse + 1);
	assert_int_equal(nm_owner_refcnt(&owner), 0);
}

/* get_netmem/put_netmem on a net_iov count on the area's owner. */
static void test_get_put_netmem_net_iov(void **state)
{
	struct fake_area fa;
	netmem_ref a, b;
	uint64_t misuse = nm_misuse_count();

	(void)state;
	fake_area_init(&fa);
	a = net_iov_to_netmem(&fa.niovs[0]);
	b = net_iov_to_netmem(&fa.niovs[3]);

	get_netmem(a);
	assert_int_equal(nm_owner_refcnt(&fa.owner), 2);
	get_netmem(b);
	assert_int_equal(nm_owner_refcnt(&fa.owner), 3);
	/* Not the net_iov's own counts. */
	assert_int_equal(fa.niovs[0].pp_ref_count, 0);
	assert_int_equal(fa.niovs[3].pp_ref_count, 0);
	assert_int_equal(fa.niovs[0]._unused, 0);

	put_netmem(a);
	put_netmem(b);
	assert_int_equal(nm_owner_refcnt(&fa.owner), 1);
	assert_int_equal(release_calls, 0);

	/* The area's own reference goes through a net_iov: it is the last. */
	put_netmem(b);
	assert_int_equal(release_calls, 1);
	assert_ptr_equal(released_owner, &fa.owner);
	assert_int_equal(nm_misuse_count(), misuse);

	/* One more: an underflow, caught, the destructor not run again. */
	put_netmem(a);
	assert_int_equal(nm_misuse_count(), misuse + 1);
	assert_int_equal(release_calls, 1);
	assert_int_equal(nm_owner_refcnt(&fa.owner), 0);
}

/* get_netmem/put_netmem on a page take/drop page references; the last
 * one frees the page. */
static void test_get_put_netmem_page(void **state)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned int in_use;
	uint64_t misuse = nm_misuse_count();
	netmem_ref nm;

	(void)state;
	assert_non_null(page);
	in_use = page_pool_in_use(page);
	nm = page_to_netmem(page);
	get_netmem(nm);
	assert_int_equal(page_ref_count(page), 2);
	assert_int_equal(netmem_ref_count(nm), 2);
	put_netmem(nm);
	assert_int_equal(page_ref_count(page), 1);
	assert_int_equal(page_pool_in_use(page), in_use);

	put_netmem(nm);
	assert_int_equal(page_ref_count(page), 0);
	assert_int_equal(page_pool_in_use(page), in_use - 1);
	assert_int_equal(nm_misuse_count(), misuse);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_eq),
		cmocka_unit_test(test_page_to_netmem),
		cmocka_unit_test(test_net_iov_to_netmem),
		cmocka_unit_test(test_netmem_address),
		cmocka_unit_test(test_netmem_dma_addr),
		cmocka_unit_test(test_netmem_ref_count),
		cmocka_unit_test(test_netmem_pp_fields),
		cmocka_unit_test(test_net_iov_area),
		cmocka_unit_test(test_owner_lifecycle),
		cmocka_unit_test(test_owner_put_underflow),
		cmocka_unit_test(test_owner_no_release),
		cmocka_unit_test(test_get_put_netmem_net_iov),
		cmocka_unit_test(test_get_put_netmem_page),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
