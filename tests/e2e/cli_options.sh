#!/usr/bin/env bash
# The option tables: every command's --help (exit 0) is made from its rows,
# so every option it lists is one it takes (each is given with a plausible
# value before --help, which must still exit 0), and run's lists --force,
# --sandbox-dir and --wait. Usage errors exit 2: an unknown option, a bad
# value, a missing or unexpected operand, undo without --run.
. "$(dirname "$0")/lib.sh"
cd "$T"
value() {
	case "$1" in
	N) echo 1 ;; MODE) echo order ;; ZONE) echo none ;; CC) echo GB ;;
	C) echo GBP ;; X | S) echo 2 ;; DATE) echo 2024-01-01 ;; SPEC) echo 500:0.1 ;;
	*) echo "$T/x" ;;
	esac
}
for cmd in plan run undo status scan login sandbox; do
	"$LL" "$cmd" --help > "help-$cmd.txt" 2>&1
	expect_eq "$cmd --help exit" "$?" "0"
	grep -q "^usage: ledgerlift $cmd " "help-$cmd.txt" && ok || bad "$cmd --help: no usage line"
	# "  --name ARG  help" and "  -q, --quiet  help": every option listed is taken
	sed -n 's/^  \(-., \)\?--\([a-z-]*\)\( \([^ ]*\)\)\?  .*/\2 \4/p; s/^  \(-., \)\?--\([a-z-]*\)\( \([^ ]*\)\)\?$/\2 \4/p' \
		"help-$cmd.txt" > "opts-$cmd.txt"
	[ -s "opts-$cmd.txt" ] && ok || bad "$cmd --help lists no options"
	while read -r name arg; do
		[ "$name" = help ] && continue
		if [ -n "$arg" ]; then
			"$LL" "$cmd" "--$name" "$(value "$arg")" --help > /dev/null 2> err.txt
		else
			"$LL" "$cmd" "--$name" --help > /dev/null 2> err.txt
		fi
		expect_eq "$cmd --$name ${arg:+$(value "$arg") }--help" "$?" "0"
	done < "opts-$cmd.txt"
	"$LL" "$cmd" --no-such-option > /dev/null 2>&1
	expect_eq "$cmd --no-such-option" "$?" "2"
done
for o in force sandbox-dir wait create-accounts repost-changed max-calls; do
	grep -q -- "--$o" help-run.txt && ok || bad "run --help does not list --$o"
done
grep -q -- "--wait" help-plan.txt && grep -q -- "--wait" help-undo.txt && ok ||
	bad "plan or undo --help does not list --wait"

"$LL" plan > /dev/null 2> err.txt
expect_eq "plan without INPUT" "$?" "2"
grep -q "no INPUT given" err.txt && ok || bad "plan without INPUT: $(head -2 err.txt)"
"$LL" plan --mode weekly in > /dev/null 2> err.txt
expect_eq "plan --mode weekly" "$?" "2"
grep -q -- "--mode is settlement or order" err.txt && ok || bad "bad --mode: $(cat err.txt)"
"$LL" run --max-calls 0 in > /dev/null 2> err.txt
expect_eq "run --max-calls 0" "$?" "2"
grep -q -- "--max-calls takes a positive number" err.txt && ok || bad "bad --max-calls: $(cat err.txt)"
"$LL" run --per-day x in > /dev/null 2>&1
expect_eq "run --per-day x" "$?" "2"
"$LL" undo > /dev/null 2> err.txt
expect_eq "undo without --run" "$?" "2"
grep -q -- "--run N is required" err.txt && ok || bad "undo without --run: $(head -1 err.txt)"
"$LL" undo --run 0 > /dev/null 2>&1
expect_eq "undo --run 0" "$?" "2"
"$LL" status extra > /dev/null 2> err.txt
expect_eq "status with an operand" "$?" "2"
grep -q "unexpected argument 'extra'" err.txt && ok || bad "status extra: $(head -1 err.txt)"
"$LL" login --port 70000 > /dev/null 2> err.txt
expect_eq "login --port 70000" "$?" "2"
grep -q -- "--port takes a number from 1 to 65535" err.txt && ok || bad "login --port: $(cat err.txt)"
"$LL" sandbox --time-scale 0 > /dev/null 2>&1
expect_eq "sandbox --time-scale 0" "$?" "2"
"$LL" scan > /dev/null 2>&1
expect_eq "scan without INPUT" "$?" "2"
finish
