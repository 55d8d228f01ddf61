/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CXL interleave arithmetic: region offset <-> (position, DPA offset).
 *
 * Pure code: no kernel headers beyond types, errno and math64, so
 * tests/unit compiles the same file in userspace (with shims for those).
 */
#ifndef CPC_INTERLEAVE_H
#define CPC_INTERLEAVE_H

#include <linux/types.h>

/**
 * struct cpc_ilv - an interleave in its encoded form
 * @eiw: encoded ways (1,2,4,8,16 -> 0..4; 3,6,12 -> 8..10)
 * @eig: encoded granularity (256 << eig bytes, 0..6)
 * @ways: ways
 * @gran: granularity in bytes
 */
struct cpc_ilv {
	u8 eiw;
	u8 eig;
	unsigned int ways;
	unsigned int gran;
};

int cpc_ilv_init(struct cpc_ilv *ilv, unsigned int ways, unsigned int gran);
unsigned int cpc_ilv_position(const struct cpc_ilv *ilv, u64 hpa_off);
u64 cpc_ilv_dpa_offset(const struct cpc_ilv *ilv, u64 hpa_off);
u64 cpc_ilv_hpa_offset(const struct cpc_ilv *ilv, unsigned int pos, u64 dpa_off);
bool cpc_ilv_base_aligned(unsigned int root_ways, u64 base);

#endif /* CPC_INTERLEAVE_H */
