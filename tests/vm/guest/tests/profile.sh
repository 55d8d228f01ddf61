# shellcheck shell=sh
# topology: two
# timeout: 600
# check: no
# cmdline: PROFILE_DEPTH=4 PROFILE_FUNCS=(cpc_inject_write|cpc_clear_write|simple_attr_write)
# Where an inject+clear spends its time, for development: function_graph
# durations (depth PROFILE_DEPTH) below the functions PROFILE_FUNCS matches
# (edit the cmdline line above), for the same paths as bench, a few calls
# each after a warm-up. The tracer's overhead inflates every number, so
# compare within one run; latency numbers come from make bench.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 2 256
bench_paths 0x12340
# shellcheck disable=SC2086 # one argument per path spec
cpcbench 200 $paths
check "function_graph available" grep -qw function_graph $T/available_tracers
echo 0 > $T/tracing_on
echo > $T/trace
echo "$PROFILE_DEPTH" > $T/max_graph_depth
grep -E "^$PROFILE_FUNCS( |\$)" $T/available_filter_functions | awk '{print $1}' |
	while read -r f; do echo "$f" >> $T/set_graph_function; done
echo "graph functions: $(tr '\n' ' ' < $T/set_graph_function)"
echo function_graph > $T/current_tracer
echo 1 > $T/tracing_on
# shellcheck disable=SC2086 # one argument per path spec
cpcbench 3 $paths
echo 0 > $T/tracing_on
echo "---- trace"
cat $T/trace
echo nop > $T/current_tracer
check "module unloads" unload
finish
