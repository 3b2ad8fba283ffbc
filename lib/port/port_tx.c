/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX: nm_tx_burst() sends skbs as mbuf chains (port_tx_plan.c makes them)
 * and settles what each skb still holds. The common burst, skbs whose
 * pages and struct leave together (RX's, and slot skbs with frags of
 * their own pages: port_tx_own.h), goes without plans: a fast run, the
 * send, and the unsent ones given back.
 */
#include <assert.h>
#include <limits.h>
#include <string.h>

#include "port_tx.h"
#include "port_tx_own.h"

/* The head page's mbuf of a slot skb tx_fast_slot_ok() passed, set up for
 * the send (the page's reference and the struct go with it). A page's
 * mbuf has next NULL and nb_segs 1 whenever no chain is being sent (RX,
 * the page_pool and TX's undo keep it so): they are not written. */
static inline __attribute__((always_inline)) struct rte_mbuf *
tx_move_slot(struct sk_buff *skb)
{
	struct page *hp = nm_skb_slot_page(skb);
	struct rte_mbuf *m = nm_page_to_mbuf(hp);
	uint64_t lens;

#ifdef NM_DEBUG
	RTE_VERIFY(m->next == NULL && m->nb_segs == 1);
#endif
	memcpy(&lens, &skb->len, sizeof(lens));		/* len, data_len 0 */
	m->data_off = (uint16_t)(skb->data - skb->head);
	lens |= lens << 32;				/* pkt_len, data_len; vlan_tci 0 */
	memcpy(&m->pkt_len, &lens, sizeof(lens));
	m->ol_flags = 0;
	hp->_refcount = 0;
	return m;
}
static_assert(offsetof(struct rte_mbuf, data_len) == offsetof(struct rte_mbuf, pkt_len) + 4 &&
	      offsetof(struct rte_mbuf, vlan_tci) == offsetof(struct rte_mbuf, pkt_len) + 6,
	      "tx_move_slot() writes pkt_len, data_len and vlan_tci as one word");

/* What the fast run made: bytes and segments of its chains, and whether
 * each struct left with its page (nothing to free after the send). */
struct tx_fast {
	uint64_t bytes;
	uint64_t segs;
	bool all_gone;
};

/* The fast run's third kind: a slot skb with frags of its own pages, as
 * its chain, or NULL. Out of line: the loop of the common kinds keeps its
 * registers. */
static __attribute__((noinline)) struct rte_mbuf *tx_fast_frags(struct sk_buff *skb,
								unsigned int max_segs)
{
	struct rte_mbuf *m;

	if (!tx_fast_slot_frags_ok(skb, max_segs))
		return NULL;
	m = tx_build_moved(skb, nm_skb_slot_page(skb));
	m->ol_flags = 0;
	return m;
}

/*
 * The common run: skbs that leave with their pages' own mbufs, with no
 * plans: RX's slot skbs, linear skbs, and slot skbs with frags (all pages
 * theirs alone). Returns how many.
 */
static inline __attribute__((always_inline)) unsigned int
tx_fast_run(struct sk_buff **skbs, unsigned int lim, unsigned int max_segs,
	    struct rte_mbuf **pkts, struct tx_fast *f)
{
	uint64_t bytes = 0, segs = 0;
	bool all_gone = true;
	unsigned int np;

	for (np = 0; np < lim; np++) {
		struct sk_buff *skb = skbs[np];
		struct page *hp;
		struct rte_mbuf *m;

		if (likely(tx_fast_slot_ok(skb))) {
			m = tx_move_slot(skb);
		} else {
			hp = tx_fast_linear_ok(skb);
			if (hp != NULL) {
				m = tx_move_head(skb, hp, 1);
				m->ol_flags = 0;
				all_gone &= tx_skb_in_slot(skb, hp);
			} else {
				m = tx_fast_frags(skb, max_segs);
				if (m == NULL)
					break;
				segs += m->nb_segs - 1u;
			}
		}
		pkts[np] = m;
		bytes += m->pkt_len;
	}
	f->bytes = bytes;
	f->segs = segs + np;
	f->all_gone = all_gone;
	return np;
}

/* Frees an skb whose pages went with their mbufs: struct only. */
static void tx_free_moved(struct sk_buff *skb)
{
	if (skb->destructor != NULL)
		skb->destructor(skb);
	skb->destructor = NULL;
	if (likely(skb->fclone == SKB_FCLONE_UNAVAILABLE)) {
		skb->users = 0;		/* a later free is a double free */
		nm_skb_struct_free(skb);
		return;
	}
	kfree_skbmem(skb);
}

/* After a burst of the fast run only: the PMD took chains [0, sent), with
 * their skbs; the others go back to the caller. Returns the skbs taken. */
