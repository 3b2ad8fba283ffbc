/* SPDX-License-Identifier: BSD-3-Clause */
/* Private: the device-memory binding, for the provider and the data path. */
#ifndef DEVMEM_PRIV_H
#define DEVMEM_PRIV_H

#include <rte_log.h>
#include <rte_spinlock.h>

#include <netmem/devmem.h>

/* The provider's own DPDK log type (lib.netmem.devmem): a driver sees no
 * private header of lib/. */
extern int nm_devmem_logtype;
#define DEVMEM_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, nm_devmem_logtype, "netmem: devmem: " fmt "\n", ##__VA_ARGS__)

struct net_devmem_dmabuf_binding {
	struct nm_owner owner;		/* user + pools + net_iov references */
	uint32_t id;
	bool unbound;
	void *addr;
	size_t len;
	size_t pg_sz;
	struct net_iov_area area;
	rte_spinlock_t lock;		/* protects free_niovs */
	struct net_iov **free_niovs;
	size_t nr_free;
	uint16_t ports[NET_DEVMEM_MAX_PORTS];
	bool mapped[NET_DEVMEM_MAX_PORTS];
	unsigned int nb_ports;
	void (*release)(void *addr, size_t len, void *arg);
	void *release_arg;
};

/** CPU address of @p niov's chunk: for software paths that emulate a
 *  device (the header split), never for the CPU API. */
static inline void *net_devmem_niov_host_addr(const struct net_iov *niov)
{
	const struct net_devmem_dmabuf_binding *b =
		(const struct net_devmem_dmabuf_binding *)net_iov_owner(niov)->owner;

	return (char *)b->addr + ((size_t)net_iov_idx(niov) << PAGE_SHIFT);
}

/* Link names of the functions below (global in libnetmem.a, so in the
 * library's namespace: <netmem/api.h>). */
NM_KSYM(net_devmem_alloc_dmabuf)
NM_KSYM(net_devmem_free_dmabuf)

/** Takes a free net_iov of @p binding, or NULL. */
struct net_iov *net_devmem_alloc_dmabuf(struct net_devmem_dmabuf_binding *binding);

/** Gives a net_iov back to its binding's free list. */
void net_devmem_free_dmabuf(struct net_iov *niov);

#endif /* DEVMEM_PRIV_H */
