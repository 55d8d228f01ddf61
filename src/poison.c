// SPDX-License-Identifier: GPL-2.0
/*
 * One inject or clear, by region offset or by memdev DPA.
 *
 * Lock order, always: memdev device lock -> region device lock -> (inside
 * the export) region rwsem -> dpa rwsem. The kernel takes them in that
 * order too (memdev unbind -> endpoint teardown -> region release).
 * Lockdep does not validate device locks (they are in a no-validate
 * class), so the order is kept by construction: no region lock is ever
 * held here while a memdev lock is taken.
 *
 * The rwsems are not exported, so a region's translation is a snapshot:
 * taken under the region lock, re-taken under both locks before the
 * export is called and again after it. Holding the memdev lock keeps the
 * memdev bound; holding the region lock keeps the region bound, but the
 * detach of *another* position's decoder needs neither, hence the second
 * check: if the geometry moved, an inject is undone and -EAGAIN returned.
 */
#include <linux/align.h>
#include <linux/debugfs.h>
#include <linux/slab.h>

#include "compat.h"
#include "cpc.h"
#include "cxl_exports.h"
#include "interleave.h"
#include "poison.h"

/* Where @offset lands according to snapshot @g. Touches no device. */
static int cpc_xlate_from(struct device *region, const struct cpc_geometry *g,
			  u64 offset, struct cpc_xlate *x)
{
	const struct cpc_target *t;
	struct cpc_ilv ilv;
	u64 hpa_off, dpa_off;

	if (!IS_ALIGNED(offset, 64))
		return cpc_refuse(region, -EINVAL, "offset %#llx is not 64-byte aligned",
				  offset);
	if (offset >= g->size)
		return cpc_refuse(region, -ERANGE, "offset %#llx is beyond the region size %#llx",
				  offset, g->size);
	if (offset < g->cache_size)
		return cpc_refuse(region, -EINVAL,
				  "offset %#llx is inside the extended linear cache (%#llx bytes)",
				  offset, g->cache_size);
	if (cpc_ilv_init(&ilv, g->ways, g->granularity))
		return cpc_refuse(region, -EOPNOTSUPP,
				  "interleave %u ways x %u bytes is not translatable",
				  g->ways, g->granularity);
	/* Refuse what the kernel decodes differently, rather than guess. */
	if (!cpc_ilv_base_aligned(g->root_ways, g->resource))
		return cpc_refuse(region, -EOPNOTSUPP,
				  "%u-way root interleave at unaligned base %#llx is not translatable",
				  g->root_ways, g->resource);
	if (cpc_cedt_is_xor(g->root_start))
		return cpc_refuse(region, -EOPNOTSUPP,
				  "root decoder at %#llx uses XOR interleave arithmetic",
				  g->root_start);

	hpa_off = offset - g->cache_size;
	x->pos = cpc_ilv_position(&ilv, hpa_off);
	dpa_off = cpc_ilv_dpa_offset(&ilv, hpa_off);
	t = &g->targets[x->pos];
	if (dpa_off >= t->dpa_size)
		return cpc_refuse(region, -ERANGE,
				  "offset %#llx maps beyond %s's %#llx bytes at position %u",
				  offset, t->decoder, t->dpa_size, x->pos);
	x->offset = offset;
	x->hpa = g->resource + offset;
	x->dpa = t->dpa_base + dpa_off;
	strscpy(x->region, g->region, sizeof(x->region));
	strscpy(x->memdev, t->memdev, sizeof(x->memdev));
	strscpy(x->decoder, t->decoder, sizeof(x->decoder));
	return 0;
}

/**
 * cpc_region_translate() - where a region offset lands, touching nothing
 * @region: a region device
 * @offset: region offset
 * @x: filled in on success
 */
int cpc_region_translate(struct device *region, u64 offset, struct cpc_xlate *x)
{
	struct cpc_geometry *g = kzalloc_obj(*g, GFP_KERNEL);
	int rc;

	if (!g)
		return -ENOMEM;
	rc = cpc_region_snapshot(region, g);
	if (!rc)
		rc = cpc_xlate_from(region, g, offset, x);
	kfree(g);
	return rc;
}

/*
 * The in-tree driver creates debugfs cxl/memX/{inject,clear}_poison only
 * when the device enables both commands (mem.c); that is the one public
 * sign of support, and the exports themselves do not check.
 */
static bool cpc_memdev_has_poison_cmds(struct device *memdev)
{
	static const char *const files[] = { "inject_poison", "clear_poison" };
	struct dentry *cxl, *dir, *f;
	bool ok = true;
	int i;

	cxl = debugfs_lookup("cxl", NULL);
	dir = cxl ? debugfs_lookup(dev_name(memdev), cxl) : NULL;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		f = dir ? debugfs_lookup(files[i], dir) : NULL;
		ok = ok && f;
		dput(f);
	}
	dput(dir);
	dput(cxl);
	return ok;
}

