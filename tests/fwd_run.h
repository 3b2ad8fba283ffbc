/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the tests that run netmem-fwd (test_fwd.c, test_fwd_testpmd.c):
 * run_fwd() starts the built program ($NM_FWD) on virtual ports with the
 * EAL options of eal_base[], waits for it (killed after RUN_TIMEOUT_S),
 * and keeps its stdout, stderr and the JSON object it prints last;
 * run_fwd_in() also feeds it commands on stdin (-i). check_clean() is what
 * every successful run must show. One run at a time, in static buffers.
 * Include after test_common.h and test_json.h.
 */
#ifndef NM_TEST_FWD_RUN_H
#define NM_TEST_FWD_RUN_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_ARGS	64
#define OUT_MAX		(1 << 20)
#define RUN_TIMEOUT_S	60

static const char *fwd_path;
/* Adds --log-level=netmem.fwd:debug to the EAL options of the next runs. */
static bool log_debug;
static char out_buf[OUT_MAX], err_buf[OUT_MAX];

static const char *const eal_base[] = {
	"--no-huge", "--no-shconf", "--no-pci", "--no-telemetry", "-m", "512",
	"--log-level=lib.eal:error", NULL,
};

struct run {
	int status;		/* exit status, or 128 + signal */
	char *out;		/* stdout */
	char *err;		/* stderr */
	const char *json;	/* the last line of stdout */
};

