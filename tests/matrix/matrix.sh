#!/bin/bash
# make matrix: DKMS build and boot on every amd64 Debian kernel from 6.5 on
# that the archive offers, each built the way its release builds it:
#   bookworm-security 6.12   host (bookworm's dkms 3.0.10)
#   bookworm-backports 6.12  host (bookworm's dkms), its own headers/ABI
#   trixie 6.12              trixie chroot: apt-get install of the package
#                            (make deb), its dkms and gcc 14, then purge
#   sid 7.x                  sid chroot: the same, its dkms and gcc 16
#   bookworm 6.1             the refusal: placeholder module, autoinstall
#                            exit 0, and modprobe failing with one clear line
# Each kernel boots under QEMU with a 2-way CXL region; the DKMS-built module
# is installed under /lib/modules/<release>/updates/dkms, indexed by depmod,
# loaded with kmod's modprobe, and the region oracle runs on a sample of
# offsets. Prints one row per kernel; exits non-zero if any row fails.
set -uo pipefail
MATRIX_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../vm/lib.sh
. "$MATRIX_DIR/../vm/lib.sh"
bash "$VM_DIR/deps.sh" || exit 1
load_kernels_env
OUT=${CPC_OUT:-$TOP_DIR/out}/matrix
MX=$CACHE/matrix
mkdir -p "$OUT" "$MX"
ROWS=()

# The apt configuration a suite's kernels come from: the host's own for
# bookworm, else a private one (never the system's sources).
suite_apt() { # suite
	case $1 in
	bookworm) host_apt ;;
	trixie) # as a trixie system sees it (the chroot too): with its updates
		private_apt "$CACHE/apt-matrix-$1" "$(deb_line trixie)" "$(deb_line trixie-updates)" \
			"$(deb_line trixie-security "$SECURITY_MIRROR")"
		;;
	*) private_apt "$CACHE/apt-matrix-$1" "$(deb_line "$1")" ;;
	esac
}

# fetch_image NAME SUITE KVER [headers]: unpack the kernel image (and its
# headers) into $MX/KVER and write $MX/NAME.env for kernel_vars.
fetch_image() {
	local name=$1 suite=$2 kver=$3 headers=${4:-} root=$MX/$3 pkgs hdr
	suite_apt "$suite" || return 1
	if [ ! -e "$root/.complete" ]; then
		log "fetching $suite linux-image-$kver${headers:+ and headers}"
		# sid (7.x) splits the image: linux-image-K depends on
		# linux-binary-K, linux-modules-K, linux-base-K. Take what carries K.
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
		[ -n "$headers" ] && fix_header_links "$root" "$kver"
		depmod -b "$root" "$kver"
		touch "$root/.complete"
	fi
	local bz=$root/boot/vmlinuz-$kver
	# sid (7.x) ships the image in the module directory
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

suite_kver() { # suite: the kernel the suite's linux-image-amd64 points at
	suite_apt "$1" || return 1
	"${APT_CACHE[@]}" depends linux-image-amd64 |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { sub("linux-image-", "", $2); print $2; exit }'
}

# row RELEASE NAME KVER BUILD SECONDS: boot NAME with the matrix guest test.
boot_row() {
	local release=$1 name=$2 kver=$3 build=$4 t0=$5 res load oracle log
	res=$(bash "$VM_DIR/run.sh" "$name" "$OUT" "${6:-matrix_oracle}" 2>&1 | grep -aE '^(PASS|FAIL)')
	log=$OUT/$name-${6:-matrix_oracle}.log
	load=fail oracle=fail
	grep -aq 'CPC-CHECK ok   module loads' "$log" && load=ok
	grep -aq 'CPC-CHECK ok   trace oracle' "$log" && oracle="ok ($(grep -ao '[0-9]* offsets checked' "$log" | head -1))"
	case ${6:-} in
	matrix_refuse)
		load="refused: $(grep -ao 'does not export cxl_inject_poison' "$log" | head -1)"
		oracle=n/a
		;;
	cxl_list) oracle="cxl list: $(grep -ac 'CPC-CHECK ok   cxl list' "$log") checks ok" ;;
	esac
	case $res in PASS*) ;; *) load="$load; $res" ;; esac
	ROWS+=("$(printf '%-20s %-24s %-12s %-44s %-30s %4ss' "$release" "$kver" "$build" "$load" "$oracle" $((SECONDS - t0)))")
	case $res in PASS*) return 0 ;; *) return 1 ;; esac
}

