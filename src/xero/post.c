/*
 * post.c - the posting stage (post.h): pre-flight (the organisation, its
 * accounts, tax rates, currencies and lock dates read, every planned
 * document checked against them, missing accounts and currencies created
 * when asked), then the superseded documents of a repost taken back
 * (undo.c), then the planned documents sent (send.c).
 */
#include "post.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/posting.h"
#include "store/rejects.h"
#include "util/date.h"
#include "util/csvrec.h"
#include "util/hash.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "xero/send.h"


struct strset {
	char **v;
	size_t n, cap;
};

static int set_add(struct strset *s, const char *v)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		char **nv = realloc(s->v, nc * sizeof(*nv));

		if (!nv)
			return LL_ERROR;
		s->v = nv;
		s->cap = nc;
	}
	s->v[s->n] = strdup(v);
	return s->v[s->n++] ? 0 : LL_ERROR;
}

static int set_has(const struct strset *s, const char *v)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return 1;
	return 0;
}

static void set_free(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* "key\tvalue" entries of a set: the value of key, or NULL */
static const char *kv_get(const struct strset *s, const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; i < s->n; i++)
		if (!strncmp(s->v[i], key, n) && s->v[i][n] == '\t')
			return s->v[i] + n + 1;
	return NULL;
}

static int kv_add(struct strset *s, const char *key, const char *value)
{
	char e[256];

	snprintf(e, sizeof(e), "%.120s\t%.120s", key, value);
	return set_add(s, e);
}

/* An account Type's class (Xero's AccountClassType), as CanApplyTo names
 * them: ASSET, EQUITY, EXPENSE, LIABILITY, REVENUE; "" when unknown. */
static const char *type_class(const char *type)
{
	static const char *const map[][2] = {
		{ "BANK", "ASSET" }, { "CURRENT", "ASSET" }, { "FIXED", "ASSET" },
		{ "INVENTORY", "ASSET" }, { "NONCURRENT", "ASSET" }, { "PREPAYMENT", "ASSET" },
		{ "CURRLIAB", "LIABILITY" }, { "LIABILITY", "LIABILITY" },
		{ "TERMLIAB", "LIABILITY" }, { "PAYGLIABILITY", "LIABILITY" },
		{ "SUPERANNUATIONLIABILITY", "LIABILITY" }, { "WAGESPAYABLELIABILITY", "LIABILITY" },
		{ "EQUITY", "EQUITY" }, { "DIRECTCOSTS", "EXPENSE" }, { "EXPENSE", "EXPENSE" },
		{ "OVERHEADS", "EXPENSE" }, { "DEPRECIATN", "EXPENSE" },
		{ "SUPERANNUATIONEXPENSE", "EXPENSE" }, { "WAGESEXPENSE", "EXPENSE" },
		{ "REVENUE", "REVENUE" }, { "SALES", "REVENUE" }, { "OTHERINCOME", "REVENUE" },
	};
	size_t i;

	for (i = 0; type && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], type))
			return map[i][1];
	return "";
}

/* The CanApplyTo field of a class. */
static const char *class_field(const char *cls)
{
	return !strcmp(cls, "ASSET") ? "CanApplyToAssets"
	       : !strcmp(cls, "EQUITY") ? "CanApplyToEquity"
	       : !strcmp(cls, "EXPENSE") ? "CanApplyToExpenses"
	       : !strcmp(cls, "LIABILITY") ? "CanApplyToLiabilities"
	       : !strcmp(cls, "REVENUE") ? "CanApplyToRevenue" : NULL;
}

/* "/Date(1735603200000+0000)/" -> "2024-12-31"; "" when absent */
static void xero_date(const char *s, char out[11])
{
	int64_t ms = 0;
	const char *p;

	out[0] = '\0';
	if (!s || !(p = strstr(s, "/Date(")))
		return;
	p += 6;
	if (*p == '-')
		return;
	while (*p >= '0' && *p <= '9')
		ms = ms * 10 + (*p++ - '0');
	date_days_ymd(ms / 86400000, out);
}

