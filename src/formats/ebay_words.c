/*
 * ebay_words.c - eBay's words in five languages (ebay_words.h).
 *
 * Two tables, column names and row types. Every entry carries a mark
 * saying how it was verified:
 *   R  seen in a real eBay file (../shared/formats/samples);
 *   C  written in third-party importer code or tests made against real
 *      files, several of them agreeing (the eBay.de transaction report's
 *      "Datum der Transaktionserstellung", "Betrag abzügl. Kosten",
 *      "Auszahlung Nr.", the orders report's "Verkauft für", ...);
 *   U  reported by a user against a real download (issue 13: a
 *      transaction report whose first column is "Transaction date");
 *   I  inferred: eBay's translation pattern for the site, not seen in a
 *      file or an official page (all of eBay.fr, .it and .es, and some
 *      eBay.de words). A wrong guess costs a warning or an unknown column
 *      set naming the words, never a wrong booking.
 * docs/ebay.md lists them by site.
 */
#include "ebay_words.h"

#include <pthread.h>
#include <string.h>

#include "formats/paypal_words.h" /* pp_fold */

#define L(l) (1u << (l))
#define N(a) (sizeof(a) / sizeof((a)[0]))

struct colname {
	enum eb_col col;
	const char *name;
	unsigned langs;
};

struct typeword {
	const char *w;
	int lang;
	const char *canon;
	char src; /* R, C, U or I: see above */
};

