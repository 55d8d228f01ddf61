/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CXL interleave arithmetic: region offset <-> (position, DPA offset).
 *
 * Pure code: no kernel headers beyond types, bits, errno and math64, so
 * tests/unit compiles the same file in userspace (with shims for those).
 */
#ifndef CPC_INTERLEAVE_H
#define CPC_INTERLEAVE_H

#include <linux/types.h>

/*
 * What Inject and Clear Poison act on, and so the unit of every address
 * and length this module takes: one cache line.
 */
#define CPC_LINE_SIZE 64

/*
 * CXL fixed memory windows (CFMWS) start and end on 256 MiB boundaries;
 * a 3, 6 or 12-way one decodes by region offset only at a multiple of
 * ways x that.
 */
#define CPC_WINDOW_ALIGN (256ULL << 20)

/* The largest encoded granularity: 256 << 6 = 16 KiB. */
#define CPC_EIG_MAX 6

/* The most XOR maps a window applies: log2(16 ways). */
#define CPC_MAX_XORMAPS 4

/**
 * struct cpc_ilv - an interleave in its encoded form
 * @eiw: encoded ways (1,2,4,8,16 -> 0..4; 3,6,12 -> 8..10)
 * @eig: encoded granularity (256 << eig bytes, 0..CPC_EIG_MAX)
 * @ways: ways
 * @gran: granularity in bytes
 */
struct cpc_ilv {
	u8 eiw;
	u8 eig;
	unsigned int ways;
	unsigned int gran;
};

/**
 * enum cpc_arith - how a region's host physical addresses reach positions
 * @CPC_ARITH_MODULO: the position is taken from the region offset
 * @CPC_ARITH_XOR: the root decoder's XOR maps rewrite the host-bridge
 *                 selection bits of the absolute address first
 * @CPC_ARITH_MOD3_UNALIGNED: a 3, 6 or 12-way root interleave at a base
 *                            that is not a multiple of ways x 256 MiB: the
 *                            position is the absolute granule modulo ways
 */
enum cpc_arith {
	CPC_ARITH_MODULO,
	CPC_ARITH_XOR,
	CPC_ARITH_MOD3_UNALIGNED,
};

/**
 * struct cpc_decode - everything a region's translation depends on
 * @arith: the arithmetic
 * @ilv: the region's interleave (what every endpoint decoder applies)
 * @base: the region's HPA base
 * @cache: extended linear cache in front of the region (bytes)
 * @nr_maps: XOR maps applied (XOR only)
 * @xormaps: the maps, in the order the kernel applies them
 */
struct cpc_decode {
	enum cpc_arith arith;
	struct cpc_ilv ilv;
	u64 base;
	u64 cache;
	unsigned int nr_maps;
	u64 xormaps[CPC_MAX_XORMAPS];
};

int cpc_eiw_ways(u8 eiw, unsigned int *ways);
int cpc_eig_gran(u32 eig, unsigned int *gran);
int cpc_ilv_init(struct cpc_ilv *ilv, unsigned int ways, unsigned int gran);
unsigned int cpc_ilv_position(const struct cpc_ilv *ilv, u64 hpa_off);
u64 cpc_ilv_dpa_offset(const struct cpc_ilv *ilv, u64 hpa_off);
u64 cpc_ilv_hpa_offset(const struct cpc_ilv *ilv, unsigned int pos, u64 dpa_off);
bool cpc_ilv_base_aligned(unsigned int root_ways, u64 base);
int cpc_xor_nr_maps(unsigned int root_ways);
u64 cpc_xor_apply(const u64 *maps, unsigned int nr, u64 addr);
void cpc_decode_locate(const struct cpc_decode *d, u64 offset, unsigned int *pos,
		       u64 *dpa_off);
u64 cpc_decode_offset(const struct cpc_decode *d, unsigned int pos, u64 dpa_off);
const char *cpc_arith_name(enum cpc_arith arith);

#endif /* CPC_INTERLEAVE_H */
