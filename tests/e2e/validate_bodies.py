#!/usr/bin/env python3
"""Validate the Xero JSON bodies of `ledgerlift plan --json` lines against
Xero's official OpenAPI schema (components.schemas.Invoice / CreditNote /
Payment / BankTransfer / BankTransaction).

usage: validate_bodies.py XERO_ACCOUNTING_YAML PLAN_JSONL
Prints "N valid" or each problem, and exits 1 on any."""
import json
import sys

import jsonschema
import yaml


def main():
    spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    # OpenAPI refs are '#/components/schemas/X': resolve them inside the spec
    resolver = jsonschema.RefResolver(base_uri="", referrer=spec)
    bad = 0
    n = 0
    for line in open(sys.argv[2], encoding="utf-8"):
        d = json.loads(line)
        kind = d["kind"] if d["kind"] in ("CreditNote", "Payment", "BankTransfer",
                                          "BankTransaction") else "Invoice"
        schema = schemas[kind]
        v = jsonschema.Draft4Validator(schema, resolver=resolver)
        errs = sorted(v.iter_errors(d["document"]), key=lambda e: list(e.path))
        n += 1
        for e in errs:
            bad += 1
            print("%s: %s at %s" % (d["number"], e.message, list(e.path)))
        # what the schema cannot say: Xero wants these
        doc = d["document"]
        need = {"Invoice": ("Type", "Contact", "Date", "LineItems", "CurrencyCode", "Status"),
                "CreditNote": ("Type", "Contact", "Date", "LineItems", "CurrencyCode", "Status"),
                "Payment": ("Account", "Date", "Amount", "Reference"),
                "BankTransfer": ("FromBankAccount", "ToBankAccount", "Amount", "Date", "Reference"),
                "BankTransaction": ("Type", "Contact", "BankAccount", "LineItems", "Date",
                                    "Reference", "CurrencyCode")}
        if kind == "Payment" and len([k for k in ("Invoice", "CreditNote") if k in doc]) != 1:
            bad += 1
            print("%s: a payment names one Invoice or CreditNote" % d["number"])
        for f in need[kind]:
            if f not in doc:
                bad += 1
                print("%s: no %s" % (d["number"], f))
    print("%d valid" % n if not bad else "%d problems in %d documents" % (bad, n))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
