# shellcheck shell=sh
# topology: two
# timeout: 400
# Hostile input on every writable file: each case gets its documented errno
# and one log line from the module (or, where the VFS refuses before the
# module is called, its errno and no line), no kernel-trouble line, and the
# devices' poison lists stay empty.
# shellcheck source=../lib.sh
. /tests/lib.sh
setup_region 2 256
# shellcheck disable=SC2046 # one argument per memdev
set -- $(memdevs)
size=$(cat "$CXL/$r/size") msize=$(memdev_size "$1")
n=0
case_() { # ERRNO FILE DATA [OFFSET]
	local d="${2%/*}"
	n=$((n + 1))
	check "#$n ${d##*/}/${2##*/} '$3'${4:+ at $4}: $1" expect_errno "$@"
}
for f in $DBG/$r/inject_poison $DBG/$r/clear_poison $DBG/$1/inject_poison $DBG/$1/clear_poison; do
	case_ EINVAL "$f" ""
	case_ EINVAL "$f" "   "
	case_ EINVAL "$f" "banana"
	case_ EINVAL "$f" "0x40zz"
	case_ EINVAL "$f" "-64"
	case_ ERANGE "$f" 18446744073709551616
	case_ EINVAL "$f" 0x41
	case_ EINVAL "$f" 0x40 1
	case_ EINVAL "$f" "0x40 0x41"
	case_ EINVAL "$f" "0x40 0"
	case_ EINVAL "$f" "0x40 64 64"
done
for f in $DBG/$r/inject_poison $DBG/$r/clear_poison; do
	case_ ERANGE "$f" "$size"
	case_ ERANGE "$f" 18446744073709551552
	case_ ERANGE "$f" "$((size - 64)) 128"
	case_ ERANGE "$f" 0xffffffffffffffc0
done
for f in $DBG/$1/inject_poison $DBG/$1/clear_poison; do
	case_ ERANGE "$f" "$msize"
	case_ ERANGE "$f" 18446744073709551552
	case_ ERANGE "$f" "$((msize - 64)) 128"
done
# the same numbers in every base: octal 0100 = 64, decimal, hex
check "octal 0100 accepted (= 64)" cpcw "$DBG/$r/inject_poison" 0100
check "decimal 64 clears it" cpcw "$DBG/$r/clear_poison" 64
check "hex 0x40 with whitespace" cpcw "$DBG/$r/inject_poison" "  0x40
"
check "octal clear" cpcw "$DBG/$r/clear_poison" 0100
case_ EINVAL "$DBG/$r/inject_poison" 0108
case_ ERANGE "$DBG/$r/translate" "$size"
case_ EINVAL "$DBG/$r/translate" "0x40 64"
case_ EINVAL "$DBG/$r/translate" ""
n=$((n + 1))
got=$(cpcw -b "$DBG/$r/inject_poison" 8192)
check "#$n write of 8192 bytes: EINVAL ($got)" test "$got" = EINVAL
# Refused by the VFS, before the module: no log line.
n=$((n + 1)); got=$(cpcw "$DBG/$r/geometry" 0x40)
check "#$n write to read-only geometry: EINVAL ($got)" test "$got" = EINVAL
n=$((n + 1)); got=$(cpcw $DBG/injected 0x40)
check "#$n write to read-only injected: EINVAL ($got)" test "$got" = EINVAL
n=$((n + 1)); got=$(cpcw -r "$DBG/$r/inject_poison")
check "#$n read of write-only inject_poison: EINVAL ($got)" test "$got" = EINVAL
n=$((n + 1)); got=$(cpcw -r $DBG/clear_all)
check "#$n read of write-only clear_all: EINVAL ($got)" test "$got" = EINVAL
n=$((n + 1)); got=$(cpcw -r "$DBG/$1/clear_poison")
check "#$n read of write-only memdev clear_poison: EINVAL ($got)" test "$got" = EINVAL
echo "$n hostile cases"
check "at least 40 cases" test $n -ge 40
check "permissions: writes 0200, reads 0400, translate 0600" \
	test "$(stat -c %a "$DBG/$r/inject_poison" "$DBG/$r/clear_poison" "$DBG/$r/geometry" "$DBG/$r/translate" $DBG/injected $DBG/clear_all "$DBG/$1/inject_poison" | tr '\n' ' ')" = "200 200 400 600 400 200 200 "
check "poison lists unchanged (empty)" test -z "$(poison_list "$@")"
check "ledger empty" test -z "$(cat $DBG/injected)"
check "module unloads" unload
finish
