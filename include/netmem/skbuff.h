/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sk_buff and skb_shared_info with the kernel's semantics (linux/skbuff.h).
 *
 * An sk_buff describes a packet: a linear part [data, tail) inside the head
 * buffer [head, end), followed by skb_shared_info, which holds the paged
 * frags (netmem + offset + len), the frag_list and the GSO state. Clones
 * share the head and frags; shinfo->dataref counts them (low 16 bits: all
 * references, high 16 bits: payload-only ones, as in the kernel).
 *
 * References, four levels (docs/ownership.md):
 *  1. skb->users          the sk_buff struct (skb_get / kfree_skb)
 *  2. shinfo->dataref     head and frags shared by clones
 *  3. frag memory         decided by the memory, never by an skb flag:
 *                         page_pool memory (pp_magic) -> a pp reference;
 *                         other pages -> a page reference; a net_iov out of
 *                         a pool or an external page -> a reference on its
 *                         owner. skb_frag_ref() and skb_frag_unref() take and
 *                         drop the same kind.
 *  4. owners              ubuf_info (zero-copy completion) in
 *                         shinfo->destructor_arg; nm_owner for memory not
 *                         refcounted per page.
 *
 * @code
 *	struct sk_buff *skb = alloc_skb(128, GFP_ATOMIC);
 *	skb_reserve(skb, 64);
 *	memcpy(skb_put(skb, 14), eth, 14);
 *	skb_add_rx_frag(skb, 0, page, off, len, truesize); // pp ref moves in
 *	struct sk_buff *c = skb_clone(skb, GFP_ATOMIC);  // shares the data
 *	kfree_skb(skb);
 *	consume_skb(c);        // last dataref: frags and head released
 * @endcode
 */
#ifndef NETMEM_SKBUFF_H
#define NETMEM_SKBUFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/types.h>

#include <netmem/api.h>
#include <netmem/checksum.h>
#include <netmem/err.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- kernel basic types ------------------------------------------------ */

/* __u8..__u64, __be16/__be32 (network byte order), __wsum (32-bit partial
 * checksum) and __sum16 (folded checksum) come from the kernel's uapi
 * header, so code that includes <linux/...> headers too still compiles. */
typedef uint64_t ktime_t;	/**< nanoseconds */
/** Offload features of a device (NETIF_F_*), as the kernel's. */
typedef uint64_t netdev_features_t;

#define SMP_CACHE_BYTES		64	/**< Cache line size the skb layout is aligned to. */
/**
 * Rounds @p X up to a cache line, as the kernel's SKB_DATA_ALIGN.
 * @param X a size in bytes.
 * @return @p X rounded up to SMP_CACHE_BYTES.
 */
#define SKB_DATA_ALIGN(X)	(((X) + (SMP_CACHE_BYTES - 1)) & ~(SMP_CACHE_BYTES - 1))
/** Frags in one skb_shared_info. */
#define MAX_SKB_FRAGS		17
/** Headroom netdev_alloc_skb() and napi_alloc_skb() reserve. */
#define NET_SKB_PAD		64
/** Extra headroom aligning the IP header (0: unaligned access is cheap). */
#define NET_IP_ALIGN		0
/** gso_size value: segment at frag boundaries (frag_list skbs). */
#define GSO_BY_FRAGS		0xFFFF
/** Largest gso_size a segment may have. */
#define GSO_MAX_SIZE		65536
#define GSO_MAX_SEGS		65535	/**< Most segments one GSO skb may be cut into. */

/* ip_summed */
#define CHECKSUM_NONE		0	/**< ip_summed: no checksum help, the stack verifies. */
/** ip_summed: the device verified the checksum (csum_level more). */
#define CHECKSUM_UNNECESSARY	1
/** ip_summed: skb->csum holds the checksum of the whole packet. */
#define CHECKSUM_COMPLETE	2
/** ip_summed: the checksum at csum_start + csum_offset is to be filled on TX. */
#define CHECKSUM_PARTIAL	3

/* fclone */
enum {
	SKB_FCLONE_UNAVAILABLE,	/**< skb has no fclone (from skbuff_head_cache) */
	SKB_FCLONE_ORIG,	/**< orig skb (from fclone_cache) */
	SKB_FCLONE_CLONE,	/**< companion fclone skb (from fclone_cache) */
	SKB_FCLONE_EMBEDDED,	/**< libnetmem: the skb slot of the page its head
				 *   started on (NM_PAGE_SKB_SLOT); the head's
				 *   reference keeps the page while it is there */
};

/* gso_type, as in the kernel */
enum {
	SKB_GSO_TCPV4 = 1 << 0,
	SKB_GSO_DODGY = 1 << 1,
	SKB_GSO_TCP_ECN = 1 << 2,
	SKB_GSO_TCP_FIXEDID = 1 << 3,
	SKB_GSO_TCPV6 = 1 << 4,
	SKB_GSO_FCOE = 1 << 5,
	SKB_GSO_GRE = 1 << 6,
	SKB_GSO_GRE_CSUM = 1 << 7,
	SKB_GSO_IPXIP4 = 1 << 8,
	SKB_GSO_IPXIP6 = 1 << 9,
	SKB_GSO_UDP_TUNNEL = 1 << 10,
	SKB_GSO_UDP_TUNNEL_CSUM = 1 << 11,
	SKB_GSO_PARTIAL = 1 << 12,
	SKB_GSO_TUNNEL_REMCSUM = 1 << 13,
	SKB_GSO_SCTP = 1 << 14,
	SKB_GSO_ESP = 1 << 15,
	SKB_GSO_UDP = 1 << 16,
	SKB_GSO_UDP_L4 = 1 << 17,
	SKB_GSO_FRAGLIST = 1 << 18,
};

/* netdev features, as in the kernel (bit numbers) */
enum {
	NETIF_F_SG_BIT,
	NETIF_F_IP_CSUM_BIT,
	__UNUSED_NETIF_F_1,
	NETIF_F_HW_CSUM_BIT,
	NETIF_F_IPV6_CSUM_BIT,
	NETIF_F_HIGHDMA_BIT,
	NETIF_F_FRAGLIST_BIT,
	NETIF_F_HW_VLAN_CTAG_TX_BIT,
	NETIF_F_HW_VLAN_CTAG_RX_BIT,
	NETIF_F_HW_VLAN_CTAG_FILTER_BIT,
	NETIF_F_VLAN_CHALLENGED_BIT,
	NETIF_F_GSO_BIT,
	NETIF_F_LLTX_BIT,
	NETIF_F_NETNS_LOCAL_BIT,
	NETIF_F_GRO_BIT,
	NETIF_F_LRO_BIT,
	NETIF_F_GSO_SHIFT,	/* keep the order of SKB_GSO_* bits */
	NETIF_F_TSO_BIT = NETIF_F_GSO_SHIFT,
	NETIF_F_GSO_ROBUST_BIT,
	NETIF_F_TSO_ECN_BIT,
	NETIF_F_TSO_MANGLEID_BIT,
	NETIF_F_TSO6_BIT,
	NETIF_F_FSO_BIT,
	NETIF_F_GSO_GRE_BIT,
	NETIF_F_GSO_GRE_CSUM_BIT,
	NETIF_F_GSO_IPXIP4_BIT,
	NETIF_F_GSO_IPXIP6_BIT,
	NETIF_F_GSO_UDP_TUNNEL_BIT,
	NETIF_F_GSO_UDP_TUNNEL_CSUM_BIT,
	NETIF_F_GSO_PARTIAL_BIT,
	NETIF_F_GSO_TUNNEL_REMCSUM_BIT,
	NETIF_F_GSO_SCTP_BIT,
	NETIF_F_GSO_ESP_BIT,
	NETIF_F_GSO_UDP_BIT,
	NETIF_F_GSO_UDP_L4_BIT,
	NETIF_F_GSO_FRAGLIST_BIT,
	NETIF_F_GSO_LAST = NETIF_F_GSO_FRAGLIST_BIT,
	NETIF_F_RXCSUM_BIT = NETIF_F_GSO_LAST + 1,
	NETIF_F_RXHASH_BIT,
	NETIF_F_HW_VLAN_CTAG_STRIP_BIT,
	NETIF_F_GRO_FRAGLIST_BIT,
	NETIF_F_GRO_UDP_FWD_BIT,
	NETIF_F_GRO_HW_BIT,
};

/** The netdev_features_t bit of NETIF_F_<name>_BIT. */
#define __NETIF_F(name)		((netdev_features_t)1 << NETIF_F_##name##_BIT)
#define NETIF_F_SG		__NETIF_F(SG)	/**< Scatter-gather: TX of paged (frag) skbs. */
#define NETIF_F_IP_CSUM		__NETIF_F(IP_CSUM)	/**< IPv4 TCP/UDP checksum offload. */
/** Checksum offload of any protocol (csum_start/csum_offset). */
#define NETIF_F_HW_CSUM		__NETIF_F(HW_CSUM)
#define NETIF_F_IPV6_CSUM	__NETIF_F(IPV6_CSUM)	/**< IPv6 TCP/UDP checksum offload. */
#define NETIF_F_HIGHDMA		__NETIF_F(HIGHDMA)	/**< DMA to any memory. */
#define NETIF_F_FRAGLIST	__NETIF_F(FRAGLIST)	/**< TX of frag_list skbs. */
#define NETIF_F_HW_VLAN_CTAG_TX	__NETIF_F(HW_VLAN_CTAG_TX)	/**< VLAN tag insertion on TX. */
#define NETIF_F_HW_VLAN_CTAG_RX	__NETIF_F(HW_VLAN_CTAG_RX)	/**< VLAN tag stripping on RX. */
#define NETIF_F_GSO		__NETIF_F(GSO)	/**< Software GSO is allowed. */
#define NETIF_F_GRO		__NETIF_F(GRO)	/**< Generic receive offload. */
#define NETIF_F_LRO		__NETIF_F(LRO)	/**< Large receive offload (hardware). */
#define NETIF_F_TSO		__NETIF_F(TSO)	/**< TCPv4 segmentation offload. */
/** GSO of untrusted sources (segment counts recomputed). */
#define NETIF_F_GSO_ROBUST	__NETIF_F(GSO_ROBUST)
#define NETIF_F_TSO_ECN		__NETIF_F(TSO_ECN)	/**< TSO of packets with ECN CWR set. */
#define NETIF_F_TSO_MANGLEID	__NETIF_F(TSO_MANGLEID)	/**< TSO that may change the IPv4 ID. */
#define NETIF_F_TSO6		__NETIF_F(TSO6)	/**< TCPv6 segmentation offload. */
#define NETIF_F_GSO_GRE		__NETIF_F(GSO_GRE)	/**< GSO of GRE tunnels. */
/** GSO of UDP tunnels (VXLAN, Geneve). */
#define NETIF_F_GSO_UDP_TUNNEL	__NETIF_F(GSO_UDP_TUNNEL)
/** Partial GSO: the device segments the inner headers only. */
#define NETIF_F_GSO_PARTIAL	__NETIF_F(GSO_PARTIAL)
#define NETIF_F_GSO_UDP_L4	__NETIF_F(GSO_UDP_L4)	/**< UDP segmentation offload (USO). */
#define NETIF_F_GSO_FRAGLIST	__NETIF_F(GSO_FRAGLIST)	/**< GSO at frag_list boundaries. */
#define NETIF_F_RXCSUM		__NETIF_F(RXCSUM)	/**< RX checksum offload. */
#define NETIF_F_RXHASH		__NETIF_F(RXHASH)	/**< RX hash (RSS) offload. */
/** GRO chains TCP/UDP trains whole on a frag_list (fraglist GRO, for forwarding). */
#define NETIF_F_GRO_FRAGLIST	__NETIF_F(GRO_FRAGLIST)
/** UDP GRO without a socket asking for it (to SKB_GSO_UDP_L4, for forwarding). */
#define NETIF_F_GRO_UDP_FWD	__NETIF_F(GRO_UDP_FWD)
/** Hardware GRO: the device merges TCP segments into GSO skbs that GSO
 *  cuts back into the same segments (virtio's GUEST_TSO4/6). */
#define NETIF_F_GRO_HW		__NETIF_F(GRO_HW)
/** The checksum offload features. */
#define NETIF_F_CSUM_MASK	(NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM | NETIF_F_HW_CSUM)
/** Every TSO feature. */
#define NETIF_F_ALL_TSO		(NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_TSO_ECN | \
				 NETIF_F_TSO_MANGLEID)
