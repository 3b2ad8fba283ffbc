/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Copying and reshaping skbs, with the kernel's semantics (net/core/skbuff.c):
 * skb_copy, pskb_copy, pskb_expand_head, skb_unshare, skb_cow(_head),
 * __pskb_pull_tail, skb_linearize and ___pskb_trim (skb_split, skb_shift,
 * skb_try_coalesce and kfree_skb_partial: skb_reshape.c).
 *
 * References follow the four levels of skbuff.h: a frag shared by two skbs
 * gets one more reference of the kind its memory asks for (skb_frag_ref ->
 * skb_netmem_ref), a frag_list shared by two heads one more skb->users on
 * each member (skb_get), a ubuf_info one more refcnt. Unreadable bytes
 * (net_iov frags) are never read or written: paths that would copy them
 * refuse before changing anything.
 */
#include <errno.h>

#include <rte_malloc.h>

#include <netmem/skb_writable.h>	/* skb_copy_header() */

#include "skb_priv.h"

/* ---- small helpers ------------------------------------------------------ */

/* Moves the head-relative offsets by @off after the head changed. As the
 * kernel: network and inner offsets always move (a new skb's network_header
 * 0 keeps its offset from data), the mac header when set; the transport
 * header only when set, so that ~0U keeps meaning "unset" (the kernel adds
 * @off to it regardless). */
void skb_headers_offset_update(struct sk_buff *skb, int off)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->csum_start = (__u16)(skb->csum_start + off);
	if (skb_transport_header_was_set(skb))
		skb->transport_header = (__u16)(skb->transport_header + off);
	skb->network_header = (__u16)(skb->network_header + off);
	if (skb_mac_header_was_set(skb))
		skb->mac_header = (__u16)(skb->mac_header + off);
	skb->inner_transport_header = (__u16)(skb->inner_transport_header + off);
	skb->inner_network_header = (__u16)(skb->inner_network_header + off);
	skb->inner_mac_header = (__u16)(skb->inner_mac_header + off);
}

