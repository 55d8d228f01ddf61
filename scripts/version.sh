#!/bin/bash
# version.sh: print the version (the one line of VERSION), or fail if it is
# not a plain dotted version (it names /usr/src/<name>-<version> and is the
# Debian package's version, so nothing else is allowed in it).
set -euo pipefail
f=$(cd "$(dirname "$0")/.." && pwd)/VERSION
ver=$(cat "$f")
if ! [[ $ver =~ ^[0-9]+(\.[0-9]+)*$ ]] || [ "$(wc -l <"$f")" != 1 ]; then
	echo "version.sh: $f must hold one line like 0.2.0, not '$ver'" >&2
	exit 1
fi
echo "$ver"
