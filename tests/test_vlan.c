/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the VLAN family (netmem/vlan.h): the tag held in the skb
 * (vlan_all of Linux 6.2+: a tag with TCI 0 is present), accessors and
 * masks, tag insertion into the frame (outer, inner at mac_len, bare tag at
 * mac_len 0, cloned and headroom-less skbs), __vlan_hwaccel_push_inside,
 * __vlan_get_protocol (depth, VLAN_MAX_DEPTH, tags in a frag, a cut frame,
 * a bad mac_len), skb_vlan_push/skb_vlan_pop (bytes, protocol, header
 * offsets, CHECKSUM_COMPLETE kept right, QinQ, cloned and nonlinear skbs,
 * skb->data off the mac header refused with a warning), skb_vlan_untag on
 * receive (metadata moved, shared skbs, short frames, 802.3 inside) and the
 * multi-tag checks. Expected values are the kernel's (6.12+).
 *
 * Every case checks that every skb it made was freed and that exactly the
 * misuses (warnings) it provokes were counted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netmem/ether.h>
#include <netmem/netdevice.h>
#include <netmem/skbuff.h>
#include <netmem/vlan.h>

#include "test_l2_util.h"

#define TCI_A	((5 << VLAN_PRIO_SHIFT) | VLAN_CFI_MASK | 100)	/* 0xb064 */

/* Ethernet + IPv4 + UDP + @plen payload bytes, with @ntags tags (outer
 * first: tpids[i], tcis[i]) after the MAC addresses. Returns the length. */
static unsigned int frame(uint8_t *f, unsigned int ntags, const uint16_t *tpids,
			  const uint16_t *tcis, unsigned int plen)
{
	unsigned int n, i;

	n = put_eth(f, mac_b, mac_a, ntags ? tpids[0] : ETH_P_IP);
	for (i = 0; i < ntags; i++)
		n += put_tag(f + n, tcis[i], i + 1 < ntags ? tpids[i + 1] : ETH_P_IP);
	n += put_ipv4(f + n, 17, 0x0a000001, 0x0a000002, 5, 0, (uint16_t)(28 + plen));
	n += put_udp(f + n, 1000, 2000, (uint16_t)(8 + plen));
	n += put_payload(f + n, plen, 21);
	return n;
}

/* A TX-side skb of @f: data at the mac header, network header after the
 * tags, protocol the outer type, CHECKSUM_COMPLETE over the frame. */
static struct sk_buff *tx_skb(const uint8_t *f, unsigned int len, unsigned int ntags,
			      unsigned int headroom)
{
	struct sk_buff *skb = skb_of(f, len, headroom);

	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN + 4 * (int)ntags);
	skb_reset_mac_len(skb);
	skb->protocol = RTE_BE16(rd16(f + 12));
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
	return skb;
}

static void assert_csum_ok(const struct sk_buff *skb)
{
	assert_int_equal(skb->ip_summed, CHECKSUM_COMPLETE);
	assert_int_equal(csum_fold(skb->csum),
			 csum_fold(skb_checksum(skb, 0, (int)skb->len, 0)));
}

/* ---------------------------------------------------------------------- */
/* The held tag                                                           */
/* ---------------------------------------------------------------------- */

