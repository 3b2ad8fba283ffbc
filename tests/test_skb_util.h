/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the tests that build skbs of many shapes by hand. */
#ifndef NM_TEST_SKB_UTIL_H
#define NM_TEST_SKB_UTIL_H

#include <netmem/skbuff.h>

/* Appends @child to @skb's frag_list with length accounting (tests/lib). */
void add_child(struct sk_buff *skb, struct sk_buff **last, struct sk_buff *child);

#endif /* NM_TEST_SKB_UTIL_H */
