/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The skb's checksum state with the kernel's names and semantics (the
 * checksum part of linux/skbuff.h, net/core/skbuff.c and net/core/dev.c).
 * Included by netmem/skbuff.h: it is part of the skb API.
 *
 * skb->ip_summed on receive:
 *  - CHECKSUM_NONE: nothing known; skb->csum may hold a pseudo-header sum
 *    while a validation is pending.
 *  - CHECKSUM_UNNECESSARY: the device checked csum_level + 1 checksums.
 *  - CHECKSUM_COMPLETE: skb->csum is the partial sum of the bytes from
 *    skb->data to the end; skb_postpull_rcsum()/skb_postpush_rcsum() keep it
 *    so as the data moves.
 * and on transmit CHECKSUM_PARTIAL: csum_start/csum_offset say where the
 * checksum starts and goes (skb_checksum_help(), skb_csum_hwoffload_help()).
 *
 * @code
 *	// UDP receive, data at the UDP header, as udp4_csum_init() does:
 *	// verified now if the device did or the packet is short, else the
 *	// pseudo-header sum is kept in skb->csum for later
 *	if (skb_checksum_init_zero_check(skb, IPPROTO_UDP, uh->check,
 *					 inet_compute_pseudo))
 *		goto csum_error;
 *	...
 *	// before the payload is used: 0 when valid
 *	if (skb_checksum_complete(skb))
 *		goto csum_error;
 * @endcode
 */
#ifndef NETMEM_SKB_CSUM_H
#define NETMEM_SKB_CSUM_H

#include <netmem/skbuff.h>
#include <netmem/checksum.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Packets up to this length are validated at init time already. */
#define CHECKSUM_BREAK		76
/** Deepest csum_level (checksums verified below the outermost one). */
#define SKB_MAX_CSUM_LEVEL	3

/**
 * True when the checksum needs no software check: the device verified it,
 * a validation succeeded (csum_valid), or the skb is a local CHECKSUM_PARTIAL
 * packet whose checksum start lies in the data.
 * @param skb a received or local packet.
 * @return true when no software check is needed.
 */
static inline bool skb_csum_unnecessary(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_UNNECESSARY || skb->csum_valid ||
	       (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_start_offset(skb) >= 0);
}

/**
 * Folded checksum of the first @p len bytes added to skb->csum (0: valid).
 * Sets csum_valid on an unshared skb. A valid sum on a CHECKSUM_COMPLETE
 * skb whose csum the device gave is reported as a device fault, as in the
 * kernel (netdev_rx_csum_fault()).
 * @param skb the packet whose skb->csum is added to.
 * @param len bytes from skb->data to sum.
 * @return 0 when the sum verifies, else the folded bad sum.
 */
NM_API __sum16 __skb_checksum_complete_head(struct sk_buff *skb, int len);

/**
 * Folded checksum of the whole skb added to skb->csum (the pseudo-header
 * sum when a validation is pending): 0 when valid. On an unshared skb it
 * keeps the data's sum in skb->csum, sets CHECKSUM_COMPLETE, csum_complete_sw
 * and csum_valid.
 * @param skb the packet, data at the start of what the checksum covers.
 * @return 0 when valid, else the folded bad sum.
 */
NM_API __sum16 __skb_checksum_complete(struct sk_buff *skb);

/**
 * 0 when the checksum is known good or verifies now; else the bad fold.
 * @param skb the packet, data at the start of what the checksum covers.
 * @return 0 when valid, else the folded bad sum.
 */
static inline __sum16 skb_checksum_complete(struct sk_buff *skb)
{
	return skb_csum_unnecessary(skb) ? 0 : __skb_checksum_complete(skb);
}

/**
 * One verified checksum less (going into an encapsulation's payload).
 * @param skb the packet whose csum_level drops (CHECKSUM_NONE below 0).
 */
static inline void __skb_decr_checksum_unnecessary(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		if (skb->csum_level == 0)
			skb->ip_summed = CHECKSUM_NONE;
		else
			skb->csum_level--;
	}
}

/**
 * One more verified checksum (software validated one more level).
 * @param skb the packet whose csum_level grows, or that becomes
 *   CHECKSUM_UNNECESSARY.
 */
static inline void __skb_incr_checksum_unnecessary(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		if (skb->csum_level < SKB_MAX_CSUM_LEVEL)
			skb->csum_level++;
	} else if (skb->ip_summed == CHECKSUM_NONE) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = 0;
	}
}

