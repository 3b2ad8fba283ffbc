/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_gro: GRO of TCPv4 trains, the kernel's engine on skbs next to
 * DPDK's librte_gro doing the same job on mbufs, in the same run.
 *
 *   gro_skb    a train of --train 1448-byte TCPv4 segments (one flow, in
 *              order), each a page_pool page made an skb with
 *              napi_build_skb() and its Ethernet header pulled (as
 *              eth_type_trans), CHECKSUM_UNNECESSARY (a NIC verified it);
 *              gro_receive_skb() each, gro_flush(), the merged skb freed
 *   gro_mbuf   the same train as mbufs (rte_pktmbuf_alloc, the same bytes,
 *              RX_L4_CKSUM_GOOD); rte_gro_reassemble_burst() (lightweight
 *              mode, TCP/IPv4), the merged mbufs freed
 *
 * Both include making and freeing the packets; ns per packet, median of
 * five rounds, and the skbs (mbufs) each train became. --json: the last
 * line is one JSON object.
 *
 *   bench_gro [EAL options] -- [--trains=N] [--train=N] [--json]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_gro.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include <netmem/gro.h>
#include <netmem/skbuff.h>

#define ROUNDS		5
#define MSS		1448
#define HDRS		(RTE_ETHER_HDR_LEN + 20 + 20)
#define MAX_TRAIN	64

static struct rte_mempool *mbuf_pool;
static struct page_pool *pool;
static unsigned int trains = 20000, train = 44;
static uint8_t frames[MAX_TRAIN][HDRS + MSS];
static uint64_t out_skbs, out_mbufs;

/* The train's frames: one flow, seq and IP id counting up, checksums right. */
static void make_frames(void)
{
	for (unsigned int i = 0; i < train; i++) {
		uint8_t *f = frames[i];
		struct rte_ether_hdr *eth = (struct rte_ether_hdr *)f;
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
		struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)(ip + 1);

		memset(f, 0, sizeof(frames[i]));
		eth->dst_addr.addr_bytes[0] = 2;
		eth->src_addr.addr_bytes[0] = 2;
		eth->src_addr.addr_bytes[5] = 1;
		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		ip->version_ihl = 0x45;
		ip->total_length = rte_cpu_to_be_16(20 + 20 + MSS);
		ip->packet_id = rte_cpu_to_be_16((uint16_t)(100 + i));
		ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_TCP;
		ip->src_addr = rte_cpu_to_be_32(0x0a000001);
		ip->dst_addr = rte_cpu_to_be_32(0x0a000002);
		th->src_port = rte_cpu_to_be_16(40000);
		th->dst_port = rte_cpu_to_be_16(5201);
		th->sent_seq = rte_cpu_to_be_32(1000 + i * MSS);
		th->recv_ack = rte_cpu_to_be_32(1);
		th->data_off = 5 << 4;
		th->tcp_flags = RTE_TCP_ACK_FLAG;
		th->rx_win = rte_cpu_to_be_16(512);
		for (unsigned int b = 0; b < MSS; b++)
			f[HDRS + b] = (uint8_t)(i + b);
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		th->cksum = rte_ipv4_udptcp_cksum(ip, th);
	}
}

static void free_delivered(struct gro_node *gro, struct sk_buff_head *list)
{
	struct sk_buff *skb;

	(void)gro;
	while ((skb = __skb_dequeue(list)) != NULL) {
		out_skbs++;
		napi_consume_skb(skb, 1);
	}
}

static uint64_t run_gro_skb(uint64_t n)
{
	static struct gro_node gro;
	uint64_t t0;

	gro_init(&gro);
	gro.deliver = free_delivered;
	t0 = rte_rdtsc();
	for (uint64_t t = 0; t < n; t++) {
		for (unsigned int i = 0; i < train; i++) {
			struct page *page = page_pool_dev_alloc_pages(pool);
			struct sk_buff *skb;

			if (page == NULL)
				abort();
			memcpy((uint8_t *)page_address(page) + NET_SKB_PAD, frames[i],
			       sizeof(frames[i]));
			skb = napi_build_skb(page_address(page), PAGE_SIZE);
			skb_mark_for_recycle(skb);
			skb_reserve(skb, NET_SKB_PAD);
			__skb_put(skb, sizeof(frames[i]));
			skb_reset_mac_header(skb);
			skb->protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
			__skb_pull(skb, RTE_ETHER_HDR_LEN);
			skb_reset_network_header(skb);
			skb->ip_summed = CHECKSUM_UNNECESSARY;
			gro_receive_skb(&gro, skb);
		}
		gro_flush(&gro, false);
		gro_normal_list(&gro);
	}
	t0 = rte_rdtsc() - t0;
	gro_cleanup(&gro);
	return t0;
}

