#!/usr/bin/env python3
"""PayPal fixtures for the account model (docs/woocommerce-paypal.md, "PayPal as the account it is"):
synthetic activity downloads and a statement in the real layouts (FORMATS.md §5.1, §5.2), written with
gen_marketplaces.py's PayPal book so every Balance cell is the running balance in time order.

  python3 bench/gen_paypal_account.py tests/data    # tests/data/paypal/account-*.csv
  python3 bench/gen_paypal_account.py --samples samples   # samples/paypal/Download-2025-spending.CSV

Byte-identical on every run. Ids LLPA/LLPB/LLPC... (a letter per file). The facts the tests assert are
in tests/data/paypal/README.md."""
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_marketplaces import PayPal, write  # noqa: E402


def T(y, m, d, h=10, mi=0, s=0):
    return dt.datetime(y, m, d, h, mi, s)


def newest_first(text):
    """an activity download as PayPal lists it: the newest row first"""
    lines = text.rstrip("\n").split("\n")
    return "\n".join([lines[0]] + lines[:0:-1]) + "\n"


def spends(prefix="LLPA", year=2025):
    """a US seller that spends from its PayPal balance: 250.00 carried in from before the
    download, sales, purchases paid from PayPal (print on demand, a software subscription,
    packaging), a refund to a customer, a hold and its release, money added from the bank for a
    purchase, one transfer to the bank in the middle, and rows after it (never withdrawn)"""
    pp = PayPal(random.Random(1), prefix)
    pp.bal["USD"] = 25000  # carried in: the rows start from it
    a = pp.payment(T(year, 1, 3, 9), "USD", 12000)
    pp.add(T(year, 1, 4, 11), "Express Checkout Payment", "USD", -6420, 0, name="Printful Inc")
    b = pp.payment(T(year, 1, 6, 15), "USD", 4500, inv="A-1001")
    pp.add(T(year, 1, 8, 8), "Subscription Payment", "USD", -1999, 0, name="Adobe Systems")
    pp.add(T(year, 1, 9, 13), "Payment Hold", "USD", -3000, 0)
    pp.refund(T(year, 1, 10, 16), b, 4500)
    pp.payment(T(year, 1, 12, 10), "USD", 8950)
    pp.add(T(year, 1, 14, 12), "Payment Release", "USD", 3000, 0)
    pp.withdraw(T(year, 1, 15, 7), "USD", 20000)
    pp.add(T(year, 1, 20, 9), "Bank Deposit to PP Account", "USD", 10000, 0)
    pp.add(T(year, 1, 20, 9, 5), "General Payment", "USD", -11250, 0, name="Acme Packaging Ltd")
    pp.payment(T(year, 1, 27, 14), "USD", 3599)
    pp.refund(T(year, 1, 28, 10), a, 2000)  # a partial refund, part of its fee back
    pp.add(T(year, 1, 30, 18), "Express Checkout Payment", "USD", -2875, 0, name="Printful Inc")
    pp.payment(T(year, 1, 31, 20), "USD", 6400)
    return pp


def no_withdrawal(prefix="LLPB", year=2025):
    """a UK seller that has not withdrawn since the download began: two months of GBP sales and
    fees from a zero balance, one refund; a statement (Reports > Statements), not in time order"""
    pp = PayPal(random.Random(2), prefix)
    for k, (day, gross) in enumerate(((2, 2450), (5, 7800), (9, 1299), (14, 15500), (21, 3300),
                                      (28, 4999), (33, 2450), (40, 8800), (47, 650), (55, 12000))):
        t = T(year, 4, 1, 10 + k % 6) + dt.timedelta(days=day)
        p = pp.payment(t, "GBP", gross)
        if k == 3:
            pp.refund(t + dt.timedelta(days=3), p, 15500)
    return pp


def conversion(prefix="LLPC", year=2025):
    """a EUR balance in a USD-withdrawing account: EUR payments, the EUR balance converted into
    USD, the USD transfer to the bank at the same second as the conversion (listed before it, the
    way PayPal lists a withdrawal it funds by converting), EUR sales after the conversion never
    converted, a USD purchase"""
    pp = PayPal(random.Random(3), prefix)
    pp.payment(T(year, 6, 2, 9), "USD", 5000)
    pp.payment(T(year, 6, 3, 11), "EUR", 7900)
    pp.payment(T(year, 6, 5, 16), "EUR", 2450)
    pp.payment(T(year, 6, 9, 10), "EUR", 13000)
    eur = pp.bal["EUR"]
    usd = eur * 10843 // 10000
    pp.convert(T(year, 6, 15, 8), "EUR", "USD", eur, usd)
    pp.withdraw(T(year, 6, 15, 8), "USD")
    pp.payment(T(year, 6, 18, 12), "EUR", 3100)
    pp.add(T(year, 6, 20, 9), "Express Checkout Payment", "USD", -1500, 0, name="Canva Pty Ltd")
    pp.payment(T(year, 6, 24, 13), "EUR", 990)
    return pp


def sample(prefix="LLPG", year=2025):
    """the demo's: a US shop that pays its suppliers from PayPal and withdraws now and then"""
    pp = PayPal(random.Random(4), prefix)
    pp.bal["USD"] = 41275
    rows = []  # (time, what): added in time order, so each Balance is the running balance
    inv = 9100
    for mth in (3, 4):
        for k, gross in enumerate((2999, 8450, 12000, 4599, 19900)):
            inv += 1
            rows.append((T(year, mth, 2 + 5 * k, 10 + k),
                         lambda t, g=gross, i=inv: pp.payment(t, "USD", g, inv="%d" % i)))
        rows.append((T(year, mth, 8, 9), lambda t, m=mth: pp.add(
            t, "Express Checkout Payment", "USD", -18720 - 100 * m, 0, name="Printful Inc")))
        rows.append((T(year, mth, 12, 7), lambda t: pp.add(
            t, "Subscription Payment", "USD", -3900, 0, name="Shopify Inc")))
        rows.append((T(year, mth, 26, 6), lambda t: pp.withdraw(t, "USD", 20000)))
    rows.append((T(year, 3, 14, 11), lambda t: pp.add(t, "Payment Hold", "USD", -8450, 0)))
    rows.append((T(year, 3, 24, 11), lambda t: pp.add(t, "Payment Release", "USD", 8450, 0)))
    rows.append((T(year, 4, 29, 17), lambda t: pp.payment(t, "USD", 6500, inv="%d" % (inv + 1))))
    for t, add in sorted(rows, key=lambda r: r[0]):
        add(t)
    return pp


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--samples":
        write(os.path.join(sys.argv[2], "paypal", "Download-2025-spending.CSV"),
              newest_first(sample().activity(dmy=False)))
        return
    p = os.path.join(sys.argv[1] if len(sys.argv) > 1 else "tests/data", "paypal")
    write(os.path.join(p, "account-spends.csv"), newest_first(spends().activity(dmy=False)))
    write(os.path.join(p, "account-no-withdrawal.csv"),
          no_withdrawal().statement(random.Random(5)))
    write(os.path.join(p, "account-conversion.csv"), newest_first(conversion().activity(dmy=False)))


if __name__ == "__main__":
    main()
