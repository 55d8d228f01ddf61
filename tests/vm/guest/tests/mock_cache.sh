# shellcheck shell=sh
# topology: mock
# mock: cxl_test
# kernels: dbg72
# timeout: 900
# The kernel's CXL mock with an extended linear cache in front of the
# region it assembles at boot (cxl_test extended_linear_cache=1): region
# offsets inside the cache are refused (EINVAL, one log line, no command
# sent); past it, the kernel's trace puts 200 random offsets and the
# boundaries at resource + offset, by region offset and by DPA.
# shellcheck source=../lib.sh
. /tests/lib.sh
mock_up extended_linear_cache=1 || { bad "cxl_test up"; finish; }
r=region0
check "$r assembled by the kernel at boot, bound" wait_for 30 test -e "$CXL/$r/driver"
cache=$(($(cat "$CXL/$r/extended_linear_cache_size")))
check "$r has a cache in front ($cache bytes)" test "$cache" -gt 0
check "module loads" modprobe cxl_poison_ctl "modulo_windows=$(mock_windows)"
check "$r/ appears" wait_for 5 test -e "$DBG/$r/inject_poison"
check "$r geometry matches sysfs (cache_size)" geometry_matches "$r"
check "$r: arithmetic=modulo translatable=yes" decode_is "$r" arithmetic=modulo translatable=yes
trace_on
for off in 0 0x40 $((cache - 64)); do
	check "inject at $off, inside the cache: EINVAL" expect_errno EINVAL "$DBG/$r/inject_poison" "$off"
	check "translate $off, inside the cache: EINVAL" expect_errno EINVAL "$DBG/$r/translate" "$off"
done
check "a range ending past the cache: EINVAL" expect_errno EINVAL "$DBG/$r/inject_poison" "$((cache - 64)) 128"
check "nothing sent to a device" test -z "$(trace_records Inject)"
mock_max 64
ORACLE_BATCH=32 ORACLE_NO_LIST=1 ORACLE_MIN=$cache
check "trace oracle by region offset past the cache" oracle "$r" 200 7601
check "trace oracle by DPA past the cache" dpa_oracle "$r" 200 7602
check "module unloads" unload
finish
