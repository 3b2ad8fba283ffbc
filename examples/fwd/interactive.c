/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-fwd -i: testpmd's interactive mode on DPDK's cmdline library.
 *
 * Commands (testpmd's spelling): help, start, start tx_first, stop,
 * show port stats all|N, clear port stats all|N, show fwd stats all,
 * clear fwd stats all, set fwd MODE, quit.
 *
 * The main lcore reads the commands. With worker lcores it does nothing
 * else; with a single EAL lcore it forwards and reads stdin between bursts
 * (fwd_interactive_poll(0) every 128 iterations), so -i works on one core.
 When the main lcore forwards, start, stop and quit only ask: the loop
 * below does them outside the forwarding loop (a stop first ends that loop)
 * and shows the prompt again. Input is fed to the cmdline one byte at a
 * time and stops at such a request, so "stop" followed by "show fwd stats
 * all" in one read still runs in that order. End of input and SIGINT/SIGTERM
 * quit as "quit" does.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_num.h>
#include <cmdline_parse_string.h>
#include <cmdline_socket.h>
#include <rte_ethdev.h>

#include "fwd.h"

#define PROMPT	"netmem-fwd> "

enum request { REQ_NONE, REQ_START, REQ_START_TX_FIRST, REQ_STOP, REQ_QUIT };

static struct cmdline *cl;
static enum request req;
static char inbuf[4096];
static size_t in_len, in_pos;
static bool in_eof;

static void ports_valid(void)
{
	uint16_t pid;

	printf("The valid ports array is [");
	RTE_ETH_FOREACH_DEV(pid)
		printf(" %u", pid);
	printf(" ]\n");
}

/* ---- start, stop, quit ------------------------------------------------- */

struct cmd_word_result {
	cmdline_fixed_string_t word;
};

static void cmd_start_parsed(void *res, struct cmdline *c, void *data)
{
	(void)res;
	(void)c;
	if (fwd_running()) {
		printf("Packet forwarding already started\n");
		return;
	}
	if (!fwd_main_forwards())
		fwd_run_start(data != NULL);	/* the workers forward: now */
	else
		req = data != NULL ? REQ_START_TX_FIRST : REQ_START;
}

static void cmd_stop_parsed(void *res, struct cmdline *c, void *data)
{
	(void)res;
	(void)c;
	(void)data;
	if (!fwd_running()) {
		printf("Packet forwarding not started\n");
		return;
	}
	if (!fwd_main_forwards()) {
		fwd_run_stop(true);		/* the workers forward: now */
		return;
	}
	req = REQ_STOP;
	fwd_request_stop();		/* ends the main lcore's forwarding loop */
}

static void cmd_quit_parsed(void *res, struct cmdline *c, void *data)
{
	(void)res;
	(void)data;
	req = REQ_QUIT;
	fwd_request_stop();
	cmdline_quit(c);
}

static cmdline_parse_token_string_t tok_start =
	TOKEN_STRING_INITIALIZER(struct cmd_word_result, word, "start");
static cmdline_parse_token_string_t tok_stop =
	TOKEN_STRING_INITIALIZER(struct cmd_word_result, word, "stop");
static cmdline_parse_token_string_t tok_quit =
	TOKEN_STRING_INITIALIZER(struct cmd_word_result, word, "quit");

static cmdline_parse_inst_t cmd_start = {
	.f = cmd_start_parsed,
	.data = NULL,
	.help_str = "start: start packet forwarding",
	.tokens = { (void *)&tok_start, NULL },
};

struct cmd_start_tx_first_result {
	cmdline_fixed_string_t start;
	cmdline_fixed_string_t tx_first;
};

static cmdline_parse_token_string_t tok_stf_start =
	TOKEN_STRING_INITIALIZER(struct cmd_start_tx_first_result, start, "start");
static cmdline_parse_token_string_t tok_stf_tx_first =
	TOKEN_STRING_INITIALIZER(struct cmd_start_tx_first_result, tx_first, "tx_first");

static cmdline_parse_inst_t cmd_start_tx_first = {
	.f = cmd_start_parsed,
	.data = (void *)1,
	.help_str = "start tx_first: start packet forwarding, after sending a burst first",
	.tokens = { (void *)&tok_stf_start, (void *)&tok_stf_tx_first, NULL },
};

static cmdline_parse_inst_t cmd_stop = {
	.f = cmd_stop_parsed,
	.data = NULL,
	.help_str = "stop: stop packet forwarding and show its statistics",
	.tokens = { (void *)&tok_stop, NULL },
};

static cmdline_parse_inst_t cmd_quit = {
	.f = cmd_quit_parsed,
	.data = NULL,
	.help_str = "quit: exit application",
	.tokens = { (void *)&tok_quit, NULL },
};

/* ---- show|clear port stats all|N --------------------------------------- */

struct cmd_port_stats_result {
	cmdline_fixed_string_t action;
	cmdline_fixed_string_t port;
	cmdline_fixed_string_t stats;
	cmdline_fixed_string_t all;
	uint16_t port_id;
};

static void port_stats(const char *action, uint16_t port)
{
	if (strcmp(action, "show") == 0)
		fwd_stats_port_show(port);
	else
		fwd_stats_port_clear(port);
}

static void cmd_port_stats_all_parsed(void *res, struct cmdline *c, void *data)
{
	struct cmd_port_stats_result *r = res;
	uint16_t pid;

	(void)c;
	(void)data;
	RTE_ETH_FOREACH_DEV(pid)
		port_stats(r->action, pid);
	fflush(stdout);
}

static void cmd_port_stats_one_parsed(void *res, struct cmdline *c, void *data)
{
	struct cmd_port_stats_result *r = res;

	(void)c;
	(void)data;
	if (!rte_eth_dev_is_valid_port(r->port_id)) {
		printf("Invalid port %u\n", r->port_id);
		ports_valid();
		return;
	}
	port_stats(r->action, r->port_id);
	fflush(stdout);
}

static cmdline_parse_token_string_t tok_ps_action =
	TOKEN_STRING_INITIALIZER(struct cmd_port_stats_result, action, "show#clear");
static cmdline_parse_token_string_t tok_ps_port =
	TOKEN_STRING_INITIALIZER(struct cmd_port_stats_result, port, "port");
static cmdline_parse_token_string_t tok_ps_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_port_stats_result, stats, "stats");
static cmdline_parse_token_string_t tok_ps_all =
	TOKEN_STRING_INITIALIZER(struct cmd_port_stats_result, all, "all");
