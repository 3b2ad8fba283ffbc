/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * skb_segment(): software segmentation of a GSO skb, as the kernel's
 * net/core/skbuff.c does it.
 *
 * The caller has pulled the headers: skb->data is at the L4 payload and the
 * doffset = data - mac_header bytes before it are the headers every segment
 * gets a copy of. Each segment then carries gso_size payload bytes (the last
 * one the rest), or one frag_list skb with GSO_BY_FRAGS:
 *
 *  - a segment that starts where a frag_list skb with a linear part starts
 *    is a clone of that skb (trimmed, its head made private with room for
 *    the headers): its data is shared, not copied;
 *  - any other segment is a new skb (alloc_skb) holding the headers and the
 *    linear payload bytes of head_skb that fall in it, plus frags that share
 *    head_skb's frags (and those of the frag_list skbs, their heads included
 *    as page frags), each with one more reference of the kind the memory asks
 *    for (__skb_frag_ref(), gathered per run of one netmem: gso_refs);
 *  - without NETIF_F_SG the payload is copied (counted in copied_bytes);
 *    without checksum offload for the protocol each segment's payload sum is
 *    left for skb_gso_segment() (in the GSO cb) and ip_summed is
 *    CHECKSUM_NONE;
 *  - with NETIF_F_SG and checksum offload, NETIF_F_GSO_PARTIAL (or a device
 *    that does this GSO type but not frag_list) gives segments that are GSO
 *    skbs themselves: MSS multiples (gso_size kept, gso_segs set) and a rest.
 *
 * Unreadable payload (net_iov frags) is shared, never read: segmenting it
 * needs NETIF_F_SG and checksum offload, else -EIO before anything is done.
 * Errors come back as ERR_PTR(-errno) with every segment made so far freed;
 * head_skb is left for its owner to free. As in the kernel, once the
 * headers were pushed (every case past the early geometry checks, success
 * included) head_skb->data stays at its mac header: callers put it back
 * where they want it (skb_gso_segment() resets it to the mac header, as the
 * kernel's skb_mac_gso_segment() does). On success segs->prev is the last
 * segment; each segment's data is at its mac header.
 */
#include <errno.h>

#include "skb_gso_priv.h"

/* The L3 protocol of @skb (data at the mac header), past VLAN tags; 0 when
 * it cannot be told (the kernel's skb_network_protocol()). */
static __be16 gso_network_protocol(const struct sk_buff *skb)
{
	__be16 type = skb->protocol;
	int depth, parse_depth = 8;

	if (!nm_eth_type_vlan(type))
		return type;
	if (skb->mac_len) {
		if (skb->mac_len < NM_VLAN_HLEN)
			return 0;
		depth = skb->mac_len - NM_VLAN_HLEN;
	} else {
		depth = NM_ETH_HLEN;
	}
	do {
		unsigned char buf[NM_VLAN_HLEN];
		const unsigned char *vh = skb_header_pointer(skb, depth, NM_VLAN_HLEN, buf);

		if (vh == NULL || --parse_depth == 0)
			return 0;
		memcpy(&type, vh + 2, sizeof(type));
		depth += NM_VLAN_HLEN;
	} while (nm_eth_type_vlan(type));
	return type;
}

static bool can_checksum_protocol(netdev_features_t features, __be16 protocol)
{
	if (features & NETIF_F_HW_CSUM)
		return true;
	if (protocol == RTE_BE16(NM_ETH_P_IP))
		return (features & NETIF_F_IP_CSUM) != 0;
	if (protocol == RTE_BE16(NM_ETH_P_IPV6))
		return (features & NETIF_F_IPV6_CSUM) != 0;
	return false;
}

static bool net_gso_ok(netdev_features_t features, unsigned int gso_type)
{
	netdev_features_t feature = skb_gso_type_features(gso_type);

	return (features & feature) == feature;
}

/* Lengths add up, frags fit, no nested frag_list: what the walk relies on. */
static bool gso_geometry_ok(const struct sk_buff *skb, bool top)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	const struct sk_buff *iter;
	uint64_t paged = 0;

	if (skb->data_len > skb->len || sh->nr_frags > MAX_SKB_FRAGS)
		return false;
	for (int i = 0; i < sh->nr_frags; i++)
		paged += skb_frag_size(&sh->frags[i]);
	if (!top && sh->frag_list != NULL)
		return false;
	skb_walk_frags(skb, iter) {
		if (!gso_geometry_ok(iter, false))
			return false;
		paged += iter->len;
	}
	return paged == skb->data_len;
}

