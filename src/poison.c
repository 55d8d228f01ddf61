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
#define dev_fmt(fmt) KBUILD_MODNAME ": " fmt
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/ioport.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "cpc.h"
#include "cxl_exports.h"
#include "fault.h"
#include "interleave.h"
#include "ledger.h"
#include "poison.h"

/**
 * cpc_range_check() - is @len a length a write may name
 * @dev: the file's device, for the log line
 * @len: bytes
 *
 * Return: 0, or -EINVAL with the reason logged.
 */
static int cpc_range_check(struct device *dev, u64 len)
{
	if (!len || len % CPC_LINE_SIZE || len / CPC_LINE_SIZE > CPC_MAX_LINES)
		return cpc_refuse(dev, -EINVAL,
				  "length %#llx is not a multiple of 64 between 64 and %#x",
				  len, CPC_MAX_LINES * CPC_LINE_SIZE);
	return 0;
}

/*
 * Whole-range checks of a region write, made once: the region translates,
 * the range is aligned, inside the region and past any cache. Touches no
 * device.
 */
static int cpc_region_check(struct device *region, const struct cpc_geometry *g,
			    u64 offset, u64 len)
{
	if (g->verdict)
		return cpc_refuse(region, g->verdict, "not translatable: %s", g->reason);
	if (!IS_ALIGNED(offset, CPC_LINE_SIZE))
		return cpc_refuse(region, -EINVAL, "offset %#llx is not 64-byte aligned",
				  offset);
	/* Past the end, the first offending offset is the region's size. */
	if (offset >= g->f.size || len > g->f.size - offset)
		return cpc_refuse(region, -ERANGE, "offset %#llx is beyond the region size %#llx",
				  offset >= g->f.size ? offset : g->f.size, g->f.size);
	if (offset < g->f.cache_size)
		return cpc_refuse(region, -EINVAL,
				  "offset %#llx is inside the extended linear cache (%#llx bytes)",
				  offset, g->f.cache_size);
	return 0;
}