/**
 * Forgets a device verification.
 * @param skb the packet that goes from CHECKSUM_UNNECESSARY to CHECKSUM_NONE.
 */
static inline void __skb_reset_checksum_unnecessary(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		skb->ip_summed = CHECKSUM_NONE;
		skb->csum_level = 0;
	}
}

/**
 * True when a checksum-complete validation is needed; false when the
 * checksum is unnecessary or @p zero_okay and @p check is 0 (UDP without a
 * checksum): then csum_valid is set and one verified level is used up.
 * @param skb the received packet whose checksum state is read.
 * @param zero_okay true when a 0 checksum field means "no checksum" (UDP).
 * @param check the checksum field's value.
 * @return true when the caller must validate.
 */
static inline bool __skb_checksum_validate_needed(struct sk_buff *skb, bool zero_okay,
						  __sum16 check)
{
	if (skb_csum_unnecessary(skb) || (zero_okay && !check)) {
		skb->csum_valid = 1;
		__skb_decr_checksum_unnecessary(skb);
		return false;
	}
	return true;
}

/**
 * The packet was changed so that CHECKSUM_COMPLETE no longer holds.
 * @param skb the packet that drops from CHECKSUM_COMPLETE to CHECKSUM_NONE.
 */
static inline void skb_checksum_complete_unset(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
}

/**
 * Validates with CHECKSUM_COMPLETE and the pseudo-header sum @p psum: 0 when
 * valid or deferred (skb->csum then holds @p psum for a later
 * skb_checksum_complete()); computed now when @p complete or the packet is
 * at most CHECKSUM_BREAK bytes, returning the bad fold if any.
 * @param skb the packet, data at the start of what the checksum covers.
 * @param complete true to compute the sum now whatever the length.
 * @param psum the pseudo-header sum.
 * @return 0 when valid or deferred, else the folded bad sum.
 */
static inline __sum16 __skb_checksum_validate_complete(struct sk_buff *skb, bool complete,
						       __wsum psum)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE && !csum_fold(csum_add(psum, skb->csum))) {
		skb->csum_valid = 1;
		return 0;
	}
	skb->csum = psum;
	if (complete || skb->len <= CHECKSUM_BREAK) {
		__sum16 csum = __skb_checksum_complete(skb);

		skb->csum_valid = !csum;
		return csum;
	}
	return 0;
}

/**
 * The pseudo-header callback of checksums without a pseudo header.
 * @param skb the packet (unused).
 * @param proto the protocol (unused).
 * @return 0.
 */
static inline __wsum null_compute_pseudo(struct sk_buff *skb, int proto)
{
	(void)skb;
	(void)proto;
	return 0;
}

/**
 * The validation the kernel's macros share: unnecessary, then
 * CHECKSUM_COMPLETE against @p compute_pseudo(skb, proto) (called only when
 * needed). 0: valid or deferred; else the bad fold.
 * @param skb the received packet, data at what the checksum covers.
 * @param proto L4 protocol given to @p compute_pseudo.
 * @param complete true to compute the sum now whatever the length.
 * @param zero_okay true when a 0 @p check means "no checksum".
 * @param check the checksum field's value.
 * @param compute_pseudo the pseudo-header callback (inet_compute_pseudo,
 *   ip6_compute_pseudo, null_compute_pseudo).
 * @return 0 when valid or deferred, else the folded bad sum (__sum16).
 */
#define __skb_checksum_validate(skb, proto, complete, zero_okay, check, compute_pseudo) \
({									\
	__sum16 __ret = 0;						\
	(skb)->csum_valid = 0;						\
	if (__skb_checksum_validate_needed(skb, zero_okay, check))	\
		__ret = __skb_checksum_validate_complete(skb, complete,	\
				compute_pseudo(skb, proto));		\
	__ret;								\
})

/**
 * Starts validation at receive (deferred for long packets).
 * @param skb the received packet, data at what the checksum covers.
 * @param proto L4 protocol.
 * @param compute_pseudo the pseudo-header callback.
 * @return 0 when valid or deferred, else the folded bad sum.
 */
#define skb_checksum_init(skb, proto, compute_pseudo)			\
	__skb_checksum_validate(skb, proto, false, false, 0, compute_pseudo)

