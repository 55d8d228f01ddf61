#!/bin/bash
# make check: deps, lint, unit tests, DKMS builds, the Debian package, and
# every VM test on the Debian 6.12 kernel and the 7.2 debug kernel, and on
# Debian's newest kernel (deb73) the tests whose "# kernels:" header names
# it. Ends
# with the time each step and guest test took (slowest first) and, last,
# "N passed, N failed".
#   CPC_OUT      output dir (default ./out)
#   VM_TESTS     guest tests to run (default: all in tests/vm/guest/tests)
#   VM_KERNELS   kernels (default: "deb612 dbg72 deb73")
#   CPC_VM_JOBS  guests at a time (default 2); CPC_ACCEL tcg|kvm (default: probed)
# The host steps (lint, unit, dkms-deb61, pkg) run one after the other
# beside the guests (their results print as they finish); the guests of
# both kernels share one pool, longest first (run.sh).
set -uo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "$0")/vm/lib.sh"
OUT=${CPC_OUT:-$TOP_DIR/out}
export CPC_OUT=$OUT
rm -rf "$OUT" && mkdir -p "$OUT"
cd "$TOP_DIR" || exit 1
t0=$SECONDS
RESULTS=$OUT/results TIMES=$OUT/times
: >"$RESULTS"
: >"$TIMES"

record() {
	echo "$1"
	case $1 in PASS* | FAIL*) echo "$1" >>"$RESULTS" ;; esac
}

# step NAME COMMAND...: output to NAME.log; its progress lines ("[hh:mm:ss] ...",
# log in vm/lib.sh: e.g. the package root being built) shown as they come.
step() {
	local name=$1 s=$SECONDS
	shift
	"$@" 2>&1 | tee "$OUT/$name.log" | grep -a --line-buffered '^\[[0-9:]*\] ' | sed -u 's/^/    /'
	if [ "${PIPESTATUS[0]}" = 0 ]; then
		record "PASS $name ($((SECONDS - s))s)"
	else
		record "FAIL $name (log: $OUT/$name.log)"
		tail -15 "$OUT/$name.log" | sed 's/^/    /'
	fi
	echo "$((SECONDS - s)) $name" >>"$TIMES"
}

s=$SECONDS
if ! bash tests/vm/deps.sh; then
	echo "deps failed"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$((SECONDS - s)) deps" >>"$TIMES"
load_kernels_env
resolve_accel

kernels=${VM_KERNELS:-deb612 dbg72 deb73}
for k in $kernels; do
	step "dkms-build-$k" bash tests/vm/dkms.sh build "$k" "$OUT/dkms-$k"
done

host_steps() {
	step lint bash tests/lint.sh
	step unit make -s -C tests/unit run
	step dkms-deb61 bash tests/dkms_61.sh
	# make deb, install and purge it (and make dkms-install/-uninstall) in a
	# throwaway Debian 12 root; prints what it checked.
	step pkg bash tests/pkg.sh
	grep '^pkg: ' "$OUT/pkg.log" | sed 's/^/    /'
}
log "host steps (lint, unit, dkms-deb61, pkg: about 11 minutes, 4 more the first time for the package root) beside the guests"
host_steps &
host_pid=$!

# Every guest test except those marked "# check: no" (bench, profile,
# stress_intree for make baseline, matrix_* for make matrix).
tests=${VM_TESTS:-$(cd tests/vm/guest/tests && grep -L '^# check: no' ./*.sh | sed 's|^\./||; s|\.sh$||')}
# shellcheck disable=SC2086 # one argument per test
while IFS= read -r line; do
	case $line in
	PASS* | FAIL*) record "$line" ;;
	*) echo "$line" ;;
	esac
done < <(bash tests/vm/run.sh "$kernels" "$OUT" $tests 2>&1 | grep --line-buffered -v '^readelf: Warning')
wait $host_pid

# Where 6.12's own trace cannot be the oracle, it must agree with 7.2's.
step xlate-agree bash tests/vm/xlate_agree.sh "$OUT"

echo "time per step and guest test, slowest first (s):"
sort -k1,1nr "$TIMES" | awk '{ printf "  %5d  %s\n", $1, $2 }'
echo "make check: $((SECONDS - t0)) s"
pass=$(grep -c '^PASS' "$RESULTS") fail=$(grep -c '^FAIL' "$RESULTS")
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
