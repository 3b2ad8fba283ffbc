/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by test_skb_datagram.c and test_skb_frags.c: per-case checks (skbs
 * freed, pools reaped, misuses counted), a host page_pool, a device-memory
 * binding for net_iov frags, a reference checksum, and the layout skb every
 * copy test walks:
 *
 *   linear 100 | frag0: plain page @100, 1000 | frag1: pp page @0, 2000 |
 *   frag_list child: linear 300 | child frag: plain page @10, 450
 *
 * 3850 bytes, byte i of the packet is ref[i].
 */
#ifndef NM_TEST_DGRAM_UTIL_H
#define NM_TEST_DGRAM_UTIL_H

#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_common.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skb_datagram.h>

#include "test_common.h"
#include "test_skb_util.h"
#include "test_pool.h"
#include "test_region.h"
#include "test_skb_case.h"

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define LAYOUT_LEN	3850

static inline unsigned char pat(size_t off, unsigned int seed)
{
	return (unsigned char)((off * 131u + seed * 17u + (off >> 8)) & 0xff);
}

static inline struct page_pool *pool_new(void)
{
	struct page_pool_params pp = host_pool_params(64, 128, "t_dgram");

	return pool_create_ok(&pp);
}

static inline void pool_free_idle(struct page_pool *pool)
{
	assert_int_equal(page_pool_inflight(pool), 0);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
}

static inline struct page *plain_page(void)
{
	struct page *p = alloc_page(GFP);

	assert_non_null(p);
	memset(page_address(p), 0xcc, PAGE_SIZE);
	return p;
}

/* ---- device memory ----------------------------------------------------- */

static inline struct net_iov *binding_niov(struct net_devmem_dmabuf_binding *b, size_t i)
{
	const struct net_iov_area *area = net_devmem_binding_area(b);

	assert_true(i < area->num_niovs);
	return (struct net_iov *)(uintptr_t)&area->niovs[i];
}

/* ---- reference checksum ------------------------------------------------ */

/* Ones'-complement sum of 16-bit words in memory order, plus @init,
 * folded to 16 bits (not complemented): written apart from the library. */
static inline uint16_t ref_sum16(const unsigned char *p, size_t len, uint32_t init)
{
	uint64_t s = (init & 0xffff) + (init >> 16);

	for (size_t k = 0; k + 1 < len; k += 2) {
		uint16_t w;

		memcpy(&w, p + k, 2);
		s += w;
	}
	if (len & 1) {
		uint16_t w = 0;

		memcpy(&w, p + len - 1, 1);
		s += w;
	}
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* ---- the layout skb ---------------------------------------------------- */

struct layout {
	struct sk_buff *skb;
	struct sk_buff *child;
	struct page *p0, *p2;		/* plain pages of frag0 and the child's frag */
	struct page *pp1;		/* page_pool page of frag1 */
	unsigned char ref[LAYOUT_LEN];
};

static inline void layout_build(struct layout *l, struct page_pool *pool, unsigned int seed)
{
	struct sk_buff *last = NULL;
	unsigned char *p;

	for (size_t i = 0; i < LAYOUT_LEN; i++)
		l->ref[i] = pat(i, seed);
	l->skb = alloc_skb(128, GFP);
	assert_non_null(l->skb);
	skb_put_data(l->skb, l->ref, 100);

	l->p0 = plain_page();
	p = page_address(l->p0);
	memcpy(p + 100, l->ref + 100, 1000);
	skb_add_rx_frag(l->skb, 0, l->p0, 100, 1000, 1000);

	l->pp1 = page_pool_dev_alloc_pages(pool);
	assert_non_null(l->pp1);
	memcpy(page_address(l->pp1), l->ref + 1100, 2000);
	skb_add_rx_frag(l->skb, 1, l->pp1, 0, 2000, PAGE_SIZE);
	skb_mark_for_recycle(l->skb);

	l->child = alloc_skb(512, GFP);
	assert_non_null(l->child);
	skb_put_data(l->child, l->ref + 3100, 300);
	l->p2 = plain_page();
	memcpy((unsigned char *)page_address(l->p2) + 10, l->ref + 3400, 450);
	skb_add_rx_frag(l->child, 0, l->p2, 10, 450, 450);
	add_child(l->skb, &last, l->child);
	assert_int_equal(l->skb->len, LAYOUT_LEN);
	assert_int_equal(skb_headlen(l->skb), 100);
}

/* The iterator's position: segment @seg, @off into it, @nr_segs left, @count. */
static inline void assert_iter(const struct iov_iter *it, const void *seg, size_t off,
			       unsigned long nr_segs, size_t count)
{
	assert_ptr_equal(it->__iov, seg);
	assert_int_equal(it->iov_offset, off);
	assert_int_equal(it->nr_segs, nr_segs);
	assert_int_equal(iov_iter_count(it), count);
}

#endif /* NM_TEST_DGRAM_UTIL_H */
