/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the device-memory binding test programs (test_devmem_*.c):
 * memfd regions (memfd_create + ftruncate + mmap MAP_SHARED) whose release
 * callback counts its calls and unmaps the region, bindings over them, and
 * the checks that every net_iov is back.
 */
#ifndef NM_TEST_DEVMEM_FIXTURE_H
#define NM_TEST_DEVMEM_FIXTURE_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_memory.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include "devmem_priv.h"

#include "test_common.h"
#include "test_pool.h"

/* ---------------------------------------------------------------------- */
/* Regions                                                                */
/* ---------------------------------------------------------------------- */

struct region {
	void *addr;
	size_t len;
	int release_calls;		/* times the release callback ran */
	bool release_args_ok;		/* it got this region's addr and len */
	bool unregistered_at_release;	/* DPDK no longer knew the region */
	bool mapped;			/* still mapped by us */
};

/* memfd memory of @len bytes, aligned to @align (a power of two >= PAGE_SIZE). */
void region_make_aligned(struct region *r, size_t len, size_t align);

void region_make(struct region *r, size_t len);

int devmem_release_calls(const struct region *r);

struct net_devmem_region_params region_params(struct region *r);

struct net_devmem_dmabuf_binding *bind_ok(struct region *r);

/* Unbinds a binding with no other reference: released at once, exactly once. */
void unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r);

/* Every net_iov of @b is back, with no page_pool ownership left. */
void assert_all_free(const struct net_devmem_dmabuf_binding *b);

int case_setup(void **state);

/* Every test leaves no destroyed pool waiting for pages (none more than
 * before it, so that one failure does not fail the tests after it). */
int case_teardown(void **state);

void assert_misuses(uint64_t n);

/*
 * The main() of every test_devmem_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int devmem_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_DEVMEM_FIXTURE_H */
