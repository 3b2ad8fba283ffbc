/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMocka tests: one rule, one general predicate, and the fast paths' forms
 * of it held against each other over every skb shape (issue 16).
 *
 * lib/port/port_tx_own.h states when TX may send a page's own mbuf:
 * tx_can_move() (the skb solely owns every page it uses: tx_page_sole()),
 * and three fast forms, tx_fast_linear_ok(), tx_fast_slot_ok() (the RX
 * skb in its head page's slot, tested a word at a time with the masks of
 * skbuff.h and netmem.h) and tx_fast_slot_frags_ok() (the same with frags).
 * A fast form may refuse what the general rule allows (the general way
 * then sends the skb), never the other way. For each shape below the table
 * states what each predicate answers; the table runs a second time with a
 * frag on every RX skb, where the frags form answers what the slot form
 * answered. Every guard of a fast form has a shape that fails when the
 * guard is removed.
 * The same run checks "is a page_pool page" (page_pool_page_is_pp(),
 * netmem_is_pp()) against where each page came from, "page slot"
 * (tx_skb_in_slot(), nm_skb_head_in_slot()), the page-word test against
 * tx_page_sole(), and the bit masks of skbuff.h against the bitfields.
 * Every case checks skbs freed, page_pool inflight 0, no misuse counted.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <netmem/page_pool/helpers.h>
#include <netmem/page_pool/memory_provider.h>
#include <netmem/skbuff.h>

/* Private: RX's builder (the slot skb as RX makes it), TX's predicates. */
#include "port_rx.h"
#include "port_rx_build.h"
#include "port_tx_own.h"

#include "test_common.h"

#define GFP	(GFP_ATOMIC | __GFP_NOWARN)

static struct page_pool *pool;
static struct nm_rxq rxq;		/* 64-byte aligned, with its template */
static uint64_t misuse0;
static struct nm_skb_stats st0;

/* What a shape leaves to undo after its skb is freed. */
struct extra {
	struct page *pp_ref;		/* an extra pp reference to put */
	struct page *page_ref;		/* an extra page reference to put */
	struct sk_buff *skb2;		/* a second skb to free */
	bool skb_twice;			/* free the skb twice (users 2) */
	struct page *unflag;		/* a head page flagged external to restore */
	struct sk_buff *unfrag;		/* an skb whose head_frag to clear again */
};

static struct page *pp_frag(struct sk_buff *skb, unsigned int len);

/* The table's second pass: every RX skb gets a frag of its own page_pool
 * page first (rx_made tells which shapes start from one). */
static bool with_frag, rx_made;

/* An RX skb of @len bytes: the page is the head, the struct in its slot. */
static struct sk_buff *rx_skb(unsigned int len)
{
	struct page *page = page_pool_dev_alloc_pages(pool);
	struct rte_mbuf *m;
	struct rx_build_generic_ctx b;
	struct sk_buff *skb;

	assert_non_null(page);
	m = nm_page_to_mbuf(page);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->data_len = (uint16_t)len;
	memset(page->virt + RTE_PKTMBUF_HEADROOM, 0x11, len);
	rx_build_generic_init(&b, &rxq);
	skb = rx_build_generic(&b, m);
	rx_made = true;
	if (with_frag)
		pp_frag(skb, 100);
	return skb;
}

static struct page *pp_frag(struct sk_buff *skb, unsigned int len)
{
	struct page *fp = page_pool_dev_alloc_pages(pool);

	assert_non_null(fp);
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, fp, 0, (int)len, PAGE_SIZE);
	return fp;
}

static struct page *plain_frag(struct sk_buff *skb, unsigned int len)
{
	struct page *fp = alloc_page(GFP);

	assert_non_null(fp);
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, fp, 0, (int)len, PAGE_SIZE);
	return fp;
}

/* A net_iov frag whose reference is on an owner of this test. */
static long niov_released;
static void niov_release(struct nm_owner *o)
{
	(void)o;
	niov_released++;
}
static struct nm_owner niov_owner;
static struct net_iov niovs[1];
static struct net_iov_area niov_area = { niovs, 1, 0, &niov_owner };

