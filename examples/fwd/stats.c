/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd statistics: live per-port rates every --stats-period, the
 * testpmd-style summary at exit, and the one-line JSON object of --json.
 *
 * Sources: libnetmem's per-queue counters (nm_port_queue_stats: packets,
 * bytes, drops by cause, copies, TX segment kinds), the page_pool statistics
 * of every RX queue and generator pool (page_pool_get_stats), and the
 * modes' own counters (struct fwd_counters). The counters are written by
 * the forwarding lcores without locks and read here as they are: a live
 * figure may be a burst behind, the final ones are read after the lcores
 * stopped.
 *
 * The balance every mode keeps (checked by tests/test_fwd.c):
 *	rx_packets + generated == tx_packets + dropped + consumed
 * rx_packets are skbs received; rx_dropped (packets the port delivered that
 * never became skbs, e.g. no memory) stand outside it.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_ethdev.h>

#include <netmem/page_pool/types.h>

#include "fwd.h"

static const char *const drop_names[NM_DROP_MAX] = {
	[NM_DROP_RX_NOMEM] = "rx_nomem",
	[NM_DROP_RX_BAD] = "rx_bad",
	[NM_DROP_TX_FULL] = "tx_full",
	[NM_DROP_TX_NOMEM] = "tx_nomem",
	[NM_DROP_TX_BAD] = "tx_bad",
	[NM_DROP_TX_UNREADABLE] = "tx_unreadable",
};

/* What one port's queues and pools say. */
struct port_snap {
	uint16_t port;
	char driver[32];
	struct nm_queue_stats q;	/* summed over its queues */
	struct page_pool_stats pp;	/* its RX page_pools */
};

static struct port_snap final_snap[FWD_MAX_PORTS];
static struct page_pool_stats final_gen_pp;
static struct fwd_counters final_c;

static uint64_t rx_drops(const struct nm_queue_stats *q)
{
	return q->drops[NM_DROP_RX_NOMEM] + q->drops[NM_DROP_RX_BAD];
}

static uint64_t tx_drops(const struct nm_queue_stats *q)
{
	return q->drops[NM_DROP_TX_FULL] + q->drops[NM_DROP_TX_NOMEM] +
	       q->drops[NM_DROP_TX_BAD] + q->drops[NM_DROP_TX_UNREADABLE];
}

static void port_read(uint16_t port, struct port_snap *s)
{
	unsigned int nq = RTE_MAX(fwd_cfg.nb_rxq, fwd_cfg.nb_txq);

	struct nm_port_caps caps;

	memset(s, 0, sizeof(*s));
	s->port = port;
	snprintf(s->driver, sizeof(s->driver), "%s",
		 nm_port_caps_get(port, &caps) == 0 && caps.driver ? caps.driver : "?");
	for (uint16_t q = 0; q < nq; q++) {
		struct nm_queue_stats st;

		if (nm_port_queue_stats(port, q, &st) != 0)
			continue;
		s->q.rx_packets += st.rx_packets;
		s->q.rx_bytes += st.rx_bytes;
		s->q.tx_packets += st.tx_packets;
		s->q.tx_bytes += st.tx_bytes;
		for (int d = 0; d < NM_DROP_MAX; d++)
			s->q.drops[d] += st.drops[d];
		s->q.copied_bytes += st.copied_bytes;
		s->q.hdr_copied_bytes += st.hdr_copied_bytes;
		s->q.tx_zc_segs += st.tx_zc_segs;
		s->q.tx_ext_segs += st.tx_ext_segs;
		s->q.tx_gso_sw += st.tx_gso_sw;
		s->q.tx_csum_sw += st.tx_csum_sw;
		s->q.tx_tso_head_copy += st.tx_tso_head_copy;
	}
	for (uint16_t q = 0; q < fwd_cfg.nb_rxq; q++)
		page_pool_get_stats(nm_port_rxq_page_pool(port, q), &s->pp);
}

/* The modes' counters of every stream and of the drain, summed. */
static void counters_sum(struct fwd_counters *out)
{
	const size_t n = sizeof(*out) / sizeof(uint64_t);
	uint64_t *o = (uint64_t *)out;

	memset(out, 0, sizeof(*out));
	for (unsigned int s = 0; s <= fwd_nb_streams; s++) {
		const struct fwd_stream *fs = s < fwd_nb_streams ? &fwd_streams[s] : &fwd_drain;
		const uint64_t *c = (const uint64_t *)&fs->c;

		for (size_t i = 0; i < n; i++)
			o[i] += c[i];
	}
	for (size_t i = 0; i < n; i++)
		o[i] += ((const uint64_t *)&fwd_past)[i];
}

