/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * skb queues, as the kernel's struct sk_buff_head (linux/skbuff.h).
 *
 * A queue is a circular doubly linked list through skb->next/prev whose
 * head is the sk_buff_head itself: its first two fields are laid out as an
 * sk_buff's, so the head is used as a (struct sk_buff *) sentinel. An empty
 * queue points at itself. The head also holds the length and a spinlock.
 *
 * The plain names (skb_queue_tail(), skb_dequeue(), skb_unlink(), ...) take
 * the head's lock; the __ names do not: the caller serialises (one lcore,
 * or its own lock). Walks never lock.
 *
 * @code
 *	struct sk_buff_head q;
 *	struct sk_buff *skb, *tmp;
 *
 *	skb_queue_head_init(&q);
 *	skb_queue_tail(&q, skb1);
 *	skb_queue_tail(&q, skb2);
 *	skb_queue_walk_safe(&q, skb, tmp)
 *		if (skb->len == 0) {
 *			__skb_unlink(skb, &q);
 *			kfree_skb(skb);
 *		}
 *	while ((skb = skb_dequeue(&q)) != NULL)
 *		consume_skb(skb);
 *	skb_queue_purge(&q);	// drops what is left (SKB_DROP_REASON_QUEUE_PURGE)
 * @endcode
 */
#ifndef NETMEM_SKB_QUEUE_H
#define NETMEM_SKB_QUEUE_H

#include <assert.h>
#include <stddef.h>

#include <rte_spinlock.h>

#include <netmem/api.h>
#include <netmem/dropreason.h>
#include <netmem/skb_alloc.h>
#include <netmem/skbuff.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The two list pointers an sk_buff and an sk_buff_head start with. */
struct sk_buff_list {
	struct sk_buff *next;	/**< first skb (or the head itself when empty) */
	struct sk_buff *prev;	/**< last skb (or the head itself when empty) */
};

/** Head of an skb queue: list sentinel, length, lock. */
struct sk_buff_head {
	union {
		struct {
			struct sk_buff *next;	/**< first skb, or the head itself */
			struct sk_buff *prev;	/**< last skb, or the head itself */
		};
		struct sk_buff_list list;
	};
	__u32 qlen;			/**< skbs on the queue */
	rte_spinlock_t lock;		/**< taken by the non-__ functions */
};

/* The head is walked as an skb: its pointers must sit where an skb's do. */
static_assert(offsetof(struct sk_buff_head, next) == offsetof(struct sk_buff, next),
	      "sk_buff_head.next overlays sk_buff.next");
static_assert(offsetof(struct sk_buff_head, prev) == offsetof(struct sk_buff, prev),
	      "sk_buff_head.prev overlays sk_buff.prev");

/**
 * The list pointers of an skb or of a queue's head seen as an skb: list
 * code that may meet the head goes through this view, which fits both
 * (compilers flag an access through a whole struct sk_buff at the head).
 * @param skb an skb or a queue's head cast to one.
 * @return the same address as the list view.
 */
static inline struct sk_buff_list *__skb_list(struct sk_buff *skb)
{
	return (struct sk_buff_list *)(void *)skb;
}

/**
 * Initialises @p list empty, without touching its lock.
 * @param list the queue head to set empty (its lock is left alone).
 */
static inline void __skb_queue_head_init(struct sk_buff_head *list)
{
	list->prev = list->next = (struct sk_buff *)list;
	list->qlen = 0;
}

/**
 * Initialises @p list empty with its lock.
 * @param list the queue head to set empty, its lock initialised.
 */
static inline void skb_queue_head_init(struct sk_buff_head *list)
{
	rte_spinlock_init(&list->lock);
	__skb_queue_head_init(list);
}

/**
 * True when @p list holds no skb.
 * @param list the queue to test.
 * @return true when empty.
 */
static inline bool skb_queue_empty(const struct sk_buff_head *list)
{
	return list->next == (const struct sk_buff *)list;
}

