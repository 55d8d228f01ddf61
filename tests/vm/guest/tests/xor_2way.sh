# shellcheck shell=sh
# topology: xor2
# cedt: xor --maps 0x2020900
# timeout: 600
# A 2-way window across two host bridges whose CEDT says XOR arithmetic
# (QEMU's table rewritten, one CXIMS map): the kernel decodes it by XOR,
# the module reads the same CEDT, and the trace oracle must hold for 200
# random offsets, the boundaries and ranges.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 2 256
check "$r geometry matches sysfs" geometry_matches "$r"
check "$r decodes by XOR with the CXIMS map" decode_is "$r" arithmetic=xor xormaps=0x2020900 translatable=yes
check "the kernel took the XOR window" dmesg_has "Table Upgrade: override \[CEDT"
# The CEDT wins over a declaration: the same window declared modulo; the
# oracle below runs with the declaration in place.
win=$(cat "$CXL/decoder0.0/start"):$(cat "$CXL/decoder0.0/size")
unload
check "module loads with the XOR window also declared modulo" modprobe cxl_poison_ctl "modulo_windows=$win"
check "it says the CEDT wins" dmesg_has "declared modulo (the CEDT describes it: the CEDT wins)"
wait_for 5 test -e "$DBG/$r/inject_poison"
check "$r: window=cedt, still XOR" decode_is "$r" arithmetic=xor xormaps=0x2020900 translatable=yes
check "$r: window=cedt" grep -qx window=cedt "$DBG/$r/geometry"
oracle_and_ranges "$r" 2256
