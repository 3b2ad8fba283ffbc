/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The generic headers of the kernel-style include tree, used as kernel code
 * uses them (kernel include lines only, in no particular order, -Werror):
 * min/max/min_t/clamp and the rounding helpers with their exact results,
 * htons() as a case label and in static initialisers, READ_ONCE/WRITE_ONCE,
 * BUG_ON()/BUG() counted in NM_BUG_COUNT mode, WARN_ON() and friends
 * returning their condition and counting every hit, kmalloc() and friends
 * on the DPDK heap, the unaligned accessors, BIT/GENMASK and the bitops,
 * spinlocks under two threads, IS_ENABLED(), the kernel-only errno codes
 * and ERR_PTR, dma_map_page() to the page's IOVA, printk and the rate
 * limit, atomic_t and refcount_t (saturating, counted misuse), list_head
 * and hlist, ilog2 and the overflow helpers, lcores/sockets as CPUs/nodes
 * and jiffies arithmetic, and an skb through
 * linux/skbuff.h (freed: live count back).
 */
#include <linux/skbuff.h>
#include <linux/kernel.h>
#include <net/page_pool/helpers.h>
#include <linux/if_ether.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>
#include <asm/byteorder.h>
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/prefetch.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/jiffies.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <linux/device.h>
#include <linux/ktime.h>

#include <pthread.h>

#include "test_common.h"

#include <rte_malloc.h>
#include <rte_memory.h>

#define CONFIG_NM_TEST_ON	1

struct nm_kt_outer {
	u32 a;
	u16 b;
	u64 c;
	u8 bf:2;
};

/* constant expressions at file scope, as kernel tables use them */
static const __be16 nm_kt_ipv6 = htons(ETH_P_IPV6);
static const u32 nm_kt_mask = GENMASK(11, 8);
_Static_assert(htons(0x1234) == 0x3412, "htons() folds to a constant");
_Static_assert(htonl(0x01020304) == 0x04030201, "htonl() folds to a constant");
static_assert(sizeof_field(struct nm_kt_outer, b) == 2, "sizeof_field");
static_assert(offsetofend(struct nm_kt_outer, b) == 6, "offsetofend");
static_assert(IS_ENABLED(CONFIG_NM_TEST_ON) && !IS_ENABLED(CONFIG_NM_TEST_OFF), "IS_ENABLED");
#if !IS_ENABLED(CONFIG_NM_TEST_ON) || IS_ENABLED(CONFIG_NM_TEST_OFF)
#error IS_ENABLED() does not work in #if
#endif

EXPORT_SYMBOL(nm_kt_mask);
MODULE_LICENSE("Dual BSD/GPL");

/* the way kernel RX code dispatches on the EtherType */
static int nm_kt_proto(__be16 proto)
{
	switch (proto) {
	case htons(ETH_P_IP):
		return 4;
	case htons(ETH_P_IPV6):
		return 6;
	case htons(ETH_P_8021Q):
	case htons(ETH_P_8021AD):
		return 802;
	default:
		return -1;
	}
}

static u64 misuses(void)
{
	return nm_misuse_count();
}

