# shellcheck shell=sh
# topology: one
# timeout: 400
# Online System RAM interlock: a region onlined by kmem is refused (EBUSY,
# naming allow_online) by region offset and by DPA, for inject and clear;
# allowed with allow_online=1; allowed again by default once offline.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 1 || { bad "CXL stack up"; finish; }
# Online by hand into ZONE_MOVABLE, so the memory can be offlined again.
echo offline > /sys/devices/system/memory/auto_online_blocks
if ! { modprobe dax_cxl && modprobe device_dax && modprobe kmem; }; then
	bad "dax/kmem modules"
	finish
fi
m=$(memdevs)
r=$(make_region 256 0x10000000 "$m") || { bad "region created"; finish; }
check "dax device for $r" wait_for 10 test -n "$(ls /sys/bus/dax/devices/ 2>/dev/null)"
dax=$(find /sys/bus/dax/devices/ -mindepth 1 -maxdepth 1 | sort | head -1)
dax=${dax##*/}
if [ ! -e "/sys/bus/dax/drivers/kmem/$dax" ]; then
	[ -e "/sys/bus/dax/drivers/device_dax/$dax" ] && echo "$dax" > /sys/bus/dax/drivers/device_dax/unbind
	w "$dax" /sys/bus/dax/drivers/kmem/bind
fi
check "$dax bound to kmem" test -e "/sys/bus/dax/drivers/kmem/$dax"
res=$(cat "$CXL/$r/resource") size=$(cat "$CXL/$r/size")
bs=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
# shellcheck disable=SC2317 # called through set_blocks, called through check
blocks() { # the memory blocks of the region
	local b=$((res / bs))
	while [ "$b" -lt $(((res + size) / bs)) ]; do echo "/sys/devices/system/memory/memory$b"; b=$((b + 1)); done
}
# shellcheck disable=SC2317 # called through check
set_blocks() {
	local b
	for b in $(blocks); do
		[ "$(cat "$b/state")" = "$1" ] || echo "$2" > "$b/state" || return 1
	done
}
check "region memory onlined" set_blocks online online_movable
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

check "region memory offlined" set_blocks offline offline
check "offline: region inject allowed by default" cpcw "$DBG/$r/inject_poison" 0x1000
check "offline: memdev inject allowed by default" cpcw "$DBG/$m/inject_poison" "$d 0x80"
check "offline: lines poisoned" in_poison_list "$m" "$d"
check "clear_all" cpcw $DBG/clear_all 1
check "nothing left" test -z "$(poison_list "$m")"
check "module unloads" unload
finish
