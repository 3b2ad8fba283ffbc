/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd: a testpmd-style forwarder on sk_buffs. This header is what
 * the pieces share: the configuration (config.c), the forwarding streams,
 * and the interface of a forwarding mode (one fwd_*.c file per mode), as
 * testpmd's struct fwd_engine.
 *
 * A stream is one RX queue of one port forwarded to the same queue index
 * of the peer port (--port-topology: paired 0<->1, 2<->3, an odd last port
 * its own peer; chained 0->1->...->0; loop). Each stream belongs to one forwarding lcore, which alone polls its
 * RX queue (and owns that queue's page_pool) and alone sends on its TX
 * queue: no locks on the fast path.
 */
#ifndef NETMEM_FWD_H
#define NETMEM_FWD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_log.h>

#include <netmem/devmem.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#define FWD_MAX_BURST		512
#define FWD_MAX_PORTS		32
#define FWD_MAX_STREAMS		(FWD_MAX_PORTS * NM_PORT_MAX_QUEUES)
#define FWD_MAX_TXSEGS		(1 + MAX_SKB_FRAGS)	/* --txpkts lengths */
#define FWD_HDR_LEN		42	/* Ethernet + IPv4 + UDP of generated packets */

/* Exit statuses (documented in docs/fwd.md). */
#define FWD_EXIT_OK		0
#define FWD_EXIT_FAIL		1	/* EAL, a port, memory */
#define FWD_EXIT_USAGE		2	/* bad command line */
#define FWD_EXIT_LEAK		3	/* pages, skbs or misuse left at exit */

/* ---- logging ------------------------------------------------------------ */

/* The log type "netmem.fwd" (--log-level=netmem.fwd:debug), registered by
 * main.c once the EAL is up; messages go to the EAL's log (stderr). */
extern int fwd_logtype;

#define FWD_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, fwd_logtype, "netmem-fwd: " fmt "\n", ##__VA_ARGS__)

/* ---- configuration (config.c) ------------------------------------------ */

/* --port-topology: where the stream of forwarding port i sends. */
enum fwd_topology {
	FWD_TOPO_PAIRED,	/* 0<->1, 2<->3; an odd last port to itself */
	FWD_TOPO_CHAINED,	/* i -> i+1, the last to the first */
	FWD_TOPO_LOOP,		/* i -> i */
};

struct fwd_config {
	const char *mode;		/* --forward-mode */
	unsigned int burst;		/* --burst */
	unsigned int nb_cores;		/* --nb-cores */
	unsigned int nb_rxq, nb_txq;	/* --rxq, --txq */
	unsigned int nb_rxd, nb_txd;	/* --rxd, --txd (0: libnetmem's) */
	unsigned int txpkts[FWD_MAX_TXSEGS];	/* --txpkts: linear, then frags */
	unsigned int nb_txpkts;
	unsigned int txpkts_total;
	bool eth_peer_set[FWD_MAX_PORTS];	/* --eth-peer */
	struct rte_ether_addr eth_peer[FWD_MAX_PORTS];
	double stats_period;		/* --stats-period (0: off) */
	double duration;		/* --duration (0: until a signal) */
	bool json;			/* --json */
	bool header_split;		/* --header-split */
	uint64_t devmem_size;		/* --devmem (0: off) */
	unsigned int mtu;		/* --mtu (0: the port's) */
	bool tx_first;			/* --tx-first */
	bool verify;			/* --verify */
	bool gro;			/* --gro */
	unsigned int flowgen_flows;	/* --flowgen-flows */
	unsigned int tx_bad_csum;	/* --tx-bad-csum=N: every Nth generated
					 *   packet carries bad checksums */
	unsigned int tx_tso;		/* --tx-tso=MSS: txonly makes TCP, GSO
					 *   with gso_size MSS (0: UDP) */
	bool txq_given;
	/* testpmd habits */
	bool interactive;		/* -i, --interactive */
	bool auto_start;		/* -a, --auto-start (with -i) */
	uint64_t portmask;		/* --portmask (0: every port) */
	unsigned int nb_ports;		/* --nb-ports (0: every selected port) */
	enum fwd_topology topology;	/* --port-topology */
	unsigned int total_mbufs;	/* --total-num-mbufs (0: libnetmem's) */
	unsigned int mbuf_size;		/* --mbuf-size (0: one 4 KiB page) */
	unsigned int page_order;	/*   the RX page order it needs */
	unsigned int max_pkt_len;	/* --max-pkt-len (0: the port's MTU) */
	uint32_t tx_ip_src, tx_ip_dst;	/* --tx-ip (host order) */
	uint16_t tx_udp_src, tx_udp_dst;	/* --tx-udp */
	bool txonly_multi_flow;		/* --txonly-multi-flow */
	uint64_t rss_hf;		/* --rss-ip (default) / --rss-udp */
	bool rx_cksum;			/* --enable-rx-cksum */
	bool lro;			/* --enable-lro */
	bool record_burst_stats;	/* --record-burst-stats */
	bool vlan_strip;		/* --vlan-strip, --enable-hw-vlan-strip */
};

extern struct fwd_config fwd_cfg;

/**
 * Parses the application's options (those after "--"). Returns 0, 1 when
 * --help was printed, or -1 after printing what is wrong.
 */
int fwd_parse_args(int argc, char **argv, struct fwd_config *cfg);

/** Prints the usage text to @p f. */
void fwd_usage(FILE *f, const char *prog);

/** Parses "SIZE[K|M|G]"; 0 or -1. */
int fwd_parse_size(const char *s, uint64_t *out);

/* ---- ports (ports.c) --------------------------------------------------- */

/** --portmask, --nb-ports: fills fwd_port_ids; 0 or -1 (said why). */
int fwd_ports_select(void);
/** NM_PORT_F_* for every port: the mode's (in interactive mode every
 *  mode's), RSS with --rxq > 1, RX checksum with --enable-rx-cksum. */
unsigned int fwd_port_flags(void);
/** The MTU to ask of @p port: --mtu, or --max-pkt-len minus its overhead. */
unsigned int fwd_port_mtu(uint16_t port);
/** --rxq > 1: the RSS hash functions on @p port once it is up. */
void fwd_port_rss(uint16_t port, const char *driver);

/* ---- streams ---------------------------------------------------------- */

/* --record-burst-stats: how many bursts moved how many packets. */
struct fwd_burst_stats {
	uint64_t rx[FWD_MAX_BURST + 1];
	uint64_t tx[FWD_MAX_BURST + 1];
};

/* What a mode counts besides libnetmem's per-queue counters. Written by
 * the stream's lcore only; read (unsynchronised, 64-bit) for statistics. */
struct fwd_counters {
	uint64_t generated;	/* skbs made here (txonly, flowgen, --tx-first,
				 *   GSO segments beyond the first) */
	uint64_t consumed;	/* received and used up (rxonly, verify sinks) */
	uint64_t shutdown;	/* received while draining at exit: dropped */
	/* the fields below are not part of the rx/tx balance */
	uint64_t gen_nomem;	/* generation stopped: no skb or page (nothing lost) */
	/* csum */
	uint64_t not_ipv4, ip_bad, l4_bad, l4_none, fixed, csum_sw, csum_hw, csum_unreadable;
	/* gso */
	uint64_t gso_skbs, gso_segs, gso_tso, gso_drops;
	/* --verify */
	uint64_t verify_ok, verify_bad, verify_skipped;
	/* --devmem */
	uint64_t dm_skbs, dm_records, dm_bytes, dm_tokens, dm_errors;
	/* icmpecho */
	uint64_t echo_replies, arp_replies, echo_ignored;
	/* 5tswap */
	uint64_t swap_l3, swap_l4;
	/* --gro */
	uint64_t gro_in, gro_out, gro_merged, gro_flush_flag, gro_flush_full, gro_flush_call;
	uint64_t vlan_rx;	/* received with the tag stripped (--vlan-strip) */
};

struct fwd_stream {
	uint16_t rx_port, rx_queue;	/* RX queue polled */
	uint16_t tx_port, tx_queue;	/* where it goes */
	unsigned int lcore;		/* the only lcore using this stream */
	struct page_pool *tx_pool;	/* generating modes: packet pages */
	uint32_t seq;			/* packets generated (pattern, flows) */
	/* Generating modes: the headers every packet starts from, IP id and
	 * checksum 0, and the sum of the IPv4 header's 16-bit words in them
	 * (fwd_gen_stream_init()). */
	uint16_t gen_ip_sum;
	uint8_t gen_hdr[FWD_HDR_LEN];
	uint16_t tx_mtu;		/* the TX port's MTU */
	netdev_features_t tx_features;	/* nm_port_features(tx_port) */
	struct fwd_burst_stats *bursts;	/* --record-burst-stats, else NULL */
	struct gro_node *gro;		/* --gro, else NULL */
	struct sk_buff **gro_out;	/* where GRO's output goes this burst */
	unsigned int gro_nout;
	struct fwd_counters c;
} __rte_cache_aligned;

extern struct fwd_stream fwd_streams[FWD_MAX_STREAMS];
extern unsigned int fwd_nb_streams;
/* What the main lcore drains from the RX queues at exit (counters only). */
extern struct fwd_stream fwd_drain;
extern uint16_t fwd_nb_ports;
extern unsigned int fwd_nb_lcores;	/* forwarding lcores */
extern uint16_t fwd_port_ids[FWD_MAX_PORTS];	/* forwarding order (--portmask, --nb-ports) */
/* What the streams of earlier runs counted (interactive start/stop). */
extern struct fwd_counters fwd_past;

/* The device-memory binding (--devmem), or NULL. */
extern struct net_devmem_dmabuf_binding *fwd_binding;
extern uint8_t *fwd_devmem_region;

/* ---- modes ------------------------------------------------------------ */

/**
 * A forwarding mode. burst() runs one burst of @p fs on its lcore: it
 * receives with fwd_rx() (or generates), does the mode's work and sends
 * with fwd_tx(); every skb it took ends sent, dropped (counted) or
 * consumed (counted). @p skbs is scratch room for FWD_MAX_BURST skbs.
 */
struct fwd_engine {
	const char *name;
	const char *help;		/* one line for --help */
	bool generates;			/* makes its own packets (txonly, flowgen) */
	unsigned int port_flags;	/* NM_PORT_F_* the mode asks for */
	int (*stream_init)(struct fwd_stream *fs);	/* main lcore, optional */
	void (*stream_fini)(struct fwd_stream *fs);	/* main lcore, optional */
	void (*burst)(struct fwd_stream *fs, struct sk_buff **skbs);
};

extern const struct fwd_engine fwd_io_engine;
extern const struct fwd_engine fwd_mac_engine;
extern const struct fwd_engine fwd_macswap_engine;
extern const struct fwd_engine fwd_rxonly_engine;
extern const struct fwd_engine fwd_txonly_engine;
extern const struct fwd_engine fwd_csum_engine;
extern const struct fwd_engine fwd_gso_engine;
extern const struct fwd_engine fwd_flowgen_engine;
extern const struct fwd_engine fwd_icmpecho_engine;
extern const struct fwd_engine fwd_5tswap_engine;

/* The mode forwarding now (or last), and the one the next start uses. */
extern const struct fwd_engine *fwd_engine;

/** Every mode, NULL-terminated, in --help order. */
extern const struct fwd_engine *const fwd_engines[];

/** The mode called @p name, or NULL. */
const struct fwd_engine *fwd_engine_find(const char *name);

/* ---- helpers for modes ------------------------------------------------- */

/* Most skbs one nm_rx_burst() call hands out. */
#define FWD_RX_CHUNK	64

/** The rest of a burst larger than FWD_RX_CHUNK. */
uint16_t fwd_rx_more(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n);

struct gro_node;
/** --gro (fwd_gro.c): the stream's GRO, and an RX burst through it. */
int fwd_gro_init(struct fwd_stream *fs);
void fwd_gro_fini(struct fwd_stream *fs);
uint16_t fwd_rx_gro(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n);

/* 8< fwd_rx */
/**
 * Receives up to @p n skbs of @p fs (nm_rx_burst() hands out at most 64
 * per call: a larger burst takes several calls; --gro: through the
 * stream's GRO). @p count_tags: count the skbs that came with a stripped
 * VLAN tag (--vlan-strip), which reads every skb; io, which reads nothing
 * of a packet, passes false and the loop is compiled out.
 */
static inline uint16_t __fwd_rx(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n,
				bool count_tags)
{
	if (unlikely(fs->gro != NULL))
		return fwd_rx_gro(fs, skbs, n);
	uint16_t nb = nm_rx_burst(fs->rx_port, fs->rx_queue, skbs,
				  RTE_MIN(n, (uint16_t)FWD_RX_CHUNK));

	if (unlikely(nb == FWD_RX_CHUNK && n > FWD_RX_CHUNK))
		nb = (uint16_t)(nb + fwd_rx_more(fs, skbs + nb, (uint16_t)(n - nb)));
	if (count_tags && unlikely(fwd_cfg.vlan_strip))
		for (uint16_t i = 0; i < nb; i++)
			fs->c.vlan_rx += skbs[i]->vlan_all != 0;
	if (unlikely(fs->bursts != NULL))	/* --record-burst-stats */
		fs->bursts->rx[nb]++;
	return nb;
}

/** Receives up to @p n skbs of @p fs: __fwd_rx() for the modes that read
 *  their packets. */
static inline uint16_t fwd_rx(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n)
{
	return __fwd_rx(fs, skbs, n, true);
}
/* >8 */

/* 8< fwd_tx */
/** Sends @p n skbs of @p fs; what the TX queue does not take is dropped
 *  (nm_tx_drop_unsent, counted as TX_FULL). */
static inline void fwd_tx(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n)
{
	uint16_t sent;

	if (n == 0)
		return;
	sent = nm_tx_burst(fs->tx_port, fs->tx_queue, skbs, n);
	if (unlikely(fs->bursts != NULL))	/* --record-burst-stats */
		fs->bursts->tx[sent]++;
	if (unlikely(sent < n))
		nm_tx_drop_unsent(fs->tx_port, fs->tx_queue, skbs + sent, (uint16_t)(n - sent));
}
/* >8 */

/** Drops @p skb as the mode's decision, counted on the TX queue. */
static inline void fwd_drop(struct fwd_stream *fs, struct sk_buff *skb, enum nm_drop_cause c)
{
	kfree_skb(skb);
	nm_port_count_drop(fs->tx_port, fs->tx_queue, c, 1);
}

/**
 * Uses up received skbs (rxonly and the receive side of the generators):
 * device-memory payload is taken as records and its tokens given back;
 * with --verify the payload is checked (through the region for device
 * memory); then napi_consume_skb().
 */
void fwd_consume(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n);

/** --verify of one received skb (device memory: counted as skipped). */
void fwd_verify_skb(struct fwd_stream *fs, const struct sk_buff *skb);

/** The Ethernet header of @p skb, writable, or NULL (then drop it). */
static inline struct rte_ether_hdr *fwd_eth_hdr(struct sk_buff *skb)
{
	if (unlikely(!pskb_may_pull(skb, RTE_ETHER_HDR_LEN)))
		return NULL;
	if (unlikely(skb_header_cloned(skb)) && skb_cow_head(skb, 0) != 0)
		return NULL;
	return (struct rte_ether_hdr *)skb->data;
}

/** The MAC address packets to @p port go to (--eth-peer or 02:00:00:00:00:<port>). */
const struct rte_ether_addr *fwd_peer_addr(uint16_t port);

/** The MAC address of @p port (cached at start). */
const struct rte_ether_addr *fwd_port_addr(uint16_t port);

/* Generator (fwd_txonly.c), shared with flowgen and --tx-first. */
int fwd_gen_stream_init(struct fwd_stream *fs);
void fwd_gen_stream_fini(struct fwd_stream *fs);
/** Builds up to @p n packets of the --txpkts layout; @p flows 0: one flow. */
uint16_t fwd_gen_burst(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n,
		       unsigned int flows);
/** Checks a flat copy of a received packet against the pattern. */
bool fwd_gen_check(const uint8_t *pkt, unsigned int len);

/* ---- control (main.c) and statistics (stats.c) ------------------------- */

/** True once forwarding must stop (signal, --duration, "stop"). */
bool fwd_stopping(void);

/** The signal that asked to quit, or 0. */
extern volatile sig_atomic_t fwd_signal_seen;

/** Forwarding runs (between a start and its stop). */
bool fwd_running(void);
/** The main lcore is a forwarding lcore (a single EAL lcore). */
bool fwd_main_forwards(void);
/** Asks every forwarding lcore to stop after its burst. */
void fwd_request_stop(void);
/**
 * Starts forwarding with the mode set (testpmd's "start"): in interactive
 * mode a start after a stop builds the streams anew. Worker lcores are
 * launched; when the main lcore forwards, fwd_run_main() does. 0 or -1
 * (said why).
 */
int fwd_run_start(bool tx_first);
/** The main lcore's share of forwarding, until a stop is asked. */
void fwd_run_main(void);
/** Stops forwarding and waits for the lcores; @p show: testpmd's forward
 *  statistics and "Done.". */
void fwd_run_stop(bool show);

/* ---- interactive mode (interactive.c) ---------------------------------- */

/** -i: the command line on stdin until "quit", end of input or a signal. */
void fwd_interactive(void);
/** Reads what stdin has (waiting up to @p timeout_ms) and runs the
 *  commands complete in it; called between bursts when the main lcore
 *  forwards. */
void fwd_interactive_poll(int timeout_ms);

/** --stats-period: the screen cleared (on a terminal), then the NIC
 *  statistics block of every forwarding port. */
void fwd_stats_live(void);

/** testpmd's NIC statistics block of @p port ("show port stats"), with
 *  libnetmem's lines after it; throughput since the previous show. */
void fwd_stats_port_show(uint16_t port);

/** "clear port stats": the ethdev counters reset, libnetmem's counted
 *  from now in the block (the final summary keeps every count). */
void fwd_stats_port_clear(uint16_t port);

/** Remembers where the counters are when forwarding starts. */
void fwd_stats_start(void);

/** testpmd's forward statistics since the last start ("show fwd stats
 *  all", and at every stop). */
void fwd_stats_fwd_show(void);

/** Everything the final report needs, read before the ports close. */
struct fwd_exit_state {
	double duration_s;
	long inflight;			/* pages out of every page_pool after stop */
	unsigned int pools_waiting;	/* destroyed pools still waiting after reap */
	uint64_t skb_live;
	uint64_t misuse;
	uint64_t copied_bytes;		/* nm_skb_get_stats(): every copy path */
	bool devmem_released;
	bool leak;
};

/** Reads the per-port counters and page_pool stats (ports still set up). */
void fwd_stats_snapshot(void);
/** testpmd-style final summary to stdout. */
void fwd_stats_final(const struct fwd_exit_state *ex);
/** The one-line JSON object into @p buf; returns its length. */
size_t fwd_stats_json(char *buf, size_t size, const struct fwd_exit_state *ex);

#endif /* NETMEM_FWD_H */
