/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compile check (-Werror) of the kernel-style linux/uio.h, linux/socket.h
 * and linux/scatterlist.h: kernel-style code that names struct msghdr,
 * struct iov_iter and struct scatterlist as the kernel does, with the
 * system's headers included before and after them.
 */
#include <sys/uio.h>
#include <linux/uio.h>
#include <linux/socket.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/scatterlist.h>

#include <netmem/skb_datagram.h>

int nm_kernel_dgram_check(struct sk_buff *skb, struct msghdr *msg, size_t len);

/* A datagram receive in the kernel's words. */
int nm_kernel_dgram_check(struct sk_buff *skb, struct msghdr *msg, size_t len)
{
	struct scatterlist sg[MAX_SKB_FRAGS + 1];
	struct kvec kv = { .iov_base = NULL, .iov_len = 0 };
	struct iov_iter probe;
	int copied = (int)skb->len;

	iov_iter_kvec(&probe, ITER_DEST, &kv, 1, 0);
	if (copied > (int)len) {
		copied = (int)len;
		msg->msg_flags |= MSG_TRUNC;
	}
	sg_init_table(sg, MAX_SKB_FRAGS + 1);
	if (len > UIO_MAXIOV * 4096UL || skb_to_sgvec(skb, sg, 0, copied) < 0)
		return -EMSGSIZE;
	if (msg_data_left(msg) < (size_t)copied || iov_iter_count(&probe))
		return -ENOBUFS;
	return skb_copy_datagram_msg(skb, 0, msg, copied) ?: copied;
}
