/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping netmem-fwd at full rate (issue 19): 20 runs of the built
 * program ($NM_FWD) on two net_ring loopback ports with --tx-first, so the
 * packets circulate as fast as the forwarding lcore moves them, each
 * stopped by a signal a different time after "Start forwarding":
 * SIGINT and SIGTERM in turn, modes io, mac, macswap, csum, 5tswap, gso
 * in turn, a forwarding lcore of its own (-l 0-1) where there are two
 * CPUs, else the main lcore (-l 0).
 *
 * Every stop must be clean: exit status 0 within 30 s, no sanitizer
 * report, and the --json line says rx_packets > 0 (it was forwarding) and
 * nothing leaked (inflight, pools_waiting, skb_live, misuse, leak all 0).
 * No timing is asserted: the delays only vary where the signal lands.
 *
 * No root needed; exits 77 when NM_FWD is not set (run through meson).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_common.h"
#include "test_json.h"

#define STOPS		20
#define T_START		60
#define T_STOP		30

static const char *fwd_path;

static const char *const modes[] = {
	"--forward-mode=io", "--forward-mode=mac", "--forward-mode=macswap",
	"--forward-mode=csum", "--forward-mode=5tswap", "--forward-mode=gso",
};

static void dump(const char *out, const char *err, const char *why)
{
	printf("fwd_stop: %s; stdout (tail):\n", why);
	e2e_print_file(out, "    | ", 3000);
	printf("    stderr (tail):\n");
	e2e_print_file(err, "    | ", 3000);
}

static void one_stop(unsigned int k, bool two_lcores)
{
	const int sig = k % 2 ? SIGTERM : SIGINT;
	const unsigned int delay_ms = 20 + (k * 137) % 400;
	char out[128], err[128];
	char *argv[] = {
		(char *)fwd_path, "--no-huge", "--no-shconf", "--no-pci", "--no-telemetry",
		"-m", "512", "--log-level=lib.eal:error", "-l", two_lcores ? "0-1" : "0",
		"--vdev=net_ring0", "--vdev=net_ring1", "--", (char *)modes[k % E2E_DIM(modes)],
		"--tx-first", "--json", NULL,
	};
	double t0 = e2e_now_s();
	char *json;
	int code;
	pid_t pid;
	bool ended;

	e2e_tmp_path(out, sizeof(out), "fwd.out");
	e2e_tmp_path(err, sizeof(err), "fwd.err");
	unlink(out);
	unlink(err);
	pid = e2e_spawn(out, err, argv);
	assert_true(pid > 0);
	while (!e2e_file_has(out, "Start forwarding")) {
		if (waitpid(pid, &code, WNOHANG) == pid) {
			e2e_forget_child(pid);
			dump(out, err, "netmem-fwd ended before forwarding");
			fail();
		}
		if (e2e_now_s() - t0 > T_START) {
			dump(out, err, "netmem-fwd did not start forwarding in time");
			fail();
		}
		usleep(5000);
	}
	usleep(delay_ms * 1000);
	kill(pid, sig);
	ended = e2e_wait_child(pid, T_STOP, &code);
	if (!ended || code != 0 || e2e_has_sanitizer_report(err))
		dump(out, err, ended ? "netmem-fwd did not exit cleanly" :
				       "netmem-fwd did not stop on the signal");
	assert_true(ended);
	assert_int_equal(code, 0);
	assert_false(e2e_has_sanitizer_report(err));
	json = e2e_last_json(out);
	if (json == NULL)
		dump(out, err, "no JSON line last");
	assert_non_null(json);
	printf("fwd_stop: %2u %-22s %s after %3u ms: exit 0, rx %.0f tx %.0f, inflight %.0f "
	       "skb_live %.0f misuse %.0f leak %.0f\n", k + 1, modes[k % E2E_DIM(modes)],
	       sig == SIGINT ? "SIGINT " : "SIGTERM", delay_ms, jnum(json, "rx_packets"),
	       jnum(json, "tx_packets"), jnum(json, "inflight"), jnum(json, "skb_live"),
	       jnum(json, "misuse"), jnum(json, "leak"));
	assert_true(jnum(json, "rx_packets") > 0);
	assert_true(jnum(json, "inflight") == 0);
	assert_true(jnum(json, "pools_waiting") == 0);
	assert_true(jnum(json, "skb_live") == 0);
	assert_true(jnum(json, "misuse") == 0);
	assert_true(jnum(json, "leak") == 0);
	free(json);
}

static void test_stops(void **state)
{
	const bool two = sysconf(_SC_NPROCESSORS_ONLN) >= 2;

	(void)state;
	printf("fwd_stop: %d stops, %s\n", STOPS,
	       two ? "forwarding on lcore 1 (-l 0-1)" : "forwarding on the main lcore (-l 0)");
	for (unsigned int k = 0; k < STOPS; k++)
		one_stop(k, two);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_stops) };
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	E2E.tag = "fwd_stop";
	fwd_path = getenv("NM_FWD");
	if (fwd_path == NULL || fwd_path[0] == '\0') {
		printf("skipped: NM_FWD (the path of netmem-fwd) is not set: run through meson test\n");
		return NM_TEST_SKIP;
	}
	e2e_reap_stale("nfsX", "X", "fsX", "nm-fwd-stop");
	e2e_install_cleanup();
	if (e2e_make_tmpdir("nm-fwd-stop") != 0)
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	e2e_cleanup_all();
	return ret;
}
