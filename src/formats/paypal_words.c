/*
 * paypal_words.c - PayPal's words in seven languages (paypal_words.h).
 *
 * Four tables: column names, transaction types, statuses and Balance
 * Impact values. Every entry carries a mark saying how it was verified:
 *   R  seen in a real PayPal file or an anonymised copy of one (the
 *      reference samples in ../shared/formats/samples, real-export
 *      fixtures of open-source importers);
 *   C  written in third-party importer code or tests made against real
 *      files (medium confidence);
 *   D  PayPal's own documentation (developer.paypal.com reports
 *      reference, the Activity Download report's changed fields: its
 *      Status values);
 *   I  inferred: PayPal's translation pattern for the language, not seen
 *      in a file or an official page. A wrong guess here costs a warning
 *      (the word is then "not understood"), never a wrong booking.
 * docs/woocommerce-paypal.md lists them by language. Lookups fold case,
 * accents' case, dashes and blanks (pp_fold) and compare whole words.
 */
#include "paypal_words.h"

#include <string.h>

#define L(l) (1u << (l))

struct colname {
	enum pp_col col;
	const char *name;
	unsigned langs;
};

struct word {
	const char *w;
	int lang;
	int cls;
	char src; /* R, C, D or I: see above */
};

/* columns: the cell names per column, with their languages */
static const struct colname colnames[] = {
	{ PC_DATE, "Date", L(PP_EN) }, /* R */
	{ PC_DATE, "Date", L(PP_FR) }, /* C */
	{ PC_DATE, "Datum", L(PP_DE) }, /* R */
	{ PC_DATE, "Datum", L(PP_NL) }, /* R */
	{ PC_DATE, "Fecha", L(PP_ES) }, /* R */
	{ PC_DATE, "Data", L(PP_IT) }, /* C */
	{ PC_DATE, "Data", L(PP_PT) }, /* I */
	{ PC_TIME, "Time", L(PP_EN) }, /* R */
	{ PC_TIME, "Heure", L(PP_FR) }, /* C */
	{ PC_TIME, "Uhrzeit", L(PP_DE) }, /* R */
	{ PC_TIME, "Hora", L(PP_ES) }, /* R */
	{ PC_TIME, "Hora", L(PP_PT) }, /* I */
	{ PC_TIME, "Ora", L(PP_IT) }, /* C */
	{ PC_TIME, "Tijd", L(PP_NL) }, /* R */
	{ PC_ZONE, "Time Zone", L(PP_EN) }, /* R */
	{ PC_ZONE, "TimeZone", L(PP_EN) }, /* R */
	{ PC_ZONE, "Fuseau horaire", L(PP_FR) }, /* C */
	{ PC_ZONE, "Zeitzone", L(PP_DE) }, /* R */
	{ PC_ZONE, "Zona horaria", L(PP_ES) }, /* R */
	{ PC_ZONE, "Fuso orario", L(PP_IT) }, /* C */
	{ PC_ZONE, "Tijdzone", L(PP_NL) }, /* R */
	{ PC_ZONE, "Fuso hor\xc3\xa1rio", L(PP_PT) }, /* I */
	{ PC_TYPE, "Type", L(PP_EN) }, /* R */
	{ PC_TYPE, "Type", L(PP_FR) }, /* C */
	{ PC_TYPE, "Type", L(PP_NL) }, /* R */
	{ PC_TYPE, "Typ", L(PP_DE) }, /* R */
	{ PC_TYPE, "Tipo", L(PP_ES) }, /* C */
	{ PC_TYPE, "Tipo", L(PP_IT) }, /* C */
	{ PC_TYPE, "Tipo", L(PP_PT) }, /* I */
	{ PC_DESC, "Description", L(PP_EN) }, /* R */
	{ PC_DESC, "Description", L(PP_FR) }, /* C */
	{ PC_DESC, "Beschreibung", L(PP_DE) }, /* C */
	{ PC_DESC, "Descripci\xc3\xb3n", L(PP_ES) }, /* R */
	{ PC_DESC, "Descrizione", L(PP_IT) }, /* C */
	{ PC_DESC, "Omschrijving", L(PP_NL) }, /* C */
	{ PC_DESC, "Descri\xc3\xa7\xc3\xa3o", L(PP_PT) }, /* I */
	{ PC_STATUS, "Status", L(PP_EN) }, /* R */
	{ PC_STATUS, "Status", L(PP_DE) }, /* R */
	{ PC_STATUS, "Status", L(PP_NL) }, /* R */
	{ PC_STATUS, "Status", L(PP_PT) }, /* I */
	{ PC_STATUS, "\xc3\x89tat", L(PP_FR) }, /* C */
	{ PC_STATUS, "Statut", L(PP_FR) }, /* I */
	{ PC_STATUS, "Estado", L(PP_ES) }, /* C */
	{ PC_STATUS, "Stato", L(PP_IT) }, /* C */
	{ PC_CUR, "Currency", L(PP_EN) }, /* R */
	{ PC_CUR, "Devise", L(PP_FR) }, /* C */
	{ PC_CUR, "W\xc3\xa4hrung", L(PP_DE) }, /* R */
	{ PC_CUR, "Divisa", L(PP_ES) }, /* R */
	{ PC_CUR, "Moneda", L(PP_ES) }, /* I */
	{ PC_CUR, "Valuta", L(PP_IT) }, /* C */
	{ PC_CUR, "Valuta", L(PP_NL) }, /* R */
	{ PC_CUR, "Moeda", L(PP_PT) }, /* I */
	{ PC_GROSS, "Gross", L(PP_EN) }, /* R */
	{ PC_GROSS, "Amount", L(PP_EN) }, /* C */
	{ PC_GROSS, "Avant commission", L(PP_FR) }, /* C */
	{ PC_GROSS, "Brut", L(PP_FR) }, /* C */
	{ PC_GROSS, "Brutto", L(PP_DE) }, /* R */
	{ PC_GROSS, "Bruto", L(PP_ES) }, /* R */
	{ PC_GROSS, "Bruto", L(PP_NL) }, /* R */
	{ PC_GROSS, "Bruto", L(PP_PT) }, /* I */
	{ PC_GROSS, "Lordo", L(PP_IT) }, /* C */
	{ PC_GROSS, "Bedrag", L(PP_NL) }, /* C */
	{ PC_FEE, "Fee", L(PP_EN) }, /* R */
	{ PC_FEE, "Fees", L(PP_EN) }, /* I */
	{ PC_FEE, "Commission", L(PP_FR) }, /* C */
	{ PC_FEE, "Frais", L(PP_FR) }, /* C */
	{ PC_FEE, "Geb\xc3\xbchr", L(PP_DE) }, /* R */
	{ PC_FEE, "Entgelt", L(PP_DE) }, /* R */
	{ PC_FEE, "Comisi\xc3\xb3n", L(PP_ES) }, /* R */
	{ PC_FEE, "Tarifa", L(PP_ES) }, /* C */
	{ PC_FEE, "Tarifa", L(PP_PT) }, /* I */
	{ PC_FEE, "Tariffa", L(PP_IT) }, /* C */
	{ PC_FEE, "Kosten", L(PP_NL) }, /* R */
	{ PC_NET, "Net", L(PP_EN) }, /* R */
	{ PC_NET, "Net", L(PP_FR) }, /* C */
	{ PC_NET, "Netto", L(PP_DE) }, /* R */
	{ PC_NET, "Netto", L(PP_IT) }, /* C */
	{ PC_NET, "Netto", L(PP_NL) }, /* R */
	{ PC_NET, "Neto", L(PP_ES) }, /* R */
	{ PC_NET, "Totaal", L(PP_NL) }, /* C */
	{ PC_NET, "L\xc3\xadquido", L(PP_PT) }, /* I */
	{ PC_BAL, "Balance", L(PP_EN) }, /* R */
	{ PC_BAL, "Solde", L(PP_FR) }, /* C */
	{ PC_BAL, "Guthaben", L(PP_DE) }, /* R */
	{ PC_BAL, "Saldo", L(PP_ES) }, /* R */
	{ PC_BAL, "Saldo", L(PP_IT) }, /* C */
	{ PC_BAL, "Saldo", L(PP_NL) }, /* R */
	{ PC_BAL, "Saldo", L(PP_PT) }, /* I */
	{ PC_TXID, "Transaction ID", L(PP_EN) }, /* R */
	{ PC_TXID, "Num\xc3\xa9ro de transaction", L(PP_FR) }, /* C */
	{ PC_TXID, "Transaktionscode", L(PP_DE) }, /* R */
	{ PC_TXID, "Id. de transacci\xc3\xb3n", L(PP_ES) }, /* R */
	{ PC_TXID, "Codice transazione", L(PP_IT) }, /* C */
	{ PC_TXID, "Transactiereferentie", L(PP_NL) }, /* R */
	{ PC_TXID, "C\xc3\xb3" "digo da transa\xc3\xa7\xc3\xa3o", L(PP_PT) }, /* I */
	{ PC_TXID, "ID da transa\xc3\xa7\xc3\xa3o", L(PP_PT) }, /* I */
	{ PC_REF, "Reference Txn ID", L(PP_EN) }, /* R */
	{ PC_REF, "Num\xc3\xa9ro de la transaction de r\xc3\xa9" "f\xc3\xa9rence", L(PP_FR) }, /* C */
	{ PC_REF, "Zugeh\xc3\xb6riger Transaktionscode", L(PP_DE) }, /* R */
	{ PC_REF, "Id. de referencia de trans.", L(PP_ES) }, /* R */
	{ PC_REF, "Codice transazione di riferimento", L(PP_IT) }, /* I */
	{ PC_REF, "Ref.-id transactie", L(PP_NL) }, /* R */
	{ PC_REF, "C\xc3\xb3" "digo de refer\xc3\xaancia da transa\xc3\xa7\xc3\xa3o", L(PP_PT) }, /* I */
	{ PC_INV, "Invoice Number", L(PP_EN) }, /* R */
	{ PC_INV, "Invoice ID", L(PP_EN) }, /* R */
	{ PC_INV, "Num\xc3\xa9ro de facture", L(PP_FR) }, /* C */
	{ PC_INV, "Rechnungsnummer", L(PP_DE) }, /* R */
	{ PC_INV, "Id. de factura", L(PP_ES) }, /* R */
	{ PC_INV, "Numero fattura", L(PP_IT) }, /* I */
	{ PC_INV, "Factuurnummer", L(PP_NL) }, /* R */
	{ PC_INV, "N\xc3\xbamero da fatura", L(PP_PT) }, /* I */
	{ PC_IMPACT, "Balance Impact", L(PP_EN) }, /* R */
	{ PC_IMPACT, "Balance Impact", L(PP_FR) }, /* C */
	{ PC_IMPACT, "Auswirkung auf Guthaben", L(PP_DE) }, /* R */
	{ PC_IMPACT, "Impact sur le solde", L(PP_FR) }, /* I */
	{ PC_IMPACT, "Repercusi\xc3\xb3n en el saldo", L(PP_ES) }, /* I */
	{ PC_IMPACT, "Impatto sul saldo", L(PP_IT) }, /* I */
	{ PC_IMPACT, "Invloed op saldo", L(PP_NL) }, /* I */
	{ PC_IMPACT, "Impacto no saldo", L(PP_PT) }, /* I */
	{ PC_NAME, "Name", L(PP_EN) }, /* R */
	{ PC_NAME, "Nom", L(PP_FR) }, /* C */
	{ PC_NAME, "Name", L(PP_DE) }, /* R */
	{ PC_NAME, "Nombre", L(PP_ES) }, /* R */
	{ PC_NAME, "Nome", L(PP_IT) }, /* I */
	{ PC_NAME, "Naam", L(PP_NL) }, /* I */
	{ PC_NAME, "Nome", L(PP_PT) }, /* I */
};

