#!/bin/bash
# initramfs.sh KERNEL OUT.cpio.gz DKMSTREE [mock]
# Guest image: busybox, kmod, the kernel's CXL/DAX modules, this module as
# DKMS installs it (/lib/modules/<release>/updates/dkms, indexed by depmod),
# sid's cxl (ndctl) and the guest test scripts. With "mock" (debug kernel only), the kernel's
# CXL mock too: cxl_test's modules under updates/cxl_test, where depmod
# prefers them to the in-tree CXL modules they replace.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
load_kernels_env
name=$1 out=$2 dkmstree=$3 mock=${4:-}
kernel_vars "$name"

GUEST_MODS="cxl_acpi cxl_port cxl_pci cxl_mem cxl_pmem dax_cxl device_dax kmem"

# modules.dep for the kernel's own tree (Debian ships none).
if [ ! -e "$MODROOT/lib/modules/$KVER/modules.dep" ]; then
	depmod -b "$MODROOT" "$KVER"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,proc,sys,dev,tmp,run,lib/modules/"$KVER",tests}

# busybox for everything but module tools, which come from kmod.
cp /bin/busybox "$stage/bin/busybox"
for a in $(/bin/busybox --list); do
	case $a in modprobe|insmod|rmmod|lsmod|modinfo|depmod|busybox) continue ;; esac
	ln -s busybox "$stage/bin/$a"
done
cp /usr/bin/kmod "$stage/usr/bin/kmod"
for a in modprobe insmod rmmod lsmod modinfo depmod; do
	ln -s ../usr/bin/kmod "$stage/sbin/$a"
done
for lib in $(ldd /usr/bin/kmod | grep -o '/[^ ]*'); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done

# The kernel's modules the tests need, with their dependencies.
mdir=$MODROOT/lib/modules/$KVER
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -e "$mdir/$f" ] && cp "$mdir/$f" "$stage/lib/modules/$KVER/"
done
# (A module the kernel lacks, e.g. dax_cxl on 6.1, is skipped.)
for mod in $GUEST_MODS; do
	modprobe -d "$MODROOT" -S "$KVER" --show-depends "$mod" 2>/dev/null || true
done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r m; do
	rel=${m#"$mdir"/}
	mkdir -p "$stage/lib/modules/$KVER/$(dirname "$rel")"
	cp "$m" "$stage/lib/modules/$KVER/$rel"
done

# This module, installed by DKMS into the guest's module tree (or, for a
# matrix kernel, as its release's own DKMS installed it in a chroot).
if [ -n "${PREBUILT_KO:-}" ]; then
	mkdir -p "$stage/lib/modules/$KVER/updates/dkms"
	cp "$PREBUILT_KO" "$stage/lib/modules/$KVER/updates/dkms/"
else
	bash "$VM_DIR/dkms.sh" install "$name" "$dkmstree" "$stage/lib/modules" >/dev/null
fi
if [ "$mock" = mock ]; then
	[ -d "${DBG_CXL_TEST:-}" ] || die "no cxl_test build: run 'make deps'"
	mkdir -p "$stage/lib/modules/$KVER/updates/cxl_test"
	cp "$DBG_CXL_TEST"/*.ko "$stage/lib/modules/$KVER/updates/cxl_test/"
fi
depmod -b "$stage" "$KVER"
# The differential test's module (tests/xlate, test "xlate_kernel"), built
# against this kernel from the kernel's own source, where the rig has it;
# outside the module tree: the test loads it with insmod. XLATE_KO: one
# already built for this kernel (run.sh builds it once for both images).
if [ -n "$KERNEL_SRC" ]; then
	ko=${XLATE_KO:-}
	if [ -z "$ko" ]; then
		bash "$TOP_DIR/tests/xlate/build.sh" "$name" "$(dirname "$out")/xlate-$name" >&2
		ko=$(dirname "$out")/xlate-$name/cxl_translate.ko
	fi
	mkdir -p "$stage/opt/xlate"
	cp "$ko" "$stage/opt/xlate/"
fi

# Debian sid's cxl (ndctl), run by sid's own loader on sid's libraries
# (make deps: CXL_CLI_ROOT): the client CXL users read poison with.
[ -x "${CXL_CLI_ROOT:-}/usr/bin/cxl" ] || die "no sid cxl under '${CXL_CLI_ROOT:-}': run 'make deps'"
mkdir -p "$stage/opt/cxl-cli/bin" "$stage/opt/cxl-cli/lib"
cp "$CXL_CLI_ROOT/usr/bin/cxl" "$stage/opt/cxl-cli/bin/"
cp -a "$CXL_CLI_ROOT"/usr/lib/x86_64-linux-gnu/*.so* "$stage/opt/cxl-cli/lib/"
printf '%s\n' '#!/bin/sh' \
	'exec /opt/cxl-cli/lib/ld-linux-x86-64.so.2 --library-path /opt/cxl-cli/lib /opt/cxl-cli/bin/cxl "$@"' \
	>"$stage/usr/bin/cxl"
chmod +x "$stage/usr/bin/cxl"

cp "$VM_DIR/guest/init" "$stage/init"
cp "$VM_DIR/guest/lib.sh" "$VM_DIR"/guest/tests/*.sh "$stage/tests/"
# Static guest helpers, built once per source version for every image.
key=$(cat "$VM_DIR"/guest/src/*.c | sha256sum | cut -c1-12)
bin=$CACHE/guest-bin/$key
if [ ! -d "$bin" ]; then
	tmp=$(mktemp -d "$CACHE/.guest-bin.XXXXXX")
	for c in "$VM_DIR"/guest/src/*.c; do
		gcc -static -O2 -Wall -Werror -pthread -o "$tmp/$(basename "$c" .c)" "$c"
	done
	mkdir -p "$CACHE/guest-bin"
	mv -T "$tmp" "$bin" 2>/dev/null || rm -rf "$tmp" # another image built it first
fi
cp "$bin"/* "$stage/bin/"
chmod +x "$stage/init"

(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
