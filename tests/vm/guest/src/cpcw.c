// SPDX-License-Identifier: GPL-2.0
/*
 * cpcw FILE DATA [OFFSET]: one write(2) (or pwrite at OFFSET) of DATA to
 * FILE; prints "OK" or the errno name (e.g. "ERANGE"). Exit 0 on success.
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

	if (argc < 3) {
		fprintf(stderr, "usage: cpcw FILE DATA [OFFSET]\n");
		return 2;
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
