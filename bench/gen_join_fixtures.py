#!/usr/bin/env python3
"""gen_join_fixtures.py - synthetic exports of the same orders in several
sources, for the completeness ledger and the joins across exports
(docs/completeness.md; tests/e2e/plan_completeness.sh).

Writes tests/data/join/ (facts in its README.md), in the layouts of the
shared FORMATS.md: a Shopify shop's orders export and payment transactions
export of the same January 2025 orders (Shopify Payments, Shop Pay
Installments, PayPal, a cash-on-delivery order not paid, a voided one, an
Amazon order synced into Shopify), a later orders export of the same shop
with a new refund, a second shop whose days clash with the first's, the
Amazon settlement of the synced order, an eBay orders report and
transaction report of the same orders (a multi-item order, an unpaid one),
and an Amazon file of 40 settlements downloaded one after another. All
names, numbers and amounts are made up; money is integer cents. Python 3
standard library only; byte-identical on every run:

    python3 bench/gen_join_fixtures.py tests/data/join
"""

import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_shopify as S  # noqa: E402

D = dt.date


def money(c):
    return S.money(c)


def write(path, text, crlf=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace("\n", "\r\n") if crlf else text)


# ---------------------------------------------------------------- Shopify

def order(name, day, hour, gateway, total, status="paid", refunded=0, items=None,
          source="web", tags="", paid=True, cancelled=False):
    """An order dict for gen_shopify.order_rows: no tax, no shipping."""
    items = items or [(("Lumen Mix Box", "LL-MIX-BOX", total), 1)]
    n = int(name[1:])
    created = S.stamp(day, hour * 3600, "-0500")
    first = {
        "Financial Status": status, "Paid at": S.stamp(day, hour * 3600 + 5, "-0500") if paid else "",
        "Fulfillment Status": "fulfilled", "Accepts Marketing": "no", "Currency": "USD",
        "Subtotal": money(total), "Shipping": "0.00", "Taxes": "0.00", "Total": money(total),
        "Discount Amount": "0.00", "Shipping Method": "Standard",
        "Billing Name": "Customer %d" % n, "Billing City": "Springfield", "Billing Country": "US",
        "Payment Method": gateway, "Payment Reference": "%s.1" % name,
        "Refunded Amount": money(refunded), "Outstanding Balance": "0.00",
        "Id": str(5935357100000 + n), "Risk Level": "Low", "Source": source, "Tags": tags,
        "Cancelled at": S.stamp(day, hour * 3600 + 600, "-0500") if cancelled else "",
        "Payment ID": "%s.1" % name, "Payment References": "%s.1" % name,
    }
    return dict(name=name, email="customer%d@example.com" % n, created=created,
                items=items, line_disc=[0] * len(items), first=first)


def orders_csv(orders):
    rows = []
    for o in sorted(orders, key=lambda o: o["created"], reverse=True):
        rows += S.order_rows(o)
    return ",".join(S.ORDER_COLS) + "\n" + "\n".join(rows) + "\n"


def shop_a_orders(later):
    o = [
        order("#5101", D(2025, 1, 3), 10, "Shopify Payments", 4000,
              items=[(("Lumen Mug - Blue", "LL-MUG-BL", 1800), 1),
                     (("Candle Trio", "LL-CAN-3", 2200), 1)]),
        order("#5102", D(2025, 1, 3), 12, "Shopify Payments", 6000,
              status="partially_refunded", refunded=2500 if later else 1500),
        order("#5103", D(2025, 1, 4), 9, "Shop Pay Installments", 12000),
        order("#5104", D(2025, 1, 5), 15, "Shopify Payments", 2500),
        order("#5105", D(2025, 1, 4), 11, "PayPal Express Checkout", 3300),
        order("#5106", D(2025, 1, 5), 16, "Cash on Delivery (COD)", 4800, status="pending",
              paid=False),
        order("#5107", D(2025, 1, 5), 17, "Shopify Payments", 2200, status="voided",
              paid=False, cancelled=True),
        order("#5108", D(2025, 1, 6), 10, "amazon_marketplace", 2999, source="sell-on-amazon",
              tags="Amazon, AmazonOrderID:113-0000001-5551234"),
    ]
    if later:  # exported after #5110 was placed and #5102 refunded again
        o.append(order("#5110", D(2025, 1, 6), 22, "Shopify Payments", 1800))
    return orders_csv(o)