/* The head of a frag_list skb as a page frag (its head is a page frag). */
static int gso_head_frag_desc(const struct sk_buff *frag_skb, skb_frag_t *out)
{
	struct page *page = virt_to_head_page(frag_skb->head);

	if (page == NULL)
		return -EINVAL;
	skb_frag_fill_page_desc(out, page,
				(int)(frag_skb->data - (unsigned char *)page_address(page)),
				(int)skb_headlen(frag_skb));
	return 0;
}

/* Flags the segment unreadable when one of its frags is a net_iov. */
static void gso_update_unreadable(struct sk_buff *nskb)
{
	const struct skb_shared_info *sh = skb_shinfo(nskb);
	const struct sk_buff *iter;
	bool unreadable = false;

	for (int i = 0; i < sh->nr_frags && !unreadable; i++)
		unreadable = skb_frag_is_net_iov(&sh->frags[i]);
	skb_walk_frags(nskb, iter)
		unreadable |= !skb_readable_all(iter);
	nskb->unreadable = unreadable;
}

/*
 * Segments after the first. skb_segment() builds every segment whose head
 * it allocates the same way up to its payload: a head of the size asked,
 * reserved and filled with the same headers, the header fields of
 * head_skb. The first one so built is kept as a template, and a later one
 * with a head of the same size is a copy of it around a head of its own
 * (a page frag head's end depends on its size only: NM_SKB_HEAD_FRAG_MAX).
 */
struct gso_seg_tmpl {
	bool valid;		/* a segment was kept */
	unsigned int size;	/* the head size it asked */
	struct sk_buff skb;	/* the segment before its payload */
};

static struct sk_buff *gso_seg_from_tmpl(const struct gso_seg_tmpl *t)
{
	struct sk_buff *skb = nm_skb_struct_alloc();
	unsigned int osize;
	bool head_frag;
	unsigned char *data;

	if (unlikely(skb == NULL))
		return NULL;
	data = nm_skb_head_alloc(SKB_DATA_ALIGN(t->size) + SKB_SHINFO_SIZE, GFP_ATOMIC, &osize,
				 &head_frag);
	if (unlikely(data == NULL)) {
		nm_skb_stat_add(alloc_fail, 1);
		skb->fclone = SKB_FCLONE_UNAVAILABLE;
		skb->head = NULL;
		kfree_skbmem(skb);
		return NULL;
	}
	*skb = t->skb;
	skb->head = data;
	skb->data = data + (t->skb.data - t->skb.head);
	nm_skb_shinfo_init(skb_shinfo(skb));
	return skb;
}

/*
 * The frag references segments take, gathered: consecutive segments share
 * the same pages (three or so 1448-byte segments to a 4 KiB page), so the
 * references on one netmem in a row are taken with one atomic add when
 * the run ends. Until then the page is kept by head_skb (or the frag_list
 * skb the frag comes from), which holds its own reference throughout; the
 * run is flushed before anything could drop a segment's frag reference
 * (a linearised segment, the error path) and at the end.
 */
struct gso_refs {
	netmem_ref netmem;
	unsigned int n;
};

static void gso_refs_flush(struct gso_refs *r)
{
	if (r->n == 0)
		return;
	if (netmem_get_pp(r->netmem) != NULL && netmem_is_pp(r->netmem))
		__atomic_fetch_add(netmem_get_pp_ref_count_ref(r->netmem), (long)r->n,
				   __ATOMIC_RELAXED);
	else
		for (unsigned int k = 0; k < r->n; k++)
			get_netmem(r->netmem);
	r->n = 0;
}

/* __skb_frag_ref() of @frag, gathered. */
static inline void gso_frag_ref(struct gso_refs *r, const skb_frag_t *frag)
{
	netmem_ref netmem = skb_frag_netmem(frag);

	if (r->n == 0 || !netmem_eq(netmem, r->netmem)) {
		gso_refs_flush(r);
		r->netmem = netmem;
	}
	r->n++;
}

/* Payload copied into a new segment: counted, as every copy path. */
static inline void gso_copied(unsigned int n)
{
	if (n)
		nm_skb_stat_add(copied_bytes, n);
}

