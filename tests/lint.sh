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
	--ignore FILE_PATH_CHANGES -f src/*.c src/*.h src/probes/*.c; then
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

# --- W=1 + sparse builds, and what the probes answer on each tree ---------
#
# Real trees: every kernel the project has headers for. Synthesized trees
# stand for kernels Debian does not ship: a real tree with one interface
# taken out the way the older kernel lacks it, as an overlay include
# directory searched before the kernel's own (NOSTDINC_FLAGS, the variable
# Kbuild puts first on the include path) holding only the edited headers,
# or, for an export, a copy of the small arch headers directory with
# Module.symvers edited. Each probe must answer yes on one tree and no on
# another, each synthesized tree must show its edit in the answers, and
# every build must be clean.

# srctree_of KDIR: the source tree a headers or build directory includes.
srctree_of() {
	sed -n 's|^include \(/.*\)/Makefile$|\1|p' "$1/Makefile" | head -n1
}

# overlay_edit DIR SRCTREE FILE SED-SCRIPT: DIR/FILE is SRCTREE/include/FILE
# edited; fails if the edit changed nothing (the interface was not there).
overlay_edit() {
	local dir=$1 from=$2/include/$3 to=$1/$3
	mkdir -p "$(dirname "$to")"
	sed -e "$4" "$from" >"$to"
	if cmp -s "$from" "$to"; then
		echo "lint: '$4' changed nothing in $from"
		return 1
	fi
}

# lint_build NAME KDIR STANDS-FOR EXPECT [make args...]: build a copy of the
# module with W=1 and sparse, record "NAME|STANDS-FOR|answers|result" in
# $OUT/probes.table. EXPECT: answers the tree must show ("-": none).
lint_build() {
	local name=$1 kdir=$2 stands=$3 expect=$4 d=$OUT/$1 res=clean ans a t0=$SECONDS
	shift 4
	rm -rf "$d" && mkdir -p "$d" && cp -r Kbuild VERSION src "$d/"
	if ! make -C "$kdir" M="$d" W=1 C=2 CHECK="$SPARSE" "$@" modules >"$d.log" 2>&1; then
		echo "lint: build against $name failed (see $d.log)"
		res=FAILED
	elif grep 'is not available or not up to date' "$d.log"; then
		echo "lint: the $name tree refused $SPARSE: sparse did not run"
		res="no sparse"
	# A tree built before pahole was installed notes the version change:
	# about the environment, not this code.
	elif grep -E 'warning:|error:' "$d.log" | grep -v 'pahole version differs'; then
		echo "lint: W=1/sparse warnings against $name (see $d.log)"
		res=warnings
	fi
	ans=$(sed -n 's/^cxl_poison_ctl: probes for [^:]*: //p' "$d.log" | head -n1)
	if [ -z "$ans" ]; then
		a=$(sed -n 's/.*has no \([a-z_]*\) export.*placeholder.*/\1/p' "$d.log" | head -n1)
		ans="exports=no($a): placeholder"
	fi
	for a in $expect; do
		[ "$a" = - ] || [[ " $ans " == *" $a"[\ :]* ]] || {
			echo "lint: $name should answer $a: $ans"
			res=FAILED
		}
	done
	echo "$name|$stands|$ans|$res $((SECONDS - t0)) s" >>"$OUT/probes.table"
	[ "$res" = clean ]
}

: >"$OUT/probes.table"
[ -n "${SPARSE:-}" ] || die "kernels.env has no SPARSE: run 'make deps'"
lint_t0=$SECONDS
builds=0
kernel_vars deb61
lint_build deb61 "$KDIR" "Debian 12 6.1" "exports=no(cxl_inject_poison)" || rc=1
kernel_vars deb612
deb612_kdir=$KDIR
lint_build deb612 "$KDIR" "Debian 12 6.12 (bookworm-security)" - || rc=1
kernel_vars dbg72
dbg72_kdir=$KDIR
lint_build dbg72 "$KDIR" "7.2 debug build" - || rc=1
# trixie's 6.12 and trixie-backports' 7.3: build trees made from their
# linux-source with Debian's .config and Module.symvers (deps.sh,
# build_debian_kbuild), for the host's gcc.
if [ -z "${DEB612T_KDIR:-}" ] || [ -z "${DEB73_KDIR:-}" ]; then
	die "kernels.env has no trixie 6.12 or 7.3 tree: run 'make deps'"
