/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One poison operation: snapshot -> lock -> re-validate -> export ->
 * re-validate.
 */
#ifndef CPC_POISON_H
#define CPC_POISON_H

#include <linux/types.h>

#include "geometry.h"

struct device;
struct cpc_entry;

/**
 * struct cpc_xlate - where a region offset lands
 * @offset: region offset
 * @hpa: host physical address (resource + offset)
 * @dpa: device physical address on @memdev
 * @pos: interleave position
 * @region: region name
 * @memdev: memdev name
 * @decoder: endpoint decoder name
 */
struct cpc_xlate {
	u64 offset;
	u64 hpa;
	u64 dpa;
	unsigned int pos;
	char region[CPC_NAME_LEN];
	char memdev[CPC_NAME_LEN];
	char decoder[CPC_NAME_LEN];
};

/* Longest range one write may name: 4096 lines (256 KiB). */
#define CPC_MAX_LINES 4096

int cpc_region_translate(struct cpc_entry *e, u64 offset, struct cpc_xlate *x);
int cpc_region_poison(struct cpc_entry *e, u64 offset, u64 len, bool inject);
int cpc_memdev_poison(struct device *memdev, u64 dpa, u64 len, bool inject);
int cpc_clear_all(void);

#endif /* CPC_POISON_H */
