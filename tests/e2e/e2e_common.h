/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the end-to-end tests (test_afpacket.c, test_fwd_e2e.c), which
 * both send real kernel traffic between two network namespaces joined by
 * veth pairs to the root namespace. It provides:
 *
 *  - the state of one topology (struct e2e_state, the global E2E): the
 *    namespace and root-side link names, what was made, the temporary
 *    directory, the child processes, the python3 to run;
 *  - e2e_sh(): a shell command and its exit status; e2e_now_s(); preflight
 *    checks (root, tools) and the temporary directory;
 *  - child bookkeeping (e2e_add_child, e2e_forget_child, e2e_kill_children);
 *  - cleanup that always runs: at exit, on SIGTERM/INT/HUP/QUIT/ABRT and
 *    under a sanitizer's report (e2e_install_cleanup), and removal of what
 *    a run killed with SIGKILL left behind (e2e_reap_stale);
 *  - topology pieces: names, IPv6 off, address and links up, the removal;
 *  - files: write, random content, read back, print (the tail of) a log;
 *  - the python3 TCP transfer checked by sha256 (server and client scripts,
 *    their files, the client's report parsed and asserted).
 *
 * Test-only: everything is static inline; each test keeps its own topology
 * details, traffic and checks. Include after <cmocka.h>'s prerequisites
 * (it includes them itself) and, for test_afpacket.c, after test_common.h.
 */
#ifndef NM_E2E_COMMON_H
#define NM_E2E_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include <sys/random.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

#ifndef NM_TEST_SKIP
#define NM_TEST_SKIP		77	/* exit status: meson counts a skip */
#endif
#define E2E_DIM(a)		(sizeof(a) / sizeof((a)[0]))
#define E2E_MAX_CHILDREN	4

/* ethtool -k on a root-side end, the offloads that matter here on one
 * line (one %s: the interface; the caller adds its own ending). */
#define E2E_FEATURES_CMD \
	"ethtool -k %s | grep -E '^(rx-checksumming|tx-checksumming|scatter-gather|" \
	"tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload):'" \
	" | tr -s '\\n\\t' '  '"

/* ---- state ---------------------------------------------------------------- */

struct e2e_state {
	const char *tag;		/* message prefix: "e2e", "fwd_e2e" */
	pid_t owner;			/* the process that makes the topology */
	const char *python;
	char ns[2][32];			/* <nsprefix>A-<pid>, <nsprefix>B-<pid> */
	char rootif[2][16];		/* <ifprefix>Ap<pid>, <ifprefix>Bp<pid> */
	bool ns_made[2], link_made[2];
	char tmpdir[64];
	pid_t children[E2E_MAX_CHILDREN];
};

static struct e2e_state E2E;

/* Runs a shell command; returns its exit status (or -1). */
static inline int e2e_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int e2e_sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static inline double e2e_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline bool e2e_have_tool(const char *cmd)
{
	return e2e_sh("command -v %s >/dev/null 2>&1", cmd) == 0;
}

/* Root and ip, ethtool, ping, python3 (E2E.python set): 0, else
 * NM_TEST_SKIP with the reason printed. */
static inline int e2e_preflight(void)
{
	static const char *const tools[] = { "ip", "ethtool", "ping", "python3" };

	if (geteuid() != 0) {
		printf("skipped: needs root to create network namespaces\n");
		return NM_TEST_SKIP;
	}
	for (size_t i = 0; i < E2E_DIM(tools); i++)
		if (!e2e_have_tool(tools[i])) {
			printf("skipped: %s not found (./netmem.sh deps installs it)\n", tools[i]);
			return NM_TEST_SKIP;
		}
	E2E.python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
	return 0;
}

/* /tmp/<prefix>-<pid>-XXXXXX into E2E.tmpdir; -1 (reported) on failure. */
static inline int e2e_make_tmpdir(const char *prefix)
{
	snprintf(E2E.tmpdir, sizeof(E2E.tmpdir), "/tmp/%s-%d-XXXXXX", prefix, (int)getpid());
	if (mkdtemp(E2E.tmpdir) == NULL) {
		E2E.tmpdir[0] = '\0';
		fprintf(stderr, "%s: mkdtemp: %s\n", E2E.tag, strerror(errno));
		return -1;
	}
	return 0;
}

static inline void e2e_tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", E2E.tmpdir, name);
}

