#!/usr/bin/env python3
"""gen_lang_fixtures.py - our own PayPal and eBay exports in each language and layout.

Writes the synthetic fixtures of tests/data/paypal/lang-*.* and tests/data/ebay/lang-*.*:
PayPal activity downloads and statements in English, French, German, Spanish, Italian,
Dutch and Portuguese, and eBay transaction and orders reports from the .com, .co.uk, .de,
.fr, .it and .es sites, in the layouts of ../shared/formats/FORMATS.md (sections 3 and 5)
and of the words ledgerlift reads (src/formats/paypal_words.c, src/formats/ebay_words.c):
column names, type and status words, decimal commas, day-first dates, semicolons, tabs and
UTF-16 copies as a spreadsheet re-saves them. Names, ids, e-mail addresses and amounts are
made up (ids LLL..., 59..., 99-...); amounts are integer minor units turned into text at
the end. Standard library only; the same run always writes byte-identical files.

  python3 bench/gen_lang_fixtures.py tests/data
  python3 bench/gen_lang_fixtures.py --samples samples   # samples/paypal/Telechargement-2025-T3.csv
"""

import datetime as dt
import os
import sys

NBSP = "\u00a0"


def money(c, dec=".", grp="", exp=2):
    """minor units -> text: 1234.56, 1.234,56, 1 234,56"""
    neg = c < 0
    c = abs(c)
    whole, frac = str(c // 10 ** exp), str(c % 10 ** exp).rjust(exp, "0")
    if grp and len(whole) > 3:
        parts = []
        while len(whole) > 3:
            parts.insert(0, whole[-3:])
            whole = whole[:-3]
        parts.insert(0, whole)
        whole = grp.join(parts)
    return ("-" if neg else "") + whole + (dec + frac if exp else "")


def q(s):
    return '"' + str(s).replace('"', '""') + '"'


def write(path, text, enc="utf-8", bom=False, crlf=False, cut=0):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode(enc)
    if bom and enc == "utf-8":
        data = b"\xef\xbb\xbf" + data
    if enc == "utf-16-le":
        data = b"\xff\xfe" + data
    if cut:
        data = data[:-cut]
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- PayPal

class Book:
    """rows of a PayPal account: each row's Net moves its currency's running balance"""

    def __init__(self, prefix):
        self.prefix, self.seq, self.rows, self.bal = prefix, 0, [], {}

    def add(self, t, typ, cur, gross, fee=0, name="", ref="", inv="", status=None, impact=None,
            moves=True):
        self.seq += 1
        if moves:
            self.bal[cur] = self.bal.get(cur, 0) + gross + fee
        r = dict(t=t, type=typ, cur=cur, gross=gross, fee=fee, net=gross + fee, name=name, ref=ref,
                 inv=inv, id="%s%09d" % (self.prefix, self.seq * 7919), bal=self.bal.get(cur, 0),
                 status=status, impact=impact)
        if impact is None:
            r["impact"] = "credit" if gross + fee > 0 else "debit"
        if not moves:
            r["impact"] = "memo"
        self.rows.append(r)
        return r

    def rebalance(self):
        """each row's Balance as PayPal writes it: the running balance in time order (rows
        added out of time order, as a download lists them, keep their place in the file)"""
        bal = {}
        for r in sorted(self.rows, key=lambda r: r["t"]):
            if r["impact"] != "memo":
                bal[r["cur"]] = bal.get(r["cur"], 0) + r["net"]
            r["bal"] = bal.get(r["cur"], 0)


# per language: the columns in order, each (header, field); field None = an empty cell
PP_LAYOUTS = {
    "fr-activity": [("Date", "date"), ("Heure", "time"), ("Fuseau horaire", "zone"), ("Nom", "name"),
                    ("Type", "type"), ("État", "status"), ("Devise", "cur"),
                    ("Avant commission", "gross"), ("Commission", "fee"), ("Net", "net"),
                    ("De l'adresse email", "from"), ("À l'adresse email", "to"),
                    ("Numéro de transaction", "id"), ("État de l'adresse", None),
                    ("Titre de l'objet", None), ("Numéro de l'objet", None), ("TVA", "zero"),
                    ("Numéro de la transaction de référence", "ref"), ("Numéro de facture", "inv"),
                    ("Quantité", None), ("Numéro de reçu", None), ("Solde", "bal"),
                    ("Objet", None), ("Remarque", None), ("Balance Impact", "impact")],
    "fr-statement": [("Date", "date"), ("Heure", "time"), ("Fuseau horaire", "zone"),
                     ("Description", "type"), ("Devise", "cur"), ("Brut ", "gross"), ("Frais ", "fee"),
                     ("Net", "net"), ("Solde", "bal"), ("Numéro de transaction", "id"),
                     ("Adresse email de l'expéditeur", "from"), ("Nom", "name"),
                     ("Nom de la banque", "bank"), ("Compte bancaire", "acct"),
                     ("Montant des frais de livraison et de traitement", "zero"), ("TVA", "zero"),
                     ("Numéro de facture", "inv"), ("Numéro de la transaction de référence", "ref")],
    "de-activity": [("Datum", "date"), ("Uhrzeit", "time"), ("Zeitzone", "zone"), ("Name", "name"),
                    ("Typ", "type"), ("Status", "status"), ("Währung", "cur"), ("Brutto", "gross"),
                    ("Gebühr", "fee"), ("Netto", "net"), ("Absender E-Mail-Adresse", "from"),
                    ("Empfänger E-Mail-Adresse", "to"), ("Transaktionscode", "id"),
                    ("Lieferadresse", None), ("Adress-Status", None), ("Artikelbezeichnung", None),
                    ("Artikelnummer", None), ("Versand- und Bearbeitungsgebühr", "zero"),
                    ("Versicherungsbetrag", None), ("Umsatzsteuer", "zero"), ("Option 1 Name", None),
                    ("Option 1 Wert", None), ("Option 2 Name", None), ("Option 2 Wert", None),
                    ("Zugehöriger Transaktionscode", "ref"), ("Rechnungsnummer", "inv"),
                    ("Zollnummer", None), ("Anzahl", None), ("Empfangsnummer", None),
                    ("Guthaben", "bal"), ("Adresszeile 1", None), ("Adresszusatz", None), ("Ort", None),
                    ("Bundesland", None), ("PLZ", None), ("Land", None), ("Telefon", None),
                    ("Betreff", None), ("Hinweis", None), ("Ländervorwahl", None),
                    ("Auswirkung auf Guthaben", "impact")],
    "de-statement": [("Datum", "date"), ("Uhrzeit", "time"), ("Zeitzone", "zone"),
                     ("Beschreibung", "type"), ("Währung", "cur"), ("Brutto", "gross"),
                     ("Entgelt", "fee"), ("Netto", "net"), ("Guthaben", "bal"),
                     ("Transaktionscode", "id"), ("Absender E-Mail-Adresse", "from"), ("Name", "name"),
                     ("Name der Bank", "bank"), ("Bankkonto", "acct"),
                     ("Versand- und Bearbeitungsgebühr", "zero"), ("Umsatzsteuer", "zero"),
                     ("Rechnungsnummer", "inv"), ("Zugehöriger Transaktionscode", "ref")],
    "es-activity": [("Fecha", "date"), ("Hora", "time"), ("Zona horaria", "zone"), ("Nombre", "name"),
                    ("Tipo", "type"), ("Estado", "status"), ("Divisa", "cur"), ("Bruto", "gross"),
                    ("Comisión", "fee"), ("Neto", "net"), ("Correo electrónico del remitente", "from"),
                    ("Correo electrónico del destinatario", "to"), ("Id. de transacción", "id"),
                    ("Estado de la dirección", None), ("Impuesto de ventas", "zero"),
                    ("Id. de referencia de trans.", "ref"), ("Id. de factura", "inv"),
                    ("Saldo", "bal"), ("Asunto", None)],
    "es-statement": [("Fecha", "date"), ("Hora", "time"), ("Zona horaria", "zone"),
                     ("Descripción", "type"), ("Divisa", "cur"), ("Bruto", "gross"), ("Comisión", "fee"),
                     ("Neto", "net"), ("Saldo", "bal"), ("Id. de transacción", "id"),
                     ("Correo electrónico del remitente", "from"), ("Nombre", "name"),
                     ("Nombre del banco", "bank"), ("Cuenta bancaria", "acct"),
                     ("Importe de envío y manipulación", "zero"), ("Impuesto de ventas", "zero"),
                     ("Id. de factura", "inv"), ("Id. de referencia de trans.", "ref"),
                     ("", None), ("", None), ("", None), ("", None), ("", None), ("", None)],
    "it-activity": [("Data", "date"), ("Ora", "time"), ("Fuso orario", "zone"), ("Nome", "name"),
                    ("Tipo", "type"), ("Stato", "status"), ("Valuta", "cur"), ("Lordo", "gross"),
                    ("Tariffa", "fee"), ("Netto", "net"), ("Indirizzo email mittente", "from"),
                    ("Indirizzo email destinatario", "to"), ("Codice transazione", "id"),
                    ("Codice transazione di riferimento", "ref"), ("Numero fattura", "inv"),
                    ("Saldo", "bal"), ("Oggetto", None), ("Messaggio", None)],
    "it-statement": [("Data", "date"), ("Ora", "time"), ("Fuso orario", "zone"), ("Descrizione", "type"),
                     ("Valuta", "cur"), ("Lordo ", "gross"), ("Tariffa ", "fee"), ("Netto", "net"),
                     ("Saldo", "bal"), ("Codice transazione", "id"), ("Indirizzo email mittente", "from"),
                     ("Nome", "name"), ("Nome banca", "bank"), ("Conto bancario", "acct"),
                     ("Importo per spedizione e imballaggio", "zero"), ("IVA", "zero"),
                     ("Numero fattura", "inv"), ("Codice transazione di riferimento", "ref")],
    "nl-activity": [("Datum", "date"), ("Tijd", "time"), ("Tijdzone", "zone"), ("Naam", "name"),
                    ("Type", "type"), ("Status", "status"), ("Valuta", "cur"), ("Bruto", "gross"),
                    ("Kosten", "fee"), ("Netto", "net"), ("Van e-mailadres", "from"),
                    ("Naar e-mailadres", "to"), ("Transactiereferentie", "id"),
                    ("Status tegenpartij", None), ("Status adres", None), ("Objecttitel", None),
                    ("Object-id", None), ("Verzendbedrag", "zero"), ("Verzekeringsbedrag", None),
                    ("BTW", "zero"), ("Ref.-id transactie", "ref"), ("Factuurnummer", "inv"),
                    ("Saldo", "bal"), ("Telefoonnummer contactpersoon", None)],
    "pt-activity": [("Data", "date"), ("Hora", "time"), ("Fuso horário", "zone"), ("Nome", "name"),
                    ("Tipo", "type"), ("Status", "status"), ("Moeda", "cur"), ("Bruto", "gross"),
                    ("Tarifa", "fee"), ("Líquido", "net"), ("E-mail do remetente", "from"),
                    ("E-mail do destinatário", "to"), ("Código da transação", "id"),
                    ("Código de referência da transação", "ref"), ("Número da fatura", "inv"),
                    ("Saldo", "bal"), ("Assunto", None)],
    "en-activity": [("Date", "date"), ("Time", "time"), ("TimeZone", "zone"), ("Name", "name"),
                    ("Type", "type"), ("Status", "status"), ("Currency", "cur"), ("Gross", "gross"),
                    ("Fee", "fee"), ("Net", "net"), ("From Email Address", "from"),
                    ("To Email Address", "to"), ("Transaction ID", "id"), ("Reference Txn ID", "ref"),
                    ("Invoice Number", "inv"), ("Balance", "bal"), ("Balance Impact", "impact")],
}

# per language: statuses and Balance Impact words
PP_STATUS = {"en": ("Completed", "Pending"), "fr": ("Terminé", "En attente"),
             "de": ("Abgeschlossen", "Ausstehend"), "es": ("Completado", "Pendiente"),
             "it": ("Completato", "In sospeso"), "nl": ("Voltooid", "In behandeling"),
             "pt": ("Concluído", "Pendente")}
PP_IMPACT = {"en": {"credit": "Credit", "debit": "Debit", "memo": "Memo"},
             "fr": {"credit": "Credit", "debit": "Debit", "memo": "Memo"},
             "de": {"credit": "Haben", "debit": "Soll", "memo": "Memo"}}


def pp_render(book, layout, lang, fmt_date, dec, grp, delim=",", order=None, quote=True,
              comma_space=False):
    cols = PP_LAYOUTS[layout]
    head = [h for h, _ in cols]
    out = [(", " if comma_space else delim).join(h if comma_space else q(h) for h in head) +
           ("," if comma_space else "")]
    rows = book.rows if order is None else [book.rows[i] for i in order]
    for r in rows:
        t = r["t"]
        cells = []
        for _, f in cols:
            v = ""
            if f == "date":
                v = fmt_date(t)
            elif f == "time":
                v = t.strftime("%H:%M:%S")
            elif f == "zone":
                v = r.get("zone") or "Europe/Berlin"
            elif f in ("gross", "fee", "net", "bal"):
                v = money(r[f], dec, grp)
            elif f == "zero":
                v = money(0, dec, grp)
            elif f == "status":
                v = r["status"] or PP_STATUS[lang][0]
            elif f == "impact":
                v = PP_IMPACT.get(lang, PP_IMPACT["en"])[r["impact"]]
            elif f == "from":
                v = "buyer@example.com" if r["gross"] > 0 and r["name"] else ""
            elif f == "to":
                v = "shop@example.com"
            elif f == "bank":
                v = "Test Bank" if r.get("bank") else ""
            elif f == "acct":
                v = "4321" if r.get("bank") else ""
            elif f is not None:
                v = r[f]
            cells.append(q(v) if quote else v)
        out.append(delim.join(cells) + ("," if comma_space else ""))
    return "\n".join(out) + "\n"


def T(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, 0)


def dmy_slash(t):
    return "%02d/%02d/%d" % (t.day, t.month, t.year)


def dmy_short(t):
    return "%d/%d/%d" % (t.day, t.month, t.year)


def dmy_dot(t):
    return "%02d.%02d.%d" % (t.day, t.month, t.year)


def dmy_dash(t):
    return "%02d-%02d-%d" % (t.day, t.month, t.year)


def mdy_short(t):
    return "%d/%d/%d" % (t.month, t.day, t.year)


def paypal_fixtures(root):
    d = os.path.join(root, "paypal")

    # French activity download: decimal comma, NBSP thousands, day-first dates (some over 12),
    # Europe/Paris; a USD payment converted to EUR (Conversion de devise standard pair); a
    # refund; a withdrawal (an inferred word)
    b = Book("LLLF")
    b.add(T(2025, 3, 4, 9), "Paiement sur site marchand", "EUR", 124950, -3712, "Cliente Un", inv="F-101")
    b.add(T(2025, 3, 5, 11), "Paiement d'abonnement", "EUR", 1990, -93, "Cliente Deux")
    p = b.add(T(2025, 3, 14, 16), "Paiement sur site marchand", "USD", 5000, -220, "Client Trois", inv="F-102")
    c1 = b.add(T(2025, 3, 14, 16, 1), "Conversion de devise standard", "USD", -4780, 0, ref=p["id"])
    b.add(T(2025, 3, 14, 16, 1), "Conversion de devise standard", "EUR", 4301, 0, ref=p["id"])
    b.add(T(2025, 3, 20, 8), "Remboursement de paiement", "EUR", -1990, 58, "Cliente Deux", ref="")
    b.add(T(2025, 3, 28, 7), "Retrait standard - Compte bancaire", "EUR", -(b.bal["EUR"]), 0,
          status="En attente")
    b.add(T(2025, 4, 2, 10), "Paiement sur site marchand", "EUR", 3300, -130, "Cliente Un", inv="F-103")
    for r in b.rows:
        r["zone"] = "Europe/Paris"
    write(os.path.join(d, "lang-fr-activity.csv"),
          pp_render(b, "fr-activity", "fr", dmy_slash, ",", NBSP), bom=True)
    assert c1

    # French statement, re-saved by a spreadsheet with semicolons: "Brut " and "Frais " with
    # their trailing spaces, a purchase funded from the bank, payments, a withdrawal
    b = Book("LLLG")
    b.add(T(2025, 2, 3, 8), "Paiement préapprouvé d'un utilisateur de facture de paiement", "EUR",
          -1099, 0, "Fournisseur Exemple")
    b.add(T(2025, 2, 3, 8), "Virement bancaire sur le compte PayPal", "EUR", 1099, 0)
    b.rows[-1]["bank"] = True
    b.add(T(2025, 2, 6, 12), "Paiement sur site marchand", "EUR", 4500, -164, "Cliente Quatre")
    b.add(T(2025, 2, 13, 15), "Paiement sur site marchand", "EUR", 2750, -114, "Cliente Cinq")
    w = b.add(T(2025, 2, 25, 9), "Virement standard", "EUR", -(b.bal["EUR"]), 0)
    w["bank"] = True
    write(os.path.join(d, "lang-fr-statement-semicolon.csv"),
          pp_render(b, "fr-statement", "fr", dmy_slash, ",", "", delim=";", order=[4, 0, 1, 2, 3]),
          crlf=True)

    # German activity download: DD.MM.YYYY, CET/CEST, Soll/Haben/Memo; a payment sent; an
    # authorization hold and its release; a cart item (Memo); a refund; a conversion; the
    # withdrawal
    b = Book("LLLD")
    for r in [
        b.add(T(2025, 3, 3, 9), "Website-Zahlung", "EUR", 4990, -178, "Kunde Eins", inv="D-501"),
        b.add(T(2025, 3, 4, 10), "PayPal Express-Zahlung", "EUR", 129900, -3799, "Kunde Zwei",
              inv="D-502"),
        b.add(T(2025, 3, 4, 10, 1), "Warenkorbartikel", "EUR", 129900, 0, "Kunde Zwei", moves=False),
        b.add(T(2025, 3, 6, 14), "PayPal Express-Zahlung", "EUR", -1549, 0, "Lieferant GmbH"),
        b.add(T(2025, 3, 7, 12), "Einbehaltung für offene Autorisierung", "EUR", -2500, 0,
              status="Ausstehend"),
        b.add(T(2025, 3, 9, 12), "Rückbuchung allgemeiner Einbehaltung", "EUR", 2500, 0),
        b.add(T(2025, 3, 12, 16), "Rückzahlung", "EUR", -4990, 178, "Kunde Eins", inv="D-501"),
    ]:
        pass
    p = b.add(T(2025, 3, 15, 18), "Website-Zahlung", "USD", 3000, -149, "Customer Three", inv="D-503")
    b.add(T(2025, 3, 15, 18, 1), "Allgemeine Währungsumrechnung", "USD", -2851, 0, ref=p["id"])
    b.add(T(2025, 3, 15, 18, 1), "Allgemeine Währungsumrechnung", "EUR", 2622, 0, ref=p["id"])
    for r in b.rows:
        r["zone"] = "CET"
    b.add(T(2025, 3, 31, 8), "Allgemeine Abbuchung", "EUR", -(b.bal["EUR"]), 0)["zone"] = "CEST"
    write(os.path.join(d, "lang-de-activity.csv"),
          pp_render(b, "de-activity", "de", dmy_dot, ",", "."), bom=True)

    # German statement as Excel's "Unicode Text": UTF-16LE with a BOM, tab-delimited, unquoted;
    # and the same cut to an odd number of bytes
    b = Book("LLLS")
    b.add(T(2025, 5, 2, 9), "Website-Zahlung", "EUR", 8900, -287, "Kundin Vier", inv="D-601")
    b.add(T(2025, 5, 9, 11), "Handyzahlung", "EUR", 1500, -79, "Kunde Fünf")
    b.add(T(2025, 5, 16, 13), "Rückzahlung", "EUR", -1500, 79, "Kunde Fünf")
    w = b.add(T(2025, 5, 20, 8), "Allgemeine Abbuchung", "EUR", -(b.bal["EUR"]), 0)
    w["bank"] = True
    text = pp_render(b, "de-statement", "de", dmy_dot, ",", ".", delim="\t", quote=False)
    write(os.path.join(d, "lang-de-statement-utf16.txt"), text, enc="utf-16-le", crlf=True)
    write(os.path.join(d, "lang-de-statement-utf16-cut.txt"), text, enc="utf-16-le", crlf=True,
          cut=1)

    # Spanish activity download: D/M/YYYY all ambiguous (the note: day-first), decimal comma
    b = Book("LLLE")
    b.add(T(2025, 4, 2, 10), "Pago estándar", "EUR", 6000, -209, "Cliente Uno", inv="E-11")
    b.add(T(2025, 4, 3, 12), "Pago estándar", "EUR", 461500, -13268, "Cliente Dos", inv="E-12")
    b.add(T(2025, 4, 5, 9), "Reembolso de pago", "EUR", -6000, 209, "Cliente Uno", inv="E-11")
    b.add(T(2025, 4, 9, 17), "Retirada general - Cuenta bancaria", "EUR", -(b.bal["EUR"]), 0,
          status="Pendiente")
    b.add(T(2025, 4, 11, 10), "Pago estándar", "EUR", 2500, -108, "Cliente Tres", inv="E-13")
    write(os.path.join(d, "lang-es-activity.csv"),
          pp_render(b, "es-activity", "es", dmy_short, ",", "."))

    # Spanish statement: six empty cells closing the header, not in time order
    b = Book("LLLT")
    b.add(T(2025, 1, 2, 11), "Pago estándar", "EUR", 4937, -178, "Socio Uno")
    b.add(T(2025, 1, 13, 13), "Pago estándar", "EUR", 2882, -119, "Socio Dos")
    b.add(T(2025, 1, 20, 9), "Retirada general", "EUR", -(b.bal["EUR"]), 0)["bank"] = True
    write(os.path.join(d, "lang-es-statement.csv"),
          pp_render(b, "es-statement", "es", dmy_short, ",", ".", order=[2, 0, 1]))

    # Italian statement: "Lordo " and "Tariffa " with trailing spaces, a dispute hold and its
    # release, the user-initiated transfer to the bank
    b = Book("LLLI")
    b.add(T(2025, 6, 3, 9), "Pagamento su sito web", "EUR", 7900, -264, "Cliente Uno", inv="I-31")
    b.add(T(2025, 6, 4, 10), "Pagamento Express Checkout", "EUR", 12500, -398, "Cliente Due")
    b.add(T(2025, 6, 6, 15), "Blocco saldo per revisione contestazione", "EUR", -7900, 0)
    b.add(T(2025, 6, 18, 15), "Annullamento blocco per risoluzione contestazione", "EUR", 7900, 0)
    b.add(T(2025, 6, 19, 11), "Rimborso di pagamento", "EUR", -2500, 79, "Cliente Due")
    b.add(T(2025, 6, 27, 8), "Trasferimento avviato dall'utente", "EUR", -(b.bal["EUR"]), 0)["bank"] = True
    write(os.path.join(d, "lang-it-statement.csv"),
          pp_render(b, "it-statement", "it", dmy_short, ",", "."))

    # Italian activity download, tab-delimited (a spreadsheet's "Text (tab-delimited)")
    b = Book("LLLJ")
    b.add(T(2025, 7, 1, 9), "Pagamento da cellulare", "EUR", 3500, -149, "Cliente Tre")
    b.add(T(2025, 7, 15, 10), "Pagamento su sito web", "EUR", 15000, -465, "Cliente Quattro")
    b.add(T(2025, 7, 16, 10), "Prelievo generico - Conto bancario", "EUR", -(b.bal["EUR"]), 0)
    write(os.path.join(d, "lang-it-activity-tab.txt"),
          pp_render(b, "it-activity", "it", dmy_slash, ",", ".", delim="\t", quote=False))

    # Dutch activity download in the 2016 layout (", " between header cells, a trailing comma),
    # DD-MM-YYYY, CET; the withdrawal word PayPal leaves in English
    b = Book("LLLN")
    b.add(T(2025, 8, 4, 9), "Webacceptatiebetaling ontvangen", "EUR", 1000, -74, "Klant Een")
    b.add(T(2025, 8, 14, 10), "Express Checkout-betaling", "EUR", 24999, -760, "Klant Twee")
    p = b.add(T(2025, 8, 15, 10), "Webacceptatiebetaling ontvangen", "GBP", 2000, -98, "Customer Three")
    b.add(T(2025, 8, 15, 10, 1), "Algemene valutaomrekening", "GBP", -1902, 0, ref=p["id"])
    b.add(T(2025, 8, 15, 10, 1), "Algemene valutaomrekening", "EUR", 2218, 0, ref=p["id"])
    b.add(T(2025, 8, 29, 8), "General Withdrawal", "EUR", -(b.bal["EUR"]), 0)
    for r in b.rows:
        r["zone"] = "CEST"
    write(os.path.join(d, "lang-nl-activity.csv"),
          pp_render(b, "nl-activity", "nl", dmy_dash, ",", ".", comma_space=True))

    # Portuguese (Brazil) activity download: BRL, DD/MM/YYYY, every word inferred
    b = Book("LLLP")
    b.add(T(2025, 9, 2, 9), "Pagamento no site", "BRL", 25990, -1299, "Cliente Um", inv="P-71")
    b.add(T(2025, 9, 23, 14), "Pagamento no site", "BRL", 134900, -6371, "Cliente Dois", inv="P-72")
    b.add(T(2025, 9, 24, 9), "Reembolso de pagamento", "BRL", -25990, 1299, "Cliente Um", inv="P-71")
    b.add(T(2025, 9, 30, 17), "Saque geral - Conta bancária", "BRL", -(b.bal["BRL"]), 0)
    for r in b.rows:
        r["zone"] = "America/Sao_Paulo"
    write(os.path.join(d, "lang-pt-activity.csv"),
          pp_render(b, "pt-activity", "pt", dmy_slash, ",", "."))

    # English headers with decimal commas and semicolons (an English download re-saved by a
    # spreadsheet in a German locale), M/D/YYYY, Balance Impact
    b = Book("LLLC")
    b.add(T(2025, 10, 1, 9), "Website Payment", "USD", 1250, -66, "A Buyer", inv="C-1")
    b.add(T(2025, 10, 13, 9), "Express Checkout Payment", "USD", 149999, -4380, "B Buyer", inv="C-2")
    b.add(T(2025, 10, 20, 9), "General Withdrawal", "USD", -(b.bal["USD"]), 0, status="Pending")
    for r in b.rows:
        r["zone"] = "PDT"
    write(os.path.join(d, "lang-en-comma-semicolon.csv"),
          pp_render(b, "en-activity", "en", mdy_short, ",", ".", delim=";"))

    # bad input: a type and a status PayPal does not write (not understood: reported, the
    # amounts kept apart on 850, the deposit still ties)
    b = Book("LLLU")
    b.add(T(2025, 11, 3, 9), "Website Payment", "USD", 4000, -146, "A Buyer")
    b.add(T(2025, 11, 4, 9), "Instalment Plan Payment", "USD", 2500, -103, "B Buyer")
    b.add(T(2025, 11, 5, 9), "Website Payment", "USD", 1000, -59, "C Buyer", status="Settled Later")
    b.add(T(2025, 11, 20, 9), "General Withdrawal", "USD", -(b.bal["USD"]), 0)
    for r in b.rows:
        r["zone"] = "PST"
    write(os.path.join(d, "lang-en-unknown-type.csv"),
          pp_render(b, "en-activity", "en", mdy_short, ".", ","))

    # bad input: a PayPal header without a Currency column (an unknown column set)
    text = pp_render(b, "en-activity", "en", mdy_short, ".", ",")
    lines = [ln.split(",") for ln in text.splitlines()]
    write(os.path.join(d, "lang-en-no-currency.csv"),
          "\n".join(",".join(c for i, c in enumerate(ln) if i != 6) for ln in lines) + "\n")

    # bad input: a UTF-16 copy cut inside a surrogate pair (a name with an emoji)
    b = Book("LLLX")
    b.add(T(2025, 12, 1, 9), "Paiement sur site marchand", "EUR", 1000, -60, "Bougies \U0001F56F")
    text = pp_render(b, "fr-activity", "fr", dmy_slash, ",", NBSP, delim="\t", quote=False)
    cut = text.index("\U0001F56F")
    data = text[:cut] + "\U0001F56F"
    write(os.path.join(d, "lang-fr-utf16-cut-pair.txt"), data, enc="utf-16-le", cut=2)


# ---------------------------------------------------------------- eBay

# the transaction report's columns per site: (header, field); field None = "--"
EB_TX = {
    "en": ["Transaction creation date:date", "Type:type", "Order number:order", "Legacy order ID:",
           "Buyer username:buyer", "Buyer name:", "Ship to city:", "Ship to country:", "Net amount:net",
           "Payout currency:pcur", "Payout date:pdate", "Payout ID:pid", "Payout method:", "Payout status:",
           "Reason for hold:", "Item ID:", "Transaction ID:", "Item title:title", "Custom label:sku",
           "Quantity:qty", "Item subtotal:sub", "Shipping and handling:ship", "Seller collected tax:",
           "eBay collected tax:", "Final Value Fee - fixed:fee1", "Final Value Fee - variable:fee2",
           "Regulatory operating fee:", 'Very high "item not as described" fee:', "International fee:fee3",
           "Gross transaction amount:gross", "Transaction currency:tcur", "Exchange rate:",
           "Reference ID:", "Description:desc"],
    "uk": ["Transaction creation date:date", "Type:type", "Order number:order", "Buyer username:buyer",
           "Post to city:", "Post to country:", "Net amount:net", "Payout currency:pcur",
           "Payout date:pdate", "Payout ID:pid", "Custom label:sku", "Quantity:qty",
           "Item subtotal:sub", "Postage and packaging:ship", "Final Value Fee - fixed:fee1",
           "Final Value Fee - variable:fee2", "International fee:fee3",
           "Gross transaction amount:gross", "Transaction currency:tcur", "Description:desc"],
    "de": ["Datum der Transaktionserstellung:date", "Typ:type", "Bestellnummer:order",
           "Alte Bestellnummer:", "Nutzername des Käufers:buyer", "Name des Käufers:",
           "Versandziel - Land:", "Betrag abzügl. Kosten:net", "Auszahlungswährung:pcur",
           "Auszahlungsdatum:pdate", "Auszahlung Nr.:pid", "Bestandseinheit:sku", "Anzahl:qty",
           "Zwischensumme Artikel:sub", "Verpackung und Versand:ship",
           "Vom Verkäufer angegebener MwSt.-Satz:", "Fixer Anteil der Verkaufsprovision:fee1",
           "Variabler Anteil der Verkaufsprovision:fee2",
           "Gebühr für sehr hohe Quote an „nicht wie beschriebenen Artikeln“:",
           "Gebühr für unterdurchschnittlichen Servicestatus:", "Internationale Gebühr:fee3",
           "Transaktionsbetrag (inkl. Kosten):gross", "Transaktionswährung:tcur", "Beschreibung:desc"],
    "fr": ["Date de création de la transaction:date", "Type:type", "Numéro de commande:order",
           "Pseudo de l'acheteur:buyer", "Montant net:net", "Devise du versement:pcur",
           "Date du versement:pdate", "Numéro du versement:pid", "Étiquette personnalisée:sku",
           "Quantité:qty", "Sous-total de l'objet:sub", "Livraison et emballage:ship",
           "Frais de vente - fixes:fee1", "Frais de vente - variables:fee2",
           "Frais internationaux:fee3", "Montant brut de la transaction:gross",
           "Devise de la transaction:tcur", "Description:desc"],
    "it": ["Data di creazione della transazione:date", "Tipo:type", "Numero dell'ordine:order",
           "Nome utente dell'acquirente:buyer", "Importo netto:net", "Valuta del pagamento:pcur",
           "Data del pagamento:pdate", "ID del pagamento:pid", "Etichetta personalizzata:sku",
           "Quantità:qty", "Subtotale oggetto:sub", "Spedizione e imballaggio:ship",
           "Tariffa sul valore finale - fissa:fee1", "Tariffa sul valore finale - variabile:fee2",
           "Tariffa internazionale:fee3", "Importo lordo della transazione:gross",
           "Valuta della transazione:tcur", "Descrizione:desc"],
    "es": ["Fecha de creación de la transacción:date", "Tipo:type", "Número de pedido:order",
           "Nombre de usuario del comprador:buyer", "Importe neto:net", "Divisa del pago:pcur",
           "Fecha del pago:pdate", "ID del pago:pid", "Etiqueta personalizada:sku", "Cantidad:qty",
           "Subtotal del artículo:sub", "Envío y manipulación:ship",
           "Tarifa por valor final - fija:fee1", "Tarifa por valor final - variable:fee2",
           "Tarifa internacional:fee3", "Importe bruto de la transacción:gross",
           "Divisa de la transacción:tcur", "Descripción:desc"],
}
EB_TYPES = {
    "en": {"Order": "Order", "Refund": "Refund", "Payout": "Payout", "Other fee": "Other fee",
           "Shipping label": "Shipping label"},
    "uk": {"Order": "Order", "Refund": "Refund", "Payout": "Payout", "Other fee": "Other fee",
           "Shipping label": "Postage label"},
    "de": {"Order": "Bestellung", "Refund": "Rückerstattung", "Payout": "Auszahlung",
           "Other fee": "Andere Gebühr", "Shipping label": "Versandetikett"},
    "fr": {"Order": "Commande", "Refund": "Remboursement", "Payout": "Versement",
           "Other fee": "Autres frais", "Shipping label": "Étiquette d'expédition"},
    "it": {"Order": "Ordine", "Refund": "Rimborso", "Payout": "Pagamento",
           "Other fee": "Altra tariffa", "Shipping label": "Etichetta di spedizione"},
    "es": {"Order": "Pedido", "Refund": "Reembolso", "Payout": "Pago",
           "Other fee": "Otra tarifa", "Shipping label": "Etiqueta de envío"},
}
MON = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "it": ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
}


