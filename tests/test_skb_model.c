/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized model test of the sk_buff layer: long random sequences of
 * operations (build, clone, copy, expand head, cow, trim, pull, linearize,
 * split, coalesce, segment, free) on random skbs (linear, frags, frag_list,
 * clones; page_pool pages, plain pages, device-memory net_iovs, external
 * application memory under an owner). After every step the bytes each skb
 * carries are compared with a simple reference model (a flat byte array per
 * skb); unreadable skbs must refuse to be read. At the end every page_pool's
 * inflight is 0, every owner's destructor ran exactly once, no skb struct
 * is left and no misuse was reported.
 *
 * NM_MODEL_SEED and NM_MODEL_STEPS (environment) replay or lengthen a run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/mman.h>

#include <rte_mbuf.h>

#include <netmem/devmem.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

#include "test_common.h"

#define MAX_SKBS	48
#define EXT_LEN		(64 * PAGE_SIZE)
#define DEV_LEN		(256 * PAGE_SIZE)

struct model_skb {
	struct sk_buff *skb;
	uint8_t *bytes;		/* what skb carries, byte for byte */
	unsigned int len;
	bool unreadable;	/* carries net_iov payload */
};

static struct model_skb slots[MAX_SKBS];
static struct page_pool *pp_host, *pp_dev;
static struct net_devmem_dmabuf_binding *binding;
static uint8_t *dev_region;
static uint8_t *ext_region;
static struct page *ext_pages;
static struct nm_owner ext_owner;
static int ext_released, dev_released;
static uint64_t rng;
static struct nm_skb_stats stats0;
/* How often each operation did something: the run must cover them all. */
enum { C_CREATE, C_CLONE, C_COPY, C_EXPAND, C_SPLIT, C_COALESCE, C_SEGMENT, C_LINEAR, C_TRIM,
       C_NIOV, C_FRAGLIST, C_MAX };
static const char *const cnames[C_MAX] = { "create", "clone", "copy", "expand", "split",
	"coalesce", "segment", "linearize", "trim", "with net_iov", "with frag_list" };
static unsigned long counts[C_MAX];
static uint64_t misuse0;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (uint32_t)(rng % n) : 0;
}

static void ext_release(struct nm_owner *o)
{
	(void)o;
	ext_released++;
}

static void dev_release(void *addr, size_t len, void *arg)
{
	(void)arg;
	munmap(addr, len);
	dev_released++;
}

static void fill(uint8_t *p, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++)
		p[i] = (uint8_t)rnd(256);
}

/* Appends one frag of a random kind with @len random bytes to @ms. */
static bool add_frag(struct model_skb *ms, unsigned int len, bool allow_unreadable)
{
	struct sk_buff *skb = ms->skb;
	int i = skb_shinfo(skb)->nr_frags;
	unsigned int kind = rnd(allow_unreadable ? 4 : 3);
	uint8_t *dst = ms->bytes + ms->len;
	unsigned int off;
	netmem_ref nm;

	if (i >= MAX_SKB_FRAGS)
		return false;
	switch (kind) {
	case 0: {	/* page_pool frag */
		struct page *p = page_pool_dev_alloc_frag(pp_host, &off, len);

		if (p == NULL)
			return false;
		nm = page_to_netmem(p);
		fill(dst, len);
		memcpy((char *)page_address(p) + off, dst, len);
		break;
	}
	case 1: {	/* plain page */
		struct page *p = alloc_page(GFP_ATOMIC);

		if (p == NULL)
			return false;
		off = rnd((unsigned int)PAGE_SIZE - len + 1);
		nm = page_to_netmem(p);
		fill(dst, len);
		memcpy((char *)page_address(p) + off, dst, len);
		break;
	}
	case 2: {	/* external application memory: an owner reference */
		unsigned int idx = rnd(EXT_LEN / PAGE_SIZE);

		off = rnd((unsigned int)PAGE_SIZE - len + 1);
		nm = page_to_netmem(&ext_pages[idx]);
		get_netmem(nm);
		memcpy(dst, ext_region + idx * PAGE_SIZE + off, len);
		break;
	}
	default: {	/* device memory */
		nm = page_pool_alloc_netmems(pp_dev, GFP_ATOMIC);
		if (netmem_is_null(nm))
			return false;
		off = rnd((unsigned int)PAGE_SIZE - len + 1);
		fill(dst, len);
		memcpy(dev_region + ((size_t)net_iov_idx(netmem_to_net_iov(nm)) << PAGE_SHIFT) +
		       off, dst, len);
		ms->unreadable = true;
		break;
	}
	}
	skb_add_rx_frag_netmem(skb, i, nm, (int)off, (int)len, len);
	ms->len += len;
	return true;
}

