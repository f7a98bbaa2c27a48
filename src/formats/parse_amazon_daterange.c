/*
 * parse_amazon_daterange.c - the Amazon Date Range transaction report
 * (parse_amazon_daterange.h).
 *
 * The report is read record by record (csvrec: every field quoted, some
 * empties not). Its header is matched cell by cell, after folding case,
 * accents' case and blanks, against per-language names of the columns we
 * know (English, German, French, Italian, Spanish); the language with the
 * most matches decides the number style (1,234.56 or 1.234,56) for the
 * whole file, never a guess per value. Each row's money cells must sum to
 * its total cell. A non-Transfer row becomes one event per non-zero money
 * cell, named with the settlement flat file's amount types (product sales
 * = ItemPrice/Principal, selling fees = ItemFees/Commission, ...; rows of
 * non-order types = other-transaction named by their description), so the
 * flat file's mapping rows apply. Rows are grouped by settlement id; the
 * Transfer rows of a settlement are its bank deposit. Every settlement of
 * the file is held until the end, because only then is it known whether
 * the report holds all of it (docs/amazon-date-range.md): one whose rows
 * open the report, or that has no Transfer row, is reported and held back,
 * as are Deferred rows and rows without a settlement id. Amounts are kept
 * with two decimals until a settlement's currency (from its marketplace)
 * is known, then rescaled exactly.
 */
#include "parse_amazon_daterange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_amazon.h"
#include "formats/parse_mkt.h"
#include "util/csvrec.h"
#include "util/date.h"
#include "util/text.h"

#define MAX_COLS 128
#define MAX_SETTLEMENTS 4096
#define NORM_MAX 160
#define WORK_EXP 2 /* amounts are held with two decimals until the currency is known */

/* ------------------------------------------------------------------ */
/* Columns and their names per language                                */

enum dcol {
	DC_DATE, DC_SETTLEMENT, DC_TYPE, DC_ORDER, DC_SKU, DC_DESC, DC_QTY,
	DC_MARKETPLACE, DC_ACCOUNT_TYPE, DC_FULFILLMENT, DC_CITY, DC_STATE,
	DC_POSTAL, DC_TAX_MODEL, DC_STATUS, DC_RELEASE, DC_TOTAL,
	DC_MONEY, /* the money columns follow */
	DC_PRODUCT_SALES = DC_MONEY, DC_PRODUCT_SALES_TAX, DC_SHIPPING,
	DC_SHIPPING_TAX, DC_GIFTWRAP, DC_GIFTWRAP_TAX, DC_REGFEE, DC_REGFEE_TAX,
	DC_PROMO, DC_PROMO_TAX, DC_SALES_TAX, DC_MFT, DC_WITHHELD, DC_GST,
	DC_TCS_CGST, DC_TCS_SGST, DC_TCS_IGST, DC_TDS, DC_SELLING, DC_FBA,
	DC_OTHER_FEES, DC_OTHER,
	DC__N
};

struct coldef {
	const char *atype, *adesc;          /* money columns: the flat file's names */
	const char *names[DRANGE__N];       /* '|'-separated, normalized (lower case) */
};

/* Indexed by enum dcol. Non-English names: our best knowledge of the EU
 * downloads, unverified (docs/amazon-date-range.md lists them). */
static const struct coldef cols[DC__N] = {
	[DC_DATE] = { NULL, NULL, { "date/time", "datum/uhrzeit", "date/heure",
		"data/ora", "fecha y hora|fecha/hora" } },
	[DC_SETTLEMENT] = { NULL, NULL, { "settlement id", "abrechnungsnummer",
		"numéro de versement", "numero pagamento", "identificador de pago" } },
	[DC_TYPE] = { NULL, NULL, { "type", "typ", "type", "tipo", "tipo" } },
	[DC_ORDER] = { NULL, NULL, { "order id", "bestellnummer",
		"numéro de la commande|numéro de commande", "numero ordine",
		"número de pedido" } },
	[DC_SKU] = { NULL, NULL, { "sku", "sku", "sku", "sku", "sku" } },
	[DC_DESC] = { NULL, NULL, { "description", "beschreibung", "description",
		"descrizione", "descripción" } },
	[DC_QTY] = { NULL, NULL, { "quantity", "menge", "quantité", "quantità",
		"cantidad" } },
	[DC_MARKETPLACE] = { NULL, NULL, { "marketplace", "marketplace",
		"marketplace", "marketplace", "web de amazon|marketplace" } },
	[DC_ACCOUNT_TYPE] = { NULL, NULL, { "account type", "kontotyp",
		"type de compte", "tipo di account", "tipo de cuenta" } },
	[DC_FULFILLMENT] = { NULL, NULL, { "fulfillment|fulfilment", "versand",
		"traitement", "gestione", "gestión logística" } },
	[DC_CITY] = { NULL, NULL, { "order city", "ort der bestellung",
		"ville d'où provient la commande", "città di provenienza dell'ordine",
		"ciudad de procedencia del pedido" } },
	[DC_STATE] = { NULL, NULL, { "order state", "bundesland",
		"région d'où provient la commande", "provincia di provenienza dell'ordine",
		"comunidad autónoma de procedencia del pedido" } },
	[DC_POSTAL] = { NULL, NULL, { "order postal", "postleitzahl",
		"code postal de la commande", "cap dell'ordine",
		"código postal de procedencia del pedido" } },
	[DC_TAX_MODEL] = { NULL, NULL, { "tax collection model",
		"steuererhebungsmodell", "modèle de perception des taxes",
		"modello di riscossione delle imposte",
		"modelo de recaudación de impuestos" } },
	[DC_STATUS] = { NULL, NULL, { "transaction status", "transaktionsstatus",
		"statut de la transaction", "stato della transazione",
		"estado de la transacción" } },
	[DC_RELEASE] = { NULL, NULL, { "transaction release date",
		"freigabedatum der transaktion", "date de libération de la transaction",
		"data di rilascio della transazione",
		"fecha de liberación de la transacción" } },
	[DC_TOTAL] = { NULL, NULL, { "total", "gesamt", "total", "totale", "total" } },
	[DC_PRODUCT_SALES] = { "ItemPrice", "Principal", { "product sales", "umsätze",
		"ventes de produits", "vendite", "ventas de productos" } },
	[DC_PRODUCT_SALES_TAX] = { "ItemPrice", "Tax", { "product sales tax",
		"produktumsatzsteuer", "taxes sur la vente des produits",
		"imposta sulle vendite dei prodotti", "impuesto de ventas de productos" } },
	[DC_SHIPPING] = { "ItemPrice", "Shipping", { "shipping credits",
		"gutschrift für versandkosten", "crédits d'expédition",
		"accrediti per le spedizioni", "abonos de envío" } },
	[DC_SHIPPING_TAX] = { "ItemPrice", "ShippingTax", { "shipping credits tax",
		"steuer auf versandgutschrift", "taxe sur les crédits d'expédition",
		"imposta accrediti per le spedizioni", "impuestos por abonos de envío" } },
	[DC_GIFTWRAP] = { "ItemPrice", "GiftWrap", { "gift wrap credits",
		"gutschrift für geschenkverpackung", "crédits sur l'emballage cadeau",
		"accrediti per confezioni regalo", "abonos de envoltorio para regalo" } },
	[DC_GIFTWRAP_TAX] = { "ItemPrice", "GiftWrapTax",
		{ "giftwrap credits tax|gift wrap credits tax",
		  "steuer auf geschenkverpackungsgutschriften",
		  "taxes sur les crédits cadeaux", "imposta sui crediti confezione regalo",
		  "impuestos por abonos de envoltorio para regalo" } },
	[DC_REGFEE] = { "ItemPrice", "RegulatoryFee", { "regulatory fee", "", "", "", "" } },
	[DC_REGFEE_TAX] = { "ItemPrice", "RegulatoryFeeTax",
		{ "tax on regulatory fee", "", "", "", "" } },
	[DC_PROMO] = { "Promotion", "Principal", { "promotional rebates",
		"rabatte aus werbeaktionen", "rabais promotionnels", "sconti promozionali",
		"devoluciones promocionales" } },
	[DC_PROMO_TAX] = { "Promotion", "Tax", { "promotional rebates tax",
		"steuer auf aktionsrabatte", "taxes sur les remises promotionnelles",
		"imposta sugli sconti promozionali",
		"impuestos por devoluciones promocionales" } },
	[DC_SALES_TAX] = { "ItemPrice", "Tax", { "sales tax collected", "", "", "", "" } },
	[DC_MFT] = { "ItemWithheldTax", "MarketplaceFacilitatorTax",
		{ "marketplace facilitator tax", "", "", "", "" } },
	[DC_WITHHELD] = { "ItemWithheldTax", "MarketplaceFacilitatorTax",
		{ "marketplace withheld tax", "einbehaltene steuer auf marketplace",
		  "taxes retenues sur le site de vente", "trattenuta iva del marketplace",
		  "impuesto retenido en el sitio web" } },
	[DC_GST] = { "ItemPrice", "Tax",
		{ "total sales tax liable(gst before adjusting tcs)", "", "", "", "" } },
	[DC_TCS_CGST] = { "ItemWithheldTax", "TCS-CGST", { "tcs-cgst", "", "", "", "" } },
	[DC_TCS_SGST] = { "ItemWithheldTax", "TCS-SGST", { "tcs-sgst", "", "", "", "" } },
	[DC_TCS_IGST] = { "ItemWithheldTax", "TCS-IGST", { "tcs-igst", "", "", "", "" } },
	[DC_TDS] = { "ItemWithheldTax", "TDS (Section 194-O)",
		{ "tds (section 194-o)", "", "", "", "" } },
	[DC_SELLING] = { "ItemFees", "Commission", { "selling fees",
		"verkaufsgebühren", "frais de vente", "commissioni di vendita",
		"tarifas de venta" } },
	[DC_FBA] = { "ItemFees", "FBAPerUnitFulfillmentFee", { "fba fees",
		"gebühren zu versand durch amazon", "frais expédié par amazon",
		"costi del servizio logistica di amazon", "tarifas de logística de amazon" } },
	[DC_OTHER_FEES] = { "ItemFees", "OtherTransactionFees",
		{ "other transaction fees", "andere transaktionsgebühren",
		  "autres frais de transaction", "altri costi relativi alle transazioni",
		  "tarifas de otras transacciones" } },
	[DC_OTHER] = { "other-transaction", NULL, { "other", "andere", "autre", "altro",
		"otro" } },
};

