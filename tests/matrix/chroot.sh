#!/bin/bash
# chroot.sh RELEASE [SUITE KVER] [--refresh]
#
# RELEASE (trixie, sid) alone: create (once, cached) the release's base
# chroot, a minimal Debian RELEASE amd64 under $CACHE/chroots/RELEASE
# (tests/vm/lib.sh) with the release's dkms, make, gcc and kmod.
# With SUITE and KVER: a copy of that base, $CACHE/chroots/RELEASE-KVER,
# with linux-headers-KVER installed by apt from SUITE (RELEASE itself, or a
# suite on top of it: trixie-backports' 7.x in a trixie root, with trixie's
# dkms and the gcc those headers name). $ROOT/.complete records what the
# chroot resolved to (KVER=..., DKMS_VERSION, GCC, ...); once it exists a
# rerun only prints it. --refresh redoes the chroot's apt stage (base) or
# the copy (kernel).
#
# Everything comes from Debian's archive: debootstrap from the host's apt,
# the release from deb.debian.org, checked with the host's
# debian-archive-keyring, or, if that keyring is too old for RELEASE, with
# the debian-archive-keyring package of a release it does trust.
# stdout: ROOT=... and the .complete lines; logs go to stderr.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# Packages installed in the base chroot on top of minbase. dkms pulls in
# what it needs to build (its Depends); a kernel's linux-headers-KVER pulls
# its linux-kbuild and the compiler it was built with.
PACKAGES="dkms make gcc kmod"
# Release whose debian-archive-keyring package is fetched when the host's
# keyring cannot verify RELEASE (must itself be verifiable by the host).
KEYRING_SUITE=${CXLPC_KEYRING_SUITE:-trixie}

usage() { die "usage: chroot.sh RELEASE [SUITE KVER] [--refresh]  (RELEASE: $RELEASES)"; }

ensure_debootstrap() {
	command -v debootstrap >/dev/null && return 0
	log "installing debootstrap on the host"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		debootstrap >&2 || {
		apt-get update >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends debootstrap >&2
	}
}

# True if keyring $2 has a valid signature on suite $1's InRelease.
keyring_verifies() {
	local suite=$1 keyring=$2 tmp rc=0
	tmp=$(mktemp -d)
	wget -q -O "$tmp/InRelease" "$MIRROR/dists/$suite/InRelease" ||
		{ rm -rf "$tmp"; die "cannot fetch $MIRROR/dists/$suite/InRelease"; }
	gpgv --status-fd 1 --keyring "$keyring" "$tmp/InRelease" 2>/dev/null |
		grep -q '^\[GNUPG:\] VALIDSIG' || rc=1
	rm -rf "$tmp"
	return $rc
}

