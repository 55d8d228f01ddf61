# shellcheck shell=sh
# Guest test helpers (busybox sh). Tests source this and exit non-zero on
# failure; every check prints one CPC-CHECK line.
CXL=/sys/bus/cxl/devices
DBG=/sys/kernel/debug/cxl_poison_ctl
FAILED=0

# Each check line ends with the guest's uptime ("@12.34s"): where a test's
# time goes, from its log alone.
ok() { local up _; read -r up _ < /proc/uptime; echo "CPC-CHECK ok   $* @${up}s"; }
bad() { local up _; read -r up _ < /proc/uptime; echo "CPC-CHECK FAIL $* @${up}s"; FAILED=1; }
check() { # check "description" command...
	local desc="$1"
	shift
	if "$@"; then ok "$desc"; else bad "$desc"; fi
}
finish() { exit $FAILED; }

# wait_for SECONDS command...: poll until the command succeeds, for at least
# SECONDS of the guest's clock (a bound on a failure, not a pace).
wait_for() {
	local end=$(($(uptime_s) + $1 + 1))
	shift
	until "$@"; do
		[ "$(uptime_s)" -lt "$end" ] || return 1
		sleep 0.1
	done
}
uptime_s() { cut -d. -f1 /proc/uptime; }
not() { ! "$@"; }

# w VALUE FILE: write, and say what failed.
w() {
	echo "$1" > "$2" || { echo "write '$1' > $2 failed" >&2; return 1; }
}

memdevs() {
	local m
	for m in "$CXL"/mem*; do
		[ -e "$m" ] || continue
		echo "${m##*/}"
	done
}

# Unbinding a memdev tears its endpoint port down, and the port's removal
# queues the memdev's detach work on the CXL bus workqueue. A bind that wins
# the device lock against that work, once it runs, is undone by it (the
# memdev ends up unbound again); one queued meanwhile makes cxl_mem refuse
# the probe with -EBUSY. /sys/bus/cxl/flush waits for that work, so after
# unbind_memdev the memdev is fully detached and a bind is final.
unbind_memdev() {
	echo "$1" > /sys/bus/cxl/drivers/cxl_mem/unbind || return 1
	echo 1 > /sys/bus/cxl/flush
}
bind_memdev() {
	echo 1 > /sys/bus/cxl/flush
	w "$1" /sys/bus/cxl/drivers/cxl_mem/bind && memdev_bound "$1"
}

memdev_bound() { [ -e "$CXL/$1/driver" ]; }

# Load the CXL stack and wait until every memdev is bound to cxl_mem.
cxl_up() {
	n=${1:-1}
	modprobe cxl_acpi && modprobe cxl_pci && modprobe cxl_mem || return 1
	wait_for 120 all_bound "$n"
}
all_bound() {
	local c=0 m
	for m in $(memdevs); do
		memdev_bound "$m" || return 1
		c=$((c + 1))
	done
	[ "$c" -ge "$1" ]
}

load() { modprobe cxl_poison_ctl; }
# rmmod, not modprobe -r: that also tries to remove cxl_core (a module on 7.2).
unload() { rmmod cxl_poison_ctl; }

# Endpoint decoder (decoderN.0) of a memdev, via endpointN/uport (one
# process per endpoint: make_region asks for every memdev twice, and a
# process costs tens of ms on the debug kernel under TCG).
ep_decoder() {
	local ep l
	for ep in "$CXL"/endpoint*; do
		l=$(readlink "$ep/uport")
		[ "${l##*/}" = "$1" ] || continue
		echo "decoder${ep##*endpoint}.0"
		return 0
	done
	return 1
}

# Order memdevs into interleave positions, as the kernel wants them: a
# position's lowest digit picks the root decoder's target (host bridge), the
# next digit the root port below it, the next the switch's downstream port
# (each digit counted in dport order). So sort by each port's rank among its
# siblings, deepest level first.
order_targets() {
	local m
	for m in "$@"; do echo "$m $(readlink -f "$CXL/$m")"; done | awk '
	{
		mem[NR] = $1; n = split($2, c, "/"); lv = 0; pre = ""
		for (i = 1; i <= n && c[i] !~ /^(pci|cxl_host_bridge)/; i++)
			;
		# c[i]: host bridge; then bridges down to the endpoint (c[n-1]).
		for (; i < n - 1; i++) {
			par = pre; pre = pre "/" c[i]
			node[NR, lv++] = pre; parent[pre] = par; name[pre] = c[i]
		}
		levels[NR] = lv
	}
	END {
		for (p in parent) {
			r = 0
			for (q in parent) if (parent[q] == parent[p] && name[q] < name[p]) r++
			rank[p] = r
		}
		for (k = 1; k <= NR; k++) {
			key = ""
			for (lv = levels[k] - 1; lv >= 0; lv--) key = key sprintf("%03d", rank[node[k, lv]])
			print key, mem[k]
		}
	}' | sort | awk '{ print $2 }'
}

# make_region GRAN SIZE_PER_DEVICE MEMDEV...: a committed, bound region of
# mode $REGION_MODE (ram; or pmem) under root decoder $ROOT_DECODER
# (decoder0.0). Prints its name.
make_region() {
	local gran="$1" per="$2" mode="${REGION_MODE:-ram}" ways root r m d i
	shift 2
	ways=$#
	root=$CXL/${ROOT_DECODER:-decoder0.0}
	r=$(cat "$root/create_${mode}_region") || return 1
	w "$r" "$root/create_${mode}_region" || return 1
	if [ "$mode" = pmem ]; then
		w "$(cat /proc/sys/kernel/random/uuid)" "$CXL/$r/uuid" || return 1
	fi
	w "$ways" "$CXL/$r/interleave_ways" || return 1
	w "$gran" "$CXL/$r/interleave_granularity" || return 1
	for m in "$@"; do
		d=$(ep_decoder "$m") || return 1
		echo 0 > "$CXL/$d/dpa_size" 2>/dev/null
		w "$mode" "$CXL/$d/mode" || return 1
		w "$per" "$CXL/$d/dpa_size" || return 1
	done
	w $((per * ways)) "$CXL/$r/size" || return 1
	i=0
	for m in $(order_targets "$@"); do
		w "$(ep_decoder "$m")" "$CXL/$r/target$i" || return 1
		i=$((i + 1))
	done
	w 1 "$CXL/$r/commit" || return 1
	[ -e "$CXL/$r/driver" ] || w "$r" /sys/bus/cxl/drivers/cxl_region/bind || return 1
	echo "$r"
}

