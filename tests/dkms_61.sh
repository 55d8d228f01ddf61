#!/bin/bash
# DKMS against bookworm's default 6.1 headers, which lack cxl_inject_poison():
# the build must succeed with a placeholder module and one clear message,
# and the autoinstall that kernel/headers package hooks run must exit 0.
set -uo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "$0")/vm/lib.sh"
load_kernels_env
tree=${CPC_OUT:-$TOP_DIR/out}/dkms-deb61
fail() { echo "dkms 6.1: $*"; exit 1; }

bash "$VM_DIR/dkms.sh" build deb61 "$tree" || fail "dkms build failed (exit $?)"
log=$(find "$tree/dkms" -name make.log | head -1)
grep -q "has no cxl_inject_poison export.*placeholder that refuses to load" "$log" ||
	fail "no clear message in $log"
grep -o "cxl_poison_ctl: .*placeholder that refuses to load" "$log" | head -1
ko=$(find "$tree/dkms" -path "*$DEB61_KVER*" -name 'cxl_poison_ctl.ko*' | head -1)
[ -n "$ko" ] || fail "no module built"
modinfo -F description "$ko" | grep -q placeholder || fail "$ko is not the placeholder"
ver=$("$TOP_DIR/scripts/version.sh")
[ "$(modinfo -F version "$ko")" = "$ver" ] || fail "placeholder's modinfo version is not $ver"
# The placeholder's load-time message, as the 6.1 kernel would print it.
strings "$ko" | grep -q "does not export cxl_inject_poison" || fail "no load-time message in $ko"
bash "$VM_DIR/dkms.sh" autoinstall deb61 "$tree" || fail "dkms autoinstall exited $?"
inst=$(find "$tree/install/$DEB61_KVER" -name 'cxl_poison_ctl.ko*' | head -1)
[ -n "$inst" ] || fail "autoinstall installed nothing"
mkdir -p "$tree/root/lib" && ln -sfn "$tree/install" "$tree/root/lib/modules"
depmod -b "$tree/root" "$DEB61_KVER" || fail "depmod of the installed tree failed"
grep -q cxl_poison_ctl "$tree/install/$DEB61_KVER/modules.dep" || fail "not indexed by depmod"
echo "dkms 6.1: placeholder $ver built, autoinstall exit 0, installed as $inst"
