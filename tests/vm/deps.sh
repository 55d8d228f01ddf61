#!/bin/bash
# make deps: install and fetch everything the tests need. Idempotent.
#   deps.sh [all]   everything below (make deps, make check)
#   deps.sh demo    only what make demo boots: the packages it uses, QEMU,
#                   the Debian 6.12 image + headers and sid's cxl (minutes,
#                   not the 17 minutes of the debug kernel); kernels.env then
#                   keeps what an earlier full run wrote for the other kernels
#  - Debian packages (QEMU 10 from bookworm-backports, dkms, busybox, build
#    tools, shellcheck for make lint, debhelper + dh-dkms for make deb,
#    debootstrap for the package test)
#  - Debian 6.12 image + headers and 6.1 headers, unpacked (never installed)
#  - linux-source-7.2 from sid (private apt config) and a debug kernel built
#    from it with debug-7.2.config; keyed by source version + fragment hash;
#    that tree's tools/testing/cxl (cxl_test) built against it
#  - Debian's newest kernel (trixie-backports' linux-image-amd64, a 7.x):
#    image + headers unpacked, its linux-source unpacked, and a tree to
#    build modules for it with the host's gcc (build_debian_kbuild); the
#    same for trixie's 6.12 (headers only, for make lint)
#  - sid's sparse (make lint: the 7.x Makefiles refuse bookworm's)
#  - sid's cxl (ndctl) with its libraries, for the guests
#  - bookworm-backports' rasdaemon with ras-mc-ctl's perl and their libraries,
#    for the guests
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

JOBS=$(nproc)
# What make demo needs (DKMS build against the 6.12 headers, the guest
# image), then the rest of make check's tools.
DEMO_PKGS="build-essential cpio xz-utils zstd kmod busybox-static dkms dwarves libelf-dev"
PKGS="$DEMO_PKGS bc bison flex libssl-dev sparse perl python3 rsync shellcheck
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

install_packages() { # PACKAGES
	local pkgs=$1
	# shellcheck disable=SC2086 # one argument per package
	if ! have_pkgs $pkgs; then
		apt_update_once
		log "installing build and rig packages (about a minute)"
		# shellcheck disable=SC2086 # one argument per package
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $pkgs >/dev/null
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
		log "installing qemu-system-x86 from bookworm-backports (under a minute)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends -t bookworm-backports \
			qemu-system-x86 >/dev/null
		qemu_ok || die "QEMU >= 10 not available"
	fi
}

# Resolve the dependency of a metapackage: "linux-image-6.12-amd64" ->
# "linux-image-6.12.117+deb12-amd64" (with the current APT_CACHE).
resolve_dep() {
	"${APT_CACHE[@]}" depends "$1" 2>/dev/null |
		awk -v p="$2" '$1 == "Depends:" && index($2, p) == 1 { print $2; exit }'
}

# dep_pkgs PKG REGEX: PKG's dependencies whose names match REGEX.
dep_pkgs() {
	"${APT_CACHE[@]}" depends "$1" | awk -v r="$2" '$1 == "Depends:" && $2 ~ r { print $2 }'
}

# suite_apt [SUITE]: apt for SUITE's main through a private configuration
# ($CACHE/apt-SUITE: the host's sources are not changed for it), or, with
# no SUITE, the host's own.
suite_apt() {
	if [ -n "${1:-}" ]; then
		private_apt "$CACHE/apt-$1" "$(deb_line "$1")"
	else
		host_apt
		apt_update_once
	fi
}

