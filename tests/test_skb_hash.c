/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the metadata family (netmem/flow.h): skb_set_hash with
 * each PKT_HASH_TYPE and the kind bits it leaves, skb_get_hash keeping an
 * L4 or software hash and replacing a hardware L3 one, the software flow
 * hash (both directions of a flow agree, ports sorted apart from addresses
 * as in the kernel, VLAN tag and IPv6 flow label taken in, held and in-frame
 * tags alike, fragments without ports, non-IP frames, headers in a frag,
 * never 0), the flow keys the dissector fills, skb_get_poff, the RX queue
 * record and TX queue mapping, hardware timestamps shared by clones and the
 * skb_tx_timestamp hook.
 *
 * The hash values themselves differ from the kernel's (siphash with a key
 * random per boot), so cases compare hashes with each other. Every case
 * checks that every skb it made was freed and that no misuse was counted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netmem/ether.h>
#include <netmem/flow.h>
#include <netmem/skbuff.h>
#include <netmem/vlan.h>

#include "test_l2_util.h"

#define IP_A	0x0a000001u
#define IP_B	0x0a000002u

/* An RX skb of the L3 packet @p (as after eth_type_trans() and the stack's
 * network header reset): data and network header at L3. */
static struct sk_buff *l3_skb(const uint8_t *p, unsigned int len, uint16_t proto)
{
	struct sk_buff *skb = skb_of(p, len, 64);

	skb_reset_network_header(skb);
	skb->protocol = RTE_BE16(proto);
	return skb;
}

static unsigned int ipv4_tcp(uint8_t *p, uint32_t s, uint32_t d, uint16_t sp, uint16_t dp)
{
	unsigned int n = put_ipv4(p, 6, s, d, 5, 0x4000, 20 + 20 + 10);

	n += put_tcp(p + n, sp, dp, 5);
	return n + put_payload(p + n, 10, 1);
}

static unsigned int ipv6_udp(uint8_t *p, uint8_t s, uint8_t d, uint16_t sp, uint16_t dp,
			     uint32_t label)
{
	unsigned int n = put_ipv6(p, 17, s, d, label, 8 + 12);

	n += put_udp(p + n, sp, dp, 20);
	return n + put_payload(p + n, 12, 2);
}

/* skb_get_hash() of an IPv4 TCP packet; *l4 gets l4_hash. */
static uint32_t hash4(uint32_t s, uint32_t d, uint16_t sp, uint16_t dp, bool *l4)
{
	uint8_t p[128];
	unsigned int n = ipv4_tcp(p, s, d, sp, dp);
	struct sk_buff *skb = l3_skb(p, n, ETH_P_IP);
	uint32_t h = skb_get_hash(skb);

	assert_int_not_equal(h, 0);
	assert_int_equal(skb->sw_hash, 1);
	assert_int_equal(skb_get_hash_raw(skb), h);
	if (l4)
		*l4 = skb->l4_hash;
	kfree_skb(skb);
	return h;
}

static uint32_t hash6(uint8_t s, uint8_t d, uint16_t sp, uint16_t dp, uint32_t label, bool *l4)
{
	uint8_t p[128];
	unsigned int n = ipv6_udp(p, s, d, sp, dp, label);
	struct sk_buff *skb = l3_skb(p, n, ETH_P_IPV6);
	uint32_t h = skb_get_hash(skb);

	assert_int_not_equal(h, 0);
	assert_int_equal(skb->sw_hash, 1);
	*l4 = skb->l4_hash;
	kfree_skb(skb);
	return h;
}

