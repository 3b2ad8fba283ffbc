/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device memory on ports, after the kernel's devmem TCP
 * (Documentation/networking/devmem.rst). The files:
 *  - port_devmem_bind.c (this one), control path: nm_port_bind_devmem()
 *    gives RX queues a page_pool of the binding's net_iovs
 *    (dmabuf_devmem_ops); nm_port_unbind_devmem() takes it away again.
 *    While a queue is bound the port cannot stop or close.
 *  - port_devmem_rx.c: nm_rx_devmem_split(), the device-memory half of the
 *    software header split;
 *  - port_devmem_tokens.c: the application's records and tokens
 *    (nm_devmem_recv(), nm_devmem_dontneed());
 *  - port_devmem_tx.c: nm_devmem_tx_skb(), skbs whose frags are the
 *    region's bytes.
 * A binding is reached through <netmem/devmem.h>'s functions only.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>

#include <netmem/devmem.h>
#include <netmem/page_pool/memory_provider.h>

#include "port_devmem.h"

/* True when the RX queues of @p split headers from payload in hardware. */
static bool rxq_hw_split(const struct nm_port *p)
{
	return p->caps.hw_split && (p->conf.flags & NM_PORT_F_HEADER_SPLIT);
}

/* Takes RX queue @q's device memory away (no lcore polls it meanwhile). */
static void rxq_unbind(struct nm_rxq *rxq)
{
	struct page_pool *pool = rxq->devmem_pool;
	struct net_devmem_dmabuf_binding *b = rxq->binding;

	__atomic_store_n(&rxq->devmem_pool, NULL, __ATOMIC_RELEASE);
	rxq->binding = NULL;
	/* Cached net_iovs go back to the binding now; those in skbs and
	 * tokens when their last reference goes; then the pool frees itself
	 * and drops its own binding reference. */
	if (pool != NULL)
		page_pool_destroy(pool);
	if (b != NULL)
		net_devmem_binding_put(b);
}

int nm_port_bind_devmem(uint16_t port_id, const uint16_t *queues, unsigned int nb_queues,
			struct net_devmem_dmabuf_binding *binding, unsigned int flags)
{
	struct nm_port *p = nm_port_get(port_id);
	unsigned int done;
	int ret = 0;

	if (p == NULL)
		return -ENODEV;
	if (queues == NULL || nb_queues == 0 || binding == NULL || IS_ERR(binding) ||
	    (flags & ~NM_DEVMEM_F_SW_SPLIT) != 0)
		return -EINVAL;
	/* Check every queue first: a refused bind changes nothing. */
	for (unsigned int i = 0; i < nb_queues; i++) {
		uint16_t q = queues[i];

		if (q >= p->nb_rxq)
			return -EINVAL;
		for (unsigned int j = 0; j < i; j++)
			if (queues[j] == q)
				return -EINVAL;
	}
	for (unsigned int i = 0; i < nb_queues; i++) {
		const struct nm_rxq *rxq = &p->rxq[queues[i]];

		if (!rxq_hw_split(p) && !((flags & NM_DEVMEM_F_SW_SPLIT) && rxq->sw_split)) {
			NM_LOG(ERR, "port %u queue %u: no header split for device memory%s",
			       port_id, queues[i],
			       rxq->sw_split ? " (pass NM_DEVMEM_F_SW_SPLIT)" : "");
			return -EOPNOTSUPP;
		}
	}
	for (unsigned int i = 0; i < nb_queues; i++)
		if (p->rxq[queues[i]].binding != NULL || p->rxq[queues[i]].devmem_pool != NULL)
			return -EBUSY;
	if (net_devmem_binding_unbound(binding))
		return -ENODEV;

	for (done = 0; done < nb_queues; done++) {
		uint16_t q = queues[done];
		struct nm_rxq *rxq = &p->rxq[q];
		char name[32];
		struct page_pool_params pp = {
			.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM,
			.order = 0,
			.pool_size = p->conf.pool_size,
			.nid = NUMA_NO_NODE,
			.dev = port_id,
			.lcore = p->conf.rxq_lcore[q],
			.dma_dir = DMA_FROM_DEVICE,
			.queue_idx = q,
			.mp_ops = &dmabuf_devmem_ops,
			.mp_priv = binding,
			.name = name,
		};
		struct page_pool *pool;

		snprintf(name, sizeof(name), "p%uq%udm", port_id, q);
		pool = page_pool_create(&pp);
		if (IS_ERR(pool)) {
			ret = (int)PTR_ERR(pool);
			break;
		}
		net_devmem_binding_get(binding);
		rxq->binding = binding;
		__atomic_store_n(&rxq->devmem_pool, pool, __ATOMIC_RELEASE);
	}
	if (ret != 0) {
		while (done-- > 0)
			rxq_unbind(&p->rxq[queues[done]]);
		return ret;
	}
	NM_LOG(INFO, "port %u: devmem binding %u on %u RX queue(s)", port_id,
	       net_devmem_binding_id(binding), nb_queues);
	return 0;
}

int nm_port_unbind_devmem(uint16_t port_id, struct net_devmem_dmabuf_binding *binding)
{
	struct nm_port *p = nm_port_get(port_id);
	unsigned int n = 0;

	if (p == NULL)
		return -ENODEV;
	if (binding == NULL || IS_ERR(binding))
		return -EINVAL;
	for (unsigned int q = 0; q < p->nb_rxq; q++) {
		if (p->rxq[q].binding != binding)
			continue;
		rxq_unbind(&p->rxq[q]);
		n++;
	}
	return n != 0 ? 0 : -ENOENT;
}