static void test_held_tag(void **state)
{
	struct sk_buff *skb = alloc_skb(64, GFP), *b = alloc_skb(64, GFP);
	uint16_t tci = 1;

	(void)state;
	assert_false(skb_vlan_tag_present(skb));
	assert_int_equal(skb->vlan_all, 0);
	assert_int_equal(__vlan_hwaccel_get_tag(skb, &tci), -ENODATA);
	assert_int_equal(tci, 0);

	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021Q), TCI_A);
	assert_true(skb_vlan_tag_present(skb));
	assert_int_equal(skb->vlan_proto, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(skb_vlan_tag_get(skb), 0xb064);
	assert_int_equal(skb_vlan_tag_get_id(skb), 100);
	assert_int_equal(skb_vlan_tag_get_prio(skb), 5);
	assert_int_equal(skb_vlan_tag_get_cfi(skb), 1);
	assert_int_equal(__vlan_hwaccel_get_tag(skb, &tci), 0);
	assert_int_equal(tci, 0xb064);

	/* TCI 0 with a protocol is a tag (priority-tagged frame) */
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021AD), 0);
	assert_true(skb_vlan_tag_present(skb));
	assert_int_equal(skb_vlan_tag_get_id(skb), 0);
	assert_int_equal(skb_vlan_tag_get_cfi(skb), 0);

	__vlan_hwaccel_copy_tag(b, skb);
	assert_int_equal(b->vlan_all, skb->vlan_all);
	assert_int_equal(b->vlan_proto, RTE_BE16(ETH_P_8021AD));
	__vlan_hwaccel_clear_tag(skb);
	assert_false(skb_vlan_tag_present(skb));
	assert_int_equal(skb->vlan_proto, 0);
	assert_int_equal(skb->vlan_tci, 0);
	__vlan_hwaccel_copy_tag(b, skb);
	assert_false(skb_vlan_tag_present(b));

	assert_true(eth_type_vlan(RTE_BE16(ETH_P_8021Q)));
	assert_true(eth_type_vlan(RTE_BE16(ETH_P_8021AD)));
	assert_false(eth_type_vlan(RTE_BE16(ETH_P_IP)));
	assert_false(eth_type_vlan(RTE_BE16(0x9100)));
	assert_true(vlan_hw_offload_capable(NETIF_F_HW_VLAN_CTAG_TX, RTE_BE16(ETH_P_8021Q)));
	assert_false(vlan_hw_offload_capable(NETIF_F_HW_VLAN_CTAG_TX, RTE_BE16(ETH_P_8021AD)));
	assert_false(vlan_hw_offload_capable(0, RTE_BE16(ETH_P_8021Q)));
	assert_int_equal(sizeof(struct vlan_hdr), VLAN_HLEN);
	assert_int_equal(sizeof(struct vlan_ethhdr), VLAN_ETH_HLEN);
	assert_int_equal(VLAN_PRIO_MASK | VLAN_CFI_MASK | VLAN_VID_MASK, 0xffff);
	kfree_skb(b);
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Insertion into the frame                                               */
/* ---------------------------------------------------------------------- */

