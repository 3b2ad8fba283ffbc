/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End-to-end: real kernel traffic through libnetmem's DPDK data path.
 *
 *   netns nmA-<pid>              root namespace: this process               netns nmB-<pid>
 *   vA 10.200.0.1/24 <-veth-> vAp<pid>                       vBp<pid> <-veth-> vB 10.200.0.2/24
 *                             net_af_packet0 <-nm_rx_burst/nm_tx_burst-> net_af_packet1
 *
 * The test builds the topology itself and always removes it (atexit, signal
 * handlers, the sanitizer death callback; a run killed with SIGKILL is
 * cleaned up by the next one). The forwarder runs in the main thread while
 * the traffic generators (ping, python3 TCP) run as child processes, so one
 * core is enough. Every forwarded IPv4 packet has its IP and TCP/UDP/ICMP
 * checksums verified over the skb's bytes (skb_copy_bits).
 *
 * Needs root (network namespaces); exits 77 (skipped) when it cannot make
 * them or a tool is missing (iproute2, ethtool, iputils-ping, python3:
 * ./netmem.sh deps installs them).
 *
 * Environment (diagnostics): NM_E2E_OFFLOADS=1 leaves the veth offloads on:
 * the kernel then hands af_packet TCP packets whose checksum is not written
 * yet (CHECKSUM_PARTIAL, counted as bad L4 checksums) and the receiving
 * namespace drops them, so test_tcp fails; `tx off` alone is enough to fix
 * that. NM_E2E_ETHTOOL="<ethtool -K args>" replaces OFFLOADS_OFF on all
 * four ends; NM_E2E_MB=<n> sets the TCP transfer size (default 8 MiB each
 * way).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#include "test_common.h"
#include "test_bytes.h"
#include "e2e_common.h"

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

extern char **environ;

#define IP_A		"10.200.0.1"
#define IP_B		"10.200.0.2"
#define E2E_MTU		1500
#define MAX_FRAME	(E2E_MTU + 14)	/* no VLANs here */
#define BURST		32
#define TCP_PORT	5201

/* ---- topology and process state ----------------------------------------- */

/* The namespaces nmA-<pid>, nmB-<pid>, the root-side ends vAp<pid>, vBp<pid>,
 * the temporary directory and the children are in E2E (e2e_common.h). */
static struct {
	const char *nsif[2];		/* vA, vB: inside the namespaces */
	const char *ip[2];
	uint16_t port[2];
	bool port_up[2];
	/* baselines */
	struct nm_skb_stats skb0;
	uint64_t misuse0;
} T = {
	.nsif = { "vA", "vB" },
	.ip = { IP_A, IP_B },
};

/* Blocks (or unblocks) e2e_term_sigs in the calling thread: blocked while the
 * EAL creates its threads, so those signals always reach the main thread. */
static void term_sigs_mask(int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < RTE_DIM(e2e_term_sigs); i++)
		sigaddset(&set, e2e_term_sigs[i]);
	pthread_sigmask(how, &set, NULL);
}

/* ethtool -K on one veth end: offloads that would let af_packet see
 * GSO super-packets or CHECKSUM_PARTIAL packets (a checksum not yet
 * written), and GRO (coalesced packets larger than the MTU). */
#define OFFLOADS_OFF "rx off tx off sg off tso off gso off gro off"

