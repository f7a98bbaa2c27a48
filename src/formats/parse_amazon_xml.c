/*
 * parse_amazon_xml.c - Amazon XML settlement reports (parse_amazon_xml.h).
 *
 * expat calls us back per element; we keep the stack of open element
 * names, the text of the element being read (capped), and three levels of
 * state: the settlement (SettlementData), the transaction (a child of
 * SettlementReport: Order, Refund, OtherTransaction, AdjustmentEvent,
 * Retrocharge or any other), and the component (the parent of an Amount:
 * Component, Fee, Promotion, ...: it holds a Type and an Amount in either
 * order). A component's amount becomes one pending event when the
 * component closes; its amount type is the nearest group element above it
 * (ItemPrice/ItemPriceAdjustments = ItemPrice, ItemFees/ItemFeeAdjustments/
 * Fees = ItemFees, Promotion = Promotion, ItemTaxWithheld = ItemWithheldTax,
 * ShipmentFees, OrderFees, DirectPayment...), else other-transaction named
 * by the transaction's type. Pending events get the transaction's posted
 * date, order and adjustment ids and marketplace when the transaction
 * closes, and are added to the settlement, which is handed to the sink when
 * its SettlementReport closes. Lines are fed to expat with their newlines
 * restored, after dropping control bytes and reading non-UTF-8 bytes as
 * CP1252 (FORMATS.md 1.4), so expat's line numbers are the file's.
 */
#include "parse_amazon_xml.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_amazon.h"
#include "util/date.h"
#include "util/intr.h"
#include "util/money.h"
#include "util/text.h"

#define MAX_DEPTH 48
#define NAME_MAX_LEN 48
#define TEXT_MAX 4096
#define MAX_PENDING 200000

struct pend {
	int64_t amount;
	uint32_t atype, adesc, sku;
	int32_t quantity;
	uint32_t line;
};

struct xctx {
	XML_Parser xp;
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	long line0;                 /* file line of expat's line 1, minus 1 */
	int depth;
	char stack[MAX_DEPTH][NAME_MAX_LEN];
	char attr_cur[MAX_DEPTH][4]; /* currency= of each open element */
	struct buf text;
	int failed;                 /* stop: out of memory or the sink failed */
	struct ll_err *err;

	struct deposit *d;          /* open settlement */
	int report_depth;           /* depth of SettlementReport, 0 none */
	int in_data;
	char total_text[64];
	char total_cur[4];
	long report_line;

	int tx_depth;               /* depth of the transaction element, 0 none */
	char tx_name[NAME_MAX_LEN];
	char ttype[128], order_id[64], adj_id[64], market[64], posted[64];
	long tx_line;
	struct pend *pend;
	size_t npend, pendcap;

	int item_depth;             /* Item / AdjustedItem / AdjustmentItem */
	char sku[128];
	int32_t qty;
	int qty_used;

	/* per open element: a component's Type and Amount */
	char comp_type[MAX_DEPTH][96];
	int comp_has[MAX_DEPTH];
	int64_t comp_amount[MAX_DEPTH];
	long comp_line[MAX_DEPTH];

	struct buf tmp;
};

/* a row or file problem, to the sink (parse_reject) */
#define reject(c, ...) parse_reject((c)->sink, (c)->path, __VA_ARGS__)

int amazon_xml_detect(const char *line, size_t len)
{
	static const char *const needles[] = { "<AmazonEnvelope", "<SettlementReport" };
	size_t i, k;

	for (k = 0; k < 2; k++) {
		size_t n = strlen(needles[k]);

		for (i = 0; i + n <= len; i++)
			if (line[i] == '<' && memcmp(line + i, needles[k], n) == 0 &&
			    (i + n == len || line[i + n] == '>' || line[i + n] == ' ' ||
			     line[i + n] == '\t' || line[i + n] == '/'))
				return 1;
	}
	return 0;
}

static long cur_line(struct xctx *c)
{
	return c->line0 + (long)XML_GetCurrentLineNumber(c->xp);
}

static void stop(struct xctx *c)
{
	c->failed = 1;
	XML_StopParser(c->xp, XML_FALSE);
}

static const char *local(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon ? colon + 1 : name;
}