static void test_minmax(void **state)
{
	unsigned int len = 100;
	int neg = -5, i = 0;
	u8 small = 200;
	u32 big = 3000000000u;
	int arr[7], i300 = 300, i70000 = 70000;
	struct nm_kt_outer o;
	int x = 1, y = 2;

	(void)state;
	o.bf = 3;
	assert_int_equal(min(3u, 5u), 3);
	assert_int_equal(max(3, 5), 5);
	assert_int_equal(min(len, 64), 64);		/* unsigned with a constant */
	assert_int_equal(max(neg, 0), 0);
	assert_int_equal(min(small, (u8)50), 50);
	assert_true(max(big, 5u) == 3000000000u);
	assert_int_equal(min3(9, 4, 7), 4);
	assert_int_equal(max(o.bf, 2), 3);		/* a bit-field operand */
	assert_int_equal(max3(9, 4, 17), 17);
	assert_int_equal(min_t(u8, i300, 50), 44);	/* 300 as u8 is 44 */
	assert_int_equal(max_t(int, -1, 2u), 2);
	assert_int_equal(min_t(int, neg, 3), -5);
	assert_int_equal(clamp(15, 0, 10), 10);
	assert_int_equal(clamp(-5, 0, 10), 0);
	assert_int_equal(clamp(7, 0, 10), 7);
	assert_int_equal(clamp_t(u16, i70000, 0, 1000), 1000);	/* 70000 as u16: 4464 */
	assert_int_equal(clamp_val(small, 10, 100), 100);
	assert_int_equal(umin(-1, 5), 5);		/* -1 compares as unsigned */
	assert_true(umax(-1, 5) == ~0ULL);
	assert_int_equal(min_not_zero(0, 6), 6);
	assert_int_equal(min_not_zero(8, 6), 6);
	assert_int_equal(min(i++, 10), 0);		/* once */
	assert_int_equal(i, 1);
	assert_int_equal(clamp(i++, 5, 10), 5);
	assert_int_equal(i, 2);

	assert_int_equal(DIV_ROUND_UP(10, 4), 3);
	assert_int_equal(DIV_ROUND_UP(12, 4), 3);
	assert_int_equal(DIV_ROUND_CLOSEST(10, 4), 3);
	assert_int_equal(ALIGN(13, 8), 16);
	assert_int_equal(ALIGN(16, 8), 16);
	assert_int_equal(ALIGN_DOWN(13, 8), 8);
	assert_true(IS_ALIGNED(64, 16));
	assert_false(IS_ALIGNED(65, 16));
	assert_int_equal(round_up(13, 8), 16);
	assert_int_equal(round_down(13, 8), 8);
	assert_int_equal(roundup(13, 6), 18);
	assert_int_equal(rounddown(13, 6), 12);
	assert_int_equal(upper_32_bits(0x123456789abcdef0ULL), 0x12345678);
	assert_int_equal(lower_32_bits(0x123456789abcdef0ULL), 0x9abcdef0);
	assert_int_equal(ARRAY_SIZE(arr), 7);
	_Static_assert(ARRAY_SIZE(arr) == 7, "ARRAY_SIZE is a constant expression");
	assert_ptr_equal(container_of(&o.c, struct nm_kt_outer, c), &o);
	swap(x, y);
	assert_int_equal(x, 2);
	assert_int_equal(y, 1);
	assert_true(in_range(5, 3, 4));
	assert_false(in_range(7, 3, 4));

	assert_int_equal(U8_MAX, 255);
	assert_int_equal(S8_MIN, -128);
	assert_int_equal(U16_MAX, 65535);
	assert_int_equal(S16_MIN, -32768);
	assert_int_equal(S16_MAX, 32767);
	assert_true(U32_MAX == 0xffffffffu);
	assert_int_equal(S32_MAX, 2147483647);
	assert_true(S32_MIN == -2147483647 - 1);
	assert_true(U64_MAX == ~0ULL);
	assert_int_equal(L1_CACHE_BYTES, 64);
	assert_int_equal(SMP_CACHE_BYTES, 64);
}

static void test_byteorder(void **state)
{
	const u8 wire[2] = { 0x81, 0x00 };
	__be16 tag;

	(void)state;
	memcpy(&tag, wire, sizeof(tag));
	assert_int_equal(nm_kt_proto(tag), 802);
	assert_int_equal(nm_kt_proto(htons(ETH_P_IP)), 4);
	assert_int_equal(nm_kt_proto(nm_kt_ipv6), 6);
	assert_int_equal(nm_kt_proto(htons(ETH_P_8021AD)), 802);
	assert_int_equal(nm_kt_proto(htons(ETH_P_ARP)), -1);
	assert_int_equal(ntohs(tag), ETH_P_8021Q);
	assert_int_equal(be16_to_cpu(tag), 0x8100);
	assert_int_equal(ntohl(htonl(0x0a000001)), 0x0a000001);
	assert_int_equal(cpu_to_be32(0x11223344), 0x44332211);
	assert_true(cpu_to_be64(0x0102030405060708ULL) == 0x0807060504030201ULL);
	assert_int_equal(cpu_to_le16(0x1234), 0x1234);
	assert_int_equal(be32_to_cpup((const __be32 *)"\x0a\x0b\x0c\x0d"), 0x0a0b0c0d);
	be16_add_cpu(&tag, 1);
	assert_int_equal(ntohs(tag), 0x8101);
}

