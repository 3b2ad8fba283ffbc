/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Generic receive offload: the kernel's struct gro_node (include/net/gro.h,
 * 6.16+ split out of napi_struct) and its receive, flush and completion.
 *
 * A gro_node holds, per hash bucket (GRO_HASH_BUCKETS of them, chosen by
 * skb->hash), the skbs of flows being coalesced. gro_receive_skb() takes an
 * RX skb whose data is at the network header (after eth_type_trans(): the
 * mac header set, skb->protocol the ethertype, a stripped VLAN tag in
 * skb->vlan_all) and either merges it into a held skb of the same flow,
 * holds it as the start of a new flow, or passes it on unchanged. Completed
 * skbs (a flush, a flow ended by a flag, a full skb) are finished the way
 * the kernel's *_gro_complete() do (IP length, gso_size/segs/type,
 * CHECKSUM_PARTIAL with the pseudo-header sum in the L4 check field) and
 * queued on rx_list; gro_normal_list() hands that list to the deliver
 * callback. skb_gso_segment() of a completed skb (data pushed back to the
 * mac header) gives back the original segments byte for byte.
 *
 * Protocols, with the kernel's rules: Ethernet (same device, MAC header,
 * VLAN tag), in-band 802.1Q/802.1ad (same TCI), IPv4 (no options, no
 * fragments, total length = packet, same addresses, protocol, TTL, TOS, DF;
 * the id increments by one per segment, or stays fixed from the second
 * segment on: SKB_GSO_TCP_FIXEDID), IPv6 (same addresses, flow label, next
 * header, hop limit, traffic class; hop-by-hop, routing and destination
 * options headers are pulled and must be equal byte for byte, else the
 * packet is of another flow; any other extension header, a fragment header
 * among them, ends GRO for the packet), TCP (same ports, seq continuity,
 * same ACK, flag word (window included) but for CWR/FIN/PSH, and options;
 * CWR/URG/PSH/RST/SYN/FIN end the train, a segment longer than the first
 * one's payload (the mss) is not merged, a shorter one is merged and ends
 * the train) and UDP (as udp_gro_receive() without a socket: fraglist GRO
 * when the node has GRO_F_FRAGLIST, else SKB_GSO_UDP_L4 when it has
 * GRO_F_UDP_FWD, else none; same ports, non-zero checksum, a shorter
 * datagram ends the train, at most UDP_GRO_CNT_MAX segments).
 *
 * Fraglist GRO (GRO_F_FRAGLIST, the kernel's NETIF_F_GRO_FRAGLIST, for a
 * node that forwards: there are no local sockets to prefer normal GRO):
 * TCP and UDP trains are chained whole by skb_gro_receive_list(), each skb
 * on the held skb's frag_list with its data past its own headers, which
 * stay in its head; a train keeps the mode it started with. On top of the
 * rules above a TCP segment must carry the same whole flag word (a PSH or
 * FIN segment is passed on, ending the train), the same ip_summed and
 * csum_level, and a train stops at 64 segments; a UDP datagram of another
 * checksum state is passed on alone; a train of the other mode ends.
 * Completion sets SKB_GSO_FRAGLIST | SKB_GSO_TCPV4/TCPV6 or SKB_GSO_UDP_L4,
 * gso_segs, the IP (and UDP) length of the whole, and
 * CHECKSUM_UNNECESSARY (one level up): each segment keeps its checksum.
 * skb_gso_segment() gives the packets back with skb_segment_list() (their
 * MAC header from the head, the head's addresses and ports if they were
 * rewritten, IP and UDP lengths fixed), or segments a head changed since
 * like any GSO skb.
 *
 * Merging is the kernel's skb_gro_receive(): the payload frags of the
 * merged skb move to the held skb without copying; a head that is a page
 * frag (napi_build_skb() in a page_pool page) is stolen as a frag; past
 * MAX_SKB_FRAGS the skb goes on the held skb's frag_list; the result stays
 * below gro_max_size (gro_ipv4_max_size for IPv4). Page_pool and other
 * memory are never mixed (pp_recycle), nor readable and unreadable
 * (net_iov) payload. Headers are always read from the readable head
 * (pulled into it when a driver left them in frags). A cloned or shared
 * skb is passed on unmerged (libnetmem's guard: its data is not GRO's to
 * chain or rewrite).
 *
 * Checksums: a packet is merged only when its L4 checksum is valid:
 * CHECKSUM_UNNECESSARY, a CHECKSUM_COMPLETE sum, or (CHECKSUM_NONE) a sum
 * computed here; a bad one is passed on unmerged (GRO_NORMAL).
 *
 * Not done here (the kernel does): tunnels (GRE, VXLAN, IPIP), BIG TCP
 * sizes above 64 KB, the socket lookups that choose between normal and
 * fraglist GRO (here the node's flags alone decide). Differences: a GSO
 * skb is never chained by fraglist GRO (passed on), an skb of device
 * memory is chained only to one of device memory, and fraglist GSO keeps
 * each segment's IPv4 id (the kernel renumbers from the head's id: the same
 * ids for an incrementing train, not for a fixed-id one).
 *
 * @code
 *	static void deliver(struct gro_node *gro, struct sk_buff_head *list)
 *	{
 *		struct sk_buff *skb;
 *		while ((skb = __skb_dequeue(list)) != NULL)
 *			my_stack_rcv(skb);	// owns each skb
 *	}
 *	struct gro_node gro;
 *	gro_init(&gro);
 *	gro.deliver = deliver;
 *	// per RX burst:
 *	skb->protocol = eth_type_trans(skb, dev);
 *	gro_receive_skb(&gro, skb);
 *	// end of the poll:
 *	gro_flush(&gro, false);
 *	gro_normal_list(&gro);
 *	gro_tick(&gro);			// one "jiffy": flush_old ages by it
 * @endcode
 *
 * Not thread-safe: one node per RX queue, used on one lcore (as a NAPI).
 */
