/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/kconfig.h of the kernel-style include tree: IS_ENABLED(),
 * IS_BUILTIN(), IS_MODULE() and IS_REACHABLE() on CONFIG_* macros.
 *
 * Differences from the kernel: there is no Kconfig here. A CONFIG_FOO is
 * enabled when the including code (or its build flags, -DCONFIG_FOO=1)
 * defines it to 1; nothing is ever a module. The kernel force-includes
 * kconfig.h; here linux/compiler_types.h includes it, so every header of
 * the tree has it.
 */
#ifndef NM_KERNEL_LINUX_KCONFIG_H
#define NM_KERNEL_LINUX_KCONFIG_H

/*
 * How it works: pasting the option's value onto __nm_kconfig_on_ gives
 * "0," only when the option is defined to 1; the comma shifts the 1 into
 * the second argument that __nm_kconfig_second() picks. Anything else (an
 * undefined option pastes to one unknown token) leaves the 0 there.
 */
#define __nm_kconfig_on_1			0,
#define __nm_kconfig_second(_first, _second, ...)	_second
#define __nm_kconfig_pick(_maybe_comma)		__nm_kconfig_second(_maybe_comma 1, 0, 0)
#define __nm_kconfig_paste(_value)		__nm_kconfig_pick(__nm_kconfig_on_##_value)
#define __nm_kconfig_is_one(_option)		__nm_kconfig_paste(_option)

/** 1 when @p option is defined to 1, else 0 (a constant expression). */
#define IS_BUILTIN(option)	__nm_kconfig_is_one(option)
/** Always 0: nothing is built as a module. */
#define IS_MODULE(option)	0
/** Same as IS_BUILTIN(). */
#define IS_ENABLED(option)	IS_BUILTIN(option)
/** Same as IS_BUILTIN(). */
#define IS_REACHABLE(option)	IS_BUILTIN(option)

#endif /* NM_KERNEL_LINUX_KCONFIG_H */
