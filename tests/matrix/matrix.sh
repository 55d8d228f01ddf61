#!/bin/bash
# make matrix: DKMS build and boot on Debian's amd64 kernels, as the archive
# offers them today. The rows are found at run time, never listed here: the
# newest real linux-image-KVER-amd64 (not a meta package, not -rt, -cloud,
# -dbg or -unsigned) of each suite of CPC_MATRIX_SUITES (default:
# bookworm-security bookworm-backports trixie trixie-backports sid), and
# experimental's when it is newer than all of them; a kernel two suites
# share is one row. Each is built the way its release builds it:
#   bookworm-*         host: bookworm's dkms and gcc against the kernel's
#                      headers (unpacked, from its suite)
#   trixie, trixie-*   chroot RELEASE-KVER (chroot.sh): a trixie root with
#   sid, experimental  the kernel's headers from its suite (sid's for sid
#                      and experimental), where apt-get installs the package
#                      (make deb): its dh-dkms builds the module with the
#                      release's dkms and the gcc the headers name; then purge
# Each kernel boots under QEMU with a 2-way CXL region; the DKMS-built module
# is installed under /lib/modules/<release>/updates/dkms, indexed by depmod,
# loaded with kmod's modprobe, and the region oracle runs on a sample of
# offsets (matrix_oracle); the newest kernel also runs cxl_list. A kernel
# below 6.5 gets the refusal instead (matrix_refuse: the placeholder module,
# modprobe failing with one clear line), and bookworm's default 6.1 always
# does, with DKMS autoinstall exiting 0 (tests/dkms_61.sh; not when
# CPC_MATRIX_SUITES picks suites). Images, headers and chroots are cached
# under $CACHE (matrix/KVER, chroots/RELEASE-KVER). Prints one row per
# kernel; exits non-zero if any row fails. matrix.sh --list: only the rows
# found ("SUITE VERSION KVER").
set -uo pipefail
MATRIX_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../vm/lib.sh
. "$MATRIX_DIR/../vm/lib.sh"
bash "$VM_DIR/deps.sh" || exit 1
load_kernels_env
OUT=${CPC_OUT:-$TOP_DIR/out}/matrix
MX=$CACHE/matrix
mkdir -p "$OUT" "$MX"
SUITES=${CPC_MATRIX_SUITES:-bookworm-security bookworm-backports trixie trixie-backports sid}
# Kernels below this get the refusal (the placeholder module).
FLOOR=6.5
ROWS=()
declare -A BUILT=() # KVER -> 1: its module built and its image fetched

# suite_apt SUITE: a private apt configuration with SUITE's main alone
# (never the system's sources).
suite_apt() {
	local archive=$MIRROR
	case $1 in *-security) archive=$SECURITY_MIRROR ;; esac
	private_apt "$CACHE/apt-matrix-$1" "$(deb_line "$1" "$archive")" >&2
}

