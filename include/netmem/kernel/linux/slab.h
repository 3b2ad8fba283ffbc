/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/slab.h of the kernel-style include tree: kmalloc(), kzalloc(),
 * kcalloc(), kmalloc_array(), krealloc(), kfree(), kmemdup(), kstrdup(),
 * kvmalloc(), kvzalloc(), kvcalloc(), kvmalloc_array(), kvfree(),
 * kfree_sensitive(), and a kmem_cache of fixed-size objects, all on the
 * DPDK heap (rte_malloc), so the memory is hugepage-backed, DMA-able
 * (rte_malloc_virt2iova()) and usable from every lcore.
 *
 * Differences from the kernel: the GFP flags are ignored except __GFP_ZERO;
 * nothing sleeps. kmalloc(0) returns ZERO_SIZE_PTR as the kernel does;
 * kfree() of NULL or ZERO_SIZE_PTR does nothing; more than
 * KMALLOC_MAX_SIZE (1 GiB) fails with NULL. Memory is aligned to a
 * cache line (the kernel guarantees ARCH_KMALLOC_MINALIGN, 8). The
 * kmem_cache is not a slab: each object is one rte_malloc() of the cache's
 * size and alignment; constructors run on every allocation. DPDK must be
 * initialised (rte_eal_init()) before the first allocation.
 */
#ifndef NM_KERNEL_LINUX_SLAB_H
#define NM_KERNEL_LINUX_SLAB_H

#include <string.h>

#include <rte_malloc.h>

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/types.h>

/** What kmalloc(0) returns: not NULL, not to be dereferenced. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

#define ARCH_KMALLOC_MINALIGN	8
#define KMALLOC_MAX_SIZE	(1UL << 30)

/** Allocates @p size bytes on the DPDK heap (cleared with __GFP_ZERO). */
static inline __must_check void *kmalloc(size_t size, gfp_t flags)
{
	if (unlikely(size == 0))
		return ZERO_SIZE_PTR;
	if (unlikely(size > KMALLOC_MAX_SIZE))
		return NULL;
	if (flags & __GFP_ZERO)
		return rte_zmalloc(NULL, size, 0);
	return rte_malloc(NULL, size, 0);
}

/** kmalloc() on a NUMA node (a DPDK socket; NUMA_NO_NODE: any). */
static inline __must_check void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	if (unlikely(size == 0))
		return ZERO_SIZE_PTR;
	if (unlikely(size > KMALLOC_MAX_SIZE))
		return NULL;
	if (node == NUMA_NO_NODE)
		return kmalloc(size, flags);
	if (flags & __GFP_ZERO)
		return rte_zmalloc_socket(NULL, size, 0, node);
	return rte_malloc_socket(NULL, size, 0, node);
}

/** kmalloc() of cleared memory. */
static inline __must_check void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

/** kzalloc() on a NUMA node. */
static inline __must_check void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}

/** @p n elements of @p size bytes; NULL when the product overflows. */
static inline __must_check void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc(bytes, flags);
}

/** kmalloc_array() of cleared memory. */
static inline __must_check void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

/** Frees what the k*alloc() family returned; NULL and ZERO_SIZE_PTR: nothing. */
static inline void kfree(const void *objp)
{
	if (unlikely(ZERO_OR_NULL_PTR(objp)))
		return;
	rte_free((void *)(uintptr_t)objp);
}

/** kfree() after clearing the object (rte_free() of DPDK 22.11 does not). */
static inline void kfree_sensitive(const void *objp)
{
	size_t size = 0;

	if (unlikely(ZERO_OR_NULL_PTR(objp)))
		return;
	if (rte_malloc_validate(objp, &size) == 0 && size != 0)
		memset((void *)(uintptr_t)objp, 0, size);
	rte_free((void *)(uintptr_t)objp);
}

/**
 * Resizes @p p to @p new_size bytes, keeping its contents; new_size 0 frees
 * it and returns ZERO_SIZE_PTR. NULL (and @p p untouched) on failure.
 */
static inline __must_check void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *q;

	if (unlikely(new_size == 0)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return kmalloc(new_size, flags);
	if (unlikely(new_size > KMALLOC_MAX_SIZE))
		return NULL;
	q = rte_realloc((void *)(uintptr_t)p, new_size, 0);
	return q;
}

/** A copy of @p len bytes at @p src, or NULL. */
static inline __must_check void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp & ~__GFP_ZERO);

	if (p != NULL && !ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

/** A copy of string @p s, or NULL (also for NULL). */
static inline __must_check char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? (char *)kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

/* kv*: the same heap (the kernel falls back to vmalloc for large sizes) */
#define kvmalloc(size, flags)		kmalloc(size, flags)
#define kvzalloc(size, flags)		kzalloc(size, flags)
#define kvmalloc_node(size, flags, node)	kmalloc_node(size, flags, node)
#define kvzalloc_node(size, flags, node)	kzalloc_node(size, flags, node)
#define kvmalloc_array(n, size, flags)	kmalloc_array(n, size, flags)
#define kvcalloc(n, size, flags)	kcalloc(n, size, flags)
#define kvrealloc(p, size, flags)	krealloc(p, size, flags)
#define kvfree(p)			kfree(p)
#define kvfree_sensitive(p, len)	do { (void)(len); kfree_sensitive(p); } while (0)
#define kvmemdup(src, len, gfp)		kmemdup(src, len, gfp)


/** A cache of objects of one size (not a slab here: see the file comment). */
struct kmem_cache {
	const char *name;
	unsigned int size;
	unsigned int align;
	void (*ctor)(void *obj);
};

#define SLAB_HWCACHE_ALIGN	0x00002000u
#define SLAB_PANIC		0x00040000u
#define SLAB_ACCOUNT		0x04000000u

/** Makes a cache of @p size byte objects, or NULL. */
static inline struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
						   unsigned int align, unsigned int flags,
						   void (*ctor)(void *))
{
	struct kmem_cache *s = (struct kmem_cache *)rte_zmalloc(NULL, sizeof(*s), 0);

	if (s == NULL)
		return NULL;
	s->name = name;
	s->size = size;
	s->align = (flags & SLAB_HWCACHE_ALIGN) && align < 64 ? 64 : align;
	s->ctor = ctor;
	return s;
}

/** Frees cache @p s (its objects must have been freed). */
static inline void kmem_cache_destroy(struct kmem_cache *s)
{
	rte_free(s);
}

/** An object of @p s, or NULL. */
static inline __must_check void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	void *obj = (flags & __GFP_ZERO) ? rte_zmalloc(s->name, s->size, s->align) :
					   rte_malloc(s->name, s->size, s->align);

	if (obj != NULL && s->ctor != NULL)
		s->ctor(obj);
	return obj;
}

/** A cleared object of @p s, or NULL. */
static inline __must_check void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}

/** Frees @p obj of @p s. */
static inline void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	(void)s;
	rte_free(obj);
}

#endif /* NM_KERNEL_LINUX_SLAB_H */
