// SPDX-License-Identifier: GPL-2.0
/*
 * Region geometry through the public sysfs ABI.
 *
 * Attributes are read by calling their show() directly (the struct
 * layouts behind them are private). That bypasses kernfs active
 * protection, so a region is read only under its device lock while it is
 * registered and bound: device_del() of a region needs that lock before
 * the core frees what the attributes read. Its target decoders cannot be
 * unregistered meanwhile either: decoder teardown releases the region's
 * driver first, which also needs the region's lock.
 *
 * Decoder -> memdev goes through the endpoint port's "uport" symlink, the
 * only public link between them.
 */
#include <linux/gfp.h>
#include <linux/kernfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "compat.h"
#include "cpc.h"
#include "cxl_exports.h"
#include "geometry.h"

/*
 * Find attribute @name in @dev's type group @group (NULL: the unnamed
 * groups). The attributes are static in the CXL core, so the pointer
 * stays good while this module (which depends on the core) is loaded.
 */
static struct device_attribute *cpc_attr_find(struct device *dev, const char *group,
					      const char *name)
{
	const struct attribute_group *const *grp;
	struct attribute *const *attr;

	if (!dev->type || !dev->type->groups)
		return NULL;
	for (grp = dev->type->groups; *grp; grp++) {
		if (group ? !(*grp)->name || strcmp((*grp)->name, group) : !!(*grp)->name)
			continue;
		for (attr = (*grp)->attrs; attr && *attr; attr++)
			if (!strcmp((*attr)->name, name))
				return container_of(*attr, struct device_attribute, attr);
	}
	return NULL;
}

/* Show attribute @da of @dev into @page (a full page), trimmed. */
static int cpc_attr_show(struct device *dev, struct device_attribute *da, char *page)
{
	ssize_t len = cpc_dev_attr_show(dev, da, page);

	if (len < 0)
		return len;
	if (len >= PAGE_SIZE)
		return -EIO;
	page[len] = '\0';
	strim(page);
	return 0;
}

static int cpc_attr_read(struct device *dev, const char *group,
			 const char *name, char *page)
{
	struct device_attribute *da = cpc_attr_find(dev, group, name);

	return da ? cpc_attr_show(dev, da, page) : -ENOENT;
}

static int cpc_attr_u64(struct device *dev, const char *name, char *page, u64 *val)
{
	int rc = cpc_attr_read(dev, NULL, name, page);

	if (rc)
		return rc;
	rc = kstrtoull(skip_spaces(page), 0, val);
	if (rc)
		dev_dbg(dev, "attribute %s: cannot parse '%s'\n", name, page);
	return rc;
}

static int cpc_attr_uint(struct device *dev, const char *name, char *page,
			 unsigned int *val)
{
	u64 v;
	int rc = cpc_attr_u64(dev, name, page, &v);

	if (rc)
		return rc;
	if (v > UINT_MAX)
		return -ERANGE;
	*val = v;
	return 0;
}

static int cpc_attr_str(struct device *dev, const char *name, char *page,
			char *out, size_t len)
{
	int rc = cpc_attr_read(dev, NULL, name, page);

	if (rc)
		return rc;
	return strscpy(out, page, len) < 0 ? -E2BIG : 0;
}

/*
 * Name of the memdev behind endpoint decoder @decoder, from its endpoint
 * port's "uport" link. @page is scratch space.
 */
static int cpc_decoder_memdev(struct device *decoder, char *page, char *out,
			      size_t len)
{
	struct device *ep = decoder->parent;
	struct kernfs_node *kn;
	const char *base;
	int rc;

	if (!ep)
		return -ENODEV;
	kn = kernfs_find_and_get(ep->kobj.sd, "uport");
	if (!kn)
		return -ENODEV;
	if (kernfs_type(kn) != KERNFS_LINK) {
		kernfs_put(kn);
		return -ENODEV;
	}
	rc = kernfs_path_from_node(kn->symlink.target_kn, NULL, page, PAGE_SIZE);
	kernfs_put(kn);
	if (rc < 0)
		return rc;
	base = strrchr(page, '/');
	base = base ? base + 1 : page;
	return strscpy(out, base, len) < 0 ? -E2BIG : 0;
}

