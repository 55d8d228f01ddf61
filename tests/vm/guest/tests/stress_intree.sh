# shellcheck shell=sh
# topology: two
# smp: 2
# timeout: 1500
# check: no
# Baseline (make baseline, not make check): the same stress against the
# in-tree /sys/kernel/debug/cxl/ files (memX, and regionZ where the kernel
# has them). What happens is reported, not asserted.
# shellcheck source=../lib.sh
. /tests/lib.sh
secs=$(sed -n 's/.*cpc\.stress=\([0-9]*\).*/\1/p' /proc/cmdline)
cxl_up 2 || { bad "CXL stack up"; finish; }
stress intree "${secs:-90}"
ok "baseline ran"
finish