/**
 * skb_checksum_init() where a zero @p check means "no checksum" (UDP).
 * @param skb the received packet, data at what the checksum covers.
 * @param proto L4 protocol.
 * @param check the checksum field's value.
 * @param compute_pseudo the pseudo-header callback.
 * @return 0 when valid, absent or deferred, else the folded bad sum.
 */
#define skb_checksum_init_zero_check(skb, proto, check, compute_pseudo)	\
	__skb_checksum_validate(skb, proto, false, true, check, compute_pseudo)

/**
 * Validates now.
 * @param skb the received packet, data at what the checksum covers.
 * @param proto L4 protocol.
 * @param compute_pseudo the pseudo-header callback.
 * @return 0 when valid, else the folded bad sum.
 */
#define skb_checksum_validate(skb, proto, compute_pseudo)		\
	__skb_checksum_validate(skb, proto, true, false, 0, compute_pseudo)

/**
 * skb_checksum_validate() where a zero checksum means none (UDP).
 * @param skb the received packet, data at what the checksum covers.
 * @param proto L4 protocol.
 * @param check the checksum field's value.
 * @param compute_pseudo the pseudo-header callback.
 * @return 0 when valid or absent, else the folded bad sum.
 */
#define skb_checksum_validate_zero_check(skb, proto, check, compute_pseudo) \
	__skb_checksum_validate(skb, proto, true, true, check, compute_pseudo)

/**
 * Validates now a checksum without a pseudo header (ICMP, GRE).
 * @param skb the received packet, data at what the checksum covers.
 * @return 0 when valid, else the folded bad sum.
 */
#define skb_checksum_simple_validate(skb)				\
	__skb_checksum_validate(skb, 0, true, false, 0, null_compute_pseudo)

/**
 * True when a checksum the device validated can become CHECKSUM_COMPLETE.
 * @param skb the received packet whose checksum state is read.
 * @return true when csum_valid is set and ip_summed is CHECKSUM_NONE.
 */
static inline bool __skb_checksum_convert_check(struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_NONE && skb->csum_valid;
}

/**
 * Turns a validated checksum into CHECKSUM_COMPLETE with @p pseudo.
 * @param skb the packet set to CHECKSUM_COMPLETE with skb->csum the data's sum.
 * @param pseudo the pseudo-header sum.
 */
static inline void __skb_checksum_convert(struct sk_buff *skb, __wsum pseudo)
{
	skb->csum = ~pseudo;
	skb->ip_summed = CHECKSUM_COMPLETE;
}

/**
 * After a software validation of a CHECKSUM_NONE skb, turns it into
 * CHECKSUM_COMPLETE: the data then sums to minus the pseudo header, which
 * lets encapsulated layers validate without another pass.
 * @param skb the received packet.
 * @param proto L4 protocol.
 * @param compute_pseudo the pseudo-header callback.
 */
#define skb_checksum_try_convert(skb, proto, compute_pseudo)		\
do {									\
	if (__skb_checksum_convert_check(skb))				\
		__skb_checksum_convert(skb, compute_pseudo(skb, proto));\
} while (0)

/**
 * @p len bytes at @p start were pulled off the data: keeps a
 * CHECKSUM_COMPLETE sum, and drops CHECKSUM_PARTIAL to CHECKSUM_NONE when
 * the checksum start is now before the data.
 * @param skb the packet whose checksum state follows the pull.
 * @param start the first byte pulled.
 * @param len bytes pulled.
 */
static inline void skb_postpull_rcsum(struct sk_buff *skb, const void *start, unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = wsum_negate(csum_partial(start, (int)len, wsum_negate(skb->csum)));
	else if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_start_offset(skb) < 0)
		skb->ip_summed = CHECKSUM_NONE;
}

/**
 * @p len bytes at @p start, @p off bytes into the data, were pushed.
 * @param skb the packet whose CHECKSUM_COMPLETE sum gains the pushed bytes.
 * @param start the first byte pushed.
 * @param len bytes pushed.
 * @param off offset of @p start from skb->data.
 */
static inline void __skb_postpush_rcsum(struct sk_buff *skb, const void *start,
					unsigned int len, unsigned int off)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_block_add(skb->csum, csum_partial(start, (int)len, 0), (int)off);
}

/**
 * @p len bytes at @p start were pushed in front of the data.
 * @param skb the packet whose CHECKSUM_COMPLETE sum gains the pushed bytes.
 * @param start the first byte pushed (skb->data).
 * @param len bytes pushed.
 */
