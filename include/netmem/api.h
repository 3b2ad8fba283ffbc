/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Common definitions of the libnetmem public API: the export macro, the
 * kernel's basic types (gfp_t, dma_addr_t) and small helpers that every
 * other public header needs.
 *
 * Symbols are hidden by default; only what carries NM_API (and is listed in
 * the version map) is exported from libnetmem.so, kernel names under
 * nm_linux_ (NM_KSYM()). The ABI policy: docs/abi.md.
 */
#ifndef NETMEM_API_H
#define NETMEM_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netmem/config.h>

/** Marks a symbol as part of the exported libnetmem API. */
#define NM_API __attribute__((visibility("default")))

#if !defined(__PRAGMA_REDEFINE_EXTNAME) && !defined(NM_DOXYGEN)
#error "libnetmem's headers need #pragma redefine_extname (GCC, clang): docs/abi.md"
#endif

/** _Pragma() of the tokens @p x (a helper of NM_KSYM() and NM_ISYM()). */
#define NM_PRAGMA_(x) _Pragma(#x)

/**
 * The C name @p name (a kernel name: alloc_pages, kfree_skb, skb_put...)
 * links as the symbol nm_linux_<name>: callers keep the kernel's name in
 * their source, the library's symbol tables carry only its own namespace
 * (as FreeBSD's LinuxKPI exports linux_ symbols). A pragma
 * (redefine_extname, GCC and clang, C and extern "C" C++), written before
 * the declaration it renames: <netmem/ksym.h> lists every exported kernel
 * name this way, and api.h includes it. See docs/abi.md.
 */
#define NM_KSYM(name) NM_PRAGMA_(redefine_extname name nm_linux_##name)

/**
 * As NM_KSYM(), for a library-internal function with a short C name that is
 * not a kernel name (never exported, but global in the static archive):
 * it links as __nm_<name>.
 */
#define NM_ISYM(name) NM_PRAGMA_(redefine_extname name __nm_##name)

#ifdef NETMEM_ALLOW_EXPERIMENTAL_API
/** Nothing: the program asked for the experimental API. */
#define NM_EXPERIMENTAL
/** Nothing (a forward declaration that takes the semicolon). */
#define NM_EXPERIMENTAL_API(name)	struct nm_experimental_##name
#else
/**
 * Marks a declaration experimental, as DPDK's __rte_experimental: its
 * symbol is in the EXPERIMENTAL version node (it may change or go in any
 * release) and using it warns (-Wdeprecated-declarations) unless the
 * program defines NETMEM_ALLOW_EXPERIMENTAL_API before including any
 * libnetmem header (or with -D).
 */
#define NM_EXPERIMENTAL __attribute__((deprecated( \
	"libnetmem experimental API: define NETMEM_ALLOW_EXPERIMENTAL_API to use it")))
/**
 * Marks the exported function @p name, declared above, NM_EXPERIMENTAL.
 * A header lists its experimental functions this way at its end, after its
 * own inline code (which calls them without a warning).
 */
#define NM_EXPERIMENTAL_API(name)	__typeof__(name) name NM_EXPERIMENTAL
#endif

/**
 * A libnetmem version as one number, to compare with NETMEM_VERSION:
 * `#if NETMEM_VERSION >= NETMEM_VERSION_NUM(0, 2, 0)`.
 */
#define NETMEM_VERSION_NUM(major, minor, patch) \
	(((major) << 16) | ((minor) << 8) | (patch))

/**
 * The version of the headers a program compiles against (NM_VERSION is
 * the same as a string); nm_version() gives the library's at run time.
 */
#define NETMEM_VERSION \
	NETMEM_VERSION_NUM(NETMEM_VERSION_MAJOR, NETMEM_VERSION_MINOR, NETMEM_VERSION_PATCH)

/* The link names of the exported kernel names (NM_KSYM()). */
#include <netmem/ksym.h>

/** Allocation flags, accepted for source compatibility with the kernel. */
typedef unsigned int gfp_t;
#define __GFP_NOWARN	0x2000u		/**< do not log allocation failures */
#define __GFP_ZERO	0x100u		/**< zero the memory (honoured where stated) */
#define GFP_ATOMIC	0x0a20u		/**< may be used from any context */
#define GFP_KERNEL	0x0cc0u		/**< may be used from any context */
#define GFP_NOWAIT	0x0800u		/**< may be used from any context */

/** Device (IOVA) address as seen by a NIC. */
typedef uint64_t dma_addr_t;

/** Any NUMA node / DPDK socket. */
#define NUMA_NO_NODE	(-1)

#ifndef BIT
#define BIT(nr)		(1UL << (nr))	/**< The unsigned long with bit @p nr set. */
#endif

/** DMA directions, as in the kernel's dma_data_direction. */
enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#endif /* NETMEM_API_H */
