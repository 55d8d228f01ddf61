/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: the input syntax of the command files
 *
 * "NUMBER" or "NUMBER LENGTH", parsed as the in-tree poison files parse
 * their one number (kstrtoull() base 0: "4096", "0x1000", "010" is octal,
 * a leading '+' and a trailing newline allowed), separated by blanks, with
 * surrounding whitespace allowed. Pure code, compiled in userspace by
 * tests/unit as well, hence a header of its own.
 */
#ifndef CPC_INPUT_H
#define CPC_INPUT_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>

#include "interleave.h"

/* Longest accepted input: two "0x" + 16 digit numbers and whitespace. */
#define CPC_INPUT_MAX 63

/* What did not parse, for the log line. */
enum cpc_input_err {
	CPC_INPUT_OK,
	CPC_INPUT_SIZE,		/* empty, or over CPC_INPUT_MAX bytes */
	CPC_INPUT_NUMBER,	/* the first token is not a number */
	CPC_INPUT_TRAILING,	/* text after the number where none is accepted */
	CPC_INPUT_LENGTH,	/* the rest is not one number */
};

/**
 * cpc_input_parse() - parse one write to a command file
 * @buf: the input, NUL-terminated; cut up in place
 * @count: bytes written (the NUL excluded)
 * @val: set to the number
 * @len: set to LENGTH, or 64 (one line) without it; NULL: no LENGTH accepted
 * @err: set to what did not parse
 * @bad: set to the text that did not parse (inside @buf)
 *
 * Return: 0, -EINVAL, or -ERANGE for a number above 2^64 - 1.
 */
static inline int cpc_input_parse(char *buf, size_t count, u64 *val, u64 *len,
				  enum cpc_input_err *err, const char **bad)
{
	char *p, *tok;
	int rc;

	*err = CPC_INPUT_SIZE;
	*bad = "";
	if (!count || count > CPC_INPUT_MAX)
		return -EINVAL;
	p = strim(buf);
	tok = strsep(&p, " \t");
	*err = CPC_INPUT_NUMBER;
	*bad = tok;
	rc = kstrtoull(tok, 0, val);
	if (rc)
		return rc;
	if (len)
		*len = CPC_LINE_SIZE;
	p = p ? skip_spaces(p) : NULL;
	*err = CPC_INPUT_OK;
	if (!p || !*p)
		return 0;
	*bad = p;
	*err = len ? CPC_INPUT_LENGTH : CPC_INPUT_TRAILING;
	if (!len)
		return -EINVAL;
	rc = kstrtoull(p, 0, len);
	if (!rc)
		*err = CPC_INPUT_OK;
	return rc;
}

#endif /* CPC_INPUT_H */
