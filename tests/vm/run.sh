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

initrd=$out/initramfs-$name.cpio.gz
bash "$VM_DIR/initramfs.sh" "$name" "$initrd" "$out/dkms-$name" ||
	die "initramfs for $name failed"

boot() { # test log
	local t=$1 log=$2 topo tmo extra
	topo=$(sed -n 's/^# topology: *//p' "$VM_DIR/guest/tests/$t.sh")
	tmo=$(sed -n 's/^# timeout: *//p' "$VM_DIR/guest/tests/$t.sh")
	extra=$(sed -n 's/^# cmdline: *//p' "$VM_DIR/guest/tests/$t.sh")
	# shellcheck disable=SC2046 # topology_args prints QEMU arguments, one word each
	timeout "${CPC_VM_TIMEOUT:-${tmo:-240}}" qemu-system-x86_64 -M q35,cxl=on -accel tcg \
		-cpu max,la57=off,hypervisor=off -smp "${CPC_VM_SMP:-1}" \
		-m "$(topology_mem "${topo:-one}")" $(topology_args "${topo:-one}") \
		-kernel "$BZIMAGE" -initrd "$initrd" \
		-append "console=ttyS0,115200 panic=-1 hung_task_timeout_secs=30 cpc.test=$t cpc.stress=${CPC_STRESS_SECONDS:-90} $extra" \
		-display none -no-reboot -serial "file:$log" -monitor none \
		</dev/null >"$log.qemu" 2>&1
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
	ks=$(sed -n 's/^# kernels: *//p' "$VM_DIR/guest/tests/$t.sh")
	if [ -n "$ks" ] && ! echo " $ks " | grep -q " $name "; then
		echo "SKIP $name/$t (only on $ks)"
		return
	fi
	boot "$t" "$log"
	judge "$t" "$log" $((SECONDS - t0))
}

# Boots in parallel (TCG, one vCPU each); results in test order.
pids=()
for t in "$@"; do
	run_one "$t" >"$out/$name-$t.result" &
	pids+=($!)
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
done
wait
for t in "$@"; do cat "$out/$name-$t.result"; done
