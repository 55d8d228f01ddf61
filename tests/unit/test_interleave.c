// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/interleave.c against:
 *  - vectors worked from 7.2's formulas (region.c cxl_calculate_*),
 *  - an independent closed form: granule = off / gran; pos = granule % ways;
 *    dpa = (granule / ways) * gran + off % gran, and its reverse,
 *  - boundaries: first/last byte and line of each granule, last line of a
 *    region, large offsets;
 *  - XOR maps: vectors worked by hand from the CXL spec's XORALLBITS
 *    definition, with the maps of the kernel's cxl_translate test, and a
 *    bit-by-bit parity written here;
 *  - unaligned 3/6/12-way: the kernel's own search (region.c
 *    unaligned_dpa_to_hpa: try every host-bridge slot of the row, keep
 *    the one whose absolute granule modulo ways is the position), written
 *    out here, against the module's closed form;
 *  - round trips of every arithmetic through cpc_decode_offset().
 * Prints "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "expect.h"
#include "interleave.h"

static const unsigned int all_ways[] = { 1, 2, 3, 4, 6, 8, 12, 16 };

/* splitmix64: deterministic, seedable */
static u64 rng_state = 0x5eed;
static u64 rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void check_one(unsigned int ways, unsigned int gran, u64 off)
{
	struct cpc_ilv ilv;
	u64 granule = off / gran, dpa, want_dpa, back;
	unsigned int pos, want_pos;

	if (cpc_ilv_init(&ilv, ways, gran)) {
		EXPECT(0, "init %u x %u", ways, gran);
		return;
	}
	want_pos = granule % ways;
	want_dpa = (granule / ways) * gran + off % gran;
	pos = cpc_ilv_position(&ilv, off);
	dpa = cpc_ilv_dpa_offset(&ilv, off);
	EXPECT(pos == want_pos && dpa == want_dpa,
	       "%u ways x %u: off %#llx -> pos %u dpa %#llx, want %u %#llx",
	       ways, gran, (unsigned long long)off, pos,
	       (unsigned long long)dpa, want_pos, (unsigned long long)want_dpa);
	/* closed-form reverse of the implementation's answer */
	back = ((dpa / gran) * ways + pos) * gran + dpa % gran;
	EXPECT(back == off, "closed-form reverse %#llx != %#llx",
	       (unsigned long long)back, (unsigned long long)off);
	/* the implementation's own reverse (the kernel's cxl_dpa_to_hpa) */
	back = cpc_ilv_hpa_offset(&ilv, pos, dpa);
	EXPECT(back == off, "%u x %u: hpa_offset(%u, %#llx) = %#llx, want %#llx",
	       ways, gran, pos, (unsigned long long)dpa,
	       (unsigned long long)back, (unsigned long long)off);
}

static void vectors(void)
{
	static const struct {
		unsigned int ways, gran;
		u64 off;
		unsigned int pos;
		u64 dpa;
	} v[] = {
		{ 2, 256, 0x100, 1, 0x0 },		/* V03 */
		{ 2, 256, 0x240, 0, 0x140 },		/* V05 */
		{ 4, 256, 0x1c0, 1, 0xc0 },		/* V07 */
		{ 4, 1024, 0x10c40, 3, 0x4040 },	/* V09 */
		{ 16, 256, 0xff00, 15, 0xf00 },		/* V12 */
		{ 3, 256, 0x300, 0, 0x100 },		/* V17 */
		{ 6, 256, 0x5c0, 5, 0xc0 },		/* V20 */
		{ 12, 8192, 0xfffffc0, 7, 0x1555fc0 },	/* V23 */
		{ 1, 4096, 0x12345c0, 0, 0x12345c0 },
		{ 8, 16384, 0x20000, 0, 0x4000 },
	};
	struct cpc_ilv ilv;
	unsigned int i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		EXPECT(!cpc_ilv_init(&ilv, v[i].ways, v[i].gran), "vector %u init", i);
		EXPECT(cpc_ilv_position(&ilv, v[i].off) == v[i].pos &&
		       cpc_ilv_dpa_offset(&ilv, v[i].off) == v[i].dpa,
		       "vector %u: %u x %u off %#llx", i, v[i].ways, v[i].gran,
		       (unsigned long long)v[i].off);
		EXPECT(cpc_ilv_hpa_offset(&ilv, v[i].pos, v[i].dpa) == v[i].off,
		       "vector %u reverse", i);
	}
}

