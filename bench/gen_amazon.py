#!/usr/bin/env python3
"""gen_amazon.py - synthetic Amazon settlement flat files for ledgerlift.

Writes TAB-separated, unquoted Amazon settlement reports in the layouts of
docs FORMATS.md section 1 (V1 36/33 columns, V2 23/24 columns), plus the
Amazon order report (section 1.6) that ledgerlift must recognise and skip.
All values are made up; every settlement's detail amounts sum exactly to its
total-amount (integer minor units throughout, never floats). Python 3
standard library only; the same arguments always give byte-identical files.

Modes:
  --out DIR        an archive: biweekly settlements over --years for each
                   --marketplace, about --rows detail rows in all
  --samples DIR    the small committed demo set (samples/amazon)
  --fixtures DIR   the edge / bad-input fixtures (tests/data/amazon)
  --fuzz-seeds DIR the fuzz seed corpus (tests/fuzz/corpus/amazon_settlement)

Examples:
  python3 bench/gen_amazon.py --samples samples/amazon
  python3 bench/gen_amazon.py --fixtures tests/data/amazon
  python3 bench/gen_amazon.py --fuzz-seeds tests/fuzz/corpus/amazon_settlement
  python3 bench/gen_amazon.py --out /tmp/amz --years 2 --rows 1000000 \\
      --marketplace US,CA,UK,DE --layout mix --seed 1 --gzip

Settlement ids are 11 digits starting with 99 (991.. US, 992.. CA, 993.. UK,
994.. DE, 995.. JP, 998.. fuzz seeds, 999.. test fixtures; 997.. names the
sample order report): obviously ours.
"""

import argparse
import datetime as dt
import gzip
import io
import json
import os
import random
import sys

UTC = dt.timezone.utc

# --------------------------------------------------------------------------
# Layouts (FORMATS.md 1.2, 1.3, 1.6)

V1_HEADER_36 = (
    "settlement-id settlement-start-date settlement-end-date deposit-date "
    "total-amount currency transaction-type order-id merchant-order-id "
    "adjustment-id shipment-id marketplace-name shipment-fee-type "
    "shipment-fee-amount order-fee-type order-fee-amount fulfillment-id "
    "posted-date order-item-code merchant-order-item-id "
    "merchant-adjustment-item-id sku quantity-purchased price-type "
    "price-amount item-related-fee-type item-related-fee-amount "
    "misc-fee-amount other-fee-amount other-fee-reason-description "
    "promotion-id promotion-type promotion-amount direct-payment-type "
    "direct-payment-amount other-amount").split()
V1_HEADER_33 = [c for c in V1_HEADER_36 if not c.startswith("promotion-")]
V2_HEADER_23 = (
    "settlement-id settlement-start-date settlement-end-date deposit-date "
    "total-amount currency transaction-type order-id merchant-order-id "
    "adjustment-id shipment-id marketplace-name amount-type "
    "amount-description amount fulfillment-id posted-date posted-date-time "
    "order-item-code merchant-order-item-id merchant-adjustment-item-id sku "
    "quantity-purchased").split()
V2_HEADER_24 = V2_HEADER_23 + ["promotion-id"]
ORDER_REPORT_HEADER = (
    "order-id order-item-id purchase-date payments-date buyer-email "
    "buyer-name buyer-phone-number sku product-name quantity-purchased "
    "currency item-price item-tax shipping-price shipping-tax "
    "ship-service-level recipient-name ship-address-1 ship-address-2 "
    "ship-address-3 ship-city ship-state ship-postal-code ship-country "
    "ship-phone-number delivery-start-date delivery-end-date "
    "delivery-time-zone delivery-Instructions sales-channel").split()

HEADERS = {"v1": V1_HEADER_36, "v1-33": V1_HEADER_33,
           "v2": V2_HEADER_23, "v2-24": V2_HEADER_24}
LAYOUTS = tuple(HEADERS)

# V1 column pairs per component kind: (type column, amount column).
V1_COLS = {
    "price": ("price-type", "price-amount"),
    "fee": ("item-related-fee-type", "item-related-fee-amount"),
    "withheld": ("item-related-fee-type", "item-related-fee-amount"),
    "promo": ("promotion-type", "promotion-amount"),
    "shipfee": ("shipment-fee-type", "shipment-fee-amount"),
    "orderfee": ("order-fee-type", "order-fee-amount"),
    "direct": ("direct-payment-type", "direct-payment-amount"),
    "otherfee": ("other-fee-reason-description", "other-fee-amount"),
    "misc": (None, "misc-fee-amount"),
    "other": (None, "other-amount"),
}
V2_AMOUNT_TYPE = {"price": "ItemPrice", "fee": "ItemFees",
                  "withheld": "ItemWithheldTax", "promo": "Promotion",
                  "shipfee": "ItemFees"}

# --------------------------------------------------------------------------
# Marketplaces. Catalog: (sku, unit price in minor units). Non-ASCII SKUs
# (Latin-1 representable) only in DE, to exercise encodings.

MARKETS = {
    "US": dict(code=1, name="Amazon.com", cur="USD", exp=2,
               prefixes=("111", "112", "113", "114"), anchor=3,
               tod=(7, 41, 23), sub=3999, dst_pct=0, tax="us",
               catalog=[("LL-MUG-12OZ-BLU", 1899), ("LL-MUG-12OZ-RED", 1899),
                        ("LL-TEA-TIN-S", 1299), ("LL-KETTLE-1L", 4950),
                        ("LL-GRINDER-MAN", 3475), ("LL-FILTER-100", 799),
                        ("LL-SCALE-DIG", 2599), ("LL-POUROVER-02", 2249),
                        ("LL-ESPRESSO-PRO", 21900)]),
    "CA": dict(code=2, name="Amazon.ca", cur="CAD", exp=2,
               prefixes=("701", "702"), anchor=8, tod=(19, 3, 52), sub=2999,
               dst_pct=3, tax="ca",
               catalog=[("LL-MUG-12OZ-BLU", 2399), ("LL-TEA-TIN-S", 1699),
                        ("LL-KETTLE-1L", 6499), ("LL-FILTER-100", 1049),
                        ("LL-SCALE-DIG", 3299), ("LL-GRINDER-MAN", 4599)]),
    "UK": dict(code=3, name="Amazon.co.uk", cur="GBP", exp=2,
               prefixes=("202", "203", "204", "205", "206"), anchor=1,
               tod=(11, 26, 8), sub=2500, dst_pct=2, tax="uk",
               catalog=[("LL-MUG-12OZ-BLU", 1495), ("LL-TEA-TIN-S", 999),
                        ("LL-KETTLE-1L", 3995), ("LL-FILTER-100", 650),
                        ("LL-POUROVER-02", 1899), ("LL-SCALE-DIG", 2199)]),
    "DE": dict(code=4, name="Amazon.de", cur="EUR", exp=2,
               prefixes=("302", "303", "304", "305", "306"), anchor=10,
               tod=(2, 58, 44), sub=3900, dst_pct=0, tax="none",
               catalog=[("ll-café-crème-250g", 1290), ("ll-tasse-größe-m", 1690),
                        ("ll-mühle-hand", 4490), ("LL-KETTLE-1L", 4599),
                        ("LL-FILTER-100", 749), ("LL-ESPRESSO-PRO", 123456)]),
    "JP": dict(code=5, name="Amazon.co.jp", cur="JPY", exp=0,
               prefixes=("249", "250", "503"), anchor=15, tod=(15, 12, 37),
               sub=4900, dst_pct=0, tax="none",
               catalog=[("LL-MUG-12OZ-BLU", 2980), ("LL-TEA-TIN-S", 1980),
                        ("LL-KETTLE-1L", 6980), ("LL-GRINDER-MAN", 5480),
                        ("LL-FILTER-100", 1280)]),
}