static void test_insert_tag(void **state)
{
	uint8_t f[128], t[128];
	const uint16_t ad[1] = { ETH_P_8021AD }, tci10[1] = { 10 };
	const uint16_t qq_tp[2] = { ETH_P_8021AD, ETH_P_8021Q }, qq_tci[2] = { 10, TCI_A };
	struct sk_buff *skb, *clone;
	unsigned int n, nt;
	unsigned char *head0;

	(void)state;
	n = frame(f, 0, NULL, NULL, 20);

	/* outer tag; protocol unchanged, the mac header follows */
	skb = tx_skb(f, n, 0, 32);
	assert_int_equal(__vlan_insert_tag(skb, RTE_BE16(ETH_P_8021Q), TCI_A), 0);
	nt = frame(t, 1, (const uint16_t[]){ ETH_P_8021Q }, (const uint16_t[]){ TCI_A }, 20);
	assert_int_equal(skb->len, nt);
	assert_memory_equal(skb->data, t, nt);
	assert_int_equal(skb_mac_offset(skb), 0);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_IP));
	assert_int_equal(skb_headroom(skb), 28);
	assert_ptr_equal(vlan_eth_hdr(skb), skb->data);
	assert_int_equal(vlan_eth_hdr(skb)->h_vlan_TCI, RTE_BE16(TCI_A));

	/* inner tag under it (mac_len 18): 802.1ad outside, 802.1Q inside */
	skb->data[14] = 0;
	skb->data[15] = 10;
	skb->data[12] = 0x88;
	skb->data[13] = 0xa8;
	assert_int_equal(__vlan_insert_inner_tag(skb, RTE_BE16(ETH_P_8021Q), TCI_A,
						 VLAN_ETH_HLEN), 0);
	nt = frame(t, 2, qq_tp, qq_tci, 20);
	assert_int_equal(skb->len, nt);
	assert_memory_equal(skb->data, t, nt);
	assert_int_equal(skb_mac_offset(skb), 0);
	kfree_skb(skb);

	/* an unset mac header stays unset; set_proto sets the protocol */
	skb = skb_of(f, n, 32);
	skb = vlan_insert_tag_set_proto(skb, RTE_BE16(ETH_P_8021AD), 10);
	assert_non_null(skb);
	assert_false(skb_mac_header_was_set(skb));
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_8021AD));
	nt = frame(t, 1, ad, tci10, 20);
	assert_memory_equal(skb->data, t, nt);
	kfree_skb(skb);

	/* mac_len 0: a bare tag {TCI, skb->protocol} before an L3 packet */
	skb = skb_of(f + ETH_HLEN, n - ETH_HLEN, 16);
	skb->protocol = RTE_BE16(ETH_P_IP);
	assert_int_equal(__vlan_insert_inner_tag(skb, RTE_BE16(ETH_P_8021Q), 0x0123, 0), 0);
	assert_int_equal(skb->len, n - ETH_HLEN + VLAN_HLEN);
	assert_int_equal(rd16(skb->data), 0x0123);
	assert_int_equal(rd16(skb->data + 2), ETH_P_IP);
	assert_memory_equal(skb->data + 4, f + ETH_HLEN, n - ETH_HLEN);
	kfree_skb(skb);

	/* no headroom: the head grows; cloned: the clone keeps its bytes */
	skb = tx_skb(f, n, 0, 0);
	skb = vlan_insert_tag(skb, RTE_BE16(ETH_P_8021Q), TCI_A);
	assert_non_null(skb);
	nt = frame(t, 1, (const uint16_t[]){ ETH_P_8021Q }, (const uint16_t[]){ TCI_A }, 20);
	assert_memory_equal(skb->data, t, nt);
	kfree_skb(skb);

	skb = tx_skb(f, n, 0, 32);
	clone = skb_clone(skb, GFP);
	head0 = skb->head;
	assert_int_equal(__vlan_insert_tag(skb, RTE_BE16(ETH_P_8021Q), TCI_A), 0);
	assert_ptr_not_equal(skb->head, head0);
	assert_memory_equal(skb->data, t, nt);
	assert_int_equal(clone->len, n);
	assert_memory_equal(clone->data, f, n);
	kfree_skb(clone);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_push_inside(void **state)
{
	uint8_t f[128], t[128];
	struct sk_buff *skb, *same;
	unsigned int n, nt;

	(void)state;
	n = frame(f, 0, NULL, NULL, 9);
	skb = tx_skb(f, n, 0, 32);
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021AD), 300);
	same = __vlan_hwaccel_push_inside(skb);
	assert_ptr_equal(same, skb);
	assert_false(skb_vlan_tag_present(skb));
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_8021AD));
	nt = frame(t, 1, (const uint16_t[]){ ETH_P_8021AD }, (const uint16_t[]){ 300 }, 9);
	assert_int_equal(skb->len, nt);
	assert_memory_equal(skb->data, t, nt);
	/* nothing held: unchanged */
	assert_ptr_equal(vlan_hwaccel_push_inside(skb), skb);
	assert_int_equal(skb->len, nt);
	kfree_skb(skb);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* __vlan_get_protocol                                                    */
/* ---------------------------------------------------------------------- */

