/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/rcupdate.h of the kernel-style include tree: the RCU read side and
 * pointer publication that packet code uses: rcu_read_lock()/unlock() (and
 * _bh), rcu_dereference() (and _bh, _protected, _check), rcu_access_pointer(),
 * rcu_assign_pointer(), RCU_INIT_POINTER(), rcu_read_lock_held().
 *
 * Differences from the kernel: there is no grace-period machinery here.
 * The read-side markers compile to nothing; rcu_dereference() is an
 * acquire load and rcu_assign_pointer() a release store, so publication is
 * ordered as in the kernel. synchronize_rcu(), call_rcu() and kfree_rcu()
 * are not provided: code that frees what readers may still see needs an
 * application-level scheme (DPDK's rte_rcu_qsbr) at the port.
 */
#ifndef NM_KERNEL_LINUX_RCUPDATE_H
#define NM_KERNEL_LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/types.h>

#define rcu_read_lock()		do { } while (0)
#define rcu_read_unlock()	do { } while (0)
#define rcu_read_lock_bh()	do { } while (0)
#define rcu_read_unlock_bh()	do { } while (0)
#define rcu_read_lock_held()	1
#define rcu_read_lock_bh_held()	1

/** Loads an RCU-published pointer (acquire). */
#define rcu_dereference(p)		__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_bh(p)		rcu_dereference(p)
#define rcu_dereference_check(p, c)	rcu_dereference(p)
#define rcu_dereference_protected(p, c)	(p)
#define rcu_dereference_raw(p)		rcu_dereference(p)
/** The pointer value, not to be dereferenced. */
#define rcu_access_pointer(p)		READ_ONCE(p)
/** Publishes @p v in @p p (release): readers see it initialised. */
#define rcu_assign_pointer(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
/** Sets @p p without ordering (NULL, or not yet visible to readers). */
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)

#endif /* NM_KERNEL_LINUX_RCUPDATE_H */
