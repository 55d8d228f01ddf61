// SPDX-License-Identifier: GPL-2.0
/*
 * kzalloc_obj() and kmalloc_obj() in <linux/slab.h> (v7.0, and in later
 * 6.12 stable kernels). Fallbacks in compat.h.
 */
#include <linux/slab.h>

struct cpc_probe {
	int a;
};

struct cpc_probe *cpc_probe(bool zero);
struct cpc_probe *cpc_probe(bool zero)
{
	struct cpc_probe *p;

	if (zero)
		p = kzalloc_obj(*p, GFP_KERNEL);
	else
		p = kmalloc_obj(*p, GFP_KERNEL);
	return p;
}
