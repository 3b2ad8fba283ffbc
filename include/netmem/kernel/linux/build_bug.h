/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/build_bug.h of the kernel-style include tree: BUILD_BUG_ON(),
 * BUILD_BUG_ON_MSG(), BUILD_BUG_ON_ZERO(), BUILD_BUG() and static_assert()
 * with an optional message.
 *
 * Difference from the kernel: the condition must be an integer constant
 * expression (C11 _Static_assert), also at -O0; the kernel also accepts
 * conditions the optimizer folds. BUILD_BUG() is a compile error wherever
 * it appears, reached or not. A later #include <assert.h> puts glibc's
 * static_assert (plain _Static_assert) back: GCC still accepts the
 * one-argument form then, clang warns (-Wc2x-extensions).
 */
#ifndef NM_KERNEL_LINUX_BUILD_BUG_H
#define NM_KERNEL_LINUX_BUILD_BUG_H

#include <assert.h>

#include <linux/compiler.h>

/** Breaks the build when @p cond is true, with @p msg. */
#define BUILD_BUG_ON_MSG(cond, msg) \
	do { _Static_assert(!(cond), msg); } while (0)

/** Breaks the build when @p cond is true. */
#define BUILD_BUG_ON(cond) \
	BUILD_BUG_ON_MSG(cond, "BUILD_BUG_ON failed: " #cond)

/** Type-checks @p e without evaluating it. */
#define BUILD_BUG_ON_INVALID(e)	((void)(sizeof((long)(e))))

/** 0 as an int expression, or a build error when @p e is true. */
#define BUILD_BUG_ON_ZERO(e) \
	((int)(0 * sizeof(struct { \
		_Static_assert(!(e), "BUILD_BUG_ON_ZERO failed: " #e); \
		char __nm_c; \
	})))

/** Always a build error. */
#define BUILD_BUG()		BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")

/* static_assert(expr) or static_assert(expr, msg), as the kernel allows */
#undef static_assert
#define static_assert(expr, ...)	__nm_static_assert(expr, ##__VA_ARGS__, #expr)
#define __nm_static_assert(expr, msg, ...)	_Static_assert(expr, msg)

#endif /* NM_KERNEL_LINUX_BUILD_BUG_H */
