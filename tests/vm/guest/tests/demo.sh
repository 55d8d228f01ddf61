# shellcheck shell=sh
# topology: two
# make demo: a narrated tour on the Debian 6.12 kernel with two emulated
# CXL Type-3 devices. Also part of make check, so the demo cannot rot.
# shellcheck source=../lib.sh
. /tests/lib.sh
say() { echo "DEMO"; echo "DEMO ==> $*"; }
show() { echo "DEMO \$ $*"; sh -c "$*" 2>&1 | sed 's/^/DEMO   /'; }
say "Loading the kernel's CXL drivers (cxl_acpi, cxl_pci, cxl_mem)"
cxl_up 2 || { bad "CXL stack up"; finish; }
show "ls /sys/bus/cxl/devices/ | tr '\\n' ' '"
say "Creating a 2-way interleaved RAM region through sysfs (256-byte granularity)"
r=$(make_region_all 256 0x10000000) || { bad "region created"; finish; }
show "cat /sys/bus/cxl/devices/$r/resource /sys/bus/cxl/devices/$r/size"
say "Loading the module the way users do: modprobe (DKMS-installed in /lib/modules/\$(uname -r)/updates/dkms)"
show "modinfo -n cxl_poison_ctl"
check "modprobe cxl_poison_ctl" load
wait_for 5 test -e "$DBG/$r/inject_poison"
show "ls $DBG $DBG/$r"
say "The region's geometry, as the module reads it from sysfs"
show "cat $DBG/$r/geometry"
say "Where does region offset 0x1140 land? (translate touches nothing)"
x=$(translate "$r" 0x1140)
echo "DEMO   $x"
m=$(kv memdev "$x") d=$(kv dpa "$x")
say "Injecting poison at region offset 0x1140"
echo 1 > $T/events/cxl/cxl_poison/enable; echo > $T/trace
show "echo 0x1140 > $DBG/$r/inject_poison"
say "The kernel's own cxl_poison trace record (hpa = resource + 0x1140)"
show "grep -o 'memdev=.*' $T/trace | cut -c1-200"
# shellcheck disable=SC2046 # one argument per field: memdev dpa hpa region
set -- $(trace_records Inject)
check "trace: $1 dpa $2 hpa $3 region $4" test "$1" = "$m" -a "$(($2))" = "$((d))" -a "$(($3))" = "$(($(cat "$CXL/$r/resource") + 0x1140))" -a "$4" = "$r"
say "The ledger of what was injected through the module"
show "cat $DBG/injected"
say "The device's poison list (trigger_poison_list)"
check "$m lists dpa $d" in_poison_list "$m" "$d"
poison_list_all | sed 's/^/DEMO   /'
say "Clearing it"
show "echo 0x1140 > $DBG/$r/clear_poison"
check "poison list empty" test -z "$(poison_list_all)"
show "cat $DBG/injected; echo '(ledger empty)'"
say "A refusal: an unaligned offset gets -EINVAL and one log line"
show "echo 0x1141 > $DBG/$r/inject_poison"
show "dmesg | grep cxl_poison_ctl: | tail -1"
check "module unloads" unload
finish
