# shellcheck shell=sh
# topology: mock
# mock: cxl_test
# kernels: dbg72
# timeout: 900
# The kernel's CXL mock (cxl_test, modulo windows): the region the kernel
# assembled at boot from committed decoders, as on a server whose firmware
# built it. Loaded afterwards, the module finds it in its bus walk; the
# windows come from the mock's own CEDT, which only the mock's cxl_acpi
# reads, so they are declared modulo (modulo_windows), as the mock built
# them. Geometry matches sysfs; the kernel's trace puts 200 random offsets
# and the boundaries at resource + offset, injected by region offset and by
# DPA; the ledger equals the devices' lists, and clear_all empties both.
# shellcheck source=../lib.sh
. /tests/lib.sh
mock_up interleave_arithmetic=0 || { bad "cxl_test up"; finish; }
r=region0
check "$r assembled by the kernel at boot, bound" wait_for 30 test -e "$CXL/$r/driver"
check "module loads (modulo_windows=$(mock_windows))" \
	modprobe cxl_poison_ctl "modulo_windows=$(mock_windows)"
check "$r/ found by the bus walk" test -e "$DBG/$r/inject_poison"
check "$r geometry matches sysfs" geometry_matches "$r"
check "$r decodes by a declared modulo window" grep -qx window=declared "$DBG/$r/geometry"
check "$r: arithmetic=modulo translatable=yes" decode_is "$r" arithmetic=modulo translatable=yes
# shellcheck disable=SC2046 # one argument per memdev
set -- $(geometry_memdevs "$r")
mock_max 64
ORACLE_BATCH=32 ORACLE_NO_LIST=1
check "trace oracle by region offset on $r" oracle "$r" 200 7201
check "trace oracle by DPA on $r" dpa_oracle "$r" 200 7202

# Lines whose DPAs the mock's list reads cover (the first 1/64 of each
# decoder's 256 MiB: DPA below 4 MiB): by region offset and by DPA, then
# clear_all.
trace_on
for off in 0 0x1040 0x3000 0x7fc0 0x100000 0x7fffc0; do
	echo "$off" > "$DBG/$r/inject_poison" || bad "inject $off"
done
for m in "$@"; do echo 0x200000 > "$DBG/$m/inject_poison" || bad "inject $m dpa 0x200000"; done
check "ledger equals the devices' poison lists" ledger_matches_device "$@"
n=$(ledger_lines | wc -l)
echo > $T/trace
check "clear_all" w 1 "$DBG/clear_all"
check "clear_all cleared the $n lines (trace)" test "$(trace_records Clear | wc -l)" = "$n"
check "ledger empty" test -z "$(ledger_lines)"
check "devices' lists empty" test -z "$(poison_list "$@")"
check "module unloads" unload
finish
