#!/usr/bin/env python3
"""The shipped mapping tables per Xero edition: mappings/ (GB) and
mappings/US, mappings/AU, mappings/NZ, mappings/GLOBAL (every other country).

Writes accounts.csv, <platform>.csv and settings.json of each folder from
the tables below, so that the 25 mapping files stay consistent. Every row
carries a `source` column (keys of the Sources list in docs/tax.md; the
loader ignores it); rows whose treatment no source settles say UNSETTLED and
use the conservative choice (never claim input tax without evidence, never
under-declare output tax). From the issue 11 research's draft generator;
edit here and run `python3 scripts/mappings_gen.py` from the repository
root (docs/tax.md, docs/mapping.md).
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "mappings")
import json
COUNTRIES = ["GB", "US", "AU", "NZ", "GLOBAL"]
PLATFORMS = ["amazon", "shopify", "ebay", "woocommerce", "paypal"]
P = {"amazon": ("1", "Amazon"), "shopify": ("2", "Shopify"), "ebay": ("3", "eBay"),
     "woocommerce": ("4", "WooCommerce"), "paypal": ("5", "PayPal")}

# Xero tax types per edition for each symbolic class.
#  S   standard rate on income (VAT/GST on sales; US: none - tax goes to a liability)
#  SX  sale the marketplace is responsible for (deemed supplier / LVIG)
#  EXP export of goods from the home country
#  N   no tax / outside scope / balance-sheet movement
#  FS  fee with the standard rate of VAT/GST charged by the platform
#  FZ  fee zero-rated by the platform (GB only)
#  FR  fee reverse-charged (GB only)
#  FE  exempt fee (payment processing)
#  FN  fee on which no tax is charged / not known to be charged (conservative)
TAX = {
    "GB": dict(S="OUTPUT2", SX="ZERORATEDOUTPUT", EXP="ZERORATEDOUTPUT", N="NONE",
               FS="INPUT2", FZ="ZERORATEDINPUT", FR="REVERSECHARGES", FE="EXEMPTINPUT",
               FN="NONE"),
    "US": dict(S="NONE", SX="NONE", EXP="NONE", N="NONE", FS="NONE", FZ="NONE", FR="NONE",
               FE="NONE", FN="NONE"),
    "AU": dict(S="OUTPUT", SX="EXEMPTOUTPUT", EXP="EXEMPTEXPORT", N="BASEXCLUDED",
               FS="INPUT", FZ="EXEMPTEXPENSES", FR="EXEMPTEXPENSES", FE="EXEMPTEXPENSES",
               FN="EXEMPTEXPENSES"),
    "NZ": dict(S="OUTPUT2", SX="ZERORATED", EXP="ZERORATED", N="NONE", FS="INPUT2",
               FZ="NONE", FR="NONE", FE="NONE", FN="NONE"),
    # Xero's global edition (CA, IE, ...): OUTPUT "Tax on Sales" / INPUT "Tax on
    # Purchases" / NONE "Tax Exempt"; the rate is the organisation's own, so the
    # implementation must resolve the type by rate at pre-flight.
    "GLOBAL": dict(S="OUTPUT", SX="NONE", EXP="NONE", N="NONE", FS="INPUT", FZ="NONE",
                   FR="NONE", FE="NONE", FN="NONE"),
}

# ---------------------------------------------------------------- accounts
# (code, name, type, description, default-tax-class, source)
def accounts():
    rows = []
    for plat, (d, title) in P.items():
        rows += [
            (f"2{d}10", f"{title} Sales", "REVENUE",
             f"{title} sales of goods, promotions and discounts (net of the tax they carry)",
             "S", "LMB-DEF (pattern of LMB1 Amazon Sales); A2X-CAT"),
        ] + ([] if plat == "paypal" else [
            (f"2{d}11", f"{title} Shipping Income", "REVENUE",
             f"Shipping charged to {title} buyers and shipping discounts",
             "S", "A2X-VATMAP (shipping mapped like sales); PEERS feature list"),
        ]) + [
            (f"2{d}12", f"{title} Refunds", "REVENUE",
             f"Refunds to {title} buyers (optional: map to {title} Sales to net them)",
             "S", "LMB-DEF (pattern of LMB10 Amazon Refunds, Revenue)"),
        ]
    rows += [
        ("2115", "Amazon Reimbursements", "OTHERINCOME",
         "FBA inventory reimbursements, SAFE-T and other money Amazon pays the seller back",
         "N", "LMB-DEF (LMB2 Amazon FBA Inventory Reimbursements, Other income)"),
        ("4110", "Amazon Selling Fees", "EXPENSE",
         "Referral/commission, closing fees, digital services fee, refund administration",
         "FS", "LMB-DEF (LMB3 Amazon Seller Fees); A2X-CAT"),
        ("4111", "Amazon FBA Fees", "EXPENSE",
         "FBA fulfilment, removal, disposal and returns processing fees",
         "FS", "LMB-DEF (LMB4 Amazon FBA Fees)"),
        ("4112", "Amazon Storage Fees", "EXPENSE", "FBA monthly and long-term storage fees",
         "FS", "LMB-DEF (LMB5 Amazon Storage Fees)"),
        ("4113", "Amazon Advertising", "EXPENSE",
         "Sponsored products/brands, lightning deals, coupons, Vine",
         "FS", "LMB-DEF (LMB6 Amazon Advertising Costs); A2X-CAT (Amazon Advertising)"),
        ("4114", "Amazon Subscription Fees", "EXPENSE", "Professional selling plan subscription",
         "FS", "ISSUE-11 (subscription separate); A2X-AUG24 (subscription fees named)"),
        ("4115", "Amazon Inbound Freight", "EXPENSE",
         "FBA inbound transportation (partnered carrier) fees",
         "FS", "A2X-CAT (Amazon Delivery and Transport)"),
        ("4210", "Shopify Payments Fees", "EXPENSE",
         "Shopify Payments processing fees, chargeback fees and fee adjustments",
         "FE", "PEERS (fees per type); UNSETTLED tax (see docs/tax.md)"),
        ("4310", "eBay Selling Fees", "EXPENSE",
         "Final value fees, regulatory operating fee, international fee, other eBay fees",
         "FS", "LMB-EBAY; ECOMACC-EBAY (20% VAT on most fees, third party)"),
        ("4311", "eBay Shipping Labels", "EXPENSE", "Postage labels bought through eBay",
         "FN", "UNSETTLED"),
        ("4313", "eBay Advertising", "EXPENSE", "Promoted Listings fees",
         "FS", "ECOMACC-EBAY (third party)"),
        ("4319", "eBay Charity Donations", "EXPENSE", "eBay for Charity donations",
         "N", "UNSETTLED (donations are outside the scope of VAT/GST)"),
        ("4510", "PayPal Fees", "EXPENSE", "PayPal transaction and withdrawal fees",
         "FE", "UNSETTLED"),
        ("8151", "Amazon Reserved Balances", "CURRENT",
         "Money Amazon holds back from a settlement and releases in a later one",
         "N", "LMB-DEF (LMB9, Current Asset); LMB-RES; A2X-RESERVE; 815p (8150 is Unrealized Currency Gains in Xero's US chart)"),
        ("8152", "Shopify Reserved Funds", "CURRENT", "Shopify Payments reserves held and released",
         "N", "LMB-RES (same principle for other channels)"),
        ("8153", "eBay Funds on Hold", "CURRENT", "Money eBay holds back and releases",
         "N", "LMB-RES (same principle for other channels)"),
        ("8160", "Amazon Carried Balance", "CURRENT",
         "Negative balances carried between settlements, card charges that cover them, "
         "and month-end split roll-forwards",
         "N", "A2X-CFWD (carried balance account); LMB-RES (repayment / successful charge)"),
        ("8162", "Shopify Carried Balance", "CURRENT",
         "Month-end split roll-forwards and retried payouts of Shopify Payments",
         "N", "LMB-RES (Split Month Rollover account for non-Amazon channels)"),
        ("8163", "eBay Carried Balance", "CURRENT",
         "Month-end split roll-forwards, eBay transfers and payout adjustments",
         "N", "LMB-RES (Split Month Rollover account for non-Amazon channels)"),
        ("8164", "WooCommerce Carried Balance", "CURRENT", "Month-end split roll-forwards",
         "N", "LMB-RES (Split Month Rollover account for non-Amazon channels)"),
        ("8165", "PayPal Carried Balance", "CURRENT",
         "Month-end roll-forwards of PayPal transfers split by month, PayPal transfers "
         "(account model) and balances carried in and out (transfer model)",
         "N", "ledgerlift (replaces 850 Suspense in paypal.csv)"),
        ("8210", "Amazon Sales Tax", "CURRLIAB",
         "US sales tax Amazon collected and (as marketplace facilitator) withheld; "
         "VAT/GST Amazon withheld as deemed supplier. Nets to zero where Amazon remits.",
         "N", "LMB-DEF (LMB7 Amazon Sales Tax, Current Liability); A2X-MFT"),
        ("8220", "Shopify Sales Tax and Duties", "CURRLIAB",
         "US/CA sales tax collected (when not booked through Xero tax rates), duties, "
         "marketplace sales tax withheld",
         "N", "LMB-SHTAX (Shopify Sales Tax accounts)"),
        ("8230", "eBay Sales Tax", "CURRLIAB",
         "Seller-collected US sales tax (when not booked through tax rates) and "
         "eBay-collected tax in and out (nets to zero)",
         "N", "A2X-MFT (principle); LMB-DEF (LMB7)"),
        ("8240", "WooCommerce Sales Tax", "CURRLIAB",
         "US sales tax collected by the shop (when not booked through tax rates)",
         "N", "A2X-AMERICAS (taxes collected to a Sales Tax Liability)"),
        ("8250", "PayPal Sales Tax", "CURRLIAB",
         "Sales tax column of PayPal payments (not parsed today)", "N", "UNSETTLED"),
        ("8251", "Amazon Lending", "CURRLIAB", "Amazon Lending loans and repayments",
         "N", "LMB-DEF (LMB8 Amazon Loans); A2X-COA (Amazon Lending, Liability)"),
        ("8252", "Shopify Capital", "CURRLIAB", "Shopify Capital advances and repayments",
         "N", "ledgerlift (today 900 Loan); LMB-DEF (loans on a liability)"),
        ("8222", "Shopify Gift Cards", "CURRLIAB",
         "Gift cards sold and redeemed: the 'Gift Card' gateway's clearing account "
         "(payments enabled)", "N", "HYVE-GC (gift cards liability account)"),
        ("8199", "Ecommerce Suspense", "CURRLIAB",
         "Amounts no mapping row places (fallback) and purchases paid from PayPal, "
         "for the accountant to code", "N", "ledgerlift (replaces 429/850 fallbacks)"),
    ]
    return rows


EXISTING = [  # kept from mappings/accounts.csv (codes unchanged)
    ("8170", "Exchange Differences", "EXPENSE",
     "What converting sales into the payout currency leaves", "N", "mappings/accounts.csv"),
    ("8171", "Amazon Clearing", "BANK",
     "Order-mode sales paid from Amazon until each settlement transfers to the bank",
     "N", "mappings/accounts.csv"),
    ("8172", "Shopify Clearing", "BANK",
     "Order-mode sales paid through Shopify Payments until each payout transfers",
     "N", "mappings/accounts.csv"),
    ("8173", "eBay Clearing", "BANK",
     "Order-mode sales paid through eBay until each payout transfers to the bank",
     "N", "mappings/accounts.csv"),
    ("8174", "WooCommerce Clearing", "BANK",
     "WooCommerce sales of gateways without their own clearing account",
     "N", "mappings/accounts.csv"),
    ("8175", "PayPal Clearing", "BANK",
     "Sales paid through PayPal until PayPal transfers them to the bank",
     "N", "mappings/accounts.csv"),
    ("8176", "Stripe Clearing", "BANK", "Sales paid through Stripe until Stripe pays them out",
     "N", "mappings/accounts.csv"),
    ("8181", "Shopify Payments Clearing", "CURRENT",
     "Orders paid through Shopify Payments or Shop Pay Installments: the orders export's day "
     "summaries are paid into it (payments enabled) and their payouts take the money out "
     "(docs/shopify.md)", "N", "mappings/accounts.csv (docs/shopify.md, One order, one invoice)"),
    ("8180", "PayPal Store Sales Clearing", "CURRENT",
     "Store sales paid through PayPal (payments enabled)", "N", "mappings/accounts.csv"),
    ("8177", "PayPal Currency Conversions", "CURRENT",
     "PayPal conversions between currencies: out of one PayPal account and into another; "
     "what is left is the conversion's gain or loss in the base currency",
     "N", "mappings/accounts.csv (docs/woocommerce-paypal.md)"),
    ("8178", "PayPal Holds", "CURRENT",
     "Money PayPal holds back (payment holds and their releases): zero once every hold is "
     "released", "N", "mappings/accounts.csv (docs/woocommerce-paypal.md); LMB-RES"),
]

# bank accounts of a currency of their own: (code, name, type, description,
# currency, bank_account_type, source); a code with {currency} is a row
# for every currency (--create-accounts makes PPUSD, PPEUR, ...)
BANKS = [
    ("PP{currency}", "PayPal {currency}", "BANK",
     "The PayPal balance in {currency}: every row of the activity a bank transaction in it "
     "(settings.json paypal.account)", "{currency}", "PAYPAL",
     "mappings/accounts.csv (docs/woocommerce-paypal.md)"),
    ("093", "Business Bank USD", "BANK",
     "The USD bank account PayPal's USD transfers go to (settings.json paypal.bank_account)",
     "USD", "", "mappings/accounts.csv"),
    ("094", "Business Bank EUR", "BANK",
     "The EUR bank account PayPal's EUR transfers go to (settings.json paypal.bank_account)",
     "EUR", "", "mappings/accounts.csv"),
]

# ---------------------------------------------------------------- mappings
# category -> (account code template, tax class); {d} = platform digit
CAT = {
    "SALES": ("2{d}10", "S"), "SHIP": ("2{d}11", "S"), "REFUND": ("2{d}12", "S"),
    "MKTSALE": ("2{d}10", "SX"), "MKTSHIP": ("2{d}11", "SX"), "MKTREFUND": ("2{d}12", "SX"),
    "REIMB": ("2115", "N"),
    "SELL": ("4110", "AMZFEE"), "FBA": ("4111", "AMZFBA"), "STORAGE": ("4112", "AMZFBA"),
    "ADS": ("4113", "AMZADS"), "SUBS": ("4114", "AMZFEE"), "INBOUND": ("4115", "AMZFBA"),
    "FEETAX": ("4110", "FEETAX"),
    "SHFEE": ("4210", "FE"), "EBFEE": ("4310", "EBFEE"), "EBADS": ("4313", "EBFEE"),
    "LABELS": ("4311", "FN"), "CHARITY": ("4319", "N"), "PPFEE": ("4510", "FE"),
    "RESERVE": ("815{d}", "N"), "CARRIED": ("816{d}", "N"),
    "WITHHELD": ("82{d}0", "N"), "DUTIES": ("82{d}0", "N"),
    "LOAN": ("825{d}", "N"), "FX": ("8170", "N"), "STORECLR": ("8180", "N"),
    "SHSTORECLR": ("8181", "N"),
    "SUSPENSE": ("8199", "N"), "PPHOLD": ("8178", "N"), "PPCONV": ("8177", "N"),
    # tax lines charged to the buyer: wrapped into the sales/shipping/refund
    # account with the sales rate outside the US; in the US to the liability
    "TAX": ("TAXLINE:2{d}10", "S"), "TAXSHIP": ("TAXLINE:2{d}11", "S"),
    "RTAX": ("TAXLINE:2{d}12", "S"),
}
AMZ_RESERVE = {"amazon": "8151", "shopify": "8152", "ebay": "8153"}
AMZ_CARRIED = {"amazon": "8160", "shopify": "8162", "ebay": "8163", "woocommerce": "8164",
               "paypal": "8165"}

S_GB_FEES = "A2X-AUG24; A2X-GBDOM; AMZ-FEES-2024 (third party: MITCHELL, RYECROFT)"


def tax_variants(cat, cc, plat):
    """[(tax_type, marketplace, valid_from, valid_to, source-note)]"""
    code, cls = CAT[cat]
    T = TAX[cc]
    if cls == "AMZFEE":          # Amazon selling fees, subscription
        if cc == "GB":
            return [("REVERSECHARGES", "*", "", "2024-07-31",
                     "A2X-AUG24 (before: billed from Luxembourg, reverse charge); LMB-BREXIT"),
                    ("INPUT2", "*", "2024-08-01", "",
                     "A2X-AUG24; A2X-GBDOM (merchant fees 20% VAT)")]
        if cc == "AU":
            return [(T["FN"], "*", "", "", "AMZ-AUGST (GST-registered sellers with an ABN "
                     "are not charged GST on Selling on Amazon fees); UNSETTLED for "
                     "amazon.com.au fee invoices")]
        if cc == "NZ":
            return [(T["FN"], "*", "", "", "UNSETTLED (IRD-REMOTE: NZ GST on remote services since 2016 "
                     "targets consumers; no source says whether NZ GST is charged to "
                     "GST-registered sellers)")]
        return [(T["FN"], "*", "", "", "A2X-AMERICAS (US: no tax on fees)" if cc == "US"
                 else "UNSETTLED (global edition)")]
    if cls == "AMZFBA":          # FBA fulfilment, storage, inbound
        if cc == "GB":
            return [("REVERSECHARGES", "*", "", "2024-07-31",
                     "A2X-AUG24 (FBA fees reverse charge before 1 Aug 2024)"),
                    ("INPUT2", "Amazon.co.uk", "2024-08-01", "",
                     "A2X-GBDOM (GB warehouse to GB customer: 20%)"),
                    ("ZERORATEDINPUT", "*", "2024-08-01", "",
                     "A2X-GBDOM (from/to other locations: 0%, Zero-Rated Expenses)")]
        return tax_variants("SELL", cc, plat)
    if cls == "AMZADS":
        if cc == "GB":
            return [("INPUT2", "Amazon.co.uk", "", "",
                     "A2X-AUG24 (UK advertising billed from London, 20% VAT on Expenses; "
                     "unchanged on 1 Aug 2024)"),
                    ("REVERSECHARGES", "*", "", "",
                     "A2X-AUG24 (EU advertising: Reverse Charge Expenses; unchanged)")]
        return tax_variants("SELL", cc, plat)
    if cls == "FEETAX":
        if cc == "US":
            return [("NONE", "*", "", "", "A2X-AMERICAS (tax on fees is a cost in the US)")]
        return [(T["FN"], "*", "", "", "UNSETTLED (separately stated tax on fees: reclaimable "
                 "outside the US; see open question Q7)")]
    if cls == "EBFEE":
        if cc == "GB":
            return [("INPUT2", "*", "", "",
                     "ECOMACC-EBAY (third party: 20% VAT on most fees for UK sellers with "
                     "managed payments); EBAY-LUX (earlier: reverse charge for VAT-registered "
                     "businesses, date of change UNSETTLED)")]
        return [(T["FN"], "*", "", "", "UNSETTLED")]
    if cls == "FE":
        return [(T["FE"], "*", "", "", "UNSETTLED (payment processing is an exempt "
                 "financial service in GB; no peer page found)")]
    if cls == "FN":
        return [(T["FN"], "*", "", "", "UNSETTLED")]
    if cls == "S":
        if code.startswith("TAXLINE:") and cc == "US":
            return [("NONE", "*", "", "", "A2X-AMERICAS; LMB-SHTAX (US tax lines to a sales "
                     "tax liability); LMB-DEF (LMB7)")]
        if code.startswith("TAXLINE:"):
            return [(T["S"], "*", "", "", "A2X-VATMAP (tax lines wrapped back into the income "
                     "account, VAT by tax rate); LMB-SHTAX (GB/AU/NZ tax merged into sales)")]
        if cc == "US":
            return [("NONE", "*", "", "", "A2X-AMERICAS (No Tax / Tax Exempt on income)")]
        if cc == "GB":
            return [(T["S"], "*", "", "", "LMB-UKVAT; A2X-VATMAP (20% on income, tax-inclusive);"
                     " other marketplaces: settings.marketplace_tax (LMB-NA)")]
        return [(T["S"], "*", "", "", "LMB-SHTAX (GB/AU/NZ: tax in sales); XERO-TAXTYPES")]
    if cls == "SX":
        return [(T["SX"], "*", "", "", "LMB-UKCHAN (marketplace responsible VAT: zero-rated);"
                 " LMB-EBAYWIZ")]
    return [(T[cls], "*", "", "", "")]


def account_for(cat, plat, cc):
    code = CAT[cat][0]
    d = P[plat][0]
    if cat == "RESERVE":
        return AMZ_RESERVE[plat]
    if cat == "CARRIED":
        return AMZ_CARRIED[plat]
    if code.startswith("TAXLINE:"):
        if cc == "US":
            return f"82{d}0"
        code = code[len("TAXLINE:"):]
    return code.format(d=d)


AMAZON = [
    # ttype, atype, adesc, category, line description, tracking, src
    ("Order", "ItemPrice", "*", "SALES", "Amazon sales (other price)", "marketplace", "FORMATS 1.2-1.3"),
    ("Order", "ItemPrice", "Principal", "SALES", "Amazon sales", "marketplace", "FORMATS 1.2-1.3"),
    ("Order", "ItemPrice", "Shipping", "SHIP", "Amazon shipping income", "marketplace", ""),
    ("Order", "ItemPrice", "GiftWrap", "SALES", "Amazon gift wrap", "marketplace", ""),
    ("Order", "ItemPrice", "Tax", "TAX", "Amazon tax on sales", "marketplace", ""),
    ("Order", "ItemPrice", "ShippingTax", "TAXSHIP", "Amazon tax on shipping", "marketplace", ""),
    ("Order", "ItemPrice", "GiftWrapTax", "TAX", "Amazon tax on gift wrap", "marketplace", ""),
    ("Order", "ItemPrice", "RegulatoryFee", "SALES", "Amazon regulatory fees charged",
     "marketplace", "UNSETTLED (CA environmental fee: pass-through?)"),
    ("Order", "ItemPrice", "RegulatoryFeeTax", "TAX", "Amazon tax on regulatory fees",
     "marketplace", ""),
    ("Order", "Promotion", "*", "SALES", "Amazon promotions", "marketplace", ""),
    ("Order", "Promotion", "Shipping", "SHIP", "Amazon shipping promotions", "marketplace", ""),
    ("Order", "Promotion", "Tax", "TAX", "Amazon tax on promotions", "marketplace", ""),
    ("Order", "other-transaction", "*", "SALES", "Amazon sales (other)", "marketplace", ""),
    ("Refund", "ItemPrice", "*", "REFUND", "Amazon refunds", "marketplace", ""),
    ("Refund", "ItemPrice", "Tax", "RTAX", "Amazon tax refunded", "marketplace", ""),
    ("Refund", "ItemPrice", "ShippingTax", "RTAX", "Amazon tax refunded", "marketplace", ""),
    ("Refund", "ItemPrice", "GiftWrapTax", "RTAX", "Amazon tax refunded", "marketplace", ""),
    ("Refund", "Promotion", "*", "REFUND", "Amazon refunds (promotions reversed)",
     "marketplace", ""),
    ("Refund", "Promotion", "Tax", "RTAX", "Amazon tax refunded", "marketplace", ""),
    ("Refund", "other-transaction", "*", "REFUND", "Amazon refunds", "marketplace", ""),
    ("Chargeback Refund", "*", "*", "REFUND", "Amazon chargebacks", "marketplace", ""),
    ("Chargeback Refund", "ItemPrice", "Tax", "RTAX", "Amazon tax refunded", "marketplace", ""),
    ("A-to-z Guarantee Claim", "*", "*", "REFUND", "Amazon A-to-z guarantee claims",
     "marketplace", ""),
    ("A-to-z Guarantee Claim", "ItemPrice", "Tax", "RTAX", "Amazon tax refunded",
     "marketplace", ""),
    ("*", "other-transaction", "Guarantee claims", "REFUND", "Amazon A-to-z guarantee claims",
     "marketplace", ""),
    # tax Amazon withholds (V2 ItemWithheldTax; V1 puts the same in item-related fees)
    ("*", "ItemWithheldTax", "*", "WITHHELD", "Amazon marketplace-withheld tax", "marketplace",
     "A2X-MFT; AMZ-UKVAT; A2X-LVIG"),
    ("*", "ItemFees", "MarketplaceFacilitatorTax-Principal", "WITHHELD",
     "Amazon marketplace-withheld tax", "marketplace", "A2X-MFT; samples V1 (ItemFees)"),
    ("*", "ItemFees", "MarketplaceFacilitatorTax-Shipping", "WITHHELD",
     "Amazon marketplace-withheld tax", "marketplace", "A2X-MFT; samples V1"),
    ("*", "ItemFees", "MarketplaceFacilitatorTax-Other", "WITHHELD",
     "Amazon marketplace-withheld tax", "marketplace", "FORMATS 1.3"),
    ("*", "ItemFees", "MarketplaceFacilitatorTax-Giftwrap", "WITHHELD",
     "Amazon marketplace-withheld tax", "marketplace", "UNSETTLED (name assumed)"),
    ("*", "ItemFees", "MarketplaceFacilitatorVAT-Principal", "WITHHELD",
     "Amazon marketplace-withheld VAT", "marketplace", "AMZ-UKVAT; samples V1"),
    ("*", "ItemFees", "MarketplaceFacilitatorVAT-Shipping", "WITHHELD",
     "Amazon marketplace-withheld VAT", "marketplace", "AMZ-UKVAT; samples V1"),
    ("*", "ItemFees", "LowValueGoodsTax-Principal", "WITHHELD",
     "Amazon low-value goods tax withheld", "marketplace", "A2X-LVIG; FORMATS 1.3"),
    ("*", "ItemFees", "LowValueGoodsTax-Shipping", "WITHHELD",
     "Amazon low-value goods tax withheld", "marketplace", "A2X-LVIG; FORMATS 1.3"),
    ("Retrocharge", "*", "*", "WITHHELD", "Amazon tax retrocharges", "marketplace",
     "UNSETTLED"),
    ("Order_Retrocharge", "*", "*", "WITHHELD", "Amazon tax retrocharges", "marketplace",
     "UNSETTLED"),
    ("Refund_Retrocharge", "*", "*", "WITHHELD", "Amazon tax retrocharges", "marketplace",
     "UNSETTLED"),
    # fees
    ("*", "ItemFees", "*", "SELL", "Amazon selling fees", "marketplace", "A2X-CAT; LMB-DEF"),
    ("*", "ItemFees", "Commission", "SELL", "Amazon selling fees", "marketplace", ""),
    ("*", "ItemFees", "RefundCommission", "SELL", "Amazon selling fees", "marketplace", ""),
    ("*", "ItemFees", "DigitalServicesFee", "SELL", "Amazon selling fees", "marketplace",
     "AMZ-DST (2% UK DST passed on as a fee)"),
    ("*", "ItemFees", "FBAPerUnitFulfillmentFee", "FBA", "Amazon FBA fees", "marketplace", ""),
    ("*", "ItemFees", "FBAWeightBasedFee", "FBA", "Amazon FBA fees", "marketplace", ""),
    ("*", "ItemFees", "FBAPerOrderFulfillmentFee", "FBA", "Amazon FBA fees", "marketplace", ""),
    ("*", "ItemFees", "ShippingChargeback", "FBA", "Amazon FBA fees", "marketplace", ""),
    ("*", "ItemFees", "GiftwrapChargeback", "FBA", "Amazon FBA fees", "marketplace", ""),
    ("*", "ItemFees", "ShippingHB", "FBA", "Amazon FBA fees", "marketplace", ""),
    ("*", "ItemFees", "Cost of Advertising", "ADS", "Amazon advertising", "", ""),
    ("*", "ItemFees", "TaxOnFees", "FEETAX", "Amazon tax on fees", "", "FORMATS 1.3"),
    ("*", "Cost of Advertising", "*", "ADS", "Amazon advertising", "", "samples V2"),
    ("*", "ShipmentFees", "*", "INBOUND", "Amazon FBA inbound transportation", "", ""),
    ("*", "OrderFees", "*", "SELL", "Amazon order fees", "", ""),
    ("*", "OtherFees", "*", "SELL", "Amazon other fees", "", ""),
    ("*", "OtherFees", "TaxAmount", "FEETAX", "Amazon tax on fees", "",
     "FORMATS 1.2 (CA ServiceFee TaxAmount)"),
    ("*", "MiscFees", "*", "SELL", "Amazon miscellaneous fees", "", ""),
    ("*", "DirectPayment", "*", "REIMB", "Amazon direct payments", "",
     "UNSETTLED (meaning of DirectPayment)"),
    ("*", "other-transaction", "Subscription Fee", "SUBS", "Amazon seller subscription", "", ""),
    ("*", "other-transaction", "Storage Fee", "STORAGE", "Amazon FBA storage fees", "", ""),
    ("*", "other-transaction", "StorageRenewalBilling", "STORAGE",
     "Amazon FBA long-term storage fees", "", ""),
    ("*", "other-transaction", "FBA Inventory Fee", "STORAGE", "Amazon FBA storage fees", "", ""),
    ("*", "other-transaction", "Inbound Transportation Fee", "INBOUND",
     "Amazon FBA inbound transportation", "", ""),
    ("*", "other-transaction", "FBAInboundTransportationFee", "INBOUND",
     "Amazon FBA inbound transportation", "", ""),
    ("*", "other-transaction", "DisposalComplete", "FBA", "Amazon FBA disposal fees", "", ""),
    ("*", "other-transaction", "RemovalComplete", "FBA", "Amazon FBA removal fees", "", ""),
    ("*", "other-transaction", "FBA Customer Return Fee", "FBA", "Amazon FBA returns fees",
     "", ""),
    ("*", "other-transaction", "ServiceFee", "SELL", "Amazon service fees", "", ""),
    ("*", "other-transaction", "Service Fee", "SELL", "Amazon service fees", "", ""),
    ("*", "other-transaction", "Cost of Advertising", "ADS", "Amazon advertising", "", ""),
    ("*", "other-transaction", "Lightning Deal Fee", "ADS", "Amazon deal fees", "",
     "A2X-CAT (lightning deal fees under advertising)"),
    ("*", "other-transaction", "Coupon Redemption Fee", "ADS", "Amazon coupon fees", "", ""),
    ("*", "other-transaction", "Vine Enrollment Fee", "ADS", "Amazon Vine fees", "", ""),
    ("*", "other-transaction", "Adjustment", "SELL", "Amazon adjustments", "",
     "A2X-CAT (Adjustments -> Amazon Seller Fees and Charges)"),
    ("*", "other-transaction", "BalanceAdjustment", "SELL", "Amazon balance adjustments", "",
     "A2X-CAT"),
    ("*", "other-transaction", "Liquidations", "SALES", "Amazon FBA liquidations", "",
     "UNSETTLED (liquidation proceeds are sales of stock)"),
    ("*", "other-transaction", "LiquidationsAdjustments", "SALES", "Amazon FBA liquidations",
     "", "UNSETTLED"),
]
for r in ["WAREHOUSE_DAMAGE", "WAREHOUSE_LOST", "WAREHOUSE_LOST_MANUAL", "REVERSAL_REIMBURSEMENT",
          "FREE_REPLACEMENT_REFUND_ITEMS", "INBOUND_CARRIER_DAMAGE", "MISSING_FROM_INBOUND",
          "CS_ERROR_ITEMS", "COMPENSATED_CLAWBACK", "SAFE-T Reimbursement"]:
    AMAZON.append(("*", "other-transaction", r, "REIMB", "Amazon FBA reimbursements", "",
                   "LMB-DEF (LMB2 reimbursements, Other income); UNSETTLED tax (compensation)"))
AMAZON += [
    ("Adjustment", "*", "*", "REIMB", "Amazon adjustments (date range report)", "",
     "UNSETTLED (date-range Adjustment rows are mostly reimbursements)"),
    ("*", "other-transaction", "Current Reserve Amount", "RESERVE", "Amazon reserve held", "",
     "LMB-RES; A2X-RESERVE"),
    ("*", "other-transaction", "Previous Reserve Amount Balance", "RESERVE",
     "Amazon reserve released", "", "LMB-RES"),
    ("*", "other-transaction", "Payable to Amazon", "CARRIED",
     "Amazon balance carried from the previous settlement", "",
     "LMB-RES (Repayment of negative Amazon balance); LMB-SMALLNEG"),
    ("*", "other-transaction", "Successful charge", "CARRIED",
     "Amazon charge to the seller's card", "", "LMB-RES (Successful charge); LMB-SMALLNEG"),
    ("*", "other-transaction", "Failed charge", "CARRIED", "Amazon failed card charge", "", ""),
    ("*", "other-transaction", "Micro Deposit", "CARRIED", "Amazon micro deposit", "", ""),
    ("*", "other-transaction", "Debt", "CARRIED", "Amazon debt recovery", "", ""),
    ("*", "other-transaction", "Transfer", "CARRIED", "Amazon transfer", "", ""),
]
# order context (proposed: normalize re-types the price rows of an order that
# has ItemWithheldTax / MarketplaceFacilitator* rows as Order/MF, Refund/MF)
AMAZON_MF = [
    ("Order/MF", "ItemPrice", "*", "MKTSALE",
     "Amazon sales (marketplace responsible for tax)", "marketplace", ""),
    ("Order/MF", "ItemPrice", "Shipping", "MKTSHIP",
     "Amazon shipping (marketplace responsible for tax)", "marketplace", ""),
    ("Order/MF", "ItemPrice", "Tax", "WITHHELD", "Amazon marketplace-collected tax",
     "marketplace", ""),
    ("Order/MF", "ItemPrice", "ShippingTax", "WITHHELD", "Amazon marketplace-collected tax",
     "marketplace", ""),
    ("Order/MF", "ItemPrice", "GiftWrapTax", "WITHHELD", "Amazon marketplace-collected tax",
     "marketplace", ""),
    ("Refund/MF", "ItemPrice", "*", "MKTREFUND",
     "Amazon refunds (marketplace responsible for tax)", "marketplace", ""),
    ("Refund/MF", "ItemPrice", "Tax", "WITHHELD", "Amazon marketplace-collected tax",
     "marketplace", ""),
    ("Refund/MF", "ItemPrice", "ShippingTax", "WITHHELD", "Amazon marketplace-collected tax",
     "marketplace", ""),
]

SHOPIFY = [
    ("*", "ItemPrice", "*", "SALES", "Shopify sales (other)", "", ""),
    ("*", "ItemPrice", "Charge", "SALES", "Shopify Payments sales (gross: goods, shipping, tax)",
     "", "FORMATS 2 (charge Amount is gross incl. tax); see open question Q4"),
    ("*", "ItemPrice", "Sales", "SALES", "Shopify sales", "", ""),
    ("*", "ItemPrice", "Shipping", "SHIP", "Shopify shipping income", "", ""),
    ("*", "ItemPrice", "Tax", "TAX", "Shopify tax on sales", "",
     "LMB-SHTAX; ISSUE-11 (orders that state their tax: tax rate + TaxAmount)"),
    ("*", "ItemPrice", "Duties", "DUTIES", "Shopify duties collected", "",
     "UNSETTLED (duties are passed to customs, not revenue)"),
    ("*", "ItemPrice", "Other", "SALES", "Shopify order amounts (other)", "", ""),
    ("*", "ItemPrice", "Outstanding", "SALES", "Shopify order balances not yet paid", "", ""),
    ("*", "Promotion", "*", "SALES", "Shopify discounts", "", ""),
    ("*", "Promotion", "Shipping discount", "SHIP", "Shopify shipping discounts", "", ""),
    ("*", "ItemPrice", "Refund", "REFUND", "Shopify refunds", "",
     "LMB-DEF (refunds account); tax inside refunds: open question Q4"),
    # orders the orders export records (docs/shopify.md, One order, one invoice): a
    # payout's charges and refunds of them are not sales again but the money that empties
    # the Shopify Payments clearing account their day summaries (or invoices) are paid into;
    # no tax: the order's invoice booked it
    ("*", "Store payment", "*", "SHSTORECLR",
     "Shopify Payments charges for orders in the orders export", "",
     "docs/shopify.md (clearing account, no tax: the order's own invoice books it)"),
    ("*", "Store refund", "*", "SHSTORECLR",
     "Shopify Payments refunds of orders in the orders export", "", "docs/shopify.md"),
    ("*", "Fees", "*", "SHFEE", "Shopify Payments fees", "", ""),
    ("*", "Adjustment", "*", "SHFEE", "Shopify Payments adjustments", "", "UNSETTLED"),
    ("*", "Adjustment", "Retried Amount", "CARRIED", "Shopify retried payout", "", "UNSETTLED"),
    ("*", "Chargeback", "*", "REFUND", "Shopify chargebacks and disputes", "", ""),
    ("*", "Reserve", "*", "RESERVE", "Shopify Payments reserved funds", "", "LMB-RES"),
    ("*", "WithheldTax", "*", "WITHHELD", "Shopify marketplace sales tax withheld", "",
     "LMB-SHTAX (channel_liable: tax collected / remitted lines)"),
    ("*", "Advance", "*", "LOAN", "Shopify Capital", "", "LMB-DEF (loans on a liability)"),
    ("*", "Other", "*", "SUSPENSE", "Shopify Payments other transactions (review)", "", ""),
]

EBAY = [
    ("Order", "ItemPrice", "*", "SALES", "eBay sales (other)", "", ""),
    ("Order", "ItemPrice", "Principal", "SALES", "eBay sales", "", ""),
    ("Order", "ItemPrice", "Shipping", "SHIP", "eBay shipping income", "", ""),
    ("Order", "ItemPrice", "Insurance", "SHIP", "eBay shipping income", "", ""),
    ("Order", "ItemPrice", "Tax", "TAX", "eBay seller-collected tax", "", "ISSUE-11"),
    ("*", "ItemPrice", "eBay collected tax", "WITHHELD", "eBay-collected tax (in)", "",
     "EBAY-UKVAT; A2X-MFT (principle: in and out on one account)"),
    ("*", "ItemWithheldTax", "*", "WITHHELD", "eBay-collected tax (passed on)", "",
     "EBAY-UKVAT; LMB-EBAYWIZ"),
    ("Refund", "ItemPrice", "*", "REFUND", "eBay refunds", "", ""),
    ("Refund", "ItemPrice", "Tax", "RTAX", "eBay seller-collected tax refunded", "", ""),
    ("Claim", "ItemPrice", "*", "REFUND", "eBay claims", "", ""),
    ("Claim", "ItemPrice", "Tax", "RTAX", "eBay seller-collected tax refunded", "", ""),
    ("Payment dispute", "ItemPrice", "*", "REFUND", "eBay payment disputes", "", ""),
    ("Payment dispute", "ItemPrice", "Tax", "RTAX", "eBay seller-collected tax refunded", "", ""),
    ("*", "Fees", "*", "EBFEE", "eBay selling fees", "", ""),
    ("Other fee", "*", "*", "EBFEE", "eBay other fees", "", ""),
    ("Other fee", "Other fee", "Promoted Listings - General fee", "EBADS",
     "eBay Promoted Listings", "", "samples (eBay transaction report)"),
    ("Other fee", "Other fee", "Promoted Listings - Priority fee", "EBADS",
     "eBay Promoted Listings", "", "UNSETTLED (name assumed)"),
    ("Other fee", "Other fee", "Anzeigengebühr", "EBADS", "eBay Promoted Listings", "",
     "UNSETTLED (eBay.de wording; samples)"),
    ("Shipping label", "*", "*", "LABELS", "eBay shipping labels", "", ""),
    ("*", "Charity", "*", "CHARITY", "eBay charity donations", "", ""),
    ("Charity donation", "*", "*", "CHARITY", "eBay charity donations", "", ""),
    ("Hold", "*", "*", "RESERVE", "eBay funds on hold", "", "LMB-RES"),
    ("Transfer", "*", "*", "CARRIED", "eBay transfers", "", ""),
    ("Payout", "*", "*", "CARRIED", "eBay payout adjustments", "", ""),
    ("*", "Exchange", "*", "FX", "eBay currency exchange differences", "", ""),
    ("*", "Unclassified", "*", "SUSPENSE", "eBay rows of a type not understood", "",
     "ledgerlift: a type not understood is kept in suspense, never guessed"),
]

WOO = [
    ("Order", "ItemPrice", "*", "SALES", "WooCommerce sales (other)", "", ""),
    ("Order", "ItemPrice", "Principal", "SALES", "WooCommerce sales", "", ""),
    ("Order", "ItemPrice", "Shipping", "SHIP", "WooCommerce shipping income", "", ""),
    ("Order", "ItemPrice", "Fee", "SALES", "WooCommerce fees charged to customers", "", ""),
    ("Order", "ItemPrice", "Tax", "TAX", "WooCommerce tax on sales", "",
     "ISSUE-11 (tax columns: tax rate + TaxAmount)"),
    ("Order", "ItemPrice", "ShippingTax", "TAXSHIP", "WooCommerce tax on shipping", "",
     "ISSUE-11 (shipping tax apart: it joins the shipping line)"),
    ("Order", "Promotion", "*", "SALES", "WooCommerce discounts", "", ""),
    ("Refund", "ItemPrice", "*", "REFUND", "WooCommerce refunds", "",
     "tax inside refunds: open question Q5"),
]

PAYPAL = [
    ("*", "Payment", "*", "SALES", "PayPal payments received", "", "UNSETTLED (sales or other "
     "receipts: set sales_recorded_by when a shop records them)"),
    ("*", "Payment sent", "*", "SUSPENSE", "PayPal payments sent (review)", "",
     "ledgerlift: no invoice behind them, so no input tax"),
    ("*", "Refund", "*", "REFUND", "PayPal refunds", "", ""),
    ("*", "Store payment", "*", "STORECLR", "PayPal payments for store orders", "",
     "docs/woocommerce-paypal.md"),
    ("*", "Store refund", "*", "STORECLR", "PayPal refunds of store orders", "", ""),
    ("*", "Fee", "*", "PPFEE", "PayPal fees", "", ""),
    ("*", "Hold", "*", "PPHOLD", "PayPal holds and releases", "", ""),
    ("*", "Currency conversion", "*", "PPCONV", "PayPal currency conversions", "", ""),
    ("*", "Exchange difference", "*", "FX", "PayPal currency conversion differences", "", ""),
    ("*", "Transfer", "*", "CARRIED", "PayPal transfers", "", ""),
    ("*", "Balance", "*", "CARRIED", "PayPal balance carried", "", ""),
    ("*", "Unclassified", "*", "SUSPENSE", "PayPal rows of a type not understood", "",
     "ledgerlift: a type not understood is kept in suspense, never guessed"),
]

ROWS = {"amazon": AMAZON, "shopify": SHOPIFY, "ebay": EBAY, "woocommerce": WOO,
        "paypal": PAYPAL}

HEADER = ["transaction_type", "amount_type", "amount_description", "account_code", "tax_type",
          "line_description", "tracking", "marketplace", "valid_from", "valid_to", "source"]


COMMENT = {
    "amazon": "Amazon settlement categories -> Xero accounts and tax types",
    "shopify": "Shopify categories (Shopify Payments, payouts, orders export) -> Xero accounts",
    "ebay": "eBay categories -> Xero accounts and tax types",
    "woocommerce": "WooCommerce categories -> Xero accounts and tax types",
    "paypal": "PayPal categories -> Xero accounts and tax types",
}
EDITION_NAME = {"GB": "UK VAT", "US": "US sales tax", "AU": "Australian GST",
                "NZ": "New Zealand GST", "GLOBAL": "Xero's global edition (CA, IE, ZA, ...)"}

NOTES = {"paypal": """\
With "model": "account" (settings.json, the default) PayPal is a bank account in Xero per
currency (PPUSD, PPEUR, ...): every row is a bank transaction in it (Receive or Spend Money) whose
lines are these rows' accounts: the Gross on one line, the Fee on its own; transfers to and from
the bank are bank transfers (no line here). With "model": "transfer" a deposit is one transfer
to the bank and the activity since the previous one, on one document.
transaction_type: the row's Type (Website Payment, Express Checkout Payment, General Currency
Conversion, Payment Hold, ...) as written. amount_type: Payment (money in), Payment sent (a
purchase paid from PayPal), Refund, Fee, Hold, Currency conversion, Transfer (to and from the bank),
Balance (carried in and out: transfer model), Unclassified (a type not understood).
amount_description: for a Payment sent, the payee (the Name column), so purchases map by payee;
otherwise the Type as written. Downloads in French, German, Spanish, Italian, Dutch and
Portuguese give the same amount types; their transaction_type is the type in that language.
Purchases paid from the PayPal balance map by type or by payee (the most specific row wins), with
the payee as the bank transaction's contact, e.g.
Subscription Payment,Payment sent,*,<account>,<tax type>,PayPal subscriptions,
*,Payment sent,Printful Inc,<account>,<tax type>,Printful (print on demand),
(8199 Ecommerce Suspense until then: no invoice behind them, so no input tax.)
Holds and their releases go out of the PayPal account into 8178 and back (zero once every hold is
released); a conversion between currencies moves money out of one PayPal account and into the
other through 8177, which keeps what the two amounts differ by in the base currency.
Counting sales once: when the same sales are also imported from the shop (WooCommerce or Shopify
day summaries), set "sales_recorded_by": "woocommerce" (or "shopify") in settings.json's "paypal"
section: then Payment and Refund rows that carry an invoice number (the shop's order) map as
Store payment / Store refund, into the clearing account the shop's settings give its PayPal
gateway (8180 PayPal Store Sales Clearing), and the shop's day summaries stay the sales
(docs/woocommerce-paypal.md).
"""}

PREFIX = {"amazon": "AMZ", "ebay": "EBAY", "woocommerce": "WOO", "paypal": "PP"}


def settings(cc):
    """settings.json of an edition's folder"""
    d = {"country": cc}
    if cc == "US":
        # orders that state their tax: on a Xero tax rate of that rate
        # ("account": on the platform's sales-tax account, as the peers do)
        d["us_sales_tax"] = "tax-rate"
    d["amazon"] = {
        "mode": "settlement",
        "contact": "Amazon",
        "number": "AMZ-{settlement}",
        "month_number": "AMZ-{settlement}-{month}",
        "order_number": "AMZ-{order}",
        "refund_number": "AMZ-{order}-R{settlement}",
        "reference": "Amazon settlement {settlement} ({start} to {end})",
        "status": "DRAFT",
        "line_amount_types": "Inclusive",
        "split_months": True,
        "negative_settlement": "bill",
        "negative_payout": "carried",
        "carried_balance_account": "8160",
        "fallback_account": "8199",
        "fallback_tax_type": "{none}",
        "sales_tax_account": "8210",
        "tracking_category": "",
        "due_days": 0,
        "clearing_account": "8171",
        "bank_account": "090",
    }
    mtax = {"GB": {"Amazon.co.uk": "OUTPUT2", "*": "ZERORATEDOUTPUT"},
            "AU": {"Amazon.com.au": "OUTPUT", "*": "EXEMPTEXPORT"},
            "NZ": {"*": "ZERORATED"}}.get(cc)
    if mtax:
        d["amazon"]["marketplace_tax"] = mtax
    d["ebay"] = {
        "mode": "settlement",
        "reference": "eBay payout {settlement} ({start} to {end})",
        "fallback_account": "8199",
        "sales_tax_account": "8230",
        "clearing_account": "8173",
        "bank_account": "090",
        "split_months": True,
        "negative_settlement": "bill",
        "carried_balance_account": "8163",
    }
    d["woocommerce"] = {
        "mode": "settlement",
        "reference": "WooCommerce sales {settlement}",
        "fallback_account": "8199",
        "sales_tax_account": "8240",
        "clearing_account": {"*": "8174", "paypal": "8180", "ppcp-gateway": "8180",
                             "ppec_paypal": "8180", "stripe": "8176"},
        "bank_account": "090",
        "split_months": True,
        "negative_settlement": "bill",
        "carried_balance_account": "8164",
    }
    d["paypal"] = {
        "model": "account",
        "bank_transactions": "row",
        "account": "PP{currency}",
        "opening_balance": {},
        "mode": "settlement",
        "reference": "PayPal transfer {settlement} ({start} to {end})",
        "sales_recorded_by": "",
        "invoice_prefix": "",
        "fallback_account": "8199",
        "sales_tax_account": "8199",
        "clearing_account": "8175",
        "bank_account": {"*": "090", "USD": "093", "EUR": "094"},
        "split_months": True,
        "negative_settlement": "bill",
        "carried_balance_account": "8165",
    }
    d["shopify"] = {
        "shop": "",
        "unpaid_orders": "list",
        "fallback_account": "8199",
        "sales_tax_account": "8220",
        "clearing_account": {"*": "8172", "Shopify Payments": "8181",
                             "Shop Pay Installments": "8181", "PayPal Express Checkout": "8180",
                             "paypal": "8180", "Stripe": "8176", "Gift Card": "8222"},
        "bank_account": "090",
        "split_months": True,
        "negative_settlement": "bill",
        "carried_balance_account": "8162",
    }
    return d


def write_country(cc):
    d = OUT if cc == "GB" else os.path.join(OUT, cc)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "accounts.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "type", "description", "currency", "tax_type",
                    "bank_account_type", "source"])
        for code, name, typ, desc, cls, src in accounts() + EXISTING:
            if code == "8250":
                continue  # PayPal sales tax: nothing maps to it today
            if cls == "FS" and cc != "GB":
                cls = "FN"  # fees: no input tax claimed without a source (see docs/tax.md §4)
            tt = TAX[cc][cls] if cls in TAX[cc] else TAX[cc]["N"]
            if typ in ("BANK",):
                tt = TAX[cc]["N"]
            w.writerow([code, name, typ, desc, "", tt, "", src])
        for code, name, typ, desc, cur, btype, src in BANKS:
            w.writerow([code, name, typ, desc, cur, TAX[cc]["N"], btype, src])
    for plat in PLATFORMS:
        rows = list(ROWS[plat])
        if plat == "amazon" and cc != "US":
            rows += AMAZON_MF
        with open(os.path.join(d, f"{plat}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            f.write(f"# {COMMENT[plat]}, {EDITION_NAME[cc]} (scripts/mappings_gen.py; "
                    "docs/tax.md has the rules and sources). '*' matches anything; among the "
                    "rows whose marketplace and valid_from..valid_to admit an amount, the most "
                    "specific wins. source is for people: ledgerlift ignores it.\n")
            for note in NOTES.get(plat, "").splitlines():
                f.write("# " + note + "\n")
            for tt_, at, ad, cat, desc, track, src in rows:
                acct = account_for(cat, plat, cc)
                for tax, mkt, vf, vt, note in tax_variants(cat, cc, plat):
                    s = "; ".join(x for x in (src, note) if x)
                    if tt_.endswith("/MF"):
                        s += "; order context: map_tax.c"
                    w.writerow([tt_, at, ad, acct, tax, desc, track, mkt, vf, vt, s])
    with open(os.path.join(d, "settings.json"), "w") as f:
        f.write(json.dumps(settings(cc), indent=2) + "\n")


if __name__ == "__main__":
    for cc in COUNTRIES:
        write_country(cc)
    print("wrote", ", ".join(COUNTRIES))
