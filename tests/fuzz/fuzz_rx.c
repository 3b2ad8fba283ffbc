/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: everything a received packet reaches in the library.
 * A crafted packet goes into a net_ring port's ring (fuzz_port.h: raw
 * mbufs and mbuf chains of page and ordinary mbufs with RX offload flags,
 * or an skb whose frags become external segments), nm_rx_burst() builds
 * the skb (plain, software header split, device-memory split), and then:
 *  - the skb is checked: layout, mac_len, protocol, and its bytes are the
 *    packet's (when readable);
 *  - skb_header_pointer(), skb_checksum() against csum_partial() of the
 *    packet, pskb_may_pull() of any length;
 *  - TX offload set-up of the received skb: transport header from its IP
 *    header, GSO type and size, CHECKSUM_PARTIAL, then skb_checksum_help()
 *    (the result must sum to 0) or nm_tx_burst() (software GSO and
 *    checksum over the loopback, the packets received again and freed);
 *    the skb or a clone of it.
 *
 * Input: 8 parameter bytes, then the packet.
 *   [0]   bits 0-1 port (3: 0), bit 2 send as an skb (external segments),
 *         bits 3-4 mbuf kinds (page, ordinary, mixed), bit 5 no TX stage,
 *         bit 6 send a clone, bit 7 skb_checksum_help()
 *   [1]   RX offload flags (fz_rx_flags)   [2-3] VLAN TCI
 *   [4]   bits 0-1 GSO type (none, TCPv4, TCPv6, UDP L4), bit 2
 *         CHECKSUM_PARTIAL, bit 3 DODGY, bits 4-7 head bytes / 16 (skb)
 *   [5-6] gso_size (little endian)     [7] layout seed
 *
 * Each input leaves no skb, page or misuse behind (fz_end()).
 */
#define FZ_NAME "fuzz_rx"
#include "fuzz_port.h"

#define PARAMS	8

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init(FZ_NAME);
	return 0;
}

/* The received skb's bytes are the packet's, and the header probes agree. */
static void probes(struct sk_buff *skb, const uint8_t *pkt, unsigned int len)
{
	unsigned int off = fz_rng() % (len + 8), n = fz_rng() % 200, want;
	uint8_t buf[256];
	const uint8_t *h;

	if (skb_readable_all(skb)) {
		uint8_t *all = malloc(len + 1);

		CHECK(all != NULL);
		CHECK(skb->len == len);
		CHECK(skb_copy_bits(skb, 0, all, (int)len) == 0);
		CHECK(memcmp(all, pkt, len) == 0);
		free(all);
	}
	h = skb_header_pointer(skb, (int)off, (int)n, buf);
	if (h != NULL)
		CHECK(off + n <= skb->len && (!skb_readable_all(skb) || memcmp(h, pkt + off, n) == 0));
	else if (skb_readable_all(skb))
		CHECK(off + n > len);
	if (skb_readable_all(skb) && off + n <= len)
		CHECK(csum_fold(skb_checksum(skb, (int)off, (int)n, 0)) ==
		      csum_fold(csum_partial(pkt + off, (int)n, 0)));
	want = fz_rng() % (len + 16);
	if (pskb_may_pull(skb, want))
		CHECK(want <= skb->len && skb_headlen(skb) >= want);
	CHECK(skb->len == len || !skb_readable_all(skb));
}

/* The transport offset and protocol of @skb's IPv4/IPv6 header; 0 if none. */
static unsigned int l4_offset(struct sk_buff *skb, uint8_t *proto)
{
	unsigned int nh = skb->mac_len;

	if (skb->protocol == htons(0x0800) && pskb_may_pull(skb, nh + 20)) {
		unsigned int ihl = (skb->data[nh] & 0xfu) * 4;

		if ((skb->data[nh] >> 4) != 4 || ihl < 20)
			return 0;
		*proto = skb->data[nh + 9];
		return nh + ihl;
	}
	if (skb->protocol == htons(0x86dd) && pskb_may_pull(skb, nh + 40)) {
		*proto = skb->data[nh + 6];
		return nh + 40;
	}
	return 0;
}

/* TX offload set-up of a received skb; then help or send it. */
static void tx_stage(unsigned int pi, struct sk_buff *skb, const uint8_t *d)
{
	static const unsigned int types[4] = { 0, SKB_GSO_TCPV4, SKB_GSO_TCPV6,
					       SKB_GSO_UDP_L4 };
	unsigned int thoff, coff, gso = types[d[4] & 3];
	uint8_t proto = 0;

	thoff = l4_offset(skb, &proto);
	if (thoff != 0 && thoff <= skb->len) {
		skb_set_transport_header(skb, (int)thoff);
		coff = proto == 6 ? 16 : 6;
		if ((d[4] & 4) && pskb_may_pull(skb, thoff + coff + 2)) {
			skb->ip_summed = CHECKSUM_PARTIAL;
			skb->csum_start = (__u16)(skb_headroom(skb) + thoff);
			skb->csum_offset = (__u16)coff;
		}
	}
	if (gso) {
		skb_shinfo(skb)->gso_type = gso | ((d[4] & 8) ? SKB_GSO_DODGY : 0);
		skb_shinfo(skb)->gso_size = (unsigned short)(d[5] | d[6] << 8);
	}
	if ((d[0] & 128) && skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb)) {
		int start = skb_checksum_start_offset(skb);
		uint16_t old;

		/* The field held the pseudo-header sum: with it added back, the
		 * range sums to 0xffff once the checksum is written. */
		memcpy(&old, skb->data + start + skb->csum_offset, 2);
		if (skb_checksum_help(skb) == 0 && skb_readable_all(skb))
			CHECK(csum_fold(csum_add(skb_checksum(skb, start, (int)skb->len - start, 0),
						 (__wsum)old)) == 0);
	}
	if (d[0] & 64) {
		struct sk_buff *c = skb_clone(skb, GFP_ATOMIC);

		CHECK(c != NULL);
		if (nm_tx_burst(fz_pid[pi], 0, &c, 1) != 1)
			kfree_skb(c);
		kfree_skb(skb);
		return;
	}
	if (nm_tx_burst(fz_pid[pi], 0, &skb, 1) != 1)
		kfree_skb(skb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int pi, len, sent;
	struct sk_buff *skbs[4];
	const uint8_t *pkt;
	uint16_t n;

	if (size < PARAMS || size - PARAMS > FZ_MAX_PKT)
		return 0;
	pkt = data + PARAMS;
	len = (unsigned int)(size - PARAMS);
	pi = (data[0] & 3) == 3 ? 0 : data[0] & 3;
	fz_begin((uint32_t)data[7] << 16 ^ len);

	if (data[0] & 4)
		sent = fz_send_skb(pi, pkt, len, (data[4] >> 4) * 16u);
	else
		sent = fz_send_mbufs(pi, pkt, len, (data[0] >> 3) & 3 ? ((data[0] >> 3) & 3) - 1 : 0,
				     data[1], (uint16_t)(data[2] | data[3] << 8));
	n = nm_rx_burst(fz_pid[pi], 0, skbs, 4);
	CHECK(n <= 1 && (n == 0 || sent != 0));
	if (n == 1) {
		struct sk_buff *skb = skbs[0];

		fz_check_rx(skb);
		if (!(data[0] & 4) && (data[1] & 1))
			CHECK(skb->vlan_all != 0 &&
			      skb->vlan_tci == (uint16_t)(data[2] | data[3] << 8));
		probes(skb, pkt, sent);
		if (data[0] & 32)
			kfree_skb(skb);
		else
			tx_stage(pi, skb, data);
	}
	fz_end();
	return 0;
}