static void test_read_write_once(void **state)
{
	int v = 5;
	u64 w = 0;
	struct nm_kt_outer o = { 0 }, *p = &o;

	(void)state;
	assert_int_equal(READ_ONCE(v), 5);
	WRITE_ONCE(v, 9);
	assert_int_equal(v, 9);
	WRITE_ONCE(w, 0x1122334455667788ULL);
	assert_true(READ_ONCE(w) == 0x1122334455667788ULL);
	WRITE_ONCE(p->b, 77);
	assert_int_equal(READ_ONCE(p)->b, 77);
	barrier();
	assert_int_equal(data_race(v + 1), 10);
	if (likely(v == 9) && !unlikely(v == 0))
		v = 1;
	assert_int_equal(v, 1);
}

static void test_bug_on_counted(void **state)
{
	u64 start = misuses();
	int evals = 0;

	(void)state;
	nm_set_bug_mode(NM_BUG_COUNT);
	BUG_ON(0);
	BUG_ON(evals++ > 5);		/* evaluated once, false */
	assert_int_equal(evals, 1);
	assert_int_equal(misuses(), start);
	BUG_ON(evals == 1);
	assert_int_equal(misuses(), start + 1);
	BUG();
	assert_int_equal(misuses(), start + 2);
	nm_set_bug_mode(NM_BUG_ABORT);
	assert_int_equal(nm_get_bug_mode(), NM_BUG_ABORT);
}

static int nm_kt_warn_twice(int cond)
{
	return WARN_ON_ONCE(cond);	/* one call site */
}

static void test_warn_on(void **state)
{
	u64 start = misuses();
	int evals = 0, hit = 0;

	(void)state;
	assert_false(WARN_ON(0));
	assert_int_equal(misuses(), start);
	assert_true(WARN_ON(5));		/* its truth value, 1 */
	assert_int_equal(WARN_ON(5), 1);
	assert_int_equal(misuses(), start + 2);
	if (WARN_ON(evals++ == 0))
		hit = 1;
	assert_int_equal(evals, 1);
	assert_int_equal(hit, 1);
	assert_int_equal(misuses(), start + 3);
	assert_true(WARN(1, "value %d", 42));
	assert_false(WARN(0, "value %d", 43));
	assert_int_equal(misuses(), start + 4);

	/* _ONCE: logs once, counts and returns every time */
	assert_true(nm_kt_warn_twice(1));
	assert_true(nm_kt_warn_twice(1));
	assert_false(nm_kt_warn_twice(0));
	assert_int_equal(misuses(), start + 6);
	assert_true(WARN_ONCE(1, "once %s", "only"));
	assert_int_equal(misuses(), start + 7);
	DEBUG_NET_WARN_ON_ONCE(0);
	assert_int_equal(misuses(), start + 7);
	DEBUG_NET_WARN_ON_ONCE(1 + 1 == 2);
	assert_int_equal(misuses(), start + 8);
}

static bool in_dpdk_heap(const void *p, size_t want)
{
	size_t size = 0;

	if (rte_mem_virt2memseg(p, NULL) == NULL)
		return false;
	return rte_malloc_validate(p, &size) == 0 && size >= want;
}

static u64 heap_allocs(void)
{
	struct rte_malloc_socket_stats st;
	u64 n = 0;

	for (unsigned int s = 0; s < rte_socket_count(); s++) {
		memset(&st, 0, sizeof(st));
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(s), &st) == 0)
			n += st.alloc_count;
	}
	return n;
}