static inline uint16_t tx_settle_gone(struct nm_txq *txq, struct rte_mbuf **pkts,
				      unsigned int np, uint16_t sent, struct tx_fast *f)
{
	for (unsigned int i = sent; i < np; i++) {
		f->bytes -= pkts[i]->pkt_len;
		f->segs -= pkts[i]->nb_segs;
		tx_unmove(pkts[i]);
	}
	txq->stats.tx_packets += sent;
	txq->stats.tx_bytes += f->bytes;
	txq->stats.tx_zc_segs += f->segs;	/* pages, struct and all */
	return sent;
}

/* After a planned burst: releases what the skbs of sent chains still hold,
 * gives unsent chains back (the tail of an skb's software-GSO segments the
 * PMD took in part is dropped), drops the skb planning stopped at when it
 * cannot go. Returns the caller's skbs taken. */
static uint16_t tx_settle(struct nm_txq *txq, struct sk_buff **skbs, uint16_t n,
			  struct tx_plan *plans, const struct tx_rest *r, uint16_t sent)
{
	uint64_t bytes = 0, zc_segs = 0, ext_segs = 0;
	unsigned int np = r->np, taken, partial = UINT_MAX, i;

	for (i = 0; i < sent; i++) {
		bytes += plans[i].len;
		if (likely(plans[i].moved)) {
			zc_segs += plans[i].nb_segs;
			if (!plans[i].gone)
				tx_free_moved(plans[i].skb);
		} else {
			ext_segs += plans[i].nb_segs;
			consume_skb(plans[i].skb);
		}
	}
	txq->stats.tx_packets += sent;
	txq->stats.tx_bytes += bytes;
	txq->stats.tx_zc_segs += zc_segs;
	txq->stats.tx_ext_segs += ext_segs;
	/* Taken: every caller skb before the first unsent chain, plus the skb
	 * whose GSO segments were sent in part (its other segments drop). */
	taken = sent < np ? plans[sent].owner : r->planned;
	if (sent > 0 && sent < np && plans[sent - 1].owner == plans[sent].owner) {
		partial = plans[sent].owner;
		taken = partial + 1;
	}
	for (i = sent; i < np; i++) {
		tx_undo(&plans[i]);
		if (plans[i].skb != skbs[plans[i].owner])
			kfree_skb(plans[i].skb);	/* a software GSO segment */
		if (plans[i].owner == partial)
			txq->stats.drops[NM_DROP_TX_FULL]++;
	}
	/* Software-GSO originals were replaced by their segments. */
	for (i = 0; r->gso_sw && i < np; i++)
		if (plans[i].owner < taken && plans[i].skb != skbs[plans[i].owner] &&
		    (i == 0 || plans[i - 1].owner != plans[i].owner)) {
			consume_skb(skbs[plans[i].owner]);
			txq->stats.tx_gso_sw++;
		}
	/* An skb that cannot go, right after all taken ones: a counted drop. */
	if (tx_is_drop(r->stop) && taken == r->planned && r->planned < n) {
		txq->stats.drops[tx_drop_cause(r->stop)]++;
		kfree_skb(skbs[r->planned]);
		taken++;
	}
	return (uint16_t)taken;
}

uint16_t nm_tx_burst(uint16_t port_id, uint16_t queue, struct sk_buff **skbs, uint16_t n)
{
	struct nm_port *p = nm_port_get(port_id);
	struct tx_plan plans[TX_MAX_PLANS];
	struct rte_mbuf *pkts[TX_MAX_PLANS];
	unsigned int lim = RTE_MIN((unsigned int)n, (unsigned int)TX_MAX_PLANS);
	struct tx_rest r;	/* made only when planning runs */
	struct tx_fast f;	/* set by tx_fast_run() */
	unsigned int np;
	uint16_t sent;

	if (unlikely(p == NULL || queue >= p->nb_txq))
		return 0;
	/* The common run first, with no plans: they are made only when
	 * something after it, or after the send, needs them. */
	np = tx_fast_run(skbs, lim, p->tx_max_segs, pkts, &f);
	if (unlikely(!f.all_gone || np < lim)) {
		for (unsigned int i = 0; i < np; i++)
			tx_plan_of_fast(&plans[i], skbs[i], pkts[i], (uint16_t)i);
		r = (struct tx_rest){ .planned = np, .np = np, .stop = TX_PLANNED };
		tx_plan_rest(p, &p->txq[queue], skbs, n, plans, pkts, &r);
		np = r.np;
		f.all_gone = false;
	}
	sent = np ? rte_eth_tx_burst(port_id, queue, pkts, (uint16_t)np) : 0;
	if (likely(f.all_gone))
		return tx_settle_gone(&p->txq[queue], pkts, np, sent, &f);
	return tx_settle(&p->txq[queue], skbs, n, plans, &r, sent);
}

void nm_tx_drop_unsent(uint16_t port_id, uint16_t queue, struct sk_buff **skbs, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		kfree_skb(skbs[i]);
	nm_port_count_drop(port_id, queue, NM_DROP_TX_FULL, n);
}
