# shellcheck shell=sh
# topology: three_unaligned
# A 3-way region across three host bridges whose base is not a multiple of
# 3 x 256 MiB: region-offset operations are refused (EOPNOTSUPP, one log
# line), since the kernel decodes such a region differently.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 3 256
check "$r geometry matches sysfs (3-way)" geometry_matches "$r"
res=$(cat "$CXL/$r/resource")
echo "3-way region base $res, base mod 768 MiB = $((res % (3 * 0x10000000)))"
check "base is not a multiple of 768 MiB" test $((res % (3 * 0x10000000))) != 0
check "unaligned 3-way: inject refused EOPNOTSUPP" expect_errno EOPNOTSUPP "$DBG/$r/inject_poison" 0x40
check "unaligned 3-way: clear refused EOPNOTSUPP" expect_errno EOPNOTSUPP "$DBG/$r/clear_poison" 0x40
check "unaligned 3-way: translate refused EOPNOTSUPP" expect_errno EOPNOTSUPP "$DBG/$r/translate" 0x40
check "nothing poisoned" test -z "$(poison_list_all)"
check "module unloads" unload
finish