rc=0
# -- bookworm-security 6.12: the host's deb612 --------------------------------
t0=$SECONDS
if bash "$VM_DIR/dkms.sh" build deb612 "$OUT/dkms-deb612" >"$OUT/dkms-deb612.log" 2>&1; then
	boot_row bookworm-security deb612 "$DEB612_KVER" "dkms (host)" "$t0" || rc=1
else
	ROWS+=("bookworm-security    $DEB612_KVER dkms build FAILED"); rc=1
fi

# -- bookworm-backports 6.12: host dkms against its own headers ----------------
t0=$SECONDS
kv=$(suite_kver bookworm-backports)
if [ -n "$kv" ] && PREBUILT_KO='' fetch_image mx-bpo bookworm-backports "$kv" headers; then
	if bash "$VM_DIR/dkms.sh" build mx-bpo "$OUT/dkms-mx-bpo" >"$OUT/dkms-bpo.log" 2>&1; then
		boot_row bookworm-backports mx-bpo "$kv" "dkms (host)" "$t0" || rc=1
	else
		ROWS+=("bookworm-backports   $kv dkms build FAILED (see $OUT/dkms-bpo.log)"); rc=1
	fi
else
	ROWS+=("bookworm-backports   ${kv:-?} image/headers not fetched"); rc=1
fi

# -- trixie and sid: the package, with their own dkms and gcc, in a chroot ----
deb=$(bash "$TOP_DIR/scripts/build-deb.sh" "$OUT" 2>"$OUT/deb.log" | tail -n1)
for rel in trixie sid; do
	t0=$SECONDS
	if ! bash "$MATRIX_DIR/chroot.sh" "$rel" >"$OUT/chroot-$rel.log" 2>&1; then
		ROWS+=("$rel chroot FAILED (see $OUT/chroot-$rel.log)"); rc=1; continue
	fi
	kv=$(sed -n 's/^KVER=//p' "$CACHE/chroots/$rel/.complete")
	mkdir -p "$OUT/ko-$rel"
	if [ ! -f "$deb" ] || ! bash "$MATRIX_DIR/chroot-dkms.sh" "$rel" "$OUT/ko-$rel" "$deb" >"$OUT/dkms-$rel.log" 2>&1; then
		ROWS+=("$(printf '%-20s %-24s %s' "$rel" "$kv" "package install FAILED (see $OUT/deb.log, $OUT/dkms-$rel.log)")"); rc=1; continue
	fi
	ko=$(find "$OUT/ko-$rel" -name 'cxl_poison_ctl.ko*' | head -1)
	if PREBUILT_KO=$ko fetch_image "mx-$rel" "$rel" "$kv"; then
		boot_row "$rel" "mx-$rel" "$kv" "apt (.deb)" "$t0" || rc=1
		# sid's own kernel with sid's cxl (the guests carry it).
		[ "$rel" = sid ] && { boot_row "sid, cxl list" "mx-$rel" "$kv" "apt (.deb)" "$SECONDS" cxl_list || rc=1; }
	else
		ROWS+=("$rel $kv image not fetched"); rc=1
	fi
done

# -- bookworm 6.1: the refusal --------------------------------------------------
t0=$SECONDS
if bash "$TOP_DIR/tests/dkms_61.sh" >"$OUT/dkms-deb61.log" 2>&1; then
	ko=$(find "${CPC_OUT:-$TOP_DIR/out}/dkms-deb61/install" -name 'cxl_poison_ctl.ko*' | head -1)
	if PREBUILT_KO=$ko fetch_image mx-61 bookworm "$DEB61_KVER"; then
		boot_row bookworm "mx-61" "$DEB61_KVER" "placeholder" "$t0" matrix_refuse || rc=1
	else
		ROWS+=("bookworm 6.1 image not fetched"); rc=1
	fi
else
	ROWS+=("bookworm             $DEB61_KVER dkms/autoinstall FAILED (see $OUT/dkms-deb61.log)"); rc=1
fi

printf '%-20s %-24s %-12s %-44s %-30s %5s\n' release kernel "build" load oracle time
printf '%s\n' "${ROWS[@]}"
exit $rc