fi
lint_build deb612t "$DEB612T_KDIR" "Debian 13 ${DEB612T_KVER:-} (trixie)" - || rc=1
lint_build deb73 "$DEB73_KDIR" "Debian 13 $DEB73_KVER (trixie-backports)" - || rc=1
builds=5

syn=$OUT/synth
rm -rf "$syn" && mkdir -p "$syn"
# 6.5/6.6: no device guard class (v6.7-rc7), no kzalloc_obj/kmalloc_obj.
src612=$(srctree_of "$deb612_kdir")
if overlay_edit "$syn/6.6" "$src612" linux/device.h '/^DEFINE_GUARD(device, /d' &&
	overlay_edit "$syn/6.6" "$src612" linux/slab.h '/^#define k[mz]alloc_obj(/,/[^\\]$/d'; then
	lint_build syn-6.6 "$deb612_kdir" "6.5/6.6: 6.12 - DEFINE_GUARD(device), k[mz]alloc_obj" \
		"guard_device=no alloc_obj=no" NOSTDINC_FLAGS="-nostdinc -I$syn/6.6" || rc=1
else
	rc=1
fi
# 6.17/6.18: ACQUIRE but no device_intr class.
if overlay_edit "$syn/6.18" "$(srctree_of "$dbg72_kdir")" linux/device.h '/^DEFINE_GUARD_COND(device, _intr,/d'; then
	lint_build syn-6.18 "$dbg72_kdir" "6.17/6.18: 7.2 - DEFINE_GUARD_COND(device, _intr)" \
		"guard_device_intr=no acquire=yes" NOSTDINC_FLAGS="-nostdinc -I$syn/6.18" || rc=1
else
	rc=1
fi
# A kernel without the cxl_inject_poison export: the placeholder.
cp -a "$deb612_kdir" "$syn/noexport"
# Its relative links (scripts, into linux-kbuild) lead where the original's do.
find "$syn/noexport" -type l | while read -r l; do
	ln -sfn "$(readlink -f "$deb612_kdir/${l#"$syn/noexport/"}")" "$l"
done
sed -i '/\tcxl_inject_poison\t/d' "$syn/noexport/Module.symvers"
lint_build syn-noexport "$syn/noexport" "6.12 - cxl_inject_poison export" \
	"exports=no(cxl_inject_poison)" || rc=1
builds=$((builds + 3))

# Every probe seen answering both ways (a source in src/probes/ that Kbuild
# does not run never answers), and the table: tree, answers, result.
mapfile -t probes < <(basename -s .c src/probes/*.c)
probes+=(exports)
for p in "${probes[@]}"; do
	for a in yes no; do
		cut -d'|' -f3 "$OUT/probes.table" | grep -qE "(^| )$p=$a" ||
			{ echo "lint: probe $p never answered $a"; rc=1; }
	done
done
printf '%-13s' tree
printf ' %s' "${probes[@]}"
printf ' | result | stands for\n'
while IFS='|' read -r name stands ans res; do
	printf '%-13s' "$name"
	for p in "${probes[@]}"; do
		v=$(echo " $ans " | grep -o " $p=[^ :]*" | cut -d= -f2)
		printf " %-${#p}s" "${v:--}"
	done
	printf ' | %s | %s\n' "$res" "$stands"
done <"$OUT/probes.table"
echo "lint: $builds builds in $((SECONDS - lint_t0)) s"
[ $rc = 0 ] && echo "lint: clean (shellcheck on ${#scripts[@]} scripts, checkpatch --strict, ABI description, W=1 and sparse on $builds trees, every probe answered both ways)"
exit $rc
