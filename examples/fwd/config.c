/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd command line: the options after "--", spelled as testpmd's.
 * Everything is checked here that can be checked without the EAL; what
 * depends on the lcores and ports (--nb-cores, --eth-peer's port) is
 * checked by main.c once the EAL is up. A bad option is one clear line on
 * stderr and exit status 2.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_ip.h>

#include "fwd.h"

struct fwd_config fwd_cfg = {
	.mode = "io",
	.burst = 32,
	.nb_cores = 1,
	.nb_rxq = 1,
	.nb_txq = 1,
	.txpkts = { 64 },
	.nb_txpkts = 1,
	.txpkts_total = 64,
	.flowgen_flows = 1024,
	.tx_ip_src = RTE_IPV4(198u, 18, 0, 1),	/* RFC 2544 benchmarking, as testpmd */
	.tx_ip_dst = RTE_IPV4(198u, 18, 0, 2),
	.tx_udp_src = 9,			/* discard */
	.tx_udp_dst = 9,
	.rss_hf = RTE_ETH_RSS_IP,		/* testpmd's default */
};

void fwd_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"\nUsage: %s [EAL options] -- [netmem-fwd options]\n\n"
		"  -h, --help: display this message and quit.\n"
		"  -i, --interactive: run in interactive mode (commands: help, start, stop,\n"
		"      show port stats all|N, show fwd stats all, clear port stats all|N,\n"
		"      set fwd MODE, quit).\n"
		"  -a, --auto-start: start forwarding on init [always when non-interactive].\n"
		"  --forward-mode=N: set forwarding mode (N: ", prog);
	for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
		fprintf(f, "%s%s", i ? "|" : "", fwd_engines[i]->name);
	fprintf(f, "), default io.\n");
	for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
		fprintf(f, "      %-8s %s\n", fwd_engines[i]->name, fwd_engines[i]->help);
	fprintf(f,
		"  --burst=N: set the number of packets per burst to N (1 <= N <= %u, default 32).\n"
		"  --nb-cores=N: set the number of forwarding cores (1 <= N <= EAL lcores - 1;\n"
		"      with a single EAL lcore, 1: forwarding runs on the main lcore).\n"
		"  --rxq=N: set the number of RX queues per port to N (1 <= N <= %u).\n"
		"  --txq=N: set the number of TX queues per port to N (default: --rxq).\n"
		"  --rxd=N: set the number of descriptors in RX rings to N.\n"
		"  --txd=N: set the number of descriptors in TX rings to N.\n"
		"  --txpkts=X[,Y]*: packet layout of txonly, flowgen and --tx-first: X bytes in the\n"
		"      linear part (%u <= X <= 2048), each Y a frag of a page_pool page (1 <= Y <= 4096),\n"
		"      at most %u frags (default 64).\n"
		"  --eth-peer=X,M:M:M:M:M:M: set the MAC address of the X peer port (mac, txonly,\n"
		"      flowgen destination; default 02:00:00:00:00:X).\n"
		"  --stats-period=PERIOD: show statistics every PERIOD seconds.\n"
		"  --duration=SECONDS: stop forwarding after SECONDS (default: at SIGINT/SIGTERM).\n"
		"  --json: print one JSON object with the final counters as the last line.\n"
		"  --header-split: split headers from payload on RX; in hardware where the port can,\n"
		"      else in software (a note says so; header bytes copied are counted).\n"
		"  --devmem=SIZE[K|M|G]: bind a memfd region of SIZE bytes as device memory to every\n"
		"      RX queue (payload lands in net_iovs; software header split where needed).\n"
		"  --mtu=N: set the MTU of every port (gso segments to it).\n"
		"  --tx-first: start forwarding sending a burst first (of --txpkts packets).\n"
		"  --gro: merge TCP (and UDP) trains on receive, as the kernel's GRO, in every\n"
		"      mode (testpmd's set port N gro on); TX segments them again.\n"
		"  --verify: check the payload pattern of every packet consumed (rxonly, txonly,\n"
		"      flowgen and the drain at exit); mismatches are counted.\n"
		"  --flowgen-flows=N: set the number of flows in flowgen mode to N (default 1024).\n"
		"  --tx-bad-csum=N: every Nth generated packet has bad IPv4 and UDP checksums\n"
		"      (for csum mode).\n"
		"  --tx-tso=MSS: txonly sends TCP/IPv4 instead of UDP, CHECKSUM_PARTIAL, as GSO skbs\n"
		"      of gso_size MSS when longer (TSO where the port has it, else software GSO).\n"
		"  --portmask=PORTMASK: hexadecimal bitmask of ports used by the packet forwarding\n"
		"      test (the others are not set up).\n"
		"  --nb-ports=N: set the number of forwarding ports (1 <= N <= selected ports).\n"
		"  --port-topology=<paired|chained|loop>: set port topology (paired is default).\n"
		"  --total-num-mbufs=N: pages (mbufs) of all RX queues' page_pools together (N > 1024),\n"
		"      shared out evenly over the RX queues.\n"
		"  --mbuf-size=N: data room of an RX buffer (N <= 65216): the RX pages are the\n"
		"      smallest page order holding it (4 KiB pages at least).\n"
		"  --max-pkt-len=N: set the maximum packet size to N bytes (N >= 64): MTU = N minus\n"
		"      the port's Ethernet overhead.\n"
		"  --tx-ip=SRC,DST: IPv4 addresses of generated packets (default 198.18.0.1,198.18.0.2).\n"
		"  --tx-udp=SRC[,DST]: UDP ports of generated packets (default 9).\n"
		"  --txonly-multi-flow: generate multiple flows in txonly mode (the IPv4 source varies).\n"
		"  --rss-ip: set RSS functions to IPv4/IPv6 only (the default, with --rxq > 1).\n"
		"  --rss-udp: set RSS functions to IPv4/IPv6 + UDP.\n"
		"  --enable-rx-cksum: enable rx hardware checksum offload (software where the\n"
		"      port lacks it).\n"
		"  --enable-lro: enable large receive offload (the PMD's merged TCP frames\n"
		"      arrive as GSO skbs and are cut back into their segments on TX).\n"
		"  --record-burst-stats: enable display of RX and TX bursts.\n"
		"  --vlan-strip, --enable-hw-vlan-strip: strip VLAN tags on RX (the tag goes in\n"
		"      skb->vlan_tci; TX puts it back); a port without the offload gets a note;\n"
		"      the packets received with a stripped tag are counted (every mode but io).\n\n"
		"Exit status: 0 ok, 1 a failure (EAL, port, memory), 2 bad usage,\n"
		"3 something leaked (pages in flight, live skbs, misuse).\n",
		FWD_MAX_BURST, NM_PORT_MAX_QUEUES, FWD_HDR_LEN, MAX_SKB_FRAGS);
}

