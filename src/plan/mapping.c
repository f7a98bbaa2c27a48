/*
 * mapping.c - loading each platform's mapping file (libcsv) and
 * settings.json (jansson), for the platforms in the table of platforms
 * (platforms.h), expanding number templates. Matching a key to a row:
 * mapping_index.c.
 * Tax classes, tax rates and the folder per country: mapping_tax.c.
 */
#include "mapping.h"
#include "mapping_int.h"

#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/fmt.h"
#include "util/hash.h"

#define MAP_FILE_MAX (4 * 1024 * 1024)

enum { M_TTYPE, M_ATYPE, M_ADESC, M_ACCOUNT, M_TAX, M_DESC, M_TRACK, M_MKT, M_FROM,
       M_TO, M__N };
static const char *const map_cols[M__N] = {
	"transaction_type", "amount_type", "amount_description", "account_code",
	"tax_type", "line_description", "tracking", "marketplace", "valid_from", "valid_to"
};
#define MAP_FIELDS 24

struct csvctx {
	struct platform_map *m;
	const char *path;
	long line;
	int header_done;
	int idx[M__N];
	char fields[MAP_FIELDS][256];
	int nf;
	int failed;
	struct ll_err *err;
	size_t cap;
};

static void on_field(void *s, size_t len, void *data)
{
	struct csvctx *c = data;

	if (c->nf < MAP_FIELDS) {
		snprintf(c->fields[c->nf], sizeof(c->fields[c->nf]), "%.*s",
			 (int)(len < 255 ? len : 255), (const char *)s);
	}
	c->nf++;
}

static void copy_trim(char *out, size_t outlen, const char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	snprintf(out, outlen, "%s", s);
	n = strlen(out);
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\r'))
		out[--n] = '\0';
}

static void on_row(int ch, void *data)
{
	struct csvctx *c = data;
	struct mapping_row *r;
	int i;

	(void)ch;
	c->line++;
	if (c->failed)
		return;
	if (c->nf == 0 || (c->nf == 1 && c->fields[0][0] == '\0') ||
	    c->fields[0][0] == '#') {
		c->nf = 0;
		return;
	}
	if (!c->header_done) {
		for (i = 0; i < M__N; i++) {
			int k;

			c->idx[i] = -1;
			for (k = 0; k < c->nf && k < MAP_FIELDS; k++)
				if (!strcasecmp(c->fields[k], map_cols[i]))
					c->idx[i] = k;
			if (c->idx[i] < 0 && i <= M_TAX) {
				ll_err_set(c->err, LL_EPARSE, c->path, c->line,
					   "mapping header lacks column '%s' (needs %s,%s,%s,%s,%s"
					   "[,%s,%s])", map_cols[i], map_cols[0], map_cols[1],
					   map_cols[2], map_cols[3], map_cols[4], map_cols[5],
					   map_cols[6]);
				c->failed = 1;
				return;
			}
		}
		c->header_done = 1;
		c->nf = 0;
		return;
	}
	if (c->m->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 64;
		struct mapping_row *nr = realloc(c->m->rows, nc * sizeof(*nr));

		if (!nr) {
			c->failed = 1;
			ll_err_set(c->err, LL_ERROR, c->path, c->line, "out of memory");
			return;
		}
		c->m->rows = nr;
		c->cap = nc;
	}
	r = &c->m->rows[c->m->n];
	memset(r, 0, sizeof(*r));
#define F(i) (c->idx[i] >= 0 && c->idx[i] < c->nf && c->idx[i] < MAP_FIELDS ? \
		     c->fields[c->idx[i]] : "")
	copy_trim(r->ttype, sizeof(r->ttype), F(M_TTYPE));
	copy_trim(r->atype, sizeof(r->atype), F(M_ATYPE));
	copy_trim(r->adesc, sizeof(r->adesc), F(M_ADESC));
	copy_trim(r->account, sizeof(r->account), F(M_ACCOUNT));
	copy_trim(r->tax_type, sizeof(r->tax_type), F(M_TAX));
	copy_trim(r->description, sizeof(r->description), F(M_DESC));
	copy_trim(r->marketplace, sizeof(r->marketplace), F(M_MKT));
	r->track = !strcasecmp(F(M_TRACK), "marketplace") || !strcasecmp(F(M_TRACK), "yes");
	r->line = c->line;
	if (!r->account[0]) {
		ll_err_set(c->err, LL_EPARSE, c->path, c->line,
			   "mapping row has no account_code");
		c->failed = 1;
		return;
	}
	r->from_days = INT64_MIN;
	r->to_days = INT64_MAX;
	for (i = M_FROM; i <= M_TO; i++) {
		char d[32];
		int64_t days;

		copy_trim(d, sizeof(d), F(i));
		if (!d[0])
			continue;
		if (date_parse_ymd(&days, d)) {
			ll_err_set(c->err, LL_EPARSE, c->path, c->line,
				   "%s '%s' is not a date (YYYY-MM-DD)", map_cols[i], d);
			c->failed = 1;
			return;
		}
		*(i == M_FROM ? &r->from_days : &r->to_days) = days;
		r->dated = 1;
	}
