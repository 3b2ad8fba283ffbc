/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the places where libnetmem follows the kernel's exact
 * semantics (issue 13, section 3), each stating the kernel's behaviour
 * (kernel 6.12+; GSO follows the current kernel, 6.18):
 *  1. a new skb has network_header 0 (skb_network_offset() == -headroom);
 *     mac/transport "was set" keep their ~0U meaning;
 *  2. negative offsets are the headroom (skb_header_pointer, skb_copy_bits,
 *     skb_store_bits);
 *  3. skb_frag_unref() passes skb->pp_recycle and does nothing for
 *     SKBFL_MANAGED_FRAG_REFS;
 *  4. ___pskb_trim() leaves zero-copy alone (only __pskb_pull_tail()
 *     completes it early); unreadable is not cleared by a trim;
 *  5. skb_try_coalesce()/skb_shift() carry SKBFL_SHARED_FRAG over;
 *  6. page_pool_alloc_frag() alignment, size 0 and the non-owner case;
 *  7. skb_segment() leaves head_skb->data at the mac header; the GSO_PARTIAL
 *     count (see test_skb_gso_segment.c:
 *     test_segment_kernel_data_and_partial_count);
 *  8. skb_put/skb_push/__skb_pull past the buffer are the kernel's BUG():
 *     abort by default (checked in a child), counted in NM_BUG_COUNT mode;
 *     skb_pull() returns NULL only when len > skb->len;
 *  9. pskb_expand_head(): head_frag 0 after, zero-copy frags of a cloned
 *     skb orphaned;
 * 10. __pskb_pull_tail() refuses unreadable frags;
 * 11. skb_checksum_help() return values;
 * 12. page_pool puts with allow_direct false from the owner lcore recycle
 *     directly (the kernel's page_pool_napi_local());
 * 13. __skb_set_length() warns on a nonlinear skb; skb_availroom() minus
 *     reserved_tailroom;
 * 14. TCPv4 GSO with SKB_GSO_TCP_FIXEDID and DF clear segments, every
 *     segment keeping the id (see test_skb_gso_proto.c:
 *     test_gso_options_vlan_fixedid).
 *
 * Every case checks that skbs are freed, page_pools have nothing in flight
 * and the misuses it provokes (and only those) were counted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#include "test_common.h"
#include "test_pool.h"
#include "test_region.h"
#include "test_skb_case.h"

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)


static int case_setup(void **state)
{
	nm_set_bug_mode(NM_BUG_ABORT);
	return skb_case_setup(state);
}

/* The BUG mode a case may have changed goes back to abort first. */
static int case_teardown(void **state)
{
	nm_set_bug_mode(NM_BUG_ABORT);
	return skb_case_teardown(state);
}

/* Runs @fn(@arg) in a child with the default BUG mode: the kernel's BUG()
 * is an abort there (SIGABRT), never a return. */
