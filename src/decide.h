/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether, and how, a region's offsets can be translated exactly: decided
 * once, when its geometry is read, from its sysfs values and the CEDT.
 *
 * Pure code, compiled in userspace by tests/unit as well.
 */
#ifndef CPC_DECIDE_H
#define CPC_DECIDE_H

#include <linux/types.h>

#include "interleave.h"

#define CPC_MAX_WAYS 16
#define CPC_REASON_LEN 160

/* ACPI CEDT CFMWS interleave_arithmetic values. */
#define CPC_CFMWS_MODULO 0
#define CPC_CFMWS_XOR 1

/**
 * struct cpc_window - a CXL fixed memory window (CFMWS) as the kernel
 * turns it into a root decoder
 * @base: HPA base
 * @size: window size
 * @ways: host-bridge interleave ways
 * @gran: granularity as the root decoder shows it (256 for 1 way)
 * @arith: CPC_CFMWS_MODULO or CPC_CFMWS_XOR (anything else: unknown)
 * @nr_targets: entries in @targets
 * @targets: host bridge UIDs, in interleave order
 * @nr_maps: XOR maps the kernel applies (see cpc_xor_nr_maps())
 * @maps_found: a CXIMS with this window's granularity provided them
 * @xormaps: the maps
 * @declared: not from the CEDT but declared by the administrator as a
 *            modulo window (module parameter modulo_windows); only @base,
 *            @size and @arith are known, the rest is the root decoder's
 */
struct cpc_window {
	u64 base;
	u64 size;
	unsigned int ways;
	unsigned int gran;
	u8 arith;
	unsigned int nr_targets;
	u32 targets[CPC_MAX_WAYS];
	unsigned int nr_maps;
	bool maps_found;
	u64 xormaps[CPC_MAX_XORMAPS];
	bool declared;
};

/**
 * struct cpc_region_facts - what sysfs says of a committed region
 * @resource: HPA base
 * @size: HPA size, cache included
 * @cache_size: extended linear cache in front (0: none)
 * @ways: interleave ways
 * @gran: interleave granularity
 * @root_start: root decoder (window) HPA start
 * @root_size: root decoder size
 * @root_ways: root decoder interleave ways
 * @root_gran: root decoder interleave granularity
 * @nr_root_targets: entries in @root_targets
 * @root_targets: the root decoder's target_list (host bridge UIDs)
 * @ep_ways: per position, the endpoint decoder's interleave_ways
 * @ep_gran: per position, the endpoint decoder's interleave_granularity
 * @core_refuses: the CXL core offers region poison files on this kernel
 *                but not for this region, although every memdev enables
 *                the commands: it cannot translate the region itself
 */
struct cpc_region_facts {
	u64 resource;
	u64 size;
	u64 cache_size;
	unsigned int ways;
	unsigned int gran;
	u64 root_start;
	u64 root_size;
	unsigned int root_ways;
	unsigned int root_gran;
	unsigned int nr_root_targets;
	u32 root_targets[CPC_MAX_WAYS];
	unsigned int ep_ways[CPC_MAX_WAYS];
	unsigned int ep_gran[CPC_MAX_WAYS];
	bool core_refuses;
};

const struct cpc_window *cpc_window_find(const struct cpc_window *w, unsigned int nr,
					 u64 start, u64 size);
void cpc_window_from_root(const struct cpc_region_facts *f, const struct cpc_window *decl,
			  struct cpc_window *w);
int cpc_decide(const struct cpc_region_facts *f, const struct cpc_window *w,
	       struct cpc_decode *d, char *reason, size_t len);

#endif /* CPC_DECIDE_H */
