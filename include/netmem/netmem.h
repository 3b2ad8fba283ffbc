/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * netmem: references to packet memory, as in the kernel's net/netmem.h.
 *
 * A netmem_ref refers either to a **page** (a buffer of a DPDK pktmbuf
 * mempool, its metadata in the mbuf private area) or to a **net_iov** (one
 * PAGE_SIZE chunk of a net_iov_area carved from device memory). The low bit
 * tells which: set for a net_iov. netmem_ref is a one-member struct so the
 * compiler refuses to mix it with pointers or integers.
 *
 * Usage:
 * @code
 *	struct page *page = alloc_page(GFP_KERNEL);   // after rte_eal_init()
 *	netmem_ref nm = page_to_netmem(page);
 *	void *va = netmem_address(nm);                // NULL for a net_iov
 *	get_netmem(nm);                               // page ref, or binding ref
 *	put_netmem(nm);
 *	put_page(page);                               // back to its mempool
 * @endcode
 *
 * Pages are not PAGE_SIZE aligned in virtual memory (an mbuf header precedes
 * each buffer); use virt_to_page() and page_address() rather than masking.
 */
#ifndef NETMEM_NETMEM_H
#define NETMEM_NETMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netmem/api.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PAGE_SHIFT	12	/**< log2 of PAGE_SIZE. */
#define PAGE_SIZE	(1UL << PAGE_SHIFT)	/**< Bytes of an order-0 page. */

/** Largest page order: an mbuf's buf_len is 16 bits, so 64 KiB at most. */
#define NM_MAX_PAGE_ORDER	4

/**
 * Bytes at the end of every page that build_skb() keeps for struct
 * skb_shared_info: the page's mbuf does not offer them to a PMD (its data
 * room is the page size minus this), so a NIC never writes there.
 */
#define NM_SKB_SHINFO_RESERVE	320

struct page_pool;
struct rte_mbuf;

/**
 * A lifetime owner: a refcount and a destructor run exactly once, when the
 * last reference goes. Device-memory bindings and application memory use
 * one to keep memory alive that is not refcounted per page.
 */
struct nm_owner {
	long refcnt;				/**< atomic; the destructor runs at 0 */
	void (*release)(struct nm_owner *owner);	/**< runs once */
	const char *name;			/**< for error messages */
};

/** A layout fact of a struct, checked where the struct is declared. */
#ifdef __cplusplus
#define NM_LAYOUT_ASSERT(cond, msg)	static_assert(cond, msg)
#else
#define NM_LAYOUT_ASSERT(cond, msg)	_Static_assert(cond, msg)
#endif

/** pp_magic of a page or net_iov owned by a page_pool (the kernel's
 *  poison.h value). */
#define PP_SIGNATURE		(0xdead000000000000UL + 0x40UL)
/** Mask applied to pp_magic before comparing with PP_SIGNATURE (the low
 *  bits are free for the owner, as in the kernel's mm.h). */
#define PP_MAGIC_MASK		(~0x3UL)

/* The field the kernel calls `private`: a keyword in C++. */
#ifdef __cplusplus
/** The name of struct page's private field (a C++ keyword). */
#define NM_PAGE_PRIVATE	private_
#else
#define NM_PAGE_PRIVATE	private
#endif

/**
 * Page metadata. It lives in the private area of the page's mbuf, one cache
 * line. The first four fields have the same layout as struct net_iov.
 */
struct page {
	unsigned long pp_magic;		/**< PP_SIGNATURE while a page_pool owns it */
	struct page_pool *pp;		/**< owning page_pool, or NULL */
	dma_addr_t dma_addr;		/**< IOVA of the buffer start */
	long pp_ref_count;		/**< page_pool references (atomic) */
	int _refcount;			/**< page references (atomic); 0 = free */
	uint8_t order;			/**< buffer is PAGE_SIZE << order bytes */
	int8_t nid;			/**< NUMA node (DPDK socket) of the buffer */
	uint16_t flags;			/**< NM_PAGE_* (private) */
	void *virt;			/**< buffer start */
	unsigned long NM_PAGE_PRIVATE;	/**< `private`: free for the owner's use
					 *   (page_private(); `private_` in C++,
					 *   where `private` is a keyword) */
	unsigned long _self;		/**< private: address ^ a per-process key,
					 *   tells a page start without a lookup */
};

