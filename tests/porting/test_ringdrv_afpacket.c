// SPDX-License-Identifier: BSD-3-Clause
/*
 * ringdrv (nm_ringdrv.c, the kernel-style driver of test_ringdrv.c, not
 * changed) over net_af_packet on veth pairs, with real kernel traffic:
 *
 *   netns nrA-<pid>                root namespace: this process                 netns nrB-<pid>
 *   rA 10.203.0.1 <-veth-> rAp<pid> = ringdrv0 <-rx_handler-> ringdrv1 = rBp<pid> <-veth-> rB 10.203.0.2
 *
 * Each ringdrv instance's "hardware" is here: its TX descriptors (once the
 * doorbell announced them) go onto the wire through a net_af_packet ethdev
 * (afp_hw.c, copying as DMA would), frames from the wire fill its posted
 * RX buffers, then its IRQ is raised. The driver does the rest as in the
 * kernel: NAPI poll, page_pool pages, napi_build_skb, napi_gro_receive,
 * ndo_start_xmit with BQL and xmit_more. The stack above is an rx_handler
 * on each device that hands every skb to the other with dev_queue_xmit(),
 * as a bridge does: GRO-merged TCP trains leave as their segments by
 * software GSO (ringdrv has no TSO).
 *
 * Checks: ping both ways up to the MTU, a UDP echo exchange, a TCP
 * transfer each way (sha256 of what the kernel received), GRO merges
 * counted where the TCP trains arrive (when lib/gro is built in), the
 * devices' statistics, and at the end: the page_pools hold only the posted
 * RX buffers, then after close nothing in flight, every skb back, no
 * misuse.
 *
 * Needs root (network namespaces), iproute2, ethtool, iputils-ping and
 * python3; exits 77 (skipped) with the reason otherwise.
 */
#define _GNU_SOURCE
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/page_pool/helpers.h>

#include <inttypes.h>
#include <pthread.h>

#include "../test_common.h"
#include "../e2e/e2e_common.h"
#include "afp_hw.h"
#include "ringdrv.h"

#define IP_A		"10.203.0.1"
#define IP_B		"10.203.0.2"
#define RD_MTU		1500
#define TCP_PORT	5301
#define UDP_PORT	5401
#define OFFLOADS_OFF	"rx off tx off sg off tso off gso off gro off"

/* what the stack above saw, per direction (0: A -> B, received on dev 0) */
struct dir_stats {
	u64 skbs, bytes, ipv4, tcp, udp, icmp, arp, other;
	u64 gro_skbs, gro_segs, max_len, xmit_err;
};

static struct {
	const char *nsif[2];
	const char *ip[2];
	u16 port[2];
	bool port_up[2];
	struct net_device *dev[2];
	u32 hw_tx[2], hw_rx[2];
	struct dir_stats d[2];
	struct nm_skb_stats skb0;
	u64 misuse0;
} T = {
	.nsif = { "rA", "rB" },
	.ip = { IP_A, IP_B },
};

/* ---- the hardware ------------------------------------------------------- */

/* One pass of device @i's DMA engine; returns the frames moved. */
static unsigned int hw_run(int i)
{
	struct ringdrv_priv *priv = netdev_priv(T.dev[i]);
	const void *tbuf[32];
	void *rbuf[32];
	u16 lens[32];
	unsigned int moved = 0, n;

	/* TX: the descriptors the doorbell announced */
	while (T.hw_tx[i] != READ_ONCE(priv->tx_doorbell)) {
		u32 first = T.hw_tx[i];

		for (n = 0; n < 32 && T.hw_tx[i] != READ_ONCE(priv->tx_doorbell); n++) {
			struct ringdrv_tx_desc *tx = &priv->tx_desc[T.hw_tx[i]++ % RINGDRV_RING_SIZE];

			tbuf[n] = (const void *)(uintptr_t)tx->addr;
			lens[n] = tx->len;
		}
		afp_hw_tx(T.port[i], tbuf, lens, n);
		for (u32 k = first; k != T.hw_tx[i]; k++)
			WRITE_ONCE(priv->tx_desc[k % RINGDRV_RING_SIZE].status, RINGDRV_TX_DONE);
		moved += n;
	}
	/* RX: into the posted buffers */
	n = READ_ONCE(priv->rx_next_to_use) - T.hw_rx[i];
	if (n > 32)
		n = 32;
	if (n > 0) {
		for (unsigned int k = 0; k < n; k++)
			rbuf[k] = (u8 *)page_address(priv->rx_page[(T.hw_rx[i] + k) %
								   RINGDRV_RING_SIZE]) +
				  RINGDRV_HEADROOM;
		n = afp_hw_rx(T.port[i], rbuf, lens, n, PAGE_SIZE / 2);
		for (unsigned int k = 0; k < n; k++) {
			struct ringdrv_rx_desc *rx = &priv->rx_desc[T.hw_rx[i]++ % RINGDRV_RING_SIZE];

			rx->len = lens[k];
			WRITE_ONCE(rx->status, RINGDRV_RX_DD);
		}
		moved += n;
	}
	if (moved)
		ringdrv_irq(priv);
	return moved;
}