static void test_set_clear_hash(void **state)
{
	uint8_t p[128];
	unsigned int n = ipv4_tcp(p, IP_A, IP_B, 1000, 80);
	struct sk_buff *skb = l3_skb(p, n, ETH_P_IP), *b = alloc_skb(64, GFP);
	uint32_t sw;

	(void)state;
	assert_int_equal(PKT_HASH_TYPE_NONE, 0);
	assert_int_equal(PKT_HASH_TYPE_L4, 3);

	/* a hardware L4 hash is kept */
	skb_set_hash(skb, 0x12345678, PKT_HASH_TYPE_L4);
	assert_int_equal(skb->hash, 0x12345678);
	assert_int_equal(skb->l4_hash, 1);
	assert_int_equal(skb->sw_hash, 0);
	assert_int_equal(skb_get_hash(skb), 0x12345678);
	skb_clear_hash_if_not_l4(skb);
	assert_int_equal(skb->hash, 0x12345678);

	/* a hardware L3 (or L2, or NONE) hash is replaced by the software one */
	skb_set_hash(skb, 0x12345678, PKT_HASH_TYPE_L3);
	assert_int_equal(skb->l4_hash, 0);
	assert_int_equal(skb->sw_hash, 0);
	sw = skb_get_hash(skb);
	assert_int_equal(sw, hash4(IP_A, IP_B, 1000, 80, NULL));
	assert_int_equal(skb->sw_hash, 1);
	assert_int_equal(skb->l4_hash, 1);
	/* a software hash is kept, even when it is not L4 */
	__skb_set_sw_hash(skb, 77, false);
	assert_int_equal(skb_get_hash(skb), 77);
	skb_set_hash(skb, 5, PKT_HASH_TYPE_L2);
	assert_int_equal(skb->hash, 5);
	skb_clear_hash_if_not_l4(skb);
	assert_int_equal(skb->hash, 0);

	skb_set_hash(skb, 9, PKT_HASH_TYPE_L4);
	skb_copy_hash(b, skb);
	assert_int_equal(b->hash, 9);
	assert_int_equal(b->l4_hash, 1);
	assert_int_equal(b->sw_hash, 0);
	skb_clear_hash(skb);
	assert_int_equal(skb->hash, 0);
	assert_int_equal(skb->l4_hash, 0);
	assert_int_equal(skb->sw_hash, 0);
	assert_int_equal(skb_get_hash(skb), sw);
	kfree_skb(b);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_hash_symmetric(void **state)
{
	uint32_t h, hr;
	bool l4;

	(void)state;
	h = hash4(IP_A, IP_B, 1000, 80, &l4);
	assert_true(l4);
	/* the other direction */
	hr = hash4(IP_B, IP_A, 80, 1000, &l4);
	assert_int_equal(h, hr);
	/* addresses and ports are sorted each on its own (the kernel since
	 * 5.x): swapping only the ports gives the same hash too */
	assert_int_equal(hash4(IP_A, IP_B, 80, 1000, NULL), h);
	assert_int_equal(hash4(IP_B, IP_A, 1000, 80, NULL), h);
	/* any field changes it */
	assert_int_not_equal(hash4(IP_A, IP_B, 1001, 80, NULL), h);
	assert_int_not_equal(hash4(IP_A, IP_B, 1000, 81, NULL), h);
	assert_int_not_equal(hash4(IP_A, IP_B + 1, 1000, 80, NULL), h);
	/* the same flow, the same hash */
	assert_int_equal(hash4(IP_A, IP_B, 1000, 80, NULL), h);

	/* IPv6: both directions; a flow label ends the dissection there: no
	 * ports, l4_hash set (flow_keys_have_l4), ports no longer matter */
	h = hash6(1, 2, 5000, 53, 0, &l4);
	assert_true(l4);
	assert_int_equal(hash6(2, 1, 53, 5000, 0, &l4), h);
	assert_int_not_equal(hash6(1, 2, 5001, 53, 0, &l4), h);
	h = hash6(1, 2, 5000, 53, 0xabcde, &l4);
	assert_true(l4);
	assert_int_equal(hash6(1, 2, 6000, 54, 0xabcde, &l4), h);
	assert_int_equal(hash6(2, 1, 6000, 54, 0xabcde, &l4), h);
	assert_int_not_equal(hash6(1, 2, 5000, 53, 0xabcdf, &l4), h);
	assert_misuses(0);
}

static void test_flow_keys(void **state)
{
	uint8_t p[160];
	struct flow_keys k;
	struct sk_buff *skb;
	unsigned int n;

	(void)state;
	/* IPv4 TCP */
	n = ipv4_tcp(p, IP_A, IP_B, 1000, 80);
	skb = l3_skb(p, n, ETH_P_IP);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, 0));
	assert_int_equal(k.basic.n_proto, RTE_BE16(ETH_P_IP));
	assert_int_equal(k.basic.ip_proto, 6);
	assert_int_equal(k.control.addr_type, FLOW_DISSECTOR_KEY_IPV4_ADDRS);
	assert_int_equal(k.control.thoff, 20);
	assert_int_equal(k.control.flags, 0);
	assert_int_equal(k.addrs.v4addrs.src, rte_cpu_to_be_32(IP_A));
	assert_int_equal(k.addrs.v4addrs.dst, rte_cpu_to_be_32(IP_B));
	assert_int_equal(k.ports.src, RTE_BE16(1000));
	assert_int_equal(k.ports.dst, RTE_BE16(80));
	assert_true(flow_keys_have_l4(&k));
	assert_int_equal(skb_get_poff(skb), 40);
	/* flow_hash_from_keys sorts in place: dst 80 < src 1000 */
	assert_int_equal(flow_hash_from_keys(&k), hash4(IP_A, IP_B, 1000, 80, NULL));
	assert_int_equal(k.ports.src, RTE_BE16(80));
	assert_int_equal(k.ports.dst, RTE_BE16(1000));
	kfree_skb(skb);

	/* a first fragment: no ports unless PARSE_1ST_FRAG; a later one never */
	n = put_ipv4(p, 17, IP_A, IP_B, 5, 0x2000, 20 + 8 + 30);
	n += put_udp(p + n, 7, 9, 38);
	n += put_payload(p + n, 30, 3);
	skb = l3_skb(p, n, ETH_P_IP);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, 0));
	assert_int_equal(k.control.flags, FLOW_DIS_IS_FRAGMENT | FLOW_DIS_FIRST_FRAG);
	assert_int_equal(k.ports.ports, 0);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, FLOW_DISSECTOR_F_PARSE_1ST_FRAG));
	assert_int_equal(k.ports.src, RTE_BE16(7));
	assert_int_equal(skb_get_hash(skb) != 0, 1);
	assert_int_equal(skb->l4_hash, 0);
	wr16(skb->data + 6, 0x0004);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, FLOW_DISSECTOR_F_PARSE_1ST_FRAG));
	assert_int_equal(k.control.flags, FLOW_DIS_IS_FRAGMENT);
	assert_int_equal(k.ports.ports, 0);
	kfree_skb(skb);

	/* IPv6 with a flow label */
	n = ipv6_udp(p, 1, 2, 5000, 53, 0xabcde);
	skb = l3_skb(p, n, ETH_P_IPV6);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL));
	assert_int_equal(k.tags.flow_label, 0xabcde);
	assert_int_equal(k.ports.ports, 0);
	assert_int_equal(k.basic.ip_proto, 17);
	assert_int_equal(k.control.thoff, 40);
	assert_int_equal(k.control.addr_type, FLOW_DISSECTOR_KEY_IPV6_ADDRS);
	assert_int_equal(k.addrs.v6addrs.src.s6_addr[15], 1);
	assert_int_equal(k.addrs.v6addrs.dst.s6_addr[15], 2);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, 0));
	assert_int_equal(k.ports.dst, RTE_BE16(53));
	kfree_skb(skb);

	/* not IP: false, no addresses; still a (software, not L4) hash */
	memset(p, 0, 28);
	skb = l3_skb(p, 28, ETH_P_ARP);
	assert_false(skb_flow_dissect_flow_keys(skb, &k, 0));
	assert_int_equal(k.control.addr_type, 0);
	assert_int_equal(k.basic.n_proto, RTE_BE16(ETH_P_ARP));
	assert_int_equal(skb_get_poff(skb), 0);
	assert_int_not_equal(skb_get_hash(skb), 0);
	assert_int_equal(skb->sw_hash, 1);
	assert_int_equal(skb->l4_hash, 0);
	kfree_skb(skb);

	/* a cut IPv4 header: false, thoff where it stopped */
	n = ipv4_tcp(p, IP_A, IP_B, 1, 2);
	skb = l3_skb(p, 19, ETH_P_IP);
	assert_false(skb_flow_dissect_flow_keys(skb, &k, 0));
	assert_int_equal(k.control.thoff, 0);
	kfree_skb(skb);
	assert_misuses(0);
}