/* Decimal unsigned in [lo, hi]; 0 or -1. */
static int parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* A positive number of seconds (decimals allowed), at most a day. */
static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (s == NULL || ((*s < '0' || *s > '9') && *s != '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v <= 0 || v > 86400)
		return -1;
	*out = v;
	return 0;
}

int fwd_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		mul = 1ULL << 10;
		end++;
		break;
	case 'm': case 'M':
		mul = 1ULL << 20;
		end++;
		break;
	case 'g': case 'G':
		mul = 1ULL << 30;
		end++;
		break;
	default:
		return -1;
	}
	if (*end != '\0' || v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static int parse_txpkts(const char *arg, struct fwd_config *cfg)
{
	char buf[256], *save = NULL, *tok;
	unsigned int n = 0, total = 0;
	unsigned long v;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (n == FWD_MAX_TXSEGS)
			return -1;
		if (n == 0 ? parse_uint(tok, FWD_HDR_LEN, 2048, &v) : parse_uint(tok, 1, 4096, &v))
			return -1;
		cfg->txpkts[n++] = (unsigned int)v;
		total += (unsigned int)v;
	}
	/* The IPv4 total length is 16 bits. */
	if (n == 0 || total - RTE_ETHER_HDR_LEN > UINT16_MAX)
		return -1;
	cfg->nb_txpkts = n;
	cfg->txpkts_total = total;
	return 0;
}

