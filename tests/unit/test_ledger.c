// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/ledger.c: ranges merge with the neighbour on either
 * side, split when cleared in the middle or across neighbours, are kept
 * per device (serial; name for a device without one), follow a device's
 * new name, are marked gone when a serial-less device is deleted, and
 * count what could not be recorded. Prints "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>

#include <linux/seq_file.h>

#include "ledger.h"
#include "expect.h"

int shim_fail_alloc;

/* The memdevs the tracker would report bound: serial, name. */
static struct {
	u64 serial;
	const char *name;
} bound[4];

bool cpc_tracker_memdev_name(u64 serial, char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		if (!bound[i].name || bound[i].serial != serial ||
		    (!serial && strcmp(bound[i].name, name)))
			continue;
		snprintf(name, len, "%s", bound[i].name);
		return true;
	}
	return false;
}

static const char *show(void)
{
	static struct seq_file m;

	m.len = 0;
	m.buf[0] = '\0';
	cpc_ledger_show(&m, NULL);
	return m.buf;
}

#define SHOWS(want) do {						\
	const char *got_ = show();					\
									\
	EXPECT(!strcmp(got_, want), "ledger:\n%s\nwant:\n%s", got_, want); \
} while (0)

static void add(const char *md, u64 serial, u64 dpa, u64 len)
{
	struct cpc_ledger_range r = { .serial = serial, .dpa = dpa, .len = len };

	snprintf(r.memdev, sizeof(r.memdev), "%s", md);
	cpc_ledger_add(&r);
}

/* A line injected by region offset: @offset, hpa = 0x490000000 + @offset. */
static void add_mapped(const char *md, u64 serial, u64 dpa, u64 offset, u64 len)
{
	struct cpc_ledger_range r = { .serial = serial, .dpa = dpa, .len = len,
				      .mapped = true, .offset = offset,
				      .hpa = 0x490000000ULL + offset };

	snprintf(r.memdev, sizeof(r.memdev), "%s", md);
	snprintf(r.region, sizeof(r.region), "region0");
	cpc_ledger_add(&r);
}

static void reset(void)
{
	cpc_ledger_exit();
	memset(bound, 0, sizeof(bound));
	bound[0].serial = 0x1000;
	bound[0].name = "mem0";
	bound[1].serial = 0x1001;
	bound[1].name = "mem1";
}

