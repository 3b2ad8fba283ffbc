/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the MSG_ZEROCOPY test programs (test_skb_zcopy_*.c):
 * application memory described by external pages under an nm_owner whose
 * destructor is counted, skbs over it, notification polling and checks, and
 * the case set-up (no API misuse, every skb freed).
 */
#ifndef NM_TEST_SKB_ZCOPY_FIXTURE_H
#define NM_TEST_SKB_ZCOPY_FIXTURE_H

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <rte_malloc.h>
#include <rte_memory.h>

#include <netmem/netmem.h>
#include <netmem/skbuff.h>

#include "test_common.h"

#define HDR_LEN		54	/* eth + ipv4 + tcp */
#define NPAGES		16

/* ---------------------------------------------------------------------- */
/* Application memory under an owner                                      */
/* ---------------------------------------------------------------------- */

struct app_mem {
	struct nm_owner owner;
	int release_calls;		/* atomic */
	char *buf;			/* NPAGES pages, PAGE_SIZE aligned */
	size_t len;
	struct page *pages;
};

void app_mem_init(struct app_mem *m, size_t npages);

/* Unregisters and frees: the owner's destructor must have run once. */
void app_mem_fini(struct app_mem *m);

long owner_refs(const struct app_mem *m);

/*
 * A TX skb: a small linear head (headers) and the payload [off, off + size)
 * of @m as frags, one per page touched; each frag holds one reference on
 * the owner (skb_frag_ref), not one per byte.
 */
struct sk_buff *zc_skb(struct app_mem *m, size_t off, size_t size);

/*
 * One send the way tcp_sendmsg does it: a uarg for @size bytes (a new one,
 * or the previous one extended), attached to @skb (its own reference), and
 * the sender's reference dropped once queued.
 */
struct ubuf_info *zc_send(struct nm_zc_queue *q, struct sk_buff *skb, size_t size);

/* ---------------------------------------------------------------------- */
/* Notifications                                                          */
/* ---------------------------------------------------------------------- */

unsigned int poll_all(struct nm_zc_queue *q, struct nm_zc_notification *out,
		      unsigned int n);

#define expect_note(n, l, h, c) do {						\
	assert_int_equal((n).lo, (l));						\
	assert_int_equal((n).hi, (h));						\
	assert_int_equal((n).copied, (c));					\
} while (0)

void expect_empty(struct nm_zc_queue *q);

/* Polls exactly one notification and checks it. */
void expect_one(struct nm_zc_queue *q, uint32_t lo, uint32_t hi, bool copied);

extern uint64_t misuse0;

int case_setup(void **state);

int case_teardown(void **state);

void assert_misuses(uint64_t n);

/*
 * The main() of every test_skb_zcopy_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int skb_zcopy_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_SKB_ZCOPY_FIXTURE_H */
