/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The README's quick start: a page_pool, a received frame in one of its
 * frags, an skb over it, and every page back in the pool at the end.
 *
 *   netmem-quickstart [EAL options]    e.g. --no-huge --no-pci -m 256
 *
 * Exit status 0 when every check held.
 */
/* 8< quickstart */
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_lcore.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/skbuff.h>

#define HDR_LEN		64	/* headers, copied into the skb's head */
#define FRAME_LEN	1500	/* the frame, in a page_pool frag */

static int check(int ok, const char *what)
{
	if (!ok)
		fprintf(stderr, "quickstart: %s failed\n", what);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct page_pool_params pp = {
		.pool_size = 256, .nid = NUMA_NO_NODE, .dev = PP_DEV_NONE,
		.dma_dir = DMA_FROM_DEVICE,
	};
	struct page_pool *pool;
	struct sk_buff *skb;
	struct page *page;
	unsigned int off;
	char hdr[HDR_LEN];
	int err = 0;

	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "quickstart: rte_eal_init failed\n");
		return 1;
	}
	pp.lcore = rte_lcore_id();	/* this lcore recycles without atomics */
	pool = page_pool_create(&pp);
	if (IS_ERR(pool)) {
		fprintf(stderr, "quickstart: page_pool_create: %ld\n", PTR_ERR(pool));
		rte_eal_cleanup();
		return 1;
	}

	/* A frame "received" into a frag of a pool page. */
	page = page_pool_dev_alloc_frag(pool, &off, FRAME_LEN);
	skb = alloc_skb(HDR_LEN, GFP_ATOMIC);
	if (page == NULL || skb == NULL) {
		fprintf(stderr, "quickstart: out of memory\n");
		return 1;
	}
	memset((char *)page_address(page) + off, 0xab, FRAME_LEN);

	/* The skb: headers in its head, the frame as frag 0 (the frag's pool
	 * reference moves into the skb), recycled into the pool when freed. */
	memset(hdr, 0, sizeof(hdr));
	skb_put_data(skb, hdr, HDR_LEN);
	skb_add_rx_frag(skb, 0, page, (int)off, FRAME_LEN, FRAME_LEN);
	skb_mark_for_recycle(skb);
	err |= check(skb->len == HDR_LEN + FRAME_LEN, "skb->len");
	err |= check(skb->data_len == FRAME_LEN, "skb->data_len");
	err |= check(skb_shinfo(skb)->nr_frags == 1, "nr_frags");
	err |= check(page_pool_inflight(pool) == 1, "one page in flight");

	consume_skb(skb);		/* the frag goes back to its pool */
	err |= check(page_pool_inflight(pool) == 0, "every page back");

	page_pool_destroy(pool);
	rte_eal_cleanup();
	printf("quickstart: %s\n", err ? "FAILED" : "ok");
	return err;
}
/* >8 */
