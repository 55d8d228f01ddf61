// SPDX-License-Identifier: GPL-2.0
/*
 * The set of CXL memdevs and regions this module serves.
 *
 * Additions and teardowns are serialized on one ordered workqueue, so a
 * device that unbinds and rebinds quickly has its old directory removed
 * before its new one is created. Notifier callbacks never wait on it.
 */
#define dev_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "compat.h"
#include "cpc.h"
#include "cxl_exports.h"
#include "geometry.h"

static LIST_HEAD(cpc_entries);
/* Protects cpc_entries and every entry's @dead. Never held across a device lock. */
static DEFINE_MUTEX(cpc_entries_lock);
static struct workqueue_struct *cpc_wq;
static const struct cpc_tracker_ops *cpc_ops;

/**
 * cpc_kind_of() - is @dev a device this module serves, and which kind
 * @dev: any device on cxl_bus_type
 * @kind: set to the kind on success
 *
 * Only class memdevs (those with a mailbox and sysfs groups) qualify:
 * 7.2 Type-2 memdevs have no .groups and may have no mailbox, and the
 * poison exports do not check for that themselves.
 *
 * Return: whether this module serves @dev.
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

static struct cpc_entry *cpc_find_locked(struct device *dev)
{
	struct cpc_entry *e;

	lockdep_assert_held(&cpc_entries_lock);
	list_for_each_entry(e, &cpc_entries, node)
		if (e->dev == dev)
			return e;
	return NULL;
}

/* Queue a new read of every region without a geometry. */
static void cpc_refresh_regions_locked(void)
{
	struct cpc_entry *e;

	lockdep_assert_held(&cpc_entries_lock);
	list_for_each_entry(e, &cpc_entries, node)
		if (e->kind == CPC_REGION && !rcu_access_pointer(e->geom))
			queue_work(cpc_wq, &e->create_work);
}

/*
 * What a memdev offers, read once while it is bound, and only then
 * published (@ready): a region read meanwhile sees the memdev as not
 * served yet, not as one without the poison commands. A region that was
 * read before is read again, now that its memdev is known.
 */
static void cpc_memdev_read_caps(struct cpc_entry *e)
{
	struct cpc_memdev_info info = {};
	struct device *dev = e->dev;
	int rc;

	scoped_guard(device, dev) {
		if (!cpc_dev_bound(dev))
			return;
		rc = cpc_memdev_dpa_size(dev, &info.dpa_size);
		if (!rc)
			rc = cpc_memdev_serial(dev, &info.serial);
		if (rc)
			cpc_dev_failed(dev, rc,
				       "cannot read the capacity or serial; poison commands left off");
		else
			info.poison_cmds = cpc_intree_poison_files(dev);
	}
	guard(mutex)(&cpc_entries_lock);
	if (e->dead)
		return;
	e->info = info;
	e->ready = true;
	cpc_refresh_regions_locked();
}

/**
 * cpc_tracker_memdev_info() - what a served memdev offers
 * @memdev: a memdev
 * @info: filled in
 *
 * Return: 0, or -ENODEV if the memdev is not served (not bound, or its
 * capabilities not read yet).
 */
int cpc_tracker_memdev_info(struct device *memdev, struct cpc_memdev_info *info)
{
	struct cpc_entry *e;

	guard(mutex)(&cpc_entries_lock);
	e = cpc_find_locked(memdev);
	if (!e || !e->ready)
		return -ENODEV;
	*info = e->info;
	return 0;
}

/*
 * The served memdev a ledger entry means: the one with @serial, or for a
 * device without a serial (0) the one named @name. NULL if none, or if
 * more than one carry the serial (-EOPNOTSUPP in @rc).
 */
static struct cpc_entry *cpc_find_serial_locked(u64 serial, const char *name, int *rc)
{
	struct cpc_entry *e, *found = NULL;

