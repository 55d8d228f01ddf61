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
 *   f:ROOT                    fuzzer: writes random input to every writable
 *                             file under ROOT (the module's debugfs dir,
 *                             rescanned before every write): each dir's
 *                             inject_poison and clear_poison, a region's
 *                             translate (then reads it on the same fd), and
 *                             ROOT/clear_all now and then. Input: random
 *                             bytes of 0 to 5000 bytes, numbers at every
 *                             boundary of the file's device (0, 63, 64,
 *                             size - 64, size, 2^64 - 1, 2^64, negative) in
 *                             decimal, hex and octal, with whitespace, one,
 *                             two or three of them, and random (offset,
 *                             length) ranges, and lines of a 4-line window
 *                             in the middle that all fuzzers share (so they
 *                             race on the same lines); sometimes at a
 *                             non-zero file offset. It owns no lines (it injects and clears
 *                             anywhere, clear_all too), so a run with a
 *                             fuzzer is judged against the module's ledger,
 *                             not against the writers' state.
 * A thread owns its lines, so the last successful operation on a line says
 * whether it is poisoned: a failed operation leaves the line as it was
 * (the module's all-or-nothing rule, which this checks). At the end it
 * writes, per writer, the lines it believes poisoned to STATEFILE as
 * "DIR VALUE", and prints operation counts and an errno histogram (the
 * fuzzer's as "fuzz errno write|read|open NAME COUNT").
 */
#define _GNU_SOURCE
#include <dirent.h>
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
	unsigned long read_err[MAX_ERRNO];	/* fuzzer: translate reads */
	unsigned long reads;
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

/* ---- fuzzer ------------------------------------------------------------ */

/*
 * QEMU 10 aborts (an assertion in hw/cxl/cxl-mailbox-utils.c,
 * cmd_media_get_poison_list) when a Get Poison List reply would exceed the
 * mailbox payload: about 126 records. The readers list the devices all the
 * time, so a device must never hold that many. Writers own at most 32 lines
 * per device; the fuzzer injects at most FUZZ_MAX_INJECT lines per write,
 * and only while the ledger lists at most FUZZ_BUDGET lines on every
 * device (checked and injected under fuzz_lock), else it writes clear_all.
 * A longer valid range goes to clear_poison instead.
 */
#define FUZZ_MAX_INJECT 8
#define FUZZ_BUDGET 80
static pthread_mutex_t fuzz_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long fuzz_budget_clears;

/* The most lines the ledger (ROOT/injected) lists on any one device. */
static unsigned long ledger_max_lines(const char *root)
{
	char path[600], line[512], names[16][64];
	unsigned long lines[16] = { 0 }, max = 0;
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/injected", root);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *m = strstr(line, "memdev="), *l = strstr(line, "length=");
		int i;

		if (!m || !l)
			continue;
		m += 7;
		m[strcspn(m, " \n")] = '\0';
		for (i = 0; i < n && strcmp(names[i], m); i++)
			;
		if (i == n && n < 16)
			snprintf(names[n++], sizeof(names[0]), "%s", m);
		if (i < 16)
			lines[i] += strtoull(l + 7, NULL, 0) / 64;
	}
	fclose(f);
	for (int i = 0; i < n; i++)
		if (lines[i] > max)
			max = lines[i];
	return max;
}

/* Lines an inject of BUF would poison if the module accepted it. */
static unsigned long input_lines(const char *buf, size_t len)
{
	char text[64], *tok[3], *save = NULL;
	unsigned long long v;
	int n = 0;

	if (len >= sizeof(text))
		return 0;	/* refused: over 63 bytes */
	memcpy(text, buf, len);
	text[len] = '\0';
	for (char *p = strtok_r(text, " \t\n\v\f\r", &save); p && n < 3;
	     p = strtok_r(NULL, " \t\n\v\f\r", &save))
		tok[n++] = p;
	if (n != 2)
		return 1;
	v = strtoull(tok[1], NULL, 0);
	return v >= 64 && v <= 0x40000 && !(v % 64) ? v / 64 : 1;
}

/* 64-bit random number from rand_r (15+ bits per call). */
static unsigned long long rnd64(unsigned int *seed)
{
	unsigned long long v = 0;

	for (int i = 0; i < 5; i++)
		v = (v << 15) ^ (unsigned long long)rand_r(seed);
	return v;
}

/* A number from sysfs (decimal or 0x), 0 if unreadable. */
static unsigned long long read_num(const char *path)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtoull(buf, NULL, 0);
}

/* The size a file's numbers are measured against: region size, or memdev capacity. */
static unsigned long long dev_size(const char *name)
{
	char path[320];

	if (!strncmp(name, "region", 6)) {
		snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/size", name);
		return read_num(path);
	}
	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/ram/size", name);
	{
		unsigned long long s = read_num(path);

		snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/pmem/size", name);
		return s + read_num(path);
	}
}

