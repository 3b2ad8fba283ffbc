/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Scatterlists with the kernel's layout and helpers (linux/scatterlist.h).
 *
 * A scatterlist is an array of entries (page, offset, length); the last
 * entry of a list carries the end mark (SG_END), and an entry with SG_CHAIN
 * links to another array. skb_to_sgvec() (skb_datagram.h) fills one from an
 * skb.
 *
 * @code
 *	struct scatterlist sg[MAX_SKB_FRAGS + 1], *s;
 *	int i, n;
 *
 *	sg_init_table(sg, MAX_SKB_FRAGS + 1);
 *	n = skb_to_sgvec(skb, sg, 0, skb->len);
 *	for_each_sg(sg, s, n, i)
 *		use(sg_virt(s), s->length, sg_dma_address(s));
 * @endcode
 *
 * Differences from the kernel, deliberate:
 *  - libnetmem pages are DMA-mapped (their IOVA known) for as long as they
 *    exist, so sg_set_page() and sg_set_buf() also set dma_address (the
 *    IOVA of the first byte) and dma_length: a dma_map_sg() has nothing left
 *    to do.
 *  - An offset may exceed PAGE_SIZE: a page of order n is one struct page.
 *  - sg_set_buf() of memory outside libnetmem pages (an rte_malloc head)
 *    keeps its address in nm_buf, with no page and NM_SG_DMA_UNKNOWN as
 *    dma_address; sg_virt() still works.
 */
#ifndef NETMEM_SCATTERLIST_H
#define NETMEM_SCATTERLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <netmem/api.h>
#include <netmem/netmem.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One entry of a scatterlist (the kernel's struct scatterlist). */
struct scatterlist {
	unsigned long page_link;	/**< struct page * | SG_CHAIN | SG_END */
	unsigned int offset;		/**< offset of the data in the page */
	unsigned int length;		/**< bytes */
	dma_addr_t dma_address;		/**< IOVA of the data (set with the page here) */
	unsigned int dma_length;	/**< bytes mapped for DMA */
	unsigned int dma_flags;	/**< DMA flags */
	void *nm_buf;			/**< libnetmem: data outside any page, else NULL */
};

#define SG_CHAIN		0x01UL	/**< page_link points to the next array */
#define SG_END			0x02UL	/**< the last entry of the list */
/** The page_link bits that are no pointer. */
#define SG_PAGE_LINK_MASK	(SG_CHAIN | SG_END)

/** dma_address of an entry whose memory has no known IOVA. */
#define NM_SG_DMA_UNKNOWN	((dma_addr_t)~0ULL)

#define sg_dma_address(sg)	((sg)->dma_address)	/**< The DMA address of @p sg. */
#define sg_dma_len(sg)		((sg)->dma_length)	/**< The DMA length of @p sg. */

/**
 * The SG_CHAIN and SG_END bits of @p sg.
 * @param sg the entry whose page_link is read.
 * @return SG_CHAIN | SG_END bits of its page_link.
 */
static inline unsigned int __sg_flags(const struct scatterlist *sg)
{
	return (unsigned int)(sg->page_link & SG_PAGE_LINK_MASK);
}

/**
 * True when @p sg links to another array.
 * @param sg the entry to test.
 * @return true for a chain entry.
 */
static inline bool sg_is_chain(const struct scatterlist *sg)
{
	return (__sg_flags(sg) & SG_CHAIN) != 0;
}

/**
 * True when @p sg is the last entry of its list.
 * @param sg the entry to test.
 * @return true when SG_END is set.
 */
static inline bool sg_is_last(const struct scatterlist *sg)
{
	return (__sg_flags(sg) & SG_END) != 0;
}

/**
 * The array a chain entry links to.
 * @param sg a chain entry.
 * @return the first entry of the next array.
 */
