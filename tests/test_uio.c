/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests of iov_iter (uio.h): iovec, kvec, bio_vec, ubuf and discard
 * iterators; copy_to_iter, copy_from_iter(_full), iov_iter_zero,
 * copy_page_to_iter/_from_iter, iov_iter_advance and iov_iter_revert with
 * the kernel's positions (segment, iov_offset, nr_segs, count) after each;
 * csum_and_copy_to_iter; faults (NULL bases), truncate/reexpand, and the
 * misuses reported (direction, revert past the start, count past the
 * segments, a page range past the page).
 *
 * Every case checks the misuses it provokes.
 */
#include "test_dgram_util.h"

static const unsigned char SRC[64] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+";

/* ---------------------------------------------------------------------- */
/* iov_iter                                                               */
/* ---------------------------------------------------------------------- */

static void test_iov_iter(void **state)
{
	unsigned char a[10], c[20], out[40];
	struct iovec iov[3] = { { a, 10 }, { NULL, 0 }, { c, 20 } };
	struct kvec kv[2] = { { out, 7 }, { out + 7, 9 } };
	struct iov_iter it;

	(void)state;
	memset(a, 0, sizeof(a));
	memset(c, 0, sizeof(c));
	iov_iter_init(&it, ITER_DEST, iov, 3, 30);
	assert_true(iter_is_iovec(&it));
	assert_true(user_backed_iter(&it));
	assert_int_equal(iov_iter_rw(&it), ITER_DEST);
	assert_iter(&it, &iov[0], 0, 3, 30);

	assert_int_equal(copy_to_iter(SRC, 4, &it), 4);
	assert_iter(&it, &iov[0], 4, 3, 26);
	/* a segment consumed to its end leaves the iterator on the next one */
	assert_int_equal(copy_to_iter(SRC + 4, 6, &it), 6);
	assert_iter(&it, &iov[1], 0, 2, 20);
	/* the empty segment is passed over by the copy */
	assert_int_equal(copy_to_iter(SRC + 10, 5, &it), 5);
	assert_iter(&it, &iov[2], 5, 1, 15);
	assert_ptr_equal(iter_iov_addr(&it), c + 5);
	assert_int_equal(iter_iov_len(&it), 15);
	assert_memory_equal(a, SRC, 10);
	assert_memory_equal(c, SRC + 10, 5);

	/* revert across the empty segment into the first */
	iov_iter_revert(&it, 12);
	assert_iter(&it, &iov[0], 3, 3, 27);
	/* advance skips empty segments after the position */
	iov_iter_advance(&it, 7);
	assert_iter(&it, &iov[2], 0, 1, 20);
	/* copies stop at the end */
	assert_int_equal(copy_to_iter(SRC, 64, &it), 20);
	assert_iter(&it, &iov[3], 0, 0, 0);
	assert_memory_equal(c, SRC, 20);
	assert_int_equal(copy_to_iter(SRC, 1, &it), 0);
	iov_iter_advance(&it, 5);
	assert_iter(&it, &iov[3], 0, 0, 0);
	/* back to the start, and not one byte more */
	iov_iter_revert(&it, 30);
	assert_iter(&it, &iov[0], 0, 3, 30);
	assert_misuses(0);
	iov_iter_revert(&it, 1);
	assert_misuses(1);
	assert_iter(&it, &iov[0], 0, 3, 30);
	iov_iter_revert(&it, 0);
	assert_iter(&it, &iov[0], 0, 3, 30);

	/* a destination is not a source */
	assert_int_equal(copy_from_iter(out, 5, &it), 0);
	assert_misuses(2);
	assert_iter(&it, &iov[0], 0, 3, 30);

	/* a NULL base is an unmapped address: the copy stops there */
	iov[1].iov_len = 5;
	iov_iter_init(&it, ITER_DEST, iov, 3, 35);
	assert_int_equal(copy_to_iter(SRC, 30, &it), 10);
	assert_iter(&it, &iov[1], 0, 2, 25);
	iov[1].iov_len = 0;

	/* count larger than the segments hold: capped, reported */
	iov_iter_init(&it, ITER_DEST, iov, 3, 31);
	assert_misuses(3);
	assert_int_equal(iov_iter_count(&it), 30);

	/* kvec source */
	memcpy(out, SRC, 16);
	iov_iter_kvec(&it, ITER_SOURCE, kv, 2, 16);
	assert_true(iov_iter_is_kvec(&it));
	assert_false(user_backed_iter(&it));
	assert_int_equal(iov_iter_rw(&it), ITER_SOURCE);
	memset(a, 0, sizeof(a));
	assert_int_equal(copy_from_iter(a, 10, &it), 10);
	assert_memory_equal(a, SRC, 10);
	assert_ptr_equal(it.kvec, &kv[1]);
	assert_int_equal(it.iov_offset, 3);
	assert_int_equal(it.nr_segs, 1);
	assert_int_equal(copy_to_iter(SRC, 1, &it), 0);	/* a source */
	assert_misuses(4);
	assert_false(copy_from_iter_full(a, 7, &it));	/* 6 left: reverted */
	assert_int_equal(iov_iter_count(&it), 6);
	assert_true(copy_from_iter_full(a, 6, &it));
	assert_memory_equal(a, SRC + 10, 6);

	/* ubuf */
	memset(out, 0, sizeof(out));
	iov_iter_ubuf(&it, ITER_DEST, out, 8);
	assert_true(iter_is_ubuf(&it));
	assert_int_equal(copy_to_iter(SRC, 5, &it), 5);
	assert_int_equal(it.iov_offset, 5);
	assert_ptr_equal(iter_iov_addr(&it), out + 5);
	assert_int_equal(iov_iter_zero(10, &it), 3);
	assert_int_equal(iov_iter_count(&it), 0);
	iov_iter_revert(&it, 8);
	assert_int_equal(iov_iter_count(&it), 8);
	assert_int_equal(it.iov_offset, 0);
	iov_iter_revert(&it, 1);			/* before the buffer */
	assert_misuses(5);
	assert_memory_equal(out, SRC, 5);
	assert_int_equal(out[5] | out[6] | out[7], 0);

	/* discard: counts, copies nothing */
	iov_iter_discard(&it, ITER_DEST, 10);
	assert_true(iov_iter_is_discard(&it));
	assert_int_equal(copy_to_iter(SRC, 6, &it), 6);
	assert_int_equal(copy_to_iter(SRC, 6, &it), 4);
	iov_iter_revert(&it, 3);
	assert_int_equal(iov_iter_count(&it), 3);

	/* truncate / reexpand */
	iov_iter_init(&it, ITER_DEST, iov, 3, 30);
	iov_iter_truncate(&it, 12);
	assert_int_equal(iov_iter_count(&it), 12);
	assert_int_equal(copy_to_iter(SRC, 30, &it), 12);
	iov_iter_reexpand(&it, 18);
	assert_int_equal(copy_to_iter(SRC, 30, &it), 18);
	assert_misuses(5);
	case_misuse0 += 5;
}

