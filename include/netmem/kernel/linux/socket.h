/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/socket.h of the kernel-style include tree: the system's uapi
 * <linux/socket.h>, glibc's <sys/socket.h> (struct sockaddr, AF_*, MSG_*,
 * SOL_*), and the kernel's struct msghdr with msg_iter (<netmem/uio.h>),
 * msg_data_left(), and the kernel-internal MSG_* flags.
 *
 * Deliberate difference: glibc's <sys/socket.h> (which DPDK pulls in through
 * <netinet/in.h>) already defines a struct msghdr, the user-space one with
 * msg_iov/msg_iovlen. The kernel's is struct nm_msghdr in libnetmem, and this
 * header maps the name:
 *
 *	#define msghdr nm_msghdr
 *
 * so that kernel code saying `struct msghdr *msg` and `msg->msg_iter`
 * compiles unchanged once it includes this header (directly or through
 * linux/skbuff.h). A translation unit that includes it cannot also use
 * glibc's struct msghdr by that name (sendmsg()/recvmsg() of glibc): code
 * that talks to real sockets stays in files of its own.
 */
#ifndef NM_KERNEL_LINUX_SOCKET_H
#define NM_KERNEL_LINUX_SOCKET_H

#include_next <linux/socket.h>

#include <sys/socket.h>

#include <linux/types.h>
#include <linux/uio.h>

#include <netmem/uio.h>

/* the kernel's struct msghdr: see above */
#define msghdr nm_msghdr

/* kernel-internal MSG_* flags glibc does not have */
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY		0x4000000	/**< use user data in kernel path */
#endif
#ifndef MSG_SOCK_DEVMEM
#define MSG_SOCK_DEVMEM		0x2000000	/**< receive devmem skbs as cmsg */
#endif
#ifndef MSG_SPLICE_PAGES
#define MSG_SPLICE_PAGES	0x8000000	/**< splice the pages from the iterator */
#endif
#ifndef MSG_NO_SHARED_FRAGS
#define MSG_NO_SHARED_FRAGS	0x80000		/**< the caller's frags are not shared */
#endif

#endif /* NM_KERNEL_LINUX_SOCKET_H */
