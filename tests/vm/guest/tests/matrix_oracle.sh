# shellcheck shell=sh
# topology: two
# check: no
# make matrix: on a distro kernel, the DKMS-built module loads with kmod's
# modprobe and the region oracle holds on a sample of offsets.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 2 256
check "module came from updates/dkms" sh -c "modinfo -n cxl_poison_ctl | grep -q /updates/dkms/"
check "trace oracle on $r (40 offsets + boundaries)" oracle "$r" 40 777 0
check "module unloads" unload
finish
