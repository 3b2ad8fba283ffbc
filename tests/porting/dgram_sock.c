// SPDX-License-Identifier: BSD-3-Clause
/*
 * A datagram socket's receive side, written the way net/ipv4/udp.c writes
 * it: packets queue on an sk_buff_head under its lock, receive memory is
 * charged by truesize and refused past the socket's buffer, recvmsg()
 * copies into the caller's iovecs with the checksum verified on the way
 * (skb_copy_and_csum_datagram_msg) or beforehand when only part is read,
 * and MSG_PEEK / MSG_TRUNC behave as for a UDP socket.
 *
 * Only the kernel's include lines: this is the code a porter brings.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/udp.h>
#include <linux/uio.h>
#include <net/checksum.h>

#include "porting.h"

void dgram_sock_init(struct dgram_sock *sk, unsigned int rcvbuf)
{
	skb_queue_head_init(&sk->receive_queue);
	sk->rcvbuf = rcvbuf;
	sk->rmem_alloc = 0;
	sk->drops = 0;
}

/* Queues @skb (data at its UDP header); the socket owns it from here. */
int dgram_queue_rcv_skb(struct dgram_sock *sk, struct sk_buff *skb)
{
	unsigned long flags;

	if (READ_ONCE(sk->rmem_alloc) + skb->truesize > sk->rcvbuf) {
		sk->drops++;
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_RCVBUFF);
		return -ENOMEM;
	}
	spin_lock_irqsave(&sk->receive_queue.lock, flags);
	sk->rmem_alloc += skb->truesize;
	__skb_queue_tail(&sk->receive_queue, skb);
	spin_unlock_irqrestore(&sk->receive_queue.lock, flags);
	return 0;
}

static void dgram_rmem_release(struct dgram_sock *sk, struct sk_buff *skb)
{
	sk->rmem_alloc -= skb->truesize;
}

/* Verifies the whole datagram's checksum before a partial or peeking copy. */
static bool dgram_csum_bad(struct sk_buff *skb)
{
	return !skb_csum_unnecessary(skb) && __skb_checksum_complete(skb);
}

/*
 * Copies the next datagram's payload into @msg; returns the bytes copied, or
 * the datagram's length with MSG_TRUNC in @flags. -EAGAIN when empty,
 * -EINVAL (datagram dropped) when its checksum is wrong.
 */
int dgram_recvmsg(struct dgram_sock *sk, struct msghdr *msg, size_t len, int flags)
{
	bool peeking = flags & MSG_PEEK;
	unsigned int ulen, copied;
	struct sk_buff *skb;
	unsigned long cpu_flags;
	int err;

	spin_lock_irqsave(&sk->receive_queue.lock, cpu_flags);
	skb = skb_peek(&sk->receive_queue);
	if (skb && !peeking) {
		__skb_unlink(skb, &sk->receive_queue);
		dgram_rmem_release(sk, skb);
	}
	spin_unlock_irqrestore(&sk->receive_queue.lock, cpu_flags);
	if (!skb)
		return -EAGAIN;

	ulen = skb->len - sizeof(struct udphdr);
	copied = len;
	if (copied > ulen)
		copied = ulen;
	else if (copied < ulen)
		msg->msg_flags |= MSG_TRUNC;

	if (copied < ulen || peeking) {
		if (dgram_csum_bad(skb)) {
			err = -EINVAL;
			goto csum_error;
		}
	}

	if (skb_csum_unnecessary(skb) || copied < ulen || peeking) {
		err = skb_copy_datagram_msg(skb, sizeof(struct udphdr), msg, copied);
	} else {
		err = skb_copy_and_csum_datagram_msg(skb, sizeof(struct udphdr), msg);
		if (err == -EINVAL)
			goto csum_error;
	}
	if (unlikely(err)) {
		if (!peeking)
			kfree_skb(skb);
		return err;
	}

	if (flags & MSG_TRUNC)
		copied = ulen;
	if (!peeking)
		consume_skb(skb);
	return copied;

csum_error:
	sk->drops++;
	if (peeking) {
		/* drop it from the queue, as udp_recvmsg() does */
		spin_lock_irqsave(&sk->receive_queue.lock, cpu_flags);
		if (skb == skb_peek(&sk->receive_queue)) {
			__skb_unlink(skb, &sk->receive_queue);
			dgram_rmem_release(sk, skb);
			spin_unlock_irqrestore(&sk->receive_queue.lock, cpu_flags);
			kfree_skb_reason(skb, SKB_DROP_REASON_UDP_CSUM);
			return err;
		}
		spin_unlock_irqrestore(&sk->receive_queue.lock, cpu_flags);
		return err;
	}
	kfree_skb_reason(skb, SKB_DROP_REASON_UDP_CSUM);
	return err;
}

/* Empties the queue (close()). */
void dgram_sock_destroy(struct dgram_sock *sk)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&sk->receive_queue)) != NULL) {
		dgram_rmem_release(sk, skb);
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_CLOSE);
	}
}
