// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: the kernel's own decode, compiled from its own source
 *
 * The exported primitives (cxl_calculate_position/_dpa_offset/_hpa_offset,
 * cxl_do_xormap_calc, exported to a module named cxl_translate only) are
 * called where the kernel calls them: in the kernel's own composition of
 * them, the static code of drivers/cxl/core/region.c and acpi.c, which
 * extract.py copies verbatim from the source of the kernel under test when
 * this module is built (kernel_extract.inc):
 *
 *  - region offset -> memdev, DPA: cxl_region_debugfs_poison_inject()
 *    (the in-tree region debugfs file: validate_region_offset(), the cache
 *    subtracted, region_offset_to_dpa_result() with the root decoder's
 *    spa_to_hpa, the unaligned 3/6/12-way search), its final
 *    cxl_inject_poison_locked() replaced by a capture of memdev and DPA;
 *  - memdev, DPA -> HPA: cxl_dpa_to_hpa() (what the cxl_poison trace
 *    prints), with unaligned_dpa_to_hpa(), the cache added, hpa_to_spa.
 *
 * They run on a region made here in memory, never registered: a root
 * decoder with cxl_acpi's XOR ops (cxl_apply_xor_maps) and CXIMS maps,
 * endpoint decoders with DPA resources, and one memdev per position. The
 * few core helpers they reach that are not exported are compiled here too
 * from the same source (cxl_dpa_resource_start, cxl_resource_contains_addr)
 * or mapped onto these objects (to_cxl_root_decoder, cxled_to_memdev, the
 * region and DPA rwsems); dev_err lines are silenced.
 */
#include <linux/bitops.h>
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <cxlmem.h>
#include <cxl.h>

/* Core functions compiled below from the kernel's source: other names. */
#define cxl_dpa_to_hpa xl_dpa_to_hpa
#define cxl_dpa_resource_start xl_dpa_resource_start
#define cxl_resource_contains_addr xl_resource_contains_addr
#include "core.h"

#include "kernel_side.h"

static struct cxl_rwsem xl_rwsem = {
	.region = __RWSEM_INITIALIZER(xl_rwsem.region),
	.dpa = __RWSEM_INITIALIZER(xl_rwsem.dpa),
};

static struct cxl_memdev *xl_cxled_to_memdev(struct cxl_endpoint_decoder *cxled);
static int xl_inject_capture(struct cxl_memdev *cxlmd, u64 dpa);

#define cxl_rwsem xl_rwsem
#define to_cxl_root_decoder(d) container_of(d, struct cxl_root_decoder, cxlsd.cxld.dev)
#define cxled_to_memdev(cxled) xl_cxled_to_memdev(cxled)
#define cxl_inject_poison_locked(cxlmd, dpa) xl_inject_capture(cxlmd, dpa)
#undef dev_err
#define dev_err(dev, fmt, ...) ({ (void)(dev); no_printk(fmt, ##__VA_ARGS__); })

#include "kernel_extract.inc"

static struct {
	struct cxl_region cxlr;
	struct resource res;
	struct cxl_root_decoder *cxlrd;
	struct cxl_cxims_data *cximsd;
	struct cxl_endpoint_decoder cxled[CXL_DECODER_MAX_INTERLEAVE];
	struct resource dpa_res[CXL_DECODER_MAX_INTERLEAVE];
	struct cxl_memdev *memdevs;
	struct cxl_memdev *got_memdev;
	u64 got_dpa;
} xl;

static struct cxl_memdev *xl_cxled_to_memdev(struct cxl_endpoint_decoder *cxled)
{
	return &xl.memdevs[cxled - xl.cxled];
}

static int xl_inject_capture(struct cxl_memdev *cxlmd, u64 dpa)
{
	xl.got_memdev = cxlmd;
	xl.got_dpa = dpa;
	return 0;
}

int xl_kernel_init(void)
{
	xl.cxlrd = kzalloc(struct_size(xl.cxlrd, cxlsd.target, CXL_DECODER_MAX_INTERLEAVE),
			   GFP_KERNEL);
	xl.cximsd = kzalloc(struct_size(xl.cximsd, xormaps, 4), GFP_KERNEL);
	xl.memdevs = kcalloc(CXL_DECODER_MAX_INTERLEAVE, sizeof(*xl.memdevs), GFP_KERNEL);
	if (!xl.cxlrd || !xl.cximsd || !xl.memdevs) {
		xl_kernel_exit();
		return -ENOMEM;
	}
	return 0;
}

void xl_kernel_exit(void)
{
	kfree(xl.cxlrd);
	kfree(xl.cximsd);
	kfree(xl.memdevs);
}

