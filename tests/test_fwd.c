/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd end to end (examples/fwd): runs the built program ($NM_FWD) on
 * virtual ports only and reads the JSON object it prints last (--json):
 *  - every forwarding mode on a net_null pair and on a net_ring loopback
 *    pair (--tx-first) for --duration=1: exit status 0, the balance
 *    rx + generated == tx + dropped + consumed, no page in flight, no live
 *    skb, no misuse; rxonly sends nothing; gso segments; csum repairs the
 *    bad checksums it is given;
 *  - txonly --txpkts=64,1000,2000 --verify on a ring pair: packets made of a
 *    linear part and two page_pool frags come back byte for byte;
 *  - --devmem: payload taken as device-memory records, checked through the
 *    region, tokens given back, the region released at exit;
 *  - --verify is not vacuous (net_null's garbage fails it);
 *  - SIGINT stops it cleanly; bad options (the testpmd ones too) exit 2
 *    with a message.
 * testpmd's habits (-i, icmpecho, 5tswap, topology ...) are
 * test_fwd_testpmd.c's. Each run takes a few seconds at most (killed after
 * 60).
 */
#include "test_common.h"
#include "test_json.h"
#include "fwd_run.h"

static const char *const modes[] = {
	"io", "mac", "macswap", "rxonly", "txonly", "csum", "gso", "flowgen",
};

static bool generates(const char *mode)
{
	return strcmp(mode, "txonly") == 0 || strcmp(mode, "flowgen") == 0;
}

static void test_modes_null(void **state)
{
	(void)state;
	for (unsigned int m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		char mode[64], what[96];
		const char *opts[] = { mode, "--duration=1", "--json", NULL };
		struct run r;

		snprintf(mode, sizeof(mode), "--forward-mode=%s", modes[m]);
		snprintf(what, sizeof(what), "null pair, %s", modes[m]);
		run_fwd(&r, "0", null_pair, opts, 0);
		check_clean(&r, what);
		if (strcmp(modes[m], "rxonly") == 0) {
			assert_int_equal(ju(r.json, "tx_packets"), 0);
			assert_true(ju(r.json, "rx_packets") > 0);
			assert_true(ju(r.json, "consumed") == ju(r.json, "rx_packets"));
		} else if (generates(modes[m])) {
			assert_true(ju(r.json, "generated") > 0);
			assert_true(ju(r.json, "tx_packets") > 0);
		} else {
			assert_true(ju(r.json, "rx_packets") > 0);
			assert_true(ju(r.json, "tx_packets") > 0);
		}
		/* net_null frees whole pages: nothing is copied on io paths. */
		if (strcmp(modes[m], "io") == 0)
			assert_int_equal(ju(r.json, "copied_bytes"), 0);
		run_free(&r);
	}
}

static void test_modes_ring(void **state)
{
	(void)state;
	for (unsigned int m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		char mode[64], what[96];
		const char *txpkts = strcmp(modes[m], "gso") == 0 ? "--txpkts=64,4000,4000" :
				     "--txpkts=64,1000";
		const char *extra = strcmp(modes[m], "csum") == 0 ? "--tx-bad-csum=4" : "--burst=32";
		const char *opts[] = { mode, "--duration=1", "--json", "--tx-first", txpkts, extra,
				       NULL };
		struct run r;

		snprintf(mode, sizeof(mode), "--forward-mode=%s", modes[m]);
		snprintf(what, sizeof(what), "ring pair, tx-first, %s", modes[m]);
		run_fwd(&r, "0", ring_pair, opts, 0);
		check_clean(&r, what);
		if (strcmp(modes[m], "rxonly") == 0) {
			/* the first burst of each stream comes back and is consumed */
			assert_int_equal(ju(r.json, "consumed"), 64);
			assert_int_equal(ju(r.json, "tx_packets"), 64);
		} else if (!generates(modes[m])) {
			/* the loop keeps going: far more forwarded than sent first */
			assert_true(ju(r.json, "tx_packets") > 64 * 100);
			assert_int_equal(ju(r.json, "drops.tx_full"), 0);
		}
		if (strcmp(modes[m], "gso") == 0) {
			/* 64 packets of 8064 bytes into MTU-sized UDP segments */
			assert_int_equal(ju(r.json, "gso.skbs"), 64);
			assert_int_equal(ju(r.json, "gso.segs"), 64 * 6);
			assert_int_equal(ju(r.json, "gso.drops"), 0);
		}
		if (strcmp(modes[m], "csum") == 0) {
			/* every 4th of the 64 first packets had both checksums bad */
			assert_int_equal(ju(r.json, "csum.ip_bad"), 16);
			assert_int_equal(ju(r.json, "csum.l4_bad"), 16);
			assert_int_equal(ju(r.json, "csum.fixed"), 16);
		}
		run_free(&r);
	}
}

/* netmem-fwd on the ring pair with @opts, --verify among them: every
 * packet consumed passes it. The caller frees @r. */
