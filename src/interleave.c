// SPDX-License-Identifier: GPL-2.0
/*
 * Device decode per CXL 3.2 8.2.4.20.13, as the kernel applies it
 * (drivers/cxl/core/region.c, cxl_calculate_{position,dpa_offset,
 * hpa_offset} in 7.2, which are exported only to the cxl_translate test
 * module, hence this re-implementation), and the root decoder's part:
 * XOR maps (drivers/cxl/acpi.c, cxl_do_xormap_calc) and the unaligned
 * 3/6/12-way decode (region.c, unaligned_dpa_to_hpa).
 *
 * For power-of-two ways the position is the IW bits above the granule;
 * for 3, 6 and 12 ways it is the granule index modulo ways.
 */
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/math64.h>

#include "interleave.h"

/* CXL 3.2 8.2.4.20.7: encoded ways, indexed by eiw */
static const unsigned int cpc_eiw_table[] = { 1, 2, 4, 8, 16, 0, 0, 0, 3, 6, 12 };

/**
 * cpc_eiw_ways() - the ways an encoded ways field stands for
 * @eiw: encoded ways (a decoder's, a CFMWS's)
 * @ways: set on success
 *
 * Return: 0, or -EINVAL for an encoding CXL does not define.
 */
int cpc_eiw_ways(u8 eiw, unsigned int *ways)
{
	if (eiw >= ARRAY_SIZE(cpc_eiw_table) || !cpc_eiw_table[eiw])
		return -EINVAL;
	*ways = cpc_eiw_table[eiw];
	return 0;
}

/**
 * cpc_eig_gran() - the granularity an encoded granularity field stands for
 * @eig: encoded granularity (a decoder's, a CFMWS's, a CXIMS's)
 * @gran: set on success, in bytes
 *
 * Return: 0, or -EINVAL for an encoding CXL does not define.
 */
int cpc_eig_gran(u32 eig, unsigned int *gran)
{
	if (eig > CPC_EIG_MAX)
		return -EINVAL;
	*gran = 256U << eig;
	return 0;
}

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
	unsigned int eiw, eig, v;

	for (eiw = 0; eiw < ARRAY_SIZE(cpc_eiw_table); eiw++)
		if (!cpc_eiw_ways(eiw, &v) && v == ways)
			break;
	for (eig = 0; eig <= CPC_EIG_MAX; eig++)
		if (!cpc_eig_gran(eig, &v) && v == gran)
			break;
	if (eiw == ARRAY_SIZE(cpc_eiw_table) || eig > CPC_EIG_MAX)
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
 *
 * Return: the position, < ways.
 */
unsigned int cpc_ilv_position(const struct cpc_ilv *ilv, u64 hpa_off)
{
	u64 granule = hpa_off >> (ilv->eig + 8), rem;

	if (ilv->eiw < 8)
		return granule & (ilv->ways - 1);
	div64_u64_rem(granule, ilv->ways, &rem);
	return rem;
}

/**
 * cpc_ilv_dpa_offset() - offset into the position's decoder DPA range
 * @ilv: the interleave
 * @hpa_off: offset from the region's HPA base (after any cache)
 *
 * Return: the DPA offset.
 */