/** Every GSO feature bit. */
#define NETIF_F_GSO_MASK	((((netdev_features_t)1 << (NETIF_F_GSO_LAST + 1)) - 1) & \
				 ~(((netdev_features_t)1 << NETIF_F_GSO_SHIFT) - 1))

/**
 * The feature bit that offloads @p gso_type (SKB_GSO_*).
 * @param gso_type SKB_GSO_* bits.
 * @return the NETIF_F_* bits a device needs to segment them.
 */
static inline netdev_features_t skb_gso_type_features(unsigned int gso_type)
{
	return (netdev_features_t)gso_type << NETIF_F_GSO_SHIFT;
}

/* shinfo->flags */
#define SKBFL_ZEROCOPY_ENABLE	0x1	/**< destructor_arg is a ubuf_info */
#define SKBFL_SHARED_FRAG	0x2	/**< frags may be written by others */
#define SKBFL_PURE_ZEROCOPY	0x4	/**< all frags are zero-copy user memory */
#define SKBFL_DONT_ORPHAN	0x8	/**< The skb keeps its ubuf_info when orphaned. */
#define SKBFL_MANAGED_FRAG_REFS	0x10	/**< frag refs are the ubuf owner's */
/** Zero-copy frags: SKBFL_ZEROCOPY_ENABLE | SKBFL_SHARED_FRAG. */
#define SKBFL_ZEROCOPY_FRAG	(SKBFL_ZEROCOPY_ENABLE | SKBFL_SHARED_FRAG)

/* shinfo->tx_flags */
#define SKBTX_HW_TSTAMP		0x1	/**< tx_flags: hardware timestamp requested. */
#define SKBTX_SW_TSTAMP		0x2	/**< tx_flags: software timestamp requested. */
#define SKBTX_IN_PROGRESS	0x4	/**< tx_flags: a hardware timestamp is being taken. */

/** dataref: payload-only references live above this shift. */
#define SKB_DATAREF_SHIFT	16
/** dataref: all references to the data (below SKB_DATAREF_SHIFT). */
#define SKB_DATAREF_MASK	((1 << SKB_DATAREF_SHIFT) - 1)

/** A paged frag: netmem, offset in it, length. */
typedef struct skb_frag {
	netmem_ref netmem;	/**< the page or net_iov holding the bytes */
	unsigned int len;	/**< bytes in the frag */
	unsigned int offset;	/**< first byte in the page or net_iov */
} skb_frag_t;

/** Hardware timestamps. */
struct skb_shared_hwtstamps {
	ktime_t hwtstamp;	/**< hardware timestamp, ns */
};

struct sk_buff;
struct ubuf_info;
struct net_device;

/** Zero-copy completion operations. */
struct ubuf_info_ops {
	/** The skb's data is released (or the sender gave up): report it. */
	void (*complete)(struct sk_buff *skb, struct ubuf_info *uarg,
			 bool zerocopy_success);
	/** Links @p uarg to @p skb; 0 or -errno (optional). */
	int (*link_skb)(struct sk_buff *skb, struct ubuf_info *uarg);
};

/** A zero-copy completion owner (the kernel's ubuf_info). */
struct ubuf_info {
	const struct ubuf_info_ops *ops;	/**< completion callbacks */
	long refcnt;			/**< atomic */
	uint8_t flags;			/**< SKBFL_* given to the skbs */
};

/** Shared state of an skb's data, at the end of its head. The first four
 *  fields and gso_size are one 64-bit word, see SKB_SHINFO_LINEAR_MASK. */
struct skb_shared_info {
	__u8 flags;			/**< SKBFL_* */
	__u8 meta_len;	/**< bytes of metadata before skb->data (XDP) */
	__u8 nr_frags;	/**< frags in use in frags[] */
	__u8 tx_flags;			/**< SKBTX_* */
	unsigned short gso_size;	/**< MSS, or GSO_BY_FRAGS */
	unsigned short gso_segs;	/**< segments of a GSO skb */
	/** skbs chained after this one (their data is the rest of the packet) */
	struct sk_buff *frag_list;
	struct skb_shared_hwtstamps hwtstamps;	/**< hardware timestamps */
	unsigned int gso_type;		/**< SKB_GSO_* */
	__u32 tskey;	/**< timestamp key (SOF_TIMESTAMPING_OPT_ID) */
	int dataref;			/**< atomic: 16/16 split, see above */
	unsigned int xdp_frags_size;	/**< bytes in the frags of an XDP buffer */
	void *destructor_arg;		/**< ubuf_info when SKBFL_ZEROCOPY_ENABLE */
	skb_frag_t frags[MAX_SKB_FRAGS];	/**< the paged data */
};

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/** Of the first 64-bit word of skb_shared_info (flags, meta_len, nr_frags,
 *  tx_flags, gso_size, read at once by TX's fast test): word & mask is 0
 *  exactly when there are no frags, no GSO and no zero-copy completion. */
#define SKB_SHINFO_LINEAR_MASK	((unsigned long long)SKBFL_ZEROCOPY_ENABLE | 0xffULL << 16 | \
				 0xffffULL << 32)
/** Of the same word: nr_frags. */
#define SKB_SHINFO_NR_FRAGS_MASK	(0xffULL << 16)
/** Of the same word: the flags' SKBFL_ZEROCOPY_ENABLE. */
#define SKB_SHINFO_ZEROCOPY_MASK	((unsigned long long)SKBFL_ZEROCOPY_ENABLE)
#else
#define SKB_SHINFO_LINEAR_MASK	((unsigned long long)SKBFL_ZEROCOPY_ENABLE << 56 | \
				 0xffULL << 40 | 0xffffULL << 16)
#define SKB_SHINFO_NR_FRAGS_MASK	(0xffULL << 40)
#define SKB_SHINFO_ZEROCOPY_MASK	((unsigned long long)SKBFL_ZEROCOPY_ENABLE << 56)
#endif
NM_LAYOUT_ASSERT(offsetof(struct skb_shared_info, flags) == 0 &&
		 offsetof(struct skb_shared_info, nr_frags) == 2 &&
		 offsetof(struct skb_shared_info, gso_size) == 4,
		 "flags, nr_frags, gso_size: the first 64-bit word");
/* The RX builder writes the first 48 bytes as three 16-byte words: all zero
 * but dataref 1 (the low half of the third). */
NM_LAYOUT_ASSERT(offsetof(struct skb_shared_info, dataref) == 2 * 16 &&
		 offsetof(struct skb_shared_info, destructor_arg) == 2 * 16 + 8 &&
		 offsetof(struct skb_shared_info, frags) == 3 * 16,
		 "skb_shared_info: three 16-byte words before frags");

/** Offset from skb->head: the kernel's 64-bit sk_buff_data_t. */
typedef unsigned int sk_buff_data_t;

/**
 * The packet descriptor. Fields up to (not including) @c tail are cleared
 * when an skb is built; RX fills the first two cache lines.
 */
struct sk_buff {
	struct sk_buff *next;	/**< next skb on a list (sk_buff_head, frag_list, GSO segments) */
	struct sk_buff *prev;	/**< previous skb on a list */
	ktime_t tstamp;			/**< RX/TX timestamp, ns */
	char cb[48] __attribute__((aligned(8)));	/**< private to each layer */

	unsigned int len;		/**< bytes in the packet (linear + paged) */
	unsigned int data_len;		/**< paged bytes (frags and frag_list) */
	__u16 mac_len;	/**< link-layer header length */
	__u16 hdr_len;			/**< writable header length of a clone */
	__u16 queue_mapping;	/**< TX queue (or RX queue recorded + 1) of the packet */
	__u16 port;			/**< DPDK port the skb came from / goes to */

	/* The flag bits and vlan_all after them are one 64-bit word here
	 * (SKB_FLAGS_OFFSET), which TX's fast test reads at once: the
	 * SKB_FLAGS_*_MASK below name its bits, as the kernel's CLONED_MASK
	 * names a bit at __cloned_offset. */
	__extension__ __u8 __flags_offset[0];	/**< marker: SKB_FLAGS_OFFSET */
	__u8 cloned:1;			/**< head may be shared: check dataref */
	__u8 nohdr:1;			/**< payload-only reference */
	__u8 fclone:2;			/**< SKB_FCLONE_* */
	__u8 peeked:1;	/**< already seen by a reader that did not consume it */
	__u8 head_frag:1;		/**< head is a page frag (else malloc) */
	__u8 pfmemalloc:1;	/**< head from emergency reserves (never set here) */
	__u8 pp_recycle:1;		/**< may recycle page_pool memory */
	/* From here to __headers_end: the fields a copy of the skb's header
	 * takes over in one block (the kernel's struct_group(headers) that
	 * __copy_skb_header() copies); the bits above are the skb's own. */
	__extension__ __u8 __headers_start[0];	/**< marker: SKB_HEADERS_LEN from here */
	__u8 unreadable:1;		/**< some frag payload is not CPU-readable */
	__u8 ip_summed:2;		/**< CHECKSUM_* */
	__u8 l4_hash:1;	/**< hash covers the L4 ports */
	__u8 sw_hash:1;	/**< hash computed in software */
	__u8 csum_valid:1;	/**< csum was validated */
	__u8 encapsulation:1;	/**< inner headers are set: an encapsulated packet */
	__u8 csum_level:2;	/**< CHECKSUM_UNNECESSARY: levels of checksums verified - 1 */
	/** PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST... */
	__u8 pkt_type:3;
	__u8 ignore_df:1;	/**< may be fragmented regardless of DF */
	__u8 csum_complete_sw:1;	/**< skb->csum was computed in software */
	__u8 inner_protocol_type:1;	/**< ENCAP_TYPE_ETHER or ENCAP_TYPE_IPPROTO */
	__u8 csum_not_inet:1;		/**< CHECKSUM_PARTIAL is a CRC32c (SCTP) */

	/* As in the kernel since 6.2: no vlan_present bit; a tag is held
	 * when vlan_all != 0 (vlan_proto is then ETH_P_8021Q/8021AD). Placed
	 * right after the flag bits so TX tests both with one word. */
	union {
		__u32 vlan_all;		/**< nonzero when a VLAN tag is held here */
		struct {
			__be16 vlan_proto;	/**< ETH_P_8021Q/8021AD, 0: none */
			__u16 vlan_tci;
		};
	};
	__u32 priority;	/**< queueing priority */
	__u32 hash;			/**< RSS hash */
	union {
		__wsum csum;
		struct {
			__u16 csum_start;	/**< from head */
			__u16 csum_offset;	/**< from csum_start */
		};
	};
	union {
		__u32 mark;
		__u32 reserved_tailroom;	/**< tailroom skb_availroom() keeps free */
	};
	int skb_iif;	/**< ifindex of the device the skb arrived on */
	__u32 packet_type;		/**< DPDK RTE_PTYPE_* of the packet */

	__be16 protocol;		/**< ETH_P_* of the L3 header */
	union {
		__be16 inner_protocol;	/**< ETH_P_* (ENCAP_TYPE_ETHER) */
		__u8 inner_ipproto;	/**< IPPROTO_* (ENCAP_TYPE_IPPROTO) */
	};
	__u16 inner_transport_header;	/**< inner transport header offset (encapsulation) */
	__u16 inner_network_header;	/**< inner network header offset (encapsulation) */
	__u16 inner_mac_header;	/**< inner link-layer header offset (encapsulation) */
	__u16 transport_header;		/**< offsets from head; 0xffff: unset */
	__u16 network_header;		/**< 0 on a new skb (as the kernel's) */
	__u16 mac_header;		/**< 0xffff: unset */
	__extension__ __u8 __headers_end[0];	/**< marker: end of the header block */

	/* fields below are set explicitly, never cleared in bulk */
	/** end of the data, offset from head */
	sk_buff_data_t tail __attribute__((aligned(16)));
	/** end of the buffer (skb_shared_info follows), offset from head */
	sk_buff_data_t end;
	unsigned char *head;	/**< start of the buffer */
	unsigned char *data;	/**< start of the data */
	unsigned int truesize;	/**< memory the skb accounts for */
	int users;			/**< atomic */
	/** called when the skb is freed */
	void (*destructor)(struct sk_buff *skb);
	struct net_device *dev;		/**< device the skb arrives on / leaves by */
};

