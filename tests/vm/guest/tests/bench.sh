# topology: two
# timeout: 1200
# check: no
# make bench: per-operation latency (inject + clear pair), median and p99
# over 1000 operations, of our region and memdev paths and the in-tree
# files, measured round-robin in one boot; ratios against the in-tree
# memdev path. Then a 256-line range write against 256 single writes, and
# the module's size and memory.
. /tests/lib.sh
N=${BENCH_N:-1000}
setup_region 2 256
set -- $(memdevs)
bench_paths 0x12340
# shellcheck disable=SC2086
check "latency of single inject+clear" cpcbench "$N" $paths
check "256-line range against 256 single writes" cpcbench 50 \
	singles_256:$DBG/$r:0x20000:256 range_256:$DBG/$r:0x20000,0x4000
check "nothing left" test -z "$(poison_list "$@")"
echo "module size: core $(cat /sys/module/cxl_poison_ctl/coresize) bytes"
# Per tracked device: one struct cpc_entry (size printed by the host from
# BTF) plus a dentry and an inode per debugfs file and directory: 5 for a
# region (dir, geometry, translate, inject, clear), 3 for a memdev.
dsz=$(awk '$1 == "dentry" { print $4 }' /proc/slabinfo)
isz=$(awk '$1 == "debugfs_inode_cache" { print $4 }' /proc/slabinfo)
[ -n "$isz" ] || isz=$(awk '$1 == "inode_cache" { print $4 }' /proc/slabinfo)
echo "memory per tracked region: struct cpc_entry + 5 x (dentry $dsz + inode $isz) = entry + $((5 * (dsz + isz))) bytes"
echo "memory per tracked memdev: struct cpc_entry + 3 x (dentry $dsz + inode $isz) = entry + $((3 * (dsz + isz))) bytes"
unload
finish
