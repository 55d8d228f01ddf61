/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_poison_ctl internal interfaces, shared between the parts.
 *
 * A write goes one way, down: debugfs (parse) -> poison (the range
 * engine) -> the entry's geometry (read whole by geometry.c when the
 * region binds, again only if that read failed or a position changed)
 * -> interleave math -> CXL exports under the device locks -> ledger.
 * No part calls one above it: the tracker tells the ops main.c gives it
 * that an entry came or went, and geometry.c asks for what a memdev offers
 * through the function it is handed. docs/architecture.md draws it.
 */
#ifndef CPC_H
#define CPC_H

#include <linux/compiler.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct dentry;
struct cpc_geometry;

#define CPC_NAME "cxl_poison_ctl"

enum cpc_kind {
	CPC_MEMDEV,
	CPC_REGION,
};

/**
 * struct cpc_memdev_info - what a served memdev offers
 * @poison_cmds: the device enables Inject and Clear Poison
 * @dpa_size: its DPA capacity (ram + pmem)
 * @serial: its serial number (PCIe Device Serial Number; 0: none), what
 *          the ledger knows the device by
 */
struct cpc_memdev_info {
	bool poison_cmds;
	u64 dpa_size;
	u64 serial;
};

/**
 * struct cpc_entry - a memdev or region we serve through debugfs
 * @node: link in the tracker's list while alive
 * @dev: the device, referenced for the entry's lifetime
 * @kind: memdev or region
 * @dead: set (under the tracker lock) once the device unbinds or goes
 *        away; handlers refuse with -ENODEV from then on
 * @dir: this device's debugfs directory (made and removed by debugfs.c)
 * @added: the tracker's ops have been told of this entry
 * @create_work: reads the entry, then tells the tracker's ops it is
 *               served, on the tracker's ordered workqueue
 * @destroy_work: tells the ops it is gone and frees it, on the same queue
 * @geom_lock: serializes changes of @geom; never held across a device lock
 * @geom: region: the geometry, read once the region is bound; NULL until
 *        then or once an operation found it changed. Set and cleared only
 *        under both the region's device lock and @geom_lock, so either
 *        lock is enough to read it; operations take their reference under
 *        rcu_read_lock() alone.
 * @page: region: scratch page for attribute reads, used only under the
 *        region's device lock (which serializes every operation on it)
 * @ready: memdev: @info is read; set once, under the tracker lock, which
 *         every reader of @info holds: until then the memdev is not served
 * @info: memdev: what it offers, read once while bound
 *
 * A region entry's geometry does not change while the entry is alive and
 * the region bound: interleave, size and resource are fixed once
 * committed, and a region unbind kills the entry (a rebind makes a new
 * one). The one change possible meanwhile is a position emptied by its
 * decoder's detach, which operations check for under the locks.
 *
 * Entries are created on BOUND_DRIVER and killed on UNBIND_DRIVER or
 * DEL_DEVICE. Notifier callbacks may run under the device lock of this or
 * another device, and debugfs removal waits for in-flight handlers, which
 * may themselves wait for a device lock: so notifiers only mark an entry
 * dead and queue its teardown, never remove files or wait.
 */
struct cpc_entry {
	struct list_head node;
	struct device *dev;
	enum cpc_kind kind;
	bool dead;
	struct dentry *dir;
	bool added;
	struct work_struct create_work;
	struct work_struct destroy_work;
	struct mutex geom_lock;	/* see @geom_lock above */
	struct cpc_geometry __rcu *geom;
	char *page;
	bool ready;
	struct cpc_memdev_info info;
};

/*
 * Every refusal logs one line saying why, with the errno it returns
 * (refuse.c); a device that did not carry out a command is reported the
 * same way. Poison that could not be undone gets an error line that is
 * never rate-limited, and -ENOTRECOVERABLE.
 */
__printf(3, 4) int cpc_refuse(const struct device *dev, int err, const char *fmt, ...);
__printf(2, 3) int cpc_left_behind(const struct device *dev, const char *fmt, ...);
/* The same, for a refusal that concerns no one device (clear_all). */
#define cpc_refuse_all(err, fmt, ...) cpc_refuse(NULL, err, fmt, ##__VA_ARGS__)
/* The same line, for a device that did not do what it was asked. */
#define cpc_dev_failed(dev, err, fmt, ...) cpc_refuse(dev, err, fmt, ##__VA_ARGS__)

static inline bool cpc_entry_dead(const struct cpc_entry *e)
{
	return READ_ONCE(e->dead);
}

/* main.c */
extern bool cpc_allow_online;

/**
 * struct cpc_tracker_ops - whom the tracker tells that an entry came or went
 * @added: an entry is served: make what it offers (its files)
 * @removed: an entry is dead: take away what @added made, waiting for
 *           whoever still uses it
 *
 * Both run on the tracker's ordered workqueue, @added once per entry and
 * before @removed, never under a device lock. Wired in main.c.
 */
struct cpc_tracker_ops {
	void (*added)(struct cpc_entry *e);
	void (*removed)(struct cpc_entry *e);
};

/* tracker.c */
int cpc_tracker_init(const struct cpc_tracker_ops *ops);
void cpc_tracker_exit(void);
void cpc_tracker_flush(void);
void cpc_track(struct device *dev, enum cpc_kind kind);
void cpc_untrack(struct device *dev);
bool cpc_kind_of(struct device *dev, enum cpc_kind *kind);
int cpc_tracker_memdev_info(struct device *memdev, struct cpc_memdev_info *info);
struct device *cpc_tracker_memdev_find(u64 serial, const char *name);
bool cpc_tracker_memdev_name(u64 serial, char *name, size_t len);
struct cpc_geometry *cpc_entry_geometry(struct cpc_entry *e);
void cpc_entry_geometry_drop(struct cpc_entry *e, struct cpc_geometry *g);
typedef bool (*cpc_geometry_fn)(const struct cpc_geometry *g, void *arg);
int cpc_tracker_each_geometry(cpc_geometry_fn fn, void *arg, char *unknown, size_t len);

/* cedt.c */
struct cpc_window;
struct cpc_region_facts;
int cpc_parse_windows(char *spec, struct cpc_window *w, unsigned int max,
		      unsigned int *nr, char *reason, size_t len);
int cpc_windows_init(const char *modulo_windows);
const struct cpc_window *cpc_window_for(const struct cpc_region_facts *f,
					struct cpc_window *buf);

/* debugfs.c */
int cpc_debugfs_init(void);
void cpc_debugfs_exit(void);
void cpc_debugfs_add(struct cpc_entry *e);
void cpc_debugfs_remove(struct cpc_entry *e);

#endif /* CPC_H */