/** Kinds of net_iov. */
enum net_iov_type {
	NET_IOV_DMABUF = 0,		/**< device memory bound with net_devmem_bind() */
};

/**
 * One PAGE_SIZE chunk of device memory. Its payload is not readable through
 * the CPU API; it has one refcount, pp_ref_count.
 */
struct net_iov {
	unsigned long pp_magic;		/**< PP_SIGNATURE while a page_pool owns it */
	struct page_pool *pp;		/**< owning page_pool, or NULL */
	dma_addr_t dma_addr;		/**< IOVA of the chunk */
	long pp_ref_count;		/**< the only refcount of a net_iov (atomic) */
	int _unused;			/**< where a page has _refcount */
	uint16_t type;			/**< enum net_iov_type */
	uint16_t flags;			/**< NM_PAGE_* (private), as in struct page */
	struct net_iov_area *owner;	/**< the area it was cut from */
	unsigned long _reserved[2];	/**< unused */
};

/*
 * Layout facts: struct page and struct net_iov share their netmem fields, so
 * pp helpers work on both without a branch; pp_magic and pp are the first
 * 16 bytes, which nm_netmem_set_pp_info() (or a vector store built from
 * PP_SIGNATURE and the pool) writes as one word; _refcount, order, nid and
 * flags are one 64-bit word, which TX's fast test reads at once (see
 * NM_PAGE_REF_WORD_MASK).
 */
NM_LAYOUT_ASSERT(offsetof(struct page, pp_magic) == 0 && offsetof(struct page, pp) == 8 &&
	       offsetof(struct net_iov, pp_magic) == 0 && offsetof(struct net_iov, pp) == 8,
	       "pp_magic, pp: the first 16-byte word of a page and of a net_iov");
NM_LAYOUT_ASSERT(offsetof(struct page, dma_addr) == offsetof(struct net_iov, dma_addr) &&
	       offsetof(struct page, pp_ref_count) == offsetof(struct net_iov, pp_ref_count) &&
	       offsetof(struct page, flags) == offsetof(struct net_iov, flags),
	       "page and net_iov share their netmem fields");
NM_LAYOUT_ASSERT(offsetof(struct page, order) == offsetof(struct page, _refcount) + 4 &&
	       offsetof(struct page, nid) == offsetof(struct page, _refcount) + 5 &&
	       offsetof(struct page, flags) == offsetof(struct page, _refcount) + 6,
	       "_refcount, order, nid, flags: one 64-bit word");

/** An array of net_iovs carved from one device-memory region. */
struct net_iov_area {
	struct net_iov *niovs;		/**< num_niovs chunks */
	size_t num_niovs;	/**< net_iovs in niovs */
	unsigned long base_virtual;	/**< offset of niovs[0] in its region */
	struct nm_owner *owner;		/**< lifetime owner: a reference on a
					 *   net_iov is a reference on it */
};

/** A page or a net_iov. Compare with netmem_is_null()/netmem_eq(). */
typedef struct {
	uintptr_t v;	/**< private: pointer, low bit set for a net_iov */
} netmem_ref;

#define NET_IOV	0x01UL	/**< netmem_ref tag bit: a net_iov, not a page. */

/**
 * The null netmem.
 * @return a netmem_ref that refers to nothing (netmem_is_null() is true).
 */
static inline netmem_ref netmem_null(void)
{
	netmem_ref n = { 0 };
	return n;
}

/**
 * True when @p netmem refers to nothing.
 * @param netmem the reference to test.
 * @return true for the null netmem.
 */
static inline bool netmem_is_null(netmem_ref netmem)
{
	return netmem.v == 0;
}

/**
 * True when @p a and @p b refer to the same memory.
 * @param a a netmem reference.
 * @param b a netmem reference.
 * @return true when both refer to the same page or net_iov.
 */
static inline bool netmem_eq(netmem_ref a, netmem_ref b)
{
	return a.v == b.v;
}

