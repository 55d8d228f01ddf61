# topology: two
# timeout: 600
# Region-offset inject/clear against the kernel's own cxl_poison trace:
# 2-way region, granularity 4096, 200 random offsets plus the boundaries.
. /tests/lib.sh
cxl_up 2 || { bad "CXL stack up"; finish; }
r=$(make_region 4096 0x10000000 $(memdevs)) || { bad "region created"; finish; }
check "module loads" load
wait_for 5 test -e $DBG/$r/inject_poison
intree=0
[ -e /sys/kernel/debug/cxl/$r/inject_poison ] && intree=1
check "trace oracle on $r (in-tree comparison: $intree)" oracle "$r" 200 24096 $intree
check "module unloads" unload
finish
