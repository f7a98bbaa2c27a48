#!/usr/bin/env python3
"""py_sum_formats.py - the benchmark baseline for every format ledgerlift reads.

One plain Python script per export, as a competent developer would write
it in an afternoon: the standard library's csv, json and xml.etree
readers, columns found by their header names, amounts parsed with
decimal.Decimal, and the money summed per deposit (Amazon settlement,
Shopify / eBay payout, PayPal transfer to the bank, or a day of one payment
gateway for order exports). Where the export states the deposit itself it
checks that the rows tie to it. Straightforward, not tuned, not
handicapped. bench/run_formats.sh runs it next to `ledgerlift plan`.

Prints one line: files F deposits D rows R tied T untied U errors E
(rows as ledgerlift counts them: every data row, the summary row of an
Amazon flat file included (py_sum_settlements.py counts detail rows only),
a record of a CSV, a transaction of an XML settlement report; tied/untied
only where the export gives a total to tie to, else "-").

usage: py_sum_formats.py FORMAT DIR
FORMAT: amazon | amazon-daterange | amazon-xml | shopify-payments |
        shopify-orders | ebay | woocommerce | paypal
"""

import csv
import datetime as dt
import gzip
import os
import sys
import xml.etree.ElementTree as ET
import zlib
from collections import defaultdict
from decimal import Decimal, InvalidOperation


# ---------------------------------------------------------------- helpers

def dec(s, comma=False):
    """'1,234.56' / '1.234,56' (comma=True) / '$12.00' / '--' -> Decimal or None."""
    s = s.strip().lstrip("$£€")
    if not s or s == "--":
        return None
    if comma:
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    return Decimal(s)


def open_text(path, encoding="utf-8-sig"):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding=encoding, newline="")
    return open(path, "r", encoding=encoding, newline="")


def read_text(path):
    """A whole CSV file as text: UTF-8, else Windows-1252 (German Amazon
    and eBay downloads)."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def files(d, exts):
    for root, dirs, names in os.walk(d):
        dirs.sort()
        for name in sorted(names):
            if name.lower().endswith(exts):
                yield os.path.join(root, name)


def col(header, *names):
    for n in names:
        if n in header:
            return header.index(n)
    raise KeyError("none of the columns %s" % (names,))


class Result:
    def __init__(self):
        self.files = self.rows = self.errors = 0
        self.deposits = defaultdict(Decimal)   # deposit -> sum of its rows
        self.totals = {}                        # deposit -> the total it states
        self.by_size = False                    # compare |rows| with the total

    def line(self, ties=True):
        if ties:
            got = self.deposits.get
            tied = sum(1 for k, v in self.totals.items()
                       if (abs(got(k, 0)) if self.by_size else got(k, 0)) == v)
            untied = len(set(self.deposits) | set(self.totals)) - tied
            n = len(set(self.deposits) | set(self.totals))
        else:
            tied = untied = "-"
            n = len(self.deposits)
        return "files %d deposits %d rows %d tied %s untied %s errors %d" % (
            self.files, n, self.rows, tied, untied, self.errors)


# ---------------------------------------------------------------- Amazon

def amazon(path, r):
    """Settlement flat files (TAB, V1 or V2): every *-amount / amount column
    summed per settlement; the first row with a total-amount is the summary."""
    with open_text(path, "utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        if "settlement-id" not in header or "total-amount" not in header:
            return
        sid_i, total_i = header.index("settlement-id"), header.index("total-amount")
        amount_i = [i for i, n in enumerate(header)
                    if n == "amount" or (n.endswith("-amount") and n != "total-amount")]
        for row in reader:
            if not row:
                continue
            r.rows += 1
            key = (path, row[sid_i])
            if key not in r.totals and row[total_i].strip():
                r.totals[key] = dec(row[total_i], "," in row[total_i])
                continue
            for i in amount_i:
                if i < len(row) and row[i].strip():
                    r.deposits[key] += dec(row[i], "," in row[i])


# Date Range report columns and the Transfer type, per language (the five
# Amazon writes; docs/amazon-date-range.md)
DR_SID = ("settlement id", "Abrechnungsnummer", "numéro de versement", "Numero pagamento",
          "identificador de pago")
DR_TYPE = ("type", "Typ", "Tipo", "tipo")
DR_TOTAL = ("total", "Gesamt", "totale")
DR_TRANSFER = {"Transfer", "Übertrag", "Transfert", "Trasferimento", "Transferir"}


def amazon_daterange(path, r):
    """Date Range reports (CSV after a preamble): per settlement id the rows'
    totals, which must be minus its Transfer row's."""
    reader = csv.reader(read_text(path).splitlines())
    header = None
    for row in reader:
        if header is None:
            if any(c in DR_SID for c in row):
                header = row
                sid_i, type_i, total_i = col(row, *DR_SID), col(row, *DR_TYPE), col(row, *DR_TOTAL)
                comma = header[sid_i] != "settlement id"
            continue
        if not row:
            continue
        r.rows += 1
        sid = row[sid_i]
        amount = dec(row[total_i], comma)
        if not sid:
            continue                    # deferred, not in a settlement yet
        if row[type_i] in DR_TRANSFER:
            r.totals[sid] = -amount
        else:
            r.deposits[sid] += amount


