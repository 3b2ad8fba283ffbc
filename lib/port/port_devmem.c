/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device memory on ports, after the kernel's devmem TCP
 * (Documentation/networking/devmem.rst):
 *
 *  - control path: nm_port_bind_devmem() gives RX queues a page_pool of the
 *    binding's net_iovs (dmabuf_devmem_ops); nm_port_unbind_devmem() takes
 *    it away again. While a queue is bound the port cannot stop or close.
 *  - RX: nm_rx_devmem_split() is the device-memory half of the software
 *    header split: headers into a small host head, payload into net_iovs.
 *    No NIC writes device memory here, so the payload is copied (through the
 *    region's host mapping, as the NIC's DMA would write it) and every byte
 *    is counted. The skb that comes out is unreadable.
 *  - the application takes the payload as records {binding, token, offset,
 *    len} (nm_devmem_recv(), the kernel's SCM_DEVMEM_DMABUF) and gives the
 *    tokens back (nm_devmem_dontneed(), SO_DEVMEM_DONTNEED). A token holds one
 *    pp reference on its net_iov; tokens live in a table per binding id, as
 *    the kernel keeps them per socket (sk_user_frags).
 *  - TX: nm_devmem_tx_skb() builds an skb whose frags are the region's bytes
 *    [offset, offset + len): nothing is copied but the headers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_spinlock.h>

#include <netmem/devmem.h>
#include <netmem/page_pool/memory_provider.h>

#include "devmem_priv.h"
#include "port_priv.h"

/* ---- control path --------------------------------------------------------- */

/* True when the RX queues of @p split headers from payload in hardware. */
static bool rxq_hw_split(const struct nm_port *p)
{
	return p->caps.hw_split && (p->conf.flags & NM_PORT_F_HEADER_SPLIT);
}

/* Takes RX queue @q's device memory away (no lcore polls it meanwhile). */
static void rxq_unbind(struct nm_rxq *rxq)
{
	struct page_pool *pool = rxq->devmem_pool;
	struct net_devmem_dmabuf_binding *b = rxq->binding;

	__atomic_store_n(&rxq->devmem_pool, NULL, __ATOMIC_RELEASE);
	rxq->binding = NULL;
	/* Cached net_iovs go back to the binding now; those in skbs and
	 * tokens when their last reference goes; then the pool frees itself
	 * and drops its own binding reference. */
	if (pool != NULL)
		page_pool_destroy(pool);
	if (b != NULL)
		net_devmem_binding_put(b);
}

int nm_port_bind_devmem(uint16_t port_id, const uint16_t *queues, unsigned int nb_queues,
			struct net_devmem_dmabuf_binding *binding, unsigned int flags)
{
	struct nm_port *p = nm_port_get(port_id);
	unsigned int done;
	int ret = 0;

	if (p == NULL)
		return -ENODEV;
	if (queues == NULL || nb_queues == 0 || binding == NULL || IS_ERR(binding) ||
	    (flags & ~NM_DEVMEM_F_SW_SPLIT) != 0)
		return -EINVAL;
	/* Check every queue first: a refused bind changes nothing. */
	for (unsigned int i = 0; i < nb_queues; i++) {
		uint16_t q = queues[i];

		if (q >= p->nb_rxq)
			return -EINVAL;
		for (unsigned int j = 0; j < i; j++)
			if (queues[j] == q)
				return -EINVAL;
	}
	for (unsigned int i = 0; i < nb_queues; i++) {
		const struct nm_rxq *rxq = &p->rxq[queues[i]];

		if (!rxq_hw_split(p) && !((flags & NM_DEVMEM_F_SW_SPLIT) && rxq->sw_split)) {
			NM_LOG(ERR, "port %u queue %u: no header split for device memory%s",
			       port_id, queues[i],
			       rxq->sw_split ? " (pass NM_DEVMEM_F_SW_SPLIT)" : "");
			return -EOPNOTSUPP;
		}
	}
	for (unsigned int i = 0; i < nb_queues; i++)
		if (p->rxq[queues[i]].binding != NULL || p->rxq[queues[i]].devmem_pool != NULL)
			return -EBUSY;
	if (net_devmem_binding_unbound(binding))
		return -ENODEV;

	for (done = 0; done < nb_queues; done++) {
		uint16_t q = queues[done];
		struct nm_rxq *rxq = &p->rxq[q];
		char name[32];
		struct page_pool_params pp = {
			.flags = PP_FLAG_ALLOW_UNREADABLE_NETMEM,
			.order = 0,
			.pool_size = p->conf.pool_size,
			.nid = NUMA_NO_NODE,
			.dev = port_id,
			.lcore = p->conf.rxq_lcore[q],
			.dma_dir = DMA_FROM_DEVICE,
			.queue_idx = q,
			.mp_ops = &dmabuf_devmem_ops,
			.mp_priv = binding,
			.name = name,
		};
		struct page_pool *pool;

		snprintf(name, sizeof(name), "p%uq%udm", port_id, q);
		pool = page_pool_create(&pp);
		if (IS_ERR(pool)) {
			ret = (int)PTR_ERR(pool);
			break;
		}
		net_devmem_binding_get(binding);
		rxq->binding = binding;
		__atomic_store_n(&rxq->devmem_pool, pool, __ATOMIC_RELEASE);
	}
	if (ret != 0) {
		while (done-- > 0)
			rxq_unbind(&p->rxq[queues[done]]);
		return ret;
	}
	NM_LOG(INFO, "port %u: devmem binding %u on %u RX queue(s)", port_id,
	       net_devmem_binding_id(binding), nb_queues);
	return 0;
}

int nm_port_unbind_devmem(uint16_t port_id, struct net_devmem_dmabuf_binding *binding)
{
	struct nm_port *p = nm_port_get(port_id);
	unsigned int n = 0;

	if (p == NULL)
		return -ENODEV;
	if (binding == NULL || IS_ERR(binding))
		return -EINVAL;
	for (unsigned int q = 0; q < p->nb_rxq; q++) {
		if (p->rxq[q].binding != binding)
			continue;
		rxq_unbind(&p->rxq[q]);
		n++;
	}
	return n != 0 ? 0 : -ENOENT;
}

/* ---- RX: the software split into device memory ------------------------------ */

/* CPU address of @len bytes at @off of frag @f: a page's, or the host
 * mapping of a net_iov (the wire side of an emulated device). */
static const uint8_t *frag_src(const skb_frag_t *f)
{
	const struct net_iov *niov = skb_frag_net_iov(f);

	if (niov != NULL)
		return (const uint8_t *)net_devmem_niov_host_addr(niov) + skb_frag_off(f);
	return skb_frag_address(f);
}

/*
 * Copies @len bytes at @off of @skb into @to, whatever memory holds them:
 * this is the device writing what it received, not the CPU API (which
 * refuses unreadable frags). 0, or -EFAULT when the skb is shorter.
 */
static int devmem_wire_copy(const struct sk_buff *skb, unsigned int off, uint8_t *to,
			    unsigned int len)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int hl = skb_headlen(skb), pos;
	const struct sk_buff *it;

	if (off < hl) {
		unsigned int c = RTE_MIN(len, hl - off);

		memcpy(to, skb->data + off, c);
		to += c;
		off += c;
		len -= c;
	}
	pos = hl;
	for (int i = 0; i < sh->nr_frags && len != 0; i++) {
		const skb_frag_t *f = &sh->frags[i];
		unsigned int fl = skb_frag_size(f);

		if (off < pos + fl) {
			unsigned int c = RTE_MIN(len, pos + fl - off);
			const uint8_t *src = frag_src(f);

			if (src == NULL)
				return -EFAULT;
			memcpy(to, src + (off - pos), c);
			to += c;
			off += c;
			len -= c;
		}
		pos += fl;
	}
	skb_walk_frags(skb, it) {
		if (len == 0)
			break;
		if (off < pos + it->len) {
			unsigned int c = RTE_MIN(len, pos + it->len - off);

			if (devmem_wire_copy(it, off - pos, to, c) != 0)
				return -EFAULT;
			to += c;
			off += c;
			len -= c;
		}
		pos += it->len;
	}
	return len == 0 ? 0 : -EFAULT;
}

