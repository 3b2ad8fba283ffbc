/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linear data helpers with their bound checks, and byte access across the
 * linear part, the frags and the frag_list (skb_copy_bits, skb_store_bits).
 * Unreadable frags (net_iovs) are never touched: -EIO.
 */
#include <errno.h>

#include "skb_priv.h"

/* The kernel's skb_panic(): a BUG(). nm_bug() aborts by default; in
 * NM_BUG_COUNT mode it counts a misuse and the caller changes nothing. */
void skb_over_panic(struct sk_buff *skb, unsigned int len, void *here)
{
	nm_bug("skb_over_panic: skb %p len:%u put:%u head:%p data:%p tail:%#x end:%#x at %p",
	       (void *)skb, skb->len, len, (void *)skb->head, (void *)skb->data, skb->tail,
	       skb->end, here);
}

void skb_under_panic(struct sk_buff *skb, unsigned int len, void *here)
{
	nm_bug("skb_under_panic: skb %p len:%u push:%u head:%p data:%p tail:%#x end:%#x at %p",
	       (void *)skb, skb->len, len, (void *)skb->head, (void *)skb->data, skb->tail,
	       skb->end, here);
}

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	/* SKB_LINEAR_ASSERT() and the tail check are both BUGs in the kernel. */
	if (unlikely(skb_is_nonlinear(skb) || len > skb->end - skb->tail)) {
		skb_over_panic(skb, len, __builtin_return_address(0));
		return NULL;
	}
	return __skb_put(skb, len);
}

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb_headroom(skb))) {
		skb_under_panic(skb, len, __builtin_return_address(0));
		return NULL;
	}
	return __skb_push(skb, len);
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	/* A nonlinear skb is __skb_set_length()'s WARN, as in the kernel. */
	if (skb->len > len)
		__skb_trim(skb, len);
}

bool skb_readable_all(const struct sk_buff *skb)
{
	const struct sk_buff *iter;

	if (skb->unreadable)
		return false;
	for (int i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		if (skb_frag_is_net_iov(&skb_shinfo(skb)->frags[i]))
			return false;
	skb_walk_frags(skb, iter)
		if (!skb_readable_all(iter))
			return false;
	return true;
}

/* Walks [offset, offset + len) of @skb calling @fn on each readable piece;
 * returns 0, -EFAULT when out of range, -EIO at an unreadable frag. A
 * negative offset is in the headroom, as in the kernel (which does not check
 * it; here below skb->head is -EFAULT). */
typedef void (*skb_piece_fn)(void *piece, unsigned int len, void *arg);

static int skb_walk_bytes(const struct sk_buff *skb, int offset, int len,
			  skb_piece_fn fn, void *arg)
{
	int start = (int)skb_headlen(skb);
	int i, copy = start - offset;
	const struct sk_buff *frag_iter;

	if (offset < -(int)skb_headroom(skb) || len < 0 || offset > (int)skb->len - len)
		return -EFAULT;
	if (len == 0)
		return 0;
	if (copy > 0) {
		if (copy > len)
			copy = len;
		fn(skb->data + offset, (unsigned int)copy, arg);
		if ((len -= copy) == 0)
			return 0;
		offset += copy;
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];
		int end = start + (int)skb_frag_size(f);

		if ((copy = end - offset) > 0) {
			char *va = skb_frag_address(f);

			if (va == NULL)
				return -EIO;
			if (copy > len)
				copy = len;
			fn(va + (offset - start), (unsigned int)copy, arg);
			if ((len -= copy) == 0)
				return 0;
			offset += copy;
		}
		start = end;
	}
	skb_walk_frags(skb, frag_iter) {
		int end = start + (int)frag_iter->len;

		if ((copy = end - offset) > 0) {
			int ret;

			if (copy > len)
				copy = len;
			ret = skb_walk_bytes(frag_iter, offset - start, copy, fn, arg);
			if (ret != 0)
				return ret;
			if ((len -= copy) == 0)
				return 0;
			offset += copy;
		}
		start = end;
	}
	return len == 0 ? 0 : -EFAULT;
}

static void piece_copy_out(void *piece, unsigned int len, void *arg)
{
	char **to = arg;

	memcpy(*to, piece, len);
	*to += len;
}

static void piece_copy_in(void *piece, unsigned int len, void *arg)
{
	const char **from = arg;

	memcpy(piece, *from, len);
	*from += len;
}

static void piece_nop(void *piece, unsigned int len, void *arg)
{
	(void)piece;
	(void)len;
	(void)arg;
}

bool nm_skb_range_readable(const struct sk_buff *skb, int offset, int len)
{
	return skb_walk_bytes(skb, offset, len, piece_nop, NULL) == 0;
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	char *p = to;
	int ret;

	/* Check first so that nothing is copied from a refused range. */
	ret = skb_walk_bytes(skb, offset, len, piece_nop, NULL);
	if (ret != 0)
		return ret;
	return skb_walk_bytes(skb, offset, len, piece_copy_out, &p);
}

int skb_store_bits(struct sk_buff *skb, int offset, const void *from, int len)
{
	const char *p = from;
	int ret;

	ret = skb_walk_bytes(skb, offset, len, piece_nop, NULL);
	if (ret != 0)
		return ret;
	return skb_walk_bytes(skb, offset, len, piece_copy_in, &p);
}
