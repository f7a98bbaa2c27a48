#!/usr/bin/env python3
"""Validate the Xero JSON bodies of `ledgerlift plan --json` lines against
Xero's official OpenAPI schema (components.schemas.Invoice / CreditNote).

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
        schema = schemas["CreditNote" if d["kind"] == "CreditNote" else "Invoice"]
        v = jsonschema.Draft4Validator(schema, resolver=resolver)
        errs = sorted(v.iter_errors(d["document"]), key=lambda e: list(e.path))
        n += 1
        for e in errs:
            bad += 1
            print("%s: %s at %s" % (d["number"], e.message, list(e.path)))
        # what the schema cannot say: Xero wants these
        doc = d["document"]
        for f in ("Type", "Contact", "Date", "LineItems", "CurrencyCode", "Status"):
            if f not in doc:
                bad += 1
                print("%s: no %s" % (d["number"], f))
    print("%d valid" % n if not bad else "%d problems in %d documents" % (bad, n))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
