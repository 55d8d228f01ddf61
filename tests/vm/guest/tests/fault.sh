# shellcheck shell=sh
# topology: two
# kernels: dbg72
# cmdline: kmemleak=on
# timeout: 1500
# Allocation faults in the module's own paths (failslab, with its
# stacktrace filter limited to the module's code, so only allocations made
# on behalf of this module fail): module load with devices present, memdev
# bind, region creation, range injects (ledger updates), translate,
# clear_all, unload. Every operation succeeds or fails with a documented
# errno; afterwards the devices hold no poison that the ledger neither lists
# nor counts as lost=N; the module still unloads. Then a kmemleak scan
# reports no object allocated by the module.
# shellcheck source=../lib.sh
. /tests/lib.sh
KL=/sys/kernel/debug/kmemleak
rounds=${CPC_FAULT_ROUNDS:-6}

# module_text: "START END" of the module's code, from its symbols (the
# last function taken as at most 4 KiB long).
module_text() {
	local a
	a=$(grep -E ' [tT] .*\[cxl_poison_ctl\]' /proc/kallsyms | cut -d' ' -f1 | sort)
	printf '0x%s %#x\n' "$(echo "$a" | head -1)" $((0x$(echo "$a" | tail -1) + 4096))
}

# shellcheck disable=SC2317 # called through check and wait_for
all_dirs() {
	local m
	for m in "$@"; do test -d "$DBG/$m" || return 1; done
}

# leaks_ours: the kmemleak report (/tmp/leaks) has an object whose
# allocation stack is in the module: by name while it is loaded, or as an
# unresolved module-area address once it is gone (no other module is
# unloaded in this test).
# shellcheck disable=SC2317 # called through check
leaks_ours() {
	grep -q 'cxl_poison_ctl' /tmp/leaks ||
		grep -q '0xffffffff[a-f][0-9a-f]\{7\}' /tmp/leaks
}

# Every errno an operation under faults gave: OK, a documented one, or
# (recorded separately) anything else.
: > /tmp/errnos
: > /tmp/loads
op() { # NAME cpcw-args...
	local name="$1" got
	shift
	got=$(cpcw "$@")
	echo "$name $got" >> /tmp/errnos
}

check "kmemleak is on" test -e "$KL"
cxl_up 2 || { bad "CXL stack up"; finish; }
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
r=$(make_region 256 0x10000000 "$@") || { bad "region created"; finish; }
echo clear > $KL

# Module load with devices present: any code in the module area (ours is
# not loaded yet, so the whole area; nothing else runs meanwhile). x86-64
# with KASLR puts modules at 0xffffffffc0000000..0xffffffffff000000 and
# the kernel below; a stack through the kernel only must not match.
MODS_START=0xffffffffc0000000 MODS_END=0xffffffffff000000
stext=0x$(awk '$3 == "_stext" { print $1 }' /proc/kallsyms)
check "kernel text ($stext) below the module area" test $((stext)) -lt $((MODS_START))
i=0 loads=0
while [ $i -lt "$rounds" ] && [ $((stext)) -lt $((MODS_START)) ]; do
	faults $((5 + i * 5)) $MODS_START $MODS_END
	if modprobe cxl_poison_ctl 2>/tmp/modprobe.err; then
		loads=$((loads + 1))
		echo "load $i OK" >> /tmp/loads
	else
		echo "load $i failed: $(cat /tmp/modprobe.err)"
		# A module that cannot allocate does not load: ENOMEM.
		grep -q 'Cannot allocate memory' /tmp/modprobe.err && echo "load $i ENOMEM" >> /tmp/loads ||
			echo "load $i $(tail -1 /tmp/modprobe.err | tr ' ' _)" >> /tmp/errnos
	fi
	faults_off
	if [ -e /sys/module/cxl_poison_ctl ]; then
		check "load round $i: unloads" unload
	fi
	check "load round $i: nothing left" not test -e $DBG
	i=$((i + 1))
done
echo "$loads of $rounds loads under faults succeeded:"
sed 's/^load [0-9]*/load/' /tmp/loads | sort | uniq -c | sed 's/^/    /'

check "module loads without faults" load
wait_for 5 test -e "$DBG/$r/inject_poison"
# shellcheck disable=SC2046 # start and end address
set -- $(module_text)
lo=$1 hi=$2
echo "module text $lo-$hi"
mds=$(memdevs)

# remake_region: delete the region, cycle the memdevs (fresh decoders), make
# it again; records whether the module serves it (its directory appears).
remake_region() {
	local m nr
	[ -e "$CXL/$r" ] && delete_region "$r" 2>/dev/null
	for m in $mds; do memdev_bound "$m" && unbind_memdev "$m"; done
	for m in $mds; do bind_memdev "$m"; done
	all_bound 2 || { echo "remake_region memdevs_unbound" >> /tmp/errnos; return 1; }
	# shellcheck disable=SC2086
	nr=$(make_region 256 0x10000000 $mds) || { echo "remake_region make_region_failed" >> /tmp/errnos; return 1; }
	r=$nr
	if wait_for 5 test -d "$DBG/$r"; then
		echo "region_served OK" >> /tmp/errnos
	else
		echo "region_served not_served" >> /tmp/loads
	fi
}

