/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: netmem-fwd's csum and gso modes and its --verify
 * checker (examples/fwd/fwd_csum.c, fwd_gso.c, fwd_rxonly.c, fwd_txonly.c,
 * compiled in here) on skbs received from crafted packets (fuzz_port.h):
 * csum_one()'s IPv4/TCP/UDP header parsing and repair, gso_headers() and
 * gso_one()'s segmentation set-up, then fwd_tx() over the loopback as the
 * mode sends; or fwd_consume() with --verify (fwd_verify_skb(),
 * fwd_gen_check()), whose verdict must be fwd_gen_check() of the bytes
 * sent.
 *
 * Checked besides the ownership oracle:
 *  - csum: a packet csum_one() took as IPv4 has IHL >= 5, and where it
 *    verified the IPv4 header (no RX offload said good) the header's
 *    checksum is right afterwards;
 *  - gso: every GSO skb gso_one() made has L3 and L4 headers that are
 *    whole: IPv4 IHL >= 5, TCP data offset >= 5, and gso_size > 0.
 *
 * Input: 8 parameter bytes, then the packet.
 *   [0]   bits 0-1 port (3: 0), bit 2 send as an skb, bits 3-4 mbuf
 *         kinds, bit 5 gso mode (else csum), bit 6 a clone (shared
 *         head: csum_one's skb_cow_head), bit 7 the --verify checker
 *         (fwd_consume() with verify on) instead of either mode
 *   [1]   RX offload flags    [2-3] VLAN TCI
 *   [4]   TX features: bit 0 SG, bit 1 IP_CSUM, bit 2 HW_CSUM, bit 3 TSO,
 *         bit 4 TSO6, bit 5 IPV6_CSUM; bits 6-7 head bytes / 64 (skb)
 *   [5-6] TX MTU (little endian, 68..9000)    [7] layout seed
 */
#define FZ_NAME "fuzz_fwd"
#include "fuzz_port.h"

#include "fwd_csum.c"
#include "fwd_gso.c"
#include "fwd_rxonly.c"
#include "fwd_txonly.c"
#include "fwd_gro.c"	/* fwd_rx() calls it under --gro */

#define PARAMS	8

/* What the modes use of netmem-fwd besides their own files. */
struct fwd_config fwd_cfg = { .burst = 32 };
struct net_devmem_dmabuf_binding *fwd_binding;
uint8_t *fwd_devmem_region;
int fwd_logtype;
const struct fwd_engine *fwd_engine = &fwd_csum_engine;
struct fwd_stream fwd_streams[FWD_MAX_STREAMS];

const struct rte_ether_addr *fwd_peer_addr(uint16_t port)
{
	static const struct rte_ether_addr a = { { 0x02, 0, 0, 0, 0, 1 } };

	(void)port;
	return &a;
}

const struct rte_ether_addr *fwd_port_addr(uint16_t port)
{
	static const struct rte_ether_addr a = { { 0x02, 0, 0, 0, 0, 2 } };

	(void)port;
	return &a;
}

static struct fwd_stream fs;
static uint64_t verify_ok_inputs;	/* FZ_STATS=1: printed at exit */

static void verify_stats(void)
{
	fprintf(stderr, FZ_NAME ": %lu inputs the --verify checker accepted\n",
		(unsigned long)verify_ok_inputs);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init(FZ_NAME);
	if (getenv("FZ_STATS") != NULL)
		atexit(verify_stats);
	return 0;
}

static void check_csum(struct sk_buff *skb, const struct fwd_counters *c0, bool rx_good)
{
	const uint8_t *ip;
	unsigned int ihl;

	if (fs.c.not_ipv4 != c0->not_ipv4)
		return;
	/* csum_one() took it as IPv4: the header is whole and linear */
	CHECK(skb_headlen(skb) >= skb->mac_len + 20u);
	ip = skb->data + skb->mac_len;
	ihl = (ip[0] & 0xfu) * 4;
	CHECK(ip[0] >> 4 == 4 && ihl >= 20 && skb_headlen(skb) >= skb->mac_len + ihl);
	if (!rx_good)
		CHECK(rte_raw_cksum(ip, ihl) == 0xffff);
}

static void check_gso(struct sk_buff *skb)
{
	const uint8_t *ip;
	unsigned int l3;

	if (!skb_is_gso(skb))
		return;
	CHECK(skb_shinfo(skb)->gso_size > 0);
	if (!pskb_may_pull(skb, skb->mac_len + 40u))
		return;
	ip = skb->data + skb->mac_len;
	if (skb->protocol == htons(0x0800)) {
		l3 = (ip[0] & 0xfu) * 4;
		CHECK(ip[0] >> 4 == 4 && l3 >= 20);
	} else {
		CHECK(skb->protocol == htons(0x86dd) && ip[0] >> 4 == 6);
		l3 = 40;
	}
	if (skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6) &&
	    pskb_may_pull(skb, skb->mac_len + l3 + 20))
		CHECK((skb->data[skb->mac_len + l3 + 12] >> 4) >= 5);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sk_buff *out[FWD_MAX_BURST];
	unsigned int pi, len, sent, mtu;
	struct sk_buff *skbs[4], *skb;
	struct fwd_counters c0;
	const uint8_t *pkt;
	uint16_t n, nout = 0;
	bool rx_good;

	if (size < PARAMS || size - PARAMS > FZ_MAX_PKT)
		return 0;
	pkt = data + PARAMS;
	len = (unsigned int)(size - PARAMS);
	pi = (data[0] & 3) == 3 ? 0 : data[0] & 3;
	fz_begin((uint32_t)data[7] << 16 ^ len);

	mtu = 68 + (unsigned int)(data[5] | data[6] << 8) % (9000 - 68 + 1);
	memset(&fs, 0, sizeof(fs));
	fs.rx_port = fs.tx_port = fz_pid[pi];
	fs.tx_mtu = (uint16_t)mtu;
	fs.tx_features = ((data[4] & 1) ? NETIF_F_SG : 0) |
			 ((data[4] & 2) ? NETIF_F_IP_CSUM : 0) |
			 ((data[4] & 4) ? NETIF_F_HW_CSUM : 0) |
			 ((data[4] & 8) ? NETIF_F_TSO : 0) |
			 ((data[4] & 16) ? NETIF_F_TSO6 : 0) |
			 ((data[4] & 32) ? NETIF_F_IPV6_CSUM : 0);

	if (data[0] & 4)
		sent = fz_send_skb(pi, pkt, len, (data[4] >> 6) * 64u);
	else
		sent = fz_send_mbufs(pi, pkt, len, (data[0] >> 3) & 3 ? ((data[0] >> 3) & 3) - 1 : 0,
				     data[1], (uint16_t)(data[2] | data[3] << 8));
	n = nm_rx_burst(fz_pid[pi], 0, skbs, 4);
	CHECK(n <= 1 && (n == 0 || sent != 0));
	if (n == 0) {
		fz_end();
		return 0;
	}
	skb = skbs[0];
	fz_check_rx(skb);
	rx_good = skb->ip_summed == CHECKSUM_UNNECESSARY;
	if (data[0] & 64) {
		struct sk_buff *c = skb_clone(skb, GFP_ATOMIC);

		CHECK(c != NULL);
		kfree_skb(skb);
		skb = c;
	}
	c0 = fs.c;
	if (data[0] & 128) {
		/* rxonly/txonly --verify: the checker's verdict is the
		 * generator check of the bytes sent, whatever the layout */
		bool expect = !skb->unreadable && skb->len == sent && sent <= sizeof(flat) &&
			      fwd_gen_check(pkt, sent);

		fwd_cfg.verify = true;
		fwd_consume(&fs, &skb, 1);
		fwd_cfg.verify = false;
		CHECK(fs.c.consumed == 1);
		verify_ok_inputs += expect;
		if (expect)
			CHECK(fs.c.verify_ok == 1);
		else
			CHECK(fs.c.verify_ok == 0);
	} else if (data[0] & 32) {
		gso_one(&fs, skb, out, &nout);
		for (uint16_t i = 0; i < nout; i++)
			check_gso(out[i]);
		fwd_tx(&fs, out, nout);
		CHECK(fs.c.gso_skbs + fs.c.gso_tso + fs.c.gso_drops <= 1);
	} else {
		csum_one(&fs, skb);
		check_csum(skb, &c0, rx_good);
		out[nout++] = skb;
		fwd_tx(&fs, out, nout);
	}
	fz_end();
	return 0;
}
