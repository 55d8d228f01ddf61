/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_KREF_H
#define SHIM_KREF_H
struct kref { int refcount; };
#endif