static void run_verified(struct run *r, const char *const *opts, const char *what)
{
	run_fwd(r, "0", ring_pair, opts, 0);
	check_clean(r, what);
	assert_true(ju(r->json, "verify.ok") > 1000);
	assert_int_equal(ju(r->json, "verify.bad"), 0);
}

/* flowgen's packets come back with the flow of their sequence number
 * (destination address, UDP source port): --verify checks it. */
static void test_flowgen_verify(void **state)
{
	const char *opts[] = { "--forward-mode=flowgen", "--flowgen-flows=100", "--verify",
			       "--duration=1", "--json", NULL };
	struct run r;

	(void)state;
	run_verified(&r, opts, "ring pair, flowgen 100 flows --verify");
	run_free(&r);
}

/* Linear part + two page_pool frags, sent and received on ring loopbacks. */
static void test_txonly_frags_verify(void **state)
{
	const char *opts[] = { "--forward-mode=txonly", "--txpkts=64,1000,2000", "--verify",
			       "--duration=1", "--json", NULL };
	struct run r;

	(void)state;
	run_verified(&r, opts, "ring pair, txonly 64+1000+2000 --verify");
	assert_int_equal(ju(r.json, "tx_bytes"), ju(r.json, "tx_packets") * 3064);
	assert_int_equal(ju(r.json, "rx_bytes"), ju(r.json, "rx_packets") * 3064);
	/* the frags are page_pool pages of the generator, recycled */
	assert_true(ju(r.json, "gen_page_pool.recycle_cached") + ju(r.json, "gen_page_pool.recycle_ring") > 0);
	run_free(&r);
}

/* --tx-tso: TCP GSO skbs of 8064 bytes, gso_size 1000; net_null has no
 * TSO, so the port segments each (9 segments: 8 of 1054 bytes, one of 64,
 * counted as the port's packets: check_clean()'s balance is of skbs). */
static void test_txonly_tso(void **state)
{
	const char *opts[] = { "--forward-mode=txonly", "--txpkts=64,4000,4000", "--tx-tso=1000",
			       "--duration=1", "--json", NULL };
	struct run r;
	uint64_t gen;

	(void)state;
	run_fwd(&r, "0", null_pair, opts, 0);
	if (r.status != 0)
		run_dump(&r);
	assert_int_equal(r.status, 0);
	gen = ju(r.json, "generated");
	printf("null pair, txonly --tx-tso=1000: %" PRIu64 " skbs, %" PRIu64 " segments\n", gen,
	       ju(r.json, "tx_packets"));
	assert_true(gen > 0);
	assert_int_equal(ju(r.json, "dropped"), 0);
	assert_int_equal(ju(r.json, "tx_packets"), 9 * gen);
	assert_int_equal(ju(r.json, "tx_bytes"), (8 * 1054 + 64) * gen);
	assert_true(ju(r.json, "port.tx_gso_sw") > 0);
	assert_int_equal(ju(r.json, "port.tx_csum_sw"), 0);
	assert_int_equal(ju(r.json, "inflight"), 0);
	assert_int_equal(ju(r.json, "skb_live"), 0);
	assert_int_equal(ju(r.json, "misuse"), 0);
	assert_int_equal(ju(r.json, "leak"), 0);
	run_free(&r);
}

/* The checker is not vacuous: net_null delivers garbage. */
static void test_verify_detects(void **state)
{
	const char *opts[] = { "--forward-mode=rxonly", "--verify", "--duration=1", "--json", NULL };
	struct run r;

	(void)state;
	run_fwd(&r, "0", null_pair, opts, 0);
	check_clean(&r, "null pair, rxonly --verify (garbage)");
	assert_true(ju(r.json, "verify.bad") > 0);
	assert_int_equal(ju(r.json, "verify.ok"), 0);
	run_free(&r);
}

static void test_devmem(void **state)
{
	const char *rx[] = { "--forward-mode=rxonly", "--tx-first", "--verify", "--devmem=8M",
			     "--txpkts=100,3000,17", "--duration=1", "--json", NULL };
	const char *tx[] = { "--forward-mode=txonly", "--verify", "--devmem=8M",
			     "--txpkts=64,1000,2000", "--duration=1", "--json", NULL };
	const char *io[] = { "--forward-mode=io", "--tx-first", "--devmem=8M",
			     "--txpkts=64,1000,2000", "--duration=1", "--json", NULL };
	struct run r;

	(void)state;
	run_fwd(&r, "0", ring_pair, rx, 0);
	check_clean(&r, "ring pair, rxonly --devmem --verify");
	assert_int_equal(ju(r.json, "devmem.skbs"), 64);
	assert_true(ju(r.json, "devmem.records") >= 64);
	assert_int_equal(ju(r.json, "devmem.tokens"), ju(r.json, "devmem.records"));
	assert_int_equal(ju(r.json, "devmem.bytes"), 64 * (3117 - 42));
	assert_int_equal(ju(r.json, "verify.ok"), 64);
	assert_int_equal(ju(r.json, "verify.bad"), 0);
	assert_int_equal(ju(r.json, "devmem.released"), 1);
	run_free(&r);

	run_fwd(&r, "0", ring_pair, tx, 0);
	check_clean(&r, "ring pair, txonly --devmem --verify");
	assert_true(ju(r.json, "devmem.records") > 1000);
	assert_true(ju(r.json, "verify.ok") > 1000);
	assert_int_equal(ju(r.json, "verify.bad"), 0);
	assert_int_equal(ju(r.json, "devmem.errors"), 0);
	assert_int_equal(ju(r.json, "devmem.released"), 1);
	run_free(&r);

	/* Unreadable skbs forwarded as they are (net_iov frags as external
	 * TX segments). */
	run_fwd(&r, "0", ring_pair, io, 0);
	check_clean(&r, "ring pair, io --devmem");
	assert_true(ju(r.json, "tx_packets") > 64 * 10);
	assert_int_equal(ju(r.json, "devmem.released"), 1);
	run_free(&r);
}

