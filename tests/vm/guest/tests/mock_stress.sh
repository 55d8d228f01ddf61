# shellcheck shell=sh
# topology: mock
# mock: cxl_test
# kernels: dbg72
# smp: 2
# timeout: 1500
# cmdline: cpc.stress=45
# A short stress test on the kernel's CXL mock (cpc.stress=SECONDS, here
# 45): writers by region offset and by DPA, poison-list readers, memdev
# unbind/bind, region delete/recreate, rmmod/modprobe, on a 2-way region
# across two switch ports of one mock host bridge. modprobe takes the
# declared window from /etc/modprobe.d, as a user's configuration would.
# The memdev writers stay below 4 MiB of DPA, where the mock's poison-list
# reads see (see mock_up). Same pass criteria as stress.
# shellcheck source=../lib.sh
. /tests/lib.sh
secs=$(sed -n 's/.*cpc\.stress=\([0-9]*\).*/\1/p' /proc/cmdline)
mock_up interleave_arithmetic=0 || { bad "cxl_test up"; finish; }
wait_for 30 test -e "$CXL/region0/driver"
check "the boot's region0 deleted" delete_region region0
mkdir -p /etc/modprobe.d
echo "options cxl_poison_ctl modulo_windows=$(mock_windows)" > /etc/modprobe.d/cxl_poison_ctl.conf
ROOT_DECODER=decoder0.0
STRESS_MEMDEVS=$(memdevs_under decoder0.0 | head -2 | tr '\n' ' ')
STRESS_DPA=0x200000
mock_max 64
check "stress ${secs:-90} s on $STRESS_MEMDEVS" stress ours "${secs:-90}"
check "module unloads at the end" unload
finish