static void test_kmalloc(void **state)
{
	u64 start = heap_allocs();
	u8 *p, *z, *c, *r, *d;
	u64 *arr;

	(void)state;
	p = kmalloc(100, GFP_KERNEL);
	assert_non_null(p);
	assert_true(in_dpdk_heap(p, 100));
	memset(p, 0x5a, 100);
	z = kzalloc(256, GFP_ATOMIC);
	assert_true(in_dpdk_heap(z, 256));
	for (int i = 0; i < 256; i++)
		assert_int_equal(z[i], 0);
	c = kcalloc(10, 8, GFP_KERNEL);
	assert_true(in_dpdk_heap(c, 80));
	for (int i = 0; i < 80; i++)
		assert_int_equal(c[i], 0);
	arr = kmalloc_array(4, sizeof(*arr), GFP_KERNEL | __GFP_ZERO);
	assert_true(in_dpdk_heap(arr, 32));
	assert_true(arr[3] == 0);
	assert_int_equal(heap_allocs(), start + 4);

	assert_null(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));	/* overflow */
	assert_null(kmalloc_array(SIZE_MAX / 8 + 1, 8, GFP_KERNEL));
	assert_ptr_equal(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);

	r = krealloc(p, 5000, GFP_KERNEL);
	assert_non_null(r);
	assert_true(in_dpdk_heap(r, 5000));
	for (int i = 0; i < 100; i++)
		assert_int_equal(r[i], 0x5a);
	d = kmemdup(r, 100, GFP_KERNEL);
	assert_true(in_dpdk_heap(d, 100));
	assert_memory_equal(d, r, 100);
	assert_int_equal(heap_allocs(), start + 5);

	kfree(r);
	kfree(z);
	kfree(c);
	kvfree(arr);
	kfree_sensitive(d);
	p = kvzalloc(64, GFP_KERNEL);
	assert_true(in_dpdk_heap(p, 64));
	kvfree(p);
	assert_int_equal(heap_allocs(), start);
}

static void test_unaligned(void **state)
{
	u8 buf[16] = { 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x11 };
	u32 native;

	(void)state;
	assert_int_equal(get_unaligned_be16(buf + 1), 0x1234);
	assert_int_equal(get_unaligned_le16(buf + 1), 0x3412);
	assert_int_equal(get_unaligned_be32(buf + 1), 0x12345678);
	assert_int_equal(get_unaligned_le32(buf + 1), 0x78563412);
	assert_true(get_unaligned_be64(buf + 1) == 0x123456789abcdef0ULL);
	assert_true(get_unaligned_le64(buf + 1) == 0xf0debc9a78563412ULL);
	assert_int_equal(get_unaligned_be24(buf + 1), 0x123456);
	assert_int_equal(get_unaligned_le24(buf + 1), 0x563412);
	assert_true(get_unaligned_be48(buf + 1) == 0x123456789abcULL);
	memcpy(&native, buf + 3, 4);
	assert_int_equal(get_unaligned((u32 *)(buf + 3)), native);

	put_unaligned_be32(0xdeadbeef, buf + 3);
	assert_int_equal(buf[3], 0xde);
	assert_int_equal(buf[4], 0xad);
	assert_int_equal(buf[5], 0xbe);
	assert_int_equal(buf[6], 0xef);
	assert_int_equal(buf[2], 0x34);		/* neighbours untouched */
	assert_int_equal(buf[7], 0xde);
	put_unaligned_le16(0xa1b2, buf + 9);
	assert_int_equal(buf[9], 0xb2);
	assert_int_equal(buf[10], 0xa1);
	put_unaligned((u16)0x0102, (u16 *)(buf + 11));
	assert_int_equal(get_unaligned((u16 *)(buf + 11)), 0x0102);
	put_unaligned_be24(0x0a0b0c, buf + 13);
	assert_int_equal(buf[13], 0x0a);
	assert_int_equal(buf[15], 0x0c);
}

