#!/bin/bash
# chroot-dkms.sh RELEASE KVER OUTDIR DEB
#
# Install the package DEB (make deb) with apt inside the RELEASE-KVER chroot
# made by chroot.sh, as a user of that release would: its dh-dkms postinst
# builds the module with the release's own dkms and gcc against the
# kernel's headers, the only ones there (the chroot sets
# autoinstall_all_kernels, since its running kernel is the host's). Copy the installed module (and dkms's
# make.log) to OUTDIR, print its path and the install time, then purge the
# package and check that DKMS and /lib/modules hold nothing of it.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PKG=cxl_poison_ctl
DEBPKG=cxl-poison-ctl-dkms

usage() { die "usage: chroot-dkms.sh RELEASE KVER OUTDIR DEB  (RELEASE: $RELEASES)"; }

# Purge the package (and what an interrupted run left); run on every
# exit. make.log is saved first so a failed build can be read.
cleanup() {
	local rc=$?
	trap - EXIT
	if [ -n "${KVER:-}" ] && [ -n "${OUTDIR:-}" ]; then
		local mlog=$ROOT/var/lib/dkms/$PKG/$VER/$KVER/x86_64/log/make.log
		[ -f "$mlog" ] || mlog=$ROOT/var/lib/dkms/$PKG/$VER/build/make.log
		if [ -f "$mlog" ]; then
			cp "$mlog" "$OUTDIR/make.log"
			if [ "$rc" != 0 ]; then
				tail -n 25 "$OUTDIR/make.log" >&2
				log "error: $RELEASE: dkms failed (exit $rc), make.log: $OUTDIR/make.log"
			fi
		fi
	fi
	purge
	umount_chroot
	exit "$rc"
}

purge() {
	if in_chroot dpkg-query -W "$DEBPKG" >/dev/null 2>&1; then
		in_chroot apt-get -q -y purge "$DEBPKG" >&2 || log "warning: apt-get purge failed"
	fi
	rm -f "$ROOT/tmp/$DEBPKG"_*.deb
}

main() {
	[ $# -eq 4 ] || usage
	chroot_vars "$1" "$2"
	OUTDIR=$3
	local deb=$4 kver=$2
	[ "$(id -u)" = 0 ] || die "must run as root (chroot, mount)"
	VER=$("$TOP_DIR/scripts/version.sh")
	mkdir -p "$OUTDIR"
	OUTDIR=$(cd "$OUTDIR" && pwd)

	# The chroot is made by chroot.sh RELEASE SUITE KVER; hold its lock.
	take_lock
	load_complete
	[ "$KVER" = "$kver" ] || die "$ROOT holds $KVER, not $kver"
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	grep -q '^autoinstall_all_kernels="yes"' "$ROOT/etc/dkms/framework.conf" ||
		echo 'autoinstall_all_kernels="yes"' >>"$ROOT/etc/dkms/framework.conf"

	# Leftovers of an interrupted run: a half-configured dpkg, the package.
	in_chroot dpkg --configure -a >&2 || log "warning: dpkg --configure -a failed"
	purge
	rm -f "$OUTDIR/$PKG".ko* "$OUTDIR/make.log"
	cp "$deb" "$ROOT/tmp/"
	log "$RELEASE: apt-get install ./$(basename "$deb") for $KVER (dkms $DKMS_VERSION, $GCC)"
	local t build_s ko
	t=$(now)
	in_chroot apt-get -q -y install "/tmp/$(basename "$deb")" >&2
	build_s=$(elapsed "$t")
	log "$RELEASE: the package's install (dkms build included) took ${build_s}s"

	ko=$(find "$ROOT/lib/modules/$KVER/updates" -name "$PKG.ko*" -print -quit)
	[ -n "$ko" ] || die "no $PKG.ko* under /lib/modules/$KVER/updates in the chroot"
	cp "$ko" "$OUTDIR/"
	# Sanity, with the release's own modinfo: built for KVER, and which
	# variant (Kbuild falls back to a placeholder without cxl_inject_poison).
	local rel=${ko#"$ROOT"} vermagic desc version
	vermagic=$(in_chroot modinfo -F vermagic "$rel")
	desc=$(in_chroot modinfo -F description "$rel")
	version=$(in_chroot modinfo -F version "$rel")
	ko=$OUTDIR/$(basename "$ko")
	case $vermagic in
	"$KVER "*) ;;
	*) die "vermagic '$vermagic' is not for $KVER" ;;
	esac
	[ "$version" = "$VER" ] || die "modinfo version '$version', VERSION says $VER"
	cp "$ROOT/var/lib/dkms/$PKG/$VER/$KVER/x86_64/log/make.log" "$OUTDIR/" 2>/dev/null || true

	purge
	[ ! -e "$ROOT/var/lib/dkms/$PKG" ] || die "purge left /var/lib/dkms/$PKG"
	[ -z "$(find "$ROOT/lib/modules" "$ROOT/usr/src" -name "$PKG*" -print -quit)" ] ||
		die "purge left $PKG files under /lib/modules or /usr/src"

	echo "release: $RELEASE"
	echo "kernel: $KVER"
	echo "module: $ko"
	echo "version: $version"
	echo "description: $desc"
	echo "install: ${build_s}s"
}

main "$@"
