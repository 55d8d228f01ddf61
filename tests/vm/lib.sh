# shellcheck shell=bash
# shellcheck disable=SC2034 # settings used by the sourcing scripts
# Shared settings of every host-side runner (tests/*.sh, tests/vm,
# tests/matrix). Sourced, never run.
#
# CACHE: where downloaded kernels, the debug kernel build, the unpacked
# headers, private apt lists and the matrix chroots live (outside the
# repository, survives clean clones): $CXLPC_CACHE, default
# ${XDG_CACHE_HOME:-~/.cache}/cxl_poison_ctl.

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$VM_DIR/../.." && pwd)
CACHE=${CXLPC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cxl_poison_ctl}
KERNELS_ENV=$CACHE/kernels.env

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt over a shared mirror fails now and then: try three times.
retry() {
	local i
	for i in 1 2 3; do
		"$@" && return 0
		log "retrying ($i): $*"
		sleep $((i * 5))
	done
	return 1
}

# Debian's archive, and the keyring that checks it.
MIRROR=http://deb.debian.org/debian
SECURITY_MIRROR=http://deb.debian.org/debian-security
HOST_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# A kernel-trouble line on a guest's serial console fails its test
# (run.sh); make baseline reports them. LOCKDEP_TROUBLE is the lockdep part.
LOCKDEP_TROUBLE='possible circular locking dependency|possible recursive locking|inconsistent lock state'
KERNEL_TROUBLE="BUG:|WARNING:|INFO: task .* blocked for more than|general protection fault|Oops|Kernel panic|UBSAN:|KASAN:|$LOCKDEP_TROUBLE|sleeping function called from invalid context|suspicious RCU usage|Call Trace:"

# apt-get and apt-cache as used to fetch packages (unpack_debs): the
# host's configuration (host_apt) or a private one (private_apt).
host_apt() {
	APT_OPTS=(-o APT::Sandbox::User=root)
	APT_GET=(apt-get "${APT_OPTS[@]}")
	APT_CACHE=(apt-cache "${APT_OPTS[@]}")
}
host_apt

# private_apt DIR SOURCE-LINE...: a private apt configuration in DIR (its
# own sources.list with these lines, lists and cache; the host's sources
# are never read or touched), refreshed when its lists are a day old or
# were fetched for other lines. Sets APT_OPTS, APT_GET and APT_CACHE to
# use it.
private_apt() {
	local dir=$1
	shift
	if ! printf '%s\n' "$@" | cmp -s - "$dir/sources.list"; then
		rm -rf "$dir/lists"
		mkdir -p "$dir"
		printf '%s\n' "$@" >"$dir/sources.list"
	fi
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	APT_OPTS=(-o APT::Sandbox::User=root -o Dir::Etc::SourceList="$dir/sources.list"
		-o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$dir/lists"
		-o Dir::Cache="$dir/cache")
	APT_GET=(apt-get "${APT_OPTS[@]}")
	APT_CACHE=(apt-cache "${APT_OPTS[@]}")
	if [ -z "$(find "$dir/lists" -name '*_Packages*' -mmin -1440 2>/dev/null)" ]; then
		log "apt-get update (private lists in $dir)"
		retry "${APT_GET[@]}" update -qq
	fi
}

