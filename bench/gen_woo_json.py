#!/usr/bin/env python3
"""gen_woo_json.py - a WooCommerce REST API v3 orders document of about
--mb megabytes on stdout, for bench/woo_json_memory.sh. Python 3 stdlib
only, deterministic. Orders 100000.., GBP, paid through stripe, one line
item, shipping and tax, and a meta_data block as plugins leave it (about
4 KB of JSON an order). --shape orders: paid over 28 days of February
2025; one-day: all on 2025-02-10."""
import argparse
import json
import sys

p = argparse.ArgumentParser()
p.add_argument("--mb", type=int, default=128)
p.add_argument("--shape", choices=["orders", "one-day"], default="orders")
a = p.parse_args()

meta = [{"id": k, "key": "_plugin_field_%d" % k, "value": "v" * 48} for k in range(40)]
out = sys.stdout
out.write("[\n")
target = a.mb * 1000 * 1000
written, i = 2, 0
while written < target:
    oid = 100000 + i
    day = 10 if a.shape == "one-day" else 1 + i % 28
    when = "2025-02-%02dT10:%02d:00" % (day, i % 60)
    order = {
        "id": oid, "parent_id": 0, "number": str(oid), "order_key": "wc_order_%d" % oid,
        "status": "completed", "currency": "GBP", "date_created": when,
        "date_modified": when, "date_paid": when, "total": "24.00", "total_tax": "4.00",
        "payment_method": "stripe", "payment_method_title": "Stripe",
        "billing": {"first_name": "Test", "last_name": "Buyer", "email": "b@example.com"},
        "line_items": [{"id": oid * 10, "name": "Mug", "sku": "MUG-1", "quantity": 1,
                        "subtotal": "16.00", "total": "16.00"}],
        "shipping_lines": [{"id": oid * 10 + 1, "method_id": "flat_rate", "total": "4.00"}],
        "fee_lines": [], "refunds": [], "meta_data": meta,
    }
    text = ("" if i == 0 else ",\n") + json.dumps(order, indent=1)
    out.write(text)
    written += len(text)
    i += 1
out.write("\n]\n")
