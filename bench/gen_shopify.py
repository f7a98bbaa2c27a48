#!/usr/bin/env python3
"""gen_shopify.py - synthetic Shopify exports for ledgerlift.

Writes the three Shopify exports ledgerlift reads, in the layouts of the
shared FORMATS.md section 2: the Shopify Payments transactions export
(16 columns, 2.2), the payouts export (13-column variant, 2.3) and the
admin orders export (79 columns, 2.1). All names, order numbers, emails and
amounts are made up; money is integer cents throughout, never a float.
Python 3 standard library only; the same arguments give byte-identical
files.

Modes:
  --samples DIR    the small committed demo set (samples/shopify)
  --fixtures DIR   the edge / bad-input fixtures (tests/data/shopify)

A shop that sells in USD and CAD through Shopify Payments (USD payouts
weekly, CAD every two weeks) and also takes PayPal, manual and gift-card
payments (orders 2024-2025). The orders export holds the Shopify Payments
(and Shop Pay Installments) orders the transactions export charges, so the
two join by order: one invoice per order, the payouts' charges empty the
clearing account. One transaction stream runs from 2024-07-01 to
2025-03-12; the payouts
export gives every payout up to the start of the transactions export
(2025-01-01) and the transactions export the rest, so the two meet without
overlap (the payouts whose transactions start on the export's first day are
in the payouts export: ledgerlift holds those back from a transactions
export as possibly cut).
"""

import argparse
import datetime as dt
import os
import random

D = dt.date
EPOCH = D(2000, 1, 1)


def money(c):
    s = "-" if c < 0 else ""
    c = abs(c)
    return "%s%d.%02d" % (s, c // 100, c % 100)


def fee_of(amount):
    return (amount * 29 + 500) // 1000 + 30  # 2.9% + 0.30, in cents


TX_HEADER = ("Transaction Date,Type,Order,Card Brand,Card Source,Payout Status,Payout Date,"
             "Available On,Amount,Fee,Net,Checkout,Payment Method Name,Presentment Amount,"
             "Presentment Currency,Currency")
PAYOUT_HEADER = ("Payout Date,Status,Charges,Refunds,Adjustments,Marketplace Sales Tax,Advances,"
                 "Reserved Funds,Fees,Retried Amount,Total,Currency,Bank Reference")
ORDER_COLS = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
    "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
    "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,"
    "Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,"
    "Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,"
    "Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,"
    "Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,"
    "Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,"
    "Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,"
    "Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,"
    "Payment ID,Payment Terms Name,Next Payment Due At,Payment References").split(",")

PRODUCTS = [("Lumen Mug - Blue", "LL-MUG-BL", 1800), ("Lumen Mug - Sand", "LL-MUG-SD", 1800),
            ("Loom Throw - Grey", "LL-THR-GY", 6400), ("Loom Cushion - Rust", "LL-CUS-RS", 3200),
            ("Candle Trio", "LL-CAN-3", 2750), ("Linen Napkins (4)", "LL-NAP-4", 2400)]