/* The region, root decoder and endpoint decoders of geometry @g. */
void xl_kernel_setup(const struct xl_geom *g)
{
	struct cxl_root_decoder *cxlrd = xl.cxlrd;
	struct cxl_region_params *p = &xl.cxlr.params;
	unsigned int i;

	cxlrd->cxlsd.cxld.interleave_ways = g->root_ways;
	cxlrd->cxlsd.cxld.interleave_granularity = g->root_gran;
	cxlrd->cxlsd.nr_targets = g->root_ways;
	cxlrd->cache_size = g->cache;
	xl.cximsd->nr_maps = g->nr_maps;
	memcpy(xl.cximsd->xormaps, g->maps, g->nr_maps * sizeof(u64));
	cxlrd->platform_data = g->nr_maps ? xl.cximsd : NULL;
	cxlrd->ops.hpa_to_spa = g->xor ? cxl_apply_xor_maps : NULL;
	cxlrd->ops.spa_to_hpa = g->xor ? cxl_apply_xor_maps : NULL;

	xl.res = (struct resource)DEFINE_RES_MEM(g->base, g->size);
	xl.cxlr.dev.parent = &cxlrd->cxlsd.cxld.dev;
	xl.cxlr.cxlrd = cxlrd;
	xl.cxlr.flags = 0;
	p->res = &xl.res;
	p->interleave_ways = g->ways;
	p->interleave_granularity = g->gran;
	p->cache_size = g->cache;
	p->nr_targets = g->ways;
	for (i = 0; i < g->ways; i++) {
		/* Each position's DPA range at its own base. */
		xl.dpa_res[i] = (struct resource)DEFINE_RES_MEM(SZ_256M + i * g->dpa_size * 2,
								g->dpa_size);
		xl.cxled[i].dpa_res = &xl.dpa_res[i];
		xl.cxled[i].pos = i;
		p->targets[i] = &xl.cxled[i];
	}
}

/* Take and drop the region and DPA rwsems, as the kernel's readers do. */
void xl_kernel_lock(void)
{
	down_read(&cxl_rwsem.region);
	down_read(&cxl_rwsem.dpa);
}

void xl_kernel_unlock(void)
{
	up_read(&cxl_rwsem.dpa);
	up_read(&cxl_rwsem.region);
}

static int xl_got(unsigned int *pos, u64 *dpa_off)
{
	long i = xl.got_memdev - xl.memdevs;

	if (!xl.got_memdev || i < 0 || i >= xl.cxlr.params.nr_targets)
		return -EFAULT;
	*pos = i;
	*dpa_off = xl.got_dpa - xl.dpa_res[i].start;
	return 0;
}

/**
 * xl_kernel_locate() - region offset -> position, DPA offset, as the
 * kernel's region debugfs file decodes it (it takes the rwsems itself)
 * @offset: region offset (cache included)
 * @pos: the position of the memdev it lands on
 * @dpa_off: the offset into that position's DPA range
 *
 * Return: 0, or the kernel's error.
 */
int xl_kernel_locate(u64 offset, unsigned int *pos, u64 *dpa_off)
{
	int rc;

	xl.got_memdev = NULL;
	rc = cxl_region_debugfs_poison_inject(&xl.cxlr, offset);
	return rc ?: xl_got(pos, dpa_off);
}

/**
 * xl_kernel_locate_held() - xl_kernel_locate() with the rwsems held
 * (xl_kernel_lock()), for many samples per lock: the same steps as
 * cxl_region_debugfs_poison_inject() between its locks and its command
 * (xlate.c checks the two give the same answers on every line of the
 * first rows)
 * @offset: region offset (cache included)
 * @pos: the position of the memdev it lands on
 * @dpa_off: the offset into that position's DPA range
 *
 * Return: 0, or the kernel's error.
 */
int xl_kernel_locate_held(u64 offset, unsigned int *pos, u64 *dpa_off)
{
	struct dpa_result result = { .dpa = ULLONG_MAX, .cxlmd = NULL };
	int rc;

	if (validate_region_offset(&xl.cxlr, offset))
		return -EINVAL;
	offset -= xl.cxlr.params.cache_size;
	rc = region_offset_to_dpa_result(&xl.cxlr, offset, &result);
	if (rc || !result.cxlmd || result.dpa == ULLONG_MAX)
		return rc ? rc : -EINVAL;
	xl.got_memdev = result.cxlmd;
	xl.got_dpa = result.dpa;
	return xl_got(pos, dpa_off);
}

/**
 * xl_kernel_offset() - position, DPA offset -> region offset, as the
 * kernel's cxl_dpa_to_hpa() (the cxl_poison trace's hpa) decodes it;
 * with the rwsems held (xl_kernel_lock())
 * @pos: position
 * @dpa_off: offset into its DPA range
 * @offset: the region offset (cache included)
 *
 * Return: 0, or -ENXIO where the kernel finds no HPA.
 */
int xl_kernel_offset(unsigned int pos, u64 dpa_off, u64 *offset)
{
	u64 hpa;

	hpa = cxl_dpa_to_hpa(&xl.cxlr, &xl.memdevs[pos], xl.dpa_res[pos].start + dpa_off);
	if (hpa == ULLONG_MAX)
		return -ENXIO;
	*offset = hpa - xl.res.start;
	return 0;
}
