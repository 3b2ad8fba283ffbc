/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd's testpmd habits (examples/fwd), end to end on virtual ports
 * (the built program, $NM_FWD, as test_fwd.c runs it):
 *  - on net_pcap ports (packets read from pcap files this test writes, what
 *    is sent checked byte for byte in the pcap files the ports write):
 *    icmpecho answers an ICMP echo request (the reply's ICMP checksum
 *    recomputed here from scratch) and an ARP request from the port's
 *    address, and consumes the rest; 5tswap swaps L2-L4 (IPv4/UDP,
 *    IPv6/TCP, VLAN-tagged, non-IP); --portmask, --nb-ports and
 *    --port-topology (chained, paired, loop) select the ports set up and
 *    where each sends; --tx-ip, --tx-udp and --txonly-multi-flow in the
 *    headers of a --tx-first burst;
 *  - --mbuf-size, --total-num-mbufs (and too few of them), --max-pkt-len,
 *    --rxq=2 (RSS), --rss-udp, --enable-rx-cksum, --record-burst-stats, the
 *    NIC statistics block of --stats-period, the netmem.fwd log type;
 *  - -i: commands piped into stdin (help, start tx_first, show port stats,
 *    stop, set fwd, show fwd stats, clear port stats, quit) on one lcore
 *    and with a worker lcore; -i -a ended by end of input and by SIGINT.
 * Every run ends clean (exit 0, the balance, nothing leaked); no timing is
 * asserted. The pcap tests are skipped where DPDK's pcap PMD is missing.
 */
#include <arpa/inet.h>
#include <glob.h>

#include "test_common.h"
#include "test_json.h"
#include "fwd_run.h"

/* ---- testpmd habits on net_pcap ports ------------------------------------- */


/* DPDK's pcap PMD is a plugin of its own: the test is skipped where it is
 * missing. */
static bool have_pcap_or_skip(void)
{
	glob_t g;
	bool have;

	have = glob("/usr/lib/*/dpdk/pmds-*/librte_net_pcap.so*", 0, NULL, &g) == 0 ||
	       glob("/usr/local/lib*/dpdk/pmds-*/librte_net_pcap.so*", 0, NULL, &g) == 0 ||
	       glob("/usr/lib*/dpdk/pmds-*/librte_net_pcap.so*", 0, NULL, &g) == 0;
	globfree(&g);
	if (!have) {
		printf("skipped: no net_pcap PMD\n");
		skip();
	}
	return have;
}

#define PCAP_MAX_PKTS	64
#define PKT_MAX		256

struct pkt {
	uint8_t b[PKT_MAX];
	unsigned int len;
};

/* A pcap file (microsecond stamps, Ethernet) holding @n packets. */
static void pcap_write(const char *path, const struct pkt *p, unsigned int n)
{
	const uint32_t gh[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fwrite(gh, sizeof(gh), 1, f);
	for (unsigned int i = 0; i < n; i++) {
		const uint32_t ph[4] = { 1, i, p[i].len, p[i].len };

		fwrite(ph, sizeof(ph), 1, f);
		fwrite(p[i].b, p[i].len, 1, f);
	}
	fclose(f);
}

/* The packets of a pcap file net_pcap wrote; how many. */
static unsigned int pcap_read(const char *path, struct pkt *p, unsigned int max)
{
	uint32_t gh[6], ph[4];
	unsigned int n = 0;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fread(gh, sizeof(gh), 1, f), 1);
	assert_true(gh[0] == 0xa1b2c3d4 || gh[0] == 0xa1b23c4d);
	while (fread(ph, sizeof(ph), 1, f) == 1) {
		assert_true(n < max);
		assert_true(ph[2] <= PKT_MAX && ph[2] == ph[3]);
		p[n].len = ph[2];
		assert_int_equal(fread(p[n].b, p[n].len, 1, f), 1);
		n++;
	}
	fclose(f);
	return n;
}

/* Ones' complement sum, our own, of @len bytes in network order. */
static uint16_t t_csum(const uint8_t *p, unsigned int len, uint32_t s)
{
	for (unsigned int i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0, 0xaa };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0, 0xbb };

/* Ethernet header (+ an 802.1Q tag with @vlan) of type @type; its length. */
static unsigned int eth(uint8_t *p, const uint8_t *dst, const uint8_t *src, uint16_t type,
			int vlan)
{
	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	if (vlan >= 0) {
		put16(p + 12, 0x8100);
		put16(p + 14, (uint16_t)vlan);
		put16(p + 16, type);
		return 18;
	}
	put16(p + 12, type);
	return 14;
}

