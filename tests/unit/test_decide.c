// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/decide.c: the translate-or-refuse decision, made from
 * the values sysfs shows for a region, its root and endpoint decoders, and
 * the CEDT window (or declared one) the root decoder matches. Prints "N passed, N failed".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decide.h"
#include "expect.h"

/* A 2-way region over two host bridges (UIDs 12 and 64), 256 B, aligned. */
static void base(struct cpc_region_facts *f, struct cpc_window *w)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	memset(w, 0, sizeof(*w));
	f->resource = 0x490000000ULL;
	f->size = 0x20000000;
	f->ways = 2;
	f->gran = 256;
	f->root_start = 0x490000000ULL;
	f->root_size = 0x100000000ULL;
	f->root_ways = 2;
	f->root_gran = 256;
	f->nr_root_targets = 2;
	f->root_targets[0] = 12;
	f->root_targets[1] = 64;
	for (i = 0; i < CPC_MAX_WAYS; i++) {
		f->ep_ways[i] = 2;
		f->ep_gran[i] = 256;
	}
	w->base = f->root_start;
	w->size = f->root_size;
	w->ways = 2;
	w->gran = 256;
	w->nr_targets = 2;
	w->targets[0] = 12;
	w->targets[1] = 64;
	w->nr_maps = 1;
	w->xormaps[0] = 0x2020900;
}

/* The region's ways, and every endpoint decoder's with them. */
static void set_ways(struct cpc_region_facts *f, unsigned int ways)
{
	unsigned int i;

	f->ways = ways;
	for (i = 0; i < CPC_MAX_WAYS; i++)
		f->ep_ways[i] = ways;
}

static int decide(const struct cpc_region_facts *f, const struct cpc_window *w,
		  struct cpc_decode *d, char *why)
{
	why[0] = '\0';
	return cpc_decide(f, w, d, why, CPC_REASON_LEN);
}

/* The reason REFUSED() was last given. */
static char last_why[CPC_REASON_LEN];

/* Refused with EOPNOTSUPP and a reason that says @needle. */
#define REFUSED(f, w, needle) do {					\
	struct cpc_decode d_;						\
	char why_[CPC_REASON_LEN];					\
	int rc_ = decide(f, w, &d_, why_);				\
									\
	strcpy(last_why, why_);						\
	EXPECT(rc_ == -EOPNOTSUPP && strstr(why_, needle),		\
	       "want refusal '%s', got %d '%s'", needle, rc_, why_);	\
} while (0)

static void accepted(void)
{
	struct cpc_region_facts f;
	struct cpc_window w;
	struct cpc_decode d;
	char why[CPC_REASON_LEN];

	base(&f, &w);
	EXPECT(!decide(&f, &w, &d, why) && d.arith == CPC_ARITH_MODULO &&
	       d.base == f.resource && d.ilv.ways == 2, "2-way modulo: %s", why);

	w.arith = CPC_CFMWS_XOR;
	w.maps_found = true;
	EXPECT(!decide(&f, &w, &d, why) && d.arith == CPC_ARITH_XOR && d.nr_maps == 1 &&
	       d.xormaps[0] == 0x2020900, "2-way xor: %s", why);

	/* XOR at the root, modulo below: 4-way region, 2-way window */
	set_ways(&f, 4);
	EXPECT(!decide(&f, &w, &d, why) && d.arith == CPC_ARITH_XOR && d.ilv.ways == 4,
	       "4-way under 2-way xor: %s", why);

	/* 3-way window, aligned base: modulo; unaligned: mod3-unaligned */
	base(&f, &w);
	set_ways(&f, 3);
	f.root_ways = w.ways = 3;
	f.nr_root_targets = w.nr_targets = 3;
	f.root_targets[2] = w.targets[2] = 128;
	f.resource = 3ULL << 30;
	EXPECT(!decide(&f, &w, &d, why) && d.arith == CPC_ARITH_MODULO, "3-way aligned: %s", why);
	f.resource = 0x490000000ULL;
	EXPECT(!decide(&f, &w, &d, why) && d.arith == CPC_ARITH_MOD3_UNALIGNED,
	       "3-way unaligned: %s", why);
	/* a 3-way XOR window has no maps: decodes as the unaligned modulo */
	w.arith = CPC_CFMWS_XOR;
	w.nr_maps = 0;
	EXPECT(!decide(&f, &w, &d, why) && d.arith == CPC_ARITH_MOD3_UNALIGNED,
	       "3-way xor unaligned: %s", why);

	/* 1-way window: its CFMWS granularity does not matter */
	base(&f, &w);
	set_ways(&f, 1);
	f.root_ways = w.ways = 1;
	f.nr_root_targets = w.nr_targets = 1;
	f.gran = f.ep_gran[0] = 4096;
	w.gran = 8192;
	EXPECT(!decide(&f, &w, &d, why) && d.arith == CPC_ARITH_MODULO, "1-way: %s", why);
}

