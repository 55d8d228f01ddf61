#!/bin/bash
# make check step "pkg": build the Debian package (make deb), install and
# purge it in a throwaway Debian 12 root, then do the same with
# make dkms-install / dkms-uninstall, and show that nothing is left behind.
# The package is installed and purged as the README says, with apt
# (apt-get install ./x.deb, apt-get purge), which runs dpkg.
#
# The root is a copy-on-write overlay (a plain copy where overlayfs is not
# available) of a cached base: debootstrap --variant=minbase bookworm plus
# what a Debian 12 user has or installs first: dkms, the default 6.1 kernel
# and headers (linux-image-amd64, linux-headers-amd64) and the 6.12 kernel
# and headers from bookworm-security (linux-headers-6.12-amd64). The base is
# built once under $CACHE/pkgroot (about 4 minutes and 310 MB of downloads,
# 1.2 GB on disk; rebuilt when BASE_PKGS changes) and never written
# afterwards; each run's changes go to a temporary directory that is removed
# at the end. The host's package database, /usr/src and /lib/modules are not
# touched.
#
# In a chroot the running kernel is the host's, so dkms's postinst would
# build for no kernel; the root sets autoinstall_all_kernels="yes" in
# /etc/dkms/framework.conf, so the package builds for every installed kernel.
#
# Checked: the .deb's name, version, dependency and file list; install exits
# 0; per kernel, dkms status "installed", the module under
# /lib/modules/<kernel>/updates/dkms with modinfo version = VERSION, the
# real module for 6.12 and the placeholder with its message for 6.1, indexed
# by depmod; the kernel hook (/etc/kernel/postinst.d/dkms) builds it again
# for 6.12 after it was removed there (AUTOINSTALL); purge exits 0 and the
# root's file list equals the one before the install, no file is named
# after the module, no depmod index lists it. The same for
# make dkms-install (6.12) and make dkms-uninstall.
set -euo pipefail
. "$(dirname "$0")/vm/lib.sh"
OUT=${CPC_OUT:-$TOP_DIR/out}/pkg
PKGROOT=$CACHE/pkgroot
BASE=$PKGROOT/bookworm
MIRROR=http://deb.debian.org/debian
SECURITY_MIRROR=http://deb.debian.org/debian-security
BASE_PKGS="dkms linux-image-amd64 linux-headers-amd64 linux-headers-6.12-amd64"
PKG=cxl_poison_ctl
DEBPKG=cxl-poison-ctl-dkms

say() { echo "pkg: $*"; }
fail() { echo "pkg: FAIL: $*"; exit 1; }

# --- the cached base -------------------------------------------------------

base_chroot() { # ROOT command...
	local root=$1 rc=0
	shift
	env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive INITRD=No \
		chroot "$root" "$@" || rc=$?
	return $rc
}

base_apt() { # ROOT
	# shellcheck disable=SC2086 # a list of packages
	base_chroot "$1" apt-get -q update &&
		base_chroot "$1" apt-get -q -y dist-upgrade &&
		base_chroot "$1" apt-get -q -y install $BASE_PKGS &&
		base_chroot "$1" apt-get clean
}

