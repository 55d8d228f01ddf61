# shellcheck shell=sh
# topology: one
# timeout: 400
# Online System RAM interlock: a region onlined by kmem is refused (EBUSY,
# naming allow_online) by region offset and by DPA, for inject and clear;
# allowed with allow_online=1; allowed again by default once offline.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 1 || { bad "CXL stack up"; finish; }
kmem_up || { bad "dax/kmem modules"; finish; }
m=$(memdevs)
r=$(make_region 256 0x10000000 "$m") || { bad "region created"; finish; }
check "dax device of $r bound to kmem" kmem_region "$r"
check "region memory onlined" region_blocks "$r" online online_movable
grep -q "System RAM (kmem)" /proc/iomem && ok "iomem shows System RAM (kmem)"

check "module loads" load
wait_for 5 test -e "$DBG/$r/inject_poison"
x=$(translate "$r" 0x1000)
d=$(kv dpa "$x")
check "online: region inject refused EBUSY" expect_errno EBUSY "$DBG/$r/inject_poison" 0x1000
check "online: region clear refused EBUSY" expect_errno EBUSY "$DBG/$r/clear_poison" 0x1000
check "online: memdev inject at the mapped DPA $d refused EBUSY" expect_errno EBUSY "$DBG/$m/inject_poison" "$d"
check "online: range touching online memory refused EBUSY" expect_errno EBUSY "$DBG/$m/inject_poison" "$d 0x100"
check "the refusal names allow_online" sh -c "dmesg | tail -1 | grep -q allow_online"
check "nothing poisoned" test -z "$(poison_list "$m")"

echo 1 > /sys/module/cxl_poison_ctl/parameters/allow_online
check "allow_online=1: region inject allowed" cpcw "$DBG/$r/inject_poison" 0x1000
check "allow_online=1: line poisoned" in_poison_list "$m" "$d"
check "allow_online=1: clear allowed" cpcw "$DBG/$r/clear_poison" 0x1000
echo 0 > /sys/module/cxl_poison_ctl/parameters/allow_online

check "region memory offlined" region_blocks "$r" offline offline
check "offline: region inject allowed by default" cpcw "$DBG/$r/inject_poison" 0x1000
check "offline: memdev inject allowed by default" cpcw "$DBG/$m/inject_poison" "$d 0x80"
check "offline: lines poisoned" in_poison_list "$m" "$d"
check "clear_all" cpcw $DBG/clear_all 1
check "nothing left" test -z "$(poison_list "$m")"
check "module unloads" unload
finish
