# shellcheck shell=sh
# topology: two
# smp: 2
# timeout: 1500
# Random input under churn (cpc.stress=SECONDS, default 90): two fuzzers
# write random bytes, boundary numbers in every base and random ranges to
# every writable file (inject/clear of the region and the memdevs,
# translate, clear_all) beside writers, poison-list readers and region
# recreation with memdev unbind/bind. Passes when every write returned
# success or a documented errno, the devices' poison lists equal the
# module's ledger at the end, clear_all empties them, and the run judge
# sees no kernel trouble.
# shellcheck source=../lib.sh
. /tests/lib.sh
secs=$(sed -n 's/.*cpc\.stress=\([0-9]*\).*/\1/p' /proc/cmdline)
cxl_up 2 || { bad "CXL stack up"; finish; }
check "fuzz ${secs:-90} s under churn" fuzz_stress "${secs:-90}"
check "module unloads at the end" unload
finish
