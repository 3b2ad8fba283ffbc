/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Moving bytes between two skbs, with the kernel's semantics
 * (net/core/skbuff.c): skb_split, skb_shift, skb_try_coalesce and
 * kfree_skb_partial. The reference rules are skb_share.c's: a frag that
 * changes owner keeps its reference, one shared gets one more of the kind
 * its memory asks for, and unreadable bytes are never read or written.
 */
#include <errno.h>

#include "skb_priv.h"

/* ---- split and shift ---------------------------------------------------- */

/* The split line is inside the linear part: copy its tail, move all frags. */
static void skb_split_inside_header(struct sk_buff *skb, struct sk_buff *skb1,
				    uint32_t len, unsigned int pos)
{
	struct skb_shared_info *sh = skb_shinfo(skb), *sh1 = skb_shinfo(skb1);

	memcpy(__skb_put(skb1, pos - len), skb->data + len, pos - len);
	nm_skb_stat_add(copied_bytes, pos - len);
	for (int i = 0; i < sh->nr_frags; i++)
		sh1->frags[i] = sh->frags[i];
	sh1->nr_frags = sh->nr_frags;
	skb1->unreadable = skb->unreadable;
	sh->nr_frags = 0;
	skb1->data_len = skb->data_len;
	skb1->len += skb1->data_len;
	skb->data_len = 0;
	skb->len = len;
	skb_set_tail_pointer(skb, (int)len);
}

/* The split line is in the frags: move those after it, sharing the one it
 * cuts (one more reference, of its memory's kind). */
static void skb_split_no_header(struct sk_buff *skb, struct sk_buff *skb1,
				uint32_t len, unsigned int pos)
{
	struct skb_shared_info *sh = skb_shinfo(skb), *sh1 = skb_shinfo(skb1);
	const int nfrags = sh->nr_frags;
	int i, k = 0;

	sh->nr_frags = 0;
	skb1->len = skb1->data_len = skb->len - len;
	skb->len = len;
	skb->data_len = len - pos;
	for (i = 0; i < nfrags; i++) {
		unsigned int size = skb_frag_size(&sh->frags[i]);

		if (pos + size > len) {
			sh1->frags[k] = sh->frags[i];
			if (pos < len) {
				skb_frag_ref(skb, i);
				skb_frag_off_add(&sh1->frags[0], (int)(len - pos));
				skb_frag_size_sub(&sh1->frags[0], (int)(len - pos));
				skb_frag_size_set(&sh->frags[i], len - pos);
				sh->nr_frags++;
			}
			k++;
		} else {
			sh->nr_frags++;
		}
		pos += size;
	}
	sh1->nr_frags = (__u8)k;
	skb1->unreadable = skb->unreadable;
}

/* What skb_split() cannot do; reported as misuse, nothing changes. */
static bool skb_split_refused(const struct sk_buff *skb, const struct sk_buff *skb1,
			      uint32_t len)
{
	unsigned int pos = skb_headlen(skb);

	if (len > skb->len || skb == skb1)
		nm_misuse("skb_split(skb %p, len %u): skb has %u bytes", (void *)skb, len,
			  skb->len);
	else if (skb_has_frag_list(skb))
		nm_misuse("skb_split of skb %p with a frag_list", (void *)skb);
	else if (skb_is_nonlinear(skb1) || skb_shinfo(skb1)->nr_frags ||
		 skb_has_frag_list(skb1) || skb_cloned(skb1) || skb1->len)
		nm_misuse("skb_split into skb %p that is not empty and private", (void *)skb1);
	else if (len < pos && (unsigned int)skb_tailroom(skb1) < pos - len)
		nm_misuse("skb_split: skb1 %p has %d bytes of tailroom, %u needed",
			  (void *)skb1, skb_tailroom(skb1), pos - len);
	else if (skb_zcopy(skb1) && skb_zcopy(skb1) != skb_zcopy(skb))
		nm_misuse("skb_split into skb %p with another ubuf_info", (void *)skb1);
	else
		return false;
	return true;
}

void skb_split(struct sk_buff *skb, struct sk_buff *skb1, const uint32_t len)
{
	const __u8 zc_flags = SKBFL_SHARED_FRAG | SKBFL_PURE_ZEROCOPY;
	unsigned int pos;

	if (skb_split_refused(skb, skb1, len))
		return;
	/* The frags move: a clone must keep its own (the kernel's callers
	 * unclone first; do it for them). */
	if (skb_unclone_keeptruesize(skb) != 0) {
		NM_LOG(ERR, "skb_split: cannot unclone skb %p: not split", (void *)skb);
		return;
	}
	skb_zcopy_downgrade_managed(skb);
	pos = skb_headlen(skb);
	skb_shinfo(skb1)->flags |= skb_shinfo(skb)->flags & zc_flags;
	skb_zerocopy_clone(skb1, skb);
	skb1->pp_recycle |= skb->pp_recycle;
	if (len < pos)
		skb_split_inside_header(skb, skb1, len, pos);
	else
		skb_split_no_header(skb, skb1, len, pos);
}

