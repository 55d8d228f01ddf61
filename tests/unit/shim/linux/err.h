/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_ERR_H
#define SHIM_ERR_H
#define ERR_PTR(e) ((void *)(long)(e))
#endif
