/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The GRO engine of a gro_node (the kernel's net/core/gro.c): hash buckets
 * of held skbs, the flow pre-match (device, MAC header, VLAN tag, hash),
 * dispatch to the protocol layer (gro_inet.c), the merge of one skb into a
 * held one (skb_gro_receive: frags moved, a page-frag head stolen, or the
 * skb chained on frag_list), completion, flushes (all, by age, oldest of
 * a full bucket) and the batch of completed skbs for the deliver callback.
 */
#include <rte_byteorder.h>

#include <netmem/skb_queue.h>

#include "skb_priv.h"
#include "gro_priv.h"

void gro_init(struct gro_node *gro)
{
	memset(gro, 0, sizeof(*gro));
	for (int i = 0; i < GRO_HASH_BUCKETS; i++)
		__skb_queue_head_init(&gro->hash[i].list);
	__skb_queue_head_init(&gro->rx_list);
	gro->gro_max_size = GRO_MAX_SIZE;
	gro->gro_ipv4_max_size = GRO_MAX_SIZE;
	gro->normal_batch = GRO_NORMAL_BATCH;
	gro->enabled = true;
}

unsigned int gro_held_count(const struct gro_node *gro)
{
	unsigned int n = 0;

	for (int i = 0; i < GRO_HASH_BUCKETS; i++)
		n += (unsigned int)gro->hash[i].count;
	return n;
}

/* ---- delivery ------------------------------------------------------------ */

void gro_normal_list(struct gro_node *gro)
{
	if (!gro->rx_count && skb_queue_empty(&gro->rx_list))
		return;
	if (gro->deliver != NULL)
		gro->deliver(gro, &gro->rx_list);
	if (!skb_queue_empty(&gro->rx_list)) {
		/* No callback, or one that left skbs behind. */
		if (gro->deliver != NULL)
			nm_warn("gro_normal_list: deliver left %u skbs: freed",
				gro->rx_list.qlen);
		__skb_queue_purge(&gro->rx_list);
	}
	__skb_queue_head_init(&gro->rx_list);
	gro->rx_count = 0;
}

void gro_normal_one(struct gro_node *gro, struct sk_buff *skb, int segs)
{
	__skb_queue_tail(&gro->rx_list, skb);
	gro->stat_out++;
	gro->rx_count += (unsigned int)segs;
	if (gro->rx_count >= gro->normal_batch)
		gro_normal_list(gro);
}

/* ---- completion and flushes ---------------------------------------------- */

static void gro_complete(struct gro_node *gro, struct sk_buff *skb)
{
	skb->next = NULL;
	skb->prev = NULL;
	if (NAPI_GRO_CB(skb)->count == 1) {
		skb_shinfo(skb)->gso_size = 0;
	} else {
		nm_gro_network_complete(skb);
	}
	gro_normal_one(gro, skb, NAPI_GRO_CB(skb)->count);
}

static void gro_flush_chain(struct gro_node *gro, unsigned int index, bool flush_old)
{
	struct gro_list *gl = &gro->hash[index];
	struct sk_buff *skb;

	/* Oldest at the tail. */
	while ((skb = skb_peek_tail(&gl->list)) != NULL) {
		if (flush_old && NAPI_GRO_CB(skb)->age == gro->now)
			return;
		__skb_unlink(skb, &gl->list);
		gl->count--;
		gro->stat_flush_call++;
		gro_complete(gro, skb);
	}
}

void __gro_flush(struct gro_node *gro, bool flush_old)
{
	unsigned long bitmask = gro->bitmask;

	for (unsigned int i = 0; i < GRO_HASH_BUCKETS; i++) {
		if (!(bitmask & (1ul << i)))
			continue;
		gro_flush_chain(gro, i, flush_old);
		if (gro->hash[i].count == 0)
			gro->bitmask &= ~(1ul << i);
	}
}

static void gro_flush_oldest(struct gro_node *gro, struct gro_list *gl)
{
	struct sk_buff *oldest = skb_peek_tail(&gl->list);

	if (oldest == NULL)
		return;
	__skb_unlink(oldest, &gl->list);
	gro->stat_flush_full++;
	gro_complete(gro, oldest);
}

void gro_cleanup(struct gro_node *gro)
{
	for (int i = 0; i < GRO_HASH_BUCKETS; i++) {
		__skb_queue_purge(&gro->hash[i].list);
		__skb_queue_head_init(&gro->hash[i].list);
		gro->hash[i].count = 0;
	}
	gro->bitmask = 0;
	__skb_queue_purge(&gro->rx_list);
	__skb_queue_head_init(&gro->rx_list);
	gro->rx_count = 0;
}

/* ---- headers and checksums ------------------------------------------------ */

unsigned char *nm_gro_header(struct sk_buff *skb, unsigned int hlen)
{
	unsigned int need = NAPI_GRO_CB(skb)->data_offset + hlen;

	if (need > skb->len)
		return NULL;
	if (need > skb_headlen(skb) && !pskb_may_pull(skb, need))
		return NULL;
	return skb->data + NAPI_GRO_CB(skb)->data_offset;
}

int nm_gro_checksum_validate(struct sk_buff *skb, __wsum psum)
{
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	__wsum wsum;
	__sum16 sum;

	if (cb->csum_cnt > 0) {
		cb->csum_cnt--;		/* one CHECKSUM_UNNECESSARY level used */
		return 0;
	}
	if (cb->csum_valid && csum_fold(csum_add(psum, cb->csum)) == 0)
		goto good;
	if (!nm_skb_range_readable(skb, (int)cb->data_offset, (int)skb_gro_len(skb)))
		return -EIO;
	wsum = skb_checksum(skb, (int)cb->data_offset, (int)skb_gro_len(skb), 0);
	sum = csum_fold(csum_add(psum, wsum));
	if (sum != 0)
		return -EINVAL;
	cb->csum = wsum;
	cb->csum_valid = 1;
good:
	/* As skb_gro_incr_csum_unnecessary(): a top-level checksum verified
	 * here saves the stack the work if the skb goes up unmerged. */
	__skb_incr_checksum_unnecessary(skb);
	return 0;
}

/* ---- the merge ------------------------------------------------------------ */

static unsigned int gro_max_size_of(const struct gro_node *gro, const struct sk_buff *p)
{
	unsigned int max = NAPI_GRO_CB(p)->is_ipv6 ? gro->gro_max_size : gro->gro_ipv4_max_size;

	return max > GRO_MAX_SIZE ? GRO_MAX_SIZE : max;
}

/* Appends @skb to @p's frag_list (after the last one chained). */
static inline void gro_chain(struct sk_buff *p, struct sk_buff *skb)
{
	skb->next = NULL;
	skb->prev = NULL;
	if (NAPI_GRO_CB(p)->last == p)
		skb_shinfo(p)->frag_list = skb;
	else
		NAPI_GRO_CB(p)->last->next = skb;
	NAPI_GRO_CB(p)->last = skb;
}

int nm_skb_gro_receive(struct gro_node *gro, struct sk_buff *p, struct sk_buff *skb)
{
	struct skb_shared_info *pinfo, *skbinfo = skb_shinfo(skb);
	unsigned int offset = skb_gro_offset(skb);
	unsigned int headlen = skb_headlen(skb);
	unsigned int len = skb_gro_len(skb);
	unsigned int delta_truesize;
	unsigned int segs = NAPI_GRO_CB(skb)->count;
	struct sk_buff *lp;

	if (p->pp_recycle != skb->pp_recycle)
		return -ETOOMANYREFS;
	if (unlikely(p->len + len >= gro_max_size_of(gro, p) || NAPI_GRO_CB(skb)->flush))
		return -E2BIG;
	/* Device memory merges only with device memory (skb_frags_readable). */
	if (p->unreadable != skb->unreadable)
		return -EINVAL;
	/* The merged skb must be ours alone to be emptied or chained. */
	if (skb_shared(skb) || skb_cloned(skb))
		return -EINVAL;

	lp = NAPI_GRO_CB(p)->last;
	pinfo = skb_shinfo(lp);

	if (headlen <= offset) {
		/* Headers in the head, payload all in frags: move the frags. */
		unsigned int nr = skbinfo->nr_frags;
		skb_frag_t *frag;

		if (pinfo->nr_frags + nr > MAX_SKB_FRAGS)
			goto merge;
		frag = &pinfo->frags[pinfo->nr_frags];
		memcpy(frag, skbinfo->frags, nr * sizeof(skb_frag_t));
		pinfo->nr_frags = (__u8)(pinfo->nr_frags + nr);
		skbinfo->nr_frags = 0;
		offset -= headlen;
		skb_frag_off_add(frag, (int)offset);
		skb_frag_size_sub(frag, (int)offset);
		delta_truesize = skb->truesize - SKB_TRUESIZE(skb_end_offset(skb));
		skb->truesize -= delta_truesize;
		skb->len -= skb->data_len;
		skb->data_len = 0;
		NAPI_GRO_CB(skb)->free = NAPI_GRO_FREE;
		goto done;
	} else if (skb->head_frag) {
		/* Payload starts in a page-frag head: the head becomes a frag. */
		struct page *page = virt_to_head_page(skb->head);
		unsigned int nr = pinfo->nr_frags;
		skb_frag_t *frag = &pinfo->frags[nr];

		if (page == NULL || nr + 1 + skbinfo->nr_frags > MAX_SKB_FRAGS)
			goto merge;
		skb_frag_fill_page_desc(frag, page,
					(int)(skb->data - (unsigned char *)page_address(page) + offset),
					(int)(headlen - offset));
		memcpy(frag + 1, skbinfo->frags, skbinfo->nr_frags * sizeof(skb_frag_t));
		pinfo->nr_frags = (__u8)(nr + 1 + skbinfo->nr_frags);
		/* The struct of an skb embedded in its head's page keeps that
		 * page with a reference of its own (skb_priv.h). */
		if (nm_skb_head_in_slot(skb))
			nm_skb_slot_hold(skb);
		delta_truesize = skb->truesize - SKB_DATA_ALIGN(sizeof(struct sk_buff));
		skb->truesize -= delta_truesize;
		NAPI_GRO_CB(skb)->free = NAPI_GRO_FREE_STOLEN_HEAD;
		goto done;
	}

merge:
	/* The skb itself goes on p's frag_list, its headers pulled off. */
	if (skb->destructor != NULL) {
		skb->destructor(skb);
		skb->destructor = NULL;
	}
	delta_truesize = skb->truesize;
	if (offset > headlen) {
		unsigned int eat = offset - headlen;

		skb_frag_off_add(&skbinfo->frags[0], (int)eat);
		skb_frag_size_sub(&skbinfo->frags[0], (int)eat);
		skb->data_len -= eat;
		skb->len -= eat;
		offset = headlen;
	}
	__skb_pull(skb, offset);
	gro_chain(p, skb);
	__skb_header_release(skb);
	lp = p;

done:
	NAPI_GRO_CB(p)->count = (uint16_t)(NAPI_GRO_CB(p)->count + segs);
	p->data_len += len;
	p->truesize += delta_truesize;
	p->len += len;
	if (lp != p) {
		lp->data_len += len;
		lp->truesize += delta_truesize;
		lp->len += len;
	}
	NAPI_GRO_CB(skb)->same_flow = 1;
	gro->stat_merged++;
	return 0;
}

/*
 * The kernel's skb_gro_receive_list() (fraglist GRO): @skb is kept whole,
 * its headers pulled (they stay in its head for skb_segment_list()), and
 * chained on @p's frag_list. Device memory is chained only to device
 * memory (libnetmem's guard: the head's unreadable bit covers the chain).
 */
int nm_skb_gro_receive_list(struct gro_node *gro, struct sk_buff *p, struct sk_buff *skb)
{
	unsigned int offset = skb_gro_offset(skb);

	if (unlikely(p->len + skb->len >= GRO_LEGACY_MAX_SIZE || NAPI_GRO_CB(skb)->flush))
		return -E2BIG;
	if (p->unreadable != skb->unreadable || skb_shared(skb) || skb_cloned(skb))
		return -EINVAL;
	if (!pskb_may_pull(skb, offset)) {
		NAPI_GRO_CB(skb)->flush = 1;
		return -ENOMEM;
	}
	if (skb->destructor != NULL) {
		skb->destructor(skb);
		skb->destructor = NULL;
	}
	__skb_pull(skb, offset);
	gro_chain(p, skb);
	NAPI_GRO_CB(p)->count++;
	p->data_len += skb->len;
	p->truesize += skb->truesize;
	p->len += skb->len;
	NAPI_GRO_CB(skb)->same_flow = 1;
	gro->stat_merged++;
	return 0;
}

/* ---- receive ---------------------------------------------------------------- */

/* The kernel's gro_list_prepare(): which held skbs may share @skb's flow. */
static void gro_list_prepare(struct sk_buff_head *head, const struct sk_buff *skb)
{
	unsigned int maclen = skb->mac_len;
	const unsigned char *mh = maclen ? skb_mac_header(skb) : NULL;
	struct sk_buff *p;

	skb_queue_walk(head, p) {
		unsigned long diffs;

		if (p->hash != skb->hash) {
			NAPI_GRO_CB(p)->same_flow = 0;
			continue;
		}
		diffs = (unsigned long)p->dev ^ (unsigned long)skb->dev;
		diffs |= p->vlan_all ^ skb->vlan_all;
		diffs |= p->mac_len ^ maclen;
		if (!diffs && maclen)
			diffs |= (unsigned long)memcmp(skb_mac_header(p), mh, maclen);
		NAPI_GRO_CB(p)->same_flow = !diffs;
	}
}

static gro_result_t dev_gro_receive(struct gro_node *gro, struct sk_buff *skb)
{
	unsigned int bucket = skb->hash & (GRO_HASH_BUCKETS - 1);
	struct gro_list *gl = &gro->hash[bucket];
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	struct sk_buff *pp;
	gro_result_t ret;
	bool handled = false;
	int same_flow;

	if (!gro->enabled)
		goto normal;

	memset(cb, 0, sizeof(*cb));
	cb->count = 1;
	cb->flush = skb_has_frag_list(skb);
	if (unlikely(skb_is_gso(skb))) {
		cb->count = skb_shinfo(skb)->gso_segs;
		/* Only TCP GSO skbs from trusted sources. */
		if (!(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)) ||
		    (skb_shinfo(skb)->gso_type & SKB_GSO_DODGY) || cb->count == 0)
			cb->flush = 1;
	}
	/* A clone's data is not ours to chain or to write headers into (a
	 * driver never hands one over; the kernel does not check). */
	if (unlikely(skb_cloned(skb) || skb_shared(skb)))
		cb->flush = 1;
	switch (skb->ip_summed) {
	case CHECKSUM_COMPLETE:
		cb->csum = skb->csum;
		cb->csum_valid = 1;
		break;
	case CHECKSUM_UNNECESSARY:
		cb->csum_cnt = (uint8_t)(skb->csum_level + 1);
		break;
	default:
		break;
	}

	/* Data at the network header: the mac header runs up to it. */
	if (skb->mac_header != (__u16)~0U && skb_mac_header(skb) <= skb->data)
		skb->mac_len = (__u16)(skb->data - skb_mac_header(skb));
	else
		skb->mac_len = 0;
	skb_reset_network_header(skb);
	gro_list_prepare(&gl->list, skb);

	pp = nm_gro_network_receive(gro, &gl->list, skb, rte_be_to_cpu_16(skb->protocol), &handled);
	if (!handled)
		goto normal;

	same_flow = cb->same_flow;
	ret = cb->free ? GRO_MERGED_FREE : GRO_MERGED;

	if (pp != NULL) {
		__skb_unlink(pp, &gl->list);
		gl->count--;
		gro->stat_flush_flag++;
		gro_complete(gro, pp);
	}
	if (same_flow)
		goto ok;
	if (cb->flush)
		goto normal;

	if (unlikely(gl->count >= MAX_GRO_SKBS))
		gro_flush_oldest(gro, gl);
	else
		gl->count++;
	cb->age = gro->now;
	cb->last = skb;
	if (!skb_is_gso(skb))
		skb_shinfo(skb)->gso_size = (unsigned short)skb_gro_len(skb);
	__skb_queue_head(&gl->list, skb);
	ret = GRO_HELD;
ok:
	if (gl->count)
		gro->bitmask |= 1ul << bucket;
	else
		gro->bitmask &= ~(1ul << bucket);
	return ret;
normal:
	ret = GRO_NORMAL;
	goto ok;
}

gro_result_t gro_receive_skb(struct gro_node *gro, struct sk_buff *skb)
{
	gro_result_t ret;

	if (unlikely(gro == NULL || skb == NULL)) {
		nm_warn("gro_receive_skb: NULL %s", gro == NULL ? "gro node" : "skb");
		if (skb != NULL)
			kfree_skb(skb);
		return GRO_CONSUMED;
	}
	gro->stat_in++;
	ret = dev_gro_receive(gro, skb);
	switch (ret) {
	case GRO_NORMAL:
		gro_normal_one(gro, skb, 1);
		break;
	case GRO_MERGED_FREE:
		if (NAPI_GRO_CB(skb)->free == NAPI_GRO_FREE_STOLEN_HEAD)
			kfree_skb_partial(skb, true);
		else
			napi_consume_skb(skb, 1);
		break;
	default:
		break;
	}
	return ret;
}
