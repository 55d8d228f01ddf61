# shellcheck shell=sh
# topology: one
# check: no
# make matrix, bookworm's 6.1: the DKMS placeholder refuses to load with a
# clear line, and nothing else goes wrong.
# shellcheck source=../lib.sh
. /tests/lib.sh
cxl_up 1 || { bad "CXL stack up"; finish; }
modprobe cxl_poison_ctl 2>/tmp/err; rc=$?
echo "modprobe: rc=$rc $(cat /tmp/err)"
check "modprobe fails" test $rc != 0 -a ! -e /sys/module/cxl_poison_ctl
check "the clear line is in the log" dmesg_has "does not export cxl_inject_poison"
dmesg | grep 'does not export cxl_inject_poison'
finish
