/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device-memory records and tokens: the application takes the payload as
 * records {binding, token, offset, len} (nm_devmem_recv(), the kernel's
 * SCM_DEVMEM_DMABUF) and gives the tokens back (nm_devmem_dontneed(),
 * SO_DEVMEM_DONTNEED). A token holds one pp reference on its net_iov (or an
 * owner reference on a send's alias); tokens live in a table per binding
 * id, as the kernel keeps them per socket (sk_user_frags).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_spinlock.h>

#include <netmem/devmem.h>

#include "port_priv.h"

#define TOKEN_NONE	UINT32_MAX
#define TOKEN_MAX	(1U << 31)	/* tokens are 31-bit, as the kernel's xarray ids */

enum { TOK_FREE, TOK_PP, TOK_OWNER };

struct tok_slot {
	netmem_ref netmem;
	uint32_t next_free;	/* free list link while TOK_FREE */
	uint8_t kind;		/* the reference held: pp or owner */
};

/* The tokens of one binding id. */
struct tok_table {
	rte_spinlock_t lock;
	struct tok_slot *slots;
	uint32_t cap;		/* slots allocated */
	uint32_t hwm;		/* slots ever used: [0, hwm) */
	uint32_t free_head;	/* first reusable slot, or TOKEN_NONE */
	uint32_t used;
};

static rte_spinlock_t tables_lock = RTE_SPINLOCK_INITIALIZER;
static struct tok_table **tables;	/* indexed by binding id; never freed */
static uint32_t nb_tables;

/* The table of binding @id, made when @create; NULL if none. */
static struct tok_table *tok_table_get(uint32_t id, bool create)
{
	struct tok_table *t = NULL;

	rte_spinlock_lock(&tables_lock);
	if (id < nb_tables)
		t = tables[id];
	if (t == NULL && create) {
		if (id >= nb_tables) {
			uint32_t n = RTE_MAX(nb_tables * 2, 64u);
			struct tok_table **nt;

			while (n <= id)
				n *= 2;
			nt = realloc(tables, n * sizeof(*nt));
			if (nt == NULL)
				goto out;
			memset(nt + nb_tables, 0, (n - nb_tables) * sizeof(*nt));
			tables = nt;
			nb_tables = n;
		}
		t = calloc(1, sizeof(*t));
		if (t != NULL) {
			rte_spinlock_init(&t->lock);
			t->free_head = TOKEN_NONE;
			tables[id] = t;
		}
	}
out:
	rte_spinlock_unlock(&tables_lock);
	return t;
}

/* A token for @nm (holding a reference of @kind), or TOKEN_NONE (ENOMEM). */
static uint32_t tok_alloc(struct tok_table *t, netmem_ref nm, uint8_t kind)
{
	uint32_t tok = TOKEN_NONE;

	rte_spinlock_lock(&t->lock);
	if (t->free_head != TOKEN_NONE) {
		tok = t->free_head;
		t->free_head = t->slots[tok].next_free;
	} else {
		if (t->hwm == t->cap) {
			uint32_t n = t->cap ? t->cap * 2 : 256;
			struct tok_slot *ns;

			if (t->cap >= TOKEN_MAX)
				goto out;
			ns = realloc(t->slots, (size_t)n * sizeof(*ns));
			if (ns == NULL)
				goto out;
			t->slots = ns;
			t->cap = n;
		}
		tok = t->hwm++;
	}
	t->slots[tok].netmem = nm;
	t->slots[tok].kind = kind;
	t->slots[tok].next_free = TOKEN_NONE;
	t->used++;
out:
	rte_spinlock_unlock(&t->lock);
	return tok;
}

/* Takes token @tok out of @t: its kind (TOK_FREE when unknown) and netmem. */
static uint8_t tok_take_locked(struct tok_table *t, uint32_t tok, netmem_ref *nm)
{
	struct tok_slot *s;
	uint8_t kind;

	if (tok >= t->hwm)
		return TOK_FREE;
	s = &t->slots[tok];
	kind = s->kind;
	if (kind == TOK_FREE)
		return TOK_FREE;
	*nm = s->netmem;
	s->netmem = netmem_null();
	s->kind = TOK_FREE;
	s->next_free = t->free_head;
	t->free_head = tok;
	t->used--;
	return kind;
}

static void tok_put_ref(netmem_ref nm, uint8_t kind)
{
	if (kind == TOK_PP)
		page_pool_put_full_netmem(netmem_get_pp(nm), nm, false);
	else
		put_netmem(nm);
}

/* Walks the net_iov frags @f of @skb and of its frag_list, in order. */
#define for_each_niov_frag(skb, it, f, i)					\
	for (const struct sk_buff *it = (skb); it != NULL;			\
	     it = (it == (skb) ? skb_shinfo(skb)->frag_list : it->next))	\
		for (int i = 0; i < skb_shinfo(it)->nr_frags; i++)		\
			for (const skb_frag_t *f = &skb_shinfo(it)->frags[i];	\
			     f != NULL && skb_frag_is_net_iov(f); f = NULL)

int nm_devmem_recv(struct sk_buff *skb, struct nm_devmem_rx_frag *out, unsigned int n)
{
	unsigned int cnt = 0, got = 0;
	struct tok_table *t = NULL;
	uint32_t t_id = 0;
	int ret;

	if (skb == NULL || (out == NULL && n != 0))
		return -EINVAL;
	for_each_niov_frag(skb, it, f, i)
		cnt++;
	if (cnt == 0)
		return -EINVAL;		/* readable: read it with the CPU API */
	if (cnt > n)
		return -ENOSPC;
	for_each_niov_frag(skb, it, f, i) {
		const struct net_iov *niov = skb_frag_net_iov(f);
		netmem_ref nm = skb_frag_netmem(f);
		uint32_t id = nm_devmem_niov_binding_id(niov);
		uint8_t kind = netmem_is_pp(nm) ? TOK_PP : TOK_OWNER;
		uint32_t tok;

		if (t == NULL || t_id != id) {
			t = tok_table_get(id, true);
			t_id = id;
		}
		if (t == NULL) {
			ret = -ENOMEM;
			goto undo;
		}
		/* The reference before the token: dontneed may come at once. */
		if (kind == TOK_PP)
			page_pool_ref_netmem(nm);
		else
			get_netmem(nm);
		tok = tok_alloc(t, nm, kind);
		if (tok == TOKEN_NONE) {
			tok_put_ref(nm, kind);
			ret = -ENOMEM;
			goto undo;
		}
		out[got].binding_id = id;
		out[got].token = tok;
		out[got].offset = net_iov_virtual_addr(niov) + skb_frag_off(f);
		out[got].len = skb_frag_size(f);
		got++;
	}
	return (int)got;
undo:
	/* Nothing taken: give back what this call took. */
	for (unsigned int k = 0; k < got; k++) {
		struct tok_table *tk = tok_table_get(out[k].binding_id, false);
		netmem_ref nm = netmem_null();
		uint8_t kind;

		rte_spinlock_lock(&tk->lock);
		kind = tok_take_locked(tk, out[k].token, &nm);
		rte_spinlock_unlock(&tk->lock);
		if (kind != TOK_FREE)
			tok_put_ref(nm, kind);
	}
	return ret;
}

/* Tokens freed per lock hold (references are dropped outside the lock). */
#define DONTNEED_BATCH	64

int nm_devmem_dontneed(uint32_t binding_id, const struct nm_devmem_token *tokens,
		       unsigned int nb_tokens)
{
	netmem_ref nms[DONTNEED_BATCH];
	uint8_t kinds[DONTNEED_BATCH];
	struct tok_table *t;
	uint64_t total = 0;
	int freed = 0;

	if (nb_tokens > NM_DEVMEM_MAX_TOKENS)
		return -E2BIG;
	if (tokens == NULL && nb_tokens != 0)
		return -EINVAL;
	for (unsigned int r = 0; r < nb_tokens; r++)
		total += tokens[r].token_count;
	if (total > NM_DEVMEM_MAX_FRAGS)
		return -E2BIG;
	t = tok_table_get(binding_id, false);
	if (t == NULL) {
		struct net_devmem_dmabuf_binding *b = net_devmem_lookup(binding_id);

		if (b == NULL)
			return -EINVAL;
		net_devmem_binding_put(b);
		return 0;	/* a binding that never handed out a token */
	}
	for (unsigned int r = 0; r < nb_tokens; r++) {
		uint64_t tok = tokens[r].token_start;
		uint64_t end = tok + tokens[r].token_count;

		while (tok < end) {
			unsigned int nb = 0;

			rte_spinlock_lock(&t->lock);
			for (; tok < end && nb < DONTNEED_BATCH; tok++) {
				netmem_ref nm = netmem_null();
				uint8_t kind;

				if (tok >= TOKEN_MAX)
					continue;	/* no such token */
				kind = tok_take_locked(t, (uint32_t)tok, &nm);
				if (kind == TOK_FREE)
					continue;	/* unknown: skipped, as the kernel */
				nms[nb] = nm;
				kinds[nb++] = kind;
			}
			rte_spinlock_unlock(&t->lock);
			for (unsigned int k = 0; k < nb; k++)
				tok_put_ref(nms[k], kinds[k]);
			freed += (int)nb;
		}
	}
	return freed;
}