/* IPv4 header, protocol @proto, @l4len bytes after it, checksum filled. */
static void ipv4(uint8_t *p, uint8_t proto, unsigned int l4len, const char *src,
		 const char *dst)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put16(p + 2, (uint16_t)(20 + l4len));
	put16(p + 4, 0x1234);
	p[8] = 64;
	p[9] = proto;
	inet_pton(AF_INET, src, p + 12);
	inet_pton(AF_INET, dst, p + 16);
	put16(p + 10, t_csum(p, 20, 0));
}

static struct pkt icmp_echo_request(void)
{
	struct pkt k = { .len = 0 };
	unsigned int l2 = eth(k.b, mac_a, mac_b, 0x0800, -1), l4 = 8 + 24;
	uint8_t *icmp = k.b + l2 + 20;

	ipv4(k.b + l2, 1, l4, "10.0.0.1", "10.0.0.2");
	icmp[0] = 8;
	icmp[1] = 0;
	put16(icmp + 4, 0x4242);	/* identifier */
	put16(icmp + 6, 7);		/* sequence */
	for (unsigned int i = 8; i < l4; i++)
		icmp[i] = (uint8_t)('a' + i);
	put16(icmp + 2, t_csum(icmp, l4, 0));
	k.len = l2 + 20 + l4;
	return k;
}

static struct pkt arp_request(void)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct pkt k = { .len = 0 };
	unsigned int l2 = eth(k.b, bcast, mac_b, 0x0806, -1);
	uint8_t *a = k.b + l2;

	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);
	memcpy(a + 8, mac_b, 6);
	inet_pton(AF_INET, "10.0.0.1", a + 14);
	memset(a + 18, 0, 6);
	inet_pton(AF_INET, "10.0.0.2", a + 24);
	k.len = l2 + 28;
	return k;
}

/* UDP over IPv4 (@vlan >= 0: tagged), ports 1111 -> 2222, @tag in the payload. */
static struct pkt udp4(int vlan, uint8_t tag)
{
	struct pkt k = { .len = 0 };
	unsigned int l2 = eth(k.b, mac_a, mac_b, 0x0800, vlan);
	uint8_t *u = k.b + l2 + 20;

	ipv4(k.b + l2, 17, 8 + 18, "192.168.1.1", "192.168.2.2");
	put16(u, 1111);
	put16(u + 2, 2222);
	put16(u + 4, 8 + 18);
	put16(u + 6, 0);
	memset(u + 8, tag, 18);
	k.len = l2 + 20 + 8 + 18;
	return k;
}

static struct pkt tcp6(void)
{
	struct pkt k = { .len = 0 };
	unsigned int l2 = eth(k.b, mac_a, mac_b, 0x86dd, -1);
	uint8_t *ip6 = k.b + l2, *t = ip6 + 40;

	memset(ip6, 0, 40);
	ip6[0] = 0x60;
	put16(ip6 + 4, 20);
	ip6[6] = 6;
	ip6[7] = 64;
	inet_pton(AF_INET6, "2001:db8::1", ip6 + 8);
	inet_pton(AF_INET6, "2001:db8::2", ip6 + 24);
	memset(t, 0, 20);
	put16(t, 40000);
	put16(t + 2, 80);
	t[12] = 5 << 4;
	k.len = l2 + 40 + 20;
	return k;
}

static char tmpdir[64];

static void tmp_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* "net_pcap<i>,rx_pcap=<dir>/in<i>.pcap,tx_pcap=<dir>/out<i>.pcap". */
static void pcap_vdev(char *buf, size_t size, unsigned int i)
{
	snprintf(buf, size, "net_pcap%u,rx_pcap=%s/in%u.pcap,tx_pcap=%s/out%u.pcap", i, tmpdir,
		 i, tmpdir, i);
}

static void pcap_in(unsigned int i, const struct pkt *p, unsigned int n)
{
	char path[128], name[16];

	snprintf(name, sizeof(name), "in%u.pcap", i);
	tmp_path(path, sizeof(path), name);
	pcap_write(path, p, n);
}

static unsigned int pcap_out(unsigned int i, struct pkt *p)
{
	char path[128], name[16];

	snprintf(name, sizeof(name), "out%u.pcap", i);
	tmp_path(path, sizeof(path), name);
	return pcap_read(path, p, PCAP_MAX_PKTS);
}

