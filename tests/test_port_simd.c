/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests: the RX skb builders of lib/port give the same skb. Both are
 * compiled in here whatever -Dsimd chose for the library: the portable C
 * builder everywhere, the SSE2 one on x86. Over many mbuf shapes (page
 * orders, data_off, data_len around the Ethernet and VLAN header sizes,
 * ethertypes, packet types) each builder writes an skb slot, shared info
 * and page prefilled with garbage; the results must be equal byte for byte
 * and equal to what the kernel's receive path would leave, field by field.
 * Also: the page becomes a page_pool page exactly as nm_netmem_set_pp_info()
 * makes one (of the queue's pool, or of the pool given: a page of another
 * queue), and rx_fast_ok()'s one-word test of data_off, refcnt and
 * nb_segs takes what it should and nothing else.
 * Every case checks page_pool inflight 0 and no misuse counted.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

/* Private: the builders (both, whatever the library uses). */
#define NM_RX_BUILD_ALL 1
#include "port_rx_build.h"
#include "port_rx.h"

#include "test_common.h"

static struct page_pool *pools[2];	/* orders 0 and 1 */
static uint64_t misuse0;

/* What one build left: the skb slot, the shared info's first three words,
 * the page's metadata. */
struct built {
	unsigned char skb[sizeof(struct sk_buff)];
	unsigned char sh[offsetof(struct skb_shared_info, frags)];
	struct page page;
};

static void garbage(struct page *page, const struct nm_rxq *rxq, unsigned char g)
{
	memset(nm_page_skb_slot(page), g, sizeof(struct sk_buff));
	memset(page->virt + rxq->tmpl.end, g ^ 0xff, offsetof(struct skb_shared_info, frags));
	page->pp_magic = 0x1234;
	page->pp = (struct page_pool *)(uintptr_t)0x40;
	page->pp_ref_count = 7;
	page->_refcount = 9;
}

static void keep(struct built *b, const struct page *page, const struct nm_rxq *rxq)
{
	memcpy(b->skb, nm_page_skb_slot(page), sizeof(b->skb));
	memcpy(b->sh, page->virt + rxq->tmpl.end, sizeof(b->sh));
	b->page = *page;
}

