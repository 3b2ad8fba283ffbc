/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * DPDK ports carrying sk_buffs (nm_ glue: the kernel has no word for it).
 *
 * nm_port_init() configures a DPDK port: one page_pool per RX queue (the
 * pool's mempool is the queue's mempool, so the PMD writes into page_pool
 * pages), TX queues, and the offloads the port has. nm_rx_burst() turns the
 * received mbufs into skbs without copying payload; nm_tx_burst() turns skbs
 * into mbuf chains without copying payload: a page's own mbuf when the skb
 * solely owns the page, else an external-buffer segment whose free callback
 * drops exactly the reference the skb held.
 *
 * @code
 *	struct nm_port_conf conf = { .nb_rxq = 1, .nb_txq = 1 };
 *	conf.rxq_lcore[0] = rte_lcore_id();
 *	if (nm_port_init(port, &conf) != 0) ...
 *	struct sk_buff *skbs[32];
 *	uint16_t n = nm_rx_burst(port, 0, skbs, 32);
 *	uint16_t sent = nm_tx_burst(peer, 0, skbs, n);
 *	nm_tx_drop_unsent(peer, 0, skbs + sent, n - sent);   // counted drops
 *	nm_port_close(port);
 * @endcode
 */
#ifndef NETMEM_PORT_H
#define NETMEM_PORT_H

#include <netmem/api.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most RX or TX queues libnetmem sets up on one port. */
#define NM_PORT_MAX_QUEUES	16

/* nm_port_conf.flags: what the application asks for. */
#define NM_PORT_F_RSS		0x001	/**< spread RX over queues by RSS hash */
#define NM_PORT_F_RX_CSUM	0x002	/**< RX checksum offload */
#define NM_PORT_F_VLAN_STRIP	0x004	/**< VLAN strip on RX */
#define NM_PORT_F_TSO		0x008	/**< TCP segmentation offload */
#define NM_PORT_F_TX_CSUM	0x010	/**< IPv4/TCP/UDP checksum offload on TX */
#define NM_PORT_F_HEADER_SPLIT	0x020	/**< headers and payload in separate buffers */
#define NM_PORT_F_SW_SPLIT	0x040	/**< header split done in software when the
					 *   PMD cannot (counts copied bytes) */
#define NM_PORT_F_PROMISC	0x080	/**< promiscuous mode */
#define NM_PORT_F_OPTIONAL	0x100	/**< offloads the port lacks are left off
					 *   instead of failing -EOPNOTSUPP */
#define NM_PORT_F_LRO		0x200	/**< RX LRO: the PMD merges TCP segments;
					 *   they arrive as GSO skbs (gso_size from
					 *   the PMD), NETIF_F_GRO_HW */

/** Port set-up. Zero-fill, then set what you need. */
struct nm_port_conf {
	uint16_t nb_rxq;		/**< RX queues (1..NM_PORT_MAX_QUEUES) */
	uint16_t nb_txq;		/**< TX queues (1..NM_PORT_MAX_QUEUES) */
	uint16_t nb_rxd;		/**< RX descriptors (0: 1024) */
	uint16_t nb_txd;		/**< TX descriptors (0: 1024) */
	uint32_t mtu;			/**< 0: keep the port's */
	unsigned int flags;		/**< NM_PORT_F_* */
	unsigned int order;		/**< RX page order (0: 4 KiB pages) */
	unsigned int pool_size;		/**< page_pool ring per RX queue (0: 1024) */
	unsigned int nr_pages;		/**< pages per RX queue (0: nb_rxd * 4 + 2048) */
	unsigned int hdr_split_len;	/**< header buffer bytes (0: 256) */
	int socket;			/**< 0 is socket 0; NUMA_NO_NODE: the port's */
	unsigned int rxq_lcore[NM_PORT_MAX_QUEUES];	/**< lcore polling each RX
							 *   queue (owns its pool) */
};