i=0
while [ $i -lt "$rounds" ]; do
	faults 50 "$lo" "$hi"
	# Region creation and bind: the module's notifier makes an entry and
	# its workqueue the geometry and directory.
	[ -e "$CXL/$r/driver" ] || remake_region
	for m in $mds; do
		op "inject_range_$m" "$DBG/$m/inject_poison" "$((0x100000 + i * 0x1000)) 512"
		op "clear_range_$m" "$DBG/$m/clear_poison" "$((0x100000 + i * 0x1000)) 256"
	done
	op inject_region "$DBG/$r/inject_poison" "$((0x200000 + i * 0x1000)) 1024"
	op clear_region "$DBG/$r/clear_poison" "$((0x200000 + i * 0x1000)) 512"
	op translate "$DBG/$r/translate" 0x1000
	[ $((i % 3)) = 2 ] && op clear_all "$DBG/clear_all" 1
	# Bind of a memdev (this tears the region down; the next round
	# makes it again).
	if [ $((i % 2)) = 1 ]; then
		m=$(echo "$mds" | sed -n "$((i / 2 % 2 + 1))p")
		unbind_memdev "$m"
		bind_memdev "$m"
		if wait_for 5 test -d "$DBG/$m"; then
			echo "memdev_served OK" >> /tmp/errnos
		else
			echo "memdev_served not_served" >> /tmp/loads
		fi
	fi
	faults_off
	i=$((i + 1))
done
echo "loads and binds under faults (a device the module could not allocate for at bind is left unserved, logged 'out of memory, device not served'):"
sort /tmp/loads | sed 's/^load [0-9]*/load/' | uniq -c | sed 's/^/    /'
sort /tmp/errnos | uniq -c | sed 's/^/    /'
check "every operation: success or a documented errno" \
	not grep -vE " (OK|$DOC_ERRNOS|open:($DOC_OPEN_ERRNOS))$" /tmp/errnos
grep -vE " (OK|$DOC_ERRNOS|open:($DOC_OPEN_ERRNOS))$" /tmp/errnos | sed 's/^/    undocumented: /'

# Back to a served state: every memdev rebound (entries made without
# faults), then the ledger against the devices.
for m in $mds; do unbind_memdev "$m"; bind_memdev "$m"; done
check "memdevs bound" all_bound 2
# shellcheck disable=SC2086
check "memdev dirs back" wait_for 10 all_dirs $mds
lost=$(ledger_lost)
ledger_lines > /tmp/ledger.lines
# shellcheck disable=SC2086
poison_list $mds > /tmp/device.lines
echo "ledger: $(wc -l < /tmp/ledger.lines) lines, lost=$lost; devices: $(wc -l < /tmp/device.lines) lines"
check "the ledger lists only poison the devices hold" test -z "$(lines_not_in /tmp/device.lines /tmp/ledger.lines)"
if [ "$lost" = 0 ]; then
	check "the devices hold only what the ledger lists" cmp -s /tmp/ledger.lines /tmp/device.lines
else
	ok "lost=$lost: the devices hold $(lines_not_in /tmp/ledger.lines /tmp/device.lines | wc -l) lines the ledger does not list"
fi
faults 50 "$lo" "$hi"
op clear_all_final "$DBG/clear_all" 1
faults_off
check "clear_all without faults" cpcw "$DBG/clear_all" 1
# shellcheck disable=SC2086 # one argument per memdev
[ "$lost" = 0 ] && check "no poison left" test -z "$(poison_list $mds)"
# The allocating paths once more without faults, 50 times, so that a leak
# there leaves more objects than stale copies on stacks can hide.
remake_region
k=0
while [ $k -lt 50 ]; do
	cpcw "$DBG/$r/translate" 0x1000 > /dev/null
	cpcw "$DBG/$r/inject_poison" "0x3000 128" > /dev/null
	cpcw "$DBG/$r/clear_poison" "0x3000 128" > /dev/null
	k=$((k + 1))
done
faults 50 "$lo" "$hi"
check "module unloads under faults" unload
faults_off

# kmemleak: an object must be 5 s old to be reported.
sleep 6
echo scan > $KL
sleep 6
echo scan > $KL
cat $KL > /tmp/leaks
echo "kmemleak: $(grep -c '^unreferenced object' /tmp/leaks) unreferenced objects"
check "kmemleak: nothing allocated by cxl_poison_ctl" not leaks_ours
head -80 /tmp/leaks
finish