static inline void e2e_rm_tmpdir(void)
{
	DIR *d;
	struct dirent *e;
	char p[512];

	if (E2E.tmpdir[0] == '\0')
		return;
	d = opendir(E2E.tmpdir);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", E2E.tmpdir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(E2E.tmpdir);
	E2E.tmpdir[0] = '\0';
}

/* ---- children ------------------------------------------------------------- */

static inline void e2e_add_child(pid_t pid)
{
	for (int i = 0; i < E2E_MAX_CHILDREN; i++)
		if (E2E.children[i] == 0) {
			E2E.children[i] = pid;
			return;
		}
}

static inline void e2e_forget_child(pid_t pid)
{
	for (int i = 0; i < E2E_MAX_CHILDREN; i++)
		if (E2E.children[i] == pid)
			E2E.children[i] = 0;
}

static inline void e2e_kill_children(void)
{
	for (int i = 0; i < E2E_MAX_CHILDREN; i++) {
		if (E2E.children[i] > 0) {
			kill(E2E.children[i], SIGKILL);
			waitpid(E2E.children[i], NULL, 0);
			E2E.children[i] = 0;
		}
	}
}

/* ---- topology ------------------------------------------------------------- */

/* E2E.ns and E2E.rootif for this process: <nsprefix>A-<pid> and
 * <ifprefix>Ap<pid>, then B. */
static inline void e2e_topo_names(const char *nsprefix, const char *ifprefix)
{
	const int pid = (int)getpid();

	for (int i = 0; i < 2; i++) {
		const char c = i == 0 ? 'A' : 'B';

		snprintf(E2E.ns[i], sizeof(E2E.ns[i]), "%s%c-%d", nsprefix, c, pid);
		snprintf(E2E.rootif[i], sizeof(E2E.rootif[i]), "%s%cp%d", ifprefix, c, pid);
	}
}

/* IPv4 only on side @i (no IPv6 autoconfiguration chatter). */
static inline void e2e_disable_ipv6(int i)
{
	e2e_sh("echo 1 > /proc/sys/net/ipv6/conf/%s/disable_ipv6 2>/dev/null", E2E.rootif[i]);
	e2e_sh("ip netns exec %s sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; "
	       "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null", E2E.ns[i]);
}

/* @ip/24 on @nsif in namespace @i, lo, @nsif and the root-side end up;
 * -1 (reported) on failure. */
static inline int e2e_addr_up(int i, const char *nsif, const char *ip)
{
	if (e2e_sh("ip -n %s addr add %s/24 dev %s", E2E.ns[i], ip, nsif) != 0 ||
	    e2e_sh("ip -n %s link set lo up", E2E.ns[i]) != 0 ||
	    e2e_sh("ip -n %s link set %s up", E2E.ns[i], nsif) != 0 ||
	    e2e_sh("ip link set %s up", E2E.rootif[i]) != 0) {
		fprintf(stderr, "%s: cannot configure %s\n", E2E.tag, E2E.ns[i]);
		return -1;
	}
	return 0;
}

/* Removes the links and namespaces made. */
static inline void e2e_topo_down(void)
{
	for (int i = 0; i < 2; i++) {
		/* Deleting one veth end deletes the pair at once; a namespace
		 * deletion alone frees its devices only later. */
		if (E2E.link_made[i])
			e2e_sh("ip link del %s >/dev/null 2>&1", E2E.rootif[i]);
		if (E2E.ns_made[i] && e2e_sh("ip netns del %s", E2E.ns[i]) != 0)
			fprintf(stderr, "%s: could not delete netns %s\n", E2E.tag, E2E.ns[i]);
		E2E.link_made[i] = E2E.ns_made[i] = false;
	}
}

/*
 * What a killed earlier run left behind (its pid is gone): namespaces
 * <nsprefix><X>-<pid> (X one of @which) with their links <ifprefix><X>p<pid>,
 * and directories /tmp/<tmpprefix>-<pid>-*.
 */