/* ---- the stack above: a two-port bridge ------------------------------- */

static rx_handler_result_t bridge_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	int i = skb->dev == T.dev[0] ? 0 : 1;
	struct dir_stats *s = &T.d[i];
	u8 proto = 0;

	s->skbs++;
	s->bytes += skb->len;
	if (skb->len > s->max_len)
		s->max_len = skb->len;
	if (skb->protocol == htons(ETH_P_IP) && skb_copy_bits(skb, 9, &proto, 1) == 0) {
		s->ipv4++;
		if (proto == IPPROTO_TCP)
			s->tcp++;
		else if (proto == IPPROTO_UDP)
			s->udp++;
		else if (proto == IPPROTO_ICMP)
			s->icmp++;
	} else if (skb->protocol == htons(ETH_P_ARP)) {
		s->arp++;
	} else {
		s->other++;
	}
	if (skb_is_gso(skb)) {
		s->gro_skbs++;
		s->gro_segs += skb_shinfo(skb)->gso_segs;
	}
	skb_push(skb, ETH_HLEN);
	skb->dev = T.dev[i ^ 1];
	if (dev_queue_xmit(skb) != NET_XMIT_SUCCESS)
		s->xmit_err++;
	return RX_HANDLER_CONSUMED;
}

static unsigned int fwd_poll(void)
{
	unsigned int n = hw_run(0) + hw_run(1);

	return n + nm_napi_poll_lcore(0);
}

/* ---- topology and children (as tests/e2e/test_afpacket.c) -------------- */

static int topo_setup(void)
{
	for (int i = 0; i < 2; i++) {
		if (e2e_sh("ip link add %s mtu %d type veth peer name %s mtu %d netns %s",
			   E2E.rootif[i], RD_MTU, T.nsif[i], RD_MTU, E2E.ns[i]) != 0) {
			fprintf(stderr, "ringdrv_afp: cannot create veth %s\n", E2E.rootif[i]);
			return -1;
		}
		E2E.link_made[i] = true;
		e2e_disable_ipv6(i);
		if (e2e_sh("ethtool -K %s " OFFLOADS_OFF " >/dev/null", E2E.rootif[i]) != 0 ||
		    e2e_sh("ip netns exec %s ethtool -K %s " OFFLOADS_OFF " >/dev/null", E2E.ns[i],
			   T.nsif[i]) != 0) {
			fprintf(stderr, "ringdrv_afp: ethtool -K failed\n");
			return -1;
		}
		if (e2e_addr_up(i, T.nsif[i], T.ip[i]) != 0)
			return -1;
	}
	printf("ringdrv_afp: %s[%s %s] <-> %s = ringdrv0 <-> ringdrv1 = %s <-> %s[%s %s]\n",
	       E2E.ns[0], T.nsif[0], IP_A, E2E.rootif[0], E2E.rootif[1], E2E.ns[1], T.nsif[1],
	       IP_B);
	return 0;
}

/* Polls until the @n children end (codes into @codes, -1 when killed) or
 * @timeout_s passes. True when all ended by themselves. */
static bool forward_while(const pid_t *pids, int *codes, int n, double timeout_s)
{
	const double deadline = e2e_now_s() + timeout_s;
	double next_check = 0, now, end;
	bool alive[E2E_MAX_CHILDREN];
	unsigned int idle = 0;
	int left = n;

	for (int i = 0; i < n; i++) {
		alive[i] = true;
		codes[i] = -1;
	}
	while (left > 0) {
		if (fwd_poll() != 0) {
			idle = 0;
		} else if (++idle > 64) {
			struct timespec ts = { 0, 20000 };

			nanosleep(&ts, NULL);
		}
		now = e2e_now_s();
		if (now >= next_check) {
			next_check = now + 0.001;
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
			for (int i = 0; i < n; i++)
				if (alive[i]) {
					fprintf(stderr, "ringdrv_afp: pid %d killed after %.0f s\n",
						(int)pids[i], timeout_s);
					kill(pids[i], SIGKILL);
					waitpid(pids[i], NULL, 0);
					e2e_forget_child(pids[i]);
				}
			return false;
		}
	}
	for (end = e2e_now_s() + 0.05; e2e_now_s() < end;)
		fwd_poll();
	return true;
}