static void refused(void)
{
	struct cpc_region_facts f;
	struct cpc_window w;

	base(&f, &w);
	REFUSED(&f, NULL, "matches no CFMWS");
	w.arith = 2;
	REFUSED(&f, &w, "unknown interleave arithmetic");
	base(&f, &w);
	w.ways = 4;
	REFUSED(&f, &w, "its CFMWS 4 x 256");
	base(&f, &w);
	w.gran = 512;
	REFUSED(&f, &w, "its CFMWS 2 x 512");
	base(&f, &w);
	w.targets[1] = 65;
	REFUSED(&f, &w, "target 1 is 64, its CFMWS says 65");
	base(&f, &w);
	f.nr_root_targets = 1;
	REFUSED(&f, &w, "has 1 targets, its CFMWS 2");
	base(&f, &w);
	f.ways = 5;
	REFUSED(&f, &w, "not a CXL interleave");

	/* normalized addressing: endpoints decode otherwise, or the core refuses */
	base(&f, &w);
	f.ep_ways[1] = 1;
	REFUSED(&f, &w, "position 1: endpoint decoder decodes 1 ways x 256");
	base(&f, &w);
	f.ep_gran[0] = 4096;
	REFUSED(&f, &w, "position 0: endpoint decoder decodes 2 ways x 4096");
	base(&f, &w);
	f.core_refuses = true;
	REFUSED(&f, &w, "normalized addressing");

	/* XOR without maps, with a cache, at an unaligned 6-way base */
	base(&f, &w);
	w.arith = CPC_CFMWS_XOR;
	REFUSED(&f, &w, "no CXIMS");
	w.maps_found = true;
	/* a map selecting bit 25 (0x2020900) and a 16 MiB cache: bit 24 */
	f.cache_size = 1 << 24;
	REFUSED(&f, &w, "XOR map 0x2020900 selects bits at or above the extended linear cache's");
	base(&f, &w);
	w.arith = CPC_CFMWS_XOR;
	w.maps_found = true;
	set_ways(&f, 6);
	f.root_ways = w.ways = 6;
	f.nr_root_targets = w.nr_targets = 0;
	f.resource = 0x490000000ULL;
	REFUSED(&f, &w, "XOR arithmetic at unaligned 6-way base");

	/* unaligned 3-way with two devices per host bridge, or with a cache */
	base(&f, &w);
	f.root_ways = w.ways = 3;
	set_ways(&f, 6);
	f.nr_root_targets = w.nr_targets = 0;
	REFUSED(&f, &w, "with 6 ways x 256 below it: not determined");
	set_ways(&f, 3);
	f.cache_size = 1 << 28;
	/*
	 * The kernel's two decodes agree there (the xlate test measures it):
	 * the reason is this module's unaligned decode, which takes no cache.
	 */
	REFUSED(&f, &w, "unaligned 3-way base with an extended linear cache: not supported");
	EXPECT(!strstr(last_why, "disagree"), "the reason blames the kernel: '%s'", last_why);
}

