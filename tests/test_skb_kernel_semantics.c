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
 *  4. ___pskb_trim() leaves zero-copy alone; unreadable follows the frags;
 *  5. skb_try_coalesce()/skb_shift() carry SKBFL_SHARED_FRAG over;
 *  6. page_pool_alloc_frag() alignment, size 0 and the non-owner case;
 *  7. skb_segment() leaves head_skb->data where it was; GSO_PARTIAL counts;
 *  8. skb_put/skb_push/__skb_pull past the buffer are the kernel's BUG():
 *     abort by default (checked in a child), counted in NM_BUG_COUNT mode;
 *     skb_pull() returns NULL only when len > skb->len;
 *  9. pskb_expand_head(): head_frag 0 after;
 * 10. __pskb_pull_tail() refuses unreadable frags;
 * 11. skb_checksum_help() return values;
 * 12. page_pool puts with allow_direct false from the owner lcore recycle
 *     directly (the kernel's page_pool_napi_local());
 * 13. __skb_set_length() warns on a nonlinear skb; skb_availroom() minus
 *     reserved_tailroom;
 * 14. TCPv4 GSO with SKB_GSO_TCP_FIXEDID and DF clear segments (see
 *     test_skb_gso.c).
 *
 * Every case checks that skbs are freed, page_pools have nothing in flight
 * and the misuses it provokes (and only those) were counted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/skbuff.h>

#include "test_common.h"

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)

static uint64_t misuse0;
static struct nm_skb_stats st0;

static int case_setup(void **state)
{
	(void)state;
	nm_set_bug_mode(NM_BUG_ABORT);
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&st0);
	return 0;
}

static int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_set_bug_mode(NM_BUG_ABORT);
	nm_skb_get_stats(&st);
	if (st.live != st0.live) {
		print_error("skbs leaked: live %" PRIu64 ", was %" PRIu64 "\n", st.live, st0.live);
		return -1;
	}
	return nm_page_pool_reap() == 0 ? 0 : -1;
}

static void assert_misuses(uint64_t n)
{
	assert_int_equal(nm_misuse_count() - misuse0, n);
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
	misuse0 += 3;
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
	misuse0 += 2;
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
	};

	nm_test_eal_init(1, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
