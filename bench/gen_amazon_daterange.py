#!/usr/bin/env python3
"""gen_amazon_daterange.py - the same synthetic Amazon settlements as
gen_amazon.py, rendered as Date Range transaction reports (CSV, FORMATS.md
1.5) and as XML settlement reports (FORMATS.md 1.4).

The settlements come from gen_amazon.py's models (sample_chain, Settlement),
so a Date Range report, an XML report and a flat file of one settlement
hold the same money and the same total: tests prove that each is imported
once and planned with the same document numbers and totals. All values are
made up; Python 3 standard library only; byte-identical on every run.

Date Range rendering (our reading of FORMATS.md 1.5, see
docs/amazon-date-range.md): one row per order item (the flat file's amount
components become columns: Principal = product sales, Commission = selling
fees, ...), one row per non-order event (the amount in `other`), and one
`Transfer` row per settlement at its deposit time whose total is minus the
settlement's total. Reserve and carried-balance events have no row (the
report does not show them), so a settlement holding a reserve does not tie
from the report alone.

Modes:
  --samples ROOT     samples/amazon-daterange/ and samples/amazon-xml/ under ROOT
  --fixtures DIR     tests/data/amazon-daterange fixtures
  --fuzz-seeds DIR   seed corpus for the XML and Date Range fuzz replay
"""

import argparse
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_amazon as G  # noqa: E402

UTC = dt.timezone.utc

# --------------------------------------------------------------------------
# Date Range layouts: column key -> header text per language

KEYS_US = ["date", "sid", "type", "order", "sku", "desc", "qty", "market", "acct",
           "fulfil", "city", "state", "postal", "taxmodel", "sales", "sales_tax",
           "ship", "ship_tax", "gift", "gift_tax", "promo", "promo_tax", "withheld",
           "selling", "fba", "other_fees", "other", "total"]
KEYS_US_2025 = KEYS_US + ["status", "release"]
KEYS_US_2017 = ["date", "sid", "type", "order", "sku", "desc", "qty", "market",
                "fulfil", "city", "state", "postal", "sales", "ship", "gift", "promo",
                "sales_tax_2017", "mft", "selling", "fba", "other_fees", "other", "total"]
KEYS_EU = ["date", "sid", "type", "order", "sku", "desc", "qty", "market", "fulfil",
           "city", "state", "postal", "taxmodel", "sales", "sales_tax", "ship",
           "ship_tax", "gift", "gift_tax", "promo", "promo_tax", "withheld",
           "selling", "fba", "other_fees", "other", "total"]

