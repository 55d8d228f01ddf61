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
#define dev_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/kernfs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
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

/* Endpoint decoder @dec at position @pos of @g: its DPA range and memdev. */
static int cpc_read_decoder(struct device *dec, struct cpc_geometry *g, unsigned int pos,
			    char *page)
{
	struct cpc_target *t = &g->targets[pos];
	int rc;

	rc = cpc_attr_u64(dec, "dpa_resource", page, &t->dpa_base);
	if (!rc)
		rc = cpc_attr_u64(dec, "dpa_size", page, &t->dpa_size);
	if (!rc)
		rc = cpc_attr_uint(dec, "interleave_ways", page, &g->f.ep_ways[pos]);
	if (!rc)
		rc = cpc_attr_uint(dec, "interleave_granularity", page, &g->f.ep_gran[pos]);
	if (!rc)
		rc = cpc_decoder_memdev(dec, page, t->memdev, sizeof(t->memdev));
	if (rc)
		return rc;
	t->memdev_dev = bus_find_device_by_name(&cxl_bus_type, NULL, t->memdev);
	if (!t->memdev_dev || !is_cxl_memdev(t->memdev_dev))
		return -ENODEV;
	return 0;
}

static int cpc_read_target(struct device *region, struct cpc_geometry *g,
			   unsigned int pos, char *page)
{
	struct cpc_target *t = &g->targets[pos];
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
	rc = dec && is_endpoint_decoder(dec) ? cpc_read_decoder(dec, g, pos, page) : -ENODEV;
	put_device(dec);
	if (rc)
		cpc_dev_failed(region, rc, "position %u (%s): cannot read the target",
			       pos, t->decoder);
	return rc;
}

/* The root decoder's target_list: host bridge UIDs, "a,b,c". */
static int cpc_root_targets(struct device *root, char *page, struct cpc_region_facts *f)
{
	char *p, *tok;
	int rc;

	rc = cpc_attr_read(root, NULL, "target_list", page);
	if (rc)
		return rc;
	f->nr_root_targets = 0;
	for (p = page; (tok = strsep(&p, ",")) && *tok;) {
		if (f->nr_root_targets == CPC_MAX_WAYS)
			return -E2BIG;
		rc = kstrtou32(tok, 0, &f->root_targets[f->nr_root_targets++]);
		if (rc)
			return rc;
	}
	return 0;
}

/* The root decoder (a region's parent): the window the region lives in. */
static int cpc_root_read(struct device *root, char *page, struct cpc_region_facts *f)
{
	int rc;

	rc = cpc_attr_u64(root, "start", page, &f->root_start);
	if (!rc)
		rc = cpc_attr_u64(root, "size", page, &f->root_size);
	if (!rc)
		rc = cpc_attr_uint(root, "interleave_ways", page, &f->root_ways);
	if (!rc)
		rc = cpc_attr_uint(root, "interleave_granularity", page, &f->root_gran);
	if (!rc)
		rc = cpc_root_targets(root, page, f);
	return rc;
}

/*
 * @g: zeroed but for its kref.
 * Context: region device lock held, region registered and bound.
 */