static int topo_setup(void)
{
	const bool keep_offloads = getenv("NM_E2E_OFFLOADS") != NULL &&
				   strcmp(getenv("NM_E2E_OFFLOADS"), "0") != 0;
	const char *feat = getenv("NM_E2E_ETHTOOL") != NULL ? getenv("NM_E2E_ETHTOOL") :
			   OFFLOADS_OFF;

	for (int i = 0; i < 2; i++) {
		if (e2e_sh("ip link add %s mtu %d type veth peer name %s mtu %d netns %s",
			   E2E.rootif[i], E2E_MTU, T.nsif[i], E2E_MTU, E2E.ns[i]) != 0) {
			fprintf(stderr, "e2e: cannot create veth %s <-> %s\n", E2E.rootif[i],
				T.nsif[i]);
			return -1;
		}
		E2E.link_made[i] = true;
		e2e_disable_ipv6(i);
		if (!keep_offloads &&
		    (e2e_sh("ethtool -K %s %s >/dev/null", E2E.rootif[i], feat) != 0 ||
		     e2e_sh("ip netns exec %s ethtool -K %s %s >/dev/null", E2E.ns[i],
			    T.nsif[i], feat) != 0)) {
			fprintf(stderr, "e2e: ethtool -K failed on %s / %s\n", E2E.rootif[i],
				T.nsif[i]);
			return -1;
		}
		if (e2e_addr_up(i, T.nsif[i], T.ip[i]) != 0)
			return -1;
	}
	printf("e2e: topology: %s[%s %s] <-> %s == af_packet == %s <-> %s[%s %s], MTU %d, ethtool -K %s\n",
	       E2E.ns[0], T.nsif[0], IP_A, E2E.rootif[0], E2E.rootif[1], E2E.ns[1], T.nsif[1], IP_B,
	       E2E_MTU, keep_offloads ? "not run (offloads left on, diagnostic)" : feat);
	for (int i = 0; i < 2; i++) {
		printf("e2e: %s features:", E2E.rootif[i]);
		fflush(stdout);
		e2e_sh(E2E_FEATURES_CMD "; echo", E2E.rootif[i]);
	}
	return 0;
}

/* ---- checksums over the skb's bytes (test_bytes.h) ---------------------- */

/* Per direction: 0 is A -> B (port 0 -> port 1), 1 is B -> A. */
struct dir_stats {
	uint64_t rx, fwd, unsent, bytes;
	uint64_t ipv4, tcp, udp, icmp, arp, other, frags;
	uint64_t bad_ip_csum, bad_l4_csum, bad_len, oversize, copy_err, bad_meta;
	uint64_t max_len;
};
static struct dir_stats D[2];

static void check_skb(struct dir_stats *d, const struct sk_buff *skb, uint16_t in_port)
{
	uint8_t b[MAX_FRAME + 64];
	unsigned int len = skb->len, ihl, tot, l4len;
	const uint8_t *ip, *l4;
	uint64_t sum;

	if (len > d->max_len)
		d->max_len = len;
	if (len > MAX_FRAME || len > sizeof(b)) {
		d->oversize++;
		return;
	}
	if (skb->port != in_port)
		d->bad_meta++;
	if (len < 14 || skb_copy_bits(skb, 0, b, (int)len) != 0) {
		d->copy_err++;
		return;
	}
	switch (be16(b + 12)) {
	case 0x0800:
		break;
	case 0x0806:
		d->arp++;
		return;
	default:
		d->other++;
		return;
	}
	d->ipv4++;
	/* What nm_rx_burst() set: protocol and network header. */
	if (skb->protocol != rte_cpu_to_be_16(0x0800) || skb_network_offset(skb) != 14)
		d->bad_meta++;
	ip = b + 14;
	ihl = (ip[0] & 0x0f) * 4u;
	tot = be16(ip + 2);
	if ((ip[0] >> 4) != 4 || ihl < 20 || tot < ihl || 14 + tot > len) {
		d->bad_len++;
		return;
	}
	if (ref_fold(ref_sum(ip, ihl, 0)) != 0xffff)
		d->bad_ip_csum++;
	if (be16(ip + 6) & 0x3fff) {	/* MF or an offset: no whole L4 here */
		d->frags++;
		return;
	}
	l4 = ip + ihl;
	l4len = tot - ihl;
	switch (ip[9]) {
	case 6:		/* TCP */
	case 17:	/* UDP */
		if (ip[9] == 6) {
			d->tcp++;
			if (l4len < 20) {
				d->bad_len++;
				return;
			}
		} else {
			d->udp++;
			if (l4len < 8) {
				d->bad_len++;
				return;
			}
			if (be16(l4 + 6) == 0)	/* no checksum */
				return;
		}
		sum = ref_sum(ip + 12, 8, 0);		/* addresses */
		sum += ip[9] + l4len;			/* zero, protocol, length */
		sum = ref_sum(l4, l4len, sum);
		if (ref_fold(sum) != 0xffff)
			d->bad_l4_csum++;
		break;
	case 1:		/* ICMP */
		d->icmp++;
		if (ref_fold(ref_sum(l4, l4len, 0)) != 0xffff)
			d->bad_l4_csum++;
		break;
	default:
		d->other++;
		break;
	}
}

/* ---- the forwarder --------------------------------------------------- */