HEAD = {
    "en": dict(date="date/time", sid="settlement id", type="type", order="order id",
               sku="sku", desc="description", qty="quantity", market="marketplace",
               acct="account type", fulfil="fulfillment", city="order city",
               state="order state", postal="order postal",
               taxmodel="tax collection model", sales="product sales",
               sales_tax="product sales tax", ship="shipping credits",
               ship_tax="shipping credits tax", gift="gift wrap credits",
               gift_tax="giftwrap credits tax", promo="promotional rebates",
               promo_tax="promotional rebates tax", withheld="marketplace withheld tax",
               sales_tax_2017="sales tax collected", mft="Marketplace Facilitator Tax",
               selling="selling fees", fba="fba fees", other_fees="other transaction fees",
               other="other", total="total", status="Transaction Status",
               release="Transaction Release Date"),
    "de": dict(date="Datum/Uhrzeit", sid="Abrechnungsnummer", type="Typ",
               order="Bestellnummer", sku="SKU", desc="Beschreibung", qty="Menge",
               market="Marketplace", fulfil="Versand", city="Ort der Bestellung",
               state="Bundesland", postal="Postleitzahl",
               taxmodel="Steuererhebungsmodell", sales="Umsätze",
               sales_tax="Produktumsatzsteuer", ship="Gutschrift für Versandkosten",
               ship_tax="Steuer auf Versandgutschrift",
               gift="Gutschrift für Geschenkverpackung",
               gift_tax="Steuer auf Geschenkverpackungsgutschriften",
               promo="Rabatte aus Werbeaktionen", promo_tax="Steuer auf Aktionsrabatte",
               withheld="Einbehaltene Steuer auf Marketplace", selling="Verkaufsgebühren",
               fba="Gebühren zu Versand durch Amazon",
               other_fees="Andere Transaktionsgebühren", other="Andere", total="Gesamt"),
    "fr": dict(date="date/heure", sid="numéro de versement", type="type",
               order="numéro de la commande", sku="sku", desc="description",
               qty="quantité", market="marketplace", fulfil="traitement",
               city="ville d'où provient la commande",
               state="Région d'où provient la commande",
               postal="code postal de la commande",
               taxmodel="modèle de perception des taxes", sales="ventes de produits",
               sales_tax="Taxes sur la vente des produits", ship="crédits d'expédition",
               ship_tax="taxe sur les crédits d’expédition",
               gift="crédits sur l'emballage cadeau",
               gift_tax="Taxes sur les crédits cadeaux", promo="Rabais promotionnels",
               promo_tax="Taxes sur les remises promotionnelles",
               withheld="Taxes retenues sur le site de vente", selling="frais de vente",
               fba="Frais Expédié par Amazon", other_fees="autres frais de transaction",
               other="autre", total="total"),
    "it": dict(date="Data/Ora:", sid="Numero pagamento", type="Tipo",
               order="Numero ordine", sku="SKU", desc="Descrizione", qty="Quantità",
               market="Marketplace", fulfil="Gestione",
               city="Città di provenienza dell'ordine",
               state="Provincia di provenienza dell'ordine", postal="CAP dell'ordine",
               taxmodel="modello di riscossione delle imposte", sales="Vendite",
               sales_tax="imposta sulle vendite dei prodotti",
               ship="Accrediti per le spedizioni",
               ship_tax="imposta accrediti per le spedizioni",
               gift="Accrediti per confezioni regalo",
               gift_tax="imposta sui crediti confezione regalo",
               promo="Sconti promozionali", promo_tax="imposta sugli sconti promozionali",
               withheld="trattenuta IVA del marketplace",
               selling="Commissioni di vendita",
               fba="Costi del servizio Logistica di Amazon",
               other_fees="Altri costi relativi alle transazioni", other="Altro",
               total="totale"),
    "es": dict(date="fecha y hora", sid="identificador de pago", type="tipo",
               order="número de pedido", sku="SKU", desc="descripción", qty="cantidad",
               market="web de Amazon", fulfil="gestión logística",
               city="ciudad de procedencia del pedido",
               state="comunidad autónoma de procedencia del pedido",
               postal="código postal de procedencia del pedido",
               taxmodel="modelo de recaudación de impuestos",
               sales="ventas de productos", sales_tax="impuesto de ventas de productos",
               ship="abonos de envío", ship_tax="impuestos por abonos de envío",
               gift="abonos de envoltorio para regalo",
               gift_tax="impuestos por abonos de envoltorio para regalo",
               promo="devoluciones promocionales",
               promo_tax="impuestos por devoluciones promocionales",
               withheld="impuesto retenido en el sitio web", selling="tarifas de venta",
               fba="tarifas de Logística de Amazon",
               other_fees="tarifas de otras transacciones", other="otro", total="total"),
}

# (type, description) of events per language
TYPES = {
    "en": dict(Order="Order", Refund="Refund", Transfer="Transfer",
               Service="Service Fee", Inventory="FBA Inventory Fee", Adjustment="Adjustment"),
    "de": dict(Order="Bestellung", Refund="Erstattung", Transfer="Übertrag",
               Service="Servicegebühr", Inventory="Versand durch Amazon Lagergebühr",
               Adjustment="Anpassung"),
    "fr": dict(Order="Commande", Refund="Remboursement", Transfer="Transfert",
               Service="Frais de service", Inventory="Frais de stock Expédié par Amazon",
               Adjustment="Ajustement"),
    "it": dict(Order="Ordine", Refund="Rimborso", Transfer="Trasferimento",
               Service="Commissione di servizio",
               Inventory="Costo di stoccaggio Logistica di Amazon", Adjustment="Modifica"),
    "es": dict(Order="Pedido", Refund="Reembolso", Transfer="Transferir",
               Service="Tarifa de servicio",
               Inventory="Tarifas de inventario de Logística de Amazon", Adjustment="Ajuste"),
}
# flat-file event -> (type key, description per language)
OTHER = {
    "Subscription Fee": ("Service", dict(en="Subscription", de="Abonnementgebühr",
                                         fr="Abonnement", it="Abbonamento",
                                         es="Suscripción")),
    "Storage Fee": ("Inventory", dict(en="FBA storage fee", de="Lagergebühr",
                                      fr="Frais de stockage", it="Costo di stoccaggio",
                                      es="Tarifa de almacenamiento")),
    "Inbound Transportation Fee": ("Inventory", dict(
        en="FBA Inbound Transportation Fee", de="Gebühr für Transport zu Amazon",
        fr="FBA Inbound Transportation Fee", it="FBA Inbound Transportation Fee",
        es="FBA Inbound Transportation Fee")),
    "ServiceFee": ("Service", dict(en="Cost of Advertising", de="Werbekosten",
                                   fr="Coût de la publicité", it="Costo della pubblicità",
                                   es="Coste de publicidad")),
    "WAREHOUSE_DAMAGE": ("Adjustment", dict(
        en="FBA Inventory Reimbursement - Damaged:Warehouse",
        de="Erstattung für Lagerbestand - Beschädigt:Lager",
        fr="Remboursement de stock - Endommagé:Entrepôt",
        it="Rimborso inventario - Danneggiato:Magazzino",
        es="Reembolso de inventario - Dañado:Almacén")),
    "REVERSAL_REIMBURSEMENT": ("Adjustment", dict(
        en="FBA Inventory Reimbursement - Reversal Reimbursement",
        de="Rückbuchung der Erstattung", fr="Reversal Reimbursement",
        it="Reversal Reimbursement", es="Reversal Reimbursement")),
}
NOT_IN_REPORT = {"Current Reserve Amount", "Previous Reserve Amount Balance",
                 "Payable to Amazon", "Successful charge"}
