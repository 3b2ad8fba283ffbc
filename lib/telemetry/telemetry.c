/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_telemetry endpoints under /netmem/: the page_pools (the kernel's
 * netdev family page-pool-get and page-pool-stats-get, with its attribute
 * names), the skb counters and drop reasons, the per-queue port counters.
 * Above port and netdev: reads only through the public APIs and the
 * page_pool registry (page_pool_registry.h). Control path only.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_telemetry.h>
#include <rte_version.h>

#include <netmem/dropreason.h>
#include <netmem/page_pool/types.h>
#include <netmem/port.h>
#include <netmem/skbuff.h>
#include <netmem/telemetry.h>

#include "page_pool_registry.h"

/* DPDK 23.03 renamed the u64 calls (the old names went away later). */
#if RTE_VERSION >= RTE_VERSION_NUM(23, 3, 0, 0)
#define tel_dict_u64(d, k, v)	rte_tel_data_add_dict_uint(d, k, v)
#define tel_array_u64(d, v)	rte_tel_data_add_array_uint(d, v)
#define TEL_U64_VAL		RTE_TEL_UINT_VAL
#else
#define tel_dict_u64(d, k, v)	rte_tel_data_add_dict_u64(d, k, v)
#define tel_array_u64(d, v)	rte_tel_data_add_array_u64(d, v)
#define TEL_U64_VAL		RTE_TEL_U64_VAL
#endif

/* ---- page_pools -------------------------------------------------------- */

struct pp_ids {
	uint32_t id[RTE_TEL_MAX_ARRAY_ENTRIES];
	unsigned int n;
};