/* The skb the kernel's receive path would leave for this packet. */
static void check_fields(const struct sk_buff *skb, const struct nm_rxq *rxq,
			 const struct page *page, unsigned int doff, unsigned int dlen,
			 uint32_t ptype)
{
	const unsigned char *d = page->virt + doff;
	const struct skb_shared_info *sh = (const void *)(page->virt + rxq->tmpl.end);
	unsigned int mac_len = 0;
	__be16 proto = 0;

	if (dlen >= RTE_ETHER_HDR_LEN) {
		mac_len = RTE_ETHER_HDR_LEN;
		memcpy(&proto, d + 12, 2);
		if (proto == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN) && dlen >= RTE_ETHER_HDR_LEN + 4) {
			mac_len += 4;
			memcpy(&proto, d + 16, 2);
		}
	}
	assert_null(skb->next);
	assert_null(skb->prev);
	assert_int_equal(skb->tstamp, 0);
	for (unsigned int i = 0; i < sizeof(skb->cb); i++)
		assert_int_equal(skb->cb[i], 0);
	assert_int_equal(skb->len, dlen);
	assert_int_equal(skb->data_len, 0);
	assert_int_equal(skb->mac_len, mac_len);
	assert_int_equal(skb->hdr_len, 0);
	assert_int_equal(skb->queue_mapping, rxq->queue);
	assert_int_equal(skb->port, rxq->port);
	assert_int_equal(skb->cloned, 0);
	assert_int_equal(skb->nohdr, 0);
	assert_int_equal(skb->fclone, SKB_FCLONE_EMBEDDED);
	assert_int_equal(skb->head_frag, 1);
	assert_int_equal(skb->pp_recycle, 1);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	assert_int_equal(skb->vlan_all, 0);
	assert_int_equal(skb->priority, 0);
	assert_int_equal(skb->hash, 0);
	assert_int_equal(skb->csum, 0);
	assert_int_equal(skb->mark, 0);
	assert_int_equal(skb->skb_iif, 0);
	assert_int_equal(skb->packet_type, ptype);
	assert_int_equal(skb->protocol, proto);
	assert_int_equal(skb->inner_protocol, 0);
	assert_int_equal(skb->inner_transport_header, 0);
	assert_int_equal(skb->inner_network_header, 0);
	assert_int_equal(skb->inner_mac_header, 0);
	assert_int_equal(skb->transport_header, (__u16)~0U);
	assert_int_equal(skb->network_header, doff + mac_len);
	assert_int_equal(skb->mac_header, doff);
	assert_int_equal(skb->tail, doff + dlen);
	assert_int_equal(skb->end, rxq->page_size - SKB_SHINFO_SIZE);
	assert_ptr_equal(skb->head, page->virt);
	assert_ptr_equal(skb->data, page->virt + doff);
	assert_int_equal(skb->truesize, SKB_TRUESIZE(skb->end));
	assert_int_equal(skb->users, 1);
	assert_null(skb->destructor);
	assert_null(skb->dev);
	assert_int_equal(sh->flags, 0);
	assert_int_equal(sh->nr_frags, 0);
	assert_int_equal(sh->gso_size, 0);
	assert_int_equal(sh->gso_segs, 0);
	assert_int_equal(sh->gso_type, 0);
	assert_null(sh->frag_list);
	assert_int_equal(sh->dataref, 1);
	assert_null(sh->destructor_arg);
	/* the page: a page_pool page of the queue's pool, one of each ref */
	assert_true(page_pool_page_is_pp(page));
	assert_ptr_equal(page->pp, rxq->pool);
	assert_int_equal(page->pp_ref_count, 1);
	assert_int_equal(page->_refcount, 1);
}

/* The page as nm_netmem_set_pp_info() makes it a page_pool page. */
static void check_setter(const struct page *built, const struct nm_rxq *rxq)
{
	struct page ref = *built;

	ref.pp_magic = 0;
	ref.pp = NULL;
	ref.pp_ref_count = 5;
	nm_netmem_set_pp_info(page_to_netmem(&ref), rxq->pool);
	ref._refcount = 1;
	assert_memory_equal(&ref, built, sizeof(ref));
}

static const uint16_t ethertypes[] = {
	RTE_ETHER_TYPE_IPV4, RTE_ETHER_TYPE_IPV6, RTE_ETHER_TYPE_VLAN, RTE_ETHER_TYPE_ARP,
	RTE_ETHER_TYPE_QINQ, 0x0000, 0xffff,
};
static const unsigned int lens[] = {
	0, 1, 2, 13, 14, 15, 16, 17, 18, 19, 60, 64, 65, 127, 128, 1500, 1514, 1518,
};
static const unsigned int doffs[] = { 0, 1, 2, 3, 7, 64, 127, 128, 130, 256 };

static unsigned int shapes;

/* The builders for a page of another pool (rx_foreign_pool()'s answer):
 * what @bg holds for the queue's pool, but for the page's pp. */
static void build_compare_pool(const struct nm_rxq *rxq, struct page *page,
			       const struct built *bg)
{
	struct page_pool *pool = rxq->pool == pools[0] ? pools[1] : pools[0];
	struct rte_mbuf *m = nm_page_to_mbuf(page);
	struct rx_build_generic_ctx g;
	struct built want = *bg, b;
	struct rx_fast_ctx c;

	want.page.pp = pool;
	garbage(page, rxq, 0x5a);
	rx_build_generic_init(&g, rxq);
	assert_ptr_equal(rx_build_generic_pool(&g, m, pool), nm_page_skb_slot(page));
	keep(&b, page, rxq);
	assert_memory_equal(&want, &b, sizeof(b));
#ifdef __SSE2__
	{
		struct rx_build_sse_ctx v;

		garbage(page, rxq, 0xc3);
		rx_build_sse_init(&v, rxq);
		assert_ptr_equal(rx_build_sse_pool(&v, m, pool), nm_page_skb_slot(page));
		keep(&b, page, rxq);
		assert_memory_equal(&want, &b, sizeof(b));
	}
#endif
	garbage(page, rxq, 0x69);
	rx_fast_ctx_init(&c, &nm_ports[0], rxq);
	assert_ptr_equal(rx_fast_pool(&c, m, pool), nm_page_skb_slot(page));
	keep(&b, page, rxq);
	assert_memory_equal(&want, &b, sizeof(b));
}