TRANSFER_DESC = dict(en="To account ending in: 042", de="Auf Konto mit Endung: 042",
                     fr="Vers le compte se terminant par : 042",
                     it="Sul conto che termina con: 042",
                     es="A la cuenta que termina en: 042")
PREAMBLE = {
    "en": ['Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon '
           'Webstore transactions', 'All amounts in USD, unless specified',
           'Definitions:', 'Date/Time: when the transaction was posted',
           'Note: this report is indexed by posted date; it lists released and '
           'deferred transactions'],
    "de": ['Enthält Transaktionen von Amazon Marketplace, Versand durch Amazon und '
           'Amazon Webstore', 'Alle Beträge in Euro, sofern nicht anders angegeben',
           'Definitionen:', 'Verkaufsgebühren: umfassen Verkaufsgebühren und '
           'Abschlussgebühren.', 'Andere Transaktionsgebühren: umfassen '
           'Versandrückbuchungen und Gebühren pro Artikel.',
           'Andere: Beträge, die nicht zu Bestellungen gehören.'],
    "fr": ['Comprend les transactions Amazon Marketplace et Expédié par Amazon',
           'Tous les montants sont en EUR', 'Définitions :',
           'Frais de vente : frais de vente et de clôture.',
           'Autre : montants hors commandes.', 'Données de démonstration'],
    "it": ['Include le transazioni Amazon Marketplace e Logistica di Amazon',
           'Tutti gli importi sono in EUR', 'Definizioni:',
           'Commissioni di vendita: commissioni di vendita e di chiusura.',
           'Altro: importi non legati agli ordini.', 'Dati dimostrativi'],
    "es": ['Incluye transacciones de Amazon Marketplace y Logística de Amazon',
           'Todos los importes en EUR', 'Definiciones:',
           'Tarifas de venta: tarifas de venta y de cierre.',
           'Otro: importes que no son pedidos.', 'Datos de demostración'],
}
MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
    "it": "gen feb mar apr mag giu lug ago set ott nov dic".split(),
}


def pacific(t):
    """UTC datetime -> (local datetime, 'PST'|'PDT') by the US rules since 2007."""
    y = t.year
    mar = dt.datetime(y, 3, 8, 10, tzinfo=UTC)        # 2 am PST on the 2nd Sunday
    mar += dt.timedelta(days=(6 - mar.weekday()) % 7)
    nov = dt.datetime(y, 11, 1, 9, tzinfo=UTC)        # 2 am PDT on the 1st Sunday
    nov += dt.timedelta(days=(6 - nov.weekday()) % 7)
    if mar <= t < nov:
        return t - dt.timedelta(hours=7), "PDT"
    return t - dt.timedelta(hours=8), "PST"


def fmt_date(t, style):
    """The report's date/time text of a UTC moment."""
    if style == "us":
        lt, z = pacific(t)
        h = lt.hour % 12 or 12
        return "%s %d, %d %d:%02d:%02d %s %s" % (MONTHS["en"][lt.month - 1], lt.day,
                                                 lt.year, h, lt.minute, lt.second,
                                                 "AM" if lt.hour < 12 else "PM", z)
    if style == "in":      # 1 Jul 2026 4:24:44 am UTC
        h = t.hour % 12 or 12
        return "%d %s %d %d:%02d:%02d %s UTC" % (t.day, MONTHS["en"][t.month - 1], t.year,
                                                 h, t.minute, t.second,
                                                 "am" if t.hour < 12 else "pm")
    if style == "uk":
        return t.strftime("%d ") + MONTHS["en"][t.month - 1] + t.strftime(" %Y %H:%M:%S GMT+00:00")
    if style == "fr":
        return "%d %s %d %02d.%02d.%02d UTC" % (t.day, MONTHS["fr"][t.month - 1], t.year,
                                                t.hour, t.minute, t.second)
    if style == "it":
        return "%02d/%s/%d %02d.%02d.%02d GMT+00:00" % (t.day, MONTHS["it"][t.month - 1],
                                                        t.year, t.hour, t.minute, t.second)
    return t.strftime("%d.%m.%Y %H:%M:%S GMT+00:00")    # de, es


def local_day(t, style):
    return pacific(t)[0].date() if style == "us" else t.date()


