# shellcheck shell=sh
# topology: one
# Loading before the CXL drivers (notifier) and after them (initial walk).
# shellcheck source=../lib.sh
. /tests/lib.sh
check "module loads before cxl_acpi/cxl_pci" load
check "empty tree before any memdev" test -d $DBG
cxl_up 1 || { bad "CXL stack up"; finish; }
m=$(memdevs)
check "$m/ appears when cxl_mem binds later" wait_for 5 test -d "$DBG/$m"
r=$(make_region 256 0x10000000 "$m") || { bad "region created"; finish; }
check "$r/ appears" wait_for 5 test -d "$DBG/$r"
check "module unloads" unload
check "module loads after the CXL stack" load
check "$m/ present after load" test -d "$DBG/$m"
check "$r/ present after load" test -d "$DBG/$r"
check "$r geometry matches after reload" geometry_matches "$r"
check "module unloads" unload
finish
