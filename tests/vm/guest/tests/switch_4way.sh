# shellcheck shell=sh
# topology: sw4
# timeout: 900
# A 4-way region through CXL switches (one host bridge, one root port, a switch with 4 downstream ports):
# geometry, modulo decode, and the trace oracle on 200 random offsets, the
# boundaries and ranges.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 4 256
check "$r geometry matches sysfs (4-way)" geometry_matches "$r"
check "$r decodes modulo" decode_is "$r" arithmetic=modulo translatable=yes
oracle_and_ranges "$r" 4256
