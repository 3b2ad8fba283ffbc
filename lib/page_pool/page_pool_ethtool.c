/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel's ethtool view of the page_pool statistics: the names a driver
 * reports with ETH_SS_STATS and the values in the same order.
 */
#include <string.h>

#include <netmem/page_pool/types.h>

/* ETH_GSTRING_LEN of <linux/ethtool.h> */
#define PP_ETH_GSTRING_LEN	32

static const char pp_ethtool_names[][PP_ETH_GSTRING_LEN] = {
	"rx_pp_alloc_fast",
	"rx_pp_alloc_slow",
	"rx_pp_alloc_slow_ho",
	"rx_pp_alloc_empty",
	"rx_pp_alloc_refill",
	"rx_pp_alloc_waive",
	"rx_pp_recycle_cached",
	"rx_pp_recycle_cache_full",
	"rx_pp_recycle_ring",
	"rx_pp_recycle_ring_full",
	"rx_pp_recycle_released_ref",
};

#define PP_ETHTOOL_COUNT	(sizeof(pp_ethtool_names) / sizeof(pp_ethtool_names[0]))

__u8 *page_pool_ethtool_stats_get_strings(__u8 *data)
{
	for (size_t i = 0; i < PP_ETHTOOL_COUNT; i++) {
		memcpy(data, pp_ethtool_names[i], PP_ETH_GSTRING_LEN);
		data += PP_ETH_GSTRING_LEN;
	}
	return data;
}

int page_pool_ethtool_stats_get_count(void)
{
	return (int)PP_ETHTOOL_COUNT;
}

__u64 *page_pool_ethtool_stats_get(__u64 *data, const void *stats)
{
	const struct page_pool_stats *s = stats;
	const __u64 v[] = {
		s->alloc_stats.fast,
		s->alloc_stats.slow,
		s->alloc_stats.slow_high_order,
		s->alloc_stats.empty,
		s->alloc_stats.refill,
		s->alloc_stats.waive,
		s->recycle_stats.cached,
		s->recycle_stats.cache_full,
		s->recycle_stats.ring,
		s->recycle_stats.ring_full,
		s->recycle_stats.released_refcnt,
	};

	_Static_assert(sizeof(v) / sizeof(v[0]) == PP_ETHTOOL_COUNT,
		       "one value per ethtool name");
	memcpy(data, v, sizeof(v));
	return data + PP_ETHTOOL_COUNT;
}