# make_region_all GRAN SIZE_PER_DEVICE: make_region over every memdev.
make_region_all() {
	# shellcheck disable=SC2046 # one argument per memdev
	make_region "$1" "$2" $(memdevs)
}

# delete_region REGION: delete it through its root decoder.
delete_region() {
	local p
	p=$(readlink -f "$CXL/$1") && [ -e "$p" ] || return 1
	echo "$1" > "${p%/*}/delete_region"
}

# Compare regionZ/geometry with what sysfs says (the decode lines that
# follow the positions are the module's decision: see decode_is).
geometry_matches() {
	local r="$1" g="$DBG/$1/geometry" out want i d ep m c
	[ -r "$g" ] || { echo "no $g"; return 1; }
	out=$(cat "$g") || return 1
	echo "$out" | sed 's/^/    /'
	out=$(echo "$out" | grep -v '^window=\|^arithmetic=\|^xormaps=\|^translatable=')
	want="region=$r
mode=$(cat "$CXL/$r/mode")
resource=$(cat "$CXL/$r/resource")
size=$(cat "$CXL/$r/size")
ways=$(cat "$CXL/$r/interleave_ways")
granularity=$(cat "$CXL/$r/interleave_granularity")"
	c=$(cat "$CXL/$r/extended_linear_cache_size" 2>/dev/null)
	[ "$((${c:-0}))" = 0 ] || want="$want
cache_size=$(printf '%#x' "$((c))")"
	i=0
	while [ $i -lt "$(cat "$CXL/$r/interleave_ways")" ]; do
		d=$(cat "$CXL/$r/target$i")
		ep=$CXL/endpoint${d#decoder}
		ep=${ep%.*}
		m=$(readlink "$ep/uport")
		m=${m##*/}
		want="$want
position=$i decoder=$d memdev=$m dpa_base=$(cat "$CXL/$d/dpa_resource") dpa_size=$(printf '%#x' "$(cat "$CXL/$d/dpa_size")")"
		i=$((i + 1))
	done
	[ "$out" = "$want" ] || { echo "geometry mismatch; sysfs says:"; echo "$want" | sed 's/^/    /'; return 1; }
}

# decode_is REGION LINE...: the geometry's decision lines are exactly LINE...
decode_is() {
	local r="$1" got want
	shift
	got=$(grep '^arithmetic=\|^xormaps=\|^translatable=' "$DBG/$r/geometry")
	want=$(printf '%s\n' "$@")
	[ "$got" = "$want" ] || { echo "decode: got '$got', want '$want'"; return 1; }
}

# ---- poison oracle ------------------------------------------------------
T=/sys/kernel/tracing

trace_on() {
	echo 0 > $T/tracing_on
	echo 1 > $T/events/cxl/cxl_poison/enable
	echo > $T/trace
	echo 1 > $T/tracing_on
}

# trace_records TYPE: "memdev dpa hpa region" per cxl_poison record of TYPE
# (Inject, Clear, List), in order, from the kernel's own trace event.
trace_records() {
	awk -v want="trace_type=$1" '/cxl_poison:/ && index($0, " " want " ") {
		md = ""; dpa = ""; hpa = ""; rg = ""
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == "memdev") md = kv[2]
			else if (kv[1] == "dpa") dpa = kv[2]
			else if (kv[1] == "hpa") hpa = kv[2]
			else if (kv[1] == "region") rg = kv[2]
		}
		print md, dpa, hpa, (rg == "" ? "-" : rg)
	}' $T/trace
}

# kv KEY "k=v k=v ...": the value of KEY.
kv() {
	local k="$1" t
	for t in $2; do
		case $t in "$k="*) echo "${t#*=}"; return 0 ;; esac
	done
	return 1
}

# ---- translate ----------------------------------------------------------
# REGION/translate is a transaction file: an offset written to it is
# answered ("region=R offset=O hpa=H memdev=M dpa=D position=P decoder=E")
# by reading the descriptor that wrote it, and only that one.
# translate REGION OFFSET: one round trip on a descriptor of its own.
translate() (translate_open "$1" && translate_at "$2")
# A loop over many offsets keeps one descriptor (fd 3) open instead:
# translate_open REGION, then translate_at OFFSET per offset, translate_close.
translate_open() { exec 3<> "$DBG/$1/translate"; }
translate_at() { echo "$1" >&3 && cat <&3; }
translate_close() { exec 3<&-; }
# xlate OFFSET: translate_at without a process: the answer in $XL, its
# memdev and dpa in $XL_MEMDEV and $XL_DPA, all empty if it failed (the
# shell's read builtin takes one line; the subshells of x=$(translate_at)
# and $(kv) cost tens of ms each on the debug kernel under TCG, and the
# oracles translate hundreds of offsets).
xlate() {
	XL=
	{ echo "$1" >&3 && read -r XL <&3; } || { kv_split ""; return 1; }
	kv_split "$XL"
}
# kv_split "k=v k=v ...": its memdev, dpa and length into $XL_MEMDEV,
# $XL_DPA, $XL_LENGTH (empty where absent), without a process.
kv_split() {
	local t
	XL_MEMDEV='' XL_DPA='' XL_LENGTH=''
	for t in $1; do
		case $t in
		memdev=*) XL_MEMDEV=${t#*=} ;;
		dpa=*) XL_DPA=${t#*=} ;;
		length=*) XL_LENGTH=${t#*=} ;;
		esac
	done
}