# --------------------------------------------------------------------------
# Small helpers

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B64 = ALNUM + "+/"


def iso(t):
    """2025-07-31T22:07:18+00:00"""
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def rnd_digits(rng, n):
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def rnd_str(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def pct(amount, pct_x100):
    """round-half-up(amount * pct_x100 / 10000), exact, sign-preserving."""
    neg = amount < 0
    v = (abs(amount) * pct_x100 + 5000) // 10000
    return -v if neg else v


def fmt_amount(c, exp, comma=False):
    """Minor units -> '1234.56' (or '1.234,56' with comma=True)."""
    neg = c < 0
    a = -c if neg else c
    if exp:
        ip, fp = divmod(a, 10 ** exp)
        fp = str(fp).zfill(exp)
    else:
        ip, fp = a, ""
    si = str(ip)
    if comma:
        groups = []
        while len(si) > 3:
            groups.insert(0, si[-3:])
            si = si[:-3]
        groups.insert(0, si)
        s = ".".join(groups) + ("," + fp if exp else "")
    else:
        s = si + ("." + fp if exp else "")
    return ("-" if neg else "") + s


# --------------------------------------------------------------------------
# Settlement model. A Line is one V1 row: shared identifying fields (base),
# a posted time and zero or more amount components (kind, type, cents,
# promotion-id, pad). V2 writes one row per component.

class Line:
    __slots__ = ("base", "posted", "comps", "qty", "item_qty")

    def __init__(self, base, posted, comps, qty=None, item_qty=None):
        self.base = base
        self.posted = posted
        self.comps = comps
        self.qty = qty            # V1 quantity-only row
        self.item_qty = item_qty  # V2: quantity on the Principal row


class Settlement:
    def __init__(self, mk, sid, start, end, deposit, layout, rng):
        self.mk = mk
        self.m = MARKETS[mk]
        self.sid = sid
        self.start, self.end, self.deposit = start, end, deposit
        self.layout = layout
        self.rng = rng
        self.lines = []   # order and refund rows
        self.other = []   # non-order rows
        self.total_adjust = 0   # test fixtures only: make the file not tie

    # -- queries
    def v2(self):
        return self.layout.startswith("v2")

    def promos_ok(self):
        return self.layout != "v1-33"

    def total(self):
        return sum(c[2] for ln in self.lines + self.other for c in ln.comps) \
            + self.total_adjust

    def nrows(self):
        if self.v2():
            return sum(len(ln.comps) for ln in self.lines + self.other)
        return len(self.lines) + len(self.other)

    def sales(self):
        return sum(c[2] for ln in self.lines for c in ln.comps
                   if c[0] == "price" and c[1] == "Principal" and c[2] > 0)

    def new_order_id(self):
        r = self.rng
        return "%s-%s-%s" % (r.choice(self.m["prefixes"]), rnd_digits(r, 7),
                             "".join(str(r.randint(0, 9)) for _ in range(7)))

    # -- builders
    def add_order(self, posted, items, fba=True, ship_fee=0, order_id=None):
        """items: dicts with sku, unit, qty and optional ship, ship_promo,
        promo, tax_bp, withhold, promo_id, comm_pct."""
        r, m = self.rng, self.m
        oid = order_id or self.new_order_id()
        shp = rnd_str(r, ALNUM, 9)
        first_base = None
        for it in items:
            qty = it.get("qty", 1)
            principal = it["unit"] * qty
            ship = it.get("ship", 0)
            base = {"transaction-type": "Order", "order-id": oid,
                    "merchant-order-id": oid if fba else "",
                    "shipment-id": shp, "marketplace-name": m["name"],
                    "fulfillment-id": "AFN" if fba else "MFN",
                    "order-item-code": rnd_digits(r, 14), "sku": it["sku"]}
            first_base = first_base or base
            comps = [("price", "Principal", principal)]
            tax_bp = it.get("tax_bp")
            tax = shtax = 0
            if tax_bp is not None:
                tax = pct(principal, tax_bp)
                comps.append(("price", "Tax", tax))
            if ship:
                comps.append(("price", "Shipping", ship))
                if tax_bp is not None:
                    shtax = pct(ship, tax_bp)
                    comps.append(("price", "ShippingTax", shtax))
            w = it.get("withhold")
            if w and tax:
                comps.append(("withheld", w + "-Principal", -tax))
            if w and shtax:
                comps.append(("withheld", w + "-Shipping", -shtax))
            promo = it.get("promo", 0) if self.promos_ok() else 0
            ship_promo = it.get("ship_promo", False) and self.promos_ok()
            fees_base = principal + ship - promo - (ship if ship_promo else 0)
            fba_fee = 0
            if fba:
                fba_fee = -qty * it.get("fba_unit", fba_unit_fee(it["unit"], m))
                comps.append(("fee", "FBAPerUnitFulfillmentFee", fba_fee))
            comm = -pct(fees_base, it.get("comm_pct", 15) * 100)
            comps.append(("fee", "Commission", comm))
            if m["dst_pct"]:
                comps.append(("fee", "DigitalServicesFee",
                              pct(comm + fba_fee, m["dst_pct"] * 100)))
            pid = it.get("promo_id", "")
            if promo:
                comps.append(("promo", "Principal", -promo, pid))
            if ship_promo:
                comps.append(("promo", "Shipping", -ship, pid))
            self.lines.append(Line(base, posted, [], qty=qty))
            first = True
            for c in comps:
                self.lines.append(Line(base, posted, [c],
                                       item_qty=qty if first else None))
                first = False
        if ship_fee and not self.v2():
            self.lines.append(Line(first_base, posted,
                                   [("shipfee", "FBA transportation fee", ship_fee)]))
        return oid

    def add_refund(self, posted, sku, unit, qty=1, comm_pct=15, tax_bp=None,
                   withhold=None, fba_unit=None, order_id=None):
        r, m = self.rng, self.m
        oid = order_id or self.new_order_id()
        principal = unit * qty
        base = {"transaction-type": "Refund", "order-id": oid,
                "merchant-order-id": oid,
                "adjustment-id": "amzn1:crow:" + rnd_str(r, B64, 22),
                "marketplace-name": m["name"], "fulfillment-id": "AFN",
                "order-item-code": rnd_digits(r, 14),
                "merchant-adjustment-item-id": rnd_digits(r, 19), "sku": sku}
        comm = pct(principal, comm_pct * 100)          # reversed: positive
        comps = [("price", "Principal", -principal)]
        if tax_bp is not None:
            tax = pct(principal, tax_bp)
            comps.append(("price", "Tax", -tax))
            if withhold and tax:
                comps.append(("withheld", withhold + "-Principal", tax))
        comps.append(("fee", "Commission", comm))
        refcomm = -min(pct(comm, 2000), 500)   # 20%, at most 5.00 (500 yen)
        comps.append(("fee", "RefundCommission", refcomm))
        if m["dst_pct"]:
            comps.append(("fee", "DigitalServicesFee",
                          pct(comm + refcomm, m["dst_pct"] * 100)))
        for i, c in enumerate(comps):
            self.lines.append(Line(base, posted, [c],
                                   item_qty=qty if i == 0 else None))
        return oid

    def add_other(self, posted, tx, cents, sku=None, qty=None,
                  shipment_id=None, market=False, pad=False):
        base = {"transaction-type": tx}
        if sku:
            base["sku"] = sku
        if qty is not None:
            base["quantity-purchased"] = str(qty)
        if shipment_id:
            base["shipment-id"] = shipment_id
        if market:
            base["marketplace-name"] = self.m["name"]
        self.other.append(Line(base, posted, [("other", tx, cents, "", pad)]))

    def add_service_fee(self, posted, cost, tax=0):
        comps = [("fee", "Cost of Advertising", cost)]
        if tax:
            comps.append(("otherfee", "TaxAmount", tax))
        self.other.append(Line({"transaction-type": "ServiceFee"}, posted, comps))


def fba_unit_fee(unit, m):
    """A plausible per-unit FBA fee by price tier (minor units)."""
    if m["exp"] == 0:
        return 318 if unit < 1500 else 434 if unit < 4000 else 589
    return 322 if unit < 1000 else 406 if unit < 2500 else 512 if unit < 5000 else 749


# --------------------------------------------------------------------------
# Rendering

class Style:
    def __init__(self, crlf=False, latin1=False, comma=False):
        self.crlf, self.latin1, self.comma = crlf, latin1, comma


def render(s, style):
    """Settlement -> list of text lines (no terminators; '' = blank line)."""
    header = HEADERS[s.layout]
    m = s.m
    exp = m["exp"]
    comma = style.comma and m["cur"] == "EUR"
    v2 = s.v2()
    idx = {c: i for i, c in enumerate(header)}
    n = len(header)
    sid = s.sid

    def amt(c, pad=False):
        t = fmt_amount(c, exp, comma)
        return t + "    " if pad else t

    out = ["\t".join(header)]
    row = [""] * n
    row[0] = sid
    row[1], row[2], row[3] = iso(s.start), iso(s.end), iso(s.deposit)
    row[4] = fmt_amount(s.total(), exp, comma)
    row[5] = m["cur"]
    out.append("\t".join(row))

    lines = sorted(s.lines, key=lambda ln: ln.posted)          # stable
    others = sorted(s.other, key=lambda ln: ln.posted)
    tail = [ln for ln in others if ln.base["transaction-type"] == "Successful charge"]
    if not v2:
        others = [ln for ln in others if ln not in tail] + tail
    blank_after = bool(tail) and not v2

    for ln in lines + others:
        base = ln.base
        if not v2:
            row = [""] * n
            row[0] = sid
            for k, v in base.items():
                row[idx[k]] = v
            row[idx["posted-date"]] = iso(ln.posted)
            if ln.qty is not None:
                row[idx["quantity-purchased"]] = str(ln.qty)
            for comp in ln.comps:
                kind, typ, cents = comp[0], comp[1], comp[2]
                pad = len(comp) > 4 and comp[4]
                tcol, acol = V1_COLS[kind]
                if tcol:
                    row[idx[tcol]] = typ
                row[idx[acol]] = amt(cents, pad)
                if kind == "promo":
                    row[idx["promotion-id"]] = comp[3]
            out.append("\t".join(row))
            continue
        for comp in ln.comps:
            kind, typ, cents = comp[0], comp[1], comp[2]
            pad = len(comp) > 4 and comp[4]
            row = [""] * n
            row[0] = sid
            for k, v in base.items():
                row[idx[k]] = v
            tx = base["transaction-type"]
            if kind == "other":
                row[idx["transaction-type"]] = "other-transaction"
                at, ad = "other-transaction", tx
            elif tx == "ServiceFee":
                at = "Cost of Advertising"
                ad = "TransactionTotalAmount" if kind == "fee" else typ
            else:
                at, ad = V2_AMOUNT_TYPE[kind], typ
            row[idx["amount-type"]] = at
            row[idx["amount-description"]] = ad
            row[idx["amount"]] = amt(cents, pad)
            row[idx["posted-date"]] = ln.posted.strftime("%Y-%m-%d")
            row[idx["posted-date-time"]] = ln.posted.strftime("%Y-%m-%d %H:%M:%S UTC")
            if kind == "price" and typ == "Principal" and ln.item_qty:
                row[idx["quantity-purchased"]] = str(ln.item_qty)
            if kind == "promo" and "promotion-id" in idx:
                row[idx["promotion-id"]] = comp[3]
            out.append("\t".join(row))
    if blank_after:
        out.append("")
    return out


def encode(lines, style):
    eol = "\r\n" if style.crlf else "\n"
    text = eol.join(lines) + eol
    return text.encode("latin-1" if style.latin1 else "utf-8")


def write_file(path, data, gz=False):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if gz:
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0,
                           compresslevel=6) as g:
            g.write(data)
        data = buf.getvalue()
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