static void merges(void)
{
	reset();
	add("mem0", 0x1000, 0x1000, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x40 serial=0x1000 state=bound\n");
	/* the right neighbour of a range */
	add("mem0", 0x1000, 0x1040, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x80 serial=0x1000 state=bound\n");
	/* the left neighbour of a range */
	add("mem0", 0x1000, 0xfc0, 0x40);
	SHOWS("memdev=mem0 dpa=0xfc0 length=0xc0 serial=0x1000 state=bound\n");
	/* the gap between two ranges: all three become one */
	add("mem0", 0x1000, 0x1100, 0x40);
	add("mem0", 0x1000, 0x1080, 0x80);
	SHOWS("memdev=mem0 dpa=0xfc0 length=0x180 serial=0x1000 state=bound\n");
	/* again over what is there: nothing counted twice */
	add("mem0", 0x1000, 0x1000, 0x100);
	SHOWS("memdev=mem0 dpa=0xfc0 length=0x180 serial=0x1000 state=bound\n");
	/* another device, same DPA: its own range */
	add("mem1", 0x1001, 0x1000, 0x40);
	SHOWS("memdev=mem0 dpa=0xfc0 length=0x180 serial=0x1000 state=bound\n"
	      "memdev=mem1 dpa=0x1000 length=0x40 serial=0x1001 state=bound\n");
}

static void mapped(void)
{
	reset();
	/* contiguous in DPA and in offset: one range */
	add_mapped("mem0", 0x1000, 0x1000, 0x2000, 0x40);
	add_mapped("mem0", 0x1000, 0x1040, 0x2040, 0x40);
	/* contiguous in DPA only (the next granule went elsewhere): not merged */
	add_mapped("mem0", 0x1000, 0x1080, 0x2100, 0x40);
	/* by DPA, contiguous: not merged with a mapped range */
	add("mem0", 0x1000, 0x10c0, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x80 region=region0 offset=0x2000 hpa=0x490002000 serial=0x1000 state=bound\n"
	      "memdev=mem0 dpa=0x1080 length=0x40 region=region0 offset=0x2100 hpa=0x490002100 serial=0x1000 state=bound\n"
	      "memdev=mem0 dpa=0x10c0 length=0x40 serial=0x1000 state=bound\n");
	/* a hole in the middle of a mapped range: offset and hpa follow */
	reset();
	add_mapped("mem0", 0x1000, 0x1000, 0x2000, 0x100);
	cpc_ledger_remove(0x1000, "mem0", 0x1040, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x40 region=region0 offset=0x2000 hpa=0x490002000 serial=0x1000 state=bound\n"
	      "memdev=mem0 dpa=0x1080 length=0x80 region=region0 offset=0x2080 hpa=0x490002080 serial=0x1000 state=bound\n");
}

static void splits(void)
{
	reset();
	add("mem0", 0x1000, 0x1000, 0x100);
	/* the front, the back, the middle */
	cpc_ledger_remove(0x1000, "mem0", 0xfc0, 0x80);
	SHOWS("memdev=mem0 dpa=0x1040 length=0xc0 serial=0x1000 state=bound\n");
	cpc_ledger_remove(0x1000, "mem0", 0x10c0, 0x1000);
	SHOWS("memdev=mem0 dpa=0x1040 length=0x80 serial=0x1000 state=bound\n");
	cpc_ledger_remove(0x1000, "mem0", 0x1040, 0x40);
	SHOWS("memdev=mem0 dpa=0x1080 length=0x40 serial=0x1000 state=bound\n");
	/* across both neighbours of a gap: the inner ends go, the outer stay */
	reset();
	add("mem0", 0x1000, 0x1000, 0x80);
	add("mem0", 0x1000, 0x1100, 0x80);
	cpc_ledger_remove(0x1000, "mem0", 0x1040, 0x100);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x40 serial=0x1000 state=bound\n"
	      "memdev=mem0 dpa=0x1140 length=0x40 serial=0x1000 state=bound\n");
	/* another device's clear touches nothing; the last line leaves */
	cpc_ledger_remove(0x1001, "mem0", 0x1000, 0x1000);
	cpc_ledger_remove(0, "mem0", 0x1000, 0x40);
	cpc_ledger_remove(0x1000, "mem0", 0x1140, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x40 serial=0x1000 state=bound\n");
	cpc_ledger_remove(0x1000, "mem0", 0x1000, 0x40);
	SHOWS("");
}

/* Ranges follow the device, not the name. */
static void devices(void)
{
	reset();
	add("mem0", 0x1000, 0x1000, 0x40);
	/* mem0 deleted; the device with serial 0x1001 is now mem0 */
	bound[0].name = NULL;
	bound[1].name = "mem0";
	cpc_ledger_forget("mem0");
	SHOWS("memdev=mem0 dpa=0x1000 length=0x40 serial=0x1000 state=unbound\n");
	add("mem0", 0x1001, 0x1000, 0x40);
	cpc_ledger_remove(0x1001, "mem0", 0x1000, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x40 serial=0x1000 state=unbound\n");
	/* serial 0x1000 back as mem1 */
	bound[0].name = "mem1";
	SHOWS("memdev=mem1 dpa=0x1000 length=0x40 serial=0x1000 state=bound\n");
	bound[0].name = NULL;
	SHOWS("memdev=mem1 dpa=0x1000 length=0x40 serial=0x1000 state=unbound\n");

	/* without a serial, a device is its name, until it is deleted */
	reset();
	bound[2].serial = 0;
	bound[2].name = "mem2";
	add("mem2", 0, 0x2000, 0x40);
	SHOWS("memdev=mem2 dpa=0x2000 length=0x40 serial=0 state=bound\n");
	cpc_ledger_forget("mem2");
	SHOWS("memdev=mem2 dpa=0x2000 length=0x40 serial=0 state=gone\n");
	/* the next mem2 is another device: its lines are its own */
	add("mem2", 0, 0x2040, 0x40);
	cpc_ledger_remove(0, "mem2", 0x2000, 0x80);
	SHOWS("memdev=mem2 dpa=0x2000 length=0x40 serial=0 state=gone\n");
	/* a gone range copies out as gone (clear_all skips it) */
	{
		struct cpc_ledger_range *r;
		LIST_HEAD(copy);

		EXPECT(!cpc_ledger_snapshot(&copy), "snapshot");
		r = list_first_entry_or_null(&copy, struct cpc_ledger_range, node);
		EXPECT(r && r->gone && !r->serial && r->dpa == 0x2000, "snapshot of a gone range");
		cpc_ledger_free(&copy);
	}
}

static void lost(void)
{
	reset();
	shim_fail_alloc = 1;
	add("mem0", 0x1000, 0x1000, 0x40);
	SHOWS("lost=1\n");
	add("mem0", 0x1000, 0x1000, 0x100);
	/* splitting needs a new range: that one is lost, the left part stays */
	shim_fail_alloc = 1;
	cpc_ledger_remove(0x1000, "mem0", 0x1040, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x40 serial=0x1000 state=bound\nlost=2\n");
	/* merging allocates nothing */
	shim_fail_alloc = 1;
	add("mem0", 0x1000, 0x1040, 0x40);
	SHOWS("memdev=mem0 dpa=0x1000 length=0x80 serial=0x1000 state=bound\nlost=2\n");
	shim_fail_alloc = 0;
}

int main(void)
{
	merges();
	mapped();
	splits();
	devices();
	lost();
	cpc_ledger_exit();
	return expect_report("test_ledger");
}