static void assert_bug_aborts(void (*fn)(void *arg), void *arg, const char *what)
{
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		nm_set_bug_mode(NM_BUG_ABORT);
		fn(arg);
		_exit(0);	/* it returned: not a BUG */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
		fail_msg("%s did not abort: %s %d", what,
			 WIFSIGNALED(status) ? "killed by signal" : "exit status",
			 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

/* A plain (non page_pool) page with one reference, 0xcc-filled. */
static struct page *plain_page(void)
{
	struct page *p = alloc_page(GFP);

	assert_non_null(p);
	assert_int_equal(page_ref_count(p), 1);
	memset(page_address(p), 0xcc, PAGE_SIZE);
	return p;
}

static void add_frag(struct sk_buff *skb, int i, struct page *p, int off, int len)
{
	skb_add_rx_frag(skb, i, p, off, len, PAGE_SIZE);
}

/* A host page_pool owned by this lcore, and a device-memory pool (net_iovs,
 * unreadable) on a memfd region. */
static struct page_pool *hpool, *dpool;
static struct net_devmem_dmabuf_binding *binding;
static struct region dm_region;

static int group_setup(void **state)
{
	struct page_pool_params pp;

	(void)state;
	pp = host_pool_params(256, 0, "t_sem_host");
	pp.dma_dir = DMA_BIDIRECTIONAL;
	hpool = page_pool_create(&pp);
	if (IS_ERR_OR_NULL(hpool))
		return -1;
	binding = region_bind(&dm_region, 64 * PAGE_SIZE, 0);
	dpool = devmem_pool_create(binding, 64, 0);
	return IS_ERR_OR_NULL(dpool) ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (page_pool_inflight(hpool) != 0 || page_pool_inflight(dpool) != 0)
		return -1;
	page_pool_destroy(hpool);
	page_pool_destroy(dpool);
	net_devmem_unbind(binding);
	return nm_page_pool_reap() == 0 ? 0 : -1;
}

static struct page_pool_recycle_stats recycle_of(struct page_pool *pool)
{
	struct page_pool_stats st;

	memset(&st, 0, sizeof(st));
	assert_true(page_pool_get_stats(pool, &st));
	return st.recycle_stats;
}

/* An skb with @hlen linear bytes (64 headroom) and a net_iov frag of
 * @flen bytes: unreadable. */
static struct sk_buff *skb_with_niov(unsigned int hlen, unsigned int flen, netmem_ref *nm)
{
	struct sk_buff *skb = alloc_skb(256, GFP);

	assert_non_null(skb);
	skb_reserve(skb, 64);
	memset(skb_put(skb, hlen), 0x11, hlen);
	*nm = page_pool_dev_alloc_netmems(dpool);
	assert_true(netmem_is_net_iov(*nm));
	skb_add_rx_frag_netmem(skb, 0, *nm, 0, (int)flen, PAGE_SIZE);
	skb_mark_for_recycle(skb);
	assert_true(skb->unreadable);
	return skb;
}

/* A counting zero-copy completion owner. */
struct test_ubuf {
	struct ubuf_info u;
	int completions;
	bool success;
};

static void test_ubuf_complete(struct sk_buff *skb, struct ubuf_info *uarg, bool success)
{
	struct test_ubuf *t = (struct test_ubuf *)uarg;

	(void)skb;
	t->completions++;
	t->success = success;
}

static const struct ubuf_info_ops test_ubuf_ops = { .complete = test_ubuf_complete };

/* ---------------------------------------------------------------------- */
/* 1. network_header 0 on a new skb                                        */
/* ---------------------------------------------------------------------- */

static void test_new_skb_network_header(void **state)
{
	struct sk_buff *skb, *c;

	(void)state;
	skb = alloc_skb(256, GFP);
	assert_non_null(skb);
	skb_reserve(skb, 64);
	/* kernel __alloc_skb(): mac_header and transport_header ~0U, the
	 * network header 0 (the head), so its offset is -headroom */
	assert_int_equal(skb->network_header, 0);
	assert_int_equal(skb_network_offset(skb), -64);
	assert_ptr_equal(skb_network_header(skb), skb->head);
	assert_false(skb_mac_header_was_set(skb));
	assert_false(skb_transport_header_was_set(skb));
	assert_int_equal(skb->mac_header, 0xffff);
	assert_int_equal(skb->transport_header, 0xffff);
	/* a clone copies it */
	c = skb_clone(skb, GFP);
	assert_non_null(c);
	assert_int_equal(c->network_header, 0);
	consume_skb(c);
	/* moving the head keeps the offset from data: head + 32 */
	assert_int_equal(pskb_expand_head(skb, 32, 0, GFP), 0);
	assert_int_equal(skb_network_offset(skb), -64);
	assert_int_equal(skb->network_header, 32);
	assert_false(skb_mac_header_was_set(skb));
	assert_false(skb_transport_header_was_set(skb));
	kfree_skb(skb);

	/* netdev_alloc_skb() and build_skb() too */
	skb = netdev_alloc_skb(NULL, 100);
	assert_non_null(skb);
	assert_int_equal(skb->network_header, 0);
	assert_int_equal(skb_network_offset(skb), -NET_SKB_PAD);
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 2. negative offsets are the headroom                                    */
/* ---------------------------------------------------------------------- */

static void test_negative_offsets(void **state)
{
	static const unsigned char eth[14] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0 };
	struct sk_buff *skb = alloc_skb(256, GFP);
	unsigned char buf[64], *p;
	struct page *pg = plain_page();

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 32);
	memcpy(skb_put(skb, 14), eth, 14);
	memset(skb_put(skb, 20), 0x45, 20);
	skb_pull(skb, 14);		/* as after eth_type_trans() */
	memset(page_address(pg), 0x77, 100);
	add_frag(skb, 0, pg, 0, 100);

	/* the kernel reads the pulled MAC header at -ETH_HLEN, in place */
	p = skb_header_pointer(skb, -14, 14, buf);
	assert_ptr_equal(p, skb->data - 14);
	assert_memory_equal(p, eth, 14);
	/* across the headroom, the linear part and the frag: copied */
	p = skb_header_pointer(skb, -14, 40, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, eth, 14);
	assert_int_equal(buf[14], 0x45);
	assert_int_equal(buf[33], 0x45);
	assert_int_equal(buf[34], 0x77);
	assert_int_equal(buf[39], 0x77);
	/* skb_copy_bits/skb_store_bits with offset >= -headroom */
	assert_int_equal(skb_copy_bits(skb, -14, buf, 14), 0);
	assert_memory_equal(buf, eth, 14);
	assert_int_equal(skb_store_bits(skb, -8, "\xaa\xbb", 2), 0);
	assert_int_equal(skb->data[-8], 0xaa);
	assert_int_equal(skb->data[-7], 0xbb);
	assert_int_equal(skb_copy_bits(skb, -(int)skb_headroom(skb), buf, 1), 0);
	/* before the head: refused (the kernel would read out of bounds) */
	assert_int_equal(skb_copy_bits(skb, -(int)skb_headroom(skb) - 1, buf, 1), -EFAULT);
	assert_int_equal(skb_store_bits(skb, -(int)skb_headroom(skb) - 1, buf, 1), -EFAULT);
	assert_null(skb_header_pointer(skb, -(int)skb_headroom(skb) - 1, 2, buf));
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 3. skb_frag_unref(): pp_recycle, SKBFL_MANAGED_FRAG_REFS               */
/* ---------------------------------------------------------------------- */

static void test_frag_unref(void **state)
{
	struct sk_buff *skb = alloc_skb(128, GFP);
	struct page *pp_page = page_pool_dev_alloc_pages(hpool);
	struct page *pg = plain_page();
	struct page_pool_recycle_stats r0;

	(void)state;
	assert_non_null(skb);
	assert_non_null(pp_page);
	add_frag(skb, 0, pp_page, 0, 100);
	add_frag(skb, 1, pg, 0, 100);
	skb_mark_for_recycle(skb);
	skb_frag_ref(skb, 0);
	skb_frag_ref(skb, 1);
	assert_int_equal(pp_refs(page_to_netmem(pp_page)), 2);
	assert_int_equal(page_ref_count(pg), 2);

	/* managed frag references are the ubuf owner's: nothing dropped */
	skb_shinfo(skb)->flags |= SKBFL_MANAGED_FRAG_REFS;
	skb_frag_unref(skb, 0);
	skb_frag_unref(skb, 1);
	assert_int_equal(pp_refs(page_to_netmem(pp_page)), 2);
	assert_int_equal(page_ref_count(pg), 2);
	skb_shinfo(skb)->flags &= (__u8)~SKBFL_MANAGED_FRAG_REFS;

	/* else one reference each, of the memory's kind */
	skb_frag_unref(skb, 0);
	skb_frag_unref(skb, 1);
	assert_int_equal(pp_refs(page_to_netmem(pp_page)), 1);
	assert_int_equal(page_ref_count(pg), 1);

	/* __skb_frag_unref()'s bool is pp_recycle, not "direct": the last
	 * pp reference recycles on the owner lcore either way (into the
	 * cache, page_pool_napi_local()); page_pool memory takes pp
	 * references whatever the flag says (the kind follows the memory) */
	skb_frag_ref(skb, 0);
	r0 = recycle_of(hpool);
	__skb_frag_unref(&skb_shinfo(skb)->frags[0], false);
	assert_int_equal(pp_refs(page_to_netmem(pp_page)), 1);
	assert_int_equal(recycle_of(hpool).cached, r0.cached);
	kfree_skb(skb);		/* releases each frag with skb->pp_recycle */
	assert_int_equal(recycle_of(hpool).cached - r0.cached, 1);
	assert_int_equal(page_pool_inflight(hpool), 0);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 4, 10, 11. zero-copy and unreadable: trim, pull, checksum              */
/* ---------------------------------------------------------------------- */

static void test_trim_keeps_zerocopy(void **state)
{
	struct test_ubuf t = { .u = { .ops = &test_ubuf_ops, .refcnt = 1 } };
	struct sk_buff *skb = alloc_skb(256, GFP);
	struct page *p1 = plain_page(), *p2 = plain_page();

	(void)state;
	assert_non_null(skb);
	skb_put(skb, 40);
	add_frag(skb, 0, p1, 0, 500);
	skb_zcopy_set(skb, &t.u, NULL);
	assert_ptr_equal(skb_zcopy(skb), &t.u);
	/* ___pskb_trim() down to the linear part: no early completion, the
	 * ubuf_info stays attached (the kernel completes it on release) */
	assert_int_equal(pskb_trim(skb, 30), 0);
	assert_int_equal(skb->len, 30);
	assert_false(skb_is_nonlinear(skb));
	assert_int_equal(t.completions, 0);
	assert_ptr_equal(skb_zcopy(skb), &t.u);
	kfree_skb(skb);
	assert_int_equal(t.completions, 1);
	assert_true(t.success);

	/* __pskb_pull_tail() making it linear completes it early (not a
	 * zero-copy success: the bytes were copied) */
	t.completions = 0;
	skb = alloc_skb(1024, GFP);
	assert_non_null(skb);
	skb_put(skb, 40);
	add_frag(skb, 0, p2, 0, 500);
	skb_zcopy_set(skb, &t.u, NULL);
	assert_non_null(__pskb_pull_tail(skb, 500));
	assert_false(skb_is_nonlinear(skb));
	assert_int_equal(t.completions, 1);
	assert_false(t.success);
	assert_null(skb_zcopy(skb));
	kfree_skb(skb);
	assert_int_equal(t.completions, 1);
	assert_misuses(0);
}

static void test_unreadable_pull_trim(void **state)
{
	netmem_ref nm;
	struct sk_buff *skb = skb_with_niov(40, 1000, &nm);
	struct page *pg = plain_page();

	(void)state;
	/* a readable frag before the net_iov: even its bytes cannot be
	 * pulled, __pskb_pull_tail() refuses the whole skb */
	memmove(&skb_shinfo(skb)->frags[1], &skb_shinfo(skb)->frags[0], sizeof(skb_frag_t));
	skb_frag_fill_page_desc(&skb_shinfo(skb)->frags[0], pg, 0, 100);
	skb_shinfo(skb)->nr_frags = 2;
	skb->len += 100;
	skb->data_len += 100;
	assert_null(__pskb_pull_tail(skb, 50));
	assert_false(pskb_may_pull(skb, 90));
	assert_int_equal(skb_headlen(skb), 40);
	assert_int_equal(skb_linearize(skb), -EIO);
	/* trimmed down to the linear part: the net_iov is gone, unreadable
	 * stays set as in the kernel (only adding a frag changes it) */
	assert_int_equal(pskb_trim(skb, 40), 0);
	assert_int_equal(skb_shinfo(skb)->nr_frags, 0);
	assert_true(skb->unreadable);
	kfree_skb(skb);
	assert_int_equal(page_pool_inflight(dpool), 0);
	assert_misuses(0);
}

static void test_checksum_help_returns(void **state)
{
	netmem_ref nm;
	struct sk_buff *skb = skb_with_niov(60, 1000, &nm);

	(void)state;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + 34);
	skb->csum_offset = 16;
	/* unreadable frags: -EFAULT, nothing touched */
	assert_int_equal(skb_checksum_help(skb), -EFAULT);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_misuses(0);
	/* GSO: -EINVAL and the kernel's WARN (skb_warn_bad_offload) */
	skb_shinfo(skb)->gso_size = 100;
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_misuses(1);
	skb_shinfo(skb)->gso_size = 0;
	kfree_skb(skb);

	/* a readable skb: offsets outside the linear part are WARNs */
	skb = alloc_skb(256, GFP);
	assert_non_null(skb);
	memset(skb_put(skb, 60), 0, 60);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + 60);
	skb->csum_offset = 0;
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_misuses(2);
	skb->csum_start = (__u16)(skb_headroom(skb) + 50);
	skb->csum_offset = 9;
	assert_int_equal(skb_checksum_help(skb), -EINVAL);
	assert_misuses(3);
	/* CHECKSUM_COMPLETE: nothing to do but CHECKSUM_NONE after */
	skb->ip_summed = CHECKSUM_COMPLETE;
	assert_int_equal(skb_checksum_help(skb), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_NONE);
	/* the field at 58: the folded sum of the ten zero bytes from 50 */
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_offset = 8;
	assert_int_equal(skb_checksum_help(skb), 0);
	assert_int_equal(skb->data[58], 0xff);
	assert_int_equal(skb->data[59], 0xff);
	kfree_skb(skb);
	case_misuse0 += 3;
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 5. shared frags stay marked through skb_try_coalesce()/skb_shift()     */
/* ---------------------------------------------------------------------- */

static void test_shared_frag_carried(void **state)
{
	struct sk_buff *to = alloc_skb(64, GFP), *from = alloc_skb(0, GFP), *tgt;
	struct page *p1 = plain_page(), *p2 = plain_page();
	bool stolen;
	int delta;

	(void)state;
	assert_non_null(to);
	assert_non_null(from);
	skb_put(to, 64);		/* no tailroom left: frags move */
	memset(page_address(p1), 0x20, 300);
	add_frag(from, 0, p1, 0, 300);
	skb_shinfo(from)->flags |= SKBFL_SHARED_FRAG;
	assert_true(skb_try_coalesce(to, from, &stolen, &delta));
	assert_false(stolen);
	assert_true(skb_shinfo(to)->flags & SKBFL_SHARED_FRAG);
	kfree_skb_partial(from, stolen);

	/* skb_checksum_help() of such an skb linearizes first (a private
	 * copy of the frags others may write) */
	to->ip_summed = CHECKSUM_PARTIAL;
	to->csum_start = (__u16)skb_headroom(to);
	to->csum_offset = 0;
	assert_int_equal(skb_checksum_help(to), 0);
	assert_false(skb_is_nonlinear(to));
	assert_int_equal(to->len, 364);

	/* skb_shift() moves frags and the mark */
	tgt = alloc_skb(0, GFP);
	from = alloc_skb(0, GFP);
	assert_non_null(tgt);
	assert_non_null(from);
	add_frag(from, 0, p2, 0, 200);
	skb_shinfo(from)->flags |= SKBFL_SHARED_FRAG;
	assert_int_equal(skb_shift(tgt, from, 200), 200);
	assert_int_equal(skb_shinfo(tgt)->nr_frags, 1);
	assert_true(skb_shinfo(tgt)->flags & SKBFL_SHARED_FRAG);
	kfree_skb(from);
	kfree_skb(tgt);
	kfree_skb(to);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 6. page_pool_alloc_frag(): the kernel's packing, size 0, no owner      */
/* ---------------------------------------------------------------------- */

static void frag_packing(struct page_pool *pool)
{
	unsigned int off;
	struct page *a, *p;

	/* dma_get_cache_alignment() is 1 on x86: frags are packed */
	a = page_pool_dev_alloc_frag(pool, &off, 100);
	assert_non_null(a);
	assert_int_equal(off, 0);
	p = page_pool_dev_alloc_frag(pool, &off, 100);
	assert_ptr_equal(p, a);
	assert_int_equal(off, 100);
	p = page_pool_dev_alloc_frag(pool, &off, 33);
	assert_ptr_equal(p, a);
	assert_int_equal(off, 200);
	/* size 0: no bytes, the current offset, one more reference */
	p = page_pool_dev_alloc_frag(pool, &off, 0);
	assert_ptr_equal(p, a);
	assert_int_equal(off, 233);
	p = page_pool_dev_alloc_frag(pool, &off, 1);
	assert_ptr_equal(p, a);
	assert_int_equal(off, 233);
	assert_int_equal(page_pool_inflight(pool), 1);
	for (int i = 0; i < 5; i++)
		page_pool_put_full_page(pool, a, true);
	assert_int_equal(page_pool_inflight(pool), 0);
	/* past the page: the kernel's WARN, nothing */
	assert_null(page_pool_dev_alloc_frag(pool, &off, PAGE_SIZE + 1));
	assert_misuses(1);
	case_misuse0++;
}

static void test_frag_alloc_kernel(void **state)
{
	struct page_pool_params pp;
	struct page_pool *none;

	(void)state;
	frag_packing(hpool);
	/* a pool with no owner lcore cuts frags too (its callers serialize,
	 * as the kernel's do) */
	memset(&pp, 0, sizeof(pp));
	pp.pool_size = 64;
	pp.nid = NUMA_NO_NODE;
	pp.dev = PP_DEV_NONE;
	pp.lcore = PP_LCORE_NONE;
	pp.name = "t_sem_none";
	none = page_pool_create(&pp);
	assert_false(IS_ERR_OR_NULL(none));
	frag_packing(none);
	page_pool_destroy(none);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 9. pskb_expand_head(): head_frag 0, orphaned zero-copy frags           */
/* ---------------------------------------------------------------------- */

static void test_expand_head(void **state)
{
	struct test_ubuf t = { .u = { .ops = &test_ubuf_ops, .refcnt = 1 } };
	struct sk_buff *skb = alloc_skb(128, GFP), *c;
	struct page *user = plain_page();
	unsigned char *h0;

	(void)state;
	assert_non_null(skb);
	memset(skb_put(skb, 20), 0x42, 20);
	assert_true(skb->head_frag);		/* libnetmem's small heads */
	/* the kernel's new head is kmalloc'ed: head_frag 0 */
	assert_int_equal(pskb_expand_head(skb, 32, 0, GFP), 0);
	assert_false(skb->head_frag);
	assert_int_equal(skb_headroom(skb), 32);
	assert_int_equal(skb->data[19], 0x42);

	/* a cloned zero-copy skb: its frags are orphaned, copies in private
	 * pages, no ubuf_info (the owner is told: copied); the clone keeps the
	 * user memory */
	memset(page_address(user), 0x77, 300);
	add_frag(skb, 0, user, 0, 300);
	skb_zcopy_set(skb, &t.u, NULL);
	c = skb_clone(skb, GFP);
	assert_non_null(c);
	h0 = skb->head;
	assert_int_equal(pskb_expand_head(skb, 0, 0, GFP), 0);
	assert_ptr_not_equal(skb->head, h0);
	assert_false(skb->head_frag);
	assert_false(skb->cloned);
	assert_null(skb_zcopy(skb));
	assert_ptr_not_equal(skb_frag_page(&skb_shinfo(skb)->frags[0]), user);
	assert_int_equal(skb_frag_size(&skb_shinfo(skb)->frags[0]), 300);
	assert_int_equal(((unsigned char *)skb_frag_address(&skb_shinfo(skb)->frags[0]))[299],
			 0x77);
	assert_ptr_equal(skb_zcopy(c), &t.u);
	assert_ptr_equal(skb_frag_page(&skb_shinfo(c)->frags[0]), user);
	assert_int_equal(page_ref_count(user), 1);	/* the clone's data only */
	/* the copy told the owner, as skb_copy_ubufs() does */
	assert_int_equal(t.completions, 1);
	assert_false(t.success);
	kfree_skb(skb);
	assert_int_equal(t.completions, 1);
	kfree_skb(c);
	assert_int_equal(t.completions, 2);
	assert_true(t.success);

	/* SKBFL_DONT_ORPHAN: shared, not copied */
	t.completions = 0;
	skb = alloc_skb(128, GFP);
	assert_non_null(skb);
	skb_put(skb, 20);
	user = plain_page();
	add_frag(skb, 0, user, 0, 300);
	skb_zcopy_set(skb, &t.u, NULL);
	skb_shinfo(skb)->flags |= SKBFL_DONT_ORPHAN;
	c = skb_clone(skb, GFP);
	assert_non_null(c);
	assert_int_equal(pskb_expand_head(skb, 0, 0, GFP), 0);
	assert_ptr_equal(skb_zcopy(skb), &t.u);
	assert_ptr_equal(skb_frag_page(&skb_shinfo(skb)->frags[0]), user);
	assert_int_equal(page_ref_count(user), 2);
	kfree_skb(c);
	kfree_skb(skb);
	assert_int_equal(t.completions, 2);	/* one per data release */
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 12. owner-lcore puts without allow_direct recycle directly             */
/* ---------------------------------------------------------------------- */

struct remote_put {
	struct page *page;
};

static void *put_elsewhere(void *arg)
{
	struct remote_put *r = arg;

	page_pool_put_full_page(hpool, r->page, true);	/* not trusted here */
	return NULL;
}

static void test_napi_local_recycle(void **state)
{
	struct page_pool_recycle_stats r0, r1;
	struct remote_put rp;
	struct page *p;
	pthread_t t;

	(void)state;
	/* the kernel's page_pool_napi_local(): the pool's own CPU in softirq
	 * recycles into the lockless cache even with allow_direct false;
	 * here the pool's owner lcore */
	p = page_pool_dev_alloc_pages(hpool);
	assert_non_null(p);
	r0 = recycle_of(hpool);
	page_pool_put_full_page(hpool, p, false);
	r1 = recycle_of(hpool);
	assert_int_equal(r1.cached - r0.cached, 1);
	assert_int_equal(r1.ring - r0.ring, 0);
	assert_ptr_equal(page_pool_dev_alloc_pages(hpool), p);
	/* another thread: the ring, even with allow_direct true */
	rp.page = p;
	assert_int_equal(pthread_create(&t, NULL, put_elsewhere, &rp), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	r0 = recycle_of(hpool);
	assert_int_equal(r0.ring - r1.ring, 1);
	assert_int_equal(r0.cached - r1.cached, 0);
	assert_int_equal(page_pool_inflight(hpool), 0);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 8. bounds: the kernel's BUG cases                                       */
/* ---------------------------------------------------------------------- */

static void bug_put(void *arg)
{
	struct sk_buff *skb = arg;

	skb_put(skb, (unsigned int)skb_tailroom(skb) + 1);
}

static void bug_push(void *arg)
{
	struct sk_buff *skb = arg;

	skb_push(skb, skb_headroom(skb) + 1);
}

static void bug_pull_paged(void *arg)
{
	struct sk_buff *skb = arg;

	skb_pull(skb, skb_headlen(skb) + 1);
}

static void bug_put_nonlinear(void *arg)
{
	struct sk_buff *skb = arg;

	skb_put(skb, 1);
}

static void test_bounds_bug(void **state)
{
	struct sk_buff *skb = alloc_skb(128, GFP);
	struct page *pg = plain_page();
	unsigned char *data;
	int room;

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 32);
	skb_put(skb, 40);
	room = skb_tailroom(skb);
	/* by default each aborts, as the kernel's BUG() stops */
	assert_bug_aborts(bug_put, skb, "skb_put past the end");
	assert_bug_aborts(bug_push, skb, "skb_push before the head");
	assert_misuses(0);

	/* in NM_BUG_COUNT mode: counted, nothing changes, NULL */
	nm_set_bug_mode(NM_BUG_COUNT);
	data = skb->data;
	assert_null(skb_put(skb, (unsigned int)room + 1));
	assert_misuses(1);
	assert_null(skb_push(skb, 33));
	assert_misuses(2);
	assert_int_equal(skb->len, 40);
	assert_ptr_equal(skb->data, data);
	assert_int_equal(skb_tailroom(skb), room);
	nm_set_bug_mode(NM_BUG_ABORT);

	/* skb_pull(): NULL only when len > skb->len */
	add_frag(skb, 0, pg, 0, 200);
	assert_int_equal(skb->len, 240);
	assert_null(skb_pull(skb, 241));
	assert_misuses(2);
	assert_int_equal(skb->len, 240);
	/* pulling into the paged part is __skb_pull()'s BUG_ON() */
	assert_bug_aborts(bug_pull_paged, skb, "skb_pull into paged data");
	assert_bug_aborts(bug_put_nonlinear, skb, "skb_put on a nonlinear skb");
	nm_set_bug_mode(NM_BUG_COUNT);
	assert_null(skb_pull(skb, 41));
	assert_misuses(3);
	assert_ptr_equal(skb->data, data);
	assert_int_equal(skb->len, 240);
	nm_set_bug_mode(NM_BUG_ABORT);
	/* exactly the linear part is fine, and pskb_pull() goes further */
	assert_ptr_equal(skb_pull(skb, 40), data + 40);
	assert_int_equal(skb->len, 200);
	assert_non_null(pskb_pull(skb, 10));
	assert_int_equal(skb->len, 190);
	assert_null(pskb_pull(skb, 191));
	kfree_skb(skb);
	case_misuse0 += 3;
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* 13. __skb_set_length() and skb_availroom()                              */
/* ---------------------------------------------------------------------- */

static void test_set_length_availroom(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP);
	struct page *pg = plain_page();
	int tailroom;

	(void)state;
	assert_non_null(skb);
	skb_reserve(skb, 16);
	skb_put(skb, 100);
	tailroom = skb_tailroom(skb);
	/* skb_availroom() = end - tail - reserved_tailroom */
	assert_int_equal(skb_availroom(skb), tailroom);
	skb->reserved_tailroom = 30;
	assert_int_equal(skb_availroom(skb), tailroom - 30);
	assert_int_equal(skb_tailroom(skb), tailroom);
	skb->reserved_tailroom = 0;

	__skb_set_length(skb, 60);
	assert_int_equal(skb->len, 60);
	assert_ptr_equal(skb_tail_pointer(skb), skb->data + 60);
	/* nonlinear: the kernel's WARN_ON(), nothing changes */
	add_frag(skb, 0, pg, 0, 500);
	assert_int_equal(skb_availroom(skb), 0);
	__skb_set_length(skb, 10);
	assert_misuses(1);
	__skb_trim(skb, 10);
	assert_misuses(2);
	assert_int_equal(skb->len, 560);
	assert_ptr_equal(skb_tail_pointer(skb), skb->data + 60);
	assert_int_equal(pskb_trim(skb, 10), 0);
	assert_int_equal(skb->len, 10);
	assert_false(skb_is_nonlinear(skb));
	kfree_skb(skb);
	case_misuse0 += 2;
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_skb_network_header, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_negative_offsets, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_bounds_bug, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_set_length_availroom, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_unref, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_trim_keeps_zerocopy, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_pull_trim, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_checksum_help_returns, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_shared_frag_carried, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_napi_local_recycle, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_frag_alloc_kernel, case_setup,
						case_teardown),
		cmocka_unit_test_setup_teardown(test_expand_head, case_setup, case_teardown),
	};

	nm_test_eal_init(1, NULL);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