static int cpc_region_read(struct device *region, struct cpc_geometry *g, char *page)
{
	struct cpc_region_facts *f = &g->f;
	unsigned int i;
	int rc;

	strscpy(g->region, dev_name(region), sizeof(g->region));
	rc = cpc_attr_str(region, "mode", page, g->mode, sizeof(g->mode));
	if (!rc)
		rc = cpc_attr_u64(region, "resource", page, &f->resource);
	if (!rc)
		rc = cpc_attr_u64(region, "size", page, &f->size);
	if (!rc)
		rc = cpc_attr_uint(region, "interleave_ways", page, &f->ways);
	if (!rc)
		rc = cpc_attr_uint(region, "interleave_granularity", page, &f->gran);
	if (!rc)
		rc = cpc_root_read(region->parent, page, f);
	if (rc)
		return rc;
	/* v6.19+; absent (no cache) before. */
	rc = cpc_attr_u64(region, "extended_linear_cache_size", page, &f->cache_size);
	if (rc && rc != -ENOENT)
		return rc;
	g->core_region_files = cpc_attr_find(region, NULL, "locked");

	if (f->resource == U64_MAX || !f->size)
		return cpc_refuse(region, -ENXIO, "region has no HPA resource");
	/* Bounds the targets; whether it is a CXL interleave is decide.c's. */
	if (f->ways > CPC_MAX_WAYS)
		return cpc_refuse(region, -EOPNOTSUPP, "unexpected interleave %u ways x %u bytes",
				  f->ways, f->gran);
	for (i = 0; i < f->ways; i++) {
		rc = cpc_read_target(region, g, i, page);
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
 * cpc_intree_poison_files() - has the CXL core its own poison files for @dev
 * @dev: a memdev or region
 *
 * Has the CXL core made its own debugfs cxl/<dev>/{inject,clear}_poison?
 * For a memdev, mem.c creates them at probe (before BOUND_DRIVER) only
 * when the device enables both commands: the one public sign of support,
 * since the exports themselves do not check. For a region (v6.18+), the
 * core creates them at probe unless it cannot translate the region.
 *
 * Return: whether both files exist.
 */
bool cpc_intree_poison_files(struct device *dev)
{
	static const char *const files[] = { "inject_poison", "clear_poison" };
	struct dentry *cxl, *dir, *f;
	bool ok = true;
	int i;

	cxl = debugfs_lookup("cxl", NULL);
	dir = cxl ? debugfs_lookup(dev_name(dev), cxl) : NULL;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		f = dir ? debugfs_lookup(files[i], dir) : NULL;
		ok = ok && f;
		dput(f);
	}
	dput(dir);
	dput(cxl);
	return ok;
}

/*
 * Decide once how a region decodes, from its new geometry with the
 * targets' poison_cmds filled in; one log line if it cannot be translated.
 */
static void cpc_geometry_decide(struct device *region, struct cpc_geometry *g)
{
	bool intree_files = cpc_intree_poison_files(region);
	struct cpc_region_facts *f = &g->f;
	const struct cpc_window *w;
	struct cpc_window declared;
	bool all_cmds = true;
	unsigned int i;

	for (i = 0; i < f->ways; i++)
		all_cmds = all_cmds && g->targets[i].poison_cmds;
	f->core_refuses = g->core_region_files && all_cmds && !intree_files;
	w = cpc_window_for(f, &declared);
	g->window = !w ? CPC_WINDOW_NONE : w->declared ? CPC_WINDOW_DECLARED : CPC_WINDOW_CEDT;
	g->verdict = cpc_decide(f, w, &g->decode, g->reason, sizeof(g->reason));
	if (g->verdict)
		cpc_refuse(region, g->verdict, "not translatable: %s", g->reason);
}

/*
 * Fill in what each target memdev offers. A region can bind (auto-assembly
 * during the last memdev's probe) before that memdev's BOUND_DRIVER makes
 * it served: then the geometry is not usable yet, and is read again once
 * the memdev is (the tracker queues that).
 */
static int cpc_geometry_memdevs(struct device *region, struct cpc_geometry *g,
				cpc_memdev_info_fn memdev_info)
{
	struct cpc_memdev_info info;
	struct cpc_target *t;

	for (t = g->targets; t < g->targets + g->f.ways; t++) {
		if (memdev_info(t->memdev_dev, &info))
			return cpc_refuse(region, -ENODEV, "%s is not bound to cxl_mem (yet)",
					  t->memdev);
		t->poison_cmds = info.poison_cmds;
		t->serial = info.serial;
	}
	return 0;
}

/*
 * A read that failed other than in the ways its callers document (an
 * attribute missing or not in the form this module knows: a kernel whose
 * CXL attributes differ): the geometry cannot be known, so the region is
 * refused as not translatable, with the read's own error in the line.
 */
static int cpc_geometry_unreadable(struct device *region, int rc)
{
	switch (rc) {
	case -ENODEV:
	case -ENXIO:
	case -EOPNOTSUPP:
	case -ENOMEM:
	case -EINTR:
		return rc;
	}
	return cpc_refuse(region, -EOPNOTSUPP,
			  "cannot read its geometry from sysfs (%pe): not translatable",
			  ERR_PTR(rc));
}

/**
 * cpc_geometry_read() - read and decide a bound region's geometry, whole
 * @region: a region device, its device lock held by the caller
 * @page: scratch, a full page
 * @memdev_info: what a served memdev offers (cpc_tracker_memdev_info())
 *
 * The one place a geometry is assembled: its sysfs values, what each
 * target memdev offers, whether the core has its own region poison files,
 * and the decision how it decodes. Complete when returned; never changed
 * after.
 *
 * Return: a new geometry (put it with cpc_geometry_put()), or
 * ERR_PTR(-ENODEV) if the region is unbound or going away or a memdev not
 * served (yet), -ENXIO if it has no resource or an empty position,
 * -EOPNOTSUPP for more ways than this module handles or an attribute it
 * cannot read as it expects, or -ENOMEM.
 */
struct cpc_geometry *cpc_geometry_read(struct device *region, char *page,
				       cpc_memdev_info_fn memdev_info)
{
	struct cpc_geometry *g;
	int rc;

	rc = cpc_region_bound(region);
	if (rc)
		return ERR_PTR(rc);
	g = kzalloc_obj(*g, GFP_KERNEL);
	if (!g)
		return ERR_PTR(cpc_refuse(region, -ENOMEM, "no memory to read the geometry"));
	kref_init(&g->kref);
	rc = cpc_region_read(region, g, page);
	if (!rc)
		rc = cpc_geometry_memdevs(region, g, memdev_info);
	if (rc) {
		cpc_geometry_put(g);
		return ERR_PTR(cpc_geometry_unreadable(region, rc));
	}
	cpc_geometry_decide(region, g);
	return g;
}

/**
 * cpc_dev_bound() - is @dev registered and bound to its driver
 * @dev: any device, its device lock held by the caller (so no probe,
 *       unbind or removal of it is under way)
 *
 * Return: whether it is.
 */
bool cpc_dev_bound(struct device *dev)
{
	device_lock_assert(dev);
	return dev->driver && device_is_registered(dev);
}

/**
 * cpc_region_bound() - is @region registered and bound to cxl_region
 * @region: a region, its device lock held by the caller
 *
 * Return: 0, or -ENODEV with the reason logged.
 */
int cpc_region_bound(struct device *region)
{
	if (!cpc_dev_bound(region))
		return cpc_refuse(region, -ENODEV,
				  "region is not bound (decommitted or being torn down)");
	return 0;
}

/**
 * cpc_region_target_is() - does @region still hold @t at its position
 * @region: a region, its device lock held by the caller
 * @t: a target of a geometry of @region
 * @page: scratch, a full page
 *
 * While a region stays bound only a detach can change a position: the
 * decoder leaves and the slot reads empty.
 *
 * Return: whether the position still names @t's decoder.
 */
bool cpc_region_target_is(struct device *region, const struct cpc_target *t, char *page)
{
	return !cpc_attr_show(region, t->attr, page) && !strcmp(page, t->decoder);
}

/**
 * cpc_memdev_dpa_size() - a memdev's DPA capacity (ram + pmem partitions)
 * @memdev: a bound class memdev, its device lock held by the caller
 * @size: set on success
 *
 * Return: 0, or a negative errno from reading the attributes.
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
 * cpc_memdev_serial() - a memdev's serial number (its sysfs "serial")
 * @memdev: a bound class memdev, its device lock held by the caller
 * @serial: set on success; 0 for a device without one
 *
 * Return: 0, or a negative errno from reading the attribute.
 */
int cpc_memdev_serial(struct device *memdev, u64 *serial)
{
	char *page;
	int rc;

	device_lock_assert(memdev);
	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	rc = cpc_attr_u64(memdev, "serial", page, serial);
	free_page((unsigned long)page);
	return rc;
}

/* The decision, as the geometry file shows it. */
static void cpc_decode_show(struct seq_file *m, const struct cpc_geometry *g)
{
	static const char * const window[] = {
		[CPC_WINDOW_CEDT] = "cedt",
		[CPC_WINDOW_DECLARED] = "declared",
	};
	unsigned int i;

	if (g->window != CPC_WINDOW_NONE)
		seq_printf(m, "window=%s\n", window[g->window]);
	if (g->verdict) {
		seq_printf(m, "arithmetic=unknown\ntranslatable=no reason=%s\n", g->reason);
		return;
	}
	seq_printf(m, "arithmetic=%s\n", cpc_arith_name(g->decode.arith));
	if (g->decode.arith == CPC_ARITH_XOR) {
		seq_puts(m, "xormaps=");
		for (i = 0; i < g->decode.nr_maps; i++)
			seq_printf(m, "%s%#llx", i ? "," : "", g->decode.xormaps[i]);
		seq_putc(m, '\n');
	}
	seq_puts(m, "translatable=yes\n");
}

/**
 * cpc_geometry_print() - print a snapshot as key=value lines
 * @m: the seq_file
 * @g: the snapshot
 */
void cpc_geometry_print(struct seq_file *m, const struct cpc_geometry *g)
{
	const struct cpc_target *t;
	unsigned int i;

	seq_printf(m, "region=%s\nmode=%s\nresource=%#llx\nsize=%#llx\nways=%u\ngranularity=%u\n",
		   g->region, g->mode, g->f.resource, g->f.size, g->f.ways, g->f.gran);
	if (g->f.cache_size)
		seq_printf(m, "cache_size=%#llx\n", g->f.cache_size);
	for (i = 0; i < g->f.ways; i++) {
		t = &g->targets[i];
		seq_printf(m, "position=%u decoder=%s memdev=%s dpa_base=%#llx dpa_size=%#llx\n",
			   i, t->decoder, t->memdev, t->dpa_base, t->dpa_size);
	}
	cpc_decode_show(m, g);
}
