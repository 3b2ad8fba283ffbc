/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The /netmem/ telemetry endpoints, read as a client reads them: through
 * the EAL's telemetry socket (dpdk_telemetry.v2 in the runtime directory).
 * Linked with libnetmem.so: the endpoints must be there without a call.
 * Exits 77 (skipped) when the EAL cannot make the socket.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include <netmem/dropreason.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/port.h>
#include <netmem/skb_alloc.h>
#include <netmem/skbuff.h>

#include "test_json.h"
#include "telemetry_client.h"

/* True when the JSON array in @p json holds the number @p id. */
static bool list_has(const char *json, uint32_t id)
{
	uint32_t ids[512];
	unsigned int n = tel_list(json, ids, 512);

	for (unsigned int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static unsigned int list_len(const char *json)
{
	uint32_t ids[512];

	return tel_list(json, ids, 512);
}

static struct page_pool *pool_make(const char *name)
{
	struct page_pool_params pp = {
		.pool_size = 64, .nid = NUMA_NO_NODE, .dev = PP_DEV_NONE,
		.lcore = PP_LCORE_NONE, .dma_dir = DMA_FROM_DEVICE, .name = name,
	};
	struct page_pool *pool = page_pool_create(&pp);

	assert_false(IS_ERR_OR_NULL(pool));
	return pool;
}

/* The endpoint says what page_pool_get_stats() says. */
static void assert_stats_match(const struct page_pool *pool)
{
	struct page_pool_stats st;
	const char *j = tel_queryf("/netmem/page_pool/stats,%u", pool->id);

	memset(&st, 0, sizeof(st));
	assert_true(page_pool_get_stats(pool, &st));
	assert_int_equal(jnum(j, "id"), pool->id);
	assert_int_equal(jnum(j, "alloc_fast"), st.alloc_stats.fast);
	assert_int_equal(jnum(j, "alloc_slow"), st.alloc_stats.slow);
	assert_int_equal(jnum(j, "alloc_slow_high_order"), st.alloc_stats.slow_high_order);
	assert_int_equal(jnum(j, "alloc_empty"), st.alloc_stats.empty);
	assert_int_equal(jnum(j, "alloc_refill"), st.alloc_stats.refill);
	assert_int_equal(jnum(j, "alloc_waive"), st.alloc_stats.waive);
	assert_int_equal(jnum(j, "recycle_cached"), st.recycle_stats.cached);
	assert_int_equal(jnum(j, "recycle_cache_full"), st.recycle_stats.cache_full);
	assert_int_equal(jnum(j, "recycle_ring"), st.recycle_stats.ring);
	assert_int_equal(jnum(j, "recycle_ring_full"), st.recycle_stats.ring_full);
	assert_int_equal(jnum(j, "recycle_released_refcnt"), st.recycle_stats.released_refcnt);
}

static void test_page_pool(void **state)
{
	struct page_pool *a, *b;
	struct page *pg[3];
	const char *j;
	unsigned int n0;
	uint32_t ida, idb;

	(void)state;
	n0 = list_len(tel_query("/netmem/page_pool/list"));
	a = pool_make("tel_a");
	b = pool_make(NULL);
	ida = a->id;
	idb = b->id;
	assert_int_equal(idb, ida + 1);
	j = tel_query("/netmem/page_pool/list");
	assert_non_null(strstr(j, "\"/netmem/page_pool/list\":["));
	assert_int_equal(list_len(j), n0 + 2);
	assert_true(list_has(j, ida));
	assert_true(list_has(j, idb));

	j = tel_queryf("/netmem/page_pool/info,%u", ida);
	assert_int_equal(jnum(j, "id"), ida);
	assert_non_null(strstr(j, "\"name\":\"tel_a\""));
	assert_int_equal(jnum(j, "inflight"), 0);
	assert_int_equal(jnum(j, "inflight_mem"), 0);
	assert_int_equal(jnum(j, "order"), 0);
	assert_int_equal(jnum(j, "pool_size"), 64);
	assert_null(strstr(j, "\"ifindex\""));
	assert_null(strstr(j, "\"lcore\""));
	assert_null(strstr(j, "\"detach_time\""));
	j = tel_queryf("/netmem/page_pool/info,%u", idb);
	assert_non_null(strstr(j, "\"name\":\"pp"));

	for (int i = 0; i < 3; i++) {
		pg[i] = page_pool_dev_alloc_pages(a);
		assert_non_null(pg[i]);
	}
	j = tel_queryf("/netmem/page_pool/info,%u", ida);
	assert_int_equal(jnum(j, "inflight"), 3);
	assert_int_equal(jnum(j, "inflight_mem"), 3 * PAGE_SIZE);
	assert_stats_match(a);
	j = tel_queryf("/netmem/page_pool/stats,%u", ida);
	assert_true(jnum(j, "alloc_slow") + jnum(j, "alloc_fast") >= 3);
	assert_int_equal(jnum(j, "recycle_ring"), 0);
	for (int i = 0; i < 2; i++)
		page_pool_put_full_page(a, pg[i], false);
	assert_stats_match(a);
	j = tel_queryf("/netmem/page_pool/stats,%u", ida);
	assert_int_equal(jnum(j, "recycle_ring"), 2);	/* no owner lcore: the ring */

	/* Destroyed with a page out: listed, detached, until it comes back. */
	page_pool_destroy(a);
	j = tel_query("/netmem/page_pool/list");
	assert_int_equal(list_len(j), n0 + 2);
	assert_true(list_has(j, ida));
	j = tel_queryf("/netmem/page_pool/info,%u", ida);
	assert_int_equal(jnum(j, "inflight"), 1);
	assert_int_equal(jnum(j, "inflight_mem"), PAGE_SIZE);
	assert_true(jnum(j, "detach_time") > 0);
	page_pool_put_full_page(a, pg[2], false);
	assert_int_equal(nm_page_pool_reap(), 0);
	page_pool_destroy(b);
	j = tel_query("/netmem/page_pool/list");
	assert_int_equal(list_len(j), n0);
	assert_false(list_has(j, ida));
	assert_false(list_has(j, idb));

	/* Gone, unknown or malformed ids: an error reply (null). */
	j = tel_queryf("/netmem/page_pool/info,%u", ida);
	assert_string_equal(j, "{\"/netmem/page_pool/info\":null}");
	j = tel_queryf("/netmem/page_pool/stats,%u", idb);
	assert_string_equal(j, "{\"/netmem/page_pool/stats\":null}");
	j = tel_query("/netmem/page_pool/info,1x");
	assert_string_equal(j, "{\"/netmem/page_pool/info\":null}");
	j = tel_query("/netmem/page_pool/info");
	assert_string_equal(j, "{\"/netmem/page_pool/info\":null}");
}

static void test_skb(void **state)
{
	struct nm_skb_stats st;
	struct sk_buff *skb;
	const char *j;

	(void)state;
	skb = alloc_skb(128, GFP_ATOMIC);
	assert_non_null(skb);
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	skb = alloc_skb(128, GFP_ATOMIC);
	assert_non_null(skb);
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	skb = alloc_skb(128, GFP_ATOMIC);
	assert_non_null(skb);
	consume_skb(skb);

	nm_skb_get_stats(&st);
	j = tel_query("/netmem/skb/stats");
	assert_int_equal(jnum(j, "alloc"), st.alloc);
	assert_int_equal(jnum(j, "alloc_fail"), st.alloc_fail);
	assert_int_equal(jnum(j, "freed"), st.freed);
	assert_int_equal(jnum(j, "dropped"), st.dropped);
	assert_int_equal(jnum(j, "copied_bytes"), st.copied_bytes);
	assert_int_equal(jnum(j, "live"), 0);
	assert_int_equal(jnum(j, "drop_reasons.PKT_TOO_SMALL"), 2);
	assert_int_equal(nm_skb_drop_reason_count(SKB_DROP_REASON_PKT_TOO_SMALL), 2);
	assert_null(strstr(j, "\"NOT_SPECIFIED\""));	/* only the reasons seen */
}

static void test_port(void **state)
{
	struct nm_port_conf c;
	struct sk_buff *skbs[8];
	struct page_pool *rxp;
	const char *j;
	uint16_t got;

	(void)state;
	assert_true(rte_eth_dev_is_valid_port(0));
	memset(&c, 0, sizeof(c));
	c.nb_rxq = 2;
	c.nb_txq = 2;
	for (int q = 0; q < NM_PORT_MAX_QUEUES; q++)
		c.rxq_lcore[q] = rte_lcore_id();
	assert_int_equal(nm_port_init(0, &c), 0);
	got = nm_rx_burst(0, 0, skbs, 8);
	assert_int_equal(got, 8);	/* net_null: 64-byte packets, always */
	for (int i = 0; i < got; i++)
		kfree_skb(skbs[i]);
	nm_port_count_drop(0, 1, NM_DROP_TX_FULL, 5);

	j = tel_query("/netmem/port/stats,0");
	assert_int_equal(jnum(j, "port"), 0);
	assert_int_equal(jnum(j, "queues"), 2);
	assert_int_equal(jnum(j, "rx_packets"), 8);
	assert_int_equal(jnum(j, "rx_bytes"), 8 * 64);
	assert_int_equal(jnum(j, "drop_tx_full"), 5);
	assert_int_equal(jnum(j, "q0.rx_packets"), 8);
	assert_int_equal(jnum(j, "q0.drop_tx_full"), 0);
	assert_int_equal(jnum(j, "q1.rx_packets"), 0);
	assert_int_equal(jnum(j, "q1.drop_tx_full"), 5);
	assert_null(strstr(j, "\"q2\""));

	/* The RX queues' pools: bound to port 0, their queue. */
	for (uint16_t q = 0; q < 2; q++) {
		rxp = nm_port_rxq_page_pool(0, q);
		assert_non_null(rxp);
		assert_true(list_has(tel_query("/netmem/page_pool/list"), rxp->id));
		j = tel_queryf("/netmem/page_pool/info,%u", rxp->id);
		assert_int_equal(jnum(j, "ifindex"), 0);
		assert_int_equal(jnum(j, "queue"), q);
		assert_stats_match(rxp);
	}

	j = tel_query("/netmem/port/stats,7");
	assert_string_equal(j, "{\"/netmem/port/stats\":null}");
	assert_int_equal(nm_port_close(0), 0);
	j = tel_query("/netmem/port/stats,0");
	assert_string_equal(j, "{\"/netmem/port/stats\":null}");
	assert_int_equal(nm_page_pool_reap(), 0);
	j = tel_query("/netmem/skb/stats");
	assert_int_equal(jnum(j, "live"), 0);
}

static char file_prefix[48];

/* DPDK's own client, when the build found it (NM_TELEMETRY_PY), sees the
 * endpoints as the socket does. */
static void test_dpdk_telemetry_py(void **state)
{
	const char *py = getenv("NM_TELEMETRY_PY");
	struct page_pool *a;
	char cmd[512], out[4096];
	size_t n;
	FILE *f;

	(void)state;
	if (py == NULL || *py == '\0') {
		printf("dpdk-telemetry.py not found: case skipped\n");
		skip();
	}
	a = pool_make("tel_py");
	snprintf(cmd, sizeof(cmd), "echo /netmem/page_pool/info,%u | %s -f %s 2>&1",
		 a->id, py, file_prefix);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	assert_int_equal(pclose(f), 0);
	assert_non_null(strstr(out, "\"name\": \"tel_py\""));
	assert_int_equal(jnum(strstr(out, "\"/netmem/page_pool/info\""), "id"), a->id);
	page_pool_destroy(a);
	assert_int_equal(nm_page_pool_reap(), 0);
}

/* The socket a telemetry client connects to; skips the test without it. */
static void tel_connect(void)
{
	char why[256];

	if (!tel_open(rte_eal_get_runtime_dir(), why, sizeof(why))) {
		printf("skipped: %s\n", why);
		exit(77);
	}
}

int main(void)
{
	char prefix[64];
	char *argv[] = {
		"test_telemetry", "--no-huge", "--no-shconf", "--no-pci", "-m", "256", "-l", "0",
		"--log-level=lib.eal:error", "--vdev=net_null0", prefix, NULL,
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_pool),
		cmocka_unit_test(test_skb),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_dpdk_telemetry_py),
	};
	char rundir[PATH_MAX], sock[PATH_MAX + 32] = "";
	int ret;

	snprintf(file_prefix, sizeof(file_prefix), "nm_tel_%d", (int)getpid());
	snprintf(prefix, sizeof(prefix), "--file-prefix=%s", file_prefix);
	if (rte_eal_init((int)RTE_DIM(argv) - 1, argv) < 0) {
		fprintf(stderr, "rte_eal_init failed\n");
		return 1;
	}
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	tel_connect();
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	close(tel_fd);
	rte_eal_cleanup();
	/* --no-shconf: the socket is all the runtime directory holds. */
	strncat(sock, rundir, sizeof(sock) - 1);
	strncat(sock, "/dpdk_telemetry.v2", sizeof(sock) - strlen(sock) - 1);
	unlink(sock);
	rmdir(rundir);
	return ret;
}
