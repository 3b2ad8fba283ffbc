/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/port: when TX may give a page's own mbuf to the PMD, with
 * the page's reference (and, for an skb embedded in its head page's slot,
 * the struct too). One general predicate per rule, and the fast paths'
 * word-wide forms of them, which may say "no" where the general one says
 * "yes" (the general way then sends the skb) but never the other way:
 * tests/test_rules_table.c holds them against each other over every skb
 * shape.
 *
 *  - the page is the skb's alone: tx_page_sole() (fast: the word at
 *    _refcount with NM_PAGE_REF_WORD_MASK, and pp_ref_count 1);
 *  - the skb lives in its head page's slot: tx_skb_in_slot() (fast: fclone
 *    in the flag word, and the slot page's buffer is the head);
 *  - the skb solely owns every page it uses: tx_can_move() (fast, linear
 *    skbs: tx_fast_linear_ok(); RX's slot skbs: tx_fast_slot_ok()).
 */
#ifndef PORT_TX_OWN_H
#define PORT_TX_OWN_H

#include <assert.h>
#include <string.h>

#include "port_priv.h"
#include "skb_priv.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	      "tx_fast_slot_ok() reads users and data_len as the high halves of words");

/** True when the skb holds the only reference on @p page: one page
 *  reference, not external, and one pp reference if a page_pool owns it. */
static inline bool tx_page_sole(const struct page *page)
{
	if (page_is_ext(page) || page->_refcount != 1)
		return false;
	if (page->pp == NULL || !page_pool_page_is_pp(page))
		return true;
	return page->pp_ref_count == 1;
}

/** True when @p skb's struct lives in @p page's slot (see skb_priv.h): it
 *  leaves with the page's mbuf, so it must have nothing left to do after
 *  the send (no destructor). */
static inline bool tx_skb_in_slot(const struct sk_buff *skb, const struct page *page)
{
	return skb->fclone == SKB_FCLONE_EMBEDDED && nm_skb_slot_page(skb) == page;
}

/** The page @p skb's head starts, or NULL. */
static inline struct page *tx_head_page(const struct sk_buff *skb)
{
	struct page *hp = nm_page_at_start(skb->head);	/* an RX skb: no map lookup */

	return hp != NULL ? hp : virt_to_head_page(skb->head);
}

/** True when every page @p skb uses is its alone, one per segment, at most
 *  @p max_segs segments (0: any); *hp gets the head page. */
static inline bool tx_can_move(const struct sk_buff *skb, unsigned int max_segs, struct page **hp)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);

	if (skb->users != 1 || skb_cloned(skb) || skb_zcopy(skb) || sh->frag_list != NULL ||
	    !skb->head_frag || skb_headlen(skb) == 0)
		return false;
	if (max_segs != 0 && sh->nr_frags + 1u > max_segs)
		return false;
	*hp = tx_head_page(skb);
	if (*hp == NULL)
		return false;
	if ((tx_skb_in_slot(skb, *hp) && skb->destructor != NULL) || !tx_page_sole(*hp))
		return false;
	for (int i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];
		const struct page *fp = skb_frag_page(f);

		/* and the piece fits its page's mbuf: 16-bit data_off and
		 * data_len (a whole 64 KiB page is one byte more) */
		if (fp == NULL || !tx_page_sole(fp) ||
		    skb_frag_off(f) + skb_frag_size(f) > UINT16_MAX)
			return false;
	}
	return true;
}

/*
 * tx_can_move() for a linear skb with nothing to offload (no partial
 * checksum, no VLAN tag to insert, no GSO): its head page, or NULL. The
 * shared info's flags, nr_frags and gso_size are one word (skbuff.h).
 */
static inline __attribute__((always_inline)) struct page *
tx_fast_linear_ok(const struct sk_buff *skb)
{
	const struct skb_shared_info *sh;
	struct page *hp;
	uint64_t w;

	if (unlikely(skb->users != 1 || skb->cloned || !skb->head_frag || skb->data_len != 0 ||
		     skb->ip_summed == CHECKSUM_PARTIAL || skb->len == 0 || skb->vlan_all != 0))
		return NULL;
	/* no frags, no GSO, no zero-copy completion: one word, and frag_list */
	sh = skb_shinfo(skb);
	memcpy(&w, sh, sizeof(w));
	if (unlikely((w & SKB_SHINFO_LINEAR_MASK) != 0 || sh->frag_list != NULL))
		return NULL;
	/* An RX skb's struct is in its head page's slot: no lookup. */
	hp = skb->fclone == SKB_FCLONE_EMBEDDED ? nm_skb_slot_page(skb) :
						  nm_page_at_start(skb->head);
	if (unlikely(hp == NULL || hp->virt != skb->head))
		return NULL;
	if (unlikely((tx_skb_in_slot(skb, hp) && skb->destructor != NULL) || !tx_page_sole(hp)))
		return NULL;
	return hp;
}

