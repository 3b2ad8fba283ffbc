/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd: dpdk-testpmd's forwarding modes on libnetmem's sk_buffs.
 *
 *   netmem-fwd [EAL options] -- [-i [-a]] [--forward-mode=io|mac|macswap|
 *              rxonly|txonly|csum|gso|flowgen|icmpecho|5tswap] [--burst=N]
 *              [--nb-cores=N] [--rxq=N] [--txq=N] [--portmask=MASK]
 *              [--port-topology=paired|chained|loop] [--txpkts=L[,L..]]
 *              [--stats-period=S] [--duration=S] [--json] ... (man netmem-fwd)
 *
 * This file: EAL start, ports (nm_port_init, one page_pool per RX queue
 * owned by the lcore polling it), the streams and their lcores, start and
 * stop (once, or on -i's commands), SIGINT/SIGTERM, and the orderly exit
 * that proves nothing leaked: lcores
 * stop, RX queues are drained, device memory is unbound, ports stop and
 * close, every page_pool is destroyed and reaped; the exit status says
 * whether pages, skbs or API misuse were left over (docs/fwd.md).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>

#include "fwd.h"

const struct fwd_engine *const fwd_engines[] = {
	&fwd_io_engine, &fwd_mac_engine, &fwd_macswap_engine, &fwd_rxonly_engine,
	&fwd_txonly_engine, &fwd_csum_engine, &fwd_gso_engine, &fwd_flowgen_engine,
	&fwd_icmpecho_engine, &fwd_5tswap_engine, NULL,
};

const struct fwd_engine *fwd_engine_find(const char *name)
{
	for (unsigned int i = 0; name != NULL && fwd_engines[i] != NULL; i++)
		if (strcmp(fwd_engines[i]->name, name) == 0)
			return fwd_engines[i];
	return NULL;
}

struct fwd_stream fwd_streams[FWD_MAX_STREAMS];
unsigned int fwd_nb_streams;
uint16_t fwd_nb_ports;
struct net_devmem_dmabuf_binding *fwd_binding;
uint8_t *fwd_devmem_region;

uint16_t fwd_port_ids[FWD_MAX_PORTS];
static struct rte_ether_addr port_addr[RTE_MAX_ETHPORTS];
static struct rte_ether_addr peer_addr[RTE_MAX_ETHPORTS];
static bool port_up[RTE_MAX_ETHPORTS];
/* The lcore owning the page_pool of each RX queue (set at port init). */
static unsigned int rxq_owner[RTE_MAX_ETHPORTS][NM_PORT_MAX_QUEUES];
const struct fwd_engine *fwd_engine;
struct fwd_counters fwd_past;
int fwd_logtype;
static int devmem_released;

/* One forwarding lcore: a contiguous run of streams. */
struct fwd_lcore {
	unsigned int lcore;
	unsigned int first, nb;
	bool is_main;
};

static struct fwd_lcore fwd_lcores[RTE_MAX_LCORE];
unsigned int fwd_nb_lcores;

volatile sig_atomic_t fwd_signal_seen;
static uint32_t stop_flag;

bool fwd_stopping(void)
{
	return __atomic_load_n(&stop_flag, __ATOMIC_RELAXED) != 0;
}

static void on_signal(int sig)
{
	fwd_signal_seen = sig;
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
}

const struct rte_ether_addr *fwd_peer_addr(uint16_t port)
{
	return &peer_addr[port];
}

const struct rte_ether_addr *fwd_port_addr(uint16_t port)
{
	return &port_addr[port];
}

/* ---- the forwarding loop ------------------------------------------------ */

/* Main-lcore duties: --duration, --stats-period. */
static uint64_t t_start, t_end_limit, t_next_stats;

static void main_poll(void)
{
	uint64_t now;

	if (fwd_cfg.interactive) {
		fwd_interactive_poll(0);	/* commands between bursts */
		return;
	}
	now = rte_get_timer_cycles();

	if (t_end_limit != 0 && now >= t_end_limit)
		__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
	if (t_next_stats != 0 && now >= t_next_stats) {
		fwd_stats_live();
		t_next_stats = now + (uint64_t)(fwd_cfg.stats_period * (double)rte_get_timer_hz());
	}
}

static bool run_tx_first;

static int fwd_lcore_run(void *arg)
{
	const struct fwd_lcore *lc = arg;
	struct sk_buff *skbs[FWD_MAX_BURST];
	void (*burst)(struct fwd_stream *, struct sk_buff **) = fwd_engine->burst;
	unsigned int iter = 0;

	/* --tx-first: one generated burst per stream gets a loop going. */
	if (run_tx_first) {
		for (unsigned int s = lc->first; s < lc->first + lc->nb; s++) {
			struct fwd_stream *fs = &fwd_streams[s];

			fwd_tx(fs, skbs, fwd_gen_burst(fs, skbs, (uint16_t)fwd_cfg.burst,
						       fwd_engine == &fwd_flowgen_engine ?
						       fwd_cfg.flowgen_flows : 0));
		}
	}
	while (!fwd_stopping()) {
		for (unsigned int s = lc->first; s < lc->first + lc->nb; s++)
			burst(&fwd_streams[s], skbs);
		if (lc->is_main && (++iter & 127) == 0)
			main_poll();
	}
	return 0;
}

/* ---- set-up ---------------------------------------------------------------- */

/* Where forwarding port @idx sends (--port-topology, as testpmd). */
static uint16_t peer_of(unsigned int idx)
{
	switch (fwd_cfg.topology) {
	case FWD_TOPO_CHAINED:
		return fwd_port_ids[(idx + 1) % fwd_nb_ports];
	case FWD_TOPO_LOOP:
		return fwd_port_ids[idx];
	case FWD_TOPO_PAIRED:
	default:
		break;
	}
	if (idx % 2 == 0)
		return idx + 1 < fwd_nb_ports ? fwd_port_ids[idx + 1] : fwd_port_ids[idx];
	return fwd_port_ids[idx - 1];
}

/* Streams: RX queue q of each port forwards to TX queue q of its peer
 * (generating modes: TX queue q of the peer, receiving on RX queue q). */
static void streams_build(void)
{
	unsigned int per_port = fwd_engine->generates ? fwd_cfg.nb_txq : fwd_cfg.nb_rxq;

	fwd_nb_streams = 0;
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		for (unsigned int q = 0; q < per_port; q++) {
			struct fwd_stream *fs = &fwd_streams[fwd_nb_streams++];

			memset(fs, 0, sizeof(*fs));
			fs->rx_port = fwd_port_ids[i];
			fs->rx_queue = (uint16_t)(q < fwd_cfg.nb_rxq ? q : q % fwd_cfg.nb_rxq);
			fs->tx_port = peer_of(i);
			fs->tx_queue = (uint16_t)q;
		}
	}
}

