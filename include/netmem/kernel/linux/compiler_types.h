/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/compiler_types.h of the kernel-style include tree: the attribute
 * and annotation macros kernel code puts on declarations (__always_inline,
 * __maybe_unused, __must_check, __packed, __aligned(), __cold, noinline,
 * __printf(), fallthrough...) and the sparse annotations (__force, __user,
 * __iomem, __rcu, __percpu, __acquires()...), which are empty here.
 *
 * Each is defined only when nothing defined it before: glibc's <sys/cdefs.h>
 * already has __always_inline with the same meaning, and is included first.
 */
#ifndef NM_KERNEL_LINUX_COMPILER_TYPES_H
#define NM_KERNEL_LINUX_COMPILER_TYPES_H

#include <sys/cdefs.h>

#include <linux/kconfig.h>

/* sparse annotations: nothing to check here */
#ifndef __user
#define __user
#endif
#ifndef __kernel
#define __kernel
#endif
#ifndef __iomem
#define __iomem
#endif
#ifndef __rcu
#define __rcu
#endif
#ifndef __percpu
#define __percpu
#endif
#ifndef __force
#define __force
#endif
#ifndef __nocast
#define __nocast
#endif
#ifndef __safe
#define __safe
#endif
#ifndef __private
#define __private
#endif
#ifndef ACCESS_PRIVATE
#define ACCESS_PRIVATE(p, member)	((p)->member)
#endif
#ifndef __acquires
#define __acquires(x)
#define __releases(x)
#define __acquire(x)		((void)0)
#define __release(x)		((void)0)
#define __must_hold(x)
#define __cond_lock(x, c)	(c)
#endif

/* attributes */
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#ifndef noinline
#define noinline		__attribute__((__noinline__))
#endif
#ifndef __maybe_unused
#define __maybe_unused		__attribute__((__unused__))
#endif
#ifndef __always_unused
#define __always_unused		__attribute__((__unused__))
#endif
#ifndef __used
#define __used			__attribute__((__used__))
#endif
#ifndef __must_check
#define __must_check		__attribute__((__warn_unused_result__))
#endif
#ifndef __packed
#define __packed		__attribute__((__packed__))
#endif
#ifndef __aligned
#define __aligned(x)		__attribute__((__aligned__(x)))
#endif
#ifndef __cold
#define __cold			__attribute__((__cold__))
#endif
#ifndef __hot
#define __hot			__attribute__((__hot__))
#endif
#ifndef __pure
#define __pure			__attribute__((__pure__))
#endif
#ifndef __attribute_const__
#define __attribute_const__	__attribute__((__const__))
#endif
#ifndef __weak
#define __weak			__attribute__((__weak__))
#endif
#ifndef __noreturn
#define __noreturn		__attribute__((__noreturn__))
#endif
#ifndef __printf
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#endif
#ifndef __scanf
#define __scanf(a, b)		__attribute__((__format__(scanf, a, b)))
#endif
#ifndef __section
#define __section(s)		__attribute__((__section__(s)))
#endif
#ifndef __visible
#define __visible		__attribute__((__externally_visible__))
#endif
#ifndef __nonstring
#define __nonstring		__attribute__((__nonstring__))
#endif
#ifndef noinline_for_stack
#define noinline_for_stack	noinline
#endif
#ifndef __counted_by
#define __counted_by(member)
#endif
#ifndef __designated_init
#define __designated_init
#endif
#ifndef __randomize_layout
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start	struct {
#define randomized_struct_fields_end	};
#endif
#ifndef notrace
#define notrace
#endif
#ifndef __latent_entropy
#define __latent_entropy
#endif
#ifndef __init
#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#endif
#ifndef __read_mostly
/** Data read on fast paths and rarely written: no section here. */
#define __read_mostly
#endif
#ifndef __ro_after_init
#define __ro_after_init
#endif
#ifndef fallthrough
/** Marks a deliberate fall through to the next case label. */
#define fallthrough		__attribute__((__fallthrough__))
#endif

/** True when @p a and @p b have the same type. */
#ifndef __same_type
#define __same_type(a, b)	__builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#endif

#endif /* NM_KERNEL_LINUX_COMPILER_TYPES_H */
