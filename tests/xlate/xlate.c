// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: cxl_translate, the differential test of the module's translation
 *
 * A test-only module (built by tests/xlate/build.sh, never packaged) named
 * cxl_translate, the one module the 7.x kernels export their translation
 * primitives to. It compiles cxl_poison_ctl's own src/interleave.c and
 * src/decide.c beside the kernel's decode (kernel_glue.c) and, over every
 * geometry the module can be asked about, compares both directions:
 *
 *  - region offset -> (position, DPA offset): the kernel's region debugfs
 *    decode against cpc_decode_locate();
 *  - (position, DPA offset) -> region offset: the kernel's cxl_dpa_to_hpa()
 *    against cpc_decode_offset();
 *
 * exhaustively over the first and last interleave rows (every line) and at
 * random offsets in between. Geometries: ways 1, 2, 4, 8, 16, 3, 6, 12
 * under every root (host bridge) interleave that divides them, every
 * granularity 256 B .. 16 KiB (the root's, when it interleaves), modulo and
 * XOR windows (three map sets), 3/6/12-way roots at aligned and unaligned
 * bases, with and without an extended linear cache. The module's own
 * cpc_decide() says for each geometry whether the module translates it.
 *
 * The kernel's answer is also checked against itself (each forward answer
 * sent back, and each reverse answer forward). A geometry fails if the
 * module translates it and differs from the kernel anywhere, or if the
 * module translates it while the kernel's two directions disagree (no
 * answer could match both): where the kernel and the module cannot agree,
 * the module must refuse. Refused geometries are reported by class, with
 * how many of them the kernel's directions do disagree on.
 *
 * Loading runs everything and prints the counts and "RESULT PASS" or
 * "RESULT FAIL" (tests/vm/guest/tests/xlate_kernel.sh reads them).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "decide.h"
#include "interleave.h"
#include "kernel_side.h"

static uint seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "PRNG seed for bases, sizes, maps and offsets");
static uint random_offsets = 5000;
module_param(random_offsets, uint, 0444);
MODULE_PARM_DESC(random_offsets, "random samples per geometry and direction");
static uint rows = 2;
module_param(rows, uint, 0444);
MODULE_PARM_DESC(rows, "interleave rows decoded line by line at each end of a geometry");

#define XL_SHOW 8

enum xl_class {
	XL_PLAIN,
	XL_XOR_UNALIGNED,
	XL_XOR_CACHE,
	XL_UNALIGNED_SPLIT,
	XL_UNALIGNED_CACHE,
	XL_NR_CLASSES,
};

static const char * const xl_class_name[XL_NR_CLASSES] = {
	[XL_PLAIN] = "plain",
	[XL_XOR_UNALIGNED] = "xor-unaligned-base",
	[XL_XOR_CACHE] = "xor-cache",
	[XL_UNALIGNED_SPLIT] = "unaligned-base-devices-per-hb",
	[XL_UNALIGNED_CACHE] = "unaligned-base-cache",
};

struct xl_class_stats {
	unsigned int geoms, accepted, refused, kernel_split, refused_consistent;
	unsigned int false_reasons;
	u64 mismatches;
	char reason[CPC_REASON_LEN];
};

static struct {
	struct rnd_state rnd;
	unsigned int geoms, accepted, refused;
	u64 cmp, selfchecks, mismatches, accepted_split, paths, paths_differ;
	unsigned int false_reasons;
	struct xl_class_stats cls[XL_NR_CLASSES];
	unsigned int shown;
} xs;

/* One geometry under test. */
struct xl_run {
	struct xl_geom g;
	enum xl_class cls;
	bool accepted;
	bool selfcheck;		/* send the kernel's answer back through the kernel */
	struct cpc_decode d;
	u64 split;		/* samples where the kernel disagrees with itself */
	u64 mism;
};

static u64 xl_rand64(void)
{
	return (u64)prandom_u32_state(&xs.rnd) << 32 | prandom_u32_state(&xs.rnd);
}