static struct model_skb *free_slot(void)
{
	for (int i = 0; i < MAX_SKBS; i++)
		if (slots[i].skb == NULL)
			return &slots[i];
	return NULL;
}

static struct model_skb *any_slot(void)
{
	int start = (int)rnd(MAX_SKBS);

	for (int i = 0; i < MAX_SKBS; i++) {
		struct model_skb *ms = &slots[(start + i) % MAX_SKBS];

		if (ms->skb != NULL)
			return ms;
	}
	return NULL;
}

static void drop(struct model_skb *ms)
{
	if (rnd(2))
		kfree_skb(ms->skb);
	else
		napi_consume_skb(ms->skb, 64);
	free(ms->bytes);
	memset(ms, 0, sizeof(*ms));
}

/* A fresh skb: linear bytes, then frags, maybe a frag_list. */
static void op_create(void)
{
	struct model_skb *ms = free_slot();
	unsigned int head = 1 + rnd(300);
	bool unreadable_ok = rnd(4) == 0;

	if (ms == NULL)
		return;
	ms->bytes = malloc(128 * 1024);
	assert_non_null(ms->bytes);
	if (rnd(3) == 0) {	/* build_skb around a page_pool page */
		struct page *p = page_pool_dev_alloc_pages(pp_host);

		if (p == NULL)
			goto fail;
		ms->skb = napi_build_skb(page_address(p), (unsigned int)PAGE_SIZE);
		assert_non_null(ms->skb);
		skb_mark_for_recycle(ms->skb);
		skb_reserve(ms->skb, NET_SKB_PAD);
	} else {
		ms->skb = alloc_skb(head + 64 + rnd(4000), GFP_ATOMIC);
		assert_non_null(ms->skb);
		skb_reserve(ms->skb, (int)rnd(64));
	}
	fill(ms->bytes, head);
	assert_non_null(skb_put_data(ms->skb, ms->bytes, head));
	ms->len = head;
	for (unsigned int n = rnd(6); n > 0; n--)
		add_frag(ms, 1 + rnd(2000), unreadable_ok);
	counts[C_CREATE]++;
	if (ms->unreadable)
		counts[C_NIOV]++;
	if (rnd(4) == 0) {	/* a frag_list of linear skbs */
		counts[C_FRAGLIST]++;
		struct sk_buff **tail = &skb_shinfo(ms->skb)->frag_list;

		for (unsigned int n = 1 + rnd(3); n > 0; n--) {
			unsigned int l = 1 + rnd(1500);
			struct sk_buff *f = alloc_skb(l, GFP_ATOMIC);

			assert_non_null(f);
			fill(ms->bytes + ms->len, l);
			skb_put_data(f, ms->bytes + ms->len, l);
			*tail = f;
			tail = &f->next;
			ms->skb->len += l;
			ms->skb->data_len += l;
			ms->skb->truesize += f->truesize;
			ms->len += l;
		}
	}
	return;
fail:
	free(ms->bytes);
	memset(ms, 0, sizeof(*ms));
}