/** What a port can do, as libnetmem uses it. */
struct nm_port_caps {
	uint64_t rx_offloads;		/**< RTE_ETH_RX_OFFLOAD_* the port has */
	uint64_t tx_offloads;		/**< RTE_ETH_TX_OFFLOAD_* the port has */
	bool hw_split;			/**< buffer split into two mempools */
	bool dma_map;			/**< external memory can be DMA-mapped */
	/** the PMD refills its RX ring from the queue's mempool, one page per
	 *  packet it hands over (false for net_ring, whose RX hands over what
	 *  a sender enqueued): the queue's page_pool counts them */
	bool rx_pmd_refill;
	/** the PMD needs the first mbuf of a TSO packet to be a direct mbuf
	 *  holding at least the L2-L4 headers (net_tap: its software TSO
	 *  copies the first mbuf's ol_flags, RTE_MBUF_F_EXTERNAL included,
	 *  into mbufs of its own): nm_tx_burst() copies the headers of such a
	 *  packet into a direct mbuf, counted in tx_tso_head_copy, when its
	 *  first segment would be an external buffer */
	bool tx_tso_direct_head;
	/** most RX queues */
	uint16_t max_rxq, max_txq;	/**< most TX queues */
	uint16_t tx_max_segs;		/**< mbuf segments per packet (0: no limit) */
	uint32_t tso_max_size;		/**< bytes per TSO packet (0: no TSO) */
	const char *driver;		/**< DPDK driver name */
};

/** Drop causes counted per queue. */
enum nm_drop_cause {
	NM_DROP_RX_NOMEM,	/**< no skb or head for a received packet */
	NM_DROP_RX_BAD,		/**< malformed or unusable mbuf */
	NM_DROP_TX_FULL,	/**< TX ring full (nm_tx_drop_unsent, GSO tails) */
	NM_DROP_TX_NOMEM,	/**< no mbuf for a segment */
	NM_DROP_TX_BAD,		/**< malformed skb (GSO, too many segments) */
	NM_DROP_TX_UNREADABLE,	/**< software checksum of device memory */
	NM_DROP_MAX,
};

/** Counters of one queue pair (RX queue q and TX queue q). */
struct nm_queue_stats {
	/** packets received */
	uint64_t rx_packets, rx_bytes;	/**< bytes received */
	/** packets sent */
	uint64_t tx_packets, tx_bytes;	/**< bytes sent */
	uint64_t drops[NM_DROP_MAX];	/**< drops by cause */
	uint64_t copied_bytes;		/**< payload bytes copied: 0 on zero-copy paths */
	uint64_t hdr_copied_bytes;	/**< header bytes copied by a software split */
	uint64_t tx_zc_segs;		/**< TX segments that were a page's own mbuf */
	uint64_t tx_ext_segs;		/**< TX external-buffer segments */
	uint64_t tx_gso_sw;		/**< skbs segmented in software */
	uint64_t tx_csum_sw;		/**< checksums finished in software */
	/** TSO packets whose headers were copied into a direct first mbuf
	 *  (nm_port_caps.tx_tso_direct_head; the bytes in hdr_copied_bytes) */
	uint64_t tx_tso_head_copy;
};

/**
 * The capabilities of @p port_id (EAL must be up). 0 or -ENODEV.
 * @param port_id DPDK port id.
 * @param caps caller's struct, filled.
 * @return 0, or -ENODEV for an invalid port.
 */
NM_API int nm_port_caps_get(uint16_t port_id, struct nm_port_caps *caps);

/**
 * Configures and starts @p port_id for skbs. 0, or -errno: -ENODEV (no such
 * port), -EINVAL (bad conf), -EOPNOTSUPP (an asked offload the port lacks,
 * unless NM_PORT_F_OPTIONAL), -ENOMEM, or the PMD's error. When set-up fails
 * after an RX queue was given a mempool of the PMD's own (AF_XDP's UMEM),
 * that mempool is kept, as the PMD may hold it until the ethdev is closed,
 * until nm_port_close() closes the port (AF_XDP cannot be set up again
 * before: its socket on the queue stays bound).
 * @param port_id DPDK port id, not yet set up by libnetmem.
 * @param conf queues, offloads, pool sizes, lcores; copied.
 * @return 0 with the port started; -EBUSY when it is set up already, or one
 *   of the negative errnos above.
 */
NM_API int nm_port_init(uint16_t port_id, const struct nm_port_conf *conf);

/**
 * Stops the port; -EBUSY while device memory is bound to a queue.
 * @param port_id a port set up by nm_port_init().
 * @return 0 (also when stopped already), -ENODEV (not set up), -EBUSY, or the
 *   PMD's negative errno.
 */
NM_API int nm_port_stop(uint16_t port_id);

/**
 * Starts a stopped port again.
 * @param port_id a port set up by nm_port_init().
 * @return 0 (also when started already), -ENODEV, or the PMD's negative errno.
 */
NM_API int nm_port_start(uint16_t port_id);

/**
 * Stops and closes the port and destroys its page_pools (they free
 * themselves once every page is back). -EBUSY while device memory is bound.
 * A port whose nm_port_init() failed and left PMD mempools kept (see there)
 * is closed too (rte_eth_dev_close()), and they are freed.
 * @param port_id a port set up by nm_port_init(); not usable after.
 * @return 0, -ENODEV (not set up, nothing kept) or -EBUSY.
 */
