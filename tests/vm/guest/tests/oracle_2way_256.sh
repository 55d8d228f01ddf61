# shellcheck shell=sh
# topology: two
# timeout: 600
# Region-offset inject/clear against the kernel's own cxl_poison trace:
# 2-way region, granularity 256, 200 random offsets plus the boundaries.
# shellcheck source=../lib.sh
. /tests/lib.sh
oracle_test 2 256 2256
