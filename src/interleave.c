// SPDX-License-Identifier: GPL-2.0
/*
 * Device decode per CXL 3.2 8.2.4.20.13, as the kernel applies it
 * (drivers/cxl/core/region.c, cxl_calculate_{position,dpa_offset,
 * hpa_offset} in 7.2, which are exported only to the cxl_translate test
 * module, hence this re-implementation).
 *
 * For power-of-two ways the position is the IW bits above the granule;
 * for 3, 6 and 12 ways it is the granule index modulo ways.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#include "interleave.h"

/* Bits h..l set, as GENMASK_ULL(h, l); h < 64. */
#define CPC_MASK(h, l) ((~0ULL >> (63 - (h))) & (~0ULL << (l)))

/**
 * cpc_ilv_init() - encode an interleave
 * @ilv: filled in on success
 * @ways: 1, 2, 3, 4, 6, 8, 12 or 16
 * @gran: 256 .. 16384, a power of two
 *
 * Return: 0, or -EINVAL for an interleave CXL does not define.
 */
int cpc_ilv_init(struct cpc_ilv *ilv, unsigned int ways, unsigned int gran)
{
	/* CXL 3.2 8.2.4.20.7: encoded ways, indexed by eiw */
	static const unsigned int eiw_ways[] = { 1, 2, 4, 8, 16, 0, 0, 0, 3, 6, 12 };
	unsigned int eiw, eig;

	for (eiw = 0; eiw < ARRAY_SIZE(eiw_ways); eiw++)
		if (eiw_ways[eiw] && eiw_ways[eiw] == ways)
			break;
	for (eig = 0; eig <= 6; eig++)
		if (gran == 256U << eig)
			break;
	if (eiw == ARRAY_SIZE(eiw_ways) || eig > 6)
		return -EINVAL;
	ilv->eiw = eiw;
	ilv->eig = eig;
	ilv->ways = ways;
	ilv->gran = gran;
	return 0;
}

/**
 * cpc_ilv_position() - interleave position that decodes an HPA offset
 * @ilv: the interleave
 * @hpa_off: offset from the region's HPA base (after any cache)
 */
unsigned int cpc_ilv_position(const struct cpc_ilv *ilv, u64 hpa_off)
{
	u64 granule = hpa_off >> (ilv->eig + 8);

	if (ilv->eiw < 8)
		return granule & (ilv->ways - 1);
	return granule - div64_u64(granule, ilv->ways) * ilv->ways;
}

/**
 * cpc_ilv_dpa_offset() - offset into the position's decoder DPA range
 * @ilv: the interleave
 * @hpa_off: offset from the region's HPA base (after any cache)
 */
u64 cpc_ilv_dpa_offset(const struct cpc_ilv *ilv, u64 hpa_off)
{
	u64 low = hpa_off & CPC_MASK(ilv->eig + 7, 0);
	u64 upper;

	if (ilv->eiw < 8) {
		upper = hpa_off & ~CPC_MASK(ilv->eig + ilv->eiw + 7, 0);
		return (upper >> ilv->eiw) | low;
	}
	upper = div64_u64(hpa_off >> (ilv->eig + ilv->eiw), 3);
	return (upper << (ilv->eig + 8)) | low;
}

/**
 * cpc_ilv_hpa_offset() - the reverse: HPA offset of a position's DPA offset
 * @ilv: the interleave
 * @pos: position, < ways
 * @dpa_off: offset into the position's decoder DPA range
 */
u64 cpc_ilv_hpa_offset(const struct cpc_ilv *ilv, unsigned int pos, u64 dpa_off)
{
	u64 upper = dpa_off & CPC_MASK(51, ilv->eig + 8);
	u64 hpa;

	if (ilv->eiw < 8) {
		hpa = (upper << ilv->eiw) | ((u64)pos << (ilv->eig + 8));
	} else {
		upper = (upper >> (ilv->eig + 8)) * 3;
		hpa = ((upper << (ilv->eiw - 8)) + pos) << (ilv->eig + 8);
	}
	return hpa | (dpa_off & CPC_MASK(ilv->eig + 7, 0));
}

/**
 * cpc_ilv_base_aligned() - does region-level decode hold at this base
 * @root_ways: the root decoder's (host bridge) interleave ways
 * @base: the region's HPA base
 *
 * With a 3, 6 or 12-way host-bridge interleave the position of an HPA is
 * taken modulo the ways from the *absolute* address; the region-offset
 * formula agrees only when the base is a multiple of ways x 256 MiB
 * (7.2 region.c handles the rest by search, 6.12 gets it wrong).
 */
bool cpc_ilv_base_aligned(unsigned int root_ways, u64 base)
{
	if (root_ways != 3 && root_ways != 6 && root_ways != 12)
		return true;
	return base - div64_u64(base, (u64)root_ways << 28) * ((u64)root_ways << 28) == 0;
}