#undef F
	if (r->from_days > r->to_days) {
		ll_err_set(c->err, LL_EPARSE, c->path, c->line,
			   "valid_from is after valid_to: the row applies to nothing");
		c->failed = 1;
		return;
	}
	if (!r->ttype[0])
		snprintf(r->ttype, sizeof(r->ttype), "*");
	if (!r->atype[0])
		snprintf(r->atype, sizeof(r->atype), "*");
	if (!r->adesc[0])
		snprintf(r->adesc, sizeof(r->adesc), "*");
	if (!r->marketplace[0])
		snprintf(r->marketplace, sizeof(r->marketplace), "*");
	r->specificity = (strcmp(r->ttype, "*") != 0) + (strcmp(r->atype, "*") != 0) +
			 (strcmp(r->adesc, "*") != 0) + (strcmp(r->marketplace, "*") != 0);
	if (!r->description[0])
		snprintf(r->description, sizeof(r->description), "%s",
			 strcmp(r->adesc, "*") ? r->adesc : r->atype);
	c->m->n++;
	c->nf = 0;
}

static int read_file(const char *path, struct buf *out, struct ll_err *err)
{
	FILE *f = fopen(path, "rb");
	char tmp[8192];
	size_t n;

	if (!f)
		return ll_err_set(err, LL_ERROR, path, 0, "cannot open mapping file");
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		if (buf_add(out, tmp, n)) {
			fclose(f);
			return ll_err_set(err, LL_EPARSE, path, 0,
					  "mapping file larger than %d bytes", MAP_FILE_MAX);
		}
	}
	fclose(f);
	return 0;
}

static int load_csv(struct platform_map *m, const char *path, struct hash128 *h,
		    struct ll_err *err)
{
	struct buf b = BUF_INIT(MAP_FILE_MAX);
	struct csv_parser p;
	struct csvctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.path = path;
	c.err = err;
	rc = read_file(path, &b, err);
	if (rc)
		goto done;
	hash_update(h, b.ptr, b.len);
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "cannot start CSV parser");
		goto done;
	}
	if (csv_parse(&p, b.ptr ? b.ptr : "", b.len, on_field, on_row, &c) != b.len) {
		rc = ll_err_set(err, LL_EPARSE, path, c.line + 1, "CSV error: %s",
				csv_strerror(csv_error(&p)));
		csv_free(&p);
		goto done;
	}
	csv_fini(&p, on_field, on_row, &c);
	csv_free(&p);
	if (c.failed) {
		rc = err ? err->code : LL_EPARSE;
		goto done;
	}
	if (!c.header_done)
		rc = ll_err_set(err, LL_EPARSE, path, 0, "mapping file is empty");
done:
	buf_free(&b);
	return rc;
}

static void set_str(json_t *o, const char *key, char *out, size_t outlen)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		snprintf(out, outlen, "%s", json_string_value(v));
}

/* defaults for anything settings.json leaves out: numbers from the
 * platform's prefix, the reference from its title and reference noun */
