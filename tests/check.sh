#!/bin/bash
# make check: deps, lint, unit tests, DKMS builds, the Debian package, and
# every VM test on the Debian 6.12 kernel and the 7.2 debug kernel, and on
# Debian's 7.3 the tests that name it. Ends with "N passed, N failed".
#   CPC_OUT      output dir (default ./out)
#   VM_TESTS     guest tests to run (default: all in tests/vm/guest/tests;
#                on a kernel other than deb612 and dbg72, those whose
#                "# kernels:" header names it)
#   VM_KERNELS   kernels (default: "deb612 dbg72 deb73")
set -uo pipefail
# shellcheck source=vm/lib.sh
. "$(dirname "$0")/vm/lib.sh"
OUT=${CPC_OUT:-$TOP_DIR/out}
export CPC_OUT=$OUT
rm -rf "$OUT" && mkdir -p "$OUT"
cd "$TOP_DIR" || exit 1
pass=0 fail=0 t0=$SECONDS

record() {
	echo "$1"
	case $1 in
	PASS*) pass=$((pass + 1)) ;;
	FAIL*) fail=$((fail + 1)) ;;
	esac
}

step() { # name command...
	local name=$1 s=$SECONDS
	shift
	if "$@" >"$OUT/$name.log" 2>&1; then
		record "PASS $name ($((SECONDS - s))s)"
	else
		record "FAIL $name (log: $OUT/$name.log)"
		tail -15 "$OUT/$name.log" | sed 's/^/    /'
	fi
}

if ! bash tests/vm/deps.sh; then
	echo "deps failed"
	echo "0 passed, 1 failed"
	exit 1
fi
load_kernels_env

step lint bash tests/lint.sh
step unit make -s -C tests/unit run
step dkms-deb61 bash tests/dkms_61.sh
# make deb, install and purge it (and make dkms-install/-uninstall) in a
# throwaway Debian 12 root; prints what it checked.
step pkg bash tests/pkg.sh
grep '^pkg: ' "$OUT/pkg.log" | sed 's/^/    /'

# Every guest test except those marked "# check: no" (bench, profile,
# stress_intree for make baseline, matrix_* for make matrix).
tests=$(cd tests/vm/guest/tests && grep -L '^# check: no' ./*.sh | sed 's|^\./||; s|\.sh$||')
# tests_for KERNEL: deb612 and dbg72 run every test; another kernel (deb73)
# only those whose "# kernels:" header names it.
tests_for() {
	local t
	case $1 in
	deb612 | dbg72) echo "$tests" ;;
	*) for t in $tests; do
		grep -Eq "^# kernels:.* $1( |\$)" "tests/vm/guest/tests/$t.sh" && echo "$t"
	done ;;
	esac
}
for k in ${VM_KERNELS:-deb612 dbg72 deb73}; do
	step "dkms-build-$k" bash tests/vm/dkms.sh build "$k" "$OUT/dkms-$k"
	# shellcheck disable=SC2086 # one argument per test
	while IFS= read -r line; do
		case $line in
		PASS* | FAIL*) record "$line" ;;
		*) echo "$line" ;;
		esac
	done < <(bash tests/vm/run.sh "$k" "$OUT" ${VM_TESTS:-$(tests_for "$k")} 2>&1 | grep -v '^readelf: Warning')
done

# Where 6.12's own trace cannot be the oracle, it must agree with 7.2's.
step xlate-agree bash tests/vm/xlate_agree.sh "$OUT"

echo "make check: $((SECONDS - t0)) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