/* Copies "A,B" (at most @size - 1 bytes) into @buf, cut at its first comma:
 * *@second is B, or NULL when there is no comma. -1 when too long. */
static int split_pair(const char *arg, char *buf, size_t size, char **second)
{
	char *comma;

	if (strlen(arg) >= size)
		return -1;
	strcpy(buf, arg);
	comma = strchr(buf, ',');
	if (comma != NULL)
		*comma++ = '\0';
	*second = comma;
	return 0;
}

static int parse_eth_peer(const char *arg, struct fwd_config *cfg)
{
	char buf[64], *mac;
	unsigned long port;

	if (split_pair(arg, buf, sizeof(buf), &mac) != 0 || mac == NULL)
		return -1;
	if (parse_uint(buf, 0, FWD_MAX_PORTS - 1, &port) != 0 || strlen(mac) != 17 ||
	    rte_ether_unformat_addr(mac, &cfg->eth_peer[port]) != 0)
		return -1;
	cfg->eth_peer_set[port] = true;
	return 0;
}

/* --tx-ip=SRC,DST: two dotted IPv4 addresses. */
static int parse_tx_ip(const char *arg, struct fwd_config *cfg)
{
	char buf[64], *second;
	struct in_addr src, dst;

	if (split_pair(arg, buf, sizeof(buf), &second) != 0 || second == NULL)
		return -1;
	if (inet_pton(AF_INET, buf, &src) != 1 || inet_pton(AF_INET, second, &dst) != 1)
		return -1;
	cfg->tx_ip_src = ntohl(src.s_addr);
	cfg->tx_ip_dst = ntohl(dst.s_addr);
	return 0;
}

/* --tx-udp=SRC[,DST]: DST defaults to SRC. */
static int parse_tx_udp(const char *arg, struct fwd_config *cfg)
{
	char buf[32], *second;
	unsigned long src, dst;

	if (split_pair(arg, buf, sizeof(buf), &second) != 0 ||
	    parse_uint(buf, 0, UINT16_MAX, &src) != 0)
		return -1;
	dst = src;
	if (second != NULL && parse_uint(second, 0, UINT16_MAX, &dst) != 0)
		return -1;
	cfg->tx_udp_src = (uint16_t)src;
	cfg->tx_udp_dst = (uint16_t)dst;
	return 0;
}

/* --portmask: hexadecimal, "0x" optional, not 0. */
static int parse_portmask(const char *arg, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (arg == NULL || *arg == '\0' || *arg == '-')
		return -1;
	errno = 0;
	v = strtoull(arg, &end, 16);
	if (errno != 0 || *end != '\0' || v == 0)
		return -1;
	*out = v;
	return 0;
}

