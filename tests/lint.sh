#!/bin/bash
# make lint: shellcheck over every shell script, checkpatch --strict (from
# linux-source-7.2), the ABI description through the kernel's get_abi.py,
# and W=1 + sparse builds against the Debian 6.12 headers and the 7.2 debug
# tree. Any finding or warning fails.
set -uo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "$0")/vm/lib.sh"
OUT=${CPC_OUT:-$TOP_DIR/out}/lint
mkdir -p "$OUT"
rc=0
cd "$TOP_DIR" || exit 1

# The repository's shell scripts: *.sh and files with a sh/bash shebang
# (tests/vm/guest/init, .ci/run). Host scripts are bash; the guest's are
# busybox sh (their "# shellcheck shell=sh", tests/vm/guest/.shellcheckrc).
shell_scripts() {
	local f
	{ git ls-files --cached --others --exclude-standard 2>/dev/null || find . -path ./out -prune -o -type f -print; } |
		while read -r f; do
			f=${f#./}
			[ -f "$f" ] || continue
			case $f in
			*.sh) echo "$f" ;;
			*) head -n1 "$f" | grep -qE '^#! *(/usr)?/bin/(env +)?(ba)?sh\b' && echo "$f" ;;
			esac
		done
}

if ! command -v shellcheck >/dev/null; then
	echo "lint: shellcheck not installed (make deps installs it)"
	rc=1
else
	mapfile -t scripts < <(shell_scripts)
	# -x -P SCRIPTDIR: follow each "# shellcheck source=" to the sourced file.
	if ! shellcheck -x -P SCRIPTDIR -f gcc "${scripts[@]}"; then
		echo "lint: shellcheck reported problems"
		rc=1
	fi
fi

load_kernels_env
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
[ $rc = 0 ] && echo "lint: clean (shellcheck on ${#scripts[@]} scripts, checkpatch --strict, ABI description, W=1, sparse on deb612 and dbg72)"
exit $rc
