/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test hooks: the kernel's fault injection attributes (fault-inject.h)
 * on the module's Inject and Clear Poison calls, present only when the
 * target kernel has CONFIG_FAULT_INJECTION_DEBUG_FS; otherwise the checks
 * are constant false and compile away.
 */
#ifndef CPC_FAULT_H
#define CPC_FAULT_H

#include <linux/types.h>

struct dentry;

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
void cpc_fault_init(struct dentry *root);
bool cpc_fault(bool inject);
#else
static inline void cpc_fault_init(struct dentry *root) { }
static inline bool cpc_fault(bool inject) { return false; }
#endif

#endif /* CPC_FAULT_H */
