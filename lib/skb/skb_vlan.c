/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VLAN tags in the frame and in the skb, with the kernel's semantics
 * (skb_vlan_untag, __skb_vlan_pop, skb_vlan_pop and skb_vlan_push of
 * net/core/skbuff.c). A tag is held in the skb when skb->vlan_all is
 * nonzero (Linux 6.2+: no separate present bit).
 */
#include <errno.h>

#include <netmem/vlan.h>

#include <netmem/skb_csum.h>
#include <netmem/skb_writable.h>

/*
 * skb_vlan_untag(), second half: the tag has been pulled, so the MAC header
 * (which still ends with the tag's TPID) moves VLAN_HLEN up against the
 * payload, and any metadata before it moves along.
 */
static struct sk_buff *reorder_vlan_header(struct sk_buff *skb)
{
	int mac_len, meta_len;

	if (skb_cow(skb, skb_headroom(skb)) < 0) {
		kfree_skb(skb);
		return NULL;
	}
	mac_len = (int)(skb->data - skb_mac_header(skb));
	if (likely(mac_len > VLAN_HLEN + ETH_TLEN))
		memmove(skb_mac_header(skb) + VLAN_HLEN, skb_mac_header(skb),
			(size_t)(mac_len - VLAN_HLEN - ETH_TLEN));
	meta_len = skb_shinfo(skb)->meta_len;
	if (meta_len) {
		unsigned char *meta = skb_mac_header(skb) - meta_len;

		memmove(meta + VLAN_HLEN, meta, (size_t)meta_len);
	}
	skb->mac_header = (__u16)(skb->mac_header + VLAN_HLEN);
	return skb;
}

struct sk_buff *skb_vlan_untag(struct sk_buff *skb)
{
	struct vlan_hdr *vhdr;
	uint16_t vlan_tci;

	if (unlikely(skb_vlan_tag_present(skb)))
		return skb;	/* a tag is held already: leave this one */

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		goto err_free;
	/* vlan_set_encap_proto() reads the two bytes after the tag */
	if (unlikely(!pskb_may_pull(skb, VLAN_HLEN + sizeof(unsigned short))))
		goto err_free;

	vhdr = (struct vlan_hdr *)skb->data;
	vlan_tci = rte_be_to_cpu_16(vhdr->h_vlan_TCI);
	__vlan_hwaccel_put_tag(skb, skb->protocol, vlan_tci);

	skb_pull_rcsum(skb, VLAN_HLEN);
	vlan_set_encap_proto(skb, vhdr);

	skb = reorder_vlan_header(skb);
	if (unlikely(!skb))
		goto err_free;

	skb_reset_network_header(skb);
	if (!skb_transport_header_was_set(skb))
		skb_reset_transport_header(skb);
	skb_reset_mac_len(skb);
	return skb;

err_free:
	kfree_skb(skb);
	return NULL;
}

int __skb_vlan_pop(struct sk_buff *skb, uint16_t *vlan_tci)
{
	int offset = (int)(skb->data - skb_mac_header(skb));
	int err;

	if (unlikely(offset)) {
		nm_warn("__skb_vlan_pop got skb with skb->data not at mac header (offset %d)",
			offset);
		return -EINVAL;
	}
	err = skb_ensure_writable(skb, VLAN_ETH_HLEN);
	if (unlikely(err))
		return err;

	skb_postpull_rcsum(skb, skb->data + 2 * ETH_ALEN, VLAN_HLEN);
	vlan_remove_tag(skb, vlan_tci);
	skb->mac_header = (__u16)(skb->mac_header + VLAN_HLEN);
	if (skb_network_offset(skb) < ETH_HLEN)
		skb_set_network_header(skb, ETH_HLEN);
	skb_reset_mac_len(skb);
	return err;
}

int skb_vlan_pop(struct sk_buff *skb)
{
	uint16_t vlan_tci;
	__be16 vlan_proto;
	int err;

	if (likely(skb_vlan_tag_present(skb))) {
		__vlan_hwaccel_clear_tag(skb);
	} else {
		if (unlikely(!eth_type_vlan(skb->protocol)))
			return 0;
		err = __skb_vlan_pop(skb, &vlan_tci);
		if (err)
			return err;
	}
	/* the next tag in the frame, if any, is held in the skb now */
	if (likely(!eth_type_vlan(skb->protocol)))
		return 0;
	vlan_proto = skb->protocol;
	err = __skb_vlan_pop(skb, &vlan_tci);
	if (unlikely(err))
		return err;
	__vlan_hwaccel_put_tag(skb, vlan_proto, vlan_tci);
	return 0;
}

int skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, uint16_t vlan_tci)
{
	if (skb_vlan_tag_present(skb)) {
		int offset = (int)(skb->data - skb_mac_header(skb));
		int err;

		if (unlikely(offset)) {
			nm_warn("skb_vlan_push got skb with skb->data not at mac header (offset %d)",
				offset);
			return -EINVAL;
		}
		err = __vlan_insert_tag(skb, skb->vlan_proto, skb_vlan_tag_get(skb));
		if (err)
			return err;
		skb->protocol = skb->vlan_proto;
		skb->network_header = (__u16)(skb->network_header - VLAN_HLEN);
		skb_postpush_rcsum(skb, skb->data + 2 * ETH_ALEN, VLAN_HLEN);
	}
	__vlan_hwaccel_put_tag(skb, vlan_proto, vlan_tci);
	return 0;
}
