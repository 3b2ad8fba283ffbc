/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netmem-demo: a short tour of libnetmem's memory layer on a machine with no
 * NIC. It allocates kernel-style pages, runs a page_pool's fast path and its
 * frag API, binds a memfd region as device memory and serves net_iovs from
 * it, then prints the statistics and checks that every page came back.
 *
 *   netmem-demo [EAL options]    e.g. --no-huge --no-pci -m 256
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_cycles.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>

static void release_region(void *addr, size_t len, void *arg)
{
	munmap(addr, len);
	*(int *)arg = 1;
}

static int demo_pages(void)
{
	/* 8< kernel-style pages */
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	char *va;

	if (page == NULL)
		return -1;
	va = page_address(page);
	printf("page %p: buffer %p, %zu bytes, iova 0x%" PRIx64 ", refs %d\n",
	       (void *)page, (void *)va, page_size(page), page_pool_get_dma_addr(page),
	       page_ref_count(page));
	get_page(page);
	printf("virt_to_page(va + 1000) == page: %s, refs after get_page: %d\n",
	       virt_to_page(va + 1000) == page ? "yes" : "no", page_ref_count(page));
	put_page(page);
	put_page(page);		/* the last reference: back to its mempool */
	/* >8 */
	return 0;
}

static int demo_page_pool(void)
{
	/* 8< page_pool fast path and frags */
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP, .order = 0, .pool_size = 256,
		.nid = NUMA_NO_NODE, .dev = PP_DEV_NONE, .lcore = rte_lcore_id(),
		.dma_dir = DMA_FROM_DEVICE, .name = "demo",
	};
	struct page_pool_stats st = { 0 };
	struct page_pool *pool = page_pool_create(&pp);
	const unsigned int n = 1000000;
	uint64_t t0, t1;

	if (IS_ERR(pool)) {
		fprintf(stderr, "page_pool_create: %ld\n", PTR_ERR(pool));
		return -1;
	}
	t0 = rte_rdtsc();
	for (unsigned int i = 0; i < n; i++) {
		struct page *p = page_pool_dev_alloc_pages(pool);

		page_pool_recycle_direct(pool, p);
	}
	t1 = rte_rdtsc();
	printf("page_pool alloc + recycle_direct: %.1f cycles per pair\n",
	       (double)(t1 - t0) / n);

	unsigned int off[4], size = 1500;
	struct page *f[4];

	for (int i = 0; i < 4; i++)
		f[i] = page_pool_dev_alloc_frag(pool, &off[i], size);
	printf("4 frags of %u bytes: page %p offsets %u %u, page %p offsets %u %u\n",
	       size, (void *)f[0], off[0], off[1], (void *)f[2], off[2], off[3]);
	for (int i = 0; i < 4; i++)
		page_pool_put_full_page(pool, f[i], true);

	page_pool_get_stats(pool, &st);
	printf("stats: alloc fast %" PRIu64 " slow %" PRIu64 " refill %" PRIu64
	       "; recycle cached %" PRIu64 " ring %" PRIu64 "; inflight %ld\n",
	       st.alloc_stats.fast, st.alloc_stats.slow, st.alloc_stats.refill,
	       st.recycle_stats.cached, st.recycle_stats.ring, page_pool_inflight(pool));
	page_pool_destroy(pool);
	/* >8 */
	return 0;
}

static int demo_devmem(void)
{
	/* 8< device memory: a memfd region served as net_iovs */
	size_t len = 64 * PAGE_SIZE;
	int fd = memfd_create("netmem-demo", 0), released = 0;
	void *region;

	if (fd < 0 || ftruncate(fd, (off_t)len) != 0)
		return -1;
	region = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (region == MAP_FAILED)
		return -1;

	struct net_devmem_region_params rp = {
		.addr = region, .len = len, .pg_sz = PAGE_SIZE,
		.release = release_region, .release_arg = &released,
	};
	struct net_devmem_dmabuf_binding *b = net_devmem_bind(&rp);

	if (IS_ERR(b)) {
		munmap(region, len);
		return -1;
	}
	struct page_pool_params pp = {
		.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM, .pool_size = 64,
		.nid = NUMA_NO_NODE, .dev = PP_DEV_NONE, .lcore = rte_lcore_id(),
		.mp_ops = &dmabuf_devmem_ops, .mp_priv = b, .name = "demo-devmem",
	};
	struct page_pool *pool = page_pool_create(&pp);

	if (IS_ERR(pool))
		return -1;
	netmem_ref nm = page_pool_alloc_netmems(pool, GFP_ATOMIC);
	struct net_iov *niov = netmem_to_net_iov(nm);

	printf("binding %u: net_iov %u, iova 0x%" PRIx64 ", readable address %p, binding refs %ld\n",
	       net_devmem_binding_id(b), net_iov_idx(niov), netmem_get_dma_addr(nm),
	       netmem_address(nm), net_devmem_binding_refcnt(b));
	net_devmem_unbind(b);
	printf("after unbind with a net_iov out: region released: %s\n",
	       released ? "yes" : "no");
	page_pool_put_full_netmem(pool, nm, true);
	page_pool_destroy(pool);
	printf("after the pool is gone: region released: %s\n", released ? "yes" : "no");
	/* >8 */
	return released ? 0 : -1;
}

int main(int argc, char **argv)
{
	int ret = rte_eal_init(argc, argv);

	if (ret < 0) {
		fprintf(stderr, "rte_eal_init failed\n");
		return 1;
	}
	ret = demo_pages() || demo_page_pool() || demo_devmem();
	if (nm_page_pool_reap() != 0 || nm_misuse_count() != 0)
		ret = 1;
	printf("%s\n", ret ? "FAILED" : "OK: every page came back");
	rte_eal_cleanup();
	return ret;
}
