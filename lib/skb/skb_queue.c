/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The locked skb queue operations (net/core/skbuff.c): each takes the
 * queue's spinlock around its __ variant of netmem/skb_queue.h. The kernel
 * disables interrupts too (spin_lock_irqsave); user space has none.
 */
#include <netmem/skb_queue.h>

#include "skb_priv.h"

void skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk)
{
	rte_spinlock_lock(&list->lock);
	__skb_queue_head(list, newsk);
	rte_spinlock_unlock(&list->lock);
}

void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk)
{
	rte_spinlock_lock(&list->lock);
	__skb_queue_tail(list, newsk);
	rte_spinlock_unlock(&list->lock);
}

struct sk_buff *skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	rte_spinlock_lock(&list->lock);
	skb = __skb_dequeue(list);
	rte_spinlock_unlock(&list->lock);
	return skb;
}

struct sk_buff *skb_dequeue_tail(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	rte_spinlock_lock(&list->lock);
	skb = __skb_dequeue_tail(list);
	rte_spinlock_unlock(&list->lock);
	return skb;
}

void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	rte_spinlock_lock(&list->lock);
	__skb_unlink(skb, list);
	rte_spinlock_unlock(&list->lock);
}

void skb_append(struct sk_buff *old, struct sk_buff *newsk, struct sk_buff_head *list)
{
	rte_spinlock_lock(&list->lock);
	__skb_queue_after(list, old, newsk);
	rte_spinlock_unlock(&list->lock);
}

void skb_queue_purge_reason(struct sk_buff_head *list, enum skb_drop_reason reason)
{
	struct sk_buff_head tmp;

	if (skb_queue_empty_lockless(list))
		return;
	/* Take the skbs out under the lock, free them outside it. */
	__skb_queue_head_init(&tmp);
	rte_spinlock_lock(&list->lock);
	skb_queue_splice_init(list, &tmp);
	rte_spinlock_unlock(&list->lock);
	__skb_queue_purge_reason(&tmp, reason);
}
