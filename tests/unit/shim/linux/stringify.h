/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_STRINGIFY_H
#define SHIM_STRINGIFY_H
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)
#endif
