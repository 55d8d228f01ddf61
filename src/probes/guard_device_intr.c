// SPDX-License-Identifier: GPL-2.0
/*
 * The interruptible device lock as a conditional guard class,
 * DEFINE_GUARD_COND(device, _intr, ...) in <linux/device.h>. It came after
 * ACQUIRE() (v6.17), so 6.17 and 6.18 have ACQUIRE without it. Missing:
 * "unknown type name 'class_device_intr_t'". Fallback in compat.h.
 */
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/errno.h>

int cpc_probe(struct device *dev);
int cpc_probe(struct device *dev)
{
	int rc = -EINTR;

	scoped_cond_guard(device_intr, return rc, dev)
		rc = 0;
	return rc;
}