static void settings_defaults(struct platform_map *pm)
{
	struct platform_settings *s = &pm->s;
	const char *prefix = pm->def->prefix, *what = pm->def->reference_noun;

	memset(s, 0, sizeof(*s));
	s->negative = NEG_BILL;
	snprintf(s->carried_tax_type, sizeof(s->carried_tax_type), "{none}");
	/* month ends and negative payouts (docs/tax.md §7-§8) */
	if (pm->def->carried_account) {
		snprintf(s->carried_account, sizeof(s->carried_account), "%s",
			 pm->def->carried_account);
		s->negative_payout = pm->def->caps & PLATFORM_NEG_CARRIED ? NEGPAY_CARRIED
									 : NEGPAY_TRANSFER;
		s->split_months = 1;
	}
	snprintf(s->contact, sizeof(s->contact), "%s", pm->title);
	snprintf(s->number, sizeof(s->number), "%s-{settlement}", prefix);
	snprintf(s->month_number, sizeof(s->month_number), "%s-{settlement}-{month}", prefix);
	snprintf(s->order_number, sizeof(s->order_number), "%s-{order}", prefix);
	snprintf(s->refund_number, sizeof(s->refund_number), "%s-{order}-R{settlement}",
		 prefix);
	snprintf(s->reference, sizeof(s->reference), "%s %s {settlement} ({start} to {end})",
		 pm->title, what);
	snprintf(s->status, sizeof(s->status), "DRAFT");
	snprintf(s->line_amount_types, sizeof(s->line_amount_types), "Inclusive");
	snprintf(s->fallback_account, sizeof(s->fallback_account), "429");
	snprintf(s->fallback_tax_type, sizeof(s->fallback_tax_type), "{none}");
	s->payments = 1;
	s->account_model = (pm->def->caps & PLATFORM_WALLET) != 0;
	snprintf(s->own[0].key, sizeof(s->own[0].key), "*");
	snprintf(s->own[0].code, sizeof(s->own[0].code), "%s{currency}", prefix);
	s->nown = 1;
	snprintf(s->bank[0].key, sizeof(s->bank[0].key), "*");
	snprintf(s->bank[0].code, sizeof(s->bank[0].code), "090");
	s->nbank = 1;
}

/* "clearing_account" / "bank_account": a code, or an object of key: code
 * (keys: "<gateway> <CUR>", "<gateway>", "<CUR>", "*") */
static int load_accounts(struct platform_map *pm, json_t *v, const char *name,
			 struct account_choice *out, size_t *n, const char *path,
			 struct ll_err *err)
{
	const char *key;
	json_t *code;

	if (!v)
		return 0;
	*n = 0;
	if (json_is_string(v)) {
		snprintf(out[0].key, sizeof(out[0].key), "*");
		snprintf(out[0].code, sizeof(out[0].code), "%s", json_string_value(v));
		*n = 1;
		return 0;
	}
	if (!json_is_object(v))
		return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.%s is not an account"
				  " code or an object of gateway/currency: code", pm->def->settings,
				  name);
	json_object_foreach(v, key, code) {
		if (!json_is_string(code))
			return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.%s.%s is not"
					  " an account code", pm->def->settings, name, key);
		if (*n == MAP_CLEARING_MAX)
			return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.%s has more"
					  " than %d entries", pm->def->settings, name,
					  MAP_CLEARING_MAX);
		snprintf(out[*n].key, sizeof(out[*n].key), "%s", key);
		snprintf(out[*n].code, sizeof(out[*n].code), "%s", json_string_value(code));
		(*n)++;
	}
	return 0;
}

static const char *choose(const struct account_choice *c, size_t n, const char *gateway,
			  const char *currency)
{
	char keys[4][72];
	size_t i, k;

	snprintf(keys[0], sizeof(keys[0]), "%.63s %.3s", gateway ? gateway : "", currency);
	snprintf(keys[1], sizeof(keys[1]), "%.63s", gateway ? gateway : "");
	snprintf(keys[2], sizeof(keys[2]), "%.3s", currency);
	snprintf(keys[3], sizeof(keys[3]), "*");
	for (k = 0; k < 4; k++)
		for (i = 0; i < n; i++)
			if (keys[k][0] && keys[k][0] != ' ' && c[i].code[0] &&
			    !strcasecmp(c[i].key, keys[k]))
				return c[i].code;
	return NULL;
}

const char *mapping_clearing_account(const struct platform_settings *s,
				     const char *gateway, const char *currency)
{
	return choose(s->clearing, s->nclearing, gateway, currency);
}

const char *mapping_bank_account(const struct platform_settings *s, const char *currency)
{
	return choose(s->bank, s->nbank, NULL, currency);
}

int mapping_own_account(const struct platform_settings *s, const char *currency, char *out,
			size_t outlen)
{
	const char *t = choose(s->own, s->nown, NULL, currency), *at;
	int n;

	if (!t)
		return LL_EPARSE;
	at = strstr(t, "{currency}");
	n = at ? snprintf(out, outlen, "%.*s%s%s", (int)(at - t), t, currency, at + 10)
	       : snprintf(out, outlen, "%s", t);
	return n < 0 || (size_t)n >= outlen ? LL_EPARSE : 0;
}