static void print_dir(int i)
{
	const struct dir_stats *s = &T.d[i];

	printf("ringdrv_afp: %s: skbs %llu bytes %llu | ipv4 %llu (tcp %"
	       "llu udp %llu icmp %llu) arp %llu other %llu"
	       " | GRO skbs %llu holding %llu segments | largest %llu"
	       " B | xmit errors %llu\n",
	       i == 0 ? "A->B" : "B->A", s->skbs, s->bytes, s->ipv4, s->tcp, s->udp, s->icmp,
	       s->arp, s->other, s->gro_skbs, s->gro_segs, s->max_len, s->xmit_err);
}

/* ---- tests -------------------------------------------------------------- */

static void ping_once(int from, int size)
{
	char log[128], ssize[16];
	char *argv[] = { "ip", "netns", "exec", E2E.ns[from], "ping", "-n", "-q", "-M", "do",
			 "-c", "10", "-i", "0.05", "-W", "2", "-w", "20", "-s", ssize,
			 (char *)T.ip[from ^ 1], NULL };
	pid_t pid;
	int code;

	snprintf(ssize, sizeof(ssize), "%d", size);
	snprintf(log, sizeof(log), "%s/ping_%c_%d.log", E2E.tmpdir, from ? 'B' : 'A', size);
	pid = e2e_spawn(log, NULL, argv);
	assert_true(pid > 0);
	assert_true(forward_while(&pid, &code, 1, 40));
	printf("ringdrv_afp: ping %s -> %s -s %d: exit %d%s\n", E2E.ns[from], T.ip[from ^ 1],
	       size, code, e2e_file_has(log, " 0% packet loss") ? ", 0% loss" : "");
	if (code != 0)
		e2e_print_file(log, "    | ", SIZE_MAX);
	assert_int_equal(code, 0);
	assert_true(e2e_file_has(log, "10 received"));
}

static void test_ping(void **state)
{
	static const int sizes[] = { 56, 1000, 1472 };

	(void)state;
	for (int from = 0; from < 2; from++)
		for (size_t i = 0; i < E2E_DIM(sizes); i++)
			ping_once(from, sizes[i]);
	print_dir(0);
	print_dir(1);
	assert_true(T.d[0].icmp >= 30 && T.d[1].icmp >= 30);
	assert_true(T.d[0].arp > 0 || T.d[1].arp > 0);
}

/* argv: bind_ip port count. Echoes @count datagrams back. */
static const char udp_server_py[] =
	"import socket, sys\n"
	"s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
	"s.bind((sys.argv[1], int(sys.argv[2])))\n"
	"s.settimeout(20)\n"
	"for _ in range(int(sys.argv[3])):\n"
	"    b, peer = s.recvfrom(65536)\n"
	"    s.sendto(b, peer)\n";

/* argv: server_ip port count. Sends numbered datagrams of growing sizes,
 * waits for each echo; exits 0 when all came back equal. */
static const char udp_client_py[] =
	"import os, socket, sys\n"
	"s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
	"s.settimeout(2)\n"
	"dst = (sys.argv[1], int(sys.argv[2]))\n"
	"ok = 0\n"
	"for i in range(int(sys.argv[3])):\n"
	"    b = i.to_bytes(4, 'big') + os.urandom(1 + (i * 97) % 1400)\n"
	"    for _ in range(5):\n"
	"        s.sendto(b, dst)\n"
	"        try:\n"
	"            r, _ = s.recvfrom(65536)\n"
	"            break\n"
	"        except socket.timeout:\n"
	"            r = b''\n"
	"    ok += r == b\n"
	"print('echoed', ok, flush=True)\n"
	"sys.exit(0 if ok == int(sys.argv[3]) else 1)\n";

