# shellcheck shell=sh
# topology: one
# kernels: deb612
# cmdline: lockdown=integrity
# Kernel lockdown (what Secure Boot turns on): an unsigned module is refused
# at load, and debugfs refuses to open writable files, in-tree ones too.
# Documents why the README says poison injection needs a kernel without
# lockdown.
# shellcheck source=../lib.sh
. /tests/lib.sh
check "lockdown is integrity" grep -q '\[integrity\]' /sys/kernel/security/lockdown
cxl_up 1 || { bad "CXL stack up"; finish; }
m=$(memdevs)
modprobe cxl_poison_ctl 2>/tmp/err; rc=$?
echo "modprobe: rc=$rc $(cat /tmp/err)"
check "unsigned cxl_poison_ctl refused at load" test $rc != 0 -a ! -e /sys/module/cxl_poison_ctl
got=$(cpcw "/sys/kernel/debug/cxl/$m/inject_poison" 0x40)
check "in-tree debugfs inject refused under lockdown ($got)" test "$got" = open:EPERM
finish