static const struct colname colnames[] = {
	{ EC_TDATE, "Transaction creation date", L(EB_EN) }, /* C */
	{ EC_TDATE, "Transaction date", L(EB_EN) }, /* U */
	{ EC_TDATE, "Datum der Transaktionserstellung", L(EB_DE) }, /* C */
	{ EC_TDATE, "Erstellungsdatum der Transaktion", L(EB_DE) }, /* I */
	{ EC_TDATE, "Date de cr\xc3\xa9" "ation de la transaction", L(EB_FR) }, /* I */
	{ EC_TDATE, "Date de la transaction", L(EB_FR) }, /* I */
	{ EC_TDATE, "Data di creazione della transazione", L(EB_IT) }, /* I */
	{ EC_TDATE, "Data della transazione", L(EB_IT) }, /* I */
	{ EC_TDATE, "Fecha de creaci\xc3\xb3n de la transacci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_TDATE, "Fecha de la transacci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_TYPE, "Type", L(EB_EN) }, /* C */
	{ EC_TYPE, "Type", L(EB_FR) }, /* I */
	{ EC_TYPE, "Typ", L(EB_DE) }, /* C */
	{ EC_TYPE, "Tipo", L(EB_IT) }, /* I */
	{ EC_TYPE, "Tipo", L(EB_ES) }, /* I */
	{ EC_ORDERNO, "Order number", L(EB_EN) }, /* C */
	{ EC_ORDERNO, "Bestellnummer", L(EB_DE) }, /* C */
	{ EC_ORDERNO, "Num\xc3\xa9ro de commande", L(EB_FR) }, /* I */
	{ EC_ORDERNO, "Numero dell'ordine", L(EB_IT) }, /* I */
	{ EC_ORDERNO, "Numero ordine", L(EB_IT) }, /* I */
	{ EC_ORDERNO, "N\xc3\xbamero de pedido", L(EB_ES) }, /* I */
	{ EC_NET, "Net amount", L(EB_EN) }, /* C */
	{ EC_NET, "Betrag abz\xc3\xbcgl. Kosten", L(EB_DE) }, /* C */
	{ EC_NET, "Nettobetrag", L(EB_DE) }, /* I */
	{ EC_NET, "Montant net", L(EB_FR) }, /* I */
	{ EC_NET, "Importo netto", L(EB_IT) }, /* I */
	{ EC_NET, "Importe neto", L(EB_ES) }, /* I */
	{ EC_PCUR, "Payout currency", L(EB_EN) }, /* C */
	{ EC_PCUR, "Auszahlungsw\xc3\xa4hrung", L(EB_DE) }, /* I */
	{ EC_PCUR, "Devise du versement", L(EB_FR) }, /* I */
	{ EC_PCUR, "Valuta del pagamento", L(EB_IT) }, /* I */
	{ EC_PCUR, "Divisa del pago", L(EB_ES) }, /* I */
	{ EC_PDATE, "Payout date", L(EB_EN) }, /* C */
	{ EC_PDATE, "Auszahlungsdatum", L(EB_DE) }, /* C */
	{ EC_PDATE, "Date du versement", L(EB_FR) }, /* I */
	{ EC_PDATE, "Data del pagamento", L(EB_IT) }, /* I */
	{ EC_PDATE, "Fecha del pago", L(EB_ES) }, /* I */
	{ EC_PID, "Payout ID", L(EB_EN) }, /* C */
	{ EC_PID, "Auszahlung Nr.", L(EB_DE) }, /* C */
	{ EC_PID, "Auszahlungs-ID", L(EB_DE) }, /* I */
	{ EC_PID, "Auszahlungsnummer", L(EB_DE) }, /* I */
	{ EC_PID, "Num\xc3\xa9ro du versement", L(EB_FR) }, /* I */
	{ EC_PID, "ID del pagamento", L(EB_IT) }, /* I */
	{ EC_PID, "ID del pago", L(EB_ES) }, /* I */
	{ EC_HOLD, "Reason for hold", L(EB_EN) }, /* C */
	{ EC_HOLD, "Grund f\xc3\xbcr die Zur\xc3\xbc" "ckbehaltung", L(EB_DE) }, /* I */
	{ EC_HOLD, "Motif de la retenue", L(EB_FR) }, /* I */
	{ EC_HOLD, "Motivo del blocco", L(EB_IT) }, /* I */
	{ EC_HOLD, "Motivo de la retenci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_SKU, "Custom label", L(EB_EN) }, /* C */
	{ EC_SKU, "Bestandseinheit", L(EB_DE) }, /* C */
	{ EC_SKU, "Benutzerdefiniertes Label", L(EB_DE) }, /* I */
	{ EC_SKU, "\xc3\x89tiquette personnalis\xc3\xa9" "e", L(EB_FR) }, /* I */
	{ EC_SKU, "Etichetta personalizzata", L(EB_IT) }, /* I */
	{ EC_SKU, "Etiqueta personalizada", L(EB_ES) }, /* I */
	{ EC_QTY, "Quantity", L(EB_EN) }, /* C */
	{ EC_QTY, "Anzahl", L(EB_DE) }, /* C */
	{ EC_QTY, "Menge", L(EB_DE) }, /* I */
	{ EC_QTY, "St\xc3\xbc" "ckzahl", L(EB_DE) }, /* C */
	{ EC_QTY, "Quantit\xc3\xa9", L(EB_FR) }, /* I */
	{ EC_QTY, "Quantit\xc3\xa0", L(EB_IT) }, /* I */
	{ EC_QTY, "Cantidad", L(EB_ES) }, /* I */
	{ EC_SUBTOTAL, "Item subtotal", L(EB_EN) }, /* C */
	{ EC_SUBTOTAL, "Zwischensumme Artikel", L(EB_DE) }, /* C */
	{ EC_SUBTOTAL, "Artikel-Zwischensumme", L(EB_DE) }, /* I */
	{ EC_SUBTOTAL, "Sous-total de l'objet", L(EB_FR) }, /* I */
	{ EC_SUBTOTAL, "Subtotale oggetto", L(EB_IT) }, /* I */
	{ EC_SUBTOTAL, "Subtotal del art\xc3\xad" "culo", L(EB_ES) }, /* I */
	{ EC_SHIP, "Shipping and handling", L(EB_EN) }, /* C */
	{ EC_SHIP, "Postage and packaging", L(EB_EN) }, /* I */
	{ EC_SHIP, "Verpackung und Versand", L(EB_DE) }, /* C */
	{ EC_SHIP, "Versand und Bearbeitung", L(EB_DE) }, /* I */
	{ EC_SHIP, "Livraison et emballage", L(EB_FR) }, /* I */
	{ EC_SHIP, "Spedizione e imballaggio", L(EB_IT) }, /* I */
	{ EC_SHIP, "Env\xc3\xado y manipulaci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_STAX, "Seller collected tax", L(EB_EN) }, /* C */
	{ EC_STAX, "Vom Verk\xc3\xa4ufer erhobene Steuer", L(EB_DE) }, /* I */
	{ EC_STAX, "Taxe per\xc3\xa7ue par le vendeur", L(EB_FR) }, /* I */
	{ EC_STAX, "Imposta riscossa dal venditore", L(EB_IT) }, /* I */
	{ EC_STAX, "Impuesto recaudado por el vendedor", L(EB_ES) }, /* I */
	{ EC_ETAX, "eBay collected tax", L(EB_EN) }, /* C */
	{ EC_ETAX, "Von eBay erhobene Steuer", L(EB_DE) }, /* I */
	{ EC_ETAX, "Taxe per\xc3\xa7ue par eBay", L(EB_FR) }, /* I */
	{ EC_ETAX, "Imposta riscossa da eBay", L(EB_IT) }, /* I */
	{ EC_ETAX, "Impuesto recaudado por eBay", L(EB_ES) }, /* I */
	{ EC_GROSS, "Gross transaction amount", L(EB_EN) }, /* C */
	{ EC_GROSS, "Transaktionsbetrag (inkl. Kosten)", L(EB_DE) }, /* C */
	{ EC_GROSS, "Transaktionsbetrag", L(EB_DE) }, /* I */
	{ EC_GROSS, "Bruttobetrag der Transaktion", L(EB_DE) }, /* I */
	{ EC_GROSS, "Montant brut de la transaction", L(EB_FR) }, /* I */
	{ EC_GROSS, "Importo lordo della transazione", L(EB_IT) }, /* I */
	{ EC_GROSS, "Importe bruto de la transacci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_TCUR, "Transaction currency", L(EB_EN) }, /* C */
	{ EC_TCUR, "Transaktionsw\xc3\xa4hrung", L(EB_DE) }, /* I */
	{ EC_TCUR, "Devise de la transaction", L(EB_FR) }, /* I */
	{ EC_TCUR, "Valuta della transazione", L(EB_IT) }, /* I */
	{ EC_TCUR, "Divisa de la transacci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_DESC, "Description", L(EB_EN) }, /* C */
	{ EC_DESC, "Description", L(EB_FR) }, /* I */
	{ EC_DESC, "Beschreibung", L(EB_DE) }, /* I */
	{ EC_DESC, "Descrizione", L(EB_IT) }, /* I */
	{ EC_DESC, "Descripci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_RATE, "Exchange rate", L(EB_EN) }, /* C */
	{ EC_RATE, "Wechselkurs", L(EB_DE) }, /* I */
	{ EC_RATE, "Taux de change", L(EB_FR) }, /* I */
	{ EC_RATE, "Tasso di cambio", L(EB_IT) }, /* I */
	{ EC_RATE, "Tipo de cambio", L(EB_ES) }, /* I */
	{ EC_CHARITY, "Charity donation", L(EB_EN) }, /* C */
	{ EC_CHARITY, "Spende", L(EB_DE) }, /* I */
	{ EC_CHARITY, "Don \xc3\xa0 une association caritative", L(EB_FR) }, /* I */
	{ EC_CHARITY, "Donazione in beneficenza", L(EB_IT) }, /* I */
	{ EC_CHARITY, "Donaci\xc3\xb3n ben\xc3\xa9" "fica", L(EB_ES) }, /* I */
	{ EC_SRN, "Sales Record Number", L(EB_EN) }, /* R */
	{ EC_SRN, "Verkaufsprotokollnummer", L(EB_DE) }, /* C */
	{ EC_SRN, "Num\xc3\xa9ro de l'enregistrement de vente", L(EB_FR) }, /* I */
	{ EC_SRN, "Numero record vendita", L(EB_IT) }, /* I */
	{ EC_SRN, "N\xc3\xbamero de registro de venta", L(EB_ES) }, /* I */
	{ EC_OORDER, "Order Number", L(EB_EN) }, /* C */
	{ EC_OORDER, "Order ID", L(EB_EN) }, /* R */
	{ EC_OORDER, "Bestellnummer", L(EB_DE) }, /* C */
	{ EC_OORDER, "Num\xc3\xa9ro de commande", L(EB_FR) }, /* I */
	{ EC_OORDER, "Numero ordine", L(EB_IT) }, /* I */
	{ EC_OORDER, "N\xc3\xbamero de pedido", L(EB_ES) }, /* I */
	{ EC_OSKU, "Custom Label", L(EB_EN) }, /* R */
	{ EC_OSKU, "Bestandseinheit", L(EB_DE) }, /* C */
	{ EC_OSKU, "\xc3\x89tiquette personnalis\xc3\xa9" "e", L(EB_FR) }, /* I */
	{ EC_OSKU, "Etichetta personalizzata", L(EB_IT) }, /* I */
	{ EC_OSKU, "Etiqueta personalizada", L(EB_ES) }, /* I */
	{ EC_OQTY, "Quantity", L(EB_EN) }, /* R */
	{ EC_OQTY, "Anzahl", L(EB_DE) }, /* C */
	{ EC_OQTY, "St\xc3\xbc" "ckzahl", L(EB_DE) }, /* C */
	{ EC_OQTY, "Quantit\xc3\xa9", L(EB_FR) }, /* I */
	{ EC_OQTY, "Quantit\xc3\xa0", L(EB_IT) }, /* I */
	{ EC_OQTY, "Cantidad", L(EB_ES) }, /* I */
	{ EC_SOLDFOR, "Sold For", L(EB_EN) }, /* C */
	{ EC_SOLDFOR, "Verkauft f\xc3\xbcr", L(EB_DE) }, /* C */
	{ EC_SOLDFOR, "Vendu pour", L(EB_FR) }, /* I */
	{ EC_SOLDFOR, "Venduto per", L(EB_IT) }, /* I */
	{ EC_SOLDFOR, "Vendido por", L(EB_ES) }, /* I */
	{ EC_SALEPRICE, "Sale Price", L(EB_EN) }, /* R */
	{ EC_SALEPRICE, "Verkaufspreis", L(EB_DE) }, /* C */
	{ EC_OSHIP, "Shipping And Handling", L(EB_EN) }, /* R */
	{ EC_OSHIP, "Postage And Packaging", L(EB_EN) }, /* I */
	{ EC_OSHIP, "Postage and Handling", L(EB_EN) }, /* I */
	{ EC_OSHIP, "Verpackung und Versand", L(EB_DE) }, /* C */
	{ EC_OSHIP, "Livraison et emballage", L(EB_FR) }, /* I */
	{ EC_OSHIP, "Spedizione e imballaggio", L(EB_IT) }, /* I */
	{ EC_OSHIP, "Env\xc3\xado y manipulaci\xc3\xb3n", L(EB_ES) }, /* I */
	{ EC_OSTAX, "Seller Collected Tax", L(EB_EN) }, /* C */
	{ EC_OSTAX, "Sales Tax", L(EB_EN) }, /* R */
	{ EC_OSTAX, "Vom Verk\xc3\xa4ufer erhobene Steuer", L(EB_DE) }, /* I */
	{ EC_OSTAX, "Taxe per\xc3\xa7ue par le vendeur", L(EB_FR) }, /* I */
	{ EC_OSTAX, "Imposta riscossa dal venditore", L(EB_IT) }, /* I */
	{ EC_OSTAX, "Impuesto recaudado por el vendedor", L(EB_ES) }, /* I */
	{ EC_OETAX, "eBay Collected Tax", L(EB_EN) }, /* C */
	{ EC_OETAX, "Von eBay erhobene Steuer", L(EB_DE) }, /* I */
	{ EC_OETAX, "Taxe per\xc3\xa7ue par eBay", L(EB_FR) }, /* I */
	{ EC_OETAX, "Imposta riscossa da eBay", L(EB_IT) }, /* I */
	{ EC_OETAX, "Impuesto recaudado por eBay", L(EB_ES) }, /* I */
	{ EC_OETAXINC, "eBay Collected Tax and Fees Included in Total", L(EB_EN) }, /* C */
	{ EC_INS, "Insurance", L(EB_EN) }, /* R */
	{ EC_INS, "Versicherung", L(EB_DE) }, /* C */
	{ EC_TOTAL, "Total Price", L(EB_EN) }, /* R */
	{ EC_TOTAL, "Gesamtbetrag", L(EB_DE) }, /* C */
	{ EC_TOTAL, "Gesamtpreis", L(EB_DE) }, /* C */
	{ EC_TOTAL, "Prix total", L(EB_FR) }, /* I */
	{ EC_TOTAL, "Prezzo totale", L(EB_IT) }, /* I */
	{ EC_TOTAL, "Precio total", L(EB_ES) }, /* I */
	{ EC_PAID, "Paid On Date", L(EB_EN) }, /* C */
	{ EC_PAID, "Paid on Date", L(EB_EN) }, /* R */
	{ EC_PAID, "Zahlungsdatum", L(EB_DE) }, /* C */
	{ EC_PAID, "Bezahldatum", L(EB_DE) }, /* C */
	{ EC_PAID, "Bezahlt am", L(EB_DE) }, /* I */
	{ EC_PAID, "Date du paiement", L(EB_FR) }, /* I */
	{ EC_PAID, "Data pagamento", L(EB_IT) }, /* I */
	{ EC_PAID, "Fecha de pago", L(EB_ES) }, /* I */
	{ EC_SALE, "Sale Date", L(EB_EN) }, /* R */
	{ EC_SALE, "Verkauft am", L(EB_DE) }, /* C */
	{ EC_SALE, "Verkaufsdatum", L(EB_DE) }, /* C */
	{ EC_SALE, "Date de la vente", L(EB_FR) }, /* I */
	{ EC_SALE, "Data di vendita", L(EB_IT) }, /* I */
	{ EC_SALE, "Fecha de venta", L(EB_ES) }, /* I */
	{ EC_OCUR, "Currency", L(EB_EN) }, /* C */
	{ EC_OCUR, "W\xc3\xa4hrung", L(EB_DE) }, /* I */
	{ EC_OCUR, "Devise", L(EB_FR) }, /* I */
	{ EC_OCUR, "Valuta", L(EB_IT) }, /* I */
	{ EC_OCUR, "Divisa", L(EB_ES) }, /* I */
};

static const struct typeword types[] = {
	/* EN */
	{ "Order", EB_EN, "Order", 'C' },
	{ "Refund", EB_EN, "Refund", 'C' },
	{ "Payout", EB_EN, "Payout", 'C' },
	{ "Shipping label", EB_EN, "Shipping label", 'C' },
	{ "Postage label", EB_EN, "Shipping label", 'I' },
	{ "Other fee", EB_EN, "Other fee", 'C' },
	{ "Claim", EB_EN, "Claim", 'I' },
	{ "Payment dispute", EB_EN, "Payment dispute", 'I' },
	{ "Hold", EB_EN, "Hold", 'I' },
	{ "Transfer", EB_EN, "Transfer", 'I' },
	{ "Charity donation", EB_EN, "Charity donation", 'I' },
	/* DE */
	{ "Bestellung", EB_DE, "Order", 'C' },
	{ "R\xc3\xbc" "ckerstattung", EB_DE, "Refund", 'C' },
	{ "Auszahlung", EB_DE, "Payout", 'I' },
	{ "Versandetikett", EB_DE, "Shipping label", 'I' },
	{ "Andere Geb\xc3\xbchr", EB_DE, "Other fee", 'C' },
	{ "Sonstige Geb\xc3\xbchr", EB_DE, "Other fee", 'I' },
	{ "Fall", EB_DE, "Claim", 'I' },
	{ "Zahlungsstreitigkeit", EB_DE, "Payment dispute", 'I' },
	{ "Zur\xc3\xbc" "ckbehaltung", EB_DE, "Hold", 'I' },
	{ "\xc3\x9c" "berweisung", EB_DE, "Transfer", 'I' },
	/* FR */
	{ "Commande", EB_FR, "Order", 'I' },
	{ "Remboursement", EB_FR, "Refund", 'I' },
	{ "Versement", EB_FR, "Payout", 'I' },
	{ "\xc3\x89tiquette d'exp\xc3\xa9" "dition", EB_FR, "Shipping label", 'I' },
	{ "Autres frais", EB_FR, "Other fee", 'I' },
	{ "R\xc3\xa9" "clamation", EB_FR, "Claim", 'I' },
	{ "Litige relatif au paiement", EB_FR, "Payment dispute", 'I' },
	{ "Retenue", EB_FR, "Hold", 'I' },
	{ "Virement", EB_FR, "Transfer", 'I' },
	/* IT */
	{ "Ordine", EB_IT, "Order", 'I' },
	{ "Rimborso", EB_IT, "Refund", 'I' },
	{ "Pagamento", EB_IT, "Payout", 'I' },
	{ "Etichetta di spedizione", EB_IT, "Shipping label", 'I' },
	{ "Altra tariffa", EB_IT, "Other fee", 'I' },
	{ "Reclamo", EB_IT, "Claim", 'I' },
	{ "Contestazione di pagamento", EB_IT, "Payment dispute", 'I' },
	{ "Blocco", EB_IT, "Hold", 'I' },
	{ "Trasferimento", EB_IT, "Transfer", 'I' },
	/* ES */
	{ "Pedido", EB_ES, "Order", 'I' },
	{ "Reembolso", EB_ES, "Refund", 'I' },
	{ "Pago", EB_ES, "Payout", 'I' },
	{ "Etiqueta de env\xc3\xado", EB_ES, "Shipping label", 'I' },
	{ "Otra tarifa", EB_ES, "Other fee", 'I' },
	{ "Reclamaci\xc3\xb3n", EB_ES, "Claim", 'I' },
	{ "Disputa de pago", EB_ES, "Payment dispute", 'I' },
	{ "Retenci\xc3\xb3n", EB_ES, "Hold", 'I' },
	{ "Transferencia", EB_ES, "Transfer", 'I' },
};


const char *eb_lang_name(enum eb_lang l)
{
	static const char *const names[EB__NLANG] = { "English", "German", "French", "Italian",
		"Spanish" };

	return l < EB__NLANG ? names[l] : "?";
}

/* the tables' words folded once (pp_fold, as folded_eq compares them),
 * not again on every cell */
#define FOLD_CAP 160
static char colnames_fold[N(colnames)][FOLD_CAP];
static char types_fold[N(types)][FOLD_CAP];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;
/* colnames' entries by column, in table order: col_at[c] .. col_at[c + 1]
 * in col_ix */
static unsigned short col_at[EC__N + 1], col_ix[N(colnames)];

static void fold_tables(void)
{
	size_t i, k = 0;
	int c;

	for (i = 0; i < N(colnames); i++)
		pp_fold(colnames_fold[i], FOLD_CAP, colnames[i].name, strlen(colnames[i].name));
	for (c = 0; c < EC__N; c++) {
		col_at[c] = (unsigned short)k;
		for (i = 0; i < N(colnames); i++)
			if ((int)colnames[i].col == c)
				col_ix[k++] = (unsigned short)i;
	}
	col_at[EC__N] = (unsigned short)k;
	for (i = 0; i < N(types); i++)
		pp_fold(types_fold[i], FOLD_CAP, types[i].w, strlen(types[i].w));
}

/* folded is a cell folded; word a table word, wfold the same folded */
static int folded_eq(const char *folded, const char *word, const char *wfold)
{
	unsigned char c0 = (unsigned char)word[0];

	/* a word that starts with an ASCII letter folds to that letter in
	 * lower case first: most words are ruled out on that letter */
	if (((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')) &&
	    (unsigned char)folded[0] != (c0 | 0x20))
		return 0;
	return strcmp(folded, wfold) == 0;
}

/* the cell folded into h (cap bytes); 0 when it is too long to be a name */
static int fold_cell(char *h, size_t cap, struct field f)
{
	if (f.len >= 3 && (unsigned char)f.p[0] == 0xEF && (unsigned char)f.p[1] == 0xBB &&
	    (unsigned char)f.p[2] == 0xBF) {
		f.p += 3;
		f.len -= 3;
	}
	if (f.len >= cap - 2)
		return 0;
	pp_fold(h, cap, f.p, f.len);
	return 1;
}

int eb_col_is(struct field f, enum eb_col c, unsigned *langs)
{
	char h[160];
	size_t i, j;
	int found = 0;

	if (langs)
		*langs = 0;
	if (!fold_cell(h, sizeof(h), f))
		return 0;
	pthread_once(&fold_once, fold_tables);
	if ((int)c < 0 || (int)c >= EC__N)
		return 0; /* no entry has it */
	for (j = col_at[c]; j < col_at[c + 1]; j++) {
		i = col_ix[j];
		if (folded_eq(h, colnames[i].name, colnames_fold[i])) {
			found = 1;
			if (langs)
				*langs |= colnames[i].langs;
		}
	}
	return found;
}

int eb_find(const struct csvrec *h, enum eb_col c, unsigned score[EB__NLANG])
{
	size_t i, n = h->nf < CSVREC_MAX_FIELDS ? h->nf : CSVREC_MAX_FIELDS;
	unsigned langs;
	int l;

	for (i = 0; i < n; i++)
		if (eb_col_is(text_trim(h->f[i]), c, &langs)) {
			if (score)
				for (l = 0; l < EB__NLANG; l++)
					score[l] += !!(langs & L(l));
			return (int)i;
		}
	return -1;
}

enum eb_lang eb_lang_of(const unsigned score[EB__NLANG])
{
	int l, best = EB_EN;

	for (l = 1; l < EB__NLANG; l++)
		if (score[l] > score[best])
			best = l;
	return (enum eb_lang)best;
}

const char *eb_type_canon(struct field type)
{
	char h[160];
	size_t i;

	if (!fold_cell(h, sizeof(h), type))
		return NULL;
	pthread_once(&fold_once, fold_tables);
	for (i = 0; i < N(types); i++)
		if (folded_eq(h, types[i].w, types_fold[i]))
			return types[i].canon;
	return NULL;
}

int eb_fee_like(struct field f)
{
	static const char *const words[] = { "fee", "geb\xc3\xbchr", "provision", "frais",
		"tariffa", "commissione", "tarifa", "comisi\xc3\xb3n", NULL };
	char h[160];
	size_t k;

	if (!fold_cell(h, sizeof(h), f))
		return 0;
	for (k = 0; words[k]; k++)
		if (strstr(h, words[k]))
			return 1;
	return 0;
}

int eb_uk_column(struct field f)
{
	char h[160];

	return fold_cell(h, sizeof(h), f) && strncmp(h, "postage", 7) == 0;
}