/* One pass over both directions; returns the packets received. */
static unsigned int fwd_poll(void)
{
	unsigned int total = 0;

	for (int d = 0; d < 2; d++) {
		struct sk_buff *skbs[BURST];
		uint16_t in = T.port[d], out = T.port[d ^ 1];
		uint16_t n = nm_rx_burst(in, 0, skbs, BURST), sent;

		if (n == 0)
			continue;
		for (uint16_t i = 0; i < n; i++) {
			D[d].bytes += skbs[i]->len;
			check_skb(&D[d], skbs[i], in);
		}
		sent = nm_tx_burst(out, 0, skbs, n);
		if (sent < n)
			nm_tx_drop_unsent(out, 0, skbs + sent, (uint16_t)(n - sent));
		D[d].rx += n;
		D[d].fwd += sent;
		D[d].unsent += (uint64_t)(n - sent);
		total += n;
	}
	return total;
}

/* Starts @argv with stdout and stderr into @log; no inherited descriptors
 * (the packet sockets stay ours). Returns the pid or -1. */
static pid_t spawn(const char *log, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	pid_t pid;
	int ret;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&dfl);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	ret = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (ret != 0) {
		fprintf(stderr, "e2e: cannot start %s: %s\n", argv[0], strerror(ret));
		return -1;
	}
	e2e_add_child(pid);
	return pid;
}

/*
 * Forwards until the @n processes in @pids ended (exit codes into @codes:
 * -1 when killed) or @timeout_s passed (the rest are killed). Returns true
 * when all ended by themselves.
 */