static inline void read_all(int fd, char *buf, size_t max)
{
	size_t len = 0;
	ssize_t n;

	while (len < max - 1 && (n = read(fd, buf + len, max - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Runs netmem-fwd with @lcores ("0" or "0-1"), @vdevs (NULL-terminated)
 * and the application options @opts (NULL-terminated). With @sigint_after
 * > 0 the run gets SIGINT after that many seconds.
 */
static inline void run_fwd_in(struct run *r, const char *lcores, const char *const *vdevs,
		       const char *const *opts, double sigint_after, const char *const *cmds);

static inline void run_fwd(struct run *r, const char *lcores, const char *const *vdevs,
		    const char *const *opts, double sigint_after)
{
	run_fwd_in(r, lcores, vdevs, opts, sigint_after, NULL);
}

/* Seconds to wait after a command line that is only a number: "0.5" in
 * @cmds is a pause, not a command. */
static inline double pause_of(const char *cmd)
{
	char *end;
	double v = strtod(cmd, &end);

	return end != cmd && *end == '\0' ? v : -1;
}

/*
 * As run_fwd(); with @cmds the program's stdin is a pipe: each line of
 * @cmds (NULL-terminated) is written to it in turn, a number being a pause
 * of that many seconds instead, and the pipe is closed at the end (end of
 * input).
 */
static inline void run_fwd_in(struct run *r, const char *lcores, const char *const *vdevs,
		       const char *const *opts, double sigint_after, const char *const *cmds)
{
	char *argv[MAX_ARGS];
	int argc = 0, out[2], err[2], in[2] = { -1, -1 }, wst;
	char lflag[32];
	pid_t pid;
	double t0;
	bool signalled = false;

	argv[argc++] = (char *)fwd_path;
	for (int i = 0; eal_base[i] != NULL; i++)
		argv[argc++] = (char *)eal_base[i];
	snprintf(lflag, sizeof(lflag), "-l%s", lcores);
	argv[argc++] = lflag;
	if (log_debug)
		argv[argc++] = (char *)"--log-level=netmem.fwd:debug";
	for (int i = 0; vdevs[i] != NULL; i++) {
		argv[argc++] = (char *)"--vdev";
		argv[argc++] = (char *)vdevs[i];
	}
	argv[argc++] = (char *)"--";
	for (int i = 0; opts[i] != NULL && argc < MAX_ARGS - 1; i++)
		argv[argc++] = (char *)opts[i];
	argv[argc] = NULL;

	/* stdout and stderr go to files: a pipe could fill while we wait. */
	char oname[] = "/tmp/nm_test_fwd_out.XXXXXX", ename[] = "/tmp/nm_test_fwd_err.XXXXXX";

	out[0] = mkstemp(oname);
	err[0] = mkstemp(ename);
	assert_true(out[0] >= 0 && err[0] >= 0);
	unlink(oname);
	unlink(ename);
	out[1] = dup(out[0]);
	err[1] = dup(err[0]);
	if (cmds != NULL)
		assert_int_equal(pipe(in), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		if (cmds != NULL) {
			dup2(in[0], STDIN_FILENO);
			close(in[1]);
		}
		execv(fwd_path, argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	t0 = now_s();
	if (cmds != NULL) {
		close(in[0]);
		/* The first command once the prompt is there (a slow start,
		 * e.g. under ASan, must not squeeze the pauses together). */
		while (now_s() - t0 < RUN_TIMEOUT_S / 2) {
			ssize_t n = pread(out[0], out_buf, OUT_MAX - 1, 0);

			out_buf[n > 0 ? n : 0] = '\0';
			if (strstr(out_buf, "netmem-fwd> ") != NULL ||
			    waitpid(pid, &wst, WNOHANG) != 0)
				break;
			usleep(20000);
		}
		for (int i = 0; cmds[i] != NULL; i++) {
			double p = pause_of(cmds[i]);
			char line[256];
			int n;

			if (p >= 0) {
				usleep((useconds_t)(p * 1e6));
				continue;
			}
			n = snprintf(line, sizeof(line), "%s\n", cmds[i]);
			if (write(in[1], line, (size_t)n) != n)
				break;		/* it is gone: its status says why */
		}
		/* With a signal to send, stdin stays open: the signal ends it,
		 * @sigint_after seconds after the last command. */
		if (sigint_after <= 0)
			close(in[1]);
		t0 = now_s();
	}
	for (;;) {
		pid_t w = waitpid(pid, &wst, WNOHANG);

		if (w == pid)
			break;
		if (!signalled && sigint_after > 0 && now_s() - t0 >= sigint_after) {
			kill(pid, SIGINT);
			signalled = true;
		}
		if (now_s() - t0 > RUN_TIMEOUT_S)
			kill(pid, SIGKILL);
		usleep(20000);
	}
	if (cmds != NULL && sigint_after > 0)
		close(in[1]);
	r->status = WIFEXITED(wst) ? WEXITSTATUS(wst) : 128 + WTERMSIG(wst);
	r->out = out_buf;
	r->err = err_buf;
	lseek(out[0], 0, SEEK_SET);
	lseek(err[0], 0, SEEK_SET);
	read_all(out[0], r->out, OUT_MAX);
	read_all(err[0], r->err, OUT_MAX);
	close(out[0]);
	close(err[0]);

	/* The JSON object is the last non-empty line. */
	size_t len = strlen(r->out);

	while (len > 0 && r->out[len - 1] == '\n')
		r->out[--len] = '\0';
	char *nl = strrchr(r->out, '\n');

	r->json = nl ? nl + 1 : r->out;
}

/* The end of what a failed run printed. */
static inline void run_dump(const struct run *r)
{
	size_t len = strlen(r->out);

	printf("netmem-fwd exit %d\n--- stdout (tail) ---\n%s\n--- stderr ---\n%s\n",
	       r->status, len > 3000 ? r->out + len - 3000 : r->out, r->err);
}

/* Nothing to free: one run at a time, in static buffers. */
static inline void run_free(struct run *r)
{
	r->out = r->err = NULL;
}

static inline uint64_t ju(const char *json, const char *path)
{
	return (uint64_t)jnum(json, path);
}

/* Least forwarding time check_clean() asks (the -i runs: none). */
static double min_duration = 0.5;

/* What every successful run must show. */
static inline void check_clean(const struct run *r, const char *what)
{
	const char *j = r->json;
	uint64_t in, out;

	if (r->status != 0 || j[0] != '{')
		run_dump(r);
	assert_int_equal(r->status, 0);
	assert_true(j[0] == '{');
	printf("%-60s rx %" PRIu64 " gen %" PRIu64 " tx %" PRIu64 " drop %" PRIu64
	       " cons %" PRIu64 " (%.2f Mpps)\n", what, ju(j, "rx_packets"), ju(j, "generated"),
	       ju(j, "tx_packets"), ju(j, "dropped"), ju(j, "consumed"), jnum(j, "tx_mpps"));
	in = ju(j, "rx_packets") + ju(j, "generated");
	out = ju(j, "tx_packets") + ju(j, "dropped") + ju(j, "consumed");
	assert_true(in == out);
	assert_int_equal(ju(j, "inflight"), 0);
	assert_int_equal(ju(j, "pools_waiting"), 0);
	assert_int_equal(ju(j, "skb_live"), 0);
	assert_int_equal(ju(j, "misuse"), 0);
	assert_int_equal(ju(j, "leak"), 0);
	assert_true(jnum(j, "duration_s") > min_duration);
}

static const char *const null_pair[] = { "net_null0", "net_null1", NULL };
static const char *const ring_pair[] = { "net_ring0", "net_ring1", NULL };

#endif /* NM_TEST_FWD_RUN_H */