/* One more reference on every frag of @skb, each of its memory's kind. */
static void skb_frags_ref_all(struct sk_buff *skb)
{
	for (int i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		skb_frag_ref(skb, i);
}

/* One more user on every frag_list member: a second head points at them. */
static void skb_clone_fraglist(struct sk_buff *skb)
{
	struct sk_buff *list;

	skb_walk_frags(skb, list)
		skb_get(list);
}

static void skb_drop_list(struct sk_buff **listp)
{
	kfree_skb_list(*listp);
	*listp = NULL;
}

/* Frag references held by the ubuf owner become ordinary ones. */
void skb_zcopy_downgrade_managed(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (!skb_zcopy(skb) || !(shinfo->flags & SKBFL_MANAGED_FRAG_REFS))
		return;
	shinfo->flags &= (__u8)~SKBFL_MANAGED_FRAG_REFS;
	skb_frags_ref_all(skb);
}

/* @nskb shares @orig's frags: it takes a reference on @orig's ubuf_info. */
int skb_zerocopy_clone(struct sk_buff *nskb, struct sk_buff *orig)
{
	struct ubuf_info *uarg = skb_zcopy(orig);

	if (uarg == NULL)
		return 0;
	if (skb_zcopy(nskb) != NULL)
		return skb_zcopy(nskb) == uarg ? 0 : -EIO;
	skb_zcopy_set(nskb, uarg, NULL);
	/* nskb's frag references are its own (taken with skb_frag_ref). */
	skb_shinfo(nskb)->flags &= (__u8)~SKBFL_MANAGED_FRAG_REFS;
	return 0;
}

/* Bytes in the paged frags (frag_list excluded). */
unsigned int skb_frags_len(const struct sk_buff *skb)
{
	unsigned int n = 0;

	for (int i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		n += skb_frag_size(&skb_shinfo(skb)->frags[i]);
	return n;
}

/* pskb_expand_head(skb, 0, 0) keeping truesize (skb_unclone_keeptruesize). */
int skb_unclone_keeptruesize(struct sk_buff *skb)
{
	unsigned int save = skb->truesize;
	int ret;

	if (!skb_cloned(skb))
		return 0;
	ret = pskb_expand_head(skb, 0, 0, GFP_ATOMIC);
	skb->truesize = save;
	return ret;
}

/* ---- copies ------------------------------------------------------------- */

struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp)
{
	unsigned int headroom = skb_headroom(skb);
	struct sk_buff *n;

	/* Every byte is copied: unreadable memory makes it impossible. */
	if (!skb_readable_all(skb))
		return NULL;
	n = __alloc_skb(skb_end_offset(skb) + skb->data_len, gfp, 0, NUMA_NO_NODE);
	if (unlikely(n == NULL))
		return NULL;
	skb_reserve(n, (int)headroom);
	__skb_put(n, skb->len);
	memcpy(n->head, skb->head, headroom);
	if (unlikely(skb_copy_bits(skb, 0, n->data, (int)skb->len) != 0)) {
		kfree_skb(n);
		return NULL;
	}
	nm_skb_stat_add(copied_bytes, skb->len);
	skb_copy_header(n, skb);
	n->unreadable = 0;
	return n;
}

/* pskb_copy: @n takes a reference on each frag and frag_list member. */
static int pskb_copy_share_frags(struct sk_buff *n, struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int i;

	if (shinfo->nr_frags) {
		skb_zcopy_downgrade_managed(skb);
		if (skb_zerocopy_clone(n, skb) != 0)
			return -EIO;
		for (i = 0; i < shinfo->nr_frags; i++) {
			skb_shinfo(n)->frags[i] = shinfo->frags[i];
			skb_frag_ref(skb, i);
		}
		skb_shinfo(n)->nr_frags = (__u8)i;
		skb_shinfo(n)->flags |= shinfo->flags & SKBFL_SHARED_FRAG;
	}
	if (shinfo->frag_list != NULL) {
		skb_shinfo(n)->frag_list = shinfo->frag_list;
		skb_clone_fraglist(n);
	}
	return 0;
}

struct sk_buff *__pskb_copy_fclone(struct sk_buff *skb, int headroom, gfp_t gfp,
				   bool fclone)
{
	unsigned int hlen = skb_headlen(skb);
	struct sk_buff *n;

	if (unlikely(headroom < 0)) {
		nm_misuse("pskb_copy of skb %p with headroom %d", (void *)skb, headroom);
		return NULL;
	}
	n = __alloc_skb((unsigned int)headroom + hlen, gfp,
			fclone ? SKB_ALLOC_FCLONE : 0, NUMA_NO_NODE);
	if (unlikely(n == NULL))
		return NULL;
	skb_reserve(n, headroom);
	memcpy(__skb_put(n, hlen), skb->data, hlen);
	nm_skb_stat_add(copied_bytes, hlen);
	n->truesize += skb->data_len;
	n->data_len = skb->data_len;
	n->len = skb->len;
	if (unlikely(pskb_copy_share_frags(n, skb) != 0)) {
		kfree_skb(n);
		return NULL;
	}
	skb_copy_header(n, skb);
	skb_headers_offset_update(n, headroom - (int)skb_headroom(skb));
	n->pp_recycle = skb->pp_recycle;
	return n;
}

/* ---- head reallocation ------------------------------------------------- */

/*
 * The kernel's skb_orphan_frags() in pskb_expand_head() of a cloned
 * zero-copy skb: the new shared info @nsh (a copy of @skb's) gets private
 * copies of the frags in fresh pages and no ubuf_info; the clones keep the
 * user memory and its completion. 0, or -ENOMEM (unreadable frags, no
 * memory: nothing changed).
 */
static int pskb_expand_orphan(struct sk_buff *skb, struct skb_shared_info *nsh, gfp_t gfp)
{
	unsigned int copied = 0;
	int i;

	if (!skb_zcopy(skb) || (skb_shinfo(skb)->flags & SKBFL_DONT_ORPHAN))
		return 0;
	if (!skb_frags_readable(skb))
		return -ENOMEM;
	for (i = 0; i < nsh->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];
		unsigned int len = skb_frag_size(f), order = 0;
		void *src = skb_frag_address(f);
		struct page *page;

		while ((PAGE_SIZE << order) < len && order < NM_MAX_PAGE_ORDER)
			order++;
		page = src != NULL && (PAGE_SIZE << order) >= len ?
		       alloc_pages(gfp | __GFP_NOWARN, order) : NULL;
		if (page == NULL)
			goto undo;
		memcpy(page_address(page), src, len);
		skb_frag_fill_page_desc(&nsh->frags[i], page, 0, (int)len);
		copied += len;
	}
	nsh->flags &= (__u8)~(SKBFL_ZEROCOPY_FRAG | SKBFL_PURE_ZEROCOPY | SKBFL_DONT_ORPHAN |
			      SKBFL_MANAGED_FRAG_REFS);
	nsh->destructor_arg = NULL;
	nm_skb_stat_add(copied_bytes, copied);
	return 0;
undo:
	while (--i >= 0)
		put_page(skb_frag_page(&nsh->frags[i]));
	return -ENOMEM;
}