/**
 * skb_queue_empty() for a reader that does not hold the lock.
 * @param list the queue to test, possibly changed by another lcore.
 * @return true when empty at the time of the read.
 */
static inline bool skb_queue_empty_lockless(const struct sk_buff_head *list)
{
	return __atomic_load_n(&list->next, __ATOMIC_RELAXED) == (const struct sk_buff *)list;
}

/**
 * True when @p skb is the last skb of @p list.
 * @param list the queue @p skb is on.
 * @param skb an skb on @p list.
 * @return true when @p skb is the last.
 */
static inline bool skb_queue_is_last(const struct sk_buff_head *list,
				     const struct sk_buff *skb)
{
	return skb->next == (const struct sk_buff *)list;
}

/**
 * True when @p skb is the first skb of @p list.
 * @param list the queue @p skb is on.
 * @param skb an skb on @p list.
 * @return true when @p skb is the first.
 */
static inline bool skb_queue_is_first(const struct sk_buff_head *list,
				      const struct sk_buff *skb)
{
	return skb->prev == (const struct sk_buff *)list;
}

/**
 * The skb after @p skb (not the last one) on @p list.
 * @param list the queue @p skb is on.
 * @param skb an skb on @p list, not the last.
 * @return the next skb.
 */
static inline struct sk_buff *skb_queue_next(const struct sk_buff_head *list,
					     const struct sk_buff *skb)
{
	if (skb_queue_is_last(list, skb))
		nm_warn("skb_queue_next: skb %p is the last of queue %p", (const void *)skb,
			(const void *)list);
	return skb->next;
}

/**
 * The skb before @p skb (not the first one) on @p list.
 * @param list the queue @p skb is on.
 * @param skb an skb on @p list, not the first.
 * @return the previous skb.
 */
static inline struct sk_buff *skb_queue_prev(const struct sk_buff_head *list,
					     const struct sk_buff *skb)
{
	if (skb_queue_is_first(list, skb))
		nm_warn("skb_queue_prev: skb %p is the first of queue %p", (const void *)skb,
			(const void *)list);
	return skb->prev;
}

/**
 * Number of skbs on @p list.
 * @param list the queue whose qlen is read.
 * @return list->qlen.
 */
static inline __u32 skb_queue_len(const struct sk_buff_head *list)
{
	return list->qlen;
}

/**
 * skb_queue_len() for a reader that does not hold the lock.
 * @param list the queue whose qlen is read, possibly changed by another lcore.
 * @return list->qlen read once.
 */
static inline __u32 skb_queue_len_lockless(const struct sk_buff_head *list)
{
	return __atomic_load_n(&list->qlen, __ATOMIC_RELAXED);
}

/**
 * The first skb of @p list (left on it), or NULL.
 * @param list the queue to look at.
 * @return the first skb, still owned by the queue, or NULL.
 */
static inline struct sk_buff *skb_peek(const struct sk_buff_head *list)
{
	struct sk_buff *skb = list->next;

	return skb == (const struct sk_buff *)list ? NULL : skb;
}

/**
 * The first entry of a queue known not to be empty.
 * @param list a non-empty queue.
 * @return the first skb.
 */
static inline struct sk_buff *__skb_peek(const struct sk_buff_head *list)
{
	return list->next;
}

/**
 * The skb after @p skb on @p list, or NULL at the end.
 * @param skb an skb on @p list.
 * @param list the queue @p skb is on.
 * @return the next skb, or NULL.
 */
static inline struct sk_buff *skb_peek_next(const struct sk_buff *skb,
					    const struct sk_buff_head *list)
{
	struct sk_buff *next = skb->next;

	return next == (const struct sk_buff *)list ? NULL : next;
}

/**
 * The last skb of @p list (left on it), or NULL.
 * @param list the queue to look at.
 * @return the last skb, still owned by the queue, or NULL.
 */
