// SPDX-License-Identifier: GPL-2.0
/*
 * The user-facing files under /sys/kernel/debug/cxl_poison_ctl/.
 *
 * Files are made with debugfs_create_file(), whose proxy holds an active
 * reference across every call: removal (on the tracker's workqueue) waits
 * for in-flight handlers, and later calls fail with -EIO. Handlers check
 * the entry's @dead flag before touching the device. This file owns each
 * entry's directory: cpc_debugfs_add() makes it, cpc_debugfs_remove()
 * takes it away.
 */
#define dev_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "cpc.h"
#include "fault.h"
#include "geometry.h"
#include "input.h"
#include "ledger.h"
#include "poison.h"

static struct dentry *cpc_root;

static int cpc_geometry_show(struct seq_file *m, void *unused)
{
	struct cpc_entry *e = m->private;
	struct cpc_geometry *g;

	if (cpc_entry_dead(e))
		return -ENODEV;
	g = cpc_entry_geometry(e);
	if (IS_ERR(g))
		return PTR_ERR(g);
	cpc_geometry_print(m, g);
	cpc_geometry_put(g);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cpc_geometry);

static struct cpc_entry *cpc_file_entry(struct file *file)
{
	return file_inode(file)->i_private;
}

/*
 * Parse a write (see input.h); without LENGTH, *len is 64 (one line), and
 * @len NULL means LENGTH is not accepted.
 */
static int cpc_parse(struct cpc_entry *e, const char __user *ubuf, size_t count,
		     u64 *val, u64 *len)
{
	size_t n = count <= CPC_INPUT_MAX ? count : 0;
	char buf[CPC_INPUT_MAX + 1];
	enum cpc_input_err err;
	const char *bad;
	int rc;

	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = '\0';
	rc = cpc_input_parse(buf, count, val, len, &err, &bad);
	switch (err) {
	case CPC_INPUT_OK:
		return rc;
	case CPC_INPUT_SIZE:
		return cpc_refuse(e->dev, rc, "input of %zu bytes (1..%d accepted)",
				  count, CPC_INPUT_MAX);
	case CPC_INPUT_NUMBER:
		return cpc_refuse(e->dev, rc, "cannot parse '%s' as a number", bad);
	case CPC_INPUT_TRAILING:
		return cpc_refuse(e->dev, rc, "unexpected '%s' after the number", bad);
	case CPC_INPUT_LENGTH:
		break;
	}
	return cpc_refuse(e->dev, rc, "cannot parse length '%s'", bad);
}

/* A write-only command file: input at offset 0, as one write. */
static int cpc_parse_cmd(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos, u64 *val, u64 *len)
{
	struct cpc_entry *e = cpc_file_entry(file);

	if (cpc_entry_dead(e))
		return cpc_refuse(e->dev, -ENODEV, "device is going away");
	if (*ppos)
		return cpc_refuse(e->dev, -EINVAL, "write at offset %lld (must be 0)", *ppos);
	return cpc_parse(e, ubuf, count, val, len);
}

/* inject_poison / clear_poison, of a region (offset) or a memdev (DPA). */
static ssize_t cpc_poison_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos, bool inject)
{
	struct cpc_entry *e = cpc_file_entry(file);
	u64 where, len;
	int rc;

	rc = cpc_parse_cmd(file, ubuf, count, ppos, &where, &len);
	if (!rc)
		rc = e->kind == CPC_REGION ?
		     cpc_region_poison(e, where, len, inject) :
		     cpc_memdev_poison(e->dev, where, len, inject);
	return rc ? rc : count;
}

static ssize_t cpc_inject_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	return cpc_poison_write(file, ubuf, count, ppos, true);
}

static ssize_t cpc_clear_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	return cpc_poison_write(file, ubuf, count, ppos, false);
}

static const struct file_operations cpc_inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cpc_inject_write,
};

static const struct file_operations cpc_clear_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cpc_clear_write,
};

/*
 * translate: write an offset, read the translation back through the same
 * open file. The result is kept per open file, so concurrent users do not
 * see each other's answers.
 */
struct cpc_translate_state {
	bool valid;
	struct cpc_xlate x;
};

static int cpc_translate_open(struct inode *inode, struct file *file)
{
	struct cpc_entry *e = inode->i_private;

	file->private_data = kzalloc_obj(struct cpc_translate_state, GFP_KERNEL);
	if (!file->private_data)
		return cpc_refuse(e->dev, -ENOMEM, "no memory to open translate");
	return 0;
}

static int cpc_translate_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static ssize_t cpc_translate_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct cpc_translate_state *st = file->private_data;
	struct cpc_entry *e = cpc_file_entry(file);
	u64 offset;
	int rc;

	st->valid = false;
	if (cpc_entry_dead(e))
		return cpc_refuse(e->dev, -ENODEV, "device is going away");
	rc = cpc_parse(e, ubuf, count, &offset, NULL);
	if (!rc)
		rc = cpc_region_translate(e, offset, &st->x);
	if (rc)
		return rc;
	st->valid = true;
	/* The next read on this file starts at the new answer. */
	*ppos = 0;
	return count;
}

static ssize_t cpc_translate_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct cpc_translate_state *st = file->private_data;
	const struct cpc_xlate *x = &st->x;
	char buf[256];
	int len;

	if (!st->valid)
		return 0;
	len = scnprintf(buf, sizeof(buf),
			"region=%s offset=%#llx hpa=%#llx memdev=%s dpa=%#llx position=%u decoder=%s\n",
			x->region, x->offset, x->hpa, x->memdev, x->dpa, x->pos,
			x->decoder);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations cpc_translate_fops = {
	.owner = THIS_MODULE,
	.open = cpc_translate_open,
	.release = cpc_translate_release,
	.read = cpc_translate_read,
	.write = cpc_translate_write,
};

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
		dev_warn(e->dev, "cannot create debugfs dir: %ld\n",
			 PTR_ERR(e->dir));
		return;
	}
	debugfs_create_file("inject_poison", 0200, e->dir, e, &cpc_inject_fops);
	debugfs_create_file("clear_poison", 0200, e->dir, e, &cpc_clear_fops);
	if (e->kind == CPC_REGION) {
		debugfs_create_file("geometry", 0400, e->dir, e, &cpc_geometry_fops);
		debugfs_create_file("translate", 0600, e->dir, e, &cpc_translate_fops);
	}
}

/**
 * cpc_debugfs_remove() - remove an entry's directory
 * @e: a dead entry
 *
 * Waits for in-flight handlers, which see the entry dead and return.
 * Context: the tracker's workqueue, no device lock held.
 */
void cpc_debugfs_remove(struct cpc_entry *e)
{
	debugfs_remove(e->dir);
}

DEFINE_SHOW_ATTRIBUTE(cpc_ledger);

static ssize_t cpc_clear_all_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	int rc = cpc_clear_all();

	return rc ? rc : count;
}

static const struct file_operations cpc_clear_all_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cpc_clear_all_write,
};

int cpc_debugfs_init(void)
{
	cpc_root = debugfs_create_dir(CPC_NAME, NULL);
	if (IS_ERR(cpc_root))
		return PTR_ERR(cpc_root);
	debugfs_create_file("injected", 0400, cpc_root, NULL, &cpc_ledger_fops);
	debugfs_create_file("clear_all", 0200, cpc_root, NULL, &cpc_clear_all_fops);
	cpc_fault_init(cpc_root);
	return 0;
}

void cpc_debugfs_exit(void)
{
	debugfs_remove(cpc_root);
}
