/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the virtio and AF_XDP drivers (drivers/net/virtio,
 * drivers/net/af_xdp): their caps() fed with the capabilities DPDK 22.11's
 * PMDs report (net_virtio_user against a vhost-user peer, as recorded from
 * `show port 0 rx_offload capabilities`; net_af_xdp, which has none), and
 * the AF_XDP PMD's own RX mempool: one chunk of evenly spaced objects no
 * larger than the kernel's UMEM chunk limit. No device is needed (the
 * real PMDs run in tests/e2e: vhost, vhost_tso, afxdp).
 */
#include <stdbool.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <netmem/port.h>

#include "port_priv.h"
#include "nm_virtio.h"
#include "nm_af_xdp.h"

#include "test_common.h"

#define NO_PORT	(RTE_MAX_ETHPORTS - 1)

/* net_virtio_user, virtio_user0,path=SOCK,queues=1 against net_vhost0
 * (tso=1): what testpmd showed for it. */
static void info_virtio_user(struct rte_eth_dev_info *i, bool tso)
{
	memset(i, 0, sizeof(*i));
	i->driver_name = "net_virtio_user";
	i->max_rx_queues = 1;
	i->max_tx_queues = 1;
	i->max_rx_pktlen = 9728;
	i->rx_offload_capa = RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
			     RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_LRO |
			     RTE_ETH_RX_OFFLOAD_SCATTER;
	i->tx_offload_capa = RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			     RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
			     (tso ? RTE_ETH_TX_OFFLOAD_TCP_TSO : 0);
	i->tx_desc_lim.nb_mtu_seg_max = 65535;
}

/* What nm_port_caps_get() starts from before the driver's caps(). */
static void caps_from(const struct rte_eth_dev_info *i, struct nm_port_caps *c)
{
	memset(c, 0, sizeof(*c));
	c->rx_offloads = i->rx_offload_capa;
	c->tx_offloads = i->tx_offload_capa;
	c->max_rxq = i->max_rx_queues;
	c->max_txq = i->max_tx_queues;
	c->tx_max_segs = i->tx_desc_lim.nb_mtu_seg_max;
	c->tso_max_size = (c->tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO) ? 65535 : 0;
	c->driver = i->driver_name;
}

static void test_virtio_caps(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_port_caps c;

	(void)state;
	info_virtio_user(&info, true);
	caps_from(&info, &c);
	assert_ptr_equal(nm_net_driver_find("net_virtio_user"), &nm_net_drv_virtio_user);
	assert_ptr_equal(nm_net_driver_find("net_virtio"), &nm_net_drv_virtio);
	nm_net_drv_virtio_user.caps(NO_PORT, &info, &c);
	/* checksums, TSO, LRO, scatter kept; VLAN insert not offered */
	assert_int_equal(c.rx_offloads, RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
			 RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
			 RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_SCATTER);
	assert_int_equal(c.tx_offloads, RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			 RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
			 RTE_ETH_TX_OFFLOAD_TCP_TSO);
	assert_int_equal(c.tso_max_size, NM_VIRTIO_TSO_MAX);
	assert_int_equal(c.tx_max_segs, NM_VIRTIO_TX_MAX_SEGS);
	assert_false(c.hw_split);
	assert_false(c.dma_map);

	/* A peer without TSO (vhost tso=0): no TSO size. */
	info_virtio_user(&info, false);
	caps_from(&info, &c);
	nm_net_drv_virtio_user.caps(NO_PORT, &info, &c);
	assert_int_equal(c.tso_max_size, 0);
	assert_int_equal(c.tx_offloads & RTE_ETH_TX_OFFLOAD_TCP_TSO, 0);
	/* nb_mtu_seg_max 0 ("no limit") still gets the margin */
	info.tx_desc_lim.nb_mtu_seg_max = 0;
	caps_from(&info, &c);
	nm_net_drv_virtio_user.caps(NO_PORT, &info, &c);
	assert_int_equal(c.tx_max_segs, NM_VIRTIO_TX_MAX_SEGS);
}

static void test_af_xdp_caps(void **state)
{
	struct rte_eth_dev_info info;
	struct nm_port_caps c;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.driver_name = "net_af_xdp";
	info.max_rx_queues = 1;
	info.max_tx_queues = 1;
	info.tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;	/* as if it claimed it */
	caps_from(&info, &c);
	assert_ptr_equal(nm_net_driver_find("net_af_xdp"), &nm_net_drv_af_xdp);
	nm_net_drv_af_xdp.caps(NO_PORT, &info, &c);
	assert_int_equal(c.tx_max_segs, 1);
	assert_int_equal(c.tso_max_size, 0);
	assert_int_equal(c.tx_offloads, 0);
	assert_int_equal(c.rx_offloads, 0);
	assert_non_null(nm_net_drv_af_xdp.rx_pmd_mempool);
	/* the others keep the page_pool's mempool */
	assert_null(nm_net_drv_virtio_user.rx_pmd_mempool);
}

static void obj_addr(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx)
{
	uintptr_t *a = arg;

	(void)mp;
	a[idx] = (uintptr_t)obj;
}

/* The UMEM the PMD registers is [first chunk, + populated x object size]:
 * every object in it, evenly spaced, each a chunk the kernel takes. */
static void test_af_xdp_umem_pool(void **state)
{
	struct rte_mempool *mp;
	unsigned int n, size;
	uintptr_t *a;
	struct rte_mempool_memhdr *hdr;
	struct rte_mbuf *m;

	(void)state;
	mp = nm_net_drv_af_xdp.rx_pmd_mempool(NO_PORT, 0, 512, SOCKET_ID_ANY);
	assert_non_null(mp);
	n = mp->populated_size;
	assert_int_equal(n, 4 * 512 + 4096);
	assert_int_equal(mp->nb_mem_chunks, 1);
	size = nm_af_xdp_chunk_size(mp);
	assert_true(size <= NM_AF_XDP_CHUNK_MAX);
	assert_true(size >= 2048);	/* XDP_UMEM_MIN_CHUNK_SIZE */
	assert_int_equal(rte_pktmbuf_data_room_size(mp), NM_AF_XDP_DATA_ROOM);
	a = calloc(n, sizeof(*a));
	assert_non_null(a);
	assert_int_equal(rte_mempool_obj_iter(mp, obj_addr, a), n);
	hdr = STAILQ_FIRST(&mp->mem_list);
	for (unsigned int i = 0; i < n; i++) {
		/* object i: its mempool header, then the mbuf */
		assert_int_equal(a[i] - mp->header_size, (uintptr_t)hdr->addr + (uintptr_t)i * size);
	}
	free(a);
	/* plain mbufs: the RX path copies them into pages */
	m = rte_pktmbuf_alloc(mp);
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_tailroom(m), NM_AF_XDP_DATA_ROOM - RTE_PKTMBUF_HEADROOM);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	rte_mempool_free(mp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virtio_caps),
		cmocka_unit_test(test_af_xdp_caps),
		cmocka_unit_test(test_af_xdp_umem_pool),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("drv_vhost", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
