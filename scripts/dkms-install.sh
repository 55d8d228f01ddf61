#!/bin/bash
# dkms-install.sh install [KVER]   make dkms-install
# dkms-install.sh uninstall        make dkms-uninstall
#
# install: stage Kbuild, VERSION, dkms.conf and src/ (scripts/dkms-source.sh)
# as /usr/src/cxl_poison_ctl-<VERSION>, then dkms add, build and install for
# KVER (default: the running kernel). A version already registered from this
# route is replaced. Refuses when the Debian package owns that directory.
# uninstall: dkms remove --all for every registered version of the module
# that no package owns, and delete their /usr/src directories.
# Needs root.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
PKG=cxl_poison_ctl
SRC_ROOT=/usr/src

die() { echo "dkms-install: $*" >&2; exit 1; }
run() { echo "+ $*"; "$@"; }

[ "$(id -u)" = 0 ] || die "needs root (writes $SRC_ROOT, /var/lib/dkms, /lib/modules)"
command -v dkms >/dev/null || die "dkms is not installed (apt install dkms)"

owned_by_package() { # DIR
	dpkg-query -S "$1" >/dev/null 2>&1
}

# Versions DKMS knows (dkms status lines "cxl_poison_ctl/0.2.0, ...: state"
# or "cxl_poison_ctl/0.2.0: added") and sources without a registration.
versions() {
	{
		dkms status -m "$PKG" 2>/dev/null | sed -n "s|^$PKG/\([^,:]*\)[,:].*|\1|p"
		for d in "$SRC_ROOT/$PKG"-*; do
			[ -d "$d" ] && echo "${d#"$SRC_ROOT/$PKG"-}"
		done
	} | sort -u
}

remove_version() { # VER
	local ver=$1 dir=$SRC_ROOT/$PKG-$1
	if owned_by_package "$dir"; then
		echo "dkms-install: $dir belongs to $(dpkg-query -S "$dir" | cut -d: -f1): remove that package instead" >&2
		return 1
	fi
	if [ -n "$(dkms status -m "$PKG" -v "$ver" 2>/dev/null)" ]; then
		run dkms remove -m "$PKG" -v "$ver" --all
	fi
	run rm -rf "$dir"
}

case ${1:-} in
install)
	ver=$("$top/scripts/version.sh")
	kver=${2:-$(uname -r)}
	dir=$SRC_ROOT/$PKG-$ver
	[ -e "/lib/modules/$kver/build" ] ||
		die "no headers for $kver (/lib/modules/$kver/build): apt install linux-headers-$kver"
	if [ -e "$dir" ] || [ -n "$(dkms status -m "$PKG" -v "$ver" 2>/dev/null)" ]; then
		remove_version "$ver" || exit 1
	fi
	echo "+ scripts/dkms-source.sh $dir"
	"$top/scripts/dkms-source.sh" "$dir" >/dev/null
	run dkms add -m "$PKG" -v "$ver"
	run dkms build -m "$PKG" -v "$ver" -k "$kver"
	run dkms install -m "$PKG" -v "$ver" -k "$kver"
	echo "dkms-install: $PKG $ver installed for $kver (modprobe $PKG; remove with make dkms-uninstall)"
	;;
uninstall)
	rc=0 n=0
	for ver in $(versions); do
		remove_version "$ver" || rc=1
		n=$((n + 1))
	done
	[ $n -gt 0 ] || echo "dkms-install: no $PKG registered with DKMS or under $SRC_ROOT"
	exit $rc
	;;
*)
	echo "usage: dkms-install.sh install [KVER] | uninstall" >&2
	exit 2
	;;
esac
