/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/port: TX plans. port_tx_plan.c turns an skb into an mbuf
 * chain (a plan), port_tx.c sends the chains and settles what each skb
 * still holds. */
#ifndef PORT_TX_H
#define PORT_TX_H

#include "port_priv.h"
#include "skb_priv.h"

/** Most chains one nm_tx_burst() call sends. */
#define TX_MAX_PLANS	512

/** One chain of a burst and what it came from. */
struct tx_plan {
	struct sk_buff *skb;	/* what this chain carries */
	struct rte_mbuf *m;	/* first segment */
	uint32_t len;		/* skb->len: the skb may leave with m */
	uint16_t owner;		/* index of the caller's skb */
	bool moved;		/* page mbufs given away */
	bool gone;		/* moved with the struct in m: nothing to free */
	uint16_t nb_segs;	/* counted once the PMD took the chain */
};

/** What planning one skb came to. */
enum tx_outcome {
	TX_PLANNED,		/* its chain(s) are in the plans */
	TX_NO_ROOM,		/* no room left in this burst: it stays the caller's */
	TX_DROP_NOMEM,		/* dropped: no mbuf for a segment, or no memory */
	TX_DROP_BAD,		/* dropped: malformed */
	TX_DROP_UNREADABLE,	/* dropped: a software checksum of device memory */
};

/** True for the TX_DROP_* outcomes. */
static inline bool tx_is_drop(enum tx_outcome o)
{
	return o != TX_PLANNED && o != TX_NO_ROOM;
}

/** The drop counter of a TX_DROP_* outcome. */
static inline enum nm_drop_cause tx_drop_cause(enum tx_outcome o)
{
	switch (o) {
	case TX_DROP_NOMEM:
		return NM_DROP_TX_NOMEM;
	case TX_DROP_UNREADABLE:
		return NM_DROP_TX_UNREADABLE;
	default:
		return NM_DROP_TX_BAD;
	}
}

/** Where planning the rest of a burst (after its fast run) stopped. */
struct tx_rest {
	unsigned int planned;	/* caller's skbs planned */
	unsigned int np;	/* chains planned */
	enum tx_outcome stop;	/* why skbs[planned] was not, if < n */
	bool gso_sw;		/* some skb was segmented in software */
};

/* The first mbuf of a moved chain: the head page's own, over the head's
 * bytes; the page's reference goes with it. */
static inline __attribute__((always_inline)) struct rte_mbuf *tx_move_head(const struct sk_buff *skb, struct page *hp,
					    uint16_t nb_segs)
{
	struct rte_mbuf *m = nm_page_to_mbuf(hp);

	m->data_off = (uint16_t)(skb->data - (unsigned char *)page_address(hp));
	m->data_len = (uint16_t)skb_headlen(skb);
	m->pkt_len = skb->len;
	m->nb_segs = nb_segs;
	m->next = NULL;
	hp->_refcount = 0;
	return m;
}

/* The chain of an skb tx_can_move() (or a fast form of it) passed: the
 * head page's mbuf, then each frag page's own, each page's reference
 * going with its mbuf. */
static inline __attribute__((always_inline)) struct rte_mbuf *
tx_build_moved(const struct sk_buff *skb, struct page *hp)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	struct rte_mbuf *m = tx_move_head(skb, hp, (uint16_t)(1 + sh->nr_frags)), *prev = m;

	for (int i = 0; i < sh->nr_frags; i++) {
		struct page *fp = skb_frag_page(&sh->frags[i]);
		struct rte_mbuf *fm = nm_page_to_mbuf(fp);

		fm->data_off = (uint16_t)skb_frag_off(&sh->frags[i]);
		fm->data_len = (uint16_t)skb_frag_size(&sh->frags[i]);
		fm->nb_segs = 1;
		fp->_refcount = 0;
		prev->next = fm;
		prev = fm;
	}
	prev->next = NULL;
	return m;
}

/* Link names of the functions below (global in libnetmem.a, so in the
 * library's namespace: <netmem/api.h>). */
NM_ISYM(tx_plan_rest)
NM_ISYM(tx_plan_of_fast)
NM_ISYM(tx_undo)
NM_ISYM(tx_unmove)
NM_ISYM(tx_tso_head_init)
NM_ISYM(tx_tso_head_fini)

/** Plans the caller's skbs from @p r->planned on, after @p r->np chains. */
void tx_plan_rest(struct nm_port *p, struct nm_txq *txq, struct sk_buff **skbs, uint16_t n,
		  struct tx_plan *plans, struct rte_mbuf **pkts, struct tx_rest *r);

/** The plan of a chain the fast run made (@p skb still there). */
void tx_plan_of_fast(struct tx_plan *pl, struct sk_buff *skb, struct rte_mbuf *m,
		     uint16_t owner);

/** Gives a planned chain back: moved pages to the skb, else frees it. */
void tx_undo(struct tx_plan *pl);

/** Gives moved pages back to the skb after the PMD refused the chain. */
void tx_unmove(struct rte_mbuf *m);

/** Data room of a direct TSO head mbuf (nm_port.txd_pool): the most
 *  header bytes such a head takes. */
#define TX_TSO_HDR_MAX	512u

/** At port set-up, after the TX offloads are known: the pool of direct
 *  TSO heads when the port needs them (caps.tx_tso_direct_head with TSO
 *  on), the driver's features_check hook. 0 or -errno (-rte_errno). */
int tx_tso_head_init(struct nm_port *p, int socket, uint16_t nb_txd);

/** At close or failed set-up: frees the pool of direct TSO heads (kept,
 *  with a warning, while the PMD still holds some). */
void tx_tso_head_fini(struct nm_port *p);

#endif /* PORT_TX_H */
