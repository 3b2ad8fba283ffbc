/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Text search over blocks (the kernel's textsearch API) with one algorithm,
 * Knuth-Morris-Pratt, that carries its match state from block to block, so a
 * pattern split over two frags is found. See textsearch.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netmem/textsearch.h>

/* The algorithm's private data, after the public config. */
struct ts_kmp {
	struct ts_config conf;
	unsigned int pattern_len;
	unsigned int *prefix;		/* longest proper border of pattern[0..q] */
	uint8_t *pattern;		/* upper-cased for TS_IGNORECASE */
};

static inline struct ts_kmp *to_kmp(struct ts_config *conf)
{
	return (struct ts_kmp *)conf;
}

static inline uint8_t ts_char(const struct ts_config *conf, uint8_t c)
{
	return (conf->flags & TS_IGNORECASE) ? (uint8_t)toupper(c) : c;
}

struct ts_config *textsearch_prepare(const char *algo, const void *pattern, unsigned int len,
				     gfp_t gfp, int flags)
{
	struct ts_kmp *kmp;
	unsigned int k = 0;

	(void)gfp;
	if (len == 0)
		return ERR_PTR(-EINVAL);
	if (algo == NULL || (strcmp(algo, "kmp") != 0 && strcmp(algo, "bm") != 0))
		return ERR_PTR(-ENOENT);
	kmp = calloc(1, sizeof(*kmp));
	if (kmp == NULL)
		return ERR_PTR(-ENOMEM);
	kmp->prefix = calloc(len, sizeof(*kmp->prefix));
	kmp->pattern = malloc(len);
	if (kmp->prefix == NULL || kmp->pattern == NULL) {
		free(kmp->prefix);
		free(kmp->pattern);
		free(kmp);
		return ERR_PTR(-ENOMEM);
	}
	kmp->conf.flags = flags;
	kmp->pattern_len = len;
	for (unsigned int i = 0; i < len; i++)
		kmp->pattern[i] = ts_char(&kmp->conf, ((const uint8_t *)pattern)[i]);
	/* prefix[q]: length of the longest border of pattern[0..q] */
	for (unsigned int q = 1; q < len; q++) {
		while (k > 0 && kmp->pattern[k] != kmp->pattern[q])
			k = kmp->prefix[k - 1];
		if (kmp->pattern[k] == kmp->pattern[q])
			k++;
		kmp->prefix[q] = k;
	}
	return &kmp->conf;
}

void textsearch_destroy(struct ts_config *conf)
{
	struct ts_kmp *kmp;

	if (IS_ERR_OR_NULL(conf))
		return;
	kmp = to_kmp(conf);
	free(kmp->prefix);
	free(kmp->pattern);
	free(kmp);
}

/* KMP over the blocks from state->offset; a match moves state->offset
 * past it. */
static unsigned int kmp_find(struct ts_config *conf, struct ts_state *state)
{
	struct ts_kmp *kmp = to_kmp(conf);
	unsigned int consumed = state->offset, q = 0;

	for (;;) {
		const uint8_t *text;
		unsigned int text_len = conf->get_next_block(consumed, &text, conf, state);

		if (text_len == 0)
			return UINT_MAX;
		for (unsigned int i = 0; i < text_len; i++) {
			uint8_t c = ts_char(conf, text[i]);

			while (q > 0 && kmp->pattern[q] != c)
				q = kmp->prefix[q - 1];
			if (kmp->pattern[q] == c)
				q++;
			if (q == kmp->pattern_len) {
				state->offset = consumed + i + 1;
				return state->offset - kmp->pattern_len;
			}
		}
		consumed += text_len;
	}
}

unsigned int textsearch_next(struct ts_config *conf, struct ts_state *state)
{
	unsigned int ret = kmp_find(conf, state);

	if (conf->finish != NULL)
		conf->finish(conf, state);
	return ret;
}

/* The one block of textsearch_find_continuous(). */
struct ts_linear_state {
	unsigned int len;
	const void *data;
};

static unsigned int get_linear_data(unsigned int consumed, const uint8_t **dst,
				    struct ts_config *conf, struct ts_state *state)
{
	struct ts_linear_state *st = (struct ts_linear_state *)state->cb;

	(void)conf;
	if (consumed < st->len) {
		*dst = (const uint8_t *)st->data + consumed;
		return st->len - consumed;
	}
	return 0;
}

unsigned int textsearch_find_continuous(struct ts_config *conf, struct ts_state *state,
					const void *data, unsigned int len)
{
	struct ts_linear_state *st = (struct ts_linear_state *)state->cb;

	_Static_assert(sizeof(struct ts_linear_state) <= sizeof(state->cb),
		       "the linear state fits in ts_state");
	conf->get_next_block = get_linear_data;
	conf->finish = NULL;
	st->len = len;
	st->data = data;
	return textsearch_find(conf, state);
}

const void *textsearch_get_pattern(struct ts_config *conf)
{
	return to_kmp(conf)->pattern;
}

unsigned int textsearch_get_pattern_len(struct ts_config *conf)
{
	return to_kmp(conf)->pattern_len;
}