static void test_get_protocol(void **state)
{
	const uint16_t tp[8] = { ETH_P_8021AD, ETH_P_8021Q, ETH_P_8021Q, ETH_P_8021Q,
				 ETH_P_8021Q, ETH_P_8021Q, ETH_P_8021Q, ETH_P_8021Q };
	const uint16_t tci[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t f[160];
	struct sk_buff *skb;
	unsigned int n;
	int depth = -1;

	(void)state;
	/* QinQ, mac_len 0: from ETH_HLEN */
	n = frame(f, 2, tp, tci, 10);
	skb = skb_of(f, n, 32);
	skb->protocol = RTE_BE16(ETH_P_8021AD);
	assert_int_equal(__vlan_get_protocol(skb, skb->protocol, &depth), RTE_BE16(ETH_P_IP));
	assert_int_equal(depth, ETH_HLEN + 2 * VLAN_HLEN);
	assert_int_equal(vlan_get_protocol(skb), RTE_BE16(ETH_P_IP));
	assert_int_equal(skb_protocol(skb, false), RTE_BE16(ETH_P_8021AD));
	assert_int_equal(skb_protocol(skb, true), RTE_BE16(ETH_P_IP));
	/* mac_len 18: the tag at mac_len - VLAN_HLEN */
	skb->mac_len = 18;
	depth = -1;
	assert_int_equal(__vlan_get_protocol(skb, RTE_BE16(ETH_P_8021Q), &depth),
			 RTE_BE16(ETH_P_IP));
	assert_int_equal(depth, 22);
	/* not a VLAN type: itself, depth mac_len */
	assert_int_equal(__vlan_get_protocol(skb, RTE_BE16(ETH_P_IPV6), &depth),
			 RTE_BE16(ETH_P_IPV6));
	assert_int_equal(depth, 18);
	/* a held tag is not looked at */
	skb->mac_len = 0;
	skb->protocol = RTE_BE16(ETH_P_IP);
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021Q), 5);
	assert_int_equal(vlan_get_protocol(skb), RTE_BE16(ETH_P_IP));
	assert_int_equal(skb_protocol(skb, false), RTE_BE16(ETH_P_8021Q));
	/* mac_len set but shorter than a tag: a warning and 0 */
	skb->mac_len = 2;
	assert_int_equal(__vlan_get_protocol(skb, RTE_BE16(ETH_P_8021Q), NULL), 0);
	assert_misuses(1);
	kfree_skb(skb);

	/* 7 tags parse, 8 do not (VLAN_MAX_DEPTH) */
	n = frame(f, 7, tp, tci, 10);
	skb = skb_of(f, n, 32);
	assert_int_equal(__vlan_get_protocol(skb, RTE_BE16(ETH_P_8021AD), &depth),
			 RTE_BE16(ETH_P_IP));
	assert_int_equal(depth, ETH_HLEN + 7 * VLAN_HLEN);
	kfree_skb(skb);
	n = frame(f, 8, tp, tci, 10);
	skb = skb_of(f, n, 32);
	depth = -1;
	assert_int_equal(__vlan_get_protocol(skb, RTE_BE16(ETH_P_8021AD), &depth), 0);
	assert_int_equal(depth, -1);
	kfree_skb(skb);

	/* tags in a frag: read through it; _and_depth pulls them into the head */
	n = frame(f, 2, tp, tci, 10);
	skb = skb_of_nonlinear(f, n, 12, 32);
	skb->protocol = RTE_BE16(ETH_P_8021AD);
	assert_int_equal(vlan_get_protocol(skb), RTE_BE16(ETH_P_IP));
	assert_int_equal(skb_headlen(skb), 12);
	assert_int_equal(vlan_get_protocol_and_depth(skb, skb->protocol, &depth),
			 RTE_BE16(ETH_P_IP));
	assert_int_equal(depth, 22);
	assert_true(skb_headlen(skb) >= 22);
	assert_memory_equal(skb->data, f, 22);
	kfree_skb(skb);

	/* cut short in the second tag */
	skb = skb_of(f, 20, 32);
	assert_int_equal(__vlan_get_protocol(skb, RTE_BE16(ETH_P_8021AD), NULL), 0);
	kfree_skb(skb);
	assert_misuses(1);
}

