# shellcheck shell=sh
# topology: two
# memX/inject_poison and clear_poison by DPA: in range (trace record
# matches, including the kernel's region/HPA when the DPA is mapped), out of
# range, unaligned.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 2 || { bad "CXL stack up"; finish; }
check "module loads" load
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
for m in "$@"; do wait_for 5 test -e "$DBG/$m/inject_poison"; done
trace_on

# Unmapped DPAs: hpa is all ones, no region.
for m in "$@"; do
	size=$(memdev_size "$m")
	for d in 0 0x40 $((size / 2)) $((size - 64)); do
		echo > $T/trace
		echo "$d" > "$DBG/$m/inject_poison" || bad "inject $m dpa $d"
		rec=$(trace_records Inject)
		# shellcheck disable=SC2086 # one argument per field: memdev dpa hpa region
		set -- $rec
		check "$m dpa $d: trace says memdev=$1 dpa=$2 region=$4" \
			test "$1" = "$m" -a "$(($2))" = "$((d))" -a "$4" = "-"
		check "$m dpa $d: in the poison list" in_poison_list "$m" "$d"
		echo "$d" > "$DBG/$m/clear_poison" || bad "clear $m dpa $d"
		check "$m dpa $d: cleared" test -z "$(poison_list "$m")"
	done
	check "$m: dpa = size refused" expect_errno ERANGE "$DBG/$m/inject_poison" "$size"
	check "$m: dpa 2^64-64 refused" expect_errno ERANGE "$DBG/$m/inject_poison" 0xffffffffffffffc0
	check "$m: unaligned dpa refused" expect_errno EINVAL "$DBG/$m/inject_poison" 0x20
	check "$m: unaligned clear refused" expect_errno EINVAL "$DBG/$m/clear_poison" 0x1001
	# shellcheck disable=SC2046 # one argument per memdev
	set -- $(memdevs)
done

# Mapped DPA: the kernel's own translation of the DPA we hit must be the
# HPA of the region offset translate printed.
r=$(make_region 256 0x10000000 "$@") || { bad "region created"; finish; }
wait_for 5 test -e "$DBG/$r/translate"
res=$(cat "$CXL/$r/resource")
for off in 0 0x100 0x1000040 $(($(cat "$CXL/$r/size") - 64)); do
	x=$(translate "$r" "$off")
	m=$(kv memdev "$x") d=$(kv dpa "$x")
	echo > $T/trace
	echo "$d" > "$DBG/$m/inject_poison" || bad "inject $m $d"
	# shellcheck disable=SC2046 # one argument per field: memdev dpa hpa region
	set -- $(trace_records Inject)
	check "offset $off -> $m dpa $d: kernel says region=$4 hpa=$3" \
		test "$4" = "$r" -a "$(($3))" = "$((res + off))"
	echo "$d" > "$DBG/$m/clear_poison"
done
check "no poison left" test -z "$(poison_list_all)"
check "module unloads" unload
finish
