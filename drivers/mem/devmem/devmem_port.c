/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What lib/port needs of a device-memory binding, as functions: the port
 * layer never sees struct net_devmem_dmabuf_binding's fields (declared in
 * <netmem/devmem.h>, private to the library).
 *  - the host address of a net_iov's chunk, for the software paths that
 *    stand in for a NIC (the header split writing payload, TX segments of a
 *    software PMD);
 *  - the id of the binding a net_iov was cut from (device-memory records);
 *  - the net_iovs of one devmem send: aliases of the binding's chunks in an
 *    area of their own, whose owner keeps the binding and tells the sender
 *    when the last reference on them went.
 */
#include <errno.h>
#include <stdlib.h>

#include <rte_errno.h>

#include <netmem/devmem.h>

#include "devmem_priv.h"

void *nm_devmem_niov_host_addr(const struct net_iov *niov)
{
	return net_devmem_niov_host_addr(niov);
}

uint32_t nm_devmem_niov_binding_id(const struct net_iov *niov)
{
	return ((const struct net_devmem_dmabuf_binding *)net_iov_owner(niov)->owner)->id;
}

/*
 * The owner of one devmem send, laid out as a binding (the alias: its
 * owner, id, address and area) so the data path (TX segments, RX of a
 * loopback, records) treats its net_iovs as device memory of the binding.
 * It holds one reference on the real binding and calls done(arg) when the
 * last reference on its net_iovs goes.
 */
struct devmem_tx_owner {
	struct net_devmem_dmabuf_binding alias;	/* first: owner, id, addr, area */
	struct net_devmem_dmabuf_binding *binding;
	void (*done)(void *arg);
	void *arg;
	struct net_iov niovs[];
};

static void devmem_tx_owner_release(struct nm_owner *owner)
{
	struct devmem_tx_owner *o = (struct devmem_tx_owner *)owner;

	if (o->done != NULL)
		o->done(o->arg);
	net_devmem_binding_put(o->binding);
	free(o);
}

const struct net_iov_area *
nm_devmem_tx_area(uint32_t binding_id, uint64_t offset, uint32_t len, unsigned int max_niovs,
		  void (*done)(void *arg), void *arg)
{
	struct net_devmem_dmabuf_binding *b = net_devmem_lookup(binding_id);
	struct devmem_tx_owner *o;
	size_t first, nr;
	int err = EINVAL;

	if (b == NULL) {
		rte_errno = ENODEV;
		return NULL;
	}
	if (len == 0 || offset >= b->len || len > b->len - offset ||
	    (offset & (PAGE_SIZE - 1)) + len > (uint64_t)max_niovs * PAGE_SIZE)
		goto fail;
	first = offset >> PAGE_SHIFT;
	nr = ((offset + len - 1) >> PAGE_SHIFT) - first + 1;
	for (size_t i = 0; i < nr; i++) {
		if (netmem_is_pp(net_iov_to_netmem(&b->area.niovs[first + i]))) {
			err = EBUSY;	/* RX uses it: a page_pool owns it */
			goto fail;
		}
	}
	o = calloc(1, sizeof(*o) + nr * sizeof(struct net_iov));
	if (o == NULL) {
		err = ENOMEM;
		goto fail;
	}
	/* The lookup's binding reference is the owner's from now on. */
	o->binding = b;
	o->done = done;
	o->arg = arg;
	nm_owner_init(&o->alias.owner, "devmem send", devmem_tx_owner_release);
	o->alias.id = b->id;
	o->alias.addr = (char *)b->addr + (first << PAGE_SHIFT);
	o->alias.len = nr << PAGE_SHIFT;
	o->alias.pg_sz = b->pg_sz;
	rte_spinlock_init(&o->alias.lock);
	o->alias.area.niovs = o->niovs;
	o->alias.area.num_niovs = nr;
	o->alias.area.base_virtual = b->area.base_virtual + (first << PAGE_SHIFT);
	o->alias.area.owner = &o->alias.owner;
	for (size_t i = 0; i < nr; i++) {
		o->niovs[i].owner = &o->alias.area;
		o->niovs[i].type = NET_IOV_DMABUF;
		o->niovs[i].dma_addr = b->area.niovs[first + i].dma_addr;
	}
	return &o->alias.area;
fail:
	net_devmem_binding_put(b);
	rte_errno = err;
	return NULL;
}