/* External pages: application memory whose references are on an owner. */
static struct nm_owner ext_owner;
static long ext_released;
static void ext_release(struct nm_owner *o)
{
	(void)o;
	ext_released++;
}
static void *ext_buf;
static struct page *ext_pages;

static struct ubuf_info zc_uarg;
static long zc_completed;
/* Called as each skb lets go of the completion: drops its reference. */
static void zc_complete(struct sk_buff *skb, struct ubuf_info *uarg, bool ok)
{
	(void)skb;
	(void)ok;
	__atomic_fetch_sub(&uarg->refcnt, 1, __ATOMIC_RELAXED);
	zc_completed++;
}
static const struct ubuf_info_ops zc_ops = { .complete = zc_complete };

static void noop_destructor(struct sk_buff *skb)
{
	(void)skb;
}

/* ---- the shapes ----------------------------------------------------------- */

static struct sk_buff *s_rx(struct extra *x)
{
	(void)x;
	return rx_skb(60);
}

static struct sk_buff *s_rx_pulled(struct extra *x)
{
	struct sk_buff *skb = rx_skb(200);

	(void)x;
	skb_pull(skb, 14);
	return skb;
}

static struct sk_buff *s_rx_empty(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	if (skb_is_nonlinear(skb))
		__skb_pull(skb, skb_headlen(skb));	/* no linear bytes left */
	else
		skb_trim(skb, 0);
	return skb;
}

static struct sk_buff *s_rx_cloned(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	x->skb2 = skb_clone(skb, GFP);
	assert_non_null(x->skb2);
	return skb;
}

static struct sk_buff *s_rx_clone_of(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	x->skb2 = skb;
	skb = skb_clone(skb, GFP);
	assert_non_null(skb);
	return skb;
}

static struct sk_buff *s_rx_users2(struct extra *x)
{
	x->skb_twice = true;
	return skb_get(rx_skb(60));
}

static struct sk_buff *s_rx_destructor(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	skb->destructor = noop_destructor;
	return skb;
}

static struct sk_buff *s_rx_head_pp_shared(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	x->pp_ref = nm_skb_slot_page(skb);
	page_pool_ref_page(x->pp_ref);
	return skb;
}

static struct sk_buff *s_rx_head_page_ref(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	x->page_ref = nm_skb_slot_page(skb);
	get_page(x->page_ref);
	return skb;
}

static struct sk_buff *s_rx_pp_frag(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	pp_frag(skb, 100);
	return skb;
}

static struct sk_buff *s_rx_pp_frag_shared(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	x->pp_ref = pp_frag(skb, 100);
	page_pool_ref_page(x->pp_ref);
	return skb;
}

static struct sk_buff *s_rx_plain_frag(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	plain_frag(skb, 100);
	return skb;
}

static struct sk_buff *s_rx_plain_frag_shared(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	x->page_ref = plain_frag(skb, 100);
	get_page(x->page_ref);
	return skb;
}

static struct sk_buff *s_rx_niov_frag(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);
	netmem_ref nm = net_iov_to_netmem(&niovs[0]);

	(void)x;
	get_netmem(nm);
	skb_add_rx_frag_netmem(skb, skb_shinfo(skb)->nr_frags, nm, 0, 100, PAGE_SIZE);
	return skb;
}

static struct sk_buff *s_rx_ext_frag(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);
	netmem_ref nm = page_to_netmem(&ext_pages[0]);

	(void)x;
	get_netmem(nm);		/* a reference on the owner */
	skb_add_rx_frag_netmem(skb, skb_shinfo(skb)->nr_frags, nm, 0, 100, PAGE_SIZE);
	return skb;
}

/* Not a shape the library makes: the struct still in its page's slot,
 * the head moved to a new buffer (pskb_expand_head()) and flagged a page
 * frag. The slot page keeps its references, so its words and the struct's
 * flags look like a slot skb's; only the head says the page is not it. */
static struct sk_buff *s_rx_head_moved(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	assert_int_equal(pskb_expand_head(skb, 0, 0, GFP), 0);
	assert_false(skb->head_frag);
	skb->head_frag = 1;
	x->unfrag = skb;
	return skb;
}

