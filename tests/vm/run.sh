#!/bin/bash
# run.sh KERNEL OUTDIR TEST...
# Boots KERNEL (deb612, dbg72, a matrix kernel) under QEMU TCG once per
# guest test, with the topology the test names, and judges the run from the
# serial console: the test's own checks, any kernel-trouble line
# (KERNEL_TROUBLE in lib.sh), taint bits other than O/E, and (debug kernel)
# lockdep having switched itself off.
# Prints one "PASS|FAIL <kernel>/<test> ..." line per test.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=topology.sh
. "$VM_DIR/topology.sh"
load_kernels_env
name=$1 out=$2
shift 2
kernel_vars "$name"
mkdir -p "$out"
JOBS=${CPC_VM_JOBS:-2}

# Taint bits allowed: O (12, out-of-tree) and E (13, unsigned).
ALLOWED_TAINT=$(((1 << 12) | (1 << 13)))

# header TEST KEY: the value of "# KEY: value" in a guest test.
header() { sed -n "s/^# $2: *//p" "$VM_DIR/guest/tests/$1.sh"; }

# wants_mock TEST...: one of the tests boots the kernel's CXL mock.
wants_mock() {
	local t
	for t in "$@"; do [ -n "$(header "$t" mock)" ] && return 0; done
	return 1
}

initrd=$out/initramfs-$name.cpio.gz
bash "$VM_DIR/initramfs.sh" "$name" "$initrd" "$out/dkms-$name" ||
	die "initramfs for $name failed"
# Tests with "# mock: cxl_test" boot an image that also holds the kernel's
# CXL mock (debug kernel only: "# kernels: dbg72").
mock_initrd=$out/initramfs-$name-mock.cpio.gz
if [ "$name" = dbg72 ] && wants_mock "$@"; then
	bash "$VM_DIR/initramfs.sh" "$name" "$mock_initrd" "$out/dkms-$name" mock ||
		die "cxl_test initramfs for $name failed"
fi

# Tests with "# with: rasdaemon" boot the image with an add-on in front
# (the kernel unpacks one archive after the other): rasdaemon, ras-mc-ctl
# and sqlite3 (rasdaemon_cpio.sh), which the other boots need not unpack.
ras_cpio=$out/rasdaemon-$name.cpio
for t in "$@"; do
	[ "$(header "$t" with)" = rasdaemon ] || continue
	bash "$VM_DIR/rasdaemon_cpio.sh" "$ras_cpio" || die "rasdaemon add-on failed"
	break
done

# qemu TOPOLOGY INITRD LOG TIMEOUT APPEND...: boot once under TCG.
qemu() {
	local topo=$1 rd=$2 log=$3 tmo=$4
	shift 4
	# shellcheck disable=SC2046 # topology_args prints QEMU arguments, one word each
	timeout "$tmo" qemu-system-x86_64 -M q35,cxl=on -accel tcg \
		-cpu max,la57=off,hypervisor=off -smp "${CPC_VM_SMP:-1}" \
		-m "$(topology_mem "$topo")" $(topology_args "$topo") \
		-kernel "$BZIMAGE" -initrd "$rd" \
		-append "console=ttyS0,115200 panic=-1 hung_task_timeout_secs=30 $*" \
		-display none -no-reboot -serial "file:$log" -monitor none \
		</dev/null >"$log.qemu" 2>&1
}

# cedt_cpio TEST: for a test with "# cedt: xor MAPS", an ACPI table upgrade
# cpio holding QEMU's CEDT for the test's topology with window 0 made XOR
# (tools/cedt.py). QEMU's own table is read once by a guest (cedt_dump)
# and the result cached per topology, maps and QEMU version. Prints its path.
cedt_cpio() {
	local t=$1 spec topo key dir log
	spec=$(header "$t" cedt) topo=$(header "$t" topology)
	key=$( { topology_args "$topo"; topology_mem "$topo"; echo "$spec"
		qemu-system-x86_64 --version | head -1; } | sha256sum | cut -c1-12)
	dir=$CACHE/cedt/$key
	if [ ! -e "$dir/cedt.cpio" ]; then
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/root/kernel/firmware/acpi"
		log=$dir.tmp/dump.log
		qemu "$topo" "$initrd" "$log" 120 cpc.test=cedt_dump
		sed -n '/^CPC-CEDT-BEGIN/,/^CPC-CEDT-END/p' "$log" | tr -d '\r' |
			grep -v '^CPC-CEDT' >"$dir.tmp/qemu.hex"
		# shellcheck disable=SC2086
		python3 "$VM_DIR/tools/cedt.py" $spec "$dir.tmp/qemu.hex" \
			"$dir.tmp/root/kernel/firmware/acpi/CEDT.aml" >&2 || return 1
		(cd "$dir.tmp/root" && find kernel | cpio -o -H newc --quiet) >"$dir.tmp/cedt.cpio"
		rm -rf "$dir" && mv "$dir.tmp" "$dir"
	fi
	echo "$dir/cedt.cpio"
}