# offsets SIZE GRAN WAYS N SEED: boundaries, then N distinct random
# 64-byte-aligned offsets below SIZE.
offsets() {
	awk -v size=$(($1)) -v "gran=$2" -v "ways=$3" -v "n=$4" -v "seed=$5" 'BEGIN {
		srand(seed)
		o[0] = 0; o[1] = 64; o[2] = gran - 64; o[3] = gran; k = 4
		for (c = 1; c < 2 * ways + 1; c++) { o[k++] = c * gran - 64; o[k++] = c * gran }
		o[k++] = size - gran; o[k++] = size - 64
		for (i = 0; i < k; i++) if (o[i] >= 0 && o[i] < size && !(o[i] in seen)) { seen[o[i]] = 1; printf "%.0f\n", o[i] }
		lines = size / 64
		while (got < n) { v = int(rand() * lines) * 64; if (!(v in seen)) { seen[v] = 1; printf "%.0f\n", v; got++ } }
	}'
}

# offsets_from MIN SIZE GRAN WAYS N SEED: offsets as above, of the part of
# the region from MIN (past an extended linear cache) on.
offsets_from() {
	local min=$(($1)) o
	shift
	offsets $(($1 - min)) "$2" "$3" "$4" "$5" | while read -r o; do
		echo $((o + min))
	done
}

# poison_list MEMDEV...: "memdev dpa" of every poisoned range, sorted.
poison_list() {
	local m
	echo 1 > $T/events/cxl/cxl_poison/enable
	echo 1 > $T/tracing_on
	echo > $T/trace
	for m in "$@"; do echo 1 > "$CXL/$m/trigger_poison_list"; done
	trace_records List | while read -r md dpa _; do
		printf '%s %#x\n' "$md" "$((dpa))"
	done | sort
}

# poison_list_all: poison_list over every memdev.
poison_list_all() {
	# shellcheck disable=SC2046 # one argument per memdev
	poison_list $(memdevs)
}

# compare_records EXPECT GOT REGION: lines "memdev dpa hpa"; GOT has region.
# With ORACLE_NO_HPA=1 the trace's hpa is not compared (6.12 computes it
# wrongly for unaligned 3/6/12-way regions; see three_way_unaligned).
compare_records() {
	local bad=0 n=0 other=0
	[ "$(wc -l < "$1")" = "$(wc -l < "$2")" ] || { echo "record count $(wc -l < "$1") expected, $(wc -l < "$2") in trace"; return 1; }
	paste -d' ' "$1" "$2" > /tmp/pair
	while read -r em ed eh gm gd gh gr; do
		n=$((n + 1))
		if [ "${ORACLE_NO_HPA:-0}" = 1 ]; then
			[ $((eh)) != $((gh)) ] && other=$((other + 1))
			gh=$eh
		fi
		if [ "$em" != "$gm" ] || [ $((ed)) != $((gd)) ] || [ $((eh)) != $((gh)) ] || [ "$gr" != "$3" ]; then
			[ $bad -lt 5 ] && echo "mismatch: expected $em $ed hpa=$eh, trace $gm $gd hpa=$gh region=$gr"
			bad=$((bad + 1))
		fi
	done < /tmp/pair
	[ "$other" = 0 ] || echo "the kernel's trace hpa is not resource + offset on $other of $n lines (not compared)"
	[ $bad = 0 ]
}

# write_batch FILE WHAT: write each offset of /tmp/batch to FILE; the first
# that fails ends it, saying "WHAT OFFSET failed".
write_batch() {
	local off
	while read -r off; do
		echo "$off" > "$1" || { echo "$2 $off failed"; return 1; }
	done < /tmp/batch
}

