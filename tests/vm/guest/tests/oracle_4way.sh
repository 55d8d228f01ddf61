# shellcheck shell=sh
# topology: four
# timeout: 600
# Region-offset inject/clear against the kernel's own cxl_poison trace:
# 4-way region, granularity 256, 200 random offsets plus the boundaries.
# shellcheck source=../lib.sh
. /tests/lib.sh
oracle_test 4 256 4256