u64 cpc_ilv_dpa_offset(const struct cpc_ilv *ilv, u64 hpa_off)
{
	u64 low = hpa_off & GENMASK_ULL(ilv->eig + 7, 0);
	u64 upper;

	if (ilv->eiw < 8) {
		upper = hpa_off & ~GENMASK_ULL(ilv->eig + ilv->eiw + 7, 0);
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
 *
 * Return: the HPA offset.
 */
u64 cpc_ilv_hpa_offset(const struct cpc_ilv *ilv, unsigned int pos, u64 dpa_off)
{
	u64 upper = dpa_off & GENMASK_ULL(51, ilv->eig + 8);
	u64 hpa;

	if (ilv->eiw < 8) {
		hpa = (upper << ilv->eiw) | ((u64)pos << (ilv->eig + 8));
	} else {
		upper = (upper >> (ilv->eig + 8)) * 3;
		hpa = ((upper << (ilv->eiw - 8)) + pos) << (ilv->eig + 8);
	}
	return hpa | (dpa_off & GENMASK_ULL(ilv->eig + 7, 0));
}

/**
 * cpc_ilv_base_aligned() - does region-level decode hold at this base
 * @root_ways: the root decoder's (host bridge) interleave ways
 * @base: the region's HPA base
 *
 * With a 3, 6 or 12-way host-bridge interleave the position of an HPA is
 * taken modulo the ways from the *absolute* address; the region-offset
 * formula agrees only when the base is a multiple of ways x 256 MiB.
 *
 * Return: whether the region-offset decode holds.
 */
bool cpc_ilv_base_aligned(unsigned int root_ways, u64 base)
{
	u64 rem;

	if (is_power_of_2(root_ways))
		return true;
	div64_u64_rem(base, root_ways * CPC_WINDOW_ALIGN, &rem);
	return !rem;
}

/**
 * cpc_xor_nr_maps() - how many XOR maps a window of @root_ways applies
 * @root_ways: the window's (host bridge) interleave ways
 *
 * log2(ways) for 2/4/8/16, log2(ways / 3) for 6/12; none for 1 and 3.
 *
 * Return: the count, or -EINVAL for ways CXL does not define.
 */
int cpc_xor_nr_maps(unsigned int root_ways)
{
	switch (root_ways) {
	case 1: case 2: case 4: case 8: case 16:
		return ilog2(root_ways);
	case 3: case 6: case 12:
		return ilog2(root_ways / 3);
	}
	return -EINVAL;
}

/**
 * cpc_xor_apply() - the XOR maps' rewrite of an address (self-inverse)
 * @maps: the maps
 * @nr: how many of them to apply
 * @addr: an absolute host physical address
 *
 * Each map replaces the address bit at its lowest set bit by the parity
 * of the address bits it selects, one map after the other.
 *
 * Return: the rewritten address.
 */
u64 cpc_xor_apply(const u64 *maps, unsigned int nr, u64 addr)
{
	unsigned int i, bit;
	u64 parity;

	for (i = 0; i < nr; i++) {
		if (!maps[i])
			continue;
		bit = __ffs64(maps[i]);
		parity = hweight64(addr & maps[i]) & 1;
		addr = (addr & ~BIT_ULL(bit)) | parity << bit;
	}
	return addr;
}

/**
 * cpc_decode_locate() - where a region offset lands
 * @d: the region's decode
 * @offset: region offset, at or past the cache, inside the region
 * @pos: set to its position
 *
 * With an extended linear cache in front, the cache size comes off the
 * offset before any decode and goes back on after (7.2's debugfs path and
 * cxl_dpa_to_hpa()); for XOR the maps apply to the address without it in
 * one direction and with it in the other, as the kernel does: decide.c
 * accepts a cache only where the two agree.
 * @dpa_off: set to its offset into that position's decoder DPA range
 */
void cpc_decode_locate(const struct cpc_decode *d, u64 offset, unsigned int *pos,
		       u64 *dpa_off)
{
	u64 hpa_off = offset - d->cache;

	switch (d->arith) {
	case CPC_ARITH_XOR:
		/* As 7.2's debugfs path: the cache off first, then spa_to_hpa. */
		hpa_off = cpc_xor_apply(d->xormaps, d->nr_maps, d->base + hpa_off) - d->base;
		break;
	case CPC_ARITH_MOD3_UNALIGNED:
		/* Row and column from the offset, the slot's owner from the address. */
		*pos = cpc_ilv_position(&d->ilv, d->base + offset);
		*dpa_off = cpc_ilv_dpa_offset(&d->ilv, offset);
		return;
	case CPC_ARITH_MODULO:
		break;
	}
	*pos = cpc_ilv_position(&d->ilv, hpa_off);
	*dpa_off = cpc_ilv_dpa_offset(&d->ilv, hpa_off);
}

/**
 * cpc_decode_offset() - the reverse: region offset of a position's DPA offset
 * @d: the region's decode
 * @pos: position, < ways
 * @dpa_off: offset into that position's decoder DPA range
 *
 * Return: the region offset.
 */
u64 cpc_decode_offset(const struct cpc_decode *d, unsigned int pos, u64 dpa_off)
{
	unsigned int ways = d->ilv.ways, slot;
	u64 first;

	switch (d->arith) {
	case CPC_ARITH_XOR:
		/* As cxl_dpa_to_hpa(): the cache added, then hpa_to_spa. */
		return cpc_xor_apply(d->xormaps, d->nr_maps,
				     d->base + d->cache +
				     cpc_ilv_hpa_offset(&d->ilv, pos, dpa_off)) - d->base;
	case CPC_ARITH_MOD3_UNALIGNED:
		/* The slot of each row that @pos owns: the base shifts them. */
		first = cpc_ilv_position(&d->ilv, d->base);
		slot = (pos + ways - first) % ways;
		return cpc_ilv_hpa_offset(&d->ilv, slot, dpa_off);
	case CPC_ARITH_MODULO:
		break;
	}
	return d->cache + cpc_ilv_hpa_offset(&d->ilv, pos, dpa_off);
}

/* The name geometry prints for @arith. */
const char *cpc_arith_name(enum cpc_arith arith)
{
	switch (arith) {
	case CPC_ARITH_MODULO:
		return "modulo";
	case CPC_ARITH_XOR:
		return "xor";
	case CPC_ARITH_MOD3_UNALIGNED:
		return "mod3-unaligned";
	}
	return "unknown";
}
