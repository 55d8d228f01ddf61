// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger: lines injected through this module and not yet cleared
 * through it, as ranges. Injects add (merging with the neighbours on
 * either side that are contiguous in DPA and in region offset), clears
 * subtract (splitting).
 * Poison lives in the device, so entries outlive a memdev's unbind and
 * are shown again when it comes back; clears through other interfaces
 * (the in-tree debugfs files, firmware) are not seen.
 */

/**
 * DOC: which device a range is on
 *
 * memX names are reused: once a memdev is deleted the next one added may
 * take its name. So a range is kept by the device's serial number (what
 * the kernel's cxl_poison trace and cxl list show), and follows the device
 * under whatever name it binds again. A device without a serial (0) can
 * only be known by its name: when it is deleted its ranges are marked
 * gone, and nothing clears them through this module any more.
 */
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "cpc.h"
#include "ledger.h"

static LIST_HEAD(cpc_ledger);
static DEFINE_MUTEX(cpc_ledger_lock);
/* Ranges that could not be recorded (allocation failure); shown as lost=. */
static unsigned long cpc_ledger_lost;

/*
 * Up to CPC_LEDGER_SPARE freed ranges are kept for reuse, so a loop of
 * injects and clears (what RAS tests do) allocates nothing: on a debug
 * kernel each kmalloc()/kfree() records a stack trace (KASAN), which cost
 * more than the rest of the operation.
 */
#define CPC_LEDGER_SPARE 32
static LIST_HEAD(cpc_ledger_spare);
static unsigned int cpc_ledger_nr_spare;

static struct cpc_ledger_range *cpc_ledger_dup(const struct cpc_ledger_range *src)
{
	struct cpc_ledger_range *r;

	lockdep_assert_held(&cpc_ledger_lock);
	r = list_first_entry_or_null(&cpc_ledger_spare, struct cpc_ledger_range, node);
	if (r) {
		list_del(&r->node);
		cpc_ledger_nr_spare--;
	} else {
		r = kmalloc_obj(*r, GFP_KERNEL);
		if (!r)
			return NULL;
	}
	*r = *src;
	return r;
}

static void cpc_ledger_drop(struct cpc_ledger_range *r)
{
	lockdep_assert_held(&cpc_ledger_lock);
	list_del(&r->node);
	if (cpc_ledger_nr_spare == CPC_LEDGER_SPARE) {
		kfree(r);
		return;
	}
	list_add(&r->node, &cpc_ledger_spare);
	cpc_ledger_nr_spare++;
}

/* Is @r on the device with @serial (and, without a serial, @memdev)? */
static bool cpc_ledger_on(const struct cpc_ledger_range *r, u64 serial, const char *memdev)
{
	return !r->gone && r->serial == serial && (serial || !strcmp(r->memdev, memdev));
}

static bool cpc_ledger_adjacent(const struct cpc_ledger_range *a,
				const struct cpc_ledger_range *b)
{
	if (!cpc_ledger_on(a, b->serial, b->memdev) || a->mapped != b->mapped ||
	    a->dpa + a->len != b->dpa)
		return false;
	return !a->mapped || (!strcmp(a->region, b->region) &&
			      a->offset + a->len == b->offset);
}

/* Drop the first @cut bytes of @r. */
static void cpc_ledger_trim_front(struct cpc_ledger_range *r, u64 cut)
{
	r->dpa += cut;
	r->len -= cut;
	r->offset += cut;
	r->hpa += cut;
}

static void cpc_ledger_remove_locked(u64 serial, const char *memdev, u64 dpa, u64 len)
{
	struct cpc_ledger_range *r, *tmp, *right;
	u64 end = dpa + len, r_end;

	lockdep_assert_held(&cpc_ledger_lock);
	list_for_each_entry_safe(r, tmp, &cpc_ledger, node) {
		r_end = r->dpa + r->len;
		if (!cpc_ledger_on(r, serial, memdev) || r_end <= dpa || r->dpa >= end)
			continue;
		if (r->dpa < dpa && r_end > end) {
			/* a hole in the middle: keep the right part separately */
			right = cpc_ledger_dup(r);
			if (right) {
				cpc_ledger_trim_front(right, end - r->dpa);
				list_add(&right->node, &r->node);
			} else {
				cpc_ledger_lost++;
			}
			r->len = dpa - r->dpa;
		} else if (r->dpa < dpa) {
			r->len = dpa - r->dpa;
		} else if (r_end > end) {
			cpc_ledger_trim_front(r, end - r->dpa);
		} else {
			cpc_ledger_drop(r);
		}
	}
}

/**
 * cpc_ledger_remove() - record that lines were cleared
 * @serial: the device's serial (0: none)
 * @memdev: its name
 * @dpa: first DPA
 * @len: bytes
 */
void cpc_ledger_remove(u64 serial, const char *memdev, u64 dpa, u64 len)
{
	guard(mutex)(&cpc_ledger_lock);
	cpc_ledger_remove_locked(serial, memdev, dpa, len);
}