# oracle REGION N SEED [INTREE]: inject and clear N random offsets plus the
# boundaries through REGION's files, 100 at a time. After each inject the
# kernel's cxl_poison trace must say region=REGION, hpa=resource+offset and
# the memdev/DPA that translate printed; the device's poison list must hold
# exactly those lines; after the clears it must be empty. With INTREE=1
# the in-tree /sys/kernel/debug/cxl/REGION files must land on the same
# memdev/DPA. Prints the number of offsets checked.
#   ORACLE_BATCH  offsets per batch (100): at most what a device's poison
#                 list holds
#   ORACLE_NO_LIST=1  judge by the trace alone, not by the devices' poison
#                 lists (the cxl_test mock's list reads cover only part of
#                 a device: see mock_up)
#   ORACLE_MIN    offsets from here on (past an extended linear cache)
oracle() {
	local r="$1" n="$2" seed="$3" intree="${4:-0}" res size gran ways total=0 start x off
	local batch="${ORACLE_BATCH:-100}"
	res=$(cat "$CXL/$r/resource") size=$(cat "$CXL/$r/size")
	gran=$(cat "$CXL/$r/interleave_granularity") ways=$(cat "$CXL/$r/interleave_ways")
	# From here on "$@" is the region's memdevs.
	# shellcheck disable=SC2046 # one argument per memdev
	set -- $(geometry_memdevs "$r")
	offsets_from "${ORACLE_MIN:-0}" "$size" "$gran" "$ways" "$n" "$seed" > /tmp/offsets
	trace_on
	start=1
	while [ "$start" -le "$(wc -l < /tmp/offsets)" ]; do
		sed -n "${start},$((start + batch - 1))p" /tmp/offsets > /tmp/batch
		start=$((start + batch))
		echo > $T/trace
		: > /tmp/expect
		translate_open "$r"
		while read -r off; do
			xlate "$off" || { echo "translate $off failed"; translate_close; return 1; }
			printf '%s %s %#x\n' "$XL_MEMDEV" "$XL_DPA" $((res + off)) >> /tmp/expect
			echo "$off" > "$DBG/$r/inject_poison" || { echo "inject $off failed"; translate_close; return 1; }
		done < /tmp/batch
		translate_close
		trace_records Inject > /tmp/got
		compare_records /tmp/expect /tmp/got "$r" || { echo "inject records wrong"; return 1; }
		if [ "${ORACLE_NO_LIST:-0}" != 1 ]; then
			awk '{ print $1, $2 }' /tmp/expect | while read -r m d; do printf '%s %#x\n' "$m" "$((d))"; done | sort -u > /tmp/want_list
			poison_list "$@" > /tmp/list
			cmp -s /tmp/want_list /tmp/list || { echo "poison list after inject differs:"; diff /tmp/want_list /tmp/list | head; return 1; }
		fi

		echo > $T/trace
		write_batch "$DBG/$r/clear_poison" clear || return 1
		trace_records Clear > /tmp/got
		compare_records /tmp/expect /tmp/got "$r" || { echo "clear records wrong"; return 1; }
		if [ "${ORACLE_NO_LIST:-0}" != 1 ]; then
			poison_list "$@" > /tmp/list
			[ ! -s /tmp/list ] || { echo "poison left after clear:"; head /tmp/list; return 1; }
		fi

		if [ "$intree" = 1 ]; then
			echo > $T/trace
			write_batch "/sys/kernel/debug/cxl/$r/inject_poison" "in-tree inject" || return 1
			trace_records Inject > /tmp/got
			compare_records /tmp/expect /tmp/got "$r" || { echo "in-tree lands elsewhere"; return 1; }
			write_batch "/sys/kernel/debug/cxl/$r/clear_poison" "in-tree clear" || return 1
			[ -z "$(poison_list "$@")" ] || { echo "in-tree clear left poison"; return 1; }
		fi
		total=$((total + $(wc -l < /tmp/batch)))
	done
	echo "$total offsets checked on $r ($ways-way, granularity $gran)"
}

# dpa_oracle REGION N SEED: the trace oracle by DPA. For N random offsets
# plus the boundaries, inject at the memdev and DPA that translate names,
# through memX/inject_poison: the kernel's trace must put each line in
# REGION at hpa = resource + offset; then clear them the same way, judged by
# the trace alone. Batches as oracle().
dpa_oracle() {
	local r="$1" n="$2" seed="$3" res total=0 start x off m d op
	local batch="${ORACLE_BATCH:-100}"
	res=$(cat "$CXL/$r/resource")
	offsets_from "${ORACLE_MIN:-0}" "$(cat "$CXL/$r/size")" "$(cat "$CXL/$r/interleave_granularity")" \
		"$(cat "$CXL/$r/interleave_ways")" "$n" "$seed" > /tmp/offsets
	trace_on
	start=1
	while [ "$start" -le "$(wc -l < /tmp/offsets)" ]; do
		sed -n "${start},$((start + batch - 1))p" /tmp/offsets > /tmp/batch
		start=$((start + batch))
		: > /tmp/expect
		translate_open "$r"
		while read -r off; do
			xlate "$off" || { echo "translate $off failed"; translate_close; return 1; }
			printf '%s %s %#x\n' "$XL_MEMDEV" "$XL_DPA" $((res + off)) >> /tmp/expect
		done < /tmp/batch
		translate_close
		for op in inject clear; do
			echo > $T/trace
			while read -r m d _; do
				echo "$d" > "$DBG/$m/${op}_poison" || { echo "$op $m dpa $d failed"; return 1; }
			done < /tmp/expect
			if [ $op = inject ]; then trace_records Inject; else trace_records Clear; fi > /tmp/got
			compare_records /tmp/expect /tmp/got "$r" || { echo "$op by DPA: records wrong"; return 1; }
		done
		total=$((total + $(wc -l < /tmp/batch)))
	done
	echo "$total lines injected and cleared by DPA on $r, each traced at resource + offset"
}

# by_line FILE: "memdev dpa hpa [region]" records sorted by memdev and DPA,
# numbers in decimal, so records of a range compare whatever their order.
by_line() {
	while read -r m d h g; do
		printf '%s %d %d %s\n' "$m" $((d)) $((h)) "$g"
	done < "$1" | sort -k1,1 -k2,2n | sed 's/ $//'
}

# range_oracle REGION OFFSET LENGTH: one write injects the range; the
# kernel's trace must show one Inject per line, each where translate says
# and at hpa = resource + its offset; one write clears it, and the poison
# lists are empty again.
range_oracle() {
	local r="$1" off=$(($2)) len=$(($3)) res mds i x
	res=$(cat "$CXL/$r/resource") mds=$(geometry_memdevs "$r")
	: > /tmp/expect
	translate_open "$r"
	for i in $(seq 0 64 $((len - 64))); do
		xlate "$((off + i))"
		printf '%s %s %#x\n' "$XL_MEMDEV" "$XL_DPA" $((res + off + i)) >> /tmp/expect
	done
	translate_close
	trace_on
	echo "$off $len" > "$DBG/$r/inject_poison" || { echo "range inject $off $len failed"; return 1; }
	trace_records Inject > /tmp/got
	by_line /tmp/expect > /tmp/expect.s
	by_line /tmp/got > /tmp/got.s
	compare_records /tmp/expect.s /tmp/got.s "$r" || { echo "range inject records wrong"; return 1; }
	echo > $T/trace
	echo "$off $len" > "$DBG/$r/clear_poison" || { echo "range clear failed"; return 1; }
	[ "$(trace_records Clear | wc -l)" = $((len / 64)) ] || { echo "clear records"; return 1; }
	# shellcheck disable=SC2086
	[ -z "$(poison_list $mds)" ] || { echo "poison left after the range clear"; return 1; }
	echo "range $off+$len on $r: $((len / 64)) lines where the kernel says"
}