/**
 * True when @p netmem refers to a net_iov.
 * @param netmem a netmem reference, not null.
 * @return true for a net_iov, false for a page.
 */
static inline bool netmem_is_net_iov(netmem_ref netmem)
{
	return (netmem.v & NET_IOV) != 0;
}

/**
 * The netmem of @p page.
 * @param page a page (or NULL for the null netmem).
 * @return the reference; no page reference is taken.
 */
static inline netmem_ref page_to_netmem(struct page *page)
{
	netmem_ref n = { (uintptr_t)page };
	return n;
}

/**
 * The netmem of @p niov.
 * @param niov a net_iov.
 * @return the reference, tagged as a net_iov; no reference is taken.
 */
static inline netmem_ref net_iov_to_netmem(struct net_iov *niov)
{
	netmem_ref n = { (uintptr_t)niov | NET_IOV };
	return n;
}

/**
 * The page @p netmem refers to; NULL for a net_iov.
 * @param netmem the reference to convert.
 * @return the page, or NULL when @p netmem is a net_iov (or null).
 */
static inline struct page *netmem_to_page(netmem_ref netmem)
{
	if (netmem_is_net_iov(netmem))
		return NULL;
	return (struct page *)netmem.v;
}

/**
 * The net_iov @p netmem refers to; NULL for a page.
 * @param netmem the reference to convert.
 * @return the net_iov, or NULL when @p netmem is a page.
 */
static inline struct net_iov *netmem_to_net_iov(netmem_ref netmem)
{
	if (!netmem_is_net_iov(netmem))
		return NULL;
	return (struct net_iov *)(netmem.v & ~NET_IOV);
}

/** Unchecked: @p netmem as a page whether it is one or not (fields shared
 *  with net_iov only).
 * @param netmem the reference to cast (page or net_iov).
 * @return @p netmem with the net_iov tag removed, as a struct page pointer.
 */
static inline struct page *__netmem_to_page(netmem_ref netmem)
{
	return (struct page *)(netmem.v & ~NET_IOV);
}

/**
 * The area @p niov was cut from.
 * @param niov a net_iov.
 * @return its area (owned by the memory provider's binding).
 */
static inline struct net_iov_area *net_iov_owner(const struct net_iov *niov)
{
	return niov->owner;
}

/**
 * Index of @p niov in its area.
 * @param niov a net_iov.
 * @return its index, 0..area->num_niovs - 1.
 */
static inline unsigned int net_iov_idx(const struct net_iov *niov)
{
	return (unsigned int)(niov - net_iov_owner(niov)->niovs);
}

/**
 * Offset of @p niov's chunk in its device-memory region.
 * @param niov a net_iov.
 * @return byte offset of its chunk from the start of the region.
 */
static inline unsigned long net_iov_virtual_addr(const struct net_iov *niov)
{
	return net_iov_owner(niov)->base_virtual +
	       ((unsigned long)net_iov_idx(niov) << PAGE_SHIFT);
}

/**
 * The page_pool owning @p netmem, or NULL.
 * @param netmem the page or net_iov whose pp field is read.
 * @return the owning page_pool, NULL when no page_pool owns it.
 */
static inline struct page_pool *netmem_get_pp(netmem_ref netmem)
{
	return __netmem_to_page(netmem)->pp;
}

/**
 * The pp_magic word of @p netmem.
 * @param netmem the page or net_iov whose pp_magic is read.
 * @return the pp_magic word (PP_SIGNATURE in page_pool-owned memory).
 */
static inline unsigned long netmem_get_pp_magic(netmem_ref netmem)
{
	return __netmem_to_page(netmem)->pp_magic;
}

/**
 * Address of the pp_ref_count of @p netmem (page or net_iov).
 * @param netmem the page or net_iov whose counter is wanted.
 * @return a pointer to its pp_ref_count, inside the page or net_iov.
 */
static inline long *netmem_get_pp_ref_count_ref(netmem_ref netmem)
{
	return &__netmem_to_page(netmem)->pp_ref_count;
}

