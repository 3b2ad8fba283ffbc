/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * skb_segment_list(): GSO of a SKB_GSO_FRAGLIST skb, as the kernel's
 * net/core/skbuff.c does it. Fraglist GRO (lib/gro) chains whole packets on
 * the head's frag_list, each with its data past its own headers (which stay
 * in its head, network and transport header offsets set); segmenting gives
 * them back as they are: the head, trimmed to its own bytes, then each
 * frag_list skb with its data pushed back to its network header - offset
 * and the head's first @offset bytes (the MAC header, VLAN tag included)
 * and metadata copied in. Nothing is copied but those bytes; the IP and L4
 * header fix-ups are skb_gso_segment()'s (skb_gso_inet.c).
 */
#include <errno.h>

#include <netmem/skb_linear.h>
#include <netmem/skb_writable.h>

#include "skb_gso_priv.h"

/* Moves @skb's data to @offset bytes before its network header; false
 * when that is outside its head. */
static bool list_data_to(struct sk_buff *skb, unsigned int offset)
{
	int delta = skb_network_offset(skb) - (int)offset;

	if (delta < 0) {
		if ((unsigned int)-delta > skb_headroom(skb))
			return false;
		__skb_push(skb, (unsigned int)-delta);
	} else if (delta > 0) {
		if ((unsigned int)delta > skb_headlen(skb))
			return false;
		__skb_pull(skb, (unsigned int)delta);
	}
	return true;
}

/* Takes the frag_list skbs off @skb again after an error: they are freed,
 * the head keeps its own bytes, consistent for its owner to free. */
static struct sk_buff *list_fail(struct sk_buff *skb, int err)
{
	unsigned int headlen = skb_headlen(skb);

	kfree_skb_list(skb->next);
	skb->next = NULL;
	skb->prev = NULL;
	skb->data_len = skb_frags_len(skb);
	skb->len = headlen + skb->data_len;
	return ERR_PTR(err);
}

struct sk_buff *skb_segment_list(struct sk_buff *skb, netdev_features_t features,
				 unsigned int offset)
{
	struct sk_buff *list_skb, *tail = NULL, *nskb, *tmp;
	unsigned int delta_len = 0, delta_truesize = 0;
	int err;

	if (unlikely(skb == NULL || !skb_has_frag_list(skb)))
		return ERR_PTR(-EINVAL);
	/* Every frag_list skb needs its network header and room for the
	 * head's @offset bytes before it; checked before anything changes. */
	skb_walk_frags(skb, list_skb) {
		if (skb_has_frag_list(list_skb) || list_skb->network_header < offset ||
		    list_skb->network_header > skb_headroom(list_skb) ||
		    list_skb->transport_header < list_skb->network_header ||
		    list_skb->transport_header > skb_headroom(list_skb))
			return ERR_PTR(-EINVAL);
	}
	if (skb->network_header < offset ||
	    skb->network_header > skb_headroom(skb) + skb_headlen(skb) ||
	    !list_data_to(skb, offset))
		return ERR_PTR(-EINVAL);

	/* The head's shared info is written: it must be ours. */
	err = skb_unclone(skb, GFP_ATOMIC);
	if (err)
		return ERR_PTR(err);

	list_skb = skb_shinfo(skb)->frag_list;
	skb_shinfo(skb)->frag_list = NULL;
	while (list_skb != NULL) {
		int len_diff;
		__u8 unreadable;

		nskb = list_skb;
		list_skb = list_skb->next;
		err = 0;
		delta_truesize += nskb->truesize;
		if (skb_shared(nskb)) {
			tmp = skb_clone(nskb, GFP_ATOMIC);
			if (tmp != NULL) {
				consume_skb(nskb);
				nskb = tmp;
				err = skb_unclone(nskb, GFP_ATOMIC);
			} else {
				err = -ENOMEM;
			}
		}
		if (tail == NULL)
			skb->next = nskb;
		else
			tail->next = nskb;
		if (unlikely(err)) {
			nskb->next = list_skb;
			return list_fail(skb, err);
		}
		tail = nskb;
		delta_len += nskb->len;

		/* Its own headers back in front, the head's mac bytes and
		 * metadata over them (the kernel's __copy_skb_header()). */
		__skb_push(nskb, (unsigned int)(skb_headroom(nskb) -
						 (nskb->network_header - offset)));
		if (nskb->destructor != NULL) {
			nskb->destructor(nskb);
			nskb->destructor = NULL;
		}
		len_diff = (int)(nskb->transport_header - nskb->network_header) -
			   (int)(skb->transport_header - skb->network_header);
		unreadable = nskb->unreadable;
		nm_copy_skb_header(nskb, skb);
		nskb->unreadable = unreadable;
		skb_headers_offset_update(nskb, (int)skb_headroom(nskb) - (int)skb_headroom(skb));
		nskb->transport_header = (__u16)(nskb->transport_header + len_diff);
		nskb->mac_len = skb->mac_len;
		memcpy(nskb->data, skb->data, offset);

		if (skb_needs_linearize(nskb, features) && __skb_linearize(nskb))
			return list_fail(skb, -ENOMEM);
	}

	skb->truesize -= delta_truesize;
	skb->data_len -= delta_len;
	skb->len -= delta_len;
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_segs = 0;
	skb_shinfo(skb)->gso_type = 0;
	skb->prev = tail;
	if (skb_needs_linearize(skb, features) && __skb_linearize(skb))
		return list_fail(skb, -ENOMEM);
	/* The head is the first segment: the caller's reference to the GSO
	 * skb and the list's are two. */
	skb_get(skb);
	return skb;
}