/* ---------------------------------------------------------------------- */
/* skb_vlan_push / skb_vlan_pop                                           */
/* ---------------------------------------------------------------------- */

static void test_push_pop(void **state)
{
	uint8_t f[128], t[128];
	struct sk_buff *skb;
	unsigned int n, nt;

	(void)state;
	n = frame(f, 0, NULL, NULL, 33);
	skb = tx_skb(f, n, 0, 32);

	/* nothing held: the tag is just held */
	assert_int_equal(skb_vlan_push(skb, RTE_BE16(ETH_P_8021Q), 100), 0);
	assert_true(skb_vlan_tag_present(skb));
	assert_int_equal(skb_vlan_tag_get(skb), 100);
	assert_int_equal(skb->len, n);
	assert_memory_equal(skb->data, f, n);

	/* a second push: 100 goes into the frame, 200 is held */
	assert_int_equal(skb_vlan_push(skb, RTE_BE16(ETH_P_8021AD), 200), 0);
	nt = frame(t, 1, (const uint16_t[]){ ETH_P_8021Q }, (const uint16_t[]){ 100 }, 33);
	assert_int_equal(skb->len, nt);
	assert_memory_equal(skb->data, t, nt);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(skb->vlan_proto, RTE_BE16(ETH_P_8021AD));
	assert_int_equal(skb_vlan_tag_get(skb), 200);
	assert_int_equal(skb_mac_offset(skb), 0);
	assert_int_equal(skb_network_offset(skb), ETH_HLEN);	/* on the tag */
	assert_int_equal(skb->mac_len, ETH_HLEN);
	assert_csum_ok(skb);

	/* pop: 200 dropped, 100 moves from the frame into the skb */
	assert_int_equal(skb_vlan_pop(skb), 0);
	assert_int_equal(skb->len, n);
	assert_memory_equal(skb->data, f, n);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_IP));
	assert_int_equal(skb->vlan_proto, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(skb_vlan_tag_get(skb), 100);
	assert_int_equal(skb_mac_offset(skb), 0);
	assert_int_equal(skb_network_offset(skb), ETH_HLEN);
	assert_int_equal(skb->mac_len, ETH_HLEN);
	assert_csum_ok(skb);

	/* pop: 100 dropped; then nothing left to pop */
	assert_int_equal(skb_vlan_pop(skb), 0);
	assert_false(skb_vlan_tag_present(skb));
	assert_int_equal(skb->vlan_all, 0);
	assert_int_equal(skb_vlan_pop(skb), 0);
	assert_int_equal(skb->len, n);
	assert_memory_equal(skb->data, f, n);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_pop_qinq(void **state)
{
	const uint16_t tp[2] = { ETH_P_8021AD, ETH_P_8021Q }, tci[2] = { 10, 20 };
	uint8_t f[128], t[128];
	struct sk_buff *skb;
	unsigned int n, nt;
	uint16_t vtci = 0;

	(void)state;
	n = frame(f, 2, tp, tci, 15);
	nt = frame(t, 0, NULL, NULL, 15);
	skb = tx_skb(f, n, 2, 32);
	assert_int_equal(skb->mac_len, 22);
	/* outer (10) dropped from the frame, inner (20) held */
	assert_int_equal(skb_vlan_pop(skb), 0);
	assert_int_equal(skb->len, nt);
	assert_memory_equal(skb->data, t, nt);
	assert_int_equal(skb->vlan_proto, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(skb_vlan_tag_get(skb), 20);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_IP));
	assert_int_equal(skb_network_offset(skb), ETH_HLEN);
	assert_int_equal(skb->mac_len, ETH_HLEN);
	assert_csum_ok(skb);
	kfree_skb(skb);

	/* __skb_vlan_pop alone: the outer TCI, the inner TPID becomes protocol;
	 * the network header, still after the MAC header, stays */
	skb = tx_skb(f, n, 2, 32);
	assert_int_equal(__skb_vlan_pop(skb, &vtci), 0);
	assert_int_equal(vtci, 10);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(skb_network_offset(skb), 18);
	assert_int_equal(skb->mac_len, 18);
	assert_int_equal(skb->len, n - VLAN_HLEN);
	assert_csum_ok(skb);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_push_pop_shared_nonlinear(void **state)
{
	const uint16_t tp[1] = { ETH_P_8021Q }, tci[1] = { 42 };
	uint8_t f[128], t[128];
	struct sk_buff *skb, *clone;
	unsigned int n, nt;
	unsigned char *head0;

	(void)state;
	n = frame(f, 1, tp, tci, 40);
	nt = frame(t, 0, NULL, NULL, 40);

	/* cloned: pop writes a private head, the clone still has the tag */
	skb = tx_skb(f, n, 1, 32);
	clone = skb_clone(skb, GFP);
	head0 = skb->head;
	assert_int_equal(skb_vlan_pop(skb), 0);
	assert_ptr_not_equal(skb->head, head0);
	assert_memory_equal(skb->data, t, nt);
	assert_false(skb_vlan_tag_present(skb));	/* popped: gone, none held */
	assert_memory_equal(clone->data, f, n);
	/* the clone is the head's only user now (dataref 1): push writes in
	 * place, as the kernel's skb_header_cloned() allows */
	__vlan_hwaccel_put_tag(clone, RTE_BE16(ETH_P_8021Q), 7);
	head0 = clone->head;
	assert_false(skb_header_cloned(clone));
	assert_int_equal(skb_vlan_push(clone, RTE_BE16(ETH_P_8021Q), 8), 0);
	assert_ptr_equal(clone->head, head0);
	assert_int_equal(rd16(clone->data + 14), 7);
	assert_int_equal(rd16(clone->data + 18), 42);
	kfree_skb(clone);
	kfree_skb(skb);

	/* the tag in a frag: pulled into the head first */
	skb = skb_of_nonlinear(f, n, ETH_HLEN, 32);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, VLAN_ETH_HLEN);
	skb->protocol = RTE_BE16(ETH_P_8021Q);
	assert_int_equal(skb_vlan_pop(skb), 0);
	assert_int_equal(skb->len, nt);
	assert_false(skb_vlan_tag_present(skb));
	{
		uint8_t out[128];

		assert_int_equal(skb_copy_bits(skb, 0, out, (int)nt), 0);
		assert_memory_equal(out, t, nt);
	}
	kfree_skb(skb);

	/* CHECKSUM_PARTIAL with csum_start at L4 stays as it is */
	skb = tx_skb(f, n, 1, 32);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + VLAN_ETH_HLEN + 20);
	skb->csum_offset = 6;
	assert_int_equal(skb_vlan_pop(skb), 0);
	assert_int_equal(skb->ip_summed, CHECKSUM_PARTIAL);
	assert_int_equal(skb_checksum_start_offset(skb), ETH_HLEN + 20);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_push_pop_not_at_mac(void **state)
{
	const uint16_t tp[1] = { ETH_P_8021Q }, tci[1] = { 42 };
	uint8_t f[128];
	struct sk_buff *skb;
	unsigned int n;
	uint16_t vtci;

	(void)state;
	n = frame(f, 1, tp, tci, 10);
	skb = tx_skb(f, n, 1, 32);
	__skb_pull(skb, ETH_HLEN);	/* data past the mac header */
	assert_int_equal(__skb_vlan_pop(skb, &vtci), -EINVAL);
	assert_misuses(1);
	assert_int_equal(skb_vlan_pop(skb), -EINVAL);
	assert_misuses(2);
	/* push with nothing held does not look at the frame */
	assert_int_equal(skb_vlan_push(skb, RTE_BE16(ETH_P_8021Q), 1), 0);
	assert_int_equal(skb_vlan_push(skb, RTE_BE16(ETH_P_8021Q), 2), -EINVAL);
	assert_misuses(3);
	assert_int_equal(skb_vlan_tag_get(skb), 1);
	assert_int_equal(skb->len, n - ETH_HLEN);
	kfree_skb(skb);
}

