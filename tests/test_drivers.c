/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the NIC drivers (drivers/net): each driver's caps() fed
 * with recorded device capabilities (hand-written rte_eth_dev_info values
 * modelled on a ConnectX-6 Dx with buffer split, a ConnectX-5 with
 * Multi-Packet RQ and so without it, an Intel 82599 under ixgbe, and the
 * software PMDs), the mlx5 buffer-split decision (the rx_seg arrays it
 * produces and the configurations it refuses), the ixgbe descriptor rules,
 * net_tap's TSO rules and its per-skb TSO decision (features_check), and
 * the real software PMDs started with --vdev, whose quirks
 * nm_port_caps_get() must return by driver name.
 *
 * The mlx5 cases build only when the mlx5 driver is built (NM_HAVE_MLX5
 * comes with its dependency); no NIC is needed for any case.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mbuf_ptype.h>

#include <netmem/port.h>
#include <netmem/skbuff.h>

#include "port_priv.h"
#include "nm_ixgbe.h"
#include "nm_tap.h"
#include "nm_vdev.h"
#ifdef NM_HAVE_MLX5
#include "nm_mlx5.h"
#endif

#include "test_common.h"

/* Generated with the drivers (drivers/net/builtin.c.in); referencing it also
 * keeps every driver object, and so its registration, in this static link. */
extern struct nm_net_driver *const nm_net_builtin_drivers[];

/* A port id no real port has: the recorded cases touch no port. */
#define NO_PORT	(RTE_MAX_ETHPORTS - 1)

/* ---------------------------------------------------------------------- */
/* Recorded capabilities                                                  */
/* ---------------------------------------------------------------------- */

#ifdef NM_HAVE_MLX5
/* NVIDIA ConnectX-6 Dx under DPDK 22.11's mlx5 PMD, default devargs (no
 * MPRQ): buffer split into up to 32 segments, several pools, offsets. */
static void info_cx6dx(struct rte_eth_dev_info *i)
{
	memset(i, 0, sizeof(*i));
	i->driver_name = "mlx5_pci";
	i->max_rx_queues = 1024;
	i->max_tx_queues = 1024;
	i->max_rx_pktlen = 65536;
	i->min_mtu = 68;
	i->max_mtu = 9978;
	i->rx_offload_capa = RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			     RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
			     RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_VLAN_FILTER |
			     RTE_ETH_RX_OFFLOAD_KEEP_CRC | RTE_ETH_RX_OFFLOAD_SCATTER |
			     RTE_ETH_RX_OFFLOAD_TIMESTAMP | RTE_ETH_RX_OFFLOAD_RSS_HASH |
			     RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	i->rx_queue_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_TIMESTAMP |
				   RTE_ETH_RX_OFFLOAD_RSS_HASH |
				   RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	i->tx_offload_capa = RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			     RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
			     RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM |
			     RTE_ETH_TX_OFFLOAD_OUTER_UDP_CKSUM |
			     RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO | RTE_ETH_TX_OFFLOAD_GRE_TNL_TSO |
			     RTE_ETH_TX_OFFLOAD_GENEVE_TNL_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	i->rx_desc_lim.nb_max = UINT16_MAX;
	i->rx_desc_lim.nb_align = 1;
	i->tx_desc_lim.nb_max = UINT16_MAX;
	i->tx_desc_lim.nb_align = 1;
	i->tx_desc_lim.nb_seg_max = 40;
	i->tx_desc_lim.nb_mtu_seg_max = 40;
	i->rx_seg_capa.max_nseg = 32;
	i->rx_seg_capa.multi_pools = 1;
	i->rx_seg_capa.offset_allowed = 1;
	i->rx_seg_capa.offset_align_log2 = 0;
}

/* NVIDIA ConnectX-5 with Multi-Packet RQ (mprq_en=1): the PMD drops
 * BUFFER_SPLIT and reports neither several pools nor offsets. */
static void info_cx5_mprq(struct rte_eth_dev_info *i)
{
	info_cx6dx(i);
	i->max_mtu = 9978;
	i->rx_offload_capa &= ~RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	i->rx_queue_offload_capa &= ~RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	i->rx_seg_capa.multi_pools = 0;
	i->rx_seg_capa.offset_allowed = 0;
}
#endif /* NM_HAVE_MLX5 */

/* Intel 82599 under DPDK 22.11's ixgbe PMD. */
static void info_82599(struct rte_eth_dev_info *i)
{
	memset(i, 0, sizeof(*i));
	i->driver_name = "net_ixgbe";
	i->max_rx_queues = 128;
	i->max_tx_queues = 64;
	i->max_rx_pktlen = 15872;
	i->min_mtu = 68;
	i->max_mtu = 15872 - 18;
	i->rx_offload_capa = RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			     RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
			     RTE_ETH_RX_OFFLOAD_KEEP_CRC | RTE_ETH_RX_OFFLOAD_VLAN_FILTER |
			     RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_RSS_HASH |
			     RTE_ETH_RX_OFFLOAD_TCP_LRO;
	i->tx_offload_capa = RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			     RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
			     RTE_ETH_TX_OFFLOAD_SCTP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO |
			     RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	i->rx_desc_lim.nb_max = 4096;
	i->rx_desc_lim.nb_min = 32;
	i->rx_desc_lim.nb_align = 8;
	i->tx_desc_lim.nb_max = 4096;
	i->tx_desc_lim.nb_min = 32;
	i->tx_desc_lim.nb_align = 8;
	i->tx_desc_lim.nb_seg_max = 40;
	i->tx_desc_lim.nb_mtu_seg_max = 40;
	i->default_rxconf.rx_free_thresh = 32;
	i->default_txconf.tx_thresh.pthresh = 32;
	i->default_txconf.tx_thresh.hthresh = 0;
	i->default_txconf.tx_thresh.wthresh = 0;
	i->default_txconf.tx_free_thresh = 32;
	i->default_txconf.tx_rs_thresh = 32;
}