def q(v):
    v = str(v)
    if any(ch in v for ch in ',"\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def stamp(day, secs, tz="-0500"):
    return "%s %02d:%02d:%02d %s" % (day.isoformat(), secs // 3600, secs // 60 % 60, secs % 60, tz)


# --------------------------------------------------------------------------
# Shopify Payments: one transaction stream, payouts by schedule

def payout_day(cur, avail):
    step = 7 if cur == "USD" else 14
    d = avail
    while (d - EPOCH).days % step:
        d += dt.timedelta(days=1)
    return d


def gen_stream(rng, start, end, order_no=1001):
    """Transactions (dicts) from start to end inclusive, both currencies."""
    txs = []
    day = start
    charges = {}
    while day <= end:
        for cur in ("USD", "CAD"):
            n = rng.randint(1, 3) if cur == "USD" else 1
            for _ in range(n):
                amt = rng.choice([1800, 2400, 2750, 3200, 6400, 4550, 5200, 8875])
                if cur == "CAD":
                    amt = amt * 13 // 10
                secs = rng.randint(8 * 3600, 22 * 3600)
                name = "#%d" % order_no
                order_no += 1
                charges.setdefault(cur, []).append((name, amt, day))
                txs.append(dict(day=day, secs=secs, type="charge", order=name, cur=cur,
                                amount=amt, fee=fee_of(amt), brand=rng.choice(
                                    ["visa", "master", "american_express"])))
            # a refund now and then, of an earlier order in the same currency
            if rng.random() < 0.08 and len(charges[cur]) > 5:
                name, amt, _ = charges[cur][-rng.randint(3, 5)]
                part = amt if rng.random() < 0.5 else amt // 2
                txs.append(dict(day=day, secs=rng.randint(8 * 3600, 22 * 3600), type="refund",
                                order=name, cur=cur, amount=-part, fee=0, brand="visa"))
        day += dt.timedelta(days=1)
    return txs, order_no


def special(txs, day, typ, cur, amount, fee=0, order="", secs=43200):
    txs.append(dict(day=day, secs=secs, type=typ, order=order, cur=cur, amount=amount,
                    fee=fee, brand="unknown"))


def assign_payouts(txs, last_paid):
    for t in txs:
        avail = t["day"] + dt.timedelta(days=2)
        t["avail"] = avail
        pd = payout_day(t["cur"], avail)
        t["pdate"] = pd
        t["status"] = "paid" if pd <= last_paid else "pending"


def payouts_of(txs):
    """{(date, cur): summary} from the stream."""
    out = {}
    for t in txs:
        k = (t["pdate"], t["cur"])
        p = out.setdefault(k, dict(charges=0, refunds=0, adjustments=0, reserved=0, fees=0,
                                   retried=0, total=0, first=t["day"], rows=0))
        a = t["amount"]
        if t["type"] == "charge":
            p["charges"] += a
        elif t["type"] == "refund":
            p["refunds"] += a
        elif "reserve" in t["type"]:
            p["reserved"] += a
        else:
            p["adjustments"] += a
        p["fees"] -= t["fee"]
        p["total"] += a - t["fee"]
        p["first"] = min(p["first"], t["day"])
        p["rows"] += 1
    return out


def tx_row(t):
    refund_like = t["type"] != "charge"
    pres = abs(t["amount"]) if t["type"] in ("charge", "refund") else ""
    paid = t["status"] != "pending"
    return ",".join(q(v) for v in [
        stamp(t["day"], t["secs"]), t["type"], t["order"], t["brand"],
        "online" if t["type"] in ("charge", "refund") else "",
        t["status"], t["pdate"].isoformat() if paid else "",
        t["avail"].isoformat(), money(t["amount"]), money(t["fee"]),
        money(t["amount"] - t["fee"]),
        "" if refund_like else "#%d" % (35756536135000 + t["secs"]),
        "" if refund_like else "card",
        money(pres) if pres != "" else "", t["cur"] if pres != "" else "", t["cur"]])


def write(path, header, rows, crlf=False):
    nl = "\r\n" if crlf else "\n"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header + nl)
        for r in rows:
            f.write(r + nl)


def samples_payments(out):
    rng = random.Random(20240101)
    start, cut, end = D(2024, 7, 1), D(2025, 1, 1), D(2025, 3, 12)
    txs, _ = gen_stream(rng, start, end)
    # 2024: a reserve held and released, an adjustment, a chargeback with its fee
    special(txs, D(2024, 8, 10), "reserved_funds", "USD", -15000)
    special(txs, D(2024, 10, 10), "reserved_funds_release", "USD", 15000)
    special(txs, D(2024, 11, 3), "adjustment", "USD", -1250)
    special(txs, D(2024, 9, 17), "chargeback", "USD", -6400, 1500, "#1100")
    # 2025 (in the transactions export): a CAD week of refunds and a dispute:
    # a negative payout; an adjustment; a reserve
    neg = payout_day("CAD", D(2025, 2, 1))  # this CAD payout comes out negative
    for t in txs:
        if t["cur"] == "CAD" and t["type"] == "charge" and \
                payout_day("CAD", t["day"] + dt.timedelta(days=2)) == neg:
            t["amount"], t["fee"] = 500, fee_of(500)
    special(txs, neg - dt.timedelta(days=5), "refund", "CAD", -8320, 0, "#1402")
    special(txs, neg - dt.timedelta(days=4), "chargeback", "CAD", -4160, 1500, "#1390")
    special(txs, D(2025, 1, 20), "adjustment", "USD", 875)
    special(txs, D(2025, 2, 14), "reserved_funds", "USD", -20000)
    assign_payouts(txs, D(2025, 3, 7))
    # the last USD payout is still on its way to the bank
    last_usd = max(t["pdate"] for t in txs if t["cur"] == "USD" and t["status"] == "paid")
    for t in txs:
        if t["pdate"] == last_usd and t["cur"] == "USD":
            t["status"] = "in_transit"
    pays = payouts_of(txs)
    # payouts export: every payout whose transactions start before or on the cut
    prow = []
    keys = sorted(k for k, p in pays.items() if p["first"] <= cut)
    failed = min(k for k in keys if k[1] == "USD" and k[0] >= D(2024, 10, 1))
    retried = 0
    for k in keys:
        p = pays[k]
        status = "paid"
        total = p["total"]
        ret = 0
        if k == failed:
            status, retried = "failed", total
        elif k[1] == "USD" and retried and k[0] > failed[0]:
            ret, retried = retried, 0
        prow.append(",".join(q(v) for v in [
            k[0].isoformat(), status, money(p["charges"]), money(p["refunds"]),
            money(p["adjustments"]), "0.00", "0.00", money(p["reserved"]), money(p["fees"]),
            money(ret), money(total + ret), k[1],
            "LL%s%s" % (k[0].strftime("%y%m%d"), k[1])]))
    prow.reverse()  # newest first, as Shopify lists them
    write(os.path.join(out, "payouts_export.csv"), PAYOUT_HEADER, prow)
    # transactions export: 2025-01-01 to the end, newest first
    rows = [t for t in txs if t["day"] >= cut]
    rows.sort(key=lambda t: (t["day"], t["secs"], t["order"]), reverse=True)
    write(os.path.join(out, "payment_transactions_export_1.csv"), TX_HEADER,
          [tx_row(t) for t in rows])
    return txs


# --------------------------------------------------------------------------
# Orders export

def order_rows(o):
    """Rows (lists in ORDER_COLS order) of one order dict."""
    rows = []
    for i, (item, qty) in enumerate(o["items"]):
        r = dict.fromkeys(ORDER_COLS, "")
        r.update({"Name": o["name"], "Email": o["email"], "Created at": o["created"],
                  "Lineitem quantity": str(qty), "Lineitem name": item[0],
                  "Lineitem price": money(item[2]), "Lineitem sku": item[1],
                  "Lineitem requires shipping": "true", "Lineitem taxable": "true",
                  "Lineitem fulfillment status": "fulfilled", "Vendor": "Lumen & Loom",
                  "Lineitem discount": money(o["line_disc"][i]),
                  "Lineitem compare at price": ""})
        if i == 0:
            r.update(o["first"])
        rows.append(",".join(q(r[c]) for c in ORDER_COLS))
    return rows


def make_order(rng, n, day, gateway, status="paid", currency="USD", code=None,
               free_ship=False, refunded=0, cancelled=False, note="", paid=True):
    k = rng.randint(1, 3)
    items = [(rng.choice(PRODUCTS), rng.randint(1, 2)) for _ in range(k)]
    gross = sum(p[2] * qn for p, qn in items)
    line_disc = [0] * k
    disc = 0
    if code == "SPRING10":
        line_disc = [p[2] * qn // 10 for p, qn in items]
        disc = sum(line_disc)
    sub = gross - disc
    ship = 800 if sub < 10000 else 0
    ship_disc = 0
    if free_ship:
        ship, ship_disc = 800, 800
        disc += 800
        code = "FREESHIP"
    t1 = (sub + ship - ship_disc) * 4 // 100
    t2 = (sub + ship - ship_disc) * 4875 // 100000
    taxes = t1 + t2
    total = sub + ship - ship_disc + taxes
    secs = rng.randint(9 * 3600, 21 * 3600)
    created = stamp(day, secs)
    name = "#%d" % n
    zipc = "'%05d" % rng.randint(1000, 99999) if n % 3 == 0 else "%05d" % rng.randint(10000, 99999)
    first = {
        "Financial Status": status, "Paid at": stamp(day, secs + 5) if paid else "",
        "Fulfillment Status": "fulfilled", "Fulfilled at": stamp(day + dt.timedelta(days=2), secs),
        "Accepts Marketing": "no", "Currency": currency, "Subtotal": money(sub),
        "Shipping": money(ship), "Taxes": money(taxes), "Total": money(total),
        "Discount Code": code or "", "Discount Amount": money(disc),
        "Shipping Method": "Standard", "Billing Name": "Customer %d" % n,
        "Billing Street": "%d Example Ave" % (n % 97 + 1), "Billing City": "Springfield",
        "Billing Zip": zipc, "Billing Province": "NY", "Billing Country": "US",
        "Shipping Name": "Customer %d" % n, "Shipping City": "Springfield",
        "Shipping Zip": zipc, "Shipping Province": "NY", "Shipping Country": "US",
        "Notes": note, "Note Attributes": "gift: no\nsource: newsletter" if n % 4 == 0 else "",
        "Cancelled at": stamp(day + dt.timedelta(days=1), secs) if cancelled else "",
        "Payment Method": gateway, "Payment Reference": "%s.1" % name,
        "Refunded Amount": money(refunded), "Outstanding Balance": "0.00",
        "Id": str(5935357000000 + n), "Risk Level": "Low", "Source": "web",
        "Tax 1 Name": "New York State Tax 4%", "Tax 1 Value": money(t1),
        "Tax 2 Name": "New York City Tax 4.875%", "Tax 2 Value": money(t2),
        "Duties": "", "Payment ID": "p%d" % n, "Payment References": "%s.1" % name,
    }
    o = dict(name=name, email="customer%d@example.com" % n, created=created,
             items=[((p[0], p[1], p[2]), qn) for p, qn in items], line_disc=line_disc,
             first=first, total=total, day=day, gateway=gateway, status=status,
             refunded=refunded)
    return o


def paid_orders(txs, cut, end):
    """The orders export's rows of the Shopify Payments orders charged in
    the transactions export (from cut to before end): one invoice each from the orders
    export, their charges in the payouts join them (docs/shopify.md). Total
    = the charge; the refunds made up to the export's end are its Refunded
    Amount. Every fifth USD one is paid with Shop Pay Installments."""
    refunded = {}
    for t in txs:
        if t["type"] == "refund" and t["order"]:
            refunded[t["order"]] = refunded.get(t["order"], 0) - t["amount"]
    orders = []
    k = 0
    for t in txs:
        if t["type"] != "charge" or t["day"] < cut or t["day"] >= end or not t["order"]:
            continue
        k += 1
        n = int(t["order"][1:])
        gw = "Shop Pay Installments" if t["cur"] == "USD" and k % 5 == 0 else "Shopify Payments"
        amt = t["amount"]
        ref = min(refunded.get(t["order"], 0), amt)
        status = "paid" if not ref else "refunded" if ref == amt else "partially_refunded"
        created = stamp(t["day"], t["secs"] - 5)
        first = {
            "Financial Status": status, "Paid at": stamp(t["day"], t["secs"]),
            "Fulfillment Status": "fulfilled", "Accepts Marketing": "no",
            "Currency": t["cur"], "Subtotal": money(amt), "Shipping": "0.00",
            "Taxes": "0.00", "Total": money(amt), "Discount Amount": "0.00",
            "Shipping Method": "Standard", "Billing Name": "Customer %d" % n,
            "Billing City": "Springfield", "Billing Country": "US" if t["cur"] == "USD" else "CA",
            "Payment Method": gw, "Payment Reference": "c%d.1" % (35756536135000 + t["secs"]),
            "Refunded Amount": money(ref), "Outstanding Balance": "0.00",
            "Id": str(5935356000000 + n), "Risk Level": "Low", "Source": "web",
            "Payment ID": "c%d.1" % (35756536135000 + t["secs"]),
            "Payment References": "c%d.1" % (35756536135000 + t["secs"]),
        }
        orders.append(dict(name=t["order"], email="customer%d@example.com" % n, created=created,
                           items=[(("Lumen Mix Box", "LL-MIX-BOX", amt), 1)], line_disc=[0],
                           first=first, total=amt, day=t["day"], gateway=gw, status=status,
                           refunded=ref))
    return orders


def samples_orders(out, txs):
    rng = random.Random(20240202)
    gws = ["PayPal Express Checkout", "Shopify Payments", "manual", "PayPal Express Checkout",
           "Shopify Payments", "Gift Card", "PayPal Express Checkout", "Cash on Delivery (COD)"]
    orders = []
    n = 3001
    day = D(2024, 1, 6)
    i = 0
    while day <= D(2025, 12, 20):
        gw = gws[i % len(gws)]
        if gw == "Shopify Payments" and day < D(2025, 3, 15):
            # the Shopify Payments orders of the payouts' period are the
            # charges of the transactions export (paid_orders); other
            # days of the rotation take a gateway that pays elsewhere
            gw = "manual"
        kw = {}
        if i % 5 == 1:
            kw["code"] = "SPRING10"
        if i % 11 == 4:
            kw["free_ship"] = True
        if i % 9 == 2:
            kw["note"] = "Please leave at the door.\nRing twice, \"gently\"."
        o = make_order(rng, n, day, gw, **kw)
        if i % 13 == 6:  # a partial refund
            o["first"]["Financial Status"] = "partially_refunded"
            o["first"]["Refunded Amount"] = money(o["total"] // 2)
        if i % 17 == 8:  # cancelled and refunded in full
            o["first"]["Financial Status"] = "refunded"
            o["first"]["Refunded Amount"] = money(o["total"])
            o["first"]["Cancelled at"] = stamp(day + dt.timedelta(days=1), 50000)
        if i % 19 == 10:  # cancelled before capture: voided, no money
            o["first"]["Financial Status"] = "voided"
            o["first"]["Cancelled at"] = stamp(day, 60000)
        if gw.startswith("Cash on Delivery") and i % 16 == 15:  # not paid yet
            o["first"]["Financial Status"] = "pending"
            o["first"]["Paid at"] = ""
        orders.append(o)
        n += 1
        i += 1
        day += dt.timedelta(days=rng.randint(12, 22))
        if i % 6 == 0:  # two orders on one day through the same gateway
            o2 = make_order(rng, n, o["day"], gw)
            orders.append(o2)
            n += 1
    # January 2025: the payouts up to 2025-02-01 join whole, 2025-02-08
    # in part (its February charges stay sales of the payout)
    orders += paid_orders(txs, D(2025, 1, 1), D(2025, 2, 1))
    orders.sort(key=lambda o: (o["created"], o["name"]), reverse=True)
    rows = []
    for o in orders:
        rows += order_rows(o)
    write(os.path.join(out, "orders_export_1.csv"), ",".join(ORDER_COLS), rows)


# --------------------------------------------------------------------------
# Fixtures (tests/data/shopify/README.md states the facts they are built to)

def tx_fixture_rows(spec):
    """spec: list of (day, secs, type, order, status, pdate, amount, fee, cur)."""
    rows = []
    for day, secs, typ, order, status, pdate, amount, fee, cur in spec:
        t = dict(day=day, secs=secs, type=typ, order=order, status=status,
                 pdate=pdate or D(1970, 1, 1), avail=day + dt.timedelta(days=2),
                 amount=amount, fee=fee, brand="visa", cur=cur)
        r = tx_row(t)
        if not pdate:
            r = r.replace(",1970-01-01,", ",,")
        rows.append(r)
    return rows


def fixtures(out):
    d = D
    # Payouts in USD: P1 2025-04-04 (rows 04-02, 04-03), P2 2025-04-08 (rows
    # 04-04..04-06); lead-in rows of 2025-04-01 belong to payout 2025-04-03
    # (held back as on the first day); lead-out rows of 04-07 are pending.
    lead_in = [(d(2025, 4, 1), 36000, "charge", "#5001", "paid", d(2025, 4, 3), 2000, 88, "USD")]
    p1 = [(d(2025, 4, 2), 36000, "charge", "#5002", "paid", d(2025, 4, 4), 10000, 320, "USD"),
          (d(2025, 4, 3), 40000, "charge", "#5003", "paid", d(2025, 4, 4), 5000, 175, "USD"),
          (d(2025, 4, 3), 50000, "refund", "#5002", "paid", d(2025, 4, 4), -2500, 0, "USD")]
    p2 = [(d(2025, 4, 4), 36000, "charge", "#5004", "paid", d(2025, 4, 8), 7500, 248, "USD"),
          (d(2025, 4, 5), 36000, "adjustment", "", "paid", d(2025, 4, 8), -300, 0, "USD"),
          (d(2025, 4, 6), 36000, "charge", "#5005", "paid", d(2025, 4, 8), 4000, 146, "USD")]
    tail = [(d(2025, 4, 7), 36000, "charge", "#5006", "pending", None, 3000, 117, "USD"),
            (d(2025, 4, 9), 36000, "charge", "#5007", "pending", None, 1000, 59, "USD")]
    a = sorted(lead_in + p1 + p2 + tail, key=lambda r: (r[0], r[1]), reverse=True)
    write(os.path.join(out, "tx-a.csv"), TX_HEADER, tx_fixture_rows(a))
    # tx-b: an overlapping later export: P2 again, identical, and P3 2025-04-11
    p2b = [(d(2025, 4, 7), 36000, "charge", "#5006", "paid", d(2025, 4, 11), 3000, 117, "USD"),
           (d(2025, 4, 9), 36000, "charge", "#5007", "paid", d(2025, 4, 11), 1000, 59, "USD")]
    b = sorted(p1[1:] + p2 + p2b, key=lambda r: (r[0], r[1]), reverse=True)
    tail_b = [(d(2025, 4, 12), 36000, "charge", "#5008", "pending", None, 1000, 59, "USD")]
    write(os.path.join(out, "tx-b.csv"), TX_HEADER,
          tx_fixture_rows(tail_b) + tx_fixture_rows(b))
    # tx-bad: broken row, non-numeric amount, Net != Amount - Fee, in transit
    bad = [(d(2025, 5, 1), 36000, "charge", "#6001", "paid", d(2025, 5, 3), 1000, 59, "EUR"),
           (d(2025, 5, 2), 36000, "charge", "#6002", "paid", d(2025, 5, 6), 2000, 88, "EUR"),
           (d(2025, 5, 3), 36000, "charge", "#6003", "paid", d(2025, 5, 6), 3000, 117, "EUR"),
           (d(2025, 5, 4), 36000, "charge", "#6004", "paid", d(2025, 5, 6), 4000, 146, "EUR"),
           (d(2025, 5, 4), 37000, "charge", "#6005", "paid", d(2025, 5, 9), 1500, 74, "EUR"),
           (d(2025, 5, 5), 36000, "charge", "#6006", "paid", d(2025, 5, 9), 2500, 103, "EUR"),
           (d(2025, 5, 7), 36000, "charge", "#6007", "in_transit", d(2025, 5, 9), 500, 45, "EUR"),
           (d(2025, 5, 8), 36000, "charge", "#6008", "paid", d(2025, 5, 12), 800, 53, "EUR"),
           (d(2025, 5, 9), 36000, "charge", "#6009", "pending", None, 600, 47, "EUR"),
           (d(2025, 5, 12), 36000, "charge", "#6010", "pending", None, 700, 50, "EUR")]
    rows = tx_fixture_rows(bad)
    rows[2] = rows[2].replace(",30.00,", ",3O.00,", 1)          # line 4: non-numeric Amount
    rows[3] = rows[3].replace(",38.54,", ",38.45,", 1)          # line 5: Net != Amount - Fee
    rows.insert(5, "2025-05-04 12:00:00 -0400,charge,#6099,visa,online,paid,2025-05-09,"
                   "2025-05-06,10.00,0.59,9.41,#1,card,10.00,EUR,EUR,extra,cells")  # line 7
    write(os.path.join(out, "tx-bad.csv"), TX_HEADER, rows, crlf=True)
    # unknown column set: a transactions header without Currency
    write(os.path.join(out, "tx-nocurrency.csv"),
          "Transaction Date,Type,Order,Payout Status,Payout Date,Amount,Fee,Net",
          ["2025-04-02 10:00:00 -0400,charge,#5002,paid,2025-04-04,100.00,3.20,96.80"])
    # payouts export: P1 again with the same total (cross-check: a conflict
    # with tx-a's copy, totals equal), P2 with another total (conflict, totals
    # differ), one that does not tie, one with positive deductions, a failed one
    prow = [
        "2025-04-04,paid,150.00,-25.00,0.00,0.00,0.00,0.00,-4.95,0.00,120.05,USD,LLX1",
        "2025-04-08,paid,116.00,0.00,-3.00,0.00,0.00,0.00,-3.94,0.00,109.06,USD,LLX2",
        "2025-03-28,paid,200.00,-10.00,0.00,0.00,0.00,0.00,-6.10,0.00,184.00,GBP,LLX3",
        "2025-03-31,paid,300.00,20.00,0.00,0.00,0.00,0.00,9.00,0.00,271.00,GBP,LLX4",
        "2025-03-21,failed,80.00,0.00,0.00,0.00,0.00,0.00,-2.62,0.00,77.38,GBP,LLX5",
        "2025-03-24,paid,0.00,-45.00,0.00,0.00,0.00,0.00,0.00,0.00,-45.00,GBP,LLX6",
    ]
    write(os.path.join(out, "payouts.csv"), PAYOUT_HEADER, prow)
    # orders: continuation rows, multi-line notes, cancelled / voided,
    # Shopify Payments (left to the payouts), a mixed gateway, a bad amount,
    # an orphan continuation row, tax-inclusive GBP
    rng = random.Random(7)
    os_ = []
    o = make_order(rng, 7001, d(2025, 6, 2), "PayPal Express Checkout", code="SPRING10",
                   note="Line one\nline two, with \"quotes\"")
    o["items"] = [(PRODUCTS[0], 2), (PRODUCTS[2], 1), (PRODUCTS[4], 1)]
    fix_totals(o, 1000)
    os_.append(o)
    o = make_order(rng, 7002, d(2025, 6, 2), "PayPal Express Checkout")
    o["items"] = [(PRODUCTS[1], 1)]
    fix_totals(o, 0)
    o["first"]["Financial Status"] = "refunded"
    o["first"]["Refunded Amount"] = o["first"]["Total"]
    o["first"]["Cancelled at"] = "2025-06-03 09:00:00 -0400"
    os_.append(o)
    o = make_order(rng, 7003, d(2025, 6, 2), "PayPal Express Checkout")
    o["items"] = [(PRODUCTS[3], 1)]
    fix_totals(o, 0)
    o["first"]["Financial Status"] = "voided"
    o["first"]["Cancelled at"] = "2025-06-02 23:00:00 -0400"
    os_.append(o)
    o = make_order(rng, 7004, d(2025, 6, 3), "Shopify Payments")
    o["items"] = [(PRODUCTS[3], 1)]
    fix_totals(o, 0)
    os_.append(o)
    o = make_order(rng, 7005, d(2025, 6, 3), "Shopify Payments + PayPal Express Checkout")
    o["items"] = [(PRODUCTS[3], 1)]
    fix_totals(o, 0)
    os_.append(o)
    o = make_order(rng, 7006, d(2025, 6, 4), "manual")
    o["items"] = [(PRODUCTS[5], 2)]
    fix_totals(o, 0)
    o["first"]["Financial Status"] = "partially_refunded"
    o["first"]["Refunded Amount"] = "10.00"
    os_.append(o)
    o = make_order(rng, 7007, d(2025, 6, 5), "manual")
    o["items"] = [(PRODUCTS[5], 1)]
    fix_totals(o, 0)
    o["first"]["Shipping"] = "8.OO"
    os_.append(o)
    rows = []
    for o in os_:
        rows += order_rows(o)
    rows.append(order_rows(os_[0])[1].replace("#7001", "#7999", 1))  # orphan continuation
    write(os.path.join(out, "orders.csv"), ",".join(ORDER_COLS), rows)
    # tax-inclusive GBP shop (EU/UK style: Total = Subtotal + Shipping)
    g = make_order(rng, 8001, d(2025, 7, 1), "PayPal Express Checkout", currency="GBP")
    g["items"] = [(PRODUCTS[2], 1)]
    g["line_disc"] = [0]
    g["first"].update({"Subtotal": "64.00", "Shipping": "5.00", "Taxes": "11.50",
                       "Total": "69.00", "Discount Amount": "0.00",
                       "Tax 1 Name": "GB VAT 20%", "Tax 1 Value": "11.50", "Tax 2 Name": "",
                       "Tax 2 Value": ""})
    write(os.path.join(out, "orders-gbp.csv"), ",".join(ORDER_COLS), order_rows(g))


def fix_totals(o, disc_each):
    """Recompute an order's money fields for its items (US tax on top)."""
    gross = sum(p[2] * qn for p, qn in o["items"])
    o["line_disc"] = [disc_each if disc_each else 0 for _ in o["items"]]
    disc = sum(o["line_disc"])
    sub = gross - disc
    ship = 800
    t1 = (sub + ship) * 4 // 100
    t2 = (sub + ship) * 4875 // 100000
    o["total"] = sub + ship + t1 + t2
    o["first"].update({"Subtotal": money(sub), "Shipping": money(ship), "Taxes": money(t1 + t2),
                       "Total": money(o["total"]), "Discount Amount": money(disc),
                       "Discount Code": "SPRING10" if disc else "",
                       "Tax 1 Value": money(t1), "Tax 2 Value": money(t2)})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples")
    ap.add_argument("--fixtures")
    a = ap.parse_args()
    if not a.samples and not a.fixtures:
        ap.error("give --samples DIR or --fixtures DIR")
    if a.samples:
        os.makedirs(a.samples, exist_ok=True)
        samples_orders(a.samples, samples_payments(a.samples))
    if a.fixtures:
        os.makedirs(a.fixtures, exist_ok=True)
        fixtures(a.fixtures)


if __name__ == "__main__":
    main()