/*
 * Layout facts of struct sk_buff and struct skb_shared_info the fast paths
 * rely on (lib/port: RX builds an skb in whole 16-byte words, TX tests
 * fields as 64-bit words). Code that does so names these, never an offset.
 */

/** Offset of the 64-bit word of the flag bits and vlan_all. */
#define SKB_FLAGS_OFFSET	offsetof(struct sk_buff, __flags_offset)

/* Bits of the word at SKB_FLAGS_OFFSET, as GCC and Clang lay the bitfields
 * out (from the least significant bit on little-endian, the most
 * significant on big-endian, never across a byte); checked by a test. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/**
 * Bit number in the flag word of bit @p bit of flag byte @p byte.
 * @param byte the flag byte (0 or 1) of the skb's flag word.
 * @param bit the bit in that byte.
 * @return the bit number in the 64-bit flag word.
 */
#define __SKB_FLAGS_BIT(byte, bit)	((byte) * 8 + (bit))
/** vlan_all (nonzero: a VLAN tag is held) */
#define SKB_FLAGS_VLAN_ALL_MASK		(0xffffffffULL << 32)
#else
#define __SKB_FLAGS_BIT(byte, bit)	(63 - ((byte) * 8 + (bit)))
#define SKB_FLAGS_VLAN_ALL_MASK		0xffffffffULL
#endif
/** cloned */
#define SKB_FLAGS_CLONED_MASK		(1ULL << __SKB_FLAGS_BIT(0, 0))
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/**
 * fclone (two bits) holding the value @p v
 * @param v an fclone value (SKB_FCLONE_*).
 * @return the flag-word bits holding it.
 */
#define SKB_FLAGS_FCLONE(v)		((unsigned long long)(v) << __SKB_FLAGS_BIT(0, 2))
/**
 * ip_summed (two bits) holding the value @p v
 * @param v an ip_summed value (CHECKSUM_*).
 * @return the flag-word bits holding it.
 */
#define SKB_FLAGS_IP_SUMMED(v)		((unsigned long long)(v) << __SKB_FLAGS_BIT(1, 1))
#else
#define SKB_FLAGS_FCLONE(v)		((unsigned long long)(v) << __SKB_FLAGS_BIT(0, 3))
#define SKB_FLAGS_IP_SUMMED(v)		((unsigned long long)(v) << __SKB_FLAGS_BIT(1, 2))
#endif
/** fclone */
#define SKB_FLAGS_FCLONE_MASK		SKB_FLAGS_FCLONE(3)
/** head_frag */
#define SKB_FLAGS_HEAD_FRAG_MASK	(1ULL << __SKB_FLAGS_BIT(0, 5))
/** ip_summed */
#define SKB_FLAGS_IP_SUMMED_MASK	SKB_FLAGS_IP_SUMMED(3)

NM_LAYOUT_ASSERT(offsetof(struct sk_buff, vlan_all) == SKB_FLAGS_OFFSET + 4 &&
		 offsetof(struct sk_buff, priority) == SKB_FLAGS_OFFSET + 8,
		 "the flag bits (4 bytes) and vlan_all: one 64-bit word");
/** Bytes of the header block a copy of the skb's header takes over in one
 *  go: the flag bits after the skb's own (cloned .. pp_recycle) up to
 *  mac_header, everything but the data pointers, sizes and references. */
#define SKB_HEADERS_LEN	(offsetof(struct sk_buff, __headers_end) -		\
			 offsetof(struct sk_buff, __headers_start))

NM_LAYOUT_ASSERT(offsetof(struct sk_buff, __headers_start) == SKB_FLAGS_OFFSET + 1,
		 "the skb's own flag bits (cloned .. pp_recycle) fill the first byte");
NM_LAYOUT_ASSERT(offsetof(struct sk_buff, data_len) == offsetof(struct sk_buff, len) + 4 &&
		 offsetof(struct sk_buff, users) == offsetof(struct sk_buff, truesize) + 4,
		 "len with data_len, truesize with users: 64-bit words");

/**
 * Index of the 16-byte word of struct sk_buff that holds field @p f.
 * @param f a field of struct sk_buff.
 * @return its 16-byte word index.
 */
#define SKB_WORD16(f)		(offsetof(struct sk_buff, f) / 16)
/**
 * Offset of field @p f in its 16-byte word.
 * @param f a field of struct sk_buff.
 * @return its byte offset in that word.
 */
#define SKB_WORD16_OFF(f)	(offsetof(struct sk_buff, f) % 16)

/* What each 16-byte word of an sk_buff holds (the RX builder writes it so):
 * before len: next, prev, tstamp, cb; then the words below. */
NM_LAYOUT_ASSERT(sizeof(struct sk_buff) == 12 * 16 && __alignof__(struct sk_buff) >= 16,
		 "an sk_buff is twelve aligned 16-byte words");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(len) == 8 && SKB_WORD16(data_len) == SKB_WORD16(len),
		 "len, data_len: the high half of the word ending cb");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(mac_len) == 0 && SKB_WORD16(vlan_all) == SKB_WORD16(mac_len) &&
		 SKB_WORD16(mac_len) == SKB_WORD16(len) + 1,
		 "mac_len .. vlan_all: one word (from the RX template)");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(priority) == 0 && SKB_WORD16(mark) == SKB_WORD16(priority) &&
		 SKB_WORD16(priority) == SKB_WORD16(mac_len) + 1,
		 "priority, hash, csum, mark: one word");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(skb_iif) == 0 && SKB_WORD16_OFF(packet_type) == 4 &&
		 SKB_WORD16_OFF(protocol) == 8 &&
		 SKB_WORD16(inner_network_header) == SKB_WORD16(skb_iif) &&
		 SKB_WORD16(skb_iif) == SKB_WORD16(priority) + 1,
		 "skb_iif, packet_type, protocol .. inner_network_header: one word");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(inner_mac_header) == 0 && SKB_WORD16_OFF(transport_header) == 2 &&
		 SKB_WORD16_OFF(network_header) == 4 && SKB_WORD16_OFF(mac_header) == 6 &&
		 SKB_WORD16(mac_header) == SKB_WORD16(inner_mac_header) &&
		 SKB_WORD16(inner_mac_header) == SKB_WORD16(skb_iif) + 1,
		 "inner_mac_header, transport, network, mac header: the low half of a word");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(tail) == 0 && SKB_WORD16_OFF(end) == 4 && SKB_WORD16_OFF(head) == 8 &&
		 SKB_WORD16(tail) == SKB_WORD16(inner_mac_header) + 1,
		 "tail, end, head: one word");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(data) == 0 && SKB_WORD16_OFF(truesize) == 8 &&
		 SKB_WORD16_OFF(users) == 12 && SKB_WORD16(data) == SKB_WORD16(tail) + 1,
		 "data, truesize, users: one word");
NM_LAYOUT_ASSERT(SKB_WORD16_OFF(destructor) == 0 && SKB_WORD16(dev) == SKB_WORD16(destructor) &&
		 SKB_WORD16(destructor) == SKB_WORD16(data) + 1 && SKB_WORD16(destructor) == 11,
		 "destructor, dev: the last word");

/* ---- errors, allocation, freeing ---------------------------------------- */

/**
 * Allocates an skb with a @p size byte data area (no headroom).
 * @param size bytes of data area.
 * @param gfp allocation flags.
 * @param flags SKB_ALLOC_FCLONE, SKB_ALLOC_RX, SKB_ALLOC_NAPI.
 * @param node NUMA node, or NUMA_NO_NODE.
 * @return a new skb with one user (the caller frees it), or NULL.
 */
NM_API struct sk_buff *__alloc_skb(unsigned int size, gfp_t gfp, int flags, int node);

#define SKB_ALLOC_FCLONE	0x01	/**< __alloc_skb(): the skb comes with a fast clone. */
#define SKB_ALLOC_RX		0x02	/**< __alloc_skb(): a receive buffer. */
#define SKB_ALLOC_NAPI		0x04	/**< __alloc_skb(): from the NAPI context's cache. */

/**
 * __alloc_skb() of @p size bytes. NULL when memory runs out.
 * @param size bytes of data area.
 * @param gfp allocation flags.
 * @return a new skb (the caller frees it), or NULL.
 */
static inline struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp)
{
	return __alloc_skb(size, gfp, 0, NUMA_NO_NODE);
}

/**
 * An skb whose clone comes from the same allocation (fast TX clones).
 * @param size bytes of data area.
 * @param gfp allocation flags.
 * @return a new skb (the caller frees it), or NULL.
 */
static inline struct sk_buff *alloc_skb_fclone(unsigned int size, gfp_t gfp)
{
	return __alloc_skb(size, gfp, SKB_ALLOC_FCLONE, NUMA_NO_NODE);
}

/**
 * An RX skb of @p len bytes, head a page frag, NET_SKB_PAD headroom.
 * @param dev the device (unused).
 * @param len bytes of data room after the headroom.
 * @param gfp allocation flags.
 * @return a new skb (the caller frees it), or NULL.
 */
NM_API struct sk_buff *__netdev_alloc_skb(void *dev, unsigned int len, gfp_t gfp);

/**
 * __netdev_alloc_skb() with GFP_ATOMIC; @p dev is unused.
 * @param dev the device (unused).
 * @param len bytes of data room after the headroom.
 * @return a new skb, or NULL.
 */
static inline struct sk_buff *netdev_alloc_skb(void *dev, unsigned int len)
{
	return __netdev_alloc_skb(dev, len, GFP_ATOMIC);
}

/**
 * As netdev_alloc_skb(), from the per-lcore caches (NAPI context).
 * @param napi the NAPI context (unused).
 * @param len bytes of data room after the headroom.
 * @return a new skb, or NULL.
 */
NM_API struct sk_buff *napi_alloc_skb(void *napi, unsigned int len);

/**
 * Builds an skb around @p data, a buffer of @p frag_size bytes whose last
 * SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) bytes take the shared
 * info. @p frag_size 0: @p data came from rte_malloc (the whole of it).
 * The caller's reference on the buffer moves to the skb: a pp reference
 * for page_pool memory, a page reference otherwise.
 * @param data start of the buffer; the skb's head.
 * @param frag_size bytes of the buffer, shared info included; 0 for rte_malloc
 *   memory.
 * @return the skb (the caller frees it, which releases the buffer), or NULL
 *   with the buffer still the caller's.
 */
NM_API struct sk_buff *build_skb(void *data, unsigned int frag_size);

/**
 * build_skb() from the per-lcore skb cache; sets pp_recycle as given.
 * @param data start of the buffer.
 * @param frag_size bytes of the buffer, shared info included.
 * @return the skb, or NULL with the buffer still the caller's.
 */
NM_API struct sk_buff *napi_build_skb(void *data, unsigned int frag_size);

/**
 * Builds around @p data into an skb the caller already has.
 * @param skb a struct sk_buff the caller allocated, holding no data; all its
 *   fields are set here.
 * @param data start of the buffer; its reference moves to @p skb.
 * @param frag_size bytes of the buffer, shared info included; 0 for
 *   rte_malloc memory.
 * @return @p skb; NULL for a NULL argument or a buffer too small for the
 *   shared info (a counted misuse), the buffer still the caller's.
 */
NM_API struct sk_buff *build_skb_around(struct sk_buff *skb, void *data,
					unsigned int frag_size);

/**
 * Drops one reference; frees the skb (a drop) when it was the last.
 * @param skb the packet whose reference is dropped, or NULL.
 */
NM_API void kfree_skb(struct sk_buff *skb);

/**
 * kfree_skb() of every skb on a ->next list.
 * @param segs first skb of a list linked by skb->next, or NULL.
 */
NM_API void kfree_skb_list(struct sk_buff *segs);

/**
 * As kfree_skb(), for an skb that was used, not dropped.
 * @param skb the packet whose reference is dropped, or NULL.
 */
NM_API void consume_skb(struct sk_buff *skb);

/**
 * consume_skb() from NAPI context: @p budget != 0 lets page_pool pages go
 * to the alloc cache and the skb to the per-lcore cache.
 * @param skb the transmitted packet whose reference is dropped, or NULL.
 * @param budget the NAPI budget; 0 when not called from NAPI (netpoll).
 */
NM_API void napi_consume_skb(struct sk_buff *skb, int budget);

/**
 * Frees from any context (no NAPI assumptions).
 * @param skb the packet whose reference is dropped, or NULL.
 */
NM_API void dev_kfree_skb_any(struct sk_buff *skb);