/* True when a net_iov frag is among @skb's (or its frag_list's) frags. */
static bool has_niov(const struct sk_buff *skb)
{
	const struct sk_buff *it;

	for (int i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		if (skb_frag_is_net_iov(&skb_shinfo(skb)->frags[i]))
			return true;
	skb_walk_frags(skb, it)
		if (has_niov(it))
			return true;
	return false;
}

static void check(const struct model_skb *ms)
{
	static uint8_t buf[128 * 1024];
	const struct sk_buff *skb = ms->skb;
	int ret;

	assert_int_equal(skb->len, ms->len);
	assert_true(skb->data_len <= skb->len);
	ret = skb_copy_bits(skb, 0, buf, (int)ms->len);
	if (has_niov(skb)) {
		/* The CPU never reads device memory: refused, nothing copied. */
		assert_int_not_equal(ret, 0);
		assert_false(skb_frags_readable(skb));
		return;
	}
	assert_int_equal(ret, 0);
	assert_memory_equal(buf, ms->bytes, ms->len);
}

static struct model_skb *dup_slot(const struct model_skb *src, struct sk_buff *skb)
{
	struct model_skb *ms = free_slot();

	if (ms == NULL) {
		kfree_skb(skb);
		return NULL;
	}
	ms->skb = skb;
	ms->len = src->len;
	ms->unreadable = src->unreadable;
	ms->bytes = malloc(128 * 1024);
	assert_non_null(ms->bytes);
	memcpy(ms->bytes, src->bytes, src->len);
	return ms;
}

static void op_clone(struct model_skb *ms)
{
	struct sk_buff *c = skb_clone(ms->skb, GFP_ATOMIC);

	if (c != NULL && dup_slot(ms, c) != NULL)
		counts[C_CLONE]++;
}

static void op_copy(struct model_skb *ms)
{
	struct sk_buff *c = rnd(2) ? pskb_copy(ms->skb, GFP_ATOMIC) :
			    skb_copy(ms->skb, GFP_ATOMIC);

	if (c != NULL && dup_slot(ms, c) != NULL)
		counts[C_COPY]++;
}

static void op_expand(struct model_skb *ms)
{
	int ret = pskb_expand_head(ms->skb, (int)rnd(128), (int)rnd(128), GFP_ATOMIC);

	assert_true(ret == 0 || ret == -ENOMEM);
	counts[C_EXPAND] += ret == 0;
}

static void op_cow(struct model_skb *ms)
{
	int ret = skb_cow_head(ms->skb, rnd(200));

	assert_true(ret == 0 || ret == -ENOMEM);
}

static void op_trim(struct model_skb *ms)
{
	unsigned int len = rnd(ms->len + 1);

	if (pskb_trim(ms->skb, len) == 0 && len < ms->len) {
		ms->len = len;
		counts[C_TRIM]++;
	}
}

static void op_pull(struct model_skb *ms)
{
	unsigned int len = rnd(ms->len + 1);

	if (pskb_may_pull(ms->skb, len))
		assert_true(skb_headlen(ms->skb) >= len);
}

static void op_pull_data(struct model_skb *ms)
{
	unsigned int len = rnd(skb_headlen(ms->skb) + 1);

	if (ms->skb->len == len)
		return;
	assert_non_null(skb_pull(ms->skb, len));
	memmove(ms->bytes, ms->bytes + len, ms->len - len);
	ms->len -= len;
}

static void op_linearize(struct model_skb *ms)
{
	bool niov = has_niov(ms->skb);
	int ret = skb_linearize(ms->skb);

	if (niov)
		assert_int_equal(ret, -EIO);	/* never copies device memory */
	else
		assert_true(ret == 0 || ret == -ENOMEM);
	counts[C_LINEAR] += ret == 0 && ms->skb->data_len == 0;
}

static void op_split(struct model_skb *ms)
{
	struct model_skb *ns;
	unsigned int at;
	struct sk_buff *n;

	if (ms->len < 2 || skb_has_frag_list(ms->skb) || skb_cloned(ms->skb))
		return;
	at = 1 + rnd(ms->len - 1);
	n = alloc_skb(skb_headlen(ms->skb) > at ? skb_headlen(ms->skb) - at : 0,
		      GFP_ATOMIC);
	if (n == NULL)
		return;
	skb_split(ms->skb, n, at);
	ns = free_slot();
	if (ns == NULL) {
		/* keep the model right: glue nothing, just drop the tail */
		kfree_skb(n);
		ms->len = at;
		return;
	}
	ns->skb = n;
	ns->bytes = malloc(128 * 1024);
	assert_non_null(ns->bytes);
	ns->len = ms->len - at;
	memcpy(ns->bytes, ms->bytes + at, ns->len);
	ns->unreadable = ms->unreadable;
	ms->len = at;
	counts[C_SPLIT]++;
}

static void op_coalesce(struct model_skb *to, struct model_skb *from)
{
	bool stolen;
	int delta;

	bool mixed;

	if (from == NULL || to == from || to->len + from->len > 120 * 1024)
		return;
	/* The rule is the kernel's: on the skbs' unreadable flags (a flag
	 * may outlive its net_iov frags after a trim: still unreadable). */
	mixed = skb_frags_readable(to->skb) != skb_frags_readable(from->skb) ||
		(has_niov(from->skb) && skb_frags_readable(to->skb));
	if (!skb_try_coalesce(to->skb, from->skb, &stolen, &delta))
		return;
	/* Readable and unreadable never join. */
	assert_false(mixed);
	memcpy(to->bytes + to->len, from->bytes, from->len);
	to->len += from->len;
	to->unreadable |= from->unreadable;
	counts[C_COALESCE]++;
	kfree_skb_partial(from->skb, stolen);
	free(from->bytes);
	memset(from, 0, sizeof(*from));
}

static void op_segment(struct model_skb *ms)
{
	struct sk_buff *segs, *s, *next;
	unsigned int mss = 64 + rnd(3000), off = 0, hr;
	struct sk_buff *skb = ms->skb;

	if (ms->len <= mss || skb_cloned(skb))
		return;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	netdev_features_t features = NETIF_F_SG | NETIF_F_HW_CSUM;
	__be16 proto = skb->protocol;

	/* Software checksums too, where the payload can be read. */
	if (!has_niov(skb) && rnd(2))
		features = NETIF_F_SG;
	skb->protocol = htons(0x0800);
	skb_shinfo(skb)->gso_size = (unsigned short)mss;
	skb_shinfo(skb)->gso_type = SKB_GSO_DODGY;
	hr = skb_headroom(skb);
	segs = skb_segment(skb, features);
	/* As the kernel, data may be left at the mac header: put it back. */
	if (skb_headroom(skb) < hr)
		__skb_pull(skb, hr - skb_headroom(skb));
	skb->protocol = proto;
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	if (IS_ERR_OR_NULL(segs))
		return;
	assert_non_null(segs->prev);
	skb_list_walk_safe(segs, s, next) {
		struct model_skb *ns = free_slot();

		s->next = s->prev = NULL;
		assert_true(off + s->len <= ms->len);
		if (ns == NULL) {
			off += s->len;
			kfree_skb(s);
			continue;
		}
		ns->skb = s;
		ns->len = s->len;
		ns->unreadable = ms->unreadable;
		ns->bytes = malloc(128 * 1024);
		assert_non_null(ns->bytes);
		memcpy(ns->bytes, ms->bytes + off, s->len);
		off += s->len;
	}
	assert_int_equal(off, ms->len);
	counts[C_SEGMENT]++;
}

static void run_steps(unsigned long steps)
{
	for (unsigned long step = 0; step < steps; step++) {
		struct model_skb *ms = any_slot();
		unsigned int op = rnd(16);

		if (ms == NULL || op < 3) {
			op_create();
			continue;
		}
		switch (op) {
		case 3: op_clone(ms); break;
		case 4: op_copy(ms); break;
		case 5: op_expand(ms); break;
		case 6: op_cow(ms); break;
		case 7: op_trim(ms); break;
		case 8: op_pull(ms); break;
		case 9: op_pull_data(ms); break;
		case 10: op_linearize(ms); break;
		case 11: op_split(ms); break;
		case 12: op_coalesce(ms, any_slot()); break;
		case 13: op_segment(ms); break;
		default: drop(ms); break;
		}
		for (int i = 0; i < MAX_SKBS; i++)
			if (slots[i].skb != NULL)
				check(&slots[i]);
	}
	for (int i = 0; i < MAX_SKBS; i++)
		if (slots[i].skb != NULL)
			drop(&slots[i]);
}

static int setup(void **state)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP, .pool_size = 1024, .nr_pages = 8192,
		.nid = NUMA_NO_NODE, .dev = PP_DEV_NONE, .lcore = rte_lcore_id(),
		.dma_dir = DMA_FROM_DEVICE, .name = "model_host",
	};
	int fd;

	(void)state;
	nm_skb_get_stats(&stats0);
	misuse0 = nm_misuse_count();
	pp_host = page_pool_create(&pp);
	assert_false(IS_ERR(pp_host));

	fd = memfd_create("model_dev", 0);
	assert_true(fd >= 0 && ftruncate(fd, DEV_LEN) == 0);
	dev_region = mmap(NULL, DEV_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	assert_true(dev_region != MAP_FAILED);
	struct net_devmem_region_params rp = {
		.addr = dev_region, .len = DEV_LEN, .release = dev_release,
	};
	binding = net_devmem_bind(&rp);
	assert_false(IS_ERR(binding));
	pp.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM;
	pp.mp_ops = &dmabuf_devmem_ops;
	pp.mp_priv = binding;
	pp.pool_size = 64;
	pp.name = "model_dev";
	pp_dev = page_pool_create(&pp);
	assert_false(IS_ERR(pp_dev));

	ext_region = aligned_alloc(PAGE_SIZE, EXT_LEN);
	assert_non_null(ext_region);
	for (size_t i = 0; i < EXT_LEN; i++)
		ext_region[i] = (uint8_t)(i * 7 + 3);
	nm_owner_init(&ext_owner, "model ext", ext_release);
	ext_pages = nm_ext_pages_create(ext_region, EXT_LEN, &ext_owner);
	assert_false(IS_ERR_OR_NULL(ext_pages));
	return 0;
}