/* types: English names where the statement and the activity download agree */
static const struct word types[] = {
	/* EN */
	{ "Website Payment", PP_EN, PT_PAYMENT, 'R' },
	{ "Express Checkout Payment", PP_EN, PT_PAYMENT, 'R' },
	{ "General Payment", PP_EN, PT_PAYMENT, 'R' },
	{ "Mobile Payment", PP_EN, PT_PAYMENT, 'C' },
	{ "Subscription Payment", PP_EN, PT_PAYMENT, 'C' },
	{ "PreApproved Payment Bill User Payment", PP_EN, PT_PAYMENT, 'C' },
	{ "Pre-approved Payment Bill User Payment", PP_EN, PT_PAYMENT, 'I' },
	{ "Direct Credit Card Payment", PP_EN, PT_PAYMENT, 'I' },
	{ "Virtual Terminal Transaction", PP_EN, PT_PAYMENT, 'I' },
	{ "Donation Payment", PP_EN, PT_PAYMENT, 'C' },
	{ "eBay Auction Payment", PP_EN, PT_PAYMENT, 'I' },
	{ "Mass Pay Payment", PP_EN, PT_PAYMENT, 'I' },
	{ "Payment Received", PP_EN, PT_PAYMENT, 'C' },
	{ "Payment Sent", PP_EN, PT_PAYMENT, 'C' },
	{ "Web Accept Payment Received", PP_EN, PT_PAYMENT, 'I' },
	{ "Shopping Cart Payment Received", PP_EN, PT_PAYMENT, 'I' },
	{ "Recurring Payment Received", PP_EN, PT_PAYMENT, 'I' },
	{ "Subscription Payment Received", PP_EN, PT_PAYMENT, 'I' },
	{ "Express Checkout Payment Received", PP_EN, PT_PAYMENT, 'I' },
	{ "Express Checkout Payment Sent", PP_EN, PT_PAYMENT, 'I' },
	{ "Donation Received", PP_EN, PT_PAYMENT, 'C' },
	{ "Invoice Payment", PP_EN, PT_PAYMENT, 'I' },
	{ "Point of Sale Payment", PP_EN, PT_PAYMENT, 'I' },
	/* EN */
	{ "Payment Refund", PP_EN, PT_REFUND, 'I' },
	{ "Refund", PP_EN, PT_REFUND, 'C' },
	{ "Refund Sent", PP_EN, PT_REFUND, 'C' },
	{ "Payment Reversal", PP_EN, PT_REFUND, 'I' },
	{ "Reversal", PP_EN, PT_REFUND, 'C' },
	{ "Chargeback", PP_EN, PT_REFUND, 'C' },
	{ "Chargeback Reversal", PP_EN, PT_REFUND, 'I' },
	/* EN */
	{ "Chargeback Fee", PP_EN, PT_FEE, 'I' },
	{ "Dispute Fee", PP_EN, PT_FEE, 'I' },
	{ "General Fee", PP_EN, PT_FEE, 'I' },
	/* EN */
	{ "Payment Hold", PP_EN, PT_HOLD, 'R' },
	{ "Payment Release", PP_EN, PT_HOLD, 'R' },
	{ "Payment Review Hold", PP_EN, PT_HOLD, 'I' },
	{ "Payment Review Release", PP_EN, PT_HOLD, 'I' },
	{ "Hold on Balance for Dispute Investigation", PP_EN, PT_HOLD, 'I' },
	{ "Cancellation of Hold for Dispute Resolution", PP_EN, PT_HOLD, 'I' },
	{ "Account Hold for Open Authorization", PP_EN, PT_HOLD, 'I' },
	{ "Reversal of General Account Hold", PP_EN, PT_HOLD, 'C' },
	{ "General Account Hold", PP_EN, PT_HOLD, 'I' },
	{ "Temporary Hold", PP_EN, PT_HOLD, 'C' },
	/* EN */
	{ "General Currency Conversion", PP_EN, PT_CONVERSION, 'R' },
	{ "User Initiated Currency Conversion", PP_EN, PT_CONVERSION, 'R' },
	{ "Currency Conversion", PP_EN, PT_CONVERSION, 'C' },
	/* EN */
	{ "General Withdrawal", PP_EN, PT_WITHDRAWAL, 'R' },
	{ "General Withdrawal - Bank Account", PP_EN, PT_WITHDRAWAL, 'R' },
	{ "Withdraw Funds to Bank Account", PP_EN, PT_WITHDRAWAL, 'I' },
	{ "Withdraw Funds to a Bank Account", PP_EN, PT_WITHDRAWAL, 'C' },
	{ "Transfer to Bank", PP_EN, PT_WITHDRAWAL, 'C' },
	{ "User Initiated Withdrawal", PP_EN, PT_WITHDRAWAL, 'I' },
	/* EN */
	{ "Bank Deposit to PP Account", PP_EN, PT_FUNDING, 'C' },
	{ "General Credit Card Deposit", PP_EN, PT_FUNDING, 'I' },
	{ "General Card Deposit", PP_EN, PT_FUNDING, 'I' },
	/* EN */
	{ "General Authorization", PP_EN, PT_NOBALANCE, 'C' },
	{ "Authorization", PP_EN, PT_NOBALANCE, 'C' },
	{ "Void of Authorization", PP_EN, PT_NOBALANCE, 'I' },
	{ "Shopping Cart Item", PP_EN, PT_NOBALANCE, 'I' },
	/* FR */
	{ "Paiement sur site marchand", PP_FR, PT_PAYMENT, 'C' },
	{ "Paiement d'abonnement", PP_FR, PT_PAYMENT, 'C' },
	{ "Paiement de don", PP_FR, PT_PAYMENT, 'C' },
	{ "Paiement pr\xc3\xa9" "approuv\xc3\xa9 d'un utilisateur de facture de paiement", PP_FR, PT_PAYMENT, 'R' },
	{ "Paiement par PayPal Option+", PP_FR, PT_PAYMENT, 'C' },
	{ "Paiement Express Checkout", PP_FR, PT_PAYMENT, 'I' },
	{ "Paiement standard", PP_FR, PT_PAYMENT, 'I' },
	{ "Paiement mobile", PP_FR, PT_PAYMENT, 'I' },
	/* FR */
	{ "Remboursement de paiement", PP_FR, PT_REFUND, 'I' },
	{ "Remboursement", PP_FR, PT_REFUND, 'I' },
	{ "Annulation de paiement", PP_FR, PT_REFUND, 'I' },
	/* FR */
	{ "Blocage de paiement", PP_FR, PT_HOLD, 'I' },
	{ "D\xc3\xa9" "blocage de paiement", PP_FR, PT_HOLD, 'I' },
	/* FR */
	{ "Conversion de devise standard", PP_FR, PT_CONVERSION, 'C' },
	{ "Conversion de devise initi\xc3\xa9" "e par l'utilisateur", PP_FR, PT_CONVERSION, 'C' },
	/* FR */
	{ "Retrait standard", PP_FR, PT_WITHDRAWAL, 'I' },
	{ "Retrait standard - Compte bancaire", PP_FR, PT_WITHDRAWAL, 'I' },
	{ "Virement standard", PP_FR, PT_WITHDRAWAL, 'I' },
	{ "Virement sur le compte bancaire", PP_FR, PT_WITHDRAWAL, 'I' },
	/* FR */
	{ "Virement bancaire sur le compte PayPal", PP_FR, PT_FUNDING, 'R' },
	/* DE */
	{ "Website-Zahlung", PP_DE, PT_PAYMENT, 'C' },
	{ "PayPal Express-Zahlung", PP_DE, PT_PAYMENT, 'R' },
	{ "Allgemeine Zahlung", PP_DE, PT_PAYMENT, 'C' },
	{ "Handyzahlung", PP_DE, PT_PAYMENT, 'C' },
	{ "Abonnementzahlung", PP_DE, PT_PAYMENT, 'C' },
	{ "Zahlung", PP_DE, PT_PAYMENT, 'C' },
	{ "Zahlung im Einzugsverfahren mit Zahlungsrechnung", PP_DE, PT_PAYMENT, 'C' },
	{ "Spendenzahlung", PP_DE, PT_PAYMENT, 'I' },
	{ "Express-Checkout-Zahlung", PP_DE, PT_PAYMENT, 'I' },
	/* DE */
	{ "R\xc3\xbc" "ckzahlung", PP_DE, PT_REFUND, 'C' },
	{ "R\xc3\xbc" "ckerstattung", PP_DE, PT_REFUND, 'I' },
	{ "R\xc3\xbc" "ckbuchung", PP_DE, PT_REFUND, 'I' },
	{ "Zahlungsr\xc3\xbc" "ckbuchung", PP_DE, PT_REFUND, 'I' },
	/* DE */
	{ "Einbehaltung f\xc3\xbcr offene Autorisierung", PP_DE, PT_HOLD, 'R' },
	{ "R\xc3\xbc" "ckbuchung allgemeiner Einbehaltung", PP_DE, PT_HOLD, 'R' },
	{ "Allgemeine Einbehaltung", PP_DE, PT_HOLD, 'C' },
	{ "Freigabe allgemeiner Einbehaltung", PP_DE, PT_HOLD, 'C' },
	{ "Zahlungseinbehaltung", PP_DE, PT_HOLD, 'I' },
	{ "Freigabe der Zahlungseinbehaltung", PP_DE, PT_HOLD, 'I' },
	/* DE */
	{ "Allgemeine W\xc3\xa4hrungsumrechnung", PP_DE, PT_CONVERSION, 'R' },
	{ "Vom Nutzer eingeleitete W\xc3\xa4hrungsumrechnung", PP_DE, PT_CONVERSION, 'I' },
	/* DE */
	{ "Allgemeine Abbuchung", PP_DE, PT_WITHDRAWAL, 'C' },
	{ "Allgemeine Abbuchung - Bankkonto", PP_DE, PT_WITHDRAWAL, 'I' },
	{ "Von Nutzer eingeleitete Abbuchung", PP_DE, PT_WITHDRAWAL, 'C' },
	{ "Auszahlung auf das Bankkonto", PP_DE, PT_WITHDRAWAL, 'C' },
	/* DE */
	{ "Bankgutschrift auf PayPal-Konto", PP_DE, PT_FUNDING, 'R' },
	{ "\xc3\x9c" "berweisung als Zahlungsquelle", PP_DE, PT_FUNDING, 'R' },
	/* DE */
	{ "Warenkorbartikel", PP_DE, PT_NOBALANCE, 'C' },
	{ "Allgemeine Autorisierung", PP_DE, PT_NOBALANCE, 'I' },
	/* ES */
	{ "Pago est\xc3\xa1ndar", PP_ES, PT_PAYMENT, 'R' },
	{ "Pago", PP_ES, PT_PAYMENT, 'C' },
	{ "Pago de Express Checkout", PP_ES, PT_PAYMENT, 'I' },
	{ "Pago en sitio web", PP_ES, PT_PAYMENT, 'I' },
	{ "Pago m\xc3\xb3vil", PP_ES, PT_PAYMENT, 'I' },
	{ "Pago de suscripci\xc3\xb3n", PP_ES, PT_PAYMENT, 'I' },
	/* ES */
	{ "Reembolso", PP_ES, PT_REFUND, 'C' },
	{ "Reembolso de pago", PP_ES, PT_REFUND, 'I' },
	/* ES */
	{ "Retenci\xc3\xb3n de pago", PP_ES, PT_HOLD, 'I' },
	{ "Liberaci\xc3\xb3n de pago retenido", PP_ES, PT_HOLD, 'I' },
	/* ES */
	{ "Conversi\xc3\xb3n de divisas general", PP_ES, PT_CONVERSION, 'I' },
	{ "Conversi\xc3\xb3n de divisa general", PP_ES, PT_CONVERSION, 'I' },
	{ "Conversi\xc3\xb3n", PP_ES, PT_CONVERSION, 'C' },
	/* ES */
	{ "Retirada general", PP_ES, PT_WITHDRAWAL, 'I' },
	{ "Retirada general - Cuenta bancaria", PP_ES, PT_WITHDRAWAL, 'I' },
	{ "Retiro general", PP_ES, PT_WITHDRAWAL, 'I' },
	{ "Retiro general - Cuenta bancaria", PP_ES, PT_WITHDRAWAL, 'I' },
	/* ES */
	{ "Transferencia bancaria a la cuenta PayPal", PP_ES, PT_FUNDING, 'I' },
	/* IT */
	{ "Pagamento da cellulare", PP_IT, PT_PAYMENT, 'C' },
	{ "Pagamento Express Checkout", PP_IT, PT_PAYMENT, 'C' },
	{ "Pagamento preautorizzato utenza", PP_IT, PT_PAYMENT, 'C' },
	{ "Pagamento su sito web", PP_IT, PT_PAYMENT, 'C' },
	{ "Pagamento generico", PP_IT, PT_PAYMENT, 'I' },
	{ "Pagamento abbonamento", PP_IT, PT_PAYMENT, 'I' },
	/* IT */
	{ "Rimborso di pagamento", PP_IT, PT_REFUND, 'C' },
	{ "Rimborso", PP_IT, PT_REFUND, 'I' },
	/* IT */
	{ "Blocco saldo per revisione contestazione", PP_IT, PT_HOLD, 'C' },
	{ "Annullamento blocco per risoluzione contestazione", PP_IT, PT_HOLD, 'C' },
	{ "Blocco conto per autorizzazione aperta", PP_IT, PT_HOLD, 'C' },
	{ "Storno di blocco conto generico", PP_IT, PT_HOLD, 'C' },
	/* IT */
	{ "Conversione di valuta generica", PP_IT, PT_CONVERSION, 'C' },
	/* IT */
	{ "Trasferimento avviato dall'utente", PP_IT, PT_WITHDRAWAL, 'C' },
	{ "Prelievo generico", PP_IT, PT_WITHDRAWAL, 'I' },
	{ "Prelievo generico - Conto bancario", PP_IT, PT_WITHDRAWAL, 'I' },
	/* IT */
	{ "Bonifico bancario sul conto PayPal", PP_IT, PT_FUNDING, 'C' },
	{ "Versamento generico con carta", PP_IT, PT_FUNDING, 'C' },
	/* NL */
	{ "Vooraf goedgekeurde betaling - rekening betaald door gebruiker", PP_NL, PT_PAYMENT, 'R' },
	{ "Express Checkout-betaling", PP_NL, PT_PAYMENT, 'R' },
	{ "Webacceptatiebetaling ontvangen", PP_NL, PT_PAYMENT, 'R' },
	{ "Websitebetaling", PP_NL, PT_PAYMENT, 'I' },
	{ "Mobiele betaling", PP_NL, PT_PAYMENT, 'I' },
	{ "Algemene betaling", PP_NL, PT_PAYMENT, 'I' },
	{ "Abonnementsbetaling", PP_NL, PT_PAYMENT, 'I' },
	/* NL */
	{ "Terugbetaling", PP_NL, PT_REFUND, 'I' },
	{ "Terugbetaling van betaling", PP_NL, PT_REFUND, 'I' },
	/* NL */
	{ "Betaling vastgehouden", PP_NL, PT_HOLD, 'I' },
	{ "Vrijgave van betaling", PP_NL, PT_HOLD, 'I' },
	/* NL */
	{ "Algemene valutaomrekening", PP_NL, PT_CONVERSION, 'R' },
	/* NL */
	{ "Algemene opname", PP_NL, PT_WITHDRAWAL, 'I' },
	{ "Algemene opname - Bankrekening", PP_NL, PT_WITHDRAWAL, 'I' },
	/* NL */
	{ "Bankstorting naar PP-rekening", PP_NL, PT_FUNDING, 'R' },
	{ "Algemene kaartstorting", PP_NL, PT_FUNDING, 'R' },
	{ "Bankstorting", PP_NL, PT_FUNDING, 'R' },
	/* NL */
	{ "Algemene autorisatie", PP_NL, PT_NOBALANCE, 'C' },
	/* PT */
	{ "Pagamento no site", PP_PT, PT_PAYMENT, 'I' },
	{ "Pagamento do Express Checkout", PP_PT, PT_PAYMENT, 'I' },
	{ "Pagamento geral", PP_PT, PT_PAYMENT, 'I' },
	{ "Pagamento m\xc3\xb3vel", PP_PT, PT_PAYMENT, 'I' },
	{ "Pagamento de assinatura", PP_PT, PT_PAYMENT, 'I' },
	/* PT */
	{ "Reembolso de pagamento", PP_PT, PT_REFUND, 'I' },
	/* PT */
	{ "Reten\xc3\xa7\xc3\xa3o de pagamento", PP_PT, PT_HOLD, 'I' },
	{ "Libera\xc3\xa7\xc3\xa3o de pagamento", PP_PT, PT_HOLD, 'I' },
	/* PT */
	{ "Convers\xc3\xa3o de moeda geral", PP_PT, PT_CONVERSION, 'I' },
	{ "Convers\xc3\xa3o de moeda iniciada pelo usu\xc3\xa1rio", PP_PT, PT_CONVERSION, 'I' },
	/* PT */
	{ "Saque geral", PP_PT, PT_WITHDRAWAL, 'I' },
	{ "Saque geral - Conta banc\xc3\xa1ria", PP_PT, PT_WITHDRAWAL, 'I' },
	{ "Transfer\xc3\xaancia para conta banc\xc3\xa1ria", PP_PT, PT_WITHDRAWAL, 'I' },
	/* PT */
	{ "Dep\xc3\xb3sito banc\xc3\xa1rio na conta do PayPal", PP_PT, PT_FUNDING, 'I' },
};