static void test_bits(void **state)
{
	DECLARE_BITMAP(map, 130);
	unsigned long bit, seen[4];
	int n = 0;

	(void)state;
	assert_int_equal(BIT(3), 8);
	assert_true(BIT_ULL(40) == 0x10000000000ULL);
	assert_int_equal(GENMASK(7, 4), 0xf0);
	assert_int_equal(nm_kt_mask, 0xf00);
	assert_true(GENMASK(31, 0) == 0xffffffffUL);
	assert_true(GENMASK(63, 0) == ~0UL);
	assert_true(GENMASK(63, 63) == 0x8000000000000000UL);
	assert_true(GENMASK_ULL(39, 21) == 0xffffe00000ULL);
	assert_int_equal(BITS_TO_LONGS(130), 3);
	assert_int_equal(sizeof(map), 3 * sizeof(unsigned long));

	memset(map, 0, sizeof(map));
	set_bit(0, map);
	__set_bit(64, map);
	set_bit(129, map);
	assert_true(test_bit(64, map));
	assert_false(test_bit(63, map));
	assert_int_equal(map[1], 1);
	assert_int_equal(map[2], 2);
	for_each_set_bit(bit, map, 130)
		seen[n++] = bit;
	assert_int_equal(n, 3);
	assert_int_equal(seen[0], 0);
	assert_int_equal(seen[1], 64);
	assert_int_equal(seen[2], 129);
	assert_true(test_and_set_bit(0, map));
	assert_false(test_and_set_bit(5, map));
	assert_true(test_and_clear_bit(5, map));
	assert_false(test_bit(5, map));
	clear_bit(129, map);
	assert_int_equal(find_next_bit(map, 130, 65), 130);
	assert_int_equal(find_first_zero_bit(map, 130), 1);
	change_bit(1, map);
	assert_true(test_bit(1, map));

	assert_int_equal(hweight32(0xf0f0), 8);
	assert_int_equal(hweight8(0x1ff), 8);
	assert_int_equal(hweight64(~0ULL), 64);
	assert_int_equal(fls(0), 0);
	assert_int_equal(fls(1), 1);
	assert_int_equal(fls(0x80000000u), 32);
	assert_int_equal(fls64(1ULL << 40), 41);
	assert_int_equal(__ffs(0x10), 4);
	assert_int_equal(__fls(0x10), 4);
	assert_int_equal(ffz(0x7), 3);
	assert_int_equal(ffs(0x10), 5);		/* glibc's, the kernel's meaning */
	assert_int_equal(rol32(0x80000001u, 1), 3);
	assert_int_equal(ror32(3, 1), 0x80000001u);
	assert_int_equal(sign_extend32(0xff, 7), -1);
	assert_int_equal(sign_extend32(0x7f, 7), 127);
}

static DEFINE_SPINLOCK(nm_kt_lock);
static unsigned long nm_kt_counter;

static void *nm_kt_locker(void *arg)
{
	unsigned long flags;

	(void)arg;
	for (int i = 0; i < 100000; i++) {
		if (i & 1) {
			spin_lock_bh(&nm_kt_lock);
			nm_kt_counter++;
			spin_unlock_bh(&nm_kt_lock);
		} else {
			spin_lock_irqsave(&nm_kt_lock, flags);
			nm_kt_counter++;
			spin_unlock_irqrestore(&nm_kt_lock, flags);
		}
	}
	return NULL;
}

static void test_spinlock(void **state)
{
	u64 start = misuses();
	spinlock_t l;
	pthread_t t[2];

	(void)state;
	spin_lock_init(&l);
	assert_false(spin_is_locked(&l));
	spin_lock(&l);
	assert_true(spin_is_locked(&l));
	assert_false(spin_trylock(&l));
	lockdep_assert_held(&l);
	assert_int_equal(misuses(), start);
	spin_unlock(&l);
	assert_true(spin_trylock(&l));
	spin_unlock(&l);
	assert_spin_locked(&l);			/* not held: one counted warning */
	assert_int_equal(misuses(), start + 1);

	nm_kt_counter = 0;
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, nm_kt_locker, NULL), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(nm_kt_counter, 200000);
	assert_false(spin_is_locked(&nm_kt_lock));
}

