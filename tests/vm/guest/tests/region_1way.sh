# shellcheck shell=sh
# topology: one
# A 1-way region: dir and geometry.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 1 || { bad "CXL stack up"; finish; }
check "module loads" load
r=$(make_region_all 256 0x10000000) || { bad "1-way region created"; finish; }
check "$r/ appears" wait_for 5 test -d "$DBG/$r"
check "$r geometry matches sysfs (1-way)" geometry_matches "$r"
delete_region "$r"
check "delete removes $r/" wait_for 5 not test -e "$DBG/$r"
check "module unloads" unload
finish
