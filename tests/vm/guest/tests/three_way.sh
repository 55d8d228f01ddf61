# shellcheck shell=sh
# topology: three
# timeout: 600
# A 3-way region across three host bridges, window base a multiple of
# 3 x 256 MiB: the trace oracle must hold (200 random offsets + boundaries).
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 3 256
check "$r geometry matches sysfs (3-way)" geometry_matches "$r"
res=$(cat "$CXL/$r/resource")
echo "3-way region base $res, base mod 768 MiB = $((res % (3 * 0x10000000)))"
check "base is a multiple of 768 MiB" test $((res % (3 * 0x10000000))) = 0
intree=0
[ -e "/sys/kernel/debug/cxl/$r/inject_poison" ] && intree=1
check "trace oracle on 3-way $r (in-tree comparison: $intree)" oracle "$r" 200 3256 $intree
check "module unloads" unload
finish
