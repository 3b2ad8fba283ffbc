/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virt_to_head_page() in O(1). Page buffers are not PAGE_SIZE aligned (an
 * mbuf header precedes each), so the map is indexed by 4 KiB granule of
 * virtual address: a granule overlaps at most two buffers (buffers are at
 * least 4 KiB), the one holding its first byte (lo) and the one starting
 * inside it (hi). Two levels: 2^17 leaves of 2^18 granules (1 GiB each),
 * leaves made on demand. Writers hold a lock; lookups are lock-free.
 */
#include <errno.h>
#include <sys/mman.h>

#include <rte_spinlock.h>

#include "netmem_priv.h"

#define GRAN_SHIFT	12
#define LEAF_BITS	18
#define TOP_BITS	17
#define LEAF_SIZE	(1UL << LEAF_BITS)

struct map_ent {
	struct page *lo;	/* buffer holding the granule's first byte */
	struct page *hi;	/* buffer starting after the granule's first byte */
};

static struct map_ent *map_top[1UL << TOP_BITS];
static rte_spinlock_t map_lock = RTE_SPINLOCK_INITIALIZER;

static struct map_ent *map_ent_get(uintptr_t gran, bool create)
{
	uintptr_t top = gran >> LEAF_BITS;
	struct map_ent *leaf;

	if (top >= RTE_DIM(map_top))
		return NULL;
	leaf = __atomic_load_n(&map_top[top], __ATOMIC_ACQUIRE);
	if (leaf == NULL && create) {
		leaf = mmap(NULL, LEAF_SIZE * sizeof(*leaf), PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (leaf == MAP_FAILED)
			return NULL;
		__atomic_store_n(&map_top[top], leaf, __ATOMIC_RELEASE);
	}
	return leaf ? &leaf[gran & (LEAF_SIZE - 1)] : NULL;
}

static int map_set(struct page *page, struct page *val)
{
	uintptr_t start = (uintptr_t)page->virt;
	uintptr_t end = start + page_size(page) - 1;
	uintptr_t g;

	for (g = start >> GRAN_SHIFT; g <= end >> GRAN_SHIFT; g++) {
		struct map_ent *e = map_ent_get(g, val != NULL);
		struct page **slot;

		if (e == NULL)
			return val ? -ENOMEM : 0;
		slot = (g == start >> GRAN_SHIFT && (start & ((1UL << GRAN_SHIFT) - 1))) ?
			&e->hi : &e->lo;
		if (val == NULL && *slot != page)
			continue;
		__atomic_store_n(slot, val, __ATOMIC_RELEASE);
	}
	return 0;
}

int nm_page_map_add(struct page *page)
{
	int ret;

	rte_spinlock_lock(&map_lock);
	ret = map_set(page, page);
	rte_spinlock_unlock(&map_lock);
	return ret;
}

void nm_page_map_del(struct page *page)
{
	rte_spinlock_lock(&map_lock);
	map_set(page, NULL);
	rte_spinlock_unlock(&map_lock);
}

static inline bool page_holds(const struct page *p, uintptr_t a)
{
	uintptr_t s;

	if (p == NULL)
		return false;
	s = (uintptr_t)p->virt;
	return a >= s && a - s < page_size(p);
}

struct page *virt_to_head_page(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	struct map_ent *e = map_ent_get(a >> GRAN_SHIFT, false);
	struct page *p;

	if (e == NULL)
		return NULL;
	p = __atomic_load_n(&e->hi, __ATOMIC_ACQUIRE);
	if (page_holds(p, a))
		return p;
	p = __atomic_load_n(&e->lo, __ATOMIC_ACQUIRE);
	return page_holds(p, a) ? p : NULL;
}