static int get_json(struct xero *x, const char *path, json_t **out,
		    struct ll_err *err)
{
	struct xero_call c;
	json_error_t je;
	int rc;

	xero_call_init(&c, "GET", path, NULL, 0);
	rc = xero_get(x, &c, err);
	if (rc == 0 && (c.result != XR_ANSWERED || c.status != 200))
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "GET %s: %s%ld", path,
				c.status ? "HTTP " : "no answer: ", c.status);
	if (rc == 0) {
		*out = json_loadb(buf_cstr(&c.resp), c.resp.len, 0, &je);
		if (!*out)
			rc = ll_err_set(err, LL_ERROR, NULL, 0, "GET %s: not JSON: %s", path,
					je.text);
	}
	xero_call_free(&c);
	return rc;
}

static int collect(json_t *root, const char *coll, const char *field,
		   struct strset *out)
{
	json_t *arr = json_object_get(root, coll), *o;
	size_t i;

	json_array_foreach(arr, i, o) {
		json_t *v = json_object_get(o, field);
		json_t *status = json_object_get(o, "Status");

		if (json_is_string(status) && strcmp(json_string_value(status), "ACTIVE"))
			continue;
		if (json_is_string(v) && set_add(out, json_string_value(v)))
			return LL_ERROR;
	}
	return 0;
}

struct problem {
	char what[160];
	long docs;
	char example[160];
};

struct problems {
	struct problem *p;
	size_t n, cap;
};

static int problem_add(struct problems *ps, const char *what, const char *doc)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].what, what)) {
			ps->p[i].docs++;
			return 0;
		}
	if (ps->n == ps->cap) {
		size_t nc = ps->cap ? ps->cap * 2 : 16;
		struct problem *np = realloc(ps->p, nc * sizeof(*np));

		if (!np)
			return LL_ERROR;
		ps->p = np;
		ps->cap = nc;
	}
	snprintf(ps->p[ps->n].what, sizeof(ps->p[ps->n].what), "%s", what);
	snprintf(ps->p[ps->n].example, sizeof(ps->p[ps->n].example), "%s", doc);
	ps->p[ps->n].docs = 1;
	ps->n++;
	return 0;
}

/* A field of r as a C string in out (truncated to outlen), "" past the end. */
static void csv_field(char *out, size_t outlen, const struct csvrec *r, size_t i)
{
	if (i < r->nf && i < CSVREC_MAX_FIELDS)
		snprintf(out, outlen, "%.*s", (int)r->f[i].len, r->f[i].p);
	else
		out[0] = '\0';
}

/* accounts.csv: a header naming code, name, type and optionally
 * description, currency, tax_type (anything else, e.g. source, is for
 * people); without one, the columns code,name,type,description,currency
 * in that order. CSV (a name with a comma or quotes is quoted, "" for a
 * quote). A BANK account is made in its currency (default: the base
 * currency) and recorded in banks as code and "code=CUR"; an account gets
 * its tax_type as its default TaxType when the organisation has that rate
 * and it may be used on the account's class (classes: "code\tCLASS") */
enum { AC_CODE, AC_NAME, AC_TYPE, AC_DESC, AC_CUR, AC_TAX, AC__N };

#define PUT_ACCOUNT_TRIES 10

/* 1 if GET path answers an array coll holding an object whose Code is code */
static int has_code(struct xero *x, const char *path, const char *coll, const char *code,
		    struct ll_err *err, int *rc)
{
	struct xero_call g;
	int found = 0;

	xero_call_init(&g, "GET", path, NULL, 0);
	*rc = xero_get(x, &g, err);
	if (*rc == 0 && g.result == XR_ANSWERED && g.status == 200) {
		json_t *root = json_loadb(buf_cstr(&g.resp), g.resp.len, 0, NULL), *a;
		size_t i;

		json_array_foreach(json_object_get(root, coll), i, a) {
			const char *c = json_string_value(json_object_get(a, "Code"));

			found |= c && !strcmp(c, code);
		}
		json_decref(root);
	}
	xero_call_free(&g);
	return found;
}