/* Picks the forwarding lcores and gives each a run of streams. */
static int lcores_assign(void)
{
	unsigned int workers[RTE_MAX_LCORE], nw = 0, lc, cores;

	RTE_LCORE_FOREACH_WORKER(lc)
		workers[nw++] = lc;
	if (nw == 0) {
		if (fwd_cfg.nb_cores != 1) {
			FWD_LOG(ERR, "--nb-cores=%u: the EAL has 1 lcore (the main one); "
				"give more with -l, or use --nb-cores=1 to forward on the main lcore",
				fwd_cfg.nb_cores);
			return -1;
		}
		workers[nw++] = rte_get_main_lcore();
	} else if (fwd_cfg.nb_cores > nw) {
		FWD_LOG(ERR, "--nb-cores=%u: the EAL has %u lcores, %u besides the main one",
			fwd_cfg.nb_cores, nw + 1, nw);
		return -1;
	}
	cores = RTE_MIN(fwd_cfg.nb_cores, fwd_nb_streams);
	if (cores < fwd_cfg.nb_cores)
		printf("Note: %u streams for %u cores: %u cores forward\n", fwd_nb_streams,
		       fwd_cfg.nb_cores, cores);
	fwd_nb_lcores = cores;
	for (unsigned int i = 0; i < cores; i++) {
		struct fwd_lcore *l = &fwd_lcores[i];
		unsigned int first = i * fwd_nb_streams / cores;
		unsigned int last = (i + 1) * fwd_nb_streams / cores;

		l->lcore = workers[i];
		l->is_main = workers[i] == rte_get_main_lcore();
		l->first = first;
		l->nb = last - first;
		for (unsigned int s = first; s < last; s++)
			fwd_streams[s].lcore = l->lcore;
	}
	return 0;
}