static inline void e2e_reap_stale(const char *nsprefix, const char *which,
				  const char *ifprefix, const char *tmpprefix)
{
	DIR *d = opendir("/run/netns");
	struct dirent *e;
	char fmt[48], c;
	int pid, n;

	snprintf(fmt, sizeof(fmt), "%s%%c-%%d%%n", nsprefix);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			n = 0;
			if (sscanf(e->d_name, fmt, &c, &pid, &n) != 2 || strchr(which, c) == NULL ||
			    c == '\0' || e->d_name[n] != '\0' || pid <= 0 || pid == getpid() ||
			    kill(pid, 0) == 0 || errno != ESRCH)
				continue;
			printf("%s: removing stale netns %s (pid %d is gone)\n", E2E.tag, e->d_name,
			       pid);
			e2e_sh("ip link del %s%cp%d >/dev/null 2>&1", ifprefix, c, pid);
			e2e_sh("ip netns del %s >/dev/null 2>&1", e->d_name);
		}
		closedir(d);
	}
	d = opendir("/tmp");
	if (d == NULL)
		return;
	snprintf(fmt, sizeof(fmt), "%s-%%d-%%n", tmpprefix);
	while ((e = readdir(d)) != NULL) {
		n = 0;
		if (sscanf(e->d_name, fmt, &pid, &n) != 1 || n == 0 || pid <= 0 ||
		    pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH ||
		    strchr(e->d_name, '\'') != NULL)
			continue;
		e2e_sh("rm -rf -- '/tmp/%s'", e->d_name);
	}
	closedir(d);
}

/* ---- cleanup that always runs --------------------------------------------- */

/* Signals that end the test early: their handler removes the topology.
 * (SIGABRT too, installed apart: it is not masked around the EAL.) */
static const int e2e_term_sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

/*
 * Removes everything the test made; for atexit, signals and the sanitizer
 * death callback. The first caller does the work; a caller on another
 * thread (the main thread exiting while a handler runs elsewhere) waits for
 * it to finish, the same thread re-entering returns.
 */
static inline void e2e_cleanup_all(void)
{
	static pid_t cleaner;		/* thread doing the cleanup */
	static int finished;
	pid_t none = 0, self = gettid();

	if (E2E.owner != getpid())
		return;
	if (!__atomic_compare_exchange_n(&cleaner, &none, self, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST)) {
		if (none != self)
			while (!__atomic_load_n(&finished, __ATOMIC_SEQ_CST))
				usleep(10000);
		return;
	}
	e2e_kill_children();
	e2e_topo_down();
	e2e_rm_tmpdir();
	__atomic_store_n(&finished, 1, __ATOMIC_SEQ_CST);
}

static inline void e2e_on_signal(int sig)
{
	e2e_cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static inline void e2e_install_cleanup(void)
{
	E2E.owner = getpid();
	atexit(e2e_cleanup_all);
	for (size_t i = 0; i < E2E_DIM(e2e_term_sigs); i++)
		signal(e2e_term_sigs[i], e2e_on_signal);
	signal(SIGABRT, e2e_on_signal);
#if defined(__SANITIZE_ADDRESS__)
	/* A sanitizer report ends the process without atexit handlers. */
	__sanitizer_set_death_callback(e2e_cleanup_all);
#endif
}

/* ---- files ---------------------------------------------------------------- */

static inline void e2e_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	const uint8_t *p = data;

	assert_true(fd >= 0);
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		assert_true(w > 0);
		p += w;
		len -= (size_t)w;
	}
	close(fd);
}

static inline void e2e_random_file(const char *path, size_t len)
{
	uint8_t *buf = malloc(len);
	size_t got = 0;

	assert_non_null(buf);
	while (got < len) {
		ssize_t r = getrandom(buf + got, len - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		assert_true(r > 0);
		got += (size_t)r;
	}
	e2e_write_file(path, buf, len);
	free(buf);
}

/* The whole file into a fresh buffer (NUL-terminated), or NULL. */
static inline char *e2e_read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nbuf;

			cap = cap ? cap * 2 : 65536;
			nbuf = realloc(buf, cap + 1);
			if (nbuf == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* The last @tail bytes of the file (SIZE_MAX: all), each line after @indent. */
static inline void e2e_print_file(const char *path, const char *indent, size_t tail)
{
	char *text = e2e_read_text(path);
	char *p, *nl;
	size_t len;

	if (text == NULL)
		return;
	len = strlen(text);
	p = len > tail ? text + len - tail : text;
	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			printf("%s%s\n", indent, p);
			break;
		}
		printf("%s%.*s\n", indent, (int)(nl - p), p);
	}
	free(text);
}

/* ---- the python3 TCP transfer checked by sha256 ----------------------------- */

/* argv: host port timeout_s. Receives one connection to its end, answers
 * "<bytes> <sha256>\n". */