static const struct word statuses[] = {
	{ "Completed", 0, PS_BALANCE, 'R' },
	{ "Pending", 0, PS_BALANCE, 'R' },
	{ "Cleared", 0, PS_BALANCE, 'D' },
	{ "Refunded", 0, PS_BALANCE, 'D' },
	{ "Partially Refunded", 0, PS_BALANCE, 'I' },
	{ "Reversed", 0, PS_BALANCE, 'I' },
	{ "Held", 0, PS_BALANCE, 'I' },
	{ "Processed", 0, PS_BALANCE, 'D' },
	{ "Returned", 0, PS_BALANCE, 'D' },
	{ "Termin\xc3\xa9", 0, PS_BALANCE, 'C' },
	{ "Termin\xc3\xa9" "e", 0, PS_BALANCE, 'I' },
	{ "En attente", 0, PS_BALANCE, 'I' },
	{ "Rembours\xc3\xa9", 0, PS_BALANCE, 'I' },
	{ "Abgeschlossen", 0, PS_BALANCE, 'R' },
	{ "Ausstehend", 0, PS_BALANCE, 'R' },
	{ "Erstattet", 0, PS_BALANCE, 'I' },
	{ "Teilweise erstattet", 0, PS_BALANCE, 'I' },
	{ "Completado", 0, PS_BALANCE, 'C' },
	{ "Completada", 0, PS_BALANCE, 'I' },
	{ "Pendiente", 0, PS_BALANCE, 'I' },
	{ "Reembolsado", 0, PS_BALANCE, 'I' },
	{ "Completato", 0, PS_BALANCE, 'I' },
	{ "Completata", 0, PS_BALANCE, 'I' },
	{ "In sospeso", 0, PS_BALANCE, 'C' },
	{ "Rimborsato", 0, PS_BALANCE, 'I' },
	{ "Voltooid", 0, PS_BALANCE, 'R' },
	{ "In behandeling", 0, PS_BALANCE, 'I' },
	{ "Terugbetaald", 0, PS_BALANCE, 'I' },
	{ "Conclu\xc3\xad" "do", 0, PS_BALANCE, 'I' },
	{ "Conclu\xc3\xad" "da", 0, PS_BALANCE, 'I' },
	{ "Pendente", 0, PS_BALANCE, 'I' },
	{ "Denied", 0, PS_SKIP, 'D' },
	{ "Canceled", 0, PS_SKIP, 'D' },
	{ "Cancelled", 0, PS_SKIP, 'I' },
	{ "Failed", 0, PS_SKIP, 'D' },
	{ "Removed", 0, PS_SKIP, 'I' },
	{ "Unclaimed", 0, PS_SKIP, 'D' },
	{ "Expired", 0, PS_SKIP, 'I' },
	{ "Refus\xc3\xa9", 0, PS_SKIP, 'I' },
	{ "Refus\xc3\xa9" "e", 0, PS_SKIP, 'I' },
	{ "Annul\xc3\xa9", 0, PS_SKIP, 'I' },
	{ "Annul\xc3\xa9" "e", 0, PS_SKIP, 'I' },
	{ "\xc3\x89" "chou\xc3\xa9", 0, PS_SKIP, 'I' },
	{ "\xc3\x89" "chec", 0, PS_SKIP, 'I' },
	{ "Non r\xc3\xa9" "clam\xc3\xa9", 0, PS_SKIP, 'I' },
	{ "Expir\xc3\xa9", 0, PS_SKIP, 'I' },
	{ "Abgelehnt", 0, PS_SKIP, 'I' },
	{ "Storniert", 0, PS_SKIP, 'I' },
	{ "Abgebrochen", 0, PS_SKIP, 'I' },
	{ "Fehlgeschlagen", 0, PS_SKIP, 'I' },
	{ "Nicht abgeholt", 0, PS_SKIP, 'I' },
	{ "Abgelaufen", 0, PS_SKIP, 'I' },
	{ "Denegado", 0, PS_SKIP, 'I' },
	{ "Rechazado", 0, PS_SKIP, 'I' },
	{ "Cancelado", 0, PS_SKIP, 'I' },
	{ "Fallido", 0, PS_SKIP, 'I' },
	{ "No reclamado", 0, PS_SKIP, 'I' },
	{ "Vencido", 0, PS_SKIP, 'I' },
	{ "Annullata", 0, PS_SKIP, 'C' },
	{ "Annullato", 0, PS_SKIP, 'I' },
	{ "Rifiutata", 0, PS_SKIP, 'C' },
	{ "Rifiutato", 0, PS_SKIP, 'I' },
	{ "Negato", 0, PS_SKIP, 'C' },
	{ "Non riuscito", 0, PS_SKIP, 'I' },
	{ "Scaduto", 0, PS_SKIP, 'I' },
	{ "Geweigerd", 0, PS_SKIP, 'I' },
	{ "Geannuleerd", 0, PS_SKIP, 'I' },
	{ "Mislukt", 0, PS_SKIP, 'I' },
	{ "Niet opge\xc3\xabist", 0, PS_SKIP, 'I' },
	{ "Verlopen", 0, PS_SKIP, 'I' },
	{ "Negado", 0, PS_SKIP, 'I' },
	{ "Recusado", 0, PS_SKIP, 'I' },
	{ "Falhou", 0, PS_SKIP, 'I' },
	{ "N\xc3\xa3o reclamado", 0, PS_SKIP, 'I' },
	{ "Expirado", 0, PS_SKIP, 'I' },
};

