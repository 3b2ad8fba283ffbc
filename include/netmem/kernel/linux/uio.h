/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/uio.h of the kernel-style include tree: struct iovec, struct kvec,
 * struct iov_iter and its functions (iov_iter_init, iov_iter_kvec,
 * iov_iter_count, iov_iter_advance, iov_iter_revert, copy_to_iter,
 * copy_from_iter, csum_and_copy_to_iter...), ITER_SOURCE / ITER_DEST,
 * UIO_FASTIOV and UIO_MAXIOV, over <netmem/uio.h>.
 *
 * Difference from the kernel's tree: this header does not #include_next the
 * system's uapi <linux/uio.h>. That header defines struct iovec, and so
 * does glibc's <sys/uio.h>, which every libnetmem build sees first (DPDK
 * and linux/types.h pull in <netinet/in.h> and with it <sys/socket.h>):
 * reading both is a redefinition error. The layout is the same
 * ({ iov_base, iov_len }), so this header takes glibc's struct iovec,
 * defines what the uapi header adds (UIO_FASTIOV, UIO_MAXIOV) and sets the
 * uapi header's guard so a later #include of it reads nothing.
 * Other differences are listed in <netmem/uio.h>.
 */
#ifndef NM_KERNEL_LINUX_UIO_H
#define NM_KERNEL_LINUX_UIO_H

#include <sys/uio.h>		/* struct iovec (glibc), UIO_MAXIOV */

/* the uapi <linux/uio.h> would define struct iovec a second time */
#ifndef __LINUX_UIO_H
#define __LINUX_UIO_H
#endif
#ifndef UIO_FASTIOV
#define UIO_FASTIOV	8
#endif
#ifndef UIO_MAXIOV
#define UIO_MAXIOV	1024
#endif

#include <linux/types.h>

#include <netmem/uio.h>

#endif /* NM_KERNEL_LINUX_UIO_H */
