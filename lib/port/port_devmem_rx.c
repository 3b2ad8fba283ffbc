/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX into device memory: nm_rx_devmem_split() is the device-memory half of
 * the software header split: headers into a small host head, payload into
 * net_iovs. No NIC writes device memory here, so the payload is copied
 * (through the region's host mapping, as the NIC's DMA would write it) and
 * every byte is counted. The skb that comes out is unreadable.
 */
#include <string.h>

#include <netmem/devmem.h>

#include "port_devmem.h"

/* CPU address of @len bytes at @off of frag @f: a page's, or the host
 * mapping of a net_iov (the wire side of an emulated device). */
static const uint8_t *frag_src(const skb_frag_t *f)
{
	const struct net_iov *niov = skb_frag_net_iov(f);

	if (niov != NULL)
		return (const uint8_t *)nm_devmem_niov_host_addr(niov) + skb_frag_off(f);
	return skb_frag_address(f);
}

/*
 * Copies @len bytes at @off of @skb into @to, whatever memory holds them:
 * this is the device writing what it received, not the CPU API (which
 * refuses unreadable frags). 0, or -EFAULT when the skb is shorter.
 */
static int devmem_wire_copy(const struct sk_buff *skb, unsigned int off, uint8_t *to,
			    unsigned int len)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int hl = skb_headlen(skb), pos;
	const struct sk_buff *it;

	if (off < hl) {
		unsigned int c = RTE_MIN(len, hl - off);

		memcpy(to, skb->data + off, c);
		to += c;
		off += c;
		len -= c;
	}
	pos = hl;
	for (int i = 0; i < sh->nr_frags && len != 0; i++) {
		const skb_frag_t *f = &sh->frags[i];
		unsigned int fl = skb_frag_size(f);

		if (off < pos + fl) {
			unsigned int c = RTE_MIN(len, pos + fl - off);
			const uint8_t *src = frag_src(f);

			if (src == NULL)
				return -EFAULT;
			memcpy(to, src + (off - pos), c);
			to += c;
			off += c;
			len -= c;
		}
		pos += fl;
	}
	skb_walk_frags(skb, it) {
		if (len == 0)
			break;
		if (off < pos + it->len) {
			unsigned int c = RTE_MIN(len, pos + it->len - off);

			if (devmem_wire_copy(it, off - pos, to, c) != 0)
				return -EFAULT;
			to += c;
			off += c;
			len -= c;
		}
		pos += it->len;
	}
	return len == 0 ? 0 : -EFAULT;
}

/* Header offsets of @n (head copied from @old's data) where @old had them. */
static void devmem_split_offsets(struct sk_buff *n, const struct sk_buff *old)
{
	n->mac_len = old->mac_len;
	if (skb_mac_header_was_set(old))
		skb_set_mac_header(n, skb_mac_offset(old));
	else
		skb_reset_mac_header(n);
	if (old->network_header != (__u16)~0U)
		skb_set_network_header(n, skb_network_offset(old));
	else
		skb_set_network_header(n, n->mac_len);
	if (skb_transport_header_was_set(old))
		skb_set_transport_header(n, skb_transport_offset(old));
	if (old->ip_summed == CHECKSUM_PARTIAL)
		n->csum_start = (__u16)(skb_headroom(n) + skb_checksum_start_offset(old));
	/* Inner offsets were relative to the old head: not valid here. */
	n->inner_mac_header = n->mac_header;
	n->inner_network_header = n->network_header;
	n->inner_transport_header = n->transport_header;
}

struct sk_buff *nm_rx_devmem_split(struct nm_port *port, struct nm_rxq *rxq,
				   struct sk_buff *skb, unsigned int hlen)
{
	struct page_pool *pool = __atomic_load_n(&rxq->devmem_pool, __ATOMIC_ACQUIRE);
	netmem_ref nms[MAX_SKB_FRAGS];
	unsigned int plen, nr;
	struct sk_buff *n;

	(void)port;
	if (unlikely(pool == NULL) || hlen >= skb->len)
		return skb;	/* no payload: a readable head-only skb */
	plen = skb->len - hlen;
	nr = (plen + (unsigned int)PAGE_SIZE - 1) >> PAGE_SHIFT;
	if (unlikely(nr > MAX_SKB_FRAGS)) {
		rxq->stats.drops[NM_DROP_RX_BAD]++;
		kfree_skb(skb);
		return NULL;
	}
	for (unsigned int i = 0; i < nr; i++) {
		nms[i] = page_pool_dev_alloc_netmems(pool);
		if (unlikely(netmem_is_null(nms[i]))) {
			while (i-- > 0)
				page_pool_put_full_netmem(pool, nms[i], true);
			rxq->stats.drops[NM_DROP_RX_NOMEM]++;
			kfree_skb(skb);
			return NULL;
		}
	}
	n = napi_alloc_skb(NULL, hlen);
	if (unlikely(n == NULL))
		goto nomem;
	nm_copy_skb_header(n, skb);
	skb_put_data(n, skb->data, hlen);
	rxq->stats.hdr_copied_bytes += hlen;
	devmem_split_offsets(n, skb);
	/* The emulated NIC writes the payload into device memory. */
	for (unsigned int i = 0, off = hlen; i < nr; i++) {
		unsigned int c = RTE_MIN(plen - (off - hlen), (unsigned int)PAGE_SIZE);
		struct net_iov *niov = netmem_to_net_iov(nms[i]);

		if (unlikely(devmem_wire_copy(skb, off, nm_devmem_niov_host_addr(niov), c) != 0)) {
			/* frags [0, i) own their net_iovs already */
			for (unsigned int k = i; k < nr; k++)
				page_pool_put_full_netmem(pool, nms[k], true);
			rxq->stats.drops[NM_DROP_RX_BAD]++;
			kfree_skb(n);
			kfree_skb(skb);
			return NULL;
		}
		/* The allocation's pp reference moves into the frag. */
		skb_add_rx_frag_netmem(n, (int)i, nms[i], 0, (int)c, (unsigned int)PAGE_SIZE);
		off += c;
	}
	skb_mark_for_recycle(n);
	rxq->stats.copied_bytes += plen;
	nm_skb_stat_add(copied_bytes, plen);
	/* The received page goes back to the queue's pool. */
	napi_consume_skb(skb, 1);
	return n;
nomem:
	for (unsigned int i = 0; i < nr; i++)
		page_pool_put_full_netmem(pool, nms[i], true);
	rxq->stats.drops[NM_DROP_RX_NOMEM]++;
	kfree_skb(skb);
	return NULL;
}