# deb_line SUITE [ARCHIVE]: a sources.list line for SUITE's main, checked
# with the host's keyring (ARCHIVE defaults to $MIRROR).
deb_line() {
	echo "deb [signed-by=$HOST_KEYRING] ${2:-$MIRROR} $1 main"
}

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
#   DBG_CXL_TEST              its cxl_test (CXL mock) modules
#   CXL_CLI_ROOT              sid's cxl (ndctl) with its libraries
#   RASDAEMON_ROOT            bookworm-backports' rasdaemon, perl, sqlite3, libraries
#   KSRC72                    unpacked linux-source-7.2 (checkpatch)
#   DEB73_KVER  DEB73_ROOT    Debian's newest kernel (trixie-backports, 7.x):
#                             image + headers unpacked under ROOT
#   DEB73_KDIR                a tree to build its modules with the host's gcc
#   KSRC73                    its unpacked linux-source (same version)
#   DEB612T_KVER DEB612T_KDIR trixie's 6.12: a tree to build its modules
#                             with the host's gcc (make lint)
#   SPARSE                    sid's sparse, through a wrapper (make lint)
load_kernels_env() {
	[ -r "$KERNELS_ENV" ] || die "no $KERNELS_ENV: run 'make deps' first"
	# shellcheck source=/dev/null
	. "$KERNELS_ENV"
}

# Kernel build tree (headers) and guest parts (KVER, KDIR, BZIMAGE,
# MODROOT), and the kernel's own source where the rig has it (KERNEL_SRC,
# else empty: the differential test's module, tests/xlate), for a kernel name: deb612, deb73, dbg72, deb61 (headers only)
# or a matrix kernel.
kernel_vars() {
	KERNEL_SRC=
	case $1 in
	deb612)
		KVER=$DEB612_KVER
		KDIR=$DEB612_ROOT/usr/src/linux-headers-$DEB612_KVER
		BZIMAGE=$DEB612_ROOT/boot/vmlinuz-$DEB612_KVER
		MODROOT=$DEB612_ROOT
		;;
	deb73)
		KVER=$DEB73_KVER
		KDIR=$DEB73_KDIR
		BZIMAGE=$DEB73_ROOT/boot/vmlinuz-$DEB73_KVER
		MODROOT=$DEB73_ROOT
		KERNEL_SRC=$KSRC73
		;;
	dbg72)
		KVER=$DBG_KVER
		KDIR=$DBG_BUILD
		BZIMAGE=$DBG_BUILD/arch/x86/boot/bzImage
		MODROOT=$DBG_MODS
		KERNEL_SRC=$KSRC72
		;;
	deb61) # headers only: the refusal path
		# shellcheck disable=SC2153 # set by kernels.env, as DEB612_KVER
		KVER=$DEB61_KVER
		KDIR=$DEB61_ROOT/usr/src/linux-headers-$DEB61_KVER
		BZIMAGE=
		MODROOT=$DEB61_ROOT
		;;
	*)
		# A matrix kernel (tests/matrix): its settings, and the module
		# DKMS built for it in its release's chroot.
		[ -r "$CACHE/matrix/$1.env" ] || die "unknown kernel '$1' (deb612, deb73, dbg72, deb61, or a matrix kernel)"
		# shellcheck source=/dev/null
		. "$CACHE/matrix/$1.env"
		;;
	esac
	# (deps.sh demo fetches the 6.12 kernel only)
	[ -n "$KVER" ] || die "kernel '$1' is not fetched or built yet: run 'make deps'"
}

# QEMU's accelerator, in CPC_ACCEL (exported: decided and printed once per
# run). CPC_ACCEL=tcg or kvm forces it. Otherwise KVM where /dev/kvm is
# usable by this user and a short boot of the Debian 6.12 kernel under it
# (the CPU model the tests use) reaches a shell; TCG where not (no /dev/kvm,
# or a nested KVM on which that kernel dies early: "KVM internal error").
# The probe's verdict is cached per QEMU, host kernel and guest kernel.
# CI exercises TCG.
resolve_accel() {
	local why key f
	case ${CPC_ACCEL:-auto} in
	tcg | kvm) [ -n "${CPC_ACCEL_SAID:-}" ] || log "QEMU accelerator: $CPC_ACCEL (CPC_ACCEL)" ;;
	auto)
		if [ ! -e /dev/kvm ]; then
			CPC_ACCEL=tcg why="no /dev/kvm"
		elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
			CPC_ACCEL=tcg why="/dev/kvm not usable by $(id -un)"
		elif [ -z "${DEB612_KVER:-}" ]; then
			CPC_ACCEL=tcg why="no kernel to probe KVM with yet"
		else
			key=$( { qemu-system-x86_64 --version | head -1; uname -r; echo "$DEB612_KVER"; } |
				sha256sum | cut -c1-12)
			f=$CACHE/accel-$key
			[ -s "$f" ] || kvm_probe >"$f"
			CPC_ACCEL=$(cut -d' ' -f1 "$f") why=$(cut -d' ' -f2- "$f")
		fi
		log "QEMU accelerator: $CPC_ACCEL ($why; CPC_ACCEL=tcg|kvm forces one)"
		;;
	*) die "CPC_ACCEL='$CPC_ACCEL': tcg, kvm or unset" ;;
	esac
	CPC_ACCEL_SAID=1
	export CPC_ACCEL CPC_ACCEL_SAID
}