static inline struct sk_buff *skb_peek_tail(const struct sk_buff_head *list)
{
	struct sk_buff *skb = list->prev;

	return skb == (const struct sk_buff *)list ? NULL : skb;
}

/**
 * Links @p newsk between @p prev and @p next on @p list.
 * @param newsk the skb to link; the queue owns it from here.
 * @param prev the entry before (an skb or the head).
 * @param next the entry after (an skb or the head).
 * @param list the queue, qlen incremented.
 */
static inline void __skb_insert(struct sk_buff *newsk, struct sk_buff *prev,
				struct sk_buff *next, struct sk_buff_head *list)
{
	newsk->next = next;
	newsk->prev = prev;
	__skb_list(next)->prev = newsk;
	__skb_list(prev)->next = newsk;
	list->qlen++;
}

/**
 * Moves the skbs of @p list between @p prev and @p next (no lengths).
 * @param list the queue whose skbs move.
 * @param prev the entry they go after.
 * @param next the entry they go before.
 */
static inline void __skb_queue_splice(const struct sk_buff_head *list,
				      struct sk_buff *prev, struct sk_buff *next)
{
	struct sk_buff *first = list->next, *last = list->prev;

	first->prev = prev;
	__skb_list(prev)->next = first;
	last->next = next;
	__skb_list(next)->prev = last;
}

/**
 * Puts the skbs of @p list at the front of @p head; @p list is left stale.
 * @param list the queue whose skbs move.
 * @param head the queue receiving them.
 */
static inline void skb_queue_splice(const struct sk_buff_head *list,
				    struct sk_buff_head *head)
{
	if (!skb_queue_empty(list)) {
		__skb_queue_splice(list, (struct sk_buff *)head, head->next);
		head->qlen += list->qlen;
	}
}

/**
 * skb_queue_splice() that leaves @p list empty.
 * @param list the queue whose skbs move; empty afterwards.
 * @param head the queue receiving them.
 */
static inline void skb_queue_splice_init(struct sk_buff_head *list,
					 struct sk_buff_head *head)
{
	if (!skb_queue_empty(list)) {
		__skb_queue_splice(list, (struct sk_buff *)head, head->next);
		head->qlen += list->qlen;
		__skb_queue_head_init(list);
	}
}

/**
 * Puts the skbs of @p list at the end of @p head; @p list is left stale.
 * @param list the queue whose skbs move.
 * @param head the queue receiving them.
 */
static inline void skb_queue_splice_tail(const struct sk_buff_head *list,
					 struct sk_buff_head *head)
{
	if (!skb_queue_empty(list)) {
		__skb_queue_splice(list, head->prev, (struct sk_buff *)head);
		head->qlen += list->qlen;
	}
}

/**
 * skb_queue_splice_tail() that leaves @p list empty.
 * @param list the queue whose skbs move; empty afterwards.
 * @param head the queue receiving them.
 */
static inline void skb_queue_splice_tail_init(struct sk_buff_head *list,
					      struct sk_buff_head *head)
{
	if (!skb_queue_empty(list)) {
		__skb_queue_splice(list, head->prev, (struct sk_buff *)head);
		head->qlen += list->qlen;
		__skb_queue_head_init(list);
	}
}

/**
 * Inserts @p newsk after @p prev on @p list (no lock).
 * @param list the queue, qlen incremented.
 * @param prev an skb on @p list (or the head).
 * @param newsk the skb to insert.
 */
static inline void __skb_queue_after(struct sk_buff_head *list, struct sk_buff *prev,
				     struct sk_buff *newsk)
{
	__skb_insert(newsk, prev, __skb_list(prev)->next, list);
}

/**
 * Inserts @p newsk before @p next on @p list (no lock).
 * @param list the queue, qlen incremented.
 * @param next an skb on @p list (or the head).
 * @param newsk the skb to insert.
 */