# fetch_debian_kernel META WANT-IMAGE [SUITE]: the kernel the metapackage
# linux-headers-META depends on, from SUITE (default: the host's sources):
# its headers (with -common and kbuild) and, if WANT-IMAGE is set, its image
# (with the linux-binary/modules/base packages a 7.3 image is split into),
# unpacked under $CACHE/debian/KVER. A merged-/usr image (modules and
# vmlinuz in usr/lib/modules) gets lib -> usr/lib and boot/vmlinuz-KVER, so
# every kernel's root looks alike. Sets RESOLVED_KVER and RESOLVED_ROOT.
fetch_debian_kernel() {
	local meta=$1 image=$2 suite=${3:-} hdr kver root pkgs
	suite_apt "$suite"
	hdr=$(resolve_dep "linux-headers-$meta" linux-headers-)
	[ -n "$hdr" ] || die "cannot resolve linux-headers-$meta${suite:+ in $suite}"
	kver=${hdr#linux-headers-}
	root=$CACHE/debian/$kver
	if [ ! -e "$root/.complete" ]; then
		log "fetching Debian $kver${suite:+ from $suite} (headers${image:+ and image})"
		pkgs="$hdr $(dep_pkgs "$hdr" '^linux-(headers|kbuild)-')"
		[ -n "$image" ] && pkgs="$pkgs linux-image-$kver $(dep_pkgs "linux-image-$kver" \
			'^linux-(binary|modules|base)-[0-9]')"
		# shellcheck disable=SC2086 # one argument per package
		unpack_debs "$root" $pkgs
		if [ -d "$root/usr/lib/modules" ] && [ ! -e "$root/lib" ]; then
			ln -s usr/lib "$root/lib"
		fi
		if [ -n "$image" ] && [ ! -e "$root/boot/vmlinuz-$kver" ]; then
			[ -e "$root/lib/modules/$kver/vmlinuz" ] || die "no vmlinuz in the $kver packages"
			mkdir -p "$root/boot"
			ln -s "../lib/modules/$kver/vmlinuz" "$root/boot/vmlinuz-$kver"
		fi
		fix_header_links "$root" "$kver"
		touch "$root/.complete"
	fi
	RESOLVED_KVER=$kver
	RESOLVED_ROOT=$root
}

# suite_candidate SUITE PKG: set the private apt configuration of SUITE
# (APT_GET, APT_CACHE) and CAND_VER to the version of PKG SUITE offers.
suite_candidate() {
	suite_apt "$1"
	CAND_VER=$("${APT_CACHE[@]}" policy "$2" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	case $CAND_VER in '' | '(none)') die "$2 not in $1" ;; esac
}

# sid_candidate PKG: suite_candidate sid PKG, the version in SID_VER.
sid_candidate() {
	suite_candidate sid "$1"
	SID_VER=$CAND_VER
}

# fetch_linux_source SERIES SUITE: SUITE's linux-source-SERIES unpacked
# under $CACHE/src/linux-source-SERIES_VERSION. Sets KSRC and KSRC_VER.
fetch_linux_source() {
	local series=$1 suite=$2 ver
	suite_candidate "$suite" "linux-source-$series"
	ver=$CAND_VER
	KSRC=$CACHE/src/linux-source-${series}_$ver
	if [ ! -e "$KSRC/.complete" ]; then
		log "fetching linux-source-$series $ver from $suite"
		local tmp
		tmp=$(mktemp -d "$CACHE/.dl.XXXXXX")
		(cd "$tmp" && "${APT_GET[@]}" download -qq "linux-source-$series=$ver" >/dev/null)
		dpkg -x "$tmp"/linux-source-"$series"_*.deb "$tmp/root"
		log "unpacking the $series tree"
		mkdir -p "$tmp/tree"
		tar -C "$tmp/tree" -xf "$tmp"/root/usr/src/linux-source-"$series".tar.*
		rm -rf "$KSRC"
		mkdir -p "$(dirname "$KSRC")"
		mv "$tmp/tree/linux-source-$series" "$KSRC"
		rm -rf "$tmp"
		touch "$KSRC/.complete"
	fi
	KSRC_VER=$ver
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

# (1,404 CC lines with the fragment as it is)
kbuild_note() { echo "$(grep -c '^  CC' "$1" || true) of about 1400 objects compiled"; }

# bookworm-backports' rasdaemon (0.8.1, the first to record cxl_poison),
# with what its ras-mc-ctl needs (perl, perl's File::Find from
# perl-modules-X.Y, DBI, DBD::SQLite), sqlite3, and the bookworm libraries
# they run on, unpacked for the guests that run it (rasdaemon_cpio.sh),
# through a private apt with bookworm and bookworm-backports. Not trixie's
# 0.8.3: it waits 30 s (far longer under TCG) for each trace event the
# kernel lacks, and the 7.2 debug kernel has no ras:* events, so it hangs
# there. Not sid's 0.8.4: its cxl_poison handler gives up on an event
# without the hpa_alias0 field, which 6.12 does not have, and so records
# nothing there. Every package is asked for with its suite: unsuffixed, apt
# would want the host's installed version (perl-base), not in these lists.
RASDAEMON_PKGS="libsqlite3-0 libtraceevent1 perl-base libcrypt1 libdbi-perl libdbd-sqlite3-perl
sqlite3 libreadline8 libtinfo6 zlib1g libc6"
fetch_rasdaemon() {
	local ver mods p
	private_apt "$CACHE/apt-bookworm-bpo" "$(deb_line bookworm)" "$(deb_line bookworm-backports)"
	ver=$("${APT_CACHE[@]}" -t bookworm-backports policy rasdaemon 2>/dev/null | awk '/Candidate:/ { print $2 }')
	case $ver in *bpo*) ;; *) die "no rasdaemon in bookworm-backports (candidate '$ver')" ;; esac
	RASDAEMON_ROOT=$CACHE/rasdaemon/$ver
	[ -x "$RASDAEMON_ROOT/usr/sbin/rasdaemon" ] && return
	mods=$("${APT_CACHE[@]}" depends perl/bookworm | awk '$1 == "Depends:" && $2 ~ /^perl-modules-/ { print $2; exit }')
	[ -n "$mods" ] || die "cannot resolve bookworm's perl-modules package"
	log "fetching bookworm-backports' rasdaemon $ver, perl and their libraries"
	# shellcheck disable=SC2046 # one argument per package
	unpack_debs "$RASDAEMON_ROOT" rasdaemon/bookworm-backports \
		$(for p in $RASDAEMON_PKGS "$mods"; do echo "$p/bookworm"; done)
	[ -x "$RASDAEMON_ROOT/usr/sbin/rasdaemon" ] || die "no usr/sbin/rasdaemon in rasdaemon $ver"
}

