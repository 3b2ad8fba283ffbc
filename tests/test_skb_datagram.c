/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of the copy-out and iteration family (skb_datagram.h,
 * scatterlist.h; iov_iter itself is in test_uio.c): skb_copy_datagram_iter/_msg and skb_copy_datagram_from_iter across the
 * linear part, page frags and a frag_list member, with truncation, faults
 * and the reverted iterator; skb_copy_and_csum_datagram_msg (good and bad
 * checksums, one pass and the short-buffer path); skb_copy_and_csum_bits
 * and skb_copy_and_csum_dev; skb_to_sgvec(_nomark) (entries, end marks,
 * -EMSGSIZE, nesting); skb_seq_read and skb_find_text; and unreadable (net_iov) frags
 * refused with the kernel's result by every one of them (skb_zerocopy's
 * own tests are in test_skb_frags.c).
 *
 * Every case checks the misuses it provokes, and that every skb it made was
 * freed and every page_pool is idle.
 */
#include "test_dgram_util.h"

/* ---------------------------------------------------------------------- */
/* skb to and from an iov_iter                                            */
/* ---------------------------------------------------------------------- */

static void test_copy_datagram_iter(void **state)
{
	static const int bounds[] = { 0, 1, 99, 100, 101, 1099, 1100, 1101, 3099, 3100,
				      3101, 3399, 3400, 3401, 3849, 3850 };
	struct page_pool *pool = pool_new();
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char *out = malloc(8192);
	struct iovec iov[4];
	struct nm_msghdr msg;
	struct iov_iter it;

	(void)state;
	layout_build(l, pool, 1);
	/* every pair of boundaries, into 4 segments of 13, 1000, 7, rest */
	for (size_t i = 0; i < RTE_DIM(bounds); i++)
		for (size_t j = i; j < RTE_DIM(bounds); j++) {
			int off = bounds[i], len = bounds[j] - bounds[i];

			memset(out, 0xee, 8192);
			iov[0] = (struct iovec){ out, 13 };
			iov[1] = (struct iovec){ out + 13, 1000 };
			iov[2] = (struct iovec){ out + 1013, 7 };
			iov[3] = (struct iovec){ out + 1020, 5000 };
			iov_iter_init(&it, ITER_DEST, iov, 4, 6020);
			assert_int_equal(skb_copy_datagram_iter(l->skb, off, &it, len), 0);
			assert_int_equal(iov_iter_count(&it), 6020 - (size_t)len);
			assert_memory_equal(out, l->ref + off, (size_t)len);
			assert_int_equal(out[len], 0xee);
		}

	/* a short destination: a truncated read, not a fault */
	memset(out, 0xee, 8192);
	iov[0] = (struct iovec){ out, 2000 };
	iov_iter_init(&it, ITER_DEST, iov, 1, 2000);
	assert_int_equal(skb_copy_datagram_iter(l->skb, 50, &it, 3800), 0);
	assert_int_equal(iov_iter_count(&it), 0);
	assert_memory_equal(out, l->ref + 50, 2000);
	assert_int_equal(out[2000], 0xee);
	/* the same ending exactly inside the frag_list member */
	iov[0] = (struct iovec){ out, 3200 };
	iov_iter_init(&it, ITER_DEST, iov, 1, 3200);
	assert_int_equal(skb_copy_datagram_iter(l->skb, 50, &it, 3800), 0);
	assert_memory_equal(out, l->ref + 50, 3200);

	/* more than the skb has: -EFAULT, the iterator back where it was */
	iov[0] = (struct iovec){ out, 8192 };
	iov_iter_init(&it, ITER_DEST, iov, 1, 8192);
	assert_int_equal(skb_copy_datagram_iter(l->skb, 3000, &it, 851), -EFAULT);
	assert_iter(&it, &iov[0], 0, 1, 8192);
	assert_int_equal(skb_copy_datagram_iter(l->skb, -1 - (int)skb_headroom(l->skb), &it, 4),
			 -EFAULT);
	assert_int_equal(skb_copy_datagram_iter(l->skb, 0, &it, -1), -EFAULT);
	assert_int_equal(skb_copy_datagram_iter(l->skb, 3850, &it, 0), 0);

	/* a fault inside the frag_list member: both levels revert */
	iov[0] = (struct iovec){ out, 3200 };
	iov[1] = (struct iovec){ NULL, 100 };
	iov[2] = (struct iovec){ out + 3200, 1000 };
	iov_iter_init(&it, ITER_DEST, iov, 3, 4300);
	assert_int_equal(skb_copy_datagram_iter(l->skb, 0, &it, 3850), -EFAULT);
	assert_iter(&it, &iov[0], 0, 3, 4300);
	/* and one in the first frag */
	iov[0] = (struct iovec){ out, 500 };
	iov_iter_init(&it, ITER_DEST, iov, 3, 1600);
	assert_int_equal(skb_copy_datagram_iter(l->skb, 0, &it, 1000), -EFAULT);
	assert_iter(&it, &iov[0], 0, 3, 1600);

	/* through a msghdr, the kernel's name for the kernel's layout */
	memset(&msg, 0, sizeof(msg));
	memset(out, 0, 8192);
	iov[0] = (struct iovec){ out, 4000 };
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 1, 4000);
	assert_int_equal(skb_copy_datagram_msg(l->skb, 0, &msg, LAYOUT_LEN), 0);
	assert_int_equal(msg_data_left(&msg), 4000 - LAYOUT_LEN);
	assert_memory_equal(out, l->ref, LAYOUT_LEN);
	assert_int_equal(memcpy_to_msg(&msg, out, 150), 0);
	assert_int_equal(memcpy_to_msg(&msg, out, 1), -EFAULT);

	kfree_skb(l->skb);
	pool_free_idle(pool);
	free(l);
	free(out);
	assert_misuses(0);
}

