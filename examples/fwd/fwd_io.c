/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * io mode: forwards every received skb as it is, testpmd's io engine on
 * sk_buffs. Nothing in the packet is read or written; a page the skb owns
 * alone leaves as its own mbuf, anything shared (device memory, clones) as
 * an external-buffer segment holding one reference. The burst is the
 * helpers every mode uses (fwd.h), inline: no work of its own.
 */
#include "fwd.h"

/* 8< io_burst */
static void io_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	uint16_t nb = __fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst, false);

	fwd_tx(fs, skbs, nb);
}
/* >8 */

const struct fwd_engine fwd_io_engine = {
	.name = "io",
	.help = "forward every packet as it is",
	.burst = io_burst,
};
