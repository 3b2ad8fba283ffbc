/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_skb: what the sk_buff layer costs per operation, next to DPDK's
 * mbuf doing the same job, measured in the same run:
 *
 *   mbuf_alloc_free     rte_pktmbuf_alloc + rte_pktmbuf_free (baseline)
 *   mbuf_clone_free     rte_pktmbuf_clone + rte_pktmbuf_free (baseline)
 *   build_consume       page_pool page + napi_build_skb + napi_consume_skb
 *   alloc_kfree         alloc_skb(256) + kfree_skb
 *   clone_free          skb_clone + kfree_skb of the clone
 *   frag_ref_unref      skb_frag_ref + skb_frag_unref on a page_pool frag
 *   segment_64k         skb_gso_segment of a 64 KB TCPv4 skb at MSS 1448,
 *                       segments and the GSO skb freed (per call; per
 *                       segment in the summary)
 *   rte_gso_64k         the same job for librte_gso (baseline): rte_gso_segment
 *                       of the same packet as a 17-segment mbuf chain (headers,
 *                       16 payload mbufs of up to 4 KiB), checksums left to
 *                       the device, segments and the chain freed
 *
 * Each case runs --iters times (default 2,000,000; segment / 500), five
 * rounds, median reported. With --json the last line is one JSON object.
 *
 *   bench_skb [EAL options] -- [--iters=N] [--huge] [--json]
 *
 * 4 KiB pages (--no-huge) unless --huge asks for hugepages (--in-memory).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_gso.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include <netmem/skbuff.h>

#include "bench_cpu.h"

#define ROUNDS	5

struct result {
	const char *name;
	double ns;
	double cycles;
};

static struct rte_mempool *mbuf_pool;
static struct rte_mempool *gso_pool;	/* 4 KiB data room: the chain */
static struct page_pool *pool;
static uint64_t iters = 2000000;
static int failures;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median cycles per op of @fn over ROUNDS runs of @n ops. */
static double measure(uint64_t (*fn)(uint64_t n), uint64_t n)
{
	double v[ROUNDS];

	fn(n / 10 + 1);		/* warm up caches and pools */
	for (int r = 0; r < ROUNDS; r++)
		v[r] = (double)fn(n) / (double)n;
	qsort(v, ROUNDS, sizeof(v[0]), cmp_double);
	return v[ROUNDS / 2];
}

static uint64_t run_mbuf_alloc_free(uint64_t n)
{
	uint64_t t0 = rte_rdtsc();

	for (uint64_t i = 0; i < n; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mbuf_pool);

		rte_pktmbuf_free(m);
	}
	return rte_rdtsc() - t0;
}

static uint64_t run_mbuf_clone_free(uint64_t n)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mbuf_pool);
	uint64_t t0;

	rte_pktmbuf_append(m, 64);
	t0 = rte_rdtsc();
	for (uint64_t i = 0; i < n; i++) {
		struct rte_mbuf *c = rte_pktmbuf_clone(m, mbuf_pool);

		rte_pktmbuf_free(c);
	}
	t0 = rte_rdtsc() - t0;
	rte_pktmbuf_free(m);
	return t0;
}

static uint64_t run_build_consume(uint64_t n)
{
	uint64_t t0 = rte_rdtsc();

	for (uint64_t i = 0; i < n; i++) {
		struct page *p = page_pool_dev_alloc_pages(pool);
		struct sk_buff *skb = napi_build_skb(page_address(p), (unsigned int)PAGE_SIZE);

		skb_mark_for_recycle(skb);
		skb_reserve(skb, NET_SKB_PAD);
		__skb_put(skb, 60);
		napi_consume_skb(skb, 64);
	}
	return rte_rdtsc() - t0;
}

static uint64_t run_alloc_kfree(uint64_t n)
{
	uint64_t t0 = rte_rdtsc();

	for (uint64_t i = 0; i < n; i++)
		kfree_skb(alloc_skb(256, GFP_ATOMIC));
	return rte_rdtsc() - t0;
}