/* Where the line at @offset (checked by cpc_region_check()) lands. */
static int cpc_locate(struct device *region, const struct cpc_geometry *g, u64 offset,
		      unsigned int *pos, u64 *dpa)
{
	const struct cpc_target *t;
	u64 dpa_off;

	cpc_decode_locate(&g->decode, offset, pos, &dpa_off);
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
 *
 * Return: 0, or a negative errno with one log line saying why.
 */
int cpc_region_translate(struct cpc_entry *e, u64 offset, struct cpc_xlate *x)
{
	struct cpc_geometry *g = cpc_entry_geometry(e);
	const struct cpc_target *t;
	int rc;

	if (IS_ERR(g))
		return PTR_ERR(g);
	rc = cpc_region_check(e->dev, g, offset, CPC_LINE_SIZE);
	if (!rc)
		rc = cpc_locate(e->dev, g, offset, &x->pos, &x->dpa);
	if (!rc) {
		t = &g->targets[x->pos];
		x->offset = offset;
		x->hpa = g->f.resource + offset;
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
	if (!cpc_dev_bound(memdev) || !served)
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

	if (cpc_fault(inject))
		rc = -EIO;
	else
		rc = inject ? cxl_inject_poison(cxlmd, dpa) : cxl_clear_poison(cxlmd, dpa);
	if (rc)
		cpc_refuse(memdev, rc, "%s poison at dpa %#llx failed",
			   inject ? "inject" : "clear", dpa);
	return rc;
}

/*
 * Memory goes online and offline a memory block at a time, whole sections:
 * one page of each section a range covers says whether it is online.
 */
#ifdef PAGES_PER_SECTION
#define CPC_ONLINE_STEP PAGES_PER_SECTION
#else
#define CPC_ONLINE_STEP 1UL
#endif

/*
 * Is any of [@hpa, @hpa + @len) online System RAM (e.g. a region onlined
 * by kmem)? The System RAM resource first (cheap, and usually absent):
 * kmem keeps its "System RAM (kmem)" resource while its blocks are
 * offline, so the resource alone does not say. Then one page per section,
 * so a whole region (the answer for one that cannot be translated) costs
 * its size / 128 MiB steps, with a chance to reschedule between them: the
 * caller may hold a device lock.
 */
static bool cpc_hpa_online(u64 hpa, u64 len)
{
	u64 pfn = PHYS_PFN(hpa), last = PHYS_PFN(hpa + len - 1), next, start, end;

	if (region_intersects(hpa, len, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) ==
	    REGION_DISJOINT)
		return false;
	for (; pfn <= last; pfn = next) {
		next = ALIGN(pfn + 1, CPC_ONLINE_STEP);
		start = max(hpa, PFN_PHYS(pfn));
		end = min(hpa + len, PFN_PHYS(next));
		if (pfn_to_online_page(pfn) &&
		    region_intersects(start, end - start, IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE) != REGION_DISJOINT)
			return true;
		cond_resched();
	}
	return false;
}

/*
 * The same for region memory: with an extended linear cache in front, a
 * line is also reached at its alias one cache size lower, in the cache.
 */
static bool cpc_region_online(const struct cpc_geometry *g, u64 hpa, u64 len)
{
	u64 cache = g->f.cache_size;

	return cpc_hpa_online(hpa, len) ||
	       (cache && hpa - g->f.resource >= cache && cpc_hpa_online(hpa - cache, len));
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
	u64 len;
	bool online;
	u64 seen;
};

/*
 * Is a memdev's DPA in region @g, and if so is it online? A region that
 * cannot be translated answers for its whole range (somewhere in it),
 * once per write. Runs under the tracker lock: the memory hotplug state it
 * reads takes no lock of ours.
 */
static bool cpc_dpa_lookup_fn(const struct cpc_geometry *g, void *arg)
{
	struct cpc_dpa_lookup *l = arg;
	const struct cpc_target *t;
	unsigned int pos;

	for (pos = 0; pos < g->f.ways; pos++) {
		t = &g->targets[pos];
		if (strcmp(t->memdev, l->memdev) || l->dpa < t->dpa_base ||
		    l->dpa - t->dpa_base >= t->dpa_size)
			continue;
		l->hpa = g->f.resource;
		l->len = g->f.size;
		if (!g->verdict) {
			l->hpa += cpc_decode_offset(&g->decode, pos, l->dpa - t->dpa_base);
			l->len = CPC_LINE_SIZE;
		} else if (l->seen == l->hpa) {
			return true;
		}
		l->seen = l->len > CPC_LINE_SIZE ? l->hpa : U64_MAX;
		l->online = cpc_region_online(g, l->hpa, l->len);
		return true;
	}
	return false;
}

/*
 * Refuse a DPA range any line of which may be online System RAM, or in a
 * region whose geometry the module does not have (it cannot tell).
 */
static int cpc_memdev_check_online(struct device *memdev, u64 dpa, u64 len)
{
	struct cpc_dpa_lookup l = { .memdev = dev_name(memdev), .seen = U64_MAX };
	char unknown[CPC_NAME_LEN];
	u64 off;
	int rc;

	if (cpc_allow_online)
		return 0;
	for (off = 0; off < len; off += CPC_LINE_SIZE) {
		l.dpa = dpa + off;
		l.online = false;
		rc = cpc_tracker_each_geometry(cpc_dpa_lookup_fn, &l, unknown, sizeof(unknown));
		if (rc < 0)
			return cpc_refuse(memdev, rc,
					  "dpa %#llx: %s's geometry is not read (yet), so whether the line is online System RAM is not known; retry, or load with allow_online=1",
					  l.dpa, unknown);
		if (l.online)
			return cpc_refuse_online(memdev, l.hpa);
	}
	return 0;
}

/**
 * DOC: the range engine
 *
 * A region offset range and a memdev DPA range are one kind of operation:
 * lines, each at an interleave position with a DPA on that position's
 * memdev. A memdev range is a region range with one position and no
 * region. The engine takes one position at a time, under its memdev's
 * lock (and then, for a region, the region's), acts on its lines, undoes
 * the injects of a failed position there and then, and records in the
 * ledger what the device now holds before the memdev lock is dropped.
 * When an inject fails, the positions done before are rolled back too; a
 * line that cannot be cleared again stays in the ledger and the write
 * fails with -ENOTRECOVERABLE.
 */

/**
 * enum cpc_line_state - what the device did with a line (a line only moves
 * down this list)
 * @CPC_LINE_TODO: nothing (yet)
 * @CPC_LINE_DONE: injected or cleared as asked
 * @CPC_LINE_UNDONE: injected, then cleared again by a rollback
 */
enum cpc_line_state {
	CPC_LINE_TODO,
	CPC_LINE_DONE,
	CPC_LINE_UNDONE,
};

/**
 * struct cpc_line - one line of a range operation
 * @dpa: where it lands on its memdev
 * @pos: its interleave position (0 for a memdev range)
 * @state: what the device did with it
 */
struct cpc_line {
	u64 dpa;
	unsigned int pos;
	enum cpc_line_state state;
};

/**
 * struct cpc_op - one range operation, on a region or on a memdev
 * @dev: the device written to, for log lines
 * @e: region: its entry; NULL for a memdev range
 * @g: region: the geometry everything is translated with (a reference)
 * @offset: region: offset of the first line
 * @dpa: memdev: DPA of the first line
 * @targets: per position, the memdev and what it offers: @g's targets, or
 *           @memdev for a memdev range
 * @ways: positions in @targets
 * @line: per line, where it lands and what was done
 * @lines: number of lines
 * @inject: inject or clear
 * @one: @line of a single-line operation, which allocates nothing
 * @memdev: memdev: the one target, what it offers read under its lock
 */
struct cpc_op {
	struct device *dev;
	struct cpc_entry *e;
	struct cpc_geometry *g;
	u64 offset;
	u64 dpa;
	const struct cpc_target *targets;
	unsigned int ways;
	struct cpc_line *line;
	unsigned int lines;
	bool inject;
	struct cpc_line one;
	struct cpc_target memdev;
};

/*
 * Is the translation still good? The entry alive, the region bound and its
 * geometry the one we hold (all checked under the region's lock) mean its
 * interleave, size and resource are as read; the one thing that can change
 * meanwhile is a position emptied by its decoder's detach.
 * Context: memdev and region device locks held.
 */
static int cpc_op_unchanged(struct cpc_op *op, unsigned int pos)
{
	struct device *region = op->e->dev;
	const struct cpc_target *t = &op->g->targets[pos];
	int rc;

	if (cpc_entry_dead(op->e))
		return cpc_refuse(region, -ENODEV, "region is going away");
	rc = cpc_region_bound(region);
	if (rc)
		return rc;
	/* @geom is set and cleared under the region lock, held here. */
	if (rcu_access_pointer(op->e->geom) != op->g ||
	    !cpc_region_target_is(region, t, op->e->page)) {
		cpc_entry_geometry_drop(op->e, op->g);
		return cpc_refuse(region, -EAGAIN, "position %u (%s) changed during the operation",
				  pos, t->decoder);
	}
	return 0;
}

/*
 * A memdev range, under the memdev's lock: served and enabling the
 * commands (what it offers is read now), inside its capacity, not online
 * System RAM.
 */
static int cpc_memdev_check_locked(struct cpc_op *op, struct device *memdev)
{
	struct cpc_memdev_info info = {};
	u64 len = (u64)op->lines * CPC_LINE_SIZE;
	bool served;
	int rc;

	served = !cpc_tracker_memdev_info(memdev, &info);
	op->memdev.poison_cmds = info.poison_cmds;
	op->memdev.serial = info.serial;
	rc = cpc_memdev_ready(memdev, served, info.poison_cmds);
	if (!rc && (op->dpa >= info.dpa_size || len > info.dpa_size - op->dpa))
		rc = cpc_refuse(memdev, -ERANGE,
				"dpa range %#llx+%#llx is beyond the device's %#llx bytes",
				op->dpa, len, info.dpa_size);
	if (!rc)
		rc = cpc_memdev_check_online(memdev, op->dpa, len);
	return rc;
}

/*
 * Before the lines of position @pos: a region's translation still good,
 * and the memdev still ready. The memdev has stayed bound since the
 * geometry was read: its unbind detaches its decoder, which unbinds the
 * region and kills our entry.
 * Context: @memdev's lock held, and the region's for a region.
 */
static int cpc_op_check_locked(struct cpc_op *op, unsigned int pos, struct device *memdev)
{
	int rc;

	if (!op->e)
		return cpc_memdev_check_locked(op, memdev);
	rc = cpc_op_unchanged(op, pos);
	if (!rc)
		rc = cpc_memdev_ready(memdev, true, op->targets[pos].poison_cmds);
	return rc;
}

/*
 * Clear Poison for a rollback, from a worker: the CXL core takes its locks
 * interruptibly, and a rollback must not fail because the writer has a
 * signal pending (the usual reason the forward path stopped: -EINTR).
 */
struct cpc_undo_work {
	struct work_struct work;
	struct device *memdev;
	u64 dpa;
	int rc;
};

static void cpc_undo_workfn(struct work_struct *work)
{
	struct cpc_undo_work *u = container_of(work, struct cpc_undo_work, work);

	u->rc = cpc_call(u->memdev, u->dpa, false);
}

/* Context: @memdev's device lock held (the worker takes none of ours). */
static int cpc_undo_call(struct device *memdev, u64 dpa)
{
	struct cpc_undo_work u = { .memdev = memdev, .dpa = dpa };

	device_lock_assert(memdev);
	INIT_WORK_ONSTACK(&u.work, cpc_undo_workfn);
	queue_work(system_unbound_wq, &u.work);
	flush_work(&u.work);
	destroy_work_on_stack(&u.work);
	return u.rc;
}

/*
 * Clear again the lines injected at position @pos; first the same
 * readiness check as the forward path. Lines that stay keep
 * CPC_LINE_DONE; cleared ones become CPC_LINE_UNDONE, which the ledger
 * takes out (cleared is cleared, whoever had injected it).
 * Context: its memdev lock held.
 */
static void cpc_op_undo_locked(struct cpc_op *op, struct device *memdev, unsigned int pos)
{
	const struct cpc_target *t = &op->targets[pos];
	struct cpc_memdev_info info;
	struct cpc_line *l;

	for (l = op->line; l < op->line + op->lines; l++)
		if (l->state == CPC_LINE_DONE && l->pos == pos)
			break;
	if (l == op->line + op->lines ||
	    cpc_memdev_ready(memdev, !cpc_tracker_memdev_info(memdev, &info),
			     t->poison_cmds))
		return;
	for (; l < op->line + op->lines; l++)
		if (l->state == CPC_LINE_DONE && l->pos == pos && !cpc_undo_call(memdev, l->dpa))
			l->state = CPC_LINE_UNDONE;
}

/*
 * The ledger learns what the device now holds, here only: @n lines from
 * @l, contiguous in DPA (and region offset), at one position, all in one
 * state.
 */
static void cpc_op_record_run(const struct cpc_op *op, const struct cpc_target *t,
			      const struct cpc_line *l, unsigned int n)
{
	struct cpc_ledger_range r = {
		.serial = t->serial, .dpa = l->dpa, .len = (u64)n * CPC_LINE_SIZE,
	};

	strscpy(r.memdev, t->memdev, sizeof(r.memdev));
	if (!op->inject || l->state == CPC_LINE_UNDONE) {
		cpc_ledger_remove(r.serial, r.memdev, r.dpa, r.len);
		return;
	}
	if (op->e) {
		r.mapped = true;
		strscpy(r.region, op->g->region, sizeof(r.region));
		r.offset = op->offset + (u64)(l - op->line) * CPC_LINE_SIZE;
		r.hpa = op->g->f.resource + r.offset;
	}
	cpc_ledger_add(&r);
}

/*
 * Record what position @pos's device now holds: its lines in state @from
 * on (CPC_LINE_DONE: all it acted on; CPC_LINE_UNDONE: what a later
 * rollback changed). Under that memdev's lock, as every write to it, so
 * the ledger sees a line's operations in the order the device did.
 */
static void cpc_op_record_locked(const struct cpc_op *op, unsigned int pos,
				 enum cpc_line_state from)
{
	const struct cpc_line *l, *next, *end = op->line + op->lines;

	for (l = op->line; l < end; l = next) {
		for (next = l + 1; next < end && next->pos == l->pos &&
		     next->state == l->state && next->dpa == next[-1].dpa + CPC_LINE_SIZE; next++)
			;
		if (l->pos == pos && l->state >= from)
			cpc_op_record_run(op, &op->targets[pos], l, next - l);
	}
}

/* The lines at position @pos, under the locks, re-checked before and after. */
static int cpc_op_pos_locked(struct cpc_op *op, unsigned int pos, struct device *memdev)
{
	struct cpc_line *l;
	int rc;

	rc = cpc_op_check_locked(op, pos, memdev);
	for (l = op->line; l < op->line + op->lines && !rc; l++) {
		if (l->pos != pos)
			continue;
		rc = cpc_call(memdev, l->dpa, op->inject);
		if (!rc)
			l->state = CPC_LINE_DONE;
	}
	/* Look again: a detach needs neither of our locks. */
	if (!rc && op->e && cpc_op_unchanged(op, pos))
		rc = -EAGAIN;
	return rc;
}

/*
 * Act on every line at position @pos, holding that memdev's lock and then
 * the region's (the kernel's order). On failure the injects made here are
 * undone before the memdev lock is dropped: they may have hit a line that
 * is no longer this offset. A clear is not redone: clearing a line that
 * held no poison is harmless, poisoning one is not.
 */
static int cpc_op_pos(struct cpc_op *op, unsigned int pos)
{
	struct device *memdev = op->targets[pos].memdev_dev;
	int rc = -EINTR;

	scoped_cond_guard(device_intr, return -EINTR, memdev) {
		if (!op->e)
			rc = cpc_op_pos_locked(op, pos, memdev);
		else
			scoped_cond_guard(device_intr, break, op->e->dev)
				rc = cpc_op_pos_locked(op, pos, memdev);
		if (rc && op->inject)
			cpc_op_undo_locked(op, memdev, pos);
		cpc_op_record_locked(op, pos, CPC_LINE_DONE);
	}
	return rc;
}

/* Roll back position @pos of a failed inject, under its memdev's lock. */
static void cpc_op_undo(struct cpc_op *op, unsigned int pos)
{
	struct device *memdev = op->targets[pos].memdev_dev;

	/* Uninterruptible: a rollback left half-done would leave poison behind. */
	guard(device)(memdev);
	cpc_op_undo_locked(op, memdev, pos);
	/* Its DONE lines are in the ledger since its turn: only the undone change. */
	cpc_op_record_locked(op, pos, CPC_LINE_UNDONE);
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

/*
 * A failed inject after its rollback: @rc if nothing was left behind,
 * else -ENOTRECOVERABLE and one error line, never rate-limited, naming
 * what stays (the ledger lists it: it is on the device).
 */
static int cpc_op_left(const struct cpc_op *op, int rc)
{
	const struct cpc_line *l, *first = NULL;
	unsigned int n = 0, acted = 0;

	for (l = op->line; l < op->line + op->lines; l++) {
		acted += l->state != CPC_LINE_TODO;
		if (l->state == CPC_LINE_DONE && !n++)
			first = l;
	}
	if (!n)
		return rc;
	if (!op->e)
		return cpc_left_behind(op->dev,
				       "inject at dpa %#llx failed after %#llx bytes (%pe) and %#llx bytes at dpa %#llx could not be rolled back; they stay poisoned and listed in injected",
				       op->dpa, (u64)acted * CPC_LINE_SIZE, ERR_PTR(rc),
				       (u64)n * CPC_LINE_SIZE, first->dpa);
	return cpc_left_behind(op->dev,
			       "inject of %u lines at offset %#llx failed (%pe) and %u could not be rolled back; they stay poisoned and listed in injected, the first at %s dpa %#llx",
			       op->lines, op->offset, ERR_PTR(rc), n,
			       op->targets[first->pos].memdev, first->dpa);
}

/* Every position of @op in turn; a failed inject rolls back the others. */
static int cpc_op_run(struct cpc_op *op)
{
	unsigned int pos, failed_pos = 0;
	int rc = 0;

	for (pos = 0; pos < op->ways && !rc; pos++) {
		if (!cpc_op_has_pos(op, pos))
			continue;
		rc = cpc_op_pos(op, pos);
		failed_pos = pos;
	}
	if (!rc || !op->inject)
		return rc;
	for (pos = 0; pos < failed_pos; pos++)
		if (cpc_op_has_pos(op, pos))
			cpc_op_undo(op, pos);
	return cpc_op_left(op, rc);
}

/*
 * A region range: checked once, every line translated, online System RAM
 * refused; touches no device.
 */
static int cpc_region_prepare(struct cpc_op *op)
{
	struct device *region = op->dev;
	u64 len = (u64)op->lines * CPC_LINE_SIZE, hpa = op->g->f.resource + op->offset;
	struct cpc_line *l;
	u64 offset;
	int rc;

	rc = cpc_region_check(region, op->g, op->offset, len);
	if (rc)
		return rc;
	for (l = op->line, offset = op->offset; l < op->line + op->lines;
	     l++, offset += CPC_LINE_SIZE) {
		rc = cpc_locate(region, op->g, offset, &l->pos, &l->dpa);
		if (rc)
			return rc;
	}
	if (!cpc_allow_online && cpc_region_online(op->g, hpa, len))
		return cpc_refuse_online(region, hpa);
	return 0;
}

/* Lay out @len bytes of lines, translate them, and run @op. */
static int cpc_op_exec(struct cpc_op *op, u64 len)
{
	struct cpc_line *l;
	int rc = 0;

	op->lines = len / CPC_LINE_SIZE;
	op->line = &op->one;
	if (op->lines > 1) {
		op->line = kvcalloc(op->lines, sizeof(*op->line), GFP_KERNEL);
		if (!op->line)
			return cpc_refuse(op->dev, -ENOMEM, "no memory for %u lines", op->lines);
	}
	if (op->e)
		rc = cpc_region_prepare(op);
	else
		for (l = op->line; l < op->line + op->lines; l++)
			l->dpa = op->dpa + (u64)(l - op->line) * CPC_LINE_SIZE;
	if (!rc)
		rc = cpc_op_run(op);
	if (op->line != &op->one)
		kvfree(op->line);
	return rc;
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
	struct cpc_op op = { .dev = e->dev, .e = e, .offset = offset, .inject = inject };
	int rc;

	rc = cpc_range_check(e->dev, len);
	if (rc)
		return rc;
	op.g = cpc_entry_geometry(e);
	if (IS_ERR(op.g))
		return PTR_ERR(op.g);
	op.targets = op.g->targets;
	op.ways = op.g->f.ways;
	rc = cpc_op_exec(&op, len);
	cpc_geometry_put(op.g);
	return rc;
}

/**
 * cpc_memdev_poison() - inject or clear poison over a memdev DPA range
 * @memdev: a class memdev
 * @dpa: device physical address, 64-byte aligned
 * @len: bytes, a multiple of 64, at most CPC_MAX_LINES lines
 * @inject: inject (true) or clear (false)
 *
 * All or nothing for injects, as cpc_region_poison(), of which it is the
 * one-position case: the whole range is done under the memdev's lock.
 *
 * Return: 0 or a negative errno, as cpc_region_poison().
 */
int cpc_memdev_poison(struct device *memdev, u64 dpa, u64 len, bool inject)
{
	struct cpc_op op = {
		.dev = memdev,
		.dpa = dpa,
		.targets = &op.memdev,
		.ways = 1,
		.inject = inject,
		.memdev = { .memdev_dev = memdev },
	};
	int rc;

	if (!IS_ALIGNED(dpa, CPC_LINE_SIZE))
		return cpc_refuse(memdev, -EINVAL, "dpa %#llx is not 64-byte aligned", dpa);
	rc = cpc_range_check(memdev, len);
	if (rc)
		return rc;
	strscpy(op.memdev.memdev, dev_name(memdev), sizeof(op.memdev.memdev));
	return cpc_op_exec(&op, len);
}

/* Clear one ledger range on the device it is on, if that is bound. */
static int cpc_clear_range(const struct cpc_ledger_range *r)
{
	struct device *memdev;
	int rc;

	if (r->gone)
		return cpc_refuse_all(-ENODEV,
				      "clear_all: %s (no serial) was deleted; %#llx bytes at dpa %#llx stay listed",
				      r->memdev, r->len, r->dpa);
	memdev = cpc_tracker_memdev_find(r->serial, r->memdev);
	if (IS_ERR(memdev))
		return cpc_refuse_all(PTR_ERR(memdev),
				      "clear_all: %s (serial %#llx) is %s; %#llx bytes at dpa %#llx stay",
				      r->memdev, r->serial, PTR_ERR(memdev) == -ENODEV ?
				      "not bound" : "one of several with that serial",
				      r->len, r->dpa);
	rc = cpc_memdev_poison(memdev, r->dpa, r->len, false);
	put_device(memdev);
	return rc;
}

/**
 * cpc_clear_all() - clear every range in the ledger
 *
 * Each on the device with the range's serial, whatever its name now.
 * Ranges of devices that are not bound, or gone, are skipped and stay in
 * the ledger (the poison is still in the device).
 *
 * Return: 0 if everything was cleared, else the first error.
 */
int cpc_clear_all(void)
{
	struct cpc_ledger_range *r;
	LIST_HEAD(list);
	int rc, first = 0;

	rc = cpc_ledger_snapshot(&list);
	if (rc)
		return cpc_refuse_all(rc, "clear_all: no memory to copy the ledger");
	list_for_each_entry(r, &list, node) {
		rc = cpc_clear_range(r);
		if (rc && !first)
			first = rc;
	}
	cpc_ledger_free(&list);
	return first;
}
