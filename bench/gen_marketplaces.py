#!/usr/bin/env python3
"""gen_marketplaces.py - synthetic eBay, WooCommerce and PayPal exports for ledgerlift.

Writes our own made-up files in the layouts of FORMATS.md sections 3 (eBay
transaction report, orders report, File Exchange), 4 (WooCommerce WebToffee
CSV, Advanced Order Export CSV, REST API JSON) and 5 (PayPal activity
download and statement). Every amount is an integer number of minor units
turned into text at the end (never a float). Python 3 standard library only;
the same arguments always give byte-identical files.

  python3 bench/gen_marketplaces.py --samples samples      # samples/{ebay,woocommerce,paypal}
  python3 bench/gen_marketplaces.py --fixtures tests/data  # tests/data/{ebay,woocommerce,paypal}
  python3 bench/gen_marketplaces.py --out /tmp/mkt --orders 50000   # a bigger archive

Ids are obviously ours: eBay payouts 59xxxxxxxx, orders 99-xxxxx-xxxxx, sellers
ll-demo-*, e-mail addresses at example.com, PayPal transaction ids LLPP...
"""

import argparse
import csv
import datetime as dt
import json
import os
import random

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def money(c, comma=False, thousands=False, symbol="", exp=2):
    """minor units -> text: 1234.56, 1.234,56, $1,234.56"""
    neg = c < 0
    c = abs(c)
    if exp == 0:
        whole, frac = str(c), ""
    else:
        whole, frac = str(c // 10 ** exp), str(c % 10 ** exp).rjust(exp, "0")
    if thousands and len(whole) > 3:
        parts = []
        while len(whole) > 3:
            parts.insert(0, whole[-3:])
            whole = whole[:-3]
        parts.insert(0, whole)
        whole = ("." if comma else ",").join(parts)
    s = whole + ((("," if comma else ".") + frac) if frac else "")
    return ("-" if neg else "") + symbol + s


def q(s):
    return '"' + str(s).replace('"', '""') + '"'


def write(path, text, bom=False, crlf=False, enc="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode(enc)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- eBay

EBAY_TX_HEADER = [
    "Transaction creation date", "Type", "Order number", "Legacy order ID", "Buyer username",
    "Buyer name", "Ship to city", "Ship to province/region/state", "Ship to zip",
    "Ship to country", "Net amount", "Payout currency", "Payout date", "Payout ID",
    "Payout method", "Payout status", "Reason for hold", "Item ID", "Transaction ID",
    "Item title", "Custom label", "Quantity", "Item subtotal", "Shipping and handling",
    "Seller collected tax", "eBay collected tax", "Final Value Fee - fixed",
    "Final Value Fee - variable", "Regulatory operating fee",
    'Very high "item not as described" fee', "Below standard performance fee",
    "International fee", "Charity donation", "Deposit processing fee",
    "Gross transaction amount", "Transaction currency", "Exchange rate", "Reference ID",
    "Description",
]

# eBay.de names as ledgerlift reads them (unverified guesses, see tests/data/ebay/README.md)
EBAY_TX_DE = {
    "Transaction creation date": "Erstellungsdatum der Transaktion", "Type": "Typ",
    "Order number": "Bestellnummer", "Net amount": "Nettobetrag",
    "Payout currency": "Auszahlungswährung", "Payout date": "Auszahlungsdatum",
    "Payout ID": "Auszahlungs-ID", "Reason for hold": "Grund für die Zurückbehaltung",
    "Custom label": "Benutzerdefiniertes Label", "Quantity": "Anzahl",
    "Item subtotal": "Zwischensumme Artikel", "Shipping and handling": "Verpackung und Versand",
    "Seller collected tax": "Vom Verkäufer erhobene Steuer",
    "eBay collected tax": "Von eBay erhobene Steuer",
    "Final Value Fee - fixed": "Verkaufsprovision - fix",
    "Final Value Fee - variable": "Verkaufsprovision - variabel",
    "International fee": "Internationale Gebühr",
    "Gross transaction amount": "Transaktionsbetrag",
    "Transaction currency": "Transaktionswährung", "Description": "Beschreibung",
}
EBAY_TYPES_DE = {"Order": "Bestellung", "Refund": "Rückerstattung", "Payout": "Auszahlung",
                 "Shipping label": "Versandetikett", "Other fee": "Andere Gebühr",
                 "Hold": "Zurückbehaltung"}

ITEMS = [("Walnut desk tidy", "LL-WDT-01", 2450), ("Linen tea towel set", "LL-LTT-03", 1299),
         ("Enamel camping mug", "LL-ECM-12", 1550), ("Brass bookends (pair)", "LL-BBE-02", 4800),
         ("Wool felt coasters x6", "LL-WFC-06", 1875), ("Oak chopping board", "LL-OCB-30", 3625),
         ("Copper plant mister", "LL-CPM-01", 2199), ("Cork yoga block", "LL-CYB-09", 1425)]


class EbayReport:
    """rows of a transaction report, payout by payout; each row a dict of cents"""

    def __init__(self, rng, cur, start, german=False, payout_sign=1):
        self.rng, self.cur, self.german, self.sign = rng, cur, german, payout_sign
        self.rows = []
        self.day = start
        self.order_seq = rng.randrange(10000, 90000)
        self.payouts = []

    def _order_no(self):
        self.order_seq += self.rng.randrange(3, 40)
        return "99-%05d-%05d" % (self.order_seq % 100000, self.rng.randrange(10000, 99999))

    def order(self, day, qty=1, etax=False, stax=False, intl=False):
        name, sku, price = self.rng.choice(ITEMS)
        sub = price * qty
        ship = self.rng.choice([0, 395, 499, 650])
        st = (sub * 8 // 100) if stax else 0
        et = (sub * 7 // 100) if etax else 0
        fixed = -30 if self.cur != "EUR" else -35
        var = -((sub + ship + st + et) * 1325 // 10000)
        reg = -((sub + ship) * 35 // 10000)
        intl_fee = -((sub + ship) * 165 // 10000) if intl else 0
        net = sub + ship + st + fixed + var + reg + intl_fee
        row = dict(type="Order", day=day, order=self._order_no(), sku=sku, title=name, qty=qty,
                   sub=sub, ship=ship, stax=st, etax=et, fixed=fixed, var=var, reg=reg,
                   intl=intl_fee, gross=sub + ship + st + et, net=net)
        self.rows.append(row)
        return row

    def refund(self, day, of, partial=None):
        amt = partial if partial is not None else of["sub"]
        credit = amt * 1325 // 10000
        row = dict(type="Refund", day=day, order=of["order"], sku=of["sku"], title=of["title"],
                   qty=None, sub=-amt, ship=0, stax=0, etax=0, fixed=0, var=credit, reg=0,
                   intl=0, gross=-amt, net=-amt + credit)
        self.rows.append(row)
        return row

    def single(self, day, typ, net, desc="", order="", hold=""):
        row = dict(type=typ, day=day, order=order, net=net, desc=desc, hold=hold)
        self.rows.append(row)
        return row

    def payout(self, day, pid, since):
        rows = [r for r in self.rows[since:] if "pid" not in r]
        total = sum(r["net"] for r in rows)
        for r in rows:
            r["pid"], r["pday"] = pid, day
        pr = dict(type="Payout", day=day, pid=pid, pday=day, net=self.sign * total,
                  order="", desc="Payout to bank account ****1234")
        self.rows.append(pr)
        self.payouts.append((pid, total, day))
        return len(self.rows)

    def render(self, start, end, seller="ll-demo-seller", crlf=True, bom=True, unpaid_from=None):
        de = self.german
        delim = ";" if de else ","
        hdr = [EBAY_TX_DE.get(h, h) if de else h for h in EBAY_TX_HEADER]

        def d(day):
            return day.strftime("%d.%m.%Y") if de else "%s %d, %d" % (MONTHS[day.month - 1],
                                                                      day.day, day.year)

        def m(c):
            return "--" if c is None else money(c, comma=de, thousands=True)

        out = []
        pre = [["Transaktionsbericht" if de else "Transaction report"], [""],
               ["Zeitraum" if de else "Date range", d(start) + " - " + d(end)],
               ["Erstellt am" if de else "Created on", d(end)], [""],
               ["Währung" if de else "Currency", self.cur], [""],
               ["Konto" if de else "Account", "Managed payments"],
               ["Verkäufer" if de else "Seller", seller], [""], [""]]
        for p in pre:
            out.append(delim.join(q(x) if x else "" for x in p))
        cells = []
        for h in hdr:
            cells.append(q(h) if ('"' in h or delim in h) else h)
        out.append(delim.join(cells))
        for r in self.rows:
            t = r["type"]
            lt = EBAY_TYPES_DE.get(t, t) if de else t
            c = {h: "--" for h in EBAY_TX_HEADER}
            c["Transaction creation date"] = d(r["day"])
            c["Type"] = lt
            c["Order number"] = r.get("order") or "--"
            c["Net amount"] = m(r["net"])
            c["Payout currency"] = self.cur
            c["Payout date"] = d(r["pday"]) if "pday" in r else "--"
            c["Payout ID"] = r.get("pid", "--")
            c["Payout status"] = ("Gezahlt" if de else "Paid") if "pid" in r else "--"
            c["Payout method"] = "Bank" if "pid" in r else "--"
            c["Transaction currency"] = r.get("tcur", self.cur)
            c["Description"] = r.get("desc") or "--"
            if r.get("hold"):
                c["Reason for hold"] = r["hold"]
            if t in ("Order", "Refund"):
                c["Buyer username"] = "buyer%03d" % (int(r["order"][3:8]) % 1000)
                c["Buyer name"] = "Test Buyer"
                c["Item ID"] = "3%011d" % (int(r["order"][3:8]) * 7)
                c["Transaction ID"] = "2%011d" % (int(r["order"][9:]) * 3) if t == "Order" else "--"
                c["Item title"] = r["title"]
                c["Custom label"] = r["sku"]
                c["Quantity"] = str(r["qty"]) if r["qty"] else "--"
                c["Item subtotal"] = m(r["sub"])
                c["Shipping and handling"] = m(r["ship"])
                c["Seller collected tax"] = m(r["stax"]) if r["stax"] else "--"
                c["eBay collected tax"] = m(r["etax"]) if r["etax"] else "--"
                c["Final Value Fee - fixed"] = m(r["fixed"]) if r["fixed"] else "--"
                c["Final Value Fee - variable"] = m(r["var"])
                c["Regulatory operating fee"] = m(r["reg"]) if r["reg"] else "--"
                c["International fee"] = m(r["intl"]) if r["intl"] else "--"
                c["Gross transaction amount"] = m(r["gross"])
                c["Exchange rate"] = r.get("rate", "--")
            row = []
            for h in EBAY_TX_HEADER:
                v = c[h]
                row.append(q(v) if (delim in v or '"' in v or " " in v and de) else v)
            out.append(delim.join(row))
        return "\n".join(out) + "\n"


def ebay_year(rng, cur, year, months, german=False, sign=1, negative=False, unpaid=0, pid0=0,
              big=False):
    rep = EbayReport(rng, cur, dt.date(year, months[0], 1), german, sign)
    if big:  # an amount over a thousand: grouping separators
        rep.order(dt.date(year, months[0], 2), qty=60)
    since = 0
    pid = pid0
    for mth in months:
        for week in (3, 17):
            day0 = dt.date(year, mth, week)
            orders = []
            for k in range(rng.randrange(2, 5)):
                orders.append(rep.order(day0 + dt.timedelta(days=k % 4), qty=rng.choice([1, 1, 2]),
                                        etax=(cur == "USD" and k % 2 == 0), stax=(cur == "USD" and k == 1),
                                        intl=(k == 2)))
            if week == 17:
                rep.refund(day0 + dt.timedelta(days=5), orders[0])
                rep.single(day0 + dt.timedelta(days=5), "Shipping label", -rng.choice([415, 689, 912]),
                           "Shipping label: USPS Ground Advantage" if not german else "Versandetikett DHL",
                           order=orders[1]["order"])
            else:
                rep.single(day0 + dt.timedelta(days=4), "Other fee", -rng.choice([120, 245, 390]),
                           "Promoted Listings - General fee" if not german else "Anzeigengebühr",
                           order=orders[0]["order"])
            pid += 1
            since = rep.payout(day0 + dt.timedelta(days=7), "59%08d" % pid, since)
    if negative:
        day0 = dt.date(year, months[-1], 25)
        o = rep.order(day0, qty=1)
        rep.refund(day0 + dt.timedelta(days=1), o)
        big = rep.rows[-1]
        # a second, larger refund on an old order: the payout goes negative
        rep.refund(day0 + dt.timedelta(days=2), rep.rows[0], partial=rep.rows[0]["sub"])
        rep.single(day0 + dt.timedelta(days=2), "Shipping label", -845,
                   "Shipping label: return", order=big["order"])
        pid += 1
        since = rep.payout(day0 + dt.timedelta(days=4), "59%08d" % pid, since)
    for k in range(unpaid):
        rep.order(dt.date(year, months[-1], 28), qty=1)
    return rep, pid


EBAY_ORDERS_HEADER = ('"Sales Record Number","Order Number","Buyer Username","Buyer Name","Buyer Email",'
                      '"Buyer Note",Buyer Address 1,Buyer Address 2,Buyer City,"Buyer State","Buyer Zip",'
                      '"Buyer Country",Ship To Name,"Ship To Phone",Ship To Address 1,Ship To Address 2,'
                      'Ship To City,"Ship To State","Ship To Zip","Ship To Country","Item Number",'
                      '"Item Title",Custom Label,"Sold Via Promoted Listings","Quantity","Sold For",'
                      '"Shipping And Handling","Seller Collected Tax","eBay Collected Tax","Total Price",'
                      '"eBay Collected Tax and Fees Included in Total","Payment Method","Sale Date",'
                      '"Paid On Date","Ship By Date","Shipped On Date","Tracking Number","Transaction ID"')


def ebay_orders_report(rng, sym, year, mth, n, srn0=1200, unpaid=1):
    cols = EBAY_ORDERS_HEADER.count(",") + 1
    lines = ["," * (cols - 1), EBAY_ORDERS_HEADER, "," * (cols - 1)]
    srn = srn0
    for k in range(n):
        srn += 1
        name, sku, price = rng.choice(ITEMS)
        qty = rng.choice([1, 1, 2])
        ship = rng.choice([0, 350, 495])
        etax = price * qty * 6 // 100 if sym == "$" else 0
        total = price * qty + ship + etax
        day = dt.date(year, mth, 1 + (k * 3) % 27)
        paid = "" if k >= n - unpaid else day.strftime("%b-%d-%y")
        cells = [str(srn), "99-%05d-%05d" % (srn, 31000 + k), "buyer%03d" % k, "Test Buyer",
                 "buyer%03d@example.com" % k, "", "1 Test Street", "", "Springfield", "ST", "00000",
                 "United States" if sym == "$" else "United Kingdom", "Test Buyer", "", "1 Test Street",
                 "", "Springfield", "ST", "00000", "US" if sym == "$" else "GB",
                 "1%011d" % (srn * 11), name, sku, "No", str(qty), money(price, symbol=sym),
                 money(ship, symbol=sym), money(0, symbol=sym), money(etax, symbol=sym),
                 money(total, symbol=sym), "Yes", "Managed payments",
                 day.strftime("%b-%d-%y"), paid, (day + dt.timedelta(days=3)).strftime("%b-%d-%y"),
                 "", "", "1%011d" % (srn * 13)]
        lines.append(",".join(q(c) if ("," in c or '"' in c) else c for c in cells))
    lines.append("")
    lines.append("%d record(s) downloaded,from %s to %s" % (
        n, dt.date(year, mth, 1).strftime("%b-%d-%y"), dt.date(year, mth, 28).strftime("%b-%d-%y")))
    lines.append("Seller ID : ll-demo-seller")
    return "\n".join(lines) + "\n"


FX_HEADER = ("Sales Record Number,User Id,Buyer Fullname,Buyer Phone Number,Buyer Email,Buyer Address 1,"
             "Buyer Address 2,Buyer City,Buyer State,Buyer Zip,Buyer Country,Order ID,Item ID,Transaction ID,"
             "Item Title,Quantity,Sale Price,Shipping And Handling,Sales Tax,Insurance,Total Price,Payment Method,"
             "PayPal Transaction ID,Sale Date,Checkout Date,Paid on Date,Shipped on Date,Shipping Service,"
             "Feedback Left,Feedback Received,Notes to Yourself,Custom Label,Listed On,Sold On,Private Notes,"
             "Product ID Type,Product ID Value,Product ID Value 2,Variation Details,Product Reference ID,"
             "Tracking Number")


def ebay_file_exchange(rng, year, mth, n, formula=False):
    lines = [FX_HEADER + ","]
    titles = ['Pillar candle 4" unscented', "Beeswax taper pair", 'Tealight holder 3" glass',
              "Soy wax melt sampler"]
    for k in range(n):
        price = rng.choice([899, 1250, 1999, 2400])
        qty = rng.choice([1, 1, 3])
        ship = rng.choice([0, 499])
        tax = price * qty * 825 // 10000 if k % 3 == 0 else 0
        day = dt.date(year, mth, 2 + (k * 5) % 26)
        d = day.strftime("%b-%d-%y")
        cells = [str(5000 + k), "buyer%02d" % k, "Test Buyer", "(555) 010-0000", "b%02d@example.com" % k,
                 "1 Test Street", "", "Springfield", "TX", "00000", "United States", "", str(20000 + k),
                 str(40000 + k), titles[k % len(titles)], str(qty), money(price, symbol="$"),
                 money(ship, symbol="$"), money(tax, symbol="$"), "$0.00",
                 money(price * qty + ship + tax, symbol="$"), "PayPal", "LLPP%08d" % k, d, d, d, d,
                 "USPS First Class", "Yes", "", "", "LL-C-%02d" % (k % 4), "eBay", "eBay", "", "", "",
                 "", "", "", ""]
        # unquoted, bare quotes kept as eBay did (a comma never appears in our values)
        lines.append(",".join(cells) + ",")
    if formula:
        cells = [""] * 41
        cells[15] = "=sum(P2:P%d)" % (n + 1)
        cells[20] = "=sum(U2:U%d)" % (n + 1)
        lines.append(",".join(cells) + ",")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- WooCommerce

WT_HEADER = ("order_id,order_number,order_date,status,shipping_total,shipping_tax_total,fee_total,"
             "fee_tax_total,tax_total,cart_discount,order_discount,discount_total,order_total,"
             "order_currency,payment_method,shipping_method,customer_id,customer_user,customer_email,"
             "billing_first_name,billing_last_name,billing_company,billing_email,billing_phone,"
             "billing_address_1,billing_address_2,billing_postcode,billing_city,billing_state,"
             "billing_country,shipping_first_name,shipping_last_name,shipping_company,shipping_address_1,"
             "shipping_address_2,shipping_postcode,shipping_city,shipping_state,shipping_country,"
             "customer_note,shipping_items,fee_items,tax_items,coupon_items,refund_items,order_notes,"
             "download_permissions,customer_ip_address,paid_date,completed_date,line_item_1,line_item_2,"
             "line_item_3").split(",")

WOO_ITEMS = [("Ceramic pour-over", "LLW-CPO", 2800), ("Hand-thrown mug", "LLW-HTM", 1650),
             ("Stoneware bowl", "LLW-SWB", 2200), ("Glazed planter", "LLW-GPL", 3400),
             ("Espresso cup pair", "LLW-ECP", 1900)]


def woo_orders(rng, start, days, per_day, cur, gateways, number0, tax_pct=20, unpaid_every=0):
    """orders: dicts with cents; refunds are added to some"""
    orders = []
    number = number0
    for di in days:
        day = start + dt.timedelta(days=di)
        for k in range(per_day):
            number += 1
            items = []
            for j in range(rng.choice([1, 1, 2, 3])):
                name, sku, price = rng.choice(WOO_ITEMS)
                qty = rng.choice([1, 1, 2])
                items.append(dict(name=name, sku=sku, qty=qty, sub=price * qty))
            coupon = 500 if k % 4 == 3 else 0
            if coupon:
                items[0]["total"] = items[0]["sub"] - coupon
            for it in items:
                it.setdefault("total", it["sub"])
                it["tax"] = it["total"] * tax_pct // 100
            ship = rng.choice([0, 450, 695])
            ship_tax = ship * tax_pct // 100
            fee = 200 if k % 5 == 2 else 0
            fee_tax = fee * tax_pct // 100
            tax = sum(i["tax"] for i in items) + ship_tax + fee_tax
            total = sum(i["total"] for i in items) + ship + fee + tax
            status = "completed"
            if unpaid_every and number % unpaid_every == 0:
                status = rng.choice(["pending", "cancelled", "on-hold"])
            t = dt.datetime(day.year, day.month, day.day, 9 + (k * 2) % 12, (k * 17) % 60, (k * 7) % 60)
            o = dict(number=number, day=day, time=t, status=status, cur=cur,
                     gateway=gateways[(number + k) % len(gateways)], items=items, ship=ship,
                     ship_tax=ship_tax, fee=fee, fee_tax=fee_tax, tax=tax, total=total,
                     coupon=coupon, refunds=[])
            orders.append(o)
    # refunds: a full one and a partial one, days later
    paid = [o for o in orders if o["status"] == "completed"]
    for i, o in enumerate(paid[1::5]):
        amt = o["total"] if i % 2 == 0 else o["items"][0]["total"] // 2
        rd = o["time"] + dt.timedelta(days=3, hours=2)
        o["refunds"].append(dict(id=9000 + o["number"], amount=amt, time=rd))
        if amt == o["total"]:
            o["status"] = "refunded"
    return orders


def woo_webtoffee(orders, quote_all=True):
    out = [",".join(q(h) if quote_all else h for h in WT_HEADER)]
    for o in orders:
        c = {h: "" for h in WT_HEADER}
        c.update(order_id=str(o["number"] + 50000), order_number=str(o["number"]),
                 order_date=o["time"].strftime("%d-%m-%Y %H:%M:%S"), status=o["status"],
                 shipping_total=money(o["ship"]), shipping_tax_total=money(o["ship_tax"]),
                 fee_total=money(o["fee"]), fee_tax_total=money(o["fee_tax"]), tax_total=money(o["tax"]),
                 cart_discount=money(o["coupon"]), order_discount="0", discount_total=money(o["coupon"]),
                 order_total=money(o["total"]), order_currency=o["cur"], payment_method=o["gateway"],
                 shipping_method="Flat rate", customer_id="0", customer_user="0",
                 customer_email="c%d@example.com" % o["number"], billing_first_name="Test",
                 billing_last_name="Customer %d" % o["number"], billing_country="GB",
                 shipping_items="item:Items|value:%s\n" % ", ".join(
                     "%s X %d" % (i["name"], i["qty"]) for i in o["items"]),
                 fee_items=("name:Gift wrap|total:%s|tax:%s" % (money(o["fee"]), money(o["fee_tax"])))
                 if o["fee"] else "",
                 tax_items="code:VAT-1|total:%s" % money(o["tax"]),
                 coupon_items=("code:welcome5|amount:%s" % money(o["coupon"])) if o["coupon"] else "",
                 refund_items=";".join("amount:%s|reason:Customer return|date:%s" % (
                     money(r["amount"]), r["time"].strftime("%Y-%m-%d %H:%M:%S")) for r in o["refunds"]),
                 order_notes="Order status changed from Processing to Completed.",
                 download_permissions="1", customer_ip_address="192.0.2.1",
                 paid_date=o["time"].strftime("%Y-%m-%d %H:%M:%S") if o["status"] in (
                     "completed", "refunded") else "",
                 completed_date="")
        for j, it in enumerate(o["items"][:3]):
            c["line_item_%d" % (j + 1)] = "name:%s|product_id:%d|sku:%s|quantity:%d|total:%s|tax:%s" % (
                it["name"], 100 + j, it["sku"], it["qty"], money(it["total"]), money(it["tax"]))
        out.append(",".join(q(c[h]) if quote_all or "," in c[h] or "\n" in c[h] else c[h]
                            for h in WT_HEADER))
    return "\n".join(out) + "\n"


AOE_HEADER = ['Order Number', 'Order Status', 'Order Date', 'Payment Method', 'Order Currency',
              'First Name (Billing)', 'Last Name (Billing)', 'Email (Billing)', 'Item #', 'SKU', 'Name',
              'Quantity', 'Item Cost', 'Order Line (w/o tax)', 'Order Line Tax', 'Order Line Total',
              'Order Line Total Refunded', 'Order Shipping Amount', 'Order Shipping Tax Amount',
              'Order Fees Amount', 'Order Total Amount']


def woo_aoe(orders):
    """one row per product; order fields on the first row only; refunds per line"""
    out = [",".join(q(h) if (" " in h or "#" in h) else h for h in AOE_HEADER)]
    for o in orders:
        for j, it in enumerate(o["items"]):
            first = j == 0
            refunded = 0
            if o["refunds"] and first:
                refunded = min(o["refunds"][0]["amount"], it["total"] + it["tax"])
            fee_total = o["fee"] + o["fee_tax"]
            c = [str(o["number"]), ("wc-" + o["status"]) if first else "",
                 o["time"].strftime("%Y-%m-%d %H:%M") if first else "",
                 o["gateway"] if first else "", o["cur"] if first else "",
                 "Test" if first else "", "Customer" if first else "",
                 "c%d@example.com" % o["number"] if first else "", str(j + 1), it["sku"], it["name"],
                 str(it["qty"]), money(it["total"] // it["qty"]) if it["total"] % it["qty"] == 0 else
                 money(it["total"]), money(it["total"]), money(it["tax"]), money(it["total"] + it["tax"]),
                 money(refunded) if refunded else "", money(o["ship"]) if first else "",
                 money(o["ship_tax"]) if first else "", money(fee_total) if first and fee_total else "",
                 money(o["total"]) if first else ""]
            out.append(",".join(q(x) if ("," in x or " " in x) else x for x in c))
    return "\r\n".join(out) + "\r\n"


def woo_json(orders, with_refund_objects=True):
    docs = []
    for o in orders:
        lines = []
        for j, it in enumerate(o["items"]):
            lines.append({"id": 300 + j, "name": it["name"], "product_id": 60 + j, "variation_id": 0,
                          "quantity": it["qty"], "tax_class": "", "subtotal": money(it["sub"]),
                          "subtotal_tax": money(it["sub"] * 20 // 100), "total": money(it["total"]),
                          "total_tax": money(it["tax"]), "taxes": [], "meta_data": [], "sku": it["sku"],
                          "price": it["sub"] // it["qty"] // 100})
        ts = o["time"].strftime("%Y-%m-%dT%H:%M:%S")
        gmt = (o["time"] - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
        doc = {"id": o["number"], "parent_id": 0, "number": str(o["number"]),
               "order_key": "wc_order_ll%08d" % o["number"], "created_via": "checkout",
               "version": "8.4.0", "status": o["status"], "currency": o["cur"],
               "date_created": ts, "date_created_gmt": gmt, "date_modified": ts,
               "date_modified_gmt": gmt, "discount_total": money(o["coupon"]), "discount_tax": "0.00",
               "shipping_total": money(o["ship"]), "shipping_tax": money(o["ship_tax"]),
               "cart_tax": money(sum(i["tax"] for i in o["items"])), "total": money(o["total"]),
               "total_tax": money(o["tax"]), "prices_include_tax": False, "customer_id": 0,
               "billing": {"first_name": "Test", "last_name": "Customer", "email": "c@example.com"},
               "payment_method": o["gateway"], "payment_method_title": o["gateway"].title(),
               "transaction_id": "", "date_paid": ts if o["status"] in ("completed", "refunded") else None,
               "date_paid_gmt": gmt, "date_completed": None, "date_completed_gmt": None,
               "line_items": lines, "tax_lines": [],
               "shipping_lines": [{"id": 400, "method_title": "Flat rate", "method_id": "flat_rate",
                                   "total": money(o["ship"]), "total_tax": money(o["ship_tax"])}],
               "fee_lines": ([{"id": 500, "name": "Gift wrap", "total": money(o["fee"]),
                               "total_tax": money(o["fee_tax"])}] if o["fee"] else []),
               "coupon_lines": [], "refunds": [{"id": r["id"], "reason": "Customer return",
                                                "total": money(-r["amount"])} for r in o["refunds"]]}
        if o["refunds"]:
            doc["date_modified"] = o["refunds"][-1]["time"].strftime("%Y-%m-%dT%H:%M:%S")
        docs.append(doc)
        if with_refund_objects:
            for r in o["refunds"]:
                docs.append({"id": r["id"], "date_created": r["time"].strftime("%Y-%m-%dT%H:%M:%S"),
                             "date_created_gmt": r["time"].strftime("%Y-%m-%dT%H:%M:%S"),
                             "amount": money(r["amount"]), "reason": "Customer return",
                             "refunded_by": 1, "refunded_payment": True, "meta_data": [],
                             "line_items": [],
                             "_links": {"up": [{"href": "https://shop.example.com/wp-json/wc/v3/orders/%d"
                                                % o["number"]}]}})
    return json.dumps(docs, indent=2) + "\n"


# ---------------------------------------------------------------- PayPal

PP_ACT_HEADER = ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
                 "From Email Address", "To Email Address", "Transaction ID", "Address Status", "Sales Tax",
                 "Reference Txn ID", "Invoice Number", "Receipt ID", "Balance", "Contact Phone Number",
                 "Subject", "Note"]


class PayPal:
    def __init__(self, rng, prefix="LLPP"):
        self.rng, self.prefix = rng, prefix
        self.rows = []
        self.bal = {}
        self.seq = 0

    def _id(self):
        self.seq += 1
        return "%s%011d" % (self.prefix, self.seq * 7919)

    def add(self, t, typ, cur, gross, fee=0, name="", ref="", inv="", status="Completed"):
        self.bal[cur] = self.bal.get(cur, 0) + gross + fee
        r = dict(t=t, type=typ, cur=cur, gross=gross, fee=fee, net=gross + fee, name=name, ref=ref,
                 inv=inv, id=self._id(), bal=self.bal[cur], status=status)
        self.rows.append(r)
        return r

    def payment(self, t, cur, gross, inv=""):
        fee = -(gross * 29 // 1000 + (30 if cur == "USD" else 35))
        return self.add(t, "Website Payment" if inv else "Express Checkout Payment", cur, gross, fee,
                        name="Test Buyer", inv=inv)

    def refund(self, t, of, amount):
        fee_back = -of["fee"] * amount // of["gross"] if amount < of["gross"] else -of["fee"]
        return self.add(t, "Payment Refund", of["cur"], -amount, fee_back, name=of["name"], ref=of["id"],
                        inv=of["inv"])

    def withdraw(self, t, cur, amount=None):
        amount = self.bal[cur] if amount is None else amount
        return self.add(t, "General Withdrawal", cur, -amount, status="Pending")

    def convert(self, t, src, dst, amount_src, amount_dst):
        a = self.add(t, "General Currency Conversion", src, -amount_src)
        b = self.add(t, "General Currency Conversion", dst, amount_dst, ref=a["id"])
        a["ref"] = b["id"]
        return a, b

    def activity(self, dmy=True, zones=("PST", "PDT")):
        out = [",".join(q(h) for h in PP_ACT_HEADER)]
        for r in self.rows:
            t = r["t"]
            dst = 3 <= t.month <= 10
            c = [t.strftime("%d/%m/%Y") if dmy else "%d/%d/%d" % (t.month, t.day, t.year),
                 t.strftime("%H:%M:%S"), zones[1] if dst else zones[0], r["name"], r["type"], r["status"],
                 r["cur"], money(r["gross"], thousands=True), money(r["fee"], thousands=True),
                 money(r["net"], thousands=True), "buyer@example.com" if r["gross"] > 0 else "",
                 "shop@example.com", r["id"], "Confirmed" if r["name"] else "", "0.00", r["ref"],
                 r["inv"], "", money(r["bal"], thousands=True), "", "", ""]
            out.append(",".join(q(x) for x in c))
        return "\n".join(out) + "\n"

    def statement(self, shuffle_rng):
        hdr = ["Date", "Time", "Time Zone", "Description", "Currency", "Gross", "Fee ", "Net", "Balance",
               "Transaction ID", "From Email Address", "Name", "Bank Name", "Bank Account",
               "Shipping and Handling Amount", "Sales Tax", "Invoice ID", "Reference Txn ID"]
        rows = []
        for i, r in enumerate(self.rows):
            t = r["t"]
            zone = "America/Los_Angeles"
            if i % 7 == 3:  # one row in another zone: same instant, written in CET/CEST
                zone = "Europe/Berlin"
                t = t + dt.timedelta(hours=9)
            c = ["%d/%d/%d" % (t.month, t.day, t.year), t.strftime("%H:%M:%S"), zone,
                 r["type"] + (" - Bank Account" if "Withdrawal" in r["type"] else ""), r["cur"],
                 money(r["gross"], thousands=True), money(r["fee"], thousands=True),
                 money(r["net"], thousands=True), money(r["bal"], thousands=True), r["id"],
                 "buyer@example.com" if r["gross"] > 0 else "", r["name"],
                 "Test Bank" if "Withdrawal" in r["type"] else "",
                 "4321" if "Withdrawal" in r["type"] else "", "0.00", "0.00", r["inv"], r["ref"]]
            rows.append(",".join(q(x) for x in c))
        # withdrawals and conversions first, then the rest: not in time order
        first = [x for x, r in zip(rows, self.rows) if r["type"].startswith("General")]
        rest = [x for x, r in zip(rows, self.rows) if not r["type"].startswith("General")]
        return ",".join(q(h) for h in hdr) + "\n" + "\n".join(first + rest) + "\n"


def paypal_history(rng, year0, years, with_eur=True, prefix="LLPP"):
    pp = PayPal(rng, prefix)
    inv = 7000
    for y in range(year0, year0 + years):
        for mth in (2, 5, 9, 11):
            base = dt.datetime(y, mth, 3, 10, 15, 0)
            pays = []
            for k in range(rng.randrange(3, 6)):
                inv += 1
                pays.append(pp.payment(base + dt.timedelta(days=k, hours=k * 3), "USD",
                                       rng.choice([2499, 4650, 12000, 125000, 3875]), inv=str(inv)))
            if mth == 5:
                pp.refund(base + dt.timedelta(days=6), pays[0], pays[0]["gross"])
            if mth == 9:
                pp.refund(base + dt.timedelta(days=6), pays[1], pays[1]["gross"] // 2)
                h = pp.add(base + dt.timedelta(days=6, hours=1), "Payment Hold", "USD", -2000)
                pp.add(base + dt.timedelta(days=8), "Payment Release", "USD", 2000, ref=h["id"])
            if with_eur and mth in (5, 11):
                e = pp.payment(base + dt.timedelta(days=2, hours=5), "EUR", rng.choice([5900, 8400]))
                pp.convert(base + dt.timedelta(days=9), "EUR", "USD", e["net"] // 2,
                           e["net"] // 2 * 108 // 100)
                pp.withdraw(base + dt.timedelta(days=12, hours=1), "EUR")
            # leave a little behind once a year (the balance carried is on the next one)
            keep = 1234 if mth == 9 else 0
            pp.withdraw(base + dt.timedelta(days=12), "USD", pp.bal["USD"] - keep)
    return pp


def paypal_eur_converted(rng, year, prefix):
    """a USD account that also receives EUR and never withdraws EUR: each month the EUR balance
    (payments less fees and a refund) is converted into USD, a General Currency Conversion pair
    linked by Reference Txn ID, at a rate with 4 decimals, and the USD balance is withdrawn.
    After the last conversion a EUR payment waits (not converted yet) and a GBP payment is
    neither converted nor withdrawn: both stay reported."""
    pp = PayPal(rng, prefix)
    inv = 7500
    for mth in (3, 6, 10):
        base = dt.datetime(year, mth, 2, 9, 30, 0)
        for k in range(rng.randrange(2, 4)):
            inv += 1
            pp.payment(base + dt.timedelta(days=k, hours=k * 2), "USD",
                       rng.choice([2499, 4650, 12000, 3875]), inv=str(inv))
        eur = []
        for k in range(rng.randrange(2, 4)):
            inv += 1
            eur.append(pp.payment(base + dt.timedelta(days=k, hours=5 + k), "EUR",
                                  rng.choice([1999, 5900, 8400, 3350]), inv=str(inv)))
        if mth == 6:
            pp.refund(base + dt.timedelta(days=4), eur[0], eur[0]["gross"] // 2)
        rate = rng.choice([10837, 11042, 10719])  # USD per EUR, 4 decimals
        paid = pp.bal["EUR"]
        got = (paid * rate + 5000) // 10000
        pp.convert(base + dt.timedelta(days=6), "EUR", "USD", paid, got)
        pp.withdraw(base + dt.timedelta(days=7), "USD")
    inv += 1
    pp.payment(dt.datetime(year, 11, 3, 10, 0, 0), "EUR", 4200, inv=str(inv))
    inv += 1
    pp.payment(dt.datetime(year, 11, 4, 10, 0, 0), "GBP", 3100, inv=str(inv))
    return pp


# ---------------------------------------------------------------- writers

def gen_samples(root):
    rng = random.Random(20240101)
    # eBay: US transaction reports 2024 and 2025 (a negative payout in 2025), UK 2025 GBP,
    # eBay.de 2025 EUR (German headers, ';', decimal commas), an orders report, File Exchange 2017
    e = os.path.join(root, "ebay")
    rep, pid = ebay_year(rng, "USD", 2024, [3, 4], sign=1, unpaid=0, pid0=100)
    write(os.path.join(e, "Transaction_report_20240301_20240430.csv"),
          rep.render(dt.date(2024, 3, 1), dt.date(2024, 4, 30)), bom=True, crlf=True)
    rep, pid = ebay_year(rng, "USD", 2025, [6], sign=1, negative=True, unpaid=2, pid0=pid)
    write(os.path.join(e, "Transaction_report_20250601_20250630.csv"),
          rep.render(dt.date(2025, 6, 1), dt.date(2025, 6, 30)), bom=True, crlf=True)
    rep, pid = ebay_year(rng, "GBP", 2025, [9], sign=-1, pid0=pid)
    write(os.path.join(e, "Transaction_report_20250901_20250930.csv"),
          rep.render(dt.date(2025, 9, 1), dt.date(2025, 9, 30)), bom=True, crlf=True)
    rep, pid = ebay_year(rng, "EUR", 2025, [10], german=True, sign=1, pid0=pid)
    write(os.path.join(e, "Transaktionsbericht_20251001_20251031.csv"),
          rep.render(dt.date(2025, 10, 1), dt.date(2025, 10, 31)), bom=True, crlf=True)
    write(os.path.join(e, "eBay-OrdersReport-Jul-31-2026-10_00_00-0700-1000000001.csv"),
          ebay_orders_report(rng, "$", 2026, 7, 6, unpaid=1))
    write(os.path.join(e, "ebay-sales-2017-11.csv"), ebay_file_exchange(rng, 2017, 11, 5))
    # WooCommerce: WebToffee 2023 (GBP), Advanced Order Export 2024 (EUR), REST JSON 2025 (GBP)
    w = os.path.join(root, "woocommerce")
    o = woo_orders(rng, dt.date(2023, 11, 20), [0, 1, 8], 3, "GBP", ["stripe", "paypal"], 1000,
                   unpaid_every=7)
    write(os.path.join(w, "order_export_2023-11.csv"), woo_webtoffee(o))
    o = woo_orders(rng, dt.date(2024, 5, 2), [0, 3], 3, "EUR", ["stripe", "bacs"], 2000, tax_pct=19)
    write(os.path.join(w, "woo-order-export-2024-05.csv"), woo_aoe(o))
    o = woo_orders(rng, dt.date(2025, 2, 10), [0, 2], 2, "GBP", ["ppcp-gateway", "stripe"], 3000)
    write(os.path.join(w, "orders-2025-02.json"), woo_json(o))
    # PayPal: an activity download (USD + EUR, 2023-2024, DD/MM/YYYY, PST/PDT) and a statement
    # of the same account's 2025 (not in time order, one row in Europe/Berlin, "Fee " header)
    p = os.path.join(root, "paypal")
    pp = paypal_history(rng, 2023, 2)
    write(os.path.join(p, "Download-2023-2024.CSV"), pp.activity(dmy=True))
    pp = paypal_history(rng, 2025, 1, with_eur=False, prefix="LLPS")
    write(os.path.join(p, "statement-2025.csv"), pp.statement(rng))
    # its own random stream, so the files above stay byte-identical
    pp = paypal_eur_converted(random.Random(2026), 2026, "LLPE")
    write(os.path.join(p, "Download-2026-eur-converted.CSV"), pp.activity(dmy=False))


def ebay_foreign(e):
    """A GBP payout holding sales in EUR and USD: their amounts in the transaction currency,
    Net amount in GBP; eBay's Exchange rate one way round (EUR -> GBP), the other (GBP -> USD),
    and missing. Hand-set cents, so each conversion is known."""
    rep = EbayReport(random.Random(4242), "GBP", dt.date(2025, 8, 1))
    base = dict(type="Order", qty=1, stax=0, etax=0, reg=0)
    rows = [dict(base, day=dt.date(2025, 8, 4), order="99-50001-10001", sku="LL-OCB-30",
                 title="Oak chopping board", sub=2000, ship=300, fixed=-30, var=-276, intl=0,
                 gross=2300, net=1994),
            dict(base, day=dt.date(2025, 8, 5), order="99-50002-10002", sku="LL-WFC-06",
                 title="Wool felt coasters x6", sub=3000, ship=500, fixed=-35, var=-420,
                 intl=-60, gross=3500, net=2505, tcur="EUR", rate="0.8412"),
            dict(base, day=dt.date(2025, 8, 6), order="99-50003-10003", sku="LL-BBE-02",
                 title="Brass bookends (pair)", sub=4000, ship=0, fixed=-40, var=-520, intl=0,
                 gross=4000, net=2719, tcur="USD", rate="1.2650"),
            dict(base, day=dt.date(2025, 8, 7), order="99-50004-10004", sku="LL-CYB-09",
                 title="Cork yoga block", sub=1000, ship=0, fixed=0, var=-150, intl=0,
                 gross=1000, net=720, tcur="EUR")]
    rep.rows.extend(rows)
    rep.payout(dt.date(2025, 8, 11), "5900009401", 0)
    write(os.path.join(e, "foreign-currency.csv"),
          rep.render(dt.date(2025, 8, 1), dt.date(2025, 8, 31)), bom=True)


def gen_fixtures(root):
    rng = random.Random(777)
    e = os.path.join(root, "ebay")
    # overlapping reports: the same two payouts in both, then one more in b
    rep, _ = ebay_year(rng, "USD", 2025, [1, 2], pid0=9000)
    full = rep.render(dt.date(2025, 1, 1), dt.date(2025, 2, 28))
    write(os.path.join(e, "overlap-a.csv"), full, bom=True, crlf=True)
    lines = full.split("\n")
    write(os.path.join(e, "overlap-b.csv"), "\n".join(lines), bom=True, crlf=False)
    # one payout's rows without its Payout row, and rows not paid out yet
    rep, _ = ebay_year(rng, "USD", 2025, [3], pid0=9100, unpaid=2)
    txt = rep.render(dt.date(2025, 3, 1), dt.date(2025, 3, 31)).split("\n")
    payout_lines = [i for i, l in enumerate(txt) if ",Payout," in l]
    del txt[payout_lines[-1]]
    write(os.path.join(e, "no-payout-row.csv"), "\n".join(txt), bom=True)
    # a bad amount, a bad date and a payout that does not tie (a row removed)
    rep, _ = ebay_year(rng, "USD", 2025, [4], pid0=9200)
    txt = rep.render(dt.date(2025, 4, 1), dt.date(2025, 4, 30)).split("\n")
    hdr_i = [i for i, l in enumerate(txt) if l.startswith("Transaction creation date")][0]
    order_i = [i for i, l in enumerate(txt) if ",Order," in l]
    cells = next(csv.reader([txt[order_i[0]]]))
    cells[EBAY_TX_HEADER.index("Item subtotal")] = "12.3x"
    txt[order_i[0]] = ",".join(q(c) if "," in c else c for c in cells)
    cells = next(csv.reader([txt[order_i[1]]]))
    cells[0] = "Feb 30, 2025"
    txt[order_i[1]] = ",".join(q(c) if "," in c else c for c in cells)
    del txt[order_i[-1]]  # a row of the second payout lost: it no longer ties
    write(os.path.join(e, "bad-rows.csv"), "\n".join(txt), bom=True)
    # eBay.de: German headers, ';', decimal commas, "--", thousands dots
    rep, _ = ebay_year(rng, "EUR", 2025, [5], german=True, pid0=9300, big=True)
    write(os.path.join(e, "de-decimal-comma.csv"),
          rep.render(dt.date(2025, 5, 1), dt.date(2025, 5, 31)), bom=True, crlf=True, enc="cp1252")
    write(os.path.join(e, "orders-report.csv"), ebay_orders_report(rng, "\u00a3", 2026, 7, 4, srn0=500))
    write(os.path.join(e, "file-exchange-formula.csv"), ebay_file_exchange(rng, 2017, 10, 4, formula=True))
    ebay_foreign(e)
    write(os.path.join(e, "order-earnings.csv"),
          "Order earnings report\nOrder creation date,Order number,Item ID,Item title,Order earnings\n"
          "Jan 2, 2025,99-00001-00001,100000000001,Test item,10.00\n")

    w = os.path.join(root, "woocommerce")
    o = woo_orders(rng, dt.date(2025, 6, 2), [0, 1], 2, "GBP", ["stripe"], 8000)
    write(os.path.join(w, "overlap-a.csv"), woo_webtoffee(o))
    write(os.path.join(w, "overlap-b.csv"), woo_webtoffee(o, quote_all=False))
    o = woo_orders(rng, dt.date(2025, 7, 1), [0], 3, "GBP", ["stripe"], 8100)
    txt = woo_webtoffee(o)
    txt = txt.replace('"%s"' % money(o[1]["total"]), '"abc"', 1)
    write(os.path.join(w, "bad-amount.csv"), txt)
    o = woo_orders(rng, dt.date(2025, 7, 8), [0], 2, "GBP", ["paypal"], 8200)
    o[0]["total"] += 1  # a total one penny off its parts
    write(os.path.join(w, "total-off.csv"), woo_webtoffee(o))
    o = woo_orders(rng, dt.date(2025, 8, 1), [0], 2, "USD", ["stripe"], 8300)
    write(os.path.join(w, "order.json"), woo_json(o[:1], with_refund_objects=False))
    write(os.path.join(w, "refund-only.json"),
          json.dumps({"id": 9999, "date_created": "2025-08-04T10:00:00", "amount": "5.00", "reason": "",
                      "refunded_by": 1, "refunded_payment": False, "line_items": [],
                      "_links": {"up": [{"href": "https://shop.example.com/wp-json/wc/v3/orders/8399"}]}},
                     indent=2) + "\n")
    write(os.path.join(w, "analytics.csv"),
          "Date,Order #,N. Revenue (formatted),Status,Customer,Customer type,Product(s),Items sold,"
          "Coupon(s),Net Sales,Attribution\n2025-08-01,8301,\u00a312.00,Completed,Test Customer,new,"
          "1\u00d7 Mug,1,,10.00,Direct\n")

    woo_month_files(w)
    woo_paypal_pair(w, os.path.join(root, "paypal"))

    p = os.path.join(root, "paypal")
    pp = paypal_history(rng, 2024, 1, with_eur=False, prefix="LLPO")
    act = pp.activity(dmy=False)
    write(os.path.join(p, "overlap-a.csv"), act)
    write(os.path.join(p, "overlap-b.csv"), act.replace("\n", "\r\n"))
    pp = paypal_history(rng, 2024, 1, with_eur=False, prefix="LLPU")
    act = pp.activity(dmy=False)
    # a row lost: its transfer does not tie; a bad amount
    lines = act.split("\n")
    pay = [i for i, l in enumerate(lines) if "Express Checkout Payment" in l or "Website Payment" in l]
    del lines[pay[2]]
    lines[pay[6] - 1] = lines[pay[6] - 1].replace('"Completed","USD","', '"Completed","USD","x', 1)
    write(os.path.join(p, "untied.csv"), "\n".join(lines))
    # the 2016 layout: header cells separated by ", ", trailing commas
    hdr = "Date, Time, Time Zone, Name, Type, Status, Currency, Gross, Fee, Net, Transaction ID, Balance,"
    rows = [hdr]
    pp = paypal_history(rng, 2024, 1, with_eur=False, prefix="LLPC")
    for r in pp.rows[:8]:
        t = r["t"]
        rows.append(",".join(q(x) for x in ["%d/%d/%d" % (t.month, t.day, t.year), t.strftime("%H:%M:%S"),
                                             "PDT" if 3 <= t.month <= 10 else "PST", r["name"], r["type"],
                                             r["status"], r["cur"], money(r["gross"], thousands=True),
                                             money(r["fee"], thousands=True), money(r["net"], thousands=True),
                                             r["id"], money(r["bal"], thousands=True)]) + ",")
    write(os.path.join(p, "comma-space-header.csv"), "\n".join(rows) + "\n")
    # a download that starts mid-way: the activity before its first transfer is partial
    pp = paypal_history(rng, 2024, 1, with_eur=False, prefix="LLPM")
    act = pp.activity(dmy=False).split("\n")
    write(os.path.join(p, "starts-mid-way.csv"), "\n".join(act[:1] + act[3:]))
    pp = paypal_eur_converted(random.Random(99), 2024, "LLPX")
    write(os.path.join(p, "eur-converted.csv"), pp.activity(dmy=False))


def woo_month_files(w):
    """a shop exported month by month: month-jan.csv holds the orders placed in January
    (exported in February, so with their refunds); month-feb.csv the orders placed in
    February plus January's order 8407, shown again because it was refunded in February.
    Its own random stream, so the other fixtures stay byte-identical."""
    rng = random.Random(4242)
    o = woo_orders(rng, dt.date(2025, 1, 28), [0, 1, 2, 3, 4, 5, 6], 2, "GBP", ["paypal"], 8400)
    jan = [x for x in o if x["day"].month == 1]
    feb = [x for x in o if x["day"].month == 2 or any(r["time"].month == 2 for r in x["refunds"])]
    feb.sort(key=lambda x: (x["day"].month != 1, x["number"]))
    write(os.path.join(w, "month-jan.csv"), woo_webtoffee(jan))
    write(os.path.join(w, "month-feb.csv"), woo_webtoffee(feb))


def woo_paypal_pair(w, p):
    """the same sales from both sides: WooCommerce orders paid through PayPal (woo-paypal.csv)
    and the PayPal activity of those payments (woo-paypal-activity.csv: invoice number = the
    order number, the refund, fees, one transfer). Its own random stream."""
    rng = random.Random(5150)
    o = woo_orders(rng, dt.date(2025, 9, 1), [0, 1, 2], 2, "USD", ["paypal"], 8500)
    pp = PayPal(rng, "LLPW")
    pays = {}
    for x in o:
        pays[x["number"]] = pp.payment(x["time"], "USD", x["total"], inv=str(x["number"]))
    for x in o:
        for r in x["refunds"]:
            pp.refund(r["time"], pays[x["number"]], r["amount"])
    pp.rows.sort(key=lambda r: r["t"])
    bal = 0
    for r in pp.rows:  # running balance in time order
        bal += r["net"]
        r["bal"] = bal
    pp.bal["USD"] = bal
    pp.withdraw(dt.datetime(2025, 9, 8, 10, 0, 0), "USD")
    write(os.path.join(w, "woo-paypal.csv"), woo_webtoffee(o))
    write(os.path.join(p, "woo-paypal-activity.csv"), pp.activity(dmy=False))


def gen_archive(out, orders):
    rng = random.Random(5)
    os.makedirs(out, exist_ok=True)
    months = max(1, orders // 40)
    pid = 0
    for k in range(0, months, 12):
        year = 2015 + k // 12
        rep, pid = ebay_year(rng, "USD", year, list(range(1, 1 + min(12, months - k))), pid0=pid)
        write(os.path.join(out, "ebay-%d.csv" % year),
              rep.render(dt.date(year, 1, 1), dt.date(year, 12, 31)), bom=True, crlf=True)
    o = woo_orders(rng, dt.date(2020, 1, 1), list(range(0, orders // 10)), 10, "GBP",
                   ["stripe", "paypal", "bacs"], 100000)
    write(os.path.join(out, "woo.csv"), woo_webtoffee(o))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples")
    ap.add_argument("--fixtures")
    ap.add_argument("--out")
    ap.add_argument("--orders", type=int, default=5000)
    a = ap.parse_args()
    if a.samples:
        gen_samples(a.samples)
    if a.fixtures:
        gen_fixtures(a.fixtures)
    if a.out:
        gen_archive(a.out, a.orders)
    if not (a.samples or a.fixtures or a.out):
        ap.print_help()


if __name__ == "__main__":
    main()
