# shellcheck shell=sh
# topology: two
# kernels: dbg72
# timeout: 1200
# A failed rollback (the module's fail_inject and fail_clear fault
# attributes; the debug kernel has CONFIG_FAULT_INJECTION_DEBUG_FS): an
# inject range fails part way, and some of its rollback's Clears fail.
# The write returns ENOTRECOVERABLE, one error line says so even while the
# refusal log is rate-limited, the ledger (injected) lists exactly the
# lines left on the device, and the kernel agrees: its cxl_poison trace
# (Inject minus Clear) and its poison lists hold those lines. By region
# offset on a 2-way region (the failure at position 1, rolled back there
# and at position 0) and by memdev DPA.
# shellcheck source=../lib.sh
. /tests/lib.sh
FI=$DBG/fail_inject FC=$DBG/fail_clear

# fail ATTR SPACE TIMES: the next calls fail from the SPACE-th on (the
# kernel's space counts down while above the size, 1 per call), TIMES of
# them (-1: all).
fail() {
	echo 0 > "$1/verbose" && echo 1 > "$1/interval" && echo "$2" > "$1/space" &&
		echo "$3" > "$1/times" && echo 100 > "$1/probability"
}
fail_off() { echo 0 > "$FI/probability" && echo 0 > "$FC/probability"; }

# flood FILE: more refusals than the module logs per 5 s (100), so that a
# line sent through the refusal path now would be rate-limited away.
flood() {
	local i=0
	while [ $i -lt 120 ]; do
		echo 0x21 > "$1" 2>/dev/null
		i=$((i + 1))
	done
}

# suppressed FILE TAG: a refusal naming TAG is not in the log (the
# limiter is suppressing: so was a refusal line written before it).
# shellcheck disable=SC2317 # called through check
suppressed() {
	echo "$2" > "$1" 2>/dev/null
	not dmesg_has "offset $2 is not 64-byte aligned"
}

# pairs FILE: "memdev dpa" lines of FILE ("memdev dpa hpa region"), sorted.
pairs() {
	local md dpa
	while read -r md dpa _; do
		printf '%s %#x\n' "$md" "$((dpa))"
	done < "$1" | sort
}

# errlines: how many error lines of a failed rollback the log holds.
errlines() { dmesg | grep -c 'could not be rolled back'; }

# left: the lines the kernel's trace says stay poisoned (every Inject less
# every Clear), sorted.
left() {
	trace_records Inject > /tmp/inj
	trace_records Clear > /tmp/clr
	pairs /tmp/inj > /tmp/inj.p
	pairs /tmp/clr > /tmp/clr.p
	grep -vxF -f /tmp/clr.p /tmp/inj.p
}

# judge WHAT EXPECTED: EXPECTED ("memdev dpa" lines) is what the ledger
# lists, what the devices' poison lists hold, and what the trace leaves.
judge() {
	sort "$2" > /tmp/want
	ledger_lines > /tmp/ledger.lines
	left > /tmp/trace.lines
	# shellcheck disable=SC2046 # one argument per memdev
	poison_list $(memdevs) > /tmp/device.lines
	echo "$1: expected $(wc -l < /tmp/want) lines left; ledger $(wc -l < /tmp/ledger.lines), trace $(wc -l < /tmp/trace.lines), devices $(wc -l < /tmp/device.lines)"
	check "$1: the ledger lists exactly the lines left" cmp -s /tmp/want /tmp/ledger.lines
	check "$1: the trace (Inject less Clear) leaves those lines" cmp -s /tmp/want /tmp/trace.lines
	check "$1: the devices' poison lists hold those lines" cmp -s /tmp/want /tmp/device.lines
	diff /tmp/want /tmp/ledger.lines | sed -n 's/^[<>]/    ledger &/p' | head -5
}

# clean: no fault, clear_all, nothing left anywhere.
clean() {
	fail_off
	check "clear_all" cpcw "$DBG/clear_all" 1
	check "ledger empty" test -z "$(cat "$DBG/injected")"
	# shellcheck disable=SC2046 # one argument per memdev
	check "devices hold no poison" test -z "$(poison_list $(memdevs))"
}

cxl_up 2 || { bad "CXL stack up"; finish; }
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
r=$(make_region 256 0x10000000 "$@") || { bad "region created"; finish; }
check "module loads" load
wait_for 5 test -e "$DBG/$r/inject_poison"
check "fault attributes fail_inject and fail_clear" test -d "$FI" -a -d "$FC"

# By region offset: 8 lines from 0x1000, 4 at position 0 then 4 at
# position 1. Injects: 5 pass, the 6th (position 1's second) fails.
# Rollback, position 1 then 0: the first two Clears pass (lines 4 and 0),
# the rest fail: lines 1, 2 and 3 stay.
: > /tmp/expect
for o in 0x1040 0x1080 0x10c0; do
	x=$(translate "$r" $o)
	printf '%s %#x\n' "$(kv memdev "$x")" "$(($(kv dpa "$x")))" >> /tmp/expect
done
trace_on
tries=0 judged=0
while [ $judged = 0 ] && [ $tries -lt 4 ]; do
	tries=$((tries + 1))
	echo > $T/trace
	fail "$FI" 6 1 || bad "fail_inject set"
	fail "$FC" 3 -1 || bad "fail_clear set"
	n=$(errlines)
	flood "$DBG/$r/inject_poison"
	got=$(cpcw "$DBG/$r/inject_poison" "0x1000 512")
	check "region range, try $tries: ENOTRECOVERABLE (got $got)" test "$got" = ENOTRECOVERABLE
	tag=$(printf '%#x' $((0x7000001 + tries * 0x100)))
	suppressed "$DBG/$r/inject_poison" "$tag" && judged=1
	fail_off
	check "region range, try $tries: one error line" test "$(errlines)" = $((n + 1))
	check "region range, try $tries: it says what stays" \
		dmesg_has "inject of 8 lines at offset 0x1000 failed (-EIO) and 3 could not be rolled back"
	judge "region range, try $tries" /tmp/expect
	clean
done
check "a try ran while refusals were being rate-limited ($tries tries)" test $judged = 1

# By memdev DPA: 4 lines from 0x3000 on $1 (one position). Injects: 3
# pass, the 4th fails. Rollback, the position's lines in order: the first
# Clear passes (0x3000), the other two fail: 0x3040 and 0x3080 stay.
printf '%s %#x\n' "$1" $((0x3040)) "$1" $((0x3080)) > /tmp/expect
echo > $T/trace
fail "$FI" 4 1 || bad "fail_inject set"
fail "$FC" 2 -1 || bad "fail_clear set"
n=$(errlines)
got=$(cpcw "$DBG/$1/inject_poison" "0x3000 256")
fail_off
check "dpa range: one error line" test "$(errlines)" = $((n + 1))
check "dpa range: ENOTRECOVERABLE (got $got)" test "$got" = ENOTRECOVERABLE
check "dpa range: the error line is logged" \
	dmesg_has "inject at dpa 0x3000 failed after 0xc0 bytes (-EIO) and 0x80 bytes at dpa 0x3040 could not be rolled back"
judge "dpa range" /tmp/expect
clean

# Without faults, a range goes in and out whole.
check "inject without faults" cpcw "$DBG/$r/inject_poison" "0x1000 512"
check "clear without faults" cpcw "$DBG/$r/clear_poison" "0x1000 512"
check "unload" unload
finish
