/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the sk_buff core: byte access across the linear part,
 * frags and frag_list (skb_header_pointer, skb_copy_bits, skb_store_bits)
 * and its refusal of unreadable frags (-EIO, NULL, nothing copied).
 *
 * Every case checks that the misuses it provokes (and only those) were
 * reported, and that every skb it made was freed.
 */
#define _GNU_SOURCE
#include "skb_core_fixture.h"

/* ---------------------------------------------------------------------- */
/* Building test skbs                                                     */
/* ---------------------------------------------------------------------- */

/* Value of byte @off of the reference pattern. */
static unsigned char pat(size_t off, unsigned int seed)
{
	return (unsigned char)((off * 131u + seed * 17u + (off >> 8)) & 0xff);
}

/* ---------------------------------------------------------------------- */
/* Byte access across linear + frags + frag_list                          */
/* ---------------------------------------------------------------------- */

struct layout {
	struct sk_buff *skb;
	struct page *pages[3];
	unsigned char ref[8192];
	unsigned int len;
};

/* Writes pattern @seed over @len bytes at @dst, as bytes [@at, @at + len). */
static void fill(unsigned char *dst, size_t at, size_t len, unsigned int seed,
		 unsigned char *ref)
{
	for (size_t i = 0; i < len; i++) {
		dst[i] = pat(at + i, seed);
		ref[at + i] = dst[i];
	}
}

/*
 * skb: 100 linear bytes, frags [page0 +100, 1000] [page1 +0, 2000], and a
 * frag_list of two skbs: 300 linear bytes, then 50 linear bytes + frag
 * [page2 +10, 500]. 3950 bytes in all.
 */
static void layout_build(struct layout *l)
{
	struct sk_buff *f1, *f2;
	unsigned char *p;
	size_t at = 0;

	memset(l, 0, sizeof(*l));
	for (int i = 0; i < 3; i++)
		l->pages[i] = plain_page();
	l->skb = alloc_skb(256, GFP_ATOMIC);
	assert_non_null(l->skb);
	skb_reserve(l->skb, 32);
	p = skb_put(l->skb, 100);
	fill(p, at, 100, 1, l->ref);
	at += 100;
	fill((unsigned char *)page_address(l->pages[0]) + 100, at, 1000, 1, l->ref);
	add_frag(l->skb, 0, l->pages[0], 100, 1000);
	at += 1000;
	fill(page_address(l->pages[1]), at, 2000, 1, l->ref);
	add_frag(l->skb, 1, l->pages[1], 0, 2000);
	at += 2000;

	f1 = alloc_skb(300, GFP_ATOMIC);
	assert_non_null(f1);
	fill(skb_put(f1, 300), at, 300, 1, l->ref);
	at += 300;
	f2 = alloc_skb(64, GFP_ATOMIC);
	assert_non_null(f2);
	fill(skb_put(f2, 50), at, 50, 1, l->ref);
	at += 50;
	fill((unsigned char *)page_address(l->pages[2]) + 10, at, 500, 1, l->ref);
	add_frag(f2, 0, l->pages[2], 10, 500);
	at += 500;
	f1->next = f2;
	skb_shinfo(l->skb)->frag_list = f1;
	l->skb->len += f1->len + f2->len;
	l->skb->data_len += f1->len + f2->len;
	l->len = (unsigned int)at;
	assert_int_equal(l->skb->len, 3950);
	assert_int_equal(l->skb->data_len, 3850);
	assert_int_equal(skb_headlen(l->skb), 100);
	assert_true(skb_has_frag_list(l->skb));
	/* hold a reference on each page to see them released once */
	for (int i = 0; i < 3; i++)
		get_page(l->pages[i]);
}

static void layout_free(struct layout *l)
{
	kfree_skb(l->skb);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(page_ref_count(l->pages[i]), 1);
		put_page(l->pages[i]);
	}
}