/*
 * PUT path (Accounts, Currencies) with body, making the one of that code;
 * c holds the last answer (a 200 when it is there). A server error or no
 * answer may or may not have made it, so it is looked for (GET check, in
 * coll) before the PUT is tried again under a new idempotency key (Xero
 * replays an error it answered to the same key). 0, or the code of a
 * failed call (err).
 */
static int put_made(struct xero *x, struct xero_call *c, const char *path,
		    const struct buf *body, const char *check, const char *coll,
		    const char *code, struct ll_err *err)
{
	int rc = 0, tries;

	for (tries = 0; tries < PUT_ACCOUNT_TRIES; tries++) {
		if (tries)
			xero_call_free(c);
		xero_call_init(c, "PUT", path, body->ptr, body->len);
		hash_buf_hex(body->ptr, body->len, c->idem_key);
		if (tries) {
			size_t n = strlen(c->idem_key);

			snprintf(c->idem_key + n, sizeof(c->idem_key) - n, "-%d", tries);
		}
		rc = xero_get(x, c, err);
		if (rc || (c->result == XR_ANSWERED && c->status < 500))
			return rc;
		if (has_code(x, check, coll, code, err, &rc)) {
			c->status = 200; /* it was made: the answer was lost */
			c->result = XR_ANSWERED;
			return 0;
		}
		if (rc)
			return rc;
	}
	return rc;
}

static int put_account(struct xero *x, struct xero_call *c, const struct buf *body,
		       const char *code, struct ll_err *err)
{
	char check[128];

	snprintf(check, sizeof(check), "Accounts?where=Code%%3D%%3D%%22%.40s%%22", code);
	return put_made(x, c, "Accounts", body, check, "Accounts", code, err);
}

static int create_accounts(struct xero *x, const char *csv, struct strset *missing,
			   const struct strset *pay_from, struct strset *accounts,
			   struct strset *banks, const char *base, const struct strset *taxflags,
			   struct strset *classes, struct ll_err *err)
{
	static const char *const cols[AC__N] = { "code", "name", "type", "description",
						 "currency", "tax_type" };
	FILE *f = csv ? fopen(csv, "r") : NULL;
	struct csvrec *r = NULL;
	char line[8192];
	int rc = 0, idx[AC__N] = { 0, 1, 2, 3, 4, -1 }, first = 1, k;
	size_t i;

