/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX from device memory: nm_devmem_tx_skb() builds an skb whose frags are
 * the region's bytes [offset, offset + len): nothing is copied but the
 * headers.
 */
#include <errno.h>

#include <rte_errno.h>
#include <rte_ether.h>

#include <netmem/devmem.h>

#include "port_priv.h"

/* The send's owner (drivers/mem/devmem) lets go of the memory: the
 * application is told the send completed only now. */
static void devmem_tx_done(void *arg)
{
	net_zcopy_put(arg);
}

/* Headroom of a devmem TX skb (room for more headers to be pushed). */
#define DEVMEM_TX_HEADROOM	128

/*
 * The skb's frags are net_iovs of an area nm_devmem_tx_area() made for this
 * send: aliases of the binding's chunks whose owner holds the binding and
 * the completion (uarg). Every reference the stack takes on them (the
 * skb's frags, each TX segment, an RX skb on a loopback, a record) is a
 * reference on that owner.
 */
struct sk_buff *nm_devmem_tx_skb(uint32_t binding_id, uint64_t offset, uint32_t len,
				 const void *hdr, unsigned int hdr_len, struct ubuf_info *uarg)
{
	const struct net_iov_area *area;
	struct sk_buff *skb;

	if ((hdr == NULL && hdr_len != 0) || hdr_len > NM_DEVMEM_TX_MAX_HDR) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (uarg != NULL)
		net_zcopy_get(uarg);	/* the owner's */
	area = nm_devmem_tx_area(binding_id, offset, len, MAX_SKB_FRAGS,
				 uarg != NULL ? devmem_tx_done : NULL, uarg);
	if (area == NULL) {
		if (uarg != NULL)
			net_zcopy_put(uarg);
		return NULL;
	}
	skb = alloc_skb(DEVMEM_TX_HEADROOM + hdr_len, GFP_ATOMIC);
	if (skb == NULL) {
		nm_owner_put(area->owner);	/* gives the binding and uarg back */
		rte_errno = ENOMEM;
		return NULL;
	}
	skb_reserve(skb, DEVMEM_TX_HEADROOM);
	if (hdr_len != 0)
		skb_put_data(skb, hdr, hdr_len);
	skb_reset_mac_header(skb);
	if (hdr_len >= RTE_ETHER_HDR_LEN) {
		skb->protocol = ((const struct rte_ether_hdr *)hdr)->ether_type;
		skb->mac_len = RTE_ETHER_HDR_LEN;
		skb_set_network_header(skb, RTE_ETHER_HDR_LEN);
	}
	for (size_t i = 0, pos = offset & (PAGE_SIZE - 1), left = len; i < area->num_niovs; i++) {
		unsigned int c = (unsigned int)RTE_MIN((size_t)PAGE_SIZE - pos, left);
		netmem_ref nm = net_iov_to_netmem(&area->niovs[i]);

		get_netmem(nm);		/* a reference on the send's owner */
		skb_fill_netmem_desc(skb, (int)i, nm, (int)pos, (int)c);
		left -= c;
		pos = 0;
	}
	skb->len += len;
	skb->data_len += len;
	skb->truesize += len;
	if (uarg != NULL)
		skb_zcopy_set(skb, uarg, NULL);
	nm_owner_put(area->owner);	/* the frags hold it now */
	return skb;
}