struct sk_buff *skb_segment(struct sk_buff *head_skb, netdev_features_t features)
{
	struct sk_buff *segs = NULL, *tail = NULL, *list_skb, *frag_skb;
	struct gso_seg_tmpl tmpl;
	struct gso_refs refs = { .n = 0 };
	unsigned int mss, doffset, offset, headroom, len, partial_segs = 0;
	struct skb_shared_info *hsh;
	skb_frag_t *frag;
	__be16 proto;
	bool csum, sg, readable;
	int err = -ENOMEM;
	int i = 0, nfrags, pos;

	if (unlikely(head_skb == NULL))
		return ERR_PTR(-EINVAL);
	hsh = skb_shinfo(head_skb);
	list_skb = hsh->frag_list;
	mss = hsh->gso_size;
	if (unlikely(!skb_mac_header_was_set(head_skb) ||
		     head_skb->mac_header > skb_headroom(head_skb)))
		return ERR_PTR(-EINVAL);
	doffset = skb_headroom(head_skb) - head_skb->mac_header;
	len = head_skb->len;
	if (unlikely(mss == 0 || len == 0 || !gso_geometry_ok(head_skb, true)))
		return ERR_PTR(-EINVAL);
	if (mss == GSO_BY_FRAGS) {
		const struct sk_buff *iter;

		/* One segment per frag_list skb: the head holds headers only. */
		if (list_skb == NULL || skb_headlen(head_skb) != 0 || hsh->nr_frags != 0)
			return ERR_PTR(-EINVAL);
		skb_walk_frags(head_skb, iter)
			if (iter->len == 0)
				return ERR_PTR(-EINVAL);
	} else if (mss != skb_headlen(head_skb)) {
		struct sk_buff *check_skb;

		/*
		 * The frag_list skbs need not end on gso_size boundaries: one
		 * whose linear part is not a page frag cannot be shared as a
		 * frag, so copy (the kernel does so for SKB_GSO_DODGY; here the
		 * alternative is failing, so always).
		 */
		for (check_skb = list_skb; check_skb; check_skb = check_skb->next) {
			if (skb_headlen(check_skb) && !check_skb->head_frag) {
				features &= ~NETIF_F_SG;
				break;
			}
		}
	}

	__skb_push(head_skb, doffset);
	proto = gso_network_protocol(head_skb);
	if (unlikely(!proto)) {
		err = -EINVAL;
		goto out;
	}
	sg = (features & NETIF_F_SG) != 0;
	csum = can_checksum_protocol(features, proto);

	/* Copy or software checksum of device memory: refused, untouched. */
	if ((!sg || !csum) &&
	    !nm_skb_range_readable(head_skb, (int)doffset, (int)(head_skb->len - doffset))) {
		err = -EIO;
		goto out;
	}

	if (sg && csum && mss != GSO_BY_FRAGS) {
		if (!(features & NETIF_F_GSO_PARTIAL)) {
			struct sk_buff *iter;
			unsigned int frag_len;

			if (list_skb == NULL || !net_gso_ok(features, hsh->gso_type))
				goto normal;
			/*
			 * The device does this GSO type but not frag_list: split
			 * into GSO skbs without frag_list, when the head's
			 * payload and every frag_list skb but the last have the
			 * same length and no linear part that is not a page frag.
			 */
			frag_len = list_skb->len;
			skb_walk_frags(head_skb, iter) {
				if (frag_len != iter->len && iter->next)
					goto normal;
				if (skb_headlen(iter) && !iter->head_frag)
					goto normal;
				len -= iter->len;
			}
			if (len != frag_len)
				goto normal;
		}
		/* Partial GSO: MSS multiples, the rest in the last segment. */
		partial_segs = RTE_MIN(len, (unsigned int)GSO_BY_FRAGS - 1) / mss;
		if (partial_segs > 1)
			mss *= partial_segs;
		else
			partial_segs = 0;
	}

normal:
	/* Segments of a wholly readable skb are readable: no per-segment walk. */
	readable = skb_readable_all(head_skb);
	headroom = skb_headroom(head_skb);
	pos = (int)skb_headlen(head_skb);
	offset = doffset;
	nfrags = hsh->nr_frags;
	frag = hsh->frags;
	frag_skb = head_skb;
	tmpl.valid = false;
	tmpl.size = 0;