NM_API int nm_port_close(uint16_t port_id);

/**
 * Stops RX queue @p queue; -EBUSY while device memory is bound to it.
 * @param port_id a port set up by nm_port_init().
 * @param queue RX queue index.
 * @return 0, -EINVAL (unknown port or queue), -EBUSY, or the PMD's negative
 *   errno.
 */
NM_API int nm_port_rxq_stop(uint16_t port_id, uint16_t queue);

/**
 * The page_pool feeding RX queue @p queue, or NULL.
 * @param port_id a port set up by nm_port_init().
 * @param queue RX queue index.
 * @return the pool, owned by the port (destroyed by nm_port_close()); NULL for
 *   an unknown port or queue.
 */
NM_API struct page_pool *nm_port_rxq_page_pool(uint16_t port_id, uint16_t queue);

/**
 * The offloads in use (after nm_port_init()): NETIF_F_* of the port.
 * @param port_id a port set up by nm_port_init().
 * @return the NETIF_F_* bits; 0 for a port not set up.
 */
NM_API netdev_features_t nm_port_features(uint16_t port_id);

/**
 * Receives up to @p n packets as skbs. Payload stays in the page_pool pages
 * the PMD wrote; RSS hash, checksum status, VLAN, packet type and timestamp
 * come from the mbuf; multi-segment packets become frags.
 * @param port_id a port set up by nm_port_init().
 * @param queue RX queue index; one lcore per queue (the page_pool's owner).
 * @param skbs array of at least @p n entries, filled from the start.
 * @param n most packets to receive.
 * @return the skbs received (0..@p n), each the caller's to free; 0 for an
 *   unknown port or queue.
 */
NM_API uint16_t nm_rx_burst(uint16_t port_id, uint16_t queue, struct sk_buff **skbs,
			    uint16_t n);

/**
 * Sends up to @p n skbs; returns how many were taken (consumed). The rest
 * stay the caller's. GSO skbs go out by TSO when the port has it, else
 * segmented in software; CHECKSUM_PARTIAL by offload, else in software.
 * @param port_id a port set up by nm_port_init().
 * @param queue TX queue index; one lcore per queue.
 * @param skbs the packets, data at the Ethernet header.
 * @param n entries of @p skbs.
 * @return how many skbs, from the start of @p skbs, were taken; the caller
 *   still owns skbs[ret..n-1] (nm_tx_drop_unsent() frees them).
 */
NM_API uint16_t nm_tx_burst(uint16_t port_id, uint16_t queue, struct sk_buff **skbs,
			    uint16_t n);

/**
 * Frees skbs nm_tx_burst() did not take, counting them as TX_FULL drops.
 * @param port_id the port of the nm_tx_burst() call.
 * @param queue its TX queue.
 * @param skbs the skbs it did not take, freed.
 * @param n entries of @p skbs.
 */
NM_API void nm_tx_drop_unsent(uint16_t port_id, uint16_t queue, struct sk_buff **skbs,
			      uint16_t n);

/**
 * Counters of queue pair @p queue. 0 or -EINVAL.
 * @param port_id a port set up by nm_port_init().
 * @param queue queue pair index.
 * @param stats caller's struct, filled.
 * @return 0, or -EINVAL for an unknown port or queue.
 */
NM_API int nm_port_queue_stats(uint16_t port_id, uint16_t queue,
			       struct nm_queue_stats *stats);

/**
 * Adds @p n drops of @p cause to queue @p queue (for applications).
 * @param port_id a port set up by nm_port_init().
 * @param queue queue pair index.
 * @param cause the drop cause counted.
 * @param n drops to add.
 */
NM_API void nm_port_count_drop(uint16_t port_id, uint16_t queue, enum nm_drop_cause cause,
			       uint64_t n);

/* ---- device memory on RX queues -------------------------------------- */

struct net_devmem_dmabuf_binding;

/** nm_port_bind_devmem() flags. */
#define NM_DEVMEM_F_SW_SPLIT	0x1	/**< accept the software header split */

/**
 * Binds @p binding to RX queues @p queues of @p port_id: their payload goes
 * into device memory (net_iovs; skbs unreadable), headers into host memory.
 * -EINVAL for an empty list or a bad queue, -EOPNOTSUPP when a queue has no
 * header split (unless NM_DEVMEM_F_SW_SPLIT and the port was set up with
 * NM_PORT_F_SW_SPLIT), -EBUSY when a queue is bound already, -ENODEV for an
 * unbound binding.
 * @param port_id a port set up by nm_port_init().
 * @param queues RX queue indexes.
 * @param nb_queues entries of @p queues, > 0.
 * @param binding a bound binding; each queue's page_pool takes a reference.
 * @param flags NM_DEVMEM_F_*.
 * @return 0, or a negative errno with no queue bound.
 */