/* skb_shift, commit: tgt's frags end at @to, skb's first @from are gone;
 * @merge >= 0: skb's frag 0 was merged into tgt's frag @merge. */
static void skb_shift_commit(struct sk_buff *tgt, struct sk_buff *skb, int from,
			     int to, int merge)
{
	struct skb_shared_info *sh = skb_shinfo(skb);

	skb_shinfo(tgt)->nr_frags = (__u8)to;
	if (merge >= 0) {
		skb_frag_size_add(&skb_shinfo(tgt)->frags[merge],
				  (int)skb_frag_size(&sh->frags[0]));
		skb_frag_unref(skb, 0);
	}
	to = 0;
	while (from < sh->nr_frags)
		sh->frags[to++] = sh->frags[from++];
	sh->nr_frags = (__u8)to;
}

static int skb_shift_done(struct sk_buff *tgt, struct sk_buff *skb, int shiftlen)
{
	/* As the kernel: frags others may write moved into tgt, so tgt's
	 * may be written by others too (skb_checksum_help() copies first). */
	skb_shinfo(tgt)->flags |= skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG;
	tgt->ip_summed = CHECKSUM_PARTIAL;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->len -= (unsigned int)shiftlen;
	skb->data_len -= (unsigned int)shiftlen;
	skb->truesize -= (unsigned int)shiftlen;
	tgt->len += (unsigned int)shiftlen;
	tgt->data_len += (unsigned int)shiftlen;
	tgt->truesize += (unsigned int)shiftlen;
	return shiftlen;
}

static bool skb_shift_refused(struct sk_buff *tgt, struct sk_buff *skb, int shiftlen)
{
	if (shiftlen <= 0 || tgt == skb)
		return true;
	if ((unsigned int)shiftlen > skb_frags_len(skb)) {
		nm_misuse("skb_shift of %d bytes from skb %p with %u bytes in frags",
			  shiftlen, (void *)skb, skb_frags_len(skb));
		return true;
	}
	if (skb_headlen(skb) || skb_zcopy(tgt) || skb_zcopy(skb))
		return true;
	/* Readable and unreadable frags never share an skb. */
	return skb_readable_all(tgt) != skb_readable_all(skb);
}

int skb_shift(struct sk_buff *tgt, struct sk_buff *skb, int shiftlen)
{
	int from = 0, to, merge = -1, todo = shiftlen;
	skb_frag_t *fragfrom, *fragto;

	if (skb_shift_refused(tgt, skb, shiftlen))
		return 0;
	to = skb_shinfo(tgt)->nr_frags;
	fragfrom = &skb_shinfo(skb)->frags[0];
	if (skb_can_coalesce_netmem(tgt, to, skb_frag_netmem(fragfrom), skb_frag_off(fragfrom))) {
		merge = to - 1;
		todo -= (int)skb_frag_size(fragfrom);
		if (todo < 0) {
			if (skb_unclone_keeptruesize(skb) || skb_unclone_keeptruesize(tgt))
				return 0;
			/* Every frag pointer may be stale. */
			fragfrom = &skb_shinfo(skb)->frags[0];
			fragto = &skb_shinfo(tgt)->frags[merge];
			skb_frag_size_add(fragto, shiftlen);
			skb_frag_size_sub(fragfrom, shiftlen);
			skb_frag_off_add(fragfrom, shiftlen);
			return skb_shift_done(tgt, skb, shiftlen);
		}
		from++;
	}
	/* A whole skb that cannot fit: skip the expensive part. */
	if ((unsigned int)shiftlen == skb->len &&
	    skb_shinfo(skb)->nr_frags - from > MAX_SKB_FRAGS - to)
		return 0;
	if (skb_unclone_keeptruesize(skb) || skb_unclone_keeptruesize(tgt))
		return 0;
	while (todo > 0 && from < skb_shinfo(skb)->nr_frags) {
		if (to == MAX_SKB_FRAGS)
			return 0;
		fragfrom = &skb_shinfo(skb)->frags[from];
		fragto = &skb_shinfo(tgt)->frags[to];
		if (todo >= (int)skb_frag_size(fragfrom)) {
			*fragto = *fragfrom;
			todo -= (int)skb_frag_size(fragfrom);
			from++;
			to++;
			continue;
		}
		/* Cut this frag: both skbs hold it now. */
		__skb_frag_ref(fragfrom);
		*fragto = *fragfrom;
		skb_frag_size_set(fragto, (unsigned int)todo);
		skb_frag_off_add(fragfrom, todo);
		skb_frag_size_sub(fragfrom, todo);
		todo = 0;
		to++;
	}
	skb_shift_commit(tgt, skb, from, to, merge);
	return skb_shift_done(tgt, skb, shiftlen);
}

