/* SPDX-License-Identifier: BSD-3-Clause */
/* Registries of live handles: see handle_priv.h. */
#include <errno.h>
#include <stdlib.h>

#include "handle_priv.h"

int nm_handle_add(struct nm_handles *s, const void *h)
{
	int ret = 0;

	rte_spinlock_lock(&s->lock);
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		const void **v = realloc(s->v, cap * sizeof(*v));

		if (v == NULL) {
			ret = -ENOMEM;
			goto out;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = h;
out:
	rte_spinlock_unlock(&s->lock);
	return ret;
}

bool nm_handle_del(struct nm_handles *s, const void *h)
{
	bool found = false;

	rte_spinlock_lock(&s->lock);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i] != h)
			continue;
		s->v[i] = s->v[--s->n];
		found = true;
		break;
	}
	if (s->n == 0) {
		/* Nothing live: nothing held (leak checkers stay quiet). */
		free(s->v);
		s->v = NULL;
		s->cap = 0;
	}
	rte_spinlock_unlock(&s->lock);
	return found;
}

bool nm_handle_live(struct nm_handles *s, const void *h)
{
	bool found = false;

	rte_spinlock_lock(&s->lock);
	for (size_t i = 0; i < s->n && !found; i++)
		found = s->v[i] == h;
	rte_spinlock_unlock(&s->lock);
	return found;
}