static uint64_t run_clone_free(uint64_t n)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);
	uint64_t t0;

	__skb_put(skb, 64);
	t0 = rte_rdtsc();
	for (uint64_t i = 0; i < n; i++)
		kfree_skb(skb_clone(skb, GFP_ATOMIC));
	t0 = rte_rdtsc() - t0;
	kfree_skb(skb);
	return t0;
}

static uint64_t run_frag_ref_unref(uint64_t n)
{
	struct sk_buff *skb = alloc_skb(128, GFP_ATOMIC);
	struct page *p = page_pool_dev_alloc_pages(pool);
	uint64_t t0;

	skb_add_rx_frag(skb, 0, p, 0, 1000, (unsigned int)PAGE_SIZE);
	t0 = rte_rdtsc();
	for (uint64_t i = 0; i < n; i++) {
		skb_frag_ref(skb, 0);
		skb_frag_unref(skb, 0);
	}
	t0 = rte_rdtsc() - t0;
	napi_consume_skb(skb, 64);
	return t0;
}

/* A 64 KB TCPv4 GSO skb: headers linear, payload in 16 page_pool frags. */
static struct sk_buff *make_tso_skb(void)
{
	const unsigned int hdr = RTE_ETHER_HDR_LEN + 20 + 20, mss = 1448;
	/* The largest IPv4 packet: 65535 bytes, 65495 of TCP payload. */
	unsigned int payload = 65535 - 20 - 20;
	struct sk_buff *skb = alloc_skb(128 + hdr, GFP_ATOMIC);
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *tcp;

	skb_reserve(skb, 64);
	eth = skb_put_zero(skb, hdr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(20 + 20 + payload));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(0x0a000001);
	ip->dst_addr = rte_cpu_to_be_32(0x0a000002);
	tcp = (struct rte_tcp_hdr *)(ip + 1);
	tcp->data_off = 5 << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	for (int i = 0; payload != 0; i++) {
		struct page *p = page_pool_dev_alloc_pages(pool);
		unsigned int len = RTE_MIN(payload, (unsigned int)PAGE_SIZE);

		skb_add_rx_frag(skb, i, p, 0, (int)len, (unsigned int)PAGE_SIZE);
		payload -= len;
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, RTE_ETHER_HDR_LEN);
	skb_set_transport_header(skb, RTE_ETHER_HDR_LEN + 20);
	skb->protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_transport_header(skb) - skb->head);
	skb->csum_offset = 16;
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_segs = (unsigned short)((65495 + mss - 1) / mss);
	return skb;
}

static unsigned int last_nsegs;

static uint64_t run_segment(uint64_t n)
{
	uint64_t total = 0;

	for (uint64_t i = 0; i < n; i++) {
		struct sk_buff *skb = make_tso_skb();
		struct sk_buff *segs, *s, *next;
		uint64_t t0 = rte_rdtsc();
		unsigned int nsegs = 0;

		segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
		if (IS_ERR_OR_NULL(segs)) {
			failures++;
			kfree_skb(skb);
			continue;
		}
		skb_list_walk_safe(segs, s, next) {
			nsegs++;
			napi_consume_skb(s, 64);
		}
		napi_consume_skb(skb, 64);	/* the caller's, as validate_xmit_skb() */
		total += rte_rdtsc() - t0;
		last_nsegs = nsegs;
	}
	return total;
}

/* The 64 KB TCPv4 packet of make_tso_skb() as an mbuf chain with TSO
 * requested, for librte_gso. */
static struct rte_mbuf *make_tso_chain(void)
{
	const unsigned int hdr = RTE_ETHER_HDR_LEN + 20 + 20;
	unsigned int payload = 65535 - 20 - 20;
	struct rte_mbuf *m = rte_pktmbuf_alloc(mbuf_pool);
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *tcp;