static void test_header_pointer(void **state)
{
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char buf[64];
	unsigned char *p;

	(void)state;
	assert_non_null(l);
	layout_build(l);
	/* in place: linear */
	p = skb_header_pointer(l->skb, 10, 40, buf);
	assert_ptr_equal(p, l->skb->data + 10);
	p = skb_header_pointer(l->skb, 60, 40, buf);
	assert_ptr_equal(p, l->skb->data + 60);
	/* copied: across the linear/frag boundary, inside a frag, in frag_list */
	p = skb_header_pointer(l->skb, 80, 40, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + 80, 40);
	p = skb_header_pointer(l->skb, 1090, 20, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + 1090, 20);
	p = skb_header_pointer(l->skb, 3390, 20, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + 3390, 20);
	p = skb_header_pointer(l->skb, (int)l->len - 64, 64, buf);
	assert_ptr_equal(p, buf);
	assert_memory_equal(buf, l->ref + l->len - 64, 64);
	/* past the end; a negative offset is the headroom (32 bytes), in place
	 * as in the kernel, and before the head NULL */
	assert_null(skb_header_pointer(l->skb, (int)l->len - 63, 64, buf));
	assert_ptr_equal(skb_header_pointer(l->skb, -1, 4, buf), l->skb->data - 1);
	assert_ptr_equal(skb_header_pointer(l->skb, -32, 40, buf), l->skb->head);
	assert_null(skb_header_pointer(l->skb, -33, 4, buf));
	assert_null(skb_header_pointer(l->skb, 0, -1, buf));

	/* a clone shares the frags and the frag_list: same bytes, and
	 * everything is released once, with the last data reference */
	{
		struct sk_buff *c = skb_clone(l->skb, GFP_ATOMIC);
		struct sk_buff *f1 = skb_shinfo(l->skb)->frag_list;

		assert_non_null(c);
		assert_ptr_equal(skb_shinfo(c)->frag_list, f1);
		p = skb_header_pointer(c, 3390, 20, buf);
		assert_memory_equal(p, l->ref + 3390, 20);
		kfree_skb(l->skb);
		assert_int_equal(f1->users, 1);
		assert_int_equal(page_ref_count(l->pages[2]), 2);
		l->skb = c;
	}
	layout_free(l);
	free(l);
	assert_misuses(0);
}

static void test_copy_store_bits(void **state)
{
	static const int bounds[] = { 0, 1, 99, 100, 101, 1099, 1100, 1101, 3099, 3100,
				      3101, 3399, 3400, 3401, 3449, 3450, 3451, 3949, 3950 };
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char *out = malloc(8192), *in = malloc(8192);
	struct nm_skb_stats a = stats_now();

	(void)state;
	assert_non_null(l);
	assert_non_null(out);
	assert_non_null(in);
	layout_build(l);

	/* every pair of interesting boundaries */
	for (size_t i = 0; i < RTE_DIM(bounds); i++)
		for (size_t j = i; j < RTE_DIM(bounds); j++) {
			int off = bounds[i], len = bounds[j] - bounds[i];

			memset(out, 0xee, 8192);
			assert_int_equal(skb_copy_bits(l->skb, off, out, len), 0);
			assert_memory_equal(out, l->ref + off, (size_t)len);
			assert_int_equal(out[len], 0xee);
		}

	/* out of range: -EFAULT, nothing written; the headroom (32 bytes) is
	 * in range, as in the kernel */
	memset(out, 0xee, 16);
	assert_int_equal(skb_copy_bits(l->skb, -33, out, 4), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, 0, out, -1), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, (int)l->len - 3, out, 4), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, (int)l->len + 1, out, 0), -EFAULT);
	assert_int_equal(skb_copy_bits(l->skb, 0, out, (int)l->len + 1), -EFAULT);
	assert_int_equal(out[0], 0xee);
	assert_int_equal(skb_copy_bits(l->skb, (int)l->len, out, 0), 0);
	assert_int_equal(skb_store_bits(l->skb, (int)l->len - 3, in, 4), -EFAULT);
	assert_int_equal(skb_store_bits(l->skb, -33, in, 4), -EFAULT);
	memset(l->skb->head, 0x5a, 32);
	assert_int_equal(skb_store_bits(l->skb, -4, "\x01\x02\x03\x04\x05\x06", 6), 0);
	assert_memory_equal(l->skb->data - 4, "\x01\x02\x03\x04", 4);
	memcpy(l->ref, "\x05\x06", 2);
	assert_int_equal(skb_copy_bits(l->skb, -5, out, 7), 0);
	assert_memory_equal(out, "\x5a\x01\x02\x03\x04\x05\x06", 7);
	assert_int_equal(skb_copy_bits(l->skb, -32, out, 32), 0);
	assert_memory_equal(out, l->skb->head, 32);

	/* store across everything, read back, and see it in each piece */
	for (size_t i = 0; i < l->len; i++)
		in[i] = pat(i, 9);
	assert_int_equal(skb_store_bits(l->skb, 50, in + 50, 3850), 0);
	memcpy(l->ref + 50, in + 50, 3850);
	assert_int_equal(skb_copy_bits(l->skb, 0, out, (int)l->len), 0);
	assert_memory_equal(out, l->ref, l->len);
	assert_memory_equal(l->skb->data + 50, in + 50, 50);
	assert_memory_equal((unsigned char *)page_address(l->pages[0]) + 100, in + 100, 1000);
	assert_memory_equal(page_address(l->pages[1]), in + 1100, 2000);
	assert_memory_equal(skb_shinfo(l->skb)->frag_list->data, in + 3100, 300);
	assert_memory_equal((unsigned char *)page_address(l->pages[2]) + 10, in + 3450, 450);
	/* bytes outside the frags were not touched */
	assert_int_equal(((unsigned char *)page_address(l->pages[0]))[99], 0xcc);
	assert_int_equal(((unsigned char *)page_address(l->pages[1]))[2000], 0xcc);
	assert_int_equal(((unsigned char *)page_address(l->pages[2]))[9], 0xcc);
	/* small stores at each boundary */
	for (size_t i = 0; i < RTE_DIM(bounds) - 1; i++) {
		int off = bounds[i];

		assert_int_equal(skb_store_bits(l->skb, off, "\x42", 1), 0);
		l->ref[off] = 0x42;
	}
	assert_int_equal(skb_copy_bits(l->skb, 0, out, (int)l->len), 0);
	assert_memory_equal(out, l->ref, l->len);

	layout_free(l);
	assert_int_equal(stats_now().live, a.live);
	free(l);
	free(out);
	free(in);
	assert_misuses(0);
}

