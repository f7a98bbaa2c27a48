#!/usr/bin/python3
"""check_workbook.py - read an audit workbook back with openpyxl (Debian's
python3-openpyxl) and check what an accountant relies on, against the
state file it was written from and the console output of the same run.

  check_workbook.py WORKBOOK.xlsx STATE.db CONSOLE.txt

Prints one line per failed check ("FAILED: ...") and the number of checks;
exits 1 when any failed.
"""
import re
import sqlite3
import sys
from decimal import Decimal

import openpyxl

xlsx, db, console = sys.argv[1], sys.argv[2], sys.argv[3]
wb = openpyxl.load_workbook(xlsx)
con = sqlite3.connect(db)
checks = 0
failed = 0


def check(ok, what):
    global checks, failed
    checks += 1
    if not ok:
        failed += 1
        print("FAILED: %s" % what)


def money(v):
    return Decimal(str(v)).quantize(Decimal("0.001"))


TABLES = ["Settlements", "Documents", "Lines", "Files", "Rejects", "Monthly", "Batches",
          "Calls"]

# 1. the sheets, and every one set up for paper
names = wb.sheetnames
for n in ["Read me", "Summary", "Charts"] + TABLES:
    check(n in names, "sheet %s missing (have %s)" % (n, names))
for ws in wb.worksheets:
    ps = ws.page_setup
    check(ps.orientation == "landscape", "%s: not landscape" % ws.title)
    check(ws.sheet_properties.pageSetUpPr is not None and
          ws.sheet_properties.pageSetUpPr.fitToPage, "%s: not fit to pages" % ws.title)
    check((ps.fitToWidth or 1) == 1, "%s: not one page wide" % ws.title)
    check("&P" in (ws.oddFooter.right.text or ""), "%s: no page number in the footer"
          % ws.title)
    if ws.title.split(" (")[0] in TABLES:
        check(ws.print_title_rows == "$1:$1", "%s: header row not repeated (%s)"
              % (ws.title, ws.print_title_rows))
check((wb["Summary"].page_setup.fitToHeight or 1) == 1, "Summary: not one page tall")


def header(ws):
    return {c.value: c.column_letter for c in ws[1] if c.value}


# 2. widths that do not clip what is short: every format name, date, id
ws = wb["Files"]
h = header(ws)
fmt_col = h["Format"]
longest = max((len(str(c.value)) for c in ws[fmt_col][1:] if c.value), default=0)
check(ws.column_dimensions[fmt_col].width >= longest,
      "Files: Format column %s narrower than its longest value (%d)"
      % (ws.column_dimensions[fmt_col].width, longest))
for sheet, col in (("Settlements", "Deposit id"), ("Documents", "Number"),
                   ("Settlements", "Deposit date")):
    ws = wb[sheet]
    letter = header(ws)[col]
    longest = max((len(str(c.value)) for c in ws[letter][1:] if isinstance(c.value, str)),
                  default=10)
    check(ws.column_dimensions[letter].width >= longest,
          "%s: %s column narrower than its values" % (sheet, col))