/* "model", "bank_transactions", "account" and "opening_balance" of a
 * platform with PLATFORM_WALLET */
static int load_wallet_settings(struct platform_map *pm, json_t *a, const char *path,
				struct ll_err *err)
{
	struct platform_settings *s = &pm->s;
	char model[32] = "", bt[32] = "";
	const char *cur;
	json_t *v, *amt;

	set_str(a, "model", model, sizeof(model));
	set_str(a, "bank_transactions", bt, sizeof(bt));
	if (model[0] && strcmp(model, "account") && strcmp(model, "transfer"))
		return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.model '%s' is not"
				  " account or transfer", pm->def->settings, model);
	if (model[0])
		s->account_model = !strcmp(model, "account");
	if (bt[0] && strcmp(bt, "row") && strcmp(bt, "day"))
		return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.bank_transactions"
				  " '%s' is not row or day", pm->def->settings, bt);
	s->day_summaries = !strcmp(bt, "day");
	if (load_accounts(pm, json_object_get(a, "account"), "account", s->own, &s->nown, path,
			  err))
		return LL_EPARSE;
	v = json_object_get(a, "opening_balance");
	if (v && !json_is_object(v))
		return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.opening_balance is not"
				  " an object of currency: \"amount\"", pm->def->settings);
	s->nopening = 0;
	json_object_foreach(v, cur, amt) {
		if (strlen(cur) != 3 || !json_is_string(amt) ||
		    s->nopening == MAP_CLEARING_MAX)
			return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.opening_balance"
					  " '%s' is not a currency code with an amount as text"
					  " (\"USD\": \"1234.56\"), or there are more than %d",
					  pm->def->settings, cur, MAP_CLEARING_MAX);
		snprintf(s->opening[s->nopening].currency, 4, "%s", cur);
		snprintf(s->opening[s->nopening].amount, sizeof(s->opening[0].amount), "%s",
			 json_string_value(amt));
		s->nopening++;
	}
	return 0;
}

static int load_platform_settings(struct platform_map *pm, json_t *a, const char *path,
				  struct ll_err *err)
{
	struct platform_settings *s = &pm->s;
	json_t *v;
	char mode[32] = "", neg[32] = "", unpaid[16] = "", negpay[32] = "";
	int rc = 0;

