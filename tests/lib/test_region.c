/* SPDX-License-Identifier: BSD-3-Clause */
/* memfd regions bound as device memory, for the tests (test_region.h). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include <netmem/netmem.h>

#include "test_region.h"

void region_map(struct region *r, size_t len, uint8_t fill)
{
	int fd = memfd_create("nm_test_region", MFD_CLOEXEC);
	void *addr;

	memset(r, 0, sizeof(*r));
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)len), 0);
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	assert_true(addr != MAP_FAILED);
	memset(addr, fill, len);
	r->addr = addr;
	r->len = len;
	r->mapped = true;
}

static void region_release(void *addr, size_t len, void *arg)
{
	struct region *r = arg;

	if (r->mapped)
		munmap(addr, len);
	r->mapped = false;
	__atomic_fetch_add(&r->release_calls, 1, __ATOMIC_RELEASE);
}

int release_calls(const struct region *r)
{
	return __atomic_load_n(&r->release_calls, __ATOMIC_ACQUIRE);
}

struct net_devmem_dmabuf_binding *region_bind(struct region *r, size_t len, uint8_t fill)
{
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b;

	region_map(r, len, fill);
	p = (struct net_devmem_region_params){
		.addr = r->addr, .len = r->len, .pg_sz = PAGE_SIZE,
		.release = region_release, .release_arg = r,
	};
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	return b;
}

void devmem_unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r)
{
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	net_devmem_unbind(b);
	assert_int_equal(release_calls(r), 1);
}