/* csum_and_copy_to_iter places each piece at its offset of the sum. */
static void test_csum_and_copy_to_iter(void **state)
{
	unsigned char a[7], b[64];
	struct iovec iov[2] = { { a, 7 }, { b, 64 } };
	struct csum_state cs = { .csum = 0, .off = 0 };
	struct iov_iter it;

	(void)state;
	iov_iter_init(&it, ITER_DEST, iov, 2, 71);
	/* odd-sized pieces over an odd-sized segment */
	assert_int_equal(csum_and_copy_to_iter(SRC, 5, &cs, &it), 5);
	assert_int_equal(csum_and_copy_to_iter(SRC + 5, 33, &cs, &it), 33);
	assert_int_equal(csum_and_copy_to_iter(SRC + 38, 26, &cs, &it), 26);
	assert_int_equal(cs.off, 64);
	assert_memory_equal(a, SRC, 7);
	assert_memory_equal(b, SRC + 7, 57);
	assert_int_equal(csum_fold(cs.csum), (uint16_t)~ref_sum16(SRC, 64, 0));
	assert_int_equal(csum_fold(cs.csum), csum_fold(csum_partial(SRC, 64, 0)));
	/* on a discard iterator the sum is still taken */
	cs.csum = 0;
	cs.off = 0;
	iov_iter_discard(&it, ITER_DEST, 100);
	assert_int_equal(csum_and_copy_to_iter(SRC, 3, &cs, &it), 3);
	assert_int_equal(csum_and_copy_to_iter(SRC + 3, 61, &cs, &it), 61);
	assert_int_equal(csum_fold(cs.csum), (uint16_t)~ref_sum16(SRC, 64, 0));
	assert_misuses(0);
}

/* An iov_iter over pieces of pages (ITER_BVEC), as splice paths build. */
static void test_iov_iter_bvec(void **state)
{
	struct page *p1 = plain_page(), *p2 = plain_page();
	struct bio_vec bv[3];
	unsigned char src[300], back[300];
	struct iov_iter it;

	(void)state;
	for (int i = 0; i < 300; i++)
		src[i] = pat((size_t)i, 13);
	bvec_set_page(&bv[0], p1, 100, 3996);
	bvec_set_page(&bv[1], p2, 0, 0);
	bvec_set_page(&bv[2], p2, 200, 50);
	iov_iter_bvec(&it, ITER_DEST, bv, 3, 300);
	assert_true(iov_iter_is_bvec(&it));
	assert_int_equal(copy_to_iter(src, 250, &it), 250);
	assert_ptr_equal(it.bvec, &bv[2]);
	assert_int_equal(it.iov_offset, 150);
	assert_int_equal(it.nr_segs, 1);
	assert_memory_equal((unsigned char *)page_address(p1) + 3996, src, 100);
	assert_memory_equal((unsigned char *)page_address(p2) + 50, src + 100, 150);
	iov_iter_revert(&it, 200);
	assert_ptr_equal(it.bvec, &bv[0]);
	assert_int_equal(it.iov_offset, 50);
	assert_int_equal(iov_iter_count(&it), 250);
	/* read it back as a source */
	iov_iter_bvec(&it, ITER_SOURCE, bv, 3, 300);
	assert_int_equal(copy_from_iter(back, 300, &it), 300);
	assert_memory_equal(back, src, 250);
	/* copy_page_to_iter / copy_page_from_iter, and a range past the page */
	{
		struct kvec kv = { back, sizeof(back) };

		iov_iter_kvec(&it, ITER_DEST, &kv, 1, sizeof(back));
		assert_int_equal(copy_page_to_iter(p2, 50, 150, &it), 150);
		assert_memory_equal(back, src + 100, 150);
		assert_int_equal(copy_page_to_iter(p2, 4000, 97, &it), 0);
		assert_misuses(1);
		iov_iter_kvec(&it, ITER_SOURCE, &kv, 1, sizeof(back));
		assert_int_equal(copy_page_from_iter(p1, 0, 10, &it), 10);
		assert_memory_equal(page_address(p1), src + 100, 10);
		case_misuse0++;
	}
	put_page(p1);
	put_page(p2);
	assert_misuses(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_iov_iter, skb_case_setup, skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_csum_and_copy_to_iter, skb_case_setup,
						skb_case_teardown),
		cmocka_unit_test_setup_teardown(test_iov_iter_bvec, skb_case_setup, skb_case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests_name("uio", tests, NULL, NULL);
	rte_eal_cleanup();
	return ret;
}