	if (!json_is_object(a))
		return 0;
	set_str(a, "contact", s->contact, sizeof(s->contact));
	set_str(a, "number", s->number, sizeof(s->number));
	set_str(a, "month_number", s->month_number, sizeof(s->month_number));
	set_str(a, "order_number", s->order_number, sizeof(s->order_number));
	set_str(a, "refund_number", s->refund_number, sizeof(s->refund_number));
	set_str(a, "reference", s->reference, sizeof(s->reference));
	set_str(a, "status", s->status, sizeof(s->status));
	set_str(a, "line_amount_types", s->line_amount_types, sizeof(s->line_amount_types));
	set_str(a, "fallback_account", s->fallback_account, sizeof(s->fallback_account));
	set_str(a, "fallback_tax_type", s->fallback_tax_type, sizeof(s->fallback_tax_type));
	set_str(a, "tracking_category", s->tracking_category, sizeof(s->tracking_category));
	set_str(a, "sales_recorded_by", s->sales_recorded_by, sizeof(s->sales_recorded_by));
	set_str(a, "sales_tax_account", s->tax_account, sizeof(s->tax_account));
	set_str(a, "invoice_prefix", s->invoice_prefix, sizeof(s->invoice_prefix));
	set_str(a, "shop", s->shop, sizeof(s->shop));
	set_str(a, "unpaid_orders", unpaid, sizeof(unpaid));
	if (unpaid[0] && strcmp(unpaid, "list") && strcmp(unpaid, "invoice"))
		return ll_err_set(err, LL_EPARSE, path, 0,
				  "settings: %s.unpaid_orders '%s' is not list or invoice",
				  pm->def->settings, unpaid);
	s->unpaid_invoices = !strcmp(unpaid, "invoice");
	set_str(a, "mode", mode, sizeof(mode));
	set_str(a, "negative_settlement", neg, sizeof(neg));
	set_str(a, "negative_payout", negpay, sizeof(negpay));
	set_str(a, "carried_balance_account", s->carried_account, sizeof(s->carried_account));
	set_str(a, "carried_balance_tax_type", s->carried_tax_type,
		sizeof(s->carried_tax_type));
	v = json_object_get(a, "split_months");
	if (json_is_boolean(v))
		s->split_months = json_is_true(v);
	else if (v)
		return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.split_months is not"
				  " true or false", pm->def->settings);
	v = json_object_get(a, "due_days");
	if (json_is_integer(v))
		s->due_days = (int)json_integer_value(v);
	v = json_object_get(a, "payments");
	if (json_is_boolean(v))
		s->payments = json_is_true(v);
	if ((rc = load_accounts(pm, json_object_get(a, "clearing_account"), "clearing_account",
				s->clearing, &s->nclearing, path, err)) ||
	    (rc = load_accounts(pm, json_object_get(a, "bank_account"), "bank_account",
				s->bank, &s->nbank, path, err)))
		return rc;
	if ((rc = mapping_load_marketplace_tax(pm, json_object_get(a, "marketplace_tax"), path, err)))
		return rc;
	if ((pm->def->caps & PLATFORM_WALLET) && (rc = load_wallet_settings(pm, a, path, err)))
		return rc;
	if (mode[0] && mapping_parse_mode(mode, &s->mode))
		return ll_err_set(err, LL_EPARSE, path, 0,
				  "settings: %s.mode '%s' is not settlement or order",
				  pm->def->settings, mode);
	if (neg[0]) {
		if (!strcmp(neg, "credit-note"))
			s->negative = NEG_CREDIT_NOTE;
		else if (!strcmp(neg, "bill"))
			s->negative = NEG_BILL;
		else
			return ll_err_set(err, LL_EPARSE, path, 0,
					  "settings: %s.negative_settlement '%s' is not "
					  "credit-note or bill", pm->def->settings, neg);
	}
	if (negpay[0]) {
		if (!strcmp(negpay, "transfer"))
			s->negative_payout = NEGPAY_TRANSFER;
		else if (!strcmp(negpay, "carried"))
			s->negative_payout = NEGPAY_CARRIED;
		else
			return ll_err_set(err, LL_EPARSE, path, 0,
					  "settings: %s.negative_payout '%s' is not "
					  "transfer or carried", pm->def->settings, negpay);
	}
	if (!s->carried_account[0] &&
	    (s->split_months || s->negative_payout == NEGPAY_CARRIED))
		return ll_err_set(err, LL_EPARSE, path, 0,
				  "settings: %s.%s needs a carried_balance_account (the"
				  " account month parts and carried balances go through)",
				  pm->def->settings,
				  s->split_months ? "split_months" : "negative_payout");
	if (strcmp(s->status, "DRAFT") && strcmp(s->status, "SUBMITTED") &&
	    strcmp(s->status, "AUTHORISED"))
		return ll_err_set(err, LL_EPARSE, path, 0,
				  "settings: %s.status '%s' is not DRAFT, SUBMITTED or "
				  "AUTHORISED", pm->def->settings, s->status);
	if (strcmp(s->line_amount_types, "Exclusive") &&
	    strcmp(s->line_amount_types, "Inclusive") &&
	    strcmp(s->line_amount_types, "NoTax"))
		return ll_err_set(err, LL_EPARSE, path, 0,
				  "settings: %s.line_amount_types '%s' is not Exclusive, "
				  "Inclusive or NoTax", pm->def->settings, s->line_amount_types);
	return rc;
}

static int load_settings(struct mappings *m, const char *path, struct hash128 *h,
			 struct ll_err *err)
{
	struct buf b = BUF_INIT(MAP_FILE_MAX);
	json_error_t je;
	json_t *root = NULL;
	size_t i;
	int rc;