static u64 xl_rand_below(u64 n)
{
	return n ? xl_rand64() % n : 0;
}

static void xl_geom_str(const struct xl_geom *g, char *buf, size_t len)
{
	int n;
	unsigned int i;

	n = scnprintf(buf, len, "%s ways=%u gran=%u root=%ux%u base=%#llx size=%#llx cache=%#llx",
		      g->xor ? "xor" : "modulo", g->ways, g->gran, g->root_ways, g->root_gran,
		      g->base, g->size, g->cache);
	for (i = 0; i < g->nr_maps; i++)
		n += scnprintf(buf + n, len - n, "%s%#llx", i ? "," : " maps=", g->maps[i]);
}

static void xl_mismatch(struct xl_run *r, const char *dir, u64 in_a, u64 in_b, int rc,
			u64 k_a, u64 k_b, u64 m_a, u64 m_b)
{
	char geom[200];

	r->mism++;
	if (xs.shown++ >= XL_SHOW)
		return;
	xl_geom_str(&r->g, geom, sizeof(geom));
	pr_info("MISMATCH %s %s: in=%#llx/%#llx kernel rc=%d %#llx/%#llx module %#llx/%#llx\n",
		dir, geom, in_a, in_b, rc, k_a, k_b, m_a, m_b);
}

/* Region offset -> position, DPA offset (under xl_kernel_lock()). */
static void xl_forward(struct xl_run *r, u64 off)
{
	unsigned int kpos = 0, mpos;
	u64 kdpa = 0, mdpa, back;
	int rc;

	rc = xl_kernel_locate_held(off, &kpos, &kdpa);
	if (r->selfcheck) {
		xs.selfchecks++;
		if (rc || xl_kernel_offset(kpos, kdpa, &back) || back != off)
			r->split++;
	}
	if (!r->accepted)
		return;
	cpc_decode_locate(&r->d, off, &mpos, &mdpa);
	xs.cmp++;
	if (rc || kpos != mpos || kdpa != mdpa)
		xl_mismatch(r, "offset->dpa", off, 0, rc, kpos, kdpa, mpos, mdpa);
}

/* Position, DPA offset -> region offset (under xl_kernel_lock()). */
static void xl_reverse(struct xl_run *r, unsigned int pos, u64 dpa_off)
{
	unsigned int kpos;
	u64 koff = 0, moff, kdpa;
	int rc;

	rc = xl_kernel_offset(pos, dpa_off, &koff);
	if (r->selfcheck) {
		xs.selfchecks++;
		if (rc || xl_kernel_locate_held(koff, &kpos, &kdpa) || kpos != pos ||
		    kdpa != dpa_off)
			r->split++;
	}
	if (!r->accepted)
		return;
	moff = cpc_decode_offset(&r->d, pos, dpa_off);
	xs.cmp++;
	if (rc || koff != moff)
		xl_mismatch(r, "dpa->offset", pos, dpa_off, rc, koff, 0, moff, 0);
}

/* Let others run now and then: the rwsems are dropped around it. */
static void xl_pause(u64 i)
{
	if (i & 1023)
		return;
	xl_kernel_unlock();
	cond_resched();
	xl_kernel_lock();
}

/*
 * The kernel's region debugfs decode as the file runs it (taking the
 * rwsems per call) against the same steps run many to a lock
 * (xl_kernel_locate_held(), which the samples use), on @n bytes of offsets
 * from @from.
 */
