#!/bin/bash
# make demo: install what is needed, build the module with DKMS for the
# Debian 6.12 kernel, boot it under QEMU with two emulated CXL Type-3
# devices and narrate a region-offset inject/clear (guest/tests/demo.sh).
set -uo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "$0")/vm/lib.sh"
t0=$SECONDS
log "step 1: installing/fetching what the demo needs (make deps; cached after the first run)"
bash "$VM_DIR/deps.sh" || exit 1
OUT=${CPC_OUT:-$TOP_DIR/out}/demo
mkdir -p "$OUT"
log "step 2: building the module with DKMS for Debian's 6.12 kernel"
bash "$VM_DIR/dkms.sh" build deb612 "$OUT/dkms-deb612" >"$OUT/dkms.log" 2>&1 ||
	{ tail "$OUT/dkms.log"; exit 1; }
grep -m1 -o 'Building module.*' "$OUT/dkms.log" || true
log "step 3: booting the Debian 6.12 kernel under QEMU (TCG) with two cxl-type3 devices"
res=$(bash "$VM_DIR/run.sh" deb612 "$OUT" demo 2>&1 | grep -v '^readelf')
sed -n 's/^DEMO //p; s/^DEMO$//p' "$OUT/deb612-demo.log" | tr -d '\r'
echo "$res"
log "demo took $((SECONDS - t0)) s"
case $res in PASS*) exit 0 ;; *) exit 1 ;; esac