# --------------------------------------------------------------------------
# Random settlement content

def rand_time(rng, start, end):
    span = int((end - start).total_seconds())
    return start + dt.timedelta(seconds=rng.randrange(1, span))


def rand_item(rng, s, force_sku=None):
    m = s.m
    if force_sku:
        sku, unit = next(c for c in m["catalog"] if c[0] == force_sku)
    else:
        # cheap items are more common; the expensive last item is rare
        cat = m["catalog"]
        k = min(int(rng.expovariate(0.45)), len(cat) - 1)
        sku, unit = cat[k]
    it = {"sku": sku, "unit": unit, "qty": 1 if rng.random() < 0.82 else rng.randint(2, 3)}
    exp = m["exp"]
    if rng.random() < 0.35:
        it["ship"] = rng.choice((499, 599, 699, 799)) if exp else rng.choice((350, 450))
        if rng.random() < 0.5:
            it["ship_promo"] = True
            it["promo_id"] = "LL-FREESHIP-%d" % s.start.year
    if rng.random() < 0.1:
        it["promo"] = pct(unit * it["qty"], 1000)
        it["promo_id"] = "LL-SAVE10-%d%02d" % (s.start.year, s.start.month)
    if m["tax"] == "us":
        bp = rng.choice((0, 600, 725, 825, 888))
        it["tax_bp"] = bp
        if bp:
            it["withhold"] = "MarketplaceFacilitatorTax"
    elif m["tax"] == "ca":
        bp = rng.choice((500, 1300, 1500))
        it["tax_bp"] = bp
        if bp != 500:
            it["withhold"] = "MarketplaceFacilitatorTax"
    elif m["tax"] == "uk" and rng.random() < 0.3:
        it["tax_bp"] = 2000
        it["withhold"] = "MarketplaceFacilitatorVAT"
    return it