/*
 * The old data of @skb after its shinfo was copied elsewhere: when clones
 * still share it, the copy takes its own references (none when its frags
 * were orphaned: they are its own pages) and the old dataref is dropped;
 * otherwise the references simply moved and only the head goes.
 */
static void pskb_expand_release_old(struct sk_buff *skb, bool orphaned)
{
	bool pp_recycle = skb->pp_recycle;

	if (!skb_cloned(skb)) {
		nm_skb_free_head(skb, false);
		return;
	}
	if (!orphaned) {
		if (skb_zcopy(skb))
			net_zcopy_get(skb_zcopy(skb));
		skb_frags_ref_all(skb);
	}
	if (skb_has_frag_list(skb))
		skb_clone_fraglist(skb);
	nm_skb_release_data(skb, false);
	/* The new data is this skb's alone: it holds its own frag references
	 * (of the memory's kind), so it keeps its recycling hint. */
	skb->pp_recycle = pp_recycle;
}

int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp)
{
	unsigned int osize = skb_end_offset(skb), headroom = skb_headroom(skb);
	long want = (long)osize + nhead + ntail;
	unsigned int nsize;
	struct skb_shared_info *nsh;
	unsigned char *data;
	bool orphaned = false;
	struct ubuf_info *uarg = NULL;

	if (unlikely(nhead < 0 || want < (long)skb->tail + nhead || want > (1L << 30))) {
		nm_misuse("pskb_expand_head(skb %p, nhead %d, ntail %d): bad sizes",
			  (void *)skb, nhead, ntail);
		return -EINVAL;
	}
	if (unlikely(skb_shared(skb))) {
		nm_misuse("pskb_expand_head of shared skb %p (users %d)", (void *)skb,
			  skb->users);
		return -EINVAL;
	}
	/* As the kernel: the new head is kmalloc'ed (rte_malloc), head_frag 0. */
	data = nm_skb_head_kmalloc(SKB_DATA_ALIGN((unsigned int)want) + SKB_SHINFO_SIZE,
				   gfp, &nsize);
	if (unlikely(data == NULL))
		return -ENOMEM;
	nsize -= (unsigned int)SKB_SHINFO_SIZE;
	skb_zcopy_downgrade_managed(skb);
	/* The linear data (and, alas, the headroom), then the shared info. */
	memcpy(data + nhead, skb->head, skb->tail);
	nm_skb_stat_add(copied_bytes, skb_headlen(skb));
	nsh = (struct skb_shared_info *)(data + nsize);
	memcpy(nsh, skb_shinfo(skb), offsetof(struct skb_shared_info, frags) +
	       skb_shinfo(skb)->nr_frags * sizeof(skb_frag_t));
	if (skb_cloned(skb)) {
		/* Zero-copy frags shared with a clone: private copies. */
		if (skb_zcopy(skb) && !(skb_shinfo(skb)->flags & SKBFL_DONT_ORPHAN)) {
			if (pskb_expand_orphan(skb, nsh, gfp) != 0) {
				rte_free(data);
				return -ENOMEM;
			}
			orphaned = true;
			uarg = skb_zcopy(skb);
		}
	}
	pskb_expand_release_old(skb, orphaned);
	if (orphaned) {
		/* As skb_copy_ubufs(): the private copy's reference is taken
		 * and dropped at once, telling the owner its data was copied. */
		net_zcopy_get(uarg);
		uarg->ops->complete(skb, uarg, false);
	}

	skb->head = data;
	skb->head_frag = 0;
	skb->data = data + nhead + headroom;
	skb->end = nsize;
	skb->tail += (sk_buff_data_t)nhead;
	skb_headers_offset_update(skb, nhead);
	skb->cloned = 0;
	skb->hdr_len = 0;
	skb->nohdr = 0;
	__atomic_store_n(&nsh->dataref, 1, __ATOMIC_RELAXED);
	nsh->meta_len = 0;
	skb->truesize += nsize - osize;
	return 0;
}

