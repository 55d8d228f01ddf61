#!/bin/bash
# dkms.sh build   KERNEL TREE            dkms add + build for KERNEL, in private trees under TREE;
#                                        checks the module's modinfo version is VERSION's
# dkms.sh install KERNEL TREE MODULES    dkms install into MODULES/<release>/updates/dkms
# dkms.sh autoinstall KERNEL TREE        what the kernel-package hooks run
# Uses bookworm's dkms with --dkmstree/--sourcetree/--installtree, so the
# host's /var/lib/dkms and /lib/modules are never touched.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
load_kernels_env
cmd=$1 name=$2 tree=$3
kernel_vars "$name"
PKG=cxl_poison_ctl
VER=$("$TOP_DIR/scripts/version.sh")

dk() {
	dkms --dkmstree "$tree/dkms" --sourcetree "$tree/src" \
		--installtree "${installtree:-$tree/install}" "$@"
}

case $cmd in
build)
	rm -rf "$tree"
	mkdir -p "$tree/dkms" "$tree/install"
	"$TOP_DIR/scripts/dkms-source.sh" "$tree/src/$PKG-$VER" >/dev/null
	dk add -m "$PKG" -v "$VER"
	dk build -m "$PKG" -v "$VER" -k "$KVER" --kernelsourcedir "$KDIR"
	ko=$(find "$tree/dkms/$PKG/$VER/$KVER" -name "$PKG.ko*" | head -1)
	[ -n "$ko" ] || die "dkms build left no $PKG.ko* for $KVER"
	got=$(modinfo -F version "$ko")
	[ "$got" = "$VER" ] || die "$ko: modinfo version '$got', VERSION says '$VER'"
	log "dkms build: $(basename "$ko") for $KVER, modinfo version $got"
	;;
install)
	installtree=$4
	# The guest tree is indexed by the caller (depmod -b), not the host.
	dk install -m "$PKG" -v "$VER" -k "$KVER" --kernelsourcedir "$KDIR" --force --no-depmod
	;;
autoinstall)
	# As /etc/kernel/postinst.d/dkms does, minus the host depmod: this
	# kernel's module tree is not installed here (caller runs depmod -b).
	mkdir -p "$tree/install/$KVER"
	dk autoinstall -k "$KVER" --kernelsourcedir "$KDIR" --no-depmod
	;;
*) die "usage: dkms.sh build|install|autoinstall KERNEL TREE [MODULES]" ;;
esac
