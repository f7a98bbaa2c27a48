#!/usr/bin/env bash
# Parsing on parser threads (issue 15 item 2: --jobs, LEDGERLIFT_JOBS): a
# tree of every platform's exports (the samples and the test fixtures: many
# files, good and broken, plain and gzipped) planned with one thread and
# with parser threads reading ahead gives the same `plan --json`, the same
# messages in the same order on standard error, the same state-file rows
# (tests/golden/dump.py) and the same `status --json`; so does a re-plan
# after some files changed (the others kept unchanged, read ahead or not),
# --force, and a plan in another time zone (each parser thread has its own
# copy of the zone; PayPal's Time Zone column opens zones of its own).
. "$(dirname "$0")/lib.sh"
cd "$T"
DUMP="$SRC/tests/golden/dump.py"
mkdir in
cp -r "$SRC/samples" in/
for d in amazon amazon-daterange ebay paypal shopify woocommerce tz join; do
	cp -r "$SRC/tests/data/$d" "in/$d"
done

# plan_in DIR ARGS...: plan the tree into DIR/state.db (from DIR), keeping
# its JSON, standard error, exit code, state rows and status
plan_in() {
	local dir="$1" n
	shift
	mkdir -p "$dir"
	n=$(ls "$dir" | grep -c '^plan-.*\.rc$' || true)
	(cd "$dir" && "$LL" plan --json --state state.db "$@" "$T/in" > "plan-$n.jsonl" 2> "plan-$n.err"
	 echo "$?" > "plan-$n.rc")
	"$PY" "$DUMP" state "$dir/state.db" "$T" > "$dir/state-$n.txt"
	(cd "$dir" && "$LL" status --json --state state.db > "status-$n.json" 2> /dev/null)
	"$PY" "$DUMP" status "$dir/status-$n.json" "$T" > "$dir/status-$n.txt"
}

# same WHAT DIR1 DIR2: every picture of DIR1 equals DIR2's
same() {
	local f
	for f in $(cd "$2" && ls | grep -v -e '\.db' -e '^status-[0-9]*\.json$'); do
		if cmp -s "$2/$f" "$3/$f"; then ok; else
			bad "$1: $f differs: $(diff "$2/$f" "$3/$f" | head -5)"
		fi
	done
}

plan_in j1 --jobs 1
plan_in j2 --jobs 2
plan_in j4 --jobs 4
LEDGERLIFT_JOBS=3 plan_in env3
expect_eq "the plan is not empty" "$([ "$(wc -l < j1/plan-0.jsonl)" -gt 500 ] && echo yes)" yes
expect_eq "messages on standard error" "$([ "$(wc -l < j1/plan-0.err)" -gt 100 ] && echo yes)" yes
expect_eq "exit code" "$(cat j1/plan-0.rc)" 3
same "--jobs 2" j1 j2
same "--jobs 4" j1 j4
same "LEDGERLIFT_JOBS=3" j1 env3

# a re-plan: two files changed (read again), the rest unchanged (kept), then
# --force reads everything again
touch -d '2030-01-01 00:00' "$T/in/samples/amazon/"* "$T/in/paypal/"*
plan_in j1 --jobs 1
plan_in j2 --jobs 2
plan_in j1 --jobs 1 --force
plan_in j2 --jobs 2 --force
same "re-plan, --jobs 2" j1 j2

# another time zone: everything mapped again, dated there
plan_in j1 --jobs 1 --timezone America/New_York
plan_in j2 --jobs 2 --timezone America/New_York
same "time zone, --jobs 2" j1 j2
grep -q 'times read fall on another day there' j2/plan-3.err && ok ||
	bad "the time zone moved no date: $(tail -3 j2/plan-3.err)"

"$LL" plan --jobs 0 --state x.db in > /dev/null 2>&1
expect_eq "--jobs 0 is a usage error" "$?" 2
finish
