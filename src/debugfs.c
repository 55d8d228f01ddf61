// SPDX-License-Identifier: GPL-2.0
/*
 * The user-facing files under /sys/kernel/debug/cxl_poison_ctl/.
 *
 * Files are made with debugfs_create_file(), whose proxy holds an active
 * reference across every call: removal (on the tracker's workqueue) waits
 * for in-flight handlers, and later calls fail with -EIO. Handlers check
 * the entry's @dead flag before touching the device.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "compat.h"
#include "cpc.h"
#include "geometry.h"

static struct dentry *cpc_root;

static int cpc_geometry_show(struct seq_file *m, void *unused)
{
	struct cpc_entry *e = m->private;
	struct cpc_geometry *g;
	char *buf;
	int rc;

	if (cpc_entry_dead(e))
		return -ENODEV;
	g = kzalloc_obj(*g, GFP_KERNEL);
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!g || !buf) {
		rc = -ENOMEM;
		goto out;
	}
	rc = cpc_region_snapshot(e->dev, g);
	if (!rc) {
		cpc_geometry_format(g, buf, PAGE_SIZE);
		seq_puts(m, buf);
	}
out:
	kfree(buf);
	kfree(g);
	return rc;
}
DEFINE_SHOW_ATTRIBUTE(cpc_geometry);

/**
 * cpc_debugfs_add() - create an entry's directory and files
 * @e: a tracked entry
 *
 * Context: the tracker's workqueue (never a notifier).
 */
void cpc_debugfs_add(struct cpc_entry *e)
{
	e->dir = debugfs_create_dir(dev_name(e->dev), cpc_root);
	if (IS_ERR(e->dir)) {
		dev_warn(e->dev, CPC_NAME ": cannot create debugfs dir: %ld\n",
			 PTR_ERR(e->dir));
		return;
	}
	if (e->kind == CPC_REGION)
		debugfs_create_file("geometry", 0400, e->dir, e, &cpc_geometry_fops);
}

int cpc_debugfs_init(void)
{
	cpc_root = debugfs_create_dir(CPC_NAME, NULL);
	return IS_ERR(cpc_root) ? PTR_ERR(cpc_root) : 0;
}

void cpc_debugfs_exit(void)
{
	debugfs_remove(cpc_root);
}
