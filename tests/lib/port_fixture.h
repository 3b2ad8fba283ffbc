/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the lib/port test programs (test_port_*.c): two net_ring
 * loopback ports (TX on queue q comes back as RX on queue q of the same
 * port), skbs of every shape to send, the expected bytes of what comes back,
 * and the per-case checks: nm_skb_get_stats().live, nm_misuse_count(), the
 * default page mempools and the test's own page_pool are back where they were.
 */
#ifndef NM_TEST_PORT_FIXTURE_H
#define NM_TEST_PORT_FIXTURE_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_skb_util.h"
#include "test_common.h"
#include "test_pool.h"
#include "test_port_conf.h"

#define NR_RINGS	2
#define BURST		32
#define ETH_HLEN	14
#define TCP4_HLEN	54	/* eth + ipv4 + tcp, no options */
#define MSS		1448
#define NM_SHINFO	NM_SKB_SHINFO_RESERVE

extern struct page_pool *my_pp;

uint32_t rnd(void);

unsigned int rnd_range(unsigned int lo, unsigned int hi);

void fill_random(uint8_t *b, unsigned int len);

void put_eth(uint8_t *b, uint16_t type);

/* An IPv4 header at @ip for @l4len bytes of @proto, checksum filled. */
void put_ip4(uint8_t *ip, unsigned int ihl, unsigned int l4len, uint8_t proto,
	     uint16_t id);

uint16_t ring_pid(int r);

struct nm_queue_stats qstats(uint16_t pid, uint16_t q);

uint64_t drops_total(const struct nm_queue_stats *st);

struct txh_walk {
	char prefix[RTE_MEMPOOL_NAMESIZE];
	unsigned int found, in_use;
};

/* TX segment headers of port @pid out of their mempool ("nm_txh<port>"). */
unsigned int txh_in_use(uint16_t pid);

/* Receives and frees whatever is left on every queue; returns how many. */
unsigned int port_drain(uint16_t pid, uint16_t nb_q);

/*
 * The ethdev port of ring @r, unconfigured. nm_port_close() releases the
 * ethdev port (rte_eth_dev_close()); the vdev is then probed again.
 */
uint16_t ring_fresh(int r);

uint16_t port_up(int r, const struct nm_port_conf *c);

/* Closes a port that was fully received: nothing may be left. */
void port_down(uint16_t pid);

/* ---------------------------------------------------------------------- */
/* Case set-up and the no-leak teardown                                   */
/* ---------------------------------------------------------------------- */

struct snap {
	uint64_t misuse;
	struct nm_skb_stats skb;
	unsigned int in_use[NM_MAX_PAGE_ORDER + 1];
};

int case_setup(void **state);

int case_teardown(void **state);

/* ---------------------------------------------------------------------- */
/* What we expect to receive, in order, per ring                          */
/* ---------------------------------------------------------------------- */

/* A GSO super-packet, flat, shared by the expectations of its segments. */
struct gso_exp {
	uint8_t *buf;
	unsigned int len, hdr, mss, nsegs, left;
};

struct exp {
	uint8_t *buf;		/* the bytes, flat (owned); NULL: a GSO segment */
	unsigned int len;
	struct gso_exp *g;
	unsigned int seg;
	const struct page *head_page;	/* moved: the head stays in this page */
};

#define EXPQ_SIZE	8192

struct expq {
	struct exp e[EXPQ_SIZE];
	unsigned int head, tail;
};

void exp_push_bytes(int r, const uint8_t *src, unsigned int len,
		    const struct page *head_page);

void exp_push_gso(int r, struct gso_exp *g);

/* Checks @skb against the next expectation of ring @r and frees it. */
void exp_check(int r, struct sk_buff *skb);

/* Receives on ring @r (queue 0) until every expectation was met. */
void rx_expect_all(int r);

/* ---------------------------------------------------------------------- */
/* Building skbs of every shape                                           */
/* ---------------------------------------------------------------------- */

enum fkind {
	F_MYPP,		/* a whole page of our page_pool */
	F_RXPP,		/* a whole page of a port's RX page_pool */
	F_PAGE,		/* alloc_page() */
	F_PPFRAG,	/* page_pool_dev_alloc_frag() of our pool: a shared page */
	F_NR
};

extern struct page_pool *rx_pp[NR_RINGS];

/* Appends @len bytes of @src as frag of kind @k; the reference moves in. */
void frag_add(struct sk_buff *skb, enum fkind k, const uint8_t *src, unsigned int len);

/* An skb whose head came from alloc_skb() (a page frag or whole pages). */
struct sk_buff *mk_alloc_head(const uint8_t *src, unsigned int headlen);

/* An skb built around a page of @pool (its pp reference moves in). */
struct sk_buff *mk_build_head(struct page_pool *pool, const uint8_t *src,
			      unsigned int headlen, struct page **pagep);

enum shape {
	SH_LINEAR,		/* alloc_skb, a page frag head: external */
	SH_LINEAR_BIG,		/* alloc_skb, whole pages: moved */
	SH_BUILD,		/* build_skb around a page_pool page: moved */
	SH_BUILD_FRAGS,		/* ... with sole page frags: moved, multi-segment */
	SH_FRAGS,		/* alloc_skb head + frags of every kind: external */
	SH_FRAGS_ONLY,		/* no linear part */
	SH_FRAGLIST,		/* head, frags and a frag_list */
	SH_CLONE,		/* a clone and its original, both sent */
	SH_GSO,			/* 64 KB TCPv4, software GSO */
	SH_NR
};

/* One packet to send: the skb, its bytes, and the page a moved head keeps. */
struct out {
	struct sk_buff *skb;
	uint8_t *buf;
	unsigned int len;
	struct page *head_page;
	struct gso_exp *g;
};

/* A random non-GSO packet of shape @sh (not SH_CLONE / SH_GSO). */
struct out mk_plain(enum shape sh);

/*
 * A TCPv4 GSO skb of about 64 KB as the stack hands it to a driver: the
 * headers in the head, the payload in up to 17 page frags, CHECKSUM_PARTIAL
 * with the pseudo-header sum in the check field.
 */
struct out mk_gso(unsigned int payload);

/* Expectations for @o sent on ring @r; takes o.buf. */
void exp_out(int r, struct out *o);

/* ---------------------------------------------------------------------- */
/* A clone sent on two ports                                              */
/* ---------------------------------------------------------------------- */

struct sk_buff *rx_one(uint16_t pid);

void assert_bytes(const struct sk_buff *skb, const uint8_t *src, unsigned int len);

/*
 * The main() of every test_port_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int port_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_PORT_FIXTURE_H */
