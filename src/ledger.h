/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record of poison injected through this module and not yet cleared.
 */
#ifndef CPC_LEDGER_H
#define CPC_LEDGER_H

#include <linux/list.h>
#include <linux/types.h>

#include "geometry.h"

struct seq_file;

/**
 * struct cpc_ledger_range - injected lines, contiguous in DPA (and, when
 * mapped, in region offset), on one device
 * @node: link in the ledger
 * @memdev: memdev name: the device's current one while it is bound, else
 *          the last it had
 * @serial: the device's serial, which identifies it (memdev names are
 *          reused once a device is deleted); 0: a device without one,
 *          identified by @memdev
 * @gone: a device without a serial that was deleted: no later device can
 *        be told apart from it, so the range is never matched again
 * @dpa: first DPA
 * @len: bytes, a multiple of 64
 * @mapped: injected by region offset: @region, @offset, @hpa are valid
 * @region: region name
 * @offset: region offset of @dpa
 * @hpa: host physical address of @dpa
 */
struct cpc_ledger_range {
	struct list_head node;
	char memdev[CPC_NAME_LEN];
	u64 serial;
	bool gone;
	u64 dpa;
	u64 len;
	bool mapped;
	char region[CPC_NAME_LEN];
	u64 offset;
	u64 hpa;
};

void cpc_ledger_add(const struct cpc_ledger_range *r);
void cpc_ledger_remove(u64 serial, const char *memdev, u64 dpa, u64 len);
void cpc_ledger_forget(const char *memdev);
int cpc_ledger_show(struct seq_file *m, void *unused);
int cpc_ledger_snapshot(struct list_head *out);
void cpc_ledger_free(struct list_head *list);
void cpc_ledger_exit(void);

#endif /* CPC_LEDGER_H */
