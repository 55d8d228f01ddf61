// SPDX-License-Identifier: GPL-2.0
/*
 * The CXL fixed memory windows of the ACPI CEDT, as the kernel's cxl_acpi
 * turns them into root decoders (drivers/cxl/acpi.c): ways, granularity
 * (forced to 256 for one way), targets, arithmetic and, for XOR windows,
 * the maps of the CXIMS whose granularity matches the window's (the last
 * such CXIMS, as the kernel parses them all). The table is static, so it
 * is read once at load, with the windows the administrator declares as
 * modulo (module parameter modulo_windows, parsed here; see decide.c for
 * what a declaration means).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/cleanup.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cpc.h"
#include "decide.h"

#define CPC_MAX_WINDOWS 32

static struct cpc_window cpc_windows[CPC_MAX_WINDOWS];
static unsigned int cpc_nr_windows;
static struct cpc_window cpc_declared[CPC_MAX_WINDOWS];
static unsigned int cpc_nr_declared;

#if IS_ENABLED(CONFIG_ACPI)
/*
 * Does a record of at least @min bytes, as long as its header says, lie
 * inside the table (which ends at @end)? The table walker only checks that
 * a record's header does: nothing past it may be read otherwise.
 */
static bool cpc_record_fits(const void *header, unsigned int length, size_t min,
			    unsigned long end)
{
	unsigned long start = (unsigned long)header;

	return length >= min && length <= end - start;
}

static int cpc_parse_cfmws(union acpi_subtable_headers *header, void *arg,
			   const unsigned long end)
{
	struct acpi_cedt_cfmws *c = (struct acpi_cedt_cfmws *)header;
	struct cpc_window *w = &cpc_windows[cpc_nr_windows];
	unsigned int i;

	if (!cpc_record_fits(c, c->header.length, sizeof(*c), end)) {
		pr_warn("CFMWS of %u bytes does not fit the CEDT: ignored\n", c->header.length);
		return 0;
	}
	if (cpc_nr_windows == CPC_MAX_WINDOWS) {
		pr_warn("more than %d CFMWS: regions under the rest are refused\n",
			CPC_MAX_WINDOWS);
		return 0;
	}
	/* What the kernel's cxl_acpi_cfmws_verify() rejects makes no root decoder. */
	if (cpc_eiw_ways(c->interleave_ways, &w->ways) ||
	    cpc_eig_gran(c->granularity, &w->gran) || w->ways > CPC_MAX_WAYS ||
	    c->header.length < struct_size(c, interleave_targets, w->ways)) {
		memset(w, 0, sizeof(*w));
		return 0;
	}
	w->base = c->base_hpa;
	w->size = c->window_size;
	w->arith = c->interleave_arithmetic;
	if (w->ways == 1)
		w->gran = 256;
	w->nr_targets = w->ways;
	for (i = 0; i < w->ways; i++)
		w->targets[i] = c->interleave_targets[i];
	w->nr_maps = cpc_xor_nr_maps(w->ways);
	cpc_nr_windows++;
	return 0;
}

/* An XOR window and what its CXIMS search found. */
struct cpc_cxims_search {
	struct cpc_window *w;
	bool bad;
};

/*
 * The kernel takes the maps of the last CXIMS of the window's
 * granularity, and makes no root decoder at all if one it reads is
 * malformed (an invalid granularity, too few maps): the search stops
 * there. So a bad record read before or after the good one leaves the
 * window without maps, and its regions are refused.
 */
static int cpc_parse_cxims(union acpi_subtable_headers *header, void *arg,
			   const unsigned long end)
{
	struct acpi_cedt_cxims *c = (struct acpi_cedt_cxims *)header;
	struct cpc_cxims_search *s = arg;
	struct cpc_window *w = s->w;
	unsigned int gran;

	if (!cpc_record_fits(c, c->header.length, sizeof(*c), end) ||
	    cpc_eig_gran(c->hbig, &gran)) {
		s->bad = true;
		return 0;
	}
	if (gran != w->gran)
		return 0;
	if (c->nr_xormaps < w->nr_maps ||
	    !cpc_record_fits(c, c->header.length, struct_size(c, xormap_list, w->nr_maps), end)) {
		s->bad = true;
		return 0;
	}
	memcpy(w->xormaps, c->xormap_list, w->nr_maps * sizeof(w->xormaps[0]));
	w->maps_found = true;
	return 0;
}