/* An RX skb of an Ethernet frame with a VLAN tag @vid either held (the
 * NIC stripped it) or in the frame (skb->protocol the TPID, the network
 * header on the tag, as the kernel's receive path leaves it). */
static struct sk_buff *vlan_skb(uint16_t vid, uint16_t prio, bool held, uint16_t sp)
{
	uint8_t f[160];
	unsigned int n = 0;
	struct sk_buff *skb;

	if (held) {
		n = ipv4_tcp(f, IP_A, IP_B, sp, 80);
		skb = l3_skb(f, n, ETH_P_IP);
		__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021Q),
				       (uint16_t)(prio << VLAN_PRIO_SHIFT | vid));
		return skb;
	}
	n = put_tag(f, (uint16_t)(prio << VLAN_PRIO_SHIFT | vid), ETH_P_IP);
	n += ipv4_tcp(f + n, IP_A, IP_B, sp, 80);
	return l3_skb(f, n, ETH_P_8021Q);
}

static uint32_t vlan_hash(uint16_t vid, uint16_t prio, bool held, uint16_t sp)
{
	struct sk_buff *skb = vlan_skb(vid, prio, held, sp);
	uint32_t h = skb_get_hash(skb);

	assert_int_equal(skb->l4_hash, 1);
	kfree_skb(skb);
	return h;
}