/* Where the counters stood at the last start ("show fwd stats all"). */
static struct port_snap fwd_base[FWD_MAX_PORTS];
/* Where libnetmem's counters stood at the last "clear port stats". */
static struct nm_queue_stats clear_base[RTE_MAX_ETHPORTS];
/* The previous show of a port's NIC block: its counters and when. */
static struct {
	uint64_t ipackets, opackets, ibytes, obytes, ns;
} show_prev[RTE_MAX_ETHPORTS];

static uint64_t now_ns(void);

void fwd_stats_start(void)
{
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		uint16_t port = fwd_port_ids[i];
		struct rte_eth_stats st;

		port_read(port, &fwd_base[i]);
		/* The first show's throughput is since the start. */
		if (show_prev[port].ns == 0 && rte_eth_stats_get(port, &st) == 0) {
			show_prev[port].ipackets = st.ipackets;
			show_prev[port].opackets = st.opackets;
			show_prev[port].ibytes = st.ibytes;
			show_prev[port].obytes = st.obytes;
			show_prev[port].ns = now_ns();
		}
	}
}

static void print_mode_counters(const struct fwd_counters *c, const char *indent)
{
	const char *mode = fwd_engine->name;

	if (strcmp(mode, "csum") == 0)
		printf("%scsum: not-ipv4 %" PRIu64 ", ip-bad %" PRIu64 ", l4-bad %" PRIu64
		       ", l4-none %" PRIu64 ", fixed %" PRIu64 ", sw %" PRIu64 ", offloaded %" PRIu64
		       ", unreadable %" PRIu64 "\n", indent, c->not_ipv4, c->ip_bad, c->l4_bad,
		       c->l4_none, c->fixed, c->csum_sw, c->csum_hw, c->csum_unreadable);
	if (strcmp(mode, "gso") == 0)
		printf("%sgso: %" PRIu64 " skbs segmented into %" PRIu64 " segments, %" PRIu64
		       " left to TSO, %" PRIu64 " dropped\n", indent, c->gso_skbs, c->gso_segs,
		       c->gso_tso, c->gso_drops);
	if (fwd_cfg.gro)
		printf("%sgro: %" PRIu64 " skbs in, %" PRIu64 " out, %" PRIu64 " merged; flushes: %"
		       PRIu64 " by flags, %" PRIu64 " full, %" PRIu64 " at poll end\n", indent,
		       c->gro_in, c->gro_out, c->gro_merged, c->gro_flush_flag, c->gro_flush_full,
		       c->gro_flush_call);
	if (strcmp(mode, "icmpecho") == 0)
		printf("%sicmpecho: %" PRIu64 " echo replies, %" PRIu64 " ARP replies, %" PRIu64
		       " other packets consumed\n", indent, c->echo_replies, c->arp_replies,
		       c->echo_ignored);
	if (strcmp(mode, "5tswap") == 0)
		printf("%s5tswap: L3 addresses swapped in %" PRIu64 ", L4 ports in %" PRIu64 "\n",
		       indent, c->swap_l3, c->swap_l4);
	if (fwd_cfg.verify)
		printf("%sverify: ok %" PRIu64 ", bad %" PRIu64 ", skipped (unreadable) %" PRIu64 "\n",
		       indent, c->verify_ok, c->verify_bad, c->verify_skipped);
	if (fwd_cfg.devmem_size != 0)
		printf("%sdevmem: %" PRIu64 " skbs, %" PRIu64 " records, %" PRIu64
		       " bytes, %" PRIu64 " tokens given back, %" PRIu64 " errors\n", indent,
		       c->dm_skbs, c->dm_records, c->dm_bytes, c->dm_tokens, c->dm_errors);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Per second over @ns nanoseconds (0 when no earlier show). */
static uint64_t per_s(uint64_t now, uint64_t prev, uint64_t ns)
{
	return ns != 0 && now > prev ? (uint64_t)((double)(now - prev) * 1e9 / (double)ns) : 0;
}

static bool port_is_forwarding(uint16_t port)
{
	for (unsigned int i = 0; i < fwd_nb_ports; i++)
		if (fwd_port_ids[i] == port)
			return true;
	return false;
}

void fwd_stats_port_show(uint16_t port)
{
	static const char border[] = "########################";
	struct rte_eth_stats st;
	struct port_snap now;
	struct nm_queue_stats q;
	uint64_t t = now_ns(), ns;
	int ret;

	ret = rte_eth_stats_get(port, &st);
	if (ret != 0) {
		FWD_LOG(ERR, "port %u: cannot read its statistics: %s", port, strerror(-ret));
		return;
	}
	/* testpmd's block: the ethdev counters, throughput since the last show. */
	printf("\n  %s NIC statistics for port %-2u %s\n", border, port, border);
	printf("  RX-packets: %-10" PRIu64 " RX-missed: %-10" PRIu64 " RX-bytes:  %" PRIu64 "\n",
	       st.ipackets, st.imissed, st.ibytes);
	printf("  RX-errors: %" PRIu64 "\n", st.ierrors);
	printf("  RX-nombuf:  %-10" PRIu64 "\n", st.rx_nombuf);
	printf("  TX-packets: %-10" PRIu64 " TX-errors: %-10" PRIu64 " TX-bytes:  %" PRIu64 "\n",
	       st.opackets, st.oerrors, st.obytes);
	ns = show_prev[port].ns != 0 ? t - show_prev[port].ns : 0;
	printf("\n  Throughput (since last show)\n");
	printf("  Rx-pps: %12" PRIu64 "          Rx-bps: %12" PRIu64 "\n",
	       per_s(st.ipackets, show_prev[port].ipackets, ns),
	       per_s(st.ibytes, show_prev[port].ibytes, ns) * 8);
	printf("  Tx-pps: %12" PRIu64 "          Tx-bps: %12" PRIu64 "\n",
	       per_s(st.opackets, show_prev[port].opackets, ns),
	       per_s(st.obytes, show_prev[port].obytes, ns) * 8);
	printf("  %s############################%s\n", border, border);
	show_prev[port].ipackets = st.ipackets;
	show_prev[port].opackets = st.opackets;
	show_prev[port].ibytes = st.ibytes;
	show_prev[port].obytes = st.obytes;
	show_prev[port].ns = t;
	if (!port_is_forwarding(port))
		return;

	/* libnetmem's view of the same port: skbs, drops by cause, page_pools,
	 * copies (counted from the last "clear port stats"). */
	port_read(port, &now);
	q = now.q;
	q.rx_packets -= clear_base[port].rx_packets;
	q.rx_bytes -= clear_base[port].rx_bytes;
	q.tx_packets -= clear_base[port].tx_packets;
	q.tx_bytes -= clear_base[port].tx_bytes;
	q.copied_bytes -= clear_base[port].copied_bytes;
	q.hdr_copied_bytes -= clear_base[port].hdr_copied_bytes;
	q.tx_zc_segs -= clear_base[port].tx_zc_segs;
	q.tx_ext_segs -= clear_base[port].tx_ext_segs;
	for (int d = 0; d < NM_DROP_MAX; d++)
		q.drops[d] -= clear_base[port].drops[d];
	printf("  libnetmem: RX-skbs: %-10" PRIu64 " RX-bytes: %-12" PRIu64 " TX-skbs: %-10" PRIu64
	       " TX-bytes: %" PRIu64 "\n", q.rx_packets, q.rx_bytes, q.tx_packets, q.tx_bytes);
	printf("  Drops:");
	for (int d = 0; d < NM_DROP_MAX; d++)
		printf(" %s %" PRIu64, drop_names[d], q.drops[d]);
	printf("\n  page_pool: alloc fast %" PRIu64 " slow %" PRIu64 " refill %" PRIu64
	       " empty %" PRIu64 "; recycle cached %" PRIu64 " ring %" PRIu64
	       " ring_full %" PRIu64 " released_refcnt %" PRIu64 "\n",
	       now.pp.alloc_stats.fast, now.pp.alloc_stats.slow, now.pp.alloc_stats.refill,
	       now.pp.alloc_stats.empty, now.pp.recycle_stats.cached, now.pp.recycle_stats.ring,
	       now.pp.recycle_stats.ring_full, now.pp.recycle_stats.released_refcnt);
	printf("  Copied: payload %" PRIu64 " bytes, headers %" PRIu64
	       " bytes; TX segments: zero-copy %" PRIu64 ", external %" PRIu64 "\n",
	       q.copied_bytes, q.hdr_copied_bytes, q.tx_zc_segs, q.tx_ext_segs);
}

void fwd_stats_port_clear(uint16_t port)
{
	struct port_snap now;
	int ret = rte_eth_stats_reset(port);

	if (ret != 0) {
		FWD_LOG(ERR, "port %u: cannot reset its statistics: %s", port, strerror(-ret));
		return;
	}
	/* The next show's throughput is since the clear. */
	memset(&show_prev[port], 0, sizeof(show_prev[port]));
	show_prev[port].ns = now_ns();
	if (port_is_forwarding(port)) {
		port_read(port, &now);
		clear_base[port] = now.q;
	}
	printf("\n  NIC statistics for port %u cleared\n", port);
}

void fwd_stats_live(void)
{
	struct fwd_counters c;

	/* Clear the screen and go to the top left, as testpmd (on a terminal:
	 * a file or pipe keeps every period). */
	if (isatty(STDOUT_FILENO))
		printf("\033[2J\033[1;1H");
	printf("\nPort statistics ====================================");
	for (unsigned int i = 0; i < fwd_nb_ports; i++)
		fwd_stats_port_show(fwd_port_ids[i]);
	counters_sum(&c);
	print_mode_counters(&c, "  ");
	fflush(stdout);
}

/* testpmd's burst line: how many bursts, and the two most frequent sizes. */
static void burst_line(const char *what, const uint64_t *spread)
{
	uint64_t total = spread[0], top[3] = { spread[0], 0, 0 };
	unsigned int size[3] = { 0, 0, 0 }, pct, sum = 0;
	uint64_t seen = 0;

	for (unsigned int n = 1; n <= FWD_MAX_BURST; n++) {
		if (spread[n] == 0)
			continue;
		total += spread[n];
		if (spread[n] > top[1]) {
			top[2] = top[1];
			size[2] = size[1];
			top[1] = spread[n];
			size[1] = n;
		} else if (spread[n] > top[2]) {
			top[2] = spread[n];
			size[2] = n;
		}
	}
	if (total == 0)
		return;
	printf("  %s-bursts : %" PRIu64 " [", what, total);
	for (unsigned int i = 0; i < 3; i++) {
		seen += top[i];
		if (seen == total) {
			printf("%u%% of %u pkts]\n", 100 - sum, size[i]);
			return;
		}
		pct = (unsigned int)((double)top[i] / (double)total * 100);
		printf("%u%% of %u pkts + ", pct, size[i]);
		sum += pct;
	}
	printf("%u%% of other]\n", 100 - sum);
}

/* The bursts of the streams receiving on / sending to @port, summed. */
static void burst_stats_port(uint16_t port)
{
	static uint64_t rx[FWD_MAX_BURST + 1], tx[FWD_MAX_BURST + 1];

	memset(rx, 0, sizeof(rx));
	memset(tx, 0, sizeof(tx));
	for (unsigned int s = 0; s < fwd_nb_streams; s++) {
		const struct fwd_stream *fs = &fwd_streams[s];

		if (fs->bursts == NULL)
			continue;
		for (unsigned int n = 0; n <= FWD_MAX_BURST; n++) {
			if (fs->rx_port == port)
				rx[n] += fs->bursts->rx[n];
			if (fs->tx_port == port)
				tx[n] += fs->bursts->tx[n];
		}
	}
	burst_line("RX", rx);
	burst_line("TX", tx);
}

void fwd_stats_fwd_show(void)
{
	uint64_t rx = 0, rxd = 0, tx = 0, txd = 0;
	struct fwd_counters c;

	memset(&c, 0, sizeof(c));
	for (unsigned int s = 0; s < fwd_nb_streams; s++) {
		const uint64_t *a = (const uint64_t *)&fwd_streams[s].c;
		uint64_t *o = (uint64_t *)&c;

		for (size_t i = 0; i < sizeof(c) / sizeof(uint64_t); i++)
			o[i] += a[i];
	}
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		struct port_snap now;
		const struct nm_queue_stats *b = &fwd_base[i].q;
		uint64_t prx, prxd, ptx, ptxd;

		port_read(fwd_port_ids[i], &now);
		prx = now.q.rx_packets - b->rx_packets;
		prxd = rx_drops(&now.q) - rx_drops(b);
		ptx = now.q.tx_packets - b->tx_packets;
		ptxd = tx_drops(&now.q) - tx_drops(b);
		printf("\n  ---------------------- Forward statistics for port %-2u ----------------------\n",
		       now.port);
		printf("  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64 " RX-total: %" PRIu64 "\n",
		       prx, prxd, prx + prxd);
		printf("  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64 " TX-total: %" PRIu64 "\n",
		       ptx, ptxd, ptx + ptxd);
		if (fwd_cfg.record_burst_stats)
			burst_stats_port(now.port);
		printf("  ----------------------------------------------------------------------------\n");
		rx += prx;
		rxd += prxd;
		tx += ptx;
		txd += ptxd;
	}
	printf("\n  +++++++++++++++ Accumulated forward statistics for all ports+++++++++++++++\n");
	printf("  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64 " RX-total: %" PRIu64 "\n",
	       rx, rxd, rx + rxd);
	printf("  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64 " TX-total: %" PRIu64 "\n",
	       tx, txd, tx + txd);
	printf("  ++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++\n");
	print_mode_counters(&c, "  ");
	fflush(stdout);
}