/* Row types in the report's languages -> the English type. */
struct typedef_ {
	const char *en;
	const char *names; /* '|'-separated, normalized */
	int order_like;    /* money columns keep their own amount types */
};

static const struct typedef_ types[] = {
	{ "Order", "order|bestellung|commande|ordine|pedido", 1 },
	{ "Refund", "refund|erstattung|remboursement|rimborso|reembolso", 1 },
	{ "Transfer", "transfer|übertrag|transfert|trasferimento|transferir|transferencia", 0 },
	{ "Adjustment", "adjustment|anpassung|ajustement|modifica|rettifica|ajuste", 0 },
	{ "Service Fee", "service fee|servicegebühr|servicegebühren|frais de service|"
	  "commissione di servizio|tarifa de servicio|tarifa por servicio", 0 },
	{ "FBA Inventory Fee", "fba inventory fee|versand durch amazon lagergebühr|"
	  "frais de stock expédié par amazon|costo di stoccaggio logistica di amazon|"
	  "tarifas de inventario de logística de amazon", 0 },
	{ "FBA Customer Return Fee", "fba customer return fee|erstattung durch rückbuchung", 0 },
	{ "Lightning Deal Fee", "lightning deal fee|blitzangebotsgebühr|"
	  "tarif de la vente flash|tariffa offerta lampo|tarifa de oferta flash", 0 },
	{ "Chargeback Refund", "chargeback refund|rückbuchung|rétrofacturation|"
	  "riaccredito|devolución de cargo", 1 },
	{ "A-to-z Guarantee Claim", "a-to-z guarantee claim|a-bis-z-garantieantrag|"
	  "réclamation au titre de la garantie de a à z|reclamo garanzia dalla a alla z|"
	  "reclamación de la garantía de la a a la z", 1 },
	{ "Debt", "debt|schulden|dette|debito|deuda", 0 },
	{ "SAFE-T Reimbursement", "safe-t reimbursement|safe-t-erstattung|"
	  "remboursement safe-t|rimborso safe-t|reembolso safe-t", 0 },
	{ "Liquidations", "liquidations|liquidationen|liquidazioni|liquidaciones", 0 },
	{ "Order_Retrocharge", "order_retrocharge", 1 },
	{ "Refund_Retrocharge", "refund_retrocharge", 1 },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

/* Descriptions of non-order rows -> the flat file's event names. The first
 * fragment found in the (normalized) description wins. */
static const struct { const char *frag, *name; } descs[] = {
	{ "long-term storage", "StorageRenewalBilling" },
	{ "langzeitlager", "StorageRenewalBilling" },
	{ "subscription", "Subscription Fee" }, { "abonnement", "Subscription Fee" },
	{ "abbonamento", "Subscription Fee" }, { "suscripci", "Subscription Fee" },
	{ "advertising", "Cost of Advertising" }, { "werbekosten", "Cost of Advertising" },
	{ "publicité", "Cost of Advertising" }, { "pubblicità", "Cost of Advertising" },
	{ "publicidad", "Cost of Advertising" },
	{ "inbound transportation", "Inbound Transportation Fee" },
	{ "transport zu amazon", "Inbound Transportation Fee" },
	{ "storage", "Storage Fee" }, { "lagergebühr", "Storage Fee" },
	{ "stockage", "Storage Fee" }, { "stoccaggio", "Storage Fee" },
	{ "almacenamiento", "Storage Fee" },
	{ "damaged:warehouse", "WAREHOUSE_DAMAGE" }, { "beschädigt:lager", "WAREHOUSE_DAMAGE" },
	{ "endommagé:entrepôt", "WAREHOUSE_DAMAGE" },
	{ "danneggiato:magazzino", "WAREHOUSE_DAMAGE" },
	{ "dañado:almacén", "WAREHOUSE_DAMAGE" },
	{ "lost:warehouse", "WAREHOUSE_LOST" }, { "verloren:lager", "WAREHOUSE_LOST" },
	{ "perdu:entrepôt", "WAREHOUSE_LOST" }, { "smarrito:magazzino", "WAREHOUSE_LOST" },
	{ "perdido:almacén", "WAREHOUSE_LOST" },
	{ "reversal reimbursement", "REVERSAL_REIMBURSEMENT" },
	{ "rückbuchung der erstattung", "REVERSAL_REIMBURSEMENT" },
	{ "disposal", "DisposalComplete" }, { "entsorgung", "DisposalComplete" },
	{ "removal", "RemovalComplete" }, { "remissione", "RemovalComplete" },
};

/* Marketplace (web site) -> currency; longer names first. */
static const struct { const char *site, *cur; } sites[] = {
	{ "amazon.com.mx", "MXN" }, { "amazon.com.br", "BRL" }, { "amazon.com.au", "AUD" },
	{ "amazon.com.tr", "TRY" }, { "amazon.com.be", "EUR" }, { "amazon.co.uk", "GBP" },
	{ "amazon.co.jp", "JPY" }, { "amazon.com", "USD" }, { "amazon.ca", "CAD" },
	{ "amazon.de", "EUR" }, { "amazon.fr", "EUR" }, { "amazon.it", "EUR" },
	{ "amazon.es", "EUR" }, { "amazon.nl", "EUR" }, { "amazon.ie", "EUR" },
	{ "amazon.se", "SEK" }, { "amazon.pl", "PLN" }, { "amazon.in", "INR" },
	{ "amazon.ae", "AED" }, { "amazon.sa", "SAR" }, { "amazon.eg", "EGP" },
	{ "amazon.sg", "SGD" },
};
#define NSITES (sizeof(sites) / sizeof(sites[0]))

/* ------------------------------------------------------------------ */
/* Text folding                                                        */

/* s[0..len) as UTF-8 (CP1252 when it is not), lower case (ASCII and
 * Latin-1 letters), blanks and NBSP folded to single spaces, U+2019 as an
 * apostrophe, trimmed, without a trailing ':'. Returns the length. */
static size_t fold(char out[NORM_MAX], const char *s, size_t len)
{
	struct buf u = BUF_INIT(NORM_MAX * 4);
	const unsigned char *p;
	size_t i, n = 0, ul;
	int space = 0;

	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == len) { /* ASCII: no copy */
		p = (const unsigned char *)s;
		ul = len;
	} else if (text_append_utf8(&u, s, len < NORM_MAX * 2 ? len : NORM_MAX * 2)) {
		buf_free(&u);
		out[0] = '\0';
		return 0;
	} else {
		p = (const unsigned char *)buf_cstr(&u);
		ul = u.len;
	}
	for (i = 0; i < ul && n + 4 < NORM_MAX; i++) {
		unsigned char c = p[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    (c == 0xC2 && i + 1 < ul && p[i + 1] == 0xA0)) {
			if (c == 0xC2)
				i++;
			space = n > 0;
			continue;
		}
		if (space) {
			out[n++] = ' ';
			space = 0;
		}
		if (c >= 'A' && c <= 'Z') {
			out[n++] = (char)(c - 'A' + 'a');
		} else if (c == 0xC3 && i + 1 < ul && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E &&
			   p[i + 1] != 0x97) {
			out[n++] = (char)0xC3;
			out[n++] = (char)(p[++i] + 0x20);
		} else if (c == 0xE2 && i + 2 < ul && p[i + 1] == 0x80 &&
			   (p[i + 2] == 0x99 || p[i + 2] == 0x98)) {
			out[n++] = '\'';
			i += 2;
		} else {
			out[n++] = (char)c;
		}
	}
	while (n && (out[n - 1] == ':' || out[n - 1] == ' '))
		n--;
	out[n] = '\0';
	buf_free(&u);
	return n;
}

