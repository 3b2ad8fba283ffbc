/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Text search over data that comes in blocks, with the kernel's API
 * (linux/textsearch.h, lib/textsearch.c): skb_find_text() (skb_datagram.h)
 * searches an skb with it, block by block, without linearising.
 *
 * @code
 *	struct ts_config *ts = textsearch_prepare("kmp", "GET ", 4, GFP_KERNEL,
 *						  TS_AUTOLOAD);
 *	unsigned int pos = skb_find_text(skb, 0, skb->len, ts);
 *	if (pos != UINT_MAX)
 *		...  // the pattern starts at byte pos of the range
 *	textsearch_destroy(ts);
 * @endcode
 *
 * Differences from the kernel: one algorithm, Knuth-Morris-Pratt, answers to
 * the names "kmp" and "bm" (both find the first match, so the results are
 * the kernel's); "fsm" and other names give ERR_PTR(-ENOENT) as a module
 * that cannot be loaded does. TS_AUTOLOAD has nothing to load.
 */
#ifndef NETMEM_TEXTSEARCH_H
#define NETMEM_TEXTSEARCH_H

#include <limits.h>
#include <stdint.h>

#include <netmem/api.h>
#include <netmem/err.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Load the algorithm's module if needed (nothing to do here). */
#define TS_AUTOLOAD	1
/** Case-insensitive search. */
#define TS_IGNORECASE	2

/** Search state: where the next search starts and room for the source. */
struct ts_state {
	unsigned int offset;	/**< where the next search starts */
	char cb[48] __attribute__((aligned(8)));	/**< the source's state */
};

struct ts_ops;

/** A prepared search: the pattern, and where its text comes from. */
struct ts_config {
	struct ts_ops *ops;	/**< private: the algorithm */
	int flags;		/**< TS_* */
	/**
	 * The block at @p consumed bytes into the text: its address in
	 * @p *dst, its length returned, 0 at the end.
	 */
	unsigned int (*get_next_block)(unsigned int consumed, const uint8_t **dst,
				       struct ts_config *conf, struct ts_state *state);
	/** Called when a search ends (optional). */
	void (*finish)(struct ts_config *conf, struct ts_state *state);
};

/**
 * Prepares a search for @p len bytes of @p pattern with algorithm @p algo.
 * ERR_PTR(-EINVAL) for an empty pattern, ERR_PTR(-ENOENT) for an unknown
 * algorithm, ERR_PTR(-ENOMEM).
 * @param algo algorithm name: "kmp" or "bm".
 * @param pattern bytes to search for; copied.
 * @param len length of @p pattern, > 0.
 * @param gfp allocation flags (ignored in user space).
 * @param flags TS_AUTOLOAD (ignored) and TS_IGNORECASE.
 * @return a configuration to free with textsearch_destroy(), or ERR_PTR(-EINVAL
 *   / -ENOENT / -ENOMEM), never NULL.
 */
NM_API struct ts_config *textsearch_prepare(const char *algo, const void *pattern,
					    unsigned int len, gfp_t gfp, int flags);

/**
 * Frees what textsearch_prepare() made.
 * @param conf a configuration from textsearch_prepare(), or NULL; freed.
 */
NM_API void textsearch_destroy(struct ts_config *conf);

/**
 * Continues the search from state->offset; the position of the next match
 * (from the start of the text), or UINT_MAX. Calls conf->finish at the end.
 * @param conf the search, with conf->get_next_block set to walk the text.
 * @param state search state; its offset is advanced past the match.
 * @return the offset of the next match from the start of the text, or UINT_MAX
 *   when there is none.
 */
NM_API unsigned int textsearch_next(struct ts_config *conf, struct ts_state *state);

/**
 * Starts the search at the beginning of the text: textsearch_next().
 * @param conf the search, with conf->get_next_block set.
 * @param state search state, reset to the start of the text.
 * @return the offset of the first match, or UINT_MAX.
 */
static inline unsigned int textsearch_find(struct ts_config *conf, struct ts_state *state)
{
	state->offset = 0;
	return textsearch_next(conf, state);
}

/**
 * Searches one flat buffer of @p len bytes at @p data.
 * @param conf the search.
 * @param state search state, reset to the start of @p data.
 * @param data the text.
 * @param len bytes of @p data.
 * @return the offset of the first match in @p data, or UINT_MAX.
 */
NM_API unsigned int textsearch_find_continuous(struct ts_config *conf,
					       struct ts_state *state, const void *data,
					       unsigned int len);

/**
 * The pattern @p conf searches for, and its length.
 * @param conf a configuration from textsearch_prepare().
 * @return the copy of the pattern inside @p conf (owned by it).
 */
NM_API const void *textsearch_get_pattern(struct ts_config *conf);
/**
 * Length of the pattern of @p conf.
 * @param conf a configuration from textsearch_prepare().
 * @return the pattern's length in bytes.
 */
NM_API unsigned int textsearch_get_pattern_len(struct ts_config *conf);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_TEXTSEARCH_H */