# debug_kernel_dir: where the debug kernel of this source and fragment is
# (or will be) built, in DBG_DIR; DBG_BUILD and DBG_MODS under it.
debug_kernel_dir() {
	local key
	key=$(sha256sum <"$VM_DIR/debug-7.2.config" | cut -c1-12)
	DBG_DIR=$CACHE/kdebug/${KSRC72_VER}_$key
	DBG_BUILD=$DBG_DIR/build
	DBG_MODS=$DBG_DIR/mods
}

build_debug_kernel() {
	local frag=$VM_DIR/debug-7.2.config dir
	debug_kernel_dir
	dir=$DBG_DIR
	if [ ! -e "$dir/.complete" ]; then
		log "building the 7.2 debug kernel in $dir (about 17 minutes on 2 cores, while the rest is fetched; progress every 30 s)"
		rm -rf "$dir"
		mkdir -p "$DBG_BUILD"
		make -s -C "$KSRC72" O="$DBG_BUILD" x86_64_defconfig >/dev/null
		(cd "$DBG_BUILD" &&
			"$KSRC72/scripts/kconfig/merge_config.sh" -m .config "$frag" >/dev/null)
		make -s -C "$KSRC72" O="$DBG_BUILD" olddefconfig >/dev/null
		verify_fragment "$DBG_BUILD/.config" "$frag" || die "config fragment not applied"
		local t0=$SECONDS
		run_progress "kernel build" "$dir/build.log" kbuild_note \
			make -C "$KSRC72" O="$DBG_BUILD" -j"$JOBS" bzImage modules ||
			{ tail -30 "$dir/build.log"; die "kernel build failed"; }
		make -s -C "$KSRC72" O="$DBG_BUILD" INSTALL_MOD_PATH="$DBG_MODS" \
			INSTALL_MOD_STRIP=1 modules_install >/dev/null
		log "debug kernel built in $((SECONDS - t0)) s"
		touch "$dir/.complete"
	fi
	DBG_KVER=$(cat "$DBG_BUILD/include/config/kernel.release")
}

# The debug kernel is the longest step and keeps both cores busy; what
# else deps fetches is mostly waiting on the mirror and unpacking. So the
# build starts as soon as its source is unpacked and runs in the
# background (its own process group, stopped if deps.sh stops) while the
# other kernels and tools are fetched; finish_debug_kernel waits for it.
DBG_PID=
start_debug_kernel() {
	debug_kernel_dir
	[ -e "$DBG_DIR/.complete" ] && return
	set -m
	build_debug_kernel &
	DBG_PID=$!
	set +m
	trap stop_debug_kernel EXIT
	trap 'exit 130' INT TERM
}
stop_debug_kernel() {
	[ -n "$DBG_PID" ] && kill -- -"$DBG_PID" 2>/dev/null
	DBG_PID=
}
finish_debug_kernel() {
	if [ -n "$DBG_PID" ]; then
		wait "$DBG_PID" || { DBG_PID=; die "the debug kernel build failed (log: $DBG_DIR/build.log)"; }
		DBG_PID=
	fi
	build_debug_kernel
}