static void test_header_split(void **state)
{
	const char *opts[] = { "--header-split", "--duration=1", "--json", NULL };
	struct run r;

	(void)state;
	run_fwd(&r, "0", null_pair, opts, 0);
	check_clean(&r, "null pair, io --header-split (software)");
	assert_non_null(strstr(r.out, "software split"));
	assert_true(ju(r.json, "hdr_copied_bytes") > 0);
	run_free(&r);
}

static void test_sigint(void **state)
{
	const char *opts[] = { "--forward-mode=mac", "--json", NULL };
	struct run r;

	(void)state;
	run_fwd(&r, "0", null_pair, opts, 2.5);
	check_clean(&r, "null pair, mac, stopped by SIGINT");
	run_free(&r);
}

static void test_two_lcores(void **state)
{
	const char *opts[] = { "--rxq=2", "--nb-cores=1", "--tx-first", "--duration=1", "--json",
			       NULL };
	struct run r;

	(void)state;
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		skip();
		return;
	}
	run_fwd(&r, "0-1", ring_pair, opts, 0);
	check_clean(&r, "ring pair, io, 2 queues on a worker lcore");
	assert_int_equal(ju(r.json, "streams"), 4);
	assert_non_null(strstr(r.out, "Logical Core 1"));
	run_free(&r);
}

static void test_bad_options(void **state)
{
	static const char *const bad[][3] = {
		{ "--burst=0" }, { "--burst=513" }, { "--burst=x" }, { "--forward-mode=bogus" },
		{ "--txpkts=10" }, { "--txpkts=64,5000" }, { "--txpkts=" },
		{ "--eth-peer=0,02:00:00:00:00" }, { "--eth-peer=99,02:00:00:00:00:01" },
		{ "--stats-period=0" }, { "--duration=-1" }, { "--devmem=12345" },
		{ "--devmem=1T" }, { "--mtu=10" }, { "--rxq=0" }, { "--rxq=2", "--txq=1" },
		{ "--nb-cores=0" }, { "--unknown-option" }, { "--json=yes" }, { "--burst" },
		{ "--verify", "--forward-mode=gso" }, { "stray" },
		{ "--portmask=0" }, { "--portmask=xyz" }, { "--port-topology=ring" },
		{ "--nb-ports=0" }, { "--total-num-mbufs=1000" }, { "--mbuf-size=70000" },
		{ "--mbuf-size=2048,4096" }, { "--tx-ip=1.2.3.4" }, { "--tx-ip=1.2.3,4.5.6.7" },
		{ "--tx-udp=70000" }, { "--tx-udp=9,x" }, { "--max-pkt-len=10" },
		{ "--max-pkt-len=1518", "--mtu=1500" }, { "-i", "--stats-period=1" },
		{ "-i", "--tx-first" }, { "-x" },
		/* checked after the EAL is up */
		{ "--nb-cores=2" }, { "--eth-peer=5,02:00:00:00:00:01" },
		{ "--portmask=0x10" }, { "--nb-ports=3" },
		{ "--tx-tso=1000" }, { "--forward-mode=txonly", "--tx-tso=0" },
		{ "--forward-mode=txonly", "--tx-tso=1000", "--verify" },
	};

	(void)state;
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *opts[4] = { bad[i][0], bad[i][1], bad[i][2], NULL };
		struct run r;

		run_fwd(&r, "0", null_pair, opts, 0);
		printf("%-40s exit %d: %s", bad[i][0], r.status, r.err);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, "netmem-fwd:"));
		run_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_modes_null),
		cmocka_unit_test(test_modes_ring),
		cmocka_unit_test(test_txonly_frags_verify),
		cmocka_unit_test(test_flowgen_verify),
		cmocka_unit_test(test_txonly_tso),
		cmocka_unit_test(test_verify_detects),
		cmocka_unit_test(test_devmem),
		cmocka_unit_test(test_header_split),
		cmocka_unit_test(test_sigint),
		cmocka_unit_test(test_two_lcores),
	};

	fwd_path = getenv("NM_FWD");
	if (fwd_path == NULL || access(fwd_path, X_OK) != 0) {
		printf("skipped: NM_FWD does not name the netmem-fwd program\n");
		return NM_TEST_SKIP;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