static inline void skb_postpush_rcsum(struct sk_buff *skb, const void *start, unsigned int len)
{
	__skb_postpush_rcsum(skb, start, len, 0);
}

/**
 * skb_push() that keeps a CHECKSUM_COMPLETE sum; returns the new data.
 * @param skb the packet, with @p len bytes of headroom.
 * @param len bytes to push.
 * @return the new skb->data.
 */
static inline void *skb_push_rcsum(struct sk_buff *skb, unsigned int len)
{
	if (skb_push(skb, len) == NULL)
		return NULL;
	skb_postpush_rcsum(skb, skb->data, len);
	return skb->data;
}

/**
 * skb_pull() that keeps a CHECKSUM_COMPLETE sum; returns the new data.
 * Pulling more than skb->len, or past the linear part, is the kernel's BUG
 * (nm_bug(); NULL and nothing pulled in the counted mode).
 * @param skb the packet pulled; its CHECKSUM_COMPLETE sum loses the bytes.
 * @param len bytes to pull, within the linear part.
 * @return the new skb->data; NULL after a counted BUG.
 */
NM_API void *skb_pull_rcsum(struct sk_buff *skb, unsigned int len);

/** The kernel's DEBUG_NET_WARN_ON_ONCE(ip_summed != CHECKSUM_NONE): a
 *  counted misuse (nm_warn()) here.
 * @param skb the packet whose ip_summed is checked.
 */
static inline void skb_checksum_none_assert(const struct sk_buff *skb)
{
	if (skb->ip_summed != CHECKSUM_NONE)
		nm_warn("skb_checksum_none_assert: skb %p has ip_summed %u",
			(const void *)skb, (unsigned int)skb->ip_summed);
}

/**
 * True when the CHECKSUM_PARTIAL checksum is SCTP's CRC32c.
 * @param skb the packet whose csum_not_inet is read.
 * @return true when csum_not_inet is set.
 */
static inline bool skb_csum_is_sctp(const struct sk_buff *skb)
{
	return skb->csum_not_inet;
}

/**
 * Clears csum_not_inet.
 * @param skb the packet whose csum_not_inet is cleared.
 */
static inline void skb_reset_csum_not_inet(struct sk_buff *skb)
{
	skb->csum_not_inet = 0;
}

/**
 * Marks the CHECKSUM_PARTIAL as a CRC32c (SCTP).
 * @param skb the packet whose csum_not_inet is set.
 */
static inline void skb_set_csum_not_inet(struct sk_buff *skb)
{
	skb->csum_not_inet = 1;
}

/**
 * Resolves an SCTP CHECKSUM_PARTIAL (csum_not_inet) in software: the
 * CRC32c from the checksum start to the end, stored little-endian in the
 * SCTP header's checksum field; csum_not_inet is cleared, ip_summed stays
 * (as in the kernel). 0, -EINVAL (field outside the linear part), -ENOMEM,
 * or -EFAULT for unreadable frags.
 * @param skb a CHECKSUM_PARTIAL SCTP packet; its head may be made private.
 * @return 0 or a negative errno.
 */
NM_API int skb_crc32c_csum_help(struct sk_buff *skb);

/**
 * Resolves CHECKSUM_PARTIAL in software unless @p features let the device
 * do it: NETIF_F_HW_CSUM for any Internet checksum; NETIF_F_IP_CSUM and
 * NETIF_F_IPV6_CSUM for TCP and UDP checksums only, and for IPv6 only
 * without extension headers (the BIG TCP jumbo option aside). An SCTP
 * CRC32c goes to skb_crc32c_csum_help() (NETIF_F_SCTP_CRC, where defined,
 * leaves it to the device). 0 or the helper's error.
 * @param skb the packet to send.
 * @param features the device's features for it.
 * @return 0, or the helper's negative errno (the skb stays the caller's).
 */
NM_API int skb_csum_hwoffload_help(struct sk_buff *skb, const netdev_features_t features);

/**
 * The device gave a CHECKSUM_COMPLETE sum that did not match the data: logs
 * "hw csum failure" and counts it (nm_rx_csum_faults()). Not a misuse.
 * @param dev the receiving device, or NULL.
 * @param skb the packet (not freed).
 */
NM_API void netdev_rx_csum_fault(struct net_device *dev, struct sk_buff *skb);

/**
 * How many netdev_rx_csum_fault() reports this process had.
 * @return the process-wide count.
 */
NM_API uint64_t nm_rx_csum_faults(void);

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_CSUM_H */
