/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the lib/skb/skb_share.c test programs (test_skb_share_*.c):
 * skbs of every shape (linear (alloc_skb), built around a page_pool page,
 * with page_pool frags, with alloc_page frags, with a frag_list, cloned, and
 * with unreadable device-memory (net_iov) frags) whose bytes are known (a
 * pattern recorded while each is built), the checks of bytes, lengths, shared
 * info and per-frag references, and quiescence at the end of each case.
 */
#ifndef NM_TEST_SKB_SHARE_FIXTURE_H
#define NM_TEST_SKB_SHARE_FIXTURE_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include "test_common.h"
#include "test_pool.h"
#include "test_region.h"

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#define GFP		(GFP_ATOMIC | __GFP_NOWARN)
#define MAXB		(96 * 1024)
#define T_TRUESIZE(X)	((X) + SKB_DATA_ALIGN(sizeof(struct sk_buff)) + \
			 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

struct quiet {
	uint64_t misuse;
	uint64_t live;
	unsigned int in_use[NM_MAX_PAGE_ORDER + 1];
	long bind_refs;
};

/* Nothing leaked, nothing reported since the test started. */
void assert_quiet(void);

/* The test provoked exactly @n misuse reports since the last check. */
void expect_misuse(uint64_t n);

uint64_t copied_bytes(void);

uint64_t skbs_live(void);

struct page_pool_stats hstats(void);

/* Pages the host pool got back (each counted once, however it went). */
uint64_t recycled(const struct page_pool_stats *s);

/* ------------------------------------------------------------------ */
/* expected bytes and builders                                          */
/* ------------------------------------------------------------------ */

/* The bytes an skb must hold, in packet order. Bytes of net_iov frags are
 * unknown: from unread_from on, nothing is compared. */
struct exp {
	uint8_t b[MAXB];
	unsigned int len;
	unsigned int unread_from;
};

extern struct exp E[6];

struct exp *exp_reset(struct exp *e);

int t_setup(void **state);

/* @dst = @a[afrom, afrom + alen) then @b[bfrom, bfrom + blen). */
void exp_concat(struct exp *dst, const struct exp *a, unsigned int afrom,
		unsigned int alen, const struct exp *b, unsigned int bfrom,
		unsigned int blen);

struct sk_buff *new_linear(struct exp *e, unsigned int headroom, unsigned int len,
			   unsigned int tailroom);

/* build_skb() around a page_pool page, marked for recycling. */
struct sk_buff *new_pphead(struct exp *e, unsigned int headroom, unsigned int len);

void add_frag(struct sk_buff *skb, struct page *page, unsigned int off,
	      unsigned int len, struct exp *e);

/* A whole page_pool page as a frag (its pp reference moves in). */
struct page *add_pp_frag(struct sk_buff *skb, struct exp *e, unsigned int off,
			 unsigned int len);

/* An alloc_page() page as a frag (its page reference moves in). */
struct page *add_page_frag(struct sk_buff *skb, struct exp *e, unsigned int off,
			   unsigned int len);

/* A device-memory net_iov as a frag: unreadable. */
netmem_ref add_niov_frag(struct sk_buff *skb, struct exp *e, unsigned int len);

/* Appends @child to @skb's frag_list. */
void add_list(struct sk_buff *skb, struct sk_buff *child);

enum shape {
	SH_LINEAR,	/* alloc_skb, linear */
	SH_PPHEAD,	/* build_skb around a page_pool page */
	SH_PPFRAGS,	/* small head + page_pool frags (whole pages and a sub-frag) */
	SH_PAGEFRAGS,	/* small head + alloc_page frags */
	SH_MIXED,	/* page_pool head + page_pool and alloc_page frags */
	SH_FRAGLIST,	/* head + frag + a frag_list of three skbs of three kinds */
	SH_HEADLESS,	/* page_pool head with no linear bytes + page_pool frags */
	SH_NR,
};

struct sk_buff *build_shape(enum shape s, struct exp *e);

/* ------------------------------------------------------------------ */
/* checks                                                               */
/* ------------------------------------------------------------------ */

void check_sane(const struct sk_buff *skb);

/* @skb holds @e's bytes [from, from + skb->len) (the readable ones). */
void check_bytes_at(const struct sk_buff *skb, const struct exp *e, unsigned int from);

void check_bytes(const struct sk_buff *skb, const struct exp *e);

bool is_linear_only(const struct sk_buff *skb);

/* Frees @a and @b (either may be NULL) in the order @flip says. */
void free2(struct sk_buff *a, struct sk_buff *b, bool flip);

/* ------------------------------------------------------------------ */
/* __pskb_pull_tail, skb_linearize                                      */
/* ------------------------------------------------------------------ */

/* Linear bytes to ask for, for pulls across every boundary of @s. */
unsigned int pull_targets(const struct sk_buff *skb, unsigned int *t);

/* ------------------------------------------------------------------ */
/* unreadable memory: copy paths refuse and change nothing              */
/* ------------------------------------------------------------------ */

struct shape_snap {
	unsigned char *head, *data;
	unsigned int len, data_len, truesize, tail;
	int nr_frags, dataref;
};

struct shape_snap shape_of(const struct sk_buff *skb);

void assert_unchanged(const struct sk_buff *skb, const struct shape_snap *s);

/*
 * The main() of every test_skb_share_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int skb_share_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_SKB_SHARE_FIXTURE_H */
