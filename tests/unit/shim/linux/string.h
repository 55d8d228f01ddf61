/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_STRING_H
#define SHIM_STRING_H
#include <string.h>
#include <linux/kernel.h>

static inline char *skip_spaces(const char *s)
{
	while (k_isspace(*s))
		s++;
	return (char *)s;
}

static inline char *strim(char *s)
{
	size_t size = strlen(s);
	char *end;

	if (!size)
		return s;
	end = s + size - 1;
	while (end >= s && k_isspace(*end))
		end--;
	end[1] = '\0';
	return skip_spaces(s);
}
#endif