# xlate_report REGION: for every offset in /tmp/offsets, one line
# "CPC-XLATE offset serial dpa" (the memdev by its serial number, which
# does not depend on probe order), for comparing kernels on the host.
xlate_report() {
	local off serial
	translate_open "$1"
	while read -r off; do
		serial=
		xlate "$off" && read -r serial < "$CXL/$XL_MEMDEV/serial"
		echo "CPC-XLATE $off $serial $XL_DPA"
	done < /tmp/offsets
	translate_close
}

geometry_memdevs() {
	sed -n 's/.* memdev=\([^ ]*\) .*/\1/p' "$DBG/$1/geometry" | sort -u
}

# expect_errno ERRNO FILE DATA [OFFSET]: the write fails with ERRNO (name),
# the module logs exactly one line for it, and nothing else changes.
expect_errno() {
	local want="$1" file="$2" data="$3" before after got lines
	shift 3
	before=$(dmesg | grep -c 'cxl_poison_ctl: ')
	got=$(cpcw "$file" "$data" "$@")
	after=$(dmesg | grep -c 'cxl_poison_ctl: ')
	lines=$((after - before))
	if [ "$got" != "$want" ]; then
		echo "write '$data' to $file: got $got, want $want"
		return 1
	fi
	if [ "$lines" != 1 ]; then
		echo "write '$data' to $file: $lines log lines, want 1"
		return 1
	fi
	# The last of the module's lines ($: sed's last line, not a variable).
	# shellcheck disable=SC2016
	dmesg | sed -n '/cxl_poison_ctl: /h; ${x;s/^/    log: /p}'
}

# memdev_size MEMDEV: DPA capacity (ram + pmem) from sysfs.
memdev_size() {
	local s=0 p
	for p in ram pmem; do
		[ -r "$CXL/$1/$p/size" ] && s=$((s + $(cat "$CXL/$1/$p/size")))
	done
	echo $s
}

# in_poison_list MEMDEV DPA: the device reports DPA as poisoned.
in_poison_list() {
	poison_list "$1" | grep -qx "$1 $(printf '%#x' $(($2)))"
}

# ledger_lines: the ledger ("injected") as sorted "memdev dpa" lines.
ledger_lines() {
	local l md dpa len i
	while read -r l; do
		kv_split "$l"
		md=$XL_MEMDEV dpa=$XL_DPA len=$XL_LENGTH
		[ -n "$md" ] || continue
		i=0
		while [ $i -lt $((len)) ]; do
			printf '%s %#x\n' "$md" $((dpa + i))
			i=$((i + 64))
		done
	done < $DBG/injected | sort
}

# ledger_matches_device MEMDEV...: the ledger equals the devices' poison lists.
ledger_matches_device() {
	ledger_lines > /tmp/ledger.lines
	poison_list "$@" > /tmp/device.lines
	cmp -s /tmp/ledger.lines /tmp/device.lines && return 0
	echo "ledger vs device:"; diff /tmp/ledger.lines /tmp/device.lines | head
	return 1
}

# ---- fault injection and online memory ---------------------------------
FS=/sys/kernel/debug/failslab
# faults PERCENT START END: fail PERCENT % of the slab allocations whose
# stack holds a return address in [START, END) (failslab's stacktrace
# filter; the debug kernel only).
faults() {
	echo N > $FS/task-filter
	echo N > $FS/ignore-gfp-wait
	echo 0 > $FS/verbose
	echo 0 > $FS/space
	echo 1 > $FS/interval
	echo -1 > $FS/times
	echo 32 > $FS/stacktrace-depth
	echo "$2" > $FS/require-start
	echo "$3" > $FS/require-end
	echo "$1" > $FS/probability
}
faults_off() { echo 0 > $FS/probability; }

# kmem_up: the dax and kmem drivers, memory blocks left offline when added
# (onlined by hand into ZONE_MOVABLE, so they can be offlined again).
kmem_up() {
	echo offline > /sys/devices/system/memory/auto_online_blocks
	modprobe dax_cxl && modprobe device_dax && modprobe kmem
}

