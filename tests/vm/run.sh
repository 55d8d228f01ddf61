#!/bin/bash
# run.sh KERNELS OUTDIR TEST...
# Boots each kernel of KERNELS (one or several, space-separated: deb612,
# dbg72, a matrix kernel) under QEMU once per guest test, with the topology
# the test names, and judges the run from the serial console: the test's
# own checks, any kernel-trouble line (KERNEL_TROUBLE in lib.sh), taint bits
# other than O/E, and (debug kernel) lockdep having switched itself off.
# All kernels' boots share one pool of CPC_VM_JOBS (default 2) slots,
# longest first (by the time each took when it last passed here), so the
# cores stay busy until the end; a progress line every minute.
# Prints one "PASS|FAIL|SKIP <kernel>/<test> ..." line per test, in kernel
# then test order; appends "SECONDS kernel/test" to OUTDIR/times.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=topology.sh
. "$VM_DIR/topology.sh"
load_kernels_env
kernels=$1 out=$2
shift 2
mkdir -p "$out"
JOBS=${CPC_VM_JOBS:-2}
resolve_accel

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

# The guest images, once per kernel for all its tests. Tests with
# "# mock: cxl_test" boot an image that also holds the kernel's CXL mock
# (debug kernel only: "# kernels: dbg72"). The differential test's module
# is built once for both, and the two images side by side.
images() { # kernel TEST...
	local name=$1 mock=
	shift
	kernel_vars "$name"
	if [ -n "$KERNEL_SRC" ]; then
		bash "$TOP_DIR/tests/xlate/build.sh" "$name" "$out/xlate-$name" >&2 ||
			die "cxl_translate for $name failed"
		export XLATE_KO=$out/xlate-$name/cxl_translate.ko
	fi
	if [ "$name" = dbg72 ] && wants_mock "$@"; then
		bash "$VM_DIR/initramfs.sh" "$name" "$out/initramfs-$name-mock.cpio.gz" \
			"$out/dkms-$name" mock &
		mock=$!
	fi
	bash "$VM_DIR/initramfs.sh" "$name" "$out/initramfs-$name.cpio.gz" "$out/dkms-$name" ||
		die "initramfs for $name failed"
	[ -z "$mock" ] || wait "$mock" || die "cxl_test initramfs for $name failed"
}
log "building the guest images for $kernels (about 20 s)"
pids=()
for name in $kernels; do
	images "$name" "$@" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || exit 1; done

# Tests with "# with: rasdaemon" boot the image with an add-on in front
# (the kernel unpacks one archive after the other): rasdaemon, ras-mc-ctl
# and sqlite3 (rasdaemon_cpio.sh), which the other boots need not unpack.
ras_cpio=$out/rasdaemon.cpio
for t in "$@"; do
	[ "$(header "$t" with)" = rasdaemon ] || continue
	bash "$VM_DIR/rasdaemon_cpio.sh" "$ras_cpio" || die "rasdaemon add-on failed"
	break
done

# qemu TOPOLOGY INITRD LOG TIMEOUT APPEND...: boot $BZIMAGE once.
qemu() {
	local topo=$1 rd=$2 log=$3 tmo=$4
	shift 4
	# shellcheck disable=SC2046 # topology_args prints QEMU arguments, one word each
	timeout "$tmo" qemu-system-x86_64 -M q35,cxl=on -accel "$CPC_ACCEL" \
		-cpu max,la57=off,hypervisor=off -smp "${CPC_VM_SMP:-1}" \
		-m "$(topology_mem "$topo")" $(topology_args "$topo") \
		-kernel "$BZIMAGE" -initrd "$rd" \
		-append "console=ttyS0,115200 panic=-1 no_timer_check hung_task_timeout_secs=30 $*" \
		-display none -no-reboot -serial "file:$log" -monitor none \
		</dev/null >"$log.qemu" 2>&1
}

# cedt_cpio TEST: for a test with "# cedt: xor MAPS", an ACPI table upgrade
# cpio holding QEMU's CEDT for the test's topology with window 0 made XOR
# (tools/cedt.py). QEMU's own table is read once by a guest (cedt_dump)
# and the result cached per topology, maps and QEMU version. Prints its path.
cedt_cpio() {
	local t=$1 spec topo key dir log lock
	spec=$(header "$t" cedt) topo=$(header "$t" topology)
	key=$( { topology_args "$topo"; topology_mem "$topo"; echo "$spec"
		qemu-system-x86_64 --version | head -1; } | sha256sum | cut -c1-12)
	dir=$CACHE/cedt/$key
	mkdir -p "$CACHE/cedt"
	# One writer per table: both kernels' runs of a test may start together.
	exec {lock}>"$dir.lock"
	flock "$lock"
	if [ ! -e "$dir/cedt.cpio" ]; then
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/root/kernel/firmware/acpi"
		log=$dir.tmp/dump.log
		# (600 s: the debug kernel's boot alone took over 120 s on a loaded host)
		qemu "$topo" "$out/initramfs-$name.cpio.gz" "$log" 600 cpc.test=cedt_dump
		sed -n '/^CPC-CEDT-BEGIN/,/^CPC-CEDT-END/p' "$log" | tr -d '\r' |
			grep -v '^CPC-CEDT' >"$dir.tmp/qemu.hex"
		# shellcheck disable=SC2086
		python3 "$VM_DIR/tools/cedt.py" $spec "$dir.tmp/qemu.hex" \
			"$dir.tmp/root/kernel/firmware/acpi/CEDT.aml" >&2 || return 1
		(cd "$dir.tmp/root" && find kernel | cpio -o -H newc --quiet) >"$dir.tmp/cedt.cpio"
		rm -rf "$dir" && mv "$dir.tmp" "$dir"
	fi
	exec {lock}>&-
	echo "$dir/cedt.cpio"
}