static void invalid(void)
{
	static const unsigned int bad_ways[] = { 0, 5, 7, 9, 10, 24, 32 };
	static const unsigned int bad_gran[] = { 0, 64, 128, 255, 257, 768, 32768 };
	struct cpc_ilv ilv;
	unsigned int i;

	for (i = 0; i < sizeof(bad_ways) / sizeof(bad_ways[0]); i++)
		EXPECT(cpc_ilv_init(&ilv, bad_ways[i], 256) == -EINVAL,
		       "ways %u accepted", bad_ways[i]);
	for (i = 0; i < sizeof(bad_gran) / sizeof(bad_gran[0]); i++)
		EXPECT(cpc_ilv_init(&ilv, 2, bad_gran[i]) == -EINVAL,
		       "granularity %u accepted", bad_gran[i]);
}

static void sweep(void)
{
	unsigned int w, g, k;

	for (w = 0; w < sizeof(all_ways) / sizeof(all_ways[0]); w++) {
		for (g = 256; g <= 16384; g <<= 1) {
			unsigned int ways = all_ways[w];
			u64 size = (u64)ways * 0x10000000ULL;	/* 256 MiB per device */
			u64 chunk;

			/* boundaries of the first granules of every position */
			for (chunk = 0; chunk < 3 * ways; chunk++) {
				check_one(ways, g, chunk * g);
				check_one(ways, g, chunk * g + 64);
				check_one(ways, g, chunk * g + g - 64);
				check_one(ways, g, chunk * g + g - 1);
			}
			check_one(ways, g, size - 64);
			check_one(ways, g, size - 1);
			check_one(ways, g, (1ULL << 51) / g / ways * g * ways - 64);
			for (k = 0; k < 20000; k++)
				check_one(ways, g, (rnd() % size) & ~63ULL);
			for (k = 0; k < 2000; k++)
				check_one(ways, g, rnd() & ((1ULL << 50) - 1));
		}
	}
}

static void base_alignment(void)
{
	const u64 mib256 = 1ULL << 28;

	EXPECT(cpc_ilv_base_aligned(1, 0x490000000ULL), "1-way any base");
	EXPECT(cpc_ilv_base_aligned(2, 0x12345000ULL), "2-way any base");
	EXPECT(cpc_ilv_base_aligned(16, 0x40ULL), "16-way any base");
	EXPECT(cpc_ilv_base_aligned(3, 0), "3-way at 0");
	EXPECT(cpc_ilv_base_aligned(3, 3 * mib256 * 7), "3-way at 21 x 256M");
	EXPECT(!cpc_ilv_base_aligned(3, 0x490000000ULL), "3-way at 0x490000000 (73 x 256M)");
	EXPECT(cpc_ilv_base_aligned(6, 6 * mib256 * 5), "6-way at 30 x 256M");
	EXPECT(!cpc_ilv_base_aligned(6, 3 * mib256), "6-way at 3 x 256M");
	EXPECT(!cpc_ilv_base_aligned(12, 6 * mib256), "12-way at 6 x 256M");
	EXPECT(cpc_ilv_base_aligned(12, 12 * mib256 * 3), "12-way at 36 x 256M");
	EXPECT(!cpc_ilv_base_aligned(3, 3 * mib256 + 0x1000), "3-way off by 4K");
}

/* Maps of tools/testing/cxl/test/cxl_translate.c (7.2). */
static const u64 kmaps[] = { 0x2020900, 0x4041200, 0x1010400, 0x800 };

