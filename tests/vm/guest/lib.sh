# shellcheck shell=sh
# Guest test helpers (busybox sh). Tests source this and exit non-zero on
# failure; every check prints one CPC-CHECK line.
CXL=/sys/bus/cxl/devices
DBG=/sys/kernel/debug/cxl_poison_ctl
FAILED=0

ok() { echo "CPC-CHECK ok   $*"; }
bad() { echo "CPC-CHECK FAIL $*"; FAILED=1; }
check() { # check "description" command...
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else bad "$desc"; fi
}
finish() { exit $FAILED; }

# wait_for SECONDS command...: poll until the command succeeds.
wait_for() {
	local t=$(($1 * 10))
	shift
	while [ $t -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		t=$((t - 1))
	done
	return 1
}
not() { ! "$@"; }

# w VALUE FILE: write, and say what failed.
w() {
	echo "$1" > "$2" || { echo "write '$1' > $2 failed" >&2; return 1; }
}

memdevs() { ls -d $CXL/mem* 2>/dev/null | sed 's|.*/||'; }

unbind_memdev() { echo "$1" > /sys/bus/cxl/drivers/cxl_mem/unbind; }
# The old endpoint is torn down asynchronously: a bind right after an
# unbind can fail with -EBUSY, so retry for a while.
bind_memdev() {
	local t=50
	while [ $t -gt 0 ]; do
		echo "$1" 2>/dev/null > /sys/bus/cxl/drivers/cxl_mem/bind && return 0
		memdev_bound "$1" && return 0
		sleep 0.2
		t=$((t - 1))
	done
	return 1
}

memdev_bound() { [ -e "$CXL/$1/driver" ]; }

# Load the CXL stack and wait until every memdev is bound to cxl_mem.
cxl_up() {
	n=${1:-1}
	modprobe cxl_acpi && modprobe cxl_pci && modprobe cxl_mem || return 1
	wait_for 20 all_bound "$n"
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
unload() { modprobe -r cxl_poison_ctl; }

# Endpoint decoder (decoderN.0) of a memdev, via endpointN/uport.
ep_decoder() {
	local ep
	for ep in $CXL/endpoint*; do
		[ "$(basename "$(readlink "$ep/uport")")" = "$1" ] || continue
		echo "decoder${ep##*endpoint}.0"
		return 0
	done
	return 1
}

# Host bridge (PCI root bus) a memdev sits under, for ordering targets.
memdev_hb() { readlink -f "$CXL/$1" | sed -n 's|.*/pci\([0-9a-f:]*\)/.*|\1|p'; }
memdev_rp() { readlink -f "$CXL/$1" | awk -F/ '{ print $(NF-2) }'; }

# Order memdevs into interleave positions: position i is under host
# bridge i % HBs (the root decoder's target order), distinct root ports.
order_targets() {
	local m
	for m in "$@"; do echo "$(memdev_hb "$m") $(memdev_rp "$m") $m"; done |
		sort | awk '{ hb[$1] = hb[$1] " " $3; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
		END { for (i = 0; i < n; i++) { c = split(hb[order[i]], a, " "); for (j = 1; j <= c; j++) l[i, j - 1] = a[j]; cnt = c }
		      for (j = 0; j < cnt; j++) for (i = 0; i < n; i++) print l[i, j] }'
}

# make_region GRAN SIZE_PER_DEVICE MEMDEV...: a committed, bound RAM region.
# Prints its name.
make_region() {
	local gran=$1 per=$2 ways root r m d i
	shift 2
	ways=$#
	root=$CXL/decoder0.0
	r=$(cat $root/create_ram_region) || return 1
	w "$r" $root/create_ram_region || return 1
	w "$ways" $CXL/$r/interleave_ways || return 1
	w "$gran" $CXL/$r/interleave_granularity || return 1
	for m in "$@"; do
		d=$(ep_decoder "$m") || return 1
		echo 0 > $CXL/$d/dpa_size 2>/dev/null
		w ram $CXL/$d/mode || return 1
		w "$per" $CXL/$d/dpa_size || return 1
	done
	w $((per * ways)) $CXL/$r/size || return 1
	i=0
	for m in $(order_targets "$@"); do
		w "$(ep_decoder "$m")" $CXL/$r/target$i || return 1
		i=$((i + 1))
	done
	w 1 $CXL/$r/commit || return 1
	[ -e $CXL/$r/driver ] || w "$r" /sys/bus/cxl/drivers/cxl_region/bind || return 1
	echo "$r"
}

delete_region() {
	echo "$1" > $CXL/decoder0.0/delete_region
}

# Compare regionZ/geometry with what sysfs says.
geometry_matches() {
	local r=$1 g=$DBG/$1/geometry out want i d ep m
	[ -r "$g" ] || { echo "no $g"; return 1; }
	out=$(cat "$g") || return 1
	echo "$out" | sed 's/^/    /'
	want="region=$r
mode=$(cat $CXL/$r/mode)
resource=$(cat $CXL/$r/resource)
size=$(cat $CXL/$r/size)
ways=$(cat $CXL/$r/interleave_ways)
granularity=$(cat $CXL/$r/interleave_granularity)"
	i=0
	while [ $i -lt "$(cat $CXL/$r/interleave_ways)" ]; do
		d=$(cat $CXL/$r/target$i)
		ep=$CXL/endpoint${d#decoder}
		ep=${ep%.*}
		m=$(basename "$(readlink "$ep/uport")")
		want="$want
position=$i decoder=$d memdev=$m dpa_base=$(cat $CXL/$d/dpa_resource) dpa_size=$(printf '%#x' "$(cat $CXL/$d/dpa_size)")"
		i=$((i + 1))
	done
	[ "$out" = "$want" ] || { echo "geometry mismatch; sysfs says:"; echo "$want" | sed 's/^/    /'; return 1; }
}
