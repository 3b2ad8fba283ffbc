/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nm_port_init() failing after an RX queue got a mempool of the PMD's own:
 * net_af_xdp registers that mempool with the kernel as the UMEM of the
 * queue's XDP socket, which lives until the port is closed, so the
 * mempool must outlive the failed set-up (the kernel would write received
 * frames into freed memory).
 *
 * A veth pair, an AF_XDP port on its root end. The set-up is made to fail
 * after the RX queue: a mempool already holds the name of the port's TX
 * segment-header pool ("nm_txh<port>_<n>", n counting the set-ups that got
 * that far in the process), which nm_port_init() creates after the RX
 * queues. Then:
 *
 *  - queue 0's UMEM mempool ("nm_xdp<port>_0_*") is kept;
 *  - a second set-up fails at the RX queue (the PMD keeps the first
 *    socket bound to the veth queue until the port is closed, with its
 *    UMEM: why nothing may be freed before), and its mempool is kept too;
 *  - nm_port_close() of the port, never set up, closes the ethdev and
 *    frees both; a second close is -ENODEV;
 *  - no skb, page or misuse left.
 *
 * Exit 77 (skipped) without root, ip, or AF_XDP sockets.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_common.h"

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mempool.h>

#include <netmem/netmem.h>
#include <netmem/page_pool/types.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer: libxdp's xsk_umem__create() leaves an 80-byte context
 * behind at close (not libnetmem's). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:xsk_umem__create\n";
}
#endif

static char ifname[2][16];
static bool link_made;
static uint16_t port;

struct prefix_walk {
	char prefix[RTE_MEMPOOL_NAMESIZE];
	unsigned int found;
};

static void count_prefix(struct rte_mempool *mp, void *arg)
{
	struct prefix_walk *w = arg;

	if (strncmp(mp->name, w->prefix, strlen(w->prefix)) == 0)
		w->found++;
}

/* Mempools of queue @q of @port made by the AF_XDP driver. */
static unsigned int xdp_pools(uint16_t port, int q)
{
	struct prefix_walk w = { .found = 0 };

	if (q < 0)
		snprintf(w.prefix, sizeof(w.prefix), "nm_xdp%u_", port);
	else
		snprintf(w.prefix, sizeof(w.prefix), "nm_xdp%u_%d_", port, q);
	rte_mempool_walk(count_prefix, &w);
	return w.found;
}

static int port_init(uint16_t port, uint16_t nq)
{
	struct nm_port_conf c = { .nb_rxq = nq, .nb_txq = nq, .nb_rxd = 256, .nb_txd = 256 };

	for (unsigned int q = 0; q < nq; q++)
		c.rxq_lcore[q] = rte_lcore_id();
	return nm_port_init(port, &c);
}

static void test_failed_setup_keeps_umem(void **state)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	struct nm_skb_stats st0, st;
	struct rte_mempool *blk;
	int ret;

	(void)state;
	nm_skb_get_stats(&st0);
	/* the first set-up in this process names its TX header pool so */
	snprintf(name, sizeof(name), "nm_txh%u_0", port);
	blk = rte_mempool_create_empty(name, 1, 64, 0, 0, SOCKET_ID_ANY, 0);
	assert_non_null(blk);

	ret = port_init(port, 1);
	printf("afxdp_setup: port %u, its TX header pool's name taken: %s\n", port,
	       strerror(-ret));
	assert_int_equal(ret, -EEXIST);
	assert_int_equal(xdp_pools(port, 0), 1);	/* kept for the PMD */

	ret = port_init(port, 1);
	printf("afxdp_setup: set up again: %s\n", strerror(-ret));
	assert_true(ret < 0);
	assert_int_equal(xdp_pools(port, 0), 2);	/* the first one still kept */

	/* never set up: closing it closes the ethdev and frees what was kept */
	assert_int_equal(nm_port_close(port), 0);
	assert_int_equal(xdp_pools(port, -1), 0);
	assert_false(rte_eth_dev_is_valid_port(port));
	assert_int_equal(nm_port_close(port), -ENODEV);

	rte_mempool_free(blk);
	assert_int_equal(nm_page_pool_reap(), 0);
	nm_skb_get_stats(&st);
	assert_int_equal(st.live, st0.live);
	assert_int_equal(nm_misuse_count(), 0);
}

static void cleanup(void)
{
	char cmd[96];

	if (!link_made)
		return;
	snprintf(cmd, sizeof(cmd), "ip link del %s 2>/dev/null", ifname[0]);
	if (system(cmd) != 0)
		fprintf(stderr, "afxdp_setup: could not remove %s\n", ifname[0]);
	link_made = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failed_setup_keeps_umem),
	};
	char cmd[256], vdev[64], prefix[32];
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		printf("skipped: needs root (a veth pair, AF_XDP sockets)\n");
		return NM_TEST_SKIP;
	}
	if (system("command -v ip >/dev/null 2>&1") != 0) {
		printf("skipped: ip (iproute2) not found\n");
		return NM_TEST_SKIP;
	}
	atexit(cleanup);
	for (int e = 0; e < 2; e++)
		snprintf(ifname[e], sizeof(ifname[e]), "nmxs%c%d", 'a' + e,
			 (int)(getpid() % 1000000));
	snprintf(cmd, sizeof(cmd), "ip link add %s type veth peer name %s && "
		 "ip link set %s up && ip link set %s up", ifname[0], ifname[1], ifname[0],
		 ifname[1]);
	link_made = true;
	if (system(cmd) != 0) {
		printf("skipped: cannot make a veth pair\n");
		return NM_TEST_SKIP;
	}
	snprintf(vdev, sizeof(vdev), "net_af_xdp0,iface=%s", ifname[0]);
	snprintf(prefix, sizeof(prefix), "nmxs%d", (int)getpid());
	{
		char *argv[] = { "test_afxdp_setup", "-l", "0", "--no-huge", "-m", "512",
				 "--no-pci", "--no-telemetry", "--file-prefix", prefix,
				 "--log-level=lib.eal:error", "--vdev", vdev, NULL };

		if (rte_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv) < 0) {
			printf("skipped: the EAL did not start with an AF_XDP port\n");
			return NM_TEST_SKIP;
		}
	}
	if (rte_eth_dev_get_port_by_name("net_af_xdp0", &port) != 0) {
		rte_eal_cleanup();
		printf("skipped: no AF_XDP port (the PMD could not probe the veth)\n");
		return NM_TEST_SKIP;
	}
	ret = cmocka_run_group_tests_name("afxdp_setup", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
