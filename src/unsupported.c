// SPDX-License-Identifier: GPL-2.0
/*
 * Built instead of the real module when the target kernel does not export
 * one of the functions the module calls (Kbuild names it in CPC_MISSING,
 * e.g. cxl_inject_poison() before v6.5 or without CONFIG_CXL_BUS): loading
 * fails with one clear line rather than the build failing, so registering
 * the module with DKMS never breaks a kernel package's installation.
 * -ENODEV rather than -EOPNOTSUPP: kmod retries a load that failed with the
 * latter through init_module(), which printed the line twice.
 */
#include <linux/module.h>
#include <linux/utsname.h>

#define CPC_WHY "does not export " CPC_MISSING " (needs Linux 6.5+ with CONFIG_CXL_BUS)"

static int __init cpc_unsupported_init(void)
{
	pr_err("cxl_poison_ctl: kernel %s " CPC_WHY ": not loading\n", init_utsname()->release);
	return -ENODEV;
}
module_init(cpc_unsupported_init);

MODULE_DESCRIPTION("cxl_poison_ctl placeholder for kernels without CXL poison exports");
MODULE_LICENSE("GPL");
MODULE_VERSION(CPC_VERSION);