/* 1 if the folded s equals one of the '|'-separated alternatives */
static int in_list(const char *s, size_t n, const char *list)
{
	const char *p = list;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t k = bar ? (size_t)(bar - p) : strlen(p);

		if (k == n && k && memcmp(p, s, n) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* The column a folded header cell names, or -1; *langs gets a bit per
 * language that names it so. */
static int col_of(const char *s, size_t n, unsigned *langs)
{
	int c, l, found = -1;

	*langs = 0;
	for (c = 0; c < DC__N; c++)
		for (l = 0; l < DRANGE__N; l++)
			if (cols[c].names[l] && in_list(s, n, cols[c].names[l])) {
				if (found < 0)
					found = c;
				if (found == c)
					*langs |= 1u << l;
			}
	return found;
}

static int type_of(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (in_list(s, n, types[i].names))
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */

struct cur {
	const unsigned char *p, *end;
};

static void skip_blanks(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == ','))
		c->p++;
}

static int digits(struct cur *c, int max, int *v, int *nd)
{
	*v = 0;
	*nd = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && *nd < max) {
		*v = *v * 10 + (*c->p - '0');
		c->p++;
		(*nd)++;
	}
	return *nd ? 0 : -1;
}

/* letters (ASCII or any UTF-8 byte) folded to lower case, '.' dropped */
static size_t word(struct cur *c, char *out, size_t cap)
{
	size_t n = 0;

	while (c->p < c->end && ((*c->p >= 'a' && *c->p <= 'z') || (*c->p >= 'A' && *c->p <= 'Z') ||
				 *c->p >= 0x80 || *c->p == '.')) {
		unsigned char ch = *c->p++;

		if (ch == '.')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if (n + 1 < cap)
			out[n++] = (char)ch;
	}
	out[n] = '\0';
	return n;
}

static int month_of(const char *w, size_t n)
{
	static const char *const months[12] = {
		"jan|january|januar|janv|janvier|gen|gennaio|ene|enero|jän|jänner",
		"feb|february|februar|févr|fevr|février|febbraio|febrero",
		"mar|march|mär|märz|mrz|mars|marzo",
		"apr|april|avr|avril|aprile|abr|abril",
		"may|mai|mag|maggio|mayo",
		"jun|june|juni|juin|giu|giugno|junio",
		"jul|july|juli|juil|juillet|lug|luglio|julio",
		"aug|august|août|aout|ago|agosto",
		"sep|sept|september|septembre|set|settembre|septiembre|setiembre",
		"oct|october|okt|oktober|octobre|ott|ottobre|octubre",
		"nov|november|novembre|noviembre",
		"dec|december|dez|dezember|déc|décembre|dic|dicembre|diciembre",
	};
	int m;

	for (m = 0; m < 12; m++)
		if (in_list(w, n, months[m]))
			return m + 1;
	return 0;
}

