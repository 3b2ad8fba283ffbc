/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Software header split: where the PMD cannot split headers from payload,
 * the headers (L2..L4, at most hdr_split_len bytes) are copied into a small
 * head and the payload stays in the received page as a frag. Every header
 * byte copied is counted (hdr_copied_bytes).
 */
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "port_devmem.h"
#include "port_rx.h"

/* Bytes of L2..L4 headers at the start of @skb's linear data (bounded). */
static unsigned int rx_header_len(const struct sk_buff *skb, unsigned int max)
{
	const uint8_t *d = skb->data;
	unsigned int len = skb_headlen(skb), off = skb->mac_len;
	uint8_t proto = 0;

	if (len < off || off == 0)
		return RTE_MIN(len, max);	/* a runt (mac_len 0): all header */
	if (skb->protocol == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) &&
	    len >= off + sizeof(struct rte_ipv4_hdr)) {
		/* byte reads: the headers may sit at any alignment */
		proto = d[off + offsetof(struct rte_ipv4_hdr, next_proto_id)];
		off += (d[off] & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
	} else if (skb->protocol == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6) &&
		   len >= off + sizeof(struct rte_ipv6_hdr)) {
		proto = d[off + offsetof(struct rte_ipv6_hdr, proto)];
		off += sizeof(struct rte_ipv6_hdr);
	}
	if (proto == IPPROTO_TCP && len >= off + sizeof(struct rte_tcp_hdr))
		off += (d[off + offsetof(struct rte_tcp_hdr, data_off)] >> 4) * 4u;
	else if (proto == IPPROTO_UDP)
		off += sizeof(struct rte_udp_hdr);
	off = RTE_MIN(off, max);
	/* CHECKSUM_PARTIAL keeps its check field in the linear part (the
	 * kernel's skb_partial_csum_set() rule), whatever the L4 header
	 * claims of its own length. */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		off = RTE_MAX(off, (unsigned int)skb_checksum_start_offset(skb) +
				   skb->csum_offset + (unsigned int)sizeof(__sum16));
	return RTE_MIN(off, len);
}

struct sk_buff *nm_rx_sw_split(struct nm_port *port, struct nm_rxq *rxq, struct sk_buff *skb)
{
	unsigned int max = port->conf.hdr_split_len ? port->conf.hdr_split_len : 256;
	unsigned int hlen = rx_header_len(skb, max);
	unsigned int plen = skb_headlen(skb) - hlen;
	struct page *page = virt_to_head_page(skb->head);
	struct skb_shared_info *sh = skb_shinfo(skb);
	struct sk_buff *n;
	int nfr = sh->nr_frags;

	if (plen == 0 || nfr >= MAX_SKB_FRAGS || rxq->devmem_pool != NULL)
		return rxq->devmem_pool != NULL ? nm_rx_devmem_split(port, rxq, skb, hlen) : skb;
	n = napi_alloc_skb(NULL, hlen);
	if (n == NULL) {
		rxq->stats.drops[NM_DROP_RX_NOMEM]++;
		kfree_skb(skb);
		return NULL;
	}
	nm_copy_skb_header(n, skb);
	skb_put_data(n, skb->data, hlen);
	/* The offsets the header copy took count from the old head:
	 * transport header and a partial checksum's start move too. */
	skb_headers_offset_update(n, skb_headroom(n) - skb_headroom(skb));
	rxq->stats.hdr_copied_bytes += hlen;
	n->mac_len = skb->mac_len;
	skb_reset_mac_header(n);
	skb_set_network_header(n, n->mac_len);
	n->pp_recycle = skb->pp_recycle;
	/* The payload stays where the PMD wrote it: the head page's reference
	 * moves into frag 0, the other frags follow. */
	skb_add_rx_frag(n, 0, page, (int)(skb->data - (unsigned char *)page_address(page) + hlen),
			(int)plen, (unsigned int)page_size(page));
	for (int i = 0; i < nfr; i++) {
		skb_frag_t *f = &sh->frags[i];

		skb_add_rx_frag_netmem(n, i + 1, f->netmem, (int)f->offset, (int)f->len,
				       (unsigned int)PAGE_SIZE);
	}
	/* skb gave away its head and frags: free only the struct (an
	 * embedded one holds its page first, see skb_priv.h). */
	if (nm_skb_head_in_slot(skb))
		nm_skb_slot_hold(skb);
	sh->nr_frags = 0;
	skb->head = NULL;
	kfree_skbmem(skb);
	return n;
}
