/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of what libnetmem does with misuse that used to corrupt
 * memory (issue 19), each case the exact cost: counted, refused, aborted.
 *  - handles destroyed twice: a page_pool with no page out, a device-memory
 *    binding, a zero-copy notification queue, an external page array, a
 *    port: the second call is a counted misuse (a port: -ENODEV), and
 *    writes nothing;
 *  - every frag filler with an index past MAX_SKB_FRAGS: nm_bug() (abort by
 *    default: a child process dies; NM_BUG_COUNT: counted, the frag
 *    refused, its reference dropped, nothing written past the shared info);
 *  - nm_tx_burst() drop causes: a zero-length skb and a GSO skb whose TSO
 *    set-up cannot be done are NM_DROP_TX_BAD, not NM_DROP_TX_NOMEM;
 *  - frames shorter than an Ethernet header from net_ring: mac_len 0;
 *  - nm_devmem_tx_skb() headers longer than NM_DEVMEM_TX_MAX_HDR: refused;
 *  - put_page() dropping the page reference of a page_pool page: counted,
 *    taken as the pool put it should have been, and the pool's destroy
 *    finishes.
 * ASan poisoning of free memory: test_poison.c.
 *
 * After each case: no skb live, nothing left to reap, and exactly the
 * misuses the case provoked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

/* Private: to force TSO on a software port (no software PMD offers it). */
#include "port_priv.h"

#ifdef NM_POISON
#include <sanitizer/asan_interface.h>
#endif

#include "test_common.h"
#include "test_pool.h"
#include "test_port_conf.h"
#include "test_skb_case.h"

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)

/* ---------------------------------------------------------------------- */
/* Set-up and checks                                                      */
/* ---------------------------------------------------------------------- */


/* The BUG mode a case may have changed goes back to abort first. */
static int case_teardown(void **state)
{
	nm_set_bug_mode(NM_BUG_ABORT);
	return skb_case_teardown(state);
}

static struct page_pool *pool_new(void)
{
	return host_pool(256, 512);
}

/* Anonymous memory, page aligned, released by munmap. */
struct region {
	void *addr;
	size_t len;
	int released;
};

static void region_release(void *addr, size_t len, void *arg)
{
	struct region *r = arg;

	munmap(addr, len);
	__atomic_fetch_add(&r->released, 1, __ATOMIC_RELEASE);
}

static struct net_devmem_dmabuf_binding *region_bind(struct region *r, size_t len)
{
	struct net_devmem_region_params p;
	struct net_devmem_dmabuf_binding *b;

	memset(r, 0, sizeof(*r));
	r->len = len;
	r->addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(r->addr != MAP_FAILED);
	memset(r->addr, 0x5a, len);
	memset(&p, 0, sizeof(p));
	p.addr = r->addr;
	p.len = len;
	p.pg_sz = PAGE_SIZE;
	p.release = region_release;
	p.release_arg = r;
	b = net_devmem_bind(&p);
	assert_false(IS_ERR_OR_NULL(b));
	return b;
}

/* Runs @fn in a child process; true when the child was killed by SIGABRT. */
static bool dies_with_abort(void (*fn)(void))
{
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/* ---------------------------------------------------------------------- */
/* Handles destroyed twice                                                */
/* ---------------------------------------------------------------------- */

static void test_pool_destroy_twice(void **state)
{
	struct page_pool *pool;
	struct page *page;

	(void)state;
	/* no page out: the first destroy frees the pool at once */
	pool = pool_new();
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	page_pool_recycle_direct(pool, page);
	assert_int_equal(page_pool_inflight(pool), 0);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 0);
	page_pool_destroy(pool);
	assert_misuses(1);

	/* a page out: the first destroy is deferred, the second still counted */
	pool = pool_new();
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 1);
	page_pool_destroy(pool);
	assert_misuses(2);
	page_pool_put_full_page(pool, page, false);
	assert_int_equal(nm_page_pool_reap(), 0);
	page_pool_destroy(pool);
	assert_misuses(3);

	/* never created: NULL and error pointers are no-ops, not misuse */
	page_pool_destroy(NULL);
	page_pool_destroy(ERR_PTR(-EINVAL));
	assert_misuses(3);
}

