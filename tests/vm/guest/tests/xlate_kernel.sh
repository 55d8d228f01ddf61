# shellcheck shell=sh
# kernels: dbg72 deb73
# timeout: 900
# The differential test (tests/xlate): the test module cxl_translate,
# built against this kernel with the module's own src/interleave.c and
# src/decide.c and the kernel's decode code taken from this kernel's source,
# compares region offset -> position/DPA and back with the kernel's over
# every geometry (ways 1-16 and 3/6/12, every granularity, modulo and XOR
# with three map sets, aligned and unaligned 3/6/12-way bases, with and
# without an extended linear cache): at least 10^7 comparisons, no
# mismatch, no geometry translated where the kernel disagrees with
# itself, and no refusal that blames the kernel's decodes where they agree.
# shellcheck source=../lib.sh
. /tests/lib.sh
check "cxl_acpi loads (it exports cxl_do_xormap_calc)" modprobe cxl_acpi
t0=$(uptime_s)
insmod /opt/xlate/cxl_translate.ko
rc=$?
echo "XLATE seconds=$(($(uptime_s) - t0)) insmod_rc=$rc"
dmesg | grep 'cxl_translate: ' | sed 's/^[^]]*] /XLATE /'
sum=$(dmesg | grep 'cxl_translate: seed=' | tail -1)
cmp=$(echo "$sum" | sed -n 's/.* comparisons=\([0-9]*\).*/\1/p')
check "the test module loads" test "$rc" = 0
check "it says RESULT PASS" dmesg_has 'cxl_translate: RESULT PASS'
# shellcheck disable=SC2317 # called through check
says() { echo "$sum" | grep -q " $1 "; }
check "mismatches=0" says mismatches=0
check "no geometry translated where the kernel disagrees with itself" \
	says translated_where_kernel_disagrees=0
check "no refusal says the kernel disagrees with itself where it does not" \
	says false_reasons=0
check "at least 10^7 comparisons (${cmp:-none})" test "${cmp:-0}" -ge 10000000
[ "$rc" = 0 ] && check "the test module unloads" rmmod cxl_translate
finish
