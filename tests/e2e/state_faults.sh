#!/usr/bin/env bash
# The state file under damage: a truncated or corrupted file, a foreign
# SQLite file and a text file give a clear error (exit 1), never a crash or
# a silent reset. Then a write failure at the Nth write of the state file
# (the disk filling up) at many N: each run ends cleanly, the file stays
# consistent, and a final run posts every document exactly once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_sandbox.sh"
trap 'stop_sandbox; rm -rf "$T"' EXIT
cd "$T"
mkdir -p in && cp -r "$SRC/samples/amazon" in/

"$LL" plan -q --state good.db in > /dev/null 2>&1
size=$(stat -c %s good.db)
head -c $((size / 2)) good.db > trunc.db
cp good.db corrupt.db
# 8 KiB of noise from the second page on (its b-tree header and cells; the
# page size is the header's bytes 16-17: 4096 made page 1's unused tail of a
# 32 KiB page the target, and nothing reads that)
pgsz=$(od -An -tu1 -j16 -N2 good.db | awk '{print $1 * 256 + $2}')
dd if=/dev/urandom of=corrupt.db bs=1 seek="$pgsz" count=8192 conv=notrunc 2> /dev/null
"$PY" -c "import sqlite3; c=sqlite3.connect('foreign.db'); c.execute('create table t(x)'); c.commit()"
echo "not a database at all" > text.db
for f in trunc corrupt foreign text; do
	"$LL" plan -q --state "$f.db" in > "$f.out" 2> "$f.err"
	rc=$?
	expect_eq "$f state file: exit" "$rc" "1"
	grep -qi "state file\|database" "$f.err" && ok || bad "$f: no clear message: $(cat "$f.err")"
done
grep -q "not a ledgerlift state file" foreign.err && ok || bad "foreign file not named as such"
"$LL" plan -q --state good.db in > /dev/null 2>&1
expect_eq "the good file still works" "$?" "3"

# write failures at the Nth write of the state file
start_sandbox "$T/sbx" || exit 1
for n in 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 1597 2584; do
	LEDGERLIFT_TEST_FAIL_WRITE_AT=$n "$LL" run -q --mode order --create-accounts \
		--enable-currencies --state w.db in > /dev/null 2>> w.err
	rc=$?
	case "$rc" in
	0 | 1 | 3) ok ;;
	*) bad "write failure at $n: exit $rc" ;;
	esac
	if [ -f w.db ]; then
		expect_eq "consistent after failing write $n" \
			"$("$PY" -c "import sqlite3; print(sqlite3.connect('w.db').execute('pragma integrity_check').fetchone()[0])")" "ok"
	fi
done
grep -q "database or disk is full" w.err && ok || bad "the failure was not reported: $(tail -2 w.err)"
# some failures must have hit the posting stage, not only planning
expect_eq "write failures reached posting" \
	"$(q w.db "SELECT count(*) > 0 FROM documents WHERE status='posted'")" "1"
for i in 1 2 3; do
	"$LL" run -q --mode order --create-accounts --enable-currencies --state w.db in \
		> /dev/null 2>> w.err
	[ "$(q w.db "SELECT count(*) FROM documents WHERE status='planned'")" = 0 ] && break
done
n=$(q w.db "SELECT count(*) FROM documents")
[ "$n" -gt 100 ] && ok || bad "only $n documents"
expect_eq "after write failures: every document once" "$(sandbox_check w.db)" "ok $n"
finish