static void test_hash_vlan(void **state)
{
	struct flow_keys k;
	struct sk_buff *skb;
	uint8_t f[160];
	unsigned int n;
	uint32_t h;

	(void)state;
	h = vlan_hash(10, 0, true, 1000);
	/* held or in the frame: the same keys, the same hash */
	assert_int_equal(vlan_hash(10, 0, false, 1000), h);
	assert_int_not_equal(vlan_hash(11, 0, true, 1000), h);
	assert_int_not_equal(vlan_hash(10, 3, false, 1000), h);
	assert_int_not_equal(h, hash4(IP_A, IP_B, 1000, 80, NULL));

	skb = vlan_skb(10, 3, false, 1000);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, 0));
	assert_int_equal(k.vlan.vlan_id, 10);
	assert_int_equal(k.vlan.vlan_priority, 3);
	assert_int_equal(k.vlan.vlan_tpid, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(k.vlan.vlan_eth_type, RTE_BE16(ETH_P_IP));
	assert_int_equal(k.control.thoff, 4 + 20);
	kfree_skb(skb);

	/* QinQ: held 802.1ad outer, 802.1Q inner in the frame; only the outer
	 * tag is a key */
	n = put_tag(f, 20, ETH_P_IP);
	n += ipv4_tcp(f + n, IP_A, IP_B, 1000, 80);
	skb = l3_skb(f, n, ETH_P_8021Q);
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021AD), 30);
	assert_true(skb_flow_dissect_flow_keys(skb, &k, 0));
	assert_int_equal(k.vlan.vlan_id, 30);
	assert_int_equal(k.vlan.vlan_tpid, RTE_BE16(ETH_P_8021AD));
	assert_int_equal(k.vlan.vlan_eth_type, RTE_BE16(ETH_P_8021Q));
	assert_int_equal(k.basic.n_proto, RTE_BE16(ETH_P_IP));
	assert_int_equal(k.ports.src, RTE_BE16(1000));
	assert_int_equal(k.control.thoff, 4 + 20);
	h = skb_get_hash(skb);
	__vlan_hwaccel_put_tag(skb, RTE_BE16(ETH_P_8021AD), 30);
	skb->data[1] = 21;		/* the inner VID is not hashed */
	skb_clear_hash(skb);
	assert_int_equal(skb_get_hash(skb), h);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_hash_nonlinear(void **state)
{
	uint8_t f[160];
	struct sk_buff *skb;
	unsigned int n;
	uint32_t h = hash4(IP_A, IP_B, 4000, 443, NULL);

	(void)state;
	/* Ethernet in the head, everything else in a frag: read through it */
	n = put_eth(f, mac_a, mac_b, ETH_P_IP);
	n += ipv4_tcp(f + n, IP_A, IP_B, 4000, 443);
	skb = skb_of_nonlinear(f, n, ETH_HLEN, 64);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = RTE_BE16(ETH_P_IP);
	assert_int_equal(skb_get_hash(skb), h);
	assert_int_equal(skb->l4_hash, 1);
	assert_int_equal(skb_headlen(skb), ETH_HLEN);	/* nothing pulled */
	assert_int_equal(skb_get_poff(skb), ETH_HLEN + 40);
	kfree_skb(skb);
	assert_misuses(0);
}