def fmt_money(c, exp, comma):
    """Minor units -> '1,234.56' or '1.234,56' (with thousands separators)."""
    neg = c < 0
    a = -c if neg else c
    ip, fp = divmod(a, 10 ** exp) if exp else (a, 0)
    si = str(ip)
    groups = []
    while len(si) > 3:
        groups.insert(0, si[-3:])
        si = si[:-3]
    groups.insert(0, si)
    s = ("." if comma else ",").join(groups)
    if exp:
        s += ("," if comma else ".") + str(fp).zfill(exp)
    return ("-" if neg else "") + s


COMP_KEY = {("price", "Principal"): "sales", ("price", "Tax"): "sales_tax",
            ("price", "Shipping"): "ship", ("price", "ShippingTax"): "ship_tax",
            ("price", "GiftWrap"): "gift", ("price", "GiftWrapTax"): "gift_tax",
            ("fee", "Commission"): "selling", ("fee", "RefundCommission"): "selling",
            ("fee", "FBAPerUnitFulfillmentFee"): "fba"}


def comp_key(kind, typ, keys):
    k = COMP_KEY.get((kind, typ))
    if k == "sales_tax" and "sales_tax" not in keys:
        k = "sales_tax_2017"
    if k:
        return k
    if kind == "withheld":
        return "withheld" if "withheld" in keys else "mft"
    if kind == "promo":
        return "promo"
    return "other_fees"


class Row:
    def __init__(self, t, sid, vals, deferred=False):
        self.t, self.sid, self.vals, self.deferred = t, sid, vals, deferred
        self.total_adjust = 0   # fixtures only: a total that is not the row's sum


def settlement_rows(s, lang, keys):
    """A gen_amazon Settlement -> Date Range rows (Transfer last)."""
    m, exp = s.m, s.m["exp"]
    site = m["name"].lower()
    ty = TYPES[lang]
    rows = []
    items = {}
    order = []
    for ln in s.lines:
        key = id(ln.base)
        if key not in items:
            items[key] = dict(base=ln.base, t=ln.posted, money={}, qty=None)
            order.append(key)
        it = items[key]
        if ln.qty is not None:
            it["qty"] = ln.qty
        if ln.item_qty:
            it["qty"] = ln.item_qty
        for c in ln.comps:
            k = comp_key(c[0], c[1], keys)
            it["money"][k] = it["money"].get(k, 0) + c[2]
    for key in order:
        it = items[key]
        b = it["base"]
        refund = b["transaction-type"] == "Refund"
        v = dict(type=ty["Refund" if refund else "Order"], order=b.get("order-id", ""),
                 sku=b.get("sku", ""), desc="Ledgerlift demo product " + b.get("sku", ""),
                 qty=str(it["qty"] or 1), market=site,
                 fulfil="Amazon" if b.get("fulfillment-id") == "AFN" else "Seller")
        if m["cur"] == "USD":
            v.update(city="SPRINGFIELD", state="IL", postal="62701")
            if it["money"].get("withheld") or it["money"].get("mft"):
                v["taxmodel"] = "MarketplaceFacilitator"
        v["money"] = it["money"]
        rows.append(Row(it["t"], s.sid, v))
    for ln in s.other:
        tx = ln.base["transaction-type"]
        if tx in NOT_IN_REPORT:
            continue
        tkey, descs = OTHER[tx]
        v = dict(type=ty[tkey], desc=descs[lang], sku=ln.base.get("sku", ""),
                 qty=ln.base.get("quantity-purchased", ""),
                 market=site if "marketplace-name" in ln.base else "")
        v["money"] = {"other": sum(c[2] for c in ln.comps)}
        rows.append(Row(ln.posted, s.sid, v))
    if s.total() > 0:
        v = dict(type=ty["Transfer"], desc=TRANSFER_DESC[lang], money={"other": -s.total()})
        rows.append(Row(s.deposit, s.sid, v))
    return rows


def render_daterange(rows, lang, keys, exp, comma, date_style, preamble=None,
                     quote_all=False):
    """Rows -> the report's lines (preamble, header, rows by time)."""
    head = HEAD[lang]
    pre = PREAMBLE[lang] if preamble is None else preamble
    out = ['"%s"' % p.replace('"', '""') for p in pre]
    out.append(",".join('"%s"' % head[k] for k in keys))
    for r in sorted(rows, key=lambda r: r.t):
        v = r.vals
        money = v.get("money", {})
        total = sum(money.values())
        cells = []
        for j, k in enumerate(keys):
            if k == "date":
                x = fmt_date(r.t, date_style)
            elif k == "sid":
                x = "" if r.deferred else r.sid
            elif k == "total":
                x = fmt_money(total + r.total_adjust, exp, comma)
            elif k in ("sales", "sales_tax", "ship", "ship_tax", "gift", "gift_tax",
                       "promo", "promo_tax", "withheld", "sales_tax_2017", "mft",
                       "selling", "fba", "other_fees", "other"):
                x = fmt_money(money.get(k, 0), exp, comma)
            elif k == "status":
                x = "Deferred" if r.deferred else "Released"
            elif k == "release":
                x = "" if r.deferred else fmt_date(r.t, date_style)
            elif k == "acct":
                x = "Standard Orders" if v.get("order") else ""
            else:
                x = v.get(k, "")
            if x == "" and j % 2 and not quote_all:
                cells.append("")          # some empties unquoted, as Amazon writes them
            else:
                cells.append('"%s"' % x.replace('"', '""'))
        out.append(",".join(cells))
    return out