/* The MAC address netmem-fwd printed for @port ("Port 0: 02:..."). */
static void port_mac(const struct run *r, unsigned int port, uint8_t *mac)
{
	char key[32];
	const char *p;
	unsigned int v[6];

	snprintf(key, sizeof(key), "Port %u: ", port);
	p = strstr(r->out, key);
	assert_non_null(p);
	assert_int_equal(sscanf(p + strlen(key), "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3],
				&v[4], &v[5]), 6);
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
}

static void test_icmpecho(void **state)
{
	struct pkt in[3] = { icmp_echo_request(), arp_request(), udp4(-1, 1) };
	struct pkt out[PCAP_MAX_PKTS], want;
	char vdev[256];
	const char *vdevs[] = { vdev, NULL };
	const char *opts[] = { "--forward-mode=icmpecho", "--port-topology=loop", "--duration=1",
			       "--json", NULL };
	uint8_t me[6], *ip, *icmp, *a;
	struct run r;

	(void)state;
	if (!have_pcap_or_skip())
		return;
	pcap_in(0, in, 3);
	pcap_vdev(vdev, sizeof(vdev), 0);
	run_fwd(&r, "0", vdevs, opts, 0);
	check_clean(&r, "pcap port, icmpecho, loop topology");
	assert_int_equal(ju(r.json, "icmpecho.echo"), 1);
	assert_int_equal(ju(r.json, "icmpecho.arp"), 1);
	assert_int_equal(ju(r.json, "icmpecho.ignored"), 1);
	assert_int_equal(ju(r.json, "consumed"), 1);
	port_mac(&r, 0, me);
	assert_int_equal(pcap_out(0, out), 2);

	/* The echo reply: MACs and IPv4 addresses swapped, type 0, the ICMP
	 * checksum right (computed here from scratch), the rest untouched. */
	want = in[0];
	memcpy(want.b, mac_b, 6);
	memcpy(want.b + 6, mac_a, 6);
	ip = want.b + 14;
	inet_pton(AF_INET, "10.0.0.2", ip + 12);
	inet_pton(AF_INET, "10.0.0.1", ip + 16);
	icmp = ip + 20;
	icmp[0] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 2, t_csum(icmp, want.len - 34, 0));
	assert_int_equal(out[0].len, want.len);
	assert_memory_equal(out[0].b, want.b, want.len);
	assert_int_equal(t_csum(out[0].b + 14, 20, 0), 0);	/* IPv4 header checksum */

	/* The ARP reply, from the port's own address. */
	want = in[1];
	memcpy(want.b, mac_b, 6);
	memcpy(want.b + 6, me, 6);
	a = want.b + 14;
	put16(a + 6, 2);
	memcpy(a + 8, me, 6);
	inet_pton(AF_INET, "10.0.0.2", a + 14);
	memcpy(a + 18, mac_b, 6);
	inet_pton(AF_INET, "10.0.0.1", a + 24);
	assert_int_equal(out[1].len, want.len);
	assert_memory_equal(out[1].b, want.b, want.len);
	run_free(&r);
}

static void test_5tswap(void **state)
{
	struct pkt in[4] = { udp4(-1, 2), tcp6(), udp4(5, 3), { .len = 0 } };
	struct pkt out[PCAP_MAX_PKTS], want;
	char vdev[256];
	const char *vdevs[] = { vdev, NULL };
	const char *opts[] = { "--forward-mode=5tswap", "--port-topology=loop", "--duration=1",
			       "--json", NULL };
	struct run r;

	(void)state;
	if (!have_pcap_or_skip())
		return;
	in[3].len = eth(in[3].b, mac_a, mac_b, 0x88b5, -1) + 30;	/* not IP */
	memset(in[3].b + 14, 0x5a, 30);
	pcap_in(0, in, 4);
	pcap_vdev(vdev, sizeof(vdev), 0);
	run_fwd(&r, "0", vdevs, opts, 0);
	check_clean(&r, "pcap port, 5tswap, loop topology");
	assert_int_equal(ju(r.json, "tswap.l3"), 3);
	assert_int_equal(ju(r.json, "tswap.l4"), 3);
	assert_int_equal(pcap_out(0, out), 4);
	for (unsigned int i = 0; i < 4; i++) {
		unsigned int l3 = i == 2 ? 18 : 14;

		want = in[i];
		memcpy(want.b, mac_b, 6);
		memcpy(want.b + 6, mac_a, 6);
		if (i == 0 || i == 2) {
			inet_pton(AF_INET, "192.168.2.2", want.b + l3 + 12);
			inet_pton(AF_INET, "192.168.1.1", want.b + l3 + 16);
			put16(want.b + l3 + 20, 2222);
			put16(want.b + l3 + 22, 1111);
		} else if (i == 1) {
			inet_pton(AF_INET6, "2001:db8::2", want.b + l3 + 8);
			inet_pton(AF_INET6, "2001:db8::1", want.b + l3 + 24);
			put16(want.b + l3 + 40, 80);
			put16(want.b + l3 + 42, 40000);
		}
		assert_int_equal(out[i].len, want.len);
		assert_memory_equal(out[i].b, want.b, want.len);
	}
	run_free(&r);
}