/* A software PMD as DPDK 22.11 reports it (descriptor and segment limits
 * of 65535, as printed by the real PMDs). */
static void info_vdev(struct rte_eth_dev_info *i, const char *name, uint64_t rx, uint64_t tx)
{
	memset(i, 0, sizeof(*i));
	i->driver_name = name;
	i->max_rx_queues = 16;
	i->max_tx_queues = 16;
	i->rx_offload_capa = rx;
	i->tx_offload_capa = tx;
	i->rx_desc_lim.nb_max = UINT16_MAX;
	i->tx_desc_lim.nb_max = UINT16_MAX;
	i->tx_desc_lim.nb_seg_max = UINT16_MAX;
	i->tx_desc_lim.nb_mtu_seg_max = UINT16_MAX;
}

/* What nm_port_caps_get() does, on a recorded dev_info: the generic part,
 * then the driver's caps(). Returns the driver (NULL: none registered). */
static const struct nm_net_driver *caps_of(const struct rte_eth_dev_info *info,
					   struct nm_port_caps *caps)
{
	const struct nm_net_driver *drv = nm_net_driver_find(info->driver_name);

	memset(caps, 0, sizeof(*caps));
	caps->rx_offloads = info->rx_offload_capa;
	caps->tx_offloads = info->tx_offload_capa;
	caps->max_rxq = info->max_rx_queues;
	caps->max_txq = info->max_tx_queues;
	caps->tx_max_segs = info->tx_desc_lim.nb_mtu_seg_max;
	if (caps->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO)
		caps->tso_max_size = 65535;
	caps->driver = info->driver_name;
	caps->hw_split = (caps->rx_offloads & RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT) &&
			 drv != NULL && drv->split_conf != NULL;
	if (drv != NULL && drv->caps != NULL)
		drv->caps(NO_PORT, info, caps);
	return drv;
}

/* ---------------------------------------------------------------------- */
/* Registration                                                           */
/* ---------------------------------------------------------------------- */

static void test_builtin_table(void **state)
{
	static const char *const names[] = {
		"net_null", "net_ring", "net_af_packet", "net_tap", "net_memif",
		"net_ixgbe", "net_ixgbe_vf", "net_virtio", "net_virtio_user", "net_af_xdp",
#ifdef NM_HAVE_MLX5
		"mlx5_pci", "mlx5_auxiliary",
#endif
	};
	unsigned int n = 0;

	(void)state;
	while (nm_net_builtin_drivers[n] != NULL) {
		/* Every built-in driver also registered itself. */
		assert_ptr_equal(nm_net_driver_find(nm_net_builtin_drivers[n]->name),
				 nm_net_builtin_drivers[n]);
		assert_non_null(nm_net_builtin_drivers[n]->caps);
		n++;
	}
	assert_int_equal(n, RTE_DIM(names));
	for (unsigned int i = 0; i < RTE_DIM(names); i++)
		assert_non_null(nm_net_driver_find(names[i]));
	assert_null(nm_net_driver_find("net_pcap"));
	assert_null(nm_net_driver_find(NULL));
	/* Only mlx5 splits in hardware. */
	assert_null(nm_net_driver_find("net_ixgbe")->split_conf);
	assert_null(nm_net_driver_find("net_null")->split_conf);
#ifdef NM_HAVE_MLX5
	assert_non_null(nm_net_driver_find("mlx5_pci")->split_conf);
	assert_non_null(nm_net_driver_find("mlx5_auxiliary")->split_conf);
#else
	assert_null(nm_net_driver_find("mlx5_pci"));
#endif
}

/* ---------------------------------------------------------------------- */
/* Software PMDs                                                          */
/* ---------------------------------------------------------------------- */

static void check_vdev_common(const struct nm_port_caps *c)
{
	assert_false(c->hw_split);
	assert_false(c->dma_map);
	assert_int_equal(c->tso_max_size, 0);
	assert_int_equal(c->tx_offloads & (RTE_ETH_TX_OFFLOAD_TCP_TSO |
					   RTE_ETH_TX_OFFLOAD_UDP_TSO), 0);
}