static const char *port_driver(uint16_t port)
{
	struct nm_port_caps caps;

	return nm_port_caps_get(port, &caps) == 0 && caps.driver ? caps.driver : "?";
}

static int ports_init(void)
{
	unsigned int nr_pages = 0;

	if (fwd_cfg.total_mbufs != 0) {
		unsigned int rxd = fwd_cfg.nb_rxd ? fwd_cfg.nb_rxd : 1024;

		nr_pages = fwd_cfg.total_mbufs / (fwd_nb_ports * fwd_cfg.nb_rxq);
		if (nr_pages < rxd) {
			FWD_LOG(ERR, "--total-num-mbufs=%u: %u pages for each of the %u RX queues, "
				"fewer than its %u descriptors",
				fwd_cfg.total_mbufs, nr_pages, fwd_nb_ports * fwd_cfg.nb_rxq, rxd);
			return -1;
		}
	}
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		uint16_t port = fwd_port_ids[i];
		struct nm_port_conf conf = {
			.nb_rxq = (uint16_t)fwd_cfg.nb_rxq,
			.nb_txq = (uint16_t)fwd_cfg.nb_txq,
			.nb_rxd = (uint16_t)fwd_cfg.nb_rxd,
			.nb_txd = (uint16_t)fwd_cfg.nb_txd,
			.mtu = fwd_port_mtu(port),
			.flags = fwd_port_flags(),
			.order = fwd_cfg.page_order,
			.nr_pages = nr_pages,
			.socket = NUMA_NO_NODE,
		};
		struct nm_port_caps caps;
		char mac[RTE_ETHER_ADDR_FMT_SIZE];
		int ret;

		printf("Configuring Port %u (socket %d)\n", port, rte_eth_dev_socket_id(port));
		if (nm_port_caps_get(port, &caps) != 0)
			return -1;
		if (fwd_cfg.nb_rxq > caps.max_rxq || fwd_cfg.nb_txq > caps.max_txq) {
			FWD_LOG(ERR, "port %u (%s) has %u RX and %u TX queues at most: cannot do --rxq=%u --txq=%u",
				port, caps.driver, caps.max_rxq, caps.max_txq, fwd_cfg.nb_rxq,
				fwd_cfg.nb_txq);
			return -1;
		}
		if (fwd_cfg.max_pkt_len != 0 && conf.mtu < RTE_ETHER_MIN_MTU) {
			FWD_LOG(ERR, "port %u (%s): --max-pkt-len=%u leaves an MTU below %u",
				port, caps.driver, fwd_cfg.max_pkt_len, RTE_ETHER_MIN_MTU);
			return -1;
		}
		if (fwd_cfg.vlan_strip) {
			conf.flags |= NM_PORT_F_VLAN_STRIP | NM_PORT_F_OPTIONAL;
			if (!(caps.rx_offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP))
				printf("Note: port %u (%s) has no VLAN strip offload: tags stay in the frames\n",
				       port, caps.driver);
		}
		if (fwd_cfg.rx_cksum && (caps.rx_offloads & RTE_ETH_RX_OFFLOAD_CHECKSUM) !=
		    RTE_ETH_RX_OFFLOAD_CHECKSUM)
			printf("Note: port %u (%s) has no RX checksum offload: checksums are checked in software\n",
			       port, caps.driver);
		FWD_LOG(DEBUG, "port %u (%s): flags 0x%x, mtu %u, page order %u, %u pages per RX queue%s",
			port, caps.driver, conf.flags, conf.mtu, conf.order, conf.nr_pages,
			conf.nr_pages ? "" : " (libnetmem's default)");
		if (fwd_cfg.header_split || fwd_cfg.devmem_size != 0) {
			conf.flags |= NM_PORT_F_HEADER_SPLIT;
			if (!caps.hw_split) {
				conf.flags |= NM_PORT_F_SW_SPLIT;
				printf("Note: port %u (%s) cannot split headers in hardware: software split (header bytes copied and counted)\n",
				       port, caps.driver);
			}
		}
		/* Each RX queue's page_pool belongs to the lcore polling it. */
		for (unsigned int q = 0; q < NM_PORT_MAX_QUEUES; q++)
			conf.rxq_lcore[q] = rte_get_main_lcore();
		for (unsigned int s = 0; s < fwd_nb_streams; s++)
			if (fwd_streams[s].rx_port == port)
				conf.rxq_lcore[fwd_streams[s].rx_queue] = fwd_streams[s].lcore;
		memcpy(rxq_owner[port], conf.rxq_lcore, sizeof(rxq_owner[port]));
		ret = nm_port_init(port, &conf);
		if (ret != 0) {
			FWD_LOG(ERR, "port %u (%s): cannot set up%s%s: %s", port,
				caps.driver, conf.mtu ? " with this MTU" : "",
				ret == -EOPNOTSUPP ? " (an offload it lacks)" : "",
				strerror(-ret));
			return -1;
		}
		port_up[port] = true;
		if (fwd_cfg.nb_rxq > 1)
			fwd_port_rss(port, caps.driver);
		rte_eth_macaddr_get(port, &port_addr[port]);
		rte_ether_format_addr(mac, sizeof(mac), &port_addr[port]);
		printf("Port %u: %s\n", port, mac);
		if (port < FWD_MAX_PORTS && fwd_cfg.eth_peer_set[port]) {
			peer_addr[port] = fwd_cfg.eth_peer[port];
		} else {
			memset(&peer_addr[port], 0, sizeof(peer_addr[port]));
			peer_addr[port].addr_bytes[0] = 0x02;
			peer_addr[port].addr_bytes[5] = (uint8_t)port;
		}
	}
	return 0;
}

