# shellcheck shell=sh
# topology: four
# A 4-way region across two host bridges: geometry, made before the load.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 4 || { bad "CXL stack up"; finish; }
r=$(make_region_all 256 0x10000000) || { bad "4-way region created"; finish; }
check "module loads with $r present" load
check "$r/ found by the initial walk" wait_for 5 test -d "$DBG/$r"
check "$r geometry matches sysfs (4-way, 2 host bridges)" geometry_matches "$r"
for m in $(memdevs); do check "$m/ found by the initial walk" test -d "$DBG/$m"; done
check "module unloads" unload
finish