static inline void __skb_queue_before(struct sk_buff_head *list, struct sk_buff *next,
				      struct sk_buff *newsk)
{
	__skb_insert(newsk, __skb_list(next)->prev, next, list);
}

/**
 * Adds @p newsk at the front of @p list (no lock).
 * @param list the queue, qlen incremented.
 * @param newsk the skb to add; the queue owns it from here.
 */
static inline void __skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk)
{
	__skb_queue_after(list, (struct sk_buff *)list, newsk);
}

/**
 * Adds @p newsk at the end of @p list (no lock).
 * @param list the queue, qlen incremented.
 * @param newsk the skb to add; the queue owns it from here.
 */
static inline void __skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk)
{
	__skb_queue_before(list, (struct sk_buff *)list, newsk);
}

/**
 * Removes @p skb from @p list (no lock); its next and prev become NULL.
 * @param skb an skb on @p list; the caller owns it afterwards.
 * @param list the queue @p skb is on, qlen decremented.
 */
static inline void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	struct sk_buff *next = skb->next, *prev = skb->prev;

	list->qlen--;
	skb->next = skb->prev = NULL;
	__skb_list(next)->prev = prev;
	__skb_list(prev)->next = next;
}

/**
 * Removes and returns the first skb of @p list (no lock), or NULL.
 * @param list the queue to take from.
 * @return the skb, now the caller's, or NULL when empty.
 */
static inline struct sk_buff *__skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek(list);

	if (skb != NULL)
		__skb_unlink(skb, list);
	return skb;
}

/**
 * Removes and returns the last skb of @p list (no lock), or NULL.
 * @param list the queue to take from.
 * @return the skb, now the caller's, or NULL when empty.
 */
static inline struct sk_buff *__skb_dequeue_tail(struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek_tail(list);

	if (skb != NULL)
		__skb_unlink(skb, list);
	return skb;
}

/**
 * Locked __skb_queue_head().
 * @param list the queue, locked for the insertion.
 * @param newsk the skb to add; the queue owns it from here.
 */
NM_API void skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk);

/**
 * Locked __skb_queue_tail().
 * @param list the queue, locked for the insertion.
 * @param newsk the skb to add; the queue owns it from here.
 */
NM_API void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk);

/**
 * Locked __skb_dequeue().
 * @param list the queue, locked for the removal.
 * @return the skb, now the caller's, or NULL when empty.
 */
NM_API struct sk_buff *skb_dequeue(struct sk_buff_head *list);

/**
 * Locked __skb_dequeue_tail().
 * @param list the queue, locked for the removal.
 * @return the skb, now the caller's, or NULL when empty.
 */
NM_API struct sk_buff *skb_dequeue_tail(struct sk_buff_head *list);

/**
 * Locked __skb_unlink().
 * @param skb an skb on @p list; the caller owns it afterwards.
 * @param list the queue @p skb is on, locked for the removal.
 */
NM_API void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list);

/**
 * Inserts @p newsk after @p old on @p list, under the list's lock.
 * @param old an skb on @p list.
 * @param newsk the skb to insert.
 * @param list the queue @p old is on, locked for the insertion.
 */
NM_API void skb_append(struct sk_buff *old, struct sk_buff *newsk, struct sk_buff_head *list);

/**
 * Drops every skb of @p list with @p reason (no lock).
 * @param list the queue; empty afterwards.
 * @param reason why the skbs are dropped.
 */
static inline void __skb_queue_purge_reason(struct sk_buff_head *list,
					    enum skb_drop_reason reason)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list)) != NULL)
		kfree_skb_reason(skb, reason);
}

/**
 * Drops every skb of @p list (no lock), reason SKB_DROP_REASON_QUEUE_PURGE.
 * @param list the queue; empty afterwards.
 */
static inline void __skb_queue_purge(struct sk_buff_head *list)
{
	__skb_queue_purge_reason(list, SKB_DROP_REASON_QUEUE_PURGE);
}