	if (!f)
		return 0;
	if (!(r = csvrec_new())) {
		fclose(f);
		return ll_err_set(err, LL_ERROR, csv, 0, "out of memory");
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char code[64], name[256], type[64], curbuf[8], tax[64];
		const char *cur = NULL, *cls;
		struct buf body = BUF_INIT(4096);
		struct jsonw w;
		struct xero_call c;

		if (csvrec_parse(r, line, strcspn(line, "\r\n"), ',') || r->nf < 3)
			continue;
		csv_field(code, sizeof(code), r, 0);
		if (first && !strcmp(code, "code")) {
			/* the header: where each column is */
			for (k = 0; k < AC__N; k++) {
				idx[k] = -1;
				for (i = 0; i < r->nf && i < CSVREC_MAX_FIELDS; i++)
					if (r->f[i].len == strlen(cols[k]) &&
					    !memcmp(r->f[i].p, cols[k], r->f[i].len))
						idx[k] = (int)i;
			}
			first = 0;
			continue;
		}
		first = 0;
		if (idx[AC_CODE] < 0 || idx[AC_NAME] < 0 || idx[AC_TYPE] < 0)
			break;
		csv_field(code, sizeof(code), r, (size_t)idx[AC_CODE]);
		csv_field(name, sizeof(name), r, (size_t)idx[AC_NAME]);
		csv_field(type, sizeof(type), r, (size_t)idx[AC_TYPE]);
		curbuf[0] = tax[0] = '\0';
		if (idx[AC_CUR] >= 0)
			csv_field(curbuf, sizeof(curbuf), r, (size_t)idx[AC_CUR]);
		if (idx[AC_TAX] >= 0)
			csv_field(tax, sizeof(tax), r, (size_t)idx[AC_TAX]);
		if (strlen(curbuf) == 3)
			cur = curbuf;
		if (!set_has(missing, code))
			continue;
		/* a tax type the organisation lacks, or one the class may not
		 * use, is left to Xero's default */
		cls = type_class(type);
		if (tax[0]) {
			const char *fl = kv_get(taxflags, tax);

			if (!fl || !class_field(cls) || !strstr(fl, cls))
				tax[0] = '\0';
		}
		/* a clearing account is a BANK account (transfers need one),
		 * and Xero wants a number for it: its code will do */
		jsonw_init(&w, &body);
		jsonw_object(&w);
		jsonw_field_string(&w, "Code", code);
		jsonw_field_string(&w, "Name", name);
		jsonw_field_string(&w, "Type", type);
		if (tax[0] && strcmp(type, "BANK"))
			jsonw_field_string(&w, "TaxType", tax);
		if (!strcmp(type, "BANK"))
			jsonw_field_string(&w, "BankAccountNumber", code);
		if (!strcmp(type, "BANK") && cur)
			jsonw_field_string(&w, "CurrencyCode", cur);
		/* another account that payments come from: payments enabled */
		if (strcmp(type, "BANK") && set_has(pay_from, code))
			jsonw_field_bool(&w, "EnablePaymentsToAccount", 1);
		jsonw_end(&w);
		if (jsonw_finish(&w)) {
			buf_free(&body);
			rc = ll_err_set(err, LL_EPARSE, csv, 0, "account %s: its row is too long",
					code);
			break;
		}
		rc = put_account(x, &c, &body, code, err);
		if (rc == 0 && c.status == 200) {
			log_info("created account %s %s%s%s", code, name, tax[0] ? ", tax " : "",
				 tax);
			set_add(accounts, code);
			kv_add(classes, code, cls);
			if (!strcmp(type, "BANK")) {
				char cc[64];

				snprintf(cc, sizeof(cc), "%.40s=%.3s", code, cur ? cur : base);
				set_add(banks, code);
				set_add(banks, cc);
			} else if (set_has(pay_from, code)) {
				char pc[64];

				snprintf(pc, sizeof(pc), "%.40s+", code);
				set_add(banks, pc);
			}
		} else if (rc == 0 && (c.result != XR_ANSWERED || c.status >= 500)) {
			rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "no answer from Xero while"
					" creating account %s (%s); run again: it is looked for"
					" first", code, c.error[0] ? c.error : "server errors");
		} else if (rc == 0) {
			rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
					"Xero refused to create account %s (HTTP %ld): %.200s",
					code, c.status, buf_cstr(&c.resp));
		}
		xero_call_free(&c);
		buf_free(&body);
	}
	csvrec_delete(r);
	fclose(f);
	return rc;
}

/* accounts.csv's classes: "code\tCLASS" of every row (header-aware as
 * create_accounts). 0 or LL_ERROR; no file: nothing. */
