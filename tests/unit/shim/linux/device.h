/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_DEVICE_H
#define SHIM_DEVICE_H
#include <sys/types.h>
#include <linux/types.h>
struct device;
struct device_attribute {
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
};
#endif
