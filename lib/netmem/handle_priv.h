/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to libnetmem: registries of live handles (pools, zero-copy
 * queues, external page arrays). A handle the library frees is looked up
 * here before it is touched, so destroying it twice is a counted misuse,
 * never a read or a write of freed memory. Control path only: each
 * registry is a small array under a spinlock.
 */
#ifndef NM_HANDLE_PRIV_H
#define NM_HANDLE_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <rte_spinlock.h>

/** The live handles of one kind. */
struct nm_handles {
	rte_spinlock_t lock;
	const void **v;		/* live handles, unordered */
	size_t n, cap;
};

#define NM_HANDLES_INITIALIZER	{ RTE_SPINLOCK_INITIALIZER, NULL, 0, 0 }

/** Records @p h as live; 0 or -ENOMEM. */
int nm_handle_add(struct nm_handles *s, const void *h);

/** Forgets @p h; false (nothing done) when @p h was not live. */
bool nm_handle_del(struct nm_handles *s, const void *h);

/** True while @p h is live. */
bool nm_handle_live(struct nm_handles *s, const void *h);

#endif /* NM_HANDLE_PRIV_H */