# kvm_probe: boot the 6.12 kernel under KVM into a one-line busybox init
# (a few seconds where KVM works; 60 s at most); prints "kvm <why>" or
# "tcg <why>".
kvm_probe() {
	local d rc=0
	d=$(mktemp -d)
	mkdir -p "$d/root/bin"
	cp /bin/busybox "$d/root/bin/"
	printf '#!/bin/busybox sh\n/bin/busybox echo CPC-KVM-OK\n/bin/busybox poweroff -f\n' >"$d/root/init"
	chmod +x "$d/root/init"
	(cd "$d/root" && find . | cpio -o -H newc --quiet) >"$d/rd.cpio"
	log "probing KVM: a short boot of $DEB612_KVER under it (a few seconds, 60 at most)"
	timeout 60 qemu-system-x86_64 -M q35 -accel kvm -cpu max,la57=off,hypervisor=off \
		-m 512M -kernel "$DEB612_ROOT/boot/vmlinuz-$DEB612_KVER" -initrd "$d/rd.cpio" \
		-append "console=ttyS0,115200 panic=-1" -display none -no-reboot \
		-serial "file:$d/serial" -monitor none </dev/null >"$d/qemu.log" 2>&1 || rc=$?
	if grep -aq CPC-KVM-OK "$d/serial"; then
		echo "kvm /dev/kvm usable and $DEB612_KVER boots under it"
	else
		echo "tcg KVM probe failed (rc=$rc): $(grep -am1 -iE 'error|fail' "$d/qemu.log" || echo "no shell within 60 s")"
	fi
	rm -rf "$d"
}

# run_progress LABEL LOG NOTE COMMAND...: run COMMAND, its output in LOG,
# and every 30 s log "LABEL: N s, <note>", the note printed by the function
# NOTE given LOG (last_line: the log's last line). Returns COMMAND's status.
run_progress() {
	local label=$1 out=$2 note=$3 t0=$SECONDS next=$((SECONDS + 30)) pid
	shift 3
	"$@" >"$out" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 1
		if [ $SECONDS -ge $next ] && kill -0 $pid 2>/dev/null; then
			log "  $label: $((SECONDS - t0)) s, $("$note" "$out")"
			next=$((next + 30))
		fi
	done
	wait $pid
}
last_line() { tail -n1 "$1" | cut -c1-100; }

# quiet_root_apt ROOT: apt in the Debian root ROOT installs without
# recommends, suggests or translations and without a pty, and no package's
# maintainer script starts a service there (policy-rc.d).
quiet_root_apt() {
	cat >"$1/etc/apt/apt.conf.d/90cxlpc" <<-'EOF'
		APT::Install-Recommends "false";
		APT::Install-Suggests "false";
		Acquire::Languages "none";
		Dpkg::Use-Pty "false";
	EOF
	printf '#!/bin/sh\nexit 101\n' >"$1/usr/sbin/policy-rc.d"
	chmod 755 "$1/usr/sbin/policy-rc.d"
}
