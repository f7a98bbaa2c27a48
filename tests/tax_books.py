#!/usr/bin/env python3
"""The books a migration should make, computed from the source files alone.

    tax_books.py --edition GB|US|AU|NZ [--ledger ledger.json] FILE... [--unpaid FILE...]

Reads Amazon settlement flat files (V1 and V2, plain or .gz), Shopify orders
and payouts exports and WooCommerce REST order JSON, and computes the balance
of every account per currency (integer minor units, debits positive) that
posting them with the shipped mappings of the edition (every document
AUTHORISED, day summaries paid from their gateway's clearing account, those
of the files after --unpaid left unpaid: "payments": false) must
give, by the rules of docs/tax.md written out again here: which account and
tax rate each amount takes, tax lines joined to their sale's line with the
tax the platform stated, Xero's per-line rounding otherwise; a settlement
across a month end a document per month (the default split: each part's
lines rounded on their own); a Shopify orders export's every paid order
(Shopify Payments' into 8181), its refunds a document per order, and a
payout's Charges and Refunds on 8181 without tax when the orders export
of its folder covers the two weeks before it (issue 12). It shares no
code with ledgerlift. With --ledger (the sandbox's /__sandbox/ledger) it
compares and prints "ok" or the differences (exit 1); the accounts payable
and receivable are compared together (a negative settlement is a credit
note or a bill by setting), against the settlements' totals.
"""
import csv
import gzip
import io
import json
import os
import sys
from collections import defaultdict
from decimal import Decimal

EDITIONS = {
    # standard rate on income; income rates a stated rate may be; the tax
    # system account; Amazon's home marketplace (its sales at the standard
    # rate, others zero-rated exports)
    # (rates as percent x 10^4)
    "GB": dict(std=200000, rates={200000, 50000}, tax_acct="820", home="Amazon.co.uk",
               ar="610", ap="800"),
    "AU": dict(std=100000, rates={100000}, tax_acct="820", home="Amazon.com.au", ar="610", ap="800"),
    "NZ": dict(std=150000, rates={150000}, tax_acct="820", home=None, ar="610", ap="800"),
    "US": dict(std=0, rates=set(), tax_acct="2200", home=None, ar="1200", ap="2000"),
}
DIGIT = {"amazon": "1", "shopify": "2", "woocommerce": "4"}
CLEARING = {
    "shopify": {"*": "8172", "shopify payments": "8181", "shop pay installments": "8181",
                "paypal express checkout": "8180", "paypal": "8180",
                "stripe": "8176", "gift card": "8222"},
    "woocommerce": {"*": "8174", "paypal": "8180", "ppcp-gateway": "8180",
                    "ppec_paypal": "8180", "stripe": "8176"},
}


def cents(text, exp=2):
    """'1.171,41' / '-3.60' / '' -> minor units"""
    t = text.strip().replace("\u00a0", "")
    if not t:
        return None
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    return int(Decimal(t) * (10 ** exp))


def exponent(cur):
    return 0 if cur in ("JPY", "KRW") else 3 if cur in ("BHD", "KWD", "OMR") else 2


def rnd(num, den):
    """num/den rounded half away from zero"""
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return q if num >= 0 else -q


class Doc:
    """one Xero document: lines (account, tax, label) -> amount, stated tax"""

    def __init__(self, platform, currency, clearing=None):
        self.platform, self.currency, self.clearing = platform, currency, clearing
        self.lines = {}     # key -> [amount, tax folded, covered, rate]
        self.taxlines = []  # (account, rate, amount, liability)
        self.total = 0
        self.expect = None  # the deposit's own total, when the file states one

    def add(self, account, rate, label, amount, stated=False):
        ln = self.lines.setdefault((account, rate, label), [0, 0, False, rate])
        ln[0] += amount
        ln[2] |= stated
        self.total += amount

    def tax(self, account, rate, amount, liability):
        self.total += amount
        self.taxlines.append((account, rate, amount, liability))