static int expected_classes(const char *csv, struct strset *out)
{
	FILE *f = csv ? fopen(csv, "r") : NULL;
	struct csvrec *r;
	char line[8192], code[64], type[64], hdr[32];
	int ci = 0, ti = 2, first = 1, rc = 0;
	size_t i;

	if (!f)
		return 0;
	if (!(r = csvrec_new())) {
		fclose(f);
		return LL_ERROR;
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		if (csvrec_parse(r, line, strcspn(line, "\r\n"), ',') || r->nf < 3)
			continue;
		csv_field(hdr, sizeof(hdr), r, 0);
		if (first && !strcmp(hdr, "code")) {
			for (i = 0; i < r->nf && i < CSVREC_MAX_FIELDS; i++) {
				csv_field(hdr, sizeof(hdr), r, i);
				if (!strcmp(hdr, "code"))
					ci = (int)i;
				else if (!strcmp(hdr, "type"))
					ti = (int)i;
			}
			first = 0;
			continue;
		}
		first = 0;
		csv_field(code, sizeof(code), r, (size_t)ci);
		csv_field(type, sizeof(type), r, (size_t)ti);
		if (code[0] && type_class(type)[0] && kv_add(out, code, type_class(type)))
			rc = LL_ERROR;
	}
	csvrec_delete(r);
	fclose(f);
	return rc;
}

static int enable_currencies(struct xero *x, struct strset *missing,
			     struct strset *currencies, struct ll_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < missing->n && rc == 0; i++) {
		struct buf body = BUF_INIT(256);
		struct jsonw w;
		char code[4];
		struct xero_call c;

		snprintf(code, sizeof(code), "%.3s", missing->v[i]);
		jsonw_init(&w, &body);
		jsonw_object(&w);
		jsonw_field_string(&w, "Code", code);
		jsonw_end(&w);
		if (jsonw_finish(&w)) {
			buf_free(&body);
			return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
		}
		rc = put_made(x, &c, "Currencies", &body, "Currencies", "Currencies", code, err);
		if (rc == 0 && c.status == 200) {
			log_info("enabled currency %s", missing->v[i]);
			set_add(currencies, missing->v[i]);
		} else if (rc == 0 && (c.result != XR_ANSWERED || c.status >= 500)) {
			rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "no answer from Xero while"
					" enabling currency %s (%s); run again", missing->v[i],
					c.error[0] ? c.error : "connection lost");
		} else if (rc == 0) {
			rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
					"Xero refused to enable currency %s (HTTP %ld): %.200s",
					missing->v[i], c.status, buf_cstr(&c.resp));
		}
		xero_call_free(&c);
		buf_free(&body);
	}
	return rc;
}

/* What pre-flight checks each planned document against (preflight). */
struct pf {
	const struct strset *accounts, *taxes, *currencies, *payable, *banks, *bankcur;
	struct strset *missing, *missing_cur, *pay_from;
	struct problems *ps;
	const char *lock;
	/* "code\tCLASS" of the accounts, "TYPE\tthe classes it applies to",
	 * "code\tCLASS" accounts.csv gives */
	const struct strset *classes, *taxflags, *expect;
};