static void xl_paths(struct xl_run *r, u64 from, u64 n)
{
	u64 i;

	for (i = 0; i < n; i += 64) {
		unsigned int pos = 0, hpos = 0;
		u64 dpa = 0, hdpa = 0;
		int rc, hrc;

		rc = xl_kernel_locate(from + i, &pos, &dpa);
		xl_kernel_lock();
		hrc = xl_kernel_locate_held(from + i, &hpos, &hdpa);
		xl_kernel_unlock();
		xs.paths++;
		if ((rc != hrc || pos != hpos || dpa != hdpa) && xs.paths_differ++ < XL_SHOW) {
			char geom[200];

			xl_geom_str(&r->g, geom, sizeof(geom));
			pr_info("PATHS DIFFER %s: offset %#llx: debugfs rc=%d %u/%#llx, under one lock rc=%d %u/%#llx\n",
				geom, from + i, rc, pos, dpa, hrc, hpos, hdpa);
		}
	}
}

/* Every line of @n bytes of offsets from @from, then of DPA at each position. */
static void xl_lines(struct xl_run *r, u64 from, u64 n, u64 dpa_from, u64 dpa_n)
{
	unsigned int pos;
	u64 i;

	xl_kernel_lock();
	for (i = 0; i < n; i += 64) {
		xl_forward(r, from + i);
		xl_pause(i / 64 + 1);
	}
	for (pos = 0; pos < r->g.ways; pos++) {
		for (i = 0; i < dpa_n; i += 64) {
			xl_reverse(r, pos, dpa_from + i);
			xl_pause(i / 64 + 1);
		}
	}
	xl_kernel_unlock();
}

/*
 * The kernel's two ways through its debugfs decode compared on the first
 * row (up to 512 lines); every line of the first and last @rows interleave rows, each answer of
 * the kernel sent back through it; then random samples, which for a
 * geometry the module translates are compared only (the module's two
 * directions are each compared with the kernel's), and for one it refuses
 * only check the kernel against itself, a quarter as many.
 */
static void xl_samples(struct xl_run *r)
{
	const struct xl_geom *g = &r->g;
	u64 row = (u64)g->ways * g->gran, i, span = g->size - g->cache;
	u64 n = r->accepted ? random_offsets : random_offsets / 4;

	xl_paths(r, g->cache, min(row, 512 * 64ULL));
	r->selfcheck = true;
	xl_lines(r, g->cache, rows * row, 0, rows * g->gran);
	xl_lines(r, g->size - rows * row, rows * row, g->dpa_size - rows * g->gran,
		 rows * g->gran);
	r->selfcheck = !r->accepted;
	xl_kernel_lock();
	for (i = 0; i < n; i++) {
		xl_forward(r, g->cache + (xl_rand_below(span) & ~63ULL));
		xl_reverse(r, xl_rand_below(g->ways), xl_rand_below(g->dpa_size) & ~63ULL);
		xl_pause(i + 1);
	}
	xl_kernel_unlock();
}

/* What the module decides for @g, from the values sysfs and the CEDT would show. */
static void xl_decide(struct xl_run *r, char *reason)
{
	const struct xl_geom *g = &r->g;
	struct cpc_region_facts f = {
		.resource = g->base, .size = g->size, .cache_size = g->cache,
		.ways = g->ways, .gran = g->gran,
		.root_start = g->base, .root_size = round_up(g->size, (u64)g->root_ways << 28),
		.root_ways = g->root_ways, .root_gran = g->root_gran,
		.nr_root_targets = g->root_ways,
	};
	struct cpc_window w = {
		.base = f.root_start, .size = f.root_size, .ways = g->root_ways,
		.gran = g->root_gran, .arith = g->xor ? CPC_CFMWS_XOR : CPC_CFMWS_MODULO,
		.nr_targets = g->root_ways, .nr_maps = g->nr_maps, .maps_found = true,
	};
	unsigned int i;

	for (i = 0; i < g->root_ways; i++) {
		f.root_targets[i] = 100 + i;
		w.targets[i] = 100 + i;
	}
	for (i = 0; i < g->ways; i++) {
		f.ep_ways[i] = g->ways;
		f.ep_gran[i] = g->gran;
	}
	memcpy(w.xormaps, g->maps, sizeof(w.xormaps));
	reason[0] = '\0';
	r->accepted = !cpc_decide(&f, &w, &r->d, reason, CPC_REASON_LEN);
}