/* One number near a boundary of SIZE, or a random one, as text at P. */
static int fuzz_number(unsigned int *seed, unsigned long long size, char *p, size_t room)
{
	static const char *const big[] = {
		"18446744073709551615", "18446744073709551616", "0xffffffffffffffff",
		"0x10000000000000000", "01777777777777777777777", "-1", "-64", "-0",
		"99999999999999999999999999", "0x", "0b1000000", "1e6", "+64",
	};
	unsigned long long near[] = {
		0, 1, 63, 64, 65, 127, 128, 255, 256, 4096, size - 128, size - 64, size - 63,
		size - 1, size, size + 64, 1ULL << 63, ~0ULL - 63, ~0ULL,
	};
	unsigned long long v;
	int r = rand_r(seed) % 10;

	if (r == 0)
		return snprintf(p, room, "%s", big[rand_r(seed) % (sizeof(big) / sizeof(big[0]))]);
	if (r < 3)
		v = near[rand_r(seed) % (sizeof(near) / sizeof(near[0]))];
	else if (r < 6)
		v = size ? (rnd64(seed) % size) & ~63ULL : 0;
	else if (r < 9)	/* 4 lines in the middle, shared by every fuzzer */
		v = (size / 2 & ~63ULL) + (rand_r(seed) % 4) * 64;
	else
		v = rnd64(seed);
	switch (rand_r(seed) % 4) {
	case 0:
		return snprintf(p, room, "%llu", v);
	case 1:
		return snprintf(p, room, "%#llx", v);
	case 2:
		return snprintf(p, room, "0%llo", v);
	default:
		return snprintf(p, room, "%#llX", v);
	}
}

/* A length for a range: usually a few lines, sometimes odd or huge. */
static int fuzz_length(unsigned int *seed, char *p, size_t room)
{
	static const unsigned long long odd[] = {
		0, 1, 63, 65, 4096 * 64, 4096 * 64 + 64, 1ULL << 32, ~0ULL,
	};
	int r = rand_r(seed) % 8;

	if (r == 0)
		return snprintf(p, room, "%llu", odd[rand_r(seed) % (sizeof(odd) / sizeof(odd[0]))]);
	if (r == 1)	/* not a multiple of 64 */
		return snprintf(p, room, "%#x", (rand_r(seed) % 4097) * 64 + 1 + rand_r(seed) % 63);
	return snprintf(p, room, "%u", (rand_r(seed) % FUZZ_MAX_INJECT + 1) * 64);
}

/* Fill BUF with one input for a file of a device of SIZE; returns its length. */
static size_t fuzz_input(unsigned int *seed, unsigned long long size, char *buf, size_t room)
{
	static const char *const ws[] = { "", "", "", " ", "  ", "\t", "\n", " \n", "\n\n" };
	size_t n = 0;
	int k = rand_r(seed) % 10, nums;

	if (k == 0) {	/* random bytes, 0 to 5000 of them */
		n = rand_r(seed) % 5001;
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)rand_r(seed);
		return n;
	}
	if (k == 1) {	/* digits beyond the 31-byte limit */
		n = 20 + rand_r(seed) % 60;
		for (size_t i = 0; i < n; i++)
			buf[i] = '0' + rand_r(seed) % 10;
		return n;
	}
	nums = k < 5 ? 1 : k < 9 ? 2 : 3;
#define ADD(fmt, ...) (n += snprintf(buf + n, room - n, fmt, __VA_ARGS__))
	ADD("%s", ws[rand_r(seed) % (sizeof(ws) / sizeof(ws[0]))]);
	n += fuzz_number(seed, size, buf + n, room - n);
	for (int i = 1; i < nums; i++) {
		ADD("%s", rand_r(seed) % 8 ? " " : rand_r(seed) % 2 ? "\t" : "  ");
		if (i == 1 && rand_r(seed) % 4)
			n += fuzz_length(seed, buf + n, room - n);
		else
			n += fuzz_number(seed, size, buf + n, room - n);
	}
	ADD("%s", ws[rand_r(seed) % (sizeof(ws) / sizeof(ws[0]))]);
#undef ADD
	return n < room ? n : room - 1;
}

/* A random subdirectory of ROOT (a region or memdev), NAME gets its name. */
static int pick_dir(const char *root, unsigned int *seed, char *name, size_t len)
{
	char names[32][256];
	int n = 0;
	struct dirent *d;
	DIR *dir = opendir(root);

	if (!dir)
		return -1;
	while ((d = readdir(dir)) && n < 32) {
		if (d->d_type != DT_DIR || d->d_name[0] == '.')
			continue;
		snprintf(names[n++], sizeof(names[0]), "%s", d->d_name);
	}
	closedir(dir);
	if (!n)
		return -1;
	snprintf(name, len, "%s", names[rand_r(seed) % n]);
	return 0;
}