def month_days(start, end, day):
    """Datetimes inside (start, end) that fall on `day` of a month."""
    out = []
    d = start.date()
    while True:
        d += dt.timedelta(days=1)
        t = dt.datetime(d.year, d.month, d.day, tzinfo=UTC)
        if t >= end:
            break
        if d.day == day:
            out.append(t)
    return out


class Chain:
    """Carry-over between consecutive settlements of one marketplace."""

    def __init__(self):
        self.reserve = 0     # reserve held by the previous settlement (>0)
        self.negative = 0    # previous settlement's negative total (<0)


def fill_settlement(s, rng, target, chain, opts=None):
    """Random but plausible content with about `target` detail rows."""
    opts = opts or {}
    m, exp = s.m, s.m["exp"]
    unit = 1 if exp == 0 else 100     # one major unit in minor units

    # carried negative balance (FORMATS 1.2): cancels out within this one
    if chain.negative < 0:
        s.add_other(s.start, "Payable to Amazon", chain.negative)
        s.add_other(s.start + dt.timedelta(minutes=rng.randint(30, 300)),
                    "Successful charge", -chain.negative, pad=True)
        chain.negative = 0
    if chain.reserve:
        s.add_other(s.start + dt.timedelta(seconds=rng.randint(1, 59)),
                    "Previous Reserve Amount Balance", chain.reserve)
        chain.reserve = 0

    subs = [t + dt.timedelta(hours=4, seconds=rng.randint(0, 3599))
            for t in month_days(s.start, s.end, 6)]
    storage = [t + dt.timedelta(hours=9, seconds=rng.randint(0, 3599))
               for t in month_days(s.start, s.end, 15)]
    inbound_id = lambda: "FBA" + rnd_str(rng, ALNUM[:26] + ALNUM[52:], 9)
    if opts.get("fee_only"):
        for t in storage:
            s.add_other(t, "Storage Fee", -rng.randint(5 * unit, 40 * unit))
        s.add_other(rand_time(rng, s.start, s.end), "Inbound Transportation Fee",
                    -rng.randint(150 * unit, 420 * unit), shipment_id=inbound_id())
        for t in subs or [rand_time(rng, s.start, s.end)]:
            s.add_other(t, "Subscription Fee", -m["sub"])
        return
    # Which non-order events happen is drawn first (they take row budget);
    # their amounts are drawn after the orders, in proportion to sales.
    inbound = opts.get("inbound") or rng.random() < 0.2
    ads = opts.get("ads", 1 if rng.random() < 0.7 else 0)
    reimb = opts.get("reimb") or rng.random() < 0.15
    reversal = opts.get("reversal") or rng.random() < 0.05
    n_other = s.nrows() + len(subs) + len(storage) + inbound + ads + reimb + reversal

    # orders and refunds until the row budget is used, then spread them
    # over the window in posted-date order
    forced = list(opts.get("skus", ()))
    refunds_left = opts.get("refunds", 0)
    events = []
    while s.nrows() + n_other < target or not events:
        i0 = len(s.lines)
        if refunds_left or (rng.random() < 0.06 and not forced):
            refunds_left = max(0, refunds_left - 1)
            it = rand_item(rng, s)
            s.add_refund(None, it["sku"], it["unit"], it["qty"],
                         tax_bp=it.get("tax_bp"), withhold=it.get("withhold"))
        else:
            items = [rand_item(rng, s, forced.pop(0) if forced else None)]
            if rng.random() < 0.1:
                items.append(rand_item(rng, s))
            fba = rng.random() < 0.9
            ship_fee = 0
            if fba and not s.v2() and rng.random() < 0.04:
                ship_fee = -rng.randint(10, 90)
            s.add_order(None, items, fba=fba, ship_fee=ship_fee)
        events.append((i0, len(s.lines)))
    times = sorted(rand_time(rng, s.start, s.end) for _ in events)
    for (i0, i1), t in zip(events, times):
        for ln in s.lines[i0:i1]:
            ln.posted = t

    sales = max(s.sales(), 10 * unit)
    for t in subs:
        s.add_other(t, "Subscription Fee", -m["sub"])
    for t in storage:
        s.add_other(t, "Storage Fee", -max(unit, pct(sales, rng.randint(50, 300))))
    if inbound:
        s.add_other(rand_time(rng, s.start, s.end), "Inbound Transportation Fee",
                    -max(unit, pct(sales, rng.randint(100, 600))), shipment_id=inbound_id())
    for _ in range(ads):
        cost = -max(unit, pct(sales, rng.randint(200, 800)))
        tax = pct(cost, 1300) if s.mk == "CA" else 0
        s.add_service_fee(rand_time(rng, s.start, s.end), cost, tax)
    if reimb:
        sku, price = rng.choice(m["catalog"][:4])
        q = rng.randint(1, 3)
        s.add_other(rand_time(rng, s.start, s.end), "WAREHOUSE_DAMAGE",
                    pct(price * q, 6000), sku=sku, qty=q, market=True)
    if reversal:
        sku, price = rng.choice(m["catalog"][:4])
        s.add_other(rand_time(rng, s.start, s.end), "REVERSAL_REIMBURSEMENT",
                    -pct(price, 6000), sku=sku, qty=1, market=True)

    if opts.get("reserve") or (not opts.get("no_reserve") and rng.random() < 0.3):
        hold = pct(s.sales(), 1000)
        if hold > 0:
            s.add_other(s.end - dt.timedelta(seconds=rng.randint(60, 3600)),
                        "Current Reserve Amount", -hold)
            chain.reserve = hold