/**
 * Frees the skb struct after its data was handed elsewhere.
 * @param skb an skb whose data reference was released or moved.
 */
NM_API void kfree_skbmem(struct sk_buff *skb);

/** skb counters, per process (nm_skb_get_stats()). Structs, not packets:
 *  an skb embedded in its head page's mbuf (SKB_FCLONE_EMBEDDED, most RX
 *  and build_skb() skbs) is no allocation and not counted; a leaked one
 *  shows as its page in flight. */
struct nm_skb_stats {
	uint64_t alloc;			/**< skb structs allocated */
	uint64_t alloc_fail;		/**< allocations that failed */
	uint64_t freed;			/**< consumed */
	uint64_t dropped;		/**< freed with kfree_skb() */
	uint64_t copied_bytes;		/**< payload bytes copied by copy paths */
	uint64_t live;			/**< skb structs currently allocated */
};

/**
 * Snapshot of the skb counters (summed over lcores).
 * @param stats caller's struct, overwritten.
 */
NM_API void nm_skb_get_stats(struct nm_skb_stats *stats);

/**
 * Sizes the skb struct caches before first use (mempools of @p nr_skbs and
 * @p nr_fclones objects); 0, -EBUSY after first use, -EINVAL.
 * @param nr_skbs skb structs in the mempool, at least 64.
 * @param nr_fclones fast-clone objects (an skb with room for its clone) in
 *   the mempool, at least 64.
 * @return 0, -EBUSY or -EINVAL.
 */
NM_API int nm_skb_cache_configure(unsigned int nr_skbs, unsigned int nr_fclones);

/**
 * Takes a reference on @p skb.
 * @param skb an skb the caller holds.
 * @return @p skb, now with one more user.
 */
static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	__atomic_fetch_add(&skb->users, 1, __ATOMIC_RELAXED);
	return skb;
}

/**
 * True when @p skb has more than one user.
 * @param skb the packet whose users count is read.
 * @return true when skb->users > 1.
 */
static inline bool skb_shared(const struct sk_buff *skb)
{
	return __atomic_load_n(&skb->users, __ATOMIC_RELAXED) != 1;
}

/**
 * Marks @p skb's page_pool memory as recyclable.
 * @param skb the packet whose pp_recycle is set.
 */
static inline void skb_mark_for_recycle(struct sk_buff *skb)
{
	skb->pp_recycle = 1;
}

/* ---- head and data ------------------------------------------------------ */

/**
 * The skb_shared_info at the end of the head.
 * @param skb the packet whose head holds the shared info.
 * @return the shared info, shared with clones.
 */
static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)(skb->head + skb->end);
}

/**
 * End of the buffer (where skb_shared_info starts).
 * @param skb the packet whose head end is wanted.
 * @return skb->head + skb->end.
 */
static inline unsigned char *skb_end_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->end;
}

/**
 * Buffer size: offset of the end from head.
 * @param skb the packet whose head size is read.
 * @return skb->end.
 */
static inline unsigned int skb_end_offset(const struct sk_buff *skb)
{
	return skb->end;
}

/**
 * End of the linear data.
 * @param skb the packet whose linear data end is wanted.
 * @return skb->head + skb->tail.
 */
static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->head + skb->tail;
}

/**
 * Sets tail to data (empty linear part).
 * @param skb the packet whose tail moves to skb->data.
 */
static inline void skb_reset_tail_pointer(struct sk_buff *skb)
{
	skb->tail = (sk_buff_data_t)(skb->data - skb->head);
}

/**
 * Sets tail to data + @p offset.
 * @param skb the packet whose tail moves.
 * @param offset offset from skb->data.
 */
static inline void skb_set_tail_pointer(struct sk_buff *skb, int offset)
{
	skb_reset_tail_pointer(skb);
	skb->tail += (sk_buff_data_t)offset;
}

/**
 * Bytes in the linear part.
 * @param skb the packet whose linear length is computed.
 * @return skb->len - skb->data_len.
 */
static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

/**
 * True when part of the data is paged.
 * @param skb the packet whose data_len is tested.
 * @return true when skb->data_len != 0.
 */
static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len != 0;
}

/**
 * Bytes before data.
 * @param skb the packet whose room before data is computed.
 * @return skb->data - skb->head.
 */
static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return (unsigned int)(skb->data - skb->head);
}

/**
 * Room after tail; 0 for a nonlinear skb.
 * @param skb the packet whose room after tail is computed.
 * @return bytes between tail and end.
 */
static inline int skb_tailroom(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) ? 0 : (int)(skb->end - skb->tail);
}

/**
 * Room after tail minus reserved_tailroom; 0 for a nonlinear skb.
 * @param skb the packet whose usable room after tail is computed.
 * @return the bytes an skb_put() may still use.
 */
static inline int skb_availroom(const struct sk_buff *skb)
{
	if (skb_is_nonlinear(skb))
		return 0;
	return (int)(skb->end - skb->tail - skb->reserved_tailroom);
}

/**
 * Moves data and tail @p len bytes on (headroom on an empty skb).
 * @param skb the packet whose data and tail move (headroom made on an empty
 *   skb).
 * @param len bytes; negative moves back.
 */
static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += (sk_buff_data_t)len;
}

/** Out of line: an skb_put() past the end or an skb_push() before the head,
 *  a kernel BUG(): nm_bug() (abort, or a counted misuse in NM_BUG_COUNT
 *  mode, see nm_set_bug_mode()).
 * @param skb the packet the put was asked of.
 * @param len bytes asked for.
 * @param here the caller's address, for the message.
 */
NM_API void skb_over_panic(struct sk_buff *skb, unsigned int len, void *here);
/**
 * Reports an skb_push() past head (counted as a bug, see skb_over_panic()).
 * @param skb the packet the push was asked of.
 * @param len bytes asked for.
 * @param here the caller's address, for the message.
 */
NM_API void skb_under_panic(struct sk_buff *skb, unsigned int len, void *here);

/**
 * Unchecked skb_put().
 * @param skb a linear skb with @p len bytes of tailroom.
 * @param len bytes to add.
 * @return the old tail, where the new bytes start.
 */
static inline void *__skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_tail_pointer(skb);

	skb->tail += len;
	skb->len += len;
	return tmp;
}

/**
 * Extends the linear data by @p len bytes at the tail; returns where they
 * start. Past the end, or on a nonlinear skb, it is the kernel's BUG():
 * skb_over_panic() aborts; in NM_BUG_COUNT mode nothing changes and NULL is
 * returned.
 * @param skb a linear skb.
 * @param len bytes to add.
 * @return the old tail, where the new bytes start; NULL after a counted BUG.
 */
NM_API void *skb_put(struct sk_buff *skb, unsigned int len);

/**
 * skb_put() and copies @p len bytes from @p data.
 * @param skb a linear skb.
 * @param data the bytes to append.
 * @param len bytes to append.
 * @return where they start; NULL after a counted BUG.
 */
static inline void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	if (tmp != NULL)
		memcpy(tmp, data, len);
	return tmp;
}

/**
 * skb_put() and zeroes the bytes.
 * @param skb a linear skb.
 * @param len bytes to append.
 * @return where they start; NULL after a counted BUG.
 */
static inline void *skb_put_zero(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	if (tmp != NULL)
		memset(tmp, 0, len);
	return tmp;
}

/**
 * Unchecked skb_push().
 * @param skb an skb with @p len bytes of headroom.
 * @param len bytes to prepend.
 * @return the new skb->data.
 */
static inline void *__skb_push(struct sk_buff *skb, unsigned int len)
{
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

/** Prepends @p len bytes. Past the headroom it is the kernel's BUG():
 *  skb_under_panic() aborts; in NM_BUG_COUNT mode nothing changes and NULL
 *  is returned.
 * @param skb the packet whose data moves back.
 * @param len bytes to prepend.
 * @return the new skb->data; NULL after a counted BUG.
 */
NM_API void *skb_push(struct sk_buff *skb, unsigned int len);

/**
 * Removes @p len bytes from the start, unchecked but for the kernel's
 * BUG_ON(): pulling into the paged part (@p len > skb_headlen()) is a BUG
 * (nm_bug(): abort; in NM_BUG_COUNT mode nothing changes, NULL returned).
 * @param skb the packet whose data moves on.
 * @param len bytes to remove, at most skb_headlen().
 * @return the new skb->data; NULL after a counted BUG.
 */
static inline void *__skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb_headlen(skb))) {
		nm_bug("__skb_pull: %u bytes from skb %p whose linear part is %u (len %u)",
		       len, (void *)skb, skb_headlen(skb), skb->len);
		return NULL;
	}
	skb->len -= len;
	return skb->data += len;
}

/**
 * Removes @p len bytes from the start; returns the new data pointer, or NULL
 * when @p len > skb->len (nothing changes). As in the kernel, pulling past
 * the linear part into paged data is __skb_pull()'s BUG: use pskb_pull().
 * @param skb the packet whose data moves on.
 * @param len bytes to remove.
 * @return the new skb->data, or NULL.
 */
static inline void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb->len))
		return NULL;
	return __skb_pull(skb, len);
}

/** Pulls the nonlinear part into the head until @p delta more bytes are
 *  linear; returns the new tail or NULL.
 * @param skb an skb; its head may be reallocated.
 * @param delta bytes to move into the linear part.
 * @return the new tail pointer, or NULL (out of memory, too short).
 */
NM_API void *__pskb_pull_tail(struct sk_buff *skb, int delta);

/**
 * True when the first @p len bytes are (made) linear.
 * @param skb an skb; its head may be reallocated.
 * @param len bytes wanted linear.
 * @return true when they are; false when the skb is shorter or memory ran out.
 */
static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	if (len <= skb_headlen(skb))
		return true;
	if (len > skb->len)
		return false;
	return __pskb_pull_tail(skb, (int)(len - skb_headlen(skb))) != NULL;
}

/**
 * skb_pull() that may pull paged data into the head first.
 * @param skb the packet whose data moves on; its head may be reallocated.
 * @param len bytes to remove.
 * @return the new skb->data, or NULL (nothing pulled).
 */
static inline void *pskb_pull(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb->len) || !pskb_may_pull(skb, len))
		return NULL;
	return __skb_pull(skb, len);
}

/**
 * Sets the length of a linear skb to @p len (tail follows). On a nonlinear
 * skb it is the kernel's WARN_ON(): nm_warn() and nothing changes.
 * @param skb a linear skb.
 * @param len the new length.
 */
static inline void __skb_set_length(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(skb_is_nonlinear(skb))) {
		nm_warn("__skb_set_length: skb %p is nonlinear (data_len %u)",
			(void *)skb, skb->data_len);
		return;
	}
	skb->len = len;
	skb_set_tail_pointer(skb, (int)len);
}

/**
 * Trims a linear skb to @p len bytes (__skb_set_length()).
 * @param skb a linear skb.
 * @param len the new length, at most skb->len.
 */
static inline void __skb_trim(struct sk_buff *skb, unsigned int len)
{
	__skb_set_length(skb, len);
}

/**
 * Trims to @p len bytes (linear skbs; see pskb_trim()).
 * @param skb the linear packet shortened (a nonlinear one is a counted misuse).
 * @param len the new length; nothing happens when not shorter.
 */
NM_API void skb_trim(struct sk_buff *skb, unsigned int len);

/**
 * Trims a possibly nonlinear skb; 0 or -ENOMEM.
 * @param skb the packet shortened: frags trimmed or released, frag_list cut.
 * @param len the new length, below skb->len.
 * @return 0 or -ENOMEM.
 */
NM_API int ___pskb_trim(struct sk_buff *skb, unsigned int len);

/**
 * Trims to @p len bytes (linear trim or ___pskb_trim()); 0 or -ENOMEM.
 * @param skb the packet shortened.
 * @param len the new length, below skb->len.
 * @return 0 or -ENOMEM.
 */
static inline int __pskb_trim(struct sk_buff *skb, unsigned int len)
{
	if (skb->data_len)
		return ___pskb_trim(skb, len);
	__skb_trim(skb, len);
	return 0;
}

/**
 * Trims a possibly nonlinear skb to @p len; 0 or -ENOMEM.
 * @param skb the packet shortened.
 * @param len the new length; nothing happens when not shorter.
 * @return 0 or -ENOMEM.
 */
