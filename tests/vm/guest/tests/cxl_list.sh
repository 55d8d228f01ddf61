# shellcheck shell=sh
# topology: two
# timeout: 600
# What CXL users see: ndctl's "cxl list --media-errors" (Debian sid's cxl,
# ndctl 85) after injects through this module, by region offset and by DPA.
# By region it reports offset = the kernel's traced HPA - the region's
# resource, which must be the offset written; by memdev, the DPA; source
# Injected; nothing after the clears.
# shellcheck source=../lib.sh
. /tests/lib.sh
# media_errors ARGS...: "offset source" per media error cxl list reports;
# fails unless cxl lists the object asked for (so an empty answer means
# no media errors, not a failed cxl).
# shellcheck disable=SC2317 # called through check
media_errors() {
	cxl list "$@" --media-errors > /tmp/cxl.json || return 1
	grep -q '"\(region\|memdev\)":"' /tmp/cxl.json || return 1
	tr -d ' \n' < /tmp/cxl.json | sed 's/"media_errors":\[/\n/g' |
		sed -n '2,$s/\].*//p' | tr '}' '\n' |
		sed -n 's/.*"offset":"\{0,1\}\([0-9a-fx]*\).*"source":"\([A-Za-z]*\)".*/\1 \2/p' |
		while read -r o s; do printf '%#x %s\n' "$((o))" "$s"; done
}
cxl_up 2 || { bad "CXL stack up"; finish; }
check "cxl runs: ndctl $(cxl --version)" cxl --version
r=$(make_region_all 256 0x10000000) || { bad "region created"; finish; }
check "module loads" load
wait_for 5 test -e "$DBG/$r/inject_poison"
off=0x1040
x=$(translate "$r" $off)
m=$(kv memdev "$x") d=$(kv dpa "$x")
# Another line, by DPA on the other device: 0x3000 into its decoder.
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
o=$1
[ "$o" = "$m" ] && o=$2
od=$(printf '%#x' $(($(cat "$CXL/$(ep_decoder "$o")/dpa_resource") + 0x3000)))
trace_on
check "inject offset $off ($m dpa $d) by region offset" w $off "$DBG/$r/inject_poison"
check "inject $o dpa $od by DPA" w "$od" "$DBG/$o/inject_poison"
# What the kernel traced, as region offsets: the DPA inject's too.
res=$(cat "$CXL/$r/resource")
trace_records Inject | while read -r _ _ h _; do printf '%#x Injected\n' $((h - res)); done |
	sort > /tmp/traced
check "cxl list -r $r runs" media_errors -r "$r"
media_errors -r "$r" | sort > /tmp/by_region
cat /tmp/cxl.json
check "cxl list -r $r: offset $off, source Injected" grep -qx "$off Injected" /tmp/by_region
check "cxl list -r $r: both lines, at the offsets the kernel traced" cmp -s /tmp/traced /tmp/by_region
check "cxl list -m $m: dpa $d, Injected" test "$(media_errors -m "$m")" = "$(printf '%#x' $((d))) Injected"
check "cxl list -m $o: dpa $od, Injected" test "$(media_errors -m "$o")" = "$od Injected"
check "clear by region offset" w $off "$DBG/$r/clear_poison"
check "clear by DPA" w "$od" "$DBG/$o/clear_poison"
check "cxl list -r $r: no media errors" test -z "$(media_errors -r "$r" || echo failed)"
check "cxl list -m $m $o: none" test -z "$(media_errors -m "$m" || echo failed; media_errors -m "$o" || echo failed)"
check "module unloads" unload
finish