static bool forward_while(const pid_t *pids, int *codes, int n, double timeout_s)
{
	const uint64_t hz = rte_get_timer_hz();
	const uint64_t deadline = rte_get_timer_cycles() + (uint64_t)(timeout_s * (double)hz);
	uint64_t next_check = 0, now;
	bool alive[E2E_MAX_CHILDREN];
	int left = n;
	unsigned int idle = 0;

	for (int i = 0; i < n; i++) {
		alive[i] = pids[i] > 0;
		codes[i] = -1;
		if (!alive[i])
			left--;
	}
	while (left > 0) {
		if (fwd_poll() != 0) {
			idle = 0;
		} else if (++idle > 64) {
			struct timespec ts = { 0, 20000 };

			nanosleep(&ts, NULL);
		}
		now = rte_get_timer_cycles();
		if (now >= next_check) {
			next_check = now + hz / 1000;
			for (int i = 0; i < n; i++) {
				int st;

				if (!alive[i] || waitpid(pids[i], &st, WNOHANG) != pids[i])
					continue;
				alive[i] = false;
				e2e_forget_child(pids[i]);
				codes[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
				left--;
			}
		}
		if (left > 0 && now > deadline) {
			for (int i = 0; i < n; i++) {
				if (!alive[i])
					continue;
				fprintf(stderr, "e2e: pid %d still running after %.0f s: killed\n",
					(int)pids[i], timeout_s);
				kill(pids[i], SIGKILL);
				waitpid(pids[i], NULL, 0);
				e2e_forget_child(pids[i]);
			}
			return false;
		}
	}
	/* Let the last packets in flight (final ACKs, FINs) through. */
	for (uint64_t end = rte_get_timer_cycles() + hz / 20; rte_get_timer_cycles() < end;)
		fwd_poll();
	return true;
}

static void print_dir(int d)
{
	const struct dir_stats *s = &D[d];

	printf("e2e: %s: rx %" PRIu64 " fwd %" PRIu64 " unsent %" PRIu64 " bytes %" PRIu64
	       " | ipv4 %" PRIu64 " (tcp %" PRIu64 " udp %" PRIu64 " icmp %" PRIu64 ") arp %" PRIu64
	       " other %" PRIu64 " frags %" PRIu64 " | bad ip csum %" PRIu64 " bad l4 csum %" PRIu64
	       " bad len %" PRIu64 " oversize %" PRIu64 " copy err %" PRIu64 " bad meta %" PRIu64
	       " | largest %" PRIu64 " B\n",
	       d == 0 ? "A->B" : "B->A", s->rx, s->fwd, s->unsent, s->bytes, s->ipv4, s->tcp,
	       s->udp, s->icmp, s->arp, s->other, s->frags, s->bad_ip_csum, s->bad_l4_csum,
	       s->bad_len, s->oversize, s->copy_err, s->bad_meta, s->max_len);
}

static void assert_no_bad_packets(void)
{
	for (int d = 0; d < 2; d++) {
		assert_int_equal(D[d].bad_ip_csum, 0);
		assert_int_equal(D[d].bad_l4_csum, 0);
		assert_int_equal(D[d].bad_len, 0);
		assert_int_equal(D[d].oversize, 0);
		assert_int_equal(D[d].copy_err, 0);
		assert_int_equal(D[d].bad_meta, 0);
	}
}

/* ---- tests ----------------------------------------------------------- */

/* ping -c 20 -i 0.05 -s SIZE from one namespace to the other: 0% loss. */
static void ping_once(int from, int size)
{
	char log[128], ssize[16], line[256];
	char *argv[] = { "ip", "netns", "exec", E2E.ns[from], "ping", "-n", "-q", "-M", "do",
			 "-c", "20", "-i", "0.05", "-W", "2", "-w", "20", "-s", ssize,
			 (char *)T.ip[from ^ 1], NULL };
	unsigned int tx = 0, rxd = 0;
	double t0 = e2e_now_s();
	pid_t pid;
	int code;
	FILE *f;

	snprintf(ssize, sizeof(ssize), "%d", size);
	snprintf(log, sizeof(log), "%s/ping_%c_%d.log", E2E.tmpdir, from ? 'B' : 'A', size);
	pid = spawn(log, argv);
	assert_true(pid > 0);
	assert_true(forward_while(&pid, &code, 1, 40));
	f = fopen(log, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *p = strstr(line, "packets transmitted");

		if (p != NULL)
			sscanf(line, "%u packets transmitted, %u received", &tx, &rxd);
	}
	fclose(f);
	printf("e2e: ping %s -> %s -s %4d: %u/%u replies, %.2f s, exit %d\n",
	       E2E.ns[from], T.ip[from ^ 1], size, rxd, tx, e2e_now_s() - t0, code);
	if (code != 0 || rxd != 20)
		e2e_print_file(log, "    | ", SIZE_MAX);
	else {
		/* the rtt summary */
		f = fopen(log, "r");
		while (f != NULL && fgets(line, sizeof(line), f) != NULL)
			if (strncmp(line, "rtt", 3) == 0)
				printf("    %s", line);
		if (f != NULL)
			fclose(f);
	}
	assert_int_equal(code, 0);
	assert_int_equal(tx, 20);
	assert_int_equal(rxd, 20);
}

static void test_ping(void **state)
{
	static const int sizes[] = { 56, 1000, 1472 };

	(void)state;
	for (int from = 0; from < 2; from++)
		for (size_t i = 0; i < RTE_DIM(sizes); i++)
			ping_once(from, sizes[i]);
	print_dir(0);
	print_dir(1);
	assert_true(D[0].icmp > 0 && D[1].icmp > 0);
	assert_no_bad_packets();
}

/* python3 server in ns @to, client in ns @from sending @bytes random bytes:
 * the sha256 of what arrived equals the file's (e2e_common.h). */
static void transfer(int from, size_t bytes)
{
	int to = from ^ 1;
	struct e2e_xfer x;
	double t0;
	pid_t pids[2];
	int codes[2];

	e2e_xfer_prepare(&x, from, T.ip[to], TCP_PORT + from, 60, bytes);
	t0 = e2e_now_s();
	pids[0] = spawn(x.slog, x.sargv);
	assert_true(pids[0] > 0);
	pids[1] = spawn(x.clog, x.cargv);
	if (pids[1] < 0)
		kill(pids[0], SIGKILL);
	assert_true(pids[1] > 0);
	bool ok = forward_while(pids, codes, 2, 150);

	e2e_xfer_parse(&x);
	printf("e2e: TCP %s -> %s: %zu bytes sent, %zu received, sha256 %s %s, %.3f s (%.1f MB/s), "
	       "wall %.2f s, exit %d/%d\n",
	       E2E.ns[from], E2E.ns[to], x.lbytes, x.rbytes, x.lsha,
	       e2e_xfer_sha_ok(&x) ? "matches" : "DIFFERS", x.secs,
	       x.secs > 0 ? (double)x.rbytes / x.secs / 1e6 : 0.0, e2e_now_s() - t0, codes[0],
	       codes[1]);
	if (!ok || !x.found || codes[0] != 0 || codes[1] != 0)
		e2e_xfer_dump(&x, SIZE_MAX);
	unlink(x.data);
	assert_true(ok);
	assert_int_equal(codes[0], 0);
	assert_int_equal(codes[1], 0);
	e2e_xfer_assert(&x, bytes);
}

static void test_tcp(void **state)
{
	const char *mb = getenv("NM_E2E_MB");
	size_t bytes = (size_t)(mb != NULL && atoi(mb) > 0 ? atoi(mb) : 8) << 20;

	(void)state;
	transfer(0, bytes);
	transfer(1, bytes);
	print_dir(0);
	print_dir(1);
	assert_true(D[0].tcp > 0 && D[1].tcp > 0);
	assert_no_bad_packets();
}

/* Stops forwarding, closes both ports: every page, skb and reference back. */
static void test_close_and_account(void **state)
{
	struct nm_queue_stats qs[2];
	struct nm_skb_stats st;
	uint64_t copied = 0;
	unsigned int left;

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct rte_eth_stats es;
		struct page_pool *pp = nm_port_rxq_page_pool(T.port[i], 0);
		long inflight;

		assert_non_null(pp);
		assert_int_equal(nm_port_queue_stats(T.port[i], 0, &qs[i]), 0);
		memset(&es, 0, sizeof(es));
		rte_eth_stats_get(T.port[i], &es);
		/* af_packet holds no mbufs of ours between bursts (it copies into
		 * a fresh mbuf per packet and frees what it sent): all home. */
		inflight = page_pool_inflight(pp);
		printf("e2e: port %u (%s): rx %" PRIu64 " pkts %" PRIu64 " B, tx %" PRIu64
		       " pkts %" PRIu64 " B, tx_zc_segs %" PRIu64 " tx_ext_segs %" PRIu64
		       " tx_csum_sw %" PRIu64 " tx_gso_sw %" PRIu64 ", copied %" PRIu64
		       " B, hdr copied %" PRIu64 " B, drops rx_nomem %" PRIu64 " rx_bad %" PRIu64
		       " tx_full %" PRIu64 " tx_nomem %" PRIu64 " tx_bad %" PRIu64
		       "; ethdev ipackets %" PRIu64 " opackets %" PRIu64 " oerrors %" PRIu64
		       "; RX page_pool inflight %ld\n",
		       T.port[i], E2E.rootif[i], qs[i].rx_packets, qs[i].rx_bytes, qs[i].tx_packets,
		       qs[i].tx_bytes, qs[i].tx_zc_segs, qs[i].tx_ext_segs, qs[i].tx_csum_sw,
		       qs[i].tx_gso_sw, qs[i].copied_bytes, qs[i].hdr_copied_bytes,
		       qs[i].drops[NM_DROP_RX_NOMEM], qs[i].drops[NM_DROP_RX_BAD],
		       qs[i].drops[NM_DROP_TX_FULL], qs[i].drops[NM_DROP_TX_NOMEM],
		       qs[i].drops[NM_DROP_TX_BAD], es.ipackets, es.opackets, es.oerrors, inflight);
		copied += qs[i].copied_bytes;
		assert_int_equal(inflight, 0);
	}
	print_dir(0);
	print_dir(1);
	/* What one port received went out of the other. */
	assert_int_equal(qs[0].rx_packets, D[0].rx);
	assert_int_equal(qs[1].rx_packets, D[1].rx);
	assert_int_equal(qs[1].tx_packets, D[0].fwd);
	assert_int_equal(qs[0].tx_packets, D[1].fwd);
	assert_true(D[0].fwd > 0);
	assert_true(D[1].fwd > 0);
	assert_no_bad_packets();

	for (int i = 0; i < 2; i++) {
		assert_int_equal(nm_port_close(T.port[i]), 0);
		T.port_up[i] = false;
	}
	left = nm_page_pool_reap();
	printf("e2e: after nm_port_close: page_pools still waiting for pages: %u\n", left);
	assert_int_equal(left, 0);

	nm_skb_get_stats(&st);
	printf("e2e: skbs: alloc %" PRIu64 " freed %" PRIu64 " dropped %" PRIu64 " live %" PRIu64
	       " (at start %" PRIu64 "), skb copied_bytes %" PRIu64 ", port copied_bytes %" PRIu64
	       ", misuse %" PRIu64 " (at start %" PRIu64 ")\n",
	       st.alloc - T.skb0.alloc, st.freed - T.skb0.freed, st.dropped - T.skb0.dropped,
	       st.live, T.skb0.live, st.copied_bytes - T.skb0.copied_bytes, copied,
	       nm_misuse_count(), T.misuse0);
	assert_int_equal(st.live, T.skb0.live);
	assert_int_equal(nm_misuse_count(), T.misuse0);
	/* af_packet RX writes into our page_pool's mbufs: zero copy. */
	assert_int_equal(copied, 0);
	assert_int_equal(st.copied_bytes - T.skb0.copied_bytes, 0);
}

