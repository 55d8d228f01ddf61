// SPDX-License-Identifier: GPL-2.0
/*
 * Which CXL fixed memory windows use XOR interleave arithmetic.
 *
 * No sysfs attribute says so: the root decoder's arithmetic comes from the
 * ACPI CEDT CFMWS entry that created it. The table is static, so it is
 * read once at load; regions under an XOR window are refused, since their
 * host-bridge position is a parity of HPA bits the module does not model.
 */
#include <linux/acpi.h>
#include <linux/kernel.h>

#include "cpc.h"

#define CPC_MAX_XOR_WINDOWS 16

static u64 cpc_xor_base[CPC_MAX_XOR_WINDOWS];
static unsigned int cpc_nr_xor;

#if IS_ENABLED(CONFIG_ACPI)
static int cpc_cfmws(union acpi_subtable_headers *header, void *arg,
		     const unsigned long end)
{
	struct acpi_cedt_cfmws *w = (struct acpi_cedt_cfmws *)header;

	if (w->interleave_arithmetic != ACPI_CEDT_CFMWS_ARITHMETIC_XOR)
		return 0;
	if (cpc_nr_xor == CPC_MAX_XOR_WINDOWS) {
		pr_warn(CPC_NAME ": more than %d XOR windows; regions under the rest are refused by base\n",
			CPC_MAX_XOR_WINDOWS);
		return 0;
	}
	cpc_xor_base[cpc_nr_xor++] = w->base_hpa;
	return 0;
}

void cpc_cedt_init(void)
{
	acpi_table_parse_cedt(ACPI_CEDT_TYPE_CFMWS, cpc_cfmws, NULL);
}
#else
void cpc_cedt_init(void)
{
}
#endif

/**
 * cpc_cedt_is_xor() - does the CFMWS at @base use XOR arithmetic
 * @base: a root decoder's HPA start
 */
bool cpc_cedt_is_xor(u64 base)
{
	unsigned int i;

	for (i = 0; i < cpc_nr_xor; i++)
		if (cpc_xor_base[i] == base)
			return true;
	return false;
}
