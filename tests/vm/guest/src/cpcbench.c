// SPDX-License-Identifier: GPL-2.0
/*
 * cpcbench N NAME:DIR:VALUE[:REPEAT] [NAME:DIR:VALUE[:REPEAT]...]
 *
 * Files stay open; write(2) at the file position, which neither our files
 * nor the in-tree ones advance (nor do they accept pwrite: not seekable).
 *
 * Latency of one inject + clear pair through DIR/inject_poison and
 * DIR/clear_poison with VALUE (an offset or DPA, optionally "VALUE LENGTH"
 * with ',' for the space; REPEAT > 1: that many consecutive lines, one
 * write each, timed as one operation), measured round-robin across the named paths so
 * every path sees the same conditions, N times each. Prints median and p99
 * per path in microseconds, and each median's ratio to the first path's.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct path {
	char name[64];
	int inj, clr;
	char val[64];
	unsigned long long base;
	int repeat;
	double *t;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* VALUE, or REPEAT consecutive lines from it, one write each, to @fd. */
static int write_lines(const struct path *p, int fd)
{
	char v[64];
	size_t len;

	for (int r = 0; r < p->repeat; r++) {
		if (p->repeat > 1)
			snprintf(v, sizeof(v), "%#llx", p->base + 64ULL * r);
		else
			snprintf(v, sizeof(v), "%s", p->val);
		len = strlen(v);
		if (write(fd, v, len) != (ssize_t)len) {
			perror(p->name);
			return -1;
		}
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int open_in(const char *dir, const char *file)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	fd = open(p, O_WRONLY);
	if (fd < 0)
		perror(p);
	return fd;
}

int main(int argc, char **argv)
{
	int n, np = argc - 2, i, k;
	struct path *ps;

	if (argc < 3) {
		fprintf(stderr, "usage: cpcbench N NAME:DIR:VALUE...\n");
		return 2;
	}
	n = atoi(argv[1]);
	ps = calloc(np, sizeof(*ps));
	for (k = 0; k < np; k++) {
		char *s = argv[k + 2], *a = strchr(s, ':'), *b = a ? strchr(a + 1, ':') : NULL;

		if (!b)
			return 2;
		*a = *b = '\0';
		snprintf(ps[k].name, sizeof(ps[k].name), "%s", s);
		snprintf(ps[k].val, sizeof(ps[k].val), "%s", b + 1);
		ps[k].repeat = 1;
		if (strchr(ps[k].val, ':')) {
			ps[k].repeat = atoi(strchr(ps[k].val, ':') + 1);
			*strchr(ps[k].val, ':') = '\0';
		}
		ps[k].base = strtoull(ps[k].val, NULL, 0);
		for (char *c = ps[k].val; *c; c++)
			if (*c == ',')
				*c = ' ';
		ps[k].inj = open_in(a + 1, "inject_poison");
		ps[k].clr = open_in(a + 1, "clear_poison");
		ps[k].t = calloc(n, sizeof(double));
		if (ps[k].inj < 0 || ps[k].clr < 0)
			return 1;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < np; k++) {
			double t0 = now_us();

			if (write_lines(&ps[k], ps[k].inj) || write_lines(&ps[k], ps[k].clr))
				return 1;
			ps[k].t[i] = now_us() - t0;
		}
	}
	for (k = 0; k < np; k++) {
		qsort(ps[k].t, n, sizeof(double), cmp);
		printf("bench %-24s n=%d median=%.1fus p99=%.1fus ratio_to_%s=%.3f\n",
		       ps[k].name, n, ps[k].t[n / 2], ps[k].t[n * 99 / 100], ps[0].name,
		       ps[k].t[n / 2] / ps[0].t[n / 2]);
	}
	return 0;
}