# 3. the Summary: the money taken apart adds up to the deposits; the counts
# are the console's
ws = wb["Summary"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = next(i for i, r in enumerate(rows) if r[0] == "Platform" and r[3] == "Gross sales")
cols = rows[head]
lines = 0
for r in rows[head + 1:]:
    if r[0] is None and lines:
        continue
    if r[0] == "Platform" or (r[0] and str(r[0]).startswith("Planned against")):
        break
    if not r[0]:
        continue
    lines += 1
    parts = sum(money(r[cols.index(k)]) for k in (
        "Gross sales", "Refunds", "Selling fees", "Fulfilment & shipping", "Advertising",
        "Other fees", "Tax", "Other"))
    check(parts == money(r[cols.index("Net")]), "Summary %s %s: parts %s != Net %s"
          % (r[0], r[1], parts, r[cols.index("Net")]))
    check(money(r[cols.index("Net")]) == money(r[cols.index("Deposit total")]) and
          r[cols.index("Check")] == "ties", "Summary %s %s: Net %s, deposits %s, %s"
          % (r[0], r[1], r[cols.index("Net")], r[cols.index("Deposit total")],
             r[cols.index("Check")]))
n_pc = con.execute("SELECT count(*) FROM (SELECT DISTINCT platform, currency FROM"
                   " settlements)").fetchone()[0]
n_cur = con.execute("SELECT count(DISTINCT currency) FROM settlements").fetchone()[0]
check(lines == n_pc + n_cur, "Summary: %d lines, expected %d platform x currency + %d"
      " currencies" % (lines, n_pc, n_cur))
# the decimals of a currency, as src/util/money.c currency_exponent has them
ZERO_DECIMALS = dict([(c, 0) for c in "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV"
                      " XAF XOF XPF".split()] +
                     [(c, 3) for c in "BHD IQD JOD KWD LYD OMR TND".split()])
counts = {r[10]: r[13] for r in rows if len(r) > 13 and r[10] and r[13] is not None}
amounts = {r[10]: (r[14] or "") for r in rows if len(r) > 14 and r[10]}
text = open(console, encoding="utf-8", errors="replace").read()
m = re.search(r"settlements: (\d+) tied, (\d+) not tied, (\d+) duplicate, (\d+) conflicting;"
              r" held back (\d+) rows?(?: \(([^)]*)\))?, left out (\d+) rows?(?: \(([^)]*)\))?;",
              text)
check(m is not None, "console: no settlements line")
if m:
    g = m.groups()
    said = [int(x) for x in g[:5]] + [int(g[6])]
    shown = [counts.get(k) for k in (
        "Settlements tied", "Settlements not tied", "Duplicates (not imported again)",
        "Conflicting copies (not imported)", "Rows held back (1)", "Rows left out (1)")]
    check(said == shown, "Summary counts %s, the console said %s" % (shown, said))
    check([g[5] or "", g[7] or ""] == [amounts.get("Rows held back (1)"),
                                       amounts.get("Rows left out (1)")],
          "Summary amounts %s, the console said %s"
          % ([amounts.get("Rows held back (1)"), amounts.get("Rows left out (1)")],
             [g[5], g[7]]))
    # the rows and money held back and left out are the Completeness sheet's
    cs = wb["Completeness"]
    ch = [c.value for c in cs[1]]
    by = {"held back": [0, {}], "left out": [0, {}]}
    for r in cs.iter_rows(min_row=2, values_only=True):
        e = dict(zip(ch, r))
        if e["Fate"] in by:
            by[e["Fate"]][0] += e["Rows"]
            if e["Currency"] and e["Amount"]:
                cur = by[e["Fate"]][1]
                ex = ZERO_DECIMALS.get(e["Currency"], 2)
                cur[e["Currency"]] = cur.get(e["Currency"], 0) + round(e["Amount"] * 10 ** ex)
    check([by["held back"][0], by["left out"][0]] == shown[4:],
          "Completeness rows held back / left out %s, the Summary %s"
          % ([by["held back"][0], by["left out"][0]], shown[4:]))

    def money_text(d):
        return ", ".join("%s %.*f" % (k, ZERO_DECIMALS.get(k, 2),
                                      v / 10.0 ** ZERO_DECIMALS.get(k, 2))
                         for k, v in sorted(d.items()) if v)
    for fate, label in (("held back", "Rows held back (1)"), ("left out", "Rows left out (1)")):
        check(money_text(by[fate][1]) == amounts.get(label),
              "Completeness %s money %s, the Summary %s"
              % (fate, money_text(by[fate][1]), amounts.get(label)))
# the sheets are linked from the Summary
links = {c.value: c.hyperlink.location for r in ws.iter_rows() for c in r if c.hyperlink}
check(links.get("Settlements") == "'Settlements'!A1", "Summary: no link to Settlements")

# 4. Settlements: one tie column; its documents and lines linked to their
# first row, which belongs to it
ws = wb["Settlements"]
h = header(ws)
check("Tie" in h and "Check" not in h and "Tie status" not in h,
      "Settlements: tie columns %s" % [k for k in h if "Tie" in k or "Check" in k])
docs = wb["Documents"]
dh = header(docs)
lines_ws = wb["Lines"]
doc_deposit = {}
for r in docs.iter_rows(min_row=2):
    doc_deposit.setdefault(r[0].value, r[openpyxl.utils.column_index_from_string(
        dh["Deposit id"]) - 1].value)
n = 0
for r in ws.iter_rows(min_row=2):
    dep = r[1].value
    for col, target in (("Documents", docs), ("Lines", lines_ws)):
        c = r[openpyxl.utils.column_index_from_string(h[col]) - 1]
        if not c.value:
            continue
        n += 1
        loc = c.hyperlink.location if c.hyperlink else ""
        mm = re.match(r"'([^']+)'!A(\d+)$", loc or "")
        check(mm is not None and mm.group(1) == col,
              "Settlements %s: %s not linked (%s)" % (dep, col, loc))
        if mm and mm.group(1) == col:
            row = target[int(mm.group(2))]
            if col == "Documents":
                got = row[openpyxl.utils.column_index_from_string(dh["Deposit id"]) - 1].value
            else:
                got = doc_deposit.get(row[0].value)
            check(str(got) == str(dep), "Settlements %s: %s link lands on %s's row"
                  % (dep, col, got))
check(n > 0, "Settlements: no links")

# 5. Documents: one total, which adds up to each deposit; posted ones link
# to their page in Xero by their id
check("Total" in dh and "Counted total" not in dh, "Documents: totals %s"
      % [k for k in dh if "otal" in k])
shortcode = (con.execute("SELECT value FROM meta WHERE key='xero_shortcode'").fetchone()
             or [""])[0]
sums = {}
posted = linked = 0
for r in docs.iter_rows(min_row=2):
    v = {k: r[openpyxl.utils.column_index_from_string(c) - 1] for k, c in dh.items()}
    if v["Status"].value in ("planned", "posted", "rejected"):
        # the settlement by the row its Deposit id links to (deposit ids of
        # two platforms may be alike: a Shopify payout and a PayPal day)
        loc = v["Deposit id"].hyperlink.location if v["Deposit id"].hyperlink else ""
        mm = re.match(r"'?Settlements'?!A(\d+)$", loc or "")
        srow = ws[int(mm.group(1))] if mm else None
        key = ((srow[openpyxl.utils.column_index_from_string(h["Platform"]) - 1].value
                if srow else None), v["Deposit id"].value, v["Currency"].value)
        sums[key] = sums.get(key, Decimal(0)) + money(v["Total"].value)
    if v["Status"].value == "posted":
        posted += 1
        url = v["Number"].hyperlink.target if v["Number"].hyperlink else ""
        xid = v["Xero id"].value
        form = ("https://go.xero.com/organisationlogin/default.aspx?shortcode=%s&redirecturl="
                % shortcode) if shortcode else "https://go.xero.com"
        ok = url.startswith(form) and url.endswith("=" + xid) and (
            "/AccountsReceivable/View.aspx?InvoiceID=" in url or
            "/AccountsPayable/Edit.aspx?InvoiceID=" in url or
            "ViewCreditNote.aspx?creditNoteID=" in url or
            (v["Kind"].value == "BankTransaction" and
             "/Bank/ViewTransaction.aspx?bankTransactionID=" in url))
        linked += ok
check(posted == 0 or linked == posted, "Documents: %d of %d posted linked to Xero"
      % (linked, posted))
for (plat, dep, cur), total in sums.items():
    # what the documents must add up to: the deposit, less what transfers
    # count toward it (a PayPal account's day: its transfers to and from the
    # bank are on the Payments sheet)
    want = con.execute(
        "SELECT s.deposit_minor - coalesce((SELECT sum(d.signed_minor) FROM documents d"
        " WHERE d.settlement_id = s.id AND d.kind = 'BankTransfer' AND d.status IN"
        " ('planned','posted','rejected')), 0) FROM settlements s WHERE s.platform=? AND"
        " s.deposit_id=? AND s.currency=?", (plat, dep, cur)).fetchone()
    exp = 0 if cur in ("JPY", "KRW") else 2
    check(want and money(Decimal(want[0]).scaleb(-exp)) == total,
          "Documents of %s %s: Total sums to %s, the deposit less its transfers is %s"
          % (plat, dep, total, want))

# 6. charts, libxlsxwriter's own, drawing the Monthly figures
ws = wb["Charts"]
check(len(ws._charts) == 1 + n_pc or len(ws._charts) == 25,
      "Charts: %d charts for %d platform x currency" % (len(ws._charts), n_pc))
refs = [s.val.numRef.f for ch in ws._charts for s in ch.series]
check(refs and all(f.startswith("Monthly!$") for f in refs), "Charts: series %s" % refs[:3])

# 7. the Read me says what the sheets are
ws = wb["Read me"]
said = {r[0] for r in ws.iter_rows(values_only=True) if r[0]}
for n in ("Summary", "Settlements", "Documents", "Total", "Tie"):
    check(n in said, "Read me says nothing of %s" % n)

print("%d checks, %d failed" % (checks, failed))
sys.exit(1 if failed else 0)
