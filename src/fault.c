// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: fault injection
 *
 * No device the tests boot fails a Clear Poison, so nothing would reach
 * what a failed rollback does (ENOTRECOVERABLE, the ledger keeping what
 * stays on the device). Two fault attributes, as the block layer's and
 * NVMe's, under the module's debugfs directory: fail_inject and
 * fail_clear, each with the kernel's probability, interval, times, space
 * and verbose files (Documentation/fault-injection/fault-injection.rst).
 * A check is made in the one place each command is called, before it is
 * called: a failure returns -EIO and the device is not touched. @space
 * counts calls (size 1 each): space=N lets N calls through first.
 * Built only with CONFIG_FAULT_INJECTION_DEBUG_FS (Kbuild).
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>

#include "fault.h"

static DECLARE_FAULT_ATTR(cpc_fail_inject);
static DECLARE_FAULT_ATTR(cpc_fail_clear);

/* The attributes' directories, removed with @root. */
void cpc_fault_init(struct dentry *root)
{
	fault_create_debugfs_attr("fail_inject", root, &cpc_fail_inject);
	fault_create_debugfs_attr("fail_clear", root, &cpc_fail_clear);
}

/* Should this Inject (@inject) or Clear Poison call fail? */
bool cpc_fault(bool inject)
{
	return should_fail(inject ? &cpc_fail_inject : &cpc_fail_clear, 1);
}
