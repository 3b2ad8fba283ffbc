/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * End to end: VLAN-tagged kernel traffic through netmem-fwd (the program
 * named by $NM_FWD) with and without --vlan-strip.
 *
 *   netns nfvA-<pid>                root namespace                               netns nfvB-<pid>
 *   vA <-veth-> fvAp<pid>  [netmem-fwd io: net_af_packet0 <-> net_af_packet1]  fvBp<pid> <-veth-> vB
 *
 * The traffic is made by the kernel's packet sockets (a python3 script,
 * no 8021q module needed): in each namespace a sender writes 802.1Q frames
 * (TPID 0x8100, PCP 3, VID 100, an ethertype of 0x88b5 and a numbered
 * payload of 46-1000 bytes) and untagged frames to its veth; in the other
 * a receiver reads every frame with PACKET_AUXDATA. The kernel takes a
 * received tag out of the frame (skb_vlan_untag) and hands it apart, as a
 * NIC's VLAN strip would: at the forwarder's af_packet socket
 * (TP_STATUS_VLAN_VALID, which net_af_packet reports as
 * RTE_MBUF_F_RX_VLAN_STRIPPED) and at the receiver's. The receiver checks
 * each tagged frame arrives with exactly its tag (TCI 0x6064, TPID 0x8100)
 * and its bytes, each untagged one with no tag, none twice, none missing.
 *
 *  strip-io    io with --vlan-strip: the ports are set up with
 *              NM_PORT_F_VLAN_STRIP, each tagged skb arrives untagged with
 *              the tag in skb->vlan_tci (vlan_all set) and nm_tx_burst()
 *              puts it back into the frame (tx_vlan_push).
 *  strip-mac   the same in mac mode, which rewrites the MAC addresses of
 *              the untagged head before TX inserts the tag after them;
 *              netmem-fwd counts the skbs received with a stripped tag:
 *              exactly the tagged frames sent (no ARP or IPv6 chatter:
 *              no addresses, IPv6 off). io reads nothing and counts nothing.
 *  inline-mac  mac without the option: net_af_packet puts the tag back
 *              into the frame before libnetmem sees it; no count line.
 *
 * Each run ends with SIGINT: exit status 0, no sanitizer report, and the
 * --json line says nothing leaked (inflight, pools_waiting, skb_live,
 * misuse 0).
 *
 * Needs root, ip, ethtool, python3 (exits 77 without them or when network
 * namespaces or veths cannot be made). Everything made is removed after
 * each run, at exit and on signals (e2e_common.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_common.h"
#include "test_json.h"

#define FRAMES		200	/* tagged frames each way */
#define UNTAGGED	50	/* untagged frames each way */
#define T_FWD_START	60
#define T_FWD_STOP	60
#define T_TRAFFIC	60

/* python3 vlan.py recv IFACE TAGGED UNTAGGED SECONDS READYFILE
 *                 send IFACE TAGGED UNTAGGED */
static const char vlan_py[] =
"import socket, struct, sys, time\n"
"ETH_P_ALL, SOL_PACKET, PACKET_AUXDATA = 3, 263, 8\n"
"VLAN_VALID, TPID_VALID, TCI = 0x10, 0x40, 0x6064\n"
"MAGIC = b'NMVLAN'\n"
"def payload(tag, i):\n"
"    n = 46 + (i * 37) % 955\n"
"    body = MAGIC + bytes([tag]) + struct.pack('>I', i)\n"
"    return body + bytes((i + k) & 255 for k in range(n - len(body)))\n"
"def frame(tag, i):\n"
"    hdr = b'\\xff' * 6 + b'\\x02\\x4e\\x4d\\x56\\x00\\x01'\n"
"    if tag:\n"
"        hdr += struct.pack('>HH', 0x8100, TCI)\n"
"    return hdr + struct.pack('>H', 0x88b5) + payload(tag, i)\n"
"mode, ifc, ntag, nun = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])\n"
"s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))\n"
"s.bind((ifc, 0))\n"
"if mode == 'send':\n"
"    for i in range(max(ntag, nun)):\n"
"        if i < ntag:\n"
"            s.send(frame(1, i))\n"
"        if i < nun:\n"
"            s.send(frame(0, i))\n"
"        if i % 20 == 19:\n"
"            time.sleep(0.01)\n"
"    sys.exit(0)\n"
"s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)\n"
"s.settimeout(0.2)\n"
"open(sys.argv[6], 'w').close()\n"
"seen, bad, dup = {0: set(), 1: set()}, 0, 0\n"
"end = time.time() + float(sys.argv[5])\n"
"while time.time() < end and (len(seen[1]) < ntag or len(seen[0]) < nun):\n"
"    try:\n"
"        data, anc, fl, addr = s.recvmsg(4096, socket.CMSG_SPACE(20))\n"
"    except socket.timeout:\n"
"        continue\n"
"    if addr[2] == socket.PACKET_OUTGOING or len(data) < 25:\n"
"        continue\n"
"    if data[12:14] != b'\\x88\\xb5' or data[14:20] != MAGIC:\n"
"        continue\n"
"    tag, i = data[20], struct.unpack('>I', data[21:25])[0]\n"
"    st, tci, tpid = 0, 0, 0\n"
"    for lvl, typ, val in anc:\n"
"        if lvl == SOL_PACKET and typ == PACKET_AUXDATA:\n"
"            st, _, _, _, _, tci, tpid = struct.unpack('IIIHHHH', val[:20])\n"
"    ok = data[14:] == payload(tag, i)\n"
"    if tag:\n"
"        ok = ok and st & VLAN_VALID and tci == TCI and (not st & TPID_VALID or tpid == 0x8100)\n"
"    else:\n"
"        ok = ok and not st & VLAN_VALID\n"
"    if not ok:\n"
"        bad += 1\n"
"        print('bad frame: tag %d i %d status 0x%x tci 0x%x tpid 0x%x len %d'\n"
"              % (tag, i, st, tci, tpid, len(data)))\n"
"    elif i in seen[tag]:\n"
"        dup += 1\n"
"    else:\n"
"        seen[tag].add(i)\n"
"print('tagged %d untagged %d bad %d dup %d' % (len(seen[1]), len(seen[0]), bad, dup))\n";

struct vlan_run {
	const char *name;
	const char *mode;	/* --forward-mode */
	bool strip;
};

static const struct vlan_run runs[] = {
	{ "strip-io", "--forward-mode=io", true },
	{ "strip-mac", "--forward-mode=mac", true },
	{ "inline-mac", "--forward-mode=mac", false },
};

static const char *fwd_path;
static pid_t fwd_pid;
static const char *const nsif[2] = { "vA", "vB" };

static bool can_make_netns(char *why, size_t len)
{
	char ns[32];
	bool ok;

	snprintf(ns, sizeof(ns), "nfvP-%d", (int)getpid());
	if (e2e_sh("ip netns add %s >/dev/null 2>&1", ns) != 0) {
		snprintf(why, len, "cannot create network namespaces here");
		return false;
	}
	ok = e2e_sh("ip -n %s link add p0 type veth peer name p1 >/dev/null 2>&1", ns) == 0;
	if (!ok)
		snprintf(why, len, "cannot create a veth pair in a network namespace here");
	e2e_sh("ip netns del %s >/dev/null 2>&1", ns);
	return ok;
}

static int topo_up(void)
{
	e2e_topo_names("nfv", "fv");
	for (int i = 0; i < 2; i++) {
		if (e2e_sh("ip netns add %s", E2E.ns[i]) != 0)
			return -1;
		E2E.ns_made[i] = true;
		if (e2e_sh("ip link add %s type veth peer name %s netns %s", E2E.rootif[i],
			   nsif[i], E2E.ns[i]) != 0)
			return -1;
		E2E.link_made[i] = true;
		e2e_disable_ipv6(i);
		/* no super-packets, checksums written: what af_packet forwards
		 * as it is */
		if (e2e_sh("ip netns exec %s ethtool -K %s tx off rx off tso off gso off gro off "
			   "sg off >/dev/null", E2E.ns[i], nsif[i]) != 0 ||
		    e2e_sh("ethtool -K %s tx off rx off tso off gso off gro off sg off >/dev/null",
			   E2E.rootif[i]) != 0)
			return -1;
		if (e2e_sh("ip -n %s link set %s up", E2E.ns[i], nsif[i]) != 0 ||
		    e2e_sh("ip link set %s up", E2E.rootif[i]) != 0)
			return -1;
	}
	for (double end = e2e_now_s() + 10;;) {
		bool up = true;

		for (int i = 0; i < 2 && up; i++)
			up = e2e_sh("ip link show %s | grep -q LOWER_UP", E2E.rootif[i]) == 0 &&
			     e2e_sh("ip -n %s link show %s | grep -q LOWER_UP", E2E.ns[i],
				    nsif[i]) == 0;
		if (up)
			return 0;
		if (e2e_now_s() > end)
			return -1;
		usleep(50000);
	}
}

static void fwd_dump(const char *why)
{
	char out[128], err[128];

	e2e_tmp_path(out, sizeof(out), "fwd.out");
	e2e_tmp_path(err, sizeof(err), "fwd.err");
	printf("fwd_vlan: %s; netmem-fwd stdout (tail):\n", why);
	e2e_print_file(out, "    | ", 3000);
	printf("    stderr (tail):\n");
	e2e_print_file(err, "    | ", 3000);
}

static void fwd_start(const struct vlan_run *r)
{
	char vdev[2][96], out[128], err[128];
	char *argv[24];
	int argc = 0, code;
	double t0 = e2e_now_s();

	for (int i = 0; i < 2; i++)
		snprintf(vdev[i], sizeof(vdev[i]), "net_af_packet%d,iface=%s,qpairs=1,framecnt=512",
			 i, E2E.rootif[i]);
	argv[argc++] = (char *)fwd_path;
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
	argv[argc++] = (char *)r->mode;
	argv[argc++] = "--json";
	if (r->strip)
		argv[argc++] = "--vlan-strip";
	argv[argc] = NULL;
	printf("fwd_vlan: [%s]", r->name);
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	e2e_tmp_path(out, sizeof(out), "fwd.out");
	e2e_tmp_path(err, sizeof(err), "fwd.err");
	unlink(out);
	unlink(err);
	fwd_pid = e2e_spawn(out, err, argv);
	assert_true(fwd_pid > 0);
	while (!e2e_file_has(out, "Start forwarding")) {
		if (waitpid(fwd_pid, &code, WNOHANG) == fwd_pid) {
			e2e_forget_child(fwd_pid);
			fwd_pid = 0;
			fwd_dump("netmem-fwd ended before forwarding");
			fail();
		}
		if (e2e_now_s() - t0 > T_FWD_START) {
			fwd_dump("netmem-fwd did not start forwarding in time");
			fail();
		}
		usleep(20000);
	}
}

/*
 * FRAMES tagged and UNTAGGED untagged frames from namespace @from to the
 * other: all received once, intact, with exactly their tag (vlan_py).
 */
static void traffic(const struct vlan_run *r, int from)
{
	char script[128], ready[128], log[128], name[32], ntag[16], nun[16], secs[16];
	char *rargv[] = { "ip", "netns", "exec", E2E.ns[from ^ 1], (char *)E2E.python, script,
			  "recv", (char *)nsif[from ^ 1], ntag, nun, secs, ready, NULL };
	unsigned int tagged = 0, untagged = 0, bad = 1, dup = 1;
	char *text, *line;
	pid_t pid;
	int code, rc;

	e2e_tmp_path(script, sizeof(script), "vlan.py");
	snprintf(name, sizeof(name), "ready%d", from);
	e2e_tmp_path(ready, sizeof(ready), name);
	snprintf(name, sizeof(name), "recv%d.log", from);
	e2e_tmp_path(log, sizeof(log), name);
	snprintf(ntag, sizeof(ntag), "%d", FRAMES);
	snprintf(nun, sizeof(nun), "%d", UNTAGGED);
	snprintf(secs, sizeof(secs), "%d", T_TRAFFIC - 10);
	unlink(ready);
	pid = e2e_spawn(log, NULL, rargv);
	assert_true(pid > 0);
	for (double end = e2e_now_s() + 20; access(ready, F_OK) != 0;) {
		assert_true(e2e_now_s() < end);
		usleep(20000);
	}
	rc = e2e_sh("ip netns exec %s %s %s send %s %d %d", E2E.ns[from], E2E.python, script,
		    nsif[from], FRAMES, UNTAGGED);
	assert_int_equal(rc, 0);
	assert_true(e2e_wait_child(pid, T_TRAFFIC, &code));
	text = e2e_read_text(log);
	assert_non_null(text);
	line = strstr(text, "tagged ");
	if (line != NULL)
		sscanf(line, "tagged %u untagged %u bad %u dup %u", &tagged, &untagged, &bad, &dup);
	printf("fwd_vlan: [%s] %s -> %s: %u/%d tagged (TCI 0x6064), %u/%d untagged, %u bad, "
	       "%u duplicated\n", r->name, nsif[from], nsif[from ^ 1], tagged, FRAMES, untagged,
	       UNTAGGED, bad, dup);
	if (code != 0 || tagged != FRAMES || untagged != UNTAGGED || bad || dup) {
		e2e_print_file(log, "    | ", 3000);
		fwd_dump("VLAN traffic did not cross intact");
	}
	free(text);
	assert_int_equal(code, 0);
	assert_int_equal(tagged, FRAMES);
	assert_int_equal(untagged, UNTAGGED);
	assert_int_equal(bad, 0);
	assert_int_equal(dup, 0);
}

static void fwd_stop(const struct vlan_run *r)
{
	char out[128], err[128], *json, *text, *line;
	uint64_t vlan_rx = 0;
	int code;
	bool ended;

	kill(fwd_pid, SIGINT);
	ended = e2e_wait_child(fwd_pid, T_FWD_STOP, &code);
	fwd_pid = 0;
	if (!ended || code != 0)
		fwd_dump(ended ? "netmem-fwd failed" : "netmem-fwd did not stop on SIGINT");
	assert_true(ended);
	assert_int_equal(code, 0);
	e2e_tmp_path(out, sizeof(out), "fwd.out");
	e2e_tmp_path(err, sizeof(err), "fwd.err");
	if (e2e_has_sanitizer_report(err)) {
		fwd_dump("a sanitizer report");
		fail();
	}
	json = e2e_last_json(out);
	if (json == NULL) {
		fwd_dump("no JSON line last");
		fail();
	}
	text = e2e_read_text(out);
	assert_non_null(text);
	line = strstr(text, "VLAN: ");
	if (line != NULL)
		sscanf(line, "VLAN: %" SCNu64, &vlan_rx);
	printf("fwd_vlan: [%s] rx %.0f tx %.0f dropped %.0f, inflight %.0f skb_live %.0f "
	       "misuse %.0f leak %.0f, received with the tag stripped: %s%" PRIu64 "\n", r->name,
	       jnum(json, "rx_packets"), jnum(json, "tx_packets"), jnum(json, "dropped"),
	       jnum(json, "inflight"), jnum(json, "skb_live"), jnum(json, "misuse"),
	       jnum(json, "leak"), line ? "" : "(no line) ", vlan_rx);
	assert_true(jnum(json, "rx_packets") > 0);
	assert_true(jnum(json, "inflight") == 0);
	assert_true(jnum(json, "pools_waiting") == 0);
	assert_true(jnum(json, "skb_live") == 0);
	assert_true(jnum(json, "misuse") == 0);
	assert_true(jnum(json, "leak") == 0);
	if (r->strip && strcmp(r->mode, "--forward-mode=io") != 0) {
		/* the tagged frames of both directions, nothing else */
		assert_non_null(line);
		assert_int_equal(vlan_rx, 2 * FRAMES);
	} else {
		assert_null(line);
	}
	free(text);
	free(json);
}

static int run_setup(void **state)
{
	(void)state;
	return topo_up() == 0 ? 0 : -1;
}

static int run_teardown(void **state)
{
	(void)state;
	e2e_kill_children();
	fwd_pid = 0;
	e2e_topo_down();
	return 0;
}

static void test_run(void **state)
{
	const struct vlan_run *r = *state;

	fwd_start(r);
	traffic(r, 0);
	traffic(r, 1);
	fwd_stop(r);
}

int main(void)
{
	struct CMUnitTest tests[E2E_DIM(runs)];
	char why[128];
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	E2E.tag = "fwd_vlan";
	ret = e2e_preflight();
	if (ret != 0)
		return ret;
	fwd_path = getenv("NM_FWD");
	if (fwd_path == NULL || fwd_path[0] == '\0') {
		printf("skipped: NM_FWD (the path of netmem-fwd) is not set: run through meson test\n");
		return NM_TEST_SKIP;
	}
	e2e_reap_stale("nfv", "ABP", "fv", "nm-fwd-vlan");
	if (!can_make_netns(why, sizeof(why))) {
		printf("skipped: %s\n", why);
		return NM_TEST_SKIP;
	}
	e2e_install_cleanup();
	if (e2e_make_tmpdir("nm-fwd-vlan") != 0)
		return 1;
	{
		char script[128];

		e2e_tmp_path(script, sizeof(script), "vlan.py");
		e2e_write_file(script, vlan_py, sizeof(vlan_py) - 1);
	}
	for (size_t i = 0; i < E2E_DIM(runs); i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = runs[i].name;
		tests[i].test_func = test_run;
		tests[i].setup_func = run_setup;
		tests[i].teardown_func = run_teardown;
		tests[i].initial_state = (void *)&runs[i];
	}
	ret = _cmocka_run_group_tests("fwd_vlan", tests, E2E_DIM(runs), NULL, NULL);
	e2e_cleanup_all();
	return ret;
}