static void build_compare(struct nm_rxq *rxq, struct page *page, unsigned int doff,
			  unsigned int dlen, uint16_t et, uint32_t ptype)
{
	struct rte_mbuf *m = nm_page_to_mbuf(page);
	struct page saved = *page;
	struct rx_build_generic_ctx g;
	struct built bg;
	unsigned char *d = page->virt + doff;
	struct sk_buff *skb;

	if (doff + dlen > rxq->tmpl.end)
		return;		/* not a fast-path packet */
	/* the frame: addresses, the ethertype (and an inner one for VLAN) */
	for (unsigned int i = 0; i < dlen; i++)
		d[i] = (unsigned char)(i * 7 + doff);
	if (dlen >= 14) {
		d[12] = (unsigned char)(et >> 8);
		d[13] = (unsigned char)et;
	}
	if (dlen >= 18) {
		d[16] = 0x86;
		d[17] = 0xdd;
	}
	m->data_off = (uint16_t)doff;
	m->data_len = (uint16_t)dlen;
	m->packet_type = ptype;

	garbage(page, rxq, 0xa5);
	rx_build_generic_init(&g, rxq);
	skb = rx_build_generic(&g, m);
	assert_ptr_equal(skb, nm_page_skb_slot(page));
	check_fields(skb, rxq, page, doff, dlen, ptype);
	keep(&bg, page, rxq);
	check_setter(page, rxq);
#ifdef __SSE2__
	{
		struct rx_build_sse_ctx v;
		struct built bv;

		garbage(page, rxq, 0x3c);
		rx_build_sse_init(&v, rxq);
		skb = rx_build_sse(&v, m);
		assert_ptr_equal(skb, nm_page_skb_slot(page));
		check_fields(skb, rxq, page, doff, dlen, ptype);
		keep(&bv, page, rxq);
		assert_memory_equal(bg.skb, bv.skb, sizeof(bg.skb));
		assert_memory_equal(bg.sh, bv.sh, sizeof(bg.sh));
		assert_memory_equal(&bg.page, &bv.page, sizeof(bg.page));
	}
#endif
	/* the library's own choice is one of the two */
	{
		struct rx_fast_ctx c;

		garbage(page, rxq, 0x77);
		rx_fast_ctx_init(&c, &nm_ports[0], rxq);
		skb = rx_fast(&c, m);
		assert_memory_equal(bg.skb, skb, sizeof(bg.skb));
	}
	build_compare_pool(rxq, page, &bg);
	*page = saved;
	shapes++;
}

static void rxq_init(struct nm_rxq *rxq, unsigned int order, uint16_t port, uint16_t queue)
{
	memset(rxq, 0, sizeof(*rxq));
	rxq->pool = pools[order];
	rxq->mp = nm_page_pool_mempool(pools[order]);
	rxq->page_size = (unsigned int)(PAGE_SIZE << order);
	rxq->port = port;
	rxq->queue = queue;
	nm_rxq_tmpl_init(rxq);
}

