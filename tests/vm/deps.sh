#!/bin/bash
# make deps: install and fetch everything the tests need. Idempotent.
#  - Debian packages (QEMU 10 from bookworm-backports, dkms, busybox, build
#    tools, shellcheck for make lint, debhelper + dh-dkms for make deb,
#    debootstrap for the package test)
#  - Debian 6.12 image + headers and 6.1 headers, unpacked (never installed)
#  - linux-source-7.2 from sid (private apt config) and a debug kernel built
#    from it with debug-7.2.config; keyed by source version + fragment hash;
#    that tree's tools/testing/cxl (cxl_test) built against it
#  - sid's cxl (ndctl) with its libraries, for the guests
#  - trixie's rasdaemon with ras-mc-ctl's perl and their libraries, for the guests
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

JOBS=$(nproc)
PKGS="build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils zstd
kmod busybox-static dkms sparse dwarves perl python3 rsync shellcheck
debhelper dh-dkms debootstrap patch"

apt_ready=
apt_update_once() {
	[ -n "$apt_ready" ] && return 0
	log "apt-get update"
	retry apt-get update -qq
	apt_ready=1
}

have_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed' || return 1
	done
}

qemu_ok() {
	command -v qemu-system-x86_64 >/dev/null || return 1
	local v
	v=$(qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
	[ "${v:-0}" -ge 10 ]
}

install_packages() {
	# shellcheck disable=SC2086 # one argument per package
	if ! have_pkgs $PKGS; then
		apt_update_once
		log "installing build and rig packages"
		# shellcheck disable=SC2086 # one argument per package
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $PKGS >/dev/null
	fi
	if ! qemu_ok; then
		local src=/etc/apt/sources.list.d/bookworm-backports.sources
		if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
			log "adding bookworm-backports to apt sources (for QEMU 10)"
			cat >"$src" <<-EOF
			Types: deb
			URIs: $MIRROR
			Suites: bookworm-backports
			Components: main
			Signed-By: $HOST_KEYRING
			EOF
			apt_ready=
		fi
		apt_update_once
		log "installing qemu-system-x86 from bookworm-backports"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends -t bookworm-backports \
			qemu-system-x86 >/dev/null
		qemu_ok || die "QEMU >= 10 not available"
	fi
}

# Resolve the dependency of a metapackage: "linux-image-6.12-amd64" ->
# "linux-image-6.12.117+deb12-amd64".
resolve_dep() {
	apt-cache depends "$1" 2>/dev/null |
		awk -v p="$2" '$1 == "Depends:" && index($2, p) == 1 { print $2; exit }'
}

fetch_debian_kernel() { # name metapkg-prefix want-image
	local meta=$1 image=$2 hdr kver root pkgs
	apt_update_once
	hdr=$(resolve_dep "linux-headers-$meta" linux-headers-)
	[ -n "$hdr" ] || die "cannot resolve linux-headers-$meta"
	kver=${hdr#linux-headers-}
	root=$CACHE/debian/$kver
	if [ ! -e "$root/.complete" ]; then
		log "fetching Debian $kver (headers${image:+ and image})"
		pkgs="$hdr $(apt-cache depends "$hdr" |
			awk '$1 == "Depends:" && $2 ~ /^linux-(headers|kbuild)-/ { print $2 }')"
		[ -n "$image" ] && pkgs="$pkgs linux-image-$kver"
		# shellcheck disable=SC2086 # one argument per package
		unpack_debs "$root" $pkgs
		fix_header_links "$root" "$kver"
		touch "$root/.complete"
	fi
	RESOLVED_KVER=$kver
	RESOLVED_ROOT=$root
}

# suite_candidate SUITE PKG: set the private apt configuration of SUITE
# (APT_GET, APT_CACHE) and CAND_VER to the version of PKG SUITE offers.
suite_candidate() {
	private_apt "$CACHE/apt-$1" "$(deb_line "$1")"
	CAND_VER=$("${APT_CACHE[@]}" policy "$2" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	case $CAND_VER in '' | '(none)') die "$2 not in $1" ;; esac
}

# sid_candidate PKG: suite_candidate sid PKG, the version in SID_VER.
sid_candidate() {
	suite_candidate sid "$1"
	SID_VER=$CAND_VER
}

fetch_source_72() {
	local ver
	sid_candidate linux-source-7.2
	ver=$SID_VER
	KSRC72=$CACHE/src/linux-source-7.2_$ver
	if [ ! -e "$KSRC72/.complete" ]; then
		log "fetching linux-source-7.2 $ver from sid"
		local tmp
		tmp=$(mktemp -d "$CACHE/.dl.XXXXXX")
		(cd "$tmp" && "${APT_GET[@]}" download -qq "linux-source-7.2=$ver" >/dev/null)
		dpkg -x "$tmp"/linux-source-7.2_*.deb "$tmp/root"
		log "unpacking the 7.2 tree"
		mkdir -p "$tmp/tree"
		tar -C "$tmp/tree" -xf "$tmp"/root/usr/src/linux-source-7.2.tar.*
		rm -rf "$KSRC72"
		mkdir -p "$(dirname "$KSRC72")"
		mv "$tmp/tree/linux-source-7.2" "$KSRC72"
		rm -rf "$tmp"
		touch "$KSRC72/.complete"
	fi
	KSRC72_VER=$ver
}

verify_fragment() {
	local cfg=$1 frag=$2 line sym val bad=0
	while read -r line; do
		case $line in
		CONFIG_*=*)
			sym=${line%%=*} val=${line#*=}
			grep -qx "$sym=$val" "$cfg" || { log "fragment: $line not set"; bad=1; }
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			if grep -Eq "^$sym=(y|m)" "$cfg"; then
				log "fragment: $sym still enabled"
				bad=1
			fi
			;;
		esac
	done <"$frag"
	return $bad
}

# Debian sid's cxl (ndctl >= 80 has "cxl list --media-errors"), with the
# sid libraries it runs on (glibc included: bookworm's is older than it
# needs), unpacked under the cache for the guests (initramfs.sh).
CXL_CLI_PKGS="cxl libcxl1 libdaxctl1 libjson-c5 libkmod2 libtraceevent1 libtracefs1
libudev1 libuuid1 libc6 libgcc-s1 libssl3t64 libzstd1 zlib1g"
fetch_cxl_cli() {
	local ver
	sid_candidate cxl
	ver=$SID_VER
	CXL_CLI_ROOT=$CACHE/cxl-cli/$ver
	[ -e "$CXL_CLI_ROOT/usr/bin/cxl" ] && return
	log "fetching sid's cxl $ver and its libraries"
	# shellcheck disable=SC2086 # one argument per package
	unpack_debs "$CXL_CLI_ROOT" $CXL_CLI_PKGS
	[ -x "$CXL_CLI_ROOT/usr/bin/cxl" ] || die "no usr/bin/cxl in sid's cxl $ver"
}

# Debian trixie's rasdaemon (0.8.3; it records cxl_poison since 0.8.1), with
# what its ras-mc-ctl needs (perl, perl's File::Find from perl-modules-X.Y,
# DBI, DBD::SQLite), sqlite3, and the trixie libraries they run on, unpacked
# for the guests that run it (rasdaemon_cpio.sh). Not sid's 0.8.4: its
# cxl_poison handler gives up on an event without the hpa_alias0 field,
# which 6.12 does not have, and so records nothing there.
RASDAEMON_PKGS="rasdaemon libsqlite3-0 libtraceevent1 perl-base libcrypt1 libdbi-perl
libdbd-sqlite3-perl sqlite3 libreadline8t64 libtinfo6 zlib1g libc6"
fetch_rasdaemon() {
	local ver mods
	suite_candidate trixie rasdaemon
	ver=$CAND_VER
	RASDAEMON_ROOT=$CACHE/rasdaemon/$ver
	[ -x "$RASDAEMON_ROOT/usr/sbin/rasdaemon" ] && return
	mods=$("${APT_CACHE[@]}" depends perl | awk '$1 == "Depends:" && $2 ~ /^perl-modules-/ { print $2; exit }')
	[ -n "$mods" ] || die "cannot resolve trixie's perl-modules package"
	log "fetching trixie's rasdaemon $ver, perl and their libraries"
	# shellcheck disable=SC2086 # one argument per package
	unpack_debs "$RASDAEMON_ROOT" $RASDAEMON_PKGS "$mods"
	[ -x "$RASDAEMON_ROOT/usr/sbin/rasdaemon" ] || die "no usr/sbin/rasdaemon in trixie's rasdaemon $ver"
}

build_debug_kernel() {
	local frag=$VM_DIR/debug-7.2.config key
	key=$(sha256sum <"$frag" | cut -c1-12)
	local dir=$CACHE/kdebug/${KSRC72_VER}_$key
	DBG_BUILD=$dir/build
	DBG_MODS=$dir/mods
	if [ ! -e "$dir/.complete" ]; then
		log "building the 7.2 debug kernel in $dir (about 10 minutes on 2 cores)"
		rm -rf "$dir"
		mkdir -p "$DBG_BUILD"
		make -s -C "$KSRC72" O="$DBG_BUILD" x86_64_defconfig >/dev/null
		(cd "$DBG_BUILD" &&
			"$KSRC72/scripts/kconfig/merge_config.sh" -m .config "$frag" >/dev/null)
		make -s -C "$KSRC72" O="$DBG_BUILD" olddefconfig >/dev/null
		verify_fragment "$DBG_BUILD/.config" "$frag" || die "config fragment not applied"
		local t0=$SECONDS
		make -C "$KSRC72" O="$DBG_BUILD" -j"$JOBS" bzImage modules \
			>"$dir/build.log" 2>&1 &
		local pid=$!
		while kill -0 $pid 2>/dev/null; do
			sleep 30
			log "  kernel build: $((SECONDS - t0)) s, $(grep -c '^  CC' "$dir/build.log" || true) objects compiled"
		done
		wait $pid || { tail -30 "$dir/build.log"; die "kernel build failed"; }
		make -s -C "$KSRC72" O="$DBG_BUILD" INSTALL_MOD_PATH="$DBG_MODS" \
			INSTALL_MOD_STRIP=1 modules_install >/dev/null
		log "debug kernel built in $((SECONDS - t0)) s"
		touch "$dir/.complete"
	fi
	DBG_KVER=$(cat "$DBG_BUILD/include/config/kernel.release")
}

# The kernel's CXL mock (tools/testing/cxl), built from a copy of the
# source's tools/testing/cxl, drivers/cxl and drivers/dax (the mock's Kbuild
# writes its objects beside those sources, and the cached source stays
# clean), with tests/vm/patches applied, against the debug kernel. Its
# modules replace cxl_core, cxl_acpi, cxl_port, cxl_mem, cxl_pmem and
# dax_hmem in the guests that use the mock.
build_cxl_test() {
	local key dir
	key=$(cat "$VM_DIR"/patches/cxl_test-*.patch | sha256sum | cut -c1-12)
	dir=$(dirname "$DBG_BUILD")/cxl_test_$key
	DBG_CXL_TEST=$dir/ko
	[ -e "$dir/.complete" ] && return
	log "building cxl_test (the kernel's CXL mock) in $dir"
	rm -rf "$dir" && mkdir -p "$dir/src/tools/testing" "$dir/src/drivers" "$DBG_CXL_TEST"
	cp -a "$KSRC72/tools/testing/cxl" "$dir/src/tools/testing/"
	cp -a "$KSRC72/drivers/cxl" "$KSRC72/drivers/dax" "$dir/src/drivers/"
	local p
	for p in "$VM_DIR"/patches/cxl_test-*.patch; do
		patch -s -d "$dir/src" -p1 <"$p" || die "$p does not apply"
	done
	make -C "$DBG_BUILD" M="$dir/src/tools/testing/cxl" -j"$JOBS" modules \
		>"$dir/build.log" 2>&1 || { tail -30 "$dir/build.log"; die "cxl_test build failed"; }
	find "$dir/src/tools/testing/cxl" -name '*.ko' -exec cp {} "$DBG_CXL_TEST/" \;
	strip --strip-debug "$DBG_CXL_TEST"/*.ko
	touch "$dir/.complete"
}

main() {
	mkdir -p "$CACHE"
	# One at a time: a second run would find the kernel build incomplete
	# and start it again from scratch under the first one.
	exec 9>"$CACHE/.deps.lock"
	flock 9
	install_packages
	fetch_debian_kernel 6.12-amd64 image
	DEB612_KVER=$RESOLVED_KVER DEB612_ROOT=$RESOLVED_ROOT
	fetch_debian_kernel amd64 ""
	DEB61_KVER=$RESOLVED_KVER DEB61_ROOT=$RESOLVED_ROOT
	case $DEB61_KVER in 6.1.*) ;; *) die "bookworm's default headers are $DEB61_KVER, expected 6.1" ;; esac
	fetch_source_72
	fetch_cxl_cli
	fetch_rasdaemon
	build_debug_kernel
	build_cxl_test
	cat >"$KERNELS_ENV.tmp" <<-EOF
	DEB612_KVER=$DEB612_KVER
	DEB612_ROOT=$DEB612_ROOT
	DEB61_KVER=$DEB61_KVER
	DEB61_ROOT=$DEB61_ROOT
	KSRC72=$KSRC72
	DBG_KVER=$DBG_KVER
	DBG_BUILD=$DBG_BUILD
	DBG_MODS=$DBG_MODS
	DBG_CXL_TEST=$DBG_CXL_TEST
	CXL_CLI_ROOT=$CXL_CLI_ROOT
	RASDAEMON_ROOT=$RASDAEMON_ROOT
	EOF
	mv "$KERNELS_ENV.tmp" "$KERNELS_ENV"
	log "deps ready: $DEB612_KVER, $DEB61_KVER (headers), $DBG_KVER (debug)"
}

main "$@"
