/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sharing and headroom (netmem/skb_writable.h) with the kernel's semantics
 * (net/core/skbuff.c): skb_ensure_writable, skb_copy_header,
 * skb_copy_expand, skb_realloc_headroom, skb_expand_head, skb_copy_ubufs
 * (behind skb_orphan_frags), skb_morph and skb_pp_cow_data.
 *
 * They are built on lib/skb's own reshaping (pskb_expand_head, pskb_copy,
 * skb_clone, nm_copy_skb_header, nm_skb_release_data); unreadable bytes are
 * never copied: the paths that would copy them refuse first.
 */
#include <errno.h>

#include "skb_priv.h"

#include <netmem/skb_linear.h>
#include <netmem/skb_writable.h>

int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len)
{
	if (!pskb_may_pull(skb, write_len))
		return -ENOMEM;
	if (!skb_cloned(skb) || skb_clone_writable(skb, write_len))
		return 0;
	return pskb_expand_head(skb, 0, 0, GFP_ATOMIC);
}

void skb_copy_header(struct sk_buff *new, const struct sk_buff *old)
{
	nm_copy_skb_header(new, old);
	new->mac_len = old->mac_len;
	skb_shinfo(new)->gso_size = skb_shinfo(old)->gso_size;
	skb_shinfo(new)->gso_segs = skb_shinfo(old)->gso_segs;
	skb_shinfo(new)->gso_type = skb_shinfo(old)->gso_type;
}

struct sk_buff *skb_copy_expand(const struct sk_buff *skb, int newheadroom, int newtailroom,
				gfp_t gfp)
{
	int oldheadroom = (int)skb_headroom(skb), head_copy_len, head_copy_off;
	struct sk_buff *n;

	if (unlikely(newheadroom < 0 || newtailroom < 0)) {
		nm_misuse("skb_copy_expand(skb %p, %d, %d): negative room", (const void *)skb,
			  newheadroom, newtailroom);
		return NULL;
	}
	if (!skb_readable_all(skb))
		return NULL;
	n = __alloc_skb((unsigned int)newheadroom + skb->len + (unsigned int)newtailroom, gfp,
			0, NUMA_NO_NODE);
	if (unlikely(n == NULL))
		return NULL;
	skb_reserve(n, newheadroom);
	__skb_put(n, skb->len);
	/* As much of the old headroom as the new one holds, right before the
	 * data; the rest of a larger new headroom stays as alloc left it. */
	head_copy_len = oldheadroom;
	head_copy_off = 0;
	if (newheadroom <= head_copy_len)
		head_copy_len = newheadroom;
	else
		head_copy_off = newheadroom - head_copy_len;
	memcpy(n->head + head_copy_off, skb->data - head_copy_len, (size_t)head_copy_len);
	if (unlikely(skb_copy_bits(skb, 0, n->data, (int)skb->len) != 0)) {
		kfree_skb(n);
		return NULL;
	}
	nm_skb_stat_add(copied_bytes, skb->len);
	skb_copy_header(n, skb);
	n->unreadable = 0;
	skb_headers_offset_update(n, newheadroom - oldheadroom);
	return n;
}

struct sk_buff *skb_realloc_headroom(struct sk_buff *skb, unsigned int headroom)
{
	int delta = (int)headroom - (int)skb_headroom(skb);
	struct sk_buff *skb2;

	if (delta <= 0)
		return pskb_copy(skb, GFP_ATOMIC);
	skb2 = skb_clone(skb, GFP_ATOMIC);
	if (skb2 != NULL && pskb_expand_head(skb2, (int)SKB_DATA_ALIGN((unsigned int)delta), 0,
					     GFP_ATOMIC)) {
		kfree_skb(skb2);
		skb2 = NULL;
	}
	return skb2;
}

struct sk_buff *skb_expand_head(struct sk_buff *skb, unsigned int headroom)
{
	int delta = (int)headroom - (int)skb_headroom(skb);
	struct sk_buff *nskb;

	if (delta <= 0) {
		nm_warn("skb_expand_head: skb %p has %u bytes of headroom, %u asked: expects an increase",
			(void *)skb, skb_headroom(skb), headroom);
		return skb;
	}
	/* The kernel expands in place only an skb charged to a socket's write
	 * memory; here none is: work on a clone, as it does then. */
	nskb = skb_clone(skb, GFP_ATOMIC);
	if (unlikely(nskb == NULL))
		goto fail;
	consume_skb(skb);
	skb = nskb;
	if (pskb_expand_head(skb, (int)SKB_DATA_ALIGN((unsigned int)delta), 0, GFP_ATOMIC))
		goto fail;
	return skb;
fail:
	kfree_skb(skb);
	return NULL;
}

/* ---- zero-copy frags into the library's own pages ----------------------- */