static inline int pskb_trim(struct sk_buff *skb, unsigned int len)
{
	return (len < skb->len) ? __pskb_trim(skb, len) : 0;
}

/* ---- header offsets ------------------------------------------------------ */

/**
 * True once the MAC header offset is set.
 * @param skb the packet whose mac_header offset is tested.
 * @return true when set.
 */
static inline bool skb_mac_header_was_set(const struct sk_buff *skb)
{
	return skb->mac_header != (__u16)~0U;
}

/**
 * The MAC header.
 * @param skb an skb whose mac header is set.
 * @return skb->head + mac_header.
 */
static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

/**
 * Sets the MAC header at data.
 * @param skb the packet whose mac header is set at skb->data.
 */
static inline void skb_reset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = (__u16)(skb->data - skb->head);
}

/**
 * Sets the MAC header at data + @p offset.
 * @param skb the packet whose mac header is set.
 * @param offset offset from skb->data, may be negative.
 */
static inline void skb_set_mac_header(struct sk_buff *skb, int offset)
{
	skb_reset_mac_header(skb);
	skb->mac_header = (__u16)(skb->mac_header + offset);
}

/**
 * Marks the MAC header as not set.
 * @param skb the packet whose mac header becomes unset.
 */
static inline void skb_unset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = (__u16)~0U;
}

/**
 * Offset of the MAC header from data.
 * @param skb the packet, mac header set.
 * @return the offset, negative when before skb->data.
 */
static inline int skb_mac_offset(const struct sk_buff *skb)
{
	return (int)(skb_mac_header(skb) - skb->data);
}

/**
 * The network header.
 * @param skb the packet, network header set.
 * @return skb->head + network_header.
 */
static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

/**
 * Sets the network header at data.
 * @param skb the packet whose network header is set at skb->data.
 */
static inline void skb_reset_network_header(struct sk_buff *skb)
{
	skb->network_header = (__u16)(skb->data - skb->head);
}

/**
 * Sets the network header at data + @p offset.
 * @param skb the packet whose network header is set.
 * @param offset offset from skb->data, may be negative.
 */
static inline void skb_set_network_header(struct sk_buff *skb, int offset)
{
	skb_reset_network_header(skb);
	skb->network_header = (__u16)(skb->network_header + offset);
}

/**
 * Offset of the network header from data.
 * @param skb the packet, network header set.
 * @return the offset, negative when before skb->data.
 */
static inline int skb_network_offset(const struct sk_buff *skb)
{
	return (int)(skb_network_header(skb) - skb->data);
}

/**
 * True once the transport header offset is set.
 * @param skb the packet whose transport_header offset is tested.
 * @return true when set.
 */
static inline bool skb_transport_header_was_set(const struct sk_buff *skb)
{
	return skb->transport_header != (__u16)~0U;
}

/**
 * The transport header.
 * @param skb the packet, transport header set.
 * @return skb->head + transport_header.
 */
static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

/**
 * Sets the transport header at data.
 * @param skb the packet whose transport header is set at skb->data.
 */
static inline void skb_reset_transport_header(struct sk_buff *skb)
{
	skb->transport_header = (__u16)(skb->data - skb->head);
}

/**
 * Sets the transport header at data + @p offset.
 * @param skb the packet whose transport header is set.
 * @param offset offset from skb->data, may be negative.
 */
static inline void skb_set_transport_header(struct sk_buff *skb, int offset)
{
	skb_reset_transport_header(skb);
	skb->transport_header = (__u16)(skb->transport_header + offset);
}

/**
 * Offset of the transport header from data.
 * @param skb the packet, transport header set.
 * @return the offset, negative when before skb->data.
 */
static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return (int)(skb_transport_header(skb) - skb->data);
}

/**
 * Bytes from the network header to the transport header.
 * @param skb the packet, network and transport headers set.
 * @return transport_header - network_header.
 */
static inline unsigned int skb_network_header_len(const struct sk_buff *skb)
{
	return (unsigned int)(skb->transport_header - skb->network_header);
}

/**
 * Sets mac_len from the MAC and network header offsets.
 * @param skb the packet whose mac_len is computed.
 */
static inline void skb_reset_mac_len(struct sk_buff *skb)
{
	skb->mac_len = (__u16)(skb->network_header - skb->mac_header);
}

/**
 * The inner network header (encapsulation).
 * @param skb the encapsulating packet.
 * @return skb->head + inner_network_header.
 */
static inline unsigned char *skb_inner_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->inner_network_header;
}

/**
 * The inner transport header (encapsulation).
 * @param skb the encapsulating packet.
 * @return skb->head + inner_transport_header.
 */
static inline unsigned char *skb_inner_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->inner_transport_header;
}

/**
 * Sets the inner header offsets to the outer ones.
 * @param skb the packet whose inner header offsets are set.
 */
static inline void skb_reset_inner_headers(struct sk_buff *skb)
{
	skb->inner_mac_header = skb->mac_header;
	skb->inner_network_header = skb->network_header;
	skb->inner_transport_header = skb->transport_header;
}

/**
 * Bytes from data to the checksum start.
 * @param skb a CHECKSUM_PARTIAL skb.
 * @return csum_start - skb_headroom().
 */
static inline int skb_checksum_start_offset(const struct sk_buff *skb)
{
	return (int)(skb->csum_start - skb_headroom(skb));
}

/**
 * Where the checksum starts (CHECKSUM_PARTIAL).
 * @param skb a CHECKSUM_PARTIAL skb.
 * @return skb->head + csum_start.
 */
static inline unsigned char *skb_checksum_start(const struct sk_buff *skb)
{
	return skb->head + skb->csum_start;
}

/** Copies @p len bytes at @p offset into @p to; 0 or -EFAULT (past the
 *  end) or -EIO (unreadable frag: never touched). A negative @p offset
 *  (down to -skb_headroom()) reads the headroom, as in the kernel.
 * @param skb an skb, read only.
 * @param offset byte offset from skb->data.
 * @param to the destination, @p len bytes.
 * @param len bytes to copy.
 * @return 0, -EFAULT or -EIO.
 */
NM_API int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);

/**
 * Writes @p len bytes at @p offset; 0, -EFAULT or -EIO as above.
 * @param skb an skb; the bytes must be writable.
 * @param offset byte offset from skb->data.
 * @param from the source, @p len bytes.
 * @param len bytes to write.
 * @return 0, -EFAULT or -EIO.
 */
NM_API int skb_store_bits(struct sk_buff *skb, int offset, const void *from, int len);

/** Pointer to @p len bytes at @p offset: in place when linear (a negative
 *  @p offset is in the headroom, as in the kernel), else copied into
 *  @p buffer; NULL when past the end, before the head, or unreadable.
 * @param skb the packet read when the bytes are not in @p data.
 * @param offset byte offset from skb->data.
 * @param len bytes wanted.
 * @param data the linear data (skb->data).
 * @param hlen linear bytes at @p data.
 * @param buffer room for @p len bytes.
 * @return a pointer to the bytes, or NULL.
 */
static inline void *__skb_header_pointer(const struct sk_buff *skb, int offset, int len,
					 const void *data, int hlen, void *buffer)
{
	if (likely(len >= 0 && hlen - offset >= len) &&
	    likely(offset >= 0 || (skb != NULL && (const unsigned char *)data == skb->data &&
				   -offset <= (int)skb_headroom(skb))))
		return (unsigned char *)(uintptr_t)data + offset;
	if (!skb || skb_copy_bits(skb, offset, buffer, len) < 0)
		return NULL;
	return buffer;
}

/** Pointer to @p len bytes at @p offset: in place when linear, else copied to
 *  @p buffer; NULL when out of range.
 * @param skb the packet read.
 * @param offset byte offset from skb->data.
 * @param len bytes wanted.
 * @param buffer room for @p len bytes.
 * @return a pointer into the skb or to @p buffer; NULL when out of range.
 */
static inline void *skb_header_pointer(const struct sk_buff *skb, int offset, int len,
				       void *buffer)
{
	return __skb_header_pointer(skb, offset, len, skb->data,
				    (int)skb_headlen(skb), buffer);
}

/* ---- frags ------------------------------------------------------------- */

/**
 * The netmem of a frag.
 * @param frag the frag whose memory is read.
 * @return its netmem.
 */
static inline netmem_ref skb_frag_netmem(const skb_frag_t *frag)
{
	return frag->netmem;
}

/**
 * The page of @p frag; NULL for a net_iov.
 * @param frag the frag whose memory is read.
 * @return its page, or NULL.
 */
static inline struct page *skb_frag_page(const skb_frag_t *frag)
{
	return netmem_to_page(frag->netmem);
}

/**
 * True when the frag is device memory (a net_iov).
 * @param frag the frag to test.
 * @return true for a net_iov.
 */
static inline bool skb_frag_is_net_iov(const skb_frag_t *frag)
{
	return netmem_is_net_iov(frag->netmem);
}

/**
 * The net_iov of a frag (NULL when a page).
 * @param frag the frag whose memory is read.
 * @return its net_iov, or NULL.
 */
static inline struct net_iov *skb_frag_net_iov(const skb_frag_t *frag)
{
	return netmem_to_net_iov(frag->netmem);
}

/**
 * Bytes in the frag.
 * @param frag the frag whose length is read.
 * @return its size in bytes.
 */
static inline unsigned int skb_frag_size(const skb_frag_t *frag)
{
	return frag->len;
}

/**
 * Sets the frag's size.
 * @param frag the frag whose length is written.
 * @param size bytes.
 */
static inline void skb_frag_size_set(skb_frag_t *frag, unsigned int size)
{
	frag->len = size;
}

/**
 * Adds @p delta to the frag's size.
 * @param frag the frag whose length grows.
 * @param delta bytes, may be negative.
 */
static inline void skb_frag_size_add(skb_frag_t *frag, int delta)
{
	frag->len += (unsigned int)delta;
}

/**
 * Subtracts @p delta from the frag's size.
 * @param frag the frag whose length shrinks.
 * @param delta bytes.
 */
static inline void skb_frag_size_sub(skb_frag_t *frag, int delta)
{
	frag->len -= (unsigned int)delta;
}

/**
 * Offset of the frag in its page.
 * @param frag the frag whose offset is read.
 * @return its offset in bytes.
 */
static inline unsigned int skb_frag_off(const skb_frag_t *frag)
{
	return frag->offset;
}

/**
 * Sets the frag's offset.
 * @param frag the frag whose offset is written.
 * @param offset bytes.
 */
static inline void skb_frag_off_set(skb_frag_t *frag, unsigned int offset)
{
	frag->offset = offset;
}

/**
 * Adds @p delta to the frag's offset.
 * @param frag the frag whose offset moves.
 * @param delta bytes, may be negative.
 */
static inline void skb_frag_off_add(skb_frag_t *frag, int delta)
{
	frag->offset += (unsigned int)delta;
}

/**
 * Copies the offset of @p fragfrom to @p fragto.
 * @param fragto the frag written.
 * @param fragfrom the frag read.
 */
static inline void skb_frag_off_copy(skb_frag_t *fragto, const skb_frag_t *fragfrom)
{
	fragto->offset = fragfrom->offset;
}

/**
 * False: a page of any order is one struct page here (no per-page loop).
 * @param p a page (unused).
 * @return false.
 */
static inline bool skb_frag_must_loop(const struct page *p)
{
	(void)p;
	return false;
}

/**
 * CPU address of the frag's bytes; NULL when unreadable (a net_iov).
 * @param frag the frag.
 * @return the address of its first byte, or NULL.
 */
static inline void *skb_frag_address(const skb_frag_t *frag)
{
	void *va = netmem_address(frag->netmem);

	return va ? (char *)va + skb_frag_off(frag) : NULL;
}

/**
 * skb_frag_address() (no highmem here).
 * @param frag the frag.
 * @return the address of its first byte, or NULL.
 */
static inline void *skb_frag_address_safe(const skb_frag_t *frag)
{
	return skb_frag_address(frag);
}

