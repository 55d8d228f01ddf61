// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: deciding how a region decodes
 *
 * Nothing in sysfs says which arithmetic a root decoder applies: the
 * kernel takes it from the ACPI CEDT window (CFMWS) that made the root
 * decoder. So a region is translated only when its root decoder is a
 * window of the CEDT this module read, alike in start, size, ways,
 * granularity and targets (or a window declared modulo, below), and every
 * position's endpoint decoder decodes the region's own interleave.
 * Anything else (a platform without a CEDT, an undeclared mock window,
 * normalized addressing, a decode the kernel itself does not agree on) is
 * refused with the reason, before any device is touched.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#include "decide.h"

/* Say why in @reason; return @err. */
static __printf(4, 5) int cpc_fail(int err, char *reason, size_t len, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(reason, len, fmt, args);
	va_end(args);
	return err;
}

#define cpc_why(reason, len, ...) cpc_fail(-EOPNOTSUPP, reason, len, __VA_ARGS__)

/**
 * cpc_window_find() - the window a root decoder was made from
 * @w: the windows (the CEDT's, or the declared ones)
 * @nr: how many
 * @start: the root decoder's HPA start
 * @size: its size
 *
 * Return: the window with that start and size, or NULL.
 */
const struct cpc_window *cpc_window_find(const struct cpc_window *w, unsigned int nr,
					 u64 start, u64 size)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (w[i].base == start && w[i].size == size)
			return &w[i];
	return NULL;
}

/**
 * cpc_window_from_root() - a declared window, as its root decoder shows it
 * @f: the region, whose root decoder matched @decl
 * @decl: the declaration (start, size, arithmetic)
 * @w: filled in: @decl with the root decoder's ways, granularity, targets
 */
void cpc_window_from_root(const struct cpc_region_facts *f, const struct cpc_window *decl,
			  struct cpc_window *w)
{
	*w = *decl;
	w->ways = f->root_ways;
	w->gran = f->root_gran;
	w->nr_targets = f->nr_root_targets;
	memcpy(w->targets, f->root_targets, sizeof(w->targets));
}

static int cpc_check_window(const struct cpc_region_facts *f, const struct cpc_window *w,
			    char *reason, size_t len)
{
	unsigned int i;

	if (!w)
		return cpc_why(reason, len,
			       "root decoder %#llx+%#llx matches no CFMWS of the ACPI CEDT, nor a declared modulo window",
			       f->root_start, f->root_size);
	if (w->arith != CPC_CFMWS_MODULO && w->arith != CPC_CFMWS_XOR)
		return cpc_why(reason, len, "CFMWS %#llx: unknown interleave arithmetic %u",
			       w->base, w->arith);
	if (w->ways != f->root_ways || (w->ways > 1 && w->gran != f->root_gran))
		return cpc_why(reason, len, "root decoder decodes %u ways x %u, its CFMWS %u x %u",
			       f->root_ways, f->root_gran, w->ways, w->gran);
	if (f->nr_root_targets != w->nr_targets)
		return cpc_why(reason, len, "root decoder has %u targets, its CFMWS %u",
			       f->nr_root_targets, w->nr_targets);
	for (i = 0; i < w->nr_targets; i++)
		if (f->root_targets[i] != w->targets[i])
			return cpc_why(reason, len,
				       "root decoder target %u is %u, its CFMWS says %u",
				       i, f->root_targets[i], w->targets[i]);
	return 0;
}

/* Normalized addressing and the like: an endpoint that decodes otherwise. */
static int cpc_check_endpoints(const struct cpc_region_facts *f, char *reason, size_t len)
{
	unsigned int i;

	for (i = 0; i < f->ways; i++)
		if (f->ep_ways[i] != f->ways || f->ep_gran[i] != f->gran)
			return cpc_why(reason, len,
				       "position %u: endpoint decoder decodes %u ways x %u, the region %u x %u",
				       i, f->ep_ways[i], f->ep_gran[i], f->ways, f->gran);
	if (f->core_refuses)
		return cpc_why(reason, len,
			       "the CXL core does not translate this region itself (normalized addressing)");
	return 0;
}

