# shellcheck shell=sh
# topology: two
# modprobe / rmmod ten times with a region and memdevs present (rmmod, not
# modprobe -r: see unload in lib.sh).
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 2 || { bad "CXL stack up"; finish; }
r=$(make_region_all 256 0x10000000) || { bad "region created"; finish; }
i=1
while [ $i -le 10 ]; do
	load || bad "load $i"
	wait_for 5 test -d "$DBG/$r" || bad "round $i: $r/ missing"
	for m in $(memdevs); do test -d "$DBG/$m" || bad "round $i: $m/ missing"; done
	cat "$DBG/$r/geometry" >/dev/null || bad "round $i: geometry read"
	unload || bad "unload $i"
	test -e $DBG && bad "round $i: tree left after unload"
	i=$((i + 1))
done
[ $FAILED = 0 ] && ok "10 load/unload rounds"
finish