	rc = read_file(path, &b, err);
	if (rc)
		goto done;
	hash_update(h, b.ptr, b.len);
	root = json_loadb(b.ptr ? b.ptr : "", b.len, 0, &je);
	if (!root) {
		rc = ll_err_set(err, LL_EPARSE, path, je.line, "settings: %s", je.text);
		goto done;
	}
	{
		json_t *tc = json_object_get(root, "tax_classes"), *cls, *code;
		const char *cc, *name;
		char country[8] = "";

		json_object_foreach(tc, cc, cls) {
			json_object_foreach(cls, name, code) {
				if (json_is_string(code) &&
				    mapping_add_class(m, taxrates_edition(cc), name,
						      json_string_value(code))) {
					rc = ll_err_set(err, LL_EPARSE, path, 0,
							"settings: too many tax classes");
					goto done;
				}
			}
		}
		char ust[32] = "";

		set_str(root, "country", country, sizeof(country));
		set_str(root, "timezone", m->timezone, sizeof(m->timezone));
		set_str(root, "us_sales_tax", ust, sizeof(ust));
		if (!strcmp(ust, "account"))
			m->us_sales_tax = US_TAX_ACCOUNT;
		else if (ust[0] && strcmp(ust, "tax-rate")) {
			rc = ll_err_set(err, LL_EPARSE, path, 0, "settings: us_sales_tax '%s' is"
					" not tax-rate or account", ust);
			goto done;
		}
		/* "country": the edition the tables are written for; plan
		 * takes it as the organisation's country unless told */
		snprintf(m->edition, sizeof(m->edition), "%s",
			 taxrates_edition(country[0] ? country : "GB"));
		snprintf(m->country, sizeof(m->country), "%.2s",
			 !country[0] ? "GB" : strcmp(country, "GLOBAL") ? country : "");
	}
	for (i = 0; i < m->npm && rc == 0; i++)
		rc = load_platform_settings(&m->pm[i],
					    json_object_get(root, m->pm[i].def->settings), path,
					    err);
done:
	json_decref(root);
	buf_free(&b);
	return rc;
}

int mapping_parse_mode(const char *s, enum post_mode *out)
{
	if (!strcmp(s, "settlement") || !strcmp(s, "payout") || !strcmp(s, "summary"))
		*out = MODE_SETTLEMENT;
	else if (!strcmp(s, "order"))
		*out = MODE_ORDER;
	else
		return LL_EUSAGE;
	return 0;
}

/* rows that post to the same account, tax, description and tracking share
 * one line: each row points at the first such row */
static void set_merge(struct platform_map *pm)
{
	size_t i, j;

	for (i = 0; i < pm->n; i++) {
		struct mapping_row *r = &pm->rows[i];

		for (j = 0; j < i; j++)
			if (!strcmp(pm->rows[j].account, r->account) &&
			    !strcmp(pm->rows[j].tax_type, r->tax_type) &&
			    !strcmp(pm->rows[j].description, r->description) &&
			    pm->rows[j].track == r->track)
				break;
		r->merge = (int)j;
	}
}

/*
 * The month-end and negative-deposit rules in effect, into the mappings'
 * hash: settings.json's bytes do not show a default, so a release that
 * changes one (split_months on, bills, the roll-forward) would otherwise
 * leave posted history unmapped; with it, the next plan maps every file
 * again and says what would change (would-change, --repost-changed).
 */
static void hash_month_ends(const struct mappings *m, struct hash128 *h)
{
	char t[160];
	size_t i;

	for (i = 0; i < m->npm; i++) {
		const struct platform_settings *s = &m->pm[i].s;
		int n = snprintf(t, sizeof(t), "month-ends/2 %s split=%d neg=%d negpay=%d"
				 " carried=%s/%s", m->pm[i].name, s->split_months,
				 (int)s->negative, (int)s->negative_payout,
				 s->carried_account, s->carried_tax_type);

		hash_update(h, t, (size_t)n < sizeof(t) ? (size_t)n : sizeof(t) - 1);
	}
}