build_base() {
	local tmp=$BASE.tmp t0=$SECONDS
	umount_all "$tmp"
	rm -rf --one-file-system "$tmp"
	log "building the package-test base in $BASE (debootstrap bookworm + $BASE_PKGS: about 4 minutes and 310 MB of downloads, once; progress every 30 s)"
	mkdir -p "$tmp"
	run_progress "package root: debootstrap" "$PKGROOT/debootstrap.log" last_line \
		debootstrap --variant=minbase --arch=amd64 bookworm "$tmp" "$MIRROR" ||
		{ tail -n 20 "$PKGROOT/debootstrap.log"; die "debootstrap failed"; }
	log "debootstrap: $((SECONDS - t0)) s"
	cat >"$tmp/etc/apt/sources.list" <<-EOF
		deb $MIRROR bookworm main
		deb $MIRROR bookworm-updates main
		deb $SECURITY_MIRROR bookworm-security main
	EOF
	quiet_root_apt "$tmp"
	mount -t proc proc "$tmp/proc"
	run_progress "package root: apt" "$PKGROOT/apt.log" last_line base_apt "$tmp" || {
		umount "$tmp/proc"
		tail -n 20 "$PKGROOT/apt.log"
		die "apt in the base failed (log: $PKGROOT/apt.log)"
	}
	umount "$tmp/proc"
	rm -f "$tmp"/var/log/apt/* "$tmp"/var/log/dpkg.log
	echo "$BASE_PKGS" >"$tmp/.complete"
	mv "$tmp" "$BASE"
	log "base ready in $((SECONDS - t0)) s"
}

ensure_base() {
	mkdir -p "$PKGROOT"
	exec 8>"$PKGROOT/.lock"
	flock -w 1800 8 || die "timed out waiting for $PKGROOT/.lock"
	if [ "$(cat "$BASE/.complete" 2>/dev/null)" != "$BASE_PKGS" ]; then
		if [ -e "$BASE" ]; then
			log "the base was made with other packages: rebuilding it"
			umount_all "$BASE"
			rm -rf --one-file-system "$BASE"
		fi
		build_base
	fi
	# Shared from here on: others may read the base, nobody writes it.
	flock -s 8
}

# --- the per-run root ------------------------------------------------------

umount_all() { # DIR: everything mounted at or under DIR, deepest first
	awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts |
		sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
}

RUN=
cleanup() {
	local rc=$?
	if [ -n "$RUN" ]; then
		umount_all "$RUN"
		rm -rf --one-file-system "$RUN"
	fi
	exit $rc
}

make_root() {
	RUN=$(mktemp -d "${TMPDIR:-/tmp}/cpc-pkg.XXXXXX")
	R=$RUN/root
	mkdir -p "$RUN/upper" "$RUN/work" "$R"
	if mount -t overlay overlay \
		-o "lowerdir=$BASE,upperdir=$RUN/upper,workdir=$RUN/work" "$R" 2>/dev/null; then
		say "root: overlay on the cached base $BASE"
	else
		rmdir "$R"
		cp -a "$BASE" "$R"
		say "root: copy of the cached base $BASE (no overlayfs)"
	fi
	mount -t proc proc "$R/proc"
	echo 'autoinstall_all_kernels="yes"' >>"$R/etc/dkms/framework.conf"
}

in_root() { base_chroot "$R" "$@"; }

run_logged() { # NAME command... : in the root, output to $OUT/NAME.log
	local name=$1 rc=0
	shift
	in_root "$@" >"$OUT/$name.log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		tail -n 30 "$OUT/$name.log"
		fail "$* exited $rc (log: $OUT/$name.log)"
	fi
}

# Every path in the root but the pseudo and scratch filesystems, logs,
# caches and dpkg's own backups.
snapshot() { # FILE
	(cd "$R" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys \
		-o -path ./run -o -path ./tmp -o -path ./var/tmp -o -path ./var/log \
		-o -path ./var/cache \) -prune -o -print) |
		grep -v '^\./var/lib/dpkg/[^/]*-old$' | LC_ALL=C sort >"$1"
}

# Compare with the before-install list; print and fail on any difference;
# the module must be gone from every depmod index.
compare_with_before() { # WHAT
	local what=$1 diffs
	snapshot "$OUT/after-$what.list"
	diffs=$(diff "$OUT/before.list" "$OUT/after-$what.list" | grep '^[<>]' || true)
	if [ -n "$diffs" ]; then
		head -n 40 <<<"$diffs"
		fail "$what left the root different from before the install (above: < gone, > new)"
	fi
	if grep -l "$PKG" "$R"/lib/modules/*/modules.dep 2>/dev/null; then
		fail "$what: a depmod index still lists $PKG"
	fi
	if [ -n "$(cd "$R" && find . -xdev \( -path ./proc -o -path ./tmp \) -prune -o \
		\( -name "*$PKG*" -o -name "*$DEBPKG*" \) -print)" ]; then
		fail "$what: files named after the module remain"
	fi
	say "$what: file list equal to before the install ($(wc -l <"$OUT/before.list") paths; /usr/src, /var/lib/dkms, /lib/modules/*/updates included), no file named after the module, no depmod index lists $PKG"
}

# Per kernel: installed by dkms, version, variant, indexed.
check_installed() { # WHAT KERNEL...
	local what=$1 k ko desc ver st
	shift
	for k in "$@"; do
		st=$(in_root dkms status -m "$PKG" -v "$VER" -k "$k" 2>/dev/null)
		case $st in
		*": installed"*) ;;
		*) fail "$what: dkms status for $k: '$st'" ;;
		esac
		ko=$(cd "$R" && find "lib/modules/$k/updates/dkms" -name "$PKG.ko*" 2>/dev/null | head -n1)
		[ -n "$ko" ] || fail "$what: no $PKG.ko* in /lib/modules/$k/updates/dkms"
		ver=$(in_root modinfo -F version "/$ko")
		[ "$ver" = "$VER" ] || fail "$what: /$ko has version '$ver', VERSION is $VER"
		desc=$(in_root modinfo -F description "/$ko")
		case $k in
		6.1.*)
			[[ $desc == *placeholder* ]] || fail "$what: $k got '$desc', not the placeholder"
			grep -q "placeholder that refuses to load" \
				"$R/var/lib/dkms/$PKG/$VER/$k/x86_64/log/make.log" ||
				fail "$what: $k's make.log lacks the placeholder message"
			;;
		*)
			[[ $desc != *placeholder* ]] || fail "$what: $k got the placeholder"
			;;
		esac
		grep -q "updates/dkms/$PKG.ko" "$R/lib/modules/$k/modules.dep" ||
			fail "$what: $PKG not in $k's modules.dep"
		say "$what: $k: dkms installed /$ko, version $ver, $desc, in modules.dep"
	done
}