static void test_builders_agree(void **state)
{
	static struct nm_rxq rxq;	/* 64-byte aligned, with its template */

	(void)state;
	shapes = 0;
	for (unsigned int order = 0; order < 2; order++) {
		struct page *page;

		rxq_init(&rxq, order, (uint16_t)(3 + order), (uint16_t)(order * 5));
		page = page_pool_dev_alloc_pages(pools[order]);
		assert_non_null(page);
		for (unsigned int a = 0; a < RTE_DIM(doffs); a++)
			for (unsigned int b = 0; b < RTE_DIM(lens); b++)
				for (unsigned int e = 0; e < RTE_DIM(ethertypes); e++)
					build_compare(&rxq, page, doffs[a], lens[b], ethertypes[e],
						      (uint32_t)(a * 0x01010101u + e));
		/* the largest packet that fits, at a large data_off */
		build_compare(&rxq, page, 256, rxq.tmpl.end - 256, RTE_ETHER_TYPE_IPV4,
			      0xffffffffu);
		page_pool_put_full_page(pools[order], page, true);
		assert_int_equal(page_pool_inflight(pools[order]), 0);
	}
	assert_true(shapes > 2000);
	assert_int_equal(nm_misuse_count(), misuse0);
}

/* rx_fast_ok(): data_off, refcnt and nb_segs read as one word. */
static void test_fast_ok_word(void **state)
{
	static struct nm_rxq rxq;
	struct rx_fast_ctx c;
	struct page *page;
	struct rte_mbuf *m;

	(void)state;
	rxq_init(&rxq, 0, 0, 0);
	rx_fast_ctx_init(&c, &nm_ports[0], &rxq);
	page = page_pool_dev_alloc_pages(pools[0]);
	assert_non_null(page);
	m = nm_page_to_mbuf(page);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->data_len = 60;
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	assert_int_equal(m->nb_segs, 1);
	assert_true(rx_fast_ok(&c, m));
	m->nb_segs = 2;
	assert_false(rx_fast_ok(&c, m));
	m->nb_segs = 257;
	assert_false(rx_fast_ok(&c, m));
	m->nb_segs = 1;
	rte_mbuf_refcnt_set(m, 2);
	assert_false(rx_fast_ok(&c, m));
	rte_mbuf_refcnt_set(m, 1);
	/* the port field shares the word: any value passes */
	m->port = 0xffff;
	assert_true(rx_fast_ok(&c, m));
	/* data_off + data_len up to the template's end, not one byte more */
	m->data_off = 0;
	m->data_len = (uint16_t)rxq.tmpl.end;
	assert_true(rx_fast_ok(&c, m));
	m->data_off = 1;
	assert_false(rx_fast_ok(&c, m));
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->data_len = 0;
	m->port = 0;
	page_pool_put_full_page(pools[0], page, true);
	assert_int_equal(page_pool_inflight(pools[0]), 0);
	assert_int_equal(nm_misuse_count(), misuse0);
}

static int group_setup(void **state)
{
	(void)state;
	for (unsigned int order = 0; order < 2; order++) {
		char name[32];
		struct page_pool_params pp = {
			.flags = PP_FLAG_DMA_MAP,
			.order = order,
			.pool_size = 64,
			.nid = NUMA_NO_NODE,
			.dev = PP_DEV_NONE,
			.lcore = rte_lcore_id(),
			.dma_dir = DMA_BIDIRECTIONAL,
			.nr_pages = 128,
			.name = name,
		};

		snprintf(name, sizeof(name), "test_simd%u", order);
		pools[order] = page_pool_create(&pp);
		if (IS_ERR_OR_NULL(pools[order]))
			return -1;
	}
	misuse0 = nm_misuse_count();
	return 0;
}

static int group_teardown(void **state)
{
	int ret = 0;

	(void)state;
	for (unsigned int order = 0; order < 2; order++) {
		if (page_pool_inflight(pools[order]) != 0)
			ret = -1;
		page_pool_destroy(pools[order]);
	}
	return ret == 0 && nm_page_pool_reap() == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builders_agree),
		cmocka_unit_test(test_fast_ok_word),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests(tests, group_setup, group_teardown);
	rte_eal_cleanup();
	return ret;
}