/**
 * IOVA of @p netmem's buffer start.
 * @param netmem the page or net_iov whose IOVA is read.
 * @return the DMA address (IOVA) of the start of its buffer.
 */
static inline dma_addr_t netmem_get_dma_addr(netmem_ref netmem)
{
	return __netmem_to_page(netmem)->dma_addr;
}

/**
 * CPU address of a page's buffer.
 * @param page the page whose buffer address is read.
 * @return the virtual address of the start of its buffer.
 */
static inline void *page_address(const struct page *page)
{
	return page->virt;
}

/**
 * CPU address of @p netmem's buffer; NULL for a net_iov (unreadable).
 * @param netmem the page or net_iov whose buffer address is wanted.
 * @return the buffer's virtual address, NULL for a net_iov.
 */
static inline void *netmem_address(netmem_ref netmem)
{
	if (netmem_is_net_iov(netmem))
		return NULL;
	return page_address(netmem_to_page(netmem));
}

/**
 * Order of @p page's buffer.
 * @param page the page whose order is read.
 * @return its order: the buffer is PAGE_SIZE << order bytes.
 */
static inline unsigned int compound_order(const struct page *page)
{
	return page->order;
}

/**
 * Size in bytes of @p page's buffer.
 * @param page the page whose buffer size is computed.
 * @return PAGE_SIZE << compound_order(@p page).
 */
static inline size_t page_size(const struct page *page)
{
	return PAGE_SIZE << page->order;
}

/**
 * NUMA node of @p page.
 * @param page the page whose NUMA node is read.
 * @return the NUMA node (socket) of its memory.
 */
static inline int page_to_nid(const struct page *page)
{
	return page->nid;
}

/**
 * Page references held on @p page.
 * @param page the page whose reference count is read.
 * @return the page reference count (0 for a free page).
 */
static inline int page_ref_count(const struct page *page)
{
	return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
}

/**
 * Same as page_ref_count().
 * @param page the page whose reference count is read.
 * @return the page reference count.
 */
static inline int page_count(const struct page *page)
{
	return page_ref_count(page);
}

/**
 * Adds @p nr page references.
 * @param page a page the caller holds a reference on.
 * @param nr references to add.
 */
static inline void page_ref_add(struct page *page, int nr)
{
	__atomic_fetch_add(&page->_refcount, nr, __ATOMIC_RELAXED);
}

/**
 * Takes one page reference.
 * @param page a page the caller holds a reference on.
 */
static inline void page_ref_inc(struct page *page)
{
	page_ref_add(page, 1);
}

/**
 * Takes a page reference on @p page.
 * @param page a page the caller holds a reference on.
 */
static inline void get_page(struct page *page)
{
	page_ref_inc(page);
}

/** Out of line: frees a page whose refcount reached 0 after dropping
 *  @p nr, or reports misuse.
 * @param page the page.
 * @param newref its reference count after the drop (0 frees it, below 0 is a
 *   misuse).
 * @param nr the references that were dropped.
 */
NM_API void __put_page(struct page *page, int newref, int nr);

/**
 * Drops @p nr page references; the last one frees the page.
 * @param page the page losing @p nr references; freed to its mempool at 0.
 * @param nr references to drop; the caller must hold them.
 */
static inline void page_ref_sub(struct page *page, int nr)
{
	int ref = __atomic_sub_fetch(&page->_refcount, nr, __ATOMIC_ACQ_REL);

	if (ref <= 0)
		__put_page(page, ref, nr);
}

/**
 * Drops a page reference; the last one returns the page to its mempool.
 * @param page a page the caller holds a reference on.
 */
static inline void put_page(struct page *page)
{
	page_ref_sub(page, 1);
}

/**
 * Page references on @p netmem: always 1 for a net_iov.
 * @param netmem the page or net_iov whose count is read.
 * @return the page reference count, 1 for a net_iov.
 */
static inline int netmem_ref_count(netmem_ref netmem)
{
	if (netmem_is_net_iov(netmem))
		return 1;
	return page_ref_count(netmem_to_page(netmem));
}