	do {
		struct sk_buff *nskb;
		skb_frag_t *nskb_frag;
		unsigned int alloc_size = 0;	/* head size asked */
		bool from_tmpl = false, alloced = false;
		int hsize, size;

		if (unlikely(mss == GSO_BY_FRAGS)) {
			if (list_skb == NULL || list_skb->len > head_skb->len - offset) {
				err = -EINVAL;
				goto err;
			}
			len = list_skb->len;
		} else {
			len = head_skb->len - offset;
			if (len > mss)
				len = mss;
		}

		hsize = (int)skb_headlen(head_skb) - (int)offset;

		/*
		 * pos == offset: the walk is at the start of list_skb. With SG
		 * it always is here; copied segments do not walk, so without
		 * SG it is checked, lest a segment share the wrong bytes.
		 */
		if (hsize <= 0 && i >= nfrags && list_skb != NULL && skb_headlen(list_skb) &&
		    pos == (int)offset && (skb_headlen(list_skb) == len || sg)) {
			/* The segment starts with a frag_list skb: share it. */
			unsigned int end_before;

			if (unlikely(skb_headlen(list_skb) > len)) {
				err = -EINVAL;
				goto err;
			}
			nskb = skb_clone(list_skb, GFP_ATOMIC);
			if (unlikely(nskb == NULL))
				goto err;

			i = 0;
			nfrags = skb_shinfo(list_skb)->nr_frags;
			frag = skb_shinfo(list_skb)->frags;
			frag_skb = list_skb;
			pos += (int)skb_headlen(list_skb);

			while (pos < (int)(offset + len)) {
				if (unlikely(i >= nfrags)) {
					kfree_skb(nskb);
					err = -EINVAL;
					goto err;
				}
				size = (int)skb_frag_size(frag);
				if (pos + size > (int)(offset + len))
					break;
				i++;
				pos += size;
				frag++;
			}
			list_skb = list_skb->next;

			if (unlikely(pskb_trim(nskb, len))) {
				kfree_skb(nskb);
				goto err;
			}
			end_before = skb_end_offset(nskb);
			if (skb_cow_head(nskb, doffset + headroom)) {
				kfree_skb(nskb);
				goto err;
			}
			nskb->truesize += skb_end_offset(nskb) - end_before;
			__skb_push(nskb, doffset);
		} else {
			if (hsize < 0)
				hsize = 0;
			if (hsize > (int)len || !sg)
				hsize = (int)len;
			alloc_size = (unsigned int)hsize + doffset + headroom;
			alloced = true;
			if (tmpl.valid && alloc_size == tmpl.size) {
				nskb = gso_seg_from_tmpl(&tmpl);
				from_tmpl = true;
			} else {
				nskb = __alloc_skb(alloc_size, GFP_ATOMIC, 0, NUMA_NO_NODE);
			}
			if (unlikely(nskb == NULL))
				goto err;
			if (!from_tmpl) {
				skb_reserve(nskb, (int)headroom);
				__skb_put(nskb, doffset);
				nskb->pp_recycle = head_skb->pp_recycle;
			}
		}

		if (segs)
			tail->next = nskb;
		else
			segs = nskb;
		tail = nskb;

		if (!from_tmpl) {
			nm_copy_skb_header(nskb, head_skb);
			skb_headers_offset_update(nskb, (int)skb_headroom(nskb) - (int)headroom);
			skb_reset_mac_len(nskb);
			if (alloced &&
			    SKB_DATA_ALIGN(alloc_size) + SKB_SHINFO_SIZE <= NM_SKB_HEAD_FRAG_MAX) {
				tmpl.valid = true;
				tmpl.size = alloc_size;
				tmpl.skb = *nskb;
			}
		}
		/* The headers, mac .. payload. */
		memcpy(nskb->data, head_skb->data, doffset);

		if (nskb->len == len + doffset)
			goto perform_csum_check;

		if (!sg) {
			unsigned char *to = skb_put(nskb, len);

			if (unlikely(to == NULL ||
				     skb_copy_bits(head_skb, (int)offset, to, (int)len))) {
				err = -EINVAL;
				goto err;
			}
			gso_copied(len);
			if (mss == GSO_BY_FRAGS)
				list_skb = list_skb->next;
			if (!csum) {
				nskb->ip_summed = CHECKSUM_NONE;
				NM_GSO_CB(nskb)->csum = csum_partial(to, (int)len, 0);
				NM_GSO_CB(nskb)->csum_start = (__u16)(skb_headroom(nskb) + doffset);
			}
			nskb->unreadable = 0;
			continue;
		}

		nskb_frag = skb_shinfo(nskb)->frags;
		memcpy(skb_put(nskb, (unsigned int)hsize), head_skb->data + offset,
		       (size_t)hsize);
		gso_copied((unsigned int)hsize);

		skb_shinfo(nskb)->flags |= (hsh->flags | skb_shinfo(frag_skb)->flags) &
					   SKBFL_SHARED_FRAG;
		if (skb_zerocopy_clone(nskb, frag_skb)) {
			err = -EIO;
			goto err;
		}

		while (pos < (int)(offset + len)) {
			if (i >= nfrags) {
				if (unlikely(list_skb == NULL)) {
					err = -EINVAL;
					goto err;
				}
				if (skb_zerocopy_clone(nskb, list_skb)) {
					err = -EIO;
					goto err;
				}
				i = 0;
				nfrags = skb_shinfo(list_skb)->nr_frags;
				frag = skb_shinfo(list_skb)->frags;
				frag_skb = list_skb;
				skb_shinfo(nskb)->flags |= skb_shinfo(frag_skb)->flags &
							   SKBFL_SHARED_FRAG;
				if (!skb_headlen(list_skb)) {
					if (unlikely(!nfrags)) {
						err = -EINVAL;
						goto err;
					}
				} else {
					if (unlikely(!list_skb->head_frag)) {
						err = -EINVAL;
						goto err;
					}
					/* Room for the head as a frag. */
					i--;
					frag--;
				}
				list_skb = list_skb->next;
			}

			if (unlikely(skb_shinfo(nskb)->nr_frags >= MAX_SKB_FRAGS)) {
				err = -EINVAL;
				goto err;
			}

			if (i < 0) {
				if (gso_head_frag_desc(frag_skb, nskb_frag)) {
					err = -EINVAL;
					goto err;
				}
			} else {
				*nskb_frag = *frag;
			}
			gso_frag_ref(&refs, nskb_frag);
			size = (int)skb_frag_size(nskb_frag);

			if (pos < (int)offset) {
				skb_frag_off_add(nskb_frag, (int)offset - pos);
				skb_frag_size_sub(nskb_frag, (int)offset - pos);
			}
			skb_shinfo(nskb)->nr_frags++;

			if (pos + size <= (int)(offset + len)) {
				i++;
				frag++;
				pos += size;
			} else {
				skb_frag_size_sub(nskb_frag, pos + size - (int)(offset + len));
				goto skip_fraglist;
			}
			nskb_frag++;
		}

skip_fraglist:
		nskb->data_len = len - (unsigned int)hsize;
		nskb->len += nskb->data_len;
		nskb->truesize += nskb->data_len;

perform_csum_check:
		if (readable)
			nskb->unreadable = 0;
		else
			gso_update_unreadable(nskb);
		if (!csum) {
			/* Readable (checked above): frags others may write are
			 * copied before they are summed. */
			gso_refs_flush(&refs);
			if ((skb_shinfo(nskb)->flags & SKBFL_SHARED_FRAG) &&
			    skb_is_nonlinear(nskb) && skb_linearize(nskb))
				goto err;
			nskb->ip_summed = CHECKSUM_NONE;
			NM_GSO_CB(nskb)->csum = skb_checksum(nskb, (int)doffset,
							     (int)(nskb->len - doffset), 0);
			NM_GSO_CB(nskb)->csum_start = (__u16)(skb_headroom(nskb) + doffset);
		}
	} while ((offset += len) < head_skb->len);
	gso_refs_flush(&refs);

	/* Callers want the end of the list without walking it. */
	segs->prev = tail;

	if (partial_segs) {
		struct sk_buff *iter;
		unsigned int type = hsh->gso_type;
		unsigned short gso_size = hsh->gso_size;

		if (features & NETIF_F_GSO_PARTIAL)
			type |= SKB_GSO_PARTIAL;
		type &= ~(unsigned int)SKB_GSO_DODGY;
		for (iter = segs; iter; iter = iter->next) {
			skb_shinfo(iter)->gso_size = gso_size;
			skb_shinfo(iter)->gso_segs = (unsigned short)partial_segs;
			skb_shinfo(iter)->gso_type = type;
			NM_GSO_CB(iter)->data_offset = (int)(skb_headroom(iter) + doffset);
		}
		if (tail->len - doffset <= gso_size)
			skb_shinfo(tail)->gso_size = 0;
		else if (tail != segs)
			skb_shinfo(tail)->gso_segs =
				(unsigned short)((tail->len - doffset + gso_size - 1) / gso_size);
	}
	/* As the kernel: head_skb->data stays at the mac header. */
	return segs;

err:
	gso_refs_flush(&refs);
	kfree_skb_list(segs);
out:
	return ERR_PTR(err);
}