static uint64_t run_gro_mbuf(uint64_t n)
{
	struct rte_gro_param param = {
		.gro_types = RTE_GRO_TCP_IPV4,
		.max_flow_num = 4,
		.max_item_per_flow = MAX_TRAIN,
	};
	struct rte_mbuf *pkts[MAX_TRAIN];
	uint64_t t0 = rte_rdtsc();

	for (uint64_t t = 0; t < n; t++) {
		uint16_t nb;

		for (unsigned int i = 0; i < train; i++) {
			struct rte_mbuf *m = rte_pktmbuf_alloc(mbuf_pool);

			if (m == NULL)
				abort();
			memcpy(rte_pktmbuf_append(m, sizeof(frames[i])), frames[i],
			       sizeof(frames[i]));
			m->l2_len = RTE_ETHER_HDR_LEN;
			m->l3_len = 20;
			m->l4_len = 20;
			m->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP;
			m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_GOOD | RTE_MBUF_F_RX_IP_CKSUM_GOOD;
			pkts[i] = m;
		}
		nb = rte_gro_reassemble_burst(pkts, (uint16_t)train, &param);
		out_mbufs += nb;
		rte_pktmbuf_free_bulk(pkts, nb);
	}
	return rte_rdtsc() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median cycles per packet over ROUNDS runs of @n trains; *@outs counts
 * what the timed rounds handed on. */
static double measure(uint64_t (*fn)(uint64_t n), uint64_t n, uint64_t *outs)
{
	double v[ROUNDS];

	fn(n / 10 + 1);		/* warm up */
	*outs = 0;
	for (int r = 0; r < ROUNDS; r++)
		v[r] = (double)fn(n) / (double)(n * train);
	qsort(v, ROUNDS, sizeof(v[0]), cmp_double);
	return v[ROUNDS / 2];
}

int main(int argc, char **argv)
{
	struct page_pool_params pp = {
		.order = 0, .pool_size = 1024, .nid = NUMA_NO_NODE, .dev = PP_DEV_NONE,
		.dma_dir = DMA_FROM_DEVICE, .nr_pages = 4096, .name = "bench_gro",
	};
	double hz, skb_c, mbuf_c;
	bool json = false;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0)
		return 1;
	argc -= ret;
	argv += ret;
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--trains=", 9) == 0)
			trains = (unsigned int)strtoul(argv[i] + 9, NULL, 0);
		else if (strncmp(argv[i], "--train=", 8) == 0)
			train = (unsigned int)strtoul(argv[i] + 8, NULL, 0);
		else if (strcmp(argv[i], "--json") == 0)
			json = true;
	}
	if (train == 0 || train > MAX_TRAIN || trains == 0) {
		fprintf(stderr, "bench_gro: --train is 1..%d, --trains > 0\n", MAX_TRAIN);
		return 2;
	}
	hz = (double)rte_get_tsc_hz();
	pp.lcore = rte_lcore_id();
	pool = page_pool_create(&pp);
	mbuf_pool = rte_pktmbuf_pool_create("bench_gro_mb", 8191, 256, 0,
					    RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (IS_ERR(pool) || mbuf_pool == NULL) {
		fprintf(stderr, "bench_gro: no memory for the pools\n");
		return 1;
	}
	make_frames();

	skb_c = measure(run_gro_skb, trains, &out_skbs);
	mbuf_c = measure(run_gro_mbuf, trains, &out_mbufs);

	printf("%-10s %10s %10s %14s\n", "case", "ns/pkt", "cyc/pkt", "out per train");
	printf("%-10s %10.2f %10.1f %14.2f\n", "gro_skb", skb_c * 1e9 / hz, skb_c,
	       (double)out_skbs / ((double)trains * ROUNDS));
	printf("%-10s %10.2f %10.1f %14.2f\n", "gro_mbuf", mbuf_c * 1e9 / hz, mbuf_c,
	       (double)out_mbufs / ((double)trains * ROUNDS));
	printf("gro_skb / gro_mbuf: %.2fx (train of %u x %u bytes)\n", skb_c / mbuf_c, train, MSS);
	if (json)
		printf("{\"train\":%u,\"mss\":%d,\"gro_skb_ns\":%.3f,\"gro_mbuf_ns\":%.3f,"
		       "\"ratio\":%.3f,\"inflight\":%ld}\n", train, MSS, skb_c * 1e9 / hz,
		       mbuf_c * 1e9 / hz, skb_c / mbuf_c, page_pool_inflight(pool));
	ret = page_pool_inflight(pool) == 0 ? 0 : 1;
	page_pool_destroy(pool);
	rte_mempool_free(mbuf_pool);
	rte_eal_cleanup();
	return ret;
}
