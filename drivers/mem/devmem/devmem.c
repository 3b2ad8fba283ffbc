/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device-memory bindings: a region registered with DPDK as external memory,
 * DMA-mapped for its ports where the bus supports it, cut into net_iovs,
 * and released once when its last reference goes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_memory.h>

#include "devmem_priv.h"

#define NET_DEVMEM_MAX_BINDINGS	256

RTE_LOG_REGISTER(nm_devmem_logtype, lib.netmem.devmem, NOTICE);

static struct net_devmem_dmabuf_binding *bindings[NET_DEVMEM_MAX_BINDINGS];
static rte_spinlock_t bindings_lock = RTE_SPINLOCK_INITIALIZER;

static struct rte_device *port_device(uint16_t port)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port, &info) != 0)
		return NULL;
	return info.device;
}

static void binding_unmap(struct net_devmem_dmabuf_binding *b)
{
	for (unsigned int i = 0; i < b->nb_ports; i++) {
		struct rte_device *dev;

		if (!b->mapped[i])
			continue;
		dev = port_device(b->ports[i]);
		if (dev != NULL)
			rte_dev_dma_unmap(dev, b->addr, b->area.niovs[0].dma_addr, b->len);
		b->mapped[i] = false;
	}
}

static void binding_release(struct nm_owner *owner)
{
	struct net_devmem_dmabuf_binding *b = (struct net_devmem_dmabuf_binding *)owner;

	if (b->nr_free != b->area.num_niovs)
		DEVMEM_LOG(ERR, "binding %u released with %zu of %zu net_iovs out",
			   b->id, b->area.num_niovs - b->nr_free, b->area.num_niovs);
	binding_unmap(b);
	if (rte_extmem_unregister(b->addr, b->len) != 0)
		DEVMEM_LOG(ERR, "binding %u: extmem unregister: %s", b->id,
			   rte_strerror(rte_errno));
	if (b->release != NULL)
		b->release(b->addr, b->len, b->release_arg);
	free(b->free_niovs);
	free(b->area.niovs);
	free(b);
}

static int binding_register(struct net_devmem_dmabuf_binding *b,
			    const struct net_devmem_region_params *p)
{
	size_t n_pages = p->len / b->pg_sz;
	rte_iova_t *iovas = calloc(n_pages, sizeof(*iovas));
	int ret;

	if (iovas == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n_pages; i++) {
		void *va = (char *)p->addr + i * b->pg_sz;

		if (p->iova != NULL)
			iovas[i] = p->iova[i];
		else if (rte_eal_iova_mode() == RTE_IOVA_VA)
			iovas[i] = (rte_iova_t)(uintptr_t)va;
		else
			iovas[i] = rte_mem_virt2iova(va);
	}
	ret = rte_extmem_register(p->addr, p->len, iovas, (unsigned int)n_pages, b->pg_sz);
	if (ret != 0) {
		ret = -rte_errno;
		free(iovas);
		return ret;
	}
	for (size_t i = 0; i < b->area.num_niovs; i++) {
		size_t off = i << PAGE_SHIFT;
		rte_iova_t base = iovas[off / b->pg_sz];

		b->area.niovs[i].dma_addr = base == RTE_BAD_IOVA ? RTE_BAD_IOVA :
					    base + off % b->pg_sz;
	}
	free(iovas);
	return 0;
}

static int binding_map_ports(struct net_devmem_dmabuf_binding *b,
			     const struct net_devmem_region_params *p)
{
	for (unsigned int i = 0; i < p->nb_ports; i++) {
		struct rte_device *dev = port_device(p->ports[i]);
		int ret;

		if (dev == NULL)
			return -ENODEV;
		b->ports[b->nb_ports] = p->ports[i];
		/* The vdev bus says yes to a DMA map its drivers ignore: a
		 * software PMD maps nothing, so the region is not mapped. */
		if (strcmp(rte_bus_name(rte_dev_bus(dev)), "vdev") == 0)
			ret = -ENOTSUP;
		else
			ret = rte_dev_dma_map(dev, b->addr, b->area.niovs[0].dma_addr, b->len);
		b->mapped[b->nb_ports] = ret == 0;
		if (ret != 0)
			DEVMEM_LOG(INFO, "port %u has no DMA map: not mapped", p->ports[i]);
		b->nb_ports++;
	}
	return 0;
}

static uint32_t next_id;	/* ids are handed out cyclically, as the kernel's */

static int binding_add_id(struct net_devmem_dmabuf_binding *b)
{
	int ret = -ENOSPC;

	rte_spinlock_lock(&bindings_lock);
	for (uint32_t n = 0; n < NET_DEVMEM_MAX_BINDINGS; n++) {
		uint32_t i = (next_id + n) % NET_DEVMEM_MAX_BINDINGS;

		if (bindings[i] == NULL) {
			bindings[i] = b;
			b->id = i + 1;
			next_id = i + 1;
			ret = 0;
			break;
		}
	}
	rte_spinlock_unlock(&bindings_lock);
	return ret;
}