	lockdep_assert_held(&cpc_entries_lock);
	*rc = -ENODEV;
	list_for_each_entry(e, &cpc_entries, node) {
		if (e->kind != CPC_MEMDEV || !e->ready || e->info.serial != serial ||
		    (!serial && strcmp(dev_name(e->dev), name)))
			continue;
		if (found) {
			*rc = -EOPNOTSUPP;
			return NULL;
		}
		found = e;
	}
	if (found)
		*rc = 0;
	return found;
}

/**
 * cpc_tracker_memdev_find() - the bound memdev with a serial
 * @serial: its serial; 0 for a device without one
 * @name: its name, which identifies a device without a serial
 *
 * Return: the device, referenced (put_device() it), or ERR_PTR(-ENODEV)
 * if no served memdev has it, ERR_PTR(-EOPNOTSUPP) if several do.
 */
struct device *cpc_tracker_memdev_find(u64 serial, const char *name)
{
	struct cpc_entry *e;
	int rc;

	guard(mutex)(&cpc_entries_lock);
	e = cpc_find_serial_locked(serial, name, &rc);
	return e ? get_device(e->dev) : ERR_PTR(rc);
}

/**
 * cpc_tracker_memdev_name() - the name of the bound memdev with a serial
 * @serial: its serial; 0 for a device without one
 * @name: its last known name; replaced by the current one if bound
 * @len: size of @name
 *
 * Return: whether exactly one served memdev has it.
 */
bool cpc_tracker_memdev_name(u64 serial, char *name, size_t len)
{
	struct cpc_entry *e;
	int rc;

	guard(mutex)(&cpc_entries_lock);
	e = cpc_find_serial_locked(serial, name, &rc);
	if (e)
		strscpy(name, dev_name(e->dev), len);
	return e;
}

/*
 * Creates the entry's files; for a region, reads its geometry first (for
 * lookups by DPA). Runs again for a region whose geometry is missing when
 * a memdev is published: the files are made once.
 */
static void cpc_create_workfn(struct work_struct *work)
{
	struct cpc_entry *e = container_of(work, struct cpc_entry, create_work);
	struct cpc_geometry *g;

	if (e->kind == CPC_MEMDEV)
		cpc_memdev_read_caps(e);

	if (e->kind == CPC_REGION && !cpc_entry_dead(e)) {
		g = cpc_entry_geometry(e);
		if (!IS_ERR(g))
			cpc_geometry_put(g);
	}
	if (!e->added) {
		e->added = true;
		cpc_ops->added(e);
	}
}

