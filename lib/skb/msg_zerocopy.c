/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MSG_ZEROCOPY completions, after the kernel's msg_zerocopy_* (see its
 * Documentation/networking/msg_zerocopy.rst).
 *
 * Every zero-copy send gets a 32-bit id from its queue (the socket's
 * sk_zckey). A ubuf_info_msgzc covers the consecutive ids [id, id + len - 1]
 * of one or more sends; the skbs carrying their data hold references on it
 * (one per skb data, clones share it through dataref). When the last
 * reference goes, the range is posted to the queue the application polls,
 * merged into the tail entry when it directly follows it and has the same
 * "copied" flag, as the kernel merges error-queue notifications.
 *
 * References: msg_zerocopy_alloc() and msg_zerocopy_realloc() hand the caller
 * one reference (as the kernel does for a stream socket). The caller drops it
 * with net_zcopy_put() once the send is queued, or with
 * msg_zerocopy_put_abort(uarg, true) when the send is abandoned. Each skb
 * the uarg is attached to (skb_zcopy_set) holds its own.
 *
 * Threads: the sender side (alloc, realloc, put_abort, set_copied) of one
 * uarg runs on one thread at a time, as under the kernel's socket lock;
 * completions and nm_zc_queue_poll() may run on any lcore or thread.
 */
#include <errno.h>
#include <stdlib.h>

#include <rte_errno.h>
#include <rte_spinlock.h>

#include "handle_priv.h"
#include "skb_priv.h"

/** Largest number of sends one uarg covers (the kernel's u16 len). */
#define MSGZC_MAX_LEN	(UINT16_MAX - 1)

struct nm_zc_queue {
	rte_spinlock_t lock;		/* entries, head, count */
	unsigned int size;		/* capacity in entries */
	unsigned int head;		/* oldest entry */
	unsigned int count;		/* entries queued */
	uint64_t overflows;		/* atomic: notifications lost, queue full */
	uint32_t next_id;		/* atomic: id of the next send */
	long refcnt;			/* atomic: the application's + one per uarg */
	uint32_t dead;			/* atomic: nm_zc_queue_free() ran */
	struct nm_zc_notification entries[];
};

/* The kernel's ubuf_info_msgzc. */
struct ubuf_info_msgzc {
	struct ubuf_info ubuf;
	struct nm_zc_queue *q;
	uint32_t id;			/* first send id covered */
	uint16_t len;			/* sends covered; 0 after the only one aborted */
	uint8_t zerocopy;		/* atomic: cleared when any part was copied */
	uint32_t bytelen;		/* bytes of all the sends covered */
};

static void msg_zerocopy_complete(struct sk_buff *skb, struct ubuf_info *uarg,
				  bool zerocopy_success);

static const struct ubuf_info_ops msg_zerocopy_ubuf_ops = {
	.complete = msg_zerocopy_complete,
};

static inline struct ubuf_info_msgzc *uarg_to_msgzc(struct ubuf_info *uarg)
{
	return (struct ubuf_info_msgzc *)uarg;
}

static inline bool uarg_is_msgzc(const struct ubuf_info *uarg)
{
	return uarg != NULL && uarg->ops == &msg_zerocopy_ubuf_ops;
}

/* ---- the notification queue ------------------------------------------- */

/* Queues created and not yet freed by the application (a queue lives on
 * while sends hold it, but is no longer the application's to free). */
static struct nm_handles live_queues = NM_HANDLES_INITIALIZER;

struct nm_zc_queue *nm_zc_queue_create(unsigned int size)
{
	struct nm_zc_queue *q;