static void test_copy_datagram_from_iter(void **state)
{
	struct page_pool *pool = pool_new();
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char *src = malloc(8192), *out = malloc(8192);
	struct kvec kv[3];
	struct iov_iter it;

	(void)state;
	layout_build(l, pool, 2);
	for (int i = 0; i < 8192; i++)
		src[i] = pat((size_t)i, 7);
	/* write [60, 3860 - 60) from three kvecs, read it back */
	kv[0] = (struct kvec){ src, 1 };
	kv[1] = (struct kvec){ src + 1, 2999 };
	kv[2] = (struct kvec){ src + 3000, 2000 };
	iov_iter_kvec(&it, ITER_SOURCE, kv, 3, 5000);
	assert_int_equal(skb_copy_datagram_from_iter(l->skb, 60, &it, 3730), 0);
	assert_int_equal(iov_iter_count(&it), 5000 - 3730);
	memcpy(l->ref + 60, src, 3730);
	assert_int_equal(skb_copy_bits(l->skb, 0, out, LAYOUT_LEN), 0);
	assert_memory_equal(out, l->ref, LAYOUT_LEN);
	/* in each piece, and nothing around them */
	assert_memory_equal((unsigned char *)page_address(l->p0) + 100, src + 40, 1000);
	assert_int_equal(((unsigned char *)page_address(l->p0))[99], 0xcc);
	assert_memory_equal(l->child->data, src + 3040, 300);
	assert_int_equal(((unsigned char *)page_address(l->p2))[9], 0xcc);

	/* the source runs out: -EFAULT */
	iov_iter_kvec(&it, ITER_SOURCE, kv, 1, 1);
	assert_int_equal(skb_copy_datagram_from_iter(l->skb, 0, &it, 2), -EFAULT);
	/* the skb is shorter */
	iov_iter_kvec(&it, ITER_SOURCE, kv, 3, 5000);
	assert_int_equal(skb_copy_datagram_from_iter(l->skb, 3800, &it, 51), -EFAULT);
	/* a destination iterator gives nothing: misuse, -EFAULT */
	iov_iter_kvec(&it, ITER_DEST, kv, 3, 5000);
	assert_int_equal(skb_copy_datagram_from_iter(l->skb, 0, &it, 10), -EFAULT);
	assert_misuses(1);

	kfree_skb(l->skb);
	pool_free_idle(pool);
	free(l);
	free(src);
	free(out);
	case_misuse0 += 1;
}