def schedule(mk, start_date, n=None, until=None):
    """Biweekly settlement windows for a marketplace: (index, start, end, deposit)."""
    m = MARKETS[mk]
    h, mi, se = m["tod"]
    t0 = dt.datetime(start_date.year, start_date.month, start_date.day, h, mi, se,
                     tzinfo=UTC) + dt.timedelta(days=m["anchor"])
    i = 0
    while True:
        a = t0 + dt.timedelta(days=14 * i)
        b = a + dt.timedelta(days=14)
        if (n is not None and i >= n) or (until is not None and a >= until):
            return
        yield i, a, b, b + dt.timedelta(days=2)
        i += 1


def settlement_id(mk, i):
    code = MARKETS[mk]["code"]
    return "99%d%08d" % (code, 31402517 + i * 70357 + (i * 7919) % 1000)


def season(t):
    return {1: 0.8, 2: 0.8, 3: 0.9, 11: 1.4, 12: 1.6}.get(t.month, 1.0)


# --------------------------------------------------------------------------
# Mode: archive

def gen_archive(a):
    mks = [x.strip().upper() for x in a.marketplace.split(",") if x.strip()]
    if mks == ["ALL"]:
        mks = list(MARKETS)
    for mk in mks:
        if mk not in MARKETS:
            sys.exit("gen_amazon: unknown marketplace %r (have %s)" % (mk, ",".join(MARKETS)))
    start = dt.date.fromisoformat(a.start)
    until_d = dt.date(start.year + a.years, start.month, start.day)
    until = dt.datetime(until_d.year, until_d.month, until_d.day, tzinfo=UTC)
    plan = []
    for mk in mks:
        for i, s0, s1, dep in schedule(mk, start, until=until):
            plan.append((mk, i, s0, s1, dep))
    # the first settlement of each marketplace is fee-only: no row budget
    weight = sum(season(p[2]) for p in plan if p[1] > 0)
    stats = {"files": 0, "settlements": 0, "rows": 0, "bytes": 0, "raw_bytes": 0,
             "layouts": {}, "marketplaces": mks, "seed": a.seed}
    style = Style(a.crlf, a.latin1, a.decimal_comma)
    os.makedirs(a.out, exist_ok=True)
    for mk in mks:
        rng = random.Random("%s-%s" % (a.seed, mk))
        chain = Chain()
        for (pmk, i, s0, s1, dep) in plan:
            if pmk != mk:
                continue
            if a.layout == "mix":
                layout = "v1-33" if i == 0 else rng.choices(
                    ("v1", "v1-33", "v2", "v2-24"), (50, 5, 30, 15))[0]
            else:
                layout = a.layout
            s = Settlement(mk, settlement_id(mk, i), s0, s1, dep, layout, rng)
            target = max(8, int(a.rows * season(s0) / weight * rng.uniform(0.8, 1.2)))
            fill_settlement(s, rng, target, chain, {"fee_only": i == 0})
            if s.total() < 0:
                chain.negative = s.total()
            lines = render(s, style)
            data = encode(lines, style)
            name = s.sid + (".txt.gz" if a.gzip else ".txt")
            stats["bytes"] += write_file(os.path.join(a.out, name), data, a.gzip)
            stats["raw_bytes"] += len(data)
            stats["files"] += 1
            stats["settlements"] += 1
            stats["rows"] += s.nrows()
            stats["layouts"][layout] = stats["layouts"].get(layout, 0) + 1
    if a.stats:
        with open(a.stats, "w") as f:
            json.dump(stats, f, indent=1, sort_keys=True)
            f.write("\n")
    print("gen_amazon: %d settlements, %d detail rows, %d bytes on disk (%d raw) in %s"
          % (stats["settlements"], stats["rows"], stats["bytes"], stats["raw_bytes"], a.out),
          file=sys.stderr)


# --------------------------------------------------------------------------
# Mode: samples (small committed demo set)

# (marketplace, schedule index, layout, options). Indexes count 14-day
# settlements from the marketplace's first one in January 2024.
SAMPLES = [
    ("US", 0, "v1", {}),
    ("US", 1, "v1", {"refunds": 1}),
    ("US", 2, "v1", {"gz": True}),
    ("US", 13, "v1", {"reimb": True, "reversal": True}),
    ("US", 25, "v1", {}),                             # 2024-12-19..2025-01-02: year end
    ("US", 38, "v2", {"reserve": True}),
    ("US", 39, "v2", {}),
    ("US", 51, "v2", {"gz": True, "refunds": 1}),
    ("CA", 0, "v1-33", {"fee_only": True}),           # negative, fee-only, 33 columns
    ("CA", 1, "v1", {}),                              # Payable/Successful charge; Jan->Feb
    ("CA", 2, "v1", {"reserve": True}),
    ("CA", 3, "v1", {"refunds": 1}),                  # Previous Reserve Amount Balance
    ("CA", 30, "v1", {"reimb": True}),
    ("CA", 31, "v1", {"crlf": True}),
    ("UK", 5, "v1", {}),
    ("UK", 6, "v1", {"refunds": 1}),
    ("UK", 20, "v1", {"gz": True, "reimb": True}),
    ("UK", 30, "v2-24", {"reserve": True}),
    ("UK", 40, "v2-24", {"refunds": 1}),
    ("UK", 41, "v2", {}),
    ("DE", 3, "v1", {"comma": True, "latin1": True, "skus": ["ll-café-crème-250g", "LL-ESPRESSO-PRO"]}),
    ("DE", 4, "v1", {"skus": ["ll-tasse-größe-m"]}),
    ("DE", 26, "v2", {"refunds": 1}),
    ("DE", 27, "v2", {"gz": True}),
    ("DE", 45, "v1", {"comma": True, "reimb": True}),
    ("JP", 10, "v1", {}),
    ("JP", 11, "v1", {"refunds": 1}),
]
SAMPLE_ROWS = 30
ORDER_REPORT_SAMPLE = "99790000007.txt"


def sample_chain(mk, seed, n=None):
    """The demo seller's settlements of one marketplace, in schedule order:
    yields (index, Settlement, options) for the first n (default: up to the
    last committed sample); options is None for a settlement that has no
    flat file in samples/amazon. The Date Range and XML samples
    (bench/gen_amazon_daterange.py) render the same settlements."""
    start = dt.date(2024, 1, 1)
    want = {i: (lay, o) for (m, i, lay, o) in SAMPLES if m == mk}
    if not want and n is None:
        return
    rng = random.Random("samples-%s-%s" % (seed, mk))
    chain = Chain()
    for i, s0, s1, dep in schedule(mk, start, n=n if n is not None else max(want) + 1):
        lay, o = want.get(i, ("v1", {}))
        opts = dict(o) if i in want else {}
        opts["no_reserve"] = not opts.get("reserve")   # reserves only where asked
        # Keep the demo a business that makes money: redraw a settlement
        # that came out negative, except the one meant to be negative.
        saved = (chain.negative, chain.reserve)
        while True:
            s = Settlement(mk, settlement_id(mk, i), s0, s1, dep, lay, rng)
            target = rng.randint(SAMPLE_ROWS - 10, SAMPLE_ROWS + 10)
            fill_settlement(s, rng, target, chain, opts)
            if s.total() >= 0 or opts.get("fee_only"):
                break
            chain.negative, chain.reserve = saved
        if s.total() < 0:
            chain.negative = s.total()
        yield i, s, (o if i in want else None)


