# shellcheck shell=sh
# topology: two
# smp: 2
# timeout: 1500
# Concurrency stress (cpc.stress=SECONDS, default 90): writers by region
# offset and by DPA, poison-list readers, memdev unbind/bind, region
# delete/recreate, rmmod/modprobe. Passes when the run judge sees no kernel
# trouble (lockdep still on, no hung task), every write returned success or
# a documented errno, and the poison lists equal what succeeded.
# shellcheck source=../lib.sh
. /tests/lib.sh
secs=$(sed -n 's/.*cpc\.stress=\([0-9]*\).*/\1/p' /proc/cmdline)
cxl_up 2 || { bad "CXL stack up"; finish; }
check "stress ${secs:-90} s" stress ours "${secs:-90}"
check "module unloads at the end" unload
finish
