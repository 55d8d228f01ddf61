// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/input.h: the syntax of inject_poison, clear_poison
 * and translate writes, at every boundary (size, base prefixes, 2^64,
 * signs, whitespace, one or two numbers). Prints "N passed, N failed".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "expect.h"

/* Parse @in as written (@count bytes); @two: LENGTH accepted. */
static int parse(const char *in, size_t count, bool two, u64 *val, u64 *len,
		 enum cpc_input_err *err)
{
	char buf[CPC_INPUT_MAX + 1] = "";
	const char *bad;

	if (count <= CPC_INPUT_MAX)
		memcpy(buf, in, count);
	buf[count <= CPC_INPUT_MAX ? count : 0] = '\0';
	return cpc_input_parse(buf, count, val, two ? len : NULL, err, &bad);
}

#define OK(in, two, want_val, want_len) do {				\
	u64 v_ = 0, l_ = 0;						\
	enum cpc_input_err e_;						\
	int rc_ = parse(in, strlen(in), two, &v_, &l_, &e_);		\
									\
	EXPECT(!rc_ && e_ == CPC_INPUT_OK && v_ == (want_val) &&	\
	       (!(two) || l_ == (want_len)),				\
	       "'%s': rc %d err %d val %#llx len %#llx", in, rc_, e_,	\
	       v_, l_);							\
} while (0)

#define BAD(in, two, want_rc, want_err) do {				\
	u64 v_ = 0, l_ = 0;						\
	enum cpc_input_err e_;						\
	int rc_ = parse(in, strlen(in), two, &v_, &l_, &e_);		\
									\
	EXPECT(rc_ == (want_rc) && e_ == (want_err),			\
	       "'%s': rc %d err %d, want %d %d", in, rc_, e_,		\
	       want_rc, want_err);					\
} while (0)

static void numbers(void)
{
	OK("0", true, 0, 64);
	OK("4096", true, 4096, 64);
	OK("0x1000", true, 0x1000, 64);
	OK("0X1000", true, 0x1000, 64);
	OK("010", true, 8, 64);
	OK("+64", true, 64, 64);
	OK("18446744073709551615", false, ~0ULL, 0);
	OK("0xffffffffffffffff", false, ~0ULL, 0);
	OK("01777777777777777777777", false, ~0ULL, 0);
	OK("00000000000000000000000000000000000000000000000000000000000040", false, 040, 0);
	BAD("18446744073709551616", false, -ERANGE, CPC_INPUT_NUMBER);
	BAD("0x10000000000000000", false, -ERANGE, CPC_INPUT_NUMBER);
	BAD("02000000000000000000000", false, -ERANGE, CPC_INPUT_NUMBER);
	BAD("-64", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("+-64", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("++64", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("0x", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("0xg", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("08", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("1a", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("abc", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("64\n128", true, -EINVAL, CPC_INPUT_NUMBER);
}

static void whitespace(void)
{
	OK("64\n", true, 64, 64);
	OK("  \t64\t \n", true, 64, 64);
	OK("\t64\t128\n", true, 64, 128);
	OK("64   0x80", true, 64, 0x80);
	OK("64 \t 0x80 \n", true, 64, 0x80);
	OK("64 +0x80", true, 64, 0x80);
	BAD(" ", true, -EINVAL, CPC_INPUT_NUMBER);
	BAD("\n", true, -EINVAL, CPC_INPUT_NUMBER);
}

static void lengths(void)
{
	BAD("64 128 192", true, -EINVAL, CPC_INPUT_LENGTH);
	BAD("64 x", true, -EINVAL, CPC_INPUT_LENGTH);
	BAD("64 -64", true, -EINVAL, CPC_INPUT_LENGTH);
	BAD("64 0x10000000000000000", true, -ERANGE, CPC_INPUT_LENGTH);
	/* translate takes one number */
	BAD("64 128", false, -EINVAL, CPC_INPUT_TRAILING);
	OK("64 \n", false, 64, 0);
}

/* 1..63 bytes; the longest useful input fits. */
static void sizes(void)
{
	char in[80];
	u64 v, l;
	enum cpc_input_err e;
	int rc;

	BAD("", true, -EINVAL, CPC_INPUT_SIZE);
	snprintf(in, sizeof(in), "0x%016llx 0x%016llx%*s", ~0ULL, 0x40ULL, 26, "\n");
	EXPECT(strlen(in) == 63, "63-byte input is %zu", strlen(in));
	rc = parse(in, 63, true, &v, &l, &e);
	EXPECT(!rc && v == ~0ULL && l == 0x40, "63 bytes: rc %d", rc);
	rc = parse(in, 64, true, &v, &l, &e);
	EXPECT(rc == -EINVAL && e == CPC_INPUT_SIZE, "64 bytes: rc %d err %d", rc, e);
	rc = parse(in, 5000, true, &v, &l, &e);
	EXPECT(rc == -EINVAL && e == CPC_INPUT_SIZE, "5000 bytes: rc %d err %d", rc, e);
}

int main(void)
{
	numbers();
	whitespace();
	lengths();
	sizes();
	return expect_report("test_input");
}
