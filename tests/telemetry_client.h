/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A client of the EAL's telemetry socket (dpdk_telemetry.v2 in a runtime
 * directory), for the telemetry tests. Include after <cmocka.h>.
 */
#ifndef NM_TEST_TELEMETRY_CLIENT_H
#define NM_TEST_TELEMETRY_CLIENT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int tel_fd = -1;
static char tel_reply[16384];

/* Connects to the socket of the runtime directory @p rundir; false (and
 * why, in @p why) when it cannot. */
static inline bool tel_open(const char *rundir, char *why, size_t len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char hello[1024];

	if ((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
			     rundir) >= sizeof(sun.sun_path)) {
		snprintf(why, len, "runtime directory path too long for a socket");
		return false;
	}
	tel_fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (tel_fd < 0 || connect(tel_fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		snprintf(why, len, "no telemetry socket %s: %s", sun.sun_path, strerror(errno));
		return false;
	}
	/* The server's greeting: version, pid, max_output_len. */
	if (recv(tel_fd, hello, sizeof(hello), 0) <= 0) {
		snprintf(why, len, "telemetry socket closed");
		return false;
	}
	return true;
}

/* Sends @p cmd, returns the reply (valid until the next query). */
static inline const char *tel_query(const char *cmd)
{
	ssize_t n;

	assert_int_equal(send(tel_fd, cmd, strlen(cmd), 0), (ssize_t)strlen(cmd));
	n = recv(tel_fd, tel_reply, sizeof(tel_reply) - 1, 0);
	assert_true(n > 0);
	tel_reply[n] = '\0';
	return tel_reply;
}

static inline const char *tel_queryf(const char *fmt, ...)
{
	char cmd[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return tel_query(cmd);
}

/* The numbers of the JSON array in @p json, in order; returns how many. */
static inline unsigned int tel_list(const char *json, uint32_t *ids, unsigned int max)
{
	const char *p = strchr(json, '[');
	unsigned int n = 0;
	char *end;

	assert_non_null(p);
	for (p++; *p != ']' && *p != '\0'; p = end) {
		while (*p == ',' || *p == ' ')
			p++;
		if (*p == ']')
			break;
		assert_true(n < max);
		ids[n++] = (uint32_t)strtoul(p, &end, 10);
		assert_true(end != p);
	}
	return n;
}

#endif /* NM_TEST_TELEMETRY_CLIENT_H */