main() {
	[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot, mount)"
	rm -rf "$OUT" && mkdir -p "$OUT"
	VER=$("$TOP_DIR/scripts/version.sh")
	local t0=$SECONDS deb kernels k
	deb=$(bash "$TOP_DIR/scripts/build-deb.sh" "$OUT")
	[ "$(basename "$deb")" = "${DEBPKG}_${VER}_all.deb" ] || fail "make deb made $deb"
	[ "$(dpkg-deb -f "$deb" Version)" = "$VER" ] || fail "$deb: Version is not $VER"
	dpkg-deb -f "$deb" Depends | grep -q dkms || fail "$deb does not depend on dkms"
	if dpkg-deb -c "$deb" | awk '{ print $6 }' |
		grep -v -E "^\./$|^\./usr/(|src/|share/(|doc/(|$DEBPKG/(|changelog\.gz|copyright|README\.md(\.gz)?|ABI-debugfs-cxl_poison_ctl(\.gz)?))))$|^\./usr/src/$PKG-$VER/(|Kbuild|VERSION|dkms\.conf|src/|src/[a-z_]+\.[ch]|src/probes/|src/probes/[a-z_]+\.c)$"; then
		fail "$deb ships the files above: only what DKMS needs and the documentation belong in it"
	fi
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/$PKG-$VER/dkms.conf" |
		grep -qx "PACKAGE_VERSION=\"$VER\"" || fail "$deb: dkms.conf's PACKAGE_VERSION is not $VER"
	say "make deb: $(basename "$deb") ($(stat -c %s "$deb") bytes): Version $VER, Depends $(dpkg-deb -f "$deb" Depends), only Kbuild, VERSION, dkms.conf, src/*.[ch], src/probes/*.c under /usr/src/$PKG-$VER, README and ABI description under /usr/share/doc/$DEBPKG"

	ensure_base
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	make_root
	# (build is an absolute link, valid inside the root)
	# shellcheck disable=SC2016 # expanded by the root's sh
	kernels=$(in_root sh -c 'for k in /lib/modules/*; do
		if [ -e "$k/build/Makefile" ]; then echo "${k##*/}"; fi; done')
	[ -n "$kernels" ] || fail "no kernel headers in the base"
	# shellcheck disable=SC2086
	say "kernels with headers in the root: "$kernels
	case $kernels in *6.1.*) ;; *) fail "no 6.1 headers in the base" ;; esac
	snapshot "$OUT/before.list"

	# Package route.
	cp "$deb" "$R/tmp/"
	local t=$SECONDS
	run_logged apt-install apt-get install -y "/tmp/$(basename "$deb")"
	say "apt-get install ./$(basename "$deb"): exit 0 in $((SECONDS - t)) s; $(grep -m1 '^Building for' "$OUT/apt-install.log" || true)"
	# shellcheck disable=SC2086
	check_installed "package" $kernels
	# A kernel installed later: its package runs /etc/kernel/postinst.d/dkms,
	# which builds every AUTOINSTALL module for it. Simulated for 6.12 by
	# removing the module for that kernel and running the hook.
	k=$(grep -m1 '^6\.12\.' <<<"$kernels") || fail "no 6.12 headers in the base"
	run_logged dkms-remove-612 dkms remove -m "$PKG" -v "$VER" -k "$k"
	[ -z "$(cd "$R" && find "lib/modules/$k/updates" -name "$PKG.ko*" 2>/dev/null)" ] ||
		fail "dkms remove -k $k left the module"
	run_logged kernel-hook /etc/kernel/postinst.d/dkms "$k"
	check_installed "kernel hook" "$k"
	run_logged apt-purge apt-get purge -y "$DEBPKG"
	# shellcheck disable=SC2016 # a dpkg-query format
	if in_root dpkg-query -W -f='${Status}' "$DEBPKG" 2>/dev/null | grep -q installed; then
		fail "dpkg still lists $DEBPKG"
	fi
	rm -f "$R/tmp/$(basename "$deb")"
	compare_with_before "purge"

	# Tree route: make dkms-install for the 6.12 kernel, make dkms-uninstall.
	mkdir -p "$R/tmp/tree"
	cp -r "$TOP_DIR/Makefile" "$TOP_DIR/Kbuild" "$TOP_DIR/dkms.conf" "$TOP_DIR/VERSION" \
		"$TOP_DIR/src" "$TOP_DIR/scripts" "$R/tmp/tree/"
	run_logged dkms-install make -C /tmp/tree dkms-install KVER="$k"
	check_installed "make dkms-install" "$k"
	run_logged dkms-uninstall make -C /tmp/tree dkms-uninstall
	rm -rf "$R/tmp/tree"
	compare_with_before "make dkms-uninstall"
	say "passed in $((SECONDS - t0)) s"
}

main "$@"
