#!/bin/bash
# make demo: install what the demo needs (deps.sh demo: not the debug
# kernel), build the module with DKMS for the Debian 6.12 kernel, boot it
# under QEMU with two emulated CXL Type-3 devices and narrate a
# region-offset inject/clear (guest/tests/demo.sh), its lines shown as the
# guest prints them.
set -uo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "$0")/vm/lib.sh"
t0=$SECONDS
log "step 1: installing/fetching what the demo needs (make deps' demo part: packages, QEMU 10, Debian's 6.12 kernel, sid's cxl; about 2 minutes the first time, seconds after)"
bash "$VM_DIR/deps.sh" demo || exit 1
load_kernels_env
OUT=${CPC_OUT:-$TOP_DIR/out}/demo
mkdir -p "$OUT"
log "step 2: building the module with DKMS for Debian's 6.12 kernel (about 10 s)"
bash "$VM_DIR/dkms.sh" build deb612 "$OUT/dkms-deb612" >"$OUT/dkms.log" 2>&1 ||
	{ tail "$OUT/dkms.log"; exit 1; }
grep -m1 -o 'Building module.*' "$OUT/dkms.log" || true
resolve_accel
log "step 3: booting the Debian 6.12 kernel under QEMU ($CPC_ACCEL) with two cxl-type3 devices (the tour starts about 30 s after this under TCG)"
serial=$OUT/deb612-demo.log
rm -f "$serial" "$OUT/deb612-demo.result"
bash "$VM_DIR/run.sh" deb612 "$OUT" demo >"$OUT/run.log" 2>&1 &
pid=$!
# The tour's lines as the guest prints them.
shown=0 first=
show_new() {
	[ -e "$serial" ] || return 0
	local lines
	# complete lines only: the guest may be writing the last one
	lines=$(head -n "$(wc -l <"$serial")" "$serial" | sed -n 's/^DEMO //p; s/^DEMO\r\?$//p' | tr -d '\r')
	[ -n "$lines" ] || return 0
	[ -n "$first" ] || first=$((SECONDS - t0))
	tail -n +$((shown + 1)) <<<"$lines"
	shown=$(wc -l <<<"$lines")
}
while kill -0 $pid 2>/dev/null; do
	show_new
	sleep 1
done
wait $pid
show_new
res=$(grep -aE '^(PASS|FAIL)' "$OUT/run.log")
echo "${res:-FAIL deb612/demo: no result (log: $OUT/run.log)}"
[ -n "$res" ] || tail "$OUT/run.log"
log "demo took $((SECONDS - t0)) s (first guest line after ${first:-?} s)"
case $res in PASS*) exit 0 ;; *) exit 1 ;; esac
