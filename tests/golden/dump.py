#!/usr/bin/python3
"""dump.py - a stable text picture of what ledgerlift produced, for the
golden test (tests/e2e/golden.sh): the rows of a state file, or the cells of
a workbook, with what changes from run to run (times, Xero ids, idempotency
keys, the temporary folder, call timings) masked.

  dump.py state STATE.db TMPDIR     every table, rows sorted
  dump.py xlsx WORKBOOK.xlsx TMPDIR every sheet, every non-empty cell
  dump.py status STATUS.json TMPDIR `status --json` but today's call count
"""
import re
import sqlite3
import sys

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z?")
# tables whose rows depend on timing (calls, their order and retries)
SKIP_TABLES = {"calls", "sqlite_sequence", "lock"}
# columns that differ between two identical runs
MASK_COLS = {"started_at", "finished_at", "at", "elapsed_ms", "idempotency_key",
             "xero_id", "mtime", "since"}
# meta values that differ between two identical runs (a new sandbox
# organisation's random ShortCode)
MASK_META = {"xero_shortcode"}


def clean(v, tmp):
    if v is None:
        return ""
    s = str(v)
    if tmp:
        s = s.replace(tmp, "<T>")
    s = UUID.sub("<uuid>", s)
    s = STAMP.sub("<time>", s)
    return s


def dump_state(path, tmp):
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for t in tables:
        if t in SKIP_TABLES:
            continue
        cols = [r[1] for r in con.execute("PRAGMA table_info(%s)" % t)]
        rows = []
        for r in con.execute("SELECT * FROM %s" % t):
            if t == "meta" and r[0] in MASK_META:
                r = (r[0], "~")
            rows.append("|".join("~" if c in MASK_COLS and v is not None else clean(v, tmp)
                                 for c, v in zip(cols, r)))
        rows.sort()
        print("== %s (%s)" % (t, ",".join(cols)))
        for r in rows:
            print(r)


def dump_xlsx(path, tmp):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == "Calls":
            continue
        print("== %s" % ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = clean(c.value, tmp)
                print("%s %s" % (c.coordinate, v))


def dump_status(path, tmp):
    import json
    st = json.load(open(path, encoding="utf-8"))
    # how many calls the day took depends on the pace (429s, retries)
    st.pop("calls_today", None)
    print(clean(json.dumps(st, indent=1, sort_keys=True), tmp))


if __name__ == "__main__":
    kind, path, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
    {"state": dump_state, "xlsx": dump_xlsx, "status": dump_status}[kind](path, tmp)