	if (size == 0 || size > (1U << 24)) {
		rte_errno = EINVAL;
		return NULL;
	}
	q = calloc(1, sizeof(*q) + (size_t)size * sizeof(q->entries[0]));
	if (q == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	rte_spinlock_init(&q->lock);
	q->size = size;
	q->refcnt = 1;
	if (nm_handle_add(&live_queues, q) != 0) {
		free(q);
		rte_errno = ENOMEM;
		return NULL;
	}
	return q;
}

static void zc_queue_put(struct nm_zc_queue *q)
{
	long ref = __atomic_sub_fetch(&q->refcnt, 1, __ATOMIC_ACQ_REL);

	if (ref == 0)
		free(q);
	else if (unlikely(ref < 0))
		nm_misuse("nm_zc_queue %p: reference dropped below zero (freed twice?)",
			  (void *)q);
}

void nm_zc_queue_free(struct nm_zc_queue *q)
{
	if (q == NULL)
		return;
	/* Only the pointer is looked at: the queue may be freed already. */
	if (!nm_handle_del(&live_queues, q)) {
		nm_misuse("nm_zc_queue_free(%p): not a live queue (freed twice?)", (void *)q);
		return;
	}
	__atomic_store_n(&q->dead, 1, __ATOMIC_RELEASE);
	/* Completions still to come find it dead and post nothing. */
	zc_queue_put(q);
}

unsigned int nm_zc_queue_poll(struct nm_zc_queue *q, struct nm_zc_notification *out,
			      unsigned int n)
{
	unsigned int i;

	if (q == NULL || out == NULL || n == 0)
		return 0;
	rte_spinlock_lock(&q->lock);
	if (n > q->count)
		n = q->count;
	for (i = 0; i < n; i++) {
		out[i] = q->entries[q->head];
		if (++q->head == q->size)
			q->head = 0;
	}
	q->count -= n;
	rte_spinlock_unlock(&q->lock);
	return n;
}

/**
 * Notifications lost because @p q was full (not part of the public header:
 * declare it where needed).
 */
NM_API uint64_t nm_zc_queue_overflows(const struct nm_zc_queue *q);

uint64_t nm_zc_queue_overflows(const struct nm_zc_queue *q)
{
	return q != NULL ? __atomic_load_n(&q->overflows, __ATOMIC_RELAXED) : 0;
}

/* True when [lo, lo + len - 1] extends @tail: it follows tail's hi (ids wrap
 * at 2^32, as in the kernel), the flag matches, the sum stays below 2^32. */
static bool zc_tail_extend(struct nm_zc_notification *tail, uint32_t lo, uint32_t len,
			   bool copied)
{
	uint64_t sum_len = (uint64_t)(uint32_t)(tail->hi - tail->lo) + 1 + len;

	if (tail->copied != copied || lo != (uint32_t)(tail->hi + 1) ||
	    sum_len >= (1ULL << 32))
		return false;
	tail->hi += len;
	return true;
}

static void zc_queue_post(struct nm_zc_queue *q, uint32_t lo, uint32_t len, bool copied)
{
	rte_spinlock_lock(&q->lock);
	if (q->count != 0) {
		unsigned int t = q->head + q->count - 1;

		if (t >= q->size)
			t -= q->size;
		if (zc_tail_extend(&q->entries[t], lo, len, copied))
			goto out;
	}
	if (q->count == q->size) {
		__atomic_fetch_add(&q->overflows, 1, __ATOMIC_RELAXED);
		goto out;
	}
	{
		unsigned int t = q->head + q->count;

		if (t >= q->size)
			t -= q->size;
		q->entries[t].lo = lo;
		q->entries[t].hi = lo + len - 1;
		q->entries[t].copied = copied;
		q->count++;
	}
out:
	rte_spinlock_unlock(&q->lock);
}

/* ---- ubuf_info_msgzc ---------------------------------------------------- */

/* The last reference went: post the range (unless the only send was
 * aborted or the queue is gone) and free. */
static void msg_zerocopy_callback(struct ubuf_info_msgzc *uz)
{
	struct nm_zc_queue *q = uz->q;

	if (uz->len != 0 && !__atomic_load_n(&q->dead, __ATOMIC_ACQUIRE))
		zc_queue_post(q, uz->id, uz->len,
			      !__atomic_load_n(&uz->zerocopy, __ATOMIC_ACQUIRE));
	free(uz);
	zc_queue_put(q);
}

static void msg_zerocopy_complete(struct sk_buff *skb, struct ubuf_info *uarg,
				  bool zerocopy_success)
{
	struct ubuf_info_msgzc *uz = uarg_to_msgzc(uarg);
	long ref;

	(void)skb;
	if (!zerocopy_success)
		__atomic_store_n(&uz->zerocopy, 0, __ATOMIC_RELEASE);
	ref = __atomic_sub_fetch(&uarg->refcnt, 1, __ATOMIC_ACQ_REL);
	if (ref == 0) {
		msg_zerocopy_callback(uz);
	} else if (unlikely(ref < 0)) {
		nm_misuse("MSG_ZEROCOPY ubuf_info %p (id %u): reference dropped below zero",
			  (void *)uarg, uz->id);
		__atomic_fetch_add(&uarg->refcnt, 1, __ATOMIC_RELAXED);
	}
}

struct ubuf_info *msg_zerocopy_alloc(struct nm_zc_queue *q, size_t size)
{
	struct ubuf_info_msgzc *uz;