enum {
	OPT_HELP = 256, OPT_MODE, OPT_BURST, OPT_NB_CORES, OPT_RXQ, OPT_TXQ, OPT_RXD, OPT_TXD,
	OPT_TXPKTS, OPT_ETH_PEER, OPT_STATS_PERIOD, OPT_DURATION, OPT_JSON, OPT_HSPLIT,
	OPT_DEVMEM, OPT_MTU, OPT_TX_FIRST, OPT_VERIFY, OPT_FLOWS, OPT_BAD_CSUM, OPT_TX_TSO,
	OPT_PORTMASK, OPT_NB_PORTS, OPT_TOPOLOGY, OPT_TOTAL_MBUFS, OPT_MBUF_SIZE,
	OPT_MAX_PKT_LEN, OPT_TX_IP, OPT_TX_UDP, OPT_MULTI_FLOW, OPT_RSS_IP, OPT_RSS_UDP,
	OPT_RX_CKSUM, OPT_LRO, OPT_BURST_STATS, OPT_GRO, OPT_VLAN_STRIP,
};

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, OPT_HELP },
	{ "interactive", no_argument, NULL, 'i' },
	{ "auto-start", no_argument, NULL, 'a' },
	{ "portmask", required_argument, NULL, OPT_PORTMASK },
	{ "nb-ports", required_argument, NULL, OPT_NB_PORTS },
	{ "port-topology", required_argument, NULL, OPT_TOPOLOGY },
	{ "total-num-mbufs", required_argument, NULL, OPT_TOTAL_MBUFS },
	{ "mbuf-size", required_argument, NULL, OPT_MBUF_SIZE },
	{ "max-pkt-len", required_argument, NULL, OPT_MAX_PKT_LEN },
	{ "tx-ip", required_argument, NULL, OPT_TX_IP },
	{ "tx-udp", required_argument, NULL, OPT_TX_UDP },
	{ "txonly-multi-flow", no_argument, NULL, OPT_MULTI_FLOW },
	{ "rss-ip", no_argument, NULL, OPT_RSS_IP },
	{ "rss-udp", no_argument, NULL, OPT_RSS_UDP },
	{ "enable-rx-cksum", no_argument, NULL, OPT_RX_CKSUM },
	{ "enable-lro", no_argument, NULL, OPT_LRO },
	{ "record-burst-stats", no_argument, NULL, OPT_BURST_STATS },
	{ "vlan-strip", no_argument, NULL, OPT_VLAN_STRIP },
	{ "enable-hw-vlan-strip", no_argument, NULL, OPT_VLAN_STRIP },
	{ "forward-mode", required_argument, NULL, OPT_MODE },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "nb-cores", required_argument, NULL, OPT_NB_CORES },
	{ "rxq", required_argument, NULL, OPT_RXQ },
	{ "txq", required_argument, NULL, OPT_TXQ },
	{ "rxd", required_argument, NULL, OPT_RXD },
	{ "txd", required_argument, NULL, OPT_TXD },
	{ "txpkts", required_argument, NULL, OPT_TXPKTS },
	{ "eth-peer", required_argument, NULL, OPT_ETH_PEER },
	{ "stats-period", required_argument, NULL, OPT_STATS_PERIOD },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "header-split", no_argument, NULL, OPT_HSPLIT },
	{ "devmem", required_argument, NULL, OPT_DEVMEM },
	{ "mtu", required_argument, NULL, OPT_MTU },
	{ "tx-first", no_argument, NULL, OPT_TX_FIRST },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "gro", no_argument, NULL, OPT_GRO },
	{ "flowgen-flows", required_argument, NULL, OPT_FLOWS },
	{ "tx-bad-csum", required_argument, NULL, OPT_BAD_CSUM },
	{ "tx-tso", required_argument, NULL, OPT_TX_TSO },
	{ NULL, 0, NULL, 0 },
};

static int bad(const char *prog, const char *opt, const char *arg, const char *why)
{
	fprintf(stderr, "%s: invalid %s%s%s: %s (see --help)\n", prog, opt,
		arg ? "=" : "", arg ? arg : "", why);
	return -1;
}