def eb_date(site, d):
    if site == "en":
        return "%s %d, %d" % (MON["en"][d.month - 1], d.day, d.year)
    if site == "uk":
        return "%02d/%02d/%d" % (d.day, d.month, d.year)
    if site == "de":
        return "%02d.%02d.%d" % (d.day, d.month, d.year)
    return "%d %s %d" % (d.day, MON[site][d.month - 1], d.year)


class EbayTx:
    """a transaction report: orders, refunds, fee rows, payouts; a payout's Net is what its
    rows' Nets add up to"""

    def __init__(self, site, cur, dec, grp):
        self.site, self.cur, self.dec, self.grp = site, cur, dec, grp
        self.rows, self.open, self.seq = [], [], 0

    def order(self, d, sub, ship, qty=1, sku="LL-SKU-1", title="Test item"):
        self.seq += 1
        fee1, fee2 = -35, -(sub + ship) * 13 // 100
        fee3 = -(sub * 16 // 1000) if self.seq % 3 == 0 else 0
        r = dict(date=d, type="Order", order="99-%05d-%05d" % (40000 + self.seq, 12345 + self.seq),
                 sub=sub, ship=ship, fee1=fee1, fee2=fee2, fee3=fee3, qty=qty, sku=sku, title=title,
                 gross=sub + ship, net=sub + ship + fee1 + fee2 + fee3, buyer="buyer%03d" % self.seq)
        self.rows.append(r)
        self.open.append(r)
        return r

    def refund(self, d, of):
        r = dict(date=d, type="Refund", order=of["order"], sub=-of["sub"], ship=0, fee1=0,
                 fee2=-of["fee2"] * of["sub"] // (of["sub"] + of["ship"]), fee3=0, gross=-of["sub"])
        r["net"] = r["sub"] + r["fee2"]
        self.rows.append(r)
        self.open.append(r)

    def single(self, d, typ, net, desc, order=""):
        r = dict(date=d, type=typ, order=order, net=net, desc=desc)
        self.rows.append(r)
        self.open.append(r)

    def payout(self, d, pid):
        total = 0
        for r in self.open:
            r["pid"], r["pdate"] = pid, d
            total += r["net"]
        self.rows.append(dict(date=d, type="Payout", net=total, pid=pid, pdate=d, desc="Payout"))
        self.open = []
        return total

    def render(self, delim=";", preamble=True, types=None, cols=None):
        site = self.site
        cols = cols or EB_TX[site]
        types = types or EB_TYPES[site]
        m = lambda c: money(c, self.dec, self.grp)
        head = [c.rsplit(":", 1)[0] for c in cols]
        out = []
        if preamble:
            title = {"de": "Transaktionsbericht", "fr": "Rapport des transactions",
                     "it": "Report sulle transazioni", "es": "Informe de transacciones"}.get(
                         site, "Transaction report")
            out += [q(title), "", q("Seller") + delim + q("ll-demo-seller"), "", ""]
        out.append(delim.join(q(h) if (delim in h or '"' in h) else h for h in head))
        for r in self.rows:
            cells = []
            for c in cols:
                f = c.rsplit(":", 1)[1]
                v = "--"
                if f == "date":
                    v = eb_date(site, r["date"])
                elif f == "pdate":
                    v = eb_date(site, r["pdate"]) if r.get("pdate") else "--"
                elif f == "type":
                    v = types.get(r["type"], r["type"])
                elif f in ("net", "sub", "ship", "fee1", "fee2", "fee3", "gross"):
                    v = m(r[f]) if r.get(f) else "--"
                elif f in ("pcur", "tcur"):
                    v = self.cur
                elif f == "qty":
                    v = str(r["qty"]) if r.get("qty") else "--"
                elif f:
                    v = str(r.get(f) or "--")
                cells.append(q(v) if (delim in v or '"' in v) else v)
            out.append(delim.join(cells))
        return "\r\n".join(out) + "\r\n"


def eb_sample(site, cur, dec, grp, pid0):
    rep = EbayTx(site, cur, dec, grp)
    d = dt.date(2025, 10, 2)
    a = rep.order(d, 2599, 495, sku="LL-MUG-01", title="Stoneware mug")
    rep.order(d + dt.timedelta(days=1), 124900, 0, qty=1, sku="LL-LAMP-2", title="Brass lamp")
    rep.order(d + dt.timedelta(days=2), 1299, 350, qty=2, sku="LL-TEA-03", title="Tea towel set")
    rep.single(d + dt.timedelta(days=3), "Other fee", -245, "Promoted listing fee", order=a["order"])
    rep.payout(dt.date(2025, 10, 9), "59%08d" % pid0)
    rep.refund(dt.date(2025, 10, 12), a)
    rep.order(dt.date(2025, 10, 14), 4500, 495, sku="LL-MUG-01", title="Stoneware mug")
    rep.single(dt.date(2025, 10, 15), "Shipping label", -689, "Shipping label", order=a["order"])
    rep.payout(dt.date(2025, 10, 16), "59%08d" % (pid0 + 1))
    return rep


EB_ORD = {
    "en": ["Sales Record Number:srn", "Order Number:order", "Buyer Username:buyer", "Item Title:title",
           "Custom Label:sku", "Quantity:qty", "Sold For:sold", "Shipping And Handling:ship",
           "Seller Collected Tax:zero", "eBay Collected Tax:zero", "Total Price:total",
           "Sale Date:sale", "Paid On Date:paid"],
    "de": ["Verkaufsprotokollnummer:srn", "Bestellnummer:order", "Nutzername des Käufers:buyer",
           "Angebotstitel:title", "Bestandseinheit:sku", "Anzahl:qty", "Verkauft für:sold",
           "Verpackung und Versand:ship", "Inklusive MwSt.-Satz:", "Gesamtbetrag:total",
           "Verkauft am:sale", "Zahlungsdatum:paid"],
    "fr": ["Numéro de l'enregistrement de vente:srn", "Numéro de commande:order",
           "Pseudo de l'acheteur:buyer", "Titre de l'objet:title", "Étiquette personnalisée:sku",
           "Quantité:qty", "Vendu pour:sold", "Livraison et emballage:ship", "Prix total:total",
           "Date de la vente:sale", "Date du paiement:paid"],
    "it": ["Numero record vendita:srn", "Numero ordine:order", "Nome utente dell'acquirente:buyer",
           "Titolo dell'oggetto:title", "Etichetta personalizzata:sku", "Quantità:qty",
           "Venduto per:sold", "Spedizione e imballaggio:ship", "Prezzo totale:total",
           "Data di vendita:sale", "Data pagamento:paid"],
    "es": ["Número de registro de venta:srn", "Número de pedido:order",
           "Nombre de usuario del comprador:buyer", "Título del artículo:title",
           "Etiqueta personalizada:sku", "Cantidad:qty", "Vendido por:sold",
           "Envío y manipulación:ship", "Precio total:total", "Fecha de venta:sale",
           "Fecha de pago:paid"],
}


def eb_orders(site, sym_after, dec, grp, delim=";", sym="€"):
    cols = EB_ORD[site]
    head = [c.rsplit(":", 1)[0] for c in cols]
    items = [(2599, 495, 1, "LL-MUG-01", "Stoneware mug"), (1299, 350, 2, "LL-TEA-03", "Tea towel set"),
             (124900, 0, 1, "LL-LAMP-2", "Brass lamp"), (899, 0, 3, "LL-CARD-4", "Card set")]
    # each site its own days and order numbers, so the reports never share a day summary
    off = ["de", "fr", "it", "es", "en"].index(site)
    days = [dt.date(2025, 11, 3 + off), dt.date(2025, 11, 3 + off), dt.date(2025, 11, 14 + off),
            dt.date(2025, 11, 14 + off)]
    out = [delim * (len(head) - 1), delim.join(head)]

    def mny(c):
        t = money(c, dec, grp)
        return (t + " " + sym) if sym_after else (sym + t)

    for k, (price, ship, qty, sku, title) in enumerate(items):
        d = days[k]
        if site == "de":
            ds = "%02d-%s-%02d" % (d.day, ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep",
                                          "Okt", "Nov", "Dez"][d.month - 1], d.year % 100)
        elif site == "en":
            ds = d.strftime("%b-%d-%y")
        else:
            ds = "%02d/%02d/%d" % (d.day, d.month, d.year)
        vals = dict(srn=str(2100 + 10 * off + k), order="99-%05d-%05d" % (50000 + 10 * off + k,
                                                                         54321 + k),
                    buyer="buyer%03d" % k, title=title, sku=sku, qty=str(qty), sold=mny(price),
                    ship=mny(ship), zero=mny(0), total=mny(price * qty + ship), sale=ds, paid=ds)
        cells = []
        for c in cols:
            f = c.rsplit(":", 1)[1]
            v = vals.get(f, "") if f else ""
            cells.append(q(v) if (delim in v or '"' in v) else v)
        out.append(delim.join(cells))
    out.append("")
    return "\n".join(out) + "\n"


def ebay_fixtures(root):
    d = os.path.join(root, "ebay")
    # eBay.com, the newer layout: first column "Transaction date", no preamble
    rep = eb_sample("en", "USD", ".", ",", 61000001)
    cols = ["Transaction date:date"] + EB_TX["en"][1:]
    write(os.path.join(d, "lang-en-transaction-date.csv"),
          rep.render(delim=",", preamble=False, cols=cols))
    # eBay.co.uk: day-first numeric dates, Postage columns, GBP
    rep = eb_sample("uk", "GBP", ".", ",", 61000011)
    write(os.path.join(d, "lang-uk-transaction.csv"), rep.render(delim=","), bom=True)
    # eBay.de, .fr, .it, .es: semicolons, decimal commas, their words
    for site, pid, grp in (("de", 61000021, "."), ("fr", 61000031, NBSP), ("it", 61000041, "."),
                           ("es", 61000051, ".")):
        rep = eb_sample(site, "EUR", ",", grp, pid)
        write(os.path.join(d, "lang-%s-transaction.csv" % site), rep.render(), bom=True)
    # orders reports: eBay.de "116,99 €", eBay.fr/it/es, eBay.com as UTF-16 "Unicode Text"
    write(os.path.join(d, "lang-de-orders.csv"), eb_orders("de", True, ",", "."), bom=True)
    for site in ("fr", "it", "es"):
        write(os.path.join(d, "lang-%s-orders.csv" % site), eb_orders(site, True, ",", "."), bom=True)
    write(os.path.join(d, "lang-en-orders-utf16.txt"),
          eb_orders("en", False, ".", ",", delim="\t", sym="$"), enc="utf-16-le", crlf=True)
    # bad input: a row type eBay does not write in a German report
    rep = eb_sample("de", "EUR", ",", ".", 61000061)
    rep.rows.insert(4, dict(date=dt.date(2025, 10, 5), type="Werbegutschrift", net=150,
                            desc="Gutschrift", pid="59%08d" % 61000061, pdate=dt.date(2025, 10, 9)))
    rep.rows[5]["net"] += 150  # the payout includes it
    write(os.path.join(d, "lang-de-unknown-type.csv"), rep.render(), bom=True)
    # bad input: an unknown column set (a German report without its payout number)
    rep = eb_sample("de", "EUR", ",", ".", 61000071)
    cols = [c for c in EB_TX["de"] if not c.endswith(":pid")]
    write(os.path.join(d, "lang-de-no-payout-column.csv"), rep.render(cols=cols), bom=True)


def paypal_sample(path):
    """a quarter of a French shop's PayPal account, as its activity download: monthly transfers
    to the bank, payments with fees, a refund (fee returned), a dispute hold and its release,
    a USD payment converted into EUR, a subscription payment sent"""
    b = Book("LLPF")
    n = 0
    for mth in (7, 8, 9):
        for k, (gross, name) in enumerate(((4590, "Cliente Arnaud"), (12900, "Client Berthier"),
                                           (2750, "Cliente Chevalier"), (135000, "Atelier Dupuis"))):
            n += 1
            fee = -(gross * 29 // 1000 + 35)
            b.add(T(2025, mth, 2 + 5 * k, 9 + k, 15), "Paiement sur site marchand", "EUR", gross, fee,
                  name, inv="FR-%d" % (4100 + n))
        if mth == 7:
            b.add(T(2025, 7, 16, 11), "Remboursement de paiement", "EUR", -2750, 115,
                  "Cliente Chevalier", inv="FR-4103")
        if mth == 8:
            h = b.add(T(2025, 8, 12, 10), "Blocage de paiement", "EUR", -12900, 0)
            b.add(T(2025, 8, 21, 10), "Déblocage de paiement", "EUR", 12900, 0, ref=h["id"])
            p = b.add(T(2025, 8, 19, 20), "Paiement sur site marchand", "USD", 8500, -277,
                      "Customer Evans", inv="FR-4199")
            b.add(T(2025, 8, 19, 20, 1), "Conversion de devise standard", "USD", -8223, 0, ref=p["id"])
            b.add(T(2025, 8, 19, 20, 1), "Conversion de devise standard", "EUR", 7014, 0, ref=p["id"])
        b.add(T(2025, mth, 24, 8), "Paiement d'abonnement", "EUR", -1990, 0, "Logiciel Compta SAS")
        b.add(T(2025, mth, 28, 7), "Retrait standard - Compte bancaire", "EUR", -b.bal["EUR"], 0,
              status="En attente")
    for r in b.rows:
        r["zone"] = "Europe/Paris"
    b.rebalance()
    write(path, pp_render(b, "fr-activity", "fr", dmy_slash, ",", NBSP), bom=True)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "tests/data"
    if root == "--samples":
        paypal_sample(os.path.join(sys.argv[2], "paypal", "Telechargement-2025-T3.csv"))
        return
    paypal_fixtures(root)
    ebay_fixtures(root)


if __name__ == "__main__":
    main()
