/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to drivers/net/ixgbe and its tests: the limits of Intel's 10 GbE
 * controllers (82598, 82599, X540, X550) under DPDK's ixgbe PMD.
 */
#ifndef NM_IXGBE_H
#define NM_IXGBE_H

#include <stdbool.h>
#include <stdint.h>

#include <netmem/port_driver.h>

/** Data descriptors one packet may use, TSO or not (the PMD's
 *  IXGBE_TX_MAX_SEG); the PMD's tx_prepare refuses more than this minus
 *  the queue's write-back threshold (WTHRESH). */
#define NM_IXGBE_TX_MAX_SEG	40u
/** The TSO payload length is an 18-bit field of the descriptor (PAYLEN):
 *  bytes after the headers of one TSO packet. */
#define NM_IXGBE_TSO_MAX_PAYLOAD	0x3ffffu
/** Ring sizes: 32 .. 4096 descriptors, a multiple of 8 (128-byte rings). */
#define NM_IXGBE_RING_MIN	32u
#define NM_IXGBE_RING_MAX	4096u
#define NM_IXGBE_RING_ALIGN	8u
/** The vector RX path wants rx_free_thresh >= 32, nb_rxd a multiple of it
 *  and nb_rxd < RING_MAX - 32; otherwise the PMD falls back to the scalar
 *  path (slower, still correct). */
#define NM_IXGBE_RX_MAX_BURST	32u
/** RX buffers are programmed in 1 KiB units (SRRCTL.BSIZEPKT): the PMD
 *  uses the data room after the headroom rounded down to 1 KiB. */
#define NM_IXGBE_RX_BUF_UNIT	1024u

/**
 * Fits descriptor counts to the ixgbe rules: each clamped to [32, 4096]
 * and rounded down to a multiple of 8; RX, for the vector path, to a
 * multiple of @p rx_free_thresh (0: the PMD's default, 32) between two
 * thresholds and 4096 - 32 (exclusive). Returns true when a count changed.
 */
bool nm_ixgbe_desc_fit(uint16_t *nb_rxd, uint16_t *nb_txd, uint16_t rx_free_thresh);

/** Bytes the NIC writes into one RX buffer of @p data_room bytes (0 if
 *  the buffer is too small for the PMD). */
unsigned int nm_ixgbe_rx_buf_len(unsigned int data_room);

extern struct nm_net_driver nm_net_drv_ixgbe;
extern struct nm_net_driver nm_net_drv_ixgbe_vf;

#endif /* NM_IXGBE_H */