def shop_b_orders():
    """Another shop, on the same days and gateways (and order numbers) as
    shop-a: before the ids carried the shop, its days clashed."""
    return orders_csv([
        order("#5101", D(2025, 1, 3), 11, "Shopify Payments", 5500),
        order("#5105", D(2025, 1, 4), 12, "PayPal Express Checkout", 7100),
    ])


def shop_a_transactions():
    """Payout 2025-01-09 USD holds #5101-#5104's charges, #5102's first
    refund and #5110 (placed after the first orders export); 2025-01-06
    has a row on the export's first day (held back); #5111 is pending."""
    spec = [
        (D(2025, 1, 2), 36000, "charge", "#5099", "paid", D(2025, 1, 6), 1000, 59),
        (D(2025, 1, 3), 36005, "charge", "#5101", "paid", D(2025, 1, 9), 4000, 146),
        (D(2025, 1, 3), 43205, "charge", "#5102", "paid", D(2025, 1, 9), 6000, 204),
        (D(2025, 1, 4), 32405, "charge", "#5103", "paid", D(2025, 1, 9), 12000, 378),
        (D(2025, 1, 5), 54005, "charge", "#5104", "paid", D(2025, 1, 9), 2500, 103),
        (D(2025, 1, 6), 50000, "refund", "#5102", "paid", D(2025, 1, 9), -1500, 0),
        (D(2025, 1, 6), 79205, "charge", "#5110", "paid", D(2025, 1, 9), 1800, 82),
        (D(2025, 1, 12), 36000, "charge", "#5111", "pending", None, 900, 56),
    ]
    rows = S.tx_fixture_rows([r + ("USD",) for r in spec])
    rows = [r.replace(",card,120.00,", ",shop_pay_installments,120.00,") for r in rows]
    rows.reverse()  # newest first, as Shopify lists them
    return S.TX_HEADER + "\n" + "\n".join(rows) + "\n"


# ---------------------------------------------------------------- Amazon

AMZ_V2 = ("settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
          "currency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\t"
          "marketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\t"
          "posted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\t"
          "sku\tquantity-purchased")
AMZ_V1 = ("settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\t"
          "currency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\t"
          "marketplace-name\tshipment-fee-type\tshipment-fee-amount\torder-fee-type\t"
          "order-fee-amount\tfulfillment-id\tposted-date\torder-item-code\tmerchant-order-item-id\t"
          "merchant-adjustment-item-id\tsku\tquantity-purchased\tprice-type\tprice-amount\t"
          "item-related-fee-type\titem-related-fee-amount\tmisc-fee-amount\tother-fee-amount\t"
          "other-fee-reason-description\tpromotion-id\tpromotion-type\tpromotion-amount\t"
          "direct-payment-type\tdirect-payment-amount\tother-amount")


def amz_v2(sid, start, order_id, amounts, sku="LL-MIX-BOX"):
    """A V2 settlement of one order: amounts [(type, description, cents)]."""
    end = start + dt.timedelta(days=14)
    iso = lambda d: d.isoformat() + "T08:15:00+00:00"  # noqa: E731
    total = sum(a for _, _, a in amounts)
    lines = ["\t".join([sid, iso(start), iso(end), iso(end + dt.timedelta(days=2)), money(total),
                        "USD"] + [""] * 17)]
    day = start + dt.timedelta(days=3)
    for at, ad, a in amounts:
        lines.append("\t".join([sid, "", "", "", "", "", "Order", order_id, order_id, "", "SHP1",
                                "Amazon.com", at, ad, money(a), "AFN", day.isoformat(),
                                day.isoformat() + " 10:00:00 UTC", "11111", "", "", sku, "1"]))
    return lines


