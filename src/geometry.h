/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A region's geometry, read through its public sysfs attributes into a
 * plain struct.
 */
#ifndef CPC_GEOMETRY_H
#define CPC_GEOMETRY_H

#include <linux/kref.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct device;
struct device_attribute;

#define CPC_MAX_WAYS 16
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
 * @poison_cmds: the memdev enables Inject and Clear Poison (filled in by
 *               the tracker, which knows the memdevs)
 */
struct cpc_target {
	char decoder[CPC_NAME_LEN];
	char memdev[CPC_NAME_LEN];
	u64 dpa_base;
	u64 dpa_size;
	struct device *memdev_dev;
	struct device_attribute *attr;
	bool poison_cmds;
};

/**
 * struct cpc_geometry - snapshot of a committed region
 * @kref: operations hold a reference instead of a copy; never changed
 *        after it is read, a changed region gets a new one
 * @rcu: freed after an RCU grace period, for lockless lookups
 * @region: region name
 * @mode: "ram" or "pmem"
 * @resource: HPA base
 * @size: HPA size
 * @cache_size: extended linear cache in front of the region (0: none)
 * @ways: interleave ways
 * @granularity: interleave granularity in bytes
 * @root_ways: the root decoder's (host bridge) interleave ways
 * @root_start: the root decoder's HPA base (its CFMWS window)
 * @targets: per position, @ways of them
 */
struct cpc_geometry {
	struct kref kref;
	struct rcu_head rcu;
	char region[CPC_NAME_LEN];
	char mode[CPC_NAME_LEN];
	u64 resource;
	u64 size;
	u64 cache_size;
	unsigned int ways;
	unsigned int granularity;
	unsigned int root_ways;
	u64 root_start;
	struct cpc_target targets[CPC_MAX_WAYS];
};

struct cpc_geometry *cpc_region_snapshot(struct device *region, char *page);
struct cpc_geometry *cpc_geometry_get(struct cpc_geometry *g);
bool cpc_geometry_tryget(struct cpc_geometry *g);
void cpc_geometry_put(struct cpc_geometry *g);
int cpc_memdev_dpa_size(struct device *memdev, u64 *size);
bool cpc_region_target_is(struct device *region, const struct cpc_target *t, char *page);
int cpc_geometry_format(const struct cpc_geometry *g, char *buf, size_t len);

#endif /* CPC_GEOMETRY_H */