/* The amount type of a component by the group elements above it. */
static const char *group_of(const struct xctx *c, int from)
{
	static const struct { const char *el, *atype; } groups[] = {
		{ "ItemPrice", "ItemPrice" }, { "ItemPriceAdjustments", "ItemPrice" },
		{ "ItemFees", "ItemFees" }, { "ItemFeeAdjustments", "ItemFees" },
		{ "Fees", "ItemFees" },
		{ "Promotion", "Promotion" }, { "PromotionAdjustment", "Promotion" },
		{ "Promotions", "Promotion" }, { "PromotionAdjustments", "Promotion" },
		{ "ItemTaxWithheld", "ItemWithheldTax" }, { "TaxesWithheld", "ItemWithheldTax" },
		{ "ItemWithheldTax", "ItemWithheldTax" },
		{ "ItemTaxWithheldAdjustments", "ItemWithheldTax" },
		{ "ShipmentFees", "ShipmentFees" }, { "ShipmentFeeAdjustments", "ShipmentFees" },
		{ "OrderFees", "OrderFees" }, { "OrderFeeAdjustments", "OrderFees" },
		{ "DirectPayment", "DirectPayment" }, { "DirectPayments", "DirectPayment" },
		{ "MiscFees", "MiscFees" }, { "OtherFees", "OtherFees" },
	};
	int k;
	size_t i;

	for (k = from; k > c->tx_depth; k--)
		for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
			if (!strcmp(c->stack[k - 1], groups[i].el))
				return groups[i].atype;
	return NULL;
}

static int intern_str(struct xctx *c, const char *s, uint32_t *id)
{
	return strpool_intern(&c->d->pool, s, strlen(s), id);
}

/* The amount held by the element at depth k (1-based) becomes a pending event. */
static void push_component(struct xctx *c, int k)
{
	const char *atype = group_of(c, k);
	const char *adesc = c->comp_type[k - 1];
	struct pend *p;

	c->comp_has[k - 1] = 0;
	if (!c->d || !c->tx_depth)
		return;
	if (!atype) {
		/* the transaction's own amount, or an item's: named by its type;
		 * any other element (Retrocharge's BaseTax): by its name */
		atype = "other-transaction";
		if (!adesc[0] && (k == c->tx_depth || k == c->item_depth))
			adesc = c->ttype[0] ? c->ttype : c->tx_name;
	}
	if (!adesc[0])
		adesc = c->stack[k - 1];
	if (c->npend == MAX_PENDING) {
		reject(c, c->comp_line[k - 1], "error", "too-many-amounts",
		       "a transaction with more than %d amounts; the settlement is not "
		       "imported", MAX_PENDING);
		c->d->bad_rows++;
		return;
	}
	if (c->npend == c->pendcap) {
		size_t nc = c->pendcap ? c->pendcap * 2 : 64;
		struct pend *np = realloc(c->pend, nc * sizeof(*np));

		if (!np) {
			stop(c);
			return;
		}
		c->pend = np;
		c->pendcap = nc;
	}
	p = &c->pend[c->npend];
	memset(p, 0, sizeof(*p));
	p->amount = c->comp_amount[k - 1];
	p->line = (uint32_t)c->comp_line[k - 1];
	if (intern_str(c, atype, &p->atype) || intern_str(c, adesc, &p->adesc) ||
	    intern_str(c, c->item_depth ? c->sku : "", &p->sku)) {
		stop(c);
		return;
	}
	if (c->item_depth && !c->qty_used) {
		p->quantity = c->qty;
		c->qty_used = 1;
	}
	c->npend++;
}

/* The transaction closes: its pending events go into the settlement. */
static void end_tx(struct xctx *c)
{
	struct event e;
	struct ll_time t;
	int64_t days = 0;
	long rows;
	size_t i;

	if (c->posted[0] && date_parse(&t, c->posted, strlen(c->posted)) == 0)
		days = date_days(t.year, t.month, t.day);
	else if (c->posted[0] || c->npend)
		reject(c, c->tx_line, "warning", "bad-date",
		       "%s: posted date '%.40s' is not a date; the settlement's end "
		       "date is used", c->tx_name, c->posted);
	memset(&e, 0, sizeof(e));
	if (!c->ttype[0])
		snprintf(c->ttype, sizeof(c->ttype), "%s", c->tx_name);
	if (intern_str(c, c->ttype, &e.ttype) || intern_str(c, c->order_id, &e.order_id) ||
	    intern_str(c, c->adj_id, &e.adjustment_id) ||
	    intern_str(c, c->market, &e.marketplace)) {
		stop(c);
		return;
	}
	c->stats->rows++;
	rows = c->d->rows; /* a transaction is one row, however many amounts */
	for (i = 0; i < c->npend; i++) {
		const struct pend *p = &c->pend[i];

		e.amount = p->amount;
		e.atype = p->atype;
		e.adesc = p->adesc;
		e.sku = p->sku;
		e.quantity = p->quantity;
		e.line = p->line;
		e.posted_days = days;
		e.kind = (uint8_t)amazon_event_kind(deposit_str(c->d, e.ttype),
						    deposit_str(c->d, e.atype),
						    deposit_str(c->d, e.adesc));
		if (deposit_add(c->d, &e)) {
			stop(c);
			return;
		}
		if (days) {
			if (!c->stats->first_days || days < c->stats->first_days)
				c->stats->first_days = days;
			if (days > c->stats->last_days)
				c->stats->last_days = days;
		}
	}
	c->d->rows = rows + 1;
	c->d->last_row = 0;
	c->npend = 0;
	c->tx_depth = 0;
}