static int pp_collect(const struct page_pool *pool, bool detached, void *arg)
{
	struct pp_ids *ids = arg;

	(void)detached;
	if (ids->n < RTE_DIM(ids->id))
		ids->id[ids->n++] = pool->id;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int tel_pp_list(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct pp_ids *ids = calloc(1, sizeof(*ids));

	(void)cmd;
	(void)params;
	if (ids == NULL)
		return -ENOMEM;
	nm_page_pool_for_each(pp_collect, ids);
	qsort(ids->id, ids->n, sizeof(ids->id[0]), cmp_u32);
	rte_tel_data_start_array(d, TEL_U64_VAL);
	for (unsigned int i = 0; i < ids->n; i++)
		tel_array_u64(d, ids->id[i]);
	free(ids);
	return 0;
}

/* "<id>" with nothing after it; false when it is not one. */
static bool parse_u32(const char *params, uint32_t *v)
{
	char *end;
	unsigned long x;

	if (params == NULL || *params < '0' || *params > '9')
		return false;
	errno = 0;
	x = strtoul(params, &end, 10);
	if (errno != 0 || *end != '\0' || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

struct pp_query {
	uint32_t id;
	bool stats;		/* page-pool-stats-get, else page-pool-get */
	struct rte_tel_data *d;
};

/* Seconds since boot when @p pool was destroyed (the kernel's detach_time
 * is ktime_get_boottime_seconds()). */
static uint64_t pp_detach_time(const struct page_pool *pool)
{
	struct timespec now;
	uint64_t ago = (rte_get_timer_cycles() - pool->destroy_tsc) / rte_get_timer_hz();

	if (clock_gettime(CLOCK_BOOTTIME, &now) != 0 || (uint64_t)now.tv_sec < ago)
		return 0;
	return (uint64_t)now.tv_sec - ago;
}

static void pp_fill_info(const struct page_pool *pool, bool detached,
			 struct rte_tel_data *d)
{
	long inflight = page_pool_inflight(pool);

	tel_dict_u64(d, "id", pool->id);
	rte_tel_data_add_dict_string(d, "name", pool->name);
	if (pool->p.dev != PP_DEV_NONE) {
		tel_dict_u64(d, "ifindex", (uint64_t)pool->p.dev);
		tel_dict_u64(d, "queue", pool->p.queue_idx);
	}
	if (pool->owner_lcore != PP_LCORE_NONE)
		tel_dict_u64(d, "lcore", pool->owner_lcore);
	rte_tel_data_add_dict_int(d, "inflight",
				  (int)RTE_MIN(RTE_MAX(inflight, (long)INT_MIN), (long)INT_MAX));
	tel_dict_u64(d, "inflight_mem",
		     inflight > 0 ? (uint64_t)inflight * pool->max_size : 0);
	if (detached)
		tel_dict_u64(d, "detach_time", pp_detach_time(pool));
	tel_dict_u64(d, "order", pool->order);
	tel_dict_u64(d, "pool_size", pool->p.pool_size);
}

static void pp_fill_stats(const struct page_pool *pool, struct rte_tel_data *d)
{
	struct page_pool_stats st;

	memset(&st, 0, sizeof(st));
	page_pool_get_stats(pool, &st);
	tel_dict_u64(d, "id", pool->id);
	if (pool->p.dev != PP_DEV_NONE)
		tel_dict_u64(d, "ifindex", (uint64_t)pool->p.dev);
	tel_dict_u64(d, "alloc_fast", st.alloc_stats.fast);
	tel_dict_u64(d, "alloc_slow", st.alloc_stats.slow);
	tel_dict_u64(d, "alloc_slow_high_order", st.alloc_stats.slow_high_order);
	tel_dict_u64(d, "alloc_empty", st.alloc_stats.empty);
	tel_dict_u64(d, "alloc_refill", st.alloc_stats.refill);
	tel_dict_u64(d, "alloc_waive", st.alloc_stats.waive);
	tel_dict_u64(d, "recycle_cached", st.recycle_stats.cached);
	tel_dict_u64(d, "recycle_cache_full", st.recycle_stats.cache_full);
	tel_dict_u64(d, "recycle_ring", st.recycle_stats.ring);
	tel_dict_u64(d, "recycle_ring_full", st.recycle_stats.ring_full);
	tel_dict_u64(d, "recycle_released_refcnt", st.recycle_stats.released_refcnt);
}

/* Under the registry's lock: the pool cannot be freed meanwhile. */
static int pp_fill(const struct page_pool *pool, bool detached, void *arg)
{
	struct pp_query *q = arg;

	if (pool->id != q->id)
		return 0;
	rte_tel_data_start_dict(q->d);
	if (q->stats)
		pp_fill_stats(pool, q->d);
	else
		pp_fill_info(pool, detached, q->d);
	return 1;
}

static int tel_pp_query(const char *params, struct rte_tel_data *d, bool stats)
{
	struct pp_query q = { .stats = stats, .d = d };

	if (!parse_u32(params, &q.id))
		return -EINVAL;
	return nm_page_pool_for_each(pp_fill, &q) == 1 ? 0 : -ENOENT;
}

static int tel_pp_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd;
	return tel_pp_query(params, d, false);
}

static int tel_pp_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd;
	return tel_pp_query(params, d, true);
}

/* ---- skbs ------------------------------------------------------------- */

static int tel_skb_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct nm_skb_stats st;
	struct rte_tel_data *drops;
	uint64_t n;

	(void)cmd;
	(void)params;
	drops = rte_tel_data_alloc();
	if (drops == NULL)
		return -ENOMEM;
	nm_skb_get_stats(&st);
	rte_tel_data_start_dict(d);
	tel_dict_u64(d, "alloc", st.alloc);
	tel_dict_u64(d, "alloc_fail", st.alloc_fail);
	tel_dict_u64(d, "freed", st.freed);
	tel_dict_u64(d, "dropped", st.dropped);
	tel_dict_u64(d, "copied_bytes", st.copied_bytes);
	tel_dict_u64(d, "live", st.live);
	/* Drops by reason: the reasons that were seen, by the kernel's name. */
	rte_tel_data_start_dict(drops);
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++) {
		n = nm_skb_drop_reason_count((enum skb_drop_reason)r);
		if (n != 0)
			tel_dict_u64(drops, nm_skb_drop_reason_name((enum skb_drop_reason)r), n);
	}
	n = nm_skb_drop_reason_count((enum skb_drop_reason)(1u << SKB_DROP_REASON_SUBSYS_SHIFT));
	if (n != 0)
		tel_dict_u64(drops, "SUBSYS", n);
	rte_tel_data_add_dict_container(d, "drop_reasons", drops, 0);
	return 0;
}

/* ---- ports ------------------------------------------------------------ */

static const char *const drop_cause_key[] = {
	[NM_DROP_RX_NOMEM] = "drop_rx_nomem",
	[NM_DROP_RX_BAD] = "drop_rx_bad",
	[NM_DROP_TX_FULL] = "drop_tx_full",
	[NM_DROP_TX_NOMEM] = "drop_tx_nomem",
	[NM_DROP_TX_BAD] = "drop_tx_bad",
	[NM_DROP_TX_UNREADABLE] = "drop_tx_unreadable",
};
_Static_assert(RTE_DIM(drop_cause_key) == NM_DROP_MAX, "a drop cause without a key");

