/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Why an skb was dropped: the kernel's enum skb_drop_reason (core set, as
 * include/net/dropreason-core.h of Linux 6.12, same names, same order, so
 * the same numbers) and libnetmem's per-reason drop counters.
 *
 * kfree_skb(skb) is a drop with SKB_DROP_REASON_NOT_SPECIFIED;
 * kfree_skb_reason(skb, r) a drop with reason @c r; a drop is counted when
 * the last reference goes, as the kernel's kfree_skb tracepoint fires.
 * SKB_CONSUMED is no drop: kfree_skb_reason(skb, SKB_CONSUMED) is
 * consume_skb(skb), counted in nm_skb_stats.freed, not here.
 *
 * @code
 *	if (!pskb_may_pull(skb, sizeof(struct iphdr))) {
 *		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
 *		return;
 *	}
 *	...
 *	printf("%s: %" PRIu64 "\n", nm_skb_drop_reason_name(SKB_DROP_REASON_PKT_TOO_SMALL),
 *	       nm_skb_drop_reason_count(SKB_DROP_REASON_PKT_TOO_SMALL));
 * @endcode
 */
#ifndef NETMEM_DROPREASON_H
#define NETMEM_DROPREASON_H

#include <stdint.h>

#include <netmem/api.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The core drop reasons in the kernel's order; FN(name) for each,
 * FNe(MAX) last (the kernel's DEFINE_DROP_REASON, for tables of names).
 * @param FN macro applied to each reason's name without its prefix.
 * @param FNe macro applied to MAX, the last entry.
 */
#define DEFINE_DROP_REASON(FN, FNe)	\
	FN(NOT_SPECIFIED)		\
	FN(NO_SOCKET)			\
	FN(SOCKET_CLOSE)		\
	FN(SOCKET_FILTER)		\
	FN(SOCKET_RCVBUFF)		\
	FN(UNIX_SKIP_OOB)		\
	FN(PKT_TOO_SMALL)		\
	FN(TCP_CSUM)			\
	FN(UDP_CSUM)			\
	FN(NETFILTER_DROP)		\
	FN(OTHERHOST)			\
	FN(IP_CSUM)			\
	FN(IP_INHDR)			\
	FN(IP_RPFILTER)			\
	FN(UNICAST_IN_L2_MULTICAST)	\
	FN(XFRM_POLICY)			\
	FN(IP_NOPROTO)			\
	FN(PROTO_MEM)			\
	FN(TCP_AUTH_HDR)		\
	FN(TCP_MD5NOTFOUND)		\
	FN(TCP_MD5UNEXPECTED)		\
	FN(TCP_MD5FAILURE)		\
	FN(TCP_AONOTFOUND)		\
	FN(TCP_AOUNEXPECTED)		\
	FN(TCP_AOKEYNOTFOUND)		\
	FN(TCP_AOFAILURE)		\
	FN(SOCKET_BACKLOG)		\
	FN(TCP_FLAGS)			\
	FN(TCP_ABORT_ON_DATA)		\
	FN(TCP_ZEROWINDOW)		\
	FN(TCP_OLD_DATA)		\
	FN(TCP_OVERWINDOW)		\
	FN(TCP_OFOMERGE)		\
	FN(TCP_RFC7323_PAWS)		\
	FN(TCP_OLD_SEQUENCE)		\
	FN(TCP_INVALID_SEQUENCE)	\
	FN(TCP_INVALID_ACK_SEQUENCE)	\
	FN(TCP_RESET)			\
	FN(TCP_INVALID_SYN)		\
	FN(TCP_CLOSE)			\
	FN(TCP_FASTOPEN)		\
	FN(TCP_OLD_ACK)			\
	FN(TCP_TOO_OLD_ACK)		\
	FN(TCP_ACK_UNSENT_DATA)		\
	FN(TCP_OFO_QUEUE_PRUNE)		\
	FN(TCP_OFO_DROP)		\
	FN(IP_OUTNOROUTES)		\
	FN(BPF_CGROUP_EGRESS)		\
	FN(IPV6DISABLED)		\
	FN(NEIGH_CREATEFAIL)		\
	FN(NEIGH_FAILED)		\
	FN(NEIGH_QUEUEFULL)		\
	FN(NEIGH_DEAD)			\
	FN(TC_EGRESS)			\
	FN(SECURITY_HOOK)		\
	FN(QDISC_DROP)			\
	FN(CPU_BACKLOG)			\
	FN(XDP)				\
	FN(TC_INGRESS)			\
	FN(UNHANDLED_PROTO)		\
	FN(SKB_CSUM)			\
	FN(SKB_GSO_SEG)			\
	FN(SKB_UCOPY_FAULT)		\
	FN(DEV_HDR)			\
	FN(DEV_READY)			\
	FN(FULL_RING)			\
	FN(NOMEM)			\
	FN(HDR_TRUNC)			\
	FN(TAP_FILTER)			\
	FN(TAP_TXFILTER)		\
	FN(ICMP_CSUM)			\
	FN(INVALID_PROTO)		\
	FN(IP_INADDRERRORS)		\
	FN(IP_INNOROUTES)		\
	FN(PKT_TOO_BIG)			\
	FN(DUP_FRAG)			\
	FN(FRAG_REASM_TIMEOUT)		\
	FN(FRAG_TOO_FAR)		\
	FN(TCP_MINTTL)			\
	FN(IPV6_BAD_EXTHDR)		\
	FN(IPV6_NDISC_FRAG)		\
	FN(IPV6_NDISC_HOP_LIMIT)	\
	FN(IPV6_NDISC_BAD_CODE)		\
	FN(IPV6_NDISC_BAD_OPTIONS)	\
	FN(IPV6_NDISC_NS_OTHERHOST)	\
	FN(QUEUE_PURGE)			\
	FN(TC_COOKIE_ERROR)		\
	FN(PACKET_SOCK_ERROR)		\
	FN(TC_CHAIN_NOTFOUND)		\
	FN(TC_RECLASSIFY_LOOP)		\
	FNe(MAX)

#define __NM_DROP_REASON_ENUM(name)	SKB_DROP_REASON_##name,

/** Why an skb was freed (the kernel's values). */
enum skb_drop_reason {
	SKB_NOT_DROPPED_YET = 0,	/**< no drop (yet) */
	SKB_CONSUMED,			/**< used, not dropped: consume_skb() */
	DEFINE_DROP_REASON(__NM_DROP_REASON_ENUM, __NM_DROP_REASON_ENUM)
	/** Subsystem reasons (not counted one by one) have bits here. */
	SKB_DROP_REASON_SUBSYS_MASK = 0xffff0000,
};

/** Subsystem reasons: the subsystem id is above this shift. */
#define SKB_DROP_REASON_SUBSYS_SHIFT	16

/**
 * Declares @p name set to SKB_DROP_REASON_\#\#reason.
 * @param name the variable declared (enum skb_drop_reason).
 * @param reason the reason's name without its prefix, e.g. NOT_SPECIFIED.
 */
#define SKB_DR_INIT(name, reason)	enum skb_drop_reason name = SKB_DROP_REASON_##reason
/**
 * Declares @p name set to SKB_DROP_REASON_NOT_SPECIFIED.
 * @param name the variable declared (enum skb_drop_reason).
 */
#define SKB_DR(name)			SKB_DR_INIT(name, NOT_SPECIFIED)
/**
 * Sets @p name to SKB_DROP_REASON_\#\#reason.
 * @param name an enum skb_drop_reason lvalue.
 * @param reason the reason's name without its prefix.
 */
#define SKB_DR_SET(name, reason)	((name) = SKB_DROP_REASON_##reason)
/**
 * Sets @p name to @p reason unless a reason is already there.
 * @param name an enum skb_drop_reason lvalue; set only when it holds
 *   SKB_DROP_REASON_NOT_SPECIFIED or SKB_NOT_DROPPED_YET.
 * @param reason the reason's name without its prefix.
 */
#define SKB_DR_OR(name, reason)						\
	do {								\
		if ((name) == SKB_DROP_REASON_NOT_SPECIFIED ||		\
		    (name) == SKB_NOT_DROPPED_YET)			\
			SKB_DR_SET(name, reason);			\
	} while (0)

/**
 * skbs dropped with @p reason so far in this process (all lcores).
 * SKB_DROP_REASON_NOT_SPECIFIED counts kfree_skb() and dev_kfree_skb*()
 * drops too; a subsystem reason (above SKB_DROP_REASON_MAX) counts under
 * SKB_DROP_REASON_MAX; SKB_NOT_DROPPED_YET and SKB_CONSUMED are 0.
 * @param reason a drop reason (enum skb_drop_reason).
 * @return the process-wide count of drops with @p reason.
 */
NM_API uint64_t nm_skb_drop_reason_count(enum skb_drop_reason reason);

/** The reason's name without its prefix ("NOT_SPECIFIED", "QUEUE_PURGE",
 *  "CONSUMED", "NOT_DROPPED_YET"), or "SUBSYS" for a subsystem reason.
 * @param reason a drop reason, any value.
 * @return a static string, never NULL (not to be freed).
 */
NM_API const char *nm_skb_drop_reason_name(enum skb_drop_reason reason);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_DROPREASON_H */
