/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Registration of memory with a ConnectX NIC through rdma-core: host
 * memory with ibv_reg_mr(), device memory exported as a dmabuf (GPU or
 * accelerator memory, or a udmabuf of host pages) with ibv_reg_dmabuf_mr().
 * The keys are valid on the queues of the same protection domain: the mlx5
 * PMD uses it when started with the cmd_fd / pd_handle devargs that
 * nm_mlx5_pd_devargs() writes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <infiniband/verbs.h>

#include "nm_mlx5_mr.h"

/* The NIC writes received packets and reads sent ones. */
#define NM_MLX5_MR_ACCESS	IBV_ACCESS_LOCAL_WRITE

static int errno_or(int fallback)
{
	return errno != 0 ? -errno : -fallback;
}

int nm_mlx5_pd_open(const char *ibdev, struct nm_mlx5_pd *out)
{
	struct ibv_device **list;
	struct ibv_context *ctx = NULL;
	int n = 0, ret = -ENODEV;

	if (ibdev == NULL || out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	errno = 0;
	list = ibv_get_device_list(&n);
	if (list == NULL)
		return -ENODEV;		/* no RDMA subsystem: no device */
	for (int i = 0; i < n; i++) {
		if (strcmp(ibv_get_device_name(list[i]), ibdev) != 0)
			continue;
		errno = 0;
		ctx = ibv_open_device(list[i]);
		if (ctx == NULL)
			ret = errno_or(ENODEV);
		break;
	}
	ibv_free_device_list(list);
	if (ctx == NULL)
		return ret;
	errno = 0;
	out->pd = ibv_alloc_pd(ctx);
	if (out->pd == NULL) {
		ret = errno_or(ENOMEM);
		ibv_close_device(ctx);
		return ret;
	}
	out->ctx = ctx;
	return 0;
}

void nm_mlx5_pd_close(struct nm_mlx5_pd *pd)
{
	if (pd == NULL)
		return;
	if (pd->pd != NULL)
		ibv_dealloc_pd(pd->pd);
	if (pd->ctx != NULL)
		ibv_close_device(pd->ctx);
	pd->pd = NULL;
	pd->ctx = NULL;
}

int nm_mlx5_pd_devargs(const struct nm_mlx5_pd *pd, char *buf, size_t len)
{
	int n;

	if (pd == NULL || pd->ctx == NULL || pd->pd == NULL || buf == NULL)
		return -EINVAL;
	n = snprintf(buf, len, "cmd_fd=%d,pd_handle=%u", pd->ctx->cmd_fd, pd->pd->handle);
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return n;
}

int nm_mlx5_mr_register(struct ibv_pd *pd, void *addr, size_t len, int dmabuf_fd,
			uint64_t dmabuf_offset, struct nm_mlx5_mr *out)
{
	struct ibv_mr *mr;

	if (pd == NULL || addr == NULL || len == 0 || out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	errno = 0;
	if (dmabuf_fd >= 0)
		mr = ibv_reg_dmabuf_mr(pd, dmabuf_offset, len, (uint64_t)(uintptr_t)addr,
				       dmabuf_fd, NM_MLX5_MR_ACCESS);
	else
		mr = ibv_reg_mr(pd, addr, len, NM_MLX5_MR_ACCESS);
	if (mr == NULL)
		return errno_or(EIO);
	out->mr = mr;
	out->addr = addr;
	out->len = len;
	out->lkey = mr->lkey;
	out->rkey = mr->rkey;
	out->dmabuf_fd = dmabuf_fd >= 0 ? dmabuf_fd : -1;
	return 0;
}

int nm_mlx5_mr_unregister(struct nm_mlx5_mr *mr)
{
	int ret;

	if (mr == NULL || mr->mr == NULL)
		return -EINVAL;
	ret = ibv_dereg_mr(mr->mr);
	if (ret != 0)
		return ret > 0 ? -ret : ret;
	memset(mr, 0, sizeof(*mr));
	mr->dmabuf_fd = -1;
	return 0;
}