static cmdline_parse_token_num_t tok_ps_port_id =
	TOKEN_NUM_INITIALIZER(struct cmd_port_stats_result, port_id, RTE_UINT16);

static cmdline_parse_inst_t cmd_port_stats_all = {
	.f = cmd_port_stats_all_parsed,
	.data = NULL,
	.help_str = "show|clear port stats all: NIC statistics of every port",
	.tokens = { (void *)&tok_ps_action, (void *)&tok_ps_port, (void *)&tok_ps_stats,
		    (void *)&tok_ps_all, NULL },
};

static cmdline_parse_inst_t cmd_port_stats_one = {
	.f = cmd_port_stats_one_parsed,
	.data = NULL,
	.help_str = "show|clear port stats <port_id>: NIC statistics of one port",
	.tokens = { (void *)&tok_ps_action, (void *)&tok_ps_port, (void *)&tok_ps_stats,
		    (void *)&tok_ps_port_id, NULL },
};

/* ---- show|clear fwd stats all ------------------------------------------- */

struct cmd_fwd_stats_result {
	cmdline_fixed_string_t action;
	cmdline_fixed_string_t fwd;
	cmdline_fixed_string_t stats;
	cmdline_fixed_string_t all;
};

static void cmd_fwd_stats_parsed(void *res, struct cmdline *c, void *data)
{
	struct cmd_fwd_stats_result *r = res;

	(void)c;
	(void)data;
	if (strcmp(r->action, "show") == 0)
		fwd_stats_fwd_show();
	else
		fwd_stats_start();
	fflush(stdout);
}