	if (m == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, (uint16_t)hdr);
	memset(eth, 0, hdr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(20 + 20 + payload));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_TCP;
	ip->src_addr = rte_cpu_to_be_32(0x0a000001);
	ip->dst_addr = rte_cpu_to_be_32(0x0a000002);
	tcp = (struct rte_tcp_hdr *)(ip + 1);
	tcp->data_off = 5 << 4;
	tcp->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	while (payload != 0) {
		struct rte_mbuf *seg = rte_pktmbuf_alloc(gso_pool);
		uint16_t len = (uint16_t)RTE_MIN(payload, 4096u);

		if (seg == NULL || rte_pktmbuf_append(seg, len) == NULL ||
		    rte_pktmbuf_chain(m, seg) != 0) {
			rte_pktmbuf_free(seg);
			rte_pktmbuf_free(m);
			return NULL;
		}
		payload -= len;
	}
	m->l2_len = RTE_ETHER_HDR_LEN;
	m->l3_len = 20;
	m->l4_len = 20;
	m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		       RTE_MBUF_F_TX_TCP_CKSUM;
	m->tso_segsz = 1448;
	return m;
}

static unsigned int last_gso_nsegs;

static uint64_t run_rte_gso(uint64_t n)
{
	struct rte_gso_ctx ctx = {
		.direct_pool = mbuf_pool, .indirect_pool = mbuf_pool,
		.gso_types = RTE_ETH_TX_OFFLOAD_TCP_TSO,
		.gso_size = RTE_ETHER_HDR_LEN + 20 + 20 + 1448,
		.flag = 0,
	};
	struct rte_mbuf *out[64];
	uint64_t total = 0;

	for (uint64_t i = 0; i < n; i++) {
		struct rte_mbuf *m = make_tso_chain();
		uint64_t t0 = rte_rdtsc();
		int nb;

		if (m == NULL) {
			fprintf(stderr, "rte_gso_64k: no mbuf chain\n");
			failures++;
			continue;
		}
		nb = rte_gso_segment(m, &ctx, out, RTE_DIM(out));
		if (nb <= 1) {
			fprintf(stderr, "rte_gso_64k: rte_gso_segment gave %d\n", nb);
			failures++;
			rte_pktmbuf_free(m);
			if (nb == 1)
				rte_pktmbuf_free(out[0]);
			continue;
		}
		rte_pktmbuf_free_bulk(out, (unsigned int)nb);
		rte_pktmbuf_free(m);	/* the caller's, as napi_consume_skb() below */
		total += rte_rdtsc() - t0;
		last_gso_nsegs = (unsigned int)nb;
	}
	return total;
}