static void *fuzzer(void *arg)
{
	struct worker *w = arg;
	unsigned int seed = (unsigned int)gettid() * 2654435761u ^ (unsigned int)time(NULL);
	static __thread char buf[8192];
	char name[256], path[600];

	printf("fuzzer seed %u\n", seed);
	while (!stop) {
		const char *file;
		unsigned long long size = 0;
		size_t len;
		ssize_t n;
		int fd, locked, r = rand_r(&seed) % 100;

		if (!access(PAUSE_FILE, F_OK)) {
			usleep(5000);
			continue;
		}
		if (r == 0) {
			snprintf(path, sizeof(path), "%s/clear_all", w->dir);
			file = "clear_all";
		} else {
			if (pick_dir(w->dir, &seed, name, sizeof(name))) {
				usleep(2000);
				continue;
			}
			size = dev_size(name);
			file = r < 40 ? "inject_poison" : r < 80 ? "clear_poison" : "translate";
			if (!strcmp(file, "translate") && strncmp(name, "region", 6))
				file = "clear_poison";
			snprintf(path, sizeof(path), "%s/%s/%s", w->dir, name, file);
		}
		len = fuzz_input(&seed, size, buf, sizeof(buf));
		locked = !strcmp(file, "inject_poison");
		if (locked) {
			unsigned long l = input_lines(buf, len);

			pthread_mutex_lock(&fuzz_lock);
			if (l > FUZZ_MAX_INJECT) {
				/*
				 * Clear instead, at most 64 lines: each line is
				 * a mailbox command, and thousands of them keep
				 * the device busy for minutes on the debug kernel.
				 */
				file = "clear_poison";
				snprintf(path, sizeof(path), "%s/%s/%s", w->dir, name, file);
				if (l > 64)
					len = snprintf(buf, sizeof(buf), "%#llx 4096",
						       size > 4096 ? rnd64(&seed) % (size - 4096) & ~63ULL : 0);
			} else if (ledger_max_lines(w->dir) + l > FUZZ_BUDGET) {
				file = "clear_all";
				snprintf(path, sizeof(path), "%s/clear_all", w->dir);
				fuzz_budget_clears++;
			}
		}
		w->ops++;
		fd = open(path, strcmp(file, "translate") ? O_WRONLY : O_RDWR);
		if (fd < 0) {
			w->open_err[errno < MAX_ERRNO ? errno : 0]++;
			if (locked)
				pthread_mutex_unlock(&fuzz_lock);
			continue;
		}
		if (rand_r(&seed) % 20 == 0)
			n = pwrite(fd, buf, len, 1 + rand_r(&seed) % 100);
		else
			n = write(fd, buf, len);
		if (locked)
			pthread_mutex_unlock(&fuzz_lock);
		if (n < 0) {
			w->err[errno < MAX_ERRNO ? errno : 0]++;
		} else {
			w->ok++;
			if (!strcmp(file, "translate")) {
				char out[512];

				w->reads++;
				if (read(fd, out, sizeof(out)) < 0)
					w->read_err[errno < MAX_ERRNO ? errno : 0]++;
			}
		}
		close(fd);
	}
	return NULL;
}

static int parse(struct worker *w, char *spec)
{
	char *tok[5], *save = NULL;
	int n = 0;

	for (char *p = strtok_r(spec, ":", &save); p && n < 5; p = strtok_r(NULL, ":", &save))
		tok[n++] = p;
	if (n >= 2 && (tok[0][0] == 't' || tok[0][0] == 'f')) {
		w->kind = tok[0][0];
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
		pthread_create(&ws[i].tid, NULL,
			       ws[i].kind == 'w' ? writer : ws[i].kind == 'f' ? fuzzer : reader,
			       &ws[i]);
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
		if (ws[i].kind == 'f') {
			printf("fuzz: %lu writes, %lu succeeded, %lu translate reads, %lu clear_all to stay in budget (all fuzzers)\n",
			       ws[i].ops, ws[i].ok, ws[i].reads, fuzz_budget_clears);
			for (int e = 0; e < MAX_ERRNO; e++) {
				if (ws[i].err[e])
					printf("fuzz errno write %s %lu\n",
					       strerrorname_np(e) ?: "?", ws[i].err[e]);
				if (ws[i].read_err[e])
					printf("fuzz errno read %s %lu\n",
					       strerrorname_np(e) ?: "?", ws[i].read_err[e]);
				if (ws[i].open_err[e])
					printf("fuzz errno open %s %lu\n",
					       strerrorname_np(e) ?: "?", ws[i].open_err[e]);
			}
			continue;
		}
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
