/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference the module cares about, in one place.
 */
#ifndef CPC_COMPAT_H
#define CPC_COMPAT_H

#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

/* kzalloc_obj() arrived in v7.0; before it, the same allocation by hand. */
#ifndef kzalloc_obj
#define kzalloc_obj(P, GFP) kzalloc(sizeof(P), GFP)
#endif
#ifndef kmalloc_obj
#define kmalloc_obj(P, GFP) kmalloc(sizeof(P), GFP)
#endif

/*
 * The interruptible device lock as a conditional guard class (what
 * cxl/mem.c uses with ACQUIRE(device_intr, ...)) came with ACQUIRE() in
 * v6.17; before it, the same class. The 3-argument form takes the lock
 * expression's truth as success on every version.
 */
#ifndef ACQUIRE
DEFINE_GUARD_COND(device, _intr, !device_lock_interruptible(_T))
#endif

/*
 * MODULE_IMPORT_NS() took a bare token before v6.13 and a string literal
 * since; modpost reads the "import_ns" modinfo key either way.
 */
#define CPC_IMPORT_NS_CXL() MODULE_INFO(import_ns, "CXL")
/* acpi_table_parse_cedt() is in namespace ACPI. */
#define CPC_IMPORT_NS_ACPI() MODULE_INFO(import_ns, "ACPI")

/*
 * Call a device attribute's show() the way drivers/base/core.c does:
 * v7.1+ may provide show_const instead (__SYSFS_FUNCTION_ALTERNATIVE).
 */
static inline ssize_t cpc_dev_attr_show(struct device *dev,
					struct device_attribute *da, char *page)
{
#ifdef __SYSFS_FUNCTION_ALTERNATIVE
	if (da->show)
		return da->show(dev, da, page);
	if (da->show_const)
		return da->show_const(dev, da, page);
	return -EIO;
#else
	return da->show ? da->show(dev, da, page) : -EIO;
#endif
}

#endif /* CPC_COMPAT_H */