/* ---- coalescing --------------------------------------------------------- */

static bool skb_head_is_locked(const struct sk_buff *skb)
{
	return !skb->head_frag || skb_cloned(skb);
}

/* Appends from's frags to to's; from keeps them (with fresh references of
 * their memory's kind) when it is cloned, else gives them away. */
static void coalesce_move_frags(struct sk_buff *to, struct sk_buff *from)
{
	struct skb_shared_info *tsh = skb_shinfo(to), *fsh = skb_shinfo(from);

	memcpy(tsh->frags + tsh->nr_frags, fsh->frags, fsh->nr_frags * sizeof(skb_frag_t));
	tsh->nr_frags = (__u8)(tsh->nr_frags + fsh->nr_frags);
	if (!skb_cloned(from))
		fsh->nr_frags = 0;
	for (int i = 0; i < fsh->nr_frags; i++)
		skb_frag_ref(from, i);
}

/* Steals from's head as a frag of @to (its head reference moves there);
 * returns the truesize that moves, or -1 when it cannot be done. */
static int coalesce_steal_head(struct sk_buff *to, struct sk_buff *from)
{
	struct skb_shared_info *tsh = skb_shinfo(to);
	struct page *page;

	if (tsh->nr_frags + skb_shinfo(from)->nr_frags >= MAX_SKB_FRAGS)
		return -1;
	/* A shared from could not be freed by kfree_skb_partial(). */
	if (skb_head_is_locked(from) || skb_shared(from))
		return -1;
	page = virt_to_head_page(from->head);
	if (page == NULL)
		return -1;
	skb_fill_page_desc(to, tsh->nr_frags, page,
			   (int)(from->data - (unsigned char *)page_address(page)),
			   (int)skb_headlen(from));
	/* An embedded from's struct keeps its page: a reference of its own,
	 * taken while the head's is still there (see skb_priv.h). */
	if (nm_skb_head_in_slot(from))
		nm_skb_slot_hold(from);
	return (int)(from->truesize - SKB_DATA_ALIGN(sizeof(struct sk_buff)));
}

bool skb_try_coalesce(struct sk_buff *to, struct sk_buff *from, bool *fragstolen,
		      int *delta_truesize)
{
	unsigned int len = from->len;
	bool readable = skb_readable_all(from);
	int delta;

	*fragstolen = false;
	if (to == from || skb_cloned(to))
		return false;
	/* As the kernel: no mixing of page_pool and other skbs. */
	if (to->pp_recycle != from->pp_recycle)
		return false;
	if (readable != skb_readable_all(to))
		return false;
	if (readable && len <= (unsigned int)skb_tailroom(to)) {
		if (len && skb_copy_bits(from, 0, __skb_put(to, len), (int)len) != 0)
			return false;	/* not reached: checked readable */
		nm_skb_stat_add(copied_bytes, len);
		*delta_truesize = 0;
		return true;
	}
	if (skb_has_frag_list(to) || skb_has_frag_list(from))
		return false;
	if (skb_zcopy(to) || skb_zcopy(from))
		return false;
	if (skb_headlen(from) != 0) {
		delta = coalesce_steal_head(to, from);
		if (delta < 0)
			return false;
		*fragstolen = true;
	} else {
		if (skb_shinfo(to)->nr_frags + skb_shinfo(from)->nr_frags > MAX_SKB_FRAGS)
			return false;
		delta = (int)(from->truesize - SKB_TRUESIZE(skb_end_offset(from)));
	}
	coalesce_move_frags(to, from);
	/* As the kernel: shared frags stay marked in their new skb. */
	skb_shinfo(to)->flags |= skb_shinfo(from)->flags & SKBFL_SHARED_FRAG;
	to->unreadable |= from->unreadable;
	to->truesize += (unsigned int)delta;
	to->len += len;
	to->data_len += len;
	*delta_truesize = delta;
	return true;
}

void kfree_skb_partial(struct sk_buff *skb, bool head_stolen)
{
	if (skb == NULL)
		return;
	if (!head_stolen) {
		consume_skb(skb);
		return;
	}
	if (unlikely(skb_shared(skb))) {
		nm_misuse("kfree_skb_partial: skb %p whose head was stolen has %d users",
			  (void *)skb, skb->users);
		return;
	}
	/* The head (and the shared info in it) now belongs to a frag. */
	if (skb->destructor != NULL) {
		skb->destructor(skb);
		skb->destructor = NULL;
	}
	kfree_skbmem(skb);
}
