/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_CLEANUP_H
#define SHIM_CLEANUP_H
/* Single-threaded tests: guards lock nothing. */
#define guard(type) (void)
#define scoped_guard(type, ...) if (1)
#define ACQUIRE 1
#include <stdlib.h>
static inline void __free_kfree(void *p)
{
	free(*(void **)p);
}
#define __free(f) __attribute__((cleanup(__free_##f)))
#endif
