/* SPDX-License-Identifier: BSD-3-Clause */
/* The skb tests' per-case set-up and no-leak teardown (test_skb_case.h). */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <netmem/page_pool/helpers.h>

#include "test_skb_case.h"

uint64_t case_misuse0;
struct nm_skb_stats case_st0;

int skb_case_setup(void **state)
{
	(void)state;
	case_misuse0 = nm_misuse_count();
	nm_skb_get_stats(&case_st0);
	return 0;
}

int skb_case_teardown(void **state)
{
	struct nm_skb_stats st;

	(void)state;
	nm_skb_get_stats(&st);
	if (st.live != case_st0.live) {
		print_error("skbs leaked: live %" PRIu64 ", was %" PRIu64 "\n", st.live,
			    case_st0.live);
		return -1;
	}
	return nm_page_pool_reap() == 0 ? 0 : -1;
}

int skb_case_quiet(struct page_pool *pool)
{
	struct nm_skb_stats st;

	nm_skb_get_stats(&st);
	if (st.live != case_st0.live) {
		fprintf(stderr, "leak: %" PRIu64 " skbs live, %" PRIu64 " before\n", st.live,
			case_st0.live);
		return -1;
	}
	if (page_pool_inflight(pool) != 0) {
		fprintf(stderr, "leak: %ld page_pool pages in flight\n", page_pool_inflight(pool));
		return -1;
	}
	if (nm_misuse_count() != case_misuse0) {
		fprintf(stderr, "misuse reported: %" PRIu64 "\n", nm_misuse_count() - case_misuse0);
		return -1;
	}
	return 0;
}