/* Header offsets of @n (head copied from @old's data) where @old had them. */
static void devmem_split_offsets(struct sk_buff *n, const struct sk_buff *old)
{
	n->mac_len = old->mac_len;
	if (skb_mac_header_was_set(old))
		skb_set_mac_header(n, skb_mac_offset(old));
	else
		skb_reset_mac_header(n);
	if (old->network_header != (__u16)~0U)
		skb_set_network_header(n, skb_network_offset(old));
	else
		skb_set_network_header(n, n->mac_len);
	if (skb_transport_header_was_set(old))
		skb_set_transport_header(n, skb_transport_offset(old));
	/* Inner offsets were relative to the old head: not valid here. */
	n->inner_mac_header = n->mac_header;
	n->inner_network_header = n->network_header;
	n->inner_transport_header = n->transport_header;
}

struct sk_buff *nm_rx_devmem_split(struct nm_port *port, struct nm_rxq *rxq,
				   struct sk_buff *skb, unsigned int hlen)
{
	struct page_pool *pool = __atomic_load_n(&rxq->devmem_pool, __ATOMIC_ACQUIRE);
	netmem_ref nms[MAX_SKB_FRAGS];
	unsigned int plen, nr;
	struct sk_buff *n;

	(void)port;
	if (unlikely(pool == NULL) || hlen >= skb->len)
		return skb;	/* no payload: a readable head-only skb */
	plen = skb->len - hlen;
	nr = (plen + (unsigned int)PAGE_SIZE - 1) >> PAGE_SHIFT;
	if (unlikely(nr > MAX_SKB_FRAGS)) {
		rxq->stats.drops[NM_DROP_RX_BAD]++;
		kfree_skb(skb);
		return NULL;
	}
	for (unsigned int i = 0; i < nr; i++) {
		nms[i] = page_pool_dev_alloc_netmems(pool);
		if (unlikely(netmem_is_null(nms[i]))) {
			while (i-- > 0)
				page_pool_put_full_netmem(pool, nms[i], true);
			rxq->stats.drops[NM_DROP_RX_NOMEM]++;
			kfree_skb(skb);
			return NULL;
		}
	}
	n = napi_alloc_skb(NULL, hlen);
	if (unlikely(n == NULL))
		goto nomem;
	nm_copy_skb_header(n, skb);
	skb_put_data(n, skb->data, hlen);
	rxq->stats.hdr_copied_bytes += hlen;
	devmem_split_offsets(n, skb);
	/* The emulated NIC writes the payload into device memory. */
	for (unsigned int i = 0, off = hlen; i < nr; i++) {
		unsigned int c = RTE_MIN(plen - (off - hlen), (unsigned int)PAGE_SIZE);
		struct net_iov *niov = netmem_to_net_iov(nms[i]);

		if (unlikely(devmem_wire_copy(skb, off, net_devmem_niov_host_addr(niov), c) != 0)) {
			/* frags [0, i) own their net_iovs already */
			for (unsigned int k = i; k < nr; k++)
				page_pool_put_full_netmem(pool, nms[k], true);
			rxq->stats.drops[NM_DROP_RX_BAD]++;
			kfree_skb(n);
			kfree_skb(skb);
			return NULL;
		}
		/* The allocation's pp reference moves into the frag. */
		skb_add_rx_frag_netmem(n, (int)i, nms[i], 0, (int)c, (unsigned int)PAGE_SIZE);
		off += c;
	}
	skb_mark_for_recycle(n);
	rxq->stats.copied_bytes += plen;
	nm_skb_stat_add(copied_bytes, plen);
	/* The received page goes back to the queue's pool. */
	napi_consume_skb(skb, 1);
	return n;
nomem:
	for (unsigned int i = 0; i < nr; i++)
		page_pool_put_full_netmem(pool, nms[i], true);
	rxq->stats.drops[NM_DROP_RX_NOMEM]++;
	kfree_skb(skb);
	return NULL;
}

