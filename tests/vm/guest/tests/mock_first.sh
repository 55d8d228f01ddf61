# shellcheck shell=sh
# topology: mock
# mock: cxl_test
# kernels: dbg72
# timeout: 900
# The module loaded before the memdevs bind (after the mock's root
# decoders exist, whose windows it is given): the kernel assembles its
# boot region during the last memdev's probe, so the region binds before
# that memdev does and the module reads the region's geometry before it
# serves the memdev. The memdev is published only with its capabilities
# read, and the region is read again then: it translates, its memdevs'
# Inject/Clear Poison are known (no EOPNOTSUPP), and by region offset and
# by DPA the kernel's trace puts lines where the module said. Before
# memdevs were published only with their capabilities read, this failed:
# the region cached the last memdev's poison commands as off, and every
# write returned EOPNOTSUPP ("device does not enable Inject and Clear
# Poison").
# shellcheck source=../lib.sh
. /tests/lib.sh
modprobe cxl_test || { bad "cxl_test"; finish; }
check "cxl_port" modprobe cxl_port
check "root decoders" wait_for 30 test -e "$CXL/decoder0.0"
check "module loads first (modulo_windows=$(mock_windows))" \
	modprobe cxl_poison_ctl "modulo_windows=$(mock_windows)"
for d in cxl_mem cxl_mock_mem cxl_pmem; do check "$d" modprobe $d; done
echo 1 > /sys/bus/cxl/flush
check "every mock memdev bound" wait_for 120 mock_all_bound
r=region0
check "$r assembled by the kernel, bound" wait_for 30 test -e "$CXL/$r/driver"
check "$r/ appears" wait_for 10 test -e "$DBG/$r/inject_poison"
check "$r: arithmetic=modulo translatable=yes" decode_is "$r" arithmetic=modulo translatable=yes
# shellcheck disable=SC2046 # one argument per memdev
set -- $(geometry_memdevs "$r")
mock_max 64
check "inject by region offset (not EOPNOTSUPP)" cpcw "$DBG/$r/inject_poison" 0x1000
check "clear by region offset" cpcw "$DBG/$r/clear_poison" 0x1000
ORACLE_BATCH=32 ORACLE_NO_LIST=1
check "trace oracle by region offset on $r" oracle "$r" 100 7701
check "trace oracle by DPA on $r" dpa_oracle "$r" 100 7702
check "module unloads" unload
finish
