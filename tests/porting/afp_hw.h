/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The "wire" under ringdrv in test_ringdrv_afpacket.c: one net_af_packet
 * ethdev per driver instance, driven with plain DPDK calls (this header
 * and afp_hw.c stay off the kernel include tree). Frames are copied
 * between the driver's descriptor buffers and mbufs, as a DMA engine
 * would.
 */
#ifndef NM_PORTING_AFP_HW_H
#define NM_PORTING_AFP_HW_H

#include <stdint.h>

/* Configures and starts the ethdev @name (1 queue pair, promiscuous);
 * its port id into *@port. 0 or a negative errno. */
int afp_hw_open(const char *name, uint16_t *port);
void afp_hw_close(uint16_t port);
/* Puts @n frames (@bufs[i], @lens[i] bytes) on the wire (one the wire
 * refuses is lost, as on a real link); returns @n. */
unsigned int afp_hw_tx(uint16_t port, const void *const *bufs, const uint16_t *lens,
		       unsigned int n);
/* Receives at most @n frames into @bufs[i] (@cap bytes each, longer ones
 * are dropped and counted); lengths into @lens. Returns the count. */
unsigned int afp_hw_rx(uint16_t port, void *const *bufs, uint16_t *lens, unsigned int n,
		       unsigned int cap);
/* Frames dropped by afp_hw_rx for being longer than the buffer. */
uint64_t afp_hw_rx_oversize(void);

#endif /* NM_PORTING_AFP_HW_H */