XML_TX = {"Order", "Refund", "OtherTransaction", "AdjustmentEvent", "OtherFee",
          "SellerDealPayment", "AdvertisingTransactionDetails", "SellerCouponPayment",
          "RetrochargeEvent", "Chargeback", "GuaranteeClaim"}


def amazon_xml(path, r):
    """XML settlement reports: every Amount (and an adjustment's TotalAmount)
    of every transaction against the SettlementData TotalAmount."""
    sid, depth_tx = None, 0
    with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
        for ev, el in ET.iterparse(f, events=("start", "end")):
            tag = el.tag
            if ev == "start":
                if tag in XML_TX:
                    depth_tx += 1
                continue
            if tag == "AmazonSettlementID":
                sid = (path, el.text)
            elif tag == "TotalAmount" and not depth_tx:
                r.totals[sid] = Decimal(el.text)
            elif tag == "Amount" or (tag == "TotalAmount" and depth_tx):
                r.deposits[sid] += Decimal(el.text)
            elif tag in XML_TX:
                depth_tx -= 1
                r.rows += 1
                el.clear()


# ---------------------------------------------------------------- Shopify

def shopify_payments(path, r):
    """Payments transactions export: per payout (Payout Date, Currency) the
    Net of its rows, and every row's Net checked against Amount - Fee."""
    with open_text(path) as f:
        reader = csv.reader(f)
        h = next(reader, [])
        if "Payout Date" not in h or "Net" not in h:
            return
        pd_i, cur_i, st_i = h.index("Payout Date"), h.index("Currency"), h.index("Payout Status")
        amt_i, fee_i, net_i = h.index("Amount"), h.index("Fee"), h.index("Net")
        for row in reader:
            r.rows += 1
            if not row[pd_i] or row[st_i] != "paid":
                continue
            key = (row[pd_i], row[cur_i])
            net = Decimal(row[net_i])
            r.deposits[key] += net
            r.totals[key] = r.totals.get(key, Decimal(0)) + Decimal(row[amt_i]) - Decimal(row[fee_i])


PAID = {"paid", "partially_refunded", "refunded"}


def shopify_orders(path, r):
    """Orders export (one row per line item, the order's money on its first
    row): per day and gateway other than Shopify Payments, Total less
    Refunded Amount of the paid orders."""
    with open_text(path) as f:
        reader = csv.reader(f)
        h = next(reader, [])
        if "Financial Status" not in h:
            return
        st_i, paid_i, gw_i = h.index("Financial Status"), h.index("Paid at"), h.index("Payment Method")
        cur_i, tot_i, ref_i = h.index("Currency"), h.index("Total"), h.index("Refunded Amount")
        for row in reader:
            r.rows += 1
            if row[st_i] not in PAID or not row[paid_i] or row[gw_i] == "Shopify Payments":
                continue
            key = (row[paid_i][:10], row[gw_i], row[cur_i])
            r.deposits[key] += Decimal(row[tot_i]) - Decimal(row[ref_i] or 0)


# ---------------------------------------------------------------- eBay

EB_TYPE = ("Type", "Typ")
EB_NET = ("Net amount", "Nettobetrag")
EB_PID = ("Payout ID", "Auszahlungs-ID")
EB_PAYOUT = {"Payout", "Auszahlung"}


