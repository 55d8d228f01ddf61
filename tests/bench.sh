#!/bin/bash
# make bench: the latency benchmark (tests/vm/guest/tests/bench.sh) in one
# boot per kernel; prints its lines. Not part of make check.
set -uo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "$0")/vm/lib.sh"
bash "$VM_DIR/deps.sh" || exit 1
load_kernels_env
OUT=${CPC_OUT:-$TOP_DIR/out}/bench
mkdir -p "$OUT"
rc=0
for k in ${VM_KERNELS:-deb612 dbg72}; do
	bash "$VM_DIR/dkms.sh" build "$k" "$OUT/dkms-$k" >"$OUT/dkms-$k.log" 2>&1 || { echo "dkms build $k failed"; exit 1; }
	bash "$VM_DIR/run.sh" "$k" "$OUT" bench | grep -v '^readelf' || rc=1
	kernel_vars "$k"
	echo "== $k ($KVER) =="
	grep -aE '^(bench |target |offset |module size|memory )' "$OUT/$k-bench.log" | tr -d '\r'
	# Struct sizes from the debug info of a plain build (DKMS strips it).
	d=$OUT/sizes-$k
	rm -rf "$d" && mkdir -p "$d" && cp -r "$TOP_DIR/Kbuild" "$TOP_DIR/VERSION" "$TOP_DIR/src" "$d/"
	make -s -C "$KDIR" M="$d" modules >"$d.log" 2>&1 &&
		gdb -batch -ex 'p sizeof(struct cpc_entry)' -ex 'p sizeof(struct cpc_geometry)' \
			"$d/cxl_poison_ctl.ko" 2>/dev/null |
		awk '{ n[NR] = $3 } END { printf "struct cpc_entry: %s bytes, struct cpc_geometry: %s bytes\n", n[1], n[2] }'
done
exit $rc