# ---------------------------------------------------------------- rules
def amazon_rule(ed, ttype, atype, adesc, mkt, day, mf):
    """(account, rate, label, what) for an Amazon amount; what: sale | tax | other"""
    E = EDITIONS[ed]
    us = ed == "US"
    std = 0 if us else (E["std"] if (E["home"] and mkt == E["home"]) else 0)
    price = atype in ("ItemPrice", "Promotion")
    taxline = price and adesc.endswith("Tax")
    refund = ttype in ("Refund", "Chargeback Refund", "A-to-z Guarantee Claim")
    if price and mf and not us and atype == "ItemPrice" and ttype in ("Order", "Refund"):
        if taxline:
            return ("8210", 0, "mf tax", "other")
        return ("2112" if ttype == "Refund" else "2111" if adesc == "Shipping" else "2110",
                0, "mf " + ttype + adesc * (adesc == "Shipping"), "other")
    if price and (ttype == "Order" or refund):
        if refund:
            acct = "2112"
            label = {"Chargeback Refund": "chargebacks", "A-to-z Guarantee Claim": "atoz"}.get(
                ttype, "refund promo" if atype == "Promotion" else "refunds")
        elif atype == "Promotion":
            acct, label = ("2111", "ship promo") if adesc == "Shipping" else ("2110", "promo")
        else:
            acct = "2111" if adesc in ("Shipping", "ShippingTax") else "2110"
            label = {"Principal": "sales", "Shipping": "ship", "GiftWrap": "giftwrap",
                     "RegulatoryFee": "regfee"}.get(adesc, "sales other")
        if taxline:
            return ("8210" if us else acct, std, "tax", "tax")
        return (acct, std, label, "sale")
    if atype == "ItemWithheldTax" or (atype == "ItemFees" and adesc.startswith(
            ("MarketplaceFacilitator", "LowValueGoodsTax"))) or ttype.endswith("Retrocharge"):
        return ("8210", 0, "withheld", "other")
    # fees and the rest
    fee = None
    if atype == "ItemFees":
        fee = {"FBAPerUnitFulfillmentFee": "fba", "FBAWeightBasedFee": "fba",
               "FBAPerOrderFulfillmentFee": "fba", "ShippingChargeback": "fba",
               "GiftwrapChargeback": "fba", "ShippingHB": "fba",
               "Cost of Advertising": "ads", "TaxOnFees": "feetax"}.get(adesc, "selling")
    elif atype == "Cost of Advertising":
        fee = "ads"
    elif atype == "ShipmentFees":
        fee = "inbound"
    elif atype == "OrderFees":
        fee = "orderfees"
    elif atype == "OtherFees":
        fee = "feetax" if adesc == "TaxAmount" else "otherfees"
    elif atype == "MiscFees":
        fee = "misc"
    elif atype == "DirectPayment":
        return ("2115", 0, "direct", "other")
    elif atype == "other-transaction":
        d = adesc
        fee = {"Subscription Fee": "subs", "Storage Fee": "storage", "FBA Inventory Fee": "storage",
               "StorageRenewalBilling": "lts", "Inbound Transportation Fee": "inbound",
               "FBAInboundTransportationFee": "inbound", "DisposalComplete": "disposal",
               "RemovalComplete": "removal", "FBA Customer Return Fee": "returns",
               "ServiceFee": "service", "Service Fee": "service", "Cost of Advertising": "ads",
               "Lightning Deal Fee": "deal", "Coupon Redemption Fee": "coupon",
               "Vine Enrollment Fee": "vine", "Adjustment": "adj",
               "BalanceAdjustment": "baladj"}.get(d)
        if fee is None:
            # (other sales rows take the table's rate: marketplace_tax is for
            # a sale's own amounts only)
            if d in ("Liquidations", "LiquidationsAdjustments"):
                return ("2110", E["std"], "liquidations", "other")
            if d in ("Current Reserve Amount", "Previous Reserve Amount Balance"):
                return ("8151", 0, "reserve", "other")
            if d in ("Payable to Amazon", "Successful charge", "Failed charge", "Micro Deposit",
                     "Debt", "Transfer"):
                return ("8160", 0, "carried", "other")
            if d == "Guarantee claims":
                return ("2112", E["std"], "atoz", "sale")
            if d in ("WAREHOUSE_DAMAGE", "WAREHOUSE_LOST", "WAREHOUSE_LOST_MANUAL",
                     "REVERSAL_REIMBURSEMENT", "FREE_REPLACEMENT_REFUND_ITEMS",
                     "INBOUND_CARRIER_DAMAGE", "MISSING_FROM_INBOUND", "CS_ERROR_ITEMS",
                     "COMPENSATED_CLAWBACK", "SAFE-T Reimbursement"):
                return ("2115", 0, "reimb", "other")
            if ttype == "Order":
                return ("2110", E["std"], "sales other2", "sale")
            if ttype == "Refund":
                return ("2112", E["std"], "refunds", "sale")
            return ("8199", 0, "unmapped " + ttype + adesc, "other")
    if ttype == "Adjustment" and fee is None:
        return ("2115", 0, "adjustments", "other")
    if fee is None:
        return ("8199", 0, "unmapped " + ttype + atype + adesc, "other")
    acct = {"selling": "4110", "service": "4110", "adj": "4110", "baladj": "4110",
            "orderfees": "4110", "otherfees": "4110", "misc": "4110", "feetax": "4110",
            "fba": "4111", "disposal": "4111", "removal": "4111", "returns": "4111",
            "storage": "4112", "lts": "4112", "ads": "4113", "deal": "4113",
            "coupon": "4113", "vine": "4113", "subs": "4114", "inbound": "4115"}[fee]
    rate = 0
    if ed == "GB" and fee != "feetax":
        after = day >= "2024-08-01"
        uk = mkt == "Amazon.co.uk"
        if fee in ("ads", "deal", "coupon", "vine"):
            rate = 200000 if uk else 0
        elif acct in ("4111", "4112", "4115"):
            rate = 200000 if (after and uk) else 0
        else:
            rate = 200000 if after else 0
    return (acct, rate, fee, "other")