/* Which input port's packet each of 3 pcap ports sent (payload tag = port
 * + 1), or 0 for none; how many ports were configured. */
static void topo_run(const char *const *opts, uint8_t *sent_from, unsigned int *configured)
{
	char v[3][256];
	const char *vdevs[] = { v[0], v[1], v[2], NULL };
	struct pkt out[PCAP_MAX_PKTS];
	struct run r;

	for (unsigned int i = 0; i < 3; i++) {
		struct pkt k = udp4(-1, (uint8_t)(i + 1));

		pcap_in(i, &k, 1);
		pcap_vdev(v[i], sizeof(v[i]), i);
	}
	run_fwd(&r, "0", vdevs, opts, 0);
	check_clean(&r, opts[0]);
	*configured = 0;
	for (unsigned int i = 0; i < 3; i++) {
		char key[32];
		unsigned int n = pcap_out(i, out);

		assert_true(n <= 1);
		sent_from[i] = n ? out[0].b[14 + 20 + 8] : 0;
		snprintf(key, sizeof(key), "Configuring Port %u ", i);
		*configured += strstr(r.out, key) != NULL;
	}
	run_free(&r);
}

static void test_topology(void **state)
{
	const char *chained[] = { "--port-topology=chained", "--duration=1", "--json", NULL };
	const char *mask[] = { "--portmask=0x5", "--duration=1", "--json", NULL };
	const char *loop1[] = { "--port-topology=loop", "--nb-ports=1", "--portmask=6",
				"--duration=1", "--json", NULL };
	const char *paired[] = { "--nb-ports=2", "--duration=1", "--json", NULL };
	uint8_t from[3];
	unsigned int conf;

	(void)state;
	if (!have_pcap_or_skip())
		return;
	/* chained: 0 -> 1 -> 2 -> 0 */
	topo_run(chained, from, &conf);
	assert_int_equal(conf, 3);
	assert_int_equal(from[0], 3);
	assert_int_equal(from[1], 1);
	assert_int_equal(from[2], 2);
	/* ports 0 and 2 paired; port 1 left alone */
	topo_run(mask, from, &conf);
	assert_int_equal(conf, 2);
	assert_int_equal(from[0], 3);
	assert_int_equal(from[1], 0);
	assert_int_equal(from[2], 1);
	/* of ports 1 and 2, the first only, to itself */
	topo_run(loop1, from, &conf);
	assert_int_equal(conf, 1);
	assert_int_equal(from[0], 0);
	assert_int_equal(from[1], 2);
	assert_int_equal(from[2], 0);
	/* the first two ports paired */
	topo_run(paired, from, &conf);
	assert_int_equal(conf, 2);
	assert_int_equal(from[0], 2);
	assert_int_equal(from[1], 1);
	assert_int_equal(from[2], 0);
}

