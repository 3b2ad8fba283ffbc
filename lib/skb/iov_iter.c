/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * iov_iter over iovec, kvec and single-buffer arrays, with the kernel's
 * semantics (lib/iov_iter.c, include/linux/iov_iter.h):
 *
 *  - A copy walks the segments from (current segment, iov_offset), at most
 *    count bytes. A segment consumed to its end leaves the iterator on the
 *    next one; a partly consumed one keeps it there with iov_offset set.
 *  - iov_iter_advance() skips empty segments after the position, as the
 *    kernel's does; copies do not.
 *  - A NULL segment base stands for an unmapped user address: the copy
 *    stops there, short (uio.h).
 *  - Direction misuse (copy_to_iter() on a source, copy_from_iter() on a
 *    destination) is the kernel's WARN_ON_ONCE: reported, nothing copied.
 */
#include <errno.h>
#include <string.h>

#include <netmem/skbuff.h>
#include <netmem/uio.h>

_Static_assert(sizeof(struct kvec) == sizeof(struct iovec) &&
	       offsetof(struct kvec, iov_len) == offsetof(struct iovec, iov_len),
	       "kvec and iovec arrays are walked alike");
_Static_assert(offsetof(struct iov_iter, __ubuf_iovec.iov_base) ==
	       offsetof(struct iov_iter, ubuf) &&
	       offsetof(struct iov_iter, __ubuf_iovec.iov_len) ==
	       offsetof(struct iov_iter, count),
	       "ubuf and count read as one iovec");

_Static_assert(sizeof(struct bio_vec) == sizeof(struct iovec),
	       "bio_vec arrays are walked with the same stride");

#define SEG_SIZE	sizeof(struct iovec)

/* True for the kinds that walk an array of segments. */
static inline bool iter_has_segs(const struct iov_iter *i)
{
	return iter_is_iovec(i) || iov_iter_is_kvec(i) || iov_iter_is_bvec(i);
}

/* Base and length of the segment at @p: an iovec, a kvec or a bio_vec by
 * @i's kind. */
static inline void seg_get(const struct iov_iter *i, const char *p, void **base,
			   size_t *len)
{
	if (iov_iter_is_bvec(i)) {
		const struct bio_vec *bv = (const struct bio_vec *)p;

		*base = bv->bv_page != NULL ?
			(char *)page_address(bv->bv_page) + bv->bv_offset : NULL;
		*len = bv->bv_len;
	} else if (iov_iter_is_kvec(i)) {
		const struct kvec *k = (const struct kvec *)p;

		*base = k->iov_base;
		*len = k->iov_len;
	} else {
		const struct iovec *v = (const struct iovec *)p;

		*base = v->iov_base;
		*len = v->iov_len;
	}
}

/* Sum of the lengths of @nr_segs segments from @p. */
static size_t segs_total(const struct iov_iter *i, const char *p, unsigned long nr_segs)
{
	size_t total = 0;

	for (unsigned long k = 0; k < nr_segs; k++, p += SEG_SIZE) {
		void *base;
		size_t len;

		seg_get(i, p, &base, &len);
		total += len;
	}
	return total;
}

static void iter_start(struct iov_iter *i, unsigned int direction, uint8_t type,
		       const void *segs, unsigned long nr_segs, size_t count)
{
	if (direction != ITER_DEST && direction != ITER_SOURCE)
		nm_warn("iov_iter: direction %u is neither ITER_DEST nor ITER_SOURCE",
			direction);
	memset(i, 0, sizeof(*i));
	i->iter_type = type;
	i->data_source = direction != ITER_DEST;
	i->__iov = segs;
	i->nr_segs = nr_segs;
	i->count = count;
	i->nm_first = segs;
	if (type == ITER_IOVEC || type == ITER_KVEC || type == ITER_BVEC) {
		size_t total = segs_total(i, segs, nr_segs);

		/* never walk off the array: count is at most what it holds */
		if (count > total) {
			nm_warn("iov_iter: count %zu > %zu bytes in %lu segments",
				count, total, nr_segs);
			i->count = total;
		}
	}
}

void iov_iter_init(struct iov_iter *i, unsigned int direction, const struct iovec *iov,
		   unsigned long nr_segs, size_t count)
{
	iter_start(i, direction, ITER_IOVEC, iov, nr_segs, count);
}