/* A frag of a whole 64 KiB page: one byte more than a segment holds. */
static struct sk_buff *s_rx_big_frag(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);
	struct page *fp = alloc_pages(GFP, 4);

	(void)x;
	assert_non_null(fp);
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, fp, 0, (int)PAGE_SIZE << 4,
			PAGE_SIZE << 4);
	return skb;
}

/* Not a shape RX makes: the head page's flags say external (an owner holds
 * the references), so no fast form may take _refcount 1 for "sole". */
static struct sk_buff *s_rx_head_flagged_ext(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	x->unflag = nm_skb_slot_page(skb);
	x->unflag->flags |= NM_PAGE_EXT;
	return skb;
}

static struct sk_buff *s_rx_zcopy(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	skb_zcopy_set(skb, &zc_uarg, NULL);
	return skb;
}

static struct sk_buff *s_rx_gso(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	return skb;
}

static struct sk_buff *s_rx_csum_partial(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	skb->ip_summed = CHECKSUM_PARTIAL;
	return skb;
}

static struct sk_buff *s_rx_csum_complete(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	skb->ip_summed = CHECKSUM_COMPLETE;
	return skb;
}

static struct sk_buff *s_rx_csum_unnecessary(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return skb;
}

static struct sk_buff *s_rx_vlan(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60);

	(void)x;
	skb->vlan_proto = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	skb->vlan_tci = 7;
	return skb;
}

static struct sk_buff *s_rx_frag_list(struct extra *x)
{
	struct sk_buff *skb = rx_skb(60), *s2 = rx_skb(40);

	(void)x;
	skb_shinfo(skb)->frag_list = s2;
	skb->len += s2->len;
	skb->data_len += s2->len;
	skb->truesize += s2->truesize;
	return skb;
}

static struct sk_buff *s_alloc_skb(struct extra *x)
{
	struct sk_buff *skb = alloc_skb(256, GFP);

	(void)x;
	assert_non_null(skb);
	memset(skb_put(skb, 60), 0x22, 60);
	return skb;
}

static struct sk_buff *s_napi_alloc_skb(struct extra *x)
{
	struct sk_buff *skb = napi_alloc_skb(NULL, 60);

	(void)x;
	assert_non_null(skb);
	memset(skb_put(skb, 60), 0x33, 60);
	return skb;
}

static struct sk_buff *s_build_skb_pp(struct extra *x)
{
	struct page *page = page_pool_dev_alloc_pages(pool);
	struct sk_buff *skb;

	(void)x;
	assert_non_null(page);
	skb = napi_build_skb(page->virt, PAGE_SIZE);
	assert_non_null(skb);
	skb_mark_for_recycle(skb);
	skb_reserve(skb, 64);
	memset(skb_put(skb, 60), 0x44, 60);
	return skb;
}

static struct sk_buff *s_build_skb_plain(struct extra *x)
{
	struct page *page = alloc_page(GFP);
	struct sk_buff *skb;

	(void)x;
	assert_non_null(page);
	skb = build_skb(page->virt, PAGE_SIZE);
	assert_non_null(skb);
	skb_reserve(skb, 64);
	memset(skb_put(skb, 60), 0x55, 60);
	return skb;
}

static struct sk_buff *s_fclone(struct extra *x)
{
	struct sk_buff *skb = alloc_skb_fclone(256, GFP);

	assert_non_null(skb);
	memset(skb_put(skb, 60), 0x66, 60);
	x->skb2 = skb_clone(skb, GFP);
	assert_non_null(x->skb2);
	return skb;
}

/* ---- the table -------------------------------------------------------------- */

struct shape {
	const char *name;
	struct sk_buff *(*make)(struct extra *x);
	bool fast_slot;		/* tx_fast_slot_ok() */
	bool fast_linear;	/* tx_fast_linear_ok() != NULL */
	bool fast_frags;	/* tx_fast_slot_frags_ok() */
	bool can_move;		/* tx_can_move() */
	bool head_pp;		/* page_pool_page_is_pp() of the head page */
	bool in_slot;		/* nm_skb_head_in_slot() */
};