/* Of the word at SKB_FLAGS_OFFSET: the bits tx_fast_slot_ok() tests, and
 * their value for a slot skb (not cloned, fclone embedded, head_frag,
 * ip_summed NONE or UNNECESSARY, vlan_all 0: no VLAN tag to insert). */
#define TX_SLOT_FLAGS_MASK	(SKB_FLAGS_CLONED_MASK | SKB_FLAGS_FCLONE_MASK |	\
				 SKB_FLAGS_HEAD_FRAG_MASK | SKB_FLAGS_IP_SUMMED(CHECKSUM_COMPLETE) | \
				 SKB_FLAGS_VLAN_ALL_MASK)
#define TX_SLOT_FLAGS		(SKB_FLAGS_FCLONE(SKB_FCLONE_EMBEDDED) | SKB_FLAGS_HEAD_FRAG_MASK)

/* The word test of tx_page_sole()'s first part: the word at _refcount
 * (_refcount, order, nid, flags) says one reference, not external. */
static inline __attribute__((always_inline)) bool tx_page_word_sole(const struct page *page)
{
	uint64_t pw;

	memcpy(&pw, &page->_refcount, sizeof(pw));
	return (pw & NM_PAGE_REF_WORD_MASK) == NM_PAGE_REF_WORD_SOLE;
}

/* What both slot forms test of the struct, each on a word: the flag bits
 * (TX_SLOT_FLAGS), one user, the slot page @p hp's buffer still the head,
 * no destructor. */
static inline __attribute__((always_inline)) bool
tx_slot_struct_ok(const struct sk_buff *skb, const struct page *hp)
{
	uint64_t tu, fl;

	memcpy(&fl, (const char *)skb + SKB_FLAGS_OFFSET, sizeof(fl));
	memcpy(&tu, &skb->truesize, sizeof(tu));	/* truesize, users */
	return (fl & TX_SLOT_FLAGS_MASK) == TX_SLOT_FLAGS && tu >> 32 == 1 &&
	       hp->virt == skb->head && skb->destructor == NULL;
}

/*
 * tx_fast_linear_ok() for the skb RX made, the struct in its head page's
 * slot, with fewer tests, each on a word: the struct's (tx_slot_struct_ok()),
 * len with data_len, the shared info's first word, the page's refcount with
 * its flags. Also needs 1 <= len <= UINT16_MAX (one mbuf segment).
 */
static inline __attribute__((always_inline)) bool tx_fast_slot_ok(const struct sk_buff *skb)
{
	const struct page *hp = nm_skb_slot_page(skb);
	const struct skb_shared_info *sh;
	uint64_t lens, sw;

	memcpy(&lens, &skb->len, sizeof(lens));		/* len, data_len */
	if (unlikely(lens - 1 >= UINT16_MAX || !tx_slot_struct_ok(skb, hp)))
		return false;
	sh = skb_shinfo(skb);
	memcpy(&sw, sh, sizeof(sw));
	return likely((sw & SKB_SHINFO_LINEAR_MASK) == 0 && sh->frag_list == NULL &&
		      tx_page_word_sole(hp) && hp->pp_ref_count == 1);
}

/*
 * tx_can_move() for the skb in its head page's slot with frags and nothing
 * to offload (no partial checksum, no VLAN tag to insert, no GSO, no
 * zero-copy completion, no frag_list): the tests of tx_fast_slot_ok() on
 * the struct and the head page, then each frag's page (the same word
 * test, and one pp reference where it is a page_pool page: tx_page_sole())
 * and its piece within 16 bits. At most @p max_segs segments (0: any).
 */
static inline __attribute__((always_inline)) bool
tx_fast_slot_frags_ok(const struct sk_buff *skb, unsigned int max_segs)
{
	const struct page *hp = nm_skb_slot_page(skb);
	const struct skb_shared_info *sh;
	unsigned int nr;
	uint64_t sw;

	if (unlikely(!tx_slot_struct_ok(skb, hp) || skb->len <= skb->data_len))
		return false;
	sh = skb_shinfo(skb);
	memcpy(&sw, sh, sizeof(sw));
	nr = sh->nr_frags;
	/* the linear mask but nr_frags: no GSO, no zero-copy completion */
	if (unlikely((sw & SKB_SHINFO_LINEAR_MASK & ~SKB_SHINFO_NR_FRAGS_MASK) != 0 || nr == 0 ||
		     sh->frag_list != NULL || (max_segs != 0 && nr + 1u > max_segs)))
		return false;
	if (unlikely(!tx_page_word_sole(hp) || hp->pp_ref_count != 1))
		return false;
	for (unsigned int i = 0; i < nr; i++) {
		const skb_frag_t *f = &sh->frags[i];
		const struct page *fp = skb_frag_page(f);

		if (unlikely(fp == NULL || !tx_page_word_sole(fp) ||
			     (fp->pp_ref_count != 1 && page_pool_page_is_pp(fp)) ||
			     skb_frag_off(f) + skb_frag_size(f) > UINT16_MAX))
			return false;
	}
	return true;
}

#endif /* PORT_TX_OWN_H */
