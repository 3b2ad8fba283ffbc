/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the device-memory port test programs (test_port_devmem_*.c):
 * memfd regions the test owns (it reads the payload directly at a record's
 * offset), bindings on net_ring0 (a loopback: what is sent on queue q is
 * received on queue q) and net_null0 (a port set up without header split),
 * packets to send, record checks, and the per-case leak checks.
 */
#ifndef NM_TEST_PORT_DEVMEM_FIXTURE_H
#define NM_TEST_PORT_DEVMEM_FIXTURE_H

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_memory.h>
#include <rte_tcp.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>
#include "port_priv.h"

#include "test_common.h"
#include "test_region.h"

#define HDR_LEN		(RTE_ETHER_HDR_LEN + 20 + 20)	/* Ethernet + IPv4 + TCP */

extern uint16_t ring_port, null_port;

/* ---------------------------------------------------------------------- */
/* Regions                                                                */
/* ---------------------------------------------------------------------- */

/* Drops the user's reference of a binding nothing else holds. */
void unbind_last(struct net_devmem_dmabuf_binding *b, struct region *r);

/* ---------------------------------------------------------------------- */
/* Packets                                                                */
/* ---------------------------------------------------------------------- */

uint8_t pay_byte(uint8_t seed, size_t i);

void fill_hdr(uint8_t *h, unsigned int plen);

/* Ethernet + IPv4 + TCP with @plen payload bytes (pay_byte(seed, i)), linear
 * in an alloc_skb() head; @frag_len more payload bytes in a page frag. */
struct sk_buff *make_pkt(unsigned int plen, unsigned int frag_len, uint8_t seed);

void send_one(struct sk_buff *skb);

struct sk_buff *recv_one(void);

struct nm_queue_stats qstats(void);

uint64_t skb_copied(void);

struct page_pool *rxq_devmem_pool(uint16_t q);

/* The payload bytes the records name, read from the region the test owns. */
void check_records(const struct nm_devmem_rx_frag *rec, int n, uint32_t id,
		   const struct region *r, uint8_t seed, unsigned int plen);

int give_back(uint32_t id, const struct nm_devmem_rx_frag *rec, int n);

int case_setup(void **state);

/* No misuse, no skb left, no destroyed pool still waiting for memory. */
int case_teardown(void **state);

/*
 * The main() of every test_port_devmem_*.c program: starts the EAL and what the cases
 * share, runs @tests (@n of them) as the CMocka group @name, cleans up.
 */
int port_devmem_run(const char *name, const struct CMUnitTest *tests, size_t n);

#endif /* NM_TEST_PORT_DEVMEM_FIXTURE_H */
