/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A region's geometry, read through its public sysfs attributes into a
 * plain struct, and the decision how it decodes.
 */
#ifndef CPC_GEOMETRY_H
#define CPC_GEOMETRY_H

#include <linux/kref.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "decide.h"

struct device;
struct device_attribute;
struct seq_file;

#define CPC_NAME_LEN 32

/**
 * struct cpc_target - one interleave position of a region
 * @decoder: endpoint decoder name ("decoderA.B")
 * @memdev: memdev behind the decoder's endpoint ("memX")
 * @dpa_base: decoder dpa_resource
 * @dpa_size: decoder dpa_size
 * @memdev_dev: the memdev device, referenced while the geometry lives
 * @attr: the region's "targetN" attribute for this position, to re-read it
 *        without a search (static in the CXL core, which we depend on)
 * @poison_cmds: the memdev enables Inject and Clear Poison (as the
 *               tracker, which knows the memdevs, says)
 * @serial: the memdev's serial, what the ledger knows it by (likewise)
 */
struct cpc_target {
	char decoder[CPC_NAME_LEN];
	char memdev[CPC_NAME_LEN];
	u64 dpa_base;
	u64 dpa_size;
	struct device *memdev_dev;
	struct device_attribute *attr;
	bool poison_cmds;
	u64 serial;
};

/* Where the window of a region's root decoder is described. */
enum cpc_window_src {
	CPC_WINDOW_NONE,
	CPC_WINDOW_CEDT,
	CPC_WINDOW_DECLARED,	/* module parameter modulo_windows */
};

/**
 * struct cpc_geometry - snapshot of a committed region
 * @kref: operations hold a reference instead of a copy; never changed
 *        after it is read, a changed region gets a new one
 * @rcu: freed after an RCU grace period, for lockless lookups
 * @region: region name
 * @mode: "ram" or "pmem"
 * @f: the sysfs values the decision is made from (resource, size, cache,
 *     interleave, root decoder, endpoint decoders)
 * @core_region_files: this kernel's CXL core offers region poison files
 *                     (known where regions have a "locked" attribute, v7.1)
 * @window: where its root decoder's window is described, if anywhere
 * @verdict: 0 if offsets translate exactly, else -EOPNOTSUPP
 * @reason: why not, when @verdict is set
 * @decode: how offsets translate, when @verdict is 0
 * @targets: per position, @f.ways of them
 */
struct cpc_geometry {
	struct kref kref;
	struct rcu_head rcu;
	char region[CPC_NAME_LEN];
	char mode[CPC_NAME_LEN];
	struct cpc_region_facts f;
	bool core_region_files;
	enum cpc_window_src window;
	int verdict;
	char reason[CPC_REASON_LEN];
	struct cpc_decode decode;
	struct cpc_target targets[CPC_MAX_WAYS];
};

struct cpc_memdev_info;
typedef int (*cpc_memdev_info_fn)(struct device *memdev, struct cpc_memdev_info *info);
struct cpc_geometry *cpc_geometry_read(struct device *region, char *page,
				       cpc_memdev_info_fn memdev_info);
bool cpc_intree_poison_files(struct device *dev);
bool cpc_dev_bound(struct device *dev);
int cpc_region_bound(struct device *region);
struct cpc_geometry *cpc_geometry_get(struct cpc_geometry *g);
bool cpc_geometry_tryget(struct cpc_geometry *g);
void cpc_geometry_put(struct cpc_geometry *g);
int cpc_memdev_dpa_size(struct device *memdev, u64 *size);
int cpc_memdev_serial(struct device *memdev, u64 *serial);
bool cpc_region_target_is(struct device *region, const struct cpc_target *t, char *page);
void cpc_geometry_print(struct seq_file *m, const struct cpc_geometry *g);

#endif /* CPC_GEOMETRY_H */
