/* SPDX-License-Identifier: BSD-3-Clause */
/* skb shapes built by hand for the tests (see test_skb_util.h). */
#include "test_skb_util.h"

void add_child(struct sk_buff *skb, struct sk_buff **last, struct sk_buff *child)
{
	if (*last)
		(*last)->next = child;
	else
		skb_shinfo(skb)->frag_list = child;
	*last = child;
	skb->len += child->len;
	skb->data_len += child->len;
	skb->truesize += child->truesize;
}