struct sk_buff *skb_unshare(struct sk_buff *skb, gfp_t gfp)
{
	struct sk_buff *nskb;

	if (skb == NULL || !skb_cloned(skb))
		return skb;
	nskb = skb_copy(skb, gfp);
	if (likely(nskb != NULL))
		consume_skb(skb);
	else
		kfree_skb(skb);
	return nskb;
}

static int __skb_cow(struct sk_buff *skb, unsigned int headroom, bool cloned)
{
	unsigned int delta = 0;

	if (headroom > skb_headroom(skb))
		delta = headroom - skb_headroom(skb);
	if (delta || cloned)
		return pskb_expand_head(skb, (int)RTE_ALIGN_CEIL(delta, NET_SKB_PAD), 0,
					GFP_ATOMIC);
	return 0;
}

int skb_cow(struct sk_buff *skb, unsigned int headroom)
{
	return __skb_cow(skb, headroom, skb_cloned(skb));
}

int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	return __skb_cow(skb, headroom, skb_header_cloned(skb));
}

/* ---- pulling into the head ---------------------------------------------- */

/*
 * __pskb_pull_tail, part 2: the first @eat bytes after the frags were copied
 * from the frag_list; drop the members eaten whole and pull the one eaten
 * in part (cloning it first when someone else holds it). 0 or -ENOMEM.
 */
static int pull_tail_frag_list(struct sk_buff *skb, int eat)
{
	struct sk_buff *list = skb_shinfo(skb)->frag_list;
	struct sk_buff *clone = NULL, *insp = NULL;

	do {
		if ((int)list->len <= eat) {
			eat -= (int)list->len;
			list = list->next;
			insp = list;
			continue;
		}
		if (skb_is_gso(skb) && !list->head_frag && skb_headlen(list))
			skb_shinfo(skb)->gso_type |= SKB_GSO_DODGY;
		if (skb_shared(list)) {
			clone = skb_clone(list, GFP_ATOMIC);
			if (clone == NULL)
				return -ENOMEM;
			insp = list->next;
			list = clone;
		} else {
			insp = list;
		}
		if (pskb_pull(list, (unsigned int)eat) == NULL) {
			kfree_skb(clone);
			return -ENOMEM;
		}
		break;
	} while (eat);

	while ((list = skb_shinfo(skb)->frag_list) != insp) {
		/* Not list->next = NULL: another head may share the chain. */
		skb_shinfo(skb)->frag_list = list->next;
		consume_skb(list);
	}
	if (clone != NULL) {
		clone->next = list;
		skb_shinfo(skb)->frag_list = clone;
	}
	return 0;
}

/* Bytes of the first @delta paged ones that sit in the frag_list. */
static int pull_tail_list_bytes(const struct sk_buff *skb, int delta)
{
	if (!skb_has_frag_list(skb))
		return 0;
	for (int i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		int size = (int)skb_frag_size(&skb_shinfo(skb)->frags[i]);

		if (size >= delta)
			return 0;
		delta -= size;
	}
	return delta;
}

/* __pskb_pull_tail, part 3: drops the first @delta bytes of the frags. */
static void pull_tail_frags(struct sk_buff *skb, int delta)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int i, k = 0, eat = delta;

	for (i = 0; i < shinfo->nr_frags; i++) {
		int size = (int)skb_frag_size(&shinfo->frags[i]);

		if (size <= eat) {
			skb_frag_unref(skb, i);
			eat -= size;
			continue;
		}
		shinfo->frags[k] = shinfo->frags[i];
		if (eat) {
			skb_frag_off_add(&shinfo->frags[k], eat);
			skb_frag_size_sub(&shinfo->frags[k], eat);
			eat = 0;
		}
		k++;
	}
	shinfo->nr_frags = (__u8)k;
}