# kmem_region REGION: its dax device bound to kmem (System RAM, offline).
kmem_region() {
	local dax
	wait_for 10 test -n "$(ls /sys/bus/dax/devices/ 2>/dev/null)" || return 1
	dax=$(find /sys/bus/dax/devices/ -mindepth 1 -maxdepth 1 | sort | head -1)
	dax=${dax##*/}
	if [ ! -e "/sys/bus/dax/drivers/kmem/$dax" ]; then
		[ -e "/sys/bus/dax/drivers/device_dax/$dax" ] &&
			echo "$dax" > /sys/bus/dax/drivers/device_dax/unbind
		w "$dax" /sys/bus/dax/drivers/kmem/bind
	fi
	test -e "/sys/bus/dax/drivers/kmem/$dax"
}

# region_blocks REGION STATE NEW: every memory block of REGION not in
# STATE (online, offline) is written NEW (online_movable, offline).
region_blocks() {
	local res size bs b f
	res=$(cat "$CXL/$1/resource") size=$(cat "$CXL/$1/size")
	bs=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
	b=$((res / bs))
	while [ "$b" -lt $(((res + size) / bs)) ]; do
		f=/sys/devices/system/memory/memory$b/state
		[ "$(cat "$f")" = "$2" ] || echo "$3" > "$f" || return 1
		b=$((b + 1))
	done
}

# ---- stress -------------------------------------------------------------
# The current region's directory for writers that follow it (cpcstress @FILE).
REGION_DIR_FILE=/run/cpc/region_dir
# The stress region's memdevs ($STRESS_MEMDEVS, default all; under
# $ROOT_DECODER, see make_region) and the first DPA of the memdev writers
# ($STRESS_DPA, 128 MiB; lines the region writers never touch).
stress_memdevs() { echo "${STRESS_MEMDEVS:-$(memdevs)}"; }

# recreate_region MODE: tear the region down through a memdev unbind, delete
# it, cycle every memdev (fresh decoders) and make it again, same geometry.
recreate_region() {
	local mode="$1" old m r
	old=$(cat /run/cpc/region 2>/dev/null)
	# shellcheck disable=SC2046 # one argument per memdev
	set -- $(stress_memdevs)
	# shellcheck disable=SC3028 # busybox sh has RANDOM
	unbind_memdev "$(echo "$@" | tr ' ' '\n' | sed -n "$((RANDOM % $# + 1))p")" 2>/dev/null
	sleep 0.2
	[ -n "$old" ] && [ -e "$CXL/$old" ] && delete_region "$old" 2>/dev/null
	for m in "$@"; do memdev_bound "$m" && unbind_memdev "$m"; done
	for m in "$@"; do bind_memdev "$m"; done
	all_bound $# || return 1
	r=$(make_region 256 0x10000000 "$@") || return 1
	echo "$r" > /run/cpc/region
	if [ "$mode" = ours ]; then echo "$DBG/$r"; else echo "/sys/kernel/debug/cxl/$r"; fi > $REGION_DIR_FILE
}

# churn MODE [RELOAD]: until /run/cpc/stop, recreate the region, and (ours,
# unless RELOAD is 0) rmmod and modprobe the module. Counts what it did in
# /run/cpc/churn.
churn() {
	local mode="$1" reload="${2:-1}" rounds=0 recreated=0 reloads=0 rmmod_busy=0 i
	while [ ! -e /run/cpc/stop ]; do
		rounds=$((rounds + 1))
		# shellcheck disable=SC3028 # busybox sh has RANDOM
		if [ "$mode" = ours ] && [ "$reload" = 1 ] && [ $((RANDOM % 3)) = 0 ]; then
			# Writers stop opening files around rmmod (see PAUSE_FILE
			# in cpcstress.c), and those in flight finish first.
			touch /run/cpc/pause
			sleep 0.3
			i=0
			while [ $i -lt 50 ] && ! rmmod cxl_poison_ctl 2>/dev/null; do
				rmmod_busy=$((rmmod_busy + 1)); i=$((i + 1)); sleep 0.02
			done
			[ $i -lt 50 ] && reloads=$((reloads + 1))
			sleep 0.3
			modprobe cxl_poison_ctl
			rm -f /run/cpc/pause
		else
			recreate_region "$mode" && recreated=$((recreated + 1))
		fi
		# shellcheck disable=SC3028 # busybox sh has RANDOM
		sleep 0.$((RANDOM % 8 + 2))
	done
	echo "churn: $rounds rounds, $recreated region recreations (each with memdev unbind/bind), $reloads module reloads, $rmmod_busy rmmod attempts refused while files were open" > /run/cpc/churn
}

# stress MODE SECONDS: writers by region offset and by DPA, poison-list
# readers, and churn, for SECONDS; then the devices' poison lists must equal
# what the successful operations left (MODE ours), and every write must have
# returned success or a documented errno.
stress() {
	local mode="$1" secs="$2" r base m specs='' bad=0
	mkdir -p /run/cpc && rm -f /run/cpc/stop /run/cpc/pause
	# shellcheck disable=SC2046 # one argument per memdev
	set -- $(stress_memdevs)
	r=$(make_region 256 0x10000000 "$@") || { echo "region"; return 1; }
	echo "$r" > /run/cpc/region
	if [ "$mode" = ours ]; then
		load || return 1
		wait_for 5 test -e "$DBG/$r/inject_poison"
		echo "$DBG/$r" > $REGION_DIR_FILE
		base=$DBG
	else
		echo "/sys/kernel/debug/cxl/$r" > $REGION_DIR_FILE
		base=/sys/kernel/debug/cxl
	fi
	# Region writers own offsets below 128 KiB (DPAs below 64 KiB on each
	# device); memdev writers own DPAs from $STRESS_DPA: disjoint lines.
	if [ -e "$(cat $REGION_DIR_FILE)/inject_poison" ]; then
		specs="w:@$REGION_DIR_FILE:0:0x1000:16 w:@$REGION_DIR_FILE:0x10000:0x1000:16"
	fi
	for m in "$@"; do
		specs="$specs w:$base/$m:${STRESS_DPA:-0x8000000}:0x1000:16 t:$CXL/$m/trigger_poison_list"
	done
	churn "$mode" &
	# shellcheck disable=SC2086 # one argument per thread spec
	cpcstress "$secs" /run/cpc/state $specs > /run/cpc/stress.out
	touch /run/cpc/stop
	wait
	cat /run/cpc/stress.out /run/cpc/churn
	# Every write: success or a documented errno.
	if grep -E '^errno (write|open) ' /run/cpc/stress.out |
		grep -vE '^errno write (ENODEV|EIO|EAGAIN|ENXIO|EINTR) |^errno open (ENOENT|ENXIO) '; then
		echo "undocumented errno above"
		bad=1
	fi
	[ "$mode" = ours ] || return $bad

	# Settle: everything bound, region made, module loaded.
	for m in "$@"; do memdev_bound "$m" || bind_memdev "$m"; done
	all_bound $#
	[ -e /sys/module/cxl_poison_ctl ] || load
	r=$(cat /run/cpc/region)
	if [ ! -e "$CXL/$r/driver" ]; then
		[ -e "$CXL/$r" ] && delete_region "$r"
		recreate_region ours || { echo "cannot remake the region"; return 1; }
		r=$(cat /run/cpc/region)
	fi
	wait_for 5 test -e "$DBG/$r/translate" || return 1
	# What the successful operations left, as "memdev dpa".
	translate_open "$r"
	while read -r dir val; do
		case $dir in
		@*) xlate "$val"; printf '%s %#x\n' "$XL_MEMDEV" "$XL_DPA" ;;
		*) printf '%s %#x\n' "${dir##*/}" $((val)) ;;
		esac
	done < /run/cpc/state | sort > /tmp/want
	translate_close
	poison_list "$@" > /tmp/have
	echo "expected poisoned lines: $(wc -l < /tmp/want), device lists: $(wc -l < /tmp/have)"
	if ! cmp -s /tmp/want /tmp/have; then
		echo "poison lists differ from the successful operations:"
		diff /tmp/want /tmp/have | head -20
		bad=1
	fi
	return $bad
}

# The README's errnos: for writes (and translate's reads), and for opens.
DOC_ERRNOS='EINVAL|ERANGE|ENODEV|EIO|ENXIO|EOPNOTSUPP|EAGAIN|EBUSY|EFAULT|EINTR|ENOMEM|ENOTRECOVERABLE'
DOC_OPEN_ERRNOS='ENOENT|ENXIO|ENOMEM'

# lines_not_in A B: the lines of file B that file A does not hold (busybox
# has no comm, and its grep -f with an empty file matches nothing).
lines_not_in() {
	{ cat "$1"; echo '#none'; } > /tmp/lines_not_in.pat
	grep -vxF -f /tmp/lines_not_in.pat "$2"
}

# ledger_lost: N of the ledger's "lost=N" line, 0 without one.
ledger_lost() {
	local n
	n=$(sed -n 's/^lost=//p' "$DBG/injected")
	echo "${n:-0}"
}

# fuzz_stress SECONDS: two fuzzers (cpcstress f:) writing random input to
# every writable file of the module, beside region and memdev writers,
# poison-list readers and churn (region recreation with memdev unbind/bind,
# no module reloads: the ledger is the oracle and must live through the
# run). Then: every write succeeded or failed with a documented errno; once
# everything is bound again the devices' poison lists equal the ledger (or,
# if it says lost=N, hold at least what it lists); clear_all empties both.
fuzz_stress() {
	local secs="$1" r m specs bad=0 lost
	mkdir -p /run/cpc && rm -f /run/cpc/stop /run/cpc/pause
	# shellcheck disable=SC2046 # one argument per memdev
	set -- $(stress_memdevs)
	r=$(make_region 256 0x10000000 "$@") || { echo "region"; return 1; }
	echo "$r" > /run/cpc/region
	load || return 1
	wait_for 5 test -e "$DBG/$r/inject_poison" || { echo "no $DBG/$r"; return 1; }
	echo "$DBG/$r" > $REGION_DIR_FILE
	specs="f:$DBG f:$DBG w:@$REGION_DIR_FILE:0:0x1000:16"
	for m in "$@"; do
		specs="$specs w:$DBG/$m:0x8000000:0x1000:16 t:$CXL/$m/trigger_poison_list"
	done
	# The kernel's Inject and Clear records (not List: the readers would
	# flood the buffer), to say who touched a line that does not match.
	echo 16384 > $T/buffer_size_kb
	echo 'trace_type != 0' > $T/events/cxl/cxl_poison/filter
	trace_on
	churn ours 0 &
	# shellcheck disable=SC2086
	cpcstress "$secs" /run/cpc/state $specs > /run/cpc/stress.out
	touch /run/cpc/stop
	wait
	cp $T/trace /tmp/fuzz.trace
	echo 0 > $T/events/cxl/cxl_poison/filter
	cat /run/cpc/stress.out /run/cpc/churn
	if grep -E '^(fuzz )?errno ' /run/cpc/stress.out |
		grep -vE "^(fuzz )?errno (write|read) ($DOC_ERRNOS) |^(fuzz )?errno open ($DOC_OPEN_ERRNOS) "; then
		echo "undocumented errno above"
		bad=1
	fi
	grep -q '^fuzz: [1-9]' /run/cpc/stress.out || { echo "the fuzzer wrote nothing"; bad=1; }

	# Settle: every memdev bound (the ledger's entries of an unbound one
	# cannot be listed from its device).
	for m in "$@"; do memdev_bound "$m" || bind_memdev "$m"; done
	all_bound $# || { echo "memdevs do not rebind"; return 1; }
	lost=$(ledger_lost)
	ledger_lines > /tmp/ledger.lines
	poison_list "$@" > /tmp/device.lines
	echo "ledger: $(wc -l < /tmp/ledger.lines) lines, lost=$lost; device lists: $(wc -l < /tmp/device.lines) lines"
	if [ "$lost" = 0 ]; then
		cmp -s /tmp/ledger.lines /tmp/device.lines ||
			{ echo "device lists differ from the ledger:"; diff /tmp/ledger.lines /tmp/device.lines | head -20; bad=1; }
		# Each differing line's Inject/Clear history from the trace.
		diff /tmp/ledger.lines /tmp/device.lines | sed -n 's/^[-+]\(mem[0-9]*\) \(0x[0-9a-f]*\)$/\1 \2/p' | head -5 |
			while read -r m d; do
				echo "trace of $m $d:"
				grep "memdev=$m .*dpa=$d " /tmp/fuzz.trace | tail -8 | sed 's/^/    /'
			done
	elif [ -n "$(lines_not_in /tmp/device.lines /tmp/ledger.lines)" ]; then
		echo "the ledger lists lines the devices do not hold:"
		lines_not_in /tmp/device.lines /tmp/ledger.lines | head
		bad=1
	fi
	echo 1 > "$DBG/clear_all" || { echo "clear_all failed"; bad=1; }
	[ -z "$(ledger_lines)" ] || { echo "ledger not empty after clear_all"; bad=1; }
	[ "$lost" != 0 ] || [ -z "$(poison_list "$@")" ] ||
		{ echo "poison left after clear_all:"; poison_list "$@" | head; bad=1; }
	return $bad
}

# ---- common test setups ----------------------------------------------------
# setup_region WAYS GRAN: the CXL stack with WAYS memdevs, a region over all
# of them at granularity GRAN, and the module loaded; sets r. Ends the test
# if any of it fails.
setup_region() {
	cxl_up "$1" || { bad "CXL stack up"; finish; }
	r=$(make_region_all "$2" 0x10000000) || { bad "$1-way region created"; finish; }
	check "module loads" load
	wait_for 5 test -e "$DBG/$r/inject_poison"
}

# bench_paths OFFSET: after setup_region, the cpcbench paths for the line at
# region offset OFFSET: the in-tree memdev file, ours by DPA and by offset,
# and the in-tree region file where the kernel has one. Sets m, d, paths.
bench_paths() {
	local x
	x=$(translate "$r" "$1")
	m=$(kv memdev "$x") d=$(kv dpa "$x")
	echo "offset $1 of $r is $m dpa $d"
	paths="intree_memdev:/sys/kernel/debug/cxl/$m:$d ours_memdev:$DBG/$m:$d ours_region:$DBG/$r:$1"
	[ -e "/sys/kernel/debug/cxl/$r/inject_poison" ] &&
		paths="$paths intree_region:/sys/kernel/debug/cxl/$r:$1"
}

# oracle_test WAYS GRAN SEED: setup_region, then the trace oracle on 200
# random offsets plus the boundaries (and the in-tree files where present).
oracle_test() {
	local intree=0
	setup_region "$1" "$2"
	[ -e "/sys/kernel/debug/cxl/$r/inject_poison" ] && intree=1
	check "trace oracle on $r (in-tree comparison: $intree)" oracle "$r" 200 "$3" $intree
	check "module unloads" unload
	finish
}

# oracle_and_ranges REGION SEED: the trace oracle on 200 random offsets and
# the boundaries (and the in-tree region files where the kernel has them),
# ranges across every position, at the end and far into the region; then
# unload. Ends the test.
oracle_and_ranges() {
	local r="$1" intree=0 gran ways size
	[ -e "/sys/kernel/debug/cxl/$r/inject_poison" ] && intree=1
	check "trace oracle on $r (in-tree comparison: $intree)" oracle "$r" 200 "$2" "$intree"
	gran=$(cat "$CXL/$r/interleave_granularity") ways=$(cat "$CXL/$r/interleave_ways")
	size=$(cat "$CXL/$r/size")
	check "range across every position of $r" range_oracle "$r" $((gran - 128)) $((gran * ways + 256))
	check "range at the end of $r" range_oracle "$r" $((size - 4096)) 4096
	check "range far into $r" range_oracle "$r" 0x1234500 0x2000
	check "module unloads" unload
	finish
}

dmesg_has() { dmesg | grep -q "$1"; }

# ---- cxl_test, the kernel's CXL mock ------------------------------------
# Mock devices are platform devices: their memdevs, ports and decoders are
# real CXL core objects, their mailbox is cxl_mock_mem's. Its poison list
# holds poison_inject_max entries per device (8), 128 in all; a Get Poison
# List read covers only the first 1/64 of the range the core asks for (the
# mock takes the length, in 64-byte units, as bytes): of an endpoint
# decoder's DPA range when the memdev is in a region, else of a partition.
# Where a list cannot be trusted, the trace judges.
MOCK_DRV=/sys/bus/platform/drivers/cxl_mock_mem

# mock_up [PARAM=VALUE...]: load cxl_test and the drivers udev would load
# (the guest has none); wait until every mock device's memdev is bound.
mock_up() {
	local m
	modprobe cxl_test "$@" || return 1
	for m in cxl_port cxl_mem cxl_mock_mem cxl_pmem; do modprobe "$m" || return 1; done
	echo 1 > /sys/bus/cxl/flush
	wait_for 120 mock_all_bound
}
mock_all_bound() {
	local n=0 d
	for d in "$MOCK_DRV"/cxl_*; do [ -e "$d" ] && n=$((n + 1)); done
	[ "$n" -gt 0 ] && all_bound "$n"
}

# mock_windows: every root decoder as START:SIZE, comma-separated: what a
# modulo boot of cxl_test declares (modulo_windows), its CEDT being the
# mock's own.
mock_windows() {
	local d
	for d in "$CXL"/decoder0.*; do
		printf '%s:%s\n' "$(cat "$d/start")" "$(cat "$d/size")"
	done | paste -sd, -
}

# mock_max N: each mock device holds N poisoned lines (at most 128 in all).
mock_max() { w "$1" $MOCK_DRV/poison_inject_max; }

# memdevs_under ROOT_DECODER: the memdevs below the host bridges the root
# decoder targets, by their platform device path, whose first endpoint
# decoder takes a new DPA size (emptied here): not one left enabled, as the
# mock's boot region leaves them when no window takes it.
memdevs_under() {
	local t m p
	for t in $(tr ',' ' ' < "$CXL/$1/target_list"); do
		for m in $(memdevs); do
			p=$(readlink -f "$CXL/$m")
			case $p in */cxl_host_bridge.$t/*) ;; *) continue ;; esac
			echo 0 2>/dev/null > "$CXL/$(ep_decoder "$m")/dpa_size" && echo "$m"
		done
	done
}