# newest_image SUITE: "VERSION KVER" of SUITE's newest amd64 kernel image
# package linux-image-KVER (by its Debian version), or nothing.
newest_image() {
	local names v k best_v='' best_k=''
	suite_apt "$1" || return 1
	names=$("${APT_CACHE[@]}" pkgnames linux-image- |
		grep -E '^linux-image-[0-9][^ ]*-amd64$' | grep -Ev -- '-(rt|cloud)-amd64$')
	[ -n "$names" ] || return 0
	# Meta packages (linux-image-6.12-amd64) say so in their description.
	# shellcheck disable=SC2086 # one argument per package
	while read -r v k; do
		if [ -z "$best_v" ] || dpkg --compare-versions "$v" gt "$best_v"; then
			best_v=$v best_k=$k
		fi
	done < <("${APT_CACHE[@]}" show $names 2>/dev/null | awk '
		/^Package: / { p = substr($2, 13) }
		/^Version: / { v = $2 }
		/^Description: / && !/meta-package/ { print v, p }')
	[ -z "$best_v" ] || echo "$best_v $best_k"
}

# discover: FOUND=("SUITE VERSION KVER" ...), one per kernel, in suite order.
discover() {
	local s line v k f dup newest=
	FOUND=()
	for s in $SUITES; do
		line=$(newest_image "$s") || { log "warning: cannot read $s's package lists"; continue; }
		[ -n "$line" ] || { log "$s: no amd64 kernel image"; continue; }
		read -r v k <<<"$line"
		dup=
		for f in "${FOUND[@]}"; do
			[ "${f##* }" = "$k" ] && dup=${f%% *}
		done
		if [ -n "$dup" ]; then
			log "$s: linux-image-$k $v, the row of $dup"
			continue
		fi
		log "$s: linux-image-$k $v"
		FOUND+=("$s $v $k")
		if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "$newest"; then newest=$v; fi
	done
	# (A run of chosen suites, CPC_MATRIX_SUITES, names experimental itself.)
	line=
	[ -n "${CPC_MATRIX_SUITES:-}" ] || line=$(newest_image experimental) || line=
	if [ -n "$line" ]; then
		read -r v k <<<"$line"
		if [ -n "$newest" ] && dpkg --compare-versions "$v" le "$newest"; then
			log "experimental: linux-image-$k $v, not newer than $newest: no row"
		else
			log "experimental: linux-image-$k $v, the newest: a row"
			FOUND+=("experimental $v $k")
		fi
	fi
}

# fetch_image NAME SUITE KVER [headers]: the kernel image (and its headers)
# unpacked into $MX/KVER (or the root deps.sh unpacked for it), and
# $MX/NAME.env for kernel_vars.
fetch_image() {
	local name=$1 suite=$2 kver=$3 headers=${4:-} root=$MX/$3 pkgs hdr
	local deps_root=$CACHE/debian/$kver
	if [ -e "$deps_root/.complete" ] && [ -e "$deps_root/boot/vmlinuz-$kver" ] &&
		{ [ -z "$headers" ] || [ -e "$deps_root/usr/src/linux-headers-$kver/Makefile" ]; }; then
		root=$deps_root
	elif [ ! -e "$root/.complete" ] || { [ -n "$headers" ] && [ ! -e "$root/.headers" ]; }; then
		suite_apt "$suite" || return 1
		log "fetching $suite linux-image-$kver${headers:+ and headers}"
		# 7.x splits the image: linux-image-K depends on linux-binary-K,
		# linux-modules-K, linux-base-K. Take what carries K.
		pkgs="linux-image-$kver $(kver_deps "linux-image-$kver" "$kver")"
		pkgs="$pkgs $(for p in $pkgs; do kver_deps "$p" "$kver"; done)"
		pkgs=$(echo "$pkgs" | tr ' ' '\n' | sort -u | tr '\n' ' ')
		if [ -n "$headers" ]; then
			hdr=linux-headers-$kver
			pkgs="$pkgs $hdr $("${APT_CACHE[@]}" depends "$hdr" |
				awk '$1 == "Depends:" && $2 ~ /^linux-(headers|kbuild)-/ { print $2 }')"
		fi
		# shellcheck disable=SC2086 # one argument per package
		unpack_debs "$root" $pkgs || return 1
		# merged /usr (trixie on): modules ship in /usr/lib/modules
		[ -d "$root/usr/lib/modules" ] && [ ! -e "$root/lib" ] && ln -s usr/lib "$root/lib"
		if [ -n "$headers" ]; then
			fix_header_links "$root" "$kver"
			touch "$root/.headers"
		fi
		depmod -b "$root" "$kver"
		touch "$root/.complete"
	fi
	local bz=$root/boot/vmlinuz-$kver
	# 7.x ships the image in the module directory
	[ -e "$bz" ] || bz=$root/usr/lib/modules/$kver/vmlinuz
	cat >"$MX/$name.env" <<-EOF
	KVER=$kver
	KDIR=$root/usr/src/linux-headers-$kver
	BZIMAGE=$bz
	MODROOT=$root
	PREBUILT_KO=${PREBUILT_KO:-}
	EOF
}

kver_deps() { # package kver: its dependencies whose name carries kver
	"${APT_CACHE[@]}" depends "$1" 2>/dev/null |
		awk -v k="$2" '$1 ~ /Depends:$/ && index($2, k) { print $2 }'
}

# add_row SUITE KVER VERSION BUILD LOAD ORACLE T0: one line of the table.
add_row() {
	ROWS+=("$(printf '%-18s %-22s %-18s %-30s %-36s %-24s %4ss' "$1" "$2" "$3" "$4" \
		"$5" "$6" $((SECONDS - $7)))")
}