static void cpc_destroy_workfn(struct work_struct *work)
{
	struct cpc_entry *e = container_of(work, struct cpc_entry, destroy_work);

	/* Waits for in-flight users; they see @dead and return. */
	if (e->added)
		cpc_ops->removed(e);
	put_device(e->dev);
	/* Dead, unlisted, and its files gone: nobody else can see @geom. */
	cpc_geometry_put(rcu_dereference_protected(e->geom, true));
	free_page((unsigned long)e->page);
	kfree(e);
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
	if (e && kind == CPC_REGION) {
		e->page = (char *)__get_free_page(GFP_KERNEL);
		if (!e->page) {
			kfree(e);
			e = NULL;
		}
	}
	if (!e) {
		dev_warn(dev, "out of memory, device not served\n");
		return;
	}
	e->dev = get_device(dev);
	e->kind = kind;
	INIT_WORK(&e->create_work, cpc_create_workfn);
	INIT_WORK(&e->destroy_work, cpc_destroy_workfn);
	mutex_init(&e->geom_lock);
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

/*
 * Read, decide and cache a region's geometry, unless another caller just
 * did. Context: the region's device lock held.
 */
static struct cpc_geometry *cpc_entry_geometry_locked(struct cpc_entry *e)
{
	struct cpc_geometry *g;

	scoped_guard(mutex, &e->geom_lock) {
		g = rcu_dereference_protected(e->geom, lockdep_is_held(&e->geom_lock));
		if (g)
			return cpc_geometry_get(g);
	}
	g = cpc_geometry_read(e->dev, e->page, cpc_tracker_memdev_info);
	if (IS_ERR(g))
		return g;
	if (!cpc_entry_dead(e)) {
		guard(mutex)(&e->geom_lock);
		rcu_assign_pointer(e->geom, cpc_geometry_get(g));
	}
	return g;
}

/**
 * cpc_entry_geometry() - a region entry's geometry
 * @e: a region entry
 *
 * The cached geometry, read first (under the region's device lock) if
 * there is none.
 * Context: no device lock held that the region's lock may not nest in.
 *
 * Return: a reference (put it with cpc_geometry_put()), or an ERR_PTR as
 * cpc_geometry_read(), or -EINTR.
 */
struct cpc_geometry *cpc_entry_geometry(struct cpc_entry *e)
{
	struct cpc_geometry *g;

	rcu_read_lock();
	g = rcu_dereference(e->geom);
	if (g && !cpc_geometry_tryget(g))
		g = NULL;
	rcu_read_unlock();
	if (g)
		return g;

	scoped_cond_guard(device_intr, return ERR_PTR(-EINTR), e->dev)
		g = cpc_entry_geometry_locked(e);
	return g;
}

/**
 * cpc_entry_geometry_drop() - an operation found a position changed
 * @e: a region entry
 * @g: the geometry that operation used
 *
 * The next operation reads the geometry again.
 * Context: the region's device lock held.
 */
void cpc_entry_geometry_drop(struct cpc_entry *e, struct cpc_geometry *g)
{
	device_lock_assert(e->dev);
	scoped_guard(mutex, &e->geom_lock) {
		if (rcu_dereference_protected(e->geom, lockdep_is_held(&e->geom_lock)) != g)
			return;
		RCU_INIT_POINTER(e->geom, NULL);
	}
	cpc_geometry_put(g);
}

/**
 * cpc_tracker_each_geometry() - call @fn on each served region's geometry
 * @fn: returns true to stop
 * @arg: passed to @fn
 * @unknown: set to the name of a region without a geometry, if any
 * @len: size of @unknown
 *
 * Only cached geometries can be visited. A region has none until its read
 * at bind has run, if that read failed (its memdevs not served yet, no
 * memory), or once an operation found it stale; for such a region a new
 * read is queued, and the walk says so, since @fn could not see it.
 * @fn runs under the tracker lock and must not take device locks.
 *
 * Return: 1 if @fn stopped the walk, else -EAGAIN if some region had no
 * geometry, else 0.
 */
int cpc_tracker_each_geometry(cpc_geometry_fn fn, void *arg, char *unknown, size_t len)
{
	struct cpc_geometry *g;
	struct cpc_entry *e;
	int rc = 0;

	guard(mutex)(&cpc_entries_lock);
	list_for_each_entry(e, &cpc_entries, node) {
		if (e->kind != CPC_REGION)
			continue;
		guard(mutex)(&e->geom_lock);
		g = rcu_dereference_protected(e->geom, lockdep_is_held(&e->geom_lock));
		if (g && fn(g, arg))
			return 1;
		if (!g && !rc) {
			strscpy(unknown, dev_name(e->dev), len);
			queue_work(cpc_wq, &e->create_work);
			rc = -EAGAIN;
		}
	}
	return rc;
}

/**
 * cpc_tracker_init() - start the tracker
 * @ops: whom to tell that an entry came or went
 *
 * Return: 0, or -ENOMEM.
 */
int cpc_tracker_init(const struct cpc_tracker_ops *ops)
{
	cpc_ops = ops;
	cpc_wq = alloc_ordered_workqueue(CPC_NAME, 0);
	return cpc_wq ? 0 : -ENOMEM;
}

/* Wait for queued creations and teardowns. Context: no device lock held. */
void cpc_tracker_flush(void)
{
	flush_workqueue(cpc_wq);
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
