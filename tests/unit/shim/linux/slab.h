/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_SLAB_H
#define SHIM_SLAB_H
#include <stdlib.h>
#include <string.h>
#define GFP_KERNEL 0
/* Tests make allocations fail on purpose: shim_fail_alloc > 0 fails that many. */
extern int shim_fail_alloc;
static inline void *kmalloc(size_t size, int gfp)
{
	(void)gfp;
	if (shim_fail_alloc > 0) {
		shim_fail_alloc--;
		return NULL;
	}
	return malloc(size);
}
static inline void *kzalloc(size_t size, int gfp)
{
	void *p = kmalloc(size, gfp);

	return p ? memset(p, 0, size) : NULL;
}
static inline void *kmemdup(const void *src, size_t size, int gfp)
{
	void *p = kmalloc(size, gfp);

	return p ? memcpy(p, src, size) : NULL;
}
#define kfree(p) free(p)
static inline char *kstrdup(const char *s, int gfp)
{
	return kmemdup(s, strlen(s) + 1, gfp);
}
#endif