struct net_devmem_dmabuf_binding *
net_devmem_bind(const struct net_devmem_region_params *p)
{
	struct net_devmem_dmabuf_binding *b;
	size_t pg_sz;
	int ret;

	if (p == NULL || p->addr == NULL || p->len == 0 || p->nb_ports > NET_DEVMEM_MAX_PORTS ||
	    (p->nb_ports != 0 && p->ports == NULL))
		return ERR_PTR(-EINVAL);
	pg_sz = p->pg_sz ? p->pg_sz : PAGE_SIZE;
	if ((pg_sz & (pg_sz - 1)) != 0 || pg_sz < PAGE_SIZE ||
	    ((uintptr_t)p->addr & (pg_sz - 1)) != 0 || p->len % pg_sz != 0)
		return ERR_PTR(-EINVAL);
	for (unsigned int i = 0; i < p->nb_ports; i++)
		if (!rte_eth_dev_is_valid_port(p->ports[i]))
			return ERR_PTR(-ENODEV);

	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return ERR_PTR(-ENOMEM);
	b->addr = p->addr;
	b->len = p->len;
	b->pg_sz = pg_sz;
	b->release = p->release;
	b->release_arg = p->release_arg;
	rte_spinlock_init(&b->lock);
	b->area.num_niovs = p->len >> PAGE_SHIFT;
	b->area.base_virtual = 0;
	b->area.owner = &b->owner;
	b->area.niovs = calloc(b->area.num_niovs, sizeof(struct net_iov));
	b->free_niovs = calloc(b->area.num_niovs, sizeof(struct net_iov *));
	if (b->area.niovs == NULL || b->free_niovs == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < b->area.num_niovs; i++) {
		struct net_iov *niov = &b->area.niovs[i];

		niov->owner = &b->area;
		niov->type = NET_IOV_DMABUF;
		b->free_niovs[b->area.num_niovs - 1 - i] = niov;
	}
	b->nr_free = b->area.num_niovs;
	ret = binding_register(b, p);
	if (ret != 0)
		goto fail;
	ret = binding_map_ports(b, p);
	if (ret == 0)
		ret = binding_add_id(b);
	if (ret != 0) {
		binding_unmap(b);
		rte_extmem_unregister(b->addr, b->len);
		goto fail;
	}
	nm_owner_init(&b->owner, "devmem binding", binding_release);
	DEVMEM_LOG(INFO, "binding %u: %zu net_iovs at %p", b->id,
		   b->area.num_niovs, b->addr);
	return b;
fail:
	free(b->free_niovs);
	free(b->area.niovs);
	free(b);
	return ERR_PTR(ret);
}

void net_devmem_unbind(struct net_devmem_dmabuf_binding *b)
{
	unsigned int i;

	if (b == NULL || IS_ERR(b))
		return;
	/* The id table is the registry of bound bindings: look @b up by its
	 * pointer only, since after an unbind it may be freed already. */
	rte_spinlock_lock(&bindings_lock);
	for (i = 0; i < NET_DEVMEM_MAX_BINDINGS && bindings[i] != b; i++)
		;
	if (i == NET_DEVMEM_MAX_BINDINGS) {
		rte_spinlock_unlock(&bindings_lock);
		nm_warn("net_devmem_unbind(%p): not a bound binding (unbound twice?)",
			(void *)b);
		return;
	}
	b->unbound = true;
	bindings[i] = NULL;
	rte_spinlock_unlock(&bindings_lock);
	nm_owner_put(&b->owner);
}

uint32_t net_devmem_binding_id(const struct net_devmem_dmabuf_binding *b)
{
	return b->id;
}

struct net_devmem_dmabuf_binding *net_devmem_lookup(uint32_t id)
{
	struct net_devmem_dmabuf_binding *b = NULL;

	if (id == 0 || id > NET_DEVMEM_MAX_BINDINGS)
		return NULL;
	rte_spinlock_lock(&bindings_lock);
	b = bindings[id - 1];
	if (b != NULL)
		nm_owner_get(&b->owner);
	rte_spinlock_unlock(&bindings_lock);
	return b;
}

void net_devmem_binding_get(struct net_devmem_dmabuf_binding *b)
{
	nm_owner_get(&b->owner);
}

void net_devmem_binding_put(struct net_devmem_dmabuf_binding *b)
{
	nm_owner_put(&b->owner);
}

long net_devmem_binding_refcnt(const struct net_devmem_dmabuf_binding *b)
{
	return nm_owner_refcnt(&b->owner);
}

const struct net_iov_area *net_devmem_binding_area(const struct net_devmem_dmabuf_binding *b)
{
	return &b->area;
}

size_t net_devmem_binding_avail(const struct net_devmem_dmabuf_binding *b)
{
	return __atomic_load_n(&b->nr_free, __ATOMIC_RELAXED);
}

bool net_devmem_binding_port_mapped(const struct net_devmem_dmabuf_binding *b,
				    uint16_t port)
{
	for (unsigned int i = 0; i < b->nb_ports; i++)
		if (b->ports[i] == port)
			return b->mapped[i];
	return false;
}

bool net_devmem_binding_unbound(const struct net_devmem_dmabuf_binding *b)
{
	return b->unbound;
}

struct net_iov *net_devmem_alloc_dmabuf(struct net_devmem_dmabuf_binding *b)
{
	struct net_iov *niov = NULL;

	rte_spinlock_lock(&b->lock);
	if (b->nr_free != 0)
		niov = b->free_niovs[--b->nr_free];
	rte_spinlock_unlock(&b->lock);
	return niov;
}

void net_devmem_free_dmabuf(struct net_iov *niov)
{
	struct net_devmem_dmabuf_binding *b =
		(struct net_devmem_dmabuf_binding *)net_iov_owner(niov)->owner;

	rte_spinlock_lock(&b->lock);
	b->free_niovs[b->nr_free++] = niov;
	rte_spinlock_unlock(&b->lock);
}
