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
#include <linux/ioport.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "compat.h"
#include "cpc.h"
#include "cxl_exports.h"
#include "interleave.h"
#include "ledger.h"
#include "poison.h"

/*
 * Where @offset lands according to @g: its position and DPA. Touches no
 * device; refuses (with the reason logged) what it cannot translate.
 */
static int cpc_locate(struct device *region, const struct cpc_geometry *g, u64 offset,
		      unsigned int *pos, u64 *dpa)
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
	*pos = cpc_ilv_position(&ilv, hpa_off);
	dpa_off = cpc_ilv_dpa_offset(&ilv, hpa_off);
	t = &g->targets[*pos];
	if (dpa_off >= t->dpa_size)
		return cpc_refuse(region, -ERANGE,
				  "offset %#llx maps beyond %s's %#llx bytes at position %u",
				  offset, t->decoder, t->dpa_size, *pos);
	*dpa = t->dpa_base + dpa_off;
	return 0;
}

/**
 * cpc_region_translate() - where a region offset lands, touching nothing
 * @e: a region entry
 * @offset: region offset
 * @x: filled in on success
 */
int cpc_region_translate(struct cpc_entry *e, u64 offset, struct cpc_xlate *x)
{
	struct cpc_geometry *g = cpc_entry_geometry(e);
	const struct cpc_target *t;
	int rc;

	if (IS_ERR(g))
		return PTR_ERR(g);
	rc = cpc_locate(e->dev, g, offset, &x->pos, &x->dpa);
	if (!rc) {
		t = &g->targets[x->pos];
		x->offset = offset;
		x->hpa = g->resource + offset;
		strscpy(x->region, g->region, sizeof(x->region));
		strscpy(x->memdev, t->memdev, sizeof(x->memdev));
		strscpy(x->decoder, t->decoder, sizeof(x->decoder));
	}
	cpc_geometry_put(g);
	return rc;
}

/*
 * Bound (and @served by us) and enabling the poison commands (@cmds).
 * Context: @memdev's device lock held.
 */