#ifndef NETMEM_GRO_H
#define NETMEM_GRO_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include <netmem/api.h>
#include <netmem/skb_queue.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRO_HASH_BUCKETS	8	/**< hash lists per node (as the kernel) */
#define MAX_GRO_SKBS		8	/**< held skbs per bucket before the oldest goes */
#define GRO_LEGACY_MAX_SIZE	65536u	/**< largest GRO packet without BIG TCP */
#define GRO_MAX_SIZE		GRO_LEGACY_MAX_SIZE	/**< cap of gro_max_size here */
#define UDP_GRO_CNT_MAX		64	/**< UDP segments per GRO packet */
#define GRO_NORMAL_BATCH	8	/**< rx_count at which gro_normal_one() delivers */

/** gro_node::flags: what the device allows beyond TCP GRO. */
#define GRO_F_UDP_FWD		0x1u	/**< NETIF_F_GRO_UDP_FWD: UDP GRO to SKB_GSO_UDP_L4 */
#define GRO_F_FRAGLIST		0x2u	/**< NETIF_F_GRO_FRAGLIST: TCP/UDP trains chained whole */

/** What gro_receive_skb() did with an skb (the kernel's gro_result_t). */
enum gro_result {
	GRO_MERGED,		/**< merged into a held skb; the skb's struct was kept (frag_list) */
	GRO_MERGED_FREE,	/**< merged; the emptied skb was freed */
	GRO_HELD,		/**< held as the first skb of a flow */
	GRO_NORMAL,		/**< not for GRO: queued on rx_list unchanged */
	GRO_CONSUMED,		/**< taken by a protocol (not returned by this library) */
};
/** What napi_gro_receive() returns. */
typedef enum gro_result gro_result_t;

/** One hash bucket: held skbs, newest first, linked by skb->next/prev. */
struct gro_list {
	struct sk_buff_head list;	/**< held skbs (qlen unused: see count) */
	int count;			/**< skbs held in this bucket */
};

struct gro_node;

/**
 * Receives the completed skbs of @p gro: @p list holds them in order (each
 * skb's data at its network header, skb->protocol set); the callback owns
 * them and must leave @p list empty (dequeue or splice them all).
 */
typedef void (*gro_deliver_t)(struct gro_node *gro, struct sk_buff_head *list);

/**
 * GRO state of one receive queue (the kernel's struct gro_node). Set the
 * configuration fields after gro_init(); the rest is private to lib/gro.
 */
struct gro_node {
	unsigned long bitmask;		/**< bit b set: hash[b] holds skbs */
	struct gro_list hash[GRO_HASH_BUCKETS];	/**< the lists of held skbs by flow hash */
	struct sk_buff_head rx_list;	/**< completed skbs not yet delivered */
	unsigned int rx_count;		/**< segments on rx_list (gro_normal_one()) */
	unsigned long now;		/**< the age clock ("jiffies"): gro_tick() */
	/* configuration */
	unsigned int gro_max_size;	/**< IPv6 GRO packet bound (default 65536) */
	unsigned int gro_ipv4_max_size;	/**< IPv4 GRO packet bound (default 65536) */
	unsigned int flags;		/**< GRO_F_* */
	unsigned int normal_batch;	/**< rx_count that delivers at once (default 8) */
	bool enabled;			/**< false: every skb is GRO_NORMAL (no NETIF_F_GRO) */
	gro_deliver_t deliver;		/**< where gro_normal_list() sends; NULL: freed */
	void *priv;			/**< the owner's (e.g. its napi_struct) */
	/* counters (never reset by lib/gro) */
	uint64_t stat_in;		/**< skbs given to gro_receive_skb() */
	uint64_t stat_merged;		/**< skbs merged into a held skb */
	uint64_t stat_out;		/**< skbs queued on rx_list */
	uint64_t stat_flush_flag;	/**< trains ended by the packet (flag, size, short) */
	uint64_t stat_flush_full;	/**< oldest flushed: bucket full */
	uint64_t stat_flush_call;	/**< completed by gro_flush() */
};

/**
 * Per-skb GRO state, in skb->cb while the skb is inside lib/gro (the
 * kernel's NAPI_GRO_CB()). Owners must not use skb->cb meanwhile.
 */
