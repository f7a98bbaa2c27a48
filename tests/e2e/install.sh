#!/usr/bin/env bash
# cmake --install into a temporary prefix, then from another folder (/)
# the installed binary plans samples/ with no --mappings: it finds
# <prefix>/share/ledgerlift/mappings from where it is, never through the
# source tree. A copy of the binary with nothing beside it says it cannot
# find its mappings and how to give them (exit 1); with --mappings it
# plans. The build folder's binary works from any folder too (the build
# has the installed layout: build/share/ledgerlift/mappings).
. "$(dirname "$0")/lib.sh"
command -v cmake > /dev/null || { echo "no cmake: skipped"; exit 77; }
BUILD=$(cd "$(dirname "$LL")" && pwd)
P="$T/prefix"
cmake --install "$BUILD" --prefix "$P" > "$T/install.txt" 2>&1
expect_eq "cmake --install exit" "$?" "0"
for f in bin/ledgerlift share/ledgerlift/mappings/amazon.csv \
	share/ledgerlift/mappings/settings.json share/ledgerlift/mappings/accounts.csv \
	share/doc/ledgerlift/README.md share/doc/ledgerlift/cli.md \
	share/doc/ledgerlift/adding-a-platform.md; do
	[ -f "$P/$f" ] && ok || bad "not installed: $f"
done
[ -x "$P/bin/ledgerlift" ] && ok || bad "the installed binary is not executable"

# what the build's binary plans with the source's mappings, for comparison
"$LL" plan -q --mappings "$SRC/mappings" --state "$T/want.db" "$SRC/samples" 2> /dev/null
want=$(q "$T/want.db" "SELECT count(*) || ' ' || sum(total_minor) FROM documents")

cd /
"$P/bin/ledgerlift" plan -q --state "$T/inst.db" "$SRC/samples" 2> "$T/inst-err.txt"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "installed plan exit $rc: $(tail -3 "$T/inst-err.txt")"
expect_eq "installed binary plans the same documents" \
	"$(q "$T/inst.db" "SELECT count(*) || ' ' || sum(total_minor) FROM documents")" "$want"

"$LL" plan -q --state "$T/build.db" "$SRC/samples" 2> "$T/build-err.txt"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "build binary plan from / exit $rc: $(tail -3 "$T/build-err.txt")"
expect_eq "build binary from / plans the same documents" \
	"$(q "$T/build.db" "SELECT count(*) || ' ' || sum(total_minor) FROM documents")" "$want"

# a copy with nothing beside it
mkdir "$T/lone" && cp "$P/bin/ledgerlift" "$T/lone/"
"$T/lone/ledgerlift" plan --state "$T/lone.db" "$SRC/samples" > /dev/null 2> "$T/lone-err.txt"
expect_eq "lone binary exit" "$?" "1"
grep -q "cannot find the mapping tables" "$T/lone-err.txt" && ok ||
	bad "lone binary: no clear message: $(cat "$T/lone-err.txt")"
grep -q -- "--mappings DIR" "$T/lone-err.txt" && ok ||
	bad "lone binary: does not say how to give them: $(cat "$T/lone-err.txt")"
grep -q "$SRC" "$T/lone-err.txt" && bad "lone binary names the source tree: $(cat "$T/lone-err.txt")" || ok
"$T/lone/ledgerlift" plan -q --mappings "$P/share/ledgerlift/mappings" --state "$T/lone2.db" \
	"$SRC/samples" 2> /dev/null
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "lone binary with --mappings: exit $rc"
finish