def gen_samples(outdir, seed):
    os.makedirs(outdir, exist_ok=True)
    written = []
    for mk in MARKETS:
        for i, s, o in sample_chain(mk, seed):
            if o is None:
                continue
            style = Style(o.get("crlf", False), o.get("latin1", False), o.get("comma", False))
            name = s.sid + (".txt.gz" if o.get("gz") else ".txt")
            write_file(os.path.join(outdir, name), encode(render(s, style), style), o.get("gz", False))
            written.append(name)
    rng = random.Random("samples-%s-orders" % seed)
    write_file(os.path.join(outdir, ORDER_REPORT_SAMPLE), order_report(rng, "US", 8))
    written.append(ORDER_REPORT_SAMPLE)
    print("gen_amazon: wrote %d sample files to %s" % (len(written), outdir), file=sys.stderr)


def order_report(rng, mk, n, latin1=False):
    """A synthetic Amazon order report (FORMATS 1.6): not a settlement."""
    m = MARKETS[mk]
    t = dt.datetime(2025, 3, 3, 9, 0, 0, tzinfo=UTC)
    cities = [("Springfield", "IL", "62701"), ("Riverton", "WY", "82501"),
              ("Fairview", "OR", "97024"), ("Georgetown", "TX", "78626")]
    lines = ["\t".join(ORDER_REPORT_HEADER)]
    for k in range(n):
        t += dt.timedelta(minutes=rng.randint(20, 600))
        sku, unit = rng.choice(m["catalog"])
        q = 1 if rng.random() < 0.8 else 2
        city, st, zp = rng.choice(cities)
        oid = "%s-%s-%s" % (rng.choice(m["prefixes"]), rnd_digits(rng, 7), rnd_digits(rng, 7))
        name = "Example Buyer %d" % (k + 1)
        row = [oid, rnd_digits(rng, 14), iso(t), iso(t + dt.timedelta(minutes=3)),
               rnd_str(rng, ALNUM[26:52] + "0123456789", 14) + "@marketplace.example.com",
               name, "", sku, "Ledgerlift demo product " + sku, str(q), m["cur"],
               fmt_amount(unit * q, m["exp"]), "0.00",
               fmt_amount(599 if k % 3 == 0 else 0, m["exp"]), "0.00", "Standard",
               name, "%d Example Street" % (100 + k), "", "", city, st, zp, "US",
               "", "", "", "", "", m["name"]]
        lines.append("\t".join(row))
    return encode(lines, Style(latin1=latin1))


# --------------------------------------------------------------------------
# Mode: fixtures (tests/data/amazon)

def fx_settlement(n, mk="US", layout="v1", start=None, days=14, seed="fx"):
    start = start or dt.datetime(2025, 3, 2, 8, 15, 0, tzinfo=UTC)
    end = start + dt.timedelta(days=days)
    sid = "999%08d" % (40000000 + n * 1111)
    return Settlement(mk, sid, start, end, end + dt.timedelta(days=2), layout,
                      random.Random("%s-%d" % (seed, n)))


def at(s, day, h=12, mi=0, se=0):
    """A time `day` days after the settlement start, at h:mi:se."""
    d = (s.start + dt.timedelta(days=day)).date()
    return dt.datetime(d.year, d.month, d.day, h, mi, se, tzinfo=UTC)


def fx_basic(s, small=False):
    """A few orders, a refund and some fees: a handful of rows."""
    cat = s.m["catalog"]
    s.add_order(at(s, 1, 10, 12, 5), [{"sku": cat[0][0], "unit": cat[0][1], "qty": 3}])
    s.add_order(at(s, 3, 16, 40, 51), [{"sku": cat[1][0], "unit": cat[1][1], "qty": 2,
                                        "ship": 599 if s.m["exp"] else 450}])
    if not small:
        s.add_refund(at(s, 5, 8, 3, 27), cat[2][0], cat[2][1])
        s.add_order(at(s, 7, 21, 5, 0), [{"sku": cat[3][0], "unit": cat[3][1], "qty": 2,
                                          "promo": pct(2 * cat[3][1], 1000),
                                          "promo_id": "LL-SAVE10-FX"}])
    s.add_other(at(s, 4, 4, 10, 11), "Subscription Fee", -s.m["sub"])
    s.add_service_fee(at(s, 9, 23, 1, 9), -456)


def fx_write(d, name, s, style=None, mutate=None, gz=False):
    style = style or Style()
    lines = render(s, style)
    if mutate:
        lines = mutate(lines)
    data = encode(lines, style)
    write_file(os.path.join(d, name), data, gz)
    return data