/**
 * cpc_ledger_forget() - a memdev is deleted
 * @memdev: its name
 *
 * Its ranges, if it had no serial, are marked gone: the next device to
 * take the name cannot be told apart from it.
 */
void cpc_ledger_forget(const char *memdev)
{
	struct cpc_ledger_range *r;

	guard(mutex)(&cpc_ledger_lock);
	list_for_each_entry(r, &cpc_ledger, node)
		if (cpc_ledger_on(r, 0, memdev))
			r->gone = true;
}

/* The range of the same kind that @r continues, or that continues @r. */
static struct cpc_ledger_range *cpc_ledger_neighbour(const struct cpc_ledger_range *r)
{
	struct cpc_ledger_range *n;

	lockdep_assert_held(&cpc_ledger_lock);
	list_for_each_entry(n, &cpc_ledger, node)
		if (n != r && (cpc_ledger_adjacent(n, r) || cpc_ledger_adjacent(r, n)))
			return n;
	return NULL;
}

/* Make @a cover @b too, which is adjacent to it on either side. */
static void cpc_ledger_extend(struct cpc_ledger_range *a, const struct cpc_ledger_range *b)
{
	if (cpc_ledger_adjacent(b, a)) {
		a->dpa = b->dpa;
		a->offset = b->offset;
		a->hpa = b->hpa;
	}
	a->len += b->len;
}

/**
 * cpc_ledger_add() - record injected lines
 * @add: the range (copied); re-injected lines are not counted twice, and
 *       it merges with the range on either side of it
 */
void cpc_ledger_add(const struct cpc_ledger_range *add)
{
	struct cpc_ledger_range *r, *n;

	guard(mutex)(&cpc_ledger_lock);
	cpc_ledger_remove_locked(add->serial, add->memdev, add->dpa, add->len);
	r = cpc_ledger_neighbour(add);
	if (r) {
		cpc_ledger_extend(r, add);
	} else {
		r = cpc_ledger_dup(add);
		if (!r) {
			cpc_ledger_lost++;
			return;
		}
		list_add_tail(&r->node, &cpc_ledger);
	}
	/* Ranges in the ledger never touch: at most one more on the other side. */
	n = cpc_ledger_neighbour(r);
	if (n) {
		cpc_ledger_extend(r, n);
		cpc_ledger_drop(n);
	}
}

/*
 * Where @r's device is now: "bound" (under its current name, which @r
 * takes), "unbound" (it comes back under its serial), or "gone".
 * Context: ledger lock held; takes the tracker's (never the other way).
 */
static const char *cpc_ledger_state(struct cpc_ledger_range *r)
{
	if (r->gone)
		return "gone";
	return cpc_tracker_memdev_name(r->serial, r->memdev, sizeof(r->memdev)) ?
	       "bound" : "unbound";
}

/* seq_file show for the "injected" file: one range per line. */
int cpc_ledger_show(struct seq_file *m, void *unused)
{
	struct cpc_ledger_range *r;
	const char *state;

	guard(mutex)(&cpc_ledger_lock);
	list_for_each_entry(r, &cpc_ledger, node) {
		state = cpc_ledger_state(r);
		seq_printf(m, "memdev=%s dpa=%#llx length=%#llx", r->memdev,
			   r->dpa, r->len);
		if (r->mapped)
			seq_printf(m, " region=%s offset=%#llx hpa=%#llx",
				   r->region, r->offset, r->hpa);
		seq_printf(m, " serial=%#llx state=%s\n", r->serial, state);
	}
	if (cpc_ledger_lost)
		seq_printf(m, "lost=%lu\n", cpc_ledger_lost);
	return 0;
}

/**
 * cpc_ledger_snapshot() - copy the ledger, for clearing it without its lock
 * @out: an empty list; free with cpc_ledger_free()
 *
 * Return: 0, or -ENOMEM (@out is then empty).
 */
int cpc_ledger_snapshot(struct list_head *out)
{
	struct cpc_ledger_range *r, *c;

	guard(mutex)(&cpc_ledger_lock);
	list_for_each_entry(r, &cpc_ledger, node) {
		c = kmemdup(r, sizeof(*r), GFP_KERNEL);
		if (!c) {
			cpc_ledger_free(out);
			return -ENOMEM;
		}
		list_add_tail(&c->node, out);
	}
	return 0;
}

void cpc_ledger_free(struct list_head *list)
{
	struct cpc_ledger_range *r, *tmp;

	list_for_each_entry_safe(r, tmp, list, node) {
		list_del(&r->node);
		kfree(r);
	}
}

void cpc_ledger_exit(void)
{
	guard(mutex)(&cpc_ledger_lock);
	cpc_ledger_free(&cpc_ledger);
	cpc_ledger_free(&cpc_ledger_spare);
	cpc_ledger_nr_spare = 0;
}