static int zone(struct cur *c, struct drange_time *t)
{
	static const struct { const char *name; int min; } zones[] = {
		{ "pst", -480 }, { "pdt", -420 }, { "mst", -420 }, { "mdt", -360 },
		{ "est", -300 }, { "edt", -240 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
		{ "bst", 60 }, { "cet", 60 }, { "mez", 60 }, { "cest", 120 },
		{ "mesz", 120 }, { "ist", 330 }, { "jst", 540 }, { "aest", 600 },
		{ "aedt", 660 },
	};
	char w[16];
	size_t n, i;
	int sign, h, m = 0, nd;

	skip_blanks(c);
	if (c->p == c->end)
		return 0;
	n = word(c, w, sizeof(w));
	if (n) {
		for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
			if (!strcmp(w, zones[i].name))
				break;
		if (i == sizeof(zones) / sizeof(zones[0]))
			return -1;
		t->has_tz = 1;
		t->tz_min = zones[i].min;
	}
	if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
		sign = *c->p == '-' ? -1 : 1;
		c->p++;
		if (digits(c, 2, &h, &nd))
			return -1;
		if (c->p < c->end && *c->p == ':')
			c->p++;
		if (c->p < c->end && *c->p >= '0' && *c->p <= '9' && digits(c, 2, &m, &nd))
			return -1;
		if (h > 14 || m > 59)
			return -1;
		t->has_tz = 1;
		t->tz_min += sign * (h * 60 + m);
	}
	skip_blanks(c);
	return c->p == c->end ? 0 : -1;
}