static void devmem_release(void *addr, size_t len, void *arg)
{
	munmap(addr, len);
	*(int *)arg = 1;
}

/* --devmem: one memfd region bound as device memory to every RX queue. */
static int devmem_init(void)
{
	size_t len = fwd_cfg.devmem_size;
	uint16_t queues[NM_PORT_MAX_QUEUES];
	int fd = memfd_create("netmem-fwd", 0);
	void *region;

	if (fd < 0 || ftruncate(fd, (off_t)len) != 0) {
		FWD_LOG(ERR, "--devmem: memfd of %zu bytes: %s", len, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	region = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	close(fd);
	if (region == MAP_FAILED) {
		FWD_LOG(ERR, "--devmem: mmap: %s", strerror(errno));
		return -1;
	}
	struct net_devmem_region_params rp = {
		.addr = region, .len = len, .pg_sz = PAGE_SIZE,
		.ports = fwd_port_ids, .nb_ports = fwd_nb_ports,
		.release = devmem_release, .release_arg = &devmem_released,
	};

	fwd_binding = net_devmem_bind(&rp);
	if (IS_ERR(fwd_binding)) {
		FWD_LOG(ERR, "--devmem: net_devmem_bind: %s", strerror((int)-PTR_ERR(fwd_binding)));
		fwd_binding = NULL;
		munmap(region, len);
		return -1;
	}
	fwd_devmem_region = region;
	for (unsigned int q = 0; q < fwd_cfg.nb_rxq; q++)
		queues[q] = (uint16_t)q;
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		int ret = nm_port_bind_devmem(fwd_port_ids[i], queues, fwd_cfg.nb_rxq, fwd_binding,
					      NM_DEVMEM_F_SW_SPLIT);

		if (ret != 0) {
			FWD_LOG(ERR, "port %u (%s): cannot bind device memory to its RX queues: %s",
				fwd_port_ids[i], port_driver(fwd_port_ids[i]), strerror(-ret));
			return -1;
		}
	}
	printf("Device memory: %zu bytes (memfd), binding %u on %u RX queue(s) of %u port(s)\n",
	       len, net_devmem_binding_id(fwd_binding), fwd_cfg.nb_rxq, fwd_nb_ports);
	return 0;
}

/* The skb struct caches are made at the first allocation: make them now,
 * where running out of memory can still be said plainly. */
static int skb_caches_prime(void)
{
	struct sk_buff *skb = alloc_skb(64, GFP_ATOMIC);
	struct sk_buff *fc = alloc_skb_fclone(64, GFP_ATOMIC);
	bool ok = skb != NULL && fc != NULL;

	if (skb != NULL)
		consume_skb(skb);
	if (fc != NULL)
		consume_skb(fc);
	if (!ok)
		FWD_LOG(ERR, "no memory for the skb caches: give the EAL more (-m), or fewer queues");
	return ok ? 0 : -1;
}

static int streams_init(bool tx_first)
{
	for (unsigned int s = 0; s < fwd_nb_streams; s++) {
		struct fwd_stream *fs = &fwd_streams[s];
		uint16_t mtu = RTE_ETHER_MTU;
		int ret = 0;

		rte_eth_dev_get_mtu(fs->tx_port, &mtu);
		fs->tx_mtu = mtu;
		fs->tx_features = nm_port_features(fs->tx_port);
		if (fwd_cfg.gro)
			ret = fwd_gro_init(fs);
		if (ret == 0 && fwd_engine->stream_init != NULL)
			ret = fwd_engine->stream_init(fs);
		if (ret == 0 && tx_first)
			ret = fwd_gen_stream_init(fs);
		if (ret != 0) {
			FWD_LOG(ERR, "stream %u: page_pool for generated packets: %s", s,
				strerror(-ret));
			return -1;
		}
		FWD_LOG(DEBUG, "stream %u: RX %u/%u -> TX %u/%u on lcore %u", s, fs->rx_port,
			fs->rx_queue, fs->tx_port, fs->tx_queue, fs->lcore);
	}
	return 0;
}

static void print_config(void)
{
	printf("%s packet forwarding - ports=%u - cores=%u - streams=%u - burst=%u\n",
	       fwd_engine->name, fwd_nb_ports, fwd_nb_lcores, fwd_nb_streams, fwd_cfg.burst);
	for (unsigned int i = 0; i < fwd_nb_lcores; i++) {
		const struct fwd_lcore *l = &fwd_lcores[i];

		printf("Logical Core %u (socket %u)%s forwards packets on %u streams:\n", l->lcore,
		       rte_lcore_to_socket_id(l->lcore), l->is_main ? " [main]" : "", l->nb);
		for (unsigned int s = l->first; s < l->first + l->nb; s++) {
			const struct fwd_stream *fs = &fwd_streams[s];
			char mac[RTE_ETHER_ADDR_FMT_SIZE];

			rte_ether_format_addr(mac, sizeof(mac), &peer_addr[fs->tx_port]);
			if (fwd_engine->generates)
				printf("  TX P=%u/Q=%u (RX P=%u/Q=%u%s) peer=%s\n", fs->tx_port,
				       fs->tx_queue, fs->rx_port, fs->rx_queue,
				       fwd_cfg.verify ? ", verified" : ", not polled", mac);
			else
				printf("  RX P=%u/Q=%u -> TX P=%u/Q=%u peer=%s\n", fs->rx_port,
				       fs->rx_queue, fs->tx_port, fs->tx_queue, mac);
		}
	}
	if (fwd_engine->generates || run_tx_first) {
		printf("  packet layout (--txpkts): %u bytes linear", fwd_cfg.txpkts[0]);
		for (unsigned int i = 1; i < fwd_cfg.nb_txpkts; i++)
			printf(" + frag %u", fwd_cfg.txpkts[i]);
		printf(" = %u bytes\n", fwd_cfg.txpkts_total);
	}
}

/* ---- stop -------------------------------------------------------------------- */

/* Counters of what the main lcore drains at exit (a stream of its own). */
struct fwd_stream fwd_drain;

/* Empties the RX queues of software rings (a loopback keeps packets in its
 * rings, which its close would not free): each skb is received (counted by
 * the port), checked with --verify, and dropped as "shutdown". Nothing
 * transmits any more. net_null is a source with nothing queued: it would
 * hand out packets for ever, so it is not drained; a NIC frees what its RX
 * ring holds when it stops. The bound stops any other endless source. */
#define DRAIN_MAX	65536

static void drain_rx(void)
{
	struct sk_buff *skbs[FWD_RX_CHUNK];

	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		if (strcmp(port_driver(fwd_port_ids[i]), "net_null") == 0)
			continue;
		for (uint16_t q = 0; q < fwd_cfg.nb_rxq; q++) {
			unsigned int drained = 0;
			uint16_t n;

			do {
				n = nm_rx_burst(fwd_port_ids[i], q, skbs, FWD_RX_CHUNK);
				for (uint16_t k = 0; k < n; k++) {
					if (fwd_cfg.verify)
						fwd_verify_skb(&fwd_drain, skbs[k]);
					kfree_skb(skbs[k]);
				}
				fwd_drain.c.shutdown += n;
				drained += n;
			} while (n != 0 && drained < DRAIN_MAX);
		}
	}
}

