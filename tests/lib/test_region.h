/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the device-memory tests: memfd memory the test owns (so it
 * reads what lands there directly), bound as a device-memory region whose
 * release callback unmaps it and counts its calls.
 */
#ifndef NM_TEST_REGION_H
#define NM_TEST_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netmem/devmem.h>

struct region {
	void *addr;
	size_t len;
	int release_calls;
	bool mapped;
};

/** memfd memory of @p len bytes (MAP_SHARED), every byte @p fill. */
void region_map(struct region *r, size_t len, uint8_t fill);

/** How many times the region's release callback ran (acquire load). */
int release_calls(const struct region *r);

/** region_map(), then net_devmem_bind() of it; fails the test when refused. */
struct net_devmem_dmabuf_binding *region_bind(struct region *r, size_t len, uint8_t fill);

/** Unbinds a binding nothing else holds: released at once, exactly once. */
void devmem_unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r);

#endif /* NM_TEST_REGION_H */
