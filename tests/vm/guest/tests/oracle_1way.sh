# shellcheck shell=sh
# topology: one
# timeout: 600
# Region-offset inject/clear against the kernel's own cxl_poison trace:
# 1-way region, granularity 256, 200 random offsets plus the boundaries.
# shellcheck source=../lib.sh
. /tests/lib.sh
oracle_test 1 256 1256
