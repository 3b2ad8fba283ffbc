/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * txonly mode: sends UDP/IPv4 packets at full speed, testpmd's txonly
 * engine on sk_buffs. Each packet has the --txpkts layout: the first length
 * is the linear part, headers in it, every further length a frag on a
 * whole page_pool page of the stream (page_pool_dev_alloc_pages(), as
 * testpmd gives each segment a whole mbuf), owned by the stream's lcore. The linear part is a whole page of that pool built as a
 * driver builds an RX skb (napi_build_skb()), so TX hands the page itself
 * to the PMD.
 *
 * The generator is shared with flowgen (varying 5-tuples) and --tx-first.
 * With --verify the UDP payload carries a pattern (fwd_gen_check() below)
 * and a UDP checksum, and the stream also receives and checks what comes
 * back (a loopback or a second instance running rxonly --verify).
 *
 * Payload layout: "NMFW", the packet's sequence number (big endian), then
 * byte i of the payload is (uint8_t)(seq + i).
 *
 * --tx-tso=MSS (txonly only): each burst's packets are made TCP after they
 * are built, as the kernel's TCP hands them to a device: CHECKSUM_PARTIAL,
 * and GSO skbs of gso_size MSS when longer than one segment, which the
 * port sends by TSO where it has it (else segments in software).
 */
#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include <netmem/page_pool/helpers.h>

#include "fwd.h"

#define GEN_MAGIC	"NMFW"
#define GEN_POOL_PAGES	4096
/* The largest linear part (config.c) fits a page with headroom and the
 * shared info. */
_Static_assert(2048 + NET_SKB_PAD + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) <= PAGE_SIZE,
	       "a linear part fits one page");

/* The headers of the stream's packets, kept as testpmd's txonly keeps its
 * own: IP id and checksum 0, the sum of the IPv4 header's words aside. */
static void gen_hdr_init(struct fwd_stream *fs)
{
	const unsigned int total = fwd_cfg.txpkts_total;
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)fs->gen_hdr;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	_Static_assert(sizeof(*eth) + sizeof(*ip) + sizeof(*udp) == FWD_HDR_LEN,
		       "FWD_HDR_LEN is Ethernet + IPv4 + UDP");
	memset(fs->gen_hdr, 0, sizeof(fs->gen_hdr));
	rte_ether_addr_copy(fwd_peer_addr(fs->tx_port), &eth->dst_addr);
	rte_ether_addr_copy(fwd_port_addr(fs->tx_port), &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(total - RTE_ETHER_HDR_LEN));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(fwd_cfg.tx_ip_src);	/* --tx-ip */
	ip->dst_addr = rte_cpu_to_be_32(fwd_cfg.tx_ip_dst);
	udp->src_port = rte_cpu_to_be_16(fwd_cfg.tx_udp_src);	/* --tx-udp */
	udp->dst_port = rte_cpu_to_be_16(fwd_cfg.tx_udp_dst);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(total - RTE_ETHER_HDR_LEN - sizeof(*ip)));
	fs->gen_ip_sum = rte_raw_cksum(ip, sizeof(*ip));
}

/* The IPv4 header checksum of the stream's headers with IP id @id (as
 * stored): their sum taken once (folded to 16 bits) plus the id, folded.
 * Two 16-bit values: one fold leaves no carry. */
static inline rte_be16_t gen_ip_csum(uint16_t hdr_sum, rte_be16_t id)
{
	uint32_t s = (uint32_t)hdr_sum + id;

	return (rte_be16_t)~((s & 0xffff) + (s >> 16));
}

int fwd_gen_stream_init(struct fwd_stream *fs)
{
	char name[32];
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP,
		.order = 0,
		.pool_size = 1024,
		.nr_pages = GEN_POOL_PAGES,
		.nid = NUMA_NO_NODE,
		.dev = fs->tx_port,
		.lcore = fs->lcore,
		.dma_dir = DMA_BIDIRECTIONAL,
		.queue_idx = fs->tx_queue,
		.name = name,
	};

	gen_hdr_init(fs);
	if (fs->tx_pool != NULL)
		return 0;
	/* Only --tx-first's one burst: pages for it and the alloc cache. */
	if (!fwd_engine->generates) {
		pp.pool_size = 256;
		pp.nr_pages = fwd_cfg.burst * fwd_cfg.nb_txpkts + 2 * PP_ALLOC_CACHE_SIZE;
	}
	snprintf(name, sizeof(name), "gen%up%uq%u", (unsigned int)(fs - fwd_streams),
		 fs->tx_port, fs->tx_queue);
	fs->tx_pool = page_pool_create(&pp);
	if (IS_ERR(fs->tx_pool)) {
		int ret = (int)PTR_ERR(fs->tx_pool);

		fs->tx_pool = NULL;
		return ret;
	}
	return 0;
}

