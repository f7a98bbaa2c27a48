#!/usr/bin/env python3
"""check_amazon.py - verify Amazon settlement files tie to the cent.

Independent of gen_amazon.py: reads each file (plain or gzip, UTF-8 or
Latin-1, LF/CRLF/CR, blank lines, trailing blanks, dot or comma decimals),
sums every amount column of the detail rows in integer minor units and
compares with the summary row's total-amount.

  check_amazon.py DIR...            one line of facts per file
  check_amazon.py --table DIR       the markdown facts table used in READMEs
  check_amazon.py --readme FILE DIR compare DIR with the table in FILE
                                    (between <!-- facts:begin/end -->)
  check_amazon.py --months FILE     per posted-date month sums of one file
  check_amazon.py --features DIR    distinct transaction/amount types seen

Exit status: 0 if every settlement file ties (or, with --readme, if the
README table matches exactly), 1 otherwise. Files that are not settlements
(order report, unknown header, empty, header-only) and broken ones are
listed with their status; with plain DIR arguments they count as failures
unless --allow-bad is given.
"""

import argparse
import gzip
import os
import re
import sys
import zlib

EXP0 = {"JPY", "KRW", "CLP", "ISK", "VND", "HUF"}   # 0-decimal (as used here)
DOT_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")
COMMA_RE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$")


class Bad(Exception):
    pass


def parse_amount(s, exp, comma):
    t = s.strip()
    if comma:
        if not COMMA_RE.match(t):
            raise Bad(s)
        t = t.replace(".", "").replace(",", ".")
    elif not DOT_RE.match(t):
        raise Bad(s)
    neg = t.startswith("-")
    t = t.lstrip("+-")
    ip, _, fp = t.partition(".")
    if len(fp) > exp:
        if fp[exp:].strip("0"):
            raise Bad(s)
        fp = fp[:exp]
    v = int(ip) * 10 ** exp + (int(fp.ljust(exp, "0")) if exp else 0)
    return -v if neg else v