static void test_errno_err(void **state)
{
	void *e = ERR_PTR(-ENOTSUPP);

	(void)state;
	assert_int_equal(ENOTSUPP, 524);
	assert_int_equal(EPROBE_DEFER, 517);
	assert_int_equal(ERESTARTSYS, 512);
	assert_int_equal(EINVAL, 22);			/* the uapi codes still there */
	assert_true(IS_ERR(e));
	assert_int_equal(PTR_ERR(e), -524);
	assert_int_equal(PTR_ERR_OR_ZERO(e), -524);
	assert_true(IS_ERR_OR_NULL(NULL));
	assert_false(IS_ERR(&e));
	assert_int_equal(PTR_ERR_OR_ZERO(&e), 0);
}

static void test_dma_and_pages(void **state)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	dma_addr_t a;
	u8 *va, *buf;

	(void)state;
	assert_non_null(page);
	va = page_address(page);
	assert_int_equal(va[0], 0);
	assert_int_equal(va[PAGE_SIZE - 1], 0);
	a = dma_map_page(NULL, page, 100, 64, DMA_TO_DEVICE);
	assert_false(dma_mapping_error(NULL, a));
	assert_true(a == page->dma_addr + 100);
	assert_true(dma_map_single(NULL, va + 200, 64, DMA_FROM_DEVICE) ==
		    page->dma_addr + 200);
	dma_sync_single_for_cpu(NULL, a, 64, DMA_TO_DEVICE);
	dma_unmap_page(NULL, a, 64, DMA_TO_DEVICE);
	assert_int_equal(dma_mapping_error(NULL, DMA_MAPPING_ERROR), -ENOMEM);
	assert_true(DMA_BIT_MASK(32) == 0xffffffffULL);
	assert_true(DMA_BIT_MASK(64) == ~0ULL);
	assert_int_equal(dma_set_mask_and_coherent(NULL, DMA_BIT_MASK(64)), 0);

	assert_ptr_equal(virt_to_page(va + 300), page);
	assert_int_equal(offset_in_page(va + 300), 300);
	assert_ptr_equal(compound_head(page), page);
	assert_int_equal(get_order(1), 0);
	assert_int_equal(get_order(PAGE_SIZE), 0);
	assert_int_equal(get_order(PAGE_SIZE + 1), 1);
	assert_int_equal(get_order(4 * PAGE_SIZE), 2);
	assert_int_equal(PAGE_ALIGN(5000), 8192);
	assert_int_equal(page_ref_count(page), 1);
	get_page(page);
	assert_int_equal(page_count(page), 2);
	put_page(page);
	put_page(page);

	buf = kmalloc(256, GFP_KERNEL);
	assert_true(dma_map_single(NULL, buf, 256, DMA_TO_DEVICE) ==
		    rte_malloc_virt2iova(buf));
	kfree(buf);
}

static void test_printk(void **state)
{
	DEFINE_RATELIMIT_STATE(rs, 1000000000, 3);	/* one window for the test */
	struct net_device dev = { .name = "nmk0" };
	int allowed = 0;

	(void)state;
	assert_int_equal(printk(KERN_INFO "kernel tree: %s %d\n", "hello", 7), 21);
	assert_int_equal(pr_info("value %u\n", 12345u), 12);
	pr_err("an error line %d\n", 1);
	pr_warn_once("once %d\n", 1);
	pr_debug("compiled out without DEBUG %d\n", 2);
	net_warn_ratelimited("net %s\n", "warn");
	netdev_warn(&dev, "device %d\n", 3);
	netdev_dbg(&dev, "debug %d\n", 4);
	assert_string_equal(netdev_name(&dev), "nmk0");
	for (int i = 0; i < 10; i++)
		allowed += __ratelimit(&rs) ? 1 : 0;
	assert_int_equal(allowed, 3);
}

