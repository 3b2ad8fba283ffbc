/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the checksum and segmentation test programs (test_skb_gso_*.c):
 * an independent checksum, the no-leak case set-up, packets built flat and
 * then laid out in an skb (linear, frags of page_pool or alloc_page() pages,
 * a frag_list, or all of these), and the segment checks (headers, payload
 * slices, IP/TCP/UDP fields and checksums, byte for byte).
 */
#ifndef NM_TEST_SKB_GSO_FIXTURE_H
#define NM_TEST_SKB_GSO_FIXTURE_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_memory.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"
#include "test_skb_util.h"
#include "test_common.h"
#include "test_pool.h"
#include "test_skb_case.h"

#define HEADROOM	128
#define MSS		1448


/* ---------------------------------------------------------------------- */
/* Independent checksum (big-endian 16-bit words, bytewise)               */
/* ---------------------------------------------------------------------- */

/* The library's folded checksum, read as the big-endian value it stores. */
uint16_t lib_fold_be(__wsum w);

uint64_t ref_pseudo(const uint8_t *nh, bool v6, uint32_t l4len, uint8_t proto);

/* ---------------------------------------------------------------------- */
/* Cases: setup and the no-leak teardown                                  */
/* ---------------------------------------------------------------------- */


int case_teardown(void **state);

/* ---------------------------------------------------------------------- */
/* Building packets                                                       */
/* ---------------------------------------------------------------------- */

struct spec {
	bool v6, udp, vlan, df, partial_csum;
	unsigned int ipopt;	/* IPv4 option bytes, multiple of 4 */
	unsigned int tcpopt;	/* TCP option bytes, multiple of 4 */
	uint8_t flags;		/* TCP flags */
	unsigned int payload;
	unsigned int mss;
	unsigned int extra_type;	/* more gso_type bits */
};

/* What a packet looks like, flat. */
struct pkt {
	uint8_t *buf;
	unsigned int len;
	unsigned int nhoff, thoff, thlen, hdr;
	struct spec s;
};

#define TCP_FIN	0x01
#define TCP_PSH	0x08
#define TCP_ACK	0x10
#define TCP_CWR	0x80

void pkt_make(struct pkt *p, const struct spec *s);

void pkt_free(struct pkt *p);

enum layout {
	L_LINEAR,	/* everything in the head */
	L_PP,		/* headers in the head, payload in page_pool frags */
	L_PAGES,	/* headers + a little payload in the head, alloc_page frags */
	L_FRAGLIST,	/* head payload, frags and a frag_list */
	L_MIXED,	/* every kind at once */
	L_NR
};

extern const char *const layout_name[L_NR];

/* alloc_page() pages given to skbs: a reference of ours is kept on each to
 * check they come back to exactly it. */
#define MAX_PAGES 128

void pages_check_and_put(void);

/* Appends @n bytes of @src as frags of page_pool (or alloc_page) pages to
 * @skb, at odd offsets; returns bytes added (until MAX_SKB_FRAGS). */
unsigned int add_frags(struct sk_buff *skb, const uint8_t *src, unsigned int n,
		       bool use_pp, unsigned int max_frags);

/* An skb of @lin linear bytes of @src (no headroom beyond HEADROOM). */
struct sk_buff *linear_skb(const uint8_t *src, unsigned int lin, unsigned int headroom);

/* The packet @p in an skb of layout @lay; data at the mac header. */
struct sk_buff *pkt_skb(const struct pkt *p, enum layout lay);

/* Bytes of @seg, flat (malloc'd). */
uint8_t *seg_bytes(const struct sk_buff *seg);

/* The L4 checksum of flat segment bytes @b is right. */
void assert_l4_csum_ok(const struct pkt *p, const uint8_t *b, unsigned int len);

struct expect {
	unsigned int nsegs;		/* 0: not checked */
	bool partial;			/* GSO partial segments */
};

/*
 * Checks every segment against @p, then trims / re-heads some of them and
 * frees the list. Returns the number of segments.
 */
unsigned int check_segs(const struct pkt *p, struct sk_buff *segs, netdev_features_t f,
			const struct expect *ex);

unsigned int div_up(unsigned int a, unsigned int b);

/* Segments @p in layout @lay with @f and checks everything. */
void run_one(const struct spec *s, enum layout lay, netdev_features_t f);

/*
 * The main() of every test_skb_gso_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int skb_gso_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_SKB_GSO_FIXTURE_H */