/* ---------------------------------------------------------------------- */
/* Copy and checksum                                                      */
/* ---------------------------------------------------------------------- */

/* Makes the layout a UDP-like datagram: bytes 6..7 hold the checksum that
 * makes skb->csum (a pseudo-header sum) plus every byte fold to 0. */
#define PSEUDO	0x1234abcdU

static void make_valid(struct layout *l)
{
	uint16_t check;

	l->ref[6] = l->ref[7] = 0;
	check = (uint16_t)~ref_sum16(l->ref, LAYOUT_LEN, PSEUDO);
	memcpy(l->ref + 6, &check, 2);
	memcpy(l->skb->data + 6, &check, 2);
	l->skb->csum = PSEUDO;
	l->skb->ip_summed = CHECKSUM_NONE;
	assert_int_equal(ref_sum16(l->ref, LAYOUT_LEN, PSEUDO), 0xffff);
}

static void test_copy_and_csum_datagram_msg(void **state)
{
	struct page_pool *pool = pool_new();
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char *out = malloc(8192);
	struct iovec iov[3];
	struct nm_msghdr msg;
	unsigned char *fb;

	(void)state;
	layout_build(l, pool, 3);
	make_valid(l);
	memset(&msg, 0, sizeof(msg));

	/* one pass: room for all of it */
	memset(out, 0xee, 8192);
	iov[0] = (struct iovec){ out, 1001 };
	iov[1] = (struct iovec){ out + 1001, 4000 };
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 2, 5001);
	assert_int_equal(skb_copy_and_csum_datagram_msg(l->skb, 8, &msg), 0);
	assert_int_equal(msg_data_left(&msg), 5001 - (LAYOUT_LEN - 8));
	assert_memory_equal(out, l->ref + 8, LAYOUT_LEN - 8);
	assert_int_equal(l->skb->ip_summed, CHECKSUM_NONE);

	/* a byte flipped in the pp frag: -EINVAL, iterator reverted */
	fb = (unsigned char *)page_address(l->pp1) + 500;
	*fb ^= 0x40;
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 2, 5001);
	assert_int_equal(skb_copy_and_csum_datagram_msg(l->skb, 8, &msg), -EINVAL);
	assert_iter(&msg.msg_iter, &iov[0], 0, 2, 5001);

	/* the short path: verify all, then copy what fits */
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 1, 1001);
	assert_int_equal(skb_copy_and_csum_datagram_msg(l->skb, 8, &msg), -EINVAL);
	assert_int_equal(msg_data_left(&msg), 1001);
	assert_int_equal(l->skb->ip_summed, CHECKSUM_COMPLETE);
	assert_false(l->skb->csum_valid);
	*fb ^= 0x40;
	l->skb->csum = PSEUDO;
	l->skb->ip_summed = CHECKSUM_NONE;
	memset(out, 0xee, 8192);
	assert_int_equal(skb_copy_and_csum_datagram_msg(l->skb, 8, &msg), 0);
	assert_int_equal(msg_data_left(&msg), 0);
	assert_memory_equal(out, l->ref + 8, 1001);
	assert_int_equal(out[1001], 0xee);
	/* the full sum is kept: CHECKSUM_COMPLETE, valid */
	assert_int_equal(l->skb->ip_summed, CHECKSUM_COMPLETE);
	assert_true(l->skb->csum_valid);
	assert_int_equal(csum_fold(l->skb->csum), (uint16_t)~ref_sum16(l->ref, LAYOUT_LEN, 0));

	/* a fault while copying: -EFAULT, reverted */
	l->skb->csum = PSEUDO;
	l->skb->ip_summed = CHECKSUM_NONE;
	iov[0] = (struct iovec){ out, 3000 };
	iov[1] = (struct iovec){ NULL, 100 };
	iov[2] = (struct iovec){ out + 3000, 4000 };
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 3, 7100);
	assert_int_equal(skb_copy_and_csum_datagram_msg(l->skb, 8, &msg), -EFAULT);
	assert_iter(&msg.msg_iter, &iov[0], 0, 3, 7100);
	/* nothing past the header: 0, nothing consumed */
	assert_int_equal(skb_copy_and_csum_datagram_msg(l->skb, (int)l->skb->len, &msg), 0);
	assert_int_equal(msg_data_left(&msg), 7100);

	kfree_skb(l->skb);
	pool_free_idle(pool);
	free(l);
	free(out);
	assert_misuses(0);
}

