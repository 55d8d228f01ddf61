# shellcheck shell=sh
# topology: sw8
# timeout: 900
# A 8-way region through CXL switches (2 host bridges x 2 root ports x a 2-port switch: interleave at root, host bridge and switch):
# geometry, modulo decode, and the trace oracle on 200 random offsets, the
# boundaries and ranges.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 8 256
check "$r geometry matches sysfs (8-way)" geometry_matches "$r"
check "$r decodes modulo" decode_is "$r" arithmetic=modulo translatable=yes
oracle_and_ranges "$r" 8256
