# shellcheck shell=sh
# topology: three_unaligned
# timeout: 600
# A 3-way region across three host bridges whose base is not a multiple of
# 3 x 256 MiB: a line's position is its absolute granule modulo 3, as 7.2
# decodes it. On 7.2 the kernel's trace is the oracle. 6.12 computes the
# trace hpa with the aligned formula, which is wrong here, so on 6.12 the hpa
# is not compared; instead every offset's memdev (by serial) and DPA is
# printed, and the host checks that they equal 7.2's (tests/vm/xlate_agree.sh).
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 3 256
check "$r geometry matches sysfs (3-way)" geometry_matches "$r"
res=$(cat "$CXL/$r/resource")
echo "3-way region base $res, base mod 768 MiB = $((res % (3 * 0x10000000)))"
check "base is not a multiple of 768 MiB" test $((res % (3 * 0x10000000))) != 0
check "$r decodes as unaligned 3-way" decode_is "$r" arithmetic=mod3-unaligned translatable=yes
case $(uname -r) in
6.*) export ORACLE_NO_HPA=1 ;;
esac
offsets "$(cat "$CXL/$r/size")" 256 3 200 3257 > /tmp/offsets
xlate_report "$r"
oracle_and_ranges "$r" 3257