static void test_vdev_recorded(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_port_caps c;

	(void)state;
	/* net_null: no offloads, any chain. */
	info_vdev(&info, "net_null", 0, 0);
	assert_non_null(caps_of(&info, &c));
	check_vdev_common(&c);
	assert_int_equal(c.tx_max_segs, 0);

	/* net_ring: scatter RX, multi-segment TX, any chain. */
	info_vdev(&info, "net_ring", RTE_ETH_RX_OFFLOAD_SCATTER,
		  RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	caps_of(&info, &c);
	check_vdev_common(&c);
	assert_int_equal(c.tx_max_segs, 0);
	assert_int_equal(c.tx_offloads, RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	assert_int_equal(c.rx_offloads, RTE_ETH_RX_OFFLOAD_SCATTER);

	/* net_af_packet: chains copied into a frame; its software VLAN
	 * insertion refuses external-buffer segments: not offered. */
	info_vdev(&info, "net_af_packet", RTE_ETH_RX_OFFLOAD_VLAN_STRIP,
		  RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	caps_of(&info, &c);
	check_vdev_common(&c);
	assert_int_equal(c.tx_max_segs, 0);
	assert_int_equal(c.tx_offloads, RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	assert_int_equal(c.rx_offloads, RTE_ETH_RX_OFFLOAD_VLAN_STRIP);

	/* net_memif: chains copied into chained ring buffers. */
	info_vdev(&info, "net_memif", 0, RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	caps_of(&info, &c);
	check_vdev_common(&c);
	assert_int_equal(c.tx_max_segs, 0);

	/* A software PMD no driver knows keeps what it reports. */
	info_vdev(&info, "net_pcap", 0, RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	assert_null(caps_of(&info, &c));
	assert_int_equal(c.tx_max_segs, UINT16_MAX);

	assert_null(nm_vdev_quirk_find("net_pcap"));
	assert_null(nm_vdev_quirk_find(NULL));
	assert_null(nm_vdev_quirk_find("net_tap"));	/* drivers/net/tap */
	assert_string_equal(nm_vdev_quirk_find("net_af_packet")->driver, "net_af_packet");
}

/* net_tap as DPDK 22.11 reports it (testpmd's "show port info"): its
 * checksums and TCP TSO kept, the TSO needing a direct first mbuf
 * (librte_gso, crashing on external-buffer heads) and a per-skb check;
 * writev() bounds the segments. */
static void test_tap_caps(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_port_caps c;
	const uint64_t csum = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			      RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	const uint64_t tso = RTE_ETH_TX_OFFLOAD_TCP_TSO;

	(void)state;
	info_vdev(&info, "net_tap", RTE_ETH_RX_OFFLOAD_CHECKSUM | RTE_ETH_RX_OFFLOAD_SCATTER,
		  csum | tso | RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	info.max_rx_pktlen = 1522;
	assert_ptr_equal(caps_of(&info, &c), &nm_net_drv_tap);
	assert_false(c.hw_split);
	assert_false(c.dma_map);
	assert_int_equal(c.tx_offloads, csum | tso | RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	assert_int_equal(c.rx_offloads, RTE_ETH_RX_OFFLOAD_CHECKSUM |
			 RTE_ETH_RX_OFFLOAD_SCATTER);
	assert_int_equal(c.tso_max_size, NM_TAP_TSO_MAX_SIZE);
	assert_int_equal(c.tso_max_size, 65535);
	assert_true(c.tx_tso_direct_head);
	assert_ptr_equal(nm_net_drv_tap.features_check, nm_tap_features_check);
	assert_int_equal(c.tx_max_segs, NM_TAP_TX_MAX_SEGS);
	assert_int_equal(c.tx_max_segs, 1022);

	/* UDP and tunnel TSO go; a smaller segment limit wins. */
	info.tx_offload_capa |= NM_TAP_TX_STRIP;
	info.tx_desc_lim.nb_mtu_seg_max = 16;
	caps_of(&info, &c);
	assert_int_equal(c.tx_offloads, csum | tso | RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
	assert_int_equal(c.tso_max_size, 65535);
	assert_int_equal(c.tx_max_segs, 16);

	/* A PMD reporting no TSO: no TSO size. */
	info.tx_offload_capa &= ~tso;
	caps_of(&info, &c);
	assert_int_equal(c.tx_offloads & tso, 0);
	assert_int_equal(c.tso_max_size, 0);
}

/* A TCP GSO skb as TX sees it: Ethernet, an IPv4 (@v6 false) or IPv6
 * header of @l3 bytes, a TCP header of @l4 bytes, @len bytes in all, in
 * the linear part, gso_size @gso. */
static struct sk_buff *tap_gso_skb(bool v6, unsigned int l3, unsigned int l4, unsigned int gso,
				   unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len, GFP_ATOMIC);
	uint8_t *d;

	assert_non_null(skb);
	d = skb_put(skb, len);
	memset(d, 0, len);
	d[12] = v6 ? 0x86 : 0x08;
	d[13] = v6 ? 0xdd : 0x00;
	d[14] = v6 ? 0x60 : (uint8_t)(0x40 | (l3 / 4));
	d[14 + l3 + 12] = (uint8_t)((l4 / 4) << 4);
	skb->protocol = rte_cpu_to_be_16(v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, 14);
	skb_set_transport_header(skb, (int)(14 + l3));
	skb_shinfo(skb)->gso_size = (unsigned short)gso;
	skb_shinfo(skb)->gso_type = v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	skb->ip_summed = CHECKSUM_PARTIAL;
	return skb;
}

static uint16_t port_by_name(const char *name);

/* nm_tap_features_check() on the skb it frees: true when TSO was kept. */
static bool tap_tso_kept(uint16_t port, struct sk_buff *skb)
{
	const netdev_features_t f = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
				    NETIF_F_TSO | NETIF_F_TSO6;
	netdev_features_t got = nm_tap_features_check(port, skb, f);

	kfree_skb(skb);
	/* only the TSO bits ever go, both at once */
	assert_int_equal(got & ~(NETIF_F_TSO | NETIF_F_TSO6), f & ~(NETIF_F_TSO | NETIF_F_TSO6));
	assert_true((got & (NETIF_F_TSO | NETIF_F_TSO6)) == 0 ||
		    (got & (NETIF_F_TSO | NETIF_F_TSO6)) == (NETIF_F_TSO | NETIF_F_TSO6));
	return (got & NETIF_F_TSO) != 0;
}

/* The per-skb decision (the kernel's ndo_features_check): TSO for TCP
 * over IPv4 within the PMD's limits at the port's MTU, software GSO for
 * the rest (IPv6, too long a segment, too many segments, too many header
 * bytes, headers not set, an unknown port). */
static void test_tap_features_check(void **state)
{
	uint16_t port = port_by_name("net_null0"), mtu = 0;
	struct nm_skb_stats before, after;
	struct sk_buff *skb;

	(void)state;
	assert_int_equal(rte_eth_dev_get_mtu(port, &mtu), 0);
	assert_int_equal(mtu, 1500);
	nm_skb_get_stats(&before);
	/* a kernel sender at MTU 1486 with timestamps: 45 segments of 1434 */
	assert_true(tap_tso_kept(port, tap_gso_skb(false, 20, 32, 1434, 66 + 45 * 1434)));
	assert_true(tap_tso_kept(port, tap_gso_skb(false, 20, 20, 1446, 54 + 64 * 1446)));
	/* at MTU 1500: 1448 + 66 > 1500 */
	assert_false(tap_tso_kept(port, tap_gso_skb(false, 20, 32, 1448, 66 + 45 * 1448)));
	/* 65 segments */
	assert_false(tap_tso_kept(port, tap_gso_skb(false, 20, 20, 1000, 54 + 64 * 1000 + 1)));
	/* 14 + 60 + 60 header bytes > 128 */
	assert_false(tap_tso_kept(port, tap_gso_skb(false, 60, 60, 1000, 134 + 10 * 1000)));
	assert_true(tap_tso_kept(port, tap_gso_skb(false, 60, 52, 1000, 126 + 10 * 1000)));
	/* IPv6: the PMD would send it whole */
	assert_false(tap_tso_kept(port, tap_gso_skb(true, 40, 20, 1000, 74 + 10 * 1000)));
	/* no transport header */
	skb = tap_gso_skb(false, 20, 20, 1000, 54 + 10 * 1000);
	skb->transport_header = (typeof(skb->transport_header))~0U;
	assert_false(tap_tso_kept(port, skb));
	/* a TCP header running past the linear part */
	skb = tap_gso_skb(false, 20, 20, 1000, 54 + 10 * 1000);
	skb_set_transport_header(skb, (int)skb_headlen(skb) - 10);
	assert_false(tap_tso_kept(port, skb));
	/* a port that does not exist: no MTU */
	assert_false(tap_tso_kept(NO_PORT, tap_gso_skb(false, 20, 20, 1000, 54 + 10 * 1000)));
	nm_skb_get_stats(&after);
	assert_int_equal(after.live, before.live);
}

/* What the PMD's TSO refuses (it stops the burst at such a packet). */
static void test_tap_tso_rules(void **state)
{
	(void)state;
	/* A kernel sender at MTU 1500 with timestamps: 1448 + 66 > 1500. */
	assert_false(nm_tap_tso_ok(1500, 66, 1448, 64000));
	/* The same sender behind a port 14 bytes larger, or at MTU 1486. */
	assert_true(nm_tap_tso_ok(1514, 66, 1448, 64000));
	assert_true(nm_tap_tso_ok(1500, 66, 1434, 64000));
	assert_true(nm_tap_tso_ok(1500, 66, 1434, 1500));	/* one segment */
	/* At most 64 segments. */
	assert_true(nm_tap_tso_ok(1500, 54, 1000, 54 + 64 * 1000));
	assert_false(nm_tap_tso_ok(1500, 54, 1000, 54 + 64 * 1000 + 1));
	assert_false(nm_tap_tso_ok(1500, 54, 536, 65535));
	/* No gso_size, headers past the GSO mbuf, too small, no payload. */
	assert_false(nm_tap_tso_ok(1500, 54, 0, 9000));
	assert_false(nm_tap_tso_ok(1500, 129, 1000, 9000));
	assert_true(nm_tap_tso_ok(1500, 128, 1000, 9000));
	assert_false(nm_tap_tso_ok(1500, 40, 14, 9000));
	assert_false(nm_tap_tso_ok(1500, 54, 1000, 40));
}

static uint16_t port_by_name(const char *name)
{
	uint16_t port = RTE_MAX_ETHPORTS;

	assert_int_equal(rte_eth_dev_get_port_by_name(name, &port), 0);
	return port;
}

/* The real PMDs: nm_port_caps_get() finds the quirks by driver name. */
static void test_vdev_live(void **state)
{
	struct nm_port_caps c;
	uint16_t null_port = port_by_name("net_null0");
	uint16_t ring_port = port_by_name("net_ring0");

	(void)state;
	assert_int_equal(nm_port_caps_get(null_port, &c), 0);
	assert_string_equal(c.driver, "net_null");
	check_vdev_common(&c);
	assert_int_equal(c.tx_max_segs, 0);	/* it reports 65535 */
	assert_true(c.max_rxq >= 1 && c.max_txq >= 1);

	assert_int_equal(nm_port_caps_get(ring_port, &c), 0);
	assert_string_equal(c.driver, "net_ring");
	check_vdev_common(&c);
	assert_int_equal(c.tx_max_segs, 0);
	assert_true(c.tx_offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);

	assert_int_equal(nm_port_caps_get(RTE_MAX_ETHPORTS, &c), -ENODEV);
}

/* ---------------------------------------------------------------------- */
/* ixgbe                                                                  */
/* ---------------------------------------------------------------------- */

static void test_ixgbe_caps(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_port_caps c;

	(void)state;
	info_82599(&info);
	assert_ptr_equal(caps_of(&info, &c), &nm_net_drv_ixgbe);
	assert_false(c.hw_split);
	assert_true(c.dma_map);
	assert_int_equal(c.tx_max_segs, NM_IXGBE_TX_MAX_SEG);
	assert_int_equal(c.tx_max_segs, 40);
	assert_int_equal(c.tso_max_size, NM_IXGBE_TSO_MAX_PAYLOAD);
	assert_int_equal(c.tso_max_size, 262143);
	assert_int_equal(c.max_rxq, 128);
	assert_int_equal(c.max_txq, 64);

	/* tx_prepare refuses more than 40 - WTHRESH segments. */
	info.default_txconf.tx_thresh.wthresh = 8;
	caps_of(&info, &c);
	assert_int_equal(c.tx_max_segs, 32);
	info.default_txconf.tx_thresh.wthresh = 64;
	caps_of(&info, &c);
	assert_int_equal(c.tx_max_segs, 1);

	/* A smaller reported limit wins. */
	info_82599(&info);
	info.tx_desc_lim.nb_mtu_seg_max = 8;
	caps_of(&info, &c);
	assert_int_equal(c.tx_max_segs, 8);

	/* No TSO offered (e.g. a VF set-up without it): no TSO size. */
	info_82599(&info);
	info.tx_offload_capa &= ~RTE_ETH_TX_OFFLOAD_TCP_TSO;
	caps_of(&info, &c);
	assert_int_equal(c.tso_max_size, 0);

	/* Even a port that claimed a buffer split has none with ixgbe. */
	info_82599(&info);
	info.driver_name = "net_ixgbe_vf";
	info.rx_offload_capa |= RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT;
	assert_ptr_equal(caps_of(&info, &c), &nm_net_drv_ixgbe_vf);
	assert_false(c.hw_split);
	assert_int_equal(c.rx_offloads & RTE_ETH_RX_OFFLOAD_BUFFER_SPLIT, 0);
	assert_int_equal(c.tx_max_segs, 40);
}

static void test_ixgbe_desc(void **state)
{
	uint16_t rx, tx;

	(void)state;
	rx = 1024, tx = 1024;
	assert_false(nm_ixgbe_desc_fit(&rx, &tx, 32));
	assert_int_equal(rx, 1024);
	assert_int_equal(tx, 1024);

	/* Clamped to [32, 4096]; RX at least two free thresholds. */
	rx = 10, tx = 5000;
	assert_true(nm_ixgbe_desc_fit(&rx, &tx, 0));
	assert_int_equal(rx, 64);
	assert_int_equal(tx, 4096);
	rx = 1, tx = 1;
	nm_ixgbe_desc_fit(&rx, &tx, 32);
	assert_int_equal(tx, 32);

	/* RX below 4096 - 32 and a multiple of the threshold; TX of 8. */
	rx = 4096, tx = 1001;
	assert_true(nm_ixgbe_desc_fit(&rx, &tx, 32));
	assert_int_equal(rx, 4032);
	assert_int_equal(tx, 1000);
	rx = 1000;
	nm_ixgbe_desc_fit(&rx, NULL, 32);
	assert_int_equal(rx, 992);
	rx = 1000;
	nm_ixgbe_desc_fit(&rx, NULL, 64);
	assert_int_equal(rx, 960);

	/* A threshold the vector path cannot use: the ring rules only. */
	rx = 1000;
	assert_false(nm_ixgbe_desc_fit(&rx, NULL, 20));
	assert_int_equal(rx, 1000);
	rx = 4095;
	nm_ixgbe_desc_fit(&rx, NULL, 20);
	assert_int_equal(rx, 4088);

	/* RX buffers in 1 KiB units after the headroom. */
	assert_int_equal(nm_ixgbe_rx_buf_len(RTE_MBUF_DEFAULT_BUF_SIZE), 2048);
	assert_int_equal(nm_ixgbe_rx_buf_len(RTE_PKTMBUF_HEADROOM + 3776), 3072);
	assert_int_equal(nm_ixgbe_rx_buf_len(RTE_PKTMBUF_HEADROOM + 1000), 0);
	assert_int_equal(nm_ixgbe_rx_buf_len(64), 0);
}

/* ---------------------------------------------------------------------- */
/* mlx5                                                                   */
/* ---------------------------------------------------------------------- */

#ifdef NM_HAVE_MLX5

#define HDR_ROOM	256u	/* header buffer bytes after the headroom */
#define PAY_ROOM	4096u

static struct rte_mempool *hdr_mp, *pay_mp;

static int mlx5_setup(void **state)
{
	(void)state;
	hdr_mp = rte_pktmbuf_pool_create("t_hdr", 63, 0, 0, RTE_PKTMBUF_HEADROOM + HDR_ROOM,
					 SOCKET_ID_ANY);
	pay_mp = rte_pktmbuf_pool_create("t_pay", 63, 0, 0, PAY_ROOM, SOCKET_ID_ANY);
	return hdr_mp != NULL && pay_mp != NULL ? 0 : -1;
}

static int mlx5_teardown(void **state)
{
	(void)state;
	rte_mempool_free(hdr_mp);
	rte_mempool_free(pay_mp);
	hdr_mp = pay_mp = NULL;
	return 0;
}

static void test_mlx5_caps(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_port_caps c;

	(void)state;
	info_cx6dx(&info);
	assert_ptr_equal(caps_of(&info, &c), &nm_net_drv_mlx5_pci);
	assert_true(c.hw_split);
	assert_true(c.dma_map);
	assert_int_equal(c.tso_max_size, NM_MLX5_TSO_MAX_SIZE);
	assert_int_equal(c.tso_max_size, 262144);
	assert_int_equal(c.tx_max_segs, 40);
	assert_true(nm_mlx5_can_split(&info));

	/* ConnectX-5 with MPRQ: no buffer split. */
	info_cx5_mprq(&info);
	caps_of(&info, &c);
	assert_false(c.hw_split);
	assert_true(c.dma_map);
	assert_false(nm_mlx5_can_split(&info));

	/* BUFFER_SPLIT alone is not enough: one pool only, or one segment. */
	info_cx6dx(&info);
	info.rx_seg_capa.multi_pools = 0;
	caps_of(&info, &c);
	assert_false(c.hw_split);
	info_cx6dx(&info);
	info.rx_seg_capa.max_nseg = 1;
	caps_of(&info, &c);
	assert_false(c.hw_split);

	/* No TSO offered: none; the smaller segment limit wins. */
	info_cx6dx(&info);
	info.tx_offload_capa &= ~RTE_ETH_TX_OFFLOAD_TCP_TSO;
	info.tx_desc_lim.nb_seg_max = 0;
	info.tx_desc_lim.nb_mtu_seg_max = 20;
	caps_of(&info, &c);
	assert_int_equal(c.tso_max_size, 0);
	assert_int_equal(c.tx_max_segs, 20);
	info.tx_desc_lim.nb_seg_max = 16;
	caps_of(&info, &c);
	assert_int_equal(c.tx_max_segs, 16);

	/* A sub-function reports the auxiliary driver. */
	info_cx6dx(&info);
	info.driver_name = "mlx5_auxiliary";
	assert_ptr_equal(caps_of(&info, &c), &nm_net_drv_mlx5_aux);
	assert_true(c.hw_split);
}

static void check_seg(const union rte_eth_rxseg *s, struct rte_mempool *mp, uint16_t length,
		      uint16_t offset, uint32_t proto_hdr)
{
	assert_ptr_equal(s->split.mp, mp);
	assert_int_equal(s->split.length, length);
	assert_int_equal(s->split.offset, offset);
	assert_int_equal(s->split.proto_hdr, proto_hdr);
}

static void test_mlx5_split_length(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_mlx5_split_req req = { .hdr_mp = hdr_mp, .pay_mp = pay_mp, .hdr_len = 128 };
	union rte_eth_rxseg segs[4];
	uint16_t n;

	(void)state;
	info_cx6dx(&info);
	memset(segs, 0xa5, sizeof(segs));
	n = RTE_DIM(segs);
	assert_int_equal(nm_mlx5_split_decide(&info, NULL, 0, &req, segs, &n), 0);
	assert_int_equal(n, 2);
	check_seg(&segs[0], hdr_mp, 128, 0, 0);
	check_seg(&segs[1], pay_mp, 0, 0, 0);	/* length 0: the rest */

	/* The whole header buffer. */
	req.hdr_len = HDR_ROOM;
	n = 2;
	assert_int_equal(nm_mlx5_split_decide(&info, NULL, 0, &req, segs, &n), 0);
	check_seg(&segs[0], hdr_mp, HDR_ROOM, 0, 0);

	/* A payload offset where the port allows it, aligned as it wants. */
	req.hdr_len = 64;
	req.pay_offset = 64;
	n = 2;
	assert_int_equal(nm_mlx5_split_decide(&info, NULL, 0, &req, segs, &n), 0);
	check_seg(&segs[0], hdr_mp, 64, 0, 0);
	check_seg(&segs[1], pay_mp, 0, 64, 0);
	info.rx_seg_capa.offset_align_log2 = 6;
	n = 2;
	assert_int_equal(nm_mlx5_split_decide(&info, NULL, 0, &req, segs, &n), 0);
	check_seg(&segs[1], pay_mp, 0, 64, 0);

	/* One pool for both needs no multi_pools. */
	info_cx6dx(&info);
	info.rx_seg_capa.multi_pools = 0;
	req.pay_offset = 0;
	req.pay_mp = hdr_mp;
	n = 2;
	assert_int_equal(nm_mlx5_split_decide(&info, NULL, 0, &req, segs, &n), 0);
	check_seg(&segs[0], hdr_mp, 64, 0, 0);
	check_seg(&segs[1], hdr_mp, 0, 0, 0);
}

/* Every refusal leaves segs and the count as they were. */
static void expect_refused(const struct rte_eth_dev_info *info, const uint32_t *ptypes,
			   int nb_ptypes, const struct nm_mlx5_split_req *req,
			   uint16_t room, int err)
{
	union rte_eth_rxseg segs[2], before[2];
	uint16_t n = room;

	memset(segs, 0x5a, sizeof(segs));
	memcpy(before, segs, sizeof(segs));
	assert_int_equal(nm_mlx5_split_decide(info, ptypes, nb_ptypes, req, segs, &n), err);
	assert_int_equal(n, room);
	assert_memory_equal(segs, before, sizeof(segs));
}

static void test_mlx5_split_refused(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_mlx5_split_req req = { .hdr_mp = hdr_mp, .pay_mp = pay_mp, .hdr_len = 128 };
	struct nm_mlx5_split_req bad;
	union rte_eth_rxseg segs[2];
	uint16_t n = 2;

	(void)state;
	/* No buffer split at all (ConnectX-5 with MPRQ). */
	info_cx5_mprq(&info);
	expect_refused(&info, NULL, 0, &req, 2, -EOPNOTSUPP);

	/* One segment only. */
	info_cx6dx(&info);
	info.rx_seg_capa.max_nseg = 1;
	expect_refused(&info, NULL, 0, &req, 2, -EOPNOTSUPP);
	info.rx_seg_capa.max_nseg = 0;
	expect_refused(&info, NULL, 0, &req, 2, -EOPNOTSUPP);

	/* Two pools without multi_pools. */
	info_cx6dx(&info);
	info.rx_seg_capa.multi_pools = 0;
	expect_refused(&info, NULL, 0, &req, 2, -EOPNOTSUPP);

	/* An offset without offset_allowed, or misaligned, or past the buffer. */
	info_cx6dx(&info);
	bad = req;
	bad.pay_offset = 64;
	info.rx_seg_capa.offset_allowed = 0;
	expect_refused(&info, NULL, 0, &bad, 2, -EOPNOTSUPP);
	info.rx_seg_capa.offset_allowed = 1;
	info.rx_seg_capa.offset_align_log2 = 7;
	expect_refused(&info, NULL, 0, &bad, 2, -EINVAL);
	info.rx_seg_capa.offset_align_log2 = 0;
	bad.pay_offset = PAY_ROOM;
	expect_refused(&info, NULL, 0, &bad, 2, -EINVAL);

	/* Header lengths: none, or past the header buffer. */
	bad = req;
	bad.hdr_len = 0;
	expect_refused(&info, NULL, 0, &bad, 2, -EINVAL);
	bad.hdr_len = HDR_ROOM + 1;
	expect_refused(&info, NULL, 0, &bad, 2, -EINVAL);
	bad.hdr_len = 70000;
	expect_refused(&info, NULL, 0, &bad, 2, -EINVAL);

	/* No room for two segments. */
	expect_refused(&info, NULL, 0, &req, 1, -ENOSPC);
	expect_refused(&info, NULL, 0, &req, 0, -ENOSPC);

	/* Missing arguments. */
	bad = req;
	bad.hdr_mp = NULL;
	expect_refused(&info, NULL, 0, &bad, 2, -EINVAL);
	bad = req;
	bad.pay_mp = NULL;
	expect_refused(&info, NULL, 0, &bad, 2, -EINVAL);
	expect_refused(NULL, NULL, 0, &req, 2, -EINVAL);
	expect_refused(&info, NULL, 0, NULL, 2, -EINVAL);
	assert_int_equal(nm_mlx5_split_decide(&info, NULL, 0, &req, NULL, &n), -EINVAL);
	assert_int_equal(nm_mlx5_split_decide(&info, NULL, 0, &req, segs, NULL), -EINVAL);
}

static void test_mlx5_split_proto(void **state)
{
	const uint32_t v4_tcp = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4_EXT_UNKNOWN |
				RTE_PTYPE_L4_TCP;
	const uint32_t v6_tcp = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT_UNKNOWN |
				RTE_PTYPE_L4_TCP;
	const uint32_t v6_udp = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT_UNKNOWN |
				RTE_PTYPE_L4_UDP;
	const uint32_t listed[] = { RTE_PTYPE_L2_ETHER, v4_tcp, v6_tcp };
	struct rte_eth_dev_info info;
	struct nm_mlx5_split_req req = {
		.hdr_mp = hdr_mp, .pay_mp = pay_mp, .hdr_len = 0, .proto_hdr = v6_tcp,
	};
	union rte_eth_rxseg segs[2];
	uint16_t n = 2;

	(void)state;
	/* A port that lists the header sequence (as ice does): split after
	 * the TCP header, length 0 in the header segment, none in the last. */
	info_cx6dx(&info);
	assert_int_equal(nm_mlx5_split_decide(&info, listed, RTE_DIM(listed), &req, segs, &n),
			 0);
	assert_int_equal(n, 2);
	check_seg(&segs[0], hdr_mp, 0, 0, v6_tcp);
	check_seg(&segs[1], pay_mp, 0, 0, 0);

	/* A sequence the port does not list, or no list (mlx5 in 22.11). */
	req.proto_hdr = v6_udp;
	expect_refused(&info, listed, RTE_DIM(listed), &req, 2, -EOPNOTSUPP);
	req.proto_hdr = v4_tcp;
	expect_refused(&info, NULL, 0, &req, 2, -EOPNOTSUPP);
	expect_refused(&info, listed, 1, &req, 2, -EOPNOTSUPP);	/* only "eth" */

	/* Protocol split still needs the buffer split itself. */
	info_cx5_mprq(&info);
	expect_refused(&info, listed, RTE_DIM(listed), &req, 2, -EOPNOTSUPP);
}

/* The hooks on a real port: net_null has no buffer split. */
static void test_mlx5_hooks_live(void **state)
{
	const struct nm_net_driver *drv = nm_net_driver_find("mlx5_pci");
	uint16_t port = port_by_name("net_null0");
	union rte_eth_rxseg segs[2];
	uint16_t n = 2;

	(void)state;
	assert_int_equal(drv->split_conf(port, hdr_mp, pay_mp, 128, segs, &n), -EOPNOTSUPP);
	assert_int_equal(n, 2);
	assert_int_equal(drv->split_conf(RTE_MAX_ETHPORTS, hdr_mp, pay_mp, 128, segs, &n),
			 -ENODEV);
	assert_int_equal(nm_mlx5_split_conf_proto(port, hdr_mp, pay_mp,
						  RTE_PTYPE_L2_ETHER, segs, &n),
			 -EOPNOTSUPP);
	assert_int_equal(nm_mlx5_split_conf_proto(port, hdr_mp, pay_mp, 0, segs, &n),
			 -EINVAL);
}

/* rdma-core calls: argument checks everywhere; the real registration only
 * where an RDMA device mlx5_0 exists. */
static void test_mlx5_mr(void **state)
{
	struct nm_mlx5_pd pd;
	struct nm_mlx5_mr mr;
	char args[64];
	int ret;

	(void)state;
	memset(&mr, 0, sizeof(mr));
	assert_int_equal(nm_mlx5_mr_register(NULL, args, sizeof(args), -1, 0, &mr), -EINVAL);
	assert_int_equal(nm_mlx5_mr_unregister(&mr), -EINVAL);
	assert_int_equal(nm_mlx5_mr_unregister(NULL), -EINVAL);
	assert_int_equal(nm_mlx5_pd_open(NULL, &pd), -EINVAL);
	assert_int_equal(nm_mlx5_pd_open("nm_no_such_rdma_dev", &pd), -ENODEV);
	assert_null(pd.pd);
	assert_int_equal(nm_mlx5_pd_devargs(&pd, args, sizeof(args)), -EINVAL);
	nm_mlx5_pd_close(&pd);
	nm_mlx5_pd_close(NULL);

	ret = nm_mlx5_pd_open("mlx5_0", &pd);
	if (ret != 0) {
		printf("no RDMA device mlx5_0 (%s): registration not exercised\n",
		       strerror(-ret));
		return;
	}
	static char region[1 << 16] __attribute__((aligned(4096)));

	assert_true(nm_mlx5_pd_devargs(&pd, args, sizeof(args)) > 0);
	assert_int_equal(nm_mlx5_pd_devargs(&pd, args, 4), -ENOSPC);
	assert_int_equal(nm_mlx5_mr_register(pd.pd, region, sizeof(region), -1, 0, &mr), 0);
	assert_ptr_equal(mr.addr, region);
	assert_int_equal(mr.dmabuf_fd, -1);
	assert_int_equal(nm_mlx5_mr_unregister(&mr), 0);
	assert_null(mr.mr);
	nm_mlx5_pd_close(&pd);
}

#endif /* NM_HAVE_MLX5 */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_table),
		cmocka_unit_test(test_vdev_recorded),
		cmocka_unit_test(test_vdev_live),
		cmocka_unit_test(test_tap_caps),
		cmocka_unit_test(test_tap_tso_rules),
		cmocka_unit_test(test_tap_features_check),
		cmocka_unit_test(test_ixgbe_caps),
		cmocka_unit_test(test_ixgbe_desc),
#ifdef NM_HAVE_MLX5
		cmocka_unit_test(test_mlx5_caps),
		cmocka_unit_test(test_mlx5_split_length),
		cmocka_unit_test(test_mlx5_split_refused),
		cmocka_unit_test(test_mlx5_split_proto),
		cmocka_unit_test(test_mlx5_hooks_live),
		cmocka_unit_test(test_mlx5_mr),
#endif
	};
	int ret;

	nm_test_eal_init(1, "--vdev=net_null0", "--vdev=net_ring0", NULL);
#ifdef NM_HAVE_MLX5
	ret = cmocka_run_group_tests_name("drivers", tests, mlx5_setup, mlx5_teardown);
#else
	printf("mlx5 driver not built: its cases are left out\n");
	ret = cmocka_run_group_tests_name("drivers", tests, NULL, NULL);
#endif
	rte_eal_cleanup();
	return ret;
}