void fwd_gen_stream_fini(struct fwd_stream *fs)
{
	if (fs->tx_pool != NULL)
		page_pool_destroy(fs->tx_pool);
	fs->tx_pool = NULL;
}

static inline void fill_pattern(uint8_t *p, unsigned int len, uint32_t seq, unsigned int pos)
{
	for (unsigned int i = 0; i < len; i++)
		p[i] = (uint8_t)(seq + pos + i);
}

/* The UDP checksum of a packet built in @skb (headers linear). */
static void gen_udp_csum(struct sk_buff *skb, struct rte_ipv4_hdr *ip, struct rte_udp_hdr *udp)
{
	struct {
		rte_be32_t src, dst;
		uint8_t zero, proto;
		rte_be16_t len;
	} __rte_packed ph = { ip->src_addr, ip->dst_addr, 0, IPPROTO_UDP, udp->dgram_len };
	int thoff = skb_transport_offset(skb);
	__wsum sum;
	__sum16 c;

	udp->dgram_cksum = 0;
	sum = csum_partial(&ph, sizeof(ph), 0);
	sum = skb_checksum(skb, thoff, (int)(skb->len - (unsigned int)thoff), sum);
	c = csum_fold(sum);
	udp->dgram_cksum = c == 0 ? 0xffff : c;
}

/* An empty skb on a page of the stream's pool, or NULL. */
static inline __attribute__((always_inline)) struct sk_buff *gen_linear(struct fwd_stream *fs)
{
	struct sk_buff *skb;
	struct page *page;

	page = page_pool_dev_alloc_pages(fs->tx_pool);
	if (unlikely(page == NULL))
		return NULL;
	skb = napi_build_skb(page_address(page), PAGE_SIZE);
	if (unlikely(skb == NULL)) {
		page_pool_put_full_page(fs->tx_pool, page, true);
		return NULL;
	}
	skb_reserve(skb, NET_SKB_PAD);
	return skb;
}

/* --verify's payload: GEN_MAGIC and the sequence number in the first 8
 * bytes after the UDP header (@pl, @n linear bytes), then a pattern of the
 * sequence number through the linear part and each frag. */
static __attribute__((noinline)) void gen_pattern(struct sk_buff *skb, uint8_t *pl,
						  unsigned int n, uint32_t seq)
{
	uint8_t hdr[8];
	rte_be32_t be_seq;
	unsigned int pos;

	memcpy(hdr, GEN_MAGIC, 4);
	be_seq = rte_cpu_to_be_32(seq);
	memcpy(hdr + 4, &be_seq, sizeof(be_seq));
	for (pos = 0; pos < n && pos < 8; pos++)
		pl[pos] = hdr[pos];
	fill_pattern(pl + pos, n - pos, seq, pos);
	pos = n;
	for (int i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		skb_frag_t *f = &skb_shinfo(skb)->frags[i];
		uint8_t *p = skb_frag_address(f);
		unsigned int k = 0;

		for (; pos + k < 8 && k < skb_frag_size(f); k++)
			p[k] = hdr[pos + k];
		fill_pattern(p + k, skb_frag_size(f) - k, seq, pos + k);
		pos += skb_frag_size(f);
	}
}

/* One packet of the --txpkts layout (its linear part @lin bytes), or NULL
 * (out of skbs or pages). Inline in fwd_gen_burst()'s loop: its registers
 * saved once per burst. Constants, so that no option is read per packet
 * where none is set: @plain, no flows, no multi-flow, no bad checksums;
 * @one, one piece; @pattern, --verify's payload. */
