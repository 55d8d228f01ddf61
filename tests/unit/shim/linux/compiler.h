/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_COMPILER_H
#define SHIM_COMPILER_H
#define __rcu
#define READ_ONCE(x) (x)
#define WRITE_ONCE(x, v) ((x) = (v))
#endif