static void test_copy_and_csum_bits_dev(void **state)
{
	static const int bounds[] = { 0, 1, 100, 101, 1099, 1100, 3100, 3101, 3849, 3850 };
	struct page_pool *pool = pool_new();
	struct layout *l = calloc(1, sizeof(*l));
	unsigned char *out = malloc(8192);
	__wsum csum;

	(void)state;
	layout_build(l, pool, 4);
	for (size_t i = 0; i < RTE_DIM(bounds); i++)
		for (size_t j = i; j < RTE_DIM(bounds); j++) {
			int off = bounds[i], len = bounds[j] - bounds[i];

			memset(out, 0xee, 8192);
			csum = skb_copy_and_csum_bits(l->skb, off, out, len);
			assert_memory_equal(out, l->ref + off, (size_t)len);
			assert_int_equal(out[len], 0xee);
			/* the kernel's 32-bit value: the same as skb_checksum() */
			assert_int_equal(csum, skb_checksum(l->skb, off, len, 0));
			assert_int_equal(csum_fold(csum),
					 (uint16_t)~ref_sum16(l->ref + off, (size_t)len, 0));
		}

	/* CHECKSUM_NONE: a plain copy */
	memset(out, 0xee, 8192);
	skb_copy_and_csum_dev(l->skb, out);
	assert_memory_equal(out, l->ref, LAYOUT_LEN);
	assert_int_equal(out[LAYOUT_LEN], 0xee);

	/* CHECKSUM_PARTIAL from byte 20, field at 20 + 6 */
	{
		uint16_t expect, got;

		l->skb->ip_summed = CHECKSUM_PARTIAL;
		l->skb->csum_start = (__u16)(skb_headroom(l->skb) + 20);
		l->skb->csum_offset = 6;
		expect = (uint16_t)~ref_sum16(l->ref + 20, LAYOUT_LEN - 20, 0);
		skb_copy_and_csum_dev(l->skb, out);
		memcpy(&got, out + 26, 2);
		assert_int_equal(got, expect);
		assert_memory_equal(out, l->ref, 26);
		assert_memory_equal(out + 28, l->ref + 28, LAYOUT_LEN - 28);
		/* the skb itself is untouched */
		assert_memory_equal(l->skb->data + 26, l->ref + 26, 2);

		/* start past the linear part: the kernel's BUG */
		nm_set_bug_mode(NM_BUG_COUNT);
		l->skb->csum_start = (__u16)(skb_headroom(l->skb) + 101);
		memset(out, 0xee, 16);
		skb_copy_and_csum_dev(l->skb, out);
		assert_misuses(1);
		assert_int_equal(out[0], 0xee);
		assert_int_equal(skb_copy_and_csum_bits(l->skb, 3000, out, 851), 0);
		assert_misuses(2);
		nm_set_bug_mode(NM_BUG_ABORT);
		l->skb->ip_summed = CHECKSUM_NONE;
	}

	kfree_skb(l->skb);
	pool_free_idle(pool);
	free(l);
	free(out);
	case_misuse0 += 2;
}

/* ---------------------------------------------------------------------- */
/* Scatterlists                                                           */
/* ---------------------------------------------------------------------- */