/* XORALLBITS, one bit at a time (CXL 3.1 Table 9-22). */
static u64 xor_ref(const u64 *maps, unsigned int nr, u64 addr)
{
	unsigned int i, b, low, parity;

	for (i = 0; i < nr; i++) {
		for (low = 0; !(maps[i] >> low & 1); low++)
			;
		parity = 0;
		for (b = 0; b < 64; b++)
			parity ^= (addr & maps[i]) >> b & 1;
		addr = (addr & ~(1ULL << low)) | ((u64)parity << low);
	}
	return addr;
}

static void xor_vectors(void)
{
	static const struct {
		unsigned int ways, nr;
		u64 off;
		unsigned int pos;
		u64 dpa;
	} v[] = {
		/* 0x900: bits 8 and 11 of map 0 -> parity 0 -> bit 8 cleared */
		{ 2, 1, 0x900, 0, 0x400 },
		/* 0x100: bit 8 alone -> parity 1 -> stays */
		{ 2, 1, 0x100, 1, 0x0 },
		/* 0x20000: bit 17 of map 0 -> bit 8 set -> position 1 */
		{ 2, 1, 0x20000, 1, 0x10000 },
		/* 0x1000: bit 12 of map 1 -> bit 9 set -> position 2 */
		{ 4, 2, 0x1000, 2, 0x400 },
		/* 0x800: map 0 sets bit 8, map 1 sees nothing -> position 1 */
		{ 4, 2, 0x800, 1, 0x200 },
	};
	struct cpc_decode d = { .arith = CPC_ARITH_XOR, .base = 0x400000000ULL };
	unsigned int i, pos;
	u64 dpa;

	memcpy(d.xormaps, kmaps, sizeof(d.xormaps));
	EXPECT(cpc_xor_apply(kmaps, 1, 0x900) == 0x800, "xor 0x900");
	EXPECT(cpc_xor_apply(kmaps, 1, 0x800) == 0x900, "xor 0x800");
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		cpc_ilv_init(&d.ilv, v[i].ways, 256);
		d.nr_maps = v[i].nr;
		cpc_decode_locate(&d, v[i].off, &pos, &dpa);
		EXPECT(pos == v[i].pos && dpa == v[i].dpa,
		       "xor vector %u: off %#llx -> pos %u dpa %#llx", i,
		       (unsigned long long)v[i].off, pos, (unsigned long long)dpa);
		EXPECT(cpc_decode_offset(&d, pos, dpa) == v[i].off, "xor vector %u reverse", i);
	}
	EXPECT(cpc_xor_nr_maps(1) == 0 && cpc_xor_nr_maps(3) == 0 && cpc_xor_nr_maps(2) == 1 &&
	       cpc_xor_nr_maps(6) == 1 && cpc_xor_nr_maps(12) == 2 && cpc_xor_nr_maps(16) == 4 &&
	       cpc_xor_nr_maps(5) == -EINVAL, "xor map counts");
}

/* Round trip, and the parity against xor_ref, for random XOR decodes. */
static void xor_random(void)
{
	static const unsigned int ways[] = { 2, 4, 8, 16, 6, 12 };
	struct cpc_decode d = { .arith = CPC_ARITH_XOR };
	unsigned int w, k, pos;
	u64 off, dpa, a;

	memcpy(d.xormaps, kmaps, sizeof(d.xormaps));
	for (k = 0; k < 100000; k++) {
		a = rnd() & ((1ULL << 52) - 1);
		EXPECT(cpc_xor_apply(kmaps, 4, a) == xor_ref(kmaps, 4, a), "xor %#llx",
		       (unsigned long long)a);
		EXPECT(cpc_xor_apply(kmaps, 4, cpc_xor_apply(kmaps, 4, a)) == a,
		       "xor self-inverse %#llx", (unsigned long long)a);
	}
	for (w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
		cpc_ilv_init(&d.ilv, ways[w], 256 << (w % 3));
		d.nr_maps = cpc_xor_nr_maps(ways[w]);
		d.base = (rnd() % 64) * ((u64)ways[w] << 28);
		for (k = 0; k < 20000; k++) {
			off = (rnd() % ((u64)ways[w] << 28)) & ~63ULL;
			cpc_decode_locate(&d, off, &pos, &dpa);
			EXPECT(pos < ways[w] && cpc_decode_offset(&d, pos, dpa) == off,
			       "xor %u-way round trip %#llx", ways[w], (unsigned long long)off);
		}
	}
}

