/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels the module builds for, in one place,
 * decided only from what the target kernel was found to offer: the
 * build-time probes' answers (cpc_probes.h, made by Kbuild from the
 * sources in src/probes/), never a version number. And, below, the one list of
 * what the module assumes about kernel internals that no probe can ask.
 */
#ifndef CPC_COMPAT_H
#define CPC_COMPAT_H

#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/sysfs.h>

#include "cpc_probes.h"

/**
 * DOC: Kernel internals this module relies on
 *
 * Floor: the exports in Kbuild's cpc-exports list (else the placeholder,
 * src/unsupported.c) and <linux/cleanup.h> with DEFINE_GUARD_COND() and
 * scoped_cond_guard() (v6.5); everything newer is probed, with a fallback
 * here. Beyond that, the module relies on these, none of which a header
 * of a distro's headers package can show:
 *
 * 1. The CXL exports' prototypes (cxl_exports.h), copied from the private
 *    drivers/cxl/cxlmem.h and cxl.h; modversions cannot check them, since
 *    both CRCs come from the kernel. Guarded by the VM tests on each kernel
 *    booted: the kernel's cxl_poison trace must name the memdev and DPA
 *    asked for (oracle_*, dpa_path).
 * 2. struct device is the first member of struct cxl_memdev
 *    (cpc_to_memdev(), cxl_exports.h): the exports take a cxl_memdev and
 *    the core exports no converter. Guarded the same way; on the debug
 *    kernel KASAN would catch a wrong pointer.
 * 3. The CXL core takes the region and DPA rwsems inside the exports, after
 *    the caller's memdev device lock (the order drivers/cxl/mem.c uses), so
 *    the module's order memdev -> region -> rwsems is the core's. Lockdep
 *    cannot check it (device mutexes are not validated): the stress and
 *    fuzz tests would hang, and a hung-task line fails a run.
 * 4. The sysfs attributes of regions and decoders are static struct
 *    device_attributes reachable through dev->type->groups, and their
 *    show() may be called directly under the device's lock
 *    (cpc_attr_find(), geometry.c): no in-kernel accessor reads them.
 *    Their form is probed (dev_attr_show_const: show or show_const, as
 *    dev_attr_show() calls them); their values are compared with what
 *    sysfs shows (region_1way, region_4way, lifecycle: geometry equals
 *    sysfs).
 * 5. kernfs_node.symlink.target_kn (<linux/kernfs.h>) gives the target of
 *    an endpoint port's "uport" link, the only public way from a decoder to
 *    its memdev (cpc_decoder_memdev(), geometry.c). A rename fails the
 *    build; the resolution is checked by the geometry tests above.
 * 6. A memdev whose type has no groups is a Type-2 device, which may have
 *    no mailbox (cpc_kind_of(), tracker.c; 7.2 drivers/cxl/core/memdev.c:
 *    cxl_memdev_type has no groups, cxl_class_memdev_type has them), and
 *    the poison exports do not check. Untested: no Type-2 device exists
 *    under QEMU or in cxl_test; from reading the source.
 * 7. The CXL core's own debugfs files cxl/memX/{inject,clear}_poison exist
 *    exactly when the device enables both poison commands, and
 *    cxl/regionZ/ ones when the core can translate the region
 *    (cpc_intree_poison_files(), geometry.c): the one public sign of either,
 *    as the exports check neither. Guarded by every test that injects (a
 *    memdev found without them is refused) and, on 7.2, by the oracle
 *    tests comparing with the in-tree region files; a device without the
 *    commands is untested (QEMU's and cxl_test's have them).
 * 8. A region with a "locked" attribute (v7.1) belongs to a core that
 *    makes region poison files (v6.18) (cpc_region_read(), geometry.c): a
 *    version test by attribute, used only to refuse a region the core
 *    itself cannot translate (all memdevs have the commands, no region
 *    files). Between v6.18 and v7.1 the sign says no and that refusal is
 *    not made; the decoders' own checks (geometry.c) remain. Guarded by
 *    test_decide (unit) and by the region oracle tests on 6.12 (no
 *    attribute) and 7.2 (attribute and files).
 */

/* kzalloc_obj(), kmalloc_obj() (probe alloc_obj). */
#ifndef CPC_HAVE_ALLOC_OBJ
#define kzalloc_obj(P, GFP) kzalloc(sizeof(P), GFP)
#define kmalloc_obj(P, GFP) kmalloc(sizeof(P), GFP)
#endif

/* guard(device), scoped_guard(device, ...) (probe guard_device). */
#ifndef CPC_HAVE_GUARD_DEVICE
DEFINE_GUARD(device, struct device *, device_lock(_T), device_unlock(_T))
#endif

/*
 * The interruptible device lock as a conditional guard class (probe
 * guard_device_intr), what drivers/cxl/mem.c takes with ACQUIRE(). Where
 * DEFINE_GUARD_COND() takes a condition (probe acquire), the kernel's own
 * definition, so that ACQUIRE_ERR() reports -EINTR; before, success is the
 * lock expression's truth.
 */
#ifndef CPC_HAVE_GUARD_DEVICE_INTR
#ifdef CPC_HAVE_ACQUIRE
DEFINE_GUARD_COND(device, _intr, device_lock_interruptible(_T), _RET == 0)
#else
DEFINE_GUARD_COND(device, _intr, !device_lock_interruptible(_T))
#endif
#endif

/*
 * MODULE_IMPORT_NS() of namespace @ns, in the form the target takes: a
 * bare token, or a string literal (probe import_ns_token).
 */
#ifdef CPC_HAVE_IMPORT_NS_TOKEN
#define CPC_IMPORT_NS(ns) MODULE_IMPORT_NS(ns)
#else
#define CPC_IMPORT_NS(ns) MODULE_IMPORT_NS(__stringify(ns))
#endif

/*
 * Call a device attribute's show() the way drivers/base/core.c does: it
 * may provide show_const instead (probe dev_attr_show_const).
 */
static inline ssize_t cpc_dev_attr_show(struct device *dev,
					struct device_attribute *da, char *page)
{
#ifdef CPC_HAVE_DEV_ATTR_SHOW_CONST
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