# build_debian_kbuild KVER ROOT KSRC: a tree to build modules for Debian's
# kernel KVER (unpacked in ROOT) with the host's compiler, for a kernel
# whose headers package cannot be used here: trixie's 7.3 headers name
# gcc-14, take config options only gcc-14 has (-fmin-function-alignment)
# and ship kbuild tools linked against glibc 2.38. Made from the same
# kernel's source (KSRC, linux-source of the same Debian version) with
# Debian's .config and Module.symvers: modules_prepare with the host's gcc,
# LOCALVERSION giving Debian's release. Sets KBUILD_DIR.
build_debian_kbuild() {
	local kver=$1 root=$2 ksrc=$3 hdrs dir rel
	hdrs=$root/usr/src/linux-headers-$kver
	dir=$CACHE/kbuild/$kver
	KBUILD_DIR=$dir/build
	[ -e "$dir/.complete" ] && return
	log "preparing a module build tree for $kver from $(basename "$ksrc") (host gcc)"
	rm -rf "$dir" && mkdir -p "$KBUILD_DIR"
	cp "$hdrs/.config" "$KBUILD_DIR/.config"
	local base=${kver%%[+-]*}
	make -s -C "$ksrc" O="$KBUILD_DIR" LOCALVERSION="${kver#"$base"}" olddefconfig >/dev/null
	make -C "$ksrc" O="$KBUILD_DIR" LOCALVERSION="${kver#"$base"}" -j"$JOBS" \
		modules_prepare >"$dir/build.log" 2>&1 ||
		{ tail -30 "$dir/build.log"; die "modules_prepare for $kver failed"; }
	rel=$(cat "$KBUILD_DIR/include/config/kernel.release")
	[ "$rel" = "$kver" ] || die "prepared tree says release '$rel', the image is '$kver'"
	cp "$hdrs/Module.symvers" "$KBUILD_DIR/"
	touch "$dir/.complete"
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

# Debian's newest kernel: trixie-backports' linux-image-amd64 (a 7.x), its
# image, headers, the linux-source of the same version, and a tree to
# build modules for it (build_debian_kbuild).
fetch_deb73() {
	local image_ver series
	fetch_debian_kernel amd64 image trixie-backports
	DEB73_KVER=$RESOLVED_KVER DEB73_ROOT=$RESOLVED_ROOT
	case $DEB73_KVER in 7.*) ;; *) die "trixie-backports' kernel is $DEB73_KVER, expected 7.x" ;; esac
	image_ver=$("${APT_CACHE[@]}" policy "linux-image-$DEB73_KVER" | awk '/Candidate:/ { print $2 }')
	series=$(echo "$DEB73_KVER" | cut -d. -f1,2)
	fetch_linux_source "$series" trixie-backports
	[ "$KSRC_VER" = "$image_ver" ] ||
		die "linux-source-$series is $KSRC_VER, linux-image-$DEB73_KVER is $image_ver"
	KSRC73=$KSRC
	build_debian_kbuild "$DEB73_KVER" "$DEB73_ROOT" "$KSRC73"
	DEB73_KDIR=$KBUILD_DIR
}

# kernels.env: what deps.sh resolved. "deps.sh demo" resolves the 6.12
# kernel and cxl only; the other variables keep what an earlier full run
# wrote, or stay empty (kernel_vars then says to run make deps).
KERNELS_VARS="DEB612_KVER DEB612_ROOT DEB61_KVER DEB61_ROOT KSRC72
DEB73_KVER DEB73_ROOT DEB73_KDIR KSRC73 DBG_KVER DBG_BUILD DBG_MODS DBG_CXL_TEST
DEB612T_KVER DEB612T_KDIR SPARSE CXL_CLI_ROOT RASDAEMON_ROOT"
write_kernels_env() {
	local v
	for v in $KERNELS_VARS; do echo "$v=${!v:-}"; done >"$KERNELS_ENV.tmp"
	mv "$KERNELS_ENV.tmp" "$KERNELS_ENV"
}