static int group_setup(void **state)
{
	static const char *names[2] = { "net_af_packet0", "net_af_packet1" };

	(void)state;
	nm_skb_get_stats(&T.skb0);
	T.misuse0 = nm_misuse_count();
	for (int i = 0; i < 2; i++) {
		struct nm_port_conf conf;
		struct nm_port_caps caps;
		int ret;

		if (rte_eth_dev_get_port_by_name(names[i], &T.port[i]) != 0) {
			fprintf(stderr, "e2e: no port %s\n", names[i]);
			return -1;
		}
		memset(&conf, 0, sizeof(conf));
		conf.nb_rxq = 1;
		conf.nb_txq = 1;
		conf.flags = NM_PORT_F_PROMISC;
		conf.rxq_lcore[0] = rte_lcore_id();	/* the forwarder: this thread */
		ret = nm_port_init(T.port[i], &conf);
		if (ret != 0) {
			fprintf(stderr, "e2e: nm_port_init(%s): %s\n", names[i], strerror(-ret));
			return -1;
		}
		T.port_up[i] = true;
		nm_port_caps_get(T.port[i], &caps);
		printf("e2e: port %u = %s on %s: driver %s, rx_offloads 0x%" PRIx64
		       " tx_offloads 0x%" PRIx64 ", features 0x%" PRIx64 "\n",
		       T.port[i], names[i], E2E.rootif[i], caps.driver, caps.rx_offloads,
		       caps.tx_offloads, (uint64_t)nm_port_features(T.port[i]));
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	e2e_kill_children();
	for (int i = 0; i < 2; i++)
		if (T.port_up[i]) {
			nm_port_close(T.port[i]);
			T.port_up[i] = false;
		}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_close_and_account),
	};
	char vdev[2][96];
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	E2E.tag = "e2e";
	ret = e2e_preflight();
	if (ret != 0)
		return ret;
	e2e_reap_stale("nm", "AB", "v", "nm-e2e");
	e2e_install_cleanup();
	e2e_topo_names("nm", "v");
	for (int i = 0; i < 2; i++) {
		if (e2e_sh("ip netns add %s", E2E.ns[i]) != 0) {
			printf("skipped: 'ip netns add %s' failed: cannot create network namespaces here\n",
			       E2E.ns[i]);
			e2e_cleanup_all();
			return NM_TEST_SKIP;
		}
		E2E.ns_made[i] = true;
	}
	if (e2e_make_tmpdir("nm-e2e") != 0)
		return 1;
	if (topo_setup() != 0)
		return 1;

	/* qpairs=1; frames of 2 KiB (the default: a 1514-byte frame fits, and
	 * 2 KiB less the TPACKET2 header fits a page_pool mbuf's data room);
	 * 1024 of them rather than 512 for the TCP bursts between polls. */
	snprintf(vdev[0], sizeof(vdev[0]), "--vdev=net_af_packet0,iface=%s,qpairs=1,framecnt=1024",
		 E2E.rootif[0]);
	snprintf(vdev[1], sizeof(vdev[1]), "--vdev=net_af_packet1,iface=%s,qpairs=1,framecnt=1024",
		 E2E.rootif[1]);
	term_sigs_mask(SIG_BLOCK);
	nm_test_eal_init(1, vdev[0], vdev[1], NULL);
	term_sigs_mask(SIG_UNBLOCK);

	ret = cmocka_run_group_tests_name("e2e_afpacket", tests, group_setup, group_teardown);
	rte_eal_cleanup();
	e2e_cleanup_all();
	return ret;
}