static int cpc_read_target(struct device *region, unsigned int pos, char *page,
			   struct cpc_target *t)
{
	struct device *dec;
	char attr[24];
	int rc;

	snprintf(attr, sizeof(attr), "target%u", pos);
	t->attr = cpc_attr_find(region, NULL, attr);
	if (!t->attr)
		return -ENOENT;
	rc = cpc_attr_show(region, t->attr, page);
	if (rc)
		return rc;
	if (strscpy(t->decoder, page, sizeof(t->decoder)) < 0)
		return -E2BIG;
	if (!t->decoder[0])
		return cpc_refuse(region, -ENXIO, "position %u has no decoder", pos);

	dec = bus_find_device_by_name(&cxl_bus_type, NULL, t->decoder);
	if (!dec || !is_endpoint_decoder(dec)) {
		rc = -ENODEV;
		goto out;
	}
	rc = cpc_attr_u64(dec, "dpa_resource", page, &t->dpa_base);
	if (!rc)
		rc = cpc_attr_u64(dec, "dpa_size", page, &t->dpa_size);
	if (!rc)
		rc = cpc_decoder_memdev(dec, page, t->memdev, sizeof(t->memdev));
	if (!rc) {
		t->memdev_dev = bus_find_device_by_name(&cxl_bus_type, NULL, t->memdev);
		if (!t->memdev_dev || !is_cxl_memdev(t->memdev_dev))
			rc = -ENODEV;
	}
out:
	if (rc)
		cpc_refuse(region, rc, "position %u (%s): cannot read the target",
			   pos, t->decoder);
	put_device(dec);
	return rc;
}

static bool cpc_ways_valid(unsigned int ways)
{
	switch (ways) {
	case 1: case 2: case 3: case 4: case 6: case 8: case 12: case 16:
		return true;
	}
	return false;
}

/*
 * @g: zeroed but for its kref.
 * Context: region device lock held, region registered and bound.
 */
