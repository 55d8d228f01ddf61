#!/bin/bash
# build-deb.sh [OUTDIR]   make deb
#
# Build cxl-poison-ctl-dkms_<VERSION>_all.deb into OUTDIR (default ./out)
# with debhelper and dh-dkms, from a staged copy of exactly what the package
# ships (scripts/dkms-source.sh, README.md and the ABI description) plus
# debian/, in a temporary directory
# under OUTDIR that is removed afterwards: nothing is written to the
# checkout or its parent. debian/changelog is written there from VERSION.
# Prints the path of the .deb.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/out}
SRCPKG=cxl-poison-ctl-dkms

for t in dpkg-buildpackage dh dh_dkms; do
	command -v "$t" >/dev/null ||
		{ echo "build-deb: no $t: apt install debhelper dh-dkms (make deps does)" >&2; exit 1; }
done
ver=$("$top/scripts/version.sh")
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "$out/.deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/$SRCPKG-$ver

"$top/scripts/dkms-source.sh" "$src" >/dev/null
cp -r "$top/debian" "$src/"
# Documentation for /usr/share/doc/cxl-poison-ctl-dkms (debian/docs).
mkdir -p "$src/docs"
cp "$top/README.md" "$src/"
cp "$top/docs/ABI-debugfs-cxl_poison_ctl" "$src/docs/"
maint=$(sed -n 's/^Maintainer: //p' "$top/debian/control")
# The changelog's date is the commit's (reproducible), or now outside git.
when=$(git -C "$top" log -1 --format=%cD 2>/dev/null || date -R)
cat >"$src/debian/changelog" <<-EOC
	$SRCPKG ($ver) unstable; urgency=medium

	  * Version $ver (from VERSION), built by make deb.

	 -- $maint  $when
EOC

if ! (cd "$src" && dpkg-buildpackage -b -us -uc) >"$work/build.log" 2>&1; then
	tail -n 30 "$work/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed" >&2
	exit 1
fi
deb=${SRCPKG}_${ver}_all.deb
mv "$work/$deb" "$out/$deb"
echo "$out/$deb"