/* The kernel's unaligned search (region.c, 7.2), one device per host bridge. */
static int unaligned_ref(u64 base, unsigned int ways, unsigned int gran, u64 off,
			 unsigned int *pos, u64 *dpa)
{
	u64 dpa_off = off / ((u64)gran * ways) * gran + off % gran, hpa;
	unsigned int p, slot;

	for (p = 0; p < ways; p++) {
		for (slot = 0; slot < ways; slot++) {
			hpa = (dpa_off & ~(u64)(gran - 1)) * ways + (u64)slot * gran +
			      (dpa_off & (gran - 1)) + base;
			if ((hpa / gran) % ways == p)
				break;
		}
		if (hpa == base + off) {
			*pos = p;
			*dpa = dpa_off;
			return 0;
		}
	}
	return -1;
}

static void unaligned(void)
{
	static const unsigned int ways[] = { 3, 6, 12 };
	struct cpc_decode d = { .arith = CPC_ARITH_MOD3_UNALIGNED };
	unsigned int w, k, pos, want_pos;
	u64 off, dpa, want_dpa;

	/* QEMU's default window with three host bridges: offset 0 -> position 1 */
	cpc_ilv_init(&d.ilv, 3, 256);
	d.base = 0x490000000ULL;
	cpc_decode_locate(&d, 0, &pos, &dpa);
	EXPECT(pos == 1 && dpa == 0, "3-way at 0x490000000: offset 0 -> pos %u dpa %#llx",
	       pos, (unsigned long long)dpa);
	for (w = 0; w < 3; w++) {
		cpc_ilv_init(&d.ilv, ways[w], 256 << w);
		for (k = 0; k < 20000; k++) {
			if (k % 2000 == 0)
				d.base = (rnd() % 1024) << 28;
			off = (rnd() % ((u64)ways[w] << 28)) & ~63ULL;
			cpc_decode_locate(&d, off, &pos, &dpa);
			EXPECT(!unaligned_ref(d.base, ways[w], 256 << w, off, &want_pos, &want_dpa) &&
			       pos == want_pos && dpa == want_dpa,
			       "unaligned %u-way base %#llx off %#llx: %u %#llx want %u %#llx",
			       ways[w], (unsigned long long)d.base, (unsigned long long)off,
			       pos, (unsigned long long)dpa, want_pos, (unsigned long long)want_dpa);
			EXPECT(cpc_decode_offset(&d, pos, dpa) == off, "unaligned round trip");
		}
	}
}

/* Modulo decode with an extended linear cache in front. */
static void modulo_cache(void)
{
	struct cpc_decode d = { .arith = CPC_ARITH_MODULO, .cache = 1ULL << 30 };
	unsigned int k, pos;
	u64 off, dpa;

	cpc_ilv_init(&d.ilv, 2, 4096);
	for (k = 0; k < 20000; k++) {
		off = d.cache + ((rnd() % (1ULL << 30)) & ~63ULL);
		cpc_decode_locate(&d, off, &pos, &dpa);
		EXPECT(pos == ((off - d.cache) / 4096) % 2 &&
		       cpc_decode_offset(&d, pos, dpa) == off, "cache %#llx",
		       (unsigned long long)off);
	}
}

/*
 * XOR decode with an extended linear cache in front, against the kernel's
 * own two directions written out (7.2 region.c): region offset -> DPA
 * (region_offset_to_dpa_result() after the debugfs path subtracts the
 * cache: spa_to_hpa(start + offset - cache) - start) and DPA -> HPA
 * (cxl_dpa_to_hpa(): hpa_to_spa(start + hpa_offset + cache)). Windows of
 * 1 and 3 ways apply no maps; maps whose bits all lie below the cache
 * size's lowest set bit commute with adding it, so both directions agree.
 */
