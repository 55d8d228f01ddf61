# shellcheck shell=sh
# topology: mock
# mock: cxl_test
# kernels: dbg72
# timeout: 900
# The kernel's CXL mock with XOR windows (cxl_test interleave_arithmetic=1):
# they come from a CEDT that only the mock's cxl_acpi reads, so the module
# cannot learn their maps and refuses their regions (EOPNOTSUPP, the
# reason in geometry and in one log line, no command sent), never
# translating them as modulo; the memdev files keep working by DPA. Then
# the control that shows why: declared modulo against the truth, the same
# region's offsets land elsewhere and the kernel's trace says so.
# shellcheck source=../lib.sh
. /tests/lib.sh
# shellcheck disable=SC2317 # called through check
traced_in() { trace_records Inject | grep -q " $1\$"; }
# modulo_caught REGION: the oracle fails on REGION because the kernel's
# trace puts a line elsewhere than the module said, not for another reason
# (every inject succeeded: a failed write ends the oracle before it
# compares).
# shellcheck disable=SC2317 # called through check
modulo_caught() {
	oracle "$1" 24 7501 > /tmp/oracle.out
	cat /tmp/oracle.out
	grep -q '^mismatch: ' /tmp/oracle.out && grep -qx 'inject records wrong' /tmp/oracle.out
}
mock_up interleave_arithmetic=1 || { bad "cxl_test up"; finish; }
root=
for d in "$CXL"/decoder0.*; do
	[ "$(cat "$d/interleave_ways")" = 2 ] && [ "$(cat "$d/cap_pmem")" = 1 ] && root=${d##*/}
done
check "a 2-way XOR pmem window (root decoder) found: $root" test -n "$root"
a=$(memdevs_under "$root" | head -1)
b=$(memdevs_under "$root" | tail -1)
r=$(REGION_MODE=pmem ROOT_DECODER=$root make_region 256 0x10000000 "$a" "$b") ||
	{ bad "2-way pmem region under $root"; finish; }
check "module loads (no window declared)" load
check "$r/ appears" wait_for 5 test -e "$DBG/$r/inject_poison"
check "$r geometry matches sysfs" geometry_matches "$r"
check "$r refused: its window is in no CEDT the module can read" \
	grep -q "^translatable=no reason=root decoder .* matches no CFMWS of the ACPI CEDT, nor a declared modulo window" "$DBG/$r/geometry"
trace_on
check "inject by offset: EOPNOTSUPP, one log line" expect_errno EOPNOTSUPP "$DBG/$r/inject_poison" 0x100
check "clear by offset: EOPNOTSUPP, one log line" expect_errno EOPNOTSUPP "$DBG/$r/clear_poison" 0x100
check "translate: EOPNOTSUPP, one log line" expect_errno EOPNOTSUPP "$DBG/$r/translate" 0x100
check "nothing sent to a device" test -z "$(trace_records Inject; trace_records Clear)"
dpa=$(cat "$CXL/$(ep_decoder "$a")/dpa_resource")
check "$a by DPA still works: inject" w "$dpa" "$DBG/$a/inject_poison"
check "the kernel's trace puts it in $r" traced_in "$r"
check "$a by DPA: clear" w "$dpa" "$DBG/$a/clear_poison"
check "module unloads" unload

check "modulo_windows that does not parse: the load fails" not modprobe cxl_poison_ctl modulo_windows=0x10000000
check "... with one line that says why" \
	dmesg_has "cxl_poison_ctl: modulo_windows: '0x10000000': expected START:SIZE: -EINVAL"

# The control: declare the XOR window modulo, which it is not.
win=$(cat "$CXL/$root/start"):$(cat "$CXL/$root/size")
check "module loads with $root declared modulo (wrongly)" modprobe cxl_poison_ctl "modulo_windows=$win"
check "$r now says arithmetic=modulo" decode_is "$r" arithmetic=modulo translatable=yes
mock_max 16
ORACLE_BATCH=8 ORACLE_NO_LIST=1
check "the kernel's trace catches the modulo guess on XOR" modulo_caught "$r"
w 1 "$DBG/clear_all"
check "module unloads" unload
finish
