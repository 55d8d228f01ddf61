// SPDX-License-Identifier: GPL-2.0
/*
 * The module's one way of saying no: one log line, with the errno.
 */
#define dev_fmt(fmt) KBUILD_MODNAME ": " fmt
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>

#include "cpc.h"

static DEFINE_RATELIMIT_STATE(cpc_refuse_rs, 5 * HZ, 100);

/**
 * cpc_refuse() - log why an operation is refused, and return its errno
 * @dev: the device concerned, or NULL (cpc_refuse_all())
 * @err: the errno returned
 * @fmt: the reason, without newline
 *
 * One line, "reason: -ERRNO", prefixed with the module's name;
 * module-wide at most 100 lines per 5 s, so a runaway script cannot flood
 * the log.
 *
 * Return: @err.
 */
int cpc_refuse(const struct device *dev, int err, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (!__ratelimit(&cpc_refuse_rs))
		return err;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (dev)
		dev_info(dev, "%pV: %pe\n", &vaf, ERR_PTR(err));
	else
		pr_info("%pV: %pe\n", &vaf, ERR_PTR(err));
	va_end(args);
	return err;
}

/**
 * cpc_left_behind() - log poison that could not be undone
 * @dev: the device written to
 * @fmt: what stays, without newline
 *
 * An error line that is never rate-limited: it is not a refusal of bad
 * input but something the user must see.
 *
 * Return: -ENOTRECOVERABLE.
 */
int cpc_left_behind(const struct device *dev, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	dev_err(dev, "%pV: %pe\n", &vaf, ERR_PTR(-ENOTRECOVERABLE));
	va_end(args);
	return -ENOTRECOVERABLE;
}