static void test_queues_and_tstamps(void **state)
{
	struct sk_buff *skb = alloc_skb(128, GFP), *b = alloc_skb(64, GFP), *c;

	(void)state;
	assert_false(skb_rx_queue_recorded(skb));
	assert_int_equal(skb_get_rx_queue(skb), 0xffff);
	skb_record_rx_queue(skb, 3);
	assert_true(skb_rx_queue_recorded(skb));
	assert_int_equal(skb_get_rx_queue(skb), 3);
	assert_int_equal(skb_get_queue_mapping(skb), 4);	/* stored + 1 */
	skb_record_rx_queue(skb, 0);
	assert_true(skb_rx_queue_recorded(skb));
	assert_int_equal(skb_get_rx_queue(skb), 0);
	skb_set_queue_mapping(skb, 7);
	assert_int_equal(skb_get_queue_mapping(skb), 7);
	assert_int_equal(skb_get_rx_queue(skb), 6);
	skb_copy_queue_mapping(b, skb);
	assert_int_equal(skb_get_queue_mapping(b), 7);
	skb_set_queue_mapping(skb, 0);
	assert_false(skb_rx_queue_recorded(skb));

	/* hardware timestamps live in the shared info: clones see them */
	assert_true(skb_hwtstamps(skb)->hwtstamp == 0);
	skb_hwtstamps(skb)->hwtstamp = 1234567890123ull;
	c = skb_clone(skb, GFP);
	assert_true(skb_hwtstamps(c)->hwtstamp == 1234567890123ull);
	/* skb_tx_timestamp() is a hook: nothing changes */
	skb_shinfo(skb)->tx_flags = SKBTX_SW_TSTAMP;
	skb->tstamp = 42;
	skb_tx_timestamp(skb);
	assert_int_equal(skb_shinfo(skb)->tx_flags, SKBTX_SW_TSTAMP);
	assert_true(skb->tstamp == 42);
	assert_int_equal(skb->users, 1);
	kfree_skb(c);
	kfree_skb(b);
	kfree_skb(skb);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_clear_hash, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_hash_symmetric, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_flow_keys, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_hash_vlan, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_hash_nonlinear, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_queues_and_tstamps, skb_case_setup,
						skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_hash", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