static void set_date(char out[11], const char *s)
{
	struct ll_time t;

	if (date_parse(&t, s, strlen(s)) == 0)
		date_ymd(&t, out);
}

/* The settlement closes: check its header and hand it over. */
static void end_report(struct xctx *c)
{
	struct deposit *d = c->d;
	int rc = 0;

	c->report_depth = 0;
	if (!d)
		return;
	c->d = NULL;
	if (!d->id[0] || !d->currency[0] || !d->deposit_date[0] || !d->has_header) {
		rc = reject(c, c->report_line, "error", "no-summary",
			    "settlement %s has no complete SettlementData (AmazonSettlementID, "
			    "TotalAmount with currency, DepositDate); its %zu amounts are not "
			    "imported", d->id[0] ? d->id : "(no id)", d->nev);
		if (rc == 0)
			rc = parse_fate(c->sink, "", FATE_LEFT, "no-summary", d->rows, 0);
	} else {
		rc = parse_deliver_settlement(c->sink, c->stats, d);
	}
	deposit_free(d);
	free(d);
	if (rc)
		stop(c);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xctx *c = ud;
	const char *n = local(name);
	int i;

	if (c->failed)
		return;
	if (c->depth == MAX_DEPTH) {
		ll_err_set(c->err, LL_EPARSE, c->path, cur_line(c),
			   "XML nested deeper than %d elements", MAX_DEPTH);
		stop(c);
		return;
	}
	snprintf(c->stack[c->depth], NAME_MAX_LEN, "%s", n);
	c->attr_cur[c->depth][0] = '\0';
	for (i = 0; attrs[i]; i += 2)
		if (!strcmp(local(attrs[i]), "currency"))
			snprintf(c->attr_cur[c->depth], 4, "%s", attrs[i + 1]);
	c->comp_has[c->depth] = 0;
	c->comp_type[c->depth][0] = '\0';
	c->depth++;
	buf_reset(&c->text);

	if (!strcmp(n, "SettlementReport")) {
		if (c->d)
			end_report(c);
		c->d = malloc(sizeof(*c->d));
		if (!c->d || deposit_init(c->d, "amazon", "", c->path)) {
			free(c->d);
			c->d = NULL;
			stop(c);
			return;
		}
		c->report_depth = c->depth;
		c->report_line = cur_line(c);
		c->total_text[0] = c->total_cur[0] = '\0';
		return;
	}
	if (c->report_depth && c->depth == c->report_depth + 1) {
		if (!strcmp(n, "SettlementData")) {
			c->in_data = 1;
			return;
		}
		c->tx_depth = c->depth;
		snprintf(c->tx_name, sizeof(c->tx_name), "%s", n);
		c->ttype[0] = c->order_id[0] = c->adj_id[0] = c->market[0] = c->posted[0] = '\0';
		if (strcmp(n, "OtherTransaction") && strcmp(n, "AdjustmentEvent"))
			snprintf(c->ttype, sizeof(c->ttype), "%s", n);
		c->tx_line = cur_line(c);
		c->npend = 0;
		c->item_depth = 0;
		return;
	}
	if (c->tx_depth && (!strcmp(n, "Item") || !strcmp(n, "AdjustedItem") ||
			    !strcmp(n, "AdjustmentItem") || !strcmp(n, "OtherTransactionItem"))) {
		c->item_depth = c->depth;
		c->sku[0] = '\0';
		c->qty = 0;
		c->qty_used = 0;
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xctx *c = ud;

	if (c->failed || len <= 0)
		return;
	if (c->text.len + (size_t)len <= TEXT_MAX)
		buf_add(&c->text, s, (size_t)len);
}

/* the element's text, trimmed, copied into out */
static void text_to(const struct xctx *c, char *out, size_t cap)
{
	struct field f = text_trim((struct field){ buf_cstr(&c->text), c->text.len });

	snprintf(out, cap, "%.*s", (int)(f.len < cap ? f.len : cap - 1), f.p);
}

static void amount_end(struct xctx *c, const char *n, const char *cur)
{
	const char *cc = cur[0] ? cur : c->d->currency;
	struct field f = text_trim((struct field){ buf_cstr(&c->text), c->text.len });
	int exp = currency_exponent(cc[0] ? cc : "USD");
	int k = c->depth - 1; /* the parent holds it */
	int64_t v;

	if (k < 1)
		return;
	if (cur[0] && c->d->currency[0] && strcmp(cur, c->d->currency)) {
		reject(c, cur_line(c), "error", "bad-currency",
		       "settlement %s: an amount in %s in a %s settlement; not imported",
		       c->d->id, cur, c->d->currency);
		c->d->bad_rows++;
		return;
	}
	if (money_parse(&v, f.p, f.len, exp, MONEY_DOT)) {
		reject(c, cur_line(c), "error", "bad-amount",
		       "settlement %s: %s '%.*s' is not an amount; not imported", c->d->id, n,
		       (int)(f.len < 40 ? f.len : 40), f.p);
		c->d->bad_rows++;
		c->stats->bad_rows++;
		return;
	}
	if (c->comp_has[k - 1])
		push_component(c, k); /* a second amount in one element */
	c->comp_has[k - 1] = 1;
	c->comp_amount[k - 1] = v;
	c->comp_line[k - 1] = cur_line(c);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xctx *c = ud;
	const char *n = local(name);
	const char *parent = c->depth >= 2 ? c->stack[c->depth - 2] : "";
	char cur[4];

	if (c->failed || c->depth == 0)
		return;
	memcpy(cur, c->attr_cur[c->depth - 1], 4);
	if (c->in_data && c->d) {
		char v[128];

		text_to(c, v, sizeof(v));
		if (!strcmp(n, "AmazonSettlementID")) {
			snprintf(c->d->id, sizeof(c->d->id), "%.63s", v);
		} else if (!strcmp(n, "TotalAmount")) {
			snprintf(c->d->currency, sizeof(c->d->currency), "%s", cur);
			c->d->exponent = currency_exponent(cur);
			if (!currency_valid(cur) ||
			    money_parse(&c->d->total, v, strlen(v), c->d->exponent, MONEY_DOT)) {
				reject(c, cur_line(c), "error", "bad-amount",
				       "settlement %s: TotalAmount '%s' (currency '%s') is not an "
				       "amount", c->d->id, v, cur);
				c->d->currency[0] = '\0';
			} else {
				c->d->has_header = 1;
				c->d->header_line = (uint32_t)cur_line(c);
			}
		} else if (!strcmp(n, "StartDate")) {
			set_date(c->d->start_date, v);
		} else if (!strcmp(n, "EndDate")) {
			set_date(c->d->end_date, v);
		} else if (!strcmp(n, "DepositDate")) {
			set_date(c->d->deposit_date, v);
		} else if (!strcmp(n, "SettlementData")) {
			c->in_data = 0;
		}
	} else if (c->tx_depth && c->d) {
		if (!strcmp(n, "Amount") || (!strcmp(n, "TotalAmount") && c->item_depth)) {
			if (strcmp(parent, "OtherTransactionItem"))
				amount_end(c, n, cur);
		} else if (!strcmp(n, "Type") && c->depth >= 2) {
			text_to(c, c->comp_type[c->depth - 2], sizeof(c->comp_type[0]));
		} else if (!strcmp(n, "AmazonOrderID")) {
			text_to(c, c->order_id, sizeof(c->order_id));
		} else if (!strcmp(n, "AdjustmentID")) {
			text_to(c, c->adj_id, sizeof(c->adj_id));
		} else if (!strcmp(n, "MarketplaceName")) {
			text_to(c, c->market, sizeof(c->market));
		} else if (!strcmp(n, "PostedDate")) {
			text_to(c, c->posted, sizeof(c->posted));
		} else if (!strcmp(n, "TransactionType") || !strcmp(n, "AdjustmentType")) {
			text_to(c, c->ttype, sizeof(c->ttype));
		} else if (!strcmp(n, "SKU") && c->item_depth) {
			text_to(c, c->sku, sizeof(c->sku));
		} else if (!strcmp(n, "Quantity") && c->item_depth) {
			char v[32];
			int64_t q;

			text_to(c, v, sizeof(v));
			if (money_parse(&q, v, strlen(v), 0, MONEY_DOT) == 0 && q > -1000000 &&
			    q < 1000000)
				c->qty = (int32_t)q;
		}
	}
	/* the element closes: an amount it holds becomes an event */
	if (c->comp_has[c->depth - 1] && c->d)
		push_component(c, c->depth);
	if (c->item_depth == c->depth)
		c->item_depth = 0;
	if (c->tx_depth == c->depth && c->d)
		end_tx(c);
	c->depth--;
	buf_reset(&c->text);
	if (c->report_depth && c->depth == c->report_depth - 1)
		end_report(c);
}

/* Hand what feed gathered to expat. */
static int flush(struct xctx *c)
{
	int rc = 0;

	if (c->tmp.len &&
	    XML_Parse(c->xp, c->tmp.ptr, (int)c->tmp.len, 0) == XML_STATUS_ERROR)
		rc = LL_EPARSE;
	buf_reset(&c->tmp);
	return rc;
}

/* expat takes the text in pieces of about this size, not a line at a time */
#define FEED_CHUNK (64 * 1024)

/* Add one line (and its newline), cleaned, to what goes to expat next. */
static int feed(struct xctx *c, const char *line, size_t len)
{
	size_t i, w, base = c->tmp.len;
	char *p;

	if (!text_is_utf8(line, len)) {
		if (text_append_utf8(&c->tmp, line, len))
			return LL_ERROR;
	} else if (buf_add(&c->tmp, line, len)) {
		return LL_ERROR;
	}
	p = c->tmp.ptr ? c->tmp.ptr : (char *)"";
	for (i = w = base; i < c->tmp.len; i++) {
		unsigned char ch = (unsigned char)p[i];

		if ((ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\n') || ch == 0x7F)
			continue;
		p[w++] = p[i];
	}
	c->tmp.len = w;
	if (buf_addc(&c->tmp, '\n'))
		return LL_ERROR;
	return c->tmp.len >= FEED_CHUNK ? flush(c) : 0;
}

int amazon_parse_xml(struct lines *l, const char *path, const char *header,
		     size_t hlen, const struct parse_sink *sink,
		     struct parse_stats *stats, struct ll_err *err)
{
	struct xctx *c;
	char *line;
	size_t len;
	int rc;

	c = calloc(1, sizeof(*c));
	if (!c)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	c->path = path;
	c->sink = sink;
	c->stats = stats;
	c->err = err;
	c->line0 = l->lineno - 1;
	buf_init(&c->text, TEXT_MAX + 16);
	buf_init(&c->tmp, LINES_MAX_LEN * 4 + 16);
	c->xp = XML_ParserCreate("UTF-8"); /* overrides the declaration: we feed UTF-8 */
	if (!c->xp) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	XML_SetUserData(c->xp, c);
	XML_SetElementHandler(c->xp, on_start, on_end);
	XML_SetCharacterDataHandler(c->xp, on_text);
	rc = feed(c, header, hlen);
	while (rc == 0 && !c->failed) {
		struct ll_err lerr = LL_ERR_INIT;
		int lr;

		if (intr_requested()) { /* SIGINT/SIGTERM: nothing of it delivered */
			rc = ll_err_set(err, LL_ETRANSIENT, path, l->lineno,
					"interrupted; the file is read again on the next run");
			break;
		}
		lr = lines_next(l, &line, &len, &lerr);
		if (lr == 1) {
			rc = feed(c, line, len);
			continue;
		}
		/* the end, or a read error: expat has what came before first,
		 * as when each line went to it as soon as it was read */
		rc = flush(c);
		if (rc == 0 && !c->failed && lr < 0) {
			*err = lerr;
			rc = lr;
		}
		break;
	}
	if (rc == 0 && !c->failed)
		rc = XML_Parse(c->xp, "", 0, 1) == XML_STATUS_ERROR ? LL_EPARSE : 0;
	if (c->failed) {
		if (!err->msg[0])
			ll_err_set(err, LL_ERROR, path, cur_line(c),
				   "out of memory or the state file failed");
		rc = err->code ? err->code : LL_ERROR;
	} else if (rc == LL_EPARSE && !err->msg[0]) {
		rc = ll_err_set(err, LL_EPARSE, path, cur_line(c),
				"not well-formed XML: %s",
				XML_ErrorString(XML_GetErrorCode(c->xp)));
	} else if (rc == LL_ERROR && !err->msg[0]) {
		rc = ll_err_set(err, LL_ERROR, path, cur_line(c), "out of memory");
	}
	if (rc == 0 && c->d)
		rc = ll_err_set(err, LL_EPARSE, path, cur_line(c),
				"the XML ends inside settlement %s", c->d->id);
done:
	if (c->d) { /* incomplete: not delivered */
		deposit_free(c->d);
		free(c->d);
	}
	if (c->xp)
		XML_ParserFree(c->xp);
	free(c->pend);
	buf_free(&c->text);
	buf_free(&c->tmp);
	free(c);
	return rc;
}