int mappings_load(struct mappings **out, const char *dir, struct ll_err *err)
{
	struct mappings *m = calloc(1, sizeof(*m));
	struct hash128 h;
	struct stat sb;
	char path[1200];
	size_t i;
	int rc;

	if (!m || !(m->pm = calloc(platforms_count(), sizeof(*m->pm)))) {
		free(m);
		return ll_err_set(err, LL_ERROR, dir, 0, "out of memory");
	}
	m->npm = platforms_count();
	snprintf(m->dir, sizeof(m->dir), "%s", dir);
	hash_init(&h);
	mapping_builtin_classes(m);
	for (i = 0; i < m->npm; i++) {
		struct platform_map *pm = &m->pm[i];

		pm->def = platforms_get(i);
		pm->name = pm->def->name;
		pm->title = pm->def->title;
		settings_defaults(pm);
		snprintf(path, sizeof(path), "%s/%s", dir, pm->def->mapping_file);
		if (!(pm->def->caps & PLATFORM_MAPPING_REQUIRED) && stat(path, &sb) != 0)
			continue; /* optional */
		hash_update(&h, pm->name, strlen(pm->name) + 1);
		rc = load_csv(pm, path, &h, err);
		if (rc)
			goto fail;
		pm->loaded = 1;
		set_merge(pm);
		if (mapping_index_build(pm)) {
			rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
			goto fail;
		}
	}
	snprintf(path, sizeof(path), "%s/settings.json", dir);
	rc = load_settings(m, path, &h, err);
	if (rc)
		goto fail;
	hash_month_ends(m, &h);
	hash_hex(&h, m->files_hash);
	if ((rc = mappings_set_country(m, m->country, err)))
		goto fail;
	*out = m;
	return 0;
fail:
	mappings_free(m);
	return rc;
}

void mappings_free(struct mappings *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->npm; i++) {
		free(m->pm[i].rows);
		mapping_index_free(&m->pm[i]);
	}
	free(m->pm);
	if (m->rates)
		taxrates_clear(m->rates);
	free(m->rates);
	free(m);
}

const struct platform_map *mappings_for(const struct mappings *m, const char *platform)
{
	size_t i;

	for (i = 0; i < m->npm; i++)
		if (!strcmp(m->pm[i].name, platform))
			return &m->pm[i];
	return NULL;
}

const struct platform_map *mappings_with(const struct mappings *m, unsigned caps)
{
	size_t i;

	for (i = 0; i < m->npm; i++)
		if ((m->pm[i].def->caps & caps) == caps)
			return &m->pm[i];
	return NULL;
}

enum post_mode mappings_run_mode(const struct mappings *m)
{
	const struct platform_map *pm = mappings_with(m, PLATFORM_RUN_MODE);

	return pm ? pm->s.mode : MODE_SETTLEMENT;
}

int mappings_depend_on_amount(const struct platform_map *pm)
{
	size_t i;

	for (i = 0; i < pm->n; i++)
		if (pm->rows[i].dated || strcmp(pm->rows[i].marketplace, "*"))
			return 1;
	return 0;
}

int mapping_expand(char *out, size_t outlen, const char *tmpl,
		   const struct tmpl_vars *v)
{
	struct buf b = BUF_INIT(outlen ? outlen - 1 : 0);
	const char *p = tmpl;
	int rc = 0;

	while (*p && rc == 0) {
		const char *val = NULL;
		size_t skip = 0;

		if (*p == '{') {
			static const char *const names[] = {
				"{settlement}", "{order}", "{month}", "{start}", "{end}",
				"{marketplace}", "{platform}"
			};
			const char *vals[7];
			int i;

			vals[0] = v->settlement;
			vals[1] = v->order;
			vals[2] = v->month;
			vals[3] = v->start;
			vals[4] = v->end;
			vals[5] = v->marketplace;
			vals[6] = v->platform;
			for (i = 0; i < 7; i++) {
				size_t n = strlen(names[i]);

				if (!strncmp(p, names[i], n)) {
					val = vals[i] ? vals[i] : "";
					skip = n;
					break;
				}
			}
		}
		if (val) {
			rc = buf_adds(&b, val);
			p += skip;
		} else {
			rc = buf_addc(&b, *p++);
		}
	}
	if (rc == 0)
		sf_copy(out, outlen, buf_cstr(&b));
	buf_free(&b);
	return rc ? LL_EPARSE : 0;
}

int mappings_dir_ok(const char *dir)
{
	struct stat sb;
	char path[1200];
	size_t i;

	for (i = 0; i < platforms_count(); i++) {
		const struct platform_def *p = platforms_get(i);

		if (!(p->caps & PLATFORM_MAPPING_REQUIRED))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, p->mapping_file);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			return 0;
	}
	snprintf(path, sizeof(path), "%s/settings.json", dir);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

const char *mappings_required_files(char *out, size_t outlen)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < platforms_count(); i++) {
		const struct platform_def *p = platforms_get(i);

		if ((p->caps & PLATFORM_MAPPING_REQUIRED) && n < outlen)
			n += (size_t)snprintf(out + n, outlen - n, "%s, ", p->mapping_file);
	}
	if (n < outlen)
		snprintf(out + n, outlen - n, "settings.json");
	return out;
}