	if (q == NULL || size > UINT32_MAX) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (__atomic_load_n(&q->dead, __ATOMIC_ACQUIRE)) {
		nm_misuse("msg_zerocopy_alloc on freed nm_zc_queue %p", (void *)q);
		rte_errno = EINVAL;
		return NULL;
	}
	uz = calloc(1, sizeof(*uz));
	if (uz == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	__atomic_fetch_add(&q->refcnt, 1, __ATOMIC_RELAXED);
	uz->ubuf.ops = &msg_zerocopy_ubuf_ops;
	uz->ubuf.refcnt = 1;
	uz->ubuf.flags = SKBFL_ZEROCOPY_FRAG | SKBFL_DONT_ORPHAN;
	uz->q = q;
	uz->id = __atomic_fetch_add(&q->next_id, 1, __ATOMIC_RELAXED);
	uz->len = 1;
	uz->bytelen = (uint32_t)size;
	uz->zerocopy = 1;
	return &uz->ubuf;
}

struct ubuf_info *msg_zerocopy_realloc(struct nm_zc_queue *q, size_t size,
				       struct ubuf_info *uref)
{
	if (uarg_is_msgzc(uref) && uarg_to_msgzc(uref)->q == q) {
		struct ubuf_info_msgzc *uz = uarg_to_msgzc(uref);
		uint64_t bytelen = (uint64_t)uz->bytelen + size;
		uint32_t next = uz->id + uz->len;

		if (size <= UINT32_MAX && bytelen <= UINT32_MAX && uz->len < MSGZC_MAX_LEN &&
		    __atomic_compare_exchange_n(&q->next_id, &next, next + 1, false,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
			uz->len++;
			uz->bytelen = (uint32_t)bytelen;
			/* The caller gets a reference, as from msg_zerocopy_alloc(). */
			net_zcopy_get(uref);
			return uref;
		}
	}
	return msg_zerocopy_alloc(q, size);
}

void msg_zerocopy_put_abort(struct ubuf_info *uarg, bool have_uref)
{
	struct ubuf_info_msgzc *uz;
	uint32_t last;

	if (uarg == NULL)
		return;
	if (!uarg_is_msgzc(uarg)) {
		/* Another kind of ubuf_info: only the reference is ours. */
		if (have_uref)
			net_zcopy_put(uarg);
		return;
	}
	uz = uarg_to_msgzc(uarg);
	/*
	 * The abandoned send is the uarg's last id. Give it back when no later
	 * send took an id since; otherwise it cannot be reused and is reported
	 * with the others, so the ids the application sees have no hole.
	 */
	last = uz->id + uz->len;
	if (uz->len != 0 &&
	    __atomic_compare_exchange_n(&uz->q->next_id, &last, last - 1, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
		uz->len--;
	}
	if (have_uref)
		msg_zerocopy_complete(NULL, uarg, true);
}

void msg_zerocopy_set_copied(struct ubuf_info *uarg)
{
	if (uarg_is_msgzc(uarg))
		__atomic_store_n(&uarg_to_msgzc(uarg)->zerocopy, 0, __ATOMIC_RELEASE);
}