static void queue_stats_fill(struct rte_tel_data *d, const struct nm_queue_stats *s)
{
	tel_dict_u64(d, "rx_packets", s->rx_packets);
	tel_dict_u64(d, "rx_bytes", s->rx_bytes);
	tel_dict_u64(d, "tx_packets", s->tx_packets);
	tel_dict_u64(d, "tx_bytes", s->tx_bytes);
	for (int i = 0; i < NM_DROP_MAX; i++)
		tel_dict_u64(d, drop_cause_key[i], s->drops[i]);
	tel_dict_u64(d, "copied_bytes", s->copied_bytes);
	tel_dict_u64(d, "hdr_copied_bytes", s->hdr_copied_bytes);
	tel_dict_u64(d, "tx_zc_segs", s->tx_zc_segs);
	tel_dict_u64(d, "tx_ext_segs", s->tx_ext_segs);
	tel_dict_u64(d, "tx_gso_sw", s->tx_gso_sw);
	tel_dict_u64(d, "tx_csum_sw", s->tx_csum_sw);
	tel_dict_u64(d, "tx_tso_head_copy", s->tx_tso_head_copy);
}

static void queue_stats_add(struct nm_queue_stats *t, const struct nm_queue_stats *s)
{
	t->rx_packets += s->rx_packets;
	t->rx_bytes += s->rx_bytes;
	t->tx_packets += s->tx_packets;
	t->tx_bytes += s->tx_bytes;
	for (int i = 0; i < NM_DROP_MAX; i++)
		t->drops[i] += s->drops[i];
	t->copied_bytes += s->copied_bytes;
	t->hdr_copied_bytes += s->hdr_copied_bytes;
	t->tx_zc_segs += s->tx_zc_segs;
	t->tx_ext_segs += s->tx_ext_segs;
	t->tx_gso_sw += s->tx_gso_sw;
	t->tx_csum_sw += s->tx_csum_sw;
	t->tx_tso_head_copy += s->tx_tso_head_copy;
}

/* The port's totals, then "q<N>": each queue pair's counters. */
static int tel_port_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct nm_queue_stats qs[NM_PORT_MAX_QUEUES], total;
	uint32_t port;
	unsigned int nq = 0;
	char key[16];

	(void)cmd;
	if (!parse_u32(params, &port) || port > UINT16_MAX)
		return -EINVAL;
	memset(&total, 0, sizeof(total));
	while (nq < NM_PORT_MAX_QUEUES &&
	       nm_port_queue_stats((uint16_t)port, (uint16_t)nq, &qs[nq]) == 0)
		queue_stats_add(&total, &qs[nq++]);
	if (nq == 0)
		return -ENODEV;	/* not a port nm_port_init() set up */
	rte_tel_data_start_dict(d);
	tel_dict_u64(d, "port", port);
	tel_dict_u64(d, "queues", nq);
	queue_stats_fill(d, &total);
	for (unsigned int q = 0; q < nq; q++) {
		struct rte_tel_data *c = rte_tel_data_alloc();

		if (c == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(c);
		queue_stats_fill(c, &qs[q]);
		snprintf(key, sizeof(key), "q%u", q);
		rte_tel_data_add_dict_container(d, key, c, 0);
	}
	return 0;
}

/* ---- registration ------------------------------------------------------ */

int nm_telemetry_init(void)
{
	static const struct {
		const char *cmd;
		telemetry_cb fn;
		const char *help;
	} cmds[] = {
		{ "/netmem/page_pool/list", tel_pp_list,
		  "Ids of the page_pools not yet freed. Takes no parameters" },
		{ "/netmem/page_pool/info", tel_pp_info,
		  "One page_pool (the kernel's page-pool-get). Parameters: int id" },
		{ "/netmem/page_pool/stats", tel_pp_stats,
		  "One page_pool's statistics (page-pool-stats-get). Parameters: int id" },
		{ "/netmem/skb/stats", tel_skb_stats,
		  "skb counters and drops by reason. Takes no parameters" },
		{ "/netmem/port/stats", tel_port_stats,
		  "A libnetmem port's counters, totals and per queue. Parameters: int port_id" },
	};
	static uint32_t done;
	int ret;

	if (__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL) != 0)
		return 0;
	for (unsigned int i = 0; i < RTE_DIM(cmds); i++) {
		ret = rte_telemetry_register_cmd(cmds[i].cmd, cmds[i].fn, cmds[i].help);
		if (ret != 0)
			return ret;
	}
	return 0;
}

RTE_INIT(nm_telemetry_ctor)
{
	nm_telemetry_init();
}