int drange_parse_date(struct drange_time *out, const char *s, size_t len,
		      int month_first)
{
	struct cur c = { (const unsigned char *)s, (const unsigned char *)s + len };
	int y = 0, m = 0, d = 0, a, b, na, nb, ny, h = 0, mi = 0, se = 0, nd;
	char w[24];
	size_t wn;

	memset(out, 0, sizeof(*out));
	skip_blanks(&c);
	if (c.p == c.end)
		return LL_EPARSE;
	if (*c.p >= '0' && *c.p <= '9') {
		digits(&c, 4, &a, &na);
		if (na == 4 && c.p < c.end && *c.p == '-') { /* 2017-11-01 */
			y = a;
			c.p++;
			if (digits(&c, 2, &m, &nd) || c.p >= c.end || *c.p != '-')
				return LL_EPARSE;
			c.p++;
			if (digits(&c, 2, &d, &nd))
				return LL_EPARSE;
		} else {
			if (na > 2)
				return LL_EPARSE;
			while (c.p < c.end && (*c.p == ' ' || *c.p == '.' || *c.p == '/' ||
					       *c.p == '-'))
				c.p++;
			if (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
				/* 01.11.2017, 01/11/2017 */
				char sep = (char)c.p[-1];

				if (digits(&c, 2, &b, &nb) || c.p >= c.end ||
				    (*c.p != '.' && *c.p != '/' && *c.p != '-'))
					return LL_EPARSE;
				c.p++;
				if (digits(&c, 4, &y, &ny) || ny != 4)
					return LL_EPARSE;
				if (month_first && sep == '/') {
					m = a;
					d = b;
				} else {
					d = a;
					m = b;
				}
			} else {
				/* 01 Nov 2017, 1 nov. 2017, 01/nov/2017 */
				d = a;
				wn = word(&c, w, sizeof(w));
				if (!(m = month_of(w, wn)))
					return LL_EPARSE;
				while (c.p < c.end && (*c.p == ' ' || *c.p == '/' || *c.p == '-'))
					c.p++;
				if (digits(&c, 4, &y, &ny) || ny != 4)
					return LL_EPARSE;
			}
		}
	} else {
		/* Jan 1, 2017 */
		wn = word(&c, w, sizeof(w));
		if (!(m = month_of(w, wn)))
			return LL_EPARSE;
		skip_blanks(&c);
		if (digits(&c, 2, &d, &nd))
			return LL_EPARSE;
		skip_blanks(&c);
		if (digits(&c, 4, &y, &ny) || ny != 4)
			return LL_EPARSE;
	}
	if (!date_valid(y, m, d))
		return LL_EPARSE;
	out->days = date_days(y, m, d);
	skip_blanks(&c);
	if (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
		/* 12:38:23, 12.38.23, 4:24:44 am */
		if (digits(&c, 2, &h, &nd) || c.p >= c.end || (*c.p != ':' && *c.p != '.'))
			return LL_EPARSE;
		c.p++;
		if (digits(&c, 2, &mi, &nd))
			return LL_EPARSE;
		if (c.p < c.end && (*c.p == ':' || *c.p == '.')) {
			c.p++;
			if (digits(&c, 2, &se, &nd))
				return LL_EPARSE;
		}
		skip_blanks(&c);
		if (c.end - c.p >= 2) {
			const unsigned char *save = c.p;

			wn = word(&c, w, sizeof(w));
			if (!strcmp(w, "am") || !strcmp(w, "pm")) {
				if (h < 1 || h > 12)
					return LL_EPARSE;
				h = (h % 12) + (w[0] == 'p' ? 12 : 0);
			} else {
				c.p = save;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return LL_EPARSE;
		out->secs = h * 3600 + mi * 60 + se;
	}
	return zone(&c, out) ? LL_EPARSE : 0;
}

int64_t drange_time_utc(const struct drange_time *t)
{
	return t->days * 86400 + t->secs - (t->has_tz ? (int64_t)t->tz_min * 60 : 0);
}

/* ------------------------------------------------------------------ */
/* Amounts                                                             */

int drange_parse_money(int64_t *out, const char *s, size_t len, int exponent,
		       enum money_style style)
{
	const unsigned char *a = (const unsigned char *)s, *b = a + len;
	unsigned char dec = style == MONEY_COMMA ? ',' : '.';
	unsigned char grp = style == MONEY_COMMA ? '.' : ',';
	int ngroups = 0, run = 0, first = 0, bad = 0;

	/* grouping separators in the integer part sit every three digits
	 * (Indian: twos, then a final three) */
	while (a < b && !(*a >= '0' && *a <= '9'))
		a++;
	while (b > a && !(b[-1] >= '0' && b[-1] <= '9'))
		b--;
	for (; a < b; a++) {
		size_t skip = 0;

		if (*a >= '0' && *a <= '9') {
			run++;
			continue;
		}
		if (*a == dec)
			break;
		if (*a == 0xC2 && a + 1 < b && a[1] == 0xA0)
			skip = 1;
		else if (*a == 0xE2 && a + 2 < b && a[1] == 0x80 && a[2] == 0xAF)
			skip = 2;
		else if (*a != grp && *a != ' ' && *a != 0xA0 && *a != '\'')
			return LL_EPARSE;
		if (ngroups == 0)
			first = run;
		else if (run != 2 && run != 3)
			bad = 1;
		ngroups++;
		run = 0;
		a += skip;
	}
	if (ngroups && (bad || first < 1 || first > 3 || run != 3))
		return LL_EPARSE;
	return money_parse(out, s, len, exponent, style);
}

/* ------------------------------------------------------------------ */
/* Detection                                                           */

struct hdr {
	int idx[DC__N];
	int ncols;
	int lang;
	int known;      /* cells we know */
	int money_extra[MAX_COLS]; /* unknown cells read as money */
	char extra_name[MAX_COLS][64];
	int nextra;
	char unknown[400];
	int nunknown;
};

static void list_add(char *list, size_t cap, const char *s, size_t n)
{
	size_t l = strlen(list);

	if (l + n + 8 < cap)
		snprintf(list + l, cap - l, "%s'%.*s'", l ? ", " : "", (int)n, s);
	else if (l + 6 < cap && strcmp(list + l - 3, "...") != 0)
		snprintf(list + l, cap - l, ", ...");
}

/* Read the header cells; 0 (h filled) or LL_EPARSE when it is not CSV. */
static int read_header(struct hdr *h, const char *line, size_t len)
{
	char delim = mkt_delim(line, len); /* ',' or a re-saved copy's ';' or tab */
	struct csvrec r;
	int score[DRANGE__N] = { 0 };
	size_t i;
	int l, first_money = -1, rc = 0;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < DC__N; i++)
		h->idx[i] = -1;
	csvrec_init(&r);
	if (csvrec_parse(&r, line, len, delim) || r.nf > MAX_COLS || r.nf < 2) {
		rc = LL_EPARSE;
		goto done;
	}
	h->ncols = (int)r.nf;
	for (i = 0; i < r.nf; i++) {
		char f[NORM_MAX];
		size_t n = fold(f, r.f[i].p, r.f[i].len);
		unsigned langs;
		int c = col_of(f, n, &langs);

		if (c >= 0 && h->idx[c] < 0) {
			h->idx[c] = (int)i;
			h->known++;
			for (l = 0; l < DRANGE__N; l++)
				if (langs & (1u << l))
					score[l]++;
			if (c >= DC_MONEY && first_money < 0)
				first_money = (int)i;
		} else if (n) {
			h->nunknown++;
			list_add(h->unknown, sizeof(h->unknown), r.f[i].p,
				 r.f[i].len < 60 ? r.f[i].len : 60);
		}
	}
	h->lang = DRANGE_EN;
	for (l = 1; l < DRANGE__N; l++)
		if (score[l] > score[h->lang])
			h->lang = l;
	/* unknown cells between the first money column and total hold money */
	if (first_money >= 0 && h->idx[DC_TOTAL] > first_money)
		for (i = (size_t)first_money; i < (size_t)h->idx[DC_TOTAL]; i++) {
			char f[NORM_MAX];
			size_t n = fold(f, r.f[i].p, r.f[i].len);
			unsigned langs;

			if (n && col_of(f, n, &langs) < 0) {
				snprintf(h->extra_name[h->nextra], 64, "%.*s",
					 (int)(r.f[i].len < 63 ? r.f[i].len : 63), r.f[i].p);
				h->money_extra[h->nextra++] = (int)i;
			}
		}
done:
	csvrec_free(&r);
	return rc;
}

static int header_complete(const struct hdr *h)
{
	return h->idx[DC_DATE] >= 0 && h->idx[DC_SETTLEMENT] >= 0 &&
	       h->idx[DC_TYPE] >= 0 && h->idx[DC_TOTAL] >= 0;
}

int drange_detect(const char *line, size_t len)
{
	struct hdr h;
	struct csvrec r;
	size_t i;
	int sku = 0, mkt = 0, quoted = 0, nf;

	/* comma, or the semicolons or tabs of a copy a spreadsheet re-saved */
	if (!memchr(line, mkt_delim(line, len), len))
		return 0;
	if (read_header(&h, line, len))
		return 0;
	if (header_complete(&h) && h.known >= 6)
		return 1;
	/* the shape of one, in a language we do not read */
	csvrec_init(&r);
	nf = csvrec_parse(&r, line, len, mkt_delim(line, len)) ? 0 : (int)r.nf;
	for (i = 0; i < (size_t)nf && i < CSVREC_MAX_FIELDS; i++) {
		quoted += r.quoted[i];
		if (text_ieq(text_trim(r.f[i]), "sku"))
			sku = 1;
		if (text_ieq(text_trim(r.f[i]), "marketplace"))
			mkt = 1;
	}
	csvrec_free(&r);
	return (nf >= 15 && sku && mkt && quoted == nf) ? 2 : 0;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

struct srec {
	struct deposit d;
	char cur[4];           /* from its marketplace, "" until seen */
	int64_t first_utc;
	long first_line;
	int64_t first_days, last_days;
	long nrows;            /* non-Transfer rows */
	int64_t transfer_sum;  /* WORK_EXP decimals */
	int ntransfer;
	int64_t transfer_days;
};

struct held {
	long rows, first_line;
	int64_t sum;
};

struct ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	long unreadable;       /* rows left out with no settlement to carry them */
	struct hdr h;
	enum money_style style;
	int month_first;
	struct srec **s;
	size_t ns, cap, last;
	struct held deferred, nosid;
	char unknown_types[400];
	int nunknown_types;
	long cur_count[NSITES];
	struct buf tmp;
	long header_line;
	char delim;            /* ',' or a re-saved copy's ';' or tab */
};

/* a row or file problem, to the sink (parse_reject) */
#define reject(c, ...) parse_reject((c)->sink, (c)->path, __VA_ARGS__)

static struct field cell(const struct csvrec *r, int idx)
{
	struct field empty = { "", 0 };

	if (idx < 0 || (size_t)idx >= r->nf || idx >= CSVREC_MAX_FIELDS)
		return empty;
	return text_trim(r->f[idx]);
}

/* intern v as UTF-8 */
static int intern(struct ctx *c, struct deposit *d, struct field v, uint32_t *id)
{
	return deposit_intern_text(d, &c->tmp, v.p, v.len, id);
}

static struct srec *find_settlement(struct ctx *c, struct field id, long line)
{
	struct srec *s;
	size_t i;
	char sid[64];

	if (c->last < c->ns && strlen(c->s[c->last]->d.id) == id.len &&
	    memcmp(c->s[c->last]->d.id, id.p, id.len) == 0)
		return c->s[c->last];
	for (i = 0; i < c->ns; i++)
		if (strlen(c->s[i]->d.id) == id.len && memcmp(c->s[i]->d.id, id.p, id.len) == 0) {
			c->last = i;
			return c->s[i];
		}
	if (c->ns == MAX_SETTLEMENTS) {
		reject(c, line, "error", "too-many-settlements",
		       "more than %d settlements in one report; row skipped", MAX_SETTLEMENTS);
		return NULL;
	}
	if (c->ns == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		struct srec **n = realloc(c->s, nc * sizeof(*n));

		if (!n)
			return NULL;
		c->s = n;
		c->cap = nc;
	}
	snprintf(sid, sizeof(sid), "%.*s", (int)(id.len < 63 ? id.len : 63), id.p);
	s = calloc(1, sizeof(*s));
	if (!s || deposit_init(&s->d, "amazon", sid, c->path)) {
		free(s);
		return NULL;
	}
	s->d.exponent = WORK_EXP;
	s->first_line = line;
	c->s[c->ns] = s;
	c->last = c->ns++;
	return s;
}

static int site_of(struct field v)
{
	char f[NORM_MAX];
	size_t n = fold(f, v.p, v.len), i;

	for (i = 0; i < NSITES; i++) {
		const char *hit = n ? strstr(f, sites[i].site) : NULL;
		size_t sl = strlen(sites[i].site);

		/* amazon.com must not match amazon.com.mx */
		if (hit && (hit[sl] == '\0' || hit[sl] == '/' || hit[sl] == ' '))
			return (int)i;
	}
	return -1;
}

/* The event name of a non-order row's money: its description's, else its type. */
static const char *desc_name(struct field desc, const char *en_type)
{
	char f[NORM_MAX];
	size_t i;

	fold(f, desc.p, desc.len);
	for (i = 0; i < sizeof(descs) / sizeof(descs[0]); i++)
		if (strstr(f, descs[i].frag))
			return descs[i].name;
	return en_type;
}

static void held_add(struct held *h, long line, int64_t total)
{
	if (!h->rows)
		h->first_line = line;
	h->rows++;
	h->sum = money_add(h->sum, total);
}

/* the report's number style, unless the value proves the other (an
 * English report re-saved by a spreadsheet with decimal commas) */
static enum money_style value_style(const struct ctx *c, struct field v)
{
	enum money_style p = mkt_money_proof(v);

	return p == MONEY_AUTO ? c->style : p;
}

/* One record. Returns 0, or LL_ERROR (out of memory). */
static int row(struct ctx *c, const struct csvrec *r)
{
	const struct hdr *h = &c->h;
	int64_t amt[DC__N + MAX_COLS], total = 0, sum = 0;
	int has[DC__N + MAX_COLS];
	struct field v, sid, tv, desc;
	struct drange_time t;
	struct srec *s;
	struct event e;
	char f[NORM_MAX], ty[NORM_MAX];
	const char *en_type;
	int ti, k, bad = 0, deferred = 0, qty_done = 0;
	size_t n, i;
	long line = r->line;

	c->stats->rows++;
	if (r->nf > (size_t)h->ncols) {
		for (i = (size_t)h->ncols; i < r->nf && i < CSVREC_MAX_FIELDS; i++)
			if (text_trim(r->f[i]).len) {
				reject(c, line, "error", "bad-row",
				       "row has %zu fields, the header has %d; row not imported",
				       r->nf, h->ncols);
				c->stats->bad_rows++;
				c->unreadable++;
				return 0;
			}
	}
	sid = cell(r, h->idx[DC_SETTLEMENT]);
	tv = cell(r, h->idx[DC_TYPE]);
	n = fold(ty, tv.p, tv.len);
	ti = type_of(ty, n);
	if (ti < 0 && n) {
		char q[NORM_MAX + 4];

		snprintf(q, sizeof(q), "'%s'", ty);
		if (!strstr(c->unknown_types, q)) {
			c->nunknown_types++;
			list_add(c->unknown_types, sizeof(c->unknown_types), ty,
				 n < 50 ? n : 50);
		}
	}
	en_type = ti >= 0 ? types[ti].en : NULL;

	/* money, checked against the row's total */
	memset(has, 0, sizeof(has));
	for (k = DC_MONEY; k < DC__N + h->nextra; k++) {
		int idx = k < DC__N ? h->idx[k] : h->money_extra[k - DC__N];

		v = cell(r, idx);
		if (idx < 0 || v.len == 0)
			continue;
		if (drange_parse_money(&amt[k], v.p, v.len, WORK_EXP, value_style(c, v))) {
			fold(f, v.p, v.len);
			reject(c, line, "error", "bad-amount",
			       "'%s' in column %d is not an amount in this report's number "
			       "style (%s); row not imported", f, idx + 1,
			       c->style == MONEY_COMMA ? "1.234,56" : "1,234.56");
			bad = 1;
			continue;
		}
		has[k] = 1;
		if (__builtin_add_overflow(sum, amt[k], &sum))
			bad = 1;
	}
	v = cell(r, h->idx[DC_TOTAL]);
	if (!bad && v.len &&
	    drange_parse_money(&total, v.p, v.len, WORK_EXP, value_style(c, v))) {
		fold(f, v.p, v.len);
		reject(c, line, "error", "bad-amount",
		       "total '%s' in column %d is not an amount in this report's number "
		       "style (%s); row not imported", f, h->idx[DC_TOTAL] + 1,
		       c->style == MONEY_COMMA ? "1.234,56" : "1,234.56");
		bad = 1;
	}
	if (!bad && sum != total) {
		char a[48], b[48];

		reject(c, line, "error", "row-sum",
		       "the amounts of this row sum to %s, its total column says %s; "
		       "row not imported", money_format(a, sizeof(a), sum, WORK_EXP),
		       money_format(b, sizeof(b), total, WORK_EXP));
		bad = 1;
	}
	v = cell(r, h->idx[DC_DATE]);
	if (!bad) {
		buf_reset(&c->tmp);
		if (text_append_utf8(&c->tmp, v.p, v.len))
			return LL_ERROR;
		if (drange_parse_date(&t, buf_cstr(&c->tmp), c->tmp.len, c->month_first)) {
			fold(f, v.p, v.len);
			reject(c, line, "error", "bad-date",
			       "date/time '%s' is not a date we read; row not imported", f);
			bad = 1;
		}
	}
	v = cell(r, h->idx[DC_STATUS]);
	if (v.len) {
		fold(f, v.p, v.len);
		deferred = strstr(f, "defer") || strstr(f, "differ") || strstr(f, "difer") ||
			   strstr(f, "zurückgestellt") || strstr(f, "aufgeschoben");
	}
	if (bad) {
		c->stats->bad_rows++;
		if (sid.len && sid.len <= 40 && !deferred &&
		    (s = find_settlement(c, sid, line)) != NULL) {
			/* its settlement does not tie: the row goes with it */
			s->d.bad_rows++;
			deposit_row(&s->d, (uint32_t)line);
			return 0;
		}
		if (sid.len && sid.len <= 40 && !deferred && c->ns < MAX_SETTLEMENTS)
			return LL_ERROR;
		c->unreadable++;
		return 0;
	}
	if (deferred) {
		held_add(&c->deferred, line, total);
		return 0;
	}
	if (sid.len == 0 || sid.len > 40) {
		held_add(&c->nosid, line, total);
		return 0;
	}
	s = find_settlement(c, sid, line);
	if (!s) {
		if (c->ns < MAX_SETTLEMENTS)
			return LL_ERROR;
		c->unreadable++;
		return 0;
	}
	deposit_row(&s->d, (uint32_t)line);
	if (!c->stats->first_days || t.days < c->stats->first_days)
		c->stats->first_days = t.days;
	if (t.days > c->stats->last_days)
		c->stats->last_days = t.days;
	if (en_type && !strcmp(en_type, "Transfer")) {
		s->transfer_sum = money_add(s->transfer_sum, total);
		s->ntransfer++;
		if (t.days > s->transfer_days)
			s->transfer_days = t.days;
		return 0;
	}
	if (!s->nrows || drange_time_utc(&t) < s->first_utc)
		s->first_utc = drange_time_utc(&t);
	if (!s->first_days || t.days < s->first_days)
		s->first_days = t.days;
	if (t.days > s->last_days)
		s->last_days = t.days;
	s->nrows++;
	if (!s->cur[0]) {
		int si = site_of(cell(r, h->idx[DC_MARKETPLACE]));

		if (si >= 0) {
			memcpy(s->cur, sites[si].cur, 4);
			c->cur_count[si]++;
		}
	}

	memset(&e, 0, sizeof(e));
	e.line = (uint32_t)line;
	e.posted_days = t.days;
	desc = cell(r, h->idx[DC_DESC]);
	if (intern(c, &s->d, en_type ? (struct field){ en_type, strlen(en_type) } : tv,
		   &e.ttype) ||
	    intern(c, &s->d, cell(r, h->idx[DC_ORDER]), &e.order_id) ||
	    intern(c, &s->d, cell(r, h->idx[DC_SKU]), &e.sku) ||
	    intern(c, &s->d, cell(r, h->idx[DC_MARKETPLACE]), &e.marketplace))
		return LL_ERROR;
	for (k = DC_MONEY; k < DC__N + h->nextra; k++) {
		const char *atype, *adesc;
		struct field fa, fd;
		int64_t q;

		if (!has[k] || amt[k] == 0)
			continue;
		if (k >= DC__N) { /* a money column we do not know: named by its header */
			atype = h->extra_name[k - DC__N];
			adesc = "";
		} else if (ti >= 0 && types[ti].order_like) {
			atype = cols[k].atype;
			adesc = cols[k].adesc ? cols[k].adesc : en_type;
		} else {
			atype = "other-transaction";
			adesc = desc_name(desc, en_type ? en_type : "");
		}
		fa = (struct field){ atype, strlen(atype) };
		if (!en_type && !strcmp(atype, "other-transaction"))
			fd = desc.len ? desc : tv; /* an unknown type: as written */
		else
			fd = (struct field){ adesc, strlen(adesc) };
		if (intern(c, &s->d, fa, &e.atype) || intern(c, &s->d, fd, &e.adesc))
			return LL_ERROR;
		e.amount = amt[k];
		e.quantity = 0;
		if (!qty_done) {
			v = cell(r, h->idx[DC_QTY]);
			if (v.len && money_parse(&q, v.p, v.len, 0, MONEY_DOT) == 0 &&
			    q > -1000000 && q < 1000000)
				e.quantity = (int32_t)q;
			qty_done = 1;
		}
		e.kind = (uint8_t)amazon_event_kind(deposit_str(&s->d, e.ttype),
						    deposit_str(&s->d, e.atype),
						    deposit_str(&s->d, e.adesc));
		if (deposit_add(&s->d, &e))
			return LL_ERROR;
	}
	return 0;
}

/* The file's currency: the most frequent marketplace's, else the
 * language's when it has only one (EUR), else "". */
static const char *file_currency(const struct ctx *c)
{
	size_t i, best = NSITES;

	for (i = 0; i < NSITES; i++)
		if (c->cur_count[i] && (best == NSITES || c->cur_count[i] > c->cur_count[best]))
			best = i;
	if (best < NSITES)
		return sites[best].cur;
	return c->h.lang != DRANGE_EN ? "EUR" : "";
}

/* Bring a settlement from WORK_EXP decimals to its currency's. */
static int rescale(struct srec *s, int exp)
{
	int64_t f = 1;
	size_t i;
	int k;

	if (exp == WORK_EXP)
		return 0;
	if (exp > WORK_EXP) {
		for (k = WORK_EXP; k < exp; k++)
			f *= 10;
		for (i = 0; i < s->d.nev; i++)
			if (__builtin_mul_overflow(s->d.ev[i].amount, f, &s->d.ev[i].amount))
				return -1;
		return __builtin_mul_overflow(s->transfer_sum, f, &s->transfer_sum) ? -1 : 0;
	}
	for (k = exp; k < WORK_EXP; k++)
		f *= 10;
	for (i = 0; i < s->d.nev; i++) {
		if (s->d.ev[i].amount % f)
			return -1;
		s->d.ev[i].amount /= f;
	}
	if (s->transfer_sum % f)
		return -1;
	s->transfer_sum /= f;
	return 0;
}

/* v (WORK_EXP decimals) in minor units of a currency with exp decimals;
 * 0 when it does not fit exactly (the ledger's money is then unknown) */
static int64_t work_to(int64_t v, int exp)
{
	int k;

	for (k = WORK_EXP; k < exp; k++)
		if (__builtin_mul_overflow(v, 10, &v))
			return 0;
	for (k = exp; k < WORK_EXP; k++) {
		if (v % 10)
			return 0;
		v /= 10;
	}
	return v;
}

/* rows held back or left out with money in the report's amounts */
static int work_fate(struct ctx *c, const char *cur, enum parse_fate fate, const char *why,
		     long rows, int64_t sum)
{
	return parse_fate(c->sink, cur, fate, why, rows,
			  cur[0] ? work_to(sum, currency_exponent(cur)) : 0);
}

/* A settlement held back as not wholly in the report: its rows and money. */
static int held_fate(struct ctx *c, struct srec *s, const char *why)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < s->d.nev; i++)
		sum += s->d.ev[i].amount;
	return work_fate(c, s->d.currency, FATE_HELD, why, s->d.rows, sum);
}