/* An skb through the kernel names: the tree's headers drive the native API. */
static void test_skb(void **state)
{
	static const u8 frame[14] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x00,
	};
	struct nm_skb_stats before, after;
	struct sk_buff *skb;

	(void)state;
	nm_skb_get_stats(&before);
	skb = alloc_skb(256, GFP_ATOMIC);
	assert_non_null(skb);
	skb_reserve(skb, NET_SKB_PAD);
	skb_put_data(skb, frame, sizeof(frame));
	assert_int_equal(skb->len, 14);
	assert_int_equal(get_unaligned_be16(skb->data + 12), ETH_P_8021Q);
	assert_int_equal(nm_kt_proto(get_unaligned((__be16 *)(skb->data + 12))), 802);
	consume_skb(skb);
	nm_skb_get_stats(&after);
	assert_int_equal(after.live, before.live);
}

static void test_atomic_refcount(void **state)
{
	atomic_t a = ATOMIC_INIT(5);
	atomic64_t b = ATOMIC64_INIT(1LL << 40);
	refcount_t r = REFCOUNT_INIT(1);
	u64 start = misuses();
	int old = 7;

	(void)state;
	atomic_inc(&a);
	assert_int_equal(atomic_read(&a), 6);
	assert_int_equal(atomic_add_return(4, &a), 10);
	assert_int_equal(atomic_fetch_sub(3, &a), 10);
	assert_false(atomic_dec_and_test(&a));
	assert_int_equal(atomic_cmpxchg(&a, 6, 1), 6);
	assert_int_equal(atomic_read(&a), 1);
	assert_false(atomic_try_cmpxchg(&a, &old, 9));
	assert_int_equal(old, 1);			/* the value seen */
	assert_true(atomic_inc_not_zero(&a));
	atomic_set(&a, 0);
	assert_false(atomic_inc_not_zero(&a));
	assert_true(atomic64_add_return(1, &b) == (1LL << 40) + 1);

	refcount_inc(&r);
	assert_int_equal(refcount_read(&r), 2);
	assert_false(refcount_dec_and_test(&r));
	assert_true(refcount_dec_and_test(&r));
	assert_int_equal(misuses(), start);
	assert_false(refcount_inc_not_zero(&r));	/* 0 stays 0 */
	refcount_inc(&r);				/* on 0: use-after-free */
	assert_int_equal(misuses(), start + 1);
	assert_true(refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED);
	assert_false(refcount_dec_and_test(&r));	/* saturated: never 0 */

	smp_mb();
	assert_int_equal(smp_load_acquire(&old), 1);
	smp_store_release(&old, 3);
	assert_int_equal(old, 3);
}

struct nm_kt_item {
	int v;
	struct list_head node;
	struct hlist_node hnode;
};

static void test_list(void **state)
{
	LIST_HEAD(head);
	LIST_HEAD(other);
	HLIST_HEAD(hh);
	struct nm_kt_item it[4], *pos, *n;
	struct nm_kt_item *ptr = NULL;
	int order[8], k = 0;

	(void)state;
	assert_true(list_empty(&head));
	for (int i = 0; i < 4; i++) {
		it[i].v = i;
		list_add_tail(&it[i].node, &head);
	}
	assert_int_equal(list_count_nodes(&head), 4);
	assert_int_equal(list_first_entry(&head, struct nm_kt_item, node)->v, 0);
	assert_int_equal(list_last_entry(&head, struct nm_kt_item, node)->v, 3);
	list_del(&it[1].node);
	assert_null(it[1].node.next);
	list_move(&it[3].node, &head);			/* to the front */
	list_for_each_entry(pos, &head, node)
		order[k++] = pos->v;
	assert_int_equal(k, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 0);
	assert_int_equal(order[2], 2);
	list_add(&it[1].node, &other);
	list_splice_tail_init(&other, &head);
	assert_true(list_empty(&other));
	assert_true(list_is_last(&it[1].node, &head));
	k = 0;
	list_for_each_entry_safe(pos, n, &head, node) {
		list_del_init(&pos->node);
		k++;
	}
	assert_int_equal(k, 4);
	assert_true(list_empty(&head));
	assert_null(list_first_entry_or_null(&head, struct nm_kt_item, node));

	for (int i = 0; i < 3; i++)
		hlist_add_head(&it[i].hnode, &hh);
	k = 0;
	hlist_for_each_entry(pos, &hh, hnode)
		order[k++] = pos->v;
	assert_int_equal(k, 3);
	assert_int_equal(order[0], 2);
	hlist_del(&it[1].hnode);
	k = 0;
	hlist_for_each_entry(pos, &hh, hnode)
		k++;
	assert_int_equal(k, 2);

	rcu_read_lock();
	rcu_assign_pointer(ptr, &it[2]);
	assert_ptr_equal(rcu_dereference(ptr), &it[2]);
	rcu_read_unlock();
	net_prefetch(&it[0]);
}

