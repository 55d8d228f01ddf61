/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_ACPI_H
#define SHIM_ACPI_H
#include <linux/kernel.h>
#include <linux/types.h>

#define CONFIG_ACPI 1
#define IS_ENABLED(option) (option)

/* include/acpi/actbl1.h, packed as ACPI tables are. */
struct acpi_cedt_header {
	u8 type;
	u8 reserved;
	u16 length;
} __attribute__((packed));

enum acpi_cedt_type {
	ACPI_CEDT_TYPE_CHBS = 0,
	ACPI_CEDT_TYPE_CFMWS = 1,
	ACPI_CEDT_TYPE_CXIMS = 2,
};

struct acpi_cedt_cfmws {
	struct acpi_cedt_header header;
	u32 reserved1;
	u64 base_hpa;
	u64 window_size;
	u8 interleave_ways;
	u8 interleave_arithmetic;
	u16 reserved2;
	u32 granularity;
	u16 restrictions;
	u16 qtg_id;
	u32 interleave_targets[];
} __attribute__((packed));

struct acpi_cedt_cxims {
	struct acpi_cedt_header header;
	u16 reserved1;
	u8 hbig;
	u8 nr_xormaps;
	u64 xormap_list[];
} __attribute__((packed));

union acpi_subtable_headers {
	struct acpi_cedt_header cedt;
};

typedef int (*acpi_tbl_entry_handler_arg)(union acpi_subtable_headers *header, void *arg,
					  const unsigned long end);
/* The test provides it, walking its own table as lib/fw_table.c does. */
int acpi_table_parse_cedt(enum acpi_cedt_type id, acpi_tbl_entry_handler_arg handler, void *arg);
#endif
