/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's half of the differential test (kernel_glue.c): a region of
 * a given geometry, decoded by the kernel's own code. Plain types only, so
 * xlate.c, which compiles the module's src/, needs no private CXL header.
 */
#ifndef XL_KERNEL_SIDE_H
#define XL_KERNEL_SIDE_H

#include <linux/types.h>

/**
 * struct xl_geom - one geometry, as the kernel would build it
 * @xor: the window decodes by XOR (CFMWS arithmetic 1), else modulo
 * @root_ways: the root decoder's (host bridge) interleave ways
 * @root_gran: the root decoder's granularity (256 for 1 way, as cxl_acpi)
 * @ways: the region's interleave ways
 * @gran: the region's granularity
 * @base: the region's HPA base (cache included)
 * @size: the region's HPA size (cache included)
 * @cache: extended linear cache in front of the region
 * @dpa_size: each position's decoder DPA size
 * @nr_maps: XOR maps (the CXIMS entry for @root_gran)
 * @maps: the maps
 */
struct xl_geom {
	bool xor;
	unsigned int root_ways;
	unsigned int root_gran;
	unsigned int ways;
	unsigned int gran;
	u64 base;
	u64 size;
	u64 cache;
	u64 dpa_size;
	unsigned int nr_maps;
	u64 maps[4];
};

int xl_kernel_init(void);
void xl_kernel_exit(void);
void xl_kernel_setup(const struct xl_geom *g);
void xl_kernel_lock(void);
void xl_kernel_unlock(void);
int xl_kernel_locate(u64 offset, unsigned int *pos, u64 *dpa_off);
int xl_kernel_locate_held(u64 offset, unsigned int *pos, u64 *dpa_off);
int xl_kernel_offset(unsigned int pos, u64 dpa_off, u64 *offset);

#endif /* XL_KERNEL_SIDE_H */
