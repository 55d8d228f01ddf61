/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' one check: EXPECT(cond, printf-args) counts a pass or a
 * failure, printing the first 20 failures; tests end with expect_report().
 */
#ifndef CPC_EXPECT_H
#define CPC_EXPECT_H

#include <stdio.h>

static unsigned long passed, failed;

#define EXPECT(cond, ...) do {					\
	if (cond) {						\
		passed++;					\
	} else {						\
		failed++;					\
		if (failed < 20) {				\
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__);			\
			printf("\n");				\
		}						\
	}							\
} while (0)

/* Print "NAME: N passed, N failed"; the exit status of the test. */
static inline int expect_report(const char *name)
{
	printf("%s: %lu passed, %lu failed\n", name, passed, failed);
	return failed ? 1 : 0;
}

#endif /* CPC_EXPECT_H */
