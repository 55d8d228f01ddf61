#!/bin/bash
# chroot-dkms.sh RELEASE OUTDIR
#
# Build and install the module with DKMS inside the RELEASE chroot made by
# chroot.sh (that release's own dkms and gcc, against its newest kernel
# headers), copy the installed module (and dkms's make.log) to OUTDIR and
# print its path and the dkms build time. The dkms registration and the
# copied sources are removed again afterwards, so reruns start clean.
# CXLPC_JOBS: make jobs for dkms build (default 2).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PKG=cxl_poison_ctl

usage() { die "usage: chroot-dkms.sh RELEASE OUTDIR  (RELEASE: $RELEASES)"; }

# dkms remove + drop the copied sources; run on every exit. make.log is
# saved first so a failed build can be read.
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
	if [ -n "${VER:-}" ] && [ -d "$ROOT/var/lib/dkms/$PKG" ]; then
		in_chroot dkms remove -m "$PKG" -v "$VER" --all >&2 || log "warning: dkms remove failed"
	fi
	[ -n "${VER:-}" ] && rm -rf "$ROOT/usr/src/$PKG-$VER" "$ROOT/var/lib/dkms/$PKG"
	umount_chroot
	exit "$rc"
}

# Sources as DKMS gets them from every route (make dkms-install, the
# package): scripts/dkms-source.sh.
copy_sources() {
	local dst=$ROOT/usr/src/$PKG-$VER
	rm -rf "$dst"
	"$TOP_DIR/scripts/dkms-source.sh" "$dst" >/dev/null
}

main() {
	[ $# -eq 2 ] || usage
	chroot_vars "$1"
	OUTDIR=$2
	[ "$(id -u)" = 0 ] || die "must run as root (chroot, mount)"
	VER=$("$TOP_DIR/scripts/version.sh")
	mkdir -p "$OUTDIR"
	OUTDIR=$(cd "$OUTDIR" && pwd)

	# Make or reuse the chroot (instant once cached), then hold its lock.
	"$MATRIX_DIR/chroot.sh" "$RELEASE" >/dev/null
	take_lock
	load_complete
	trap cleanup EXIT
	trap 'exit 130' INT TERM

	# Leftovers of an interrupted run.
	if [ -d "$ROOT/var/lib/dkms/$PKG" ]; then
		in_chroot dkms remove -m "$PKG" --all >&2 || true
		rm -rf "$ROOT/var/lib/dkms/$PKG"
	fi
	rm -rf "$ROOT/usr/src/$PKG"-* "$OUTDIR/$PKG".ko* "$OUTDIR/make.log"
	copy_sources

	log "$RELEASE: dkms add/build/install $PKG/$VER for $KVER (dkms $DKMS_VERSION, $GCC)"
	in_chroot dkms add -m "$PKG" -v "$VER" >&2
	local t build_s ko
	t=$(now)
	in_chroot dkms build -m "$PKG" -v "$VER" -k "$KVER" -j "${CXLPC_JOBS:-2}" >&2
	build_s=$(elapsed "$t")
	log "$RELEASE: dkms build took ${build_s}s"
	in_chroot dkms install -m "$PKG" -v "$VER" -k "$KVER" >&2

	ko=$(find "$ROOT/lib/modules/$KVER/updates" -name "$PKG.ko*" -print -quit)
	[ -n "$ko" ] || die "no $PKG.ko* under /lib/modules/$KVER/updates in the chroot"
	cp "$ko" "$OUTDIR/"
	# Sanity, with the release's own modinfo: built for KVER, and which
	# variant (Kbuild falls back to a placeholder without cxl_inject_poison).
	local rel=${ko#"$ROOT"} vermagic desc
	vermagic=$(in_chroot modinfo -F vermagic "$rel")
	desc=$(in_chroot modinfo -F description "$rel")
	ko=$OUTDIR/$(basename "$ko")
	case $vermagic in
	"$KVER "*) ;;
	*) die "vermagic '$vermagic' is not for $KVER" ;;
	esac

	echo "release: $RELEASE"
	echo "kernel: $KVER"
	echo "module: $ko"
	echo "description: $desc"
	echo "dkms build: ${build_s}s"
}

main "$@"