/**
 * Fills @p frag with @p size bytes at @p off of @p netmem.
 * @param frag the frag.
 * @param netmem the memory; no reference is taken.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void skb_frag_fill_netmem_desc(skb_frag_t *frag, netmem_ref netmem,
					     int off, int size)
{
	frag->netmem = netmem;
	frag->offset = (unsigned int)off;
	skb_frag_size_set(frag, (unsigned int)size);
}

/**
 * Fills @p frag with @p size bytes at @p off of @p page.
 * @param frag the frag.
 * @param page the page; no reference is taken.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void skb_frag_fill_page_desc(skb_frag_t *frag, struct page *page,
					   int off, int size)
{
	skb_frag_fill_netmem_desc(frag, page_to_netmem(page), off, size);
}

/*
 * Frag fillers: one rule for all of them. The kernel leaves i <
 * MAX_SKB_FRAGS to the caller; here an index out of range (negative, or
 * MAX_SKB_FRAGS and above) is a kernel BUG case: nm_bug() aborts by default.
 * In NM_BUG_COUNT mode the frag is refused and counted as a misuse, the
 * reference that would have moved into it is dropped (as freeing the skb
 * would have), and nothing about the skb changes: no byte is written past
 * skb_shinfo(skb)->frags[MAX_SKB_FRAGS - 1]. The check is one unsigned
 * compare; the refusal is out of line.
 */

/**
 * Out of line: refuses frag @p i of @p skb (see above).
 * @param skb the packet whose frag slot @p i does not exist.
 * @param i the bad frag index.
 * @param netmem the memory whose reference is dropped.
 */
NM_API void nm_skb_frag_refuse(struct sk_buff *skb, int i, netmem_ref netmem)
	__attribute__((cold));

/**
 * True when @p i is a frag slot; else refuses the frag (see above).
 * @param skb the packet whose frag slot is checked.
 * @param i the frag index.
 * @param netmem the memory dropped when refused.
 * @return true when 0 <= @p i < MAX_SKB_FRAGS.
 */
static inline bool __skb_frag_slot_ok(struct sk_buff *skb, int i, netmem_ref netmem)
{
	if (likely((unsigned int)i < MAX_SKB_FRAGS))
		return true;
	nm_skb_frag_refuse(skb, i, netmem);
	return false;
}

/**
 * Fills frag @p i, already checked.
 * @param skb the packet whose frag is filled.
 * @param i the frag index, checked.
 * @param netmem the memory; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void __skb_fill_netmem_slot(struct sk_buff *skb, int i, netmem_ref netmem,
					  int off, int size)
{
	skb_frag_fill_netmem_desc(&skb_shinfo(skb)->frags[i], netmem, off, size);
	if (netmem_is_net_iov(netmem))
		skb->unreadable = 1;
}

/** Fills frag @p i (no length accounting); marks the skb unreadable when
 *  the memory is a net_iov. The caller's reference moves into the frag.
 *  @p i out of range: see "Frag fillers" above.
 * @param skb the packet whose frag is filled.
 * @param i the frag index.
 * @param netmem the memory; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void __skb_fill_netmem_desc(struct sk_buff *skb, int i, netmem_ref netmem,
					  int off, int size)
{
	if (__skb_frag_slot_ok(skb, i, netmem))
		__skb_fill_netmem_slot(skb, i, netmem, off, size);
}

/**
 * Fills frag @p i with a page (no nr_frags change, no pfmemalloc check).
 * @param skb the packet whose frag is filled.
 * @param i the frag index.
 * @param page the page; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void __skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page,
					int off, int size)
{
	__skb_fill_netmem_desc(skb, i, page_to_netmem(page), off, size);
}

/**
 * __skb_fill_netmem_desc(), and nr_frags = @p i + 1.
 * @param skb the packet whose frag is filled and nr_frags set.
 * @param i the frag index.
 * @param netmem the memory; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void skb_fill_netmem_desc(struct sk_buff *skb, int i, netmem_ref netmem,
					int off, int size)
{
	if (!__skb_frag_slot_ok(skb, i, netmem))
		return;
	__skb_fill_netmem_slot(skb, i, netmem, off, size);
	skb_shinfo(skb)->nr_frags = (__u8)(i + 1);
}

/**
 * Fills frag @p i with a page and sets nr_frags to @p i + 1.
 * @param skb the packet whose frag is filled and nr_frags set.
 * @param i the frag index.
 * @param page the page; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page,
				      int off, int size)
{
	skb_fill_netmem_desc(skb, i, page_to_netmem(page), off, size);
}

/** Adds frag @p i of @p size bytes to an RX skb, with length accounting.
 *  @p i out of range: see "Frag fillers" above (no length changes).
 * @param skb the received packet whose frag is filled and lengths grown.
 * @param i the frag index.
 * @param netmem the memory; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes of data.
 * @param truesize bytes of memory the frag uses.
 */
static inline void skb_add_rx_frag_netmem(struct sk_buff *skb, int i, netmem_ref netmem,
					  int off, int size, unsigned int truesize)
{
	if (!__skb_frag_slot_ok(skb, i, netmem))
		return;
	__skb_fill_netmem_slot(skb, i, netmem, off, size);
	skb_shinfo(skb)->nr_frags = (__u8)(i + 1);
	skb->len += (unsigned int)size;
	skb->data_len += (unsigned int)size;
	skb->truesize += truesize;
}

/**
 * Adds a received frag: frag @p i, and len, data_len and truesize grow.
 * @param skb the received packet whose frag is filled and lengths grown.
 * @param i the frag index.
 * @param page the page; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes of data.
 * @param truesize bytes of memory the frag uses.
 */
static inline void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, int off,
				   int size, unsigned int truesize)
{
	skb_add_rx_frag_netmem(skb, i, page_to_netmem(page), off, size, truesize);
}

/**
 * Takes one reference on @p netmem of the kind its memory asks for: a pp
 * reference for page_pool memory, an owner reference for a net_iov out of a
 * pool or an external page, else a page reference.
 * @param netmem memory the caller holds a reference on.
 */
static inline void skb_netmem_ref(netmem_ref netmem)
{
	if (netmem_get_pp(netmem) != NULL && netmem_is_pp(netmem)) {
		page_pool_ref_netmem(netmem);
		return;
	}
	get_netmem(netmem);
}

/** Drops what skb_netmem_ref() took; @p napi_safe allows direct recycling
 *  (the owner lcore recycles directly anyway, see page_pool_put_netmem()).
 * @param netmem memory the caller holds a reference on.
 * @param napi_safe true in the pool's NAPI context.
 */
static inline void skb_netmem_unref(netmem_ref netmem, bool napi_safe)
{
	struct page_pool *pp = netmem_get_pp(netmem);

	if (pp != NULL && netmem_is_pp(netmem)) {
		page_pool_put_full_netmem(pp, netmem, napi_safe);
		return;
	}
	put_netmem(netmem);
}

/**
 * Takes a reference on the frag's page.
 * @param frag the frag whose memory gets a reference of its kind.
 */
static inline void __skb_frag_ref(skb_frag_t *frag)
{
	skb_netmem_ref(skb_frag_netmem(frag));
}

/**
 * Takes a reference on frag @p f of @p skb.
 * @param skb the packet owning the frag.
 * @param f frag index.
 */
static inline void skb_frag_ref(struct sk_buff *skb, int f)
{
	__skb_frag_ref(&skb_shinfo(skb)->frags[f]);
}

/**
 * Drops one reference on @p frag. As in the kernel, @p recycle is the skb's
 * pp_recycle, not "NAPI context": page_pool memory goes back to its pool
 * with allow_direct false, and the pool recycles it directly when the
 * caller is its owner lcore (the kernel's page_pool_napi_local()).
 *
 * Where libnetmem differs: the reference kind follows the memory, not
 * @p recycle. In the kernel a page_pool page in an skb without pp_recycle
 * holds page references (get_page()) and @p recycle false puts one; here
 * every reference on page_pool memory is a pp reference, whatever
 * pp_recycle says (skb_frag_ref() takes one), so it drops one too: the
 * library cannot tell per reference which kind a caller took, and a page
 * reference on pool memory would make the pool let the page go instead of
 * recycling it (docs/ownership.md).
 * @param frag the frag whose memory loses a reference.
 * @param recycle the skb's pp_recycle.
 */
static inline void __skb_frag_unref(skb_frag_t *frag, bool recycle)
{
	(void)recycle;
	skb_netmem_unref(skb_frag_netmem(frag), false);
}

/**
 * Drops a reference on frag @p f of @p skb, as the kernel: nothing when the
 * frag references are the zero-copy owner's (SKBFL_MANAGED_FRAG_REFS), else
 * __skb_frag_unref() with skb->pp_recycle.
 * @param skb the packet owning the frag.
 * @param f frag index.
 */
static inline void skb_frag_unref(struct sk_buff *skb, int f)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (!(shinfo->flags & SKBFL_MANAGED_FRAG_REFS))
		__skb_frag_unref(&shinfo->frags[f], skb->pp_recycle);
}

/**
 * True when no frag of @p skb is unreadable device memory.
 * @param skb the packet whose unreadable flag is read.
 * @return true when skb->unreadable is clear.
 */
static inline bool skb_frags_readable(const struct sk_buff *skb)
{
	return !skb->unreadable;
}

/**
 * True when all bytes of the skb can be read by the CPU.
 * @param skb the packet, its frag_list walked too.
 * @return true when the skb and its frag_list skbs have no net_iov frag.
 */
NM_API bool skb_readable_all(const struct sk_buff *skb);

/* ---- frags: DMA addresses, coalescing, descriptors (kernel 6.12+) ------
 * Added for kernel code that builds and maps frags; the frag functions
 * above are unchanged. */

struct device;
static inline struct ubuf_info *skb_zcopy(const struct sk_buff *skb);

/**
 * IOVA of @p size bytes at @p offset of @p frag, as a NIC sees it: the DMA
 * address of the frag's page plus the frag's offset plus @p offset; for a
 * net_iov (device memory) its own DMA address plus the offsets. libnetmem
 * memory is DMA-mapped for as long as it exists: @p dev, @p size and
 * @p dir only say what the kernel's would map, and there is nothing to
 * unmap.
 * @param dev the device (unused).
 * @param frag the frag to map.
 * @param offset byte offset in the frag.
 * @param size bytes (unused).
 * @param dir direction (unused).
 * @return the IOVA.
 */
static inline dma_addr_t __skb_frag_dma_map(struct device *dev, const skb_frag_t *frag,
					    size_t offset, size_t size,
					    enum dma_data_direction dir)
{
	(void)dev;
	(void)size;
	(void)dir;
	return netmem_get_dma_addr(skb_frag_netmem(frag)) + skb_frag_off(frag) + offset;
}

/**
 * __skb_frag_dma_map() from @p offset to the end of @p frag, to the device.
 * @param dev the device (unused).
 * @param frag the frag to map.
 * @param offset byte offset in the frag.
 * @return the IOVA.
 */
static inline dma_addr_t __skb_frag_dma_map1(struct device *dev, const skb_frag_t *frag,
					     size_t offset)
{
	return __skb_frag_dma_map(dev, frag, offset, skb_frag_size(frag) - offset,
				  DMA_TO_DEVICE);
}

#define _skb_frag_dma_map0(dev, frag)		__skb_frag_dma_map1(dev, frag, 0)
#define _skb_frag_dma_map1(dev, frag, offset)	__skb_frag_dma_map1(dev, frag, offset)
#define _skb_frag_dma_map2(dev, frag, offset, size) \
	__skb_frag_dma_map(dev, frag, offset, size, DMA_TO_DEVICE)
#define _skb_frag_dma_map3(dev, frag, offset, size, dir) \
	__skb_frag_dma_map(dev, frag, offset, size, dir)
#define __nm_frag_dma_map_pick(_0, _1, _2, _3, name, ...)	name

/**
 * skb_frag_dma_map(dev, frag [, offset [, size [, dir]]]): the IOVA of the
 * frag's bytes (see __skb_frag_dma_map()); offset 0, size to the end of
 * the frag and DMA_TO_DEVICE when left out, as the kernel's since 6.12.
 * @param dev the device (unused).
 * @param frag the frag to map.
 * @param ... optional offset, size and direction.
 * @return the IOVA (dma_addr_t).
 */
