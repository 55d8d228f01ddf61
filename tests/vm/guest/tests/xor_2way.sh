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
oracle_and_ranges "$r" 2256
