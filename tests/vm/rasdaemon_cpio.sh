#!/bin/bash
# rasdaemon_cpio.sh OUT.cpio
# An add-on to a guest image, appended to it by run.sh for the tests that
# say "# with: rasdaemon": bookworm-backports' rasdaemon 0.8.1, ras-mc-ctl
# and sqlite3 (make deps: RASDAEMON_ROOT) under /opt/rasdaemon, run by
# their own loader on their own libraries (the image has only kmod's), and /usr/sbin/rasdaemon, /usr/sbin/ras-mc-ctl (Debian's
# script as shipped, reading /var/lib/rasdaemon/ras-mc_event.db),
# /usr/bin/perl and /usr/bin/sqlite3 to call them by. Only those tests
# unpack its ~23 MB.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
load_kernels_env
out=$1
root=${RASDAEMON_ROOT:-}
[ -x "$root/usr/sbin/rasdaemon" ] || die "no rasdaemon under '$root': run 'make deps'"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
opt=/opt/rasdaemon
# bookworm's packages are not merged-/usr: libc, its loader and readline
# are in lib/x86_64-linux-gnu, sqlite and libtraceevent in usr/lib/....
lib=$opt/lib/x86_64-linux-gnu libs=$lib:$opt/usr/lib/x86_64-linux-gnu
mkdir -p "$stage$opt" "$stage/usr/bin" "$stage/usr/sbin" "$stage/var/lib"
# Without what none of them loads (perl-modules' Unicode tables, its
# toolchain and test modules): the debug kernel unpacks an image slowly
# enough under TCG for a larger one to trip the hung-task detector (a
# usermode helper waits for the unpacking).
tar -C "$root" --exclude=usr/share/doc --exclude=usr/share/man \
	--exclude=usr/share/locale --exclude=usr/lib/x86_64-linux-gnu/gconv \
	--exclude='usr/share/perl/*/'{unicore,Unicode,Pod,CPAN,ExtUtils,Module,Test2,TAP} \
	-cf - usr lib/x86_64-linux-gnu | tar -C "$stage$opt" -xf -

# wrapper PATH BINARY [ASSIGNMENT...]: PATH runs BINARY (under /opt/rasdaemon)
# with the loader and libraries beside it, in the environment given.
wrapper() {
	local path=$1 bin=$2
	shift 2
	printf '%s\n' '#!/bin/sh' "${@/#/export }" \
		"exec $lib/ld-linux-x86-64.so.2 --library-path $libs $opt$bin \"\$@\"" \
		>"$stage$path"
	chmod +x "$stage$path"
}
wrapper /usr/sbin/rasdaemon /usr/sbin/rasdaemon
wrapper /usr/bin/sqlite3 /usr/bin/sqlite3
# perl's own @INC names /usr: point it at the copy (perl-base, the XS
# modules DBI and DBD::SQLite, perl-modules-X.Y, the arch-independent ones).
inc=$(cd "$stage$opt" && printf "$opt/%s:" usr/lib/x86_64-linux-gnu/perl-base \
	usr/lib/x86_64-linux-gnu/perl5/5.* usr/share/perl5 usr/share/perl/5.*)
wrapper /usr/bin/perl /usr/bin/perl "PERL5LIB=${inc%:}"
# ras-mc-ctl's "#!/usr/bin/perl" finds the wrapper.
cp "$root/usr/sbin/ras-mc-ctl" "$stage/usr/sbin/"

# Uncompressed, and so first in the image (an archive that follows a
# compressed one must be compressed): inflating it costs the debug kernel
# more than reading it.
(cd "$stage" && find . | cpio -o -H newc --quiet) >"$out"
