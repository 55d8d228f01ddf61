// SPDX-License-Identifier: GPL-2.0
/*
 * struct device_attribute has show_const beside show, the pair declared
 * with __SYSFS_FUNCTION_ALTERNATIVE() (v7.1): an attribute may set either,
 * and compat.h's cpc_dev_attr_show() calls whichever is set, as
 * dev_attr_show() does.
 */
#include <linux/device.h>

ssize_t cpc_probe(struct device *dev, struct device_attribute *da, char *buf);
ssize_t cpc_probe(struct device *dev, struct device_attribute *da, char *buf)
{
	return da->show_const(dev, da, buf);
}
