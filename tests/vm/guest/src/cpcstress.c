// SPDX-License-Identifier: GPL-2.0
/*
 * cpcstress SECONDS STATEFILE SPEC...
 *
 * Concurrent poison writers for the stress test. Each SPEC is one thread:
 *   w:DIR:FIRST:STRIDE:COUNT  writer: injects and clears random lines among
 *                             FIRST + i * STRIDE (i < COUNT) through
 *                             DIR/inject_poison and DIR/clear_poison. DIR may
 *                             be "@FILE": the directory is read from FILE
 *                             before every operation (it follows a region
 *                             that is deleted and recreated under another
 *                             name).
 *   t:FILE                    reader: writes "1" to FILE (a memdev's
 *                             trigger_poison_list) every 100 ms.
 * A thread owns its lines, so the last successful operation on a line says
 * whether it is poisoned: a failed operation leaves the line as it was
 * (the module's all-or-nothing rule, which this checks). At the end it
 * writes, per writer, the lines it believes poisoned to STATEFILE as
 * "DIR VALUE", and prints operation counts and an errno histogram.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINES 64
#define MAX_ERRNO 256

struct worker {
	pthread_t tid;
	char kind;
	char dir[256];
	unsigned long long first, stride;
	unsigned int count;
	unsigned char state[MAX_LINES];
	unsigned long ops, ok;
	unsigned long err[MAX_ERRNO];	/* write errnos */
	unsigned long open_err[MAX_ERRNO];
};

static volatile int stop;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void resolve_dir(const struct worker *w, char *out, size_t len)
{
	FILE *f;

	if (w->dir[0] != '@') {
		snprintf(out, len, "%s", w->dir);
		return;
	}
	out[0] = '\0';
	f = fopen(w->dir + 1, "r");
	if (!f)
		return;
	if (fgets(out, len, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

/*
 * While this file exists writers open nothing: the churn creates it around
 * rmmod. 7.2's try_stop_module() drops a module's last reference before it
 * marks the module GOING, and a debugfs open in that window WARNs ("debugfs
 * file owner did not clean up at exit", fs/debugfs/file.c) although
 * nothing is wrong; rmmod against open files is rmmod_open's test.
 */
#define PAUSE_FILE "/run/cpc/pause"

static void *writer(void *arg)
{
	struct worker *w = arg;
	unsigned int seed = (unsigned int)(unsigned long)w ^ (unsigned int)time(NULL);
	char dir[256], path[320], buf[64];

	while (!stop) {
		unsigned int i = rand_r(&seed) % w->count;
		int inject = rand_r(&seed) & 1, fd;
		ssize_t n;

		if (!access(PAUSE_FILE, F_OK)) {
			usleep(5000);
			continue;
		}
		resolve_dir(w, dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/%s", dir,
			 inject ? "inject_poison" : "clear_poison");
		snprintf(buf, sizeof(buf), "%#llx\n", w->first + i * w->stride);
		w->ops++;
		fd = open(path, O_WRONLY);
		if (fd < 0) {
			w->open_err[errno < MAX_ERRNO ? errno : 0]++;
			usleep(2000);
			continue;
		}
		n = write(fd, buf, strlen(buf));
		if (n < 0) {
			w->err[errno < MAX_ERRNO ? errno : 0]++;
		} else {
			w->ok++;
			w->state[i] = inject;
		}
		close(fd);
	}
	return NULL;
}

static void *reader(void *arg)
{
	struct worker *w = arg;

	while (!stop) {
		int fd = open(w->dir, O_WRONLY);

		w->ops++;
		if (fd < 0) {
			w->open_err[errno < MAX_ERRNO ? errno : 0]++;
		} else {
			if (write(fd, "1", 1) < 0)
				w->err[errno < MAX_ERRNO ? errno : 0]++;
			else
				w->ok++;
			close(fd);
		}
		usleep(100000);
	}
	return NULL;
}

static int parse(struct worker *w, char *spec)
{
	char *tok[5], *save = NULL;
	int n = 0;

	for (char *p = strtok_r(spec, ":", &save); p && n < 5; p = strtok_r(NULL, ":", &save))
		tok[n++] = p;
	if (n >= 2 && tok[0][0] == 't') {
		w->kind = 't';
		snprintf(w->dir, sizeof(w->dir), "%s", tok[1]);
		return 0;
	}
	if (n != 5 || tok[0][0] != 'w')
		return -1;
	w->kind = 'w';
	snprintf(w->dir, sizeof(w->dir), "%s", tok[1]);
	w->first = strtoull(tok[2], NULL, 0);
	w->stride = strtoull(tok[3], NULL, 0);
	w->count = strtoul(tok[4], NULL, 0);
	return w->count && w->count <= MAX_LINES ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long total_err[MAX_ERRNO] = { 0 }, total_open[MAX_ERRNO] = { 0 };
	unsigned long reader_err[MAX_ERRNO] = { 0 };
	unsigned long ops = 0, ok = 0;
	struct worker *ws;
	double t0, secs;
	FILE *out;
	int i, n;

	if (argc < 4) {
		fprintf(stderr, "usage: cpcstress SECONDS STATEFILE SPEC...\n");
		return 2;
	}
	secs = atof(argv[1]);
	n = argc - 3;
	ws = calloc(n, sizeof(*ws));
	for (i = 0; i < n; i++) {
		if (parse(&ws[i], argv[i + 3])) {
			fprintf(stderr, "bad spec %s\n", argv[i + 3]);
			return 2;
		}
		pthread_create(&ws[i].tid, NULL, ws[i].kind == 'w' ? writer : reader, &ws[i]);
	}
	t0 = now();
	while (now() - t0 < secs)
		usleep(100000);
	stop = 1;
	out = fopen(argv[2], "w");
	for (i = 0; i < n; i++) {
		pthread_join(ws[i].tid, NULL);
		if (ws[i].kind == 'w') {
			ops += ws[i].ops;
			ok += ws[i].ok;
			for (unsigned int l = 0; l < ws[i].count; l++)
				if (ws[i].state[l])
					fprintf(out, "%s %#llx\n", ws[i].dir,
						ws[i].first + l * ws[i].stride);
		}
		printf("thread %d (%c %s): %lu operations, %lu succeeded\n", i, ws[i].kind,
		       ws[i].dir, ws[i].ops, ws[i].ok);
		for (int e = 0; e < MAX_ERRNO; e++) {
			if (ws[i].kind == 't') {
				reader_err[e] += ws[i].err[e] + ws[i].open_err[e];
				continue;
			}
			total_err[e] += ws[i].err[e];
			total_open[e] += ws[i].open_err[e];
		}
	}
	fclose(out);
	printf("writes: %lu operations, %lu succeeded in %.0f s\n", ops, ok, secs);
	for (int e = 0; e < MAX_ERRNO; e++) {
		if (total_err[e])
			printf("errno write %s %lu\n", strerrorname_np(e) ?: "?", total_err[e]);
		if (total_open[e])
			printf("errno open %s %lu\n", strerrorname_np(e) ?: "?", total_open[e]);
		if (reader_err[e])
			printf("reader errno %s %lu\n", strerrorname_np(e) ?: "?", reader_err[e]);
	}
	return 0;
}