/* --tx-ip, --tx-udp, --txonly-multi-flow in the --tx-first burst. */
static void test_tx_headers(void **state)
{
	char vdev[256];
	const char *vdevs[] = { vdev, NULL };
	const char *opts[] = { "--forward-mode=rxonly", "--tx-first", "--burst=8",
			       "--port-topology=loop", "--tx-ip=10.1.2.3,10.4.5.6",
			       "--tx-udp=1000,2000", "--txonly-multi-flow", "--duration=1", "--json",
			       NULL };
	struct pkt out[PCAP_MAX_PKTS];
	uint8_t src[4], dst[4];
	struct run r;

	(void)state;
	if (!have_pcap_or_skip())
		return;
	pcap_in(0, NULL, 0);
	pcap_vdev(vdev, sizeof(vdev), 0);
	run_fwd(&r, "0", vdevs, opts, 0);
	check_clean(&r, "pcap port, rxonly --tx-first --tx-ip --tx-udp --txonly-multi-flow");
	assert_int_equal(pcap_out(0, out), 8);
	inet_pton(AF_INET, "10.4.5.6", dst);
	for (unsigned int i = 0; i < 8; i++) {
		const uint8_t *ip = out[i].b + 14, *udp = ip + 20;

		assert_int_equal(out[i].len, 64);
		inet_pton(AF_INET, "10.1.2.3", src);
		src[2] = (uint8_t)i;		/* the flow: the source's third byte */
		assert_memory_equal(ip + 12, src, 4);
		assert_memory_equal(ip + 16, dst, 4);
		assert_int_equal(t_csum(ip, 20, 0), 0);
		assert_int_equal(udp[0] << 8 | udp[1], 1000);
		assert_int_equal(udp[2] << 8 | udp[3], 2000);
	}
	run_free(&r);
}

/* Memory and port options, the log type, the NIC block, burst records. */
static void test_port_options(void **state)
{
	const char *mem[] = { "--mbuf-size=9000", "--total-num-mbufs=8192", "--max-pkt-len=9018",
			      "--tx-first", "--txpkts=64,4000,4000", "--duration=1", "--json",
			      NULL };
	const char *rss[] = { "--rxq=2", "--rss-udp", "--enable-rx-cksum", "--record-burst-stats",
			      "--stats-period=0.3", "--duration=1", "--json", NULL };
	const char *small[] = { "--total-num-mbufs=1500", "--duration=1", NULL };
	struct run r;

	(void)state;
	/* 9000-byte buffers: order-2 pages; 8192 pages over 2 RX queues;
	 * MTU 9000 (net_ring takes any). */
	run_fwd(&r, "0", ring_pair, mem, 0);
	check_clean(&r, "ring pair, --mbuf-size --total-num-mbufs --max-pkt-len");
	assert_true(ju(r.json, "tx_packets") > 64 * 100);
	run_free(&r);

	run_fwd(&r, "0", null_pair, rss, 0);
	check_clean(&r, "null pair, --rxq=2 --rss-udp --enable-rx-cksum --record-burst-stats");
	assert_non_null(strstr(r.out, "is not set up for RSS"));
	assert_non_null(strstr(r.out, "has no RX checksum offload"));
	assert_non_null(strstr(r.out, "RX-bursts : "));
	assert_non_null(strstr(r.out, "TX-bursts : "));
	/* --stats-period: testpmd's NIC block, then libnetmem's lines */
	assert_non_null(strstr(r.out, "Port statistics ===================================="));
	assert_non_null(strstr(r.out, "NIC statistics for port 1 "));
	assert_non_null(strstr(r.out, "RX-missed: "));
	assert_non_null(strstr(r.out, "RX-nombuf: "));
	assert_non_null(strstr(r.out, "RX-errors: "));
	assert_non_null(strstr(r.out, "Rx-pps: "));
	assert_non_null(strstr(r.out, "Tx-bps: "));
	assert_non_null(strstr(r.out, "libnetmem: RX-skbs: "));
	run_free(&r);

	/* 1500 pages over 2 queues of 1024 descriptors: refused, said why */
	run_fwd(&r, "0", null_pair, small, 0);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "netmem-fwd: --total-num-mbufs=1500"));
	run_free(&r);
}

static void test_log_type(void **state)
{
	const char *opts[] = { "--mbuf-size=9000", "--duration=1", "--json", NULL };
	struct run r;

	(void)state;
	log_debug = true;
	run_fwd(&r, "0", null_pair, opts, 0);
	log_debug = false;
	check_clean(&r, "null pair, --log-level=netmem.fwd:debug --mbuf-size=9000");
	assert_non_null(strstr(r.err, "netmem-fwd: port 0 (net_null): flags"));
	assert_non_null(strstr(r.err, "page order 2"));
	assert_non_null(strstr(r.err, "netmem-fwd: stream 0: RX 0/0 -> TX 1/0 on lcore 0"));
	run_free(&r);

	/* notice by default: no debug lines */
	run_fwd(&r, "0", null_pair, opts, 0);
	check_clean(&r, "null pair, default log level");
	assert_null(strstr(r.err, "page order"));
	run_free(&r);
}