static long pools_inflight(void)
{
	long sum = 0;

	for (unsigned int i = 0; i < fwd_nb_ports; i++)
		for (uint16_t q = 0; q < fwd_cfg.nb_rxq; q++)
			sum += page_pool_inflight(nm_port_rxq_page_pool(fwd_port_ids[i], q));
	for (unsigned int s = 0; s < fwd_nb_streams; s++)
		sum += page_pool_inflight(fwd_streams[s].tx_pool);
	return sum;
}

/* ---- run control: start and stop (the command line's and -i's) -------- */

static bool running;
static bool streams_used;	/* the streams ran once: a new start rebuilds them */
static uint64_t run_cycles;	/* forwarding time of every run */

bool fwd_running(void)
{
	return running;
}

bool fwd_main_forwards(void)
{
	return fwd_nb_lcores != 0 && fwd_lcores[0].is_main;
}

void fwd_request_stop(void)
{
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
}

/* The streams' generator pools, mode state and burst records go; their
 * counters are kept in fwd_past for the final balance. */
static void streams_fini(void)
{
	for (unsigned int s = 0; s < fwd_nb_streams; s++) {
		struct fwd_stream *fs = &fwd_streams[s];

		if (fwd_engine->stream_fini != NULL)
			fwd_engine->stream_fini(fs);
		fwd_gen_stream_fini(fs);
		fwd_gro_fini(fs);
	}
}

