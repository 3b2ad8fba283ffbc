/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to drivers/net/mlx5 and its tests: memory registration with a
 * ConnectX NIC through rdma-core. Free of libnetmem's headers, whose
 * kernel-style types (__u64...) clash with <linux/types.h> that
 * <infiniband/verbs.h> brings.
 */
#ifndef NM_MLX5_MR_H
#define NM_MLX5_MR_H

#include <stddef.h>
#include <stdint.h>

struct ibv_context;
struct ibv_mr;
struct ibv_pd;

/** A protection domain of one RDMA device. */
struct nm_mlx5_pd {
	struct ibv_context *ctx;
	struct ibv_pd *pd;
};

/**
 * Opens RDMA device @p ibdev (e.g. "mlx5_0") and allocates a protection
 * domain. 0, -ENODEV (no such device, or no RDMA devices at all),
 * -errno of rdma-core.
 */
int nm_mlx5_pd_open(const char *ibdev, struct nm_mlx5_pd *out);

/** Frees the protection domain and closes the device. */
void nm_mlx5_pd_close(struct nm_mlx5_pd *pd);

/**
 * Writes the mlx5 devargs ("cmd_fd=N,pd_handle=M") that make the PMD import
 * this context and protection domain instead of creating its own, so that
 * memory registered here has keys valid on the PMD's queues. Returns the
 * length written, -EINVAL, or -ENOSPC.
 */
int nm_mlx5_pd_devargs(const struct nm_mlx5_pd *pd, char *buf, size_t len);

/** One region registered with the NIC. */
struct nm_mlx5_mr {
	struct ibv_mr *mr;
	void *addr;		/**< address the NIC knows the region by */
	size_t len;
	uint32_t lkey;
	uint32_t rkey;
	int dmabuf_fd;		/**< -1 for host memory */
};

/**
 * Registers [addr, addr + len) with the NIC for local write (RX) and read
 * (TX). Host memory (@p dmabuf_fd < 0): ibv_reg_mr(). Device memory
 * exported as a dmabuf: ibv_reg_dmabuf_mr() of @p len bytes at
 * @p dmabuf_offset in the dmabuf, known to the NIC by IOVA @p addr (the
 * address the mbufs carry). 0, -EINVAL, or -errno of rdma-core
 * (-EOPNOTSUPP: no dmabuf support in the kernel or provider).
 */
int nm_mlx5_mr_register(struct ibv_pd *pd, void *addr, size_t len, int dmabuf_fd,
			uint64_t dmabuf_offset, struct nm_mlx5_mr *out);

/** Deregisters @p mr (cleared). 0, -EINVAL, or -errno of rdma-core. */
int nm_mlx5_mr_unregister(struct nm_mlx5_mr *mr);

#endif /* NM_MLX5_MR_H */