def amz_v1_fee(sid, start, fee):
    """A V1 settlement of one Subscription Fee (another layout)."""
    end = start + dt.timedelta(days=14)
    iso = lambda d: d.isoformat() + "T08:15:00+00:00"  # noqa: E731
    ncol = AMZ_V1.count("\t") + 1
    head = [sid, iso(start), iso(end), iso(end + dt.timedelta(days=2)), money(-fee), "USD"]
    row = [sid, "", "", "", "", "", "Subscription Fee"] + [""] * (ncol - 7)
    row[17] = (start + dt.timedelta(days=5)).isoformat() + "T00:00:00+00:00"
    row[ncol - 1] = money(-fee)
    return ["\t".join(head + [""] * (ncol - 6)), "\t".join(row)]


def amazon_files(out):
    # the settlement that pays out the Amazon order synced into shop-a
    write(os.path.join(out, "amazon", "99950000001.txt"), "\n".join(
        [AMZ_V2] + amz_v2("99950000001", D(2025, 1, 1), "113-0000001-5551234",
                          [("ItemPrice", "Principal", 2999), ("ItemFees", "Commission", -450),
                           ("ItemFees", "FBAPerUnitFulfillmentFee", -322)])) + "\n")
    # 40 settlements downloaded one after another into one file: V2 with
    # their header lines, then V1 ones without (the summary row starts each)
    lines = []
    for k in range(40):
        sid = "999510%05d" % k
        start = D(2023, 1, 3) + dt.timedelta(days=14 * k)
        if k < 20:
            lines += [AMZ_V2] + amz_v2(sid, start, "114-%07d-%07d" % (k, k),
                                       [("ItemPrice", "Principal", 1000 + k),
                                        ("ItemFees", "Commission", -150)])
        else:
            if k == 20:
                lines.append(AMZ_V1)
            lines += amz_v1_fee(sid, start, 3999)
    write(os.path.join(out, "amazon-concat", "settlements-2023-2024.txt"), "\n".join(lines) + "\n")


# ---------------------------------------------------------------- eBay

EBAY_ORDERS_HEADER = ('"Sales Record Number","Order Number","Buyer Username","Buyer Name",'
                      '"Buyer Email","Item Number","Item Title",Custom Label,"Quantity","Sold For",'
                      '"Shipping And Handling","Seller Collected Tax","eBay Collected Tax",'
                      '"Total Price","eBay Collected Tax and Fees Included in Total",'
                      '"Payment Method","Sale Date","Paid On Date","Ship By Date","Transaction ID"')


def ebay_orders():
    cols = EBAY_ORDERS_HEADER.count(",") + 1
    d = lambda day: day.strftime("%b-%d-%y")  # noqa: E731
    m = lambda c: "" if c is None else "$" + money(c)  # noqa: E731

    def row(srn, order, item, title, sku, qty, sold, ship, total, sale, paid):
        return ",".join([str(srn), order, "buyer%d" % srn, "Test Buyer",
                         "buyer%d@example.com" % srn, item, title, sku, qty, m(sold), m(ship),
                         m(0 if total is not None else None), m(0 if total is not None else None),
                         m(total), "Yes" if total is not None else "", "Managed payments",
                         d(sale), d(paid) if paid else "", d(sale + dt.timedelta(days=3)),
                         "7000%d" % srn])
    lines = ["," * (cols - 1), EBAY_ORDERS_HEADER, "," * (cols - 1),
             row(3001, "11-11111-11111", "110000000001", "Linen tea towel set", "LL-LTT-03", "1",
                 2000, 400, 2400, D(2025, 1, 5), D(2025, 1, 5)),
             # a multi-item order: the order row (no item), then its items
             row(3002, "12-22222-22222", "", "", "", "", None, 500, 5350, D(2025, 1, 8),
                 D(2025, 1, 8)),
             row(3002, "12-22222-22222", "110000000002", "Wool felt coasters x6", "LL-WFC-06",
                 "1", 1850, None, None, D(2025, 1, 8), D(2025, 1, 8)),
             row(3002, "12-22222-22222", "110000000003", "Brass bookends (pair)", "LL-BBE-02",
                 "2", 1500, None, None, D(2025, 1, 8), D(2025, 1, 8)),
             # never paid: not a sale
             row(3003, "13-33333-33333", "110000000004", "Linen tea towel set", "LL-LTT-03", "1",
                 1000, 0, 1000, D(2025, 1, 9), None),
             # paid, in no transaction report yet: the orders report's own
             row(3004, "14-44444-44444", "110000000005", "Wool felt coasters x6", "LL-WFC-06",
                 "1", 3000, 0, 3000, D(2025, 1, 20), D(2025, 1, 20)),
             "", "5 record(s) downloaded,from Jan-01-25 to Jan-31-25",
             "Seller ID : ll-demo-seller"]
    return "\n".join(lines) + "\n"