# boot_row SUITE NAME KVER VERSION BUILD T0 TEST: boot NAME with a guest
# test (matrix_oracle, matrix_refuse, cxl_list) and add its row.
boot_row() {
	local suite=$1 name=$2 kver=$3 ver=$4 build=$5 t0=$6 t=$7 res load oracle log
	# A guest's timeout is only its safety net (the tests wait for states):
	# 900 s, where the tests' own (240 s) lost a TCG boot on a host shared
	# with other runs, load ~20 on 2 cores, before its first console line.
	res=$(CPC_VM_TIMEOUT=${CPC_VM_TIMEOUT:-900} bash "$VM_DIR/run.sh" "$name" "$OUT" "$t" 2>&1 |
		grep -aE '^(PASS|FAIL|SKIP)')
	log=$OUT/$name-$t.log
	load=fail oracle=fail
	grep -aq 'CPC-CHECK ok   module loads' "$log" && load=ok
	grep -aq 'CPC-CHECK ok   trace oracle' "$log" &&
		oracle="ok$(grep -ao 'CPC-CHECK ok   trace oracle on [^ ]* \(([^)]*)\)' "$log" |
			head -1 | sed 's/.*region[0-9]*//')"
	case $t in
	matrix_refuse)
		load="refused: $(grep -ao 'does not export cxl_inject_poison' "$log" | head -1)"
		oracle=n/a
		;;
	cxl_list) oracle="cxl list: $(grep -ac 'CPC-CHECK ok   cxl list' "$log") checks ok" ;;
	esac
	case $res in PASS*) ;; *) load="$load; ${res:-no result}" ;; esac
	add_row "$suite" "$kver" "$ver" "$build" "$load" "$oracle" "$t0"
	case $res in PASS*) return 0 ;; *) return 1 ;; esac
}

# below_floor KVER: the kernel is older than FLOOR (6.1.0-57-amd64: 6.1).
below_floor() {
	local up=${1%%[+-]*}
	dpkg --compare-versions "$up" lt "$FLOOR"
}

# host_row SUITE VERSION KVER TEST: bookworm's dkms on the host.
host_row() {
	local suite=$1 ver=$2 kv=$3 t=$4 name=mx-$3 t0=$SECONDS build
	build="host dkms $(dpkg-query -W -f='${Version}' dkms)"
	if ! PREBUILT_KO='' fetch_image "$name" "$suite" "$kv" headers >"$OUT/fetch-$kv.log" 2>&1; then
		add_row "$suite" "$kv" "$ver" "$build" "image/headers not fetched ($OUT/fetch-$kv.log)" - "$t0"
		return 1
	fi
	if ! bash "$VM_DIR/dkms.sh" build "$name" "$OUT/dkms-$name" >"$OUT/dkms-$kv.log" 2>&1; then
		add_row "$suite" "$kv" "$ver" "$build" "dkms build FAILED ($OUT/dkms-$kv.log)" - "$t0"
		return 1
	fi
	BUILT[$kv]=1
	boot_row "$suite" "$name" "$kv" "$ver" "$build" "$t0" "$t"
}

# chroot_row RELEASE SUITE VERSION KVER TEST: the package installed by apt
# in RELEASE's chroot with the kernel's headers from SUITE.
chroot_row() {
	local rel=$1 suite=$2 ver=$3 kv=$4 t=$5 name=mx-$4 t0=$SECONDS build ko dkms gcc
	build="$rel chroot"
	if ! bash "$MATRIX_DIR/chroot.sh" "$rel" "$suite" "$kv" >"$OUT/chroot-$kv.log" 2>&1; then
		add_row "$suite" "$kv" "$ver" "$build" "chroot FAILED ($OUT/chroot-$kv.log)" - "$t0"
		return 1
	fi
	# shellcheck source=/dev/null
	read -r dkms gcc < <(. "$CACHE/chroots/$rel-$kv/.complete" && echo "$DKMS_VERSION ${GCC##* }")
	build="$rel: dkms $dkms gcc $gcc"
	mkdir -p "$OUT/ko-$kv"
	if [ ! -f "$DEB" ] || ! bash "$MATRIX_DIR/chroot-dkms.sh" "$rel" "$kv" "$OUT/ko-$kv" "$DEB" \
		>"$OUT/dkms-$kv.log" 2>&1; then
		add_row "$suite" "$kv" "$ver" "$build" "package install FAILED ($OUT/dkms-$kv.log)" - "$t0"
		return 1
	fi
	ko=$(find "$OUT/ko-$kv" -name 'cxl_poison_ctl.ko*' | head -1)
	if ! PREBUILT_KO=$ko fetch_image "$name" "$suite" "$kv" >"$OUT/fetch-$kv.log" 2>&1; then
		add_row "$suite" "$kv" "$ver" "$build" "image not fetched ($OUT/fetch-$kv.log)" - "$t0"
		return 1
	fi
	BUILT[$kv]=1
	boot_row "$suite" "$name" "$kv" "$ver" "$build" "$t0" "$t"
}

