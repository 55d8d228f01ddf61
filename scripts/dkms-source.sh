#!/bin/bash
# dkms-source.sh DEST
#
# Stage what DKMS needs to build the module, and nothing else, in DEST
# (created; must not exist or be empty): Kbuild, VERSION, dkms.conf with
# PACKAGE_VERSION filled in from VERSION, the sources src/*.c src/*.h and
# the build-time probes src/probes/*.c (no objects a local build may have
# left). Prints the version.
# Used by make dkms-install, make deb and the DKMS tests, so every route
# installs the same files.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: dkms-source.sh DEST" >&2; exit 2; }
dest=$1

ver=$("$top/scripts/version.sh")
if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
	echo "dkms-source.sh: $dest exists and is not empty" >&2
	exit 1
fi
mkdir -p "$dest/src/probes"
cp "$top/Kbuild" "$top/VERSION" "$dest/"
cp "$top"/src/*.c "$top"/src/*.h "$dest/src/"
cp "$top"/src/probes/*.c "$dest/src/probes/"
sed "s/#MODULE_VERSION#/$ver/g" "$top/dkms.conf" >"$dest/dkms.conf"
grep -qx "PACKAGE_VERSION=\"$ver\"" "$dest/dkms.conf" || {
	echo "dkms-source.sh: dkms.conf has no PACKAGE_VERSION=\"#MODULE_VERSION#\" line" >&2
	exit 1
}
echo "$ver"