def gen_fixtures(d):
    os.makedirs(d, exist_ok=True)

    # bad-amount: one Principal of 12.30 written as 12.3x (total includes 12.30)
    s = fx_settlement(1)
    s.add_order(at(s, 2, 9, 30, 0), [{"sku": "LL-FILTER-100", "unit": 1230}])
    fx_basic(s, small=True)

    def bad(lines):
        for k, ln in enumerate(lines):
            if "\tPrincipal\t12.30\t" in ln:
                lines[k] = ln.replace("\tPrincipal\t12.30\t", "\tPrincipal\t12.3x\t")
                return lines
        raise SystemExit("bad-amount: no 12.30 row")
    fx_write(d, "bad-amount.txt", s, mutate=bad)

    # unknown-columns: a tab file we do not know
    write_file(os.path.join(d, "unknown-columns.txt"),
               b"date\tsku\tunits\tgross\tfees\tnet\n"
               b"2025-03-03\tLL-MUG-12OZ-BLU\t2\t37.98\t-9.61\t28.37\n"
               b"2025-03-04\tLL-TEA-TIN-S\t1\t12.99\t-5.17\t7.82\n"
               b"2025-03-05\tLL-KETTLE-1L\t1\t49.50\t-12.55\t36.95\n")
    write_file(os.path.join(d, "empty.txt"), b"")
    write_file(os.path.join(d, "header-only.txt"), ("\t".join(V1_HEADER_36) + "\n").encode())

    # latin1: DE/EUR, dot decimals, ISO-8859-1 sku bytes (0xE9)
    s = fx_settlement(2, mk="DE")
    s.add_order(at(s, 1, 11, 0, 0), [{"sku": "ll-café-crème-250g", "unit": 1290, "qty": 2}])
    s.add_refund(at(s, 6, 15, 30, 0), "ll-café-crème-250g", 1290)
    fx_basic(s, small=True)
    fx_write(d, "latin1.txt", s, Style(latin1=True))

    # crlf: CA/CAD with CRLF line ends
    s = fx_settlement(3, mk="CA")
    fx_basic(s)
    s.add_order(at(s, 11, 17, 2, 0), [{"sku": "LL-KETTLE-1L", "unit": 6499, "tax_bp": 1300,
                                       "withhold": "MarketplaceFacilitatorTax"}])
    fx_write(d, "crlf.txt", s, Style(crlf=True))

    # blank-lines: blank lines mid-file and at the end, trailing spaces in amounts
    s = fx_settlement(4)
    fx_basic(s)

    def blanks(lines):
        out = []
        for k, ln in enumerate(lines):
            if k >= 2 and ("\tSubscription Fee\t" in ln or "\tCommission\t" in ln):
                parts = ln.split("\t")
                for j in range(len(parts) - 1, -1, -1):
                    if parts[j]:
                        parts[j] += "    "
                        break
                ln = "\t".join(parts)
            out.append(ln)
            if k == 6:
                out.append("")
        return out + ["", ""]
    fx_write(d, "blank-lines.txt", s, mutate=blanks)

    # untied: rows sum to total-amount minus 0.01
    s = fx_settlement(5)
    fx_basic(s)
    s.total_adjust = 1
    fx_write(d, "untied.txt", s)

    # dup-a / dup-b.txt.gz: the same bytes, one gzipped
    s = fx_settlement(6)
    fx_basic(s)
    data = fx_write(d, "dup-a.txt", s)
    write_file(os.path.join(d, "dup-b.txt.gz"), data, gz=True)

    # version-a / version-b: same settlement id, one Commission differs by 0.05
    # (and total-amount with it, so each file ties on its own)
    s = fx_settlement(7)
    fx_basic(s)
    fx_write(d, "version-a.txt", s)
    for ln in s.lines:
        c = ln.comps[0] if ln.comps else None
        if c and c[1] == "Commission":
            ln.comps[0] = (c[0], c[1], c[2] - 5)
            break
    fx_write(d, "version-b.txt", s)

    # decimal-comma: DE/EUR amounts 1.234,56 and -5,12
    s = fx_settlement(8, mk="DE")
    s.add_order(at(s, 2, 13, 20, 0), [{"sku": "LL-ESPRESSO-PRO", "unit": 123456,
                                       "comm_pct": 7}])
    s.add_order(at(s, 4, 9, 0, 0), [{"sku": "LL-FILTER-100", "unit": 749, "fba_unit": 512}])
    s.add_other(at(s, 5, 4, 2, 0), "Storage Fee", -512)
    s.add_other(at(s, 6, 4, 10, 0), "Subscription Fee", -3900)
    fx_write(d, "decimal-comma.txt", s, Style(comma=True))

    # v2 (23 columns) and v2-promo (24 columns)
    s = fx_settlement(9, layout="v2")
    fx_basic(s)
    s.add_order(at(s, 8, 7, 45, 0), [{"sku": "LL-TEA-TIN-S", "unit": 1299, "tax_bp": 725,
                                      "withhold": "MarketplaceFacilitatorTax"}])
    s.add_other(at(s, 10, 3, 0, 0), "WAREHOUSE_DAMAGE", 1140, sku="LL-MUG-12OZ-BLU",
                qty=1, market=True)
    fx_write(d, "v2.txt", s)
    s = fx_settlement(10, mk="UK", layout="v2-24")
    fx_basic(s)
    s.add_order(at(s, 12, 8, 30, 0), [{"sku": "LL-KETTLE-1L", "unit": 3995, "qty": 2}])
    s.add_order(at(s, 8, 7, 45, 0), [{"sku": "LL-TEA-TIN-S", "unit": 999, "ship": 350,
                                      "ship_promo": True, "promo_id": "LL-FREESHIP-FX",
                                      "tax_bp": 2000, "withhold": "MarketplaceFacilitatorVAT"}])
    s.add_other(at(s, 11, 1, 0, 0), "Current Reserve Amount", -1500)
    s.add_other(at(s, 0, 1, 0, 0), "Previous Reserve Amount Balance", 1800)
    fx_write(d, "v2-promo.txt", s)

    # v1-33: 33 columns (no promotion-*)
    s = fx_settlement(11, mk="CA", layout="v1-33")
    fx_basic(s)
    s.add_order(at(s, 11, 17, 2, 0), [{"sku": "LL-KETTLE-1L", "unit": 6499, "tax_bp": 500}])
    s.add_other(at(s, 2, 6, 0, 0), "Inbound Transportation Fee", -1234,
                shipment_id="FBA15ZZQW7X2")
    fx_write(d, "v1-33.txt", s)

    # order-report: not a settlement
    write_file(os.path.join(d, "order-report.txt"),
               order_report(random.Random("fx-orders"), "US", 4))

    # negative: fees exceed sales
    s = fx_settlement(12, mk="CA")
    s.add_other(at(s, 1, 18, 0, 0), "Inbound Transportation Fee", -25640,
                shipment_id="FBA15ZZQW8K4")
    s.add_other(at(s, 4, 4, 0, 0), "Subscription Fee", -2999)
    s.add_service_fee(at(s, 6, 23, 0, 0), -812, -106)
    s.add_order(at(s, 9, 14, 0, 0), [{"sku": "LL-TEA-TIN-S", "unit": 1699, "tax_bp": 500}])
    fx_write(d, "negative.txt", s)

    # month-split: 2025-01-25 .. 2025-02-08 with rows in both months
    s = fx_settlement(13, start=dt.datetime(2025, 1, 25, 8, 0, 0, tzinfo=UTC))
    s.add_order(at(s, 1, 10, 0, 0), [{"sku": "LL-MUG-12OZ-BLU", "unit": 1899}])      # Jan 26
    s.add_order(at(s, 4, 19, 30, 0), [{"sku": "LL-KETTLE-1L", "unit": 4950,           # Jan 29
                                       "tax_bp": 725, "withhold": "MarketplaceFacilitatorTax"}])
    s.add_other(at(s, 5, 9, 0, 0), "Storage Fee", -432)                              # Jan 30
    s.add_refund(at(s, 6, 13, 0, 0), "LL-TEA-TIN-S", 1299)                            # Jan 31
    s.add_other(at(s, 12, 4, 0, 0), "Subscription Fee", -3999)                        # Feb 6
    s.add_order(at(s, 8, 11, 0, 0), [{"sku": "LL-SCALE-DIG", "unit": 2599, "qty": 2}])  # Feb 2
    s.add_service_fee(at(s, 10, 22, 0, 0), -750)                                     # Feb 4
    fx_write(d, "month-split.txt", s)

    # carried-a / carried-b: a negative settlement that Amazon carries into
    # the next one (no card charge): carried-b opens with `Payable to Amazon`
    # of carried-a's total and crosses a month end (Mar 28 -> Apr 11)
    s = fx_settlement(15, start=dt.datetime(2025, 3, 14, 8, 0, 0, tzinfo=UTC))
    s.add_order(at(s, 2, 10, 0, 0), [{"sku": "LL-TEA-TIN-S", "unit": 1299}])        # Mar 16
    s.add_other(at(s, 3, 6, 0, 0), "Inbound Transportation Fee", -4210,             # Mar 17
                shipment_id="FBA15ZZQW9C1")
    s.add_other(at(s, 6, 4, 0, 0), "Subscription Fee", -3999)                        # Mar 20
    fx_write(d, "carried-a.txt", s)
    carried = s.total()
    s = fx_settlement(16, start=s.end)
    s.add_other(at(s, 0, 9, 0, 0), "Payable to Amazon", carried)                     # Mar 28
    s.add_order(at(s, 1, 15, 0, 0), [{"sku": "LL-KETTLE-1L", "unit": 4950}])         # Mar 29
    s.add_order(at(s, 6, 11, 0, 0), [{"sku": "LL-SCALE-DIG", "unit": 2599, "qty": 4}])  # Apr 3
    s.add_other(at(s, 8, 9, 0, 0), "Storage Fee", -312)                              # Apr 5
    fx_write(d, "carried-b.txt", s)

    # truncated / corrupt gzip, from a bigger settlement so the deflate
    # stream has some length
    s = fx_settlement(14)
    fill_settlement(s, s.rng, 60, Chain(), {"no_reserve": True})
    raw = encode(render(s, Style()), Style())
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
        g.write(raw)
    gz = buf.getvalue()
    write_file(os.path.join(d, "truncated.txt.gz"), gz[:len(gz) // 2])
    bad_gz = bytearray(gz)
    mid = len(gz) // 2
    for k in range(mid, mid + 8):
        bad_gz[k] ^= 0x5A
    write_file(os.path.join(d, "corrupt.txt.gz"), bytes(bad_gz))
    print("gen_amazon: wrote fixtures to %s" % d, file=sys.stderr)


# --------------------------------------------------------------------------
# Mode: fuzz seeds

def gen_fuzz(d):
    os.makedirs(d, exist_ok=True)

    def small(n, mk="US", layout="v1"):
        s = fx_settlement(n, mk=mk, layout=layout, seed="fuzz")
        s.sid = "998%08d" % (50000000 + n * 1111)
        cat = s.m["catalog"]
        s.add_order(at(s, 1, 10, 0, 0), [{"sku": cat[0][0], "unit": cat[0][1]}])
        s.add_other(at(s, 2, 4, 0, 0), "Subscription Fee", -s.m["sub"])
        return s

    def put(name, data):
        write_file(os.path.join(d, name), data)

    v1 = render(small(1), Style())
    put("v1-min.txt", encode(v1, Style()))
    put("v1-33-min.txt", encode(render(small(2, "CA", "v1-33"), Style()), Style()))
    put("v2-min.txt", encode(render(small(3, layout="v2"), Style()), Style()))
    put("v2-24-min.txt", encode(render(small(4, "UK", "v2-24"), Style()), Style()))
    put("v1-crlf.txt", encode(v1, Style(crlf=True)))
    put("v1-cr-only.txt", ("\r".join(v1) + "\r").encode())
    put("v1-bom.txt", b"\xef\xbb\xbf" + encode(v1, Style()))
    put("v1-latin1.txt", encode(render(small(5, "DE"), Style()), Style(latin1=True)))
    put("v1-decimal-comma.txt", encode(render(small(6, "DE"), Style(comma=True)), Style(comma=True)))
    short = list(v1)
    short[3] = "\t".join(short[3].split("\t")[:20])
    put("v1-short-row.txt", encode(short, Style()))
    long_ = list(v1)
    long_[3] += "\textra\t\t9.99"
    put("v1-long-row.txt", encode(long_, Style()))
    put("v1-truncated-mid-row.txt", encode(v1, Style())[:-40])
    odd = list(v1)
    odd[4] = odd[4].replace("LL-", "L\x00L-", 1)
    put("v1-odd-bytes.txt", encode(odd, Style()).replace(b"Order", b"Or\xffder", 1))
    amts = list(v1[:2])
    base = v1[3].split("\t")
    pi = V1_HEADER_36.index("price-amount")
    for v in ("1e5", "--", "(1.00)", "99999999999999999999.99", ".5", "-", "1,234.56",
              "12.345", "+3.00", "3.-"):
        r = list(base)
        r[pi] = v
        amts.append("\t".join(r))
    put("v1-odd-amounts.txt", encode(amts, Style()))
    put("v1-no-summary.txt", encode([v1[0]] + v1[2:], Style()))
    put("v1-two-summaries.txt", encode(v1[:2] + v1[1:], Style()))
    put("order-report-min.txt", order_report(random.Random("fuzz-orders"), "US", 2))
    put("header-only.txt", encode([v1[0]], Style()))
    print("gen_amazon: wrote fuzz seeds to %s" % d, file=sys.stderr)


# --------------------------------------------------------------------------

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--out", metavar="DIR", help="write an archive of settlements")
    g.add_argument("--samples", metavar="DIR", help="write the committed demo set")
    g.add_argument("--fixtures", metavar="DIR", help="write tests/data/amazon fixtures")
    g.add_argument("--fuzz-seeds", metavar="DIR", help="write fuzz seed files")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--years", type=int, default=2)
    p.add_argument("--start", default="2024-01-01", help="first day (YYYY-MM-DD)")
    p.add_argument("--rows", type=int, default=5000, help="approximate total detail rows")
    p.add_argument("--layout", choices=LAYOUTS + ("mix",), default="v1")
    p.add_argument("--marketplace", default="US",
                   help="comma list of US,CA,UK,DE,JP, or all (default US)")
    p.add_argument("--gzip", action="store_true", help="write .txt.gz files")
    p.add_argument("--crlf", action="store_true", help="CRLF line ends")
    p.add_argument("--latin1", action="store_true", help="ISO-8859-1 instead of UTF-8")
    p.add_argument("--decimal-comma", action="store_true",
                   help="EUR amounts as 1.234,56 (as some EU files)")
    p.add_argument("--stats", metavar="FILE", help="write counts as JSON")
    a = p.parse_args(argv)
    if a.samples:
        gen_samples(a.samples, a.seed)
    elif a.fixtures:
        gen_fixtures(a.fixtures)
    elif a.fuzz_seeds:
        gen_fuzz(a.fuzz_seeds)
    else:
        gen_archive(a)


if __name__ == "__main__":
    main()