static void test_udp(void **state)
{
	char srv[128], cli[128], slog[128], clog[128], sport[16];
	char *sargv[] = { "ip", "netns", "exec", E2E.ns[1], (char *)E2E.python, srv,
			  (char *)IP_B, sport, "50", NULL };
	char *cargv[] = { "ip", "netns", "exec", E2E.ns[0], (char *)E2E.python, cli,
			  (char *)IP_B, sport, "50", NULL };
	u64 udp0[2] = { T.d[0].udp, T.d[1].udp };
	pid_t pids[2];
	int codes[2];

	(void)state;
	snprintf(sport, sizeof(sport), "%d", UDP_PORT);
	e2e_tmp_path(srv, sizeof(srv), "udp_server.py");
	e2e_tmp_path(cli, sizeof(cli), "udp_client.py");
	e2e_tmp_path(slog, sizeof(slog), "udp_server.log");
	e2e_tmp_path(clog, sizeof(clog), "udp_client.log");
	e2e_write_file(srv, udp_server_py, sizeof(udp_server_py) - 1);
	e2e_write_file(cli, udp_client_py, sizeof(udp_client_py) - 1);
	pids[0] = e2e_spawn(slog, NULL, sargv);
	assert_true(pids[0] > 0);
	/* let the server bind: the first datagrams are retried anyway */
	pids[1] = e2e_spawn(clog, NULL, cargv);
	assert_true(pids[1] > 0);
	assert_true(forward_while(pids, codes, 2, 60));
	printf("ringdrv_afp: UDP echo %s -> %s: server exit %d, client exit %d\n", E2E.ns[0],
	       IP_B, codes[0], codes[1]);
	if (codes[0] != 0 || codes[1] != 0) {
		e2e_print_file(slog, "    server | ", SIZE_MAX);
		e2e_print_file(clog, "    client | ", SIZE_MAX);
	}
	assert_int_equal(codes[0], 0);
	assert_int_equal(codes[1], 0);
	assert_true(e2e_file_has(clog, "echoed 50"));
	assert_true(T.d[0].udp - udp0[0] >= 50 && T.d[1].udp - udp0[1] >= 50);
}

static void transfer(int from, size_t bytes)
{
	int to = from ^ 1;
	struct e2e_xfer x;
	pid_t pids[2];
	int codes[2];
	u64 gro0 = T.d[from].gro_skbs, segs0 = T.d[from].gro_segs;
	bool ok;

	e2e_xfer_prepare(&x, from, T.ip[to], TCP_PORT + from, 60, bytes);
	pids[0] = e2e_spawn(x.slog, NULL, x.sargv);
	assert_true(pids[0] > 0);
	pids[1] = e2e_spawn(x.clog, NULL, x.cargv);
	assert_true(pids[1] > 0);
	ok = forward_while(pids, codes, 2, 150);
	e2e_xfer_parse(&x);
	printf("ringdrv_afp: TCP %s -> %s: %zu bytes sent, %zu received, sha256 %s, %.3f s, "
	       "mss %d, GRO skbs %llu holding %llu segments\n",
	       E2E.ns[from], E2E.ns[to], x.lbytes, x.rbytes,
	       e2e_xfer_sha_ok(&x) ? "matches" : "DIFFERS", x.secs, x.mss,
	       T.d[from].gro_skbs - gro0, T.d[from].gro_segs - segs0);
	if (!ok || !x.found || codes[0] != 0 || codes[1] != 0)
		e2e_xfer_dump(&x, 4096);
	unlink(x.data);
	assert_true(ok);
	assert_int_equal(codes[0], 0);
	assert_int_equal(codes[1], 0);
	e2e_xfer_assert(&x, bytes);
#ifdef NM_NAPI_HAS_GRO
	/* the data direction's trains arrive merged */
	assert_true(T.d[from].gro_skbs > gro0);
	assert_true(T.d[from].gro_segs - segs0 >= 2 * (T.d[from].gro_skbs - gro0));
#endif
}

static void test_tcp(void **state)
{
	(void)state;
	transfer(0, 4 << 20);
	transfer(1, 4 << 20);
	print_dir(0);
	print_dir(1);
	assert_int_equal(T.d[0].xmit_err + T.d[1].xmit_err, 0);
}