void fwd_stats_snapshot(void)
{
	for (unsigned int i = 0; i < fwd_nb_ports; i++)
		port_read(fwd_port_ids[i], &final_snap[i]);
	memset(&final_gen_pp, 0, sizeof(final_gen_pp));
	for (unsigned int s = 0; s < fwd_nb_streams; s++)
		if (fwd_streams[s].tx_pool != NULL)
			page_pool_get_stats(fwd_streams[s].tx_pool, &final_gen_pp);
	counters_sum(&final_c);
}

/* Totals over the ports of the final snapshot. */
struct totals {
	uint64_t rx, rx_dropped, rx_bytes, tx, tx_bytes, dropped, hdr_copied, drops[NM_DROP_MAX];
};

static void totals_get(struct totals *t)
{
	memset(t, 0, sizeof(*t));
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		const struct nm_queue_stats *q = &final_snap[i].q;

		t->rx += q->rx_packets;
		t->rx_bytes += q->rx_bytes;
		t->rx_dropped += rx_drops(q);
		t->tx += q->tx_packets;
		t->tx_bytes += q->tx_bytes;
		t->dropped += tx_drops(q);
		t->hdr_copied += q->hdr_copied_bytes;
		for (int d = 0; d < NM_DROP_MAX; d++)
			t->drops[d] += q->drops[d];
	}
	t->dropped += final_c.shutdown;
}

