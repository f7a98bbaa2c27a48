#!/usr/bin/env bash
# hostile_inputs.sh - input folders as an attacker or an unlucky user makes
# them (issue 16): two links to the folder itself, a dangling link, a link
# loop, a FIFO, a folder that cannot be listed, control characters in a
# file name. `plan` reads each file once, reports every bad entry as a
# skipped file with its reason and plans the rest; a FIFO is never opened
# (it would block: every command runs under `timeout`); names reach the
# terminal escaped.
. "$(dirname "$0")/lib.sh"
cd "$T"
mkdir -p in
cp -r "$SRC"/samples/amazon "$SRC"/samples/shopify in/
NFILES=$(find in -type f | wc -l)
(cd in && ln -s . a && ln -s . b && ln -s nowhere dang && ln -s loop2 loop1 && ln -s loop1 loop2 &&
	mkfifo pipe && mkdir locked && printf 'x\n' > locked/hidden.csv && chmod 000 locked)

# a folder mode 000 stops root only without CAP_DAC_OVERRIDE/READ_SEARCH
AS=()
if [ "$(id -u)" = 0 ]; then
	if setpriv --inh-caps=-dac_override,-dac_read_search \
		--bounding-set=-dac_override,-dac_read_search true 2> /dev/null; then
		AS=(setpriv --inh-caps=-dac_override,-dac_read_search
		    --bounding-set=-dac_override,-dac_read_search)
	else
		chmod 755 in/locked; rm -rf in/locked # cannot test it here
	fi
fi

# 1. the issue's folder: ends, each file read once, the bad entries skipped
timeout "${LL_TIMEOUT:-60}" "${AS[@]}" "$LL" plan --state st.db in > /dev/null 2> plan.err
expect_eq "plan exit (skipped entries)" "$?" "3"
expect_eq "each file once" "$(q st.db "SELECT count(*), count(DISTINCT path) FROM sources WHERE format NOT IN
	('broken-link', 'fifo', 'folder')")" "$NFILES|$NFILES"
expect_eq "no path through a link to the folder itself" \
	"$(q st.db "SELECT count(*) FROM sources WHERE path LIKE 'in/a/%' OR path LIKE 'in/b/%'")" "0"
skipped() { # PATH KIND REASON-PART
	got=$(q st.db "SELECT count(*) FROM sources s JOIN rejects r ON r.source_id=s.id WHERE
		s.path='$1' AND s.status='skipped' AND s.format='$2' AND r.code='skipped' AND
		r.message LIKE '%${3//\'/\'\'}%'")
	expect_eq "skipped $1 ($2)" "$got" "1"
}
skipped in/dang broken-link "link to 'nowhere', which does not exist"
skipped in/loop1 broken-link "symbolic link loop"
skipped in/loop2 broken-link "symbolic link loop"
skipped in/pipe fifo "named pipe (FIFO)"
[ -d in/locked ] && skipped in/locked folder "cannot be listed (Permission denied)"
grep -q "in/pipe: skipped: a named pipe" plan.err && ok || bad "no message for the FIFO: $(cat plan.err)"

# 2. a FIFO given as the input: a message and exit 4 (every file skipped:
# nothing to read), not a silent 0 (nor a hang)
mkfifo lone
timeout 60 "$LL" plan --state lone.db lone > /dev/null 2> lone.err
expect_eq "FIFO input exit" "$?" "4"
grep -q "lone: skipped: a named pipe (FIFO), not a file: not opened" lone.err && ok ||
	bad "FIFO input message: $(cat lone.err)"
timeout 60 "$LL" scan lone > lone.scan
expect_eq "scan of a FIFO" "$(cat lone.scan)" "lone  fifo  skipped: a named pipe (FIFO), not a file: not opened"

# 3. control characters in a file name and in its first line: escaped on
# the terminal (scan's listing, plan's log lines), kept in the state file
mkdir esc
name=$(printf 'evil\033[2J\033]0;pwned\007\nfake: posted.csv')
printf 'not,an,export\033[31m\n1,2,3\n' > "esc/$name"
timeout 60 "$LL" scan esc > esc.scan
timeout 60 "$LL" plan --state esc.db esc > /dev/null 2> esc.err
for f in esc.scan esc.err; do
	LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$f" && bad "a control character reached the terminal in $f" || ok
	expect_eq "one line about the file in $f" "$(grep -c 'evil' "$f")" "1"
done
grep -qF 'esc/evil\x1b[2J\x1b]0;pwned\x07\nfake: posted.csv  unknown  skipped' esc.scan && ok ||
	bad "scan listing: $(cat -v esc.scan)"
expect_eq "the state file keeps the real name" \
	"$(q esc.db "SELECT count(*) FROM sources WHERE path=char(101,115,99,47,101,118,105,108,27,91,50,74,27,93,48,59,112,119,110,101,100,7,10,102,97,107,101,58,32,112,111,115,116,101,100,46,99,115,118)")" "1"
finish
