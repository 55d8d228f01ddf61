#!/bin/bash
# build.sh KERNEL OUT: the test module cxl_translate (the differential test
# of the module's translation against the kernel's own decode, xlate.c)
# for KERNEL (dbg72, deb73: a kernel whose own source the rig has), as
# OUT/cxl_translate.ko. Assembles OUT/build from xlate.c, kernel_glue.c,
# the module's src/interleave.c and src/decide.c, and the kernel code
# extract.py copies from that kernel's source. Never packaged.
set -euo pipefail
# shellcheck source=../vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
load_kernels_env
name=$1 out=$2
kernel_vars "$name"
[ -n "$KERNEL_SRC" ] || die "no kernel source for $name: the differential test runs on dbg72 and deb73"
XLATE_DIR=$TOP_DIR/tests/xlate
b=$out/build
rm -rf "$b" && mkdir -p "$b"
cp "$XLATE_DIR"/Kbuild "$XLATE_DIR"/xlate.c "$XLATE_DIR"/kernel_glue.c "$XLATE_DIR"/kernel_side.h \
	"$TOP_DIR"/src/interleave.[ch] "$TOP_DIR"/src/decide.[ch] "$b/"
python3 "$XLATE_DIR/extract.py" "$KERNEL_SRC" "$b/kernel_extract.inc"
make -C "$KDIR" M="$b" XL_KSRC="$KERNEL_SRC" W=1 modules >"$out/build.log" 2>&1 ||
	{ grep -E -A3 'error|warning' "$out/build.log" | head -40 >&2; die "cxl_translate build for $name failed"; }
if grep -E 'warning:|error:' "$out/build.log" >&2; then
	die "cxl_translate build for $name warns"
fi
cp "$b/cxl_translate.ko" "$out/"