static cmdline_parse_token_string_t tok_fs_action =
	TOKEN_STRING_INITIALIZER(struct cmd_fwd_stats_result, action, "show#clear");
static cmdline_parse_token_string_t tok_fs_fwd =
	TOKEN_STRING_INITIALIZER(struct cmd_fwd_stats_result, fwd, "fwd");
static cmdline_parse_token_string_t tok_fs_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_fwd_stats_result, stats, "stats");
static cmdline_parse_token_string_t tok_fs_all =
	TOKEN_STRING_INITIALIZER(struct cmd_fwd_stats_result, all, "all");

static cmdline_parse_inst_t cmd_fwd_stats = {
	.f = cmd_fwd_stats_parsed,
	.data = NULL,
	.help_str = "show|clear fwd stats all: forward statistics since the last start",
	.tokens = { (void *)&tok_fs_action, (void *)&tok_fs_fwd, (void *)&tok_fs_stats,
		    (void *)&tok_fs_all, NULL },
};

/* ---- set fwd MODE -------------------------------------------------------- */

struct cmd_set_fwd_result {
	cmdline_fixed_string_t set;
	cmdline_fixed_string_t fwd;
	cmdline_fixed_string_t mode;
};

/* "io#mac#...": every mode, filled in before the cmdline starts. */
static char mode_choices[256];

static void cmd_set_fwd_parsed(void *res, struct cmdline *c, void *data)
{
	struct cmd_set_fwd_result *r = res;
	const struct fwd_engine *e = fwd_engine_find(r->mode);

	(void)c;
	(void)data;
	if (e == NULL) {
		printf("Invalid %s packet forwarding mode\n", r->mode);
		return;
	}
	if (fwd_running()) {
		printf("Please stop forwarding first\n");
		return;
	}
	if (strcmp(e->name, "gso") == 0 && fwd_cfg.verify) {
		printf("gso mode cannot run with --verify\n");
		return;
	}
	fwd_engine = e;
	fwd_cfg.mode = e->name;
	printf("Set %s packet forwarding mode\n", e->name);
}

static cmdline_parse_token_string_t tok_sf_set =
	TOKEN_STRING_INITIALIZER(struct cmd_set_fwd_result, set, "set");
static cmdline_parse_token_string_t tok_sf_fwd =
	TOKEN_STRING_INITIALIZER(struct cmd_set_fwd_result, fwd, "fwd");
static cmdline_parse_token_string_t tok_sf_mode =
	TOKEN_STRING_INITIALIZER(struct cmd_set_fwd_result, mode, mode_choices);

static cmdline_parse_inst_t cmd_set_fwd = {
	.f = cmd_set_fwd_parsed,
	.data = NULL,
	.help_str = "set fwd <mode>: set the packet forwarding mode of the next start",
	.tokens = { (void *)&tok_sf_set, (void *)&tok_sf_fwd, (void *)&tok_sf_mode, NULL },
};

/* ---- help ------------------------------------------------------------------ */

static cmdline_parse_token_string_t tok_help =
	TOKEN_STRING_INITIALIZER(struct cmd_word_result, word, "help");

static void cmd_help_parsed(void *res, struct cmdline *c, void *data)
{
	(void)res;
	(void)c;
	(void)data;
	printf("\n"
	       "Control:\n"
	       "    start                          : start packet forwarding.\n"
	       "    start tx_first                 : start packet forwarding, after sending a burst\n"
	       "                                     of generated packets on every stream.\n"
	       "    stop                           : stop packet forwarding and display its\n"
	       "                                     statistics.\n"
	       "    quit                           : stop forwarding, close the ports, check for\n"
	       "                                     leaks and exit.\n"
	       "\n"
	       "Display:\n"
	       "    show port stats (port_id|all)  : NIC statistics (with libnetmem's after them).\n"
	       "    clear port stats (port_id|all) : clear NIC statistics.\n"
	       "    show fwd stats all             : forward statistics since the last start.\n"
	       "    clear fwd stats all            : count forward statistics from now.\n"
	       "\n"
	       "Configuration:\n"
	       "    set fwd (%s)\n"
	       "                                   : set the packet forwarding mode (takes effect\n"
	       "                                     at the next start).\n\n",
	       mode_choices);
	fflush(stdout);
}