int fwd_parse_args(int argc, char **argv, struct fwd_config *cfg)
{
	const char *prog = "netmem-fwd";
	unsigned long v;
	int opt, idx;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "iah", long_opts, &idx)) != -1) {
		const char *a = optarg;

		switch (opt) {
		case 'i':
			cfg->interactive = true;
			break;
		case 'a':
			cfg->auto_start = true;
			break;
		case 'h':
		case OPT_HELP:
			fwd_usage(stdout, prog);
			return 1;
		case OPT_MODE:
			if (fwd_engine_find(a) == NULL)
				return bad(prog, "--forward-mode", a, "unknown mode");
			cfg->mode = fwd_engine_find(a)->name;
			break;
		case OPT_BURST:
			if (parse_uint(a, 1, FWD_MAX_BURST, &v))
				return bad(prog, "--burst", a, "must be 1..512");
			cfg->burst = (unsigned int)v;
			break;
		case OPT_NB_CORES:
			if (parse_uint(a, 1, RTE_MAX_LCORE - 1, &v))
				return bad(prog, "--nb-cores", a, "must be a number of lcores >= 1");
			cfg->nb_cores = (unsigned int)v;
			break;
		case OPT_RXQ:
		case OPT_TXQ:
			if (parse_uint(a, 1, NM_PORT_MAX_QUEUES, &v))
				return bad(prog, opt == OPT_RXQ ? "--rxq" : "--txq", a, "must be 1..16");
			if (opt == OPT_RXQ) {
				cfg->nb_rxq = (unsigned int)v;
			} else {
				cfg->nb_txq = (unsigned int)v;
				cfg->txq_given = true;
			}
			break;
		case OPT_RXD:
		case OPT_TXD:
			if (parse_uint(a, 32, 16384, &v))
				return bad(prog, opt == OPT_RXD ? "--rxd" : "--txd", a, "must be 32..16384");
			*(opt == OPT_RXD ? &cfg->nb_rxd : &cfg->nb_txd) = (unsigned int)v;
			break;
		case OPT_TXPKTS:
			if (parse_txpkts(a, cfg))
				return bad(prog, "--txpkts", a,
					   "want LEN[,LEN...]: linear 42..2048, up to 17 frags of 1..4096, IPv4 length <= 65535");
			break;
		case OPT_ETH_PEER:
			if (parse_eth_peer(a, cfg))
				return bad(prog, "--eth-peer", a, "want PORT,XX:XX:XX:XX:XX:XX with PORT < 32");
			break;
		case OPT_STATS_PERIOD:
			if (parse_seconds(a, &cfg->stats_period))
				return bad(prog, "--stats-period", a, "want seconds > 0");
			break;
		case OPT_DURATION:
			if (parse_seconds(a, &cfg->duration))
				return bad(prog, "--duration", a, "want seconds > 0");
			break;
		case OPT_JSON:
			cfg->json = true;
			break;
		case OPT_HSPLIT:
			cfg->header_split = true;
			break;
		case OPT_DEVMEM:
			if (fwd_parse_size(a, &cfg->devmem_size) || cfg->devmem_size == 0 ||
			    cfg->devmem_size % PAGE_SIZE != 0 || cfg->devmem_size > (16ULL << 30))
				return bad(prog, "--devmem", a,
					   "want a size in bytes (K, M, G suffixes), a multiple of 4096, at most 16G");
			break;
		case OPT_MTU:
			if (parse_uint(a, RTE_ETHER_MIN_MTU, 65535, &v))
				return bad(prog, "--mtu", a, "must be 68..65535");
			cfg->mtu = (unsigned int)v;
			break;
		case OPT_TX_FIRST:
			cfg->tx_first = true;
			break;
		case OPT_VERIFY:
			cfg->verify = true;
			break;
		case OPT_GRO:
			cfg->gro = true;
			break;
		case OPT_FLOWS:
			if (parse_uint(a, 1, 1U << 24, &v))
				return bad(prog, "--flowgen-flows", a, "must be 1..16777216");
			cfg->flowgen_flows = (unsigned int)v;
			break;
		case OPT_BAD_CSUM:
			if (parse_uint(a, 1, UINT32_MAX, &v))
				return bad(prog, "--tx-bad-csum", a, "must be >= 1");
			cfg->tx_bad_csum = (unsigned int)v;
			break;
		case OPT_TX_TSO:
			if (parse_uint(a, 1, 65535 - 40, &v))
				return bad(prog, "--tx-tso", a, "want an MSS of 1..65495 bytes");
			cfg->tx_tso = (unsigned int)v;
			break;
		case OPT_PORTMASK:
			if (parse_portmask(a, &cfg->portmask))
				return bad(prog, "--portmask", a, "want a hexadecimal port bitmask, not 0");
			break;
		case OPT_NB_PORTS:
			if (parse_uint(a, 1, FWD_MAX_PORTS, &v))
				return bad(prog, "--nb-ports", a, "must be 1..32");
			cfg->nb_ports = (unsigned int)v;
			break;
		case OPT_TOPOLOGY:
			if (strcmp(a, "paired") == 0)
				cfg->topology = FWD_TOPO_PAIRED;
			else if (strcmp(a, "chained") == 0)
				cfg->topology = FWD_TOPO_CHAINED;
			else if (strcmp(a, "loop") == 0)
				cfg->topology = FWD_TOPO_LOOP;
			else
				return bad(prog, "--port-topology", a, "want paired, chained or loop");
			break;
		case OPT_TOTAL_MBUFS:
			if (parse_uint(a, 1025, UINT32_MAX, &v))
				return bad(prog, "--total-num-mbufs", a, "must be > 1024");
			cfg->total_mbufs = (unsigned int)v;
			break;
		case OPT_MBUF_SIZE:
			if (parse_uint(a, 1, (PAGE_SIZE << NM_MAX_PAGE_ORDER) - NM_SKB_SHINFO_RESERVE, &v))
				return bad(prog, "--mbuf-size", a,
					   "one size, 1..65216 (the data room of a 64 KiB page)");
			cfg->mbuf_size = (unsigned int)v;
			cfg->page_order = 0;
			while ((PAGE_SIZE << cfg->page_order) - NM_SKB_SHINFO_RESERVE < v)
				cfg->page_order++;
			break;
		case OPT_MAX_PKT_LEN:
			if (parse_uint(a, RTE_ETHER_MIN_LEN, 65535 + 26, &v))
				return bad(prog, "--max-pkt-len", a, "must be 64..65561");
			cfg->max_pkt_len = (unsigned int)v;
			break;
		case OPT_TX_IP:
			if (parse_tx_ip(a, cfg))
				return bad(prog, "--tx-ip", a, "want SRC,DST IPv4 addresses");
			break;
		case OPT_TX_UDP:
			if (parse_tx_udp(a, cfg))
				return bad(prog, "--tx-udp", a, "want SRC[,DST] UDP ports 0..65535");
			break;
		case OPT_MULTI_FLOW:
			cfg->txonly_multi_flow = true;
			break;
		case OPT_RSS_IP:
			cfg->rss_hf = RTE_ETH_RSS_IP;
			break;
		case OPT_RSS_UDP:
			cfg->rss_hf = RTE_ETH_RSS_UDP;
			break;
		case OPT_RX_CKSUM:
			cfg->rx_cksum = true;
			break;
		case OPT_LRO:
			cfg->lro = true;
			break;
		case OPT_BURST_STATS:
			cfg->record_burst_stats = true;
			break;
		case OPT_VLAN_STRIP:
			cfg->vlan_strip = true;
			break;
		default:
			for (idx = 0; optopt != 0 && long_opts[idx].name != NULL; idx++) {
				if (long_opts[idx].val != optopt)
					continue;
				fprintf(stderr, "%s: --%s %s (see --help)\n", prog,
					long_opts[idx].name,
					long_opts[idx].has_arg ? "needs a value" : "takes no value");
				return -1;
			}
			return bad(prog, argv[optind - 1], NULL, "unknown option");
		}
	}
	if (optind < argc)
		return bad(prog, argv[optind], NULL, "unexpected argument");
	if (!cfg->txq_given)
		cfg->nb_txq = cfg->nb_rxq;
	if (!fwd_engine_find(cfg->mode)->generates && cfg->nb_txq < cfg->nb_rxq)
		return bad(prog, "--txq", NULL,
			   "must be >= --rxq: each RX queue forwards to the TX queue of its index");
	if (cfg->max_pkt_len != 0 && cfg->mtu != 0)
		return bad(prog, "--max-pkt-len", NULL, "not with --mtu: both set the MTU");
	if (cfg->interactive && (cfg->stats_period > 0 || cfg->duration > 0))
		return bad(prog, cfg->stats_period > 0 ? "--stats-period" : "--duration", NULL,
			   "not with --interactive: the commands show statistics and stop forwarding");
	if (cfg->interactive && cfg->tx_first)
		return bad(prog, "--tx-first", NULL,
			   "not with --interactive: use the command \"start tx_first\"");
	if (cfg->tx_tso != 0 && (strcmp(cfg->mode, "txonly") != 0 || cfg->verify ||
				 cfg->tx_bad_csum != 0 ||
				 cfg->txpkts[0] < RTE_ETHER_HDR_LEN + 20 + 20))
		return bad(prog, "--tx-tso", NULL, "txonly only, not with --verify or --tx-bad-csum, "
			   "and a linear part (--txpkts) of 54 bytes at least");
	if (cfg->verify && strcmp(cfg->mode, "gso") == 0)
		return bad(prog, "--verify", NULL,
			   "gso segments do not carry the whole pattern: not with --forward-mode=gso");
	optind = 1;
	return 0;
}
