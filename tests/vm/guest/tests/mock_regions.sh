# shellcheck shell=sh
# topology: mock
# mock: cxl_test
# kernels: dbg72
# smp: 2
# timeout: 1500
# The kernel's CXL mock (cxl_test, modulo windows), regions made through
# sysfs across its switches: 4-way across the switch ports below one host
# bridge (two root ports, a switch below each), 8-way across two host
# bridges (root, host bridge and switch all interleave). On each the
# kernel's trace puts 200 random offsets and the boundaries at resource +
# offset, by region offset and by DPA. Then the mock's per-device poison
# limit: a range over it is rolled back (EBUSY). Then the lifecycle: a
# memdev unbind tears the region's directory down, bind brings the
# memdev's back, a deleted and recreated region is served again, rmmod
# with a file open.
# shellcheck source=../lib.sh
. /tests/lib.sh
mock_up interleave_arithmetic=0 || { bad "cxl_test up"; finish; }
wait_for 30 test -e "$CXL/region0/driver"
check "module loads" modprobe cxl_poison_ctl "modulo_windows=$(mock_windows)"
# The region the kernel assembled holds devices used below.
check "the boot's region0 deleted" delete_region region0
check "region0/ removed" wait_for 5 not test -e "$DBG/region0"
mock_max 64
ORACLE_BATCH=32 ORACLE_NO_LIST=1

# region_oracles ROOT GRAN WAYS SEED: a WAYS-way region over the memdevs
# below ROOT's host bridges, both oracles, then delete it.
region_oracles() {
	local root="$1" gran="$2" ways="$3" seed="$4" r
	# shellcheck disable=SC2046 # one argument per memdev
	set -- $(memdevs_under "$root")
	check "$ways memdevs below $root" test $# = "$ways"
	r=$(ROOT_DECODER=$root make_region "$gran" 0x10000000 "$@") || { bad "$ways-way region under $root"; finish; }
	check "$r/ appears" wait_for 5 test -e "$DBG/$r/inject_poison"
	check "$r geometry matches sysfs ($ways-way x $gran)" geometry_matches "$r"
	check "$r: declared window, modulo" decode_is "$r" arithmetic=modulo translatable=yes
	check "trace oracle by region offset on $r" oracle "$r" 200 "$seed"
	check "trace oracle by DPA on $r" dpa_oracle "$r" 200 $((seed + 1))
	R=$r
}

region_oracles decoder0.0 256 4 7301
delete_region "$R"
check "$R/ removed on delete" wait_for 5 not test -e "$DBG/$R"
region_oracles decoder0.1 4096 8 7401
r=$R

# Nine lines in one granule: one device, over the mock's limit of 8.
mock_max 8
m=$(translate "$r" 0 | sed -n 's/.*memdev=\([^ ]*\).*/\1/p')
trace_on
check "range of 9 lines on $m over the mock's limit: EBUSY" expect_errno EBUSY "$DBG/$r/inject_poison" "0 576"
check "8 injects traced" test "$(trace_records Inject | wc -l)" = 8
check "and rolled back: 8 clears traced" test "$(trace_records Clear | wc -l)" = 8
check "ledger empty" test -z "$(ledger_lines)"
# shellcheck disable=SC2046 # one argument per memdev
check "devices' lists empty" test -z "$(poison_list $(geometry_memdevs "$r"))"
mock_max 64

m=$(geometry_memdevs "$r" | head -1)
check "unbind $m" unbind_memdev "$m"
check "$m/ removed" wait_for 5 not test -e "$DBG/$m"
check "$r/ removed when unbinding $m tears $r down" wait_for 5 not test -e "$DBG/$r/inject_poison"
check "$m rebinds" bind_memdev "$m"
check "$m/ restored" wait_for 5 test -d "$DBG/$m"
[ -e "$CXL/$r" ] && delete_region "$r"
# shellcheck disable=SC2046 # one argument per memdev
r=$(ROOT_DECODER=decoder0.1 make_region 4096 0x10000000 $(memdevs_under decoder0.1)) ||
	{ bad "8-way region made again"; finish; }
check "$r/ served again" wait_for 5 test -e "$DBG/$r/inject_poison"
check "range oracle on the new $r" range_oracle "$r" 0 0x1000
exec 3< "$DBG/$r/geometry"
if rmmod cxl_poison_ctl 2>/tmp/rmmod.err; then
	check "rmmod with a file open: the stale fd fails" not cat <&3
else
	check "rmmod refused while a file is open" grep -Eqi "in use|temporarily unavailable" /tmp/rmmod.err
fi
exec 3<&-
[ -e /sys/module/cxl_poison_ctl ] && check "module unloads" unload
check "module gone" not test -e /sys/module/cxl_poison_ctl
finish
