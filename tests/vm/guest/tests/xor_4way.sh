# shellcheck shell=sh
# topology: four
# cedt: xor --maps 0x2020900
# timeout: 600
# XOR at the root, modulo below: a 4-way region over two host bridges of
# two root ports each, under a 2-way XOR window. Trace oracle on 200 random
# offsets, the boundaries and ranges.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 4 256
check "$r geometry matches sysfs" geometry_matches "$r"
check "$r decodes by XOR with the CXIMS map" decode_is "$r" arithmetic=xor xormaps=0x2020900 translatable=yes
oracle_and_ranges "$r" 4256