# Sid's sparse: the 7.2 and 7.3 Makefiles switch C=2 off ("sparse is not
# available or not up to date") for bookworm's 0.6.4, which lacks
# __typeof_unqual__. Unpacked with sid's libc and run through that libc's
# loader by a wrapper, $CACHE/sparse/VERSION/sparse, which make lint passes
# as CHECK.
fetch_sparse() {
	local dir lib
	sid_candidate sparse
	dir=$CACHE/sparse/$SID_VER
	SPARSE=$dir/sparse
	[ -x "$SPARSE" ] && return
	log "fetching sid's sparse $SID_VER (and sid's libc to run it)"
	unpack_debs "$dir/root" sparse libc6
	lib=$dir/root/usr/lib/x86_64-linux-gnu
	printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' \
		"$lib/ld-linux-x86-64.so.2" "$lib" "$dir/root/usr/bin/sparse" >"$SPARSE.tmp"
	chmod +x "$SPARSE.tmp"
	"$SPARSE.tmp" --version >/dev/null || die "sid's sparse $SID_VER does not run here"
	mv "$SPARSE.tmp" "$SPARSE"
}

# Trixie's own 6.12 (its linux-headers-amd64), for make lint only: its
# headers and, like deb73's, a module build tree from its linux-source of
# the same Debian version (build_debian_kbuild: its headers also name
# gcc-14 and ship tools built against trixie's glibc).
fetch_deb612t() {
	local hdr_ver
	fetch_debian_kernel amd64 "" trixie
	DEB612T_KVER=$RESOLVED_KVER
	case $DEB612T_KVER in 6.12.*) ;; *) die "trixie's kernel is $DEB612T_KVER, expected 6.12" ;; esac
	hdr_ver=$("${APT_CACHE[@]}" policy "linux-headers-$DEB612T_KVER" | awk '/Candidate:/ { print $2 }')
	fetch_linux_source 6.12 trixie
	[ "$KSRC_VER" = "$hdr_ver" ] ||
		die "trixie's linux-source-6.12 is $KSRC_VER, linux-headers-$DEB612T_KVER is $hdr_ver"
	build_debian_kbuild "$DEB612T_KVER" "$RESOLVED_ROOT" "$KSRC"
	# shellcheck disable=SC2034 # written to kernels.env (write_kernels_env)
	DEB612T_KDIR=$KBUILD_DIR
}

main() {
	local what=${1:-all}
	case $what in all | demo) ;; *) die "usage: deps.sh [all|demo]" ;; esac
	mkdir -p "$CACHE"
	# One at a time: a second run would find the kernel build incomplete
	# and start it again from scratch under the first one.
	exec 9>"$CACHE/.deps.lock"
	flock 9
	if [ "$what" = demo ]; then
		[ -r "$KERNELS_ENV" ] && load_kernels_env
		install_packages "$DEMO_PKGS"
	else
		install_packages "$PKGS"
	fi
	if [ "$what" = all ]; then
		fetch_linux_source 7.2 sid
		KSRC72=$KSRC KSRC72_VER=$KSRC_VER
		start_debug_kernel
	fi
	fetch_debian_kernel 6.12-amd64 image
	DEB612_KVER=$RESOLVED_KVER DEB612_ROOT=$RESOLVED_ROOT
	fetch_cxl_cli
	if [ "$what" = demo ]; then
		write_kernels_env
		log "deps for the demo ready: $DEB612_KVER (make deps fetches and builds the rest)"
		return
	fi
	fetch_debian_kernel amd64 ""
	DEB61_KVER=$RESOLVED_KVER DEB61_ROOT=$RESOLVED_ROOT
	case $DEB61_KVER in 6.1.*) ;; *) die "bookworm's default headers are $DEB61_KVER, expected 6.1" ;; esac
	fetch_deb73
	fetch_deb612t
	fetch_sparse
	fetch_rasdaemon
	[ -z "$DBG_PID" ] || log "fetched all but the debug kernel: waiting for its build"
	finish_debug_kernel
	build_cxl_test
	write_kernels_env
	log "deps ready: $DEB612_KVER, $DEB61_KVER (headers), $DEB73_KVER, $DBG_KVER (debug)"
}

main "$@"
