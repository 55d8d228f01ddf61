// SPDX-License-Identifier: GPL-2.0
/*
 * cpcw FILE DATA [OFFSET]: one write(2) (or pwrite at OFFSET) of DATA to
 * FILE; prints "OK" or the errno name (e.g. "ERANGE"). Exit 0 on success.
 * cpcw -r FILE: one read(2) of FILE, opened read-only; same output.
 * cpcw -b FILE SIZE: one write of SIZE bytes of '1'.
 * Used by the guest tests to check documented errnos exactly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	ssize_t n;
	int fd;

	static char big[1 << 17];
	char buf[4096];

	if (argc < 3) {
		fprintf(stderr, "usage: cpcw FILE DATA [OFFSET] | -r FILE | -b FILE SIZE\n");
		return 2;
	}
	if (!strcmp(argv[1], "-r")) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0) {
			printf("open:%s\n", strerrorname_np(errno));
			return 1;
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			printf("%s\n", strerrorname_np(errno));
			return 1;
		}
		printf("OK\n");
		return 0;
	}
	if (!strcmp(argv[1], "-b") && argc > 3) {
		size_t size = strtoul(argv[3], NULL, 0);

		if (size > sizeof(big))
			size = sizeof(big);
		memset(big, '1', size);
		fd = open(argv[2], O_WRONLY);
		n = fd < 0 ? -1 : write(fd, big, size);
		if (n < 0) {
			printf("%s%s\n", fd < 0 ? "open:" : "", strerrorname_np(errno));
			return 1;
		}
		printf("OK\n");
		return 0;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("open:%s\n", strerrorname_np(errno));
		return 1;
	}
	if (argc > 3)
		n = pwrite(fd, argv[2], strlen(argv[2]), strtoll(argv[3], NULL, 0));
	else
		n = write(fd, argv[2], strlen(argv[2]));
	if (n < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}
