# shellcheck shell=sh
# topology: two
# smp: 2
# Dirs follow bind, unbind, add and delete of memdevs and a 2-way region.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 2 || { bad "CXL stack up"; finish; }
check "module loads" load
for m in $(memdevs); do
	check "$m/ exists for bound $m" wait_for 5 test -d "$DBG/$m"
done
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
r=$(make_region 256 0x10000000 "$@") || { bad "2-way region created"; finish; }
check "$r/ appears when $r binds" wait_for 5 test -d "$DBG/$r"
check "$r geometry matches sysfs (2-way)" geometry_matches "$r"

m=$1
unbind_memdev "$m"
check "$m/ removed on unbind" wait_for 5 not test -e "$DBG/$m"
check "$r/ removed when unbinding $m tears $r down" wait_for 5 not test -e "$DBG/$r"
check "other memdev $2/ stays" test -d "$DBG/$2"
check "$m rebinds" bind_memdev "$m"
check "$m/ restored on rebind" wait_for 10 test -d "$DBG/$m"

# The torn-down region may linger unbound; delete it, then make a new one.
[ -e "$CXL/$r" ] && delete_region "$r"
check "no $r/ after delete" wait_for 5 not test -e "$DBG/$r"
# $2's decoder stays enabled with its DPA after the teardown: cycle it too.
unbind_memdev "$2"
check "$2 rebinds" bind_memdev "$2"
check "both memdevs bound again" all_bound 2
check "$2/ restored" wait_for 10 test -d "$DBG/$2"
r2=$(make_region 4096 0x10000000 "$@") || { bad "second region created"; finish; }
check "$r2/ appears" wait_for 5 test -d "$DBG/$r2"
check "$r2 geometry matches sysfs (4096 granularity)" geometry_matches "$r2"
delete_region "$r2"
check "deleting $r2 removes $r2/" wait_for 5 not test -e "$DBG/$r2"
check "module unloads" unload
check "debugfs tree gone after unload" not test -e $DBG
finish
