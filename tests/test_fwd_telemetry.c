/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd (NM_FWD) seen through its telemetry socket, as a user inspects
 * a running forwarder: started in interactive mode on two net_null ports,
 * its RX queues' page_pools are listed with their port and queue; after a
 * start and a stop, /netmem/port/stats gives the packets and bytes its
 * "show port stats" prints, and no skb is left. dpdk-telemetry.py
 * (NM_TELEMETRY_PY, when the build found it) reads the same. Exits 77 when
 * the socket cannot be made.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_json.h"
#include "telemetry_client.h"

#define OUT_MAX		(1 << 20)
#define WAIT_MS		60000	/* a bound on a hung program, not a timing */

static pid_t child = -1;
static int to_child = -1, from_child = -1;
static char out[OUT_MAX];
static size_t out_len;
static char file_prefix[48], rundir[PATH_MAX];

/* Reads the program's output until @p marker appears at or after @p from;
 * returns the offset of the marker. */
static size_t wait_for(const char *marker, size_t from)
{
	for (;;) {
		struct pollfd pfd = { .fd = from_child, .events = POLLIN };
		const char *hit;
		ssize_t n;

		out[out_len] = '\0';
		hit = strstr(out + from, marker);
		if (hit != NULL)
			return (size_t)(hit - out);
		if (poll(&pfd, 1, WAIT_MS) <= 0 || out_len >= OUT_MAX - 1) {
			printf("no \"%s\" in netmem-fwd's output:\n%s\n", marker, out);
			fail();
		}
		n = read(from_child, out + out_len, OUT_MAX - 1 - out_len);
		if (n <= 0) {
			printf("netmem-fwd ended before \"%s\":\n%s\n", marker, out);
			fail();
		}
		out_len += (size_t)n;
	}
}

static void send_cmd(const char *cmd)
{
	size_t len = strlen(cmd);

	assert_int_equal(write(to_child, cmd, len), (ssize_t)len);
	assert_int_equal(write(to_child, "\n", 1), 1);
}

/* The EAL's runtime directory of @p prefix (eal_create_runtime_dir()). */
static void runtime_dir(const char *prefix)
{
	const char *base = "/var/run";
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (getuid() != 0)
		base = xdg != NULL ? xdg : "/tmp";
	snprintf(rundir, sizeof(rundir), "%s/dpdk/%s", base, prefix);
}

static void fwd_spawn(const char *fwd)
{
	char prefix_arg[80];
	char *argv[] = {
		(char *)fwd, "-l", "0", "--no-huge", "--no-shconf", "--no-pci", "-m", "512",
		"--log-level=lib.eal:error", prefix_arg, "--vdev=net_null0",
		"--vdev=net_null1", "--", "-i", NULL,
	};
	int in[2], o[2];

	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s", file_prefix);
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(o), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(o[1], STDOUT_FILENO);
		close(in[1]);
		close(o[0]);
		execv(fwd, argv);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	to_child = in[1];
	from_child = o[0];
}

/* The page_pool of RX queue 0 of @p port among the listed ones. */
static uint32_t rx_pool_of(uint16_t port)
{
	uint32_t ids[512], found = UINT32_MAX;
	unsigned int n = tel_list(tel_query("/netmem/page_pool/list"), ids, 512);

	for (unsigned int i = 0; i < n; i++) {
		const char *j = tel_queryf("/netmem/page_pool/info,%u", ids[i]);

		if (strstr(j, "\"ifindex\":") == NULL || jnum(j, "ifindex") != port)
			continue;
		assert_int_equal(jnum(j, "queue"), 0);
		assert_int_equal(found, UINT32_MAX);	/* one RX queue: one pool */
		found = ids[i];
	}
	assert_true(found != UINT32_MAX);
	return found;
}

/* A number of "show port stats @p port" (after @p from): @p key's value. */
static uint64_t shown(size_t from, const char *key)
{
	size_t at = wait_for(key, from);

	return strtoull(out + at + strlen(key), NULL, 10);
}