static void cpc_cedt_init(void)
{
	struct cpc_cxims_search s;
	struct cpc_window *w;

	memset(cpc_windows, 0, sizeof(cpc_windows));
	cpc_nr_windows = 0;
	acpi_table_parse_cedt(ACPI_CEDT_TYPE_CFMWS, cpc_parse_cfmws, NULL);
	for (w = cpc_windows; w < cpc_windows + cpc_nr_windows; w++) {
		if (w->arith != CPC_CFMWS_XOR || !w->nr_maps)
			continue;
		s = (struct cpc_cxims_search){ .w = w };
		acpi_table_parse_cedt(ACPI_CEDT_TYPE_CXIMS, cpc_parse_cxims, &s);
		if (s.bad) {
			w->maps_found = false;
			pr_warn("CFMWS %#llx: a CXIMS is malformed; regions under it are refused\n",
				w->base);
		}
	}
}
#else
static void cpc_cedt_init(void)
{
}
#endif

static int cpc_parse_window(char *tok, struct cpc_window *w, char *reason, size_t len)
{
	char *size = strchr(tok, ':');

	memset(w, 0, sizeof(*w));
	if (size)
		*size++ = '\0';
	if (!size || kstrtoull(tok, 0, &w->base) || kstrtoull(size, 0, &w->size)) {
		if (size)
			size[-1] = ':';
		snprintf(reason, len, "'%s': expected START:SIZE", tok);
		return -EINVAL;
	}
	if (!w->size || w->base + w->size < w->base ||
	    (w->base | w->size) & (CPC_WINDOW_ALIGN - 1)) {
		snprintf(reason, len,
			 "%#llx:%#llx: not a window (nonzero, 256 MiB aligned, below 2^64)",
			 w->base, w->size);
		return -EINVAL;
	}
	w->arith = CPC_CFMWS_MODULO;
	w->declared = true;
	return 0;
}

/**
 * cpc_parse_windows() - parse "START:SIZE[,START:SIZE...]" into windows
 * @spec: the string, cut up in place
 * @w: the windows, @max of them
 * @max: room in @w
 * @nr: set to the number parsed
 * @reason: on error, why (one line)
 * @len: size of @reason
 *
 * Return: 0, or -EINVAL with @reason set.
 */
int cpc_parse_windows(char *spec, struct cpc_window *w, unsigned int max,
		      unsigned int *nr, char *reason, size_t len)
{
	char *tok;
	int rc;

	*nr = 0;
	while ((tok = strsep(&spec, ","))) {
		if (*nr == max) {
			snprintf(reason, len, "more than %u windows", max);
			return -EINVAL;
		}
		rc = cpc_parse_window(tok, &w[*nr], reason, len);
		if (rc)
			return rc;
		(*nr)++;
	}
	return 0;
}

/**
 * cpc_windows_init() - read the CEDT's windows and parse the declared ones
 * @modulo_windows: the module parameter, "START:SIZE[,START:SIZE...]" or
 *                  NULL
 *
 * Return: 0, -EINVAL (logged) if @modulo_windows does not parse, -ENOMEM.
 */
int cpc_windows_init(const char *modulo_windows)
{
	char reason[CPC_REASON_LEN];
	const struct cpc_window *w;
	int rc;

	cpc_cedt_init();
	cpc_nr_declared = 0;
	if (!modulo_windows || !*modulo_windows)
		return 0;
	char *spec __free(kfree) = kstrdup(modulo_windows, GFP_KERNEL);
	if (!spec)
		return -ENOMEM;
	rc = cpc_parse_windows(spec, cpc_declared, CPC_MAX_WINDOWS, &cpc_nr_declared,
			       reason, sizeof(reason));
	if (rc) {
		cpc_nr_declared = 0;
		pr_err("modulo_windows: %s: %pe\n", reason, ERR_PTR(rc));
		return rc;
	}
	for (w = cpc_declared; w < cpc_declared + cpc_nr_declared; w++)
		pr_info("window %#llx+%#llx declared modulo%s\n", w->base, w->size,
			cpc_window_find(cpc_windows, cpc_nr_windows, w->base, w->size) ?
			" (the CEDT describes it: the CEDT wins)" : "");
	return 0;
}

/**
 * cpc_window_for() - the window a region's root decoder was made from
 * @f: the region's facts (root decoder start, size, ways, granularity,
 *     targets)
 * @buf: room for a declared window, completed from the root decoder
 *
 * Return: the CEDT's window, else @buf filled from a declared one, else
 * NULL.
 */
const struct cpc_window *cpc_window_for(const struct cpc_region_facts *f,
					struct cpc_window *buf)
{
	const struct cpc_window *w;

	w = cpc_window_find(cpc_windows, cpc_nr_windows, f->root_start, f->root_size);
	if (w)
		return w;
	w = cpc_window_find(cpc_declared, cpc_nr_declared, f->root_start, f->root_size);
	if (!w)
		return NULL;
	cpc_window_from_root(f, w, buf);
	return buf;
}