static const char e2e_server_py[] =
	"import hashlib, socket, sys\n"
	"host, port, tmo = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])\n"
	"ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
	"ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
	"ls.bind((host, port))\n"
	"ls.listen(1)\n"
	"ls.settimeout(tmo)\n"
	"print('listening', host, port, flush=True)\n"
	"c, peer = ls.accept()\n"
	"c.settimeout(tmo)\n"
	"h = hashlib.sha256()\n"
	"n = 0\n"
	"while True:\n"
	"    b = c.recv(1 << 16)\n"
	"    if not b:\n"
	"        break\n"
	"    h.update(b)\n"
	"    n += len(b)\n"
	"res = '%d %s' % (n, h.hexdigest())\n"
	"c.sendall((res + '\\n').encode())\n"
	"c.close()\n"
	"print('received', res, 'from', peer[0], flush=True)\n";

/* argv: host port file timeout_s. Sends the file, prints "sent <bytes>
 * <sha256> remote <bytes> <sha256> secs <s> mss <mss>", exits 0 when the
 * server's answer is the file's. */
static const char e2e_client_py[] =
	"import hashlib, socket, sys, time\n"
	"host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]\n"
	"tmo = float(sys.argv[4])\n"
	"data = open(path, 'rb').read()\n"
	"local = '%d %s' % (len(data), hashlib.sha256(data).hexdigest())\n"
	"end = time.monotonic() + 30\n"
	"while True:\n"
	"    try:\n"
	"        s = socket.create_connection((host, port), timeout=5)\n"
	"        break\n"
	"    except OSError:\n"
	"        if time.monotonic() > end:\n"
	"            raise\n"
	"        time.sleep(0.1)\n"
	"s.settimeout(tmo)\n"
	"mss = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)\n"
	"t0 = time.monotonic()\n"
	"s.sendall(data)\n"
	"s.shutdown(socket.SHUT_WR)\n"
	"reply = b''\n"
	"while not reply.endswith(b'\\n'):\n"
	"    b = s.recv(256)\n"
	"    if not b:\n"
	"        break\n"
	"    reply += b\n"
	"t = time.monotonic() - t0\n"
	"remote = reply.decode().strip()\n"
	"print('sent %s remote %s secs %.3f mss %d' % (local, remote, t, mss), flush=True)\n"
	"sys.exit(0 if remote == local else 1)\n";

/* One transfer from namespace @from to the other: its files, argv and result. */
struct e2e_xfer {
	char srv[128], cli[128], data[128], slog[128], clog[128];
	char sport[16], stmo[16];
	char *sargv[10], *cargv[11];
	/* the client's report */
	bool found;
	size_t lbytes, rbytes;
	char lsha[80], rsha[80];
	double secs;
	int mss;
};

/*
 * Writes the scripts and @bytes random bytes into E2E.tmpdir and fills the
 * server's argv (in the other namespace, on @ip_to:@port) and the client's
 * (in namespace @from); sockets time out after @timeout_s.
 */
static inline void e2e_xfer_prepare(struct e2e_xfer *x, int from, const char *ip_to, int port,
				    int timeout_s, size_t bytes)
{
	const int to = from ^ 1;
	char name[32];

	memset(x, 0, sizeof(*x));
	x->secs = -1;
	snprintf(x->sport, sizeof(x->sport), "%d", port);
	snprintf(x->stmo, sizeof(x->stmo), "%d", timeout_s);
	e2e_tmp_path(x->srv, sizeof(x->srv), "server.py");
	e2e_tmp_path(x->cli, sizeof(x->cli), "client.py");
	snprintf(name, sizeof(name), "data_%c.bin", from ? 'B' : 'A');
	e2e_tmp_path(x->data, sizeof(x->data), name);
	snprintf(name, sizeof(name), "server_%c.log", to ? 'B' : 'A');
	e2e_tmp_path(x->slog, sizeof(x->slog), name);
	snprintf(name, sizeof(name), "client_%c.log", from ? 'B' : 'A');
	e2e_tmp_path(x->clog, sizeof(x->clog), name);
	e2e_write_file(x->srv, e2e_server_py, sizeof(e2e_server_py) - 1);
	e2e_write_file(x->cli, e2e_client_py, sizeof(e2e_client_py) - 1);
	e2e_random_file(x->data, bytes);

	{
		char *s[] = { "ip", "netns", "exec", E2E.ns[to], (char *)E2E.python, x->srv,
			      (char *)ip_to, x->sport, x->stmo, NULL };
		char *c[] = { "ip", "netns", "exec", E2E.ns[from], (char *)E2E.python, x->cli,
			      (char *)ip_to, x->sport, x->data, x->stmo, NULL };

		_Static_assert(sizeof(s) == sizeof(x->sargv), "server argv");
		_Static_assert(sizeof(c) == sizeof(x->cargv), "client argv");
		memcpy(x->sargv, s, sizeof(s));
		memcpy(x->cargv, c, sizeof(c));
	}
}