static const struct word impacts[] = {
	{ "Debit", 0, PI_DEBIT, 'C' },
	{ "Soll", 0, PI_DEBIT, 'R' },
	{ "D\xc3\xa9" "bit", 0, PI_DEBIT, 'I' },
	{ "D\xc3\xa9" "bito", 0, PI_DEBIT, 'I' },
	{ "Addebito", 0, PI_DEBIT, 'I' },
	{ "Af", 0, PI_DEBIT, 'I' },
	{ "Credit", 0, PI_CREDIT, 'C' },
	{ "Haben", 0, PI_CREDIT, 'R' },
	{ "Cr\xc3\xa9" "dit", 0, PI_CREDIT, 'I' },
	{ "Cr\xc3\xa9" "dito", 0, PI_CREDIT, 'I' },
	{ "Accredito", 0, PI_CREDIT, 'I' },
	{ "Bij", 0, PI_CREDIT, 'I' },
	{ "Memo", 0, PI_MEMO, 'C' },
	{ "M\xc3\xa9mo", 0, PI_MEMO, 'I' },
	{ "Nota", 0, PI_MEMO, 'I' },
	{ "Promemoria", 0, PI_MEMO, 'I' },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *pp_lang_name(enum pp_lang l)
{
	static const char *const names[PP__NLANG] = { "English", "French", "German",
		"Spanish", "Italian", "Dutch", "Portuguese" };

	return l < PP__NLANG ? names[l] : "?";
}

size_t pp_fold(char *out, size_t cap, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;
	int space = 0;

	if (!cap)
		return 0;
	while (p < end && n + 2 < cap) {
		unsigned char ch = *p;

		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '"') {
			space = 1;
			p++;
			continue;
		}
		if (ch == 0xC2 && p + 1 < end && p[1] == 0xA0) { /* NBSP */
			space = 1;
			p += 2;
			continue;
		}
		if (space && n) /* one space between words, none at the ends */
			out[n++] = ' ';
		space = 0;
		if (ch == 0xE2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)) {
			out[n++] = '-'; /* en and em dash */
			p += 3;
		} else if (ch == 0xE2 && p + 2 < end && p[1] == 0x80 && p[2] == 0x99) {
			out[n++] = '\''; /* right single quotation mark */
			p += 3;
		} else if (ch >= 'A' && ch <= 'Z') {
			out[n++] = (char)(ch + 32);
			p++;
		} else if (ch == 0xC3 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9E &&
			   p[1] != 0x97) { /* Latin-1 capitals: À..Þ, not × */
			out[n++] = (char)0xC3;
			out[n++] = (char)(p[1] + 0x20);
			p += 2;
		} else {
			out[n++] = (char)ch;
			p++;
		}
	}
	out[n] = '\0';
	return n;
}

