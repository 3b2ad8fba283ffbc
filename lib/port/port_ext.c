/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * External-buffer segments: a header mbuf of the port's txh pool attached to
 * a piece of a page or net_iov, holding one reference of the kind the memory
 * asks for; its free callback drops exactly that reference once the NIC (or
 * RX of a looped packet) is done with it.
 */
#include <netmem/devmem.h>

#include "port_ext.h"

void nm_tx_ext_free(void *addr, void *opaque)
{
	struct nm_tx_ext *ext = opaque;

	(void)addr;
	skb_netmem_unref(ext->netmem, false);
	if (ext->uarg != NULL)
		net_zcopy_put(ext->uarg);	/* MSG_ZEROCOPY completes only now */
}

struct rte_mbuf *nm_ext_seg(struct nm_port *p, netmem_ref netmem, unsigned int off,
			    unsigned int len, struct ubuf_info *uarg)
{
	struct rte_mbuf *h;
	struct nm_tx_ext *ext;
	unsigned int base = off & ~(unsigned int)(PAGE_SIZE - 1);
	size_t size;
	void *va;

	h = rte_pktmbuf_alloc(p->txh_pool);
	if (unlikely(h == NULL))
		return NULL;
	ext = rte_mbuf_to_priv(h);
	ext->netmem = netmem;
	ext->uarg = uarg;
	ext->base = base;
	if (uarg != NULL)
		net_zcopy_get(uarg);
	ext->shinfo.free_cb = nm_tx_ext_free;
	ext->shinfo.fcb_opaque = ext;
	rte_mbuf_ext_refcnt_set(&ext->shinfo, 1);
	if (netmem_is_net_iov(netmem)) {
		/* Device memory: the NIC reads it by IOVA; a software PMD by
		 * the host address the region is mapped at. */
		va = nm_devmem_niov_host_addr(netmem_to_net_iov(netmem));
		size = PAGE_SIZE;
	} else {
		va = page_address(netmem_to_page(netmem));
		size = page_size(netmem_to_page(netmem));
	}
	skb_netmem_ref(netmem);
	rte_pktmbuf_attach_extbuf(h, (char *)va + base, netmem_get_dma_addr(netmem) + base,
				  (uint16_t)RTE_MIN(size - base, (size_t)UINT16_MAX), &ext->shinfo);
	h->data_off = (uint16_t)(off - base);
	h->data_len = (uint16_t)len;
	h->pkt_len = len;
	return h;
}