void fwd_stats_final(const struct fwd_exit_state *ex)
{
	struct totals t;
	double d = ex->duration_s > 0 ? ex->duration_s : 1e-9;
	uint64_t in, out;

	totals_get(&t);
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		const struct nm_queue_stats *q = &final_snap[i].q;

		printf("\n  ---------------------- Forward statistics for port %-2u ----------------------\n",
		       final_snap[i].port);
		printf("  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64 " RX-total: %" PRIu64 "\n",
		       q->rx_packets, rx_drops(q), q->rx_packets + rx_drops(q));
		printf("  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64 " TX-total: %" PRIu64 "\n",
		       q->tx_packets, tx_drops(q), q->tx_packets + tx_drops(q));
		if (fwd_cfg.record_burst_stats)
			burst_stats_port(final_snap[i].port);
		printf("  ----------------------------------------------------------------------------\n");
	}
	printf("\n  +++++++++++++++ Accumulated forward statistics for all ports+++++++++++++++\n");
	printf("  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64 " RX-total: %" PRIu64 "\n",
	       t.rx, t.rx_dropped, t.rx + t.rx_dropped);
	printf("  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64 " TX-total: %" PRIu64 "\n",
	       t.tx, t.dropped - final_c.shutdown, t.tx + t.dropped - final_c.shutdown);
	printf("  ++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++\n");
	printf("  Forwarding time %.3f s: RX %.3f Mpps, TX %.3f Mpps\n", ex->duration_s,
	       (double)t.rx / d / 1e6, (double)t.tx / d / 1e6);
	in = t.rx + final_c.generated;
	out = t.tx + t.dropped + final_c.consumed;
	printf("  Generated %" PRIu64 ", consumed %" PRIu64 ", dropped at exit %" PRIu64
	       "; rx + generated = tx + dropped + consumed: %" PRIu64 " %s %" PRIu64 "\n",
	       final_c.generated, final_c.consumed, final_c.shutdown, in, in == out ? "=" : "!=",
	       out);
	print_mode_counters(&final_c, "  ");
	printf("  Copied: payload %" PRIu64 " bytes, headers %" PRIu64 " bytes\n",
	       ex->copied_bytes, t.hdr_copied);
	printf("  Memory: pages in flight %ld, destroyed page_pools waiting %u, live skbs %" PRIu64
	       ", misuse %" PRIu64 "%s: %s\n", ex->inflight, ex->pools_waiting, ex->skb_live,
	       ex->misuse, fwd_binding ? (ex->devmem_released ? ", device memory released" :
						   ", device memory NOT released") : "",
	       ex->leak ? "LEAK" : "nothing leaked");
}