int skb_copy_ubufs(struct sk_buff *skb, gfp_t gfp)
{
	struct skb_shared_info *sh;
	struct page *pages[MAX_SKB_FRAGS];
	unsigned int order = 0, psize, total, new_frags, d_off = 0;
	int num_frags, i, n = 0;

	if (skb_shared(skb) || skb_unclone(skb, gfp))
		return -EINVAL;
	if (!skb_frags_readable(skb))
		return -EFAULT;
	sh = skb_shinfo(skb);
	num_frags = sh->nr_frags;
	if (num_frags == 0)
		goto release;
	total = __skb_pagelen(skb);
	while ((PAGE_SIZE << order) * MAX_SKB_FRAGS < total && order < NM_MAX_PAGE_ORDER)
		order++;
	psize = (unsigned int)(PAGE_SIZE << order);
	new_frags = (total + psize - 1) / psize;
	if (new_frags > MAX_SKB_FRAGS)
		return -ENOMEM;
	for (; n < (int)new_frags; n++) {
		pages[n] = alloc_pages(gfp | __GFP_NOWARN, order);
		if (pages[n] == NULL)
			goto nomem;
	}
	/* Pack the bytes of all frags into the new pages, in order. */
	n = 0;
	for (i = 0; i < num_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];
		const char *src = skb_frag_address(f);
		unsigned int left = skb_frag_size(f);

		while (left) {
			unsigned int copy = RTE_MIN(left, psize - d_off);

			memcpy((char *)page_address(pages[n]) + d_off, src, copy);
			src += copy;
			left -= copy;
			d_off += copy;
			if (d_off == psize && (n + 1) < (int)new_frags) {
				n++;
				d_off = 0;
			}
		}
	}
	nm_skb_stat_add(copied_bytes, total);
	/* The user's memory is let go; the frags now name our pages. */
	if (!(sh->flags & SKBFL_MANAGED_FRAG_REFS))
		for (i = 0; i < num_frags; i++)
			skb_frag_unref(skb, i);
	sh->flags &= (__u8)~SKBFL_MANAGED_FRAG_REFS;
	for (i = 0; i < (int)new_frags - 1; i++)
		__skb_fill_page_desc(skb, i, pages[i], 0, (int)psize);
	__skb_fill_page_desc(skb, (int)new_frags - 1, pages[new_frags - 1], 0, (int)d_off);
	sh->nr_frags = (__u8)new_frags;
release:
	skb_zcopy_clear(skb, false);
	return 0;
nomem:
	while (n-- > 0)
		__free_pages(pages[n], order);
	return -ENOMEM;
}

/* ---- morph -------------------------------------------------------------- */

struct sk_buff *skb_morph(struct sk_buff *dst, struct sk_buff *src)
{
	__u8 fclone = dst->fclone;

	/* dst's data and owner go, as when it is freed. */
	if (dst->destructor != NULL) {
		dst->destructor(dst);
		dst->destructor = NULL;
	}
	if (dst->head != NULL)
		nm_skb_release_data(dst, false);

	/* dst becomes a clone of src: same fields, one more dataref. */
	memset(dst, 0, offsetof(struct sk_buff, tail));
	dst->fclone = fclone;
	nm_copy_skb_header(dst, src);
	dst->len = src->len;
	dst->data_len = src->data_len;
	dst->mac_len = src->mac_len;
	dst->hdr_len = src->nohdr ? (__u16)skb_headroom(src) : src->hdr_len;
	dst->cloned = 1;
	dst->nohdr = 0;
	dst->peeked = 0;
	dst->pfmemalloc = src->pfmemalloc;
	dst->pp_recycle = src->pp_recycle;
	dst->destructor = NULL;
	dst->tail = src->tail;
	dst->end = src->end;
	dst->head = src->head;
	dst->head_frag = src->head_frag;
	dst->data = src->data;
	dst->truesize = src->truesize;
	__atomic_store_n(&dst->users, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&skb_shinfo(src)->dataref, 1, __ATOMIC_RELAXED);
	src->cloned = 1;
	return dst;
}

/* ---- page_pool copy-on-write -------------------------------------------- */

int skb_pp_cow_data(struct page_pool *pool, struct sk_buff **pskb, unsigned int headroom)
{
	struct sk_buff *skb = *pskb, *nskb;
	unsigned int size, truesize, len, max_head_size, off;
	void *data;
	int err, i;

	/* As XDP: no frag_list. */
	if (skb_has_frag_list(skb))
		return -EOPNOTSUPP;
	if (unlikely(headroom + SKB_HEAD_ALIGN(0) >= PAGE_SIZE))
		return -ENOMEM;
	max_head_size = (unsigned int)SKB_WITH_OVERHEAD(PAGE_SIZE - headroom);
	if (skb->len > max_head_size + MAX_SKB_FRAGS * PAGE_SIZE)
		return -ENOMEM;

	size = RTE_MIN(skb->len, max_head_size);
	truesize = (unsigned int)SKB_HEAD_ALIGN(size) + headroom;
	data = page_pool_dev_alloc_va(pool, &truesize);
	if (data == NULL)
		return -ENOMEM;
	nskb = napi_build_skb(data, truesize);
	if (nskb == NULL) {
		page_pool_free_va(pool, data, true);
		return -ENOMEM;
	}
	skb_reserve(nskb, (int)headroom);
	skb_copy_header(nskb, skb);
	skb_mark_for_recycle(nskb);
	err = skb_copy_bits(skb, 0, nskb->data, (int)size);
	if (err) {
		consume_skb(nskb);
		return err;
	}
	__skb_put(nskb, size);
	skb_headers_offset_update(nskb, (int)skb_headroom(nskb) - (int)skb_headroom(skb));

	off = size;
	len = skb->len - off;
	for (i = 0; i < MAX_SKB_FRAGS && off < skb->len; i++) {
		unsigned int page_off;
		struct page *page;

		size = RTE_MIN(len, (unsigned int)PAGE_SIZE);
		truesize = size;
		page = page_pool_dev_alloc(pool, &page_off, &truesize);
		if (page == NULL) {
			consume_skb(nskb);
			return -ENOMEM;
		}
		skb_add_rx_frag(nskb, i, page, (int)page_off, (int)size, truesize);
		err = skb_copy_bits(skb, (int)off, (char *)page_address(page) + page_off, (int)size);
		if (err) {
			consume_skb(nskb);
			return err;
		}
		len -= size;
		off += size;
	}
	nm_skb_stat_add(copied_bytes, skb->len);
	consume_skb(skb);
	*pskb = nskb;
	return 0;
}