boot() { # test log
	local t=$1 log=$2 topo rd=$initrd cpio tmo
	local CPC_VM_SMP=${CPC_VM_SMP:-$(header "$t" smp)} # "# smp: N" vCPUs; qemu() reads it
	topo=$(header "$t" topology)
	tmo=${CPC_VM_TIMEOUT:-$(header "$t" timeout)}
	[ -n "$(header "$t" mock)" ] && rd=$mock_initrd
	if [ "$(header "$t" with)" = rasdaemon ]; then
		cat "$ras_cpio" "$rd" >"$out/initrd-$name-$t-rasdaemon"
		rd=$out/initrd-$name-$t-rasdaemon
	fi
	if [ -n "$(header "$t" cedt)" ]; then
		cpio=$(cedt_cpio "$t") || { echo "CEDT rewrite failed" >"$log"; return 1; }
		cat "$cpio" "$rd" >"$out/initrd-$name-$t"
		rd=$out/initrd-$name-$t
	fi
	qemu "${topo:-one}" "$rd" "$log" "${tmo:-240}" \
		"cpc.test=$t cpc.stress=${CPC_STRESS_SECONDS:-90} $(header "$t" cmdline)"
}

judge() { # test log seconds
	local t=$1 log=$2 s=$3 why=() rc tainted dl
	grep -a 'CPC-CHECK FAIL' "$log" | sed 's/^/    /'
	rc=$(sed -n "s/^CPC-RESULT $t rc=\([0-9]*\).*/\1/p" "$log" | tr -d '\r')
	[ "$rc" = 0 ] || why+=("test rc=${rc:-none}")
	grep -aq '^CPC-DONE' "$log" || why+=("no CPC-DONE (timeout or crash)")
	if grep -aEq "$KERNEL_TROUBLE" "$log"; then
		why+=("kernel trouble")
		grep -aE "$KERNEL_TROUBLE" "$log" | head -5 | sed 's/^/    /'
	fi
	tainted=$(sed -n 's/^CPC-KERNEL tainted=\([0-9]*\).*/\1/p' "$log" | tr -d '\r')
	dl=$(sed -n 's/^CPC-KERNEL .*debug_locks=\([0-9a-z]*\).*/\1/p' "$log" | tr -d '\r')
	if [ -n "$tainted" ] && [ $((tainted & ~ALLOWED_TAINT)) -ne 0 ]; then
		why+=("taint $tainted")
	fi
	[ "$name" = dbg72 ] && [ "$dl" != 1 ] && why+=("debug_locks=${dl:-?}")
	local n
	n=$(grep -ac 'CPC-CHECK ok' "$log")
	if [ ${#why[@]} -eq 0 ]; then
		echo "PASS $name/$t ($n checks, ${s}s)"
	else
		echo "FAIL $name/$t: ${why[*]} (log: $log)"
	fi
}

run_one() {
	local t=$1 log=$out/$name-$1.log t0=$SECONDS ks
	# "# kernels: a b" limits a test to those kernels.
	ks=$(header "$t" kernels)
	if [ -n "$ks" ] && ! echo " $ks " | grep -q " $name "; then
		echo "SKIP $name/$t (only on $ks)"
		return
	fi
	boot "$t" "$log"
	judge "$t" "$log" $((SECONDS - t0))
}

# Boots in parallel (TCG, one vCPU each unless the test says "# smp: N"); results in test order.
pids=()
for t in "$@"; do
	run_one "$t" >"$out/$name-$t.result" &
	pids+=($!)
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
done
wait
for t in "$@"; do cat "$out/$name-$t.result"; done
