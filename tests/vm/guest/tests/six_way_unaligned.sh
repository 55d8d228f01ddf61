# shellcheck shell=sh
# topology: six_unaligned
# timeout: 600
# A 6-way region under a 3-way root at a base that is not a multiple of
# 3 x 256 MiB: two devices per host bridge, where the kernel's own unaligned
# decode is not determined. The module refuses the region: geometry says
# why, every region write fails with EOPNOTSUPP and one log line, nothing is
# poisoned; the memdev files keep working by DPA.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 6 256
check "$r geometry matches sysfs (6-way)" geometry_matches "$r"
res=$(cat "$CXL/$r/resource")
check "base is not a multiple of 768 MiB" test $((res % (3 * 0x10000000))) != 0
check "geometry says why it is refused" grep -q '^translatable=no reason=3-way root interleave at unaligned base .* not determined' "$DBG/$r/geometry"
check "inject refused EOPNOTSUPP" expect_errno EOPNOTSUPP "$DBG/$r/inject_poison" 0x40
check "range refused EOPNOTSUPP" expect_errno EOPNOTSUPP "$DBG/$r/inject_poison" "0 0x1000"
check "clear refused EOPNOTSUPP" expect_errno EOPNOTSUPP "$DBG/$r/clear_poison" 0x40
check "translate refused EOPNOTSUPP" expect_errno EOPNOTSUPP "$DBG/$r/translate" 0x40
check "nothing poisoned" test -z "$(poison_list_all)"
# What the kernel itself does here, for the record (not asserted): its
# region files (7.2) translate an offset, its trace translates the DPA back.
intree=/sys/kernel/debug/cxl/$r
if [ -e "$intree/inject_poison" ]; then
	trace_on
	for off in $(seq 0 256 4095); do
		echo "$off" > "$intree/inject_poison" 2>/dev/null || echo "in-tree inject $off: refused"
	done
	trace_records Inject | while read -r md dpa hpa _; do
		echo "in-tree: $md dpa $dpa -> trace hpa $hpa (offset $((hpa - res)))"
	done
	for off in $(seq 0 256 4095); do
		echo "$off" > "$intree/clear_poison" 2>/dev/null
	done
	check "nothing left after the in-tree clears" test -z "$(poison_list_all)"
fi
m=$(memdevs | head -1)
check "$m still works by DPA" w 0x1000 "$DBG/$m/inject_poison"
check "$m holds it" in_poison_list "$m" 0x1000
check "$m clears by DPA" w 0x1000 "$DBG/$m/clear_poison"
check "module unloads" unload
finish