boot() { # test log
	local t=$1 log=$2 topo rd=$out/initramfs-$name.cpio.gz cpio tmo
	local CPC_VM_SMP=${CPC_VM_SMP:-$(header "$t" smp)} # "# smp: N" vCPUs; qemu() reads it
	topo=$(header "$t" topology)
	tmo=${CPC_VM_TIMEOUT:-$(header "$t" timeout)}
	[ -n "$(header "$t" mock)" ] && rd=$out/initramfs-$name-mock.cpio.gz
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

# The kernels a test runs on: "# kernels: a b" limits it to those; Debian's
# newest kernel (deb73) runs only the tests that name it.
runs_on() { # test kernel
	local ks
	ks=$(header "$1" kernels)
	if [ -z "$ks" ]; then
		[ "$2" != deb73 ]
	else
		echo " $ks " | grep -q " $2 "
	fi
}

# What a test took when it last passed here (TIMINGS), else a guess from
# its timeout (a tenth: the tests take 1/10 to 1/20 of theirs under TCG
# on 2 cores): orders the pool and estimates what is left.
TIMINGS=$CACHE/timings
estimate() { # kernel test
	local s
	s=$(cat "$TIMINGS/$1/$2" 2>/dev/null) && [ -n "$s" ] && { echo "$s"; return; }
	s=$(header "$2" timeout)
	echo $(((${s:-240}) / 10))
}

run_one() { # kernel test (in a subshell)
	local name=$1 t=$2 log=$out/$1-$2.log t0=$SECONDS s res
	kernel_vars "$name"
	boot "$t" "$log"
	s=$((SECONDS - t0))
	res=$(judge "$t" "$log" $s)
	echo "$res"
	echo "$s $name/$t" >>"$out/times"
	if [[ $res == PASS* ]]; then
		mkdir -p "$TIMINGS/$name" && echo "$s" >"$TIMINGS/$name/$t"
	fi
}

# The pool: every (kernel, test) pair, longest first.
jobs_list=() total_est=0 n_guessed=0
for name in $kernels; do
	for t in "$@"; do
		if runs_on "$t" "$name"; then
			e=$(estimate "$name" "$t")
			[ -s "$TIMINGS/$name/$t" ] || n_guessed=$((n_guessed + 1))
			jobs_list+=("$e $name $t")
			total_est=$((total_est + e))
		else
			ks=$(header "$t" kernels)
			echo "SKIP $name/$t (only on ${ks:-deb612, dbg72 and matrix kernels})" >"$out/$name-$t.result"
		fi
	done
done
n_jobs=${#jobs_list[@]}
[ "$n_jobs" = 0 ] || mapfile -t jobs_list < <(printf '%s\n' "${jobs_list[@]}" | sort -k1,1nr -k2,2 -k3,3)
if [ "$n_guessed" = 0 ]; then
	how="by their last runs here"
else
	how="$n_guessed of them never passed here: guessed from their timeouts"
fi
log "booting $n_jobs guest tests ($kernels) under QEMU ($CPC_ACCEL), $JOBS at a time: about $(((total_est / JOBS + 59) / 60)) minutes ($how)"

declare -A running=() # pid -> "kernel/test start estimate"
done_n=0 left_est=$total_est last_progress=$SECONDS
reap() {
	local pid k t0 e
	for pid in "${!running[@]}"; do
		kill -0 "$pid" 2>/dev/null && continue
		wait "$pid"
		read -r k t0 e <<<"${running[$pid]}"
		unset "running[$pid]"
		done_n=$((done_n + 1))
		log "  $done_n/$n_jobs done: $(grep -Eo -m1 '^(PASS|FAIL) [^ :]*' "$out/${k%%/*}-${k#*/}.result") ($((SECONDS - t0)) s)"
	done
}
progress() {
	local pid k t0 e now=() rest=$left_est
	for pid in "${!running[@]}"; do
		read -r k t0 e <<<"${running[$pid]}"
		now+=("$k $((SECONDS - t0)) s")
		rest=$((rest + (e > SECONDS - t0 ? e - (SECONDS - t0) : 0)))
	done
	log "  VM tests: $done_n/$n_jobs done, running: $(printf '%s, ' "${now[@]}")about $(((rest / JOBS + 59) / 60)) min left"
	last_progress=$SECONDS
}
for j in "${jobs_list[@]}"; do
	read -r e name t <<<"$j"
	while [ ${#running[@]} -ge "$JOBS" ]; do
		sleep 1
		reap
		[ $((SECONDS - last_progress)) -ge 60 ] && progress
	done
	run_one "$name" "$t" >"$out/$name-$t.result" &
	running[$!]="$name/$t $SECONDS $e"
	left_est=$((left_est - e))
done
while [ ${#running[@]} -gt 0 ]; do
	sleep 1
	reap
	[ $((SECONDS - last_progress)) -ge 60 ] && progress
done
for name in $kernels; do
	for t in "$@"; do cat "$out/$name-$t.result"; done
done