/**
 * Number of API misuses caught so far in this process (double free,
 * refcount underflow, page returned to the wrong pool...). Each one is also
 * logged once with a clear message; none is acted upon.
 * @return the process-wide misuse count.
 */
NM_API uint64_t nm_misuse_count(void);

/**
 * The library's version ("major.minor.patch"), as built.
 * @return a static string, never NULL, e.g. "0.1.0".
 */
NM_API const char *nm_version(void);

/** What a kernel BUG() case (an skb_put() past the buffer, BUG_ON()) does. */
enum nm_bug_mode {
	NM_BUG_ABORT,	/**< log "netmem: BUG: ..." and abort(), as the kernel stops (default) */
	NM_BUG_COUNT,	/**< count it as a misuse, log it, and go on (the caller is told
			 *   by the function's return value where it has one) */
};

/**
 * Sets the BUG mode for the process (also NM_BUG_MODE=count in the
 * environment).
 * @param mode NM_BUG_ABORT or NM_BUG_COUNT.
 */
NM_API void nm_set_bug_mode(enum nm_bug_mode mode);

/**
 * The current BUG mode.
 * @return NM_BUG_ABORT or NM_BUG_COUNT.
 */
NM_API enum nm_bug_mode nm_get_bug_mode(void);

/**
 * A kernel BUG() case: logs @p fmt and aborts, or in NM_BUG_COUNT mode counts
 * a misuse (nm_misuse_count()) and returns.
 * @param fmt printf format of the message.
 * @param ... its arguments.
 */
NM_API void nm_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * A kernel WARN() case: counts a misuse, logs @p fmt, returns.
 * @param fmt printf format of the message.
 * @param ... its arguments.
 */