int main(int argc, char **argv)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP, .pool_size = 1024, .nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE, .dma_dir = DMA_FROM_DEVICE, .name = "bench_skb",
	};
	/* 4 KiB pages by default; --huge: hugepages (--in-memory). */
	char *eal_argv[32] = { argv[0], "--no-huge", "--no-shconf", "--no-pci",
			       "--no-telemetry", "-m", "512", "-l", "0",
			       "--log-level=lib.eal:error" };
	int eal_argc = 10, i, sep;
	bool json = false, huge = false;
	struct result res[12];
	int nres = 0;
	double hz, seg_cycles, gso_cycles, r_gso;
	char cpu[128];

	for (sep = 1; sep < argc && strcmp(argv[sep], "--") != 0; sep++)
		;
	for (i = sep + 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--huge") == 0)
			huge = true;
		else if (strncmp(argv[i], "--iters=", 8) == 0)
			iters = strtoull(argv[i] + 8, NULL, 0);
		else {
			fprintf(stderr, "usage: %s [EAL options] -- [--iters=N] [--huge] [--json]\n",
				argv[0]);
			return 2;
		}
	}
	if (huge) {
		eal_argv[1] = "--in-memory";
		eal_argv[6] = "1024";
	}
	for (i = 1; i < sep && eal_argc < 31; i++)
		eal_argv[eal_argc++] = argv[i];
	if (iters < 1000)
		iters = 1000;
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		fprintf(stderr, "rte_eal_init failed\n");
		return 1;
	}
	hz = (double)rte_get_tsc_hz();
	mbuf_pool = rte_pktmbuf_pool_create("bench_mbuf", 8191, 256, 0,
					    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	gso_pool = rte_pktmbuf_pool_create("bench_gso", 4095, 256, 0,
					   RTE_PKTMBUF_HEADROOM + 4096, SOCKET_ID_ANY);
	pp.lcore = rte_lcore_id();
	pool = page_pool_create(&pp);
	if (mbuf_pool == NULL || gso_pool == NULL || IS_ERR(pool)) {
		fprintf(stderr, "cannot make the pools\n");
		return 1;
	}

#define CASE(label, fn, n) do {						\
		double c = measure(fn, n);				\
		res[nres].name = label;					\
		res[nres].cycles = c;					\
		res[nres].ns = c * 1e9 / hz;				\
		nres++;							\
	} while (0)
	CASE("mbuf_alloc_free", run_mbuf_alloc_free, iters);
	CASE("mbuf_clone_free", run_mbuf_clone_free, iters);
	CASE("build_consume", run_build_consume, iters);
	CASE("alloc_kfree", run_alloc_kfree, iters);
	CASE("clone_free", run_clone_free, iters);
	CASE("frag_ref_unref", run_frag_ref_unref, iters);
	CASE("segment_64k", run_segment, RTE_MAX(iters / 4000, 50ul));
	seg_cycles = res[nres - 1].cycles;
	CASE("rte_gso_64k", run_rte_gso, RTE_MAX(iters / 4000, 50ul));
	gso_cycles = res[nres - 1].cycles;

	printf("bench_skb: CPU %s, %s\n", bench_cpu_model(cpu, sizeof(cpu)),
	       huge ? "hugepages" : "4 KiB pages");
	printf("%-18s %12s %12s\n", "case", "ns/op", "cycles/op");
	for (i = 0; i < nres; i++)
		printf("%-18s %12.2f %12.1f\n", res[i].name, res[i].ns, res[i].cycles);
	printf("segment_64k: %u segments per call, %.2f ns per segment\n", last_nsegs,
	       last_nsegs ? seg_cycles * 1e9 / hz / last_nsegs : 0.0);
	printf("rte_gso_64k: %u segments per call, %.2f ns per segment\n", last_gso_nsegs,
	       last_gso_nsegs ? gso_cycles * 1e9 / hz / last_gso_nsegs : 0.0);
	r_gso = last_nsegs && last_gso_nsegs ?
		(seg_cycles / last_nsegs) / (gso_cycles / last_gso_nsegs) : 0.0;
	printf("segment vs librte_gso per segment: %.2fx (target <= 1.0x)\n", r_gso);
	double r_build = res[2].ns / res[0].ns, r_clone = res[4].ns / res[1].ns;

	printf("build+consume vs mbuf alloc+free: %.2fx (target <= 2.0x)\n", r_build);
	printf("clone+free vs mbuf clone+free:    %.2fx (target <= 2.0x)\n", r_clone);

	page_pool_destroy(pool);
	if (nm_page_pool_reap() != 0 || failures != 0) {
		fprintf(stderr, "FAILED: %d segment failures or pages left in flight\n", failures);
		return 1;
	}
	if (json) {
		printf("{\"cases\": {");
		for (i = 0; i < nres; i++)
			printf("%s\"%s\": {\"ns_per_op\": %.3f, \"cycles_per_op\": %.1f}",
			       i ? ", " : "", res[i].name, res[i].ns, res[i].cycles);
		printf("}, \"segment_64k_segments\": %u, \"build_consume_vs_mbuf\": %.3f, "
		       "\"clone_vs_mbuf\": %.3f, \"rte_gso_64k_segments\": %u, "
		       "\"segment_vs_rte_gso\": %.3f, \"hugepages\": %s, \"tsc_hz\": %.0f, "
		       "\"cpu\": \"%s\"}\n",
		       last_nsegs, r_build, r_clone, last_gso_nsegs, r_gso, huge ? "true" : "false",
		       hz, cpu);
	}
	rte_eal_cleanup();
	return 0;
}