static void test_devmem_unbind_twice(void **state)
{
	struct net_devmem_dmabuf_binding *b, *b2;
	struct region r, r2;
	uint32_t id;

	(void)state;
	/* the only reference: the first unbind releases the binding */
	b = region_bind(&r, 4 * PAGE_SIZE);
	id = net_devmem_binding_id(b);
	net_devmem_unbind(b);
	assert_int_equal(r.released, 1);
	assert_null(net_devmem_lookup(id));
	net_devmem_unbind(b);
	assert_misuses(1);
	assert_int_equal(r.released, 1);

	/* another reference keeps it: unbind twice is counted all the same */
	b2 = region_bind(&r2, 4 * PAGE_SIZE);
	net_devmem_binding_get(b2);
	net_devmem_unbind(b2);
	assert_true(net_devmem_binding_unbound(b2));
	net_devmem_unbind(b2);
	assert_misuses(2);
	assert_int_equal(net_devmem_binding_refcnt(b2), 1);
	assert_int_equal(r2.released, 0);
	net_devmem_binding_put(b2);
	assert_int_equal(r2.released, 1);
	assert_misuses(2);
}

static void test_zc_queue_free_twice(void **state)
{
	struct nm_zc_queue *q;
	struct ubuf_info *uarg;

	(void)state;
	/* no send pending: the first free frees it */
	q = nm_zc_queue_create(8);
	assert_non_null(q);
	nm_zc_queue_free(q);
	nm_zc_queue_free(q);
	assert_misuses(1);

	/* a send pending holds it: still one misuse, completion posts nothing */
	q = nm_zc_queue_create(8);
	assert_non_null(q);
	uarg = msg_zerocopy_alloc(q, 100);
	assert_non_null(uarg);
	nm_zc_queue_free(q);
	nm_zc_queue_free(q);
	assert_misuses(2);
	net_zcopy_put(uarg);
	assert_misuses(2);
}

static void test_ext_pages_free_twice(void **state)
{
	struct nm_owner owner;
	struct page *pages;
	void *mem;

	(void)state;
	mem = mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	assert_true(mem != MAP_FAILED);
	nm_owner_init(&owner, "test", NULL);
	pages = nm_ext_pages_create(mem, 2 * PAGE_SIZE, &owner);
	assert_false(IS_ERR_OR_NULL(pages));
	nm_ext_pages_free(pages, 2 * PAGE_SIZE);
	assert_null(virt_to_head_page(mem));
	nm_ext_pages_free(pages, 2 * PAGE_SIZE);
	assert_misuses(1);
	munmap(mem, 2 * PAGE_SIZE);
}

static uint16_t ring_pid(void)
{
	uint16_t pid = UINT16_MAX;

	assert_int_equal(rte_eth_dev_get_port_by_name("net_ring0", &pid), 0);
	return pid;
}

/* The net_ring0 port, set up. nm_port_close() releases the ethdev port
 * (rte_eth_dev_close()): the vdev is then probed again. */
static uint16_t port_up(void)
{
	struct nm_port_conf c = conf_default();
	uint16_t pid;

	if (rte_eth_dev_get_port_by_name("net_ring0", &pid) != 0) {
		int level = rte_log_get_level(RTE_LOGTYPE_RING);
		int ret;

		assert_int_equal(rte_eal_hotplug_remove("vdev", "net_ring0"), 0);
		/* net_ring attaches to the rings its previous life left */
		rte_log_set_level(RTE_LOGTYPE_RING, RTE_LOG_CRIT);
		ret = rte_eal_hotplug_add("vdev", "net_ring0", "");
		rte_log_set_level(RTE_LOGTYPE_RING, (uint32_t)level);
		assert_int_equal(ret, 0);
		pid = ring_pid();
	}
	assert_int_equal(nm_port_init(pid, &c), 0);
	return pid;
}

static void port_down(uint16_t pid)
{
	struct sk_buff *skbs[32];
	uint16_t n;

	while ((n = nm_rx_burst(pid, 0, skbs, 32)) != 0)
		for (uint16_t i = 0; i < n; i++)
			kfree_skb(skbs[i]);
	assert_int_equal(nm_port_close(pid), 0);
}

