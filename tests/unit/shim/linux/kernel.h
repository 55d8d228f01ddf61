/* Userspace stand-in for the kernel header, for the unit tests only. */
#include <stdio.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
/* Digits only, in base 0 (0x, 0 prefixes) or @base; no sign, no spaces. */
static inline int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*res = strtoull(s, &end, base);
	return *end || errno ? -EINVAL : 0;
}
