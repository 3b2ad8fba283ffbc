/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: skb_gso_segment() and skb_segment() on arbitrary packets
 * laid out in arbitrary ways, plus the header helpers around them
 * (skb_header_pointer, pskb_may_pull, skb_checksum, skb_checksum_help, trims,
 * pskb_expand_head of the segments).
 *
 * Input: 8 parameter bytes, then the packet.
 *   [0]   bits 0-1 gso_type (TCPv4, TCPv6, UDP L4, any bits from [7]);
 *         bit 2 DODGY, bit 3 TCP_ECN, bit 4 TCP_FIXEDID, bit 5
 *         CHECKSUM_PARTIAL, bit 6 segment a clone, bit 7 call skb_segment()
 *         directly instead of skb_gso_segment()
 *   [1-2] gso_size (little endian)
 *   [3]   features: SG, HW_CSUM, IP_CSUM, IPV6_CSUM, GSO_PARTIAL, TSO+TSO6+
 *         GSO_UDP_L4, FRAGLIST, GSO_ROBUST
 *   [4]   linear bytes / 8 (255: all linear)
 *   [5]   seed of the frag / frag_list split
 *   [6]   bit 0 fix the IP/UDP lengths (deeper paths), bit 1 some frags are
 *         unreadable net_iovs, bits 2-7 header length for skb_segment()
 *   [7]   skb->protocol for skb_segment() / extra gso_type bits / probes
 *
 * Every input must leave no skb, page_pool page, page reference or misuse
 * report behind; segments must carry the packet's bytes, in order.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_byteorder.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include <netmem/devmem.h>
#include <netmem/netmem.h>
#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#define PARAMS		8
#define HEADROOM	128
#define MAX_CHILDREN	24
#define MAX_HELD	(MAX_SKB_FRAGS * (MAX_CHILDREN + 1))

static struct page_pool *pp;		/* host pages */
static struct page_pool *dm_pool;	/* net_iovs (unreadable) */
static struct page *held[MAX_HELD];	/* alloc_page() frags: a ref of ours */
static unsigned int nr_held;

/* A zero-copy completion some inputs attach: one reference is ours. */
static void ub_complete(struct sk_buff *skb, struct ubuf_info *uarg, bool ok)
{
	(void)skb;
	(void)ok;
	__atomic_sub_fetch(&uarg->refcnt, 1, __ATOMIC_ACQ_REL);
}

static const struct ubuf_info_ops ub_ops = { .complete = ub_complete };
static struct ubuf_info ub = { .ops = &ub_ops, .refcnt = 1 };

