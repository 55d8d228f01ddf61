# shellcheck shell=bash
# Shared helpers for the Debian release chroots (chroot.sh, chroot-dkms.sh).
# Sourced, never run.
# shellcheck disable=SC2034 # settings used by the sourcing scripts
#
# Chroots live under $CACHE/chroots (tests/vm/lib.sh), outside the
# repository: RELEASE, the base of a release (debootstrap, its dkms, make,
# gcc, kmod), and RELEASE-KVER, a copy of it with one kernel's headers
# installed (from RELEASE or a suite on top of it, trixie-backports), one
# per kernel the matrix found.

MATRIX_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Shared settings (TOP_DIR, CACHE, MIRROR, log, die, private_apt): one home.
# shellcheck source=../vm/lib.sh
. "$MATRIX_DIR/../vm/lib.sh"
CHROOTS=$CACHE/chroots
RELEASES="trixie sid"

# Seconds since the epoch with milliseconds, for timings.
now() { date +%s.%3N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

check_release() {
	case " $RELEASES " in
	*" $1 "*) ;;
	*) die "unknown release '$1' (one of: $RELEASES)" ;;
	esac
}

# chroot_vars RELEASE [KVER]: set BASE (the release's base chroot), ROOT
# (the kernel's, or the base without KVER) and LOCK (ROOT's).
chroot_vars() {
	check_release "$1"
	RELEASE=$1
	BASE=$CHROOTS/$RELEASE
	ROOT=$BASE${2:+-$2}
	LOCK=$ROOT.lock
}

# Hold an exclusive lock on the release's chroot for the rest of the script
# (fd 9), so two runs never debootstrap or dkms into the same tree at once.
take_lock() {
	mkdir -p "$CHROOTS"
	exec 9>"$LOCK"
	flock -w 1800 9 || die "timed out waiting for $LOCK"
}

# /proc (and /dev, when debootstrap could not create device nodes) are
# mounted only around each command run in the chroot; umount_chroot is also
# the EXIT trap of both scripts.
CHROOT_MOUNTS=()
mount_chroot() {
	mount -t proc proc "$ROOT/proc"
	CHROOT_MOUNTS=("$ROOT/proc")
	if [ ! -c "$ROOT/dev/null" ]; then
		mount --bind /dev "$ROOT/dev"
		CHROOT_MOUNTS+=("$ROOT/dev")
	fi
}

umount_chroot() {
	local i m
	for ((i = ${#CHROOT_MOUNTS[@]} - 1; i >= 0; i--)); do
		m=${CHROOT_MOUNTS[i]}
		mountpoint -q "$m" && { umount "$m" || umount -l "$m"; }
	done
	CHROOT_MOUNTS=()
	# Anything else left mounted under the chroot (e.g. by an interrupted
	# debootstrap) goes too, deepest first.
	[ -n "${ROOT:-}" ] || return 0
	awk -v r="$ROOT/" 'index($2 "/", r) == 1 { print $2 }' /proc/mounts |
		sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
}

# Run a command inside the chroot with a clean environment. INITRD=No:
# linux-headers-KVER Depends on linux-image-KVER, whose postinst would
# otherwise build an initramfs that nobody boots.
in_chroot() {
	local rc=0
	mount_chroot
	env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive INITRD=No \
		chroot "$ROOT" "$@" || rc=$?
	umount_chroot
	return $rc
}

# Read ROOT's .complete (KVER=...) into the environment.
load_complete() {
	[ -r "$ROOT/.complete" ] || die "no $ROOT/.complete: run chroot.sh $RELEASE SUITE KVER"
	# shellcheck source=/dev/null
	. "$ROOT/.complete"
	[ -n "${KVER:-}" ] || die "$ROOT/.complete records no KVER"
}
