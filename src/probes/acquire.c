// SPDX-License-Identifier: GPL-2.0
/*
 * ACQUIRE() and ACQUIRE_ERR() in <linux/cleanup.h> (v6.17), with the
 * condition argument DEFINE_GUARD_COND() took with them, tried on a class
 * of this probe's own. compat.h then defines a missing device_intr class
 * the way the kernel does, so ACQUIRE_ERR() on it reports the lock's
 * -EINTR.
 */
#include <linux/cleanup.h>
#include <linux/mutex.h>

DEFINE_GUARD(cpc_probe, struct mutex *, mutex_lock(_T), mutex_unlock(_T))
DEFINE_GUARD_COND(cpc_probe, _intr, mutex_lock_interruptible(_T), _RET == 0)

int cpc_probe(struct mutex *m);
int cpc_probe(struct mutex *m)
{
	ACQUIRE(cpc_probe_intr, lock)(m);
	return ACQUIRE_ERR(cpc_probe_intr, &lock);
}
