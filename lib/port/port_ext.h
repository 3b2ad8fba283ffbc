/* SPDX-License-Identifier: BSD-3-Clause */
/* Private to lib/port: libnetmem's external-buffer segments, which TX makes
 * (an skb's piece with a reference of its own) and RX takes back (a looped
 * segment becomes a frag with no copy). Shared by both, owned by neither. */
#ifndef PORT_EXT_H
#define PORT_EXT_H

#include "port_priv.h"
#include "skb_priv.h"

/** Private area of a TX header mbuf: the external buffer's shared info
 *  and the reference its free callback drops. */
struct nm_tx_ext {
	struct rte_mbuf_ext_shared_info shinfo;
	netmem_ref netmem;
	struct ubuf_info *uarg;		/* zero-copy completion held until sent */
	unsigned int base;		/* the buffer's offset in the netmem */
};

/* An mbuf segment's data_off and data_len are 16-bit: an external segment
 * is attached at a page boundary of its netmem (base) and carries at most
 * NM_EXT_SEG_MAX bytes, so data_off + data_len always fit. A longer piece
 * (a frag of 64 KiB or more) takes several segments. */
#define NM_EXT_SEG_MAX	(UINT16_MAX + 1 - PAGE_SIZE)

/** Free callback of libnetmem's external-buffer segments. */
void nm_tx_ext_free(void *addr, void *opaque);

/** An external-buffer segment of @p p's header pool over @p len bytes
 *  (at most NM_EXT_SEG_MAX) at @p off of @p netmem, holding a new reference
 *  of the kind its memory asks for (and one on @p uarg); NULL when no
 *  header mbuf is left. */
struct rte_mbuf *nm_ext_seg(struct nm_port *p, netmem_ref netmem, unsigned int off,
			    unsigned int len, struct ubuf_info *uarg);

/** The reference an external segment of libnetmem holds, or the null
 *  netmem for any other mbuf. */
static inline netmem_ref nm_mbuf_ext_netmem(const struct rte_mbuf *m)
{
	if (RTE_MBUF_HAS_EXTBUF(m) && m->shinfo != NULL && m->shinfo->free_cb == nm_tx_ext_free &&
	    rte_mbuf_refcnt_read(m) == 1 && rte_mbuf_ext_refcnt_read(m->shinfo) == 1)
		return ((const struct nm_tx_ext *)m->shinfo)->netmem;
	return netmem_null();
}

/** Where the data of @p m, one of libnetmem's external segments
 *  (nm_mbuf_ext_netmem() not null), starts in its netmem. */
static inline unsigned int nm_mbuf_ext_off(const struct rte_mbuf *m)
{
	return ((const struct nm_tx_ext *)m->shinfo)->base + m->data_off;
}

#endif /* PORT_EXT_H */