def fmt(v, exp):
    neg = v < 0
    a = -v if neg else v
    s = str(a) if exp == 0 else "%d.%0*d" % (a // 10 ** exp, exp, a % 10 ** exp)
    return ("-" if neg else "") + s


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        # fixed wording: zlib's messages differ between versions
        try:
            data = gzip.decompress(data)
        except EOFError:
            raise Bad("gzip: truncated (stream ends early)")
        except (OSError, zlib.error):
            raise Bad("gzip: corrupt data")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = data.decode("cp1252", errors="replace"), "latin-1"
    return data, text, enc


def check_file(path):
    """Return a dict of facts; 'status' is 'ties' when all is well."""
    name = os.path.basename(path)
    r = {"file": name, "layout": "", "sid": "", "cur": "", "total": "",
         "rows": "", "amounts": "", "status": "", "months": {}, "features": set(),
         "eol": "", "enc": ""}
    try:
        data, text, enc = read_text(path)
    except Bad as e:
        r["status"] = str(e)
        return r
    if not data:
        r["status"] = "empty file"
        return r
    r["enc"] = enc
    r["eol"] = "CRLF" if b"\r\n" in data else ("CR" if b"\r" in data else "LF")
    lines = re.split(r"\r\n|\r|\n", text)
    numbered = [(k + 1, ln) for k, ln in enumerate(lines) if ln.strip()]
    if not numbered:
        r["status"] = "empty file"
        return r
    header = numbered[0][1].split("\t")
    col = {c.strip(): i for i, c in enumerate(header)}
    if "settlement-id" not in col or "total-amount" not in col:
        if "order-id" in col and "purchase-date" in col:
            r["status"] = "order report, not a settlement"
        else:
            r["status"] = "unknown header (%d columns)" % len(header)
        return r
    if "amount" in col:
        r["layout"] = "V2 %d" % len(header)
        amount_cols = [col["amount"]]
    else:
        r["layout"] = "V1 %d" % len(header)
        amount_cols = [i for c, i in col.items()
                       if c.endswith("-amount") and c != "total-amount"]
    rows = numbered[1:]
    if not rows:
        r["status"] = "header only"
        return r
    summary = None
    details = []
    for ln_no, ln in rows:
        f = ln.split("\t")
        if summary is None and len(f) > col["total-amount"] and f[col["total-amount"]].strip():
            summary = (ln_no, f)
        else:
            details.append((ln_no, f))
    if summary is None:
        r["status"] = "no summary row"
        return r
    sf = summary[1]
    r["sid"] = sf[col["settlement-id"]]
    r["cur"] = sf[col["currency"]].strip() if len(sf) > col["currency"] else ""
    exp = 0 if r["cur"] in EXP0 else 2
    allvals = [sf[col["total-amount"]]] + [f[i] for _, f in details for i in amount_cols
                                            if i < len(f) and f[i].strip()]
    comma = any("," in v for v in allvals)
    problems = []
    try:
        total = parse_amount(sf[col["total-amount"]], exp, comma)
    except Bad:
        r["status"] = "bad total-amount %r" % sf[col["total-amount"]]
        return r
    r["total"] = fmt(total, exp)
    r["rows"] = len(details)
    s = 0
    r["amounts"] = 0
    pd = col.get("posted-date")
    tt = col.get("transaction-type")
    for ln_no, f in details:
        if f[0] != r["sid"]:
            problems.append("line %d: settlement-id %r" % (ln_no, f[0]))
        if len(f) != len(header):
            problems.append("line %d: %d fields, header has %d" % (ln_no, len(f), len(header)))
        for i in amount_cols:
            if i >= len(f) or not f[i].strip():
                continue
            try:
                v = parse_amount(f[i], exp, comma)
            except Bad:
                problems.append("line %d: bad amount %r in %s" % (ln_no, f[i], header[i]))
                continue
            s += v
            r["amounts"] += 1
            month = f[pd][:7] if pd is not None and pd < len(f) else "?"
            r["months"][month] = r["months"].get(month, 0) + v
            ttype = f[tt] if tt is not None else ""
            if "amount-type" in col:
                kind = "%s / %s / %s" % (ttype, f[col["amount-type"]], f[col["amount-description"]])
            else:
                tcol = {"price-amount": "price-type",
                        "item-related-fee-amount": "item-related-fee-type",
                        "promotion-amount": "promotion-type",
                        "shipment-fee-amount": "shipment-fee-type",
                        "order-fee-amount": "order-fee-type",
                        "direct-payment-amount": "direct-payment-type",
                        "other-fee-amount": "other-fee-reason-description"}.get(header[i])
                kind = "%s / %s / %s" % (ttype, header[i], f[col[tcol]] if tcol else "")
            r["features"].add(kind)
    r["sum"] = s
    if s == total and not problems:
        r["status"] = "ties"
    else:
        msg = problems[:3]
        if s != total:
            msg.append("does not tie: rows sum to %s, total-amount %s (off by %s)"
                       % (fmt(s, exp), r["total"], fmt(s - total, exp)))
        r["status"] = "; ".join(msg)
    r["exp"] = exp
    return r


def files_in(dirs):
    out = []
    for d in dirs:
        if os.path.isfile(d):
            out.append(d)
            continue
        for root, _, names in os.walk(d):
            for n in sorted(names):
                if n.endswith((".txt", ".gz", ".tsv", ".csv")):
                    out.append(os.path.join(root, n))
    return sorted(out, key=lambda p: (os.path.dirname(p), os.path.basename(p)))


def table(results):
    out = ["| file | layout | settlement-id | currency | total-amount | rows | amounts | result |",
           "|---|---|---|---|---:|---:|---:|---|"]
    for r in results:
        out.append("| `%s` | %s | %s | %s | %s | %s | %s | %s |" % (
            r["file"], r["layout"] or "-", r["sid"] or "-", r["cur"] or "-",
            r["total"] or "-", r["rows"] if r["rows"] != "" else "-",
            r["amounts"] if r["amounts"] != "" else "-", r["status"]))
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="+")
    p.add_argument("--table", action="store_true")
    p.add_argument("--readme")
    p.add_argument("--months", action="store_true")
    p.add_argument("--features", action="store_true")
    p.add_argument("--allow-bad", action="store_true")
    a = p.parse_args()
    results = [check_file(f) for f in files_in(a.paths)]
    if a.table:
        sys.stdout.write(table(results))
        return 0
    if a.readme:
        with open(a.readme, encoding="utf-8") as f:
            text = f.read()
        m = re.search(r"<!-- facts:begin -->\n(.*?)<!-- facts:end -->", text, re.S)
        if not m:
            print("%s: no <!-- facts:begin --> block" % a.readme)
            return 1
        want, got = m.group(1).strip("\n") + "\n", table(results)
        if want != got:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True), a.readme, "actual"))
            return 1
        print("%s: facts table matches %d files" % (a.readme, len(results)))
        return 0
    if a.features:
        feats = set()
        for r in results:
            feats |= r["features"]
        for k in sorted(feats):
            print(k)
        return 0
    bad = 0
    for r in results:
        ok = r["status"] == "ties"
        bad += not ok
        print("%-24s %-6s %-11s %-3s %12s %5s %5s %-5s %-7s %s" % (
            r["file"], r["layout"], r["sid"], r["cur"], r["total"], r["rows"], r["amounts"],
            r["eol"], r["enc"], r["status"]))
        if a.months and r["months"]:
            for mo in sorted(r["months"]):
                print("    %s  %s" % (mo, fmt(r["months"][mo], r.get("exp", 2))))
    print("%d files, %d tie, %d other" % (len(results), len(results) - bad, bad))
    return 1 if bad and not a.allow_bad else 0


if __name__ == "__main__":
    sys.exit(main())