/* Context: @memdev's device lock held. */
static int cpc_memdev_usable(struct device *memdev)
{
	device_lock_assert(memdev);
	if (!memdev->driver || !device_is_registered(memdev))
		return cpc_refuse(memdev, -ENODEV, "memdev is not bound to cxl_mem");
	if (!cpc_memdev_has_poison_cmds(memdev))
		return cpc_refuse(memdev, -EOPNOTSUPP,
				  "device does not enable Inject and Clear Poison");
	return 0;
}

static int cpc_call(struct device *memdev, u64 dpa, bool inject)
{
	struct cxl_memdev *cxlmd = cpc_to_memdev(memdev);
	int rc;

	rc = inject ? cxl_inject_poison(cxlmd, dpa) : cxl_clear_poison(cxlmd, dpa);
	if (rc)
		cpc_refuse(memdev, rc, "%s poison at dpa %#llx failed",
			   inject ? "inject" : "clear", dpa);
	return rc;
}

/* Context: memdev and region device locks held. */
static int cpc_region_recheck(struct device *region, const struct cpc_geometry *g,
			      struct cpc_geometry *now)
{
	int rc = cpc_region_snapshot_locked(region, now);

	if (rc)
		return rc;
	if (memcmp(g, now, sizeof(*g)))
		return cpc_refuse(region, -EAGAIN, "geometry changed during the operation");
	return 0;
}

/* Context: memdev and region device locks held. */
static int cpc_region_poison_locked(struct device *region, struct device *memdev,
				    const struct cpc_geometry *g, bool inject,
				    const struct cpc_xlate *x)
{
	struct cpc_geometry *now = kzalloc_obj(*now, GFP_KERNEL);
	int rc;

	if (!now)
		return -ENOMEM;
	rc = cpc_memdev_usable(memdev);
	if (!rc)
		rc = cpc_region_recheck(region, g, now);
	if (!rc)
		rc = cpc_call(memdev, x->dpa, inject);
	if (!rc) {
		rc = cpc_region_recheck(region, g, now);
		/*
		 * An inject that may have hit a line that is no longer this
		 * offset is undone. A clear is not redone: clearing a line
		 * that held no poison is harmless, poisoning one is not.
		 */
		if (rc && inject)
			cpc_call(memdev, x->dpa, false);
		if (rc)
			rc = -EAGAIN;
	}
	kfree(now);
	return rc;
}

/**
 * cpc_region_poison() - inject or clear poison at a region offset
 * @region: a region device
 * @offset: region offset, 64-byte aligned
 * @inject: inject (true) or clear (false)
 * @x: filled in with the translation that was acted on
 *
 * Return: 0 or a negative errno (see the README's table), with one log
 * line saying why.
 */
int cpc_region_poison(struct device *region, u64 offset, bool inject,
		      struct cpc_xlate *x)
{
	struct cpc_geometry *g = kzalloc_obj(*g, GFP_KERNEL);
	struct device *memdev;
	int rc;

	if (!g)
		return -ENOMEM;
	rc = cpc_region_snapshot(region, g);
	if (!rc)
		rc = cpc_xlate_from(region, g, offset, x);
	if (rc)
		goto out;

	memdev = bus_find_device_by_name(&cxl_bus_type, NULL, x->memdev);
	if (!memdev || !is_cxl_memdev(memdev)) {
		rc = cpc_refuse(region, -ENODEV, "%s at position %u is gone",
				x->memdev, x->pos);
		goto put;
	}
	rc = device_lock_interruptible(memdev);
	if (rc)
		goto put;
	/* memdev -> region: the kernel's order. */
	rc = device_lock_interruptible(region);
	if (!rc) {
		rc = cpc_region_poison_locked(region, memdev, g, inject, x);
		device_unlock(region);
	}
	device_unlock(memdev);
put:
	put_device(memdev);
out:
	kfree(g);
	return rc;
}

/**
 * cpc_memdev_poison() - inject or clear poison at a memdev DPA
 * @memdev: a class memdev
 * @dpa: device physical address, 64-byte aligned
 * @inject: inject (true) or clear (false)
 */
int cpc_memdev_poison(struct device *memdev, u64 dpa, bool inject)
{
	u64 size;
	int rc;

	if (!IS_ALIGNED(dpa, 64))
		return cpc_refuse(memdev, -EINVAL, "dpa %#llx is not 64-byte aligned", dpa);
	rc = device_lock_interruptible(memdev);
	if (rc)
		return rc;
	rc = cpc_memdev_usable(memdev);
	if (!rc)
		rc = cpc_memdev_dpa_size(memdev, &size);
	if (!rc && dpa >= size)
		rc = cpc_refuse(memdev, -ERANGE, "dpa %#llx is beyond the device's %#llx bytes",
				dpa, size);
	if (!rc)
		rc = cpc_call(memdev, dpa, inject);
	device_unlock(memdev);
	return rc;
}