#define CHECK(cond) do {							\
	if (!(cond)) {								\
		fprintf(stderr, "fuzz_gso: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort();							\
	}									\
} while (0)

static void dm_release(void *addr, size_t len, void *arg)
{
	(void)arg;
	munmap(addr, len);
}

/* A device-memory binding and a page_pool of its net_iovs; none if the
 * machine cannot (the target then runs without unreadable frags). */
static void dm_setup(void)
{
	size_t len = 128 * PAGE_SIZE;
	struct net_devmem_region_params rp = { 0 };
	struct page_pool_params p = { 0 };
	struct net_devmem_dmabuf_binding *b;
	int fd = memfd_create("fuzz_gso", MFD_CLOEXEC);
	void *addr;

	if (fd < 0 || ftruncate(fd, (off_t)len) != 0)
		return;
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (addr == MAP_FAILED)
		return;
	memset(addr, 0, len);
	rp.addr = addr;
	rp.len = len;
	rp.pg_sz = PAGE_SIZE;
	rp.release = dm_release;
	b = net_devmem_bind(&rp);
	if (IS_ERR_OR_NULL(b)) {
		munmap(addr, len);
		return;
	}
	p.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	p.pool_size = 128;
	p.nid = NUMA_NO_NODE;
	p.dev = PP_DEV_NONE;
	p.lcore = rte_lcore_id();
	p.mp_ops = &dmabuf_devmem_ops;
	p.mp_priv = b;
	p.name = "fuzz_dm";
	dm_pool = page_pool_create(&p);
	if (IS_ERR(dm_pool))
		dm_pool = NULL;
	net_devmem_unbind(b);	/* the pool keeps it */
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *eal_argv[] = {
		(char *)"fuzz_gso", (char *)"--no-huge", (char *)"--no-shconf",
		(char *)"--no-pci", (char *)"--no-telemetry", (char *)"-m", (char *)"256",
		(char *)"-l", (char *)"0", (char *)"--log-level=lib.eal:error",
		(char *)"--log-level=netmem:critical", NULL,
	};
	struct page_pool_params p = { 0 };

	(void)argc;
	(void)argv;
	if (rte_eal_init((int)RTE_DIM(eal_argv) - 1, eal_argv) < 0) {
		fprintf(stderr, "fuzz_gso: rte_eal_init failed\n");
		abort();
	}
	p.flags = PP_FLAG_DMA_MAP;
	p.pool_size = 1024;
	p.nid = NUMA_NO_NODE;
	p.dev = PP_DEV_NONE;
	p.lcore = rte_lcore_id();
	p.name = "fuzz_pp";
	pp = page_pool_create(&p);
	CHECK(!IS_ERR_OR_NULL(pp));
	dm_setup();
	return 0;
}

/* xorshift, seeded from the input: the same input, the same layout. */
static uint32_t rng_state;

static uint32_t rng(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rng_state = x;
	return x;
}

/* Appends up to @n bytes of @src as one frag; returns the bytes it took
 * (those of a net_iov frag are lost: device memory is not written). */
static unsigned int add_frag(struct sk_buff *skb, const uint8_t *src, unsigned int n,
			     bool allow_niov, bool *unreadable)
{
	int i = skb_shinfo(skb)->nr_frags;
	unsigned int off = rng() % 64, kind = rng() % 4;
	unsigned int len = 1 + rng() % 2000;

	if (len > n)
		len = n;
	if (len > PAGE_SIZE - off)
		len = PAGE_SIZE - off;
	if (kind == 3 && allow_niov && dm_pool != NULL) {
		netmem_ref nm = page_pool_dev_alloc_netmems(dm_pool);

		if (!netmem_is_null(nm)) {
			skb_add_rx_frag_netmem(skb, i, nm, (int)off, (int)len, PAGE_SIZE);
			skb_mark_for_recycle(skb);
			*unreadable = true;
			return len;
		}
	}
	if (kind <= 1) {
		struct page *page = page_pool_dev_alloc_pages(pp);

		if (page != NULL) {
			memcpy((uint8_t *)page_address(page) + off, src, len);
			skb_add_rx_frag(skb, i, page, (int)off, (int)len, PAGE_SIZE);
			skb_mark_for_recycle(skb);
			return len;
		}
	}
	{
		struct page *page = alloc_page(GFP_ATOMIC);

		CHECK(page != NULL && nr_held < MAX_HELD);
		get_page(page);
		held[nr_held++] = page;
		memcpy((uint8_t *)page_address(page) + off, src, len);
		skb_add_rx_frag(skb, i, page, (int)off, (int)len, PAGE_SIZE);
		return len;
	}
}

static struct sk_buff *new_linear(const uint8_t *src, unsigned int lin, unsigned int headroom)
{
	struct sk_buff *skb;

	if (headroom == 0 && rng() % 4 == 0) {
		/* A head that is not a page frag (build_skb of rte_malloc). */
		void *buf = rte_malloc("fuzz_head", lin + 1024, 64);

		CHECK(buf != NULL);
		skb = build_skb(buf, 0);
		CHECK(skb != NULL && !skb->head_frag);
	} else {
		skb = alloc_skb(headroom + lin, GFP_ATOMIC);
	}
	CHECK(skb != NULL);
	skb_reserve(skb, (int)headroom);
	if (lin)
		CHECK(skb_put_data(skb, src, lin) != NULL);
	return skb;
}

/* The packet split between the head, frags and a frag_list. */
static struct sk_buff *build(const uint8_t *pkt, unsigned int len, unsigned int lin_sel,
			     bool allow_niov, bool *unreadable)
{
	unsigned int lin = lin_sel == 255 ? len : RTE_MIN(len, lin_sel * 8);
	unsigned int pos = lin, nfr = rng() % (MAX_SKB_FRAGS + 1);
	struct sk_buff *skb = new_linear(pkt, lin, HEADROOM), *last = NULL;
	int children = 0;

	while (pos < len && skb_shinfo(skb)->nr_frags < nfr) {
		unsigned int n = add_frag(skb, pkt + pos, len - pos, allow_niov, unreadable);

		pos += n;
	}
	while (pos < len) {
		unsigned int want = 1 + rng() % 5000, clin;
		struct sk_buff *c;

		if (want > len - pos || ++children == MAX_CHILDREN)
			want = len - pos;
		clin = rng() % 2 ? RTE_MIN(want, rng() % 3000) : 0;
		if (children == MAX_CHILDREN)
			clin = want;
		c = new_linear(pkt + pos, clin, 0);
		while (clin < want && skb_shinfo(c)->nr_frags < MAX_SKB_FRAGS &&
		       skb_shinfo(c)->nr_frags < 3)
			clin += add_frag(c, pkt + pos + clin, want - clin, allow_niov, unreadable);
		want = clin;	/* what the child took */
		if (want == 0) {
			kfree_skb(c);
			continue;
		}
		if (last)
			last->next = c;
		else
			skb_shinfo(skb)->frag_list = c;
		last = c;
		skb->len += c->len;
		skb->data_len += c->len;
		skb->truesize += c->truesize;
		pos += want;
	}
	CHECK(skb->len == len);
	skb_reset_mac_header(skb);
	return skb;
}

/* Makes the IP/UDP lengths and versions agree with the packet. */
static void fixup(uint8_t *b, unsigned int len)
{
	unsigned int nh = 14, th;
	uint16_t type;

	if (len < 14)
		return;
	type = (uint16_t)(b[12] << 8 | b[13]);
	if ((type == 0x8100 || type == 0x88a8) && len >= 18) {
		nh = 18;
		type = (uint16_t)(b[16] << 8 | b[17]);
	}
	if (type == 0x0800 && len >= nh + 20) {
		unsigned int ihl = (b[nh] & 0xf) < 5 ? 5 : (b[nh] & 0xfu);

		b[nh] = (uint8_t)(0x40 | ihl);
		if (len - nh <= 0xffff) {
			b[nh + 2] = (uint8_t)((len - nh) >> 8);
			b[nh + 3] = (uint8_t)(len - nh);
		}
		b[nh + 6] &= 0x40;
		b[nh + 7] = 0;
		th = nh + ihl * 4;
		if (b[nh + 9] == 17 && len >= th + 8 && len - th <= 0xffff) {
			b[th + 4] = (uint8_t)((len - th) >> 8);
			b[th + 5] = (uint8_t)(len - th);
		}
	} else if (type == 0x86dd && len >= nh + 40) {
		b[nh] = (uint8_t)(0x60 | (b[nh] & 0xf));
		if (len - nh - 40 <= 0xffff) {
			b[nh + 4] = (uint8_t)((len - nh - 40) >> 8);
			b[nh + 5] = (uint8_t)(len - nh - 40);
		}
		th = nh + 40;
		if (b[nh + 6] == 17 && len >= th + 8 && len - th <= 0xffff) {
			b[th + 4] = (uint8_t)((len - th) >> 8);
			b[th + 5] = (uint8_t)(len - th);
		}
	}
}

/* Segments hold @hdr header bytes, then the packet's payload in order. */
static void check_segs(struct sk_buff *segs, const uint8_t *pkt, unsigned int len,
		       unsigned int hdr, bool readable)
{
	struct sk_buff *seg, *last = NULL;
	unsigned int poff = hdr;
	uint8_t *buf = malloc(70000);

	CHECK(buf != NULL);
	for (seg = segs; seg; seg = seg->next) {
		last = seg;
		CHECK(seg->len > hdr || (seg->len == hdr && hdr == len));
		CHECK(skb_headlen(seg) >= hdr);
		if (readable && seg->len <= 70000) {
			CHECK(skb_copy_bits(seg, 0, buf, (int)seg->len) == 0);
			CHECK(poff + seg->len - hdr <= len);
			CHECK(memcmp(buf + hdr, pkt + poff, seg->len - hdr) == 0);
		}
		poff += seg->len - hdr;
	}
	CHECK(segs->prev == last);
	CHECK(poff == len);
	free(buf);
}

/* What a user does with segments next; then frees them. */
static void use_and_free(struct sk_buff *segs)
{
	struct sk_buff *seg, *next;
	unsigned int k = 0;

	for (seg = segs; seg; seg = next, k++) {
		next = seg->next;
		seg->next = NULL;
		/* Only where the field is in the head: the input's csum_start is
		 * arbitrary, and one outside the head is the kernel's WARN (a
		 * counted misuse here), not a property of the segmentation. */
		if (seg->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(seg) &&
		    skb_readable_all(seg) && skb_checksum_start_offset(seg) >= 0 &&
		    (unsigned int)skb_checksum_start_offset(seg) + seg->csum_offset + 2 <=
		    skb_headlen(seg))
			(void)skb_checksum_help(seg);
		if (k % 3 == 1 && seg->len > 1)
			(void)pskb_trim(seg, seg->len - 1 - k % 7);
		if (k % 4 == 2)
			(void)pskb_expand_head(seg, 32, 16, GFP_ATOMIC);
		kfree_skb(seg);
	}
}

/* skb_header_pointer / pskb_may_pull / skb_checksum probes. */
static void probes(struct sk_buff *skb, const uint8_t *pkt, unsigned int len, uint8_t p)
{
	uint8_t buf[256];
	unsigned int off = rng() % (len + 8), n = rng() % 200;
	const uint8_t *h = skb_header_pointer(skb, (int)off, (int)n, buf);

	if (h != NULL)
		CHECK(off + n <= len && (!skb_readable_all(skb) || memcmp(h, pkt + off, n) == 0));
	else if (skb_readable_all(skb))
		CHECK(off + n > len);
	if (skb_readable_all(skb) && off + n <= len)
		CHECK(csum_fold(skb_checksum(skb, (int)off, (int)n, 0)) ==
		      csum_fold(csum_partial(pkt + off, (int)n, 0)));
	if (p & 1) {
		unsigned int want = rng() % (len + 16);
		bool ok = pskb_may_pull(skb, want);

		if (ok)
			CHECK(want <= len && skb_headlen(skb) >= want);
		CHECK(skb->len == len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int types[3] = { SKB_GSO_TCPV4, SKB_GSO_TCPV6, SKB_GSO_UDP_L4 };
	static const __be16 protos[4] = { RTE_BE16(0x0800), RTE_BE16(0x86DD), RTE_BE16(0x8100),
					  RTE_BE16(0x0806) };
	struct nm_skb_stats st0, st1;
	struct sk_buff *skb, *target, *clone = NULL, *segs;
	netdev_features_t f = 0;
	unsigned int len, type;
	bool unreadable = false;
	uint64_t misuse0;
	uint8_t *pkt;

	if (size < PARAMS || size - PARAMS > 65000)
		return 0;
	len = (unsigned int)(size - PARAMS);
	pkt = malloc(len + 1);
	CHECK(pkt != NULL);
	memcpy(pkt, data + PARAMS, len);
	if (data[6] & 1)
		fixup(pkt, len);
	rng_state = 0x9e3779b9u ^ ((uint32_t)data[5] << 8 | data[7]) ^ len;

	nm_skb_get_stats(&st0);
	misuse0 = nm_misuse_count();
	skb = build(pkt, len, data[4], data[6] & 2, &unreadable);

	type = (data[0] & 3) == 3 ? (unsigned int)data[7] << 10 : types[data[0] & 3];
	if (data[0] & 4)
		type |= SKB_GSO_DODGY;
	if (data[0] & 8)
		type |= SKB_GSO_TCP_ECN;
	if (data[0] & 16)
		type |= SKB_GSO_TCP_FIXEDID;
	skb_shinfo(skb)->gso_type = type;
	skb_shinfo(skb)->gso_size = (unsigned short)(data[1] | data[2] << 8);
	if (data[0] & 32) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = (__u16)(skb_headroom(skb) + data[7] % 80);
		skb->csum_offset = data[7] & 1 ? 16 : 6;
	}
	if (data[3] & 1)
		f |= NETIF_F_SG;
	if (data[3] & 2)
		f |= NETIF_F_HW_CSUM;
	if (data[3] & 4)
		f |= NETIF_F_IP_CSUM;
	if (data[3] & 8)
		f |= NETIF_F_IPV6_CSUM;
	if (data[3] & 16)
		f |= NETIF_F_GSO_PARTIAL;
	if (data[3] & 32)
		f |= NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_GSO_UDP_L4;
	if (data[3] & 64)
		f |= NETIF_F_FRAGLIST;
	if (data[3] & 128)
		f |= NETIF_F_GSO_ROBUST;

	if (rng() % 8 == 0) {
		ub.flags = rng() % 2 ? SKBFL_ZEROCOPY_FRAG | SKBFL_DONT_ORPHAN : 0;
		skb_zcopy_set(skb, &ub, NULL);
	}
	probes(skb, pkt, len, data[7]);

	target = skb;
	if (data[0] & 64) {
		clone = skb_clone(skb, GFP_ATOMIC);
		CHECK(clone != NULL);
		target = clone;
	}

	if (data[0] & 128) {
		/* skb_segment() directly: headers = the first hdr bytes. */
		unsigned int hdr = data[6] >> 2;

		target->protocol = protos[data[7] >> 6];
		target->mac_len = 14;
		if (hdr > skb_headlen(target))
			hdr = skb_headlen(target);
		__skb_pull(target, hdr);
		segs = skb_segment(target, f);
		/* As the kernel's: once past its first checks, skb_segment()
		 * leaves head_skb->data at the mac header (the callers do not
		 * push it back); refused before them, untouched. */
		CHECK(target->len == len - hdr || target->len == len);
		if (!IS_ERR_OR_NULL(segs))
			CHECK(target->len == len);
		if (target->len == len - hdr)
			__skb_push(target, hdr);
		CHECK(target->data == skb_mac_header(target));
		if (!IS_ERR_OR_NULL(segs)) {
			check_segs(segs, pkt, len, hdr, !unreadable);
			use_and_free(segs);
		}
	} else {
		segs = skb_gso_segment(target, f);
		CHECK(target->data == skb_mac_header(target) && target->len == len);
		if (!IS_ERR_OR_NULL(segs)) {
			unsigned int thoff = target->transport_header - target->mac_header;
			unsigned int thlen = (type & SKB_GSO_UDP_L4) ? 8 :
				(unsigned int)(target->data[thoff + 12] >> 4) * 4;

			/* The original's check field may hold the pseudo-header
			 * now: compare payload and the headers before it. */
			check_segs(segs, pkt, len, thoff + thlen, !unreadable);
			use_and_free(segs);
		}
	}

	kfree_skb(clone);
	kfree_skb(skb);
	for (unsigned int i = 0; i < nr_held; i++) {
		CHECK(page_ref_count(held[i]) == 1);
		put_page(held[i]);
	}
	nr_held = 0;
	nm_skb_get_stats(&st1);
	CHECK(st1.live == st0.live);
	CHECK(__atomic_load_n(&ub.refcnt, __ATOMIC_ACQUIRE) == 1);
	CHECK(page_pool_inflight(pp) == 0);
	CHECK(dm_pool == NULL || page_pool_inflight(dm_pool) == 0);
	CHECK(nm_misuse_count() == misuse0);
	free(pkt);
	return 0;
}
