# shellcheck shell=sh
# topology: two
# Every refusal in the README's errno table that QEMU can produce: its errno,
# one log line, and the poison list left unchanged.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 2 256
size=$(cat "$CXL/$r/size")
I=$DBG/$r/inject_poison C=$DBG/$r/clear_poison X=$DBG/$r/translate
check "unaligned offset: EINVAL" expect_errno EINVAL "$I" 0x20
check "unaligned clear: EINVAL" expect_errno EINVAL "$C" 100
check "offset = size: ERANGE" expect_errno ERANGE "$I" "$size"
check "offset beyond size: ERANGE" expect_errno ERANGE "$C" 0x7fffffffffffffc0
check "2^64: ERANGE" expect_errno ERANGE "$I" 18446744073709551616
check "garbage: EINVAL" expect_errno EINVAL "$I" "zebra"
check "trailing garbage: EINVAL" expect_errno EINVAL "$I" "0x40 junk"
check "negative: EINVAL" expect_errno EINVAL "$I" "-64"
check "empty write: EINVAL" expect_errno EINVAL "$I" ""
check "over-long write (64 bytes): EINVAL" expect_errno EINVAL "$I" "0x00000000000000000000000000000000000000000000000000000000000040"
check "write at offset 8: EINVAL" expect_errno EINVAL "$I" 0x40 8
check "translate beyond size: ERANGE" expect_errno ERANGE "$X" "$size"
check "translate unaligned: EINVAL" expect_errno EINVAL "$X" 0x41
check "nothing poisoned by refusals" test -z "$(poison_list_all)"

# A writer holding files open while the region and a memdev go away.
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
exec 4> "$DBG/$r/inject_poison"
exec 5> "$DBG/$1/inject_poison"
unbind_memdev "$1"
wait_for 5 not test -e "$DBG/$r"
got=$(cpcw /proc/self/fd/4 0x40 2>&1)
check "region torn down under an open fd: ENODEV or EIO ($got)" test "$got" = ENODEV -o "$got" = EIO -o "$got" = "open:ENOENT"
echo 0x40 >&4 2>/dev/null && bad "write to a dead region's fd succeeded"
echo 0x40 >&5 2>/dev/null && bad "write to an unbound memdev's fd succeeded"
ok "writes through stale fds fail"
exec 4>&- 5>&-
bind_memdev "$1"
check "nothing poisoned after teardown" test -z "$(poison_list_all)"
check "module unloads" unload
finish