# ---------------------------------------------------------------- readers
def read_text(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


V1_FAMILIES = [("price-amount", "price-type", "ItemPrice"),
               ("item-related-fee-amount", "item-related-fee-type", "ItemFees"),
               ("promotion-amount", "promotion-type", "Promotion"),
               ("shipment-fee-amount", "shipment-fee-type", "ShipmentFees"),
               ("order-fee-amount", "order-fee-type", "OrderFees"),
               ("direct-payment-amount", "direct-payment-type", "DirectPayment"),
               ("other-fee-amount", "other-fee-reason-description", "OtherFees"),
               ("misc-fee-amount", None, "MiscFees"),
               ("other-amount", None, "other-transaction")]


def amazon(path, ed):
    rows = [l.rstrip("\r").split("\t") for l in read_text(path).split("\n") if l.strip()]
    hdr = rows[0]
    head = dict(zip(hdr, rows[1]))
    cur = head["currency"]
    exp = exponent(cur)
    events = []
    for f in rows[2:]:
        r = dict(zip(hdr, f + [""] * (len(hdr) - len(f))))
        tt = r["transaction-type"]
        day = (r.get("posted-date") or "")[:10]
        if "amount-type" in r:
            a = cents(r["amount"], exp)
            if a is not None:
                events.append((tt, r["amount-type"], r["amount-description"], a, r))
            continue
        for amt, typ, at in V1_FAMILIES:
            a = cents(r.get(amt, ""), exp)
            if a is None:
                continue
            desc = r.get(typ, "") if typ else ("Misc fee" if at == "MiscFees" else tt)
            events.append((tt, at, desc, a, r))
    mf = {(r["order-id"], tt) for tt, at, ad, a, r in events if r["order-id"] and (
        at == "ItemWithheldTax" or (at == "ItemFees" and ad.startswith(
            ("MarketplaceFacilitator", "LowValueGoodsTax"))))}
    main = next((r["marketplace-name"] for *_, r in events if r["marketplace-name"]), "")
    # a settlement across a month end is a document per month of the rows'
    # posted dates (rows after the deposit's month join its last part); the
    # parts' roll-forward lines net to 0 on the carried-balance account
    dep_month = (head.get("deposit-date") or "")[:7]
    parts = {}
    for tt, at, ad, a, r in events:
        month = r["posted-date"][:7] or dep_month
        if dep_month and month > dep_month:
            month = dep_month
        doc = parts.setdefault(month, Doc("amazon", cur))
        mkt = r["marketplace-name"] or main
        acct, rate, label, what = amazon_rule(ed, tt, at, ad, mkt, r["posted-date"][:10],
                                              (r["order-id"], tt) in mf)
        if what == "tax":
            doc.tax(acct, rate, a, "8210")
        else:
            doc.add(acct, rate, label, a)
    docs = [parts[k] for k in sorted(parts)] or [Doc("amazon", cur)]
    for d in docs[:-1]:
        d.expect = d.total
    docs[-1].expect = cents(head["total-amount"], exp) - sum(d.total for d in docs[:-1])
    return docs


def stated_rate(names):
    """the rate a Shopify order's Tax N Names state, as percent x 10^4 (their sum)"""
    total = 0
    for n in names:
        n = n.strip()
        if not n.endswith("%"):
            return None
        num = n[:-1].strip().split(" ")[-1].replace(",", ".")
        total += int(Decimal(num) * 10000)
    return total


def shop_code(ed, stated):
    """an order's stated rate -> (rate, foreign) in the edition"""
    if ed == "US" or stated == 0:
        return stated, False
    if stated in EDITIONS[ed]["rates"]:
        return stated, False
    return 0, True


def clearing(platform, gateway, cur):
    t = CLEARING[platform]
    for k in (gateway.lower() + " " + cur.lower(), gateway.lower(), cur.lower(), "*"):
        if k in t:
            return t[k]
    return None


def shopify_orders(path, ed):
    rd = list(csv.DictReader(io.StringIO(read_text(path))))
    has_tax_cols = rd and "Tax 1 Name" in rd[0]
    orders, order = [], None
    for r in rd:
        if r["Financial Status"]:
            order = [r, []]
            orders.append(order)
        if order:
            order[1].append(r)
    docs = {}
    for first, items in orders:
        st = first["Financial Status"].lower()
        gw = first["Payment Method"] or "unknown"
        # every gateway's paid orders (Shopify Payments' too: their payouts'
        # charges are then the money of these sales, paid_by_shopify); orders
        # not paid and voided ones are left out
        if st not in ("paid", "partially_paid", "partially_refunded", "refunded"):
            continue
        cur = first["Currency"]
        exp = exponent(cur)
        day = (first["Paid at"] or first["Created at"])[:10]
        m = {k: cents(first[k] or "0", exp) for k in
             ("Subtotal", "Shipping", "Taxes", "Total", "Discount Amount", "Refunded Amount",
              "Outstanding Balance", "Duties") if k in first}
        m.setdefault("Duties", 0)
        gross = sum(int(Decimal(i["Lineitem quantity"])) * cents(i["Lineitem price"], exp)
                    for i in items if i["Lineitem price"])
        sales = gross if gross >= m["Subtotal"] and gross > 0 else m["Subtotal"]
        disc = m["Subtotal"] - sales
        dl = max(m["Discount Amount"] + disc, 0)
        rest = m["Total"] - m["Subtotal"] - m["Shipping"]
        tax = shipdisc = other = 0
        if rest == m["Taxes"] + m["Duties"]:
            tax = m["Taxes"]
        elif rest == m["Duties"]:
            tax = m["Taxes"]
            sales -= tax
        elif dl and rest == m["Taxes"] + m["Duties"] - dl:
            tax, shipdisc = m["Taxes"], -dl
        elif dl and rest == m["Duties"] - dl:
            tax, shipdisc = m["Taxes"], -dl
            sales -= tax
        else:
            other = rest
        stated = None
        if has_tax_cols:
            names = [first["Tax %d Name" % i] for i in range(1, 6) if first["Tax %d Name" % i]]
            vals = sum(cents(first["Tax %d Value" % i] or "0", exp)
                       for i in range(1, 6) if first["Tax %d Name" % i])
            stated = stated_rate(names)
            if stated is not None and vals != m["Taxes"]:
                stated = None
        key = (day, gw, cur)
        if key not in docs:
            docs[key] = Doc("shopify", cur, clearing("shopify", gw, cur))
        d = docs[key]
        # the refunded amount so far: a document of its own (a deposit per
        # order's refunds, dated on the order's day), from the same clearing
        rdoc = None
        if m["Refunded Amount"] > 0:
            rdoc = docs.setdefault((day, gw, cur, "R" + first["Name"]),
                                 Doc("shopify", cur, clearing("shopify", gw, cur)))
        if stated is None:
            rate, foreign, own = (0 if ed == "US" else EDITIONS[ed]["std"]), False, False
        else:
            (rate, foreign), own = shop_code(ed, stated), True
        # (own: at the order's stated rate; its Taxes cover all but a refund)
        for acct, label, amt, st_ in (("2210", "sales", sales, own), ("2210", "discount", disc, own),
                                      ("2211", "ship", m["Shipping"], own),
                                      ("2211", "shipdisc", shipdisc, own),
                                      ("2210", "other", other, False),
                                      ("2210", "outstanding", -max(m["Outstanding Balance"], 0), own),
                                      ("2212", "refund", -max(m["Refunded Amount"], 0), own)):
            if amt or label == "sales":
                r_ = rate if (st_ or stated is None) else (0 if ed == "US" else EDITIONS[ed]["std"])
                (rdoc if label == "refund" else d).add(acct, r_, label, amt,
                                                     st_ and label != "refund")
        if m["Duties"]:
            d.add("8220", 0, "duties", m["Duties"])
        if tax:  # (the US tables book it on 8220 unless a rate takes it)
            d.tax("8220" if ed == "US" else "2210", 0 if foreign else rate, tax, "8220")
    return list(docs.values())


PAID_BY_SHOPIFY = ("shopify payments", "shopify_payments", "shop pay", "shop_pay")


def paid_by_shopify_span(paths, shop):
    """first and last day of the Shopify-paid orders of the orders exports
    of a shop (the folder the exports are in)"""
    days = []
    for p in paths:
        n = p.lower()
        if os.path.dirname(os.path.abspath(p)) != shop:
            continue
        if n.endswith(".csv") and "order" in n and "payout" not in n:
            for r in csv.DictReader(io.StringIO(read_text(p))):
                st = r["Financial Status"].lower()
                gw = r["Payment Method"].lower()
                if st in ("paid", "partially_paid", "partially_refunded", "refunded") and \
                        any(w in gw for w in PAID_BY_SHOPIFY):
                    days.append((r["Paid at"] or r["Created at"])[:10])
    return (min(days), max(days)) if days else None


def shopify_payouts(path, ed, span=None):
    """a payout's Charges and Refunds are the money of the orders export's
    sales (8181, no tax) when that export's Shopify-paid orders run from
    two weeks before the payout to its day"""
    import datetime
    docs = []
    std = EDITIONS[ed]["std"]
    for r in csv.DictReader(io.StringIO(read_text(path))):
        if r["Status"].lower() != "paid":
            continue
        cur = r["Currency"]
        exp = exponent(cur)
        d = Doc("shopify", cur)
        day = datetime.date.fromisoformat(r["Payout Date"][:10])
        store = span is not None and \
            datetime.date.fromisoformat(span[0]) <= day - datetime.timedelta(days=14) and \
            datetime.date.fromisoformat(span[1]) >= day
        for col, acct, rate, label in (("Charges", "8181" if store else "2210",
                                        0 if store else std, "charges"),
                                       ("Refunds", "8181" if store else "2212",
                                        0 if store else std, "refunds"),
                                       ("Adjustments", "4210", 0, "adj"),
                                       ("Marketplace Sales Tax", "8220", 0, "mst"),
                                       ("Advances", "8252", 0, "advance"),
                                       ("Reserved Funds", "8152", 0, "reserve"),
                                       ("Fees", "4210", 0, "fees"),
                                       ("Retried Amount", "8162", 0, "retried")):
            a = cents(r.get(col) or "", exp)
            if a:
                d.add(acct, rate, label, a)
        d.expect = cents(r["Total"], exp)
        docs.append(d)
    return docs


def woocommerce(path, ed):
    data = json.loads(read_text(path))
    docs = {}
    std = EDITIONS[ed]["std"]
    for o in data if isinstance(data, list) else [data]:
        if "line_items" not in o or "status" not in o:
            continue  # a refund object: its order carries it
        if o["status"] not in ("processing", "completed", "refunded"):
            continue
        cur = o["currency"]
        exp = exponent(cur)
        gw = o["payment_method"] or ""
        day = (o.get("date_paid") or o["date_created"])[:10]
        lines = o.get("tax_lines") or []
        total_tax = cents(o.get("total_tax") or "0", exp)
        stated = None
        if lines and all(isinstance(t.get("rate_percent"), int) for t in lines):
            stated = sum(t["rate_percent"] for t in lines) * 10000
        elif not lines and not total_tax:
            stated = 0
        if stated is None:
            rate, foreign, own = (0 if ed == "US" else std), False, False
        else:
            (rate, foreign), own = shop_code(ed, stated), True
        key = (day, gw, cur)
        if key not in docs:
            docs[key] = Doc("woocommerce", cur, clearing("woocommerce", gw, cur))
        d = docs[key]
        got = 0
        # (the rate only: each part's tax is an amount of its own, so a line
        # holds stated tax only where a tax amount joins it)
        for li in o["line_items"]:
            sub, tot = cents(li["subtotal"], exp), cents(li["total"], exp)
            d.add("2410", rate, "sales", sub)
            if tot != sub:
                d.add("2410", rate, "discount", tot - sub)
            got += tot
        for s in o.get("shipping_lines", []):
            d.add("2411", rate, "ship", cents(s["total"], exp))
            got += cents(s["total"], exp)
        fee_tax = 0
        for fl in o.get("fee_lines", []):
            # (a fee's tax stays in its gross amount)
            t = cents(fl.get("total_tax") or "0", exp)
            d.add("2410", rate, "fee", cents(fl["total"], exp) + t)
            got += cents(fl["total"], exp) + t
            fee_tax += t
        ship_tax = cents(o.get("shipping_tax") or "0", exp)
        for acct, amt in (("2410", total_tax - ship_tax - fee_tax), ("2411", ship_tax)):
            if amt:
                d.tax("8240" if ed == "US" else acct, 0 if foreign else rate, amt, "8240")
        got += total_tax - fee_tax
        if cents(o["total"], exp) != got:
            d.add("2410", rate, "difference", cents(o["total"], exp) - got)
        for rf in o.get("refunds", []):
            rdoc = Doc("woocommerce", cur, clearing("woocommerce", gw, cur))
            rdoc.add("2412", rate, "refund", -abs(cents(rf["total"], exp)), False)
            docs[("refund", o["id"], rf.get("id"))] = rdoc
    return list(docs.values())


# ---------------------------------------------------------------- books
def fold(doc):
    """tax lines into their sale's line (same rate; the same account first,
    then the same sign, then the largest, as the lines were before any tax
    joined); with no such line, or no rate: the liability"""
    sums = defaultdict(int)
    for acct, rate, amount, liability in doc.taxlines:
        sums[(acct, rate, liability)] += amount
    before = {k: ln[0] for k, ln in doc.lines.items()}
    for (acct, rate, liability), amount in sums.items():
        cands = [k for k in before if k[1] == rate] if rate else []
        if cands:
            # the same account, else the same sign, else the largest
            k = max(cands, key=lambda k: (k[0] == acct, (before[k] < 0) == (amount < 0),
                                          abs(before[k])))
            doc.lines[k][0] += amount
            doc.lines[k][1] += amount
            doc.lines[k][2] = True
        else:
            ln = doc.lines.setdefault((liability, 0, "tax"), [0, 0, False, 0])
            ln[0] += amount


def line_tax(doc):
    """each line's tax: per rate, the stated tax of the lines that hold it
    and Xero's of the others, Xero's rounding moved onto the stated lines
    (largest first) within a cent or 1% of a line"""
    out = {}
    for rate in {k[1] for k in doc.lines if k[1]}:
        keys = [k for k in doc.lines if k[1] == rate]
        x = {k: rnd(doc.lines[k][0] * rate, 1000000 + rate) for k in keys}
        target = sum(doc.lines[k][1] if doc.lines[k][2] else x[k] for k in keys)
        tax = dict(x)
        left = target - sum(x.values())
        for covered in (True, False):
            for k in sorted((k for k in keys if doc.lines[k][2] == covered),
                            key=lambda k: -abs(doc.lines[k][0])):
                if not left:
                    break
                amt = doc.lines[k][0]
                room = max(abs(amt) // 100, 1) - abs(tax[k] - x[k])
                step = max(-room, min(room, left)) if room > 0 else 0
                if (amt >= 0 and tax[k] + step < 0) or (amt < 0 and tax[k] + step > 0):
                    step = -tax[k]
                tax[k] += step
                left -= step
        out.update(tax)
    return out


def read(path, ed, span=None):
    name = os.path.basename(path).lower()  # the name, not the folders (a checkout in wt-orders/)
    if name.endswith(".json"):
        return woocommerce(path, ed)
    if "payout" in name:
        return shopify_payouts(path, ed, span)
    if "order" in name:
        return shopify_orders(path, ed)
    return amazon(path, ed)


def books(ed, paths, unpaid=()):
    """balances per currency and account; the receivable and payable
    together; and what the deposits say they should be"""
    bal = defaultdict(lambda: defaultdict(int))
    control = defaultdict(int)
    expect_control = defaultdict(int)
    E = EDITIONS[ed]
    for p in paths:
        span = paid_by_shopify_span(paths, os.path.dirname(os.path.abspath(p)))
        for d in read(p, ed, span):
            fold(d)
            tax = line_tax(d)
            for k, ln in d.lines.items():
                t = tax.get(k, 0)
                bal[d.currency][k[0]] -= ln[0] - t
                bal[d.currency][E["tax_acct"]] -= t
            if d.clearing and p not in unpaid:
                bal[d.currency][d.clearing] += d.total
            else:
                control[d.currency] += d.total
                # a day's summary has no total of its own: its amounts
                expect_control[d.currency] += d.total if d.expect is None else d.expect
    return bal, control, expect_control


def main(argv):
    ed, ledger, paths, unpaid = None, None, [], []
    i = 0
    while i < len(argv):
        if argv[i] == "--unpaid":
            unpaid = argv[i + 1:]
            paths += unpaid
            break
        if argv[i] == "--edition":
            ed = argv[i + 1]
            i += 2
        elif argv[i] == "--ledger":
            ledger = argv[i + 1]
            i += 2
        else:
            paths.append(argv[i])
            i += 1
    bal, control, expect_control = books(ed, paths, set(unpaid))
    for cur in control:
        if control[cur] != expect_control.get(cur, control[cur]):
            print("%s: documents %d, settlements %d: they do not tie" %
                  (cur, control[cur], expect_control[cur]))
            return 1
    if not ledger:
        for cur in sorted(bal):
            for a in sorted(bal[cur]):
                if bal[cur][a]:
                    print(cur, a, bal[cur][a])
            print(cur, "receivable+payable", control[cur])
        return 0
    got = json.load(open(ledger))["Currencies"]
    E = EDITIONS[ed]
    bad = []
    for cur in sorted(set(bal) | set(got)):
        # the ledger counts every currency in hundredths (Xero computes at 2 dp)
        scale = 10 ** (2 - exponent(cur))
        for a in bal.get(cur, {}):
            bal[cur][a] *= scale
        control[cur] = control.get(cur, 0) * scale
        g = dict(got.get(cur, {}))
        ctl = g.pop(E["ar"], 0) + g.pop(E["ap"], 0)
        if ctl != control.get(cur, 0):
            bad.append("%s receivable+payable: got %d, expected %d" % (cur, ctl, control[cur]))
        for a in sorted(set(g) | set(bal.get(cur, {}))):
            want = bal.get(cur, {}).get(a, 0)
            if g.get(a, 0) != want:
                bad.append("%s %s: got %d, expected %d" % (cur, a, g.get(a, 0), want))
    print("ok" if not bad else "\n".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
