/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The skb-level checksum family with the kernel's semantics (the inline
 * part is in netmem/skb_csum.h):
 *
 *  - __skb_checksum_complete() sums the whole skb with skb_checksum() and
 *    adds skb->csum (the pending pseudo-header sum). On an unshared skb the
 *    data's own sum replaces skb->csum and the skb becomes a software
 *    CHECKSUM_COMPLETE one (csum_complete_sw), as the kernel keeps it for
 *    the layers above.
 *  - A valid result on a CHECKSUM_COMPLETE skb whose sum came from the
 *    device means the device's sum was wrong: netdev_rx_csum_fault().
 *  - skb_pull_rcsum() keeps CHECKSUM_COMPLETE right as data is pulled.
 *  - skb_csum_hwoffload_help() decides, from netdev features, whether the
 *    device or skb_checksum_help() resolves CHECKSUM_PARTIAL.
 */
#include <errno.h>

#include <rte_byteorder.h>

#include <netmem/ip.h>
#include <netmem/skb_csum.h>

#include "skb_priv.h"
#include "skb_gso_priv.h"

#define ETH_HLEN	14	/* the kernel's names, private here (if_ether.h is C2's) */
#define VLAN_HLEN	4

static uint64_t rx_csum_faults;	/* atomic */

void netdev_rx_csum_fault(struct net_device *dev, struct sk_buff *skb)
{
	__atomic_fetch_add(&rx_csum_faults, 1, __ATOMIC_RELAXED);
	NM_LOG(ERR, "hw csum failure: dev %p skb %p len %u ip_summed %u",
	       (void *)dev, (void *)skb, skb->len, (unsigned int)skb->ip_summed);
}

uint64_t nm_rx_csum_faults(void)
{
	return __atomic_load_n(&rx_csum_faults, __ATOMIC_RELAXED);
}

__sum16 __skb_checksum_complete_head(struct sk_buff *skb, int len)
{
	__sum16 sum = csum_fold(skb_checksum(skb, 0, len, skb->csum));

	if (likely(!sum) && unlikely(skb->ip_summed == CHECKSUM_COMPLETE) &&
	    !skb->csum_complete_sw)
		netdev_rx_csum_fault(skb->dev, skb);
	if (!skb_shared(skb))
		skb->csum_valid = !sum;
	return sum;
}

__sum16 __skb_checksum_complete(struct sk_buff *skb)
{
	__wsum csum = skb_checksum(skb, 0, (int)skb->len, 0);
	__sum16 sum = csum_fold(csum_add(skb->csum, csum));

	/* We were called because the device's sum did not verify: verifying
	 * now means that sum was wrong (or skb->csum was not kept right). */
	if (likely(!sum) && unlikely(skb->ip_summed == CHECKSUM_COMPLETE) &&
	    !skb->csum_complete_sw)
		netdev_rx_csum_fault(skb->dev, skb);
	if (!skb_shared(skb)) {
		skb->csum = csum;
		skb->ip_summed = CHECKSUM_COMPLETE;
		skb->csum_complete_sw = 1;
		skb->csum_valid = !sum;
	}
	return sum;
}

void *skb_pull_rcsum(struct sk_buff *skb, unsigned int len)
{
	unsigned char *data = skb->data;

	if (unlikely(len > skb->len)) {
		nm_bug("skb_pull_rcsum: len %u > skb->len %u (skb %p)", len, skb->len,
		       (void *)skb);
		return NULL;
	}
	if (unlikely(len > skb_headlen(skb))) {
		nm_bug("skb_pull_rcsum: len %u past the linear part (%u bytes, skb %p)", len,
		       skb_headlen(skb), (void *)skb);
		return NULL;
	}
	__skb_pull(skb, len);
	skb_postpull_rcsum(skb, data, len);
	return skb->data;
}

/* The network protocol under any VLAN tags in the data, as the kernel's
 * vlan_get_protocol(): tags start at mac_len - VLAN_HLEN (or ETH_HLEN when
 * mac_len is 0), at most 8 are walked; 0 when they cannot be read. */
static __be16 csum_vlan_get_protocol(const struct sk_buff *skb)
{
	__be16 type = skb->protocol;
	unsigned int depth = skb->mac_len, left = 8;

	if (type != RTE_BE16(NM_ETH_P_8021Q) && type != RTE_BE16(NM_ETH_P_8021AD))
		return type;
	if (depth) {
		if (depth < VLAN_HLEN) {
			nm_warn("vlan_get_protocol: mac_len %u < VLAN_HLEN (skb %p)", depth,
				(const void *)skb);
			return 0;
		}
		depth -= VLAN_HLEN;
	} else {
		depth = ETH_HLEN;
	}
	do {
		__be16 buf[2];
		const __be16 *vh = skb_header_pointer(skb, (int)depth, sizeof(buf), buf);

		if (vh == NULL || --left == 0)
			return 0;
		type = vh[1];
		depth += VLAN_HLEN;
	} while (type == RTE_BE16(NM_ETH_P_8021Q) || type == RTE_BE16(NM_ETH_P_8021AD));
	return type;
}

int skb_csum_hwoffload_help(struct sk_buff *skb, const netdev_features_t features)
{
	if (unlikely(skb_csum_is_sctp(skb))) {
#ifdef NETIF_F_SCTP_CRC
		if (features & NETIF_F_SCTP_CRC)
			return 0;
#endif
		return skb_crc32c_csum_help(skb);
	}
	if (features & NETIF_F_HW_CSUM)
		return 0;
	if (features & (NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM)) {
		if (csum_vlan_get_protocol(skb) == RTE_BE16(NM_ETH_P_IPV6) &&
		    skb_network_header_len(skb) != sizeof(struct ipv6hdr) &&
		    !ipv6_has_hopopt_jumbo(skb))
			goto sw_checksum;
		switch (skb->csum_offset) {
		case offsetof(struct tcphdr, check):
		case offsetof(struct udphdr, check):
			return 0;
		}
	}
sw_checksum:
	return skb_checksum_help(skb);
}
