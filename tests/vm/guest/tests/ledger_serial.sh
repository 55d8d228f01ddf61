# shellcheck shell=sh
# topology: two
# The ledger knows a device by its serial, not by its memX name, which the
# kernel reuses: both memdevs' PCI devices leave cxl_pci (their memdevs are
# deleted), the second comes back first and takes the name mem0. The range
# injected on the old mem0 stays listed under its serial (state=unbound),
# clear_all leaves the new mem0 alone (ENODEV, no Clear in the trace); once
# the first device is back, as mem1, the range follows it there and
# clear_all clears it on that device.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 2 || { bad "CXL stack up"; finish; }
check "module loads" load
# shellcheck disable=SC2317 # called through check and wait_for
pci_of() { p=$(readlink -f "$CXL/$1"); p=${p%/*}; echo "${p##*/}"; }
# shellcheck disable=SC2317 # called through wait_for
bound_serial() { # bound_serial MEMDEV SERIAL: MEMDEV is bound and has SERIAL
	memdev_bound "$1" && [ "$(($(cat "$CXL/$1/serial")))" = "$(($2))" ]
}
a=mem0 b=mem1
sa=$(cat $CXL/$a/serial) sb=$(cat $CXL/$b/serial)
pa=$(pci_of $a) pb=$(pci_of $b)
echo "$a: serial $sa pci $pa; $b: serial $sb pci $pb"
check "the two devices have distinct serials" test "$((sa))" != "$((sb))"
wait_for 5 test -e "$DBG/$a/inject_poison"
check "inject on $a (serial $sa) by DPA" cpcw "$DBG/$a/inject_poison" "0x1000 0x80"
sed 's/^/    /' $DBG/injected
check "injected: serial=$sa state=bound" \
	grep -q "^memdev=$a dpa=0x1000 length=0x80 serial=$sa state=bound$" $DBG/injected

for p in "$pa" "$pb"; do echo "$p" > /sys/bus/pci/drivers/cxl_pci/unbind; done
check "both memdevs deleted" wait_for 30 not test -e "$CXL/$a" -o -e "$CXL/$b"
check "injected: the range stays, state=unbound" \
	grep -q "^memdev=$a dpa=0x1000 length=0x80 serial=$sa state=unbound$" $DBG/injected
# back PCI MEMDEV SERIAL: bind PCI to cxl_pci; its memdev comes back as
# MEMDEV, which has SERIAL, and the module serves it.
# shellcheck disable=SC2317 # called through check
back() {
	echo "$1" > /sys/bus/pci/drivers/cxl_pci/bind &&
		wait_for 60 bound_serial "$2" "$3" &&
		wait_for 10 test -e "$DBG/$2/inject_poison" &&
		sed 's/^/    /' "$DBG/injected"
}
check "the second device is back first, as $a (serial $sb)" back "$pb" $a "$sb"
check "injected: still serial=$sa, state=unbound" \
	grep -q "dpa=0x1000 length=0x80 serial=$sa state=unbound$" $DBG/injected
trace_on
check "clear_all: ENODEV (the device of serial $sa is not bound)" test "$(cpcw $DBG/clear_all 1)" = ENODEV
check "nothing cleared on the new $a (trace)" test -z "$(trace_records Clear)"
check "the range is still listed" grep -q "serial=$sa" $DBG/injected

check "the first device is back, as $b (serial $sa)" back "$pa" $b "$sa"
check "injected: the range follows it to $b, state=bound" \
	grep -q "^memdev=$b dpa=0x1000 length=0x80 serial=$sa state=bound$" $DBG/injected
check "its poison is still on it" in_poison_list $b 0x1000
trace_on
check "clear_all" cpcw $DBG/clear_all 1
check "cleared on $b, the device of serial $sa (trace)" \
	test "$(trace_records Clear | awk '{print $1, $2}' | sort | tr '\n' ' ')" = "$b 0x1000 $b 0x1040 "
check "ledger empty" test -z "$(cat $DBG/injected)"
check "no poison left" test -z "$(poison_list $a $b)"
check "module unloads" unload
finish
