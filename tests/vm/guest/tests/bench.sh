# shellcheck shell=sh
# topology: two
# timeout: 1200
# check: no
# make bench: per-operation latency (inject + clear pair), median and p99
# over 1000 operations, of our region and memdev paths and the in-tree
# files, measured round-robin in one boot; ratios against the in-tree
# memdev path. Then a 256-line range write against 256 single writes, and
# the module's size and memory.
# shellcheck source=../lib.sh
. /tests/lib.sh
N=${BENCH_N:-1000}
setup_region 2 256
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
bench_paths 0x12340
check "latency of single inject+clear" sh -c "cpcbench $N $paths > /tmp/lat"
cat /tmp/lat
# The region path's latency targets, as measured in this run (reported, not asserted).
median() { awk -v p="$1" '$2 == p { for (i = 3; i <= NF; i++) if (sub(/^median=/, "", $i)) print $i + 0 }' /tmp/lat; }
target() { # PATH REF LIMIT
	awk -v a="$(median "$1")" -v b="$(median "$2")" -v l="$3" -v p="$1" -v r="$2" 'BEGIN { if (b > 0)
		printf "target %s <= %.2f x %s: %.3f (%s)\n", p, l, r, a / b, a / b <= l ? "met" : "missed" }' </dev/null
}
target ours_region intree_memdev 1.05
grep -q '^bench intree_region ' /tmp/lat && target ours_region intree_region 1.00
check "256-line range against 256 single writes" cpcbench 50 \
	"singles_256:$DBG/$r:0x20000:256" "range_256:$DBG/$r:0x20000,0x4000"
check "nothing left" test -z "$(poison_list "$@")"
echo "module size: core $(cat /sys/module/cxl_poison_ctl/coresize) bytes"
# Per tracked device: one struct cpc_entry (size printed by the host, from
# the debug info of a plain build) plus a dentry and an inode per debugfs
# file and directory: 5 for a region (dir, geometry, translate, inject,
# clear), 3 for a memdev; a region also holds a scratch page and its struct
# cpc_geometry (size printed by the host too).
dsz=$(awk '$1 == "dentry" { print $4 }' /proc/slabinfo)
isz=$(awk '$1 == "debugfs_inode_cache" { print $4 }' /proc/slabinfo)
[ -n "$isz" ] || isz=$(awk '$1 == "inode_cache" { print $4 }' /proc/slabinfo)
echo "memory per tracked region: struct cpc_entry + struct cpc_geometry + page 4096 + 5 x (dentry $dsz + inode $isz) = entry + geometry + $((4096 + 5 * (dsz + isz))) bytes"
echo "memory per tracked memdev: struct cpc_entry + 3 x (dentry $dsz + inode $isz) = entry + $((3 * (dsz + isz))) bytes"
unload
finish