static void test_fwd_telemetry(void **state)
{
	const char *fwd = getenv("NM_FWD"), *py = getenv("NM_TELEMETRY_PY");
	uint64_t rx[2], rx_bytes[2], tx[2];
	uint32_t pool0, pool1;
	const char *j;
	char why[256];
	int status;

	(void)state;
	assert_non_null(fwd);
	snprintf(file_prefix, sizeof(file_prefix), "nm_fwdtel_%d", (int)getpid());
	runtime_dir(file_prefix);
	fwd_spawn(fwd);
	wait_for("netmem-fwd> ", 0);	/* the EAL and the ports are up */
	if (!tel_open(rundir, why, sizeof(why))) {
		send_cmd("quit");
		waitpid(child, &status, 0);
		printf("skipped: %s\n", why);
		exit(77);
	}

	/* Before any forwarding: the RX pools, nothing counted. */
	pool0 = rx_pool_of(0);
	pool1 = rx_pool_of(1);
	assert_true(pool0 != pool1);
	for (uint16_t p = 0; p < 2; p++) {
		j = tel_queryf("/netmem/port/stats,%u", p);
		assert_int_equal(jnum(j, "port"), p);
		assert_int_equal(jnum(j, "queues"), 1);
		assert_int_equal(jnum(j, "rx_packets"), 0);
		assert_int_equal(jnum(j, "tx_packets"), 0);
	}
	assert_string_equal(tel_query("/netmem/port/stats,2"), "{\"/netmem/port/stats\":null}");

	send_cmd("start");
	wait_for("Start forwarding", 0);
	send_cmd("stop");
	wait_for("\nDone.\n", 0);

	/* Stopped: the counters hold still and are the ones netmem-fwd shows. */
	for (uint16_t p = 0; p < 2; p++) {
		char cmd[32];
		size_t at;

		j = tel_queryf("/netmem/port/stats,%u", p);
		rx[p] = (uint64_t)jnum(j, "rx_packets");
		rx_bytes[p] = (uint64_t)jnum(j, "rx_bytes");
		tx[p] = (uint64_t)jnum(j, "tx_packets");
		assert_int_equal(jnum(j, "q0.rx_packets"), rx[p]);
		snprintf(cmd, sizeof(cmd), "show port stats %u", p);
		send_cmd(cmd);
		snprintf(cmd, sizeof(cmd), "NIC statistics for port %-2u", p);
		at = wait_for(cmd, out_len);
		assert_int_equal(shown(at, "RX-packets: "), rx[p]);
		assert_int_equal(rx_bytes[p], 64 * rx[p]);	/* net_null: 64-byte packets */
		assert_int_equal(shown(at, "TX-packets: "), tx[p]);
	}
	assert_true(rx[0] > 0);
	assert_true(rx[1] > 0);
	j = tel_query("/netmem/skb/stats");
	assert_int_equal(jnum(j, "live"), 0);
	j = tel_queryf("/netmem/page_pool/stats,%u", pool0);
	assert_int_equal(jnum(j, "id"), pool0);
	assert_int_equal(jnum(j, "ifindex"), 0);

	/* DPDK's own client reads the same numbers. */
	if (py != NULL && *py != '\0') {
		char cmd[PATH_MAX + 128], buf[4096];
		size_t n;
		FILE *f;

		snprintf(cmd, sizeof(cmd), "echo /netmem/port/stats,0 | %s -f %s 2>&1",
			 py, file_prefix);
		f = popen(cmd, "r");
		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		assert_int_equal(pclose(f), 0);
		j = strstr(buf, "\"/netmem/port/stats\"");
		assert_non_null(j);
		assert_int_equal(jnum(j, "rx_packets"), rx[0]);
	} else {
		printf("dpdk-telemetry.py not found: its part skipped\n");
	}

	close(tel_fd);
	send_cmd("quit");
	close(to_child);
	wait_for("Bye...", 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	(void)pool1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fwd_telemetry),
	};
	int ret;

	signal(SIGPIPE, SIG_IGN);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	if (child > 0 && waitpid(child, NULL, WNOHANG) == 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	/* The prefix is this test's: what the program left goes. */
	if (rundir[0] != '\0') {
		char sock[PATH_MAX + 32];

		snprintf(sock, sizeof(sock), "%s/dpdk_telemetry.v2", rundir);
		unlink(sock);
		rmdir(rundir);
	}
	return ret;
}