/* One planned document: its accounts, tax types, currency and date. */
static int check_doc(void *ctx, const struct store_planned *d)
{
	struct pf *f = ctx;
	const char *num = d->number, *date = d->date, *cur = d->currency;
	json_t *b = json_loads(d->body, 0, NULL);
	json_t *li;
	size_t k;
	char what[160];

	json_array_foreach(json_object_get(b, "LineItems"), k, li) {
		const char *ac = json_string_value(json_object_get(li, "AccountCode"));
		const char *tt = json_string_value(json_object_get(li, "TaxType"));

		if (ac && !set_has(f->accounts, ac)) {
			snprintf(what, sizeof(what), "account %s does not exist in Xero", ac);
			problem_add(f->ps, what, num);
			if (!set_has(f->missing, ac))
				set_add(f->missing, ac);
		} else if (ac) {
			/* the organisation's account of that code is another kind of
			 * account than the mappings mean (a code its chart uses) */
			const char *want = kv_get(f->expect, ac), *have = kv_get(f->classes, ac);

			if (want && have && strcmp(want, have)) {
				snprintf(what, sizeof(what), "account %.32s is a %s account in Xero;"
					 " accounts.csv makes it %s: give the mapping another code",
					 ac, have, want);
				problem_add(f->ps, what, num);
			}
		}
		if (tt && !set_has(f->taxes, tt)) {
			snprintf(what, sizeof(what), "tax type %s does not exist in Xero", tt);
			problem_add(f->ps, what, num);
		} else if (tt && ac) {
			/* Xero refuses a tax rate on an account class it does
			 * not apply to (its CanApplyTo flags) */
			const char *cls = kv_get(f->classes, ac), *fl = kv_get(f->taxflags, tt);

			if (cls && fl && class_field(cls) && !strstr(fl, cls)) {
				snprintf(what, sizeof(what), "tax type %.32s cannot be used on"
					 " account %.32s (a %s account in Xero); change the"
					 " mapping row's tax_type", tt, ac, cls);
				problem_add(f->ps, what, num);
			}
		}
	}
	{
		/* payments and transfers: their accounts */
		static const char *const keys[] = { "Account", "FromBankAccount",
						    "ToBankAccount" };

		for (k = 0; k < 3; k++) {
			const char *ac = json_string_value(json_object_get(
				json_object_get(b, keys[k]), "Code"));
			char cc[64];

			if (!ac)
				continue;
			snprintf(cc, sizeof(cc), "%.40s=%.3s", ac, cur ? cur : "");
			if (k == 0 && !set_has(f->pay_from, ac))
				set_add(f->pay_from, ac);
			if (!set_has(f->accounts, ac)) {
				snprintf(what, sizeof(what),
					 "account %s does not exist in Xero", ac);
				if (!set_has(f->missing, ac))
					set_add(f->missing, ac);
			} else if (k == 0 && !set_has(f->payable, ac)) {
				snprintf(what, sizeof(what), "account %s takes no"
					 " payments (make it a BANK account, or"
					 " enable payments to it)", ac);
			} else if (k > 0 && !set_has(f->banks, ac)) {
				snprintf(what, sizeof(what), "account %s is not a"
					 " BANK account; Xero transfers only"
					 " between bank accounts", ac);
			} else if (set_has(f->banks, ac) && !set_has(f->bankcur, cc)) {
				snprintf(what, sizeof(what), "account %.20s is not"
					 " in %.3s; %.3s payments and transfers need"
					 " %.3s accounts (\"%.3s\" in clearing_account"
					 " and bank_account)", ac, cur ? cur : "",
					 cur ? cur : "", cur ? cur : "",
					 cur ? cur : "");
			} else {
				continue;
			}
			problem_add(f->ps, what, num);
		}
	}
	json_decref(b);
	if (cur && !set_has(f->currencies, cur)) {
		if (!set_has(f->missing_cur, cur))
			set_add(f->missing_cur, cur);
		snprintf(what, sizeof(what),
			 "currency %s is not enabled in Xero (Settings > Currencies)", cur);
		problem_add(f->ps, what, num);
	}
	if (f->lock[0] && date && strcmp(date, f->lock) <= 0) {
		snprintf(what, sizeof(what), "dated on or before the lock date %s", f->lock);
		problem_add(f->ps, what, num);
	}
	return 0;
}

static int preflight(struct state *st, struct xero *x, const struct post_opts *o,
		     struct post_result *res, struct ll_err *err)
{
	struct strset accounts = { 0 }, taxes = { 0 }, currencies = { 0 }, missing = { 0 };
	struct strset missing_cur = { 0 }, banks = { 0 }, payable = { 0 }, bankcur = { 0 };
	struct strset created = { 0 }, pay_from = { 0 }, classes = { 0 }, taxflags = { 0 };
	struct strset expect = { 0 };
	struct problems ps = { 0 };
	json_t *org = NULL, *j = NULL, *orgo;
	char lock[11] = "", eoy[11] = "", base[8] = "";
	struct pf pf = { &accounts, &taxes, &currencies, &payable, &banks, &bankcur,
			 &missing, &missing_cur, &pay_from, &ps, lock, &classes, &taxflags,
			 &expect };
	size_t i;
	int rc, pass;

