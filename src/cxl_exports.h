/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CXL core exports (symbol namespace "CXL") this module uses.
 *
 * Their prototypes live in the private drivers/cxl/cxl.h and cxlmem.h,
 * which distro header packages do not ship, so they are declared here,
 * once, as they stand from v6.5 to v7.3 (see compat.h, "Kernel internals
 * this module relies on"). Symbol CRCs come from the
 * target kernel's Module.symvers, so a matching prototype is enough.
 */
#ifndef CPC_CXL_EXPORTS_H
#define CPC_CXL_EXPORTS_H

#include <linux/device.h>
#include <linux/types.h>

/* Opaque: the layout is private to the CXL core. */
struct cxl_memdev;

/* 'struct bus_type' before v6.13, 'const' after; only read through here. */
extern const struct bus_type cxl_bus_type;

bool is_cxl_memdev(const struct device *dev);
bool is_cxl_region(struct device *dev);
bool is_endpoint_decoder(struct device *dev);

int cxl_inject_poison(struct cxl_memdev *cxlmd, u64 dpa);
int cxl_clear_poison(struct cxl_memdev *cxlmd, u64 dpa);

/**
 * cpc_to_memdev() - the cxl_memdev behind a memdev's struct device
 * @dev: a device for which is_cxl_memdev() returned true
 *
 * The module's one assumption about a private struct layout: 'struct
 * device dev' is the first member of 'struct cxl_memdev'
 * (drivers/cxl/cxlmem.h, v6.5 through v7.3), and the core exports no
 * converter (to_cxl_memdev() is a static inline container_of). Keep every
 * such cast behind this helper. With the other assumptions about kernel
 * internals and what guards each, in compat.h ("Kernel internals this
 * module relies on").
 *
 * Return: the cxl_memdev.
 */
static inline struct cxl_memdev *cpc_to_memdev(struct device *dev)
{
	return (struct cxl_memdev *)dev;
}

#endif /* CPC_CXL_EXPORTS_H */
