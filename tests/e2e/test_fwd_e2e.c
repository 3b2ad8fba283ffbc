/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: real kernel traffic through netmem-fwd (examples/fwd, the
 * built program named by $NM_FWD) between two network namespaces.
 *
 *   netns nfwA-<pid>                root namespace                          netns nfwB-<pid>
 *   vA 10.204.0.1/24 <-veth-> fwAp<pid>  [netmem-fwd -l 0]  fwBp<pid> <-veth-> vB 10.204.0.2/24
 *                             net_af_packet0 <-- MODE --> net_af_packet1
 *
 * Five runs, each on a topology of its own (made before, removed after):
 *
 *  io         --forward-mode=io, MTU 1500, every veth offload off.
 *  mac        --forward-mode=mac --eth-peer=0,<vA's MAC> --eth-peer=1,<vB's MAC>.
 *             Each namespace has a permanent neighbour entry that sends to
 *             the forwarder's port (the root-side veth end, as to a router),
 *             not to the other namespace: frames only arrive because mac
 *             mode rewrites the destination (io would deliver them with a
 *             foreign destination MAC and the namespace would drop them).
 *  gso-gro    --forward-mode=gso, MTU 1500 everywhere; GRO on (and limited
 *             by gro_max_size) on the two root-side veth ends, so the kernel
 *             hands af_packet TCP frames of two MSS (2962 bytes) with the
 *             checksum not yet written (CHECKSUM_PARTIAL: the TSO frames of
 *             a sender, as af_packet sees them); netmem-fwd cuts them to the
 *             MTU with skb_gso_segment(), which computes the checksums.
 *  gso-jumbo  --forward-mode=gso, namespaces and veths at MTU 3500, offloads
 *             off, the forwarder's ports at DPDK's 1500: the sender's TCP
 *             sends 3514-byte frames (MSS 3448) with valid checksums, cut
 *             into three MTU-sized segments each; the receiver takes the
 *             smaller segments. ICMP cannot be segmented: pings of 3472
 *             bytes (the namespaces' MTU) must be dropped and counted
 *             (gso.drops, drops.tx_bad), pings up to 1472 must pass.
 *  io-gro     --forward-mode=io --gro, MTU 1500: netmem-fwd's GRO merges the
 *             TCP trains it receives (fewer, larger skbs, counted) and
 *             nm_tx_burst's software GSO cuts them again; the file's sha256
 *             must match.
 *
 * Why not the sender's own TSO (verified on this machine, kernel 6.18,
 * DPDK 22.11 net_af_packet): a veth whose TSO is on must also have TX
 * checksum offload on, so *every* TCP packet it sends, the SYN and pure
 * ACKs included, reaches the af_packet socket CHECKSUM_PARTIAL (the check
 * field holds the pseudo-header only). The kernel flags that in the ring
 * (TP_STATUS_CSUMNOTREADY) but net_af_packet ignores it, so netmem-fwd
 * forwards the small packets as they are and the receiving namespace drops
 * them for their bad checksum: the connection is never made (ping passes,
 * the SYN never gets an answer). GRO on the receiving veth end yields the
 * same kind of frame (multi-MSS, CHECKSUM_PARTIAL) while every packet GRO
 * leaves alone keeps its valid checksum: that is the gso-gro run.
 *
 * Why not 64 KB frames: net_af_packet (22.11) copies a frame into one mbuf,
 * and refuses a ring frame (framesz) whose data part (framesz - 32) would
 * not fit the mbuf's data room: libnetmem's order-0 page mbufs have 3776 -
 * 128 (headroom) = 3648 bytes, so framesz <= 3680. The PMD also addresses
 * the ring frames as if they were contiguous, which they are only when
 * framesz divides blocksz (framesz=3680 with blocksz=4096 stalls RX after
 * the first frame). The gso runs use framesz=3584 and blocksz=28672 (7
 * pages, 8 frames): frames up to 3584 - 66 (the kernel's mac offset) = 3518
 * bytes. A longer frame is truncated by the kernel (tp_snaplen < tp_len)
 * and gso drops it as malformed (IP length != frame): with GRO unlimited
 * (frames up to 64 KB were seen) the transfer stalls. Hence gro_max_size
 * 3504 and MTU 3500.
 *
 * In every run: one warm-up ping each way (neighbour resolution, must be
 * answered within 10 s); ping -M do -c 10 -i 0.05 -s SIZE both ways, 0%
 * loss, for 56, 1000 and 1472 bytes (see ping_run() for how a stall of the
 * VM is told from a loss); a 20 MiB random file sent A -> B over TCP
 * (python3: the server in B answers with the length and sha256 of what it
 * received, compared with the file's); then SIGINT, and from the --json
 * line: exit status 0, no sanitizer report on its stderr, no leak
 * (inflight, pools_waiting, skb_live, misuse 0), rx_packets > 0, rx +
 * generated == tx + dropped + consumed (io, mac: generated 0, so rx == tx +
 * dropped; copied_bytes 0); gso: generated == gso.segs - gso.skbs, at least
 * half of the file crossed as frames longer than the MTU, gso.drops only
 * the expected pings.
 *
 * NM_E2E_RUNS=name[,name...] (io, mac, gso-gro, gso-jumbo) runs only those.
 *
 * Every child has a deadline and dies with the test (PR_SET_PDEATHSIG);
 * namespaces, links, the forwarder and the temporary directory are removed
 * after each run, at exit, on SIGTERM/SIGINT/SIGHUP/SIGQUIT/SIGABRT and
 * under a sanitizer's report; a run killed with SIGKILL is cleaned up by
 * the next one. Needs root: exits 77 (skipped) without it, when network
 * namespaces or veths cannot be made, or when ip, ethtool, ping or python3
 * is missing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "e2e_common.h"
#include "test_json.h"

#define DIM(a)		(sizeof(a) / sizeof((a)[0]))

#define IP_A		"10.204.0.1"
#define IP_B		"10.204.0.2"
/* Locally administered, fixed: the mac run names them on the command line. */
#define MAC_A		"02:4e:4d:46:00:0a"	/* vA, in namespace A */
#define MAC_B		"02:4e:4d:46:00:0b"	/* vB, in namespace B */
#define MAC_AP		"02:4e:4d:46:00:1a"	/* fwAp<pid>: port 0 */
#define MAC_BP		"02:4e:4d:46:00:1b"	/* fwBp<pid>: port 1 */
#define TCP_PORT	5301
#define FILE_BYTES	(20u << 20)		/* 20 MiB */
#define PINGS		10

/* Deadlines, seconds (generous: the ASan build is several times slower). */
#define T_FWD_START	60
#define T_PING		20
#define T_TRANSFER	180
#define T_FWD_STOP	60

/* ethtool -K on a veth end: no offload that lets af_packet see GSO
 * super-packets or packets whose checksum is not written yet. */
#define OFFLOADS_OFF	"tx off rx off tso off gso off gro off sg off"
/* gso-gro, root-side ends: the same, but GRO on. */
#define OFFLOADS_GRO	"tx off rx off tso off gso off sg off gro on"
/* Largest frame a 3584-byte TPACKET_V2 ring frame holds: 3584 - 66 (the
 * kernel's mac offset) = 3518, so IP packets up to 3504 bytes. */
#define GRO_MAX_SIZE	3504
#define BIG_FRAMES	",framesz=3584,blocksz=28672"

/* ---- the runs ------------------------------------------------------------ */

struct run_cfg {
	const char *name;
	const char *mode;		/* --forward-mode */
	int mtu;			/* of all four veth ends */
	bool gro;			/* GRO on the root-side ends */
	bool mac_peers;			/* --eth-peer and neighbours at the ports */
	bool big_frames;		/* af_packet frames of 3584 bytes */
	int ping_ok[4];			/* sizes that must pass, 0-terminated */
	int ping_dropped[2];		/* sizes gso must drop, 0-terminated */
	unsigned int frame_payload;	/* TCP payload of a frame > MTU (gso) */
	bool fwd_gro;			/* netmem-fwd --gro */
};

static const struct run_cfg runs[] = {
	{ .name = "io", .mode = "io", .mtu = 1500,
	  .ping_ok = { 56, 1000, 1472 } },
	{ .name = "mac", .mode = "mac", .mtu = 1500, .mac_peers = true,
	  .ping_ok = { 56, 1000, 1472 } },
	/* MTU 1500: 1472 is "up to the MTU" here. */
	{ .name = "gso-gro", .mode = "gso", .mtu = 1500, .gro = true, .big_frames = true,
	  .ping_ok = { 56, 1000, 1472 }, .frame_payload = 2 * 1448 },
	{ .name = "gso-jumbo", .mode = "gso", .mtu = 3500, .big_frames = true,
	  .ping_ok = { 56, 1000, 1472 }, .ping_dropped = { 3472 }, .frame_payload = 3448 },
	/* netmem-fwd's own GRO: TCP trains merged on receive, cut again by
	 * nm_tx_burst's software GSO (af_packet has no TSO). */
	{ .name = "io-gro", .mode = "io", .mtu = 1500, .fwd_gro = true,
	  .ping_ok = { 56, 1000, 1472 } },
};

/* ---- state --------------------------------------------------------------- */

/* The namespaces nfwA-<pid>, nfwB-<pid>, the root-side ends fwAp<pid>,
 * fwBp<pid>, the temporary directory and the children are in E2E
 * (e2e_common.h). */
static struct {
	const char *fwd;		/* $NM_FWD */
	pid_t fwd_pid;
} T;

static const char *const nsif[2] = { "vA", "vB" };
static const char *const ip[2] = { IP_A, IP_B };
static const char *const nsmac[2] = { MAC_A, MAC_B };
static const char *const rootmac[2] = { MAC_AP, MAC_BP };

/* Figures of every run, printed together at the end. */
static char summary[DIM(runs)][512];

/* ---- children ------------------------------------------------------------ */

static void forget_child(pid_t pid)
{
	e2e_forget_child(pid);
	if (T.fwd_pid == pid)
		T.fwd_pid = 0;
}

static void kill_children(void)
{
	e2e_kill_children();
	T.fwd_pid = 0;
}

/*
 * Starts @argv (PATH searched) with stdin from /dev/null, stdout into @out
 * and stderr into @err (into @out when NULL), no other descriptor, killed
 * when this process dies. Returns the pid or -1.
 */
static pid_t spawn(const char *out, const char *err, char *const argv[])
{
	return e2e_spawn(out, err, argv);
}

/*
 * Waits for @pid at most @timeout_s seconds; on the deadline kills it.
 * *@code: its exit status, 128 + signal, or -1 when killed here. Returns
 * true when it ended by itself.
 */
static bool wait_child(pid_t pid, double timeout_s, int *code)
{
	bool ended = e2e_wait_child(pid, timeout_s, code);

	forget_child(pid);
	return ended;
}

/* Can this process make namespaces and veths? A throw-away pair says. */
static bool can_make_netns(char *why, size_t len)
{
	char ns[32];
	bool ok;

	snprintf(ns, sizeof(ns), "nfwP-%d", (int)getpid());
	if (e2e_sh("ip netns add %s >/dev/null 2>&1", ns) != 0) {
		snprintf(why, len, "'ip netns add %s' failed: cannot create network namespaces here",
			 ns);
		return false;
	}
	ok = e2e_sh("ip -n %s link add p0 type veth peer name p1 >/dev/null 2>&1", ns) == 0;
	if (!ok)
		snprintf(why, len, "cannot create a veth pair in a network namespace here");
	e2e_sh("ip netns del %s >/dev/null 2>&1", ns);
	return ok;
}

static int topo_up(const struct run_cfg *c)
{
	e2e_topo_names("nfw", "fw");
	for (int i = 0; i < 2; i++) {
		if (e2e_sh("ip netns add %s", E2E.ns[i]) != 0) {
			fprintf(stderr, "fwd_e2e: ip netns add %s failed\n", E2E.ns[i]);
			return -1;
		}
		E2E.ns_made[i] = true;
		if (e2e_sh("ip link add %s address %s mtu %d type veth peer name %s address %s mtu %d "
		       "netns %s", E2E.rootif[i], rootmac[i], c->mtu, nsif[i], nsmac[i], c->mtu,
		       E2E.ns[i]) != 0) {
			fprintf(stderr, "fwd_e2e: cannot create veth %s <-> %s\n", E2E.rootif[i],
				nsif[i]);
			return -1;
		}
		E2E.link_made[i] = true;
		e2e_disable_ipv6(i);
		if (e2e_sh("ip netns exec %s ethtool -K %s " OFFLOADS_OFF " >/dev/null", E2E.ns[i],
		       nsif[i]) != 0 ||
		    e2e_sh("ethtool -K %s %s >/dev/null", E2E.rootif[i],
		       c->gro ? OFFLOADS_GRO : OFFLOADS_OFF) != 0) {
			fprintf(stderr, "fwd_e2e: ethtool -K failed on %s / %s\n", E2E.rootif[i],
				nsif[i]);
			return -1;
		}
		if (c->gro && e2e_sh("ip link set dev %s gro_max_size %d", E2E.rootif[i], GRO_MAX_SIZE)) {
			fprintf(stderr, "fwd_e2e: cannot limit GRO on %s (gro_max_size needs Linux "
				">= 5.19 and iproute2 >= 5.19)\n", E2E.rootif[i]);
			return -1;
		}
		if (e2e_addr_up(i, nsif[i], ip[i]) != 0)
			return -1;
		/* mac: the other namespace is reached through the forwarder's
		 * port (its MAC), as through a router. */
		if (c->mac_peers &&
		    e2e_sh("ip -n %s neigh replace %s lladdr %s dev %s nud permanent", E2E.ns[i],
		       ip[i ^ 1], rootmac[i], nsif[i]) != 0) {
			fprintf(stderr, "fwd_e2e: cannot add the neighbour entry in %s\n", E2E.ns[i]);
			return -1;
		}
	}
	/* Carrier on all four ends before anything is sent (a veth end that
	 * is not running yet drops what it is given). */
	for (double end = e2e_now_s() + 10;;) {
		bool up = true;

		for (int i = 0; i < 2 && up; i++)
			up = e2e_sh("ip link show %s | grep -q LOWER_UP", E2E.rootif[i]) == 0 &&
			     e2e_sh("ip -n %s link show %s | grep -q LOWER_UP", E2E.ns[i], nsif[i]) == 0;
		if (up)
			break;
		if (e2e_now_s() > end) {
			fprintf(stderr, "fwd_e2e: the veth ends are not up after 10 s\n");
			return -1;
		}
		usleep(50000);
	}
	printf("fwd_e2e: [%s] %s[%s %s %s] <-> %s == netmem-fwd %s == %s <-> %s[%s %s %s], MTU %d\n",
	       c->name, E2E.ns[0], nsif[0], IP_A, MAC_A, E2E.rootif[0], c->mode, E2E.rootif[1], E2E.ns[1],
	       nsif[1], IP_B, MAC_B, c->mtu);
	for (int i = 0; i < 2; i++) {
		printf("fwd_e2e: [%s] %s:", c->name, E2E.rootif[i]);
		fflush(stdout);
		e2e_sh(E2E_FEATURES_CMD "; ip -d link show %s | grep -o 'gro_max_size [0-9]*'"
		       " | head -1", E2E.rootif[i], E2E.rootif[i]);
	}
	if (c->mac_peers) {
		printf("fwd_e2e: [%s] neighbours: ", c->name);
		fflush(stdout);
		e2e_sh("ip -n %s neigh show dev %s | tr '\\n' ' '; ip -n %s neigh show dev %s",
		   E2E.ns[0], nsif[0], E2E.ns[1], nsif[1]);
	}
	return 0;
}

/* ---- netmem-fwd ---------------------------------------------------------- */

static bool file_has(const char *path, const char *what)
{
	char *text = e2e_read_text(path);
	bool found = text != NULL && strstr(text, what) != NULL;

	free(text);
	return found;
}

static void fwd_dump(const char *why)
{
	char out[128], err[128];

	e2e_tmp_path(out, sizeof(out), "fwd.out");
	e2e_tmp_path(err, sizeof(err), "fwd.err");
	printf("fwd_e2e: %s; netmem-fwd stdout (tail):\n", why);
	e2e_print_file(out, "    | ", 4000);
	printf("    netmem-fwd stderr (tail):\n");
	e2e_print_file(err, "    | ", 4000);
}

/* Starts netmem-fwd for @c; returns once it forwards. */
static void fwd_start(const struct run_cfg *c)
{
	char vdev[2][128], mode[48], peer[2][48], out[128], err[128];
	char *argv[32];
	int argc = 0, code;
	double t0 = e2e_now_s();

	for (int i = 0; i < 2; i++) {
		snprintf(vdev[i], sizeof(vdev[i]), "net_af_packet%d,iface=%s,qpairs=1,framecnt=1024%s",
			 i, E2E.rootif[i], c->big_frames ? BIG_FRAMES : "");
		snprintf(peer[i], sizeof(peer[i]), "--eth-peer=%d,%s", i, nsmac[i]);
	}
	snprintf(mode, sizeof(mode), "--forward-mode=%s", c->mode);
	argv[argc++] = (char *)T.fwd;
	argv[argc++] = "--no-huge";
	argv[argc++] = "--no-shconf";
	argv[argc++] = "--no-pci";
	argv[argc++] = "--no-telemetry";
	argv[argc++] = "-m";
	argv[argc++] = "512";
	argv[argc++] = "--log-level=lib.eal:error";
	argv[argc++] = "-l";
	argv[argc++] = "0";
	argv[argc++] = "--vdev";
	argv[argc++] = vdev[0];
	argv[argc++] = "--vdev";
	argv[argc++] = vdev[1];
	argv[argc++] = "--";
	argv[argc++] = mode;
	argv[argc++] = "--json";
	argv[argc++] = "--stats-period=1";	/* in the log shown on failure */
	/* No --mtu: net_af_packet would set it on the veth end (SIOCSIFMTU),
	 * and 22.11 refuses more than 1500. The ports stay at DPDK's 1500,
	 * which is what gso segments to. */
	if (c->mac_peers) {
		argv[argc++] = peer[0];
		argv[argc++] = peer[1];
	}
	if (c->fwd_gro)
		argv[argc++] = "--gro";
	argv[argc] = NULL;

	printf("fwd_e2e: [%s] %s", c->name, T.fwd);
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	e2e_tmp_path(out, sizeof(out), "fwd.out");
	e2e_tmp_path(err, sizeof(err), "fwd.err");
	/* The last run's output must not answer for this one. */
	unlink(out);
	unlink(err);
	T.fwd_pid = spawn(out, err, argv);
	assert_true(T.fwd_pid > 0);
	while (!file_has(out, "Start forwarding")) {
		pid_t w = waitpid(T.fwd_pid, &code, WNOHANG);

		if (w == T.fwd_pid) {
			forget_child(w);
			fwd_dump("netmem-fwd ended before forwarding");
			fail();
		}
		if (e2e_now_s() - t0 > T_FWD_START) {
			fwd_dump("netmem-fwd did not start forwarding in time");
			fail();
		}
		usleep(20000);
	}
	printf("fwd_e2e: [%s] netmem-fwd (pid %d) forwarding after %.2f s\n", c->name,
	       (int)T.fwd_pid, e2e_now_s() - t0);
}

struct fwd_result {
	int status;
	uint64_t rx, tx, dropped, generated, consumed, rx_bytes, copied, hdr_copied;
	uint64_t inflight, pools_waiting, skb_live, misuse, leak;
	uint64_t gso_skbs, gso_segs, gso_drops, tx_bad, tx_full;
	uint64_t gro_in, gro_out, gro_merged;
	double duration;
};

#define U64(j, path)	((uint64_t)jnum((j), (path)))

/* SIGINT, then the exit status and the JSON line. */
static void fwd_stop(const struct run_cfg *c, struct fwd_result *r)
{
	char out[128];
	char *text, *json, *end;
	bool ended;

	(void)c;
	assert_true(T.fwd_pid > 0);
	kill(T.fwd_pid, SIGINT);
	ended = wait_child(T.fwd_pid, T_FWD_STOP, &r->status);
	if (!ended || r->status != 0)
		fwd_dump(ended ? "netmem-fwd failed" : "netmem-fwd did not stop on SIGINT");
	assert_true(ended);

	/* A sanitizer report that did not change the exit status (UBSan
	 * without halt_on_error) still fails the run. */
	e2e_tmp_path(out, sizeof(out), "fwd.err");
	text = e2e_read_text(out);
	if (text != NULL && (strstr(text, "runtime error:") != NULL ||
			     strstr(text, "Sanitizer") != NULL)) {
		free(text);
		fwd_dump("netmem-fwd's stderr has a sanitizer report");
		fail();
	}
	free(text);

	e2e_tmp_path(out, sizeof(out), "fwd.out");
	text = e2e_read_text(out);
	assert_non_null(text);
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	json = strrchr(text, '\n');
	json = json ? json + 1 : text;
	if (json[0] != '{') {
		free(text);
		fwd_dump("the last line of netmem-fwd's output is no JSON object");
		fail();
	}
	r->rx = U64(json, "rx_packets");
	r->tx = U64(json, "tx_packets");
	r->dropped = U64(json, "dropped");
	r->generated = U64(json, "generated");
	r->consumed = U64(json, "consumed");
	r->rx_bytes = U64(json, "rx_bytes");
	r->copied = U64(json, "copied_bytes");
	r->hdr_copied = U64(json, "hdr_copied_bytes");
	r->inflight = U64(json, "inflight");
	r->pools_waiting = U64(json, "pools_waiting");
	r->skb_live = U64(json, "skb_live");
	r->misuse = U64(json, "misuse");
	r->leak = U64(json, "leak");
	r->gso_skbs = U64(json, "gso.skbs");
	r->gso_segs = U64(json, "gso.segs");
	r->gro_in = U64(json, "gro.in");
	r->gro_out = U64(json, "gro.out");
	r->gro_merged = U64(json, "gro.merged");
	r->gso_drops = U64(json, "gso.drops");
	r->tx_bad = U64(json, "drops.tx_bad");
	r->tx_full = U64(json, "drops.tx_full");
	r->duration = jnum(json, "duration_s");
	free(text);
}

/* ---- traffic ------------------------------------------------------------- */

struct ping_result {
	unsigned int tx, rx;		/* ping's summary */
	unsigned int answered;		/* distinct requests answered */
	unsigned int lost;		/* unanswered, with a later one answered */
	unsigned int in_flight;		/* sent after the last answered one */
	unsigned int dups;
	double rtt_avg, rtt_max;
	int code;
};

#define MAX_SEQ		1024

/*
 * ping -M do -c 10 -i 0.05 -s SIZE from namespace @from to the other.
 *
 * @expect_ok: 0% loss. With -w (a deadline) ping sends until -c replies
 * came back, then stops at once: requests still on the way then count as
 * "not received" in its summary though nothing lost them. This VM's vCPUs
 * are sometimes not scheduled for a second or two (a shared host), and the
 * forwarder, pinned to lcore 0, then stalls while ping, on the other vCPU,
 * goes on sending. So the replies are read one by one: every request up to
 * the last one answered must have been answered (once), and at least 10;
 * those sent after it are reported as in flight.
 * Else: none may be answered (-c counts requests; -W 1 bounds the wait).
 */
static void ping_run(const struct run_cfg *c, int from, int size, bool expect_ok,
		     struct ping_result *p)
{
	char log[128], name[64], ssize[16], scount[16];
	char *argv[] = { "ip", "netns", "exec", E2E.ns[from], "ping", "-n", "-M", "do",
			 "-c", scount, "-i", "0.05", "-W", expect_ok ? "2" : "1",
			 "-s", ssize, (char *)ip[from ^ 1], expect_ok ? "-w" : NULL, "15", NULL };
	static bool seen[MAX_SEQ + 1];
	char *text, *s, *line, *next;
	double t0 = e2e_now_s(), rmin;
	unsigned int max_seq = 0;
	pid_t pid;

	memset(p, 0, sizeof(*p));
	memset(seen, 0, sizeof(seen));
	snprintf(ssize, sizeof(ssize), "%d", size);
	snprintf(scount, sizeof(scount), "%d", PINGS);
	snprintf(name, sizeof(name), "ping_%s_%c_%d.log", c->name, from ? 'B' : 'A', size);
	e2e_tmp_path(log, sizeof(log), name);
	pid = spawn(log, NULL, argv);
	assert_true(pid > 0);
	assert_true(wait_child(pid, T_PING, &p->code));
	text = e2e_read_text(log);
	assert_non_null(text);
	for (line = text; *line != '\0'; line = next) {
		unsigned int seq;

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		s = strstr(line, "icmp_seq=");
		if (s == NULL || s > next || sscanf(s, "icmp_seq=%u", &seq) != 1 || seq > MAX_SEQ)
			continue;
		if (seen[seq] || (strstr(line, "DUP!") != NULL && strstr(line, "DUP!") < next)) {
			p->dups++;
			continue;
		}
		seen[seq] = true;
		p->answered++;
		if (seq > max_seq)
			max_seq = seq;
	}
	s = strstr(text, "packets transmitted");
	if (s != NULL) {
		while (s > text && s[-1] != '\n')
			s--;
		sscanf(s, "%u packets transmitted, %u received", &p->tx, &p->rx);
	}
	for (unsigned int q = 1; q <= max_seq; q++)
		if (!seen[q])
			p->lost++;
	p->in_flight = p->tx > max_seq ? p->tx - max_seq : 0;
	s = strstr(text, "rtt min/avg/max/mdev = ");
	if (s != NULL)
		sscanf(s, "rtt min/avg/max/mdev = %lf/%lf/%lf", &rmin, &p->rtt_avg, &p->rtt_max);
	printf("fwd_e2e: [%s] ping %s -> %s -s %4d: %u/%u replies (%s), %u lost, %u dup, "
	       "rtt avg %.3f max %.3f ms, %.2f s, exit %d\n", c->name, E2E.ns[from], ip[from ^ 1],
	       size, p->rx, p->tx, expect_ok ? "all expected" :
	       "none expected: gso cannot segment ICMP", p->lost, p->dups, p->rtt_avg, p->rtt_max,
	       e2e_now_s() - t0, p->code);
	if (expect_ok && p->in_flight > 0)
		printf("fwd_e2e: [%s]   %u requests were still on their way when ping had its %d "
		       "replies (a stall: max rtt %.0f ms)\n", c->name, p->in_flight, PINGS,
		       p->rtt_max);
	if ((expect_ok && (p->code != 0 || p->answered < PINGS || p->lost || p->dups)) ||
	    (!expect_ok && (p->rx != 0 || p->answered != 0))) {
		e2e_print_file(log, "    | ", 3000);
		fwd_dump("ping failed");
	}
	free(text);
	if (expect_ok) {
		assert_int_equal(p->code, 0);
		assert_true(p->answered >= PINGS);
		assert_int_equal(p->lost, 0);
		assert_int_equal(p->dups, 0);
	} else {
		assert_int_equal(p->tx, PINGS);
		assert_int_equal(p->rx, 0);
		assert_int_equal(p->answered, 0);
	}
}

struct xfer_result {
	double secs;
	int mss;
};

/* 20 MiB of random bytes A -> B: the sha256 of what B received is the
 * file's (e2e_common.h). */
static void transfer(const struct run_cfg *c, struct xfer_result *xr)
{
	struct e2e_xfer x;
	double t0;
	pid_t spid, cpid;
	int scode = -1, ccode = -1;
	bool sok, cok;

	e2e_xfer_prepare(&x, 0, IP_B, TCP_PORT, 90, FILE_BYTES);
	t0 = e2e_now_s();
	spid = spawn(x.slog, NULL, x.sargv);
	assert_true(spid > 0);
	cpid = spawn(x.clog, NULL, x.cargv);
	assert_true(cpid > 0);
	cok = wait_child(cpid, T_TRANSFER, &ccode);
	sok = wait_child(spid, cok ? 10 : 1, &scode);

	e2e_xfer_parse(&x);
	xr->secs = x.secs;
	xr->mss = x.mss;
	printf("fwd_e2e: [%s] TCP %s -> %s: %zu bytes sent, %zu received, sha256 %s %s, "
	       "%.3f s (%.1f MB/s), MSS %d, wall %.2f s, exit server %d client %d\n",
	       c->name, E2E.ns[0], E2E.ns[1], x.lbytes, x.rbytes, x.lsha,
	       e2e_xfer_sha_ok(&x) ? "matches" : "DIFFERS", x.secs,
	       x.secs > 0 ? (double)x.rbytes / x.secs / 1e6 : 0.0, x.mss, e2e_now_s() - t0,
	       scode, ccode);
	if (!sok || !cok || !x.found || scode != 0 || ccode != 0)
		e2e_xfer_dump(&x, 3000);
	unlink(x.data);
	assert_true(cok);
	assert_true(sok);
	assert_int_equal(scode, 0);
	assert_int_equal(ccode, 0);
	e2e_xfer_assert(&x, FILE_BYTES);
}

/* ---- the test of one run ------------------------------------------------- */

static int run_setup(void **state)
{
	const struct run_cfg *c = *state;

	return topo_up(c) == 0 ? 0 : -1;
}

static int run_teardown(void **state)
{
	(void)state;
	kill_children();
	e2e_topo_down();
	return 0;
}

static void test_run(void **state)
{
	const struct run_cfg *c = *state;
	const size_t idx = (size_t)(c - runs);
	struct ping_result p;
	struct xfer_result x;
	struct fwd_result r;
	double ping_avg_sum = 0, ping_max = 0;
	unsigned int nping = 0, expected_drops = 0;

	fwd_start(c);
	/* The first packets resolve the neighbours (io, gso: ARP through the
	 * forwarder): one ping each way that must get an answer within 10 s,
	 * before the counted ones. */
	for (int from = 0; from < 2; from++) {
		char log[128], *argv[] = { "ip", "netns", "exec", E2E.ns[from], "ping", "-n", "-q",
					   "-c", "1", "-W", "1", "-w", "10", (char *)ip[from ^ 1],
					   NULL };
		double t0 = e2e_now_s();
		int code;
		pid_t pid;

		e2e_tmp_path(log, sizeof(log), "warmup.log");
		pid = spawn(log, NULL, argv);
		assert_true(pid > 0);
		assert_true(wait_child(pid, T_PING, &code));
		printf("fwd_e2e: [%s] warm-up ping %s -> %s: exit %d after %.3f s\n", c->name,
		       E2E.ns[from], ip[from ^ 1], code, e2e_now_s() - t0);
		if (code != 0) {
			e2e_print_file(log, "    | ", 2000);
			fwd_dump("warm-up ping failed");
		}
		assert_int_equal(code, 0);
	}
	for (int from = 0; from < 2; from++) {
		for (size_t i = 0; i < DIM(c->ping_ok) && c->ping_ok[i] != 0; i++) {
			ping_run(c, from, c->ping_ok[i], true, &p);
			ping_avg_sum += p.rtt_avg;
			if (p.rtt_max > ping_max)
				ping_max = p.rtt_max;
			nping++;
		}
		for (size_t i = 0; i < DIM(c->ping_dropped) && c->ping_dropped[i] != 0; i++) {
			ping_run(c, from, c->ping_dropped[i], false, &p);
			expected_drops += p.tx;
		}
	}
	transfer(c, &x);
	fwd_stop(c, &r);

	printf("fwd_e2e: [%s] netmem-fwd exit %d: duration %.3f s, rx %" PRIu64 " tx %" PRIu64
	       " dropped %" PRIu64 " (tx_full %" PRIu64 " tx_bad %" PRIu64 ") generated %" PRIu64
	       " consumed %" PRIu64 ", rx_bytes %" PRIu64 " (%.0f B/packet), copied %" PRIu64
	       " B, hdr copied %" PRIu64 " B, gso %" PRIu64 " skbs -> %" PRIu64 " segs, %" PRIu64
	       " drops; inflight %" PRIu64 " pools_waiting %" PRIu64 " skb_live %" PRIu64
	       " misuse %" PRIu64 " leak %" PRIu64 "\n",
	       c->name, r.status, r.duration, r.rx, r.tx, r.dropped, r.tx_full, r.tx_bad,
	       r.generated, r.consumed, r.rx_bytes, r.rx ? (double)r.rx_bytes / (double)r.rx : 0.0,
	       r.copied, r.hdr_copied, r.gso_skbs, r.gso_segs, r.gso_drops, r.inflight,
	       r.pools_waiting, r.skb_live, r.misuse, r.leak);
	snprintf(summary[idx], sizeof(summary[idx]),
		 "%-9s ping %u x %d ok (avg rtt %.3f ms, max %.3f ms)%s | 20 MiB in %.3f s "
		 "(%.1f MB/s, MSS %d) | fwd %.1f s: rx %" PRIu64 " tx %" PRIu64 " dropped %" PRIu64
		 " generated %" PRIu64 " copied %" PRIu64 " B gso %" PRIu64 "->%" PRIu64
		 " inflight %" PRIu64 " exit %d",
		 c->name, nping, PINGS, nping ? ping_avg_sum / nping : 0.0, ping_max,
		 expected_drops ? " + large pings dropped as expected" : "", x.secs,
		 x.secs > 0 ? FILE_BYTES / x.secs / 1e6 : 0.0, x.mss, r.duration, r.rx, r.tx,
		 r.dropped, r.generated, r.copied, r.gso_skbs, r.gso_segs, r.inflight, r.status);

	/* A clean stop: nothing leaked. */
	assert_int_equal(r.status, 0);
	assert_int_equal(r.leak, 0);
	assert_int_equal(r.inflight, 0);
	assert_int_equal(r.pools_waiting, 0);
	assert_int_equal(r.skb_live, 0);
	assert_int_equal(r.misuse, 0);
	/* Every packet taken is accounted for. */
	assert_true(r.rx > 0);
	if (c->fwd_gro) {
		/* GRO merged trains into fewer, larger skbs and TX cut them
		 * again: the packets balance on the wire, bytes intact (sha256). */
		printf("fwd_e2e: [%s] gro: %" PRIu64 " skbs in, %" PRIu64 " out, %" PRIu64
		       " merged\n", c->name, r.gro_in, r.gro_out, r.gro_merged);
		assert_int_equal(r.gro_in, r.rx);
		assert_true(r.gro_merged > 0);
		assert_int_equal(r.gro_out + r.gro_merged, r.gro_in);
		assert_int_equal(r.consumed, 0);
		assert_int_equal(r.rx, r.tx + r.dropped);
		return;
	}
	assert_int_equal(r.consumed, 0);
	assert_int_equal(r.rx + r.generated, r.tx + r.dropped + r.consumed);
	if (strcmp(c->mode, "gso") != 0) {
		/* io, mac: forwarded as they came, nothing made, nothing copied. */
		assert_int_equal(r.generated, 0);
		assert_int_equal(r.rx, r.tx + r.dropped);
		assert_int_equal(r.copied, 0);
		assert_int_equal(r.gso_skbs, 0);
		return;
	}
	/* gso: each segment beyond the first is generated. */
	assert_int_equal(r.generated, r.gso_segs - r.gso_skbs);
	/* Frames longer than the MTU did reach af_packet and were cut: at
	 * least half of the file crossed that way. */
	if (r.gso_skbs * c->frame_payload < FILE_BYTES / 2) {
		printf("fwd_e2e: [%s] only %" PRIu64 " frames longer than the MTU were segmented: "
		       "the kernel did not hand af_packet TSO-sized frames\n", c->name, r.gso_skbs);
		fail();
	}
	/* The only packets gso could not segment are the large pings. */
	assert_int_equal(r.gso_drops, expected_drops);
	assert_int_equal(r.tx_bad, expected_drops);
}

/* ---- main ------------------------------------------------------------------ */

int main(void)
{
	struct CMUnitTest tests[DIM(runs)];
	size_t ntests = 0;
	char why[160];
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	E2E.tag = "fwd_e2e";
	ret = e2e_preflight();
	if (ret != 0)
		return ret;
	T.fwd = getenv("NM_FWD");
	if (T.fwd == NULL || T.fwd[0] == '\0') {
		printf("skipped: NM_FWD (the path of netmem-fwd) is not set: run through meson test\n");
		return NM_TEST_SKIP;
	}
	if (access(T.fwd, X_OK) != 0) {
		fprintf(stderr, "fwd_e2e: NM_FWD=%s: %s\n", T.fwd, strerror(errno));
		return 1;
	}
	/* What a killed earlier run left behind; its children died with it
	 * (PDEATHSIG). P: can_make_netns()'s namespace. */
	e2e_reap_stale("nfw", "ABP", "fw", "nm-fwd-e2e");
	if (!can_make_netns(why, sizeof(why))) {
		printf("skipped: %s\n", why);
		return NM_TEST_SKIP;
	}
	e2e_install_cleanup();
	if (e2e_make_tmpdir("nm-fwd-e2e") != 0)
		return 1;
	printf("fwd_e2e: netmem-fwd %s, kernel ", T.fwd);
	fflush(stdout);
	e2e_sh("uname -r");

	for (size_t i = 0; i < DIM(runs); i++) {
		const char *only = getenv("NM_E2E_RUNS");
		char pat[32];

		snprintf(pat, sizeof(pat), ",%s,", runs[i].name);
		if (only != NULL && only[0] != '\0') {
			char list[256];

			snprintf(list, sizeof(list), ",%s,", only);
			if (strstr(list, pat) == NULL)
				continue;
		}
		memset(&tests[ntests], 0, sizeof(tests[ntests]));
		tests[ntests].name = runs[i].name;
		tests[ntests].test_func = test_run;
		tests[ntests].setup_func = run_setup;
		tests[ntests].teardown_func = run_teardown;
		tests[ntests].initial_state = (void *)&runs[i];
		ntests++;
	}
	ret = _cmocka_run_group_tests("fwd_e2e", tests, ntests, NULL, NULL);
	printf("fwd_e2e: summary\n");
	for (size_t i = 0; i < DIM(runs); i++)
		printf("  %s\n", summary[i][0] ? summary[i] : "(not run or not finished)");
	e2e_cleanup_all();
	return ret;
}