# row SUITE VERSION KVER: build and boot one kernel the archive offers.
row() {
	local suite=$1 ver=$2 kv=$3 t=matrix_oracle
	below_floor "$kv" && t=matrix_refuse
	case $suite in
	bookworm*) host_row "$suite" "$ver" "$kv" "$t" ;;
	trixie*) chroot_row trixie "$suite" "$ver" "$kv" "$t" ;;
	sid | experimental) chroot_row sid "$suite" "$ver" "$kv" "$t" ;;
	*)
		add_row "$suite" "$kv" "$ver" "?" "no release to build in for $suite" - "$SECONDS"
		return 1
		;;
	esac
}

# The bookworm 6.1 refusal: the placeholder, autoinstall exit 0, and
# modprobe failing with one clear line in the guest.
refusal_61() {
	local t0=$SECONDS ko
	if ! bash "$TOP_DIR/tests/dkms_61.sh" >"$OUT/dkms-deb61.log" 2>&1; then
		add_row bookworm "$DEB61_KVER" - "host dkms" "dkms/autoinstall FAILED ($OUT/dkms-deb61.log)" - "$t0"
		return 1
	fi
	ko=$(find "${CPC_OUT:-$TOP_DIR/out}/dkms-deb61/install" -name 'cxl_poison_ctl.ko*' | head -1)
	if ! PREBUILT_KO=$ko fetch_image mx-61 bookworm-security "$DEB61_KVER" >"$OUT/fetch-61.log" 2>&1; then
		add_row bookworm "$DEB61_KVER" - "host dkms" "image not fetched ($OUT/fetch-61.log)" - "$t0"
		return 1
	fi
	boot_row bookworm mx-61 "$DEB61_KVER" - "placeholder (host dkms)" "$t0" matrix_refuse
}

main() {
	local rc=0 f s v k t_all=$SECONDS newest='' newest_v=''
	discover
	[ ${#FOUND[@]} -gt 0 ] || die "no kernel found in $SUITES"
	if [ "${1:-}" = --list ]; then
		printf '%s\n' "${FOUND[@]}"
		return 0
	fi
	# The package the chroot rows install (make deb), once.
	DEB=$(bash "$TOP_DIR/scripts/build-deb.sh" "$OUT" 2>"$OUT/deb.log" | tail -n1)
	for f in "${FOUND[@]}"; do
		read -r s v k <<<"$f"
		log "row: $s $k ($v)"
		row "$s" "$v" "$k" || rc=1
		if ! below_floor "$k" && { [ -z "$newest_v" ] || dpkg --compare-versions "$v" gt "$newest_v"; }; then
			newest="$s $v $k" newest_v=$v
		fi
	done
	# The newest kernel with sid's cxl (the guests carry it).
	if [ -n "$newest" ]; then
		read -r s v k <<<"$newest"
		log "cxl list on the newest: $k"
		if [ -n "${BUILT[$k]:-}" ]; then
			boot_row "$s, cxl list" "mx-$k" "$k" "$v" "(its row's module)" "$SECONDS" cxl_list || rc=1
		else
			add_row "$s, cxl list" "$k" "$v" - "no module (its row failed)" - "$SECONDS"
			rc=1
		fi
	fi
	# (Unless discovery found that very kernel: then its row was the refusal.)
	if [ -z "${CPC_MATRIX_SUITES:-}" ] &&
		! printf '%s\n' "${FOUND[@]##* }" | grep -qFx "$DEB61_KVER"; then
		refusal_61 || rc=1
	fi
	printf '%-18s %-22s %-18s %-30s %-36s %-24s %5s\n' suite kernel version build load oracle time
	printf '%s\n' "${ROWS[@]}"
	log "matrix: ${#ROWS[@]} rows in $((SECONDS - t_all)) s"
	return $rc
}

main "$@"