/* -i: commands through stdin. */
static void check_interactive(const struct run *r)
{
	assert_non_null(strstr(r->out, "Interactive-mode selected"));
	assert_non_null(strstr(r->out, "netmem-fwd> "));
	assert_non_null(strstr(r->out, "show port stats (port_id|all)"));	/* help */
	assert_non_null(strstr(r->out, "Start forwarding (tx-first)"));
	assert_non_null(strstr(r->out, "NIC statistics for port 0 "));
	assert_non_null(strstr(r->out, "Rx-pps: "));
	assert_non_null(strstr(r->out, "Forward statistics for port 1 "));
	assert_non_null(strstr(r->out, "Accumulated forward statistics for all ports"));
	assert_non_null(strstr(r->out, "\nDone.\n"));
	assert_non_null(strstr(r->out, "Set macswap packet forwarding mode"));
	assert_non_null(strstr(r->out, "Bad arguments"));	/* set fwd bogus */
	assert_non_null(strstr(r->out, "macswap packet forwarding - ports=2"));
	assert_non_null(strstr(r->out, "NIC statistics for port 0 cleared"));
	assert_non_null(strstr(r->out, "Invalid port 9"));
	assert_non_null(strstr(r->out, "Packet forwarding not started"));
	assert_non_null(strstr(r->out, "RX-bursts : "));
	assert_non_null(strstr(r->json, "\"mode\":\"macswap\""));
}

static void test_interactive(void **state)
{
	min_duration = 0;
	const char *opts[] = { "-i", "--record-burst-stats", "--json", NULL };
	const char *cmds[] = {
		"help", "start tx_first", "0.5", "show port stats all", "0.2", "stop",
		"stop", "set fwd bogus", "set fwd macswap", "start", "0.3",
		"show fwd stats all", "clear port stats all", "show port stats 9",
		"show port stats 1", "stop", "quit", NULL,
	};
	struct run r;

	(void)state;
	run_fwd_in(&r, "0", ring_pair, opts, 0, cmds);
	check_clean(&r, "ring pair, -i on the main lcore");
	check_interactive(&r);
	/* rx + generated = tx + dropped + consumed over both runs */
	assert_int_equal(ju(r.json, "generated"), 64);
	run_free(&r);

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		min_duration = 0.5;
		return;
	}
	run_fwd_in(&r, "0-1", ring_pair, opts, 0, cmds);
	check_clean(&r, "ring pair, -i with a worker lcore");
	check_interactive(&r);
	assert_non_null(strstr(r.out, "Logical Core 1"));
	run_free(&r);
	min_duration = 0.5;
}

/* -i -a: forwarding from the start; end of input, and SIGINT, quit as
 * "quit". */
static void test_interactive_eof(void **state)
{
	const char *opts[] = { "-i", "-a", "--json", NULL };
	const char *cmds[] = { "1", NULL };
	struct run r;

	(void)state;
	min_duration = 0;
	run_fwd_in(&r, "0", null_pair, opts, 0, cmds);
	check_clean(&r, "null pair, -i -a, end of input");
	assert_non_null(strstr(r.out, "Start forwarding"));
	assert_non_null(strstr(r.out, "\nDone.\n"));
	assert_true(ju(r.json, "tx_packets") > 0);
	run_free(&r);

	/* SIGINT at the prompt, stdin still open: quits as "quit" */
	run_fwd_in(&r, "0", null_pair, opts, 1.0, cmds);
	check_clean(&r, "null pair, -i -a, SIGINT at the prompt");
	assert_non_null(strstr(r.out, "\nDone.\n"));
	run_free(&r);
	min_duration = 0.5;
}

static int pcap_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nm_test_fwd.XXXXXX");
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int pcap_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icmpecho),
		cmocka_unit_test(test_5tswap),
		cmocka_unit_test(test_topology),
		cmocka_unit_test(test_tx_headers),
		cmocka_unit_test(test_port_options),
		cmocka_unit_test(test_log_type),
		cmocka_unit_test(test_interactive),
		cmocka_unit_test(test_interactive_eof),
	};

	fwd_path = getenv("NM_FWD");
	if (fwd_path == NULL || access(fwd_path, X_OK) != 0) {
		printf("skipped: NM_FWD does not name the netmem-fwd program\n");
		return NM_TEST_SKIP;
	}
	signal(SIGPIPE, SIG_IGN);	/* -i runs: writing to a program gone */
	return cmocka_run_group_tests(tests, pcap_setup, pcap_teardown);
}