def ebay(path, r):
    """Transaction reports (a preamble, then the table): per Payout ID the Net
    amount of its rows against the Payout row (whose sign eBay does not fix)."""
    text = read_text(path)
    delim = ";" if text.count(";") > text.count(",") else ","
    header = None
    for row in csv.reader(text.splitlines(), delimiter=delim):
        if header is None:
            if any(c in EB_PID for c in row):
                header = row
                type_i, net_i, pid_i = col(row, *EB_TYPE), col(row, *EB_NET), col(row, *EB_PID)
                comma = header[net_i] != "Net amount"
            continue
        if not row:
            continue
        r.rows += 1
        pid, net = row[pid_i], dec(row[net_i], comma)
        if pid in ("", "--"):
            continue                     # not paid out yet
        if row[type_i] in EB_PAYOUT:
            r.totals[pid] = abs(net)         # compared by size: eBay does not fix the sign
        else:
            r.deposits[pid] += net
    r.by_size = True


# ---------------------------------------------------------------- WooCommerce

def woocommerce(path, r):
    """WebToffee order export: per paid day, gateway and currency the order
    totals, less refunds (refund_items "amount:..|reason:..|date:..") on
    their own day."""
    with open_text(path) as f:
        reader = csv.reader(f)
        h = next(reader, [])
        if "order_total" not in h:
            return
        paid_i, gw_i, cur_i = h.index("paid_date"), h.index("payment_method"), h.index("order_currency")
        tot_i, ref_i = h.index("order_total"), h.index("refund_items")
        for row in reader:
            r.rows += 1
            if not row[paid_i]:
                continue                 # pending, cancelled, on hold: never paid
            gw, cur = row[gw_i], row[cur_i]
            r.deposits[(row[paid_i][:10], gw, cur)] += Decimal(row[tot_i])
            for refund in filter(None, row[ref_i].split(";")):
                f_ = dict(p.split(":", 1) for p in refund.split("|"))
                r.deposits[(f_["date"][:10], gw, cur)] -= Decimal(f_["amount"])


# ---------------------------------------------------------------- PayPal

def paypal(path, r):
    """Activity downloads: rows sorted by time, then per currency the Net of
    the rows since the last transfer to the bank; a transfer ties when the
    balance carried in plus those rows and the transfer give the Balance
    written after it."""
    with open_text(path) as f:
        reader = csv.reader(f)
        h = [c.strip() for c in next(reader, [])]
        if "Balance" not in h or "Net" not in h:
            return
        date_i, time_i, type_i = h.index("Date"), h.index("Time"), h.index("Type")
        st_i, cur_i, net_i, bal_i = h.index("Status"), h.index("Currency"), h.index("Net"), h.index("Balance")
        rows = []
        for n, row in enumerate(reader):
            r.rows += 1
            if row[st_i] in ("Denied", "Canceled", "Failed", "Removed"):
                continue
            m, dd, y = row[date_i].split("/")
            t = dt.datetime(int(y), int(m), int(dd), *map(int, row[time_i].split(":")))
            rows.append((t, n, row[cur_i], row[type_i], dec(row[net_i]), dec(row[bal_i])))
    rows.sort()
    carried, since = {}, defaultdict(Decimal)
    for t, n, cur, typ, net, bal in rows:
        if cur not in carried:
            carried[cur] = bal - net
        if "Withdrawal" in typ or "Transfer to Bank" in typ:
            key = (path, cur, t, n)
            r.deposits[key] = carried[cur] + since[cur] + net
            r.totals[key] = bal
            carried[cur], since[cur] = bal, Decimal(0)
        else:
            since[cur] += net


CSV = (".csv", ".csv.gz")
FORMATS = {"amazon": (amazon, (".txt", ".gz")),
           "amazon-daterange": (amazon_daterange, CSV),
           "amazon-xml": (amazon_xml, (".xml", ".xml.gz")),
           "shopify-payments": (shopify_payments, CSV),
           "shopify-orders": (shopify_orders, CSV),
           "ebay": (ebay, CSV),
           "woocommerce": (woocommerce, CSV),
           "paypal": (paypal, CSV)}
NO_TOTAL = {"shopify-orders", "woocommerce"}   # an order export states no deposit


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in FORMATS:
        sys.exit(__doc__.strip().split("\n\n")[-1])
    read, exts = FORMATS[sys.argv[1]]
    r = Result()
    for path in files(sys.argv[2], exts):
        r.files += 1
        try:
            read(path, r)
        except (OSError, EOFError, zlib.error, UnicodeError, csv.Error, InvalidOperation,
                ET.ParseError, KeyError, ValueError, IndexError) as e:
            r.errors += 1
            print("%s: %s" % (path, e), file=sys.stderr)
    print(r.line(sys.argv[1] not in NO_TOTAL))


if __name__ == "__main__":
    main()
