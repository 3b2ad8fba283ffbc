/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rxonly mode: receives and frees (napi_consume_skb: page_pool pages go
 * straight back to the queue's pool). With --devmem the payload of every
 * skb is taken as device-memory records (nm_devmem_recv(), the kernel's
 * SCM_DEVMEM_DMABUF) and the tokens given back in one call per burst
 * (nm_devmem_dontneed(), SO_DEVMEM_DONTNEED). With --verify the payload is
 * checked against the generator's pattern: read with the CPU API when
 * readable, through the region's mapping for device memory (the
 * application owns that memory; the stack never reads it).
 */
#include <rte_memcpy.h>

#include "fwd.h"

uint16_t fwd_rx_more(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n)
{
	uint16_t got = 0, r;

	do {
		r = nm_rx_burst(fs->rx_port, fs->rx_queue, skbs + got,
				RTE_MIN((uint16_t)(n - got), (uint16_t)FWD_RX_CHUNK));
		got = (uint16_t)(got + r);
	} while (r == FWD_RX_CHUNK && got < n);
	return got;
}

/* A flat copy of one packet for --verify (per lcore). */
static __thread uint8_t flat[UINT16_MAX + RTE_ETHER_HDR_LEN + 64] __rte_aligned(64);

/* Token ranges waiting for nm_devmem_dontneed(). */
struct token_batch {
	struct nm_devmem_token t[NM_DEVMEM_MAX_TOKENS];
	unsigned int nb, frags;
	uint32_t binding_id;
};

static void tokens_flush(struct fwd_stream *fs, struct token_batch *b)
{
	int ret;

	if (b->nb == 0)
		return;
	ret = nm_devmem_dontneed(b->binding_id, b->t, b->nb);
	if (ret < 0)
		fs->c.dm_errors++;
	else
		fs->c.dm_tokens += (uint64_t)ret;
	b->nb = 0;
	b->frags = 0;
}

static void tokens_add(struct fwd_stream *fs, struct token_batch *b, uint32_t binding_id,
		       uint32_t token)
{
	struct nm_devmem_token *last = b->nb ? &b->t[b->nb - 1] : NULL;

	if (b->nb != 0 && (binding_id != b->binding_id || b->frags == NM_DEVMEM_MAX_FRAGS))
		tokens_flush(fs, b);
	b->binding_id = binding_id;
	b->frags++;
	if (b->nb != 0 && last->token_start + last->token_count == token) {
		last->token_count++;	/* consecutive tokens: one range */
		return;
	}
	if (b->nb == NM_DEVMEM_MAX_TOKENS) {
		tokens_flush(fs, b);
		b->binding_id = binding_id;
		b->frags = 1;
	}
	b->t[b->nb].token_start = token;
	b->t[b->nb].token_count = 1;
	b->nb++;
}

/* The device-memory payload of @skb as records; the packet is verified
 * from its head and the region (--verify). */
static void consume_devmem(struct fwd_stream *fs, struct sk_buff *skb, struct token_batch *b)
{
	struct nm_devmem_rx_frag rec[MAX_SKB_FRAGS];
	unsigned int hl = skb_headlen(skb), len = hl;
	int nr = nm_devmem_recv(skb, rec, RTE_DIM(rec));

	if (nr < 0) {
		fs->c.dm_errors++;
		return;
	}
	fs->c.dm_skbs++;
	fs->c.dm_records += (uint64_t)nr;
	for (int i = 0; i < nr; i++)
		fs->c.dm_bytes += rec[i].len;
	if (fwd_cfg.verify) {
		bool fits = hl + skb->data_len <= sizeof(flat);

		if (fits)
			rte_memcpy(flat, skb->data, hl);
		for (int i = 0; fits && i < nr; i++) {
			rte_memcpy(flat + len, fwd_devmem_region + rec[i].offset, rec[i].len);
			len += rec[i].len;
		}
		if (fits && len == skb->len && fwd_gen_check(flat, len))
			fs->c.verify_ok++;
		else
			fs->c.verify_bad++;
	}
	for (int i = 0; i < nr; i++)
		tokens_add(fs, b, rec[i].binding_id, rec[i].token);
}

void fwd_verify_skb(struct fwd_stream *fs, const struct sk_buff *skb)
{
	if (skb->unreadable) {
		fs->c.verify_skipped++;
		return;
	}
	if (skb->len <= sizeof(flat) && skb_copy_bits(skb, 0, flat, (int)skb->len) == 0 &&
	    fwd_gen_check(flat, skb->len))
		fs->c.verify_ok++;
	else
		fs->c.verify_bad++;
}

void fwd_consume(struct fwd_stream *fs, struct sk_buff **skbs, uint16_t n)
{
	struct token_batch b;

	b.nb = 0;
	b.frags = 0;
	for (uint16_t i = 0; i < n; i++) {
		struct sk_buff *skb = skbs[i];

		if (fwd_binding != NULL && skb->unreadable)
			consume_devmem(fs, skb, &b);
		else if (fwd_cfg.verify)
			fwd_verify_skb(fs, skb);
		napi_consume_skb(skb, 1);
	}
	/* The records' references are given back after the skbs are gone. */
	tokens_flush(fs, &b);
	fs->c.consumed += n;
}

static void rxonly_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst);

	if (nb != 0)
		fwd_consume(fs, skbs, nb);
}

const struct fwd_engine fwd_rxonly_engine = {
	.name = "rxonly",
	.help = "receive and free (device-memory records with --devmem)",
	.burst = rxonly_burst,
};
