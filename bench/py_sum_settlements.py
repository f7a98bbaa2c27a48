#!/usr/bin/env python3
"""py_sum_settlements.py - the benchmark baseline: a plain Python csv script.

Walks a folder, opens every .txt and .gz Amazon settlement flat file, reads
it with csv.reader(delimiter='\\t'), finds the columns by header name, sums
every amount column per settlement with decimal.Decimal and checks the sum
against the summary row's total-amount. Prints the settlement count, the
detail rows read and how many settlements tie. What a competent developer
would write in an afternoon: straightforward, not tuned, not handicapped.

usage: py_sum_settlements.py DIR
"""

import csv
import gzip
import os
import sys
import zlib
from decimal import Decimal, InvalidOperation


def to_decimal(s):
    s = s.strip()
    if "," in s:                      # EU files: 1.234,56
        s = s.replace(".", "").replace(",", ".")
    return Decimal(s)


def open_text(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
    return open(path, "r", encoding="utf-8", errors="replace", newline="")


def sum_file(path, settlements):
    """Add this file's settlements to `settlements` (keyed by file and
    settlement-id, so a duplicate file is its own entry); return rows read."""
    rows = 0
    with open_text(path) as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = None
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                continue
            if header is None:
                if "settlement-id" not in row or "total-amount" not in row:
                    return 0                  # not a settlement report
                header = row
                sid_i = header.index("settlement-id")
                total_i = header.index("total-amount")
                amount_i = [i for i, name in enumerate(header)
                            if name == "amount" or
                            (name.endswith("-amount") and name != "total-amount")]
                continue
            sid = row[sid_i]
            st = settlements.setdefault((path, sid), {"total": None, "sum": Decimal(0), "bad": 0})
            if st["total"] is None and total_i < len(row) and row[total_i].strip():
                st["total"] = to_decimal(row[total_i])
                continue
            rows += 1
            for i in amount_i:
                if i < len(row) and row[i].strip():
                    try:
                        st["sum"] += to_decimal(row[i])
                    except InvalidOperation:
                        st["bad"] += 1
    return rows


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    settlements = {}
    rows = files = errors = 0
    for root, dirs, names in os.walk(sys.argv[1]):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith((".txt", ".gz")):
                continue
            files += 1
            try:
                rows += sum_file(os.path.join(root, name), settlements)
            except (OSError, EOFError, zlib.error, UnicodeError, csv.Error, InvalidOperation) as e:
                errors += 1
                print("%s: %s" % (name, e), file=sys.stderr)
    tied = sum(1 for s in settlements.values()
               if s["total"] is not None and not s["bad"] and s["sum"] == s["total"])
    print("files %d settlements %d rows %d tied %d untied %d errors %d"
          % (files, len(settlements), rows, tied, len(settlements) - tied, errors))


if __name__ == "__main__":
    main()