static const struct shape shapes[] = {
	/* name			make			slot	linear	frags	move	pp	in slot */
	{ "rx",			s_rx,			true,	true,	false,	true,	true,	true },
	{ "rx pulled",		s_rx_pulled,		true,	true,	false,	true,	true,	true },
	{ "rx empty",		s_rx_empty,		false,	false,	false,	false,	true,	true },
	{ "rx cloned",		s_rx_cloned,		false,	false,	false,	false,	true,	true },
	{ "clone of rx",	s_rx_clone_of,		false,	false,	false,	false,	true,	false },
	{ "rx users 2",		s_rx_users2,		false,	false,	false,	false,	true,	true },
	{ "rx destructor",	s_rx_destructor,	false,	false,	false,	false,	true,	true },
	{ "rx head pp shared",	s_rx_head_pp_shared,	false,	false,	false,	false,	true,	true },
	{ "rx head page ref",	s_rx_head_page_ref,	false,	false,	false,	false,	true,	true },
	{ "rx + pp frag",	s_rx_pp_frag,		false,	false,	true,	true,	true,	true },
	{ "rx + shared pp frag", s_rx_pp_frag_shared,	false,	false,	false,	false,	true,	true },
	{ "rx + page frag",	s_rx_plain_frag,	false,	false,	true,	true,	true,	true },
	{ "rx + shared page frag", s_rx_plain_frag_shared, false, false,	false, false,	true,	true },
	{ "rx head moved",	s_rx_head_moved,	false,	false,	false,	false,	false,	false },
	{ "rx + 64 KiB frag",	s_rx_big_frag,		false,	false,	false,	false,	true,	true },
	{ "rx + net_iov frag",	s_rx_niov_frag,		false,	false,	false,	false,	true,	true },
	{ "rx + external frag",	s_rx_ext_frag,		false,	false,	false,	false,	true,	true },
	{ "rx head flagged ext", s_rx_head_flagged_ext,	false,	false,	false,	false,	true,	true },
	{ "rx zero-copy",	s_rx_zcopy,		false,	false,	false,	false,	true,	true },
	{ "rx GSO",		s_rx_gso,		false,	false,	false,	true,	true,	true },
	{ "rx csum partial",	s_rx_csum_partial,	false,	false,	false,	true,	true,	true },
	{ "rx csum complete",	s_rx_csum_complete,	false,	true,	false,	true,	true,	true },
	{ "rx csum unnecessary", s_rx_csum_unnecessary,	true,	true,	false,	true,	true,	true },
	{ "rx VLAN tag",	s_rx_vlan,		false,	false,	false,	true,	true,	true },
	{ "rx frag_list",	s_rx_frag_list,		false,	false,	false,	false,	true,	true },
	{ "alloc_skb",		s_alloc_skb,		false,	false,	false,	false,	false,	false },
	{ "napi_alloc_skb",	s_napi_alloc_skb,	false,	false,	false,	false,	false,	false },
	{ "build_skb pp page",	s_build_skb_pp,		true,	true,	false,	true,	true,	true },
	{ "build_skb page",	s_build_skb_plain,	false,	true,	false,	true,	false,	true },
	{ "fast clone",		s_fclone,		false,	false,	false,	false,	false,	false },
};

static void check_page(const struct page *page, bool from_pool)
{
	if (page == NULL)
		return;
	assert_int_equal(page_pool_page_is_pp(page), from_pool);
	assert_int_equal(netmem_is_pp(page_to_netmem((struct page *)(uintptr_t)page)),
			 from_pool);
	/* the fast forms' page test (the word, one pp reference) */
	if (tx_page_word_sole(page) && page->pp_ref_count == 1)
		assert_true(tx_page_sole(page));
}

/*
 * Each shape, made as the table says; with @frag, each RX skb gets a frag
 * of its own page_pool page first. The frag moves with the skb, so the
 * general rule answers as before; the linear fast forms now refuse, and
 * tx_fast_slot_frags_ok() answers what the slot form answered for the
 * linear skb: the same guards, a frag apart.
 */
