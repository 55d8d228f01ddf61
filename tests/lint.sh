#!/bin/bash
# make lint: checkpatch --strict (from linux-source-7.2), the ABI description
# through the kernel's get_abi.py, and W=1 + sparse
# builds against the Debian 6.12 headers and the 7.2 debug tree. Any
# warning fails.
set -uo pipefail
. "$(dirname "$0")/vm/lib.sh"
load_kernels_env
OUT=${CPC_OUT:-$TOP_DIR/out}/lint
mkdir -p "$OUT"
rc=0

cd "$TOP_DIR" || exit 1
if ! perl "$KSRC72/scripts/checkpatch.pl" --strict --no-tree --quiet \
	--ignore FILE_PATH_CHANGES -f src/*.c src/*.h; then
	echo "lint: checkpatch --strict reported problems"
	rc=1
fi

# The ABI description, parsed by the kernel's own Documentation/ABI tool:
# any warning (unknown tag, entry without description...) fails.
abi=$OUT/abi
rm -rf "$abi" && mkdir -p "$abi/testing"
cp docs/ABI-debugfs-cxl_poison_ctl "$abi/testing/"
if ! abi_out=$(cd "$KSRC72" && python3 tools/docs/get_abi.py --dir "$abi" validate 2>&1) ||
	[ -n "$abi_out" ]; then
	printf '%s\n' "$abi_out"
	echo "lint: docs/ABI-debugfs-cxl_poison_ctl does not parse cleanly (tools/docs/get_abi.py)"
	rc=1
fi

for k in deb612 dbg72; do
	kernel_vars "$k"
	d=$OUT/$k
	rm -rf "$d" && mkdir -p "$d" && cp -r Kbuild VERSION src "$d/"
	make -C "$KDIR" M="$d" W=1 C=2 CHECK=sparse modules >"$d.log" 2>&1 || {
		echo "lint: build against $k failed"
		rc=1
	}
	# A tree built before pahole was installed notes the version change:
	# about the environment, not this code.
	if grep -E 'warning:|error:' "$d.log" | grep -v 'pahole version differs'; then
		echo "lint: W=1/sparse warnings against $k (see $d.log)"
		rc=1
	fi
done
[ $rc = 0 ] && echo "lint: clean (checkpatch --strict, ABI description, W=1, sparse on deb612 and dbg72)"
exit $rc
