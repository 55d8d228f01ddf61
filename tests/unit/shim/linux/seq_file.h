/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_SEQ_FILE_H
#define SHIM_SEQ_FILE_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
/* Output into a fixed buffer the test reads. */
struct seq_file {
	char buf[8192];
	size_t len;
};
static inline __attribute__((format(printf, 2, 3))) void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	m->len += vsnprintf(m->buf + m->len, sizeof(m->buf) - m->len, fmt, ap);
	va_end(ap);
	if (m->len >= sizeof(m->buf))
		m->len = sizeof(m->buf) - 1;
}
static inline void seq_putc(struct seq_file *m, char c)
{
	seq_printf(m, "%c", c);
}
#endif
