/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_MUTEX_H
#define SHIM_MUTEX_H
#include <linux/cleanup.h>
struct mutex { int unused; };
#define DEFINE_MUTEX(m) struct mutex m
#define lockdep_assert_held(m) ((void)(m))
#endif