/* ---- tokens ----------------------------------------------------------------- */

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

/* The binding a net_iov was cut from (an alias area of a devmem send has
 * the layout of a binding too, with the real binding's id). */
static inline uint32_t niov_binding_id(const struct net_iov *niov)
{
	return ((const struct net_devmem_dmabuf_binding *)net_iov_owner(niov)->owner)->id;
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
		uint32_t id = niov_binding_id(niov);
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

/* ---- TX from device memory ----------------------------------------------------- */

/*
 * The owner of one devmem send. Its net_iovs alias the binding's chunks
 * [first, first + nr) (same offsets, same IOVAs) in an area of their own
 * whose owner is this object, laid out as a binding so the data path (TX
 * segments, RX of a loopback, records) treats them as device memory of the
 * binding. Every reference the stack takes on them (the skb's frags, each
 * TX segment, an RX skb on a loopback, a record) is a reference on this
 * owner; it holds one reference on the binding and one on the completion
 * (uarg), and drops both when the last of those goes: the application is
 * told the send completed only once nothing uses the memory any more.
 */
struct devmem_tx_owner {
	struct net_devmem_dmabuf_binding alias;	/* first: owner, id, addr, area */
	struct net_devmem_dmabuf_binding *binding;
	struct ubuf_info *uarg;
	struct net_iov niovs[];
};

static void devmem_tx_owner_release(struct nm_owner *owner)
{
	struct devmem_tx_owner *o = (struct devmem_tx_owner *)owner;

	if (o->uarg != NULL)
		net_zcopy_put(o->uarg);
	net_devmem_binding_put(o->binding);
	free(o);
}

/* Headroom of a devmem TX skb (room for more headers to be pushed). */
#define DEVMEM_TX_HEADROOM	128

struct sk_buff *nm_devmem_tx_skb(uint32_t binding_id, uint64_t offset, uint32_t len,
				 const void *hdr, unsigned int hdr_len, struct ubuf_info *uarg)
{
	struct net_devmem_dmabuf_binding *b;
	struct devmem_tx_owner *o;
	struct sk_buff *skb;
	size_t first, nr;
	int err = EINVAL;

	if ((hdr == NULL && hdr_len != 0) || hdr_len > NM_DEVMEM_TX_MAX_HDR) {
		rte_errno = EINVAL;
		return NULL;
	}
	b = net_devmem_lookup(binding_id);
	if (b == NULL) {
		rte_errno = ENODEV;
		return NULL;
	}
	if (len == 0 || offset >= b->len || len > b->len - offset ||
	    (offset & (PAGE_SIZE - 1)) + len > MAX_SKB_FRAGS * PAGE_SIZE)
		goto fail;
	first = offset >> PAGE_SHIFT;
	nr = ((offset + len - 1) >> PAGE_SHIFT) - first + 1;
	for (size_t i = 0; i < nr; i++) {
		if (netmem_is_pp(net_iov_to_netmem(&b->area.niovs[first + i]))) {
			err = EBUSY;	/* RX uses it: a page_pool owns it */
			goto fail;
		}
	}
	o = calloc(1, sizeof(*o) + nr * sizeof(struct net_iov));
	if (o == NULL) {
		err = ENOMEM;
		goto fail;
	}
	skb = alloc_skb(DEVMEM_TX_HEADROOM + hdr_len, GFP_ATOMIC);
	if (skb == NULL) {
		free(o);
		err = ENOMEM;
		goto fail;
	}
	/* The lookup's binding reference is the owner's from now on. */
	o->binding = b;
	nm_owner_init(&o->alias.owner, "devmem send", devmem_tx_owner_release);
	o->alias.id = b->id;
	o->alias.addr = (char *)b->addr + (first << PAGE_SHIFT);
	o->alias.len = nr << PAGE_SHIFT;
	o->alias.pg_sz = b->pg_sz;
	rte_spinlock_init(&o->alias.lock);
	o->alias.area.niovs = o->niovs;
	o->alias.area.num_niovs = nr;
	o->alias.area.base_virtual = b->area.base_virtual + (first << PAGE_SHIFT);
	o->alias.area.owner = &o->alias.owner;
	for (size_t i = 0; i < nr; i++) {
		o->niovs[i].owner = &o->alias.area;
		o->niovs[i].type = NET_IOV_DMABUF;
		o->niovs[i].dma_addr = b->area.niovs[first + i].dma_addr;
	}

	skb_reserve(skb, DEVMEM_TX_HEADROOM);
	if (hdr_len != 0)
		skb_put_data(skb, hdr, hdr_len);
	skb_reset_mac_header(skb);
	if (hdr_len >= RTE_ETHER_HDR_LEN) {
		skb->protocol = ((const struct rte_ether_hdr *)hdr)->ether_type;
		skb->mac_len = RTE_ETHER_HDR_LEN;
		skb_set_network_header(skb, RTE_ETHER_HDR_LEN);
	}
	for (size_t i = 0; i < nr; i++) {
		unsigned int off = i == 0 ? (unsigned int)(offset & (PAGE_SIZE - 1)) : 0;
		unsigned int c = RTE_MIN((unsigned int)PAGE_SIZE - off,
					 (unsigned int)(offset + len -
							((first + i) << PAGE_SHIFT) - off));
		netmem_ref nm = net_iov_to_netmem(&o->niovs[i]);

		get_netmem(nm);		/* a reference on the send's owner */
		skb_fill_netmem_desc(skb, (int)i, nm, (int)off, (int)c);
	}
	skb->len += len;
	skb->data_len += len;
	skb->truesize += len;
	if (uarg != NULL) {
		net_zcopy_get(uarg);	/* the owner's */
		o->uarg = uarg;
		skb_zcopy_set(skb, uarg, NULL);
	}
	nm_owner_put(&o->alias.owner);	/* the frags hold it now */
	return skb;
fail:
	net_devmem_binding_put(b);
	rte_errno = err;
	return NULL;
}