/* ---- JSON ------------------------------------------------------------------ */

struct jbuf {
	char *p;
	size_t size, len;
};

static void jp(struct jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void jp(struct jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len >= b->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len = RTE_MIN(b->len + (size_t)n, b->size);
}

static void jp_pp(struct jbuf *b, const struct page_pool_stats *s)
{
	jp(b, "{\"alloc_fast\":%" PRIu64 ",\"alloc_slow\":%" PRIu64 ",\"alloc_slow_high_order\":%" PRIu64
	   ",\"alloc_empty\":%" PRIu64 ",\"alloc_refill\":%" PRIu64 ",\"alloc_waive\":%" PRIu64
	   ",\"recycle_cached\":%" PRIu64 ",\"recycle_cache_full\":%" PRIu64
	   ",\"recycle_ring\":%" PRIu64 ",\"recycle_ring_full\":%" PRIu64
	   ",\"recycle_released_refcnt\":%" PRIu64 "}",
	   s->alloc_stats.fast, s->alloc_stats.slow, s->alloc_stats.slow_high_order,
	   s->alloc_stats.empty, s->alloc_stats.refill, s->alloc_stats.waive,
	   s->recycle_stats.cached, s->recycle_stats.cache_full, s->recycle_stats.ring,
	   s->recycle_stats.ring_full, s->recycle_stats.released_refcnt);
}

static void jp_drops(struct jbuf *b, const uint64_t *drops, const uint64_t *shutdown)
{
	jp(b, "{");
	for (int d = 0; d < NM_DROP_MAX; d++)
		jp(b, "%s\"%s\":%" PRIu64, d ? "," : "", drop_names[d], drops[d]);
	if (shutdown != NULL)
		jp(b, ",\"shutdown\":%" PRIu64, *shutdown);
	jp(b, "}");
}

size_t fwd_stats_json(char *buf, size_t size, const struct fwd_exit_state *ex)
{
	struct jbuf b = { buf, size, 0 };
	const struct fwd_counters *c = &final_c;
	double d = ex->duration_s > 0 ? ex->duration_s : 1e-9;
	struct totals t;

	totals_get(&t);
	jp(&b, "{\"mode\":\"%s\",\"ports\":%u,\"cores\":%u,\"streams\":%u,\"burst\":%u"
	   ",\"duration_s\":%.6f", fwd_cfg.mode, fwd_nb_ports, fwd_nb_lcores, fwd_nb_streams,
	   fwd_cfg.burst, ex->duration_s);
	jp(&b, ",\"rx_packets\":%" PRIu64 ",\"tx_packets\":%" PRIu64 ",\"dropped\":%" PRIu64
	   ",\"generated\":%" PRIu64 ",\"consumed\":%" PRIu64 ",\"rx_dropped\":%" PRIu64
	   ",\"rx_bytes\":%" PRIu64 ",\"tx_bytes\":%" PRIu64 ",\"rx_mpps\":%.3f,\"tx_mpps\":%.3f",
	   t.rx, t.tx, t.dropped, c->generated, c->consumed, t.rx_dropped, t.rx_bytes,
	   t.tx_bytes, (double)t.rx / d / 1e6, (double)t.tx / d / 1e6);
	jp(&b, ",\"copied_bytes\":%" PRIu64 ",\"hdr_copied_bytes\":%" PRIu64
	   ",\"inflight\":%ld,\"pools_waiting\":%u,\"skb_live\":%" PRIu64 ",\"misuse\":%" PRIu64
	   ",\"leak\":%s,\"gen_nomem\":%" PRIu64,
	   ex->copied_bytes, t.hdr_copied, ex->inflight, ex->pools_waiting, ex->skb_live,
	   ex->misuse, ex->leak ? "true" : "false", c->gen_nomem);
	jp(&b, ",\"drops\":");
	jp_drops(&b, t.drops, &c->shutdown);
	jp(&b, ",\"csum\":{\"not_ipv4\":%" PRIu64 ",\"ip_bad\":%" PRIu64 ",\"l4_bad\":%" PRIu64
	   ",\"l4_none\":%" PRIu64 ",\"fixed\":%" PRIu64 ",\"sw\":%" PRIu64 ",\"offloaded\":%" PRIu64
	   ",\"unreadable\":%" PRIu64 "}", c->not_ipv4, c->ip_bad, c->l4_bad, c->l4_none,
	   c->fixed, c->csum_sw, c->csum_hw, c->csum_unreadable);
	jp(&b, ",\"gso\":{\"skbs\":%" PRIu64 ",\"segs\":%" PRIu64 ",\"tso\":%" PRIu64
	   ",\"drops\":%" PRIu64 "}", c->gso_skbs, c->gso_segs, c->gso_tso, c->gso_drops);
	jp(&b, ",\"gro\":{\"on\":%s,\"in\":%" PRIu64 ",\"out\":%" PRIu64 ",\"merged\":%" PRIu64
	   ",\"flush_flag\":%" PRIu64 ",\"flush_full\":%" PRIu64 ",\"flush_call\":%" PRIu64 "}",
	   fwd_cfg.gro ? "true" : "false", c->gro_in, c->gro_out, c->gro_merged,
	   c->gro_flush_flag, c->gro_flush_full, c->gro_flush_call);
	jp(&b, ",\"icmpecho\":{\"echo\":%" PRIu64 ",\"arp\":%" PRIu64 ",\"ignored\":%" PRIu64
	   "},\"tswap\":{\"l3\":%" PRIu64 ",\"l4\":%" PRIu64 "}", c->echo_replies, c->arp_replies,
	   c->echo_ignored, c->swap_l3, c->swap_l4);
	jp(&b, ",\"verify\":{\"ok\":%" PRIu64 ",\"bad\":%" PRIu64 ",\"skipped\":%" PRIu64 "}",
	   c->verify_ok, c->verify_bad, c->verify_skipped);
	jp(&b, ",\"devmem\":{\"size\":%" PRIu64 ",\"skbs\":%" PRIu64 ",\"records\":%" PRIu64
	   ",\"bytes\":%" PRIu64 ",\"tokens\":%" PRIu64 ",\"errors\":%" PRIu64 ",\"released\":%s}",
	   fwd_cfg.devmem_size, c->dm_skbs, c->dm_records, c->dm_bytes, c->dm_tokens,
	   c->dm_errors, ex->devmem_released ? "true" : "false");
	jp(&b, ",\"gen_page_pool\":");
	jp_pp(&b, &final_gen_pp);
	jp(&b, ",\"port\":[");
	for (unsigned int i = 0; i < fwd_nb_ports; i++) {
		const struct port_snap *s = &final_snap[i];
		const struct nm_queue_stats *q = &s->q;
		jp(&b, "%s{\"port\":%u,\"driver\":\"%s\",\"rx_packets\":%" PRIu64
		   ",\"rx_dropped\":%" PRIu64 ",\"rx_bytes\":%" PRIu64 ",\"tx_packets\":%" PRIu64
		   ",\"tx_dropped\":%" PRIu64 ",\"tx_bytes\":%" PRIu64 ",\"copied_bytes\":%" PRIu64
		   ",\"hdr_copied_bytes\":%" PRIu64 ",\"tx_zc_segs\":%" PRIu64
		   ",\"tx_ext_segs\":%" PRIu64 ",\"tx_gso_sw\":%" PRIu64 ",\"tx_csum_sw\":%" PRIu64
		   ",\"tx_tso_head_copy\":%" PRIu64 ",\"drops\":", i ? "," : "", s->port, s->driver,
		   q->rx_packets, rx_drops(q), q->rx_bytes, q->tx_packets, tx_drops(q), q->tx_bytes,
		   q->copied_bytes, q->hdr_copied_bytes, q->tx_zc_segs, q->tx_ext_segs, q->tx_gso_sw,
		   q->tx_csum_sw, q->tx_tso_head_copy);
		jp_drops(&b, q->drops, NULL);
		jp(&b, ",\"page_pool\":");
		jp_pp(&b, &s->pp);
		jp(&b, "}");
	}
	jp(&b, "]}");
	return b.len;
}