NM_API void nm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * nm_warn() for a once-per-site warning (the kernel's WARN_ON_ONCE()): counts
 * a misuse every time, logs @p fmt only the first time (*@p once false; it
 * is then set).
 * @param once the call site's flag, false at first (a static bool).
 * @param fmt printf format of the message.
 * @param ... its arguments.
 */
NM_API void nm_warn_once(bool *once, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Page flag: the buffer is application memory held by an nm_owner
 *  (page->private), not refcounted per page. */
#define NM_PAGE_EXT	0x2

/**
 * True when @p page describes owner-held application memory.
 * @param page the page to test.
 * @return true for an external page (nm_ext_pages_create()), false for a page
 *   of libnetmem's mempools.
 */
static inline bool page_is_ext(const struct page *page)
{
	return (page->flags & NM_PAGE_EXT) != 0;
}

/*
 * The 64-bit word at &page->_refcount (_refcount, order, nid, flags) as a
 * fast path reads it at once: NM_PAGE_REF_WORD_MASK keeps _refcount and
 * NM_PAGE_EXT; the word & mask is NM_PAGE_REF_WORD_SOLE exactly when
 * _refcount is 1 and the page is not external (page_sole()'s first test).
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/** Of the word at &page->_refcount: _refcount and NM_PAGE_EXT. */
#define NM_PAGE_REF_WORD_MASK	(0xffffffffULL | (unsigned long long)NM_PAGE_EXT << 48)
/** The word & NM_PAGE_REF_WORD_MASK of a page with one reference, not external. */
#define NM_PAGE_REF_WORD_SOLE	1ULL
#else
#define NM_PAGE_REF_WORD_MASK	(0xffffffffULL << 32 | (unsigned long long)NM_PAGE_EXT)
#define NM_PAGE_REF_WORD_SOLE	(1ULL << 32)
#endif

/**
 * The lifetime owner of an external page.
 * @param page an external page.
 * @return its owner, whose references keep the memory alive.
 */
static inline struct nm_owner *page_ext_owner(const struct page *page)
{
	return (struct nm_owner *)page->NM_PAGE_PRIVATE;
}

/**
 * True when a page_pool owns @p page (its pp_magic says so): the one test of
 * the rule "is a page_pool page", as the kernel's page_pool_page_is_pp().
 * A page or net_iov becomes one by nm_netmem_set_pp_info() only.
 * @param page the page whose pp_magic is tested.
 * @return true when a page_pool owns it.
 */
static inline bool page_pool_page_is_pp(const struct page *page)
{
	return (page->pp_magic & PP_MAGIC_MASK) == PP_SIGNATURE;
}

/**
 * True when @p netmem belongs to a page_pool: page_pool_page_is_pp().
 * @param netmem the page or net_iov whose pp_magic is tested.
 * @return true when a page_pool owns it.
 */
static inline bool netmem_is_pp(netmem_ref netmem)
{
	return page_pool_page_is_pp(__netmem_to_page(netmem));
}

/**
 * Takes a reference on @p netmem: a page reference for a page, a reference
 * on the owner of a net_iov (its binding) or of an external page.
 * @param netmem a netmem reference the caller holds.
 */
NM_API void get_netmem(netmem_ref netmem);

/**
 * Drops a reference taken with get_netmem().
 * @param netmem a netmem reference from get_netmem(); memory may be freed.
 */
NM_API void put_netmem(netmem_ref netmem);

/**
 * Allocates a page of PAGE_SIZE << @p order bytes (order <= NM_MAX_PAGE_ORDER)
 * from the default host page mempools, made on first use after
 * rte_eal_init(). Returns NULL when none is left. __GFP_ZERO clears it.
 * @param gfp allocation flags; __GFP_ZERO zeroes the buffer.
 * @param order log2 of the number of PAGE_SIZE pages, <= NM_MAX_PAGE_ORDER.
 * @return a page with one reference (drop it with put_page() or
 *   __free_pages()), or NULL.
 */
NM_API struct page *alloc_pages(gfp_t gfp, unsigned int order);

/**
 * alloc_pages() of order 0.
 * @param gfp allocation flags.
 * @return a PAGE_SIZE page with one reference, or NULL.
 */
static inline struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

/**
 * Drops a reference on a page of @p order (checked against the page).
 * @param page a page from alloc_pages().
 * @param order the order it was allocated with.
 */
NM_API void __free_pages(struct page *page, unsigned int order);

/**
 * __free_pages() of order 0.
 * @param page a page from alloc_page().
 */
static inline void __free_page(struct page *page)
{
	__free_pages(page, 0);
}

/**
 * The page whose buffer holds @p addr, in O(1); NULL when @p addr is in no
 * page of libnetmem. Pages are never split, so this is the head page.
 * @param addr any address.
 * @return the page holding it, NULL when none does; no reference is taken.
 */
NM_API struct page *virt_to_head_page(const void *addr);

/**
 * Same as virt_to_head_page().
 * @param addr any address.
 * @return the page holding it, or NULL.
 */
static inline struct page *virt_to_page(const void *addr)
{
	return virt_to_head_page(addr);
}

/* ---- kernel 6.12+ netmem names ------------------------------------------ */

/**
 * The netmem of the page holding @p data (virt_to_page()); the null netmem
 * when @p data is in no libnetmem page.
 * @param data any address.
 * @return the page's netmem, or the null netmem; no reference is taken.
 */
static inline netmem_ref virt_to_netmem(const void *data)
{
	return page_to_netmem(virt_to_page(data));
}

/**
 * Unchecked netmem_address(): the caller knows @p netmem is a page (for a
 * net_iov the result is meaningless, as in the kernel).
 * @param netmem a page netmem.
 * @return the buffer's virtual address.
 */
static inline void *__netmem_address(netmem_ref netmem)
{
	return page_address(__netmem_to_page(netmem));
}

/**
 * Unchecked netmem_get_pp(): the pool of a page known to be one.
 * @param netmem a page netmem owned by a page_pool.
 * @return its page_pool.
 */
static inline struct page_pool *__netmem_get_pp(netmem_ref netmem)
{
	return __netmem_to_page(netmem)->pp;
}

/**
 * The head of @p netmem's compound page: the netmem itself, since pages are
 * never split into tail pages here and a net_iov has none.
 * @param netmem the page or net_iov.
 * @return @p netmem.
 */
static inline netmem_ref netmem_compound_head(netmem_ref netmem)
{
	return netmem;
}

/**
 * False: user space has no pfmemalloc reserves (nor does a net_iov).
 * @param netmem a netmem reference (unused).
 * @return false.
 */
static inline bool netmem_is_pfmemalloc(netmem_ref netmem)
{
	(void)netmem;
	return false;
}

/**
 * True when @p netmem is on NUMA node @p pref_nid; always true for a net_iov
 * (its provider chose the memory), as in the kernel.
 * @param netmem the page or net_iov whose node is compared.
 * @param pref_nid a NUMA node, or NUMA_NO_NODE.
 * @return true when the memory is on @p pref_nid (or is a net_iov).
 */
static inline bool netmem_is_pref_nid(netmem_ref netmem, int pref_nid)
{
	if (netmem_is_net_iov(netmem))
		return true;
	return page_to_nid(netmem_to_page(netmem)) == pref_nid;
}

/** Size of struct rte_mbuf: the mbuf private area of a page follows it. */
#define NM_MBUF_HDR_SIZE	128

/** Bytes at the start of a page mbuf's private area that can hold the one
 *  sk_buff built on the page's start (skbuff.h, SKB_FCLONE_EMBEDDED);
 *  struct page follows them, and the page's buffer follows struct page. */
#define NM_PAGE_SKB_SLOT	192

/**
 * The mbuf that carries @p page's buffer (DPDK glue).
 * @param page a page of libnetmem's mempools.
 * @return the mbuf whose buffer is the page's.
 */
static inline struct rte_mbuf *nm_page_to_mbuf(const struct page *page)
{
	return (struct rte_mbuf *)((uintptr_t)page - NM_PAGE_SKB_SLOT - NM_MBUF_HDR_SIZE);
}

/**
 * The page metadata of an mbuf made by libnetmem (DPDK glue).
 * @param m an mbuf of a libnetmem page mempool.
 * @return the page describing its buffer.
 */
static inline struct page *nm_mbuf_to_page(const struct rte_mbuf *m)
{
	return (struct page *)((uintptr_t)m + NM_MBUF_HDR_SIZE + NM_PAGE_SKB_SLOT);
}

/**
 * Sizes the default host page mempool of @p order: @p nr_pages pages. Call
 * before the first alloc_pages() of that order; 0 / -EBUSY / -EINVAL.
 * @param order page order, <= NM_MAX_PAGE_ORDER.
 * @param nr_pages pages in the mempool, > 0.
 * @return 0; -EBUSY when the mempool exists already; -EINVAL for a bad order or
 *   count.
 */
NM_API int nm_page_alloc_configure(unsigned int order, unsigned int nr_pages);

/**
 * Initialises @p owner with one reference and its destructor.
 * @param owner the caller's struct, embedded in what it owns.
 * @param name name for messages (kept, not copied).
 * @param release called once when the last reference goes.
 */
NM_API void nm_owner_init(struct nm_owner *owner, const char *name,
			  void (*release)(struct nm_owner *owner));

/**
 * Takes a reference on @p owner.
 * @param owner an owner the caller holds a reference on.
 */
static inline void nm_owner_get(struct nm_owner *owner)
{
	__atomic_fetch_add(&owner->refcnt, 1, __ATOMIC_RELAXED);
}

/**
 * Out of line: runs the destructor, or reports an underflow.
 * @param owner the owner.
 * @param newref its count after the drop: 0 runs release, below 0 is a misuse.
 */
NM_API void __nm_owner_release(struct nm_owner *owner, long newref);

/**
 * Drops a reference on @p owner; true when it was the last one.
 * @param owner an owner the caller holds a reference on.
 * @return true when this dropped the last reference (release ran).
 */
static inline bool nm_owner_put(struct nm_owner *owner)
{
	long ref = __atomic_sub_fetch(&owner->refcnt, 1, __ATOMIC_ACQ_REL);

	if (ref > 0)
		return false;
	__nm_owner_release(owner, ref);
	return ref == 0;
}

/**
 * Current references on @p owner.
 * @param owner an owner.
 * @return its reference count.
 */
static inline long nm_owner_refcnt(const struct nm_owner *owner)
{
	return __atomic_load_n(&owner->refcnt, __ATOMIC_RELAXED);
}

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_NETMEM_H */