static void streams_free(void)
{
	streams_fini();
	for (unsigned int s = 0; s < fwd_nb_streams; s++) {
		struct fwd_stream *fs = &fwd_streams[s];
		const uint64_t *c = (const uint64_t *)&fs->c;
		uint64_t *o = (uint64_t *)&fwd_past;

		for (size_t k = 0; k < sizeof(fs->c) / sizeof(uint64_t); k++)
			o[k] += c[k];
		free(fs->bursts);
		memset(fs, 0, sizeof(*fs));
	}
	fwd_nb_streams = 0;
}

/* A new start in interactive mode: the streams of the mode now set, on the
 * same lcores as the RX queues' page_pools. */
static int streams_rebuild(bool tx_first)
{
	streams_free();
	streams_build();
	if (lcores_assign() != 0)
		return -1;
	for (unsigned int s = 0; s < fwd_nb_streams; s++) {
		const struct fwd_stream *fs = &fwd_streams[s];

		if (rxq_owner[fs->rx_port][fs->rx_queue] != fs->lcore) {
			FWD_LOG(ERR, "%s mode would poll RX queue %u of port %u from lcore %u, "
				"not from lcore %u which owns its page_pool: give --txq=--rxq "
				"or start netmem-fwd with --forward-mode=%s",
				fwd_engine->name, fs->rx_queue, fs->rx_port, fs->lcore,
				rxq_owner[fs->rx_port][fs->rx_queue], fwd_engine->name);
			return -1;
		}
	}
	return streams_init(tx_first);
}

