/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * linux/spinlock.h of the kernel-style include tree: spinlock_t over DPDK's
 * rte_spinlock_t, with spin_lock_init(), DEFINE_SPINLOCK(), spin_lock(),
 * spin_unlock(), spin_trylock(), the _bh, _irq and _irqsave/_irqrestore
 * forms, spin_is_locked(), assert_spin_locked(); raw_spinlock_t the same.
 *
 * Differences from the kernel: there are no interrupts or bottom halves in
 * user space, so the _bh/_irq/_irqsave forms only take the lock (flags is
 * set to 0); the lock spins and never sleeps; there is no lockdep
 * (lockdep_assert_held() checks only that the lock is taken, by anyone).
 * Holding a spinlock across an lcore switch is as wrong as in the kernel.
 */
#ifndef NM_KERNEL_LINUX_SPINLOCK_H
#define NM_KERNEL_LINUX_SPINLOCK_H

#include <rte_spinlock.h>

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/types.h>

/** A spinning lock. */
typedef rte_spinlock_t spinlock_t;
/** A raw spinning lock: the same here. */
typedef rte_spinlock_t raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)	RTE_SPINLOCK_INITIALIZER
#define __RAW_SPIN_LOCK_UNLOCKED(lockname)	RTE_SPINLOCK_INITIALIZER
/** Defines and initialises spinlock @p x. */
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)

static inline void spin_lock_init(spinlock_t *lock)
{
	rte_spinlock_init(lock);
}

static inline void spin_lock(spinlock_t *lock)
{
	rte_spinlock_lock(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	rte_spinlock_unlock(lock);
}

/** Takes @p lock if free; 1 when taken, 0 when busy. */
static inline int spin_trylock(spinlock_t *lock)
{
	return rte_spinlock_trylock(lock);
}

/** True when @p lock is held (by anyone). */
static inline int spin_is_locked(spinlock_t *lock)
{
	return rte_spinlock_is_locked(lock);
}

static inline void spin_lock_bh(spinlock_t *lock)
{
	spin_lock(lock);
}

static inline void spin_unlock_bh(spinlock_t *lock)
{
	spin_unlock(lock);
}

static inline int spin_trylock_bh(spinlock_t *lock)
{
	return spin_trylock(lock);
}

static inline void spin_lock_irq(spinlock_t *lock)
{
	spin_lock(lock);
}

static inline void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
}

/** Takes @p lock; @p flags (an unsigned long lvalue) is set to 0. */
#define spin_lock_irqsave(lock, flags) \
	do { (flags) = 0; spin_lock(lock); } while (0)
/** Releases @p lock; @p flags is not used. */
#define spin_unlock_irqrestore(lock, flags) \
	do { (void)(flags); spin_unlock(lock); } while (0)
#define spin_trylock_irqsave(lock, flags) \
	__extension__ ({ (flags) = 0; spin_trylock(lock); })
#define spin_lock_nested(lock, subclass)	spin_lock(lock)
#define spin_lock_bh_nested(lock, subclass)	spin_lock_bh(lock)

#define raw_spin_lock_init(lock)	spin_lock_init(lock)
#define raw_spin_lock(lock)		spin_lock(lock)
#define raw_spin_unlock(lock)		spin_unlock(lock)
#define raw_spin_trylock(lock)		spin_trylock(lock)
#define raw_spin_lock_bh(lock)		spin_lock(lock)
#define raw_spin_unlock_bh(lock)	spin_unlock(lock)
#define raw_spin_lock_irq(lock)		spin_lock(lock)
#define raw_spin_unlock_irq(lock)	spin_unlock(lock)
#define raw_spin_lock_irqsave(lock, flags)	spin_lock_irqsave(lock, flags)
#define raw_spin_unlock_irqrestore(lock, flags)	spin_unlock_irqrestore(lock, flags)

/** Counts a misuse (nm_warn()) when @p lock is not held. */
#define assert_spin_locked(lock)	((void)WARN_ON(!spin_is_locked(lock)))
#define lockdep_assert_held(lock)	((void)WARN_ON(!spin_is_locked(lock)))
#define lockdep_assert_held_once(lock)	((void)WARN_ON_ONCE(!spin_is_locked(lock)))
#define lockdep_set_class(lock, key)	do { (void)(lock); } while (0)

/* interrupts and bottom halves do not exist here */
#define local_bh_disable()		do { } while (0)
#define local_bh_enable()		do { } while (0)
#define local_irq_save(flags)		do { (flags) = 0; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)
#define local_irq_disable()		do { } while (0)
#define local_irq_enable()		do { } while (0)
#define in_interrupt()			0
#define in_softirq()			0
#define in_hardirq()			0
#define in_task()			1
#define in_serving_softirq()		0

#endif /* NM_KERNEL_LINUX_SPINLOCK_H */