static void test_model(void **state)
{
	const char *seed = getenv("NM_MODEL_SEED");
	const char *steps = getenv("NM_MODEL_STEPS");
	struct nm_skb_stats st;

	(void)state;
	rng = seed ? strtoull(seed, NULL, 0) : 0x9e3779b97f4a7c15ULL;
	printf("model seed 0x%" PRIx64 "\n", rng);
	run_steps(steps ? strtoul(steps, NULL, 0) : 50000);

	for (int i = 0; i < C_MAX; i++) {
		printf("  %-16s %lu\n", cnames[i], counts[i]);
		assert_true(counts[i] > 0);	/* every operation was exercised */
	}
	/* Quiescence: every reference of every level is back. */
	nm_skb_get_stats(&st);
	assert_int_equal(st.live, stats0.live);
	assert_int_equal(nm_misuse_count(), misuse0);
	assert_int_equal(page_pool_inflight(pp_host), 0);
	assert_int_equal(page_pool_inflight(pp_dev), 0);
	assert_int_equal(nm_owner_refcnt(&ext_owner), 1);
	assert_int_equal(ext_released, 0);
	assert_true(nm_owner_put(&ext_owner));
	assert_int_equal(ext_released, 1);

	page_pool_destroy(pp_host);
	page_pool_destroy(pp_dev);
	assert_int_equal(nm_page_pool_reap(), 0);
	assert_int_equal(dev_released, 0);
	net_devmem_unbind(binding);
	assert_int_equal(dev_released, 1);
	nm_ext_pages_free(ext_pages, EXT_LEN);
	free(ext_region);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_model, setup),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
