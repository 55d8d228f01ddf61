# shellcheck shell=sh
# topology: two
# smp: 2
# rmmod while another process holds a file open: refused while open or
# the fd fails cleanly afterwards; unload works once it is closed.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 2 || { bad "CXL stack up"; finish; }
r=$(make_region_all 256 0x10000000) || { bad "region created"; finish; }
check "module loads" load
wait_for 5 test -d "$DBG/$r"
exec 3< "$DBG/$r/geometry"
if rmmod cxl_poison_ctl 2>/tmp/rmmod.err; then
	ok "rmmod with an open file succeeded"
	check "read on the stale fd fails" not cat <&3
else
	check "rmmod refused while open: $(cat /tmp/rmmod.err)" grep -Eqi "in use|temporarily unavailable" /tmp/rmmod.err
	check "stale fd still reads geometry" grep -q "^ways=2" <&3
fi
exec 3<&-
if [ -e /sys/module/cxl_poison_ctl ]; then
	check "rmmod after close" rmmod cxl_poison_ctl
fi
check "module gone" not test -e /sys/module/cxl_poison_ctl
finish