/**
 * Empties @p list under its lock, then drops the skbs with @p reason.
 * @param list the queue; empty afterwards.
 * @param reason why the skbs are dropped.
 */
NM_API void skb_queue_purge_reason(struct sk_buff_head *list, enum skb_drop_reason reason);

/**
 * skb_queue_purge_reason() with SKB_DROP_REASON_QUEUE_PURGE.
 * @param list the queue; empty afterwards.
 */
static inline void skb_queue_purge(struct sk_buff_head *list)
{
	skb_queue_purge_reason(list, SKB_DROP_REASON_QUEUE_PURGE);
}

/**
 * Walks @p queue; @p skb must stay on it.
 * @param queue the struct sk_buff_head walked.
 * @param skb the loop cursor (struct sk_buff *).
 */
#define skb_queue_walk(queue, skb)					\
	for (skb = (queue)->next; skb != (struct sk_buff *)(queue); skb = skb->next)

/**
 * Walks @p queue; @p skb may be unlinked (@p tmp holds the next one).
 * @param queue the struct sk_buff_head walked.
 * @param skb the loop cursor, which the body may unlink and free.
 * @param tmp scratch cursor holding the next skb.
 */
#define skb_queue_walk_safe(queue, skb, tmp)				\
	for (skb = (queue)->next, tmp = skb->next;			\
	     skb != (struct sk_buff *)(queue);				\
	     skb = tmp, tmp = skb->next)

/**
 * Walks @p queue from @p skb on.
 * @param queue the struct sk_buff_head walked.
 * @param skb the loop cursor, set to an skb on @p queue before.
 */
#define skb_queue_walk_from(queue, skb)					\
	for (; skb != (struct sk_buff *)(queue); skb = skb->next)

/**
 * skb_queue_walk_from() where @p skb may be unlinked.
 * @param queue the struct sk_buff_head walked.
 * @param skb the loop cursor, set to an skb on @p queue before; may be
 *   unlinked.
 * @param tmp scratch cursor holding the next skb.
 */
#define skb_queue_walk_from_safe(queue, skb, tmp)			\
	for (tmp = skb->next; skb != (struct sk_buff *)(queue); skb = tmp, tmp = skb->next)

/**
 * Walks @p queue from the last skb to the first.
 * @param queue the struct sk_buff_head walked.
 * @param skb the loop cursor.
 */
#define skb_queue_reverse_walk(queue, skb)				\
	for (skb = (queue)->prev; skb != (struct sk_buff *)(queue); skb = skb->prev)

/**
 * skb_queue_reverse_walk() where @p skb may be unlinked.
 * @param queue the struct sk_buff_head walked.
 * @param skb the loop cursor, which the body may unlink and free.
 * @param tmp scratch cursor holding the previous skb.
 */
#define skb_queue_reverse_walk_safe(queue, skb, tmp)			\
	for (skb = (queue)->prev, tmp = skb->prev;			\
	     skb != (struct sk_buff *)(queue);				\
	     skb = tmp, tmp = skb->prev)

/**
 * skb_queue_reverse_walk_safe() from @p skb backwards.
 * @param queue the struct sk_buff_head walked.
 * @param skb the loop cursor, set to an skb on @p queue before; may be
 *   unlinked.
 * @param tmp scratch cursor holding the previous skb.
 */
#define skb_queue_reverse_walk_from_safe(queue, skb, tmp)		\
	for (tmp = skb->prev; skb != (struct sk_buff *)(queue); skb = tmp, tmp = skb->prev)

/**
 * Takes @p skb off the list it is on (a list_head-style list of skbs, not
 * an sk_buff_head: no length to fix) and marks it not on a list.
 * @param skb an skb on a list.
 */
static inline void skb_list_del_init(struct sk_buff *skb)
{
	__skb_list(skb->next)->prev = skb->prev;
	__skb_list(skb->prev)->next = skb->next;
	skb_mark_not_on_list(skb);
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SKB_QUEUE_H */
