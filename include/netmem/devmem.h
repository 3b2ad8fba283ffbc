/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Device memory bindings, as in the kernel's net/core/devmem.h: a region of
 * memory the application owns (hugepage or memfd memory now, NIC or GPU
 * memory later) is registered with DPDK, DMA-mapped for the ports it serves
 * where the PMD supports it, and cut into PAGE_SIZE net_iovs that a
 * page_pool with dmabuf_devmem_ops hands out as unreadable netmem.
 *
 * The binding is refcounted (its nm_owner): by the user (bind .. unbind),
 * by each page_pool using it, and by every stack reference on one of its
 * net_iovs (get_netmem()). The region is given back (DMA unmap, extmem
 * unregister, then the user's release callback) exactly once, when the last
 * reference goes: unbind never pulls memory from under a user.
 *
 * @code
 *	struct net_devmem_region_params rp = {
 *		.addr = region, .len = len, .pg_sz = 4096,
 *		.release = my_munmap, .release_arg = NULL,
 *	};
 *	struct net_devmem_dmabuf_binding *b = net_devmem_bind(&rp);
 *	struct page_pool_params pp = {
 *		.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM, .nid = NUMA_NO_NODE,
 *		.mp_ops = &dmabuf_devmem_ops, .mp_priv = b, ...
 *	};
 *	...
 *	net_devmem_unbind(b);   // memory released once the pool is gone
 * @endcode
 */
#ifndef NETMEM_DEVMEM_H
#define NETMEM_DEVMEM_H

#include <netmem/api.h>
#include <netmem/err.h>
#include <netmem/netmem.h>

#ifdef __cplusplus
extern "C" {
#endif

struct net_devmem_dmabuf_binding;

/** Most ports one binding is DMA-mapped for. */
#define NET_DEVMEM_MAX_PORTS	16

/** A region to bind. */
struct net_devmem_region_params {
	void *addr;		/**< start, aligned to pg_sz */
	size_t len;		/**< bytes, a multiple of pg_sz and of PAGE_SIZE */
	size_t pg_sz;		/**< page size backing the region (0: PAGE_SIZE) */
	const uint64_t *iova;	/**< IOVA of each pg_sz page, or NULL: IOVA = VA
				 *   in DPDK's VA mode, else looked up */
	const uint16_t *ports;	/**< ports to DMA-map the region for */
	unsigned int nb_ports;	/**< entries of ports */
	/** Called once, after the region is unregistered. */
	void (*release)(void *addr, size_t len, void *arg);
	void *release_arg;	/**< argument of release */
};

/**
 * Binds a region: registers it with DPDK, maps it for @p ports where the PMD
 * can, and cuts it into net_iovs. Returns the binding with one (the user's)
 * reference, or ERR_PTR(-errno): -EINVAL for a misaligned region, -EEXIST
 * for one already registered, -ENODEV for an unknown port, -ENOMEM.
 * @param params the region (address, length, page size) and the ports to map it
 *   for; read during the call only.
 * @return the new binding holding the caller's reference (drop it with
 *   net_devmem_unbind()), or ERR_PTR(-EINVAL / -EEXIST / -ENODEV / -ENOMEM),
 *   never NULL.
 */
NM_API struct net_devmem_dmabuf_binding *
net_devmem_bind(const struct net_devmem_region_params *params);

/**
 * Drops the user's reference: no new page_pool may use the binding and it
 * leaves the id table; the region is released when the last page_pool and
 * the last net_iov reference are gone.
 * @param binding a binding from net_devmem_bind(); the caller's reference is
 *   consumed.
 */
NM_API void net_devmem_unbind(struct net_devmem_dmabuf_binding *binding);

/**
 * The binding's id (> 0), used in device-memory RX/TX records.
 * @param binding a live binding.
 * @return its id, > 0, unique among live bindings.
 */
NM_API uint32_t net_devmem_binding_id(const struct net_devmem_dmabuf_binding *binding);

/**
 * The bound binding with @p id, with a reference taken; NULL if none.
 * @param id a binding id (net_devmem_binding_id()).
 * @return the binding, with a reference the caller drops with
 *   net_devmem_binding_put(); NULL when no bound binding has @p id (or it was
 *   unbound).
 */
NM_API struct net_devmem_dmabuf_binding *net_devmem_lookup(uint32_t id);

/**
 * Takes a reference on @p binding.
 * @param binding a binding the caller already holds a reference on.
 */
NM_API void net_devmem_binding_get(struct net_devmem_dmabuf_binding *binding);

/**
 * Drops a reference on @p binding.
 * @param binding a binding; freed with its region when this was the last
 *   reference.
 */
NM_API void net_devmem_binding_put(struct net_devmem_dmabuf_binding *binding);

/**
 * References held on @p binding.
 * @param binding a live binding.
 * @return the number of references held on @p binding (the user's while bound,
 *   plus those of page_pools and net_iovs using it).
 */
NM_API long net_devmem_binding_refcnt(const struct net_devmem_dmabuf_binding *binding);

/**
 * The area of net_iovs of @p binding.
 * @param binding a live binding.
 * @return its net_iov area, owned by the binding (valid while a reference is
 *   held).
 */
NM_API const struct net_iov_area *
net_devmem_binding_area(const struct net_devmem_dmabuf_binding *binding);

/**
 * net_iovs of @p binding not handed to any page_pool.
 * @param binding a live binding.
 * @return the number of net_iovs free in the binding.
 */
NM_API size_t net_devmem_binding_avail(const struct net_devmem_dmabuf_binding *binding);

/**
 * True when the region is DMA-mapped for @p port (the PMD supports it).
 * @param binding a live binding.
 * @param port DPDK port id.
 * @return true when @p port's PMD got a DMA mapping of the region, false
 *   otherwise (unknown port, mapping not supported).
 */
NM_API bool net_devmem_binding_port_mapped(const struct net_devmem_dmabuf_binding *binding,
					   uint16_t port);

/**
 * True once net_devmem_unbind() ran.
 * @param binding a binding the caller holds a reference on.
 * @return true after net_devmem_unbind(), false while still bound.
 */
NM_API bool net_devmem_binding_unbound(const struct net_devmem_dmabuf_binding *binding);

/** @cond NM_PRIVATE */
/*
 * Private to the library (not exported): how lib/port reaches a binding
 * without its fields (drivers/mem/devmem/devmem_port.c).
 */

/* Host address of @niov's chunk, for software paths that stand in for a
 * NIC (never for the CPU API: device memory is unreadable). */
void *nm_devmem_niov_host_addr(const struct net_iov *niov);

/* Id of the binding @niov was cut from (also for a send's aliases). */
uint32_t nm_devmem_niov_binding_id(const struct net_iov *niov);

/* The net_iovs of one send of [offset, offset + len) of binding
 * @binding_id, at most @max_niovs: aliases of its chunks (same offsets and
 * IOVAs) in an area whose owner holds a binding reference and calls
 * done(arg) once, when its last reference goes. Returns the area with one
 * owner reference (the caller's), or NULL with rte_errno ENODEV (no such
 * binding), EINVAL (out of range), EBUSY (a page_pool owns a chunk) or
 * ENOMEM. */
const struct net_iov_area *
nm_devmem_tx_area(uint32_t binding_id, uint64_t offset, uint32_t len, unsigned int max_niovs,
		  void (*done)(void *arg), void *arg);
/** @endcond */

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_DEVMEM_H */