/* Unreadable frags are never touched: -EIO, NULL, nothing copied. */
static void test_unreadable_frag(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 4 * PAGE_SIZE, 0x5a);
	struct net_iov *niov = binding_niov(b, 1);
	netmem_ref nm = net_iov_to_netmem(niov);
	struct sk_buff *skb, *clone;
	struct page *pg = plain_page();
	unsigned char out[4096], lin[100];
	skb_frag_t *f;

	(void)state;
	skb = alloc_skb(128, GFP_ATOMIC);
	assert_non_null(skb);
	for (int i = 0; i < 100; i++)
		lin[i] = (unsigned char)i;
	skb_put_data(skb, lin, 100);
	add_frag(skb, 0, pg, 0, 1000);
	assert_true(skb_frags_readable(skb));
	assert_true(skb_readable_all(skb));
	/* a net_iov frag, with the reference on its binding it holds */
	get_netmem(nm);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	skb_add_rx_frag_netmem(skb, 1, nm, 0, 2000, PAGE_SIZE);
	assert_false(skb_frags_readable(skb));
	assert_false(skb_readable_all(skb));
	assert_int_equal(skb->len, 3100);

	f = &skb_shinfo(skb)->frags[1];
	assert_true(skb_frag_is_net_iov(f));
	assert_null(skb_frag_page(f));
	assert_ptr_equal(skb_frag_net_iov(f), niov);
	assert_null(skb_frag_address(f));
	assert_null(skb_frag_address_safe(f));
	assert_false(skb_frag_is_net_iov(&skb_shinfo(skb)->frags[0]));
	assert_null(skb_frag_net_iov(&skb_shinfo(skb)->frags[0]));

	/* readable ranges still work */
	assert_int_equal(skb_copy_bits(skb, 0, out, 1100), 0);
	assert_memory_equal(out, lin, 100);
	/* any range touching the net_iov: -EIO and nothing copied or stored */
	memset(out, 0xee, sizeof(out));
	assert_int_equal(skb_copy_bits(skb, 0, out, 1101), -EIO);
	assert_int_equal(skb_copy_bits(skb, 1100, out, 1), -EIO);
	assert_int_equal(skb_copy_bits(skb, 3000, out, 100), -EIO);
	assert_int_equal(out[0], 0xee);
	memset(out, 0x77, sizeof(out));
	assert_int_equal(skb_store_bits(skb, 0, out, 1101), -EIO);
	assert_memory_equal(skb->data, lin, 100);
	assert_int_equal(((unsigned char *)r.addr)[PAGE_SIZE], 0x5a);
	assert_null(skb_header_pointer(skb, 1090, 20, out));
	assert_non_null(skb_header_pointer(skb, 10, 20, out));
	/* out of range beats unreadable */
	assert_int_equal(skb_copy_bits(skb, 3000, out, 101), -EFAULT);

	/* a clone is unreadable too and shares the frag: no new reference */
	clone = skb_clone(skb, GFP_ATOMIC);
	assert_non_null(clone);
	assert_false(skb_frags_readable(clone));
	assert_int_equal(skb_copy_bits(clone, 1000, out, 200), -EIO);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	kfree_skb(skb);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	kfree_skb(clone);
	assert_int_equal(net_devmem_binding_refcnt(b), 1);
	devmem_unbind_last(b, &r);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_header_pointer, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_store_bits, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_frag, skb_case_setup, skb_case_teardown),
	};

	return skb_core_run("skb_core_bytes", tests, sizeof(tests) / sizeof(tests[0]));
}

