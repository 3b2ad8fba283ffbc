/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/errno.h of the kernel-style include tree: the system's uapi codes
 * (EINVAL, ENOMEM...) plus the kernel-internal ones (512 and up) that never
 * reach user space in the kernel. libnetmem's functions return them where
 * the kernel's do (e.g. -ENOTSUPP).
 *
 * glibc's <errno.h> includes this header: it only defines numbers.
 */
#ifndef NM_KERNEL_LINUX_ERRNO_H
#define NM_KERNEL_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514	/* restart if no handler */
#define ENOIOCTLCMD		515	/* no ioctl command */
#define ERESTART_RESTARTBLOCK	516	/* restart by calling sys_restart_syscall */
#define EPROBE_DEFER		517	/* driver requests probe retry */
#define EOPENSTALE		518	/* open found a stale dentry */
#define ENOPARAM		519	/* parameter not supported */

/* NFSv3 codes the kernel also uses elsewhere */
#define EBADHANDLE		521	/* illegal NFS file handle */
#define ENOTSYNC		522	/* update synchronization mismatch */
#define EBADCOOKIE		523	/* cookie is stale */
#define ENOTSUPP		524	/* operation is not supported */
#define ETOOSMALL		525	/* buffer or request is too small */
#define ESERVERFAULT		526	/* an untranslatable error occurred */
#define EBADTYPE		527	/* type not supported by server */
#define EJUKEBOX		528	/* request initiated, but will not complete */
#define EIOCBQUEUED		529	/* iocb queued, will get completion event */
#define ERECALLCONFLICT		530	/* conflict with recalled state */
#define ENOGRACE		531	/* NFS file lock reclaim refused */

#endif /* NM_KERNEL_LINUX_ERRNO_H */