#define skb_frag_dma_map(dev, frag, ...)					\
	__nm_frag_dma_map_pick(_, ##__VA_ARGS__, _skb_frag_dma_map3,		\
			       _skb_frag_dma_map2, _skb_frag_dma_map1,		\
			       _skb_frag_dma_map0)(dev, frag, ##__VA_ARGS__)

/** Grows the last-filled frag @p i by @p size bytes of the same memory
 *  (@p truesize accounted). @p i past nr_frags is a misuse: reported,
 *  nothing changes.
 * @param skb the received packet whose frag @p i and lengths grow.
 * @param i index of the last filled frag.
 * @param size bytes to add.
 * @param truesize memory bytes to add.
 */
static inline void skb_coalesce_rx_frag(struct sk_buff *skb, int i, int size,
					unsigned int truesize)
{
	if ((unsigned int)i >= skb_shinfo(skb)->nr_frags) {
		nm_warn("skb_coalesce_rx_frag: frag %d of skb %p with %u frags", i,
			(void *)skb, skb_shinfo(skb)->nr_frags);
		return;
	}
	skb_frag_size_add(&skb_shinfo(skb)->frags[i], size);
	skb->len += (unsigned int)size;
	skb->data_len += (unsigned int)size;
	skb->truesize += truesize;
}

/** True when bytes at @p off of @p netmem continue frag @p i - 1 (so
 *  skb_coalesce_rx_frag() may grow it); never for zero-copy skbs. A page
 *  and a net_iov are never the same memory, so readable and unreadable
 *  frags never coalesce.
 * @param skb the packet whose frag @p i - 1 is compared.
 * @param i the frag index that would be filled next (nr_frags).
 * @param netmem the memory of the new bytes.
 * @param off their offset in it.
 * @return true when frag @p i - 1 ends exactly at @p off of @p netmem.
 */
static inline bool skb_can_coalesce_netmem(struct sk_buff *skb, int i, netmem_ref netmem,
					   int off)
{
	const skb_frag_t *frag;

	if (skb_zcopy(skb) || i <= 0)
		return false;
	frag = &skb_shinfo(skb)->frags[i - 1];
	return netmem_eq(netmem, skb_frag_netmem(frag)) &&
	       (unsigned int)off == skb_frag_off(frag) + skb_frag_size(frag);
}

/**
 * skb_can_coalesce_netmem() of a page.
 * @param skb the packet whose frag @p i - 1 is compared.
 * @param i the frag index that would be filled next.
 * @param page the page of the new bytes.
 * @param off their offset in it.
 * @return true when frag @p i - 1 ends exactly there.
 */
static inline bool skb_can_coalesce(struct sk_buff *skb, int i, const struct page *page,
				    int off)
{
	return skb_can_coalesce_netmem(skb, i, page_to_netmem((struct page *)(uintptr_t)page),
				       off);
}

/**
 * Adds @p delta paged bytes: len, data_len and truesize.
 * @param skb the packet whose len, data_len and truesize grow.
 * @param delta bytes, may be negative.
 */
static inline void skb_len_add(struct sk_buff *skb, int delta)
{
	skb->len += (unsigned int)delta;
	skb->data_len += (unsigned int)delta;
	skb->truesize += (unsigned int)delta;
}

/**
 * True when @p skb has frags that others may write (SKBFL_SHARED_FRAG).
 * @param skb the packet whose shared-info flags are read.
 * @return true when SKBFL_SHARED_FRAG is set on a nonlinear skb.
 */
static inline bool skb_has_shared_frag(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) && (skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG);
}

/**
 * True when all frags of @p skb are zero-copy user memory.
 * @param skb the packet whose shared-info flags are read.
 * @return true when SKBFL_PURE_ZEROCOPY is set.
 */
static inline bool skb_zcopy_pure(const struct sk_buff *skb)
{
	return (skb_shinfo(skb)->flags & SKBFL_PURE_ZEROCOPY) != 0;
}

/**
 * True when @p skb's frag references belong to its ubuf_info owner.
 * @param skb the packet whose shared-info flags are read.
 * @return true when SKBFL_MANAGED_FRAG_REFS is set.
 */
static inline bool skb_zcopy_managed(const struct sk_buff *skb)
{
	return (skb_shinfo(skb)->flags & SKBFL_MANAGED_FRAG_REFS) != 0;
}

/** Fills frag @p i of @p shinfo with a page (no accounting of any kind).
 *  @p i past MAX_SKB_FRAGS is a misuse: reported, nothing written.
 * @param shinfo the shared info.
 * @param i the frag index.
 * @param page the page; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void __skb_fill_page_desc_noacc(struct skb_shared_info *shinfo, int i,
					      struct page *page, int off, int size)
{
	if ((unsigned int)i >= MAX_SKB_FRAGS) {
		nm_warn("__skb_fill_page_desc_noacc: frag %d of %d", i, MAX_SKB_FRAGS);
		return;
	}
	skb_frag_fill_page_desc(&shinfo->frags[i], page, off, size);
}

/** __skb_fill_page_desc_noacc() and nr_frags = @p i + 1; no length or
 *  pfmemalloc accounting (the caller does it, e.g. skb_len_add()).
 * @param skb the packet whose frag is filled and nr_frags set.
 * @param i the frag index.
 * @param page the page; the caller's reference moves into the frag.
 * @param off offset in it.
 * @param size bytes.
 */
static inline void skb_fill_page_desc_noacc(struct sk_buff *skb, int i, struct page *page,
					    int off, int size)
{
	if ((unsigned int)i >= MAX_SKB_FRAGS) {
		nm_warn("skb_fill_page_desc_noacc: frag %d of %d", i, MAX_SKB_FRAGS);
		return;
	}
	__skb_fill_page_desc_noacc(skb_shinfo(skb), i, page, off, size);
	skb_shinfo(skb)->nr_frags = (__u8)(i + 1);
}

/**
 * Drops one pp reference on @p netmem when it is page_pool memory (the
 * last one recycles it, never into the lockless cache: allow_direct is
 * false, as the kernel's since 6.12); false, nothing done, otherwise.
 * Pages are never split here, so the netmem is its own compound head.
 * @param netmem memory the caller holds a reference on.
 * @return true when it was page_pool memory and the reference is gone; false
 *   when the caller must drop its reference another way.
 */
static inline bool napi_pp_put_page(netmem_ref netmem)
{
	if (!netmem_is_pp(netmem))
		return false;
	page_pool_put_full_netmem(netmem_get_pp(netmem), netmem, false);
	return true;
}

/**
 * Makes @p fragto refer to @p fragfrom's memory (no reference taken).
 * @param fragto the frag written.
 * @param fragfrom the frag read.
 */
static inline void skb_frag_page_copy(skb_frag_t *fragto, const skb_frag_t *fragfrom)
{
	fragto->netmem = fragfrom->netmem;
}

/**
 * Sets the memory of @p frag (no reference taken).
 * @param frag the frag.
 * @param netmem the memory.
 */
static inline void __skb_frag_set_netmem(skb_frag_t *frag, netmem_ref netmem)
{
	frag->netmem = netmem;
}

/**
 * Sets the page of @p frag (no reference taken).
 * @param frag the frag.
 * @param page the page.
 */
static inline void __skb_frag_set_page(skb_frag_t *frag, struct page *page)
{
	__skb_frag_set_netmem(frag, page_to_netmem(page));
}

/**
 * Walks the pages of @p f_len bytes at @p f_off of frag @p f: @p p gets the
 * page, @p p_off and @p p_len the piece in it, @p copied the bytes before it. A page of
 * any order is one struct page here, so there is one step (p_off may be
 * past PAGE_SIZE: use page_address(p) + p_off). Readable frags only: a
 * net_iov has no page (p is NULL).
 * @param f the frag (const skb_frag_t *).
 * @param f_off offset in the frag where the walk starts.
 * @param f_len bytes to walk.
 * @param p the page cursor (struct page *).
 * @param p_off offset of the piece in @p p.
 * @param p_len length of the piece.
 * @param copied bytes walked before the piece.
 */
#define skb_frag_foreach_page(f, f_off, f_len, p, p_off, p_len, copied)	\
	for (p = skb_frag_page(f), p_off = (f_off), p_len = (f_len),		\
	     copied = 0;							\
	     copied < (f_len);							\
	     copied += p_len, p_off += p_len, p_len = (f_len) - copied)

/* ---- sharing ----------------------------------------------------------- */

/**
 * True when the data may be shared with a clone.
 * @param skb the packet whose cloned flag and dataref are read.
 * @return true when skb->cloned and dataref > 1.
 */
static inline bool skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned &&
	       (__atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_ACQUIRE) &
		SKB_DATAREF_MASK) != 1;
}

/**
 * True when the header part is shared with a clone.
 * @param skb the packet whose dataref and nohdr count are read.
 * @return true when another skb may write the header part.
 */
static inline bool skb_header_cloned(const struct sk_buff *skb)
{
	int dataref;

	if (!skb->cloned)
		return false;
	dataref = __atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_ACQUIRE);
	dataref = (dataref & SKB_DATAREF_MASK) - (dataref >> SKB_DATAREF_SHIFT);
	return dataref != 1;
}

/**
 * This skb will touch only the payload from now on.
 * @param skb an skb holding a payload-only reference (nohdr).
 */
static inline void __skb_header_release(struct sk_buff *skb)
{
	skb->nohdr = 1;
	__atomic_store_n(&skb_shinfo(skb)->dataref, 1 + (1 << SKB_DATAREF_SHIFT),
			 __ATOMIC_RELAXED);
}

/**
 * A clone of @p skb sharing its data (dataref + 1); NULL on failure.
 * @param skb the skb to clone; marked cloned.
 * @param gfp allocation flags.
 * @return the clone (the caller frees it), or NULL.
 */
NM_API struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp);

/**
 * A private copy, head and data linear.
 * @param skb the skb, read only.
 * @param gfp allocation flags.
 * @return the copy (the caller frees it), or NULL (also for unreadable frags).
 */
NM_API struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp);

/**
 * Copies the head, shares the frags (taking frag references).
 * @param skb the packet copied; its frags get one more reference each.
 * @param headroom headroom of the copy.
 * @param gfp allocation flags.
 * @param fclone true to allocate the copy as a fast clone.
 * @return the copy (the caller frees it), or NULL.
 */
NM_API struct sk_buff *__pskb_copy_fclone(struct sk_buff *skb, int headroom, gfp_t gfp,
					  bool fclone);

/**
 * A copy with a private head (headroom kept) and shared frags.
 * @param skb the packet copied; its frags get one more reference each.
 * @param gfp allocation flags.
 * @return the copy (the caller frees it), or NULL.
 */
static inline struct sk_buff *pskb_copy(struct sk_buff *skb, gfp_t gfp)
{
	return __pskb_copy_fclone(skb, (int)skb_headroom(skb), gfp, false);
}

/**
 * Reallocates the head with @p nhead/@p ntail more bytes; 0 or -ENOMEM.
 * @param skb an skb with one user; header offsets follow the new head.
 * @param nhead bytes of headroom to add.
 * @param ntail bytes of tailroom to add.
 * @param gfp allocation flags.
 * @return 0, or -ENOMEM with @p skb unchanged.
 */
NM_API int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp);

/**
 * If shared, a private copy replaces @p skb (which is freed).
 * @param skb the caller's reference; consumed.
 * @param gfp allocation flags.
 * @return @p skb when not cloned, else the copy; NULL on failure (@p skb
 *   freed).
 */
NM_API struct sk_buff *skb_unshare(struct sk_buff *skb, gfp_t gfp);

/**
 * Makes the head private and at least @p headroom bytes before data.
 * @param skb the packet whose head is made private; it may be reallocated.
 * @param headroom the minimum headroom.
 * @return 0 or -ENOMEM.
 */
NM_API int skb_cow(struct sk_buff *skb, unsigned int headroom);

/**
 * As skb_cow(), only for the header part (clones with nohdr allowed).
 * @param skb the packet whose header part is made private; it may be
 *   reallocated.
 * @param headroom the minimum headroom.
 * @return 0 or -ENOMEM.
 */
NM_API int skb_cow_head(struct sk_buff *skb, unsigned int headroom);

/**
 * Makes the skb linear; 0, -ENOMEM, or -EIO when a frag is unreadable.
 * @param skb an skb; its head may be reallocated.
 * @return 0, or -ENOMEM / -EIO with @p skb unchanged.
 */
NM_API int skb_linearize(struct sk_buff *skb);

/**
 * Moves bytes past @p len into @p skb1.
 * @param skb the skb keeping the first @p len bytes.
 * @param skb1 an empty skb receiving the rest.
 * @param len bytes kept in @p skb.
 */
NM_API void skb_split(struct sk_buff *skb, struct sk_buff *skb1, const uint32_t len);

/**
 * Moves up to @p shiftlen paged bytes from @p skb to @p tgt; bytes moved.
 * @param tgt the skb receiving frags.
 * @param skb the skb losing them.
 * @param shiftlen most bytes to move.
 * @return bytes moved; 0 when nothing could be.
 */