static void test_close_and_account(void **state)
{
	struct nm_skb_stats st;
	unsigned int left;

	(void)state;
	for (int k = 0; k < 100; k++)
		fwd_poll();
	for (int i = 0; i < 2; i++) {
		struct ringdrv_priv *priv = netdev_priv(T.dev[i]);
		struct rtnl_link_stats64 s;

		dev_get_stats(T.dev[i], &s);
		printf("ringdrv_afp: ringdrv%d: rx %llu pkts %llu B, tx %llu"
		       " pkts %llu B, dropped rx %llu tx %llu"
		       ", doorbells %u, tx busy %llu, page_pool inflight %ld\n",
		       i, (u64)s.rx_packets, (u64)s.rx_bytes, (u64)s.tx_packets, (u64)s.tx_bytes,
		       (u64)s.rx_dropped, (u64)s.tx_dropped, priv->doorbells, priv->tx_busy,
		       (long)page_pool_inflight(priv->page_pool));
		assert_int_equal(s.rx_dropped + s.tx_dropped, 0);
		assert_true(s.rx_packets > 0 && s.tx_packets > 0);
		/* all sent and completed; the pool holds only the posted RX buffers */
		assert_int_equal(priv->tx_next_to_clean, priv->tx_next_to_use);
		assert_int_equal(page_pool_inflight(priv->page_pool), RINGDRV_RING_SIZE);
	}
	printf("ringdrv_afp: frames longer than the RX buffer: %llu\n",
	       (u64)afp_hw_rx_oversize());
	assert_int_equal(afp_hw_rx_oversize(), 0);
	for (int i = 0; i < 2; i++) {
		netdev_rx_handler_unregister(T.dev[i]);
		dev_close(T.dev[i]);
		ringdrv_remove(T.dev[i]);
		T.dev[i] = NULL;
		afp_hw_close(T.port[i]);
		T.port_up[i] = false;
	}
	left = nm_page_pool_reap();
	nm_skb_get_stats(&st);
	printf("ringdrv_afp: page_pools waiting %u, skbs live %llu (at start %llu"
	       "), misuse %llu (at start %llu)\n",
	       left, (u64)st.live, (u64)T.skb0.live, (u64)nm_misuse_count(), T.misuse0);
	assert_int_equal(left, 0);
	assert_int_equal(st.live, T.skb0.live);
	assert_int_equal(nm_misuse_count(), T.misuse0);
}

static int group_setup(void **state)
{
	static const char *names[2] = { "net_af_packet0", "net_af_packet1" };

	(void)state;
	nm_skb_get_stats(&T.skb0);
	T.misuse0 = nm_misuse_count();
	for (int i = 0; i < 2; i++) {
		int ret = afp_hw_open(names[i], &T.port[i]);

		if (ret != 0) {
			fprintf(stderr, "ringdrv_afp: %s: %d\n", names[i], ret);
			return -1;
		}
		T.port_up[i] = true;
		T.dev[i] = ringdrv_probe();
		if (T.dev[i] == NULL || dev_open(T.dev[i]) != 0 ||
		    netdev_rx_handler_register(T.dev[i], bridge_rx, NULL) != 0) {
			fprintf(stderr, "ringdrv_afp: ringdrv%d did not come up\n", i);
			return -1;
		}
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	e2e_kill_children();
	for (int i = 0; i < 2; i++) {
		if (T.dev[i] != NULL) {
			dev_close(T.dev[i]);
			ringdrv_remove(T.dev[i]);
		}
		if (T.port_up[i])
			afp_hw_close(T.port[i]);
	}
	return 0;
}

static void term_sigs_mask(int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < E2E_DIM(e2e_term_sigs); i++)
		sigaddset(&set, e2e_term_sigs[i]);
	pthread_sigmask(how, &set, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_close_and_account),
	};
	char vdev[2][96];
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	E2E.tag = "ringdrv_afp";
	ret = e2e_preflight();
	if (ret != 0)
		return ret;
	e2e_reap_stale("nr", "AB", "r", "nm-rdrv");
	e2e_install_cleanup();
	e2e_topo_names("nr", "r");
	for (int i = 0; i < 2; i++) {
		if (e2e_sh("ip netns add %s", E2E.ns[i]) != 0) {
			printf("skipped: 'ip netns add %s' failed: cannot create network namespaces here\n",
			       E2E.ns[i]);
			e2e_cleanup_all();
			return NM_TEST_SKIP;
		}
		E2E.ns_made[i] = true;
	}
	if (e2e_make_tmpdir("nm-rdrv") != 0 || topo_setup() != 0)
		return 1;
	for (int i = 0; i < 2; i++)
		snprintf(vdev[i], sizeof(vdev[i]),
			 "--vdev=net_af_packet%d,iface=%s,qpairs=1,framecnt=1024", i, E2E.rootif[i]);
	term_sigs_mask(SIG_BLOCK);
	nm_test_eal_init(1, vdev[0], vdev[1], NULL);
	term_sigs_mask(SIG_UNBLOCK);
	ret = cmocka_run_group_tests_name("ringdrv_afpacket", tests, group_setup, group_teardown);
	rte_eal_cleanup();
	e2e_cleanup_all();
	return ret;
}
