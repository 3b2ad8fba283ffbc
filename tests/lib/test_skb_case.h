/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the skb tests: the per-case set-up and no-leak teardown (no skb
 * left alive, no page_pool left waiting for pages) and the count of the
 * misuses a case provokes. Include after <cmocka.h>.
 */
#ifndef NM_TEST_SKB_CASE_H
#define NM_TEST_SKB_CASE_H

#include <stdint.h>

#include <netmem/netmem.h>
#include <netmem/skbuff.h>

struct page_pool;

/** nm_misuse_count() when the case started (a case may move it on). */
extern uint64_t case_misuse0;
/** nm_skb_get_stats() when the case started. */
extern struct nm_skb_stats case_st0;

/** CMocka set-up: records the misuse count and the skb statistics. */
int skb_case_setup(void **state);

/** CMocka teardown: fails when an skb is still alive or a pool still waits. */
int skb_case_teardown(void **state);

/**
 * CMocka teardown check of a case that used @p pool: no skb left alive, no
 * page of @p pool in flight, no misuse reported (what failed goes to
 * stderr). 0, or -1.
 */
int skb_case_quiet(struct page_pool *pool);

/** The case provoked exactly @p n misuse reports since it started. */
static inline void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - case_misuse0, n);
}

#endif /* NM_TEST_SKB_CASE_H */