NM_API int skb_shift(struct sk_buff *tgt, struct sk_buff *skb, int shiftlen);

/**
 * Appends @p from's data to @p to when they may share memory kinds; on
 * success @p *fragstolen tells whether from's head was taken and
 * @p *delta_truesize how much truesize moved.
 * @param to the skb appended to.
 * @param from the skb whose data moves.
 * @param fragstolen set to true when from's head was taken.
 * @param delta_truesize set to the truesize moved.
 * @return true when merged (free @p from with kfree_skb_partial()), false when
 *   nothing changed.
 */
NM_API bool skb_try_coalesce(struct sk_buff *to, struct sk_buff *from, bool *fragstolen,
			     int *delta_truesize);

/**
 * Frees @p skb after a coalesce that stole its head.
 * @param skb the skb emptied by skb_try_coalesce().
 * @param head_stolen the fragstolen value it returned.
 */
NM_API void kfree_skb_partial(struct sk_buff *skb, bool head_stolen);

/* ---- header offsets after a move (netmem/skb_writable.h has the rest) -- */

/**
 * Moves every head-relative header offset of @p skb (mac, network,
 * transport, inner ones, csum_start when CHECKSUM_PARTIAL) by @p off bytes,
 * after its data moved in the head or to a new head.
 * @param skb the packet whose header offsets move.
 * @param off bytes, may be negative.
 */
NM_API void skb_headers_offset_update(struct sk_buff *skb, int off);

/* ---- GSO and checksums ------------------------------------------------ */

/**
 * True for a GSO skb (gso_size set).
 * @param skb the packet whose gso_size is tested.
 * @return true when gso_size != 0.
 */
static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_size != 0;
}

/**
 * True for an IPv6 TSO skb.
 * @param skb the packet whose gso_type is tested.
 * @return true when gso_type has SKB_GSO_TCPV6.
 */
static inline bool skb_is_gso_v6(const struct sk_buff *skb)
{
	return (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6) != 0;
}

/**
 * Segments @p head_skb (data at the L4 payload) at gso_size (or frag
 * boundaries with GSO_BY_FRAGS) into a ->next list of skbs, each with the
 * headers [mac .. data) and correct lengths; segs->prev is the last segment.
 * ERR_PTR(-errno) on error. As in the kernel, head_skb->data is left at its
 * mac header once the headers were pushed (on success, and on errors past
 * the first checks). Header fix-ups (IP/TCP/UDP) are skb_gso_segment()'s.
 * @param head_skb the GSO skb; still the caller's (free it after).
 * @param features the device's features.
 * @return the segment list (the caller frees it), or ERR_PTR().
 */
NM_API struct sk_buff *skb_segment(struct sk_buff *head_skb, netdev_features_t features);

/**
 * Segments a SKB_GSO_FRAGLIST skb (fraglist GRO's) back into the packets on
 * its frag_list (the kernel's skb_segment_list()): @p skb itself, trimmed to
 * its own bytes and no longer GSO, then each frag_list skb with its data at
 * its network header - @p offset, the first @p offset bytes (the MAC header)
 * and the metadata copied from @p skb; linearized when @p features lack
 * NETIF_F_SG. Returns @p skb with one more reference (the caller still frees
 * the GSO skb; the list holds the other), segs->prev the last segment, or
 * ERR_PTR(-errno). IP and L4 header fix-ups are skb_gso_segment()'s.
 * @param skb the SKB_GSO_FRAGLIST skb, data at its network header; still the caller's.
 * @param features the device's features (without NETIF_F_SG the segments are linearized).
 * @param offset bytes before the network header (the MAC header) copied to each segment.
 * @return the segment list (@p skb first, holding one more reference), or ERR_PTR(-errno).
 */
NM_API struct sk_buff *skb_segment_list(struct sk_buff *skb, netdev_features_t features,
					unsigned int offset);

/**
 * Segments a TCPv4/TCPv6 or UDP L4 GSO skb and fixes each segment's IP total
 * length/id/checksum, TCP seq/flags/checksum, UDP length/checksum (or leaves
 * CHECKSUM_PARTIAL when @p features offload it). ERR_PTR(-errno) for a
 * malformed packet, NULL when nothing needs doing.
 * @param skb the GSO skb, data at the mac header; still the caller's.
 * @param features the device's features.
 * @return the segment list (the caller frees it), NULL or ERR_PTR().
 */
NM_API struct sk_buff *skb_gso_segment(struct sk_buff *skb, netdev_features_t features);

/**
 * Ones'-complement sum of @p len bytes at @p offset, plus @p csum.
 * @param skb an skb, read only.
 * @param offset byte offset from skb->data.
 * @param len bytes to sum.
 * @param csum partial sum to add to.
 * @return the partial sum.
 */
NM_API __wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum csum);

/** Resolves CHECKSUM_PARTIAL in software, as the kernel: 0; -EINVAL for a
 *  GSO skb or bad offsets (a WARN: nm_warn()); -EFAULT when frags are
 *  unreadable; -ENOMEM. Shared frags (SKBFL_SHARED_FRAG) are linearized
 *  first.
 * @param skb a CHECKSUM_PARTIAL skb; CHECKSUM_NONE after.
 * @return 0 (also when not CHECKSUM_PARTIAL), or a negative errno with the
 *   checksum left to do.
 */
NM_API int skb_checksum_help(struct sk_buff *skb);

/* ---- zero-copy completion (MSG_ZEROCOPY) ------------------------------ */

/**
 * The ubuf_info of @p skb, or NULL.
 * @param skb the packet whose shared info may carry a ubuf_info.
 * @return its ubuf_info, or NULL when not zero-copy.
 */
static inline struct ubuf_info *skb_zcopy(const struct sk_buff *skb)
{
	bool is_zcopy = skb && (skb_shinfo(skb)->flags & SKBFL_ZEROCOPY_ENABLE);

	return is_zcopy ? (struct ubuf_info *)skb_shinfo(skb)->destructor_arg : NULL;
}

/**
 * Takes a reference on @p uarg.
 * @param uarg a ubuf_info the caller holds.
 */
static inline void net_zcopy_get(struct ubuf_info *uarg)
{
	__atomic_fetch_add(&uarg->refcnt, 1, __ATOMIC_RELAXED);
}

/**
 * Drops a reference on @p uarg (completion when it is the last).
 * @param uarg a ubuf_info, or NULL.
 */
NM_API void net_zcopy_put(struct ubuf_info *uarg);

/**
 * Attaches @p uarg to @p skb (taking a reference unless @p have_ref).
 * @param skb an skb without a ubuf_info (else nothing happens).
 * @param uarg the ubuf_info, or NULL (nothing happens).
 * @param have_ref when it points to true, the caller's reference moves into the
 *   skb and it is set to false; NULL or false: a reference is taken.
 */
NM_API void skb_zcopy_set(struct sk_buff *skb, struct ubuf_info *uarg, bool *have_ref);

/**
 * Detaches the ubuf_info and reports completion (@p zerocopy_success).
 * @param skb the packet whose ubuf_info reference is dropped.
 * @param zerocopy_success false when the data was copied.
 */
NM_API void skb_zcopy_clear(struct sk_buff *skb, bool zerocopy_success);

/** A MSG_ZEROCOPY-style notification: sends lo..hi completed. */
struct nm_zc_notification {
	uint32_t lo;	/**< first send completed */
	uint32_t hi;	/**< last send completed */
	bool copied;	/**< the data was copied, not sent zero-copy */
};

struct nm_zc_queue;

/**
 * A queue the application polls for zero-copy completions.
 * @param size entries, 1..2^24.
 * @return the queue, freed with nm_zc_queue_free(); NULL with rte_errno EINVAL
 *   (bad @p size) or ENOMEM.
 */
NM_API struct nm_zc_queue *nm_zc_queue_create(unsigned int size);
/**
 * Frees a queue made by nm_zc_queue_create().
 * @param q a queue, or NULL.
 */
NM_API void nm_zc_queue_free(struct nm_zc_queue *q);

/**
 * Takes up to @p n notifications (coalesced ranges); returns how many.
 * @param q the queue.
 * @param out room for @p n notifications.
 * @param n entries of @p out.
 * @return notifications written.
 */
NM_API unsigned int nm_zc_queue_poll(struct nm_zc_queue *q,
				     struct nm_zc_notification *out, unsigned int n);

/** Notifications lost because @p q was full (a range that could not be
 *  merged into its tail).
 * @param q the queue.
 * @return the count.
 */
NM_API uint64_t nm_zc_queue_overflows(const struct nm_zc_queue *q);

/**
 * A MSG_ZEROCOPY ubuf_info for @p size bytes sent on @p q, with the next
 * send id; completion posts [id, id] (coalesced with neighbours).
 * @param q the completion queue.
 * @param size bytes of the send.
 * @return the ubuf_info with one reference, or NULL.
 */
NM_API struct ubuf_info *msg_zerocopy_alloc(struct nm_zc_queue *q, size_t size);

/** Extends the previous ubuf_info to one more send when contiguous
 *  (coalescing), else allocates a new one.
 * @param q the completion queue.
 * @param size bytes of the send.
 * @param uref the previous send's ubuf_info, or NULL.
 * @return @p uref extended, a new ubuf_info, or NULL.
 */
NM_API struct ubuf_info *msg_zerocopy_realloc(struct nm_zc_queue *q, size_t size,
					      struct ubuf_info *uref);

/**
 * The send was abandoned: the id is reused, no notification.
 * @param uarg the send's ubuf_info, or NULL.
 * @param have_uref true when the caller still holds its reference.
 */
NM_API void msg_zerocopy_put_abort(struct ubuf_info *uarg, bool have_uref);

/**
 * Marks @p uarg as having copied (the notification says so).
 * @param uarg a ubuf_info.
 */
NM_API void msg_zerocopy_set_copied(struct ubuf_info *uarg);

/* ---- lifetime owners of application memory --------------------------- */

/**
 * Registers application memory [@p addr, @p addr + @p len) (PAGE_SIZE
 * aligned) under @p owner: returns an array of len / PAGE_SIZE external
 * pages usable as frags; each frag reference is a reference on @p owner.
 * ERR_PTR(-errno). Unregister with nm_ext_pages_free() once unused.
 * @param addr start, PAGE_SIZE aligned.
 * @param len bytes, a multiple of PAGE_SIZE.
 * @param owner the lifetime owner of the memory.
 * @return the pages, freed with nm_ext_pages_free(); ERR_PTR(), never NULL.
 */
NM_API struct page *nm_ext_pages_create(void *addr, size_t len, struct nm_owner *owner);

/**
 * Frees what nm_ext_pages_create() returned.
 * @param pages the array nm_ext_pages_create() returned.
 * @param len the length given to it.
 */
NM_API void nm_ext_pages_free(struct page *pages, size_t len);

/* ---- lists -------------------------------------------------------------- */

/**
 * Walks a ->next list.
 * @param first the first skb of the list, or NULL.
 * @param skb the loop cursor, which the body may free or relink.
 * @param next_skb scratch cursor holding skb->next.
 */
#define skb_list_walk_safe(first, skb, next_skb)				\
	for ((skb) = (first), (next_skb) = (skb) ? (skb)->next : NULL; (skb);	\
	     (skb) = (next_skb), (next_skb) = (skb) ? (skb)->next : NULL)

/**
 * Walks the skbs on the frag_list of @p skb.
 * @param skb the packet whose frag_list is walked.
 * @param iter the loop cursor (struct sk_buff *).
 */
#define skb_walk_frags(skb, iter)					\
	for (iter = skb_shinfo(skb)->frag_list; iter; iter = iter->next)

/**
 * True when frags are chained on frag_list.
 * @param skb the packet whose frag_list is tested.
 * @return true when frag_list is set.
 */
static inline bool skb_has_frag_list(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->frag_list != NULL;
}

/**
 * Clears skb->next.
 * @param skb the packet taken off a list.
 */
static inline void skb_mark_not_on_list(struct sk_buff *skb)
{
	skb->next = NULL;
}

#ifdef __cplusplus
}
#endif

/* Families of the skb API in their own headers (each includes this one
 * first, so they see the whole of it). */
#include <netmem/skb_csum.h>
#include <netmem/skb_headers.h>

#endif /* NETMEM_SKBUFF_H */