static void kernel_xor_fwd(const struct cpc_decode *d, u64 off, unsigned int *pos, u64 *dpa)
{
	u64 hpa_off = cpc_xor_apply(d->xormaps, d->nr_maps, d->base + off - d->cache) - d->base;

	*pos = cpc_ilv_position(&d->ilv, hpa_off);
	*dpa = cpc_ilv_dpa_offset(&d->ilv, hpa_off);
}

static u64 kernel_xor_rev(const struct cpc_decode *d, unsigned int pos, u64 dpa)
{
	return cpc_xor_apply(d->xormaps, d->nr_maps,
			     d->base + cpc_ilv_hpa_offset(&d->ilv, pos, dpa) + d->cache) - d->base;
}

static void xor_cache(void)
{
	static const unsigned int ways[] = { 1, 3, 2, 4, 8, 16, 6, 12 };
	struct cpc_decode d = { .arith = CPC_ARITH_XOR, .base = 0x1000000000ULL };
	unsigned int w, k, pos, kpos, nr;
	u64 off, dpa, kdpa, size;

	/* The 1-way case: the line past a 512 MiB cache is DPA offset 0x1000. */
	d.cache = 0x20000000;
	cpc_ilv_init(&d.ilv, 1, 256);
	cpc_decode_locate(&d, d.cache + 0x1000, &pos, &dpa);
	EXPECT(pos == 0 && dpa == 0x1000, "1-way xor, cache: %#llx -> pos %u dpa %#llx",
	       (unsigned long long)(d.cache + 0x1000), pos, (unsigned long long)dpa);
	EXPECT(cpc_decode_offset(&d, 0, 0x1000) == d.cache + 0x1000,
	       "1-way xor, cache: dpa 0x1000 -> %#llx",
	       (unsigned long long)cpc_decode_offset(&d, 0, 0x1000));

	memcpy(d.xormaps, kmaps, sizeof(d.xormaps));
	for (w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
		nr = cpc_xor_nr_maps(ways[w]);
		cpc_ilv_init(&d.ilv, ways[w], 256 << (w % 4));
		d.nr_maps = nr;
		/* cache = region capacity, a multiple of ways x 256 MiB: bit >= 28 */
		size = (u64)ways[w] << 28;
		d.cache = size;
		for (k = 0; k < 20000; k++) {
			off = d.cache + ((rnd() % size) & ~63ULL);
			cpc_decode_locate(&d, off, &pos, &dpa);
			kernel_xor_fwd(&d, off, &kpos, &kdpa);
			EXPECT(pos == kpos && dpa == kdpa, "%u-way xor, cache %#llx: %#llx -> %u/%#llx, kernel %u/%#llx",
			       ways[w], (unsigned long long)d.cache, (unsigned long long)off, pos,
			       (unsigned long long)dpa, kpos, (unsigned long long)kdpa);
			EXPECT(cpc_decode_offset(&d, pos, dpa) == off &&
			       kernel_xor_rev(&d, pos, dpa) == off,
			       "%u-way xor, cache: round trip %#llx", ways[w], (unsigned long long)off);
		}
	}

	/*
	 * What decide.c refuses: a map (0x2020900, bit 25) above the cache's
	 * lowest bit (16 MiB, bit 24) makes the kernel's two directions
	 * disagree on some offsets.
	 */
	cpc_ilv_init(&d.ilv, 2, 256);
	d.nr_maps = 1;
	d.cache = 1ULL << 24;
	for (nr = 0, k = 0; k < 20000; k++) {
		off = d.cache + ((rnd() % (1ULL << 29)) & ~63ULL);
		kernel_xor_fwd(&d, off, &kpos, &kdpa);
		nr += kernel_xor_rev(&d, kpos, kdpa) != off;
	}
	EXPECT(nr > 0, "xor map above the cache: the kernel's directions never disagreed");
}

int main(void)
{
	base_alignment();
	vectors();
	invalid();
	sweep();
	xor_vectors();
	xor_random();
	unaligned();
	modulo_cache();
	xor_cache();
	return expect_report("test_interleave");
}
