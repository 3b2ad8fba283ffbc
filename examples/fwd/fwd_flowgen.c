/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flowgen mode: txonly with varying 5-tuples, as testpmd's flowgen: packet
 * k belongs to flow k % --flowgen-flows, which sets the destination address
 * (198.18.0.2 onwards) and the UDP source port, so RSS on the far side
 * spreads the packets over its queues. Same --txpkts layout, same pattern
 * and --verify as txonly (the generator is fwd_txonly.c's).
 */
#include "fwd.h"

static void flowgen_burst(struct fwd_stream *fs, struct sk_buff **skbs)
{
	fwd_tx(fs, skbs, fwd_gen_burst(fs, skbs, (uint16_t)fwd_cfg.burst,
				       fwd_cfg.flowgen_flows));
	if (unlikely(fwd_cfg.verify)) {
		uint16_t nb = fwd_rx(fs, skbs, (uint16_t)fwd_cfg.burst);

		if (nb != 0)
			fwd_consume(fs, skbs, nb);
	}
}

const struct fwd_engine fwd_flowgen_engine = {
	.name = "flowgen",
	.help = "txonly with varying 5-tuples (--flowgen-flows)",
	.generates = true,
	.stream_init = fwd_gen_stream_init,
	.stream_fini = fwd_gen_stream_fini,
	.burst = flowgen_burst,
};