static int cpc_region_read(struct device *region, struct cpc_geometry *g, char *page)
{
	unsigned int i;
	int rc;

	strscpy(g->region, dev_name(region), sizeof(g->region));
	rc = cpc_attr_str(region, "mode", page, g->mode, sizeof(g->mode));
	if (!rc)
		rc = cpc_attr_u64(region, "resource", page, &g->resource);
	if (!rc)
		rc = cpc_attr_u64(region, "size", page, &g->size);
	if (!rc)
		rc = cpc_attr_uint(region, "interleave_ways", page, &g->ways);
	if (!rc)
		rc = cpc_attr_uint(region, "interleave_granularity", page, &g->granularity);
	/* The parent of a region is its root decoder: host-bridge ways. */
	if (!rc)
		rc = cpc_attr_uint(region->parent, "interleave_ways", page, &g->root_ways);
	if (!rc)
		rc = cpc_attr_u64(region->parent, "start", page, &g->root_start);
	if (rc)
		return rc;
	/* v6.19+; absent (no cache) before. */
	rc = cpc_attr_u64(region, "extended_linear_cache_size", page, &g->cache_size);
	if (rc == -ENOENT)
		rc = 0;
	if (rc)
		return rc;

	if (g->resource == U64_MAX || !g->size)
		return cpc_refuse(region, -ENXIO, "region has no HPA resource");
	if (!cpc_ways_valid(g->ways) || g->granularity < 256 ||
	    g->granularity > SZ_16K || !is_power_of_2(g->granularity))
		return cpc_refuse(region, -EOPNOTSUPP, "unexpected interleave %u ways x %u bytes",
				  g->ways, g->granularity);
	for (i = 0; i < g->ways; i++) {
		rc = cpc_read_target(region, i, page, &g->targets[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static void cpc_geometry_release(struct kref *kref)
{
	struct cpc_geometry *g = container_of(kref, struct cpc_geometry, kref);
	unsigned int i;

	for (i = 0; i < CPC_MAX_WAYS; i++)
		put_device(g->targets[i].memdev_dev);
	kfree_rcu(g, rcu);
}

struct cpc_geometry *cpc_geometry_get(struct cpc_geometry *g)
{
	kref_get(&g->kref);
	return g;
}

/* A reference to @g found under rcu_read_lock(), unless it is going away. */
bool cpc_geometry_tryget(struct cpc_geometry *g)
{
	return kref_get_unless_zero(&g->kref);
}

void cpc_geometry_put(struct cpc_geometry *g)
{
	if (g)
		kref_put(&g->kref, cpc_geometry_release);
}

/**
 * cpc_region_snapshot() - read a bound region's geometry
 * @region: a region device, its device lock held by the caller
 * @page: scratch, a full page
 *
 * Return: a new geometry (put it with cpc_geometry_put()), or
 * ERR_PTR(-ENODEV) if the region is unbound or going away, -ENXIO if it
 * has no resource or an empty position, -EOPNOTSUPP for an interleave
 * this module does not know, or another read error.
 */
struct cpc_geometry *cpc_region_snapshot(struct device *region, char *page)
{
	struct cpc_geometry *g;
	int rc;

	device_lock_assert(region);
	if (!region->driver || !device_is_registered(region))
		return ERR_PTR(cpc_refuse(region, -ENODEV,
					  "region is not bound (decommitted or being torn down)"));
	g = kzalloc_obj(*g, GFP_KERNEL);
	if (!g)
		return ERR_PTR(-ENOMEM);
	kref_init(&g->kref);
	rc = cpc_region_read(region, g, page);
	if (rc) {
		cpc_geometry_put(g);
		return ERR_PTR(rc);
	}
	return g;
}

/**
 * cpc_region_target_is() - does @region still hold @t at its position
 * @region: a region, its device lock held by the caller
 * @t: a target of a geometry of @region
 * @page: scratch, a full page
 *
 * While a region stays bound only a detach can change a position: the
 * decoder leaves and the slot reads empty.
 */
bool cpc_region_target_is(struct device *region, const struct cpc_target *t, char *page)
{
	return !cpc_attr_show(region, t->attr, page) && !strcmp(page, t->decoder);
}

/**
 * cpc_memdev_dpa_size() - a memdev's DPA capacity (ram + pmem partitions)
 * @memdev: a bound class memdev, its device lock held by the caller
 * @size: set on success
 */
int cpc_memdev_dpa_size(struct device *memdev, u64 *size)
{
	static const char *const parts[] = { "ram", "pmem" };
	char *page;
	u64 v;
	int i, rc = 0;

	device_lock_assert(memdev);
	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	*size = 0;
	for (i = 0; i < ARRAY_SIZE(parts) && !rc; i++) {
		rc = cpc_attr_read(memdev, parts[i], "size", page);
		if (rc == -ENOENT) {
			rc = 0;
			continue;
		}
		if (!rc)
			rc = kstrtoull(page, 0, &v);
		if (!rc)
			*size += v;
	}
	free_page((unsigned long)page);
	return rc;
}

/**
 * cpc_geometry_format() - print a snapshot as key=value lines
 * @g: the snapshot
 * @buf: output
 * @len: size of @buf
 *
 * Return: bytes written (excluding the terminating NUL).
 */
int cpc_geometry_format(const struct cpc_geometry *g, char *buf, size_t len)
{
	const struct cpc_target *t;
	unsigned int i;
	int n;

	n = scnprintf(buf, len,
		      "region=%s\nmode=%s\nresource=%#llx\nsize=%#llx\nways=%u\ngranularity=%u\n",
		      g->region, g->mode, g->resource, g->size, g->ways,
		      g->granularity);
	for (i = 0; i < g->ways; i++) {
		t = &g->targets[i];
		n += scnprintf(buf + n, len - n,
			       "position=%u decoder=%s memdev=%s dpa_base=%#llx dpa_size=%#llx\n",
			       i, t->decoder, t->memdev, t->dpa_base, t->dpa_size);
	}
	return n;
}