/*
 * A refusal that blames the kernel ("the kernel's own decodes disagree")
 * must be one where the kernel did disagree with itself: what the user is
 * told must be true.
 */
#define XL_BLAMES_KERNEL "own decodes disagree"

static void xl_false_reason(const struct xl_run *r, struct xl_class_stats *c, const char *reason)
{
	char geom[200];

	xs.false_reasons++;
	c->false_reasons++;
	if (xs.false_reasons > 8)
		return;
	xl_geom_str(&r->g, geom, sizeof(geom));
	pr_err("FALSE REASON: the kernel agrees with itself on every sample of %s, refused with '%s'\n",
	       geom, reason);
}

static void xl_run_geometry(struct xl_run *r)
{
	struct xl_class_stats *c = &xs.cls[r->cls];
	char reason[CPC_REASON_LEN];

	xl_decide(r, reason);
	xl_kernel_setup(&r->g);
	xl_samples(r);

	xs.geoms++;
	c->geoms++;
	if (r->split)
		c->kernel_split++;
	if (r->accepted) {
		xs.accepted++;
		c->accepted++;
		if (r->split) {
			char geom[200];

			xs.accepted_split++;
			xl_geom_str(&r->g, geom, sizeof(geom));
			pr_err("TRANSLATED, but the kernel disagrees with itself on %llu samples: %s\n",
			       r->split, geom);
		}
	} else {
		xs.refused++;
		c->refused++;
		if (!r->split)
			c->refused_consistent++;
		if (!r->split && strstr(reason, XL_BLAMES_KERNEL))
			xl_false_reason(r, c, reason);
		if (!c->reason[0])
			strscpy(c->reason, reason);
	}
	xs.mismatches += r->mism;
	c->mismatches += r->mism;
	cond_resched();
}

/* XOR maps for @nr ways-bits from @low: map i selects bit low + i. */
static void xl_maps(struct xl_geom *g, unsigned int set)
{
	static const u64 kernel_set[] = { 0x2020900, 0x4041200, 0x1010400, 0x800 };
	unsigned int low = ilog2(g->root_gran), i;

	for (i = 0; i < g->nr_maps; i++) {
		switch (set) {
		case 0: /* the kernel's cxl_translate test maps, at this granularity */
			g->maps[i] = kernel_set[i] << (low - 8);
			break;
		case 1: /* bits far up, past the cache and the base */
			g->maps[i] = BIT_ULL(low + i) | BIT_ULL(28 + 3 * i) | BIT_ULL(33 + 2 * i) |
				     BIT_ULL(40 + i);
			break;
		default: /* random bits above every map's own bit */
			g->maps[i] = BIT_ULL(low + i) |
				     (xl_rand64() & GENMASK_ULL(46, low + g->nr_maps));
			break;
		}
	}
	/* The kernel's set carries bit 11 in map 0 and as map 3: keep it as is. */
}

static const unsigned int xl_all_ways[] = { 1, 2, 4, 8, 16, 3, 6, 12 };

static enum xl_class xl_classify(const struct xl_geom *g, bool unaligned)
{
	if (g->xor && unaligned)
		return XL_XOR_UNALIGNED;
	if (g->xor && g->cache)
		return XL_XOR_CACHE;
	if (unaligned && g->ways != g->root_ways)
		return XL_UNALIGNED_SPLIT;
	if (unaligned && g->cache)
		return XL_UNALIGNED_CACHE;
	return XL_PLAIN;
}

/*
 * One geometry: @ways under @root_ways, granularity 256 << @eig, at a base
 * aligned or not to root ways x 256 MiB, with a cache or not, map set @set.
 */