/*
 * A settlement whose rows open the report may have begun before its first
 * day; it is whole when its rows add up exactly to its Transfer (and every
 * row was read): rows cut off before the report would have to sum to zero
 * for it to tie, and the tie check against the transfer stands behind it.
 */
static int proven_whole(const struct srec *s)
{
	int64_t sum = 0;
	size_t i;

	if (!s->ntransfer || !s->nrows || s->d.bad_rows)
		return 0;
	for (i = 0; i < s->d.nev; i++)
		if (__builtin_add_overflow(sum, s->d.ev[i].amount, &sum))
			return 0;
	return sum == -s->transfer_sum && sum != 0;
}

static int deliver(struct ctx *c)
{
	const char *fcur = file_currency(c);
	int64_t report_first = 0;
	size_t i;
	int have_first = 0, rc = 0;
	char a[48], d1[11], d2[11];

	for (i = 0; i < c->ns; i++)
		if (c->s[i]->nrows && (!have_first || c->s[i]->first_utc < report_first)) {
			report_first = c->s[i]->first_utc;
			have_first = 1;
		}
	for (i = 0; i < c->ns && rc == 0; i++) {
		struct srec *s = c->s[i];
		const char *why = NULL;

		if (s->first_days)
			date_days_ymd(s->first_days, d1);
		else
			date_days_ymd(s->transfer_days, d1);
		date_days_ymd(s->last_days > s->transfer_days ? s->last_days : s->transfer_days,
			      d2);
		if (!s->ntransfer)
			why = "it has no Transfer row: it had not closed by the report's "
			      "last day, or its balance was not paid out by transfer";
		else if (!s->nrows)
			why = "only its Transfer row is in this report: its rows came before "
			      "the report's first day";
		else if (s->first_utc == report_first && !proven_whole(s))
			why = "its rows open the report, so it may have begun before the "
			      "report's first day, and they do not add up to its Transfer";
		snprintf(s->d.currency, sizeof(s->d.currency), "%s", s->cur[0] ? s->cur : fcur);
		if (why) {
			rc = reject(c, s->first_line, "warning", "incomplete",
				    "settlement %s is not wholly in this report (%zu amounts, "
				    "%s to %s): %s; not planned from this file (import its "
				    "settlement report, or a Date Range report that covers "
				    "all of it)", s->d.id, s->d.nev, d1, d2, why);
			if (rc == 0)
				rc = held_fate(c, s, "incomplete");
			continue;
		}
		if (!s->d.currency[0]) {
			rc = reject(c, s->first_line, "error", "bad-currency",
				    "settlement %s: no marketplace tells its currency; not "
				    "planned", s->d.id);
			if (rc == 0)
				rc = parse_fate(c->sink, "", FATE_LEFT, "unreadable", s->d.rows, 0);
			continue;
		}
		s->d.exponent = currency_exponent(s->d.currency);
		if (rescale(s, s->d.exponent)) {
			rc = reject(c, s->first_line, "error", "bad-amount",
				    "settlement %s: an amount has more decimals than %s allows; "
				    "not planned", s->d.id, s->d.currency);
			if (rc == 0)
				rc = parse_fate(c->sink, s->d.currency, FATE_LEFT, "unreadable",
						s->d.rows, 0);
			continue;
		}
		s->d.total = -s->transfer_sum;
		date_days_ymd(s->first_days, s->d.start_date);
		date_days_ymd(s->transfer_days, s->d.end_date);
		date_days_ymd(s->transfer_days, s->d.deposit_date);
		s->d.has_header = 1;
		s->d.header_line = (uint32_t)s->first_line;
		c->stats->deposits++;
		rc = c->sink->deposit(c->sink->ctx, &s->d);
	}
	if (rc == 0 && c->deferred.rows)
		rc = reject(c, c->deferred.first_line, "warning", "deferred",
			    "%ld row(s) are Deferred (total %s in the report's amounts): not "
			    "yet in a settlement, held back and not planned; they come back "
			    "under their settlement id in a later report", c->deferred.rows,
			    money_format(a, sizeof(a), c->deferred.sum, WORK_EXP)) ||
		     work_fate(c, fcur, FATE_HELD, "deferred", c->deferred.rows,
			       c->deferred.sum);
	if (rc == 0 && c->nosid.rows)
		rc = reject(c, c->nosid.first_line, "warning", "no-settlement",
			    "%ld row(s) have no settlement id (total %s in the report's "
			    "amounts): not yet in a settlement, held back and not planned",
			    c->nosid.rows, money_format(a, sizeof(a), c->nosid.sum, WORK_EXP)) ||
		     work_fate(c, fcur, FATE_HELD, "no-settlement", c->nosid.rows,
			       c->nosid.sum);
	if (rc == 0 && c->unreadable)
		rc = parse_fate(c->sink, "", FATE_LEFT, "unreadable", c->unreadable, 0);
	if (rc == 0 && c->nunknown_types)
		rc = reject(c, 0, "warning", "unknown-type",
			    "type value(s) not known: %s; their rows are imported under the "
			    "type as written (check the mapping)", c->unknown_types);
	return rc;
}