static inline __attribute__((always_inline)) struct sk_buff *
gen_one(struct fwd_stream *fs, unsigned int flows, const bool plain, const bool one,
	unsigned int lin, bool pattern)
{
	uint32_t seq = fs->seq;
	const rte_be16_t id = rte_cpu_to_be_16((uint16_t)seq);
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	struct sk_buff *skb = gen_linear(fs);

	if (unlikely(skb == NULL))
		return NULL;
	/* A new skb on a whole page: the linear part fits (config.c bounds it
	 * by the assertion above), so the unchecked put. */
	eth = __skb_put(skb, lin);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	udp = (struct rte_udp_hdr *)(ip + 1);
	/* Each further piece a whole page of the pool, as testpmd's segments
	 * are whole mbufs: the skb solely owns it, so TX chains the page's own
	 * mbuf (a moved segment), no external-buffer header. */
	for (unsigned int i = 1; !one && i < fwd_cfg.nb_txpkts; i++) {
		struct page *page = page_pool_dev_alloc_pages(fs->tx_pool);

		if (unlikely(page == NULL)) {
			kfree_skb(skb);		/* its frags go back to the pool */
			return NULL;
		}
		skb_add_rx_frag(skb, (int)i - 1, page, 0, (int)fwd_cfg.txpkts[i],
				(unsigned int)PAGE_SIZE);
	}
	skb_mark_for_recycle(skb);

	/* The stream's headers, then what changes per packet. */
	memcpy(eth, fs->gen_hdr, FWD_HDR_LEN);
	ip->packet_id = id;
	if (!plain && flows != 0) {
		/* flowgen: a different destination address and source port
		 * per flow, flows in turn. */
		uint32_t f = seq % flows;

		ip->dst_addr = rte_cpu_to_be_32(fwd_cfg.tx_ip_dst + f % 65000);
		udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + (f / 65000) % 60000));
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	} else if (!plain && fwd_cfg.txonly_multi_flow) {
		/* --txonly-multi-flow (txonly and --tx-first bursts, as
		 * testpmd's): 256 flows by the third byte of the source
		 * address, so RSS on the far side spreads them. */
		ip->src_addr = rte_cpu_to_be_32((fwd_cfg.tx_ip_src & ~0xff00u) |
						(seq & 0xffu) << 8);
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	} else {
		ip->hdr_checksum = gen_ip_csum(fs->gen_ip_sum, id);
	}

	skb_reset_mac_header(skb);
	skb_set_network_header(skb, RTE_ETHER_HDR_LEN);
	skb_set_transport_header(skb, RTE_ETHER_HDR_LEN + (int)sizeof(*ip));
	skb->mac_len = RTE_ETHER_HDR_LEN;
	skb->protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);

	if (unlikely(pattern))
		gen_pattern(skb, (uint8_t *)(udp + 1), lin - FWD_HDR_LEN, seq);
	if (pattern || (!plain && fwd_cfg.tx_bad_csum))
		gen_udp_csum(skb, ip, udp);
	if (!plain && fwd_cfg.tx_bad_csum && seq % fwd_cfg.tx_bad_csum == 0) {
		ip->hdr_checksum ^= 0x5a5a;
		udp->dgram_cksum ^= 0x5a5a;
	}
	fs->seq = seq + 1;
	return skb;
}

static inline __attribute__((always_inline)) uint16_t
gen_loop(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n, unsigned int flows,
	 const bool plain, const bool one, const bool pattern)
{
	const unsigned int lin = fwd_cfg.txpkts[0];
	uint16_t i;

	for (i = 0; i < n; i++) {
		skbs[i] = gen_one(fs, flows, plain, one, lin, pattern);
		if (unlikely(skbs[i] == NULL)) {
			fs->c.gen_nomem++;
			break;
		}
	}
	return i;
}

uint16_t fwd_gen_burst(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n,
		       unsigned int flows)
{
	uint16_t i;

	/* The --verify tests run the plain code with the pattern. */
	if (unlikely(flows != 0 || fwd_cfg.tx_bad_csum || fwd_cfg.txonly_multi_flow))
		i = gen_loop(fs, skbs, n, flows, false, false, fwd_cfg.verify);
	else if (unlikely(fwd_cfg.verify))
		i = gen_loop(fs, skbs, n, 0, true, false, true);
	else if (fwd_cfg.nb_txpkts == 1)
		i = gen_loop(fs, skbs, n, 0, true, true, false);
	else
		i = gen_loop(fs, skbs, n, 0, true, false, false);
	fs->c.generated += i;
	return i;
}

/* Internet checksum of @len bytes, big-endian words (our own, to check
 * the library's). */
static uint32_t ref_sum(const uint8_t *p, unsigned int len, uint32_t s)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	return s;
}

static uint16_t ref_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