/* Reads the client's report into @x (x->found when it has one). */
static inline void e2e_xfer_parse(struct e2e_xfer *x)
{
	char *text = e2e_read_text(x->clog), *s;

	if (text != NULL && (s = strstr(text, "sent ")) != NULL &&
	    sscanf(s, "sent %zu %79s remote %zu %79s secs %lf mss %d", &x->lbytes, x->lsha,
		   &x->rbytes, x->rsha, &x->secs, &x->mss) == 6)
		x->found = true;
	free(text);
}

static inline bool e2e_xfer_sha_ok(const struct e2e_xfer *x)
{
	return x->found && strcmp(x->lsha, x->rsha) == 0;
}

/* Both logs (their tails: @tail bytes), for a failed transfer. */
static inline void e2e_xfer_dump(const struct e2e_xfer *x, size_t tail)
{
	printf("    server:\n");
	e2e_print_file(x->slog, "    | ", tail);
	printf("    client:\n");
	e2e_print_file(x->clog, "    | ", tail);
}

/* The report was there, @bytes went each way and the sha256 sums agree. */
static inline void e2e_xfer_assert(const struct e2e_xfer *x, size_t bytes)
{
	assert_true(x->found);
	assert_int_equal(x->lbytes, bytes);
	assert_int_equal(x->rbytes, bytes);
	assert_string_equal(x->lsha, x->rsha);
}

/* ---- a child program (netmem-fwd) ------------------------------------------ */

/*
 * Starts @argv (PATH searched) with stdin from /dev/null, stdout into @out,
 * stderr into @err (into @out when NULL), no other descriptor, killed when
 * this process dies (PR_SET_PDEATHSIG), recorded as a child. The pid or -1.
 */
static inline pid_t e2e_spawn(const char *out, const char *err, char *const argv[])
{
	const pid_t parent = getpid();
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		sigset_t none;
		int fd;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		for (size_t i = 0; i < E2E_DIM(e2e_term_sigs); i++)
			signal(e2e_term_sigs[i], SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0 && fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			_exit(126);
		dup2(fd, 1);
		if (err != NULL) {
			close(fd);
			fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0)
				_exit(126);
		}
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		closefrom(3);
		execvp(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	e2e_add_child(pid);
	return pid;
}

/* Waits for @pid at most @timeout_s seconds, killing it at the deadline.
 * *@code: its exit status, 128 + signal, or -1 when killed here. True when
 * it ended by itself. */
static inline bool e2e_wait_child(pid_t pid, double timeout_s, int *code)
{
	const double end = e2e_now_s() + timeout_s;
	int st;

	*code = -1;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid) {
			*code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			e2e_forget_child(pid);
			return true;
		}
		if (w < 0 && errno != EINTR) {
			e2e_forget_child(pid);
			return false;
		}
		if (e2e_now_s() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			e2e_forget_child(pid);
			return false;
		}
		usleep(10000);
	}
}

/* True when the file at @path contains @what. */
static inline bool e2e_file_has(const char *path, const char *what)
{
	char *text = e2e_read_text(path);
	bool found = text != NULL && strstr(text, what) != NULL;

	free(text);
	return found;
}

/* The last line of the file at @path when it is a JSON object (netmem-fwd
 * --json prints it last), malloc'd; NULL otherwise. */
static inline char *e2e_last_json(const char *path)
{
	char *text = e2e_read_text(path), *end, *line, *json;

	if (text == NULL)
		return NULL;
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	line = strrchr(text, '\n');
	line = line ? line + 1 : text;
	json = line[0] == '{' ? strdup(line) : NULL;
	free(text);
	return json;
}

/* True when the file at @path has a sanitizer report. */
static inline bool e2e_has_sanitizer_report(const char *path)
{
	return e2e_file_has(path, "runtime error:") || e2e_file_has(path, "Sanitizer");
}

#endif /* NM_E2E_COMMON_H */