static void test_port_close_twice(void **state)
{
	uint16_t pid;

	(void)state;
	pid = port_up();
	assert_int_equal(nm_port_close(pid), 0);
	assert_int_equal(nm_port_close(pid), -ENODEV);
	assert_int_equal(nm_port_close(RTE_MAX_ETHPORTS), -ENODEV);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Frag fillers past MAX_SKB_FRAGS                                        */
/* ---------------------------------------------------------------------- */

enum filler {
	F_ADD_RX_FRAG, F_ADD_RX_FRAG_NETMEM, F_FILL_PAGE, F_FILL_NETMEM,
	F___FILL_PAGE, F___FILL_NETMEM, F_NR
};

static void fill(enum filler f, struct sk_buff *skb, int i, struct page *page)
{
	netmem_ref nm = page_to_netmem(page);

	switch (f) {
	case F_ADD_RX_FRAG:
		skb_add_rx_frag(skb, i, page, 0, 100, PAGE_SIZE);
		break;
	case F_ADD_RX_FRAG_NETMEM:
		skb_add_rx_frag_netmem(skb, i, nm, 0, 100, PAGE_SIZE);
		break;
	case F_FILL_PAGE:
		skb_fill_page_desc(skb, i, page, 0, 100);
		break;
	case F_FILL_NETMEM:
		skb_fill_netmem_desc(skb, i, nm, 0, 100);
		break;
	case F___FILL_PAGE:
		__skb_fill_page_desc(skb, i, page, 0, 100);
		break;
	default:
		__skb_fill_netmem_desc(skb, i, nm, 0, 100);
		break;
	}
}

/* An skb with all MAX_SKB_FRAGS frags, each a page reference. */
static struct sk_buff *skb_full(void)
{
	struct sk_buff *skb = alloc_skb(128, GFP);

	assert_non_null(skb);
	skb_put(skb, 64);
	for (int i = 0; i < MAX_SKB_FRAGS; i++) {
		struct page *p = alloc_page(GFP);

		assert_non_null(p);
		skb_add_rx_frag(skb, i, p, 0, 100, PAGE_SIZE);
	}
	return skb;
}

/* Bytes of the frags array past MAX_SKB_FRAGS that an unchecked filler
 * writes (the memory after the shared info). */
#define PAST_FRAGS	(3 * sizeof(skb_frag_t))

/* In poisoning builds the bytes past a page buffer are a redzone: an
 * unchecked filler's write there would be reported, and the test may not
 * read them to compare. */
static bool past_readable(const void *p)
{
#ifdef NM_POISON
	for (size_t i = 0; i < PAST_FRAGS; i++)
		if (__asan_address_is_poisoned((const char *)p + i))
			return false;
#else
	(void)p;
#endif
	return true;
}

static void test_frag_fillers_bound(void **state)
{
	const int bad[] = { MAX_SKB_FRAGS, MAX_SKB_FRAGS + 1, MAX_SKB_FRAGS + 2, -1, 255 };
	uint64_t n = 0;

	(void)state;
	nm_set_bug_mode(NM_BUG_COUNT);
	for (int f = 0; f < F_NR; f++) {
		for (unsigned int k = 0; k < RTE_DIM(bad); k++) {
			struct sk_buff *skb = skb_full();
			struct skb_shared_info *sh = skb_shinfo(skb);
			uint8_t past[PAST_FRAGS], *after = (uint8_t *)&sh->frags[MAX_SKB_FRAGS];
			struct page *p = alloc_page(GFP);
			unsigned int len = skb->len, data_len = skb->data_len;
			unsigned int truesize = skb->truesize;

			assert_non_null(p);
			get_page(p);	/* ours: see the filler drop the other */
			bool readable = past_readable(after);

			if (readable)
				memcpy(past, after, sizeof(past));
			fill((enum filler)f, skb, bad[k], p);
			assert_misuses(++n);
			assert_int_equal(sh->nr_frags, MAX_SKB_FRAGS);
			assert_int_equal(skb->len, len);
			assert_int_equal(skb->data_len, data_len);
			assert_int_equal(skb->truesize, truesize);
			if (readable)
				assert_memory_equal(after, past, sizeof(past));
			/* the reference the frag would have taken was dropped */
			assert_int_equal(page_ref_count(p), 1);
			put_page(p);
			kfree_skb(skb);
		}
	}
	/* the last slot is still taken as usual */
	{
		struct sk_buff *skb = alloc_skb(128, GFP);
		struct page *p = alloc_page(GFP);

		assert_non_null(skb);
		assert_non_null(p);
		skb_add_rx_frag(skb, MAX_SKB_FRAGS - 1, p, 10, 100, PAGE_SIZE);
		assert_int_equal(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
		assert_int_equal(skb->len, 100);
		/* frags before it were never filled: make them empty ones */
		for (int i = 0; i < MAX_SKB_FRAGS - 1; i++) {
			struct page *q = alloc_page(GFP);

			assert_non_null(q);
			skb_fill_page_desc(skb, i, q, 0, 0);
		}
		skb_shinfo(skb)->nr_frags = MAX_SKB_FRAGS;
		kfree_skb(skb);
	}
	assert_misuses(n);
}

static void fill_past_abort(void)
{
	struct sk_buff *skb = skb_full();
	struct page *p = alloc_page(GFP);

	nm_set_bug_mode(NM_BUG_ABORT);
	skb_add_rx_frag(skb, MAX_SKB_FRAGS, p, 0, 100, PAGE_SIZE);
}

static void test_frag_fillers_abort(void **state)
{
	(void)state;
	/* the default mode: a kernel BUG, the process stops */
	assert_true(dies_with_abort(fill_past_abort));
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* nm_tx_burst() drop causes                                              */
/* ---------------------------------------------------------------------- */

static struct nm_queue_stats qstats(uint16_t pid)
{
	struct nm_queue_stats st;

	assert_int_equal(nm_port_queue_stats(pid, 0, &st), 0);
	return st;
}

/* A TCPv4 GSO skb of @payload bytes after Ethernet, IPv4 and TCP headers. */
static struct sk_buff *mk_tcp_gso(unsigned int payload)
{
	struct sk_buff *skb = alloc_skb(128 + 54 + payload, GFP);
	uint8_t *b;

	assert_non_null(skb);
	skb_reserve(skb, 128);
	b = skb_put(skb, 54 + payload);
	memset(b, 0, 54 + payload);
	b[12] = 0x08;
	b[14] = 0x45;
	b[16] = (uint8_t)((40 + payload) >> 8);
	b[17] = (uint8_t)(40 + payload);
	b[22] = 64;
	b[23] = 6;
	b[46] = 5 << 4;
	skb->protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, 34);
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_segs = (uint16_t)((payload + 999) / 1000);
	return skb;
}

static void test_tx_drop_causes(void **state)
{
	struct nm_port *p;
	struct sk_buff *skb;
	uint16_t pid;

	(void)state;
	pid = port_up();

	/* zero length: nothing to send, a malformed skb */
	skb = alloc_skb(64, GFP);
	assert_non_null(skb);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(qstats(pid).drops[NM_DROP_TX_BAD], 1);
	assert_int_equal(qstats(pid).drops[NM_DROP_TX_NOMEM], 0);
	assert_int_equal(qstats(pid).tx_packets, 0);

	/* hardware TSO (forced on: software PMDs have none) of skbs whose
	 * headers TSO cannot be set up for */
	p = &nm_ports[pid];
	p->features |= NETIF_F_TSO | NETIF_F_TSO6;
	p->caps.tso_max_size = 65536;

	/* not IPv4 or IPv6 */
	skb = mk_tcp_gso(3000);
	skb->protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(qstats(pid).drops[NM_DROP_TX_BAD], 2);

	/* no transport header */
	skb = mk_tcp_gso(3000);
	skb->transport_header = (__u16)~0U;
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(qstats(pid).drops[NM_DROP_TX_BAD], 3);

	/* the TCP header past the linear part */
	skb = mk_tcp_gso(3000);
	skb_set_transport_header(skb, (int)skb_headlen(skb) - 10);
	assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
	assert_int_equal(qstats(pid).drops[NM_DROP_TX_BAD], 4);

	assert_int_equal(qstats(pid).drops[NM_DROP_TX_NOMEM], 0);
	assert_int_equal(qstats(pid).tx_packets, 0);
	p->features &= ~(NETIF_F_TSO | NETIF_F_TSO6);
	assert_misuses(0);
	port_down(pid);
}

/* ---------------------------------------------------------------------- */
/* Runts                                                                  */
/* ---------------------------------------------------------------------- */

static void test_rx_runts(void **state)
{
	struct page_pool *pp;
	uint16_t pid;

	(void)state;
	pid = port_up();
	pp = nm_port_rxq_page_pool(pid, 0);
	for (unsigned int len = 1; len <= RTE_ETHER_HDR_LEN + 1; len++) {
		/* both RX paths: the queue's own page (fast) and a copy (slow) */
		for (int slow = 0; slow < 2; slow++) {
			struct sk_buff *skb;
			struct rte_mbuf *m;
			uint16_t n;

			if (slow) {
				skb = alloc_skb(64, GFP);
				assert_non_null(skb);
				memset(skb_put(skb, len), 0x08, len);
				assert_int_equal(nm_tx_burst(pid, 0, &skb, 1), 1);
			} else {
				struct page *page = page_pool_dev_alloc_pages(pp);

				assert_non_null(page);
				m = nm_page_to_mbuf(page);
				page->_refcount = 0;	/* the mbuf carries it */
				m->data_off = RTE_PKTMBUF_HEADROOM;
				m->data_len = (uint16_t)len;
				m->pkt_len = len;
				m->nb_segs = 1;
				m->next = NULL;
				m->ol_flags = 0;
				memset(rte_pktmbuf_mtod(m, void *), 0x08, len);
				assert_int_equal(rte_eth_tx_burst(pid, 0, &m, 1), 1);
			}
			n = nm_rx_burst(pid, 0, &skb, 1);
			assert_int_equal(n, 1);
			assert_int_equal(skb->len, len);
			assert_true(skb->mac_len <= skb->len);
			if (len < RTE_ETHER_HDR_LEN) {
				assert_int_equal(skb->mac_len, 0);
				assert_int_equal(skb->protocol, 0);
				/* at data, where the kernel's receive path leaves it */
				assert_int_equal(skb_network_offset(skb), 0);
			} else {
				assert_int_equal(skb->mac_len, RTE_ETHER_HDR_LEN);
				assert_int_equal(skb->protocol, 0x0808);
			}
			assert_int_equal(skb_mac_offset(skb), 0);
			kfree_skb(skb);
		}
	}
	assert_int_equal(page_pool_inflight(pp), 0);
	assert_misuses(0);
	port_down(pid);
}

/* ---------------------------------------------------------------------- */
/* nm_devmem_tx_skb() headers                                             */
/* ---------------------------------------------------------------------- */

static void test_devmem_tx_hdr_len(void **state)
{
	static uint8_t hdr[65535];
	struct net_devmem_dmabuf_binding *b;
	struct sk_buff *skb;
	struct region r;
	uint32_t id;

	(void)state;
	b = region_bind(&r, 4 * PAGE_SIZE);
	id = net_devmem_binding_id(b);
	memset(hdr, 0x11, sizeof(hdr));

	rte_errno = 0;
	assert_null(nm_devmem_tx_skb(id, 0, 100, hdr, 65535, NULL));
	assert_int_equal(rte_errno, EINVAL);
	rte_errno = 0;
	assert_null(nm_devmem_tx_skb(id, 0, 100, hdr, NM_DEVMEM_TX_MAX_HDR + 1, NULL));
	assert_int_equal(rte_errno, EINVAL);
	/* the refusals dropped their lookup reference */
	assert_int_equal(net_devmem_binding_refcnt(b), 1);

	skb = nm_devmem_tx_skb(id, 0, 100, hdr, NM_DEVMEM_TX_MAX_HDR, NULL);
	assert_non_null(skb);
	assert_int_equal(skb_headlen(skb), NM_DEVMEM_TX_MAX_HDR);
	assert_int_equal(skb->len, NM_DEVMEM_TX_MAX_HDR + 100);
	kfree_skb(skb);
	assert_misuses(0);
	net_devmem_unbind(b);
	assert_int_equal(r.released, 1);
}

/* ---------------------------------------------------------------------- */
/* put_page() on a page_pool page                                         */
/* ---------------------------------------------------------------------- */

static void test_put_page_pp(void **state)
{
	struct page_pool *pool;
	struct page *page;

	(void)state;
	/* the sole pp reference: the page goes back to its pool */
	pool = pool_new();
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	put_page(page);
	assert_misuses(1);
	assert_int_equal(page_pool_inflight(pool), 0);
	assert_int_equal(page_ref_count(page), 1);	/* the pool's, as before */

	/* two pp references (a second user): one is dropped, the page stays */
	page = page_pool_dev_alloc_pages(pool);
	page_pool_ref_page(page);
	put_page(page);
	assert_misuses(2);
	assert_int_equal(page_pool_inflight(pool), 1);
	assert_int_equal(page->pp_ref_count, 1);
	assert_int_equal(page_ref_count(page), 1);
	page_pool_put_full_page(pool, page, false);
	assert_int_equal(page_pool_inflight(pool), 0);

	/* a page out, put_page()d, then the pool destroyed: destroy finishes */
	page = page_pool_dev_alloc_pages(pool);
	assert_non_null(page);
	page_pool_destroy(pool);
	assert_int_equal(nm_page_pool_reap(), 1);
	put_page(page);
	assert_misuses(3);
	assert_int_equal(nm_page_pool_reap(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pool_destroy_twice, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_devmem_unbind_twice, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_zc_queue_free_twice, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_ext_pages_free_twice, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_port_close_twice, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_fillers_bound, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_fillers_abort, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_tx_drop_causes, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_rx_runts, skb_case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_devmem_tx_hdr_len, skb_case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_put_page_pp, skb_case_setup, case_teardown),
	};
	int ret;

	/* NM_TEST_FILTER=test_name runs one case (a crash ends the others) */
	if (getenv("NM_TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("NM_TEST_FILTER"));
	nm_test_eal_init(1, "--vdev=net_ring0", NULL);
	ret = cmocka_run_group_tests_name("reliability", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