bool fwd_gen_check(const uint8_t *pkt, unsigned int len)
{
	const struct rte_ether_hdr *eth = (const void *)pkt;
	const struct rte_ipv4_hdr *ip = (const void *)(eth + 1);
	const struct rte_udp_hdr *udp = (const void *)(ip + 1);
	const uint8_t *pl = (const uint8_t *)(udp + 1);
	unsigned int n, ulen;
	uint32_t seq, s;

	if (len < FWD_HDR_LEN || eth->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    ip->version_ihl != RTE_IPV4_VHL_DEF || ip->next_proto_id != IPPROTO_UDP ||
	    rte_be_to_cpu_16(ip->total_length) != len - RTE_ETHER_HDR_LEN ||
	    ref_fold(ref_sum((const uint8_t *)ip, sizeof(*ip), 0)) != 0xffff)
		return false;
	ulen = rte_be_to_cpu_16(udp->dgram_len);
	if (ulen != len - RTE_ETHER_HDR_LEN - sizeof(*ip))
		return false;
	if (udp->dgram_cksum != 0) {
		s = ref_sum((const uint8_t *)&ip->src_addr, 8, 0) + IPPROTO_UDP + ulen;
		if (ref_fold(ref_sum((const uint8_t *)udp, ulen, s)) != 0xffff)
			return false;
	}
	n = ulen - (unsigned int)sizeof(*udp);
	if (n < 8)
		return n == 0 || memcmp(pl, GEN_MAGIC, RTE_MIN(n, 4u)) == 0;
	if (memcmp(pl, GEN_MAGIC, 4) != 0)
		return false;
	memcpy(&seq, pl + 4, sizeof(seq));
	seq = rte_be_to_cpu_32(seq);
	for (unsigned int i = 8; i < n; i++)
		if (pl[i] != (uint8_t)(seq + i))
			return false;
	/* flowgen's own packets back: the flow of the sequence number */
	if (fwd_cfg.flowgen_flows != 0 && strcmp(fwd_cfg.mode, "flowgen") == 0) {
		uint32_t f = seq % fwd_cfg.flowgen_flows;

		if (ip->dst_addr != rte_cpu_to_be_32(fwd_cfg.tx_ip_dst + f % 65000) ||
		    udp->src_port != rte_cpu_to_be_16((uint16_t)(1024 + (f / 65000) % 60000)))
			return false;
	}
	return true;
}

/* --tx-tso: a generated UDP packet made TCP (the TCP header over the UDP
 * one and the first payload bytes), CHECKSUM_PARTIAL with the
 * pseudo-header sum in place, GSO when longer than one MSS. */
static void gen_tcp(struct sk_buff *skb)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)skb_network_header(skb);
	struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)skb_transport_header(skb);
	unsigned int hdrs = (unsigned int)skb_transport_offset(skb) + sizeof(*th);
	unsigned int tcp_len = skb->len - (unsigned int)skb_transport_offset(skb);
	unsigned int mss = fwd_cfg.tx_tso;

	ip->next_proto_id = IPPROTO_TCP;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	memset(th, 0, sizeof(*th));
	th->src_port = rte_cpu_to_be_16(fwd_cfg.tx_udp_src);
	th->dst_port = rte_cpu_to_be_16(fwd_cfg.tx_udp_dst);
	th->sent_seq = rte_cpu_to_be_32((uint32_t)rte_be_to_cpu_16(ip->packet_id) << 16);
	th->recv_ack = rte_cpu_to_be_32(1);
	th->data_off = 5 << 4;
	th->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	th->rx_win = rte_cpu_to_be_16(65535);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_transport_header(skb) - skb->head);
	skb->csum_offset = offsetof(struct rte_tcp_hdr, cksum);
	th->cksum = ~csum_tcpudp_magic(ip->src_addr, ip->dst_addr, tcp_len, IPPROTO_TCP, 0);
	if (skb->len > hdrs + mss) {
		skb_shinfo(skb)->gso_size = (unsigned short)mss;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
		skb_shinfo(skb)->gso_segs = (unsigned short)((skb->len - hdrs + mss - 1) / mss);
	}
}

static void txonly_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t n = fwd_gen_burst(fs, skbs, (uint16_t)fwd_cfg.burst, 0);

	if (unlikely(fwd_cfg.tx_tso != 0))
		for (uint16_t i = 0; i < n; i++)
			gen_tcp(skbs[i]);
	fwd_tx(fs, skbs, n);
	if (unlikely(fwd_cfg.verify)) {
		uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst);

		if (nb != 0)
			fwd_consume(fs, skbs, nb);
	}
}

const struct fwd_engine fwd_txonly_engine = {
	.name = "txonly",
	.help = "send UDP/IPv4 packets of the --txpkts layout (receive and check with --verify)",
	.generates = true,
	.stream_init = fwd_gen_stream_init,
	.stream_fini = fwd_gen_stream_fini,
	.burst = txonly_burst,
};