struct napi_gro_cb {
	struct sk_buff *last;		/**< held skb: last skb of its frag_list chain */
	unsigned long age;		/**< held skb: gro_node::now when held */
	unsigned int data_offset;	/**< bytes of headers parsed, from skb->data */
	uint16_t flush;			/**< not to be merged / held */
	uint16_t count;			/**< segments in this skb */
	uint16_t proto;			/**< L4 protocol (IPPROTO_*) */
	uint16_t network_offset;	/**< L3 header, from skb->data */
	uint8_t same_flow:1;		/**< may be of the skb's flow / was merged */
	uint8_t csum_valid:1;		/**< csum (below) is the sum of the data left */
	uint8_t csum_cnt:3;		/**< checksums known good (CHECKSUM_UNNECESSARY) */
	uint8_t free:2;			/**< NAPI_GRO_FREE* */
	uint8_t is_ipv6:1;	/**< IPv6 flow */
	uint8_t ip_fixedid:1;		/**< IPv4 id fixed across the train */
	uint8_t is_flist:1;	/**< fraglist GRO (segments kept as a frag_list) */
	__wsum csum;			/**< CHECKSUM_COMPLETE sum from data_offset on */
};
static_assert(sizeof(struct napi_gro_cb) <= sizeof(((struct sk_buff *)0)->cb),
	      "napi_gro_cb fits in skb->cb");

#define NAPI_GRO_FREE			1	/**< skb emptied: free it */
#define NAPI_GRO_FREE_STOLEN_HEAD	2	/**< head moved to a frag: free the struct */

/**
 * The GRO state of @p skb.
 * @param skb a packet inside GRO.
 * @return a struct napi_gro_cb pointer into skb->cb.
 */
#define NAPI_GRO_CB(skb)	((struct napi_gro_cb *)(skb)->cb)

/**
 * Initialises @p gro: empty lists, defaults (65536, enabled, batch 8).
 * @param gro the node to initialise (caller's memory); set gro->deliver after.
 */
NM_API void gro_init(struct gro_node *gro);

/**
 * Runs @p skb through GRO: merged, held or queued on rx_list (see enum
 * gro_result). The skb belongs to @p gro from here in every case. Data
 * must be at the network header with skb->protocol set.
 * @param gro the node (one per RX queue, one thread).
 * @param skb the packet, owned by @p gro from here on: do not touch it after.
 * @return what happened to @p skb: GRO_MERGED / GRO_MERGED_FREE (merged into a
 *   held flow), GRO_HELD (held to merge later), GRO_NORMAL (queued on rx_list).
 */
NM_API gro_result_t gro_receive_skb(struct gro_node *gro, struct sk_buff *skb);

/**
 * Completes held skbs onto rx_list, oldest first per bucket: all of them,
 * or with @p flush_old those held before the current gro_node::now.
 * @param gro the node.
 * @param flush_old false to complete every held skb, true for those older than
 *   the current tick only.
 */
NM_API void __gro_flush(struct gro_node *gro, bool flush_old);

/**
 * __gro_flush() when anything is held.
 * @param gro the node.
 * @param flush_old false to complete every held skb, true for the old ones
 *   only.
 */
static inline void gro_flush(struct gro_node *gro, bool flush_old)
{
	if (!gro->bitmask)
		return;
	__gro_flush(gro, flush_old);
}

/**
 * Hands rx_list to the deliver callback (or frees it without one).
 * @param gro the node; its rx_list is empty and rx_count 0 afterwards.
 */
NM_API void gro_normal_list(struct gro_node *gro);

/**
 * Queues @p skb of @p segs segments on rx_list; delivers at normal_batch.
 * @param gro the node.
 * @param skb a completed packet; owned by @p gro (then by the deliver
 *   callback).
 * @param segs the segments @p skb stands for, added to rx_count.
 */
NM_API void gro_normal_one(struct gro_node *gro, struct sk_buff *skb, int segs);

/**
 * Advances the age clock by one tick.
 * @param gro the node; skbs held before this tick become old for gro_flush(gro,
 *   true).
 */
static inline void gro_tick(struct gro_node *gro)
{
	gro->now++;
}

/**
 * Frees every held and queued skb without delivering them.
 * @param gro the node; empty afterwards, reusable without gro_init().
 */
NM_API void gro_cleanup(struct gro_node *gro);

/**
 * Number of skbs @p gro holds (all buckets).
 * @param gro the node.
 * @return the number of skbs held in all buckets (not counting rx_list).
 */
NM_API unsigned int gro_held_count(const struct gro_node *gro);

/* Experimental (docs/abi.md): the GRO engine is new in 0.1. */
NM_EXPERIMENTAL_API(gro_init);
NM_EXPERIMENTAL_API(gro_receive_skb);
NM_EXPERIMENTAL_API(__gro_flush);
NM_EXPERIMENTAL_API(gro_normal_list);
NM_EXPERIMENTAL_API(gro_normal_one);
NM_EXPERIMENTAL_API(gro_cleanup);
NM_EXPERIMENTAL_API(gro_held_count);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_GRO_H */