/*
 * With an extended linear cache the kernel applies the XOR maps to the
 * address without the cache going from region offset to DPA (its debugfs
 * path) and with it going from DPA to HPA (cxl_dpa_to_hpa(), the trace).
 * The two agree when adding the cache size changes no bit a map selects
 * or sets: every map below the cache size's lowest set bit. Otherwise the
 * kernel's own decodes can differ (on most geometries they do), and so
 * could any answer of ours.
 */
static int cpc_xor_cache_agrees(const struct cpc_region_facts *f, const struct cpc_window *w,
				char *reason, size_t len)
{
	unsigned int i;

	if (!f->cache_size)
		return 0;
	for (i = 0; i < w->nr_maps; i++)
		if (w->xormaps[i] >> __ffs64(f->cache_size))
			return cpc_why(reason, len,
				       "XOR map %#llx selects bits at or above the extended linear cache's %#llx: the kernel's own decodes can differ",
				       w->xormaps[i], f->cache_size);
	return 0;
}

static int cpc_pick_xor(const struct cpc_region_facts *f, const struct cpc_window *w,
			struct cpc_decode *d, char *reason, size_t len)
{
	int rc;

	if (!w->maps_found)
		return cpc_why(reason, len, "XOR window %#llx has no CXIMS for granularity %u",
			       w->base, w->gran);
	rc = cpc_xor_cache_agrees(f, w, reason, len);
	if (rc)
		return rc;
	if (!cpc_ilv_base_aligned(f->root_ways, f->resource))
		return cpc_why(reason, len,
			       "XOR arithmetic at unaligned %u-way base %#llx: the kernel's own decodes disagree",
			       f->root_ways, f->resource);
	d->arith = CPC_ARITH_XOR;
	d->nr_maps = w->nr_maps;
	memcpy(d->xormaps, w->xormaps, sizeof(d->xormaps));
	return 0;
}

/*
 * 3, 6, 12-way root at a base not a multiple of ways x 256 MiB. With an
 * extended linear cache in front the kernel's two decodes still agree
 * (both take the position from the address less the cache), but the
 * unaligned decode here takes no cache: refused for that, not for them.
 */
static int cpc_pick_unaligned(const struct cpc_region_facts *f, struct cpc_decode *d,
			      char *reason, size_t len)
{
	if (f->ways != f->root_ways || f->gran != f->root_gran)
		return cpc_why(reason, len,
			       "%u-way root interleave at unaligned base %#llx with %u ways x %u below it: not determined",
			       f->root_ways, f->resource, f->ways, f->gran);
	if (f->cache_size)
		return cpc_why(reason, len,
			       "unaligned %u-way base with an extended linear cache: not supported (this module's unaligned decode takes no cache)",
			       f->root_ways);
	d->arith = CPC_ARITH_MOD3_UNALIGNED;
	return 0;
}

/**
 * cpc_decide() - how a region decodes, or why it cannot be translated
 * @f: the region as sysfs shows it
 * @w: the window its root decoder was made from (cpc_window_for(): the
 *     CEDT's, or a declared one completed from the root decoder), or NULL
 * @d: filled in on success
 * @reason: on refusal, why (one line)
 * @len: size of @reason
 *
 * Return: 0, or -EOPNOTSUPP with @reason set.
 */
int cpc_decide(const struct cpc_region_facts *f, const struct cpc_window *w,
	       struct cpc_decode *d, char *reason, size_t len)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if (cpc_ilv_init(&d->ilv, f->ways, f->gran))
		return cpc_why(reason, len, "interleave %u ways x %u is not a CXL interleave",
			       f->ways, f->gran);
	d->base = f->resource;
	d->cache = f->cache_size;
	rc = cpc_check_window(f, w, reason, len);
	if (!rc)
		rc = cpc_check_endpoints(f, reason, len);
	if (rc)
		return rc;
	if (w->arith == CPC_CFMWS_XOR && w->nr_maps)
		return cpc_pick_xor(f, w, d, reason, len);
	if (!cpc_ilv_base_aligned(f->root_ways, f->resource))
		return cpc_pick_unaligned(f, d, reason, len);
	d->arith = w->arith == CPC_CFMWS_XOR ? CPC_ARITH_XOR : CPC_ARITH_MODULO;
	return 0;
}