static void assert_sg(struct scatterlist *sg, struct page *page, unsigned int off,
		      unsigned int len, const unsigned char *bytes)
{
	assert_ptr_equal(sg_page(sg), page);
	assert_int_equal(sg->offset, off);
	assert_int_equal(sg->length, len);
	assert_memory_equal(sg_virt(sg), bytes, len);
	assert_int_equal(sg_dma_address(sg), page->dma_addr + off);
	assert_int_equal(sg_dma_len(sg), len);
}

static void test_to_sgvec(void **state)
{
	struct page_pool *pool = pool_new();
	struct layout *l = calloc(1, sizeof(*l));
	struct scatterlist sg[8], *s;
	struct page *head;
	unsigned int hoff, total = 0;
	int i, n;

	(void)state;
	layout_build(l, pool, 5);
	head = virt_to_head_page(l->skb->data);
	hoff = (unsigned int)(l->skb->data - (unsigned char *)page_address(head));

	sg_init_table(sg, 8);
	assert_true(sg_is_last(&sg[7]));
	n = skb_to_sgvec(l->skb, sg, 0, LAYOUT_LEN);
	assert_int_equal(n, 5);
	assert_sg(&sg[0], head, hoff, 100, l->ref);
	assert_ptr_equal(sg_virt(&sg[0]), l->skb->data);
	assert_sg(&sg[1], l->p0, 100, 1000, l->ref + 100);
	assert_sg(&sg[2], l->pp1, 0, 2000, l->ref + 1100);
	assert_sg(&sg[3], virt_to_head_page(l->child->data),
		  (unsigned int)(l->child->data -
				 (unsigned char *)page_address(virt_to_head_page(l->child->data))),
		  300, l->ref + 3100);
	assert_sg(&sg[4], l->p2, 10, 450, l->ref + 3400);
	for (i = 0; i < 4; i++)
		assert_false(sg_is_last(&sg[i]));
	assert_true(sg_is_last(&sg[4]));
	assert_null(sg_next(&sg[4]));
	assert_int_equal(sg_nents(sg), 5);
	for_each_sg(sg, s, n, i)
		total += s->length;
	assert_int_equal(total, LAYOUT_LEN);

	/* a range in the middle */
	sg_init_table(sg, 8);
	n = skb_to_sgvec(l->skb, sg, 150, 3000);
	assert_int_equal(n, 3);
	assert_sg(&sg[0], l->p0, 150, 950, l->ref + 150);
	assert_sg(&sg[1], l->pp1, 0, 2000, l->ref + 1100);
	assert_int_equal(sg[2].length, 50);
	assert_memory_equal(sg_virt(&sg[2]), l->ref + 3100, 50);
	assert_true(sg_is_last(&sg[2]));

	/* exactly enough entries, and one too few */
	sg_init_table(sg, 5);
	assert_int_equal(skb_to_sgvec(l->skb, sg, 0, LAYOUT_LEN), 5);
	sg_init_table(sg, 4);
	assert_int_equal(skb_to_sgvec(l->skb, sg, 0, LAYOUT_LEN), -EMSGSIZE);
	sg_init_table(sg, 3);
	assert_int_equal(skb_to_sgvec(l->skb, sg, 0, LAYOUT_LEN), -EMSGSIZE);

	/* nomark: the table's own end mark stays where it was */
	sg_init_table(sg, 8);
	assert_int_equal(skb_to_sgvec_nomark(l->skb, sg, 0, LAYOUT_LEN), 5);
	assert_false(sg_is_last(&sg[4]));
	assert_true(sg_is_last(&sg[7]));

	/* a chained table */
	{
		struct scatterlist a[3], b[4];

		sg_init_table(a, 3);
		sg_init_table(b, 4);
		sg_set_buf(&a[0], l->ref, 10);
		sg_set_buf(&a[1], l->ref + 10, 20);
		sg_chain(a, 3, b);
		sg_set_buf(&b[0], l->ref + 30, 5);
		assert_ptr_equal(sg_next(&a[1]), &b[0]);
		assert_int_equal(sg_nents(a), 2 + 4);
		/* memory outside libnetmem pages: no page, the address kept */
		assert_null(sg_page(&a[0]));
		assert_ptr_equal(sg_virt(&a[1]), l->ref + 10);
		assert_int_equal(sg_dma_address(&a[0]), NM_SG_DMA_UNKNOWN);
	}

	/* out of range: the kernel's BUG */
	nm_set_bug_mode(NM_BUG_COUNT);
	assert_int_equal(skb_to_sgvec(l->skb, sg, 3000, 851), -EINVAL);
	nm_set_bug_mode(NM_BUG_ABORT);
	assert_misuses(1);
	case_misuse0 += 1;

	kfree_skb(l->skb);
	pool_free_idle(pool);
	free(l);
}