static void run_table(bool frag)
{
	with_frag = frag;
	for (unsigned int i = 0; i < RTE_DIM(shapes); i++) {
		const struct shape *s = &shapes[i];
		struct extra x = { 0 };
		struct sk_buff *skb;
		struct page *hp = NULL, *lp;
		bool slot, lin, frags, move, rx;

		rx_made = false;
		skb = s->make(&x);
		rx = frag && rx_made;
		print_message("shape: %s%s\n", s->name, rx ? " + a frag" : "");
		slot = tx_fast_slot_ok(skb);
		lp = tx_fast_linear_ok(skb);
		lin = lp != NULL;
		frags = tx_fast_slot_frags_ok(skb, 0);
		move = tx_can_move(skb, 0, &hp);
		assert_int_equal(slot, rx ? false : s->fast_slot);
		assert_int_equal(lin, rx ? false : s->fast_linear);
		assert_int_equal(frags, rx ? s->fast_slot || s->fast_frags : s->fast_frags);
		assert_int_equal(move, s->can_move);
		/* a fast form never allows what the general rule refuses */
		if (slot)
			assert_true(lin);
		if (frags) {
			assert_true(move && tx_skb_in_slot(skb, hp));
			assert_true(skb_shinfo(skb)->nr_frags > 0);
			/* and within the port's segments */
			assert_false(tx_fast_slot_frags_ok(skb, skb_shinfo(skb)->nr_frags));
			assert_true(tx_fast_slot_frags_ok(skb, skb_shinfo(skb)->nr_frags + 1u));
		}
		if (lin) {
			assert_true(move);
			assert_ptr_equal(lp, hp);
		}
		/* page slot: the fast forms' view of it is the general one */
		assert_int_equal(nm_skb_head_in_slot(skb), s->in_slot);
		if (slot)
			assert_true(tx_skb_in_slot(skb, nm_skb_slot_page(skb)) &&
				    nm_skb_head_in_slot(skb));
		if (skb->head_frag) {
			struct page *head = virt_to_head_page(skb->head);

			check_page(head, s->head_pp);
			if (s->in_slot)
				assert_true(tx_skb_in_slot(skb, head));
		}
		/* every page the skb moves is its alone */
		if (move) {
			assert_true(tx_page_sole(hp));
			for (int f = 0; f < skb_shinfo(skb)->nr_frags; f++)
				assert_true(tx_page_sole(skb_frag_page(&skb_shinfo(skb)->frags[f])));
		}
		for (int f = 0; f < skb_shinfo(skb)->nr_frags; f++) {
			const skb_frag_t *fr = &skb_shinfo(skb)->frags[f];

			if (!skb_frag_is_net_iov(fr))
				check_page(skb_frag_page(fr), netmem_get_pp(skb_frag_netmem(fr)) != NULL);
			else
				assert_false(netmem_is_pp(skb_frag_netmem(fr)));
		}
		if (x.unflag != NULL)
			x.unflag->flags &= (uint16_t)~NM_PAGE_EXT;
		if (x.unfrag != NULL)
			x.unfrag->head_frag = 0;
		if (x.skb_twice)
			kfree_skb(skb);
		kfree_skb(skb);
		if (x.skb2 != NULL)
			kfree_skb(x.skb2);
		if (x.pp_ref != NULL)
			page_pool_put_full_page(pool, x.pp_ref, true);
		if (x.page_ref != NULL)
			put_page(x.page_ref);
	}
	with_frag = false;
	/* the net_iov's and the completion's references all given back */
	assert_int_equal(niov_owner.refcnt, 1);
	assert_int_equal(niov_released, 0);
	assert_int_equal(ext_owner.refcnt, 1);
	assert_int_equal(zc_uarg.refcnt, 1);
}

static void test_table(void **state)
{
	(void)state;
	run_table(false);
	assert_int_equal(zc_completed, 1);
}

/* The table again, each RX skb with a frag: tx_fast_slot_frags_ok()'s
 * guards, each met by the shape whose guard it is. */