	if ((rc = get_json(x, "Organisation", &org, err)))
		goto done;
	if (expected_classes(o->accounts_csv, &expect)) {
		rc = ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
		goto done;
	}
	orgo = json_array_get(json_object_get(org, "Organisations"), 0);
	snprintf(base, sizeof(base), "%s",
		 json_string_value(json_object_get(orgo, "BaseCurrency"))
			 ? json_string_value(json_object_get(orgo, "BaseCurrency")) : "");
	xero_date(json_string_value(json_object_get(orgo, "PeriodLockDate")), lock);
	xero_date(json_string_value(json_object_get(orgo, "EndOfYearLockDate")), eoy);
	if (strcmp(eoy, lock) > 0)
		snprintf(lock, sizeof(lock), "%s", eoy);
	log_info("Xero organisation: %s (%s, base currency %s%s%s)",
		 json_string_value(json_object_get(orgo, "Name")) ?
			 json_string_value(json_object_get(orgo, "Name")) : "?",
		 json_string_value(json_object_get(orgo, "CountryCode")) ?
			 json_string_value(json_object_get(orgo, "CountryCode")) : "?",
		 base, lock[0] ? ", locked up to " : "", lock);
	if ((rc = get_json(x, "Accounts", &j, err)) ||
	    collect(j, "Accounts", "Code", &accounts))
		goto done;
	{
		/* what payments and transfers may use: BANK accounts, and
		 * (payments) accounts with payments enabled */
		json_t *a;

		json_array_foreach(json_object_get(j, "Accounts"), i, a) {
			const char *code = json_string_value(json_object_get(a, "Code"));
			const char *type = json_string_value(json_object_get(a, "Type"));
			const char *cls = json_string_value(json_object_get(a, "Class"));
			int bank = type && !strcmp(type, "BANK");

			if (!code)
				continue;
			if (kv_add(&classes, code, cls ? cls : type_class(type))) {
				rc = LL_ERROR;
				goto done;
			}
			if (bank) {
				const char *ac = json_string_value(json_object_get(a, "CurrencyCode"));
				char cc[64];

				snprintf(cc, sizeof(cc), "%.40s=%.3s", code, ac && *ac ? ac : base);
				if (set_add(&bankcur, cc)) {
					rc = LL_ERROR;
					goto done;
				}
			}
			if ((bank && set_add(&banks, code)) ||
			    ((bank || json_is_true(json_object_get(a, "EnablePaymentsToAccount"))) &&
			     set_add(&payable, code))) {
				rc = LL_ERROR;
				goto done;
			}
		}
	}
	json_decref(j);
	j = NULL;
	if ((rc = get_json(x, "TaxRates", &j, err)) ||
	    collect(j, "TaxRates", "TaxType", &taxes))
		goto done;
	{
		/* which classes each rate may be used on */
		static const char *const cls[] = { "ASSET", "EQUITY", "EXPENSE", "LIABILITY",
						   "REVENUE" };
		json_t *t;
		size_t k;

		json_array_foreach(json_object_get(j, "TaxRates"), i, t) {
			const char *type = json_string_value(json_object_get(t, "TaxType"));
			char fl[64] = "";

			if (!type)
				continue;
			for (k = 0; k < 5; k++)
				if (!json_is_false(json_object_get(t, class_field(cls[k]))))
					snprintf(fl + strlen(fl), sizeof(fl) - strlen(fl), "%s ",
						 cls[k]);
			if (kv_add(&taxflags, type, fl)) {
				rc = LL_ERROR;
				goto done;
			}
		}
	}
	json_decref(j);
	j = NULL;
	if ((rc = get_json(x, "Currencies", &j, err)) ||
	    collect(j, "Currencies", "Code", &currencies))
		goto done;
	set_add(&currencies, base);