NM_API int nm_port_bind_devmem(uint16_t port_id, const uint16_t *queues,
			       unsigned int nb_queues,
			       struct net_devmem_dmabuf_binding *binding,
			       unsigned int flags);

/** Unbinds the queues bound to @p binding on @p port_id (their devmem page
 *  pools are destroyed; net_iovs return as their references go).
 * @param port_id a port set up by nm_port_init().
 * @param binding the binding given to nm_port_bind_devmem().
 * @return 0; -ENODEV (port not set up), -EINVAL, -ENOENT (no queue bound to @p
 *   binding).
 */
NM_API int nm_port_unbind_devmem(uint16_t port_id,
				 struct net_devmem_dmabuf_binding *binding);

/** One device-memory payload fragment handed to the application. */
struct nm_devmem_rx_frag {
	uint32_t binding_id;	/**< the binding the frag is in */
	uint32_t token;		/**< give back with nm_devmem_dontneed() */
	uint64_t offset;	/**< in the bound region */
	uint32_t len;	/**< bytes */
};

/**
 * Takes the device-memory payload of @p skb as records (at most @p n; the
 * frag order is kept); each record holds one reference on its net_iov until
 * its token is given back. Returns the count, or -EINVAL (a readable skb),
 * -ENOSPC (@p n too small: nothing taken).
 * @param skb an unreadable skb received on a bound queue; left as it is (free
 *   it as usual).
 * @param out room for @p n records.
 * @param n entries of @p out.
 * @return records written, or -EINVAL / -ENOSPC.
 */
NM_API int nm_devmem_recv(struct sk_buff *skb, struct nm_devmem_rx_frag *out, unsigned int n);

/** A range of tokens, as the kernel's struct dmabuf_token. */
struct nm_devmem_token {
	uint32_t token_start;	/**< first token */
	uint32_t token_count;	/**< tokens in the range */
};

/** Most token ranges / frags one nm_devmem_dontneed() call takes. */
#define NM_DEVMEM_MAX_TOKENS	128
#define NM_DEVMEM_MAX_FRAGS	1024	/**< Most frags nm_devmem_recv() reports for one skb. */

/**
 * Gives tokens back (their net_iovs return to the pool as the last reference
 * goes). Returns how many frags were freed, or -E2BIG past the limits,
 * -EINVAL for an unknown token or binding.
 * @param binding_id the binding the tokens belong to.
 * @param tokens token ranges from nm_devmem_recv() records.
 * @param nb_tokens entries of @p tokens, at most NM_DEVMEM_MAX_TOKENS.
 * @return frags freed, or -E2BIG / -EINVAL.
 */
NM_API int nm_devmem_dontneed(uint32_t binding_id, const struct nm_devmem_token *tokens,
			      unsigned int nb_tokens);

/** Most header bytes nm_devmem_tx_skb() copies into the head: Ethernet,
 *  VLAN tags, IPv6 with extension headers and TCP with options fit. */
#define NM_DEVMEM_TX_MAX_HDR	512

/**
 * An skb to send @p len bytes at @p offset of bound region @p binding_id
 * zero-copy after @p hdr_len bytes of headers (copied into the head, at
 * most NM_DEVMEM_TX_MAX_HDR). The skb holds references on the binding
 * until every segment completed; @p uarg (optional, e.g.
 * msg_zerocopy_alloc()) reports completion.
 * NULL with rte_errno: EINVAL (range, @p hdr_len), ENODEV (binding), EBUSY
 * (memory in RX use), ENOMEM.
 * @param binding_id a bound binding.
 * @param offset byte offset of the payload in the region.
 * @param len payload bytes.
 * @param hdr headers to copy into the head.
 * @param hdr_len bytes of @p hdr, at most NM_DEVMEM_TX_MAX_HDR.
 * @param uarg zero-copy completion to attach, or NULL.
 * @return an skb for nm_tx_burst() (the caller's until taken), or NULL with
 *   rte_errno set.
 */
NM_API struct sk_buff *nm_devmem_tx_skb(uint32_t binding_id, uint64_t offset, uint32_t len,
					const void *hdr, unsigned int hdr_len,
					struct ubuf_info *uarg);

/* Experimental (docs/abi.md): device-memory TX, new in the kernel too. */
NM_EXPERIMENTAL_API(nm_devmem_tx_skb);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_PORT_H */
