// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/cedt.c: the CEDT's CFMWS and CXIMS records as the
 * module reads them, well-formed and malformed (short records, records
 * past the table's end, invalid ways or granularity, too many windows,
 * CXIMS with too few maps or a bad granularity before or after the good
 * one, a zero length), and the declared modulo windows (modulo_windows's
 * syntax included). The table lies in
 * an allocation of its exact size, so AddressSanitizer catches any read
 * past it. Prints "N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/acpi.h>

#include "cpc.h"
#include "decide.h"
#include "expect.h"

char shim_log[4096];
int shim_fail_alloc;

void shim_printk(const char *fmt, ...)
{
	size_t n = strlen(shim_log);
	va_list ap;

	if (n > sizeof(shim_log) - 256)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(shim_log + n, sizeof(shim_log) - n, fmt, ap);
	va_end(ap);
}

#define ACPI_HEADER 36
static unsigned char build[8192];
static size_t build_len;
static unsigned char *table;
static size_t table_len;

/* lib/fw_table.c acpi_parse_entries_array(), for one subtable type. */
int acpi_table_parse_cedt(enum acpi_cedt_type id, acpi_tbl_entry_handler_arg handler, void *arg)
{
	unsigned long end = (unsigned long)table + table_len;
	unsigned char *p = table + ACPI_HEADER;
	struct acpi_cedt_header h;
	int count = 0;

	while ((unsigned long)p + sizeof(h) < end) {
		memcpy(&h, p, sizeof(h));
		if (h.type == id) {
			if (handler((union acpi_subtable_headers *)p, arg, end))
				return -EINVAL;
			count++;
		}
		if (!h.length)
			return -EINVAL;
		p += h.length;
	}
	return count;
}

static void begin(void)
{
	memset(build, 0, sizeof(build));
	build_len = ACPI_HEADER;
	shim_log[0] = '\0';
}

/* A CFMWS; @len 0: its natural length. */
static void cfmws(u64 base, u64 size, u8 eiw, u8 arith, u32 eig, unsigned int nr, const u32 *t,
		  unsigned int len)
{
	struct acpi_cedt_cfmws c = { .header.type = ACPI_CEDT_TYPE_CFMWS };
	unsigned int natural = sizeof(c) + nr * 4;

	c.header.length = len ? len : natural;
	c.base_hpa = base;
	c.window_size = size;
	c.interleave_ways = eiw;
	c.interleave_arithmetic = arith;
	c.granularity = eig;
	memcpy(build + build_len, &c, sizeof(c));
	memcpy(build + build_len + sizeof(c), t, nr * 4);
	build_len += len ? len : natural;
}

static void cxims(u8 hbig, u8 nr_maps, unsigned int nr, const u64 *maps, unsigned int len)
{
	struct acpi_cedt_cxims c = { .header.type = ACPI_CEDT_TYPE_CXIMS };
	unsigned int natural = sizeof(c) + nr * 8;

	c.header.length = len ? len : natural;
	c.hbig = hbig;
	c.nr_xormaps = nr_maps;
	memcpy(build + build_len, &c, sizeof(c));
	memcpy(build + build_len + sizeof(c), maps, nr * 8);
	build_len += len ? len : natural;
}

/* Read the table built, cut to @cut bytes (0: all), with @declared. */
static int load(size_t cut, const char *declared)
{
	int rc;

	table_len = cut ? cut : build_len;
	table = malloc(table_len);
	memcpy(table, build, table_len);
	rc = cpc_windows_init(declared);
	free(table);
	return rc;
}

/* The window a root decoder at @start + @size matches, or NULL. */
static const struct cpc_window *window(u64 start, u64 size)
{
	static struct cpc_window buf;
	struct cpc_region_facts f = { .root_start = start, .root_size = size };

	return cpc_window_for(&f, &buf);
}

#define G(n) ((u64)(n) << 30)
static const u32 t4[] = { 7, 8, 9, 10 };
static const u64 maps[] = { 0x2020900, 0x4041200, 0x1010400, 0x800 };