static void test_table_frags(void **state)
{
	(void)state;
	zc_completed = 0;
	run_table(true);
	assert_int_equal(zc_completed, 1);
}

/* The masks of skbuff.h name the bitfields they stand for. */
static void test_flag_masks(void **state)
{
	struct sk_buff s;
	uint64_t w;

	(void)state;
#define FLAG_WORD(set, mask) do {					\
		memset(&s, 0, sizeof(s));					\
		set;								\
		memcpy(&w, (const char *)&s + SKB_FLAGS_OFFSET, sizeof(w));	\
		assert_int_equal(w, (mask));					\
	} while (0)
	FLAG_WORD(s.cloned = 1, SKB_FLAGS_CLONED_MASK);
	FLAG_WORD(s.fclone = 3, SKB_FLAGS_FCLONE_MASK);
	FLAG_WORD(s.fclone = SKB_FCLONE_EMBEDDED, SKB_FLAGS_FCLONE(SKB_FCLONE_EMBEDDED));
	FLAG_WORD(s.fclone = SKB_FCLONE_ORIG, SKB_FLAGS_FCLONE(SKB_FCLONE_ORIG));
	FLAG_WORD(s.head_frag = 1, SKB_FLAGS_HEAD_FRAG_MASK);
	FLAG_WORD(s.ip_summed = 3, SKB_FLAGS_IP_SUMMED_MASK);
	FLAG_WORD(s.ip_summed = CHECKSUM_COMPLETE, SKB_FLAGS_IP_SUMMED(CHECKSUM_COMPLETE));
	FLAG_WORD(s.ip_summed = CHECKSUM_PARTIAL, SKB_FLAGS_IP_SUMMED(CHECKSUM_PARTIAL));
	FLAG_WORD(s.vlan_all = ~0U, SKB_FLAGS_VLAN_ALL_MASK);
	/* no other field shares the word's tested bits */
	FLAG_WORD((s.nohdr = 1, s.peeked = 1, s.pfmemalloc = 1, s.pp_recycle = 1,
		   s.unreadable = 1, s.l4_hash = 1, s.csum_level = 3, s.pkt_type = 7,
		   s.csum_not_inet = 1, s.port = 0xffff, s.priority = ~0U),
		  w & ~(uint64_t)TX_SLOT_FLAGS_MASK);
	assert_int_equal(w & TX_SLOT_FLAGS_MASK, 0);
#undef FLAG_WORD
	/* the shared info's first word */
	{
		struct skb_shared_info sh;

		memset(&sh, 0, sizeof(sh));
		sh.flags = 0xff & ~SKBFL_ZEROCOPY_ENABLE;
		sh.meta_len = 0xff;
		sh.tx_flags = 0xff;
		sh.gso_segs = 0xffff;
		memcpy(&w, &sh, sizeof(w));
		assert_int_equal(w & SKB_SHINFO_LINEAR_MASK, 0);
		sh.flags = SKBFL_ZEROCOPY_ENABLE;
		memcpy(&w, &sh, sizeof(w));
		assert_int_not_equal(w & SKB_SHINFO_LINEAR_MASK, 0);
		sh.flags = 0;
		sh.nr_frags = 1;
		memcpy(&w, &sh, sizeof(w));
		assert_int_not_equal(w & SKB_SHINFO_LINEAR_MASK, 0);
		sh.nr_frags = 0;
		sh.gso_size = 1;
		memcpy(&w, &sh, sizeof(w));
		assert_int_not_equal(w & SKB_SHINFO_LINEAR_MASK, 0);
	}
	/* the page's word at _refcount */
	{
		struct page p;
		uint64_t pw;

		memset(&p, 0, sizeof(p));
		p._refcount = 1;
		p.order = 4;
		p.nid = -1;
		p.flags = (uint16_t)~NM_PAGE_EXT;
		memcpy(&pw, &p._refcount, sizeof(pw));
		assert_int_equal(pw & NM_PAGE_REF_WORD_MASK, NM_PAGE_REF_WORD_SOLE);
		p.flags = NM_PAGE_EXT;
		memcpy(&pw, &p._refcount, sizeof(pw));
		assert_int_not_equal(pw & NM_PAGE_REF_WORD_MASK, NM_PAGE_REF_WORD_SOLE);
		p.flags = 0;
		p._refcount = 0x10001;
		memcpy(&pw, &p._refcount, sizeof(pw));
		assert_int_not_equal(pw & NM_PAGE_REF_WORD_MASK, NM_PAGE_REF_WORD_SOLE);
	}
	/* "is a page_pool page": the low bits are the owner's */
	{
		struct page p;

		memset(&p, 0, sizeof(p));
		p.pp_magic = PP_SIGNATURE | 0x3;
		assert_true(page_pool_page_is_pp(&p));
		p.pp_magic = PP_SIGNATURE ^ 0x40;
		assert_false(page_pool_page_is_pp(&p));
		p.pp_magic = 0;
		assert_false(page_pool_page_is_pp(&p));
		nm_netmem_set_pp_info(page_to_netmem(&p), pool);
		assert_true(page_pool_page_is_pp(&p));
		assert_ptr_equal(p.pp, pool);
		assert_int_equal(p.pp_ref_count, 1);
		nm_netmem_clear_pp_info(page_to_netmem(&p));
		assert_false(page_pool_page_is_pp(&p));
		assert_null(p.pp);
	}
}

