/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_WORKQUEUE_H
#define SHIM_WORKQUEUE_H
struct work_struct { void *func; };
#endif