def encode(lines, latin1=False, crlf=False):
    eol = "\r\n" if crlf else "\n"
    return (eol.join(lines) + eol).encode("cp1252" if latin1 else "utf-8")


def in_period(rows, first, last, style):
    return [r for r in rows if first <= local_day(r.t, style) <= last]


def chain(mk, n, seed=1):
    return [(i, s) for i, s, _ in G.sample_chain(mk, seed, n=n)]


def deferred_rows(mk, lang, keys, when, n, seed):
    """n orders not yet released: no settlement id, status Deferred."""
    rng = random.Random(seed)
    s = G.Settlement(mk, "", when, when + dt.timedelta(days=3), when, "v1", rng)
    for k in range(n):
        it = G.rand_item(rng, s)
        it.pop("promo", None)
        s.add_order(when + dt.timedelta(hours=5 * k + 1, minutes=7 * k), [it])
    rows = settlement_rows(s, lang, keys)
    rows = [r for r in rows if r.vals["type"] != TYPES[lang]["Transfer"]]
    for r in rows:
        r.deferred = True
    return rows


# --------------------------------------------------------------------------
# XML (FORMATS.md 1.4; element names as in Amazon's settlement XML, partly
# unverified: docs/amazon-date-range.md lists what the parser expects)

def xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def render_xml(s):
    m, exp, cur = s.m, s.m["exp"], s.m["cur"]
    amt = lambda c: G.fmt_amount(c, exp)  # noqa: E731
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
           '  <Header>', '    <DocumentVersion>1.01</DocumentVersion>',
           '    <MerchantIdentifier>LEDGERLIFT_DEMO</MerchantIdentifier>', '  </Header>',
           '  <MessageType>SettlementReport</MessageType>', '  <Message>',
           '    <MessageID>1</MessageID>', '    <SettlementReport>',
           '      <SettlementData>',
           '        <AmazonSettlementID>%s</AmazonSettlementID>' % s.sid,
           '        <TotalAmount currency="%s">%s</TotalAmount>' % (cur, amt(s.total())),
           '        <StartDate>%s</StartDate>' % G.iso(s.start),
           '        <EndDate>%s</EndDate>' % G.iso(s.end),
           '        <DepositDate>%s</DepositDate>' % G.iso(s.deposit),
           '      </SettlementData>']
    A = lambda c: '<Amount currency="%s">%s</Amount>' % (cur, amt(c))  # noqa: E731

    def comp(tag, typ, c, extra=""):
        return "<%s>%s<Type>%s</Type>%s</%s>" % (tag, extra, xml_escape(typ), A(c), tag)

    # orders and refunds: one element per (order, posted), items inside
    txs, seen = [], {}
    for ln in sorted(s.lines, key=lambda ln: ln.posted):
        b = ln.base
        key = (b["transaction-type"], b.get("order-id"), ln.posted, b.get("adjustment-id"))
        if key not in seen:
            seen[key] = dict(base=b, t=ln.posted, items={}, iorder=[], shipfees=[])
            txs.append(seen[key])
        tx = seen[key]
        ik = id(b)
        if ik not in tx["items"]:
            tx["items"][ik] = dict(base=b, qty=None, comps=[])
            tx["iorder"].append(ik)
        it = tx["items"][ik]
        if ln.qty is not None:
            it["qty"] = ln.qty
        if ln.item_qty:
            it["qty"] = ln.item_qty
        for c in ln.comps:
            if c[0] == "shipfee":
                tx["shipfees"].append(c)
            else:
                it["comps"].append(c)
    for tx in txs:
        b = tx["base"]
        refund = b["transaction-type"] == "Refund"
        tag = "Refund" if refund else "Order"
        out.append("      <%s>" % tag)
        out.append("        <AmazonOrderID>%s</AmazonOrderID>" % b["order-id"])
        out.append("        <MerchantOrderID>%s</MerchantOrderID>" % b.get("merchant-order-id", ""))
        if refund:
            out.append("        <AdjustmentID>%s</AdjustmentID>" % xml_escape(b["adjustment-id"]))
        else:
            out.append("        <ShipmentID>%s</ShipmentID>" % b.get("shipment-id", ""))
        out.append("        <MarketplaceName>%s</MarketplaceName>" % b["marketplace-name"])
        out.append("        <Fulfillment>")
        out.append("          <MerchantFulfillmentID>%s</MerchantFulfillmentID>" % b.get("fulfillment-id", "AFN"))
        out.append("          <PostedDate>%s</PostedDate>" % G.iso(tx["t"]))
        for ik in tx["iorder"]:
            it = tx["items"][ik]
            ib = it["base"]
            groups = {"price": [], "fee": [], "withheld": [], "promo": []}
            for c in it["comps"]:
                groups["price" if c[0] == "price" else c[0]].append(c)
            out.append("          <%s>" % ("AdjustedItem" if refund else "Item"))
            out.append("            <AmazonOrderItemCode>%s</AmazonOrderItemCode>" % ib.get("order-item-code", ""))
            out.append("            <SKU>%s</SKU>" % xml_escape(ib.get("sku", "")))
            if not refund:
                out.append("            <Quantity>%d</Quantity>" % (it["qty"] or 1))
            if groups["price"]:
                out.append("            <%s>%s</%s>" % (
                    "ItemPriceAdjustments" if refund else "ItemPrice",
                    "".join(comp("Component", c[1], c[2]) for c in groups["price"]),
                    "ItemPriceAdjustments" if refund else "ItemPrice"))
            if groups["fee"]:
                out.append("            <%s>%s</%s>" % (
                    "ItemFeeAdjustments" if refund else "ItemFees",
                    "".join(comp("Fee", c[1], c[2]) for c in groups["fee"]),
                    "ItemFeeAdjustments" if refund else "ItemFees"))
            if groups["withheld"]:
                out.append("            <ItemTaxWithheld><TaxesWithheld>%s</TaxesWithheld></ItemTaxWithheld>"
                           % "".join(comp("Component", c[1], c[2]) for c in groups["withheld"]))
            for c in groups["promo"]:
                out.append("            " + comp("PromotionAdjustment" if refund else "Promotion",
                                                 c[1], c[2],
                                                 "<MerchantPromotionID>%s</MerchantPromotionID>" % c[3]))
            out.append("          </%s>" % ("AdjustedItem" if refund else "Item"))
        if tx["shipfees"]:
            out.append("          <ShipmentFees>%s</ShipmentFees>"
                       % "".join(comp("Fee", c[1], c[2]) for c in tx["shipfees"]))
        out.append("        </Fulfillment>")
        out.append("      </%s>" % tag)
    for k, ln in enumerate(sorted(s.other, key=lambda ln: ln.posted)):
        b = ln.base
        tx = b["transaction-type"]
        if tx in ("WAREHOUSE_DAMAGE", "REVERSAL_REIMBURSEMENT", "WAREHOUSE_LOST"):
            q = int(b.get("quantity-purchased") or 1)
            c = ln.comps[0][2]
            out += ["      <AdjustmentEvent>",
                    "        <AdjustmentType>%s</AdjustmentType>" % tx,
                    "        <PostedDate>%s</PostedDate>" % G.iso(ln.posted),
                    "        <MarketplaceName>%s</MarketplaceName>" % m["name"],
                    "        <AdjustmentItem><SKU>%s</SKU><Quantity>%d</Quantity>"
                    "<PerUnitAmount currency=\"%s\">%s</PerUnitAmount>"
                    "<TotalAmount currency=\"%s\">%s</TotalAmount></AdjustmentItem>"
                    % (xml_escape(b.get("sku", "")), q, cur, amt(c // q if c % q == 0 else c),
                       cur, amt(c)),
                    "      </AdjustmentEvent>"]
            continue
        out += ["      <OtherTransaction>",
                "        <TransactionType>%s</TransactionType>" % xml_escape(tx),
                "        <TransactionID>LL%s%04d</TransactionID>" % (s.sid[-6:], k),
                "        <PostedDate>%s</PostedDate>" % G.iso(ln.posted)]
        if "shipment-id" in b:
            out.append("        <ShipmentID>%s</ShipmentID>" % b["shipment-id"])
        if tx == "ServiceFee":
            out.append("        <Fees>%s</Fees>" % "".join(comp("Fee", c[1], c[2]) for c in ln.comps))
        else:
            out.append("        " + A(sum(c[2] for c in ln.comps)))
        out.append("      </OtherTransaction>")
    out += ["    </SettlementReport>", "  </Message>", "</AmazonEnvelope>"]
    return out


# --------------------------------------------------------------------------
# Mode: samples

def gen_samples(root, seed=1):
    dr = os.path.join(root, "amazon-daterange")
    xd = os.path.join(root, "amazon-xml")
    os.makedirs(dr, exist_ok=True)
    os.makedirs(xd, exist_ok=True)
    # German, two years, decimal commas, Latin-1: every DE settlement of 2024-2025
    rows = []
    for i, s in chain("DE", 52, seed):
        rows += settlement_rows(s, "de", KEYS_EU)
    rows = in_period(rows, dt.date(2024, 1, 1), dt.date(2025, 12, 31), "de")
    with open(os.path.join(dr, "2024Jan1-2025Dec31CustomTransaction-DE.csv"), "wb") as f:
        f.write(encode(render_daterange(rows, "de", KEYS_EU, 2, True, "de"), latin1=True))
    # US, 2025+ layout (Transaction Status / Release Date), Jul 20 - Dec 31 2025,
    # three deferred orders at the end, CRLF
    rows = []
    for i, s in chain("US", 52, seed):
        if i >= 38:
            rows += settlement_rows(s, "en", KEYS_US_2025)
    rows = in_period(rows, dt.date(2025, 7, 20), dt.date(2025, 12, 31), "us")
    rows += deferred_rows("US", "en", KEYS_US_2025,
                          dt.datetime(2025, 12, 29, 15, 0, 0, tzinfo=UTC), 3, "deferred-us")
    with open(os.path.join(dr, "2025Jul20-2025Dec31CustomUnifiedTransaction-US.csv"), "wb") as f:
        f.write(encode(render_daterange(rows, "en", KEYS_US_2025, 2, False, "us"), crlf=True))
    # XML: US settlement 40 (the one the US report holds only in part) and UK 31
    for mk, n in (("US", 40), ("UK", 31)):
        s = [s for i, s in chain(mk, n + 1, seed) if i == n][0]
        with open(os.path.join(xd, s.sid + ".xml"), "wb") as f:
            f.write(encode(render_xml(s)))
    print("gen_amazon_daterange: wrote samples under %s" % root, file=sys.stderr)


# --------------------------------------------------------------------------
# Mode: fixtures (tests/data/amazon-daterange)

def fx_settlements():
    """Three consecutive US settlements with known content, like the flat
    fixtures (gen_amazon.fx_basic), plus a fourth still open."""
    out = []
    start = dt.datetime(2025, 3, 2, 8, 15, 0, tzinfo=UTC)
    for k in range(4):
        s = G.fx_settlement(21 + k, start=start + dt.timedelta(days=14 * k), seed="dr")
        G.fx_basic(s)
        out.append(s)
    return out


def gen_fixtures(d):
    os.makedirs(d, exist_ok=True)
    keys = KEYS_US
    ss = fx_settlements()
    rows = []
    for s in ss:
        rows += settlement_rows(s, "en", keys)
    # the report covers Mar 9 - Apr 28: settlement 1 began before it, the
    # last one is paid out on Apr 29 (no Transfer in it): both incomplete
    first, last = dt.date(2025, 3, 9), dt.date(2025, 4, 28)
    rep = in_period(rows, first, last, "us")

    def put(name, lines, **kw):
        with open(os.path.join(d, name), "wb") as f:
            f.write(encode(lines, **kw))

    # same settlements as flat files (2 and 3 are whole in the report)
    flat = os.path.join(d, "flat")
    os.makedirs(flat, exist_ok=True)
    for s in ss[1:3]:
        G.fx_write(flat, s.sid + ".txt", s)
    put("overlap-report.csv", render_daterange(rep, "en", keys, 2, False, "us"))
    # the same report with one settlement's transfer off by 1.00: conflicts
    # with its flat file
    conf = [Row(r.t, r.sid, dict(r.vals, money=dict(r.vals["money"]))) for r in rep]
    for r in conf:
        if r.sid == ss[1].sid and r.vals["type"] == "Transfer":
            r.vals["money"]["other"] -= 100
    # ... and its rows with it, so it ties on its own
    for r in conf:
        if r.sid == ss[1].sid and r.vals["type"] == "Service Fee":
            r.vals["money"]["other"] += 100
            break
    put("conflict-report.csv", render_daterange(conf, "en", keys, 2, False, "us"))

    # preamble of 9 lines (unexpected), UK English dates
    put("preamble-9.csv", render_daterange(rep, "en", keys, 2, False, "uk",
                                            preamble=PREAMBLE["en"] + ["Extra note %d" % k for k in range(4)]))
    # unknown locale: Dutch header and types
    nl = render_daterange(rep, "en", keys, 2, False, "uk")
    dutch = {"date/time": "datum/tijd", "settlement id": "schikkings-ID", "type": "type",
             "order id": "bestelnummer", "description": "beschrijving", "quantity": "aantal",
             "order city": "plaats", "order state": "provincie", "order postal": "postcode",
             "product sales": "productverkopen", "selling fees": "verkoopkosten",
             "other": "overig", "total": "totaal"}
    hdr = nl[len(PREAMBLE["en"])]
    for a, b in dutch.items():
        hdr = hdr.replace('"%s"' % a, '"%s"' % b)
    nl[len(PREAMBLE["en"])] = hdr
    nl = [ln.replace('"Order"', '"Bestelling"').replace('"Refund"', '"Terugbetaling"')
          .replace('"Transfer"', '"Overboeking"') for ln in nl]
    put("unknown-locale.csv", nl)
    # a row whose columns do not sum to its total (line noted in the README)
    bad = [Row(r.t, r.sid, r.vals) for r in sorted(rep, key=lambda r: r.t)]
    # the first Order row of settlement 2 says 0.01 more than its columns
    [r for r in bad if r.sid == ss[1].sid and r.vals["type"] == "Order"][0].total_adjust = 1
    put("row-sum.csv", render_daterange(bad, "en", keys, 2, False, "us"))
    # rows without a settlement id, and deferred rows (2025+ layout)
    k25 = KEYS_US_2025
    rows25 = []
    for s in ss:
        rows25 += settlement_rows(s, "en", k25)
    rep25 = in_period(rows25, first, last, "us")
    extra = deferred_rows("US", "en", k25, dt.datetime(2025, 4, 28, 15, tzinfo=UTC), 2, "fx-def")
    nosid = deferred_rows("US", "en", k25, dt.datetime(2025, 4, 27, 15, tzinfo=UTC), 1, "fx-nosid")
    lines = render_daterange(rep25 + extra, "en", k25, 2, False, "us")
    put("deferred.csv", lines)
    ns = render_daterange(rep + [Row(r.t, "", r.vals) for r in nosid], "en", keys, 2, False, "us")
    put("no-settlement-id.csv", ns)
    # French, Italian, Spanish: the same report; decimal commas; Latin-1 for French
    for lang, style, latin1 in (("fr", "fr", True), ("it", "it", False), ("es", "es", False)):
        lrows = []
        for s in ss:
            lrows += settlement_rows(s, lang, KEYS_EU)
        lrows = in_period(lrows, first, last, style)
        put("report-%s.csv" % lang, render_daterange(lrows, lang, KEYS_EU, 2, True, style),
            latin1=latin1)
    # German, 2017 EU style dates; Indian-style dates in an English file
    drows = []
    for s in ss:
        drows += settlement_rows(s, "de", KEYS_EU)
    put("report-de.csv", render_daterange(in_period(drows, first, last, "de"), "de",
                                          KEYS_EU, 2, True, "de"), latin1=True)
    put("report-en-am-pm.csv", render_daterange(in_period(rows, first, last, "in"), "en",
                                                keys, 2, False, "in", quote_all=True))
    # XML of settlement 2: the same settlement a third time; and a broken one
    x = render_xml(ss[1])
    put(ss[1].sid + ".xml", x)
    x2 = render_xml(ss[2])
    x2 = [ln.replace("<SKU>", "<SKU>\x01\x0b") for ln in x2]
    put("control-bytes.xml", x2)
    put("not-well-formed.xml", render_xml(ss[2])[:-6])
    print("gen_amazon_daterange: wrote fixtures to %s" % d, file=sys.stderr)


def gen_fuzz(d):
    os.makedirs(d, exist_ok=True)
    ss = fx_settlements()
    rows = []
    for s in ss[:2]:
        rows += settlement_rows(s, "en", KEYS_US)
    with open(os.path.join(d, "daterange-en.csv"), "wb") as f:
        f.write(encode(render_daterange(rows, "en", KEYS_US, 2, False, "us")))
    drows = []
    for s in ss[:2]:
        drows += settlement_rows(s, "de", KEYS_EU)
    with open(os.path.join(d, "daterange-de.csv"), "wb") as f:
        f.write(encode(render_daterange(drows, "de", KEYS_EU, 2, True, "de"), latin1=True))
    with open(os.path.join(d, "settlement.xml"), "wb") as f:
        f.write(encode(render_xml(ss[0])))
    with open(os.path.join(d, "settlement-cut.xml"), "wb") as f:
        f.write(encode(render_xml(ss[1]))[:900])
    with open(os.path.join(d, "settlement-ctrl.xml"), "wb") as f:
        f.write(encode(render_xml(ss[1])).replace(b"<SKU>", b"<SKU>\x00\x01\xff"))
    print("gen_amazon_daterange: wrote fuzz seeds to %s" % d, file=sys.stderr)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--samples", metavar="ROOT")
    g.add_argument("--fixtures", metavar="DIR")
    g.add_argument("--fuzz-seeds", metavar="DIR")
    a = p.parse_args(argv)
    if a.samples:
        gen_samples(a.samples)
    elif a.fixtures:
        gen_fixtures(a.fixtures)
    else:
        gen_fuzz(a.fuzz_seeds)


if __name__ == "__main__":
    main()
