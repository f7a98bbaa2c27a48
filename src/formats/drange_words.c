/*
 * drange_words.c - the words of the Amazon Date Range transaction report:
 * its column names and row types in English, German, French, Italian and
 * Spanish, the descriptions of non-order rows, and the header reader that
 * matches a header line against them (drange_priv.h).
 *
 * Words are compared folded (drange_fold: lower case, accents' case and
 * blanks folded, a trailing ':' dropped), each table entry a '|'-separated
 * list of folded alternatives. drange_read_header finds each known column
 * and counts, per language, the cells it names, so the language with the
 * most matches decides the file's number style; unknown cells between the
 * first money column and 'total' are kept as money columns of their own.
 * drange_detect (parse_amazon_daterange.h) tells a Date Range report by
 * its header, or by its shape when it is in a language we do not read.
 * Adding a word is adding it to a table here.
 */
#include "parse_amazon_daterange.h"

#include <stdio.h>
#include <string.h>

#include "formats/drange_priv.h"
#include "formats/parse_mkt.h"
#include "util/csvrec.h"
#include "util/text.h"

/* ------------------------------------------------------------------ */
/* Columns and their names per language                                */

/* Indexed by enum dcol. Non-English names: our best knowledge of the EU
 * downloads, unverified (docs/amazon-date-range.md lists them). */
const struct drange_col drange_cols[DC__N] = {
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
const struct drange_type drange_types[] = {
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
#define NTYPES (sizeof(drange_types) / sizeof(drange_types[0]))

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

/* ------------------------------------------------------------------ */
/* Text folding                                                        */

/* s[0..len) as UTF-8 (CP1252 when it is not), lower case (ASCII and
 * Latin-1 letters), blanks and NBSP folded to single spaces, U+2019 as an
 * apostrophe, trimmed, without a trailing ':'. Returns the length. */
size_t drange_fold(char out[DRANGE_NORM_MAX], const char *s, size_t len)
{
	struct buf u = BUF_INIT(DRANGE_NORM_MAX * 4);
	const unsigned char *p;
	size_t i, n = 0, ul;
	int space = 0;

	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == len) { /* ASCII: no copy */
		p = (const unsigned char *)s;
		ul = len;
	} else if (text_append_utf8(&u, s,
				     len < DRANGE_NORM_MAX * 2 ? len : DRANGE_NORM_MAX * 2)) {
		buf_free(&u);
		out[0] = '\0';
		return 0;
	} else {
		p = (const unsigned char *)buf_cstr(&u);
		ul = u.len;
	}
	for (i = 0; i < ul && n + 4 < DRANGE_NORM_MAX; i++) {
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
int drange_in_list(const char *s, size_t n, const char *list)
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
			if (drange_cols[c].names[l] && drange_in_list(s, n, drange_cols[c].names[l])) {
				if (found < 0)
					found = c;
				if (found == c)
					*langs |= 1u << l;
			}
	return found;
}

int drange_type_of(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (drange_in_list(s, n, drange_types[i].names))
			return (int)i;
	return -1;
}

/* The event name of a non-order row's money: its description's, else its type. */
const char *drange_desc_name(struct field desc, const char *en_type)
{
	char f[DRANGE_NORM_MAX];
	size_t i;

	drange_fold(f, desc.p, desc.len);
	for (i = 0; i < sizeof(descs) / sizeof(descs[0]); i++)
		if (strstr(f, descs[i].frag))
			return descs[i].name;
	return en_type;
}

/* ------------------------------------------------------------------ */
/* Detection                                                           */

/* append 's' to a ', '-separated list, ', ...' once full */
void drange_list_add(char *list, size_t cap, const char *s, size_t n)
{
	size_t l = strlen(list);

	if (l + n + 8 < cap)
		snprintf(list + l, cap - l, "%s'%.*s'", l ? ", " : "", (int)n, s);
	else if (l + 6 < cap && strcmp(list + l - 3, "...") != 0)
		snprintf(list + l, cap - l, ", ...");
}

/* Read the header cells; 0 (h filled) or LL_EPARSE when it is not CSV. */
int drange_read_header(struct drange_hdr *h, const char *line, size_t len)
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
	if (csvrec_parse(&r, line, len, delim) || r.nf > DRANGE_MAX_COLS || r.nf < 2) {
		rc = LL_EPARSE;
		goto done;
	}
	h->ncols = (int)r.nf;
	for (i = 0; i < r.nf; i++) {
		char f[DRANGE_NORM_MAX];
		size_t n = drange_fold(f, r.f[i].p, r.f[i].len);
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
			drange_list_add(h->unknown, sizeof(h->unknown), r.f[i].p,
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
			char f[DRANGE_NORM_MAX];
			size_t n = drange_fold(f, r.f[i].p, r.f[i].len);
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

int drange_header_complete(const struct drange_hdr *h)
{
	return h->idx[DC_DATE] >= 0 && h->idx[DC_SETTLEMENT] >= 0 &&
	       h->idx[DC_TYPE] >= 0 && h->idx[DC_TOTAL] >= 0;
}

int drange_detect(const char *line, size_t len)
{
	struct drange_hdr h;
	struct csvrec r;
	size_t i;
	int sku = 0, mkt = 0, quoted = 0, nf;

	/* comma, or the semicolons or tabs of a copy a spreadsheet re-saved */
	if (!memchr(line, mkt_delim(line, len), len))
		return 0;
	if (drange_read_header(&h, line, len))
		return 0;
	if (drange_header_complete(&h) && h.known >= 6)
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