void iov_iter_kvec(struct iov_iter *i, unsigned int direction, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count)
{
	iter_start(i, direction, ITER_KVEC, kvec, nr_segs, count);
}

void iov_iter_bvec(struct iov_iter *i, unsigned int direction, const struct bio_vec *bvec,
		   unsigned long nr_segs, size_t count)
{
	iter_start(i, direction, ITER_BVEC, bvec, nr_segs, count);
}

void iov_iter_ubuf(struct iov_iter *i, unsigned int direction, void *buf, size_t count)
{
	iter_start(i, direction, ITER_UBUF, NULL, 1, count);
	i->ubuf = buf;
	i->count = count;	/* ubuf overlaid the segment pointer */
}

void iov_iter_discard(struct iov_iter *i, unsigned int direction, size_t count)
{
	if (direction != ITER_DEST)
		nm_warn("iov_iter_discard: a discard iterator is a destination");
	iter_start(i, ITER_DEST, ITER_DISCARD, NULL, 0, count);
}

/*
 * One step of a walk: handles @len bytes at @seg, the @progress-th byte of
 * the walk; returns the bytes it did (fewer: a fault).
 */
typedef size_t (*iter_step_fn)(void *seg, size_t progress, size_t len, void *priv,
			       void *priv2);

/* Walks up to @len bytes of @i through @step and advances @i by what was
 * done. Discard iterators are the callers' business. */
static size_t iterate(struct iov_iter *i, size_t len, void *priv, void *priv2,
		      iter_step_fn step)
{
	size_t progress = 0, skip = i->iov_offset;
	const char *p, *p0, *end;

	if (len > i->count)
		len = i->count;
	if (len == 0)
		return 0;
	if (iter_is_ubuf(i)) {
		if (i->ubuf != NULL)
			progress = step((char *)i->ubuf + skip, 0, len, priv, priv2);
		i->iov_offset += progress;
		i->count -= progress;
		return progress;
	}
	p0 = p = (const char *)i->__iov;
	end = p + i->nr_segs * SEG_SIZE;	/* never past the array */
	while (len != 0 && p < end) {
		void *base;
		size_t seglen, part;

		seg_get(i, p, &base, &seglen);
		part = seglen - skip < len ? seglen - skip : len;
		if (part != 0) {
			size_t done = base != NULL ?
				step((char *)base + skip, progress, part, priv, priv2) : 0;

			progress += done;
			skip += done;
			len -= done;
			if (skip < seglen)
				break;	/* a fault, or the end of the copy */
		}
		p += SEG_SIZE;
		skip = 0;
	}
	i->nr_segs -= (unsigned long)((size_t)(p - p0) / SEG_SIZE);
	i->__iov = (const struct iovec *)p;
	i->iov_offset = skip;
	i->count -= progress;
	return progress;
}

void iov_iter_advance(struct iov_iter *i, size_t size)
{
	const char *p, *p0;

	if (size > i->count)
		size = i->count;
	if (iter_is_ubuf(i)) {
		i->iov_offset += size;
		i->count -= size;
		return;
	}
	if (!iter_has_segs(i)) {
		i->count -= size;
		return;
	}
	if (i->count == 0)
		return;
	i->count -= size;
	size += i->iov_offset;	/* from the start of the current segment */
	p0 = p = (const char *)i->__iov;
	for (unsigned long k = 0; k < i->nr_segs; k++, p += SEG_SIZE) {
		void *base;
		size_t len;

		seg_get(i, p, &base, &len);
		if (size < len)
			break;
		size -= len;
	}
	i->iov_offset = size;
	i->nr_segs -= (unsigned long)((size_t)(p - p0) / SEG_SIZE);
	i->__iov = (const struct iovec *)p;
}

