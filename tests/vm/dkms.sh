#!/bin/bash
# dkms.sh build   KERNEL TREE            dkms add + build for KERNEL, in private trees under TREE
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
VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$TOP_DIR/dkms.conf")

dk() {
	dkms --dkmstree "$tree/dkms" --sourcetree "$tree/src" \
		--installtree "${installtree:-$tree/install}" "$@"
}

case $cmd in
build)
	rm -rf "$tree"
	mkdir -p "$tree/dkms" "$tree/src/$PKG-$VER" "$tree/install"
	cp -r "$TOP_DIR/Kbuild" "$TOP_DIR/dkms.conf" "$TOP_DIR/src" "$tree/src/$PKG-$VER/"
	dk add -m "$PKG" -v "$VER"
	dk build -m "$PKG" -v "$VER" -k "$KVER" --kernelsourcedir "$KDIR"
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
