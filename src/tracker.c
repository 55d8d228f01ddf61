// SPDX-License-Identifier: GPL-2.0
/*
 * The set of CXL memdevs and regions this module serves.
 *
 * Additions and teardowns are serialized on one ordered workqueue, so a
 * device that unbinds and rebinds quickly has its old directory removed
 * before its new one is created. Notifier callbacks never wait on it.
 */
#include <linux/debugfs.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "compat.h"
#include "cpc.h"
#include "cxl_exports.h"

static LIST_HEAD(cpc_entries);
/* Protects cpc_entries and every entry's @dead. Never held across a device lock. */
static DEFINE_MUTEX(cpc_entries_lock);
static struct workqueue_struct *cpc_wq;

/**
 * cpc_kind_of() - is @dev a device this module serves, and which kind
 * @dev: any device on cxl_bus_type
 * @kind: set to the kind on success
 *
 * Only class memdevs (those with a mailbox and sysfs groups) qualify:
 * 7.2 Type-2 memdevs have no .groups and may have no mailbox, and the
 * poison exports do not check for that themselves.
 */
bool cpc_kind_of(struct device *dev, enum cpc_kind *kind)
{
	if (is_cxl_memdev(dev)) {
		if (!dev->type || !dev->type->groups)
			return false;
		*kind = CPC_MEMDEV;
		return true;
	}
	if (is_cxl_region(dev)) {
		*kind = CPC_REGION;
		return true;
	}
	return false;
}

static void cpc_create_workfn(struct work_struct *work)
{
	struct cpc_entry *e = container_of(work, struct cpc_entry, create_work);

	cpc_debugfs_add(e);
}

static void cpc_destroy_workfn(struct work_struct *work)
{
	struct cpc_entry *e = container_of(work, struct cpc_entry, destroy_work);

	/* Waits for in-flight handlers; they see @dead and return. */
	debugfs_remove(e->dir);
	put_device(e->dev);
	kfree(e);
}

static struct cpc_entry *cpc_find_locked(struct device *dev)
{
	struct cpc_entry *e;

	lockdep_assert_held(&cpc_entries_lock);
	list_for_each_entry(e, &cpc_entries, node)
		if (e->dev == dev)
			return e;
	return NULL;
}

static void cpc_kill_locked(struct cpc_entry *e)
{
	lockdep_assert_held(&cpc_entries_lock);
	WRITE_ONCE(e->dead, true);
	list_del(&e->node);
	queue_work(cpc_wq, &e->destroy_work);
}

/**
 * cpc_track() - start serving a bound device (idempotent)
 * @dev: a memdev bound to cxl_mem, or a region bound to cxl_region
 * @kind: what @dev is
 *
 * Context: may be called from a bus notifier under @dev's device lock.
 */
void cpc_track(struct device *dev, enum cpc_kind kind)
{
	struct cpc_entry *e;

	guard(mutex)(&cpc_entries_lock);
	if (!cpc_wq || cpc_find_locked(dev))
		return;
	e = kzalloc_obj(*e, GFP_KERNEL);
	if (!e) {
		dev_warn(dev, CPC_NAME ": out of memory, device not served\n");
		return;
	}
	e->dev = get_device(dev);
	e->kind = kind;
	INIT_WORK(&e->create_work, cpc_create_workfn);
	INIT_WORK(&e->destroy_work, cpc_destroy_workfn);
	list_add_tail(&e->node, &cpc_entries);
	queue_work(cpc_wq, &e->create_work);
}

/**
 * cpc_untrack() - stop serving a device that unbinds or goes away
 * @dev: the device
 *
 * Marks the entry dead and queues its teardown; never waits.
 * Context: may be called from a bus notifier under device locks.
 */
void cpc_untrack(struct device *dev)
{
	struct cpc_entry *e;

	guard(mutex)(&cpc_entries_lock);
	e = cpc_find_locked(dev);
	if (e)
		cpc_kill_locked(e);
}

/**
 * cpc_tracker_regions() - references to the regions currently served
 * @devs: filled with up to @max referenced devices; put_device() each
 * @max: size of @devs
 *
 * Return: the number of devices stored.
 */
int cpc_tracker_regions(struct device **devs, int max)
{
	struct cpc_entry *e;
	int n = 0;

	guard(mutex)(&cpc_entries_lock);
	list_for_each_entry(e, &cpc_entries, node)
		if (e->kind == CPC_REGION && n < max)
			devs[n++] = get_device(e->dev);
	return n;
}

int cpc_tracker_init(void)
{
	cpc_wq = alloc_ordered_workqueue(CPC_NAME, 0);
	return cpc_wq ? 0 : -ENOMEM;
}

/*
 * Context: module exit, no device lock held, notifier already unregistered.
 */
void cpc_tracker_exit(void)
{
	struct cpc_entry *e, *tmp;
	struct workqueue_struct *wq;

	scoped_guard(mutex, &cpc_entries_lock) {
		list_for_each_entry_safe(e, tmp, &cpc_entries, node)
			cpc_kill_locked(e);
		wq = cpc_wq;
		cpc_wq = NULL;
	}
	/* Runs every pending creation, then every teardown. */
	destroy_workqueue(wq);
}