static void wellformed(void)
{
	const struct cpc_window *w;

	begin();
	cfmws(G(16), G(4), 1, 0, 2, 2, t4, 0);		/* 2-way modulo, 1 KiB */
	cfmws(G(32), G(1), 0, 0, 3, 1, t4 + 2, 0);	/* 1-way: granularity 256 */
	cfmws(G(48), G(8), 2, 1, 0, 4, t4, 0);		/* 4-way XOR, 256 */
	cfmws(G(64), G(3), 8, 1, 0, 3, t4, 0);		/* 3-way XOR: no maps */
	cxims(1, 2, 2, maps, 0);			/* 512: not the window's */
	cxims(0, 2, 2, maps + 1, 0);			/* 256: the maps */
	EXPECT(!load(0, NULL), "load");
	w = window(G(16), G(4));
	EXPECT(w && w->ways == 2 && w->gran == 1024 && w->arith == CPC_CFMWS_MODULO &&
	       w->nr_targets == 2 && w->targets[0] == 7 && w->targets[1] == 8 && !w->declared,
	       "2-way modulo window");
	w = window(G(32), G(1));
	EXPECT(w && w->ways == 1 && w->gran == 256 && w->nr_maps == 0, "1-way window");
	w = window(G(48), G(8));
	EXPECT(w && w->ways == 4 && w->arith == CPC_CFMWS_XOR && w->nr_maps == 2 &&
	       w->maps_found && w->xormaps[0] == maps[1] && w->xormaps[1] == maps[2],
	       "4-way XOR window: maps of the 256 B CXIMS");
	w = window(G(64), G(3));
	EXPECT(w && w->ways == 3 && w->nr_maps == 0, "3-way XOR window");
	EXPECT(!window(G(16), G(8)) && !window(G(17), G(4)), "start and size both match");
	/* loaded again: the previous table is forgotten */
	begin();
	EXPECT(!load(0, NULL) && !window(G(16), G(4)), "reload forgets");
}

static void malformed(void)
{
	unsigned int i;

	/* short records: shorter than the fixed part, or than the targets */
	begin();
	cfmws(G(16), G(4), 1, 0, 0, 0, t4, 8);
	cfmws(G(20), G(4), 2, 0, 0, 2, t4, 0);		/* 4 ways, 2 targets */
	cfmws(G(24), G(4), 1, 0, 0, 2, t4, 0);		/* the good one after them */
	EXPECT(!load(0, NULL), "load");
	EXPECT(!window(G(16), G(4)) && !window(G(20), G(4)) && window(G(24), G(4)),
	       "short CFMWS ignored, the next read");
	EXPECT(strstr(shim_log, "CFMWS of 8 bytes does not fit"), "logged: %s", shim_log);

	/* invalid ways (eiw 5, 11) and granularity (eig 7) */
	begin();
	cfmws(G(16), G(4), 5, 0, 0, 4, t4, 0);
	cfmws(G(20), G(4), 11, 0, 0, 4, t4, 0);
	cfmws(G(24), G(4), 0, 0, 7, 1, t4, 0);
	EXPECT(!load(0, NULL), "load");
	EXPECT(!window(G(16), G(4)) && !window(G(20), G(4)) && !window(G(24), G(4)),
	       "invalid ways or granularity: no window");

	/* the last record runs past the table's end */
	begin();
	cfmws(G(16), G(4), 1, 0, 0, 2, t4, 0);
	cfmws(G(20), G(4), 2, 0, 0, 4, t4, 0);
	EXPECT(!load(build_len - 4, NULL), "load");
	EXPECT(window(G(16), G(4)) && !window(G(20), G(4)), "truncated CFMWS ignored");

	/* a zero length stops the walk; what came before stays */
	begin();
	cfmws(G(16), G(4), 1, 0, 0, 2, t4, 0);
	cfmws(G(20), G(4), 1, 0, 0, 2, t4, 0);
	build[ACPI_HEADER + sizeof(struct acpi_cedt_cfmws) + 8 + 2] = 0;
	build[ACPI_HEADER + sizeof(struct acpi_cedt_cfmws) + 8 + 3] = 0;
	EXPECT(!load(0, NULL), "load");
	EXPECT(window(G(16), G(4)) && !window(G(20), G(4)), "zero length stops the walk");

	/* 33 windows: the 33rd is refused, with a warning */
	begin();
	for (i = 0; i < 33; i++)
		cfmws(G(16 + 4 * i), G(4), 0, 0, 0, 1, t4, 0);
	EXPECT(!load(0, NULL), "load");
	EXPECT(window(G(16 + 4 * 31), G(4)) && !window(G(16 + 4 * 32), G(4)), "32 windows kept");
	EXPECT(strstr(shim_log, "more than 32 CFMWS"), "logged: %s", shim_log);
}