static void free_all(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->ns; i++) {
		deposit_free(&c->s[i]->d);
		free(c->s[i]);
	}
	free(c->s);
	c->s = NULL;
	c->ns = c->cap = 0;
}

/* A header we cannot read: name the words and the type values we do not know. */
static int unknown_locale(struct ctx *c, struct lines *l, struct ll_err *err)
{
	struct csvrec r;
	char typesl[300] = "";
	int k, ntypes = 0;

	csvrec_init(&r);
	for (k = 0; k < 200 && ntypes < 8 && csvrec_next(&r, l, c->delim, err) == 1; k++) {
		struct field v = r.nf > 2 ? text_trim(r.f[2]) : (struct field){ "", 0 };
		char f[NORM_MAX];
		size_t n = fold(f, v.p, v.len);

		if (n && type_of(f, n) < 0 && !strstr(typesl, f)) {
			list_add(typesl, sizeof(typesl), f, n);
			ntypes++;
		}
	}
	csvrec_free(&r);
	return ll_err_set(err, LL_EPARSE, c->path, c->header_line,
			  "unknown column set: an Amazon Date Range report in a language "
			  "ledgerlift does not read; header words not understood: %s; type "
			  "values not understood: %s (download it with Seller Central in "
			  "English, German, French, Italian or Spanish)",
			  c->h.unknown[0] ? c->h.unknown : "(none)",
			  typesl[0] ? typesl : "(none)");
}