/* ---------------------------------------------------------------------- */
/* skb_vlan_untag (receive)                                               */
/* ---------------------------------------------------------------------- */

/* As after eth_type_trans(): data after the MAC header, protocol the TPID. */
static struct sk_buff *rx_skb(const uint8_t *f, unsigned int len, unsigned int headroom)
{
	struct sk_buff *skb = skb_of(f, len, headroom);

	skb_reset_mac_header(skb);
	__skb_pull(skb, ETH_HLEN);
	skb->protocol = RTE_BE16(rd16(f + 12));
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, (int)skb->len, 0);
	return skb;
}

static void test_untag(void **state)
{
	const uint16_t tp[1] = { ETH_P_8021Q }, tci[1] = { TCI_A };
	const uint8_t meta[4] = { 0xde, 0xad, 0xbe, 0xef };
	uint8_t f[128], t[128];
	struct sk_buff *skb, *n2;
	unsigned int n, nt;

	(void)state;
	n = frame(f, 1, tp, tci, 25);
	nt = frame(t, 0, NULL, NULL, 25);
	skb = rx_skb(f, n, 32);
	memcpy(skb_mac_header(skb) - 4, meta, 4);
	skb_shinfo(skb)->meta_len = 4;
	n2 = skb_vlan_untag(skb);
	assert_ptr_equal(n2, skb);
	assert_true(skb_vlan_tag_present(skb));
	assert_int_equal(skb->vlan_proto, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(skb_vlan_tag_get(skb), TCI_A);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_IP));
	assert_int_equal(skb->len, nt - ETH_HLEN);
	assert_memory_equal(skb->data, t + ETH_HLEN, nt - ETH_HLEN);
	assert_int_equal(skb_mac_offset(skb), -ETH_HLEN);
	assert_memory_equal(skb_mac_header(skb), t, ETH_HLEN);	/* dst, src, 0x0800 */
	assert_memory_equal(skb_mac_header(skb) - 4, meta, 4);
	assert_int_equal(skb_network_offset(skb), 0);
	assert_int_equal(skb_transport_offset(skb), 0);
	assert_int_equal(skb->mac_len, ETH_HLEN);
	assert_csum_ok(skb);
	/* a tag is held now: a second call leaves the skb alone */
	assert_ptr_equal(skb_vlan_untag(skb), skb);
	assert_int_equal(skb->len, nt - ETH_HLEN);
	kfree_skb(skb);

	/* shared: works on a clone, the caller's reference is dropped */
	skb = rx_skb(f, n, 32);
	skb_get(skb);
	n2 = skb_vlan_untag(skb);
	assert_non_null(n2);
	assert_ptr_not_equal(n2, skb);
	assert_int_equal(skb->users, 1);
	assert_int_equal(skb->len, n - ETH_HLEN);
	assert_memory_equal(skb->data, f + ETH_HLEN, n - ETH_HLEN);
	assert_int_equal(skb_vlan_tag_get(n2), TCI_A);
	assert_memory_equal(n2->data, t + ETH_HLEN, nt - ETH_HLEN);
	kfree_skb(n2);
	kfree_skb(skb);

	/* 802.3 inside the tag: length 0x0030, then 0xffff: raw 802.3 */
	n = put_eth(f, mac_b, mac_a, ETH_P_8021Q);
	n += put_tag(f + n, 5, 0x0030);
	n += wr16(f + n, 0xffff);
	n += put_payload(f + n, 20, 3);
	skb = rx_skb(f, n, 32);
	skb = skb_vlan_untag(skb);
	assert_non_null(skb);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_802_3));
	kfree_skb(skb);
	f[18] = 0x42;
	skb = rx_skb(f, n, 32);
	skb = skb_vlan_untag(skb);
	assert_int_equal(skb->protocol, RTE_BE16(ETH_P_802_2));
	kfree_skb(skb);

	/* too short for a tag and two bytes: freed */
	skb = rx_skb(f, ETH_HLEN + 5, 32);
	assert_null(skb_vlan_untag(skb));
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Multi-tag checks and frame tag readers                                 */
/* ---------------------------------------------------------------------- */