static cmdline_parse_inst_t cmd_help = {
	.f = cmd_help_parsed,
	.data = NULL,
	.help_str = "help: show help",
	.tokens = { (void *)&tok_help, NULL },
};

static cmdline_parse_ctx_t main_ctx[] = {
	(cmdline_parse_inst_t *)&cmd_start,
	(cmdline_parse_inst_t *)&cmd_start_tx_first,
	(cmdline_parse_inst_t *)&cmd_stop,
	(cmdline_parse_inst_t *)&cmd_port_stats_all,
	(cmdline_parse_inst_t *)&cmd_port_stats_one,
	(cmdline_parse_inst_t *)&cmd_fwd_stats,
	(cmdline_parse_inst_t *)&cmd_set_fwd,
	(cmdline_parse_inst_t *)&cmd_help,
	(cmdline_parse_inst_t *)&cmd_quit,
	NULL,
};

/* ---- the loop ---------------------------------------------------------------- */

void fwd_interactive_poll(int timeout_ms)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	if (cl == NULL)
		return;
	if (in_pos == in_len && !in_eof) {
		int n = poll(&pfd, 1, timeout_ms);
		ssize_t r;

		if (n <= 0)
			return;		/* nothing yet, or a signal */
		r = read(STDIN_FILENO, inbuf, sizeof(inbuf));
		if (r < 0 && errno == EINTR)
			return;
		if (r <= 0) {
			in_eof = true;
		} else {
			in_len = (size_t)r;
			in_pos = 0;
		}
	}
	/* One byte at a time: the rest waits once a start/stop/quit is asked. */
	while (in_pos < in_len && req == REQ_NONE) {
		if (cmdline_in(cl, &inbuf[in_pos++], 1) < 0 && req == REQ_NONE)
			req = REQ_QUIT;
		fflush(stdout);
	}
	if (in_pos == in_len && in_eof && req == REQ_NONE) {
		req = REQ_QUIT;		/* end of input: as "quit" */
		fwd_request_stop();
	}
}

void fwd_interactive(void)
{
	size_t len = 0;

	for (unsigned int i = 0; fwd_engines[i] != NULL; i++)
		len += (size_t)snprintf(mode_choices + len, sizeof(mode_choices) - len, "%s%s",
					i ? "#" : "", fwd_engines[i]->name);
	cl = cmdline_stdin_new(main_ctx, PROMPT);
	if (cl == NULL) {
		FWD_LOG(ERR, "cannot start the command line");
		return;
	}
	if (fwd_cfg.auto_start && fwd_run_start(false) != 0)
		FWD_LOG(ERR, "--auto-start: forwarding did not start");
	fflush(stdout);
	for (;;) {
		enum request r;

		if (fwd_running() && fwd_main_forwards())
			fwd_run_main();		/* returns once a stop is asked */
		else if (req == REQ_NONE)
			fwd_interactive_poll(100);
		if (fwd_signal_seen && req != REQ_QUIT) {
			req = REQ_QUIT;
			fwd_request_stop();
		}
		r = req;
		req = REQ_NONE;
		switch (r) {
		case REQ_START:
		case REQ_START_TX_FIRST:
			fwd_run_start(r == REQ_START_TX_FIRST);
			cmdline_printf(cl, "%s", PROMPT);
			break;
		case REQ_STOP:
			fwd_run_stop(true);
			cmdline_printf(cl, "%s", PROMPT);
			break;
		case REQ_QUIT:
			if (fwd_running())
				fwd_run_stop(true);
			printf("\n");
			cmdline_stdin_exit(cl);
			cl = NULL;
			return;
		case REQ_NONE:
		default:
			break;
		}
		fflush(stdout);
	}
}
