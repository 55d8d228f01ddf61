// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/interleave.c against:
 *  - vectors computed from the 7.2 kernel's decode formulas,
 *  - an independent closed form: granule = off / gran; pos = granule % ways;
 *    dpa = (granule / ways) * gran + off % gran, and its reverse,
 *  - boundaries: first/last byte and line of each granule, last line of a
 *    region, large offsets.
 * Prints "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

#include "interleave.h"

static unsigned long passed, failed;

#define EXPECT(cond, ...) do {					\
	if (cond) {						\
		passed++;					\
	} else {						\
		failed++;					\
		if (failed < 20) {				\
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__);			\
			printf("\n");				\
		}						\
	}							\
} while (0)

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

int main(void)
{
	base_alignment();
	vectors();
	invalid();
	sweep();
	printf("test_interleave: %lu passed, %lu failed\n", passed, failed);
	return failed ? 1 : 0;
}
