# shellcheck shell=sh
# topology: one
# timeout: 400
# The device's poison list fills up (QEMU holds 256 entries): the next
# inject, by DPA or by region offset, fails with EBUSY and one log line, and
# the kernel traced exactly the injects that succeeded. (The full list is
# not read back: QEMU 10 aborts on a Get Poison List reply that exceeds
# the mailbox payload, hw/cxl/cxl-mailbox-utils.c cmd_media_get_poison_list.)
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 1 || { bad "CXL stack up"; finish; }
m=$(memdevs)
r=$(make_region 256 0x10000000 "$m") || { bad "region created"; finish; }
check "module loads" load
wait_for 5 test -e "$DBG/$r/inject_poison"
trace_on
n=0 got=OK
while [ $n -lt 1024 ]; do
	got=$(cpcw "$DBG/$m/inject_poison" $((n * 4096)))
	[ "$got" = OK ] || break
	n=$((n + 1))
done
echo "$n injects succeeded, then: $got"
check "list filled after $n lines, then EBUSY" test "$got" = EBUSY -a $n -ge 1
check "kernel traced exactly $n injects" test "$(trace_records Inject | wc -l)" = $n
check "memdev path: EBUSY with one log line" expect_errno EBUSY "$DBG/$m/inject_poison" 0x40
check "region path: EBUSY with one log line" expect_errno EBUSY "$DBG/$r/inject_poison" 0x80
i=0
while [ $i -lt $n ]; do
	echo $((i * 4096)) > "$DBG/$m/clear_poison" || bad "clear $i"
	i=$((i + 1))
done
check "list empty after clearing" test -z "$(poison_list "$m")"
check "module unloads" unload
finish