# Fetch debian-archive-keyring from $KEYRING_SUITE with a private apt
# configuration (the host's sources stay untouched) and unpack it.
fetch_keyring() {
	local dir=$CHROOTS/.keyring pkgdir
	private_apt "$dir/apt" "$(deb_line "$KEYRING_SUITE")" >&2
	mkdir -p "$dir/deb"
	rm -f "$dir"/deb/*.deb
	(cd "$dir/deb" && "${APT_GET[@]}" -q download debian-archive-keyring >&2)
	pkgdir=$dir/root
	rm -rf "$pkgdir"
	dpkg-deb -x "$dir"/deb/debian-archive-keyring_*.deb "$pkgdir"
	for KEYRING in "$pkgdir"/usr/share/keyrings/debian-archive-keyring.{gpg,pgp}; do
		[ -f "$KEYRING" ] && return 0
	done
	die "no debian-archive-keyring.gpg in $(basename "$dir"/deb/*.deb)"
}

# Set KEYRING to a keyring that verifies RELEASE.
pick_keyring() {
	KEYRING=$HOST_KEYRING
	if [ -z "${CXLPC_FORCE_KEYRING_FETCH:-}" ] && keyring_verifies "$RELEASE" "$KEYRING"; then
		return 0
	fi
	log "$HOST_KEYRING does not verify $RELEASE: fetching debian-archive-keyring from $KEYRING_SUITE"
	fetch_keyring
	keyring_verifies "$RELEASE" "$KEYRING" || die "$KEYRING does not verify $RELEASE either"
	log "using $KEYRING"
}

# Wipe a partial chroot (never across mounts: umount first, one filesystem).
remove_root() {
	umount_chroot
	if grep -q " ${ROOT}[ /]" /proc/mounts; then
		die "something is still mounted under $ROOT"
	fi
	rm -rf --one-file-system "$ROOT"
}

stage_debootstrap() {
	local t
	[ -e "$ROOT/.debootstrap-done" ] && return 0
	if [ -e "$ROOT" ]; then
		log "removing incomplete chroot $ROOT"
		remove_root
	fi
	ensure_debootstrap
	pick_keyring
	log "debootstrap --variant=minbase $RELEASE into $ROOT"
	t=$(now)
	mkdir -p "$ROOT"
	debootstrap --variant=minbase --arch=amd64 --keyring="$KEYRING" \
		"$RELEASE" "$ROOT" "$MIRROR" >"$CHROOTS/$RELEASE.debootstrap.log" 2>&1 || {
		tail -n 20 "$CHROOTS/$RELEASE.debootstrap.log" >&2
		die "debootstrap failed (log: $CHROOTS/$RELEASE.debootstrap.log)"
	}
	elapsed "$t" >"$ROOT/.debootstrap-done"
	log "debootstrap of $RELEASE took $(cat "$ROOT/.debootstrap-done")s"
}

# apt-get update in the chroot. The archive reachable here can lag the
# clock (sid's InRelease past its Valid-Until): then retry without the
# date checks, as the host's own apt configuration does, and say so.
chroot_apt_update() {
	local out
	if out=$(in_chroot apt-get -q update 2>&1); then
		printf '%s\n' "$out" >&2
		return 0
	fi
	printf '%s\n' "$out" >&2
	grep -qE 'is expired|is not valid yet' <<<"$out" || die "apt-get update failed in $RELEASE"
	log "warning: $RELEASE's Release file is out of its validity window: updating with Acquire::Check-Valid-Until=false"
	in_chroot apt-get -q -o Acquire::Check-Valid-Until=false \
		-o Acquire::Check-Date=false update >&2
}

# apt sources, no recommends, no service starts; then the packages.
# shellcheck disable=SC2016 # dpkg-query formats, not shell
stage_packages() {
	local t
	{
		echo "deb $MIRROR $RELEASE main"
		if [ "$RELEASE" != sid ]; then
			# A stable release's kernels are updated in -security.
			echo "deb $MIRROR $RELEASE-updates main"
			echo "deb $SECURITY_MIRROR $RELEASE-security main"
		fi
	} >"$ROOT/etc/apt/sources.list"
	quiet_root_apt "$ROOT"

	log "apt-get install $PACKAGES in $RELEASE"
	t=$(now)
	chroot_apt_update
	in_chroot apt-get -q -y dist-upgrade >&2
	# shellcheck disable=SC2086 # one argument per package
	in_chroot apt-get -q -y install --no-install-recommends $PACKAGES >&2
	in_chroot apt-get clean
	log "packages took $(elapsed "$t")s"

	# Record what the base resolved to (sourceable).
	{
		printf 'RELEASE=%q\n' "$RELEASE"
		printf 'DKMS_VERSION=%q\n' "$(in_chroot dpkg-query -W -f='${Version}' dkms)"
		printf 'BASE_GCC=%q\n' "$(in_chroot gcc --version | head -n1)"
		printf 'DEBOOTSTRAP_SECONDS=%q\n' "$(cat "$ROOT/.debootstrap-done")"
		printf 'CREATED=%q\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$ROOT/.complete.tmp"
	mv "$ROOT/.complete.tmp" "$ROOT/.complete"
}

# The kernel's chroot: a copy of the base, SUITE added to its sources (for
# a suite on top of the release), linux-headers-KVER installed from it.
# shellcheck disable=SC2016 # dpkg-query formats, not shell
stage_kernel() {
	local suite=$1 t cc
	t=$(now)
	[ -e "$ROOT" ] && remove_root
	log "copying the $RELEASE base to $ROOT"
	# (one file system: never what a run of the base has mounted in it)
	cp -a --one-file-system --reflink=auto "$BASE" "$ROOT"
	rm -f "$ROOT/.complete"
	grep -q " $suite main\$" "$ROOT/etc/apt/sources.list" ||
		echo "deb $MIRROR $suite main" >>"$ROOT/etc/apt/sources.list"
	log "apt-get install linux-headers-$KVER from $suite in $RELEASE"
	chroot_apt_update
	in_chroot apt-get -q -y install --no-install-recommends "linux-headers-$KVER" >&2
	in_chroot apt-get clean
	[ -f "$ROOT/usr/src/linux-headers-$KVER/Module.symvers" ] ||
		die "no Module.symvers in /usr/src/linux-headers-$KVER"
	[ -e "$ROOT/lib/modules/$KVER/build/Makefile" ] ||
		die "no /lib/modules/$KVER/build in the chroot"
	# The compiler the headers name (Depends: gcc-NN-for-host), which
	# Debian's kbuild calls, else the release's default gcc.
	cc=$(in_chroot dpkg-query -W -f='${Depends}' "linux-headers-$KVER" |
		grep -o 'gcc-[0-9]*' | head -n1)
	{
		printf 'RELEASE=%q\n' "$RELEASE"
		printf 'SUITE=%q\n' "$suite"
		printf 'KVER=%q\n' "$KVER"
		printf 'HEADERS_VERSION=%q\n' \
			"$(in_chroot dpkg-query -W -f='${Version}' "linux-headers-$KVER")"
		printf 'DKMS_VERSION=%q\n' "$(in_chroot dpkg-query -W -f='${Version}' dkms)"
		printf 'GCC=%q\n' "$(in_chroot "${cc:-gcc}" --version | head -n1)"
		printf 'SETUP_SECONDS=%q\n' "$(elapsed "$t")"
		printf 'CREATED=%q\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$ROOT/.complete.tmp"
	mv "$ROOT/.complete.tmp" "$ROOT/.complete"
}

main() {
	local suite=
	[ $# -ge 1 ] || usage
	case ${*: -1} in --refresh) REFRESH=1 && set -- "${@:1:$#-1}" ;; esac
	case $# in
	1) chroot_vars "$1" ;;
	3) chroot_vars "$1" "$3" && suite=$2 KVER=$3 ;;
	*) usage ;;
	esac
	[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot, mount)"

	if [ -z "${REFRESH:-}" ] && [ -e "$ROOT/.complete" ]; then
		echo "ROOT=$ROOT"
		cat "$ROOT/.complete"
		return 0
	fi
	# A kernel's chroot starts from the base: make (or reuse) it first.
	[ -z "$suite" ] || "$0" "$RELEASE" >/dev/null
	take_lock
	trap umount_chroot EXIT
	trap 'exit 130' INT TERM
	# Another run may have finished it while we waited for the lock.
	if [ -n "${REFRESH:-}" ] || [ ! -e "$ROOT/.complete" ]; then
		rm -f "$ROOT/.complete"
		if [ -n "$suite" ]; then
			stage_kernel "$suite"
		else
			stage_debootstrap
			stage_packages
		fi
		log "$(basename "$ROOT") chroot ready: $ROOT"
	fi
	echo "ROOT=$ROOT"
	cat "$ROOT/.complete"
}

main "$@"