int amazon_parse_daterange(struct lines *l, const char *path, const char *header,
			   size_t hlen, const struct parse_sink *sink,
			   struct parse_stats *stats, struct ll_err *err)
{
	struct ctx *c;
	struct csvrec *r = NULL;
	int rc;

	c = calloc(1, sizeof(*c));
	if (!c)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	c->path = path;
	c->sink = sink;
	c->stats = stats;
	c->header_line = l->lineno;
	c->delim = mkt_delim(header, hlen);
	buf_init(&c->tmp, LINES_MAX_LEN * 4);
	if (read_header(&c->h, header, hlen)) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno,
				"unknown column set: the header is not a CSV line we read");
		goto done;
	}
	if (!header_complete(&c->h)) {
		rc = unknown_locale(c, l, err);
		goto done;
	}
	c->style = c->h.lang == DRANGE_EN ? MONEY_DOT : MONEY_COMMA;
	c->month_first = c->h.lang == DRANGE_EN;
	if (c->h.nunknown > c->h.nextra)
		reject(c, l->lineno, "warning", "unknown-column",
		       "%d column(s) not known: %s; those between the money columns and "
		       "'total' are imported as amounts, the others ignored",
		       c->h.nunknown, c->h.unknown);
	else if (c->h.nextra)
		reject(c, l->lineno, "warning", "unknown-column",
		       "%d money column(s) not known: %s; their amounts are imported "
		       "under the column's name as amount type (check the mapping)",
		       c->h.nextra, c->h.unknown);
	r = csvrec_new();
	if (!r) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	while ((rc = csvrec_next(r, l, c->delim, err)) == 1) {
		if (r->nf == 1 && r->f[0].len == 0)
			continue;
		if (row(c, r)) {
			rc = ll_err_set(err, LL_ERROR, path, r->line, "out of memory");
			goto done;
		}
	}
	if (rc < 0)
		goto done; /* a read error: what we have is incomplete, deliver nothing */
	rc = deliver(c);
done:
	csvrec_delete(r);
	free_all(c);
	buf_free(&c->tmp);
	free(c);
	return rc;
}
