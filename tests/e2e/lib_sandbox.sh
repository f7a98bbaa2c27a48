# lib_sandbox.sh - start a real `ledgerlift sandbox` process for a test and
# point ledgerlift's Xero client at it. Time is scaled 60x: a Xero "minute"
# lasts one second, on both sides (LEDGERLIFT_TIME_SCALE).
SBX_PID=""

# start_sandbox DIR [extra sandbox options...]: sets SBX_URL; a sandbox this
# test started before is stopped first (one at a time, none left running)
start_sandbox() {
	local dir="$1"
	shift
	stop_sandbox
	mkdir -p "$dir"
	"$LL" sandbox --port 0 --data "$dir" --time-scale 60 "$@" > "$dir/out.txt" 2> "$dir/err.txt" &
	SBX_PID=$!
	for _ in $(seq 1 100); do
		grep -q "listening on" "$dir/out.txt" 2>/dev/null && break
		sleep 0.05
	done
	SBX_URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$dir/out.txt" | head -1)
	if [ -z "$SBX_URL" ]; then
		echo "sandbox did not start: $(cat "$dir/err.txt")" >&2
		return 1
	fi
	export XERO_API_URL="$SBX_URL/api.xro/2.0"
	export XERO_TOKEN_URL="$SBX_URL/connect/token"
	export XERO_CONNECTIONS_URL="$SBX_URL/connections"
	export XERO_CLIENT_ID=sandbox-client
	export XERO_CLIENT_SECRET=sandbox-secret
	export LEDGERLIFT_TIME_SCALE=60
}

stop_sandbox() {
	[ -n "$SBX_PID" ] && kill "$SBX_PID" 2>/dev/null && wait "$SBX_PID" 2>/dev/null
	SBX_PID=""
}

# set_faults SPEC
set_faults() {
	curl -s -X POST --data "$1" "$SBX_URL/__sandbox/faults" > /dev/null
}

# sandbox_check STATE_DB: every posted document is in the sandbox exactly
# once, with the same total (invoices and credit notes by number; payments,
# bank transfers and bank transactions by Reference); prints "ok N" or what
# is wrong
sandbox_check() {
	curl -s "$SBX_URL/__sandbox/documents" > "$T/sbx-docs.json"
	"$PY" - "$1" "$T/sbx-docs.json" <<'PY'
import json, sqlite3, sys
from collections import Counter
from decimal import Decimal
con = sqlite3.connect(sys.argv[1])
raw = json.load(open(sys.argv[2]))
# kind in the state file: (collection, its number field, its amount field)
KINDS = {"Invoice": ("Invoices", "InvoiceNumber", "Total"),
         "CreditNote": ("CreditNotes", "CreditNoteNumber", "Total"),
         "Payment": ("Payments", "Reference", "Amount"),
         "BankTransfer": ("BankTransfers", "Reference", "Amount"),
         "BankTransaction": ("BankTransactions", "Reference", "Total")}
nums, total = Counter(), {}
for kind, (coll, nf, af) in KINDS.items():
    for d in raw.get(coll, []):
        if d.get("Status") in ("DELETED", "VOIDED"):
            continue
        key = (kind, d.get(nf))
        nums[key] += 1
        total[key] = Decimal(str(d.get(af)))
dups = [n for n, c in nums.items() if c > 1]
problems = []
if dups:
    problems.append("in the sandbox more than once: %s" % dups[:5])
ours = set()
for kind, num, minor, cur in con.execute(
        "SELECT kind, number, total_minor, currency FROM documents WHERE status='posted'"):
    exp = 0 if cur == "JPY" else 2
    key = (kind, num)
    ours.add(key)
    if key not in nums:
        problems.append("posted but not in the sandbox: %s" % num)
    elif total[key] != Decimal(minor).scaleb(-exp):
        problems.append("total differs for %s: %s vs %s" % (num, total[key], minor))
# (payments and transfers made by hand in a test are not ours)
extra = [key[1] for key in nums
         if key not in ours and key[0] in ("Invoice", "CreditNote", "BankTransaction")]
if extra:
    problems.append("in the sandbox but not recorded as posted: %s" % extra[:5])
print("; ".join(problems) if problems else "ok %d" % len(ours))
PY
}
