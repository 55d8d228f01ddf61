# shellcheck shell=bash
# Shared settings for the VM rig. Sourced, never run.
#
# CXLPC_CACHE: where downloaded kernels, the debug kernel build and the
# unpacked headers live (outside the repository, survives clean clones).

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$VM_DIR/../.." && pwd)
CACHE=${CXLPC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cxl_poison_ctl}
KERNELS_ENV=$CACHE/kernels.env

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt-get as used to download kernel packages; a caller may point it at a
# private apt configuration (matrix: bookworm-backports, trixie, sid).
APT_GET=(apt-get -o APT::Sandbox::User=root)

# Download debs and unpack them into $1 (a fresh root), atomically.
unpack_debs() {
	local root=$1
	shift
	local tmp
	tmp=$(mktemp -d "$CACHE/.dl.XXXXXX")
	(cd "$tmp" && "${APT_GET[@]}" download -qq "$@" >/dev/null)
	mkdir -p "$tmp/root"
	local deb
	for deb in "$tmp"/*.deb; do
		dpkg -x "$deb" "$tmp/root"
	done
	rm -rf "$root"
	mkdir -p "$(dirname "$root")"
	mv "$tmp/root" "$root"
	rm -rf "$tmp"
}

# Point headers' absolute symlinks into our private root.
fix_header_links() {
	local root=$1 kver=$2 l t
	for l in "$root/lib/modules/$kver/build" "$root/lib/modules/$kver/source"; do
		[ -L "$l" ] || continue
		t=$(readlink "$l")
		case $t in /*) ln -sfn "$root$t" "$l" ;; esac
	done
	find "$root/usr/src" -maxdepth 2 -type l | while read -r l; do
		t=$(readlink "$l")
		case $t in /*) ln -sfn "$root$t" "$l" ;; esac
	done
	# Debian's arch headers Makefile includes the -common tree by absolute path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" \
		"$root"/usr/src/linux-headers-*/Makefile
}

# Variables written by deps.sh:
#   DEB612_KVER DEB612_ROOT   Debian 6.12 image + headers unpacked under ROOT
#   DEB61_KVER  DEB61_ROOT    Debian 6.1 headers unpacked under ROOT
#   DBG_KVER    DBG_BUILD DBG_MODS   7.2 debug kernel build tree and modules
#   KSRC72                    unpacked linux-source-7.2 (checkpatch)
load_kernels_env() {
	[ -r "$KERNELS_ENV" ] || die "no $KERNELS_ENV: run 'make deps' first"
	# shellcheck source=/dev/null
	. "$KERNELS_ENV"
}

# Kernel build tree (headers) and guest parts for a kernel name used by the
# runner: "deb612" or "dbg72".
kernel_vars() {
	case $1 in
	deb612)
		KVER=$DEB612_KVER
		KDIR=$DEB612_ROOT/usr/src/linux-headers-$DEB612_KVER
		BZIMAGE=$DEB612_ROOT/boot/vmlinuz-$DEB612_KVER
		MODROOT=$DEB612_ROOT
		;;
	dbg72)
		KVER=$DBG_KVER
		KDIR=$DBG_BUILD
		BZIMAGE=$DBG_BUILD/arch/x86/boot/bzImage
		MODROOT=$DBG_MODS
		;;
	deb61) # headers only: the refusal path
		KVER=$DEB61_KVER
		KDIR=$DEB61_ROOT/usr/src/linux-headers-$DEB61_KVER
		BZIMAGE=
		MODROOT=$DEB61_ROOT
		;;
	*)
		# A matrix kernel (tests/matrix): its settings, and the module
		# DKMS built for it in its release's chroot.
		[ -r "$CACHE/matrix/$1.env" ] || die "unknown kernel '$1' (deb612, dbg72, deb61, or a matrix kernel)"
		# shellcheck source=/dev/null
		. "$CACHE/matrix/$1.env"
		;;
	esac
}