static void test_tagged_checks(void **state)
{
	const uint16_t tp[2] = { ETH_P_8021AD, ETH_P_8021Q }, tci[2] = { 10, 20 };
	const netdev_features_t all = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_IP_CSUM |
				      NETIF_F_TSO | NETIF_F_HW_VLAN_CTAG_TX;
	struct net_device dev;
	uint8_t f[128];
	struct sk_buff *skb;
	struct vlan_hdr h1 = { RTE_BE16(1), RTE_BE16(ETH_P_IP) }, h2 = h1;
	unsigned int n;
	uint16_t vtci = 0;

	(void)state;
	memset(&dev, 0, sizeof(dev));
	n = frame(f, 2, tp, tci, 10);
	skb = tx_skb(f, n, 2, 32);
	skb->dev = &dev;
	assert_true(skb_vlan_tagged(skb));
	assert_true(skb_vlan_tagged_multi(skb));
	assert_int_equal(vlan_features_check(skb, all),
			 NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HW_VLAN_CTAG_TX);
	assert_int_equal(__vlan_get_tag(skb, &vtci), 0);
	assert_int_equal(vtci, 10);
	assert_int_equal(vlan_get_tag(skb, &vtci), 0);
	assert_int_equal(vtci, 10);
	dev.features = NETIF_F_HW_VLAN_CTAG_TX;
	assert_int_equal(vlan_get_tag(skb, &vtci), -ENODATA);
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021Q), 77);
	assert_int_equal(vlan_get_tag(skb, &vtci), 0);
	assert_int_equal(vtci, 77);
	/* held tag + one in the frame: multi */
	skb->protocol = RTE_BE16(ETH_P_8021Q);
	assert_true(skb_vlan_tagged_multi(skb));
	skb->protocol = RTE_BE16(ETH_P_IP);
	assert_true(skb_vlan_tagged(skb));
	assert_false(skb_vlan_tagged_multi(skb));
	__vlan_hwaccel_clear_tag(skb);
	assert_false(skb_vlan_tagged(skb));
	assert_false(skb_vlan_tagged_multi(skb));
	assert_int_equal(vlan_features_check(skb, all), all);
	kfree_skb(skb);

	/* one tag in the frame: tagged, not multi; untagged frame: -ENODATA */
	n = frame(f, 1, tp + 1, tci, 10);
	skb = tx_skb(f, n, 1, 32);
	assert_true(skb_vlan_tagged(skb));
	assert_false(skb_vlan_tagged_multi(skb));
	kfree_skb(skb);
	n = frame(f, 0, NULL, NULL, 10);
	skb = tx_skb(f, n, 0, 32);
	assert_int_equal(__vlan_get_tag(skb, &vtci), -ENODATA);
	kfree_skb(skb);

	assert_int_equal(compare_vlan_header(&h1, &h2), 0);
	h2.h_vlan_TCI = RTE_BE16(2);
	assert_int_not_equal(compare_vlan_header(&h1, &h2), 0);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_held_tag, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_insert_tag, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_push_inside, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_get_protocol, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_push_pop, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_pop_qinq, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_push_pop_shared_nonlinear, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_push_pop_not_at_mac, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_untag, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_tagged_checks, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("vlan", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