static void test_log2_overflow(void **state)
{
	size_t sz;
	u8 small;
	struct { int n; u32 arr[]; } *flex = NULL;

	(void)state;
	_Static_assert(ilog2(4096) == 12, "ilog2 folds to a constant");
	assert_int_equal(ilog2(1), 0);
	assert_int_equal(ilog2(4097), 12);
	assert_true(is_power_of_2(64));
	assert_false(is_power_of_2(0));
	assert_false(is_power_of_2(96));
	assert_int_equal(roundup_pow_of_two(1000), 1024);
	assert_int_equal(roundup_pow_of_two(1024), 1024);
	assert_int_equal(rounddown_pow_of_two(1000), 512);
	assert_int_equal(order_base_2(1), 0);
	assert_int_equal(order_base_2(5), 3);

	assert_false(check_add_overflow(200, 55, &small));
	assert_int_equal(small, 255);
	assert_true(check_add_overflow(200, 56, &small));
	assert_true(check_mul_overflow((size_t)SIZE_MAX, (size_t)2, &sz));
	assert_true(size_mul(SIZE_MAX / 2, 3) == SIZE_MAX);
	assert_int_equal(size_add(3, 4), 7);
	assert_int_equal(struct_size(flex, arr, 10), sizeof(*flex) + 40);
	assert_true(struct_size(flex, arr, SIZE_MAX / 2) == SIZE_MAX);
	assert_null(kmalloc(struct_size(flex, arr, SIZE_MAX / 2), GFP_KERNEL));
}

static void test_cpu_time(void **state)
{
	unsigned long j0 = jiffies, j1;
	ktime_t t0;

	(void)state;
	assert_int_equal(smp_processor_id(), (int)rte_lcore_id());
	assert_int_equal(numa_node_id(), (int)rte_socket_id());
	assert_int_equal(HZ, 100);
	assert_int_equal(msecs_to_jiffies(1000), HZ);
	assert_int_equal(msecs_to_jiffies(1), 1);	/* rounded up */
	assert_int_equal(jiffies_to_msecs(HZ), 1000);
	assert_true(time_after(5UL, ~0UL));		/* across the wrap */
	assert_false(time_before(5UL, ~0UL));
	j1 = jiffies;
	assert_true(time_after_eq(j1, j0));

	t0 = ktime_get();
	assert_true(ktime_compare(ktime_get(), t0) >= 0);
	assert_int_equal(ktime_to_ns(ktime_set(2, 5)), 2000000005LL);
	assert_int_equal(ktime_to_us(ktime_add_ns(ns_to_ktime(1000), 2000)), 3);
	assert_true(ktime_before(t0, ktime_add_us(t0, 1)));
	assert_int_equal(dev_err_probe((struct device *)&t0, -EPROBE_DEFER, "quiet\n"),
			 -EPROBE_DEFER);
	dev_info((struct device *)&t0, "a device line %d\n", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minmax),
		cmocka_unit_test(test_byteorder),
		cmocka_unit_test(test_read_write_once),
		cmocka_unit_test(test_bug_on_counted),
		cmocka_unit_test(test_warn_on),
		cmocka_unit_test(test_kmalloc),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_spinlock),
		cmocka_unit_test(test_errno_err),
		cmocka_unit_test(test_dma_and_pages),
		cmocka_unit_test(test_printk),
		cmocka_unit_test(test_skb),
		cmocka_unit_test(test_atomic_refcount),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_log2_overflow),
		cmocka_unit_test(test_cpu_time),
	};

	nm_test_eal_init(1, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
