// SPDX-License-Identifier: GPL-2.0
/*
 * guard(device): the device lock as a guard class, DEFINE_GUARD(device, ...)
 * in <linux/device.h> (v6.7-rc7). Missing: "unknown type name
 * 'class_device_t'". Fallback in compat.h.
 */
#include <linux/cleanup.h>
#include <linux/device.h>

void cpc_probe(struct device *dev);
void cpc_probe(struct device *dev)
{
	guard(device)(dev);
}