static int cpc_memdev_ready(struct device *memdev, bool served, bool cmds)
{
	device_lock_assert(memdev);
	if (!served || !memdev->driver || !device_is_registered(memdev))
		return cpc_refuse(memdev, -ENODEV, "memdev is not bound to cxl_mem");
	if (!cmds)
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

/*
 * Is the line at @hpa online System RAM (e.g. a region onlined by kmem)?
 * An online page first (cheap, and usually absent): kmem keeps its "System
 * RAM (kmem)" resource while its blocks are offline, so the resource alone
 * does not say.
 */
static bool cpc_hpa_online(u64 hpa)
{
	return pfn_to_online_page(PHYS_PFN(hpa)) &&
	       region_intersects(hpa, 64, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	       REGION_DISJOINT;
}

static int cpc_refuse_online(struct device *dev, u64 hpa)
{
	return cpc_refuse(dev, -EBUSY,
			  "hpa %#llx is online System RAM; offline it, or load with allow_online=1",
			  hpa);
}

struct cpc_dpa_lookup {
	const char *memdev;
	u64 dpa;
	u64 hpa;
};

static bool cpc_dpa_lookup_fn(const struct cpc_geometry *g, void *arg)
{
	struct cpc_dpa_lookup *l = arg;
	const struct cpc_target *t;
	struct cpc_ilv ilv;
	unsigned int pos;

	if (cpc_ilv_init(&ilv, g->ways, g->granularity))
		return false;
	for (pos = 0; pos < g->ways; pos++) {
		t = &g->targets[pos];
		if (strcmp(t->memdev, l->memdev) || l->dpa < t->dpa_base ||
		    l->dpa - t->dpa_base >= t->dpa_size)
			continue;
		l->hpa = g->resource + g->cache_size +
			 cpc_ilv_hpa_offset(&ilv, pos, l->dpa - t->dpa_base);
		return true;
	}
	return false;
}

/* The HPA a memdev's DPA is mapped at, through the regions we serve. */
static bool cpc_dpa_to_hpa(struct device *memdev, u64 dpa, u64 *hpa)
{
	struct cpc_dpa_lookup l = { .memdev = dev_name(memdev), .dpa = dpa };

	if (!cpc_tracker_each_geometry(cpc_dpa_lookup_fn, &l))
		return false;
	*hpa = l.hpa;
	return true;
}

/* Refuse a DPA range any line of which is online System RAM. */
static int cpc_memdev_check_online(struct device *memdev, u64 dpa, u64 len)
{
	u64 off, hpa;

	if (cpc_allow_online)
		return 0;
	for (off = 0; off < len; off += 64)
		if (cpc_dpa_to_hpa(memdev, dpa + off, &hpa) && cpc_hpa_online(hpa))
			return cpc_refuse_online(memdev, hpa);
	return 0;
}

/**
 * struct cpc_line - one line of a region operation
 * @dpa: where it lands on its memdev
 * @pos: its interleave position
 * @done: the device acted on it
 */
struct cpc_line {
	u64 dpa;
	unsigned int pos;
	bool done;
};

/**
 * struct cpc_op - one range operation on a region
 * @e: the region's entry
 * @g: the geometry everything is translated with (a reference)
 * @offset: region offset of the first line
 * @line: per line, where it lands and whether it was done
 * @lines: number of lines
 * @inject: inject or clear
 * @one: @line of a single-line operation, which allocates nothing
 */
struct cpc_op {
	struct cpc_entry *e;
	struct cpc_geometry *g;
	u64 offset;
	struct cpc_line *line;
	unsigned int lines;
	bool inject;
	struct cpc_line one;
};

/*
 * Is the translation still good? The entry alive, the region bound and its
 * geometry the one we hold (all checked under the region's lock) mean its
 * interleave, size and resource are as read; the one thing that can change
 * meanwhile is a position emptied by its decoder's detach.
 * Context: memdev and region device locks held.
 */
static int cpc_region_still(struct cpc_op *op, unsigned int pos)
{
	struct device *region = op->e->dev;
	const struct cpc_target *t = &op->g->targets[pos];

	if (cpc_entry_dead(op->e) || !region->driver || !device_is_registered(region))
		return cpc_refuse(region, -ENODEV,
				  "region is not bound (decommitted or being torn down)");
	/* @geom is set and cleared under the region lock, held here. */
	if (rcu_access_pointer(op->e->geom) != op->g ||
	    !cpc_region_target_is(region, t, op->e->page)) {
		cpc_entry_geometry_stale(op->e, op->g);
		return cpc_refuse(region, -EAGAIN, "position %u (%s) changed during the operation",
				  pos, t->decoder);
	}
	return 0;
}

/* Undo the injects done at position @pos. Context: that memdev's lock held. */
static void cpc_op_undo_pos(struct cpc_op *op, struct device *memdev, unsigned int pos)
{
	struct cpc_line *l;

	for (l = op->line; l < op->line + op->lines; l++)
		if (l->done && l->pos == pos && !cpc_call(memdev, l->dpa, false))
			l->done = false;
}

/*
 * Act on every line at position @pos, holding that memdev's lock and then
 * the region's, re-checking the geometry before and after. On failure the
 * injects made here are undone before the memdev lock is dropped.
 */
static int cpc_op_pos(struct cpc_op *op, unsigned int pos, bool undo_only)
{
	struct device *memdev = op->g->targets[pos].memdev_dev;
	struct device *region = op->e->dev;
	struct cpc_line *l;
	int rc;

	rc = device_lock_interruptible(memdev);
	if (rc)
		return rc;
	if (undo_only) {
		cpc_op_undo_pos(op, memdev, pos);
		goto unlock_memdev;
	}
	/* memdev -> region: the kernel's order. */
	rc = device_lock_interruptible(region);
	if (rc)
		goto unlock_memdev;
	rc = cpc_region_still(op, pos);
	/*
	 * The memdev has stayed bound since the geometry was read: its unbind
	 * detaches its decoder, which unbinds the region and kills our entry.
	 */
	if (!rc)
		rc = cpc_memdev_ready(memdev, true, op->g->targets[pos].poison_cmds);
	for (l = op->line; l < op->line + op->lines && !rc; l++) {
		if (l->pos != pos)
			continue;
		rc = cpc_call(memdev, l->dpa, op->inject);
		l->done = !rc;
	}
	/* Look again: a detach needs neither of our locks. */
	if (!rc && cpc_region_still(op, pos))
		rc = -EAGAIN;
	device_unlock(region);
	/*
	 * Undo injects that may have hit a line that is no longer this
	 * offset. A clear is not redone: clearing a line that held no poison
	 * is harmless, poisoning one is not.
	 */
	if (rc && op->inject)
		cpc_op_undo_pos(op, memdev, pos);
unlock_memdev:
	device_unlock(memdev);
	return rc;
}

/* Record what the device now holds. */
static void cpc_op_record(struct cpc_op *op)
{
	struct cpc_ledger_range r = { .len = 64, .mapped = true };
	const struct cpc_target *t;
	unsigned int i;

	strscpy(r.region, op->g->region, sizeof(r.region));
	for (i = 0; i < op->lines; i++) {
		if (!op->line[i].done)
			continue;
		t = &op->g->targets[op->line[i].pos];
		if (!op->inject) {
			cpc_ledger_remove(t->memdev, op->line[i].dpa, 64);
			continue;
		}
		strscpy(r.memdev, t->memdev, sizeof(r.memdev));
		r.dpa = op->line[i].dpa;
		r.offset = op->offset + (u64)i * 64;
		r.hpa = op->g->resource + r.offset;
		cpc_ledger_add(&r);
	}
}

/* Translate every line, and refuse online System RAM. */
static int cpc_op_prepare(struct cpc_op *op)
{
	struct device *region = op->e->dev;
	struct cpc_line *l;
	u64 offset, hpa;
	int rc;

	for (l = op->line, offset = op->offset; l < op->line + op->lines; l++, offset += 64) {
		rc = cpc_locate(region, op->g, offset, &l->pos, &l->dpa);
		if (rc)
			return rc;
		hpa = op->g->resource + offset;
		if (!cpc_allow_online && cpc_hpa_online(hpa))
			return cpc_refuse_online(region, hpa);
	}
	return 0;
}

/* Is any line of @op at position @pos? */
static bool cpc_op_has_pos(const struct cpc_op *op, unsigned int pos)
{
	const struct cpc_line *l;

	for (l = op->line; l < op->line + op->lines; l++)
		if (l->pos == pos)
			return true;
	return false;
}

/**
 * cpc_region_poison() - inject or clear poison over a region offset range
 * @e: a region entry
 * @offset: region offset, 64-byte aligned
 * @len: bytes, a multiple of 64, at most CPC_MAX_LINES lines
 * @inject: inject (true) or clear (false)
 *
 * All or nothing for injects: if any line fails, the lines already
 * injected are cleared again. A failed clear leaves the lines it cleared
 * cleared. Lines are processed one position (memdev) at a time, each under
 * that memdev's lock and then the region's.
 *
 * Return: 0 or a negative errno (see the README's table), with one log
 * line saying why.
 */
int cpc_region_poison(struct cpc_entry *e, u64 offset, u64 len, bool inject)
{
	struct cpc_op op = { .e = e, .offset = offset, .inject = inject, .line = &op.one };
	unsigned int pos, failed_pos = 0;
	struct cpc_line *l;
	int rc;

	if (!len || len % 64 || len / 64 > CPC_MAX_LINES)
		return cpc_refuse(e->dev, -EINVAL,
				  "length %#llx is not a multiple of 64 between 64 and %#x",
				  len, CPC_MAX_LINES * 64);
	op.lines = len / 64;
	if (op.lines > 1) {
		op.line = kvcalloc(op.lines, sizeof(*op.line), GFP_KERNEL);
		if (!op.line)
			return -ENOMEM;
	}
	op.g = cpc_entry_geometry(e);
	if (IS_ERR(op.g)) {
		rc = PTR_ERR(op.g);
		op.g = NULL;
		goto out;
	}
	rc = cpc_op_prepare(&op);
	if (rc)
		goto out;

	for (pos = 0; pos < op.g->ways && !rc; pos++) {
		if (!cpc_op_has_pos(&op, pos))
			continue;
		rc = cpc_op_pos(&op, pos, false);
		failed_pos = pos;
	}
	/* Roll back the positions that had succeeded before the failure. */
	if (rc && inject)
		for (pos = 0; pos < failed_pos; pos++)
			if (cpc_op_has_pos(&op, pos))
				cpc_op_pos(&op, pos, true);
	for (l = op.line; rc && inject && l < op.line + op.lines; l++)
		if (l->done)
			cpc_refuse(e->dev, -EIO, "could not roll back the inject at %s dpa %#llx",
				   op.g->targets[l->pos].memdev, l->dpa);
	cpc_op_record(&op);
out:
	cpc_geometry_put(op.g);
	if (op.line != &op.one)
		kvfree(op.line);
	return rc;
}

/**
 * cpc_memdev_poison() - inject or clear poison over a memdev DPA range
 * @memdev: a class memdev
 * @dpa: device physical address, 64-byte aligned
 * @len: bytes, a multiple of 64, at most CPC_MAX_LINES lines
 * @inject: inject (true) or clear (false)
 *
 * All or nothing for injects, as cpc_region_poison(); the whole range is
 * done under the memdev's lock.
 */
int cpc_memdev_poison(struct device *memdev, u64 dpa, u64 len, bool inject)
{
	struct cpc_ledger_range r = { .dpa = dpa };
	u64 size, done = 0, left = 0;
	bool served, cmds = false;
	int rc;

	if (!IS_ALIGNED(dpa, 64))
		return cpc_refuse(memdev, -EINVAL, "dpa %#llx is not 64-byte aligned", dpa);
	if (!len || len % 64 || len / 64 > CPC_MAX_LINES)
		return cpc_refuse(memdev, -EINVAL,
				  "length %#llx is not a multiple of 64 between 64 and %#x",
				  len, CPC_MAX_LINES * 64);
	rc = device_lock_interruptible(memdev);
	if (rc)
		return rc;
	served = !cpc_tracker_memdev_info(memdev, &cmds, &size);
	rc = cpc_memdev_ready(memdev, served, cmds);
	if (!rc && (dpa >= size || len > size - dpa))
		rc = cpc_refuse(memdev, -ERANGE,
				"dpa range %#llx+%#llx is beyond the device's %#llx bytes",
				dpa, len, size);
	if (!rc)
		rc = cpc_memdev_check_online(memdev, dpa, len);
	for (done = 0; !rc && done < len; done += 64) {
		rc = cpc_call(memdev, dpa + done, inject);
		if (rc)
			break;
	}
	/* On failure, clear again what this write injected. */
	for (left = done; rc && inject && left; left -= 64)
		if (cpc_call(memdev, dpa + left - 64, false))
			break;
	device_unlock(memdev);

	strscpy(r.memdev, dev_name(memdev), sizeof(r.memdev));
	if (inject && !rc) {
		r.len = done;
		cpc_ledger_add(&r);
	} else if (inject && left) {
		r.len = left;
		cpc_ledger_add(&r);
		cpc_refuse(memdev, -EIO, "could not roll back %#llx bytes at dpa %#llx",
			   left, dpa);
	} else if (!inject && done) {
		cpc_ledger_remove(r.memdev, dpa, done);
	}
	return rc;
}

/**
 * cpc_clear_all() - clear every range in the ledger
 *
 * Ranges on memdevs that are gone or unbound are skipped and stay in the
 * ledger (the poison is still in the device).
 *
 * Return: 0 if everything was cleared, else the first error.
 */
int cpc_clear_all(void)
{
	struct cpc_ledger_range *r;
	struct device *memdev;
	LIST_HEAD(list);
	int rc, first = 0;

	rc = cpc_ledger_snapshot(&list);
	if (rc)
		return rc;
	list_for_each_entry(r, &list, node) {
		memdev = bus_find_device_by_name(&cxl_bus_type, NULL, r->memdev);
		if (memdev && is_cxl_memdev(memdev))
			rc = cpc_memdev_poison(memdev, r->dpa, r->len, false);
		else
			rc = -ENODEV;
		if (rc == -ENODEV && !memdev)
			pr_info_ratelimited(CPC_NAME ": clear_all: %s is gone, %#llx bytes at dpa %#llx stay: %pe\n",
					    r->memdev, r->len, r->dpa, ERR_PTR(rc));
		put_device(memdev);
		if (rc && !first)
			first = rc;
	}
	cpc_ledger_free(&list);
	return first;
}