static int case_setup(void **state)
{
	(void)state;
	misuse0 = nm_misuse_count();
	nm_skb_get_stats(&st0);
	return 0;
}

static int case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	if (st.live != st0.live) {
		print_error("skbs leaked: live %" PRIu64 ", was %" PRIu64 "\n", st.live, st0.live);
		return -1;
	}
	if (page_pool_inflight(pool) != 0) {
		print_error("page_pool inflight %ld\n", page_pool_inflight(pool));
		return -1;
	}
	if (nm_misuse_count() != misuse0) {
		print_error("misuse counted\n");
		return -1;
	}
	return 0;
}

static int group_setup(void **state)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP,
		.order = 0,
		.pool_size = 256,
		.nid = NUMA_NO_NODE,
		.dev = PP_DEV_NONE,
		.lcore = rte_lcore_id(),
		.dma_dir = DMA_BIDIRECTIONAL,
		.nr_pages = 512,
		.name = "test_rules_table",
	};

	(void)state;
	pool = page_pool_create(&pp);
	if (IS_ERR_OR_NULL(pool))
		return -1;
	memset(&rxq, 0, sizeof(rxq));
	rxq.pool = pool;
	rxq.mp = nm_page_pool_mempool(pool);
	rxq.page_size = PAGE_SIZE;
	nm_rxq_tmpl_init(&rxq);
	nm_owner_init(&niov_owner, "test niov", niov_release);
	niovs[0].owner = &niov_area;
	niovs[0].type = NET_IOV_DMABUF;
	nm_owner_init(&ext_owner, "test ext", ext_release);
	ext_buf = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (ext_buf == NULL)
		return -1;
	ext_pages = nm_ext_pages_create(ext_buf, PAGE_SIZE, &ext_owner);
	if (IS_ERR(ext_pages))
		return -1;
	zc_uarg.ops = &zc_ops;
	zc_uarg.refcnt = 1;
	zc_uarg.flags = SKBFL_ZEROCOPY_FRAG;
	return 0;
}

static int group_teardown(void **state)
{
	long inflight = page_pool_inflight(pool);

	(void)state;
	nm_owner_put(&niov_owner);
	nm_ext_pages_free(ext_pages, PAGE_SIZE);
	nm_owner_put(&ext_owner);
	free(ext_buf);
	page_pool_destroy(pool);
	return inflight == 0 && nm_page_pool_reap() == 0 && niov_released == 1 && ext_released == 1 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_table_frags, case_setup, case_teardown),
		cmocka_unit_test_setup_teardown(test_flag_masks, case_setup, case_teardown),
	};
	int ret;

	nm_test_eal_init(1, NULL);
	ret = cmocka_run_group_tests(tests, group_setup, group_teardown);
	rte_eal_cleanup();
	return ret;
}