int fwd_run_start(bool tx_first)
{
	if (running) {
		printf("Packet forwarding already started\n");
		return -1;
	}
	if (streams_used || (tx_first && !fwd_cfg.tx_first)) {
		if (streams_rebuild(tx_first) != 0)
			return -1;
	}
	streams_used = true;
	fwd_cfg.mode = fwd_engine->name;
	run_tx_first = tx_first;
	if (fwd_cfg.record_burst_stats) {
		for (unsigned int s = 0; s < fwd_nb_streams; s++) {
			free(fwd_streams[s].bursts);
			fwd_streams[s].bursts = calloc(1, sizeof(*fwd_streams[s].bursts));
		}
	}
	print_config();
	fwd_stats_start();
	__atomic_store_n(&stop_flag, 0, __ATOMIC_RELAXED);
	t_start = rte_get_timer_cycles();
	if (!fwd_cfg.interactive && fwd_cfg.duration > 0)
		t_end_limit = t_start + (uint64_t)(fwd_cfg.duration * (double)rte_get_timer_hz());
	if (!fwd_cfg.interactive && fwd_cfg.stats_period > 0)
		t_next_stats = t_start +
			       (uint64_t)(fwd_cfg.stats_period * (double)rte_get_timer_hz());
	if (fwd_cfg.interactive)
		printf("Start forwarding%s\n", tx_first ? " (tx-first)" : "");
	else
		printf("Start forwarding%s%s\n", tx_first ? " (tx-first)" : "",
		       fwd_cfg.duration > 0 ? "" : ": press Ctrl-C to stop");
	fflush(stdout);
	running = true;
	for (unsigned int i = 0; i < fwd_nb_lcores; i++)
		if (!fwd_lcores[i].is_main)
			rte_eal_remote_launch(fwd_lcore_run, &fwd_lcores[i], fwd_lcores[i].lcore);
	return 0;
}

void fwd_run_main(void)
{
	if (running && fwd_main_forwards())
		fwd_lcore_run(&fwd_lcores[0]);
}

void fwd_run_stop(bool show)
{
	if (!running) {
		printf("Packet forwarding not started\n");
		return;
	}
	fwd_request_stop();
	printf("Telling cores to stop...\nWaiting for lcores to finish...\n");
	rte_eal_mp_wait_lcore();
	run_cycles += rte_get_timer_cycles() - t_start;
	running = false;
	if (show) {
		fwd_stats_fwd_show();
		printf("\nDone.\n");
	}
	fflush(stdout);
}

static void shutdown_all(struct fwd_exit_state *ex)
{
	struct nm_skb_stats sk;
	uint64_t t0;

	drain_rx();
	fwd_stats_snapshot();
	if (fwd_binding != NULL)
		for (unsigned int i = 0; i < fwd_nb_ports; i++)
			if (port_up[fwd_port_ids[i]])
				nm_port_unbind_devmem(fwd_port_ids[i], fwd_binding);
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		if (!port_up[fwd_port_ids[i]])
			continue;
		printf("Stopping port %u...\n", fwd_port_ids[i]);
		nm_port_stop(fwd_port_ids[i]);
	}
	ex->inflight = pools_inflight();
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		if (!port_up[fwd_port_ids[i]])
			continue;
		printf("Closing port %u...\n", fwd_port_ids[i]);
		if (nm_port_close(fwd_port_ids[i]) != 0)
			FWD_LOG(ERR, "port %u would not close", fwd_port_ids[i]);
		port_up[fwd_port_ids[i]] = false;
	}
	streams_fini();
	if (fwd_binding != NULL)
		net_devmem_unbind(fwd_binding);
	/* Destroyed pools free themselves once their last page is back. */
	t0 = rte_get_timer_cycles();
	while ((ex->pools_waiting = nm_page_pool_reap()) != 0 &&
	       rte_get_timer_cycles() - t0 < 2 * rte_get_timer_hz())
		rte_delay_us_sleep(10000);
	if (ex->pools_waiting == 0) {
		if (ex->inflight != 0)
			printf("Note: %ld pages were held by the PMDs at stop; all came back when the ports closed\n",
			       ex->inflight);
		ex->inflight = 0;
	}
	nm_skb_get_stats(&sk);
	ex->skb_live = sk.live;
	ex->copied_bytes = sk.copied_bytes;
	ex->misuse = nm_misuse_count();
	ex->devmem_released = fwd_binding == NULL || devmem_released;
	ex->leak = ex->inflight != 0 || ex->pools_waiting != 0 || ex->skb_live != 0 ||
		   ex->misuse != 0 || !ex->devmem_released;
}

/* ---- main -------------------------------------------------------------------- */