void iov_iter_revert(struct iov_iter *i, size_t unroll)
{
	const char *p, *first;
	size_t rem;

	if (unroll == 0)
		return;
	if (unroll > MAX_RW_COUNT) {
		nm_warn("iov_iter_revert: %zu bytes is more than MAX_RW_COUNT", unroll);
		return;
	}
	if (iov_iter_is_discard(i)) {
		i->count += unroll;
		return;
	}
	if (unroll <= i->iov_offset) {
		i->iov_offset -= unroll;
		i->count += unroll;
		return;
	}
	if (!iter_has_segs(i)) {
		nm_warn("iov_iter_revert: %zu bytes before the start of the buffer", unroll);
		return;
	}
	/* check first that the segments before hold the bytes */
	rem = unroll - i->iov_offset;
	first = i->nm_first;
	for (p = (const char *)i->__iov;;) {
		void *base;
		size_t n;

		if (p == first) {
			nm_warn("iov_iter_revert: %zu bytes before the first segment", unroll);
			return;
		}
		p -= SEG_SIZE;
		seg_get(i, p, &base, &n);
		if (rem <= n) {
			i->nr_segs += (unsigned long)((size_t)((const char *)i->__iov - p) /
						      SEG_SIZE);
			i->__iov = (const struct iovec *)p;
			i->iov_offset = n - rem;
			i->count += unroll;
			return;
		}
		rem -= n;
	}
}

static size_t step_copy_to(void *seg, size_t progress, size_t len, void *from, void *priv2)
{
	(void)priv2;
	memcpy(seg, (const char *)from + progress, len);
	return len;
}

static size_t step_copy_from(void *seg, size_t progress, size_t len, void *to, void *priv2)
{
	(void)priv2;
	memcpy((char *)to + progress, seg, len);
	return len;
}

static size_t step_zero(void *seg, size_t progress, size_t len, void *priv, void *priv2)
{
	(void)progress;
	(void)priv;
	(void)priv2;
	memset(seg, 0, len);
	return len;
}

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	if (i->data_source) {
		nm_warn("copy_to_iter: the iterator is a source (ITER_SOURCE)");
		return 0;
	}
	if (iov_iter_is_discard(i)) {
		if (bytes > i->count)
			bytes = i->count;
		i->count -= bytes;
		return bytes;
	}
	return iterate(i, bytes, (void *)(uintptr_t)addr, NULL, step_copy_to);
}

size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	if (!i->data_source) {
		nm_warn("copy_from_iter: the iterator is a destination (ITER_DEST)");
		return 0;
	}
	return iterate(i, bytes, addr, NULL, step_copy_from);
}

size_t iov_iter_zero(size_t bytes, struct iov_iter *i)
{
	if (i->data_source) {
		nm_warn("iov_iter_zero: the iterator is a source (ITER_SOURCE)");
		return 0;
	}
	if (iov_iter_is_discard(i)) {
		if (bytes > i->count)
			bytes = i->count;
		i->count -= bytes;
		return bytes;
	}
	return iterate(i, bytes, NULL, NULL, step_zero);
}

/* The sum of a piece that starts at an odd offset is byte-swapped. */
static inline __wsum nm_csum_shift(__wsum sum, size_t offset)
{
	uint32_t s = sum;

	if (offset & 1)
		s = (s >> 8) | (s << 24);
	return s;
}

static size_t step_copy_csum(void *seg, size_t progress, size_t len, void *from, void *sum)
{
	__wsum *csum = sum;

	memcpy(seg, (const char *)from + progress, len);
	*csum = csum_add(*csum, nm_csum_shift(csum_partial(seg, (int)len, 0), progress));
	return len;
}

size_t csum_and_copy_to_iter(const void *addr, size_t bytes, void *csstate,
			     struct iov_iter *i)
{
	struct csum_state *st = csstate;
	__wsum sum;

	if (i->data_source) {
		nm_warn("csum_and_copy_to_iter: the iterator is a source (ITER_SOURCE)");
		return 0;
	}
	if (iov_iter_is_discard(i)) {
		/* nothing is copied but the sum is still taken */
		if (bytes > i->count)
			bytes = i->count;
		st->csum = csum_add(st->csum, nm_csum_shift(csum_partial(addr, (int)bytes, 0),
							 st->off));
		st->off += bytes;
		i->count -= bytes;
		return bytes;
	}
	sum = nm_csum_shift(st->csum, st->off);
	bytes = iterate(i, bytes, (void *)(uintptr_t)addr, &sum, step_copy_csum);
	st->csum = nm_csum_shift(sum, st->off);
	st->off += bytes;
	return bytes;
}
