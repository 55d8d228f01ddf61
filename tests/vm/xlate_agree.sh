#!/bin/bash
# xlate_agree.sh OUTDIR: guest tests that print "CPC-XLATE offset serial dpa"
# lines (three_way_unaligned) must print the same lines on every kernel
# that ran them: 6.12 lands on the same memdev and DPA as 7.2, whose own
# trace vouched for them.
set -uo pipefail
out=$1 rc=0 n=0
for log in "$out"/dbg72-*.log; do
	[ -e "$log" ] || continue
	t=${log##*/dbg72-}
	other=$out/deb612-$t
	grep -aq '^CPC-XLATE' "$log" || continue
	if [ ! -e "$other" ]; then
		echo "xlate: ${t%.log} ran on 7.2 only; nothing to compare"
		continue
	fi
	if diff <(grep -a '^CPC-XLATE' "$log" | tr -d '\r') \
		<(grep -a '^CPC-XLATE' "$other" | tr -d '\r') >"$out/xlate-${t%.log}.diff"; then
		n=$(grep -ac '^CPC-XLATE' "$log")
		echo "xlate: ${t%.log}: 6.12 and 7.2 agree on $n offsets"
	else
		echo "xlate: ${t%.log}: 6.12 and 7.2 differ ($out/xlate-${t%.log}.diff)"
		head -5 "$out/xlate-${t%.log}.diff"
		rc=1
	fi
done
exit $rc