/* frag_list skbs nested deeper than 24 levels do not fit */
static void test_to_sgvec_nesting(void **state)
{
	struct scatterlist sg[32];
	struct sk_buff *skbs[26];

	(void)state;
	for (int depth = 24; depth <= 25; depth++) {
		/* skbs[0] holds skbs[1] in its frag_list, ... each one byte */
		for (int k = depth - 1; k >= 0; k--) {
			struct sk_buff *last = NULL;

			skbs[k] = alloc_skb(16, GFP);
			assert_non_null(skbs[k]);
			*(unsigned char *)skb_put(skbs[k], 1) = (unsigned char)k;
			if (k + 1 < depth)
				add_child(skbs[k], &last, skbs[k + 1]);
		}
		assert_int_equal(skbs[0]->len, (unsigned int)depth);
		sg_init_table(sg, 32);
		/* levels 0..23 fit; a 25th skb is at level 24 */
		assert_int_equal(skb_to_sgvec(skbs[0], sg, 0, depth),
				 depth <= 24 ? depth : -EMSGSIZE);
		kfree_skb(skbs[0]);
	}
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Sequential reads                                                       */
/* ---------------------------------------------------------------------- */

static void test_seq_read(void **state)
{
	static const unsigned int whole[] = { 100, 1000, 2000, 300, 450 };
	static const unsigned int mid[] = { 950, 2000, 300 };
	struct page_pool *pool = pool_new();
	struct layout *l = calloc(1, sizeof(*l));
	struct skb_seq_state st;
	const __u8 *data;
	unsigned int consumed = 0, len, k = 0;

	(void)state;
	layout_build(l, pool, 6);
	skb_prepare_seq_read(l->skb, 0, LAYOUT_LEN, &st);
	while ((len = skb_seq_read(consumed, &data, &st)) != 0) {
		assert_true(k < RTE_DIM(whole));
		assert_int_equal(len, whole[k]);
		assert_memory_equal(data, l->ref + consumed, len);
		consumed += len;
		k++;
	}
	assert_int_equal(k, 5);
	assert_int_equal(consumed, LAYOUT_LEN);
	assert_null(st.frag_data);

	/* [150, 3200): blocks are not clipped at the upper bound */
	skb_prepare_seq_read(l->skb, 150, 3200, &st);
	consumed = 0;
	k = 0;
	while ((len = skb_seq_read(consumed, &data, &st)) != 0) {
		assert_true(k < RTE_DIM(mid));
		assert_int_equal(len, mid[k]);
		assert_memory_equal(data, l->ref + 150 + consumed, len);
		consumed += len;
		k++;
	}
	assert_int_equal(k, 3);

	/* reading inside a block returns its rest; abort leaves no mapping */
	skb_prepare_seq_read(l->skb, 0, LAYOUT_LEN, &st);
	assert_int_equal(skb_seq_read(1200, &data, &st), 1900);
	assert_ptr_equal(data, (unsigned char *)page_address(l->pp1) + 100);
	assert_non_null(st.frag_data);
	assert_int_equal(skb_seq_read(1250, &data, &st), 1850);
	skb_abort_seq_read(&st);
	assert_null(st.frag_data);

	kfree_skb(l->skb);
	pool_free_idle(pool);
	free(l);
	assert_misuses(0);
}

/* A pattern across the linear part, frags and the frag_list member. */
static void test_find_text(void **state)
{
	struct page_pool *pool = pool_new();
	struct layout *l = calloc(1, sizeof(*l));
	struct ts_config *ts;
	struct ts_state tst;
	unsigned char pat1[40];

	(void)state;
	layout_build(l, pool, 8);
	assert_true(IS_ERR(textsearch_prepare("kmp", "", 0, GFP_KERNEL, TS_AUTOLOAD)));
	assert_int_equal(PTR_ERR(textsearch_prepare("fsm", "x", 1, GFP_KERNEL, 0)), -ENOENT);

	/* 40 bytes found nowhere else (the layout's pattern repeats), around
	 * the boundary of frag1 and the member (3100) */
	for (unsigned int i = 0, x = 12345; i < 40; i++) {
		x = x * 1103515245u + 12345u;
		pat1[i] = (unsigned char)(x >> 16);
	}
	assert_int_equal(skb_store_bits(l->skb, 3080, pat1, 40), 0);
	memcpy(l->ref + 3080, pat1, 40);
	ts = textsearch_prepare("kmp", pat1, 40, GFP_KERNEL, TS_AUTOLOAD);
	assert_false(IS_ERR_OR_NULL(ts));
	assert_int_equal(textsearch_get_pattern_len(ts), 40);
	assert_int_equal(skb_find_text(l->skb, 0, LAYOUT_LEN, ts), 3080);
	assert_int_equal(skb_find_text(l->skb, 3000, LAYOUT_LEN, ts), 80);
	/* the match must end inside the range */
	assert_int_equal(skb_find_text(l->skb, 0, 3119, ts), UINT_MAX);
	assert_int_equal(skb_find_text(l->skb, 0, 3120, ts), 3080);
	assert_int_equal(skb_find_text(l->skb, 3081, LAYOUT_LEN, ts), UINT_MAX);
	/* a flat buffer, and case folding */
	assert_int_equal(textsearch_find_continuous(ts, &tst, l->ref, LAYOUT_LEN), 3080);
	textsearch_destroy(ts);
	ts = textsearch_prepare("bm", "XyZ", 3, GFP_KERNEL, TS_IGNORECASE);
	assert_int_equal(textsearch_find_continuous(ts, &tst, "..xYz..XYZ", 10), 2);
	assert_int_equal(textsearch_next(ts, &tst), 7);
	assert_int_equal(textsearch_next(ts, &tst), UINT_MAX);
	textsearch_destroy(ts);

	kfree_skb(l->skb);
	pool_free_idle(pool);
	free(l);
	assert_misuses(0);
}

/* ---------------------------------------------------------------------- */
/* Unreadable frags                                                       */
/* ---------------------------------------------------------------------- */

static void test_unreadable(void **state)
{
	struct region r;
	struct net_devmem_dmabuf_binding *b = region_bind(&r, 4 * PAGE_SIZE, 0x5a);
	struct net_iov *niov = binding_niov(b, 1);
	netmem_ref nm = net_iov_to_netmem(niov);
	struct sk_buff *skb, *to;
	unsigned char lin[100], out[4096];
	struct iovec iov[1] = { { out, sizeof(out) } };
	struct kvec kv[1] = { { out, sizeof(out) } };
	struct scatterlist sg[4];
	struct skb_seq_state st;
	struct nm_msghdr msg;
	struct iov_iter it;
	const __u8 *data;

	(void)state;
	for (int i = 0; i < 100; i++)
		lin[i] = (unsigned char)i;
	skb = alloc_skb(128, GFP);
	skb_put_data(skb, lin, 100);
	get_netmem(nm);
	skb_add_rx_frag_netmem(skb, 0, nm, 0, 2000, PAGE_SIZE);
	assert_false(skb_frags_readable(skb));

	/* to an iterator: -EFAULT with room left, reverted */
	memset(out, 0xee, sizeof(out));
	iov_iter_init(&it, ITER_DEST, iov, 1, sizeof(out));
	assert_int_equal(skb_copy_datagram_iter(skb, 0, &it, 2100), -EFAULT);
	assert_int_equal(iov_iter_count(&it), sizeof(out));
	assert_memory_equal(out, lin, 100);
	assert_int_equal(out[100], 0xee);
	assert_int_equal(skb_copy_datagram_iter(skb, 100, &it, 10), -EFAULT);
	/* the linear part alone is fine */
	assert_int_equal(skb_copy_datagram_iter(skb, 10, &it, 90), 0);
	/* a full iterator when the frags start: a truncated read, 0 */
	iov_iter_init(&it, ITER_DEST, iov, 1, 100);
	assert_int_equal(skb_copy_datagram_iter(skb, 0, &it, 2100), 0);
	assert_int_equal(iov_iter_count(&it), 0);

	/* from an iterator: -EFAULT, device memory untouched; as in the
	 * kernel, the linear part before the frags is written first */
	memset(out, 0x77, sizeof(out));
	iov_iter_kvec(&it, ITER_SOURCE, kv, 1, sizeof(out));
	assert_int_equal(skb_copy_datagram_from_iter(skb, 100, &it, 100), -EFAULT);
	assert_int_equal(iov_iter_count(&it), sizeof(out));
	assert_int_equal(skb_copy_datagram_from_iter(skb, 50, &it, 100), -EFAULT);
	assert_int_equal(iov_iter_count(&it), sizeof(out) - 50);
	assert_int_equal(((unsigned char *)r.addr)[PAGE_SIZE], 0x5a);
	assert_memory_equal(skb->data, lin, 50);
	assert_int_equal(skb->data[50], 0x77);
	memcpy(skb->data, lin, 100);

	/* copy and checksum: -EFAULT, nothing consumed */
	memset(&msg, 0, sizeof(msg));
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 1, sizeof(out));
	assert_int_equal(skb_copy_and_csum_datagram_msg(skb, 8, &msg), -EFAULT);
	assert_int_equal(msg_data_left(&msg), sizeof(out));
	iov_iter_init(&msg.msg_iter, ITER_DEST, iov, 1, 10);
	assert_int_equal(skb_copy_and_csum_datagram_msg(skb, 8, &msg), -EFAULT);

	/* skb_copy_and_csum_bits: the kernel returns 0 once it meets them */
	memset(out, 0xee, sizeof(out));
	assert_int_equal(skb_copy_and_csum_bits(skb, 0, out, 2100), 0);
	assert_memory_equal(out, lin, 100);
	assert_int_equal(out[100], 0xee);
	assert_int_equal(skb_copy_and_csum_bits(skb, 0, out, 100), csum_partial(lin, 100, 0));

	/* scatterlists: a net_iov has no page */
	sg_init_table(sg, 4);
	assert_int_equal(skb_to_sgvec(skb, sg, 0, 2100), -EFAULT);
	assert_int_equal(skb_to_sgvec(skb, sg, 0, 100), 1);

	/* sequential read: the linear part, then nothing */
	skb_prepare_seq_read(skb, 0, skb->len, &st);
	assert_int_equal(skb_seq_read(0, &data, &st), 100);
	assert_ptr_equal(data, skb->data);
	assert_int_equal(skb_seq_read(100, &data, &st), 0);

	/* skb_zerocopy shares the net_iov frag by reference: unreadable too */
	to = alloc_skb(128, GFP);
	assert_int_equal(net_devmem_binding_refcnt(b), 2);
	assert_int_equal(skb_zerocopy(to, skb, 2100, 100), 0);
	assert_true(skb_frag_is_net_iov(&skb_shinfo(to)->frags[0]));
	assert_false(skb_frags_readable(to));
	assert_int_equal(net_devmem_binding_refcnt(b), 3);
	assert_memory_equal(to->data, lin, 100);
	kfree_skb(to);
	kfree_skb(skb);
	devmem_unbind_last(b, &r);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_copy_datagram_iter, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_datagram_from_iter, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_and_csum_datagram_msg, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_copy_and_csum_bits_dev, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_to_sgvec, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_to_sgvec_nesting, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_seq_read, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_find_text, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("skb_datagram", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
