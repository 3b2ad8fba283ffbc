/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/types.h of the kernel-style include tree: the system's uapi header
 * (__u8.. __u64, __be16, __sum16, __wsum...) plus the kernel-internal names
 * u8..u64, s8..s64, bool, gfp_t, dma_addr_t, phys_addr_t, atomic_t,
 * struct list_head and DECLARE_BITMAP.
 *
 * It includes glibc's <netinet/in.h> so that glibc's socket types are
 * always seen before the uapi ones (linux/in.h, linux/in6.h), which then
 * step aside as they are written to.
 *
 * Differences from the kernel: gfp_t and dma_addr_t come from
 * <netmem/api.h> (dma_addr_t is the DPDK IOVA, 64 bits); __bitwise is empty
 * (no sparse), so __be16 and u16 mix without a diagnostic.
 */
#ifndef NM_KERNEL_LINUX_TYPES_H
#define NM_KERNEL_LINUX_TYPES_H

#include_next <linux/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
/* before any uapi header that uses linux/libc-compat.h (linux/in.h,
 * linux/in6.h, linux/if.h): glibc's definitions then win, not a clash */
#include <netinet/in.h>

#include <netmem/api.h>

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

typedef uint64_t phys_addr_t;	/* as DPDK's <rte_common.h> has it */
typedef phys_addr_t resource_size_t;
typedef unsigned long irq_hw_number_t;

/** A counter for the atomic_*() family. */
typedef struct {
	int counter;
} atomic_t;

/** A 64-bit counter for the atomic64_*() family. */
typedef struct {
	s64 counter;
} atomic64_t;

typedef atomic64_t atomic_long_t;

/** A node of a doubly linked list (linux/list.h). */
struct list_head {
	struct list_head *next, *prev;
};

/** Head and node of a hash list (linux/list.h). */
struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

/** An RCU callback head: kept for struct layouts, never called here. */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head

#ifndef BITS_PER_LONG
#define BITS_PER_LONG		(__SIZEOF_LONG__ * 8)
#endif
#ifndef BITS_PER_LONG_LONG
#define BITS_PER_LONG_LONG	64
#endif
#ifndef BITS_PER_TYPE
#define BITS_PER_TYPE(type)	(sizeof(type) * 8)
#endif
#ifndef BITS_TO_LONGS
#define BITS_TO_LONGS(nr)	(((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#endif
/** An array of unsigned long holding @p bits bits. */
#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

#endif /* NM_KERNEL_LINUX_TYPES_H */
