# shellcheck shell=sh
# topology: one
# kernels: dbg72
# timeout: 500
# The online System RAM interlock when the module cannot tell: a region
# whose geometry read failed at bind (failslab, limited by its stacktrace
# filter to cpc_geometry_read(), so only that allocation fails) and whose
# memory is then onlined by kmem. A write by DPA to a line of it is refused
# with EAGAIN and one line naming the region, nothing is poisoned; the
# refusal queued a new read, after which the same write is refused with
# EBUSY (online), and allowed once the memory is offline.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 1 || { bad "CXL stack up"; finish; }
kmem_up || { bad "dax/kmem modules"; finish; }
m=$(memdevs)
check "module loads" load
wait_for 5 test -e "$DBG/$m/inject_poison"

# sym_range NAME: "START END" of a function of the module (END: the next symbol).
sym_range() {
	grep -E ' [tT] .*\[cxl_poison_ctl\]' /proc/kallsyms | sort | awk -v f="$1" '
		found { printf "0x%s\n", $1; exit } $3 == f { printf "0x%s ", $1; found = 1 }'
}
# shellcheck disable=SC2046 # START END
set -- $(sym_range cpc_geometry_read)
check "cpc_geometry_read found in kallsyms ($1 $2)" test -n "$2"
faults 100 "$1" "$2"
r=$(make_region 256 0x10000000 "$m") || { bad "region created"; finish; }
wait_for 10 test -e "$DBG/$r/inject_poison"
faults_off
check "the geometry read at bind failed (no memory)" dmesg_has "$r: cxl_poison_ctl: no memory to read the geometry"

check "dax device of $r bound to kmem" kmem_region "$r"
check "region memory onlined" region_blocks "$r" online online_movable

d=$(($(cat "$CXL/$(ep_decoder "$m")/dpa_resource") + 0x1000))
d=$(printf '%#x' $d)
check "DPA $d of the region, geometry unknown: refused EAGAIN" \
	expect_errno EAGAIN "$DBG/$m/inject_poison" "$d"
check "the refusal names the region" sh -c "dmesg | tail -1 | grep -q \"$r's geometry is not read\""
check "nothing poisoned" test -z "$(poison_list "$m")"
check "the geometry read again: translatable" wait_for 10 grep -qx translatable=yes "$DBG/$r/geometry"
check "DPA $d, online: refused EBUSY" expect_errno EBUSY "$DBG/$m/inject_poison" "$d"
check "nothing poisoned" test -z "$(poison_list "$m")"
check "region memory offlined" region_blocks "$r" offline offline
check "DPA $d, offline: allowed" cpcw "$DBG/$m/inject_poison" "$d"
check "clear_all" cpcw $DBG/clear_all 1
check "nothing left" test -z "$(poison_list "$m")"
check "module unloads" unload
finish