EBAY_TX_HEADER = ("Transaction creation date,Type,Order number,Legacy order ID,Buyer username,"
                  "Net amount,Payout currency,Payout date,Payout ID,Payout status,Item ID,"
                  "Custom label,Quantity,Item subtotal,Shipping and handling,"
                  "Final Value Fee - fixed,Final Value Fee - variable,Gross transaction amount,"
                  "Transaction currency,Description")


def ebay_transactions():
    d = lambda day: '"%s"' % day.strftime("%b %-d, %Y")  # noqa: E731
    pay = D(2025, 1, 12)

    def order_row(day, order, item, sku, qty, sub, ship, fixed, var):
        net = sub + ship + fixed + var
        return ",".join([d(day), "Order", order, "--", "buyer", money(net), "USD", d(pay),
                         "5900000901", "Paid", item, sku, str(qty), money(sub), money(ship),
                         money(fixed), money(var), money(sub + ship), "USD", "--"]), net
    rows, total = [], 0
    for args in ((D(2025, 1, 5), "11-11111-11111", "110000000001", "LL-LTT-03", 1, 2000, 400,
                  -30, -230),
                 (D(2025, 1, 8), "12-22222-22222", "110000000002", "LL-WFC-06", 1, 1850, 500,
                  -30, -210),
                 (D(2025, 1, 8), "12-22222-22222", "110000000003", "LL-BBE-02", 2, 3000, 0,
                  -30, -345)):
        r, net = order_row(*args)
        rows.append(r)
        total += net
    rows.append(",".join([d(pay), "Payout", "--", "--", "--", money(total), "USD", d(pay),
                          "5900000901", "Paid", "--", "--", "--", "--", "--", "--", "--",
                          money(total), "USD", "--"]))
    pre = ['"Transaction report"', "", '"Date range","Jan 1, 2025 - Jan 31, 2025"', "",
           '"Currency","USD"', '"Seller","ll-demo-seller"', ""]
    return "\ufeff" + "\n".join(pre + [EBAY_TX_HEADER] + rows) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_join_fixtures.py OUTDIR")
    out = sys.argv[1]
    write(os.path.join(out, "shopify", "shop-a", "orders_export_1.csv"), shop_a_orders(False))
    write(os.path.join(out, "shopify", "shop-a", "payment_transactions_export_1.csv"),
          shop_a_transactions())
    write(os.path.join(out, "shopify-later", "shop-a", "orders_export_1.csv"), shop_a_orders(True))
    write(os.path.join(out, "shopify", "shop-b", "orders_export_1.csv"), shop_b_orders())
    amazon_files(out)
    write(os.path.join(out, "ebay", "eBay-OrdersReport-Jan-31-2025-10_00_00-0800-1000000009.csv"),
          ebay_orders())
    write(os.path.join(out, "ebay", "Transaction_report_20250101_20250131.csv"),
          ebay_transactions(), crlf=True)


if __name__ == "__main__":
    main()
