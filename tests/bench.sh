#!/bin/bash
# make bench: the latency benchmark (tests/vm/guest/tests/bench.sh) in one
# boot per kernel; prints its lines. Not part of make check.
set -uo pipefail
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
	grep -aE '^(bench |offset |module size|memory )' "$OUT/$k-bench.log" | tr -d '\r'
	pahole -C cpc_entry "$OUT/dkms-$k"/dkms/cxl_poison_ctl/*/"$KVER"/*/module/cxl_poison_ctl.ko* 2>/dev/null |
		grep -E 'size:' | sed 's/^/struct cpc_entry: /'
done
exit $rc