/* XOR windows whose CXIMS the kernel would not accept have no maps. */
static void cxims_malformed(void)
{
	static const struct {
		const char *what;
		u8 hbig, nr_maps;
		unsigned int nr, len;
		bool before;
	} bad[] = {
		{ "too few maps", 0, 1, 1, 0, false },
		{ "shorter than its maps", 0, 2, 2, 16, false },
		{ "shorter than its fixed part", 0, 2, 0, 4, true },
		{ "an invalid granularity", 9, 2, 2, 0, false },
		{ "too few maps, before the good one", 0, 1, 1, 0, true },
		{ "an invalid granularity, before the good one", 9, 2, 2, 0, true },
	};
	const struct cpc_window *w;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		begin();
		cfmws(G(16), G(4), 2, 1, 0, 4, t4, 0);
		if (bad[i].before)
			cxims(bad[i].hbig, bad[i].nr_maps, bad[i].nr, maps, bad[i].len);
		cxims(0, 2, 2, maps, 0);
		if (!bad[i].before)
			cxims(bad[i].hbig, bad[i].nr_maps, bad[i].nr, maps, bad[i].len);
		EXPECT(!load(0, NULL), "load");
		w = window(G(16), G(4));
		EXPECT(w && !w->maps_found, "CXIMS with %s: window without maps", bad[i].what);
		EXPECT(strstr(shim_log, "a CXIMS is malformed"), "%s: logged: %s", bad[i].what,
		       shim_log);
	}
	/* a CXIMS of another granularity only: no maps, nothing malformed */
	begin();
	cfmws(G(16), G(4), 2, 1, 0, 4, t4, 0);
	cxims(1, 2, 2, maps, 0);
	EXPECT(!load(0, NULL), "load");
	w = window(G(16), G(4));
	EXPECT(w && !w->maps_found && !strstr(shim_log, "malformed"), "no CXIMS for 256 B");
	/* the last of two good ones wins, as in the kernel */
	begin();
	cfmws(G(16), G(4), 1, 1, 0, 2, t4, 0);
	cxims(0, 1, 1, maps, 0);
	cxims(0, 1, 1, maps + 3, 0);
	EXPECT(!load(0, NULL), "load");
	w = window(G(16), G(4));
	EXPECT(w && w->maps_found && w->xormaps[0] == maps[3], "last CXIMS wins");
}

static void declared(void)
{
	const struct cpc_window *w;

	begin();
	cfmws(G(16), G(4), 1, 0, 0, 2, t4, 0);
	EXPECT(!load(0, "0x400000000:0x100000000,0x800000000:0x10000000"), "declared load");
	w = window(G(16), G(4));
	EXPECT(w && !w->declared, "the CEDT wins over a declaration");
	EXPECT(strstr(shim_log, "the CEDT describes it"), "logged: %s", shim_log);
	w = window(G(32), 0x10000000);
	EXPECT(w && w->declared && w->arith == CPC_CFMWS_MODULO, "declared window");
	EXPECT(load(0, "0x400000000") == -EINVAL && !window(G(32), 0x10000000),
	       "bad declaration: -EINVAL, none kept");
	EXPECT(strstr(shim_log, "expected START:SIZE"), "logged: %s", shim_log);
	shim_fail_alloc = 1;
	EXPECT(load(0, "0x400000000:0x100000000") == -ENOMEM, "no memory");
	shim_fail_alloc = 0;
}

/* "START:SIZE[,...]" as modprobe passes modulo_windows. */
static int parse_spec(const char *spec, struct cpc_window *w, unsigned int *nr, char *why)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", spec);
	why[0] = '\0';
	return cpc_parse_windows(buf, w, 3, nr, why, CPC_REASON_LEN);
}

#define BAD_SPEC(spec, needle) do {						\
	int rc_ = parse_spec(spec, w, &nr, why);					\
										\
	EXPECT(rc_ == -EINVAL && strstr(why, needle),				\
	       "'%s': want -EINVAL '%s', got %d '%s'", spec, needle, rc_, why);	\
} while (0)

static void declared_spec(void)
{
	struct cpc_window w[3];
	char why[CPC_REASON_LEN];
	unsigned int nr;

	EXPECT(!parse_spec("0xf010000000:0x40000000,0xf1d0000000:268435456", w, &nr, why) &&
	       nr == 2 && w[0].base == 0xf010000000ULL && w[0].size == 0x40000000 &&
	       w[1].base == 0xf1d0000000ULL && w[1].size == 0x10000000 &&
	       w[0].declared && w[0].arith == CPC_CFMWS_MODULO, "two windows: %s", why);
	BAD_SPEC("", "expected START:SIZE");
	BAD_SPEC("0x10000000", "expected START:SIZE");
	BAD_SPEC("0x10000000:", "expected START:SIZE");
	BAD_SPEC("0x10000000:0x10000000,", "expected START:SIZE");
	BAD_SPEC("0x10000000:-0x10000000", "expected START:SIZE");
	BAD_SPEC("0x10000000:0x1000000g", "'0x10000000:0x1000000g': expected START:SIZE");
	BAD_SPEC(" 0x10000000:0x10000000", "expected START:SIZE");
	BAD_SPEC("0x10000000:0", "not a window");
	BAD_SPEC("0x10000000:0x1000", "not a window");
	BAD_SPEC("0x10001000:0x10000000", "not a window");
	BAD_SPEC("0xfffffffff0000000:0x20000000", "not a window");
	BAD_SPEC("0x10000000:0x10000000,0x20000000:0x10000000,0x30000000:0x10000000,"
		 "0x40000000:0x10000000", "more than 3 windows");
}

int main(void)
{
	wellformed();
	malformed();
	cxims_malformed();
	declared();
	declared_spec();
	return expect_report("test_cedt");
}