static void signals_set(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* No SA_RESTART: a signal also ends -i's wait for a command. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int main(int argc, char **argv)
{
	struct fwd_exit_state ex = { 0 };
	char *app_argv[256];
	int app_argc = 0, dd, ret, status = FWD_EXIT_OK;
	static char json[1 << 16];
	size_t json_len = 0;

	/* The application's options first: a typo costs no EAL start. */
	for (dd = 1; dd < argc && strcmp(argv[dd], "--") != 0; dd++)
		;
	app_argv[app_argc++] = argv[0];
	for (int i = dd + 1; i < argc && app_argc < (int)RTE_DIM(app_argv) - 1; i++)
		app_argv[app_argc++] = argv[i];
	app_argv[app_argc] = NULL;
	ret = fwd_parse_args(app_argc, app_argv, &fwd_cfg);
	if (ret != 0)
		return ret > 0 ? FWD_EXIT_OK : FWD_EXIT_USAGE;
	fwd_engine = fwd_engine_find(fwd_cfg.mode);

	ret = rte_eal_init(dd, argv);
	if (ret < 0) {
		fprintf(stderr, "netmem-fwd: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		return rte_errno == EINVAL ? FWD_EXIT_USAGE : FWD_EXIT_FAIL;
	}
	/* --log-level=netmem.fwd:LEVEL applies from here; notice by default. */
	fwd_logtype = rte_log_register_type_and_pick_level("netmem.fwd", RTE_LOG_NOTICE);
	if (fwd_logtype < 0)
		fwd_logtype = RTE_LOGTYPE_USER1;
	signals_set();
	if (fwd_cfg.interactive)
		printf("Interactive-mode selected\n");

	if (fwd_ports_select() != 0) {
		rte_eal_cleanup();
		return FWD_EXIT_USAGE;
	}
	for (unsigned int p = 0; p < FWD_MAX_PORTS; p++) {
		if (fwd_cfg.eth_peer_set[p] && !rte_eth_dev_is_valid_port((uint16_t)p)) {
			FWD_LOG(ERR, "--eth-peer=%u,...: no port %u", p, p);
			rte_eal_cleanup();
			return FWD_EXIT_USAGE;
		}
	}
	streams_build();
	if (lcores_assign() != 0) {
		rte_eal_cleanup();
		return FWD_EXIT_USAGE;
	}
	printf("Set %s packet forwarding mode\n", fwd_engine->name);
	if (skb_caches_prime() != 0 || ports_init() != 0 ||
	    (fwd_cfg.devmem_size != 0 && devmem_init() != 0) || streams_init(fwd_cfg.tx_first) != 0) {
		status = FWD_EXIT_FAIL;
		goto stop;
	}
	if (fwd_signal_seen)
		goto stop;

	if (fwd_cfg.interactive) {
		fwd_interactive();
	} else {
		fwd_run_start(fwd_cfg.tx_first);
		if (fwd_main_forwards()) {
			fwd_run_main();
		} else {
			while (!fwd_stopping()) {
				rte_delay_us_sleep(1000);
				main_poll();
			}
		}
		fwd_run_stop(false);
	}
	ex.duration_s = (double)run_cycles / (double)rte_get_timer_hz();

stop:
	if (status != FWD_EXIT_OK)
		ex.duration_s = 0;
	shutdown_all(&ex);
	fwd_stats_final(&ex);
	if (ex.leak && status == FWD_EXIT_OK)
		status = FWD_EXIT_LEAK;
	if (fwd_cfg.json)
		json_len = fwd_stats_json(json, sizeof(json), &ex);
	/* io reads nothing of a packet, the tag included: not counted there */
	if (fwd_cfg.vlan_strip && fwd_engine != &fwd_io_engine) {
		uint64_t vlan_rx = fwd_past.vlan_rx + fwd_drain.c.vlan_rx;

		for (unsigned int s = 0; s < fwd_nb_streams; s++)
			vlan_rx += fwd_streams[s].c.vlan_rx;
		printf("VLAN: %" PRIu64 " packets received with the tag stripped\n", vlan_rx);
	}
	printf("\nBye...\n");
	rte_eal_cleanup();
	/* The JSON object is the last line, after anything the EAL logs. */
	if (json_len != 0)
		printf("%s\n", json);
	fflush(stdout);
	return status;
}
