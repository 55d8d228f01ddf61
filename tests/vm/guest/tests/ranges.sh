# shellcheck shell=sh
# topology: two
# timeout: 400
# OFFSET LENGTH ranges, by region offset and by DPA: every line lands where
# the kernel's trace says, and a range that fails part-way is rolled back
# completely (all or nothing), across positions.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 2 256
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
res=$(cat "$CXL/$r/resource")
trace_on

# expected "memdev dpa hpa" for OFFSET LENGTH, from translate, sorted
expect_range() {
	local o=$(($1)) end=$(($1 + $2))
	translate_open "$r"
	while [ $o -lt $end ]; do
		xlate $o
		printf '%s %#x %#x\n' "$XL_MEMDEV" "$XL_DPA" $((res + o))
		o=$((o + 64))
	done | sort
	translate_close
}
records() { trace_records "$1" | while read -r m d h g; do printf '%s %#x %#x\n' "$m" $((d)) $((h)); done | sort; }

echo > $T/trace
check "range inject 0x1000 0x400" cpcw "$DBG/$r/inject_poison" "0x1000 0x400"
expect_range 0x1000 0x400 > /tmp/exp
records Inject > /tmp/got
check "16 lines traced at hpa = resource + offset on the translated memdev/dpa" cmp -s /tmp/exp /tmp/got
check "ledger equals the device after a range inject" ledger_matches_device "$@"
check "ledger lists the range mapped to $r" grep -q "region=$r" $DBG/injected
cat $DBG/injected | sed 's/^/    /'
echo > $T/trace
check "range clear 0x1100 0x80 (a hole)" cpcw "$DBG/$r/clear_poison" "0x1100 0x80"
check "ledger equals the device after a partial clear" ledger_matches_device "$@"
check "memdev range inject $2 0x8000000 0x200" cpcw "$DBG/$2/inject_poison" "0x8000000 0x200"
check "ledger equals the device after a DPA range" ledger_matches_device "$@"
check "memdev clear of part of a region range" cpcw "$DBG/$1/clear_poison" "$(kv dpa "$(sed -n 1p $DBG/injected)") 0x40"
check "ledger equals the device after a DPA clear" ledger_matches_device "$@"
check "clear_all" cpcw $DBG/clear_all 1
check "ledger empty after clear_all" test -z "$(cat $DBG/injected)"
check "devices empty after clear_all" test -z "$(poison_list "$@")"

# Range refusals: nothing is touched.
check "length not a multiple of 64: EINVAL" expect_errno EINVAL "$DBG/$r/inject_poison" "0 100"
check "length 0: EINVAL" expect_errno EINVAL "$DBG/$r/inject_poison" "0 0"
check "length over 4096 lines: EINVAL" expect_errno EINVAL "$DBG/$r/inject_poison" "0 0x40040"
check "range past the region end: ERANGE" expect_errno ERANGE "$DBG/$r/inject_poison" "$(($(cat "$CXL/$r/size") - 64)) 0x80"
check "DPA range past the device end: ERANGE" expect_errno ERANGE "$DBG/$1/inject_poison" "$(($(memdev_size "$1") - 64)) 0x80"
check "bad length: EINVAL" expect_errno EINVAL "$DBG/$r/inject_poison" "0 junk"
check "translate takes no length: EINVAL" expect_errno EINVAL "$DBG/$r/translate" "0 64"
check "nothing poisoned by refused ranges" test -z "$(poison_list "$@")"

# All or nothing: fill position 1's memdev to 6 free entries (QEMU holds
# 256), then a 32-line range (16 per position) fails at position 1's 7th
# line; position 0's 16 lines and position 1's 6 must be cleared again.
p1=$(sed -n 's/^position=1 .* memdev=\([^ ]*\) .*/\1/p' "$DBG/$r/geometry")
i=0
while [ $i -lt 250 ]; do
	echo $((0x8000000 + i * 64)) > "$DBG/$p1/inject_poison" || bad "filler $i"
	i=$((i + 1))
done
echo > $T/trace
check "range that overflows $p1 fails with EBUSY" test "$(cpcw "$DBG/$r/inject_poison" "0x2000 0x800")" = EBUSY
records Inject | awk '{ print $1, $2 }' > /tmp/inj
records Clear | awk '{ print $1, $2 }' > /tmp/clr
check "22 lines injected before the failure ($(wc -l < /tmp/inj))" test "$(wc -l < /tmp/inj)" = 22
check "every one of them cleared again" cmp -s /tmp/inj /tmp/clr
check "ledger holds only the 250 fillers" test "$(ledger_lines | wc -l)" = 250
check "clear_all" cpcw $DBG/clear_all 1
check "nothing left on the devices (no stray line from the failed range)" test -z "$(poison_list "$@")"
check "module unloads" unload
finish