static void xl_geometry(bool xor, unsigned int ways, unsigned int root_ways, unsigned int eig,
			bool unaligned, bool cache, unsigned int set)
{
	static const u64 dpa_sizes[] = { SZ_256M, SZ_1G, SZ_4G, 64ULL << 30 };
	struct xl_run r = { };
	struct xl_geom *g = &r.g;

	g->xor = xor;
	g->ways = ways;
	g->gran = 256 << eig;
	g->root_ways = root_ways;
	g->root_gran = root_ways == 1 ? 256 : g->gran;
	g->dpa_size = dpa_sizes[xl_rand_below(ARRAY_SIZE(dpa_sizes))];
	g->cache = cache ? (u64)ways * g->dpa_size : 0;
	g->size = g->cache + (u64)ways * g->dpa_size;
	/* A multiple of 48 x 256 MiB is aligned for any ways. */
	g->base = (86 + xl_rand_below(1024)) * 48 * SZ_256M;
	if (unaligned)
		g->base += (1 + xl_rand_below(root_ways - 1)) * SZ_256M;
	g->nr_maps = xor ? cpc_xor_nr_maps(root_ways) : 0;
	xl_maps(g, set);
	r.cls = xl_classify(g, unaligned);
	xl_run_geometry(&r);
}

/* Every granularity, base, cache and map set of @ways under @root_ways. */
static void xl_geometries(bool xor, unsigned int ways, unsigned int root_ways)
{
	unsigned int eig, unaligned, cache, set, nr_sets;

	nr_sets = xor && cpc_xor_nr_maps(root_ways) ? 3 : 1;
	for (eig = 0; eig <= 6; eig++)
		for (unaligned = 0; unaligned <= !is_power_of_2(root_ways); unaligned++)
			for (cache = 0; cache <= 1; cache++)
				for (set = 0; set < nr_sets; set++)
					xl_geometry(xor, ways, root_ways, eig, unaligned, cache,
						    set);
}

static int __init xl_init(void)
{
	unsigned int a, i, j, k;
	ktime_t t0 = ktime_get();
	int rc;

	rc = xl_kernel_init();
	if (rc)
		return rc;
	prandom_seed_state(&xs.rnd, seed);
	for (a = 0; a <= 1; a++)
		for (i = 0; i < ARRAY_SIZE(xl_all_ways); i++)
			for (j = 0; j < ARRAY_SIZE(xl_all_ways); j++) {
				unsigned int ways = xl_all_ways[i], root = xl_all_ways[j];

				if (ways % root || !is_power_of_2(ways / root))
					continue;
				xl_geometries(a, ways, root);
			}
	xl_kernel_exit();

	for (k = 0; k < XL_NR_CLASSES; k++) {
		struct xl_class_stats *c = &xs.cls[k];

		pr_info("class %s: geometries=%u translated=%u mismatches=%llu refused=%u kernel_disagrees_with_itself=%u refused_though_kernel_consistent=%u false_reasons=%u%s%s\n",
			xl_class_name[k], c->geoms, c->accepted, c->mismatches, c->refused,
			c->kernel_split, c->refused_consistent, c->false_reasons,
			c->reason[0] ? " reason: " : "",
			c->reason);
	}
	pr_info("kernel debugfs path checked against its steps under one lock: %llu offsets, %llu differ\n",
		xs.paths, xs.paths_differ);
	pr_info("seed=%u geometries=%u translated=%u refused=%u comparisons=%llu kernel_selfchecks=%llu mismatches=%llu translated_where_kernel_disagrees=%llu false_reasons=%u ms=%lld\n",
		seed, xs.geoms, xs.accepted, xs.refused, xs.cmp, xs.selfchecks, xs.mismatches,
		xs.accepted_split, xs.false_reasons, ktime_ms_delta(ktime_get(), t0));
	/* The guest test reads the verdict; a failed init would be retried by kmod. */
	pr_info("RESULT %s\n",
		xs.mismatches || xs.accepted_split || xs.paths_differ || xs.false_reasons ?
		"FAIL" : "PASS");
	return 0;
}

static void __exit xl_exit(void)
{
}

module_init(xl_init);
module_exit(xl_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cxl_poison_ctl test: its translation against the kernel's own decode");