static int folded_eq(const char *folded, const char *word)
{
	char w[160];
	unsigned char c0 = (unsigned char)word[0];

	/* a word that starts with an ASCII letter folds to that letter in
	 * lower case first: most words are ruled out without folding them */
	if (((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')) &&
	    (unsigned char)folded[0] != (c0 | 0x20))
		return 0;
	pp_fold(w, sizeof(w), word, strlen(word));
	return strcmp(folded, w) == 0;
}

int pp_col_is(struct field f, enum pp_col c, unsigned *langs)
{
	char h[160];
	size_t i;
	int found = 0;

	/* a stray BOM on the first cell */
	if (f.len >= 3 && (unsigned char)f.p[0] == 0xEF && (unsigned char)f.p[1] == 0xBB &&
	    (unsigned char)f.p[2] == 0xBF) {
		f.p += 3;
		f.len -= 3;
	}
	if (f.len >= sizeof(h) - 2)
		return 0;
	pp_fold(h, sizeof(h), f.p, f.len);
	if (langs)
		*langs = 0;
	for (i = 0; i < N(colnames); i++)
		if (colnames[i].col == c && folded_eq(h, colnames[i].name)) {
			found = 1;
			if (langs)
				*langs |= colnames[i].langs;
		}
	return found;
}

static int lookup(const struct word *t, size_t n, const char *s, size_t len)
{
	char h[200];
	size_t i;

	if (len >= sizeof(h) - 2)
		return 0;
	pp_fold(h, sizeof(h), s, len);
	for (i = 0; i < n; i++)
		if (folded_eq(h, t[i].w))
			return t[i].cls;
	return 0;
}

enum pp_class pp_type_class(const char *type)
{
	return (enum pp_class)lookup(types, N(types), type, strlen(type));
}

enum pp_status pp_status_class(struct field st)
{
	return (enum pp_status)lookup(statuses, N(statuses), st.p, st.len);
}

enum pp_impact pp_impact_class(struct field v)
{
	return (enum pp_impact)lookup(impacts, N(impacts), v.p, v.len);
}