static inline struct scatterlist *sg_chain_ptr(const struct scatterlist *sg)
{
	return (struct scatterlist *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

/**
 * The page of @p sg (NULL for an nm_buf entry).
 * @param sg a page entry.
 * @return the page, NULL for an nm_buf entry.
 */
static inline struct page *sg_page(const struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

/**
 * Sets the page of @p sg, keeping its marks.
 * @param sg the entry whose page is set.
 * @param page the page; no reference is taken.
 */
static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	unsigned long flags = sg->page_link & (SG_CHAIN | SG_END);

	sg->page_link = (unsigned long)(uintptr_t)page | flags;
	sg->nm_buf = NULL;
}

/**
 * Points @p sg at @p len bytes at @p offset of @p page.
 * @param sg the entry written (page, offset, length, DMA address).
 * @param page the page; no reference is taken.
 * @param len bytes.
 * @param offset offset in the page's buffer.
 */
static inline void sg_set_page(struct scatterlist *sg, struct page *page, unsigned int len,
			       unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
	sg->dma_address = page != NULL ? page->dma_addr + offset : NM_SG_DMA_UNKNOWN;
	sg->dma_length = len;
}

/**
 * CPU address of @p sg's first byte.
 * @param sg the entry whose first byte is wanted.
 * @return the address of the entry's first byte; NULL for an entry with neither
 *   page nor buffer.
 */
static inline void *sg_virt(const struct scatterlist *sg)
{
	struct page *page = sg_page(sg);

	if (page == NULL)
		return sg->nm_buf != NULL ? (char *)sg->nm_buf + sg->offset : NULL;
	return (char *)page_address(page) + sg->offset;
}

/**
 * Points @p sg at @p buflen bytes at @p buf.
 * @param sg the entry written.
 * @param buf start of the bytes, in a libnetmem page or not.
 * @param buflen bytes.
 */
static inline void sg_set_buf(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	struct page *page = virt_to_head_page(buf);

	if (page != NULL) {
		sg_set_page(sg, page, buflen,
			    (unsigned int)((const char *)buf - (const char *)page_address(page)));
		return;
	}
	sg_assign_page(sg, NULL);
	sg->nm_buf = (void *)(uintptr_t)buf;
	sg->offset = 0;
	sg->length = buflen;
	sg->dma_address = NM_SG_DMA_UNKNOWN;
	sg->dma_length = buflen;
}

/**
 * Marks @p sg as the last entry.
 * @param sg the entry that becomes the last (a chain mark is cleared).
 */
static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
	sg->page_link &= ~SG_CHAIN;
}

/**
 * Clears the end mark of @p sg.
 * @param sg the entry whose end mark is cleared.
 */
static inline void sg_unmark_end(struct scatterlist *sg)
{
	sg->page_link &= ~SG_END;
}

/**
 * Makes entry @p prv_nents - 1 of @p prv a link to @p sgl.
 * @param prv the array that links on; its last entry is used for the link.
 * @param prv_nents entries of @p prv.
 * @param sgl the array linked to.
 */
static inline void sg_chain(struct scatterlist *prv, unsigned int prv_nents,
			    struct scatterlist *sgl)
{
	struct scatterlist *link = &prv[prv_nents - 1];

	link->offset = 0;
	link->length = 0;
	link->nm_buf = NULL;
	link->page_link = ((unsigned long)(uintptr_t)sgl | SG_CHAIN) & ~SG_END;
}

/**
 * Clears @p nents entries and marks the last one.
 * @param sgl the array.
 * @param nents entries of @p sgl, > 0.
 */
static inline void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	sg_mark_end(&sgl[nents - 1]);
}

/**
 * A one-entry list over @p buflen bytes at @p buf.
 * @param sg one entry.
 * @param buf start of the bytes.
 * @param buflen bytes.
 */
static inline void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	sg_init_table(sg, 1);
	sg_set_buf(sg, buf, buflen);
}

/**
 * The entry after @p sg (following chains), or NULL after the last.
 * @param sg the current entry.
 * @return the next entry, NULL when @p sg is the last.
 */
static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	if (sg_is_last(sg))
		return NULL;
	sg++;
	if (sg_is_chain(sg))
		sg = sg_chain_ptr(sg);
	return sg;
}

/**
 * Entries in the list (up to the end mark).
 * @param sg first entry of a list.
 * @return the number of entries, chain links not counted.
 */
static inline int sg_nents(struct scatterlist *sg)
{
	int nents;

	for (nents = 0; sg != NULL; sg = sg_next(sg))
		nents++;
	return nents;
}

/**
 * Walks @p nr entries of @p sglist with @p sg and counter @p __i.
 * @param sglist first entry of the list.
 * @param sg the loop cursor (struct scatterlist *).
 * @param nr entries to walk.
 * @param __i the loop counter (int).
 */
#define for_each_sg(sglist, sg, nr, __i)	\
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))

#ifdef __cplusplus
}
#endif

#endif /* NETMEM_SCATTERLIST_H */
