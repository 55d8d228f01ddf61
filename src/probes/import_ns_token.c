// SPDX-License-Identifier: GPL-2.0
/*
 * MODULE_IMPORT_NS() takes a bare token (before v6.13, which made it a
 * string literal: then this does not compile). compat.h writes the
 * import in the form the target takes.
 */
#include <linux/module.h>

MODULE_IMPORT_NS(CXL);