	/* pre-flight runs again: an earlier run's problems are history now
	 * (the workbook's History sheet); what is still wrong is found again */
	if ((rc = store_reject_retire(st, "preflight", 0, err)))
		goto done;
	for (pass = 0; pass < 2; pass++) {
		/* pass 0 finds missing accounts; pass 1 (after creating them) reports */
		ps.n = 0;
		set_free(&missing);
		set_free(&missing_cur);
		if ((rc = store_post_each_planned(st, check_doc, &pf, err)))
			goto done;
		if (pass == 0 && ((missing.n && o->create_accounts) ||
				  (missing_cur.n && o->enable_currencies))) {
			if (o->create_accounts &&
			    (rc = create_accounts(x, o->accounts_csv, &missing, &pay_from,
						  &accounts, &created, base, &taxflags, &classes,
						  err)))
				goto done;
			/* "code" a BANK account, "code=CUR" its currency, "code+"
			 * another account with payments enabled */
			for (i = 0; i < created.n; i++) {
				char *v = created.v[i], *plus = strchr(v, '+');

				if (plus) {
					*plus = '\0';
					rc = set_add(&payable, v);
				} else if (strchr(v, '=')) {
					rc = set_add(&bankcur, v);
				} else {
					rc = set_add(&banks, v) || set_add(&payable, v);
				}
				if (rc) {
					rc = LL_ERROR;
					goto done;
				}
			}
			if (o->enable_currencies &&
			    (rc = enable_currencies(x, &missing_cur, &currencies, err)))
				goto done;
			continue;
		}
		break;
	}
	for (i = 0; i < ps.n; i++) {
		char msg[600];

		snprintf(msg, sizeof(msg), "pre-flight: %s (%ld document%s, e.g. %s)%s",
			 ps.p[i].what, ps.p[i].docs, ps.p[i].docs == 1 ? "" : "s",
			 ps.p[i].example,
			 strstr(ps.p[i].what, "account") && !o->create_accounts
				 ? "; --create-accounts creates the ones in mappings/accounts.csv,"
				   " or edit the mapping"
				 : strstr(ps.p[i].what, "currency") && !o->enable_currencies
				 ? "; --enable-currencies enables it" : "");
		log_info("%s", msg);
		if ((rc = store_reject_add(st, 0, "", 0, "error", "preflight", msg, err)))
			goto done;
	}
	res->preflight_problems = (long)ps.n;
	rc = ps.n ? LL_EREJECTED : 0;
	if (rc)
		ll_err_set(err, LL_EREJECTED, NULL, 0,
			   "pre-flight found %zu problem(s); nothing was posted", ps.n);
done:
	json_decref(org);
	json_decref(j);
	set_free(&accounts);
	set_free(&taxes);
	set_free(&currencies);
	set_free(&missing);
	set_free(&missing_cur);
	set_free(&banks);
	set_free(&payable);
	set_free(&bankcur);
	set_free(&created);
	set_free(&pay_from);
	set_free(&classes);
	set_free(&taxflags);
	set_free(&expect);
	free(ps.p);
	return rc;
}

int post_run(struct state *st, struct xero *x, const struct post_opts *o,
	     struct post_result *res, struct ll_err *err)
{
	int rc, day = 0;
	int64_t resume = 0;

	memset(res, 0, sizeof(*res));
	if ((rc = preflight(st, x, o, res, err)))
		return rc;
	/* a repost: the old versions leave Xero before the new ones go */
	rc = undo_superseded(st, x, &res->replace, err);
	if (res->replace.found)
		log_info("replacing %ld posted document(s): %ld deleted, %ld voided, %ld"
			 " refused by Xero, %ld not settled", res->replace.found,
			 res->replace.deleted, res->replace.voided, res->replace.refused,
			 res->replace.unsettled);
	if (rc == RL_DAY_SPENT) {
		day = 1;
		resume = xero_now_ms() + res->replace.resume_in_ms;
	} else if (rc) {
		if (rc == LL_ETRANSIENT)
			res->interrupted = 1;
		return rc;
	}
	return send_planned(st, x, o, res, day, resume, err);
}
