/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the GRO test programs (test_gro_*.c): frames built as an RX
 * path builds them (a page_pool page under napi_build_skb(), or headers in
 * the head and the payload in a page_pool frag), with checksums from an
 * independent routine (test_bytes.h); a gro_node whose deliver callback
 * collects the completed skbs; the round trip: each delivered skb pushed
 * back to its mac header, skb_gso_segment()ed in software, and every segment
 * compared byte for byte with the frames that went in; the per-case set-up
 * and leak checks.
 */
#ifndef NM_TEST_GRO_FIXTURE_H
#define NM_TEST_GRO_FIXTURE_H

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <sys/mman.h>
#include <unistd.h>

#include <netmem/devmem.h>
#include <netmem/page_pool/memory_provider.h>

#include "test_common.h"
#include "test_pool.h"
#include "test_skb_case.h"
#include <stdbool.h>
#include <string.h>

#include <rte_byteorder.h>

#include <netmem/ether.h>
#include <netmem/gro.h>
#include <netmem/netdevice.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skb_queue.h>
#include <netmem/skbuff.h>

#include "test_bytes.h"

#define G_HEADROOM	128
#define G_MAXFRAME	3000
#define G_MAXIN		256

extern struct net_device gdev;

extern struct gro_node gro;

extern struct sk_buff_head delivered;

/* One frame to build. Zero fields take the defaults of fs_default(). */
struct fspec {
	bool v6, udp, vlan;		/* vlan: an 802.1Q tag in the frame */
	bool split;			/* headers in the head, payload in a frag */
	bool v6ext;			/* IPv6 destination-options header */
	uint8_t ext[4];			/* IPv6 extension headers after v6ext's, in order:
					 * 0 hop-by-hop, 43 routing, 60 dstopts, 44 fragment */
	unsigned int next;		/* how many of ext[] */
	uint8_t extlen;			/* hdr ext len (8-byte units past the first 8) */
	uint8_t extval;			/* a byte inside each option/routing header */
	bool bad_csum;
	bool no_df;
	bool ip_mf;
	bool zero_udp_csum;
	uint8_t csum_mode;		/* CHECKSUM_NONE / UNNECESSARY / COMPLETE */
	uint16_t vid;
	uint16_t hw_vlan;		/* skb->vlan_tci set (stripped tag) when nonzero */
	uint8_t dmac_last;		/* last byte of the destination MAC */
	uint8_t saddr_last;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint16_t win;
	uint8_t flags;			/* TCP flags byte */
	uint8_t ttl, tos;
	uint16_t id;
	uint32_t flowlabel;
	unsigned int ipopt;		/* IPv4 option bytes (multiple of 4) */
	unsigned int tcpopt;		/* TCP option bytes (multiple of 4) */
	uint8_t optval;			/* TCP options content */
	unsigned int pay;		/* payload bytes */
	unsigned int pay_off;		/* payload pattern offset (stream position) */
	uint32_t hash;
};

#define TH_SYN	0x02
#define TH_PSH	0x08
#define TH_ACK	0x10

struct fspec fs_default(void);

/* Bytes of the IPv6 extension headers of @f. */
unsigned int fs_ext_len(const struct fspec *f);

/* Writes the frame of @f into @buf; returns its length. */
unsigned int build_frame(const struct fspec *f, uint8_t *buf);

/* Builds the skb of @f as a driver would, after eth_type_trans(). */
struct sk_buff *build_rx(const struct fspec *f, uint8_t *copy, unsigned int *copy_len);

/* Inputs kept for the comparison. */
struct gin {
	uint8_t bytes[G_MAXFRAME];
	unsigned int len;
	uint16_t flow;			/* sport */
};

extern struct gin gins[G_MAXIN];

extern unsigned int nr_gin;

extern bool g_any_order;

gro_result_t feed(const struct fspec *f);

/* Ends the poll: everything held is completed and delivered. */
void g_flush_all(void);

/* The @i-th delivered skb (0-based), NULL past the end. */
struct sk_buff *g_out(unsigned int i);

/*
 * Round trip of everything delivered: each skb back at its mac header,
 * segmented in software (NETIF_F_SG, no checksum offload: full checksums
 * written), every segment equal to the next input frame of its flow; all
 * inputs matched. Frees the delivered skbs.
 */
void g_round_trip(void);


int case_setup(void **state);

int case_teardown(void **state);

/* Feeds @n in-order segments of @f (seq, id and payload advance). */
void feed_train(struct fspec *f, unsigned int n);

void check_tcp_gso(const struct sk_buff *skb, unsigned int segs, unsigned int mss,
		   unsigned int type);

/*
 * The main() of every test_gro_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int gro_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_GRO_FIXTURE_H */
