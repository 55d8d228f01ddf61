# shellcheck shell=sh
# topology: sw16
# timeout: 900
# check: no
# A 16-way region through CXL switches (2 host bridges x 2 root ports x a 4-port switch; opt-in: VM_TESTS=switch_16way):
# geometry, modulo decode, and the trace oracle on 200 random offsets, the
# boundaries and ranges.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 16 256
check "$r geometry matches sysfs (16-way)" geometry_matches "$r"
check "$r decodes modulo" decode_is "$r" arithmetic=modulo translatable=yes
oracle_and_ranges "$r" 16256
