// SPDX-License-Identifier: GPL-2.0
/*
 * cxl_poison_ctl: region-aware CXL poison injection through debugfs.
 *
 * Init registers the CXL bus notifier first, then walks the devices that
 * already exist; adding is idempotent, so a device seen twice is served
 * once.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>

#include "compat.h"
#include "cpc.h"
#include "cxl_exports.h"
#include "geometry.h"
#include "ledger.h"
#include "poison.h"

/*
 * Poisoning (or clearing, which rewrites the line) memory the kernel has
 * online as System RAM can crash it when the line is consumed.
 */
bool cpc_allow_online;
module_param_named(allow_online, cpc_allow_online, bool, 0644);
MODULE_PARM_DESC(allow_online,
		 "Allow inject/clear on lines that are online System RAM (default: refuse, -EBUSY)");

/*
 * Off by default: poison is usually injected to be found later (by a RAS
 * test, a scrubber, a consumer), and a tool that silently removes it on
 * unload would defeat that. Set it to leave nothing behind.
 */
static bool clear_on_unload;
module_param(clear_on_unload, bool, 0644);
MODULE_PARM_DESC(clear_on_unload,
		 "On unload, clear every range listed in 'injected' (default: leave them)");

/*
 * Windows the CEDT does not describe (a platform whose table this module
 * cannot read, the kernel's cxl_test mock), declared to decode by modulo
 * arithmetic. Regions under any other unknown window are refused.
 */
static char *modulo_windows;
module_param(modulo_windows, charp, 0444);
MODULE_PARM_DESC(modulo_windows,
		 "START:SIZE[,START:SIZE...] of root decoders (CXL windows) absent from the ACPI CEDT that decode by modulo arithmetic (default: none)");

static int cpc_bus_notify(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	struct device *dev = data;
	enum cpc_kind kind;

	if (!cpc_kind_of(dev, &kind))
		return NOTIFY_DONE;

	switch (action) {
	case BUS_NOTIFY_BOUND_DRIVER:
		cpc_track(dev, kind);
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		/*
		 * A device without a serial is known to the ledger by its name
		 * only, which the next memdev may take: its ranges are marked
		 * gone first. Takes only the ledger lock.
		 */
		if (kind == CPC_MEMDEV)
			cpc_ledger_forget(dev_name(dev));
		fallthrough;
	case BUS_NOTIFY_UNBIND_DRIVER:
		cpc_untrack(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block cpc_nb = {
	.notifier_call = cpc_bus_notify,
};

/* The tracker's entries get their debugfs files while they are served. */
static const struct cpc_tracker_ops cpc_tracker_ops = {
	.added = cpc_debugfs_add,
	.removed = cpc_debugfs_remove,
};

static int cpc_walk_one(struct device *dev, void *unused)
{
	enum cpc_kind kind;

	if (!cpc_kind_of(dev, &kind))
		return 0;
	/* Under the lock no probe or unbind of @dev is in progress. */
	guard(device)(dev);
	if (cpc_dev_bound(dev))
		cpc_track(dev, kind);
	return 0;
}

static int __init cpc_init(void)
{
	int rc;

	rc = cpc_windows_init(modulo_windows);
	if (rc)
		return rc;
	rc = cpc_debugfs_init();
	if (rc)
		return rc;
	rc = cpc_tracker_init(&cpc_tracker_ops);
	if (rc)
		goto err_debugfs;
	rc = bus_register_notifier(&cxl_bus_type, &cpc_nb);
	if (rc)
		goto err_tracker;
	bus_for_each_dev(&cxl_bus_type, NULL, NULL, cpc_walk_one);
	/* modprobe returns with the directories of existing devices in place. */
	cpc_tracker_flush();
	return 0;

err_tracker:
	cpc_tracker_exit();
err_debugfs:
	cpc_debugfs_exit();
	return rc;
}

static void __exit cpc_exit(void)
{
	bus_unregister_notifier(&cxl_bus_type, &cpc_nb);
	if (clear_on_unload)
		cpc_clear_all();
	cpc_tracker_exit();
	cpc_debugfs_exit();
	cpc_ledger_exit();
}

module_init(cpc_init);
module_exit(cpc_exit);

MODULE_DESCRIPTION("Region-aware CXL poison injection through debugfs");
MODULE_LICENSE("GPL");
MODULE_VERSION(CPC_VERSION);
CPC_IMPORT_NS(CXL);
/* acpi_table_parse_cedt() is in namespace ACPI. */
CPC_IMPORT_NS(ACPI);