/*
 * XOR with an extended linear cache: translated where the kernel's two
 * decodes agree (no maps, or maps below the cache size's lowest set bit),
 * and then exactly as the kernel (the 1-way case of a 512 MiB cache).
 */
static void xor_cache(void)
{
	struct cpc_region_facts f;
	struct cpc_window w;
	struct cpc_decode d;
	char why[CPC_REASON_LEN];
	unsigned int pos;
	u64 dpa;
	int rc;

	base(&f, &w);
	set_ways(&f, 1);
	f.root_ways = w.ways = 1;
	f.nr_root_targets = w.nr_targets = 1;
	w.arith = CPC_CFMWS_XOR;
	w.nr_maps = 0;
	f.cache_size = 0x20000000;
	f.size = 0x40000000;
	rc = decide(&f, &w, &d, why);
	EXPECT(!rc && d.arith == CPC_ARITH_XOR && d.cache == f.cache_size,
	       "1-way xor with a cache: %d '%s'", rc, why);
	cpc_decode_locate(&d, f.cache_size + 0x1000, &pos, &dpa);
	EXPECT(pos == 0 && dpa == 0x1000, "1-way xor, cache + 0x1000 -> pos %u dpa %#llx",
	       pos, (unsigned long long)dpa);
	EXPECT(cpc_decode_offset(&d, 0, 0x1000) == f.cache_size + 0x1000,
	       "1-way xor, dpa 0x1000 -> offset %#llx",
	       (unsigned long long)cpc_decode_offset(&d, 0, 0x1000));

	/* 2-way, map 0x2020900 (bits 8..25), 512 MiB cache (bit 29) */
	base(&f, &w);
	w.arith = CPC_CFMWS_XOR;
	w.maps_found = true;
	f.cache_size = 0x20000000;
	f.size = 0x40000000;
	rc = decide(&f, &w, &d, why);
	EXPECT(!rc && d.arith == CPC_ARITH_XOR && d.nr_maps == 1,
	       "2-way xor, maps below the cache: %d '%s'", rc, why);
}

static void window_find(void)
{
	struct cpc_window w[3] = {
		{ .base = 1ULL << 32, .size = 1ULL << 30 },
		{ .base = 1ULL << 33, .size = 1ULL << 30 },
		{ .base = 1ULL << 33, .size = 1ULL << 31 },
	};

	EXPECT(cpc_window_find(w, 3, 1ULL << 33, 1ULL << 31) == &w[2], "find by start and size");
	EXPECT(!cpc_window_find(w, 3, 1ULL << 33, 1ULL << 29), "size must match");
	EXPECT(!cpc_window_find(w, 0, 1ULL << 32, 1ULL << 30), "empty CEDT");
}

static void declared(void)
{
	struct cpc_window w = {
		.base = 0x490000000ULL, .size = 0x100000000ULL,
		.arith = CPC_CFMWS_MODULO, .declared = true,
	}, rw;
	struct cpc_region_facts f;
	struct cpc_decode d;
	char why[CPC_REASON_LEN];

	/* a declared window takes the root decoder as it is: modulo */
	base(&f, &rw);
	f.root_targets[1] = 7;
	EXPECT(cpc_window_find(&w, 1, f.root_start, f.root_size) == &w, "declared found");
	cpc_window_from_root(&f, &w, &rw);
	EXPECT(rw.declared && rw.ways == 2 && rw.gran == 256 && rw.targets[1] == 7,
	       "window from the root decoder");
	EXPECT(!decide(&f, &rw, &d, why) && d.arith == CPC_ARITH_MODULO, "declared 2-way: %s",
	       why);
	/* ... and still refuses what modulo arithmetic cannot know */
	f.ep_ways[1] = 1;
	REFUSED(&f, &rw, "position 1: endpoint decoder decodes 1 ways");
}

int main(void)
{
	accepted();
	refused();
	xor_cache();
	window_find();
	declared();
	return expect_report("test_decide");
}
