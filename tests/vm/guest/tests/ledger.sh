# shellcheck shell=sh
# topology: two
# The ledger across unbind/rebind and unload: entries of a memdev that
# unbinds stay (the poison is in the device) and clear_all clears them once
# it is back; clear_on_unload=0 (default) leaves poison on rmmod,
# clear_on_unload=1 clears it.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 2 || { bad "CXL stack up"; finish; }
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
check "module loads" load
wait_for 5 test -e "$DBG/$1/inject_poison"
check "inject on $1" cpcw "$DBG/$1/inject_poison" "0x1000 0x100"
check "inject on $2" cpcw "$DBG/$2/inject_poison" 0x2000
check "ledger equals the devices" ledger_matches_device "$@"
unbind_memdev "$1"
wait_for 5 not test -e "$DBG/$1"
check "ledger keeps $1's range while it is unbound" grep -q "memdev=$1 " $DBG/injected
check "clear_all with $1 unbound fails (ENODEV)" test "$(cpcw $DBG/clear_all 1)" = ENODEV
check "$2's line was cleared anyway" test -z "$(poison_list "$2")"
check "$1 rebinds" bind_memdev "$1"
wait_for 10 test -e "$DBG/$1/inject_poison"
check "ledger equals the devices after rebind" ledger_matches_device "$@"
check "clear_all" cpcw $DBG/clear_all 1
check "all clear" test -z "$(poison_list "$@")"

check "inject before a default unload" cpcw "$DBG/$1/inject_poison" 0x3000
check "unload (clear_on_unload=0)" unload
check "poison stays after a default unload" in_poison_list "$1" 0x3000
check "load with clear_on_unload=1" modprobe cxl_poison_ctl clear_on_unload=1
wait_for 5 test -e "$DBG/$1/inject_poison"
check "new instance starts with an empty ledger" test -z "$(cat $DBG/injected)"
check "clear the leftover through the module" cpcw "$DBG/$1/clear_poison" 0x3000
check "inject before unload" cpcw "$DBG/$2/inject_poison" "0x4000 0x80"
check "unload (clear_on_unload=1)" unload
check "nothing left after clear_on_unload=1" test -z "$(poison_list "$@")"
finish