void *__pskb_pull_tail(struct sk_buff *skb, int delta)
{
	int eat = (int)(skb->tail + (unsigned int)delta) - (int)skb->end;

	if (unlikely(delta < 0 || (unsigned int)delta > skb->data_len)) {
		nm_misuse("__pskb_pull_tail(skb %p, %d) with %u paged bytes", (void *)skb,
			  delta, skb->data_len);
		return NULL;
	}
	/* As the kernel: an skb with unreadable frags is refused whole
	 * (skb_frags_readable()), even when the bytes asked for are readable;
	 * a net_iov in a frag_list member is refused by its range. */
	if (!skb_frags_readable(skb) ||
	    !nm_skb_range_readable(skb, (int)skb_headlen(skb), delta))
		return NULL;
	if (eat > 0 || skb_cloned(skb)) {
		if (pskb_expand_head(skb, 0, eat > 0 ? eat + 128 : 0, GFP_ATOMIC))
			return NULL;
	}
	if (skb_copy_bits(skb, (int)skb_headlen(skb), skb_tail_pointer(skb), delta) != 0)
		return NULL;
	eat = pull_tail_list_bytes(skb, delta);
	if (eat && pull_tail_frag_list(skb, eat) != 0)
		return NULL;
	/* Success: commit. */
	nm_skb_stat_add(copied_bytes, (unsigned int)delta);
	pull_tail_frags(skb, delta);
	skb->tail += (sk_buff_data_t)delta;
	skb->data_len -= (unsigned int)delta;
	/* Linear now: the zero-copy completion is reported early, as in the
	 * kernel (only here, not in ___pskb_trim()). */
	if (!skb->data_len)
		skb_zcopy_clear(skb, false);
	return skb_tail_pointer(skb);
}

int skb_linearize(struct sk_buff *skb)
{
	if (!skb_is_nonlinear(skb))
		return 0;
	if (!nm_skb_range_readable(skb, (int)skb_headlen(skb), (int)skb->data_len))
		return -EIO;
	return __pskb_pull_tail(skb, (int)skb->data_len) != NULL ? 0 : -ENOMEM;
}

/* ---- trimming ----------------------------------------------------------- */

/* ___pskb_trim, frag_list part: @offset is where the frag_list starts. */
static int pskb_trim_frag_list(struct sk_buff *skb, unsigned int len, unsigned int offset)
{
	struct sk_buff **fragp, *frag;
	int err;

	for (fragp = &skb_shinfo(skb)->frag_list; (frag = *fragp) != NULL;
	     fragp = &frag->next) {
		unsigned int end = offset + frag->len;

		if (skb_shared(frag)) {
			struct sk_buff *nfrag = skb_clone(frag, GFP_ATOMIC);

			if (unlikely(nfrag == NULL))
				return -ENOMEM;
			nfrag->next = frag->next;
			consume_skb(frag);
			frag = nfrag;
			*fragp = frag;
		}
		if (end < len) {
			offset = end;
			continue;
		}
		if (end > len && unlikely((err = pskb_trim(frag, len - offset)) != 0))
			return err;
		if (frag->next != NULL)
			skb_drop_list(&frag->next);
		break;
	}
	return 0;
}

/* Keeps the first @i frags, the last of them @last_size bytes long (0: as
 * it is); drops the others and the frag_list. */
static void pskb_trim_frags(struct sk_buff *skb, int i, unsigned int last_size)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int nfrags = shinfo->nr_frags;

	if (last_size)
		skb_frag_size_set(&shinfo->frags[i - 1], last_size);
	shinfo->nr_frags = (__u8)i;
	for (; i < nfrags; i++)
		skb_frag_unref(skb, i);
	if (skb_has_frag_list(skb))
		skb_drop_list(&shinfo->frag_list);
}

int ___pskb_trim(struct sk_buff *skb, unsigned int len)
{
	unsigned int offset = skb_headlen(skb);
	int i, nfrags, err;

	if (len >= skb->len)
		return 0;
	if (skb_cloned(skb) && unlikely((err = pskb_expand_head(skb, 0, 0, GFP_ATOMIC)) != 0))
		return err;
	nfrags = skb_shinfo(skb)->nr_frags;
	if (offset >= len) {
		pskb_trim_frags(skb, 0, 0);
		goto done;
	}
	for (i = 0; i < nfrags; i++) {
		unsigned int end = offset + skb_frag_size(&skb_shinfo(skb)->frags[i]);

		if (end < len) {
			offset = end;
			continue;
		}
		pskb_trim_frags(skb, i + 1, len - offset);
		goto done;
	}
	err = pskb_trim_frag_list(skb, len, offset);
	if (err)
		return err;
done:
	if (len > skb_headlen(skb)) {
		skb->data_len -= skb->len - len;
		skb->len = len;
	} else {
		skb->len = len;
		skb->data_len = 0;
		skb_set_tail_pointer(skb, (int)len);
	}
	/* As the kernel: no early zero-copy completion here (the ubuf_info
	 * stays until the data is released), and unreadable stays as it is. */
	return 0;
}
