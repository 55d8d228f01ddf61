/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_KERNEL_H
#define SHIM_KERNEL_H
#include <stdio.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <linux/types.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define struct_size(p, member, n) (sizeof(*(p)) + (size_t)(n) * sizeof((p)->member[0]))

/* Log lines go to a buffer the test can search (the last 4 KiB). */
extern char shim_log[4096];
void shim_printk(const char *fmt, ...) __printf(1, 2);
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_err(fmt, ...) shim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) shim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) shim_printk(pr_fmt(fmt), ##__VA_ARGS__)

/* The kernel's isspace(): lib/ctype.c also counts 0xa0. */
static inline int k_isspace(int c)
{
	return isspace((unsigned char)c) || (unsigned char)c == 0xa0;
}

/* lib/kstrtox.c, as written there: base 0 prefixes, '+', one trailing newline, -ERANGE. */
static inline int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long r = 0;
	unsigned int n = 0, v, overflow = 0;

	if (s[0] == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0')
			base = tolower((unsigned char)s[1]) == 'x' &&
			       isxdigit((unsigned char)s[2]) ? 16 : 8;
		else
			base = 10;
	}
	if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	for (;; s++, n++) {
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (tolower((unsigned char)*s) >= 'a' && tolower((unsigned char)*s) <= 'f')
			v = tolower((unsigned char)*s) - 'a' + 10;
		else
			break;
		if (v >= base)
			break;
		if (__builtin_mul_overflow(r, base, &r) || __builtin_add_overflow(r, v, &r))
			overflow = 1;
	}
	if (overflow)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = r;
	return 0;
}

static inline int kstrtou32(const char *s, unsigned int base, u32 *res)
{
	unsigned long long v;
	int rc = kstrtoull(s, base, &v);

	if (rc)
		return rc;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}
#endif
