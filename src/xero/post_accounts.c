/*
 * post_accounts.c - the accounts.csv side of pre-flight (post_int.h): the
 * missing accounts made with --create-accounts (of their Type, bank
 * account type and currency, with their tax_type as default TaxType where
 * the organisation's rate may be used on them; a {currency} row for each
 * currency), a PUT whose answer was lost looked for before it is tried
 * again, and the class each account of accounts.csv is expected to have.
 */
#include "xero/post_int.h"

#include <jansson.h>

#include "util/csvrec.h"
#include "util/hash.h"
#include "util/jsonw.h"
#include "util/log.h"

/* A field of r as a C string in out (truncated to outlen), "" past the end. */
static void csv_field(char *out, size_t outlen, const struct csvrec *r, size_t i)
{
	if (i < r->nf && i < CSVREC_MAX_FIELDS)
		snprintf(out, outlen, "%.*s", (int)r->f[i].len, r->f[i].p);
	else
		out[0] = '\0';
}

/* accounts.csv: a header naming code, name, type and optionally
 * description, currency, tax_type, bank_account_type (anything else, e.g.
 * source, is for people); without one, the columns
 * code,name,type,description,currency,bank_account_type in that order. */
enum { AC_CODE, AC_NAME, AC_TYPE, AC_DESC, AC_CUR, AC_TAX, AC_BTYPE, AC__N };

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
int post_put_made(struct xero *x, struct xero_call *c, const char *path,
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

/* One account of accounts.csv to create (create_accounts). */
struct new_account {
	const char *code, *name, *type;
	const char *cur;        /* a BANK account's currency, NULL: the base */
	const char *bank_type;  /* BANK (default), CREDITCARD or PAYPAL */
	const char *tax;        /* its default TaxType, "" for Xero's */
};

/* What create_accounts records the accounts it makes in. */
struct made_accounts {
	const struct strset *pay_from;
	struct strset *accounts, *banks;
	struct strset *classes; /* "code\tCLASS" */
	const char *base;
};

/* PUT one account; what it is recorded in (as create_accounts says). 0 or
 * a negative code (err filled). */
static int create_one(struct xero *x, const struct new_account *a, const char *csv,
		      struct made_accounts *mk, struct ll_err *err)
{
	struct buf body = BUF_INIT(4096);
	struct jsonw w;
	struct xero_call c;
	char check[128];
	int rc, bank = !strcmp(a->type, "BANK");

	/* a clearing account is a BANK account (transfers need one),
	 * and Xero wants a number for it: its code will do */
	jsonw_init(&w, &body);
	jsonw_object(&w);
	jsonw_field_string(&w, "Code", a->code);
	jsonw_field_string(&w, "Name", a->name);
	jsonw_field_string(&w, "Type", a->type);
	if (a->tax[0] && !bank)
		jsonw_field_string(&w, "TaxType", a->tax);
	if (bank)
		jsonw_field_string(&w, "BankAccountNumber", a->code);
	if (bank && a->bank_type && a->bank_type[0])
		jsonw_field_string(&w, "BankAccountType", a->bank_type);
	if (bank && a->cur)
		jsonw_field_string(&w, "CurrencyCode", a->cur);
	/* another account that payments come from: payments enabled */
	if (!bank && set_has(mk->pay_from, a->code))
		jsonw_field_bool(&w, "EnablePaymentsToAccount", 1);
	jsonw_end(&w);
	if (jsonw_finish(&w)) {
		buf_free(&body);
		return ll_err_set(err, LL_EPARSE, csv, 0, "account %s: its row is too long",
				  a->code);
	}
	snprintf(check, sizeof(check), "Accounts?where=Code%%3D%%3D%%22%.40s%%22", a->code);
	rc = post_put_made(x, &c, "Accounts", &body, check, "Accounts", a->code, err);
	if (rc == 0 && c.status == 200) {
		log_info("created account %s %s%s%s", a->code, a->name, a->tax[0] ? ", tax " : "",
			 a->tax);
		set_add(mk->accounts, a->code);
		kv_add(mk->classes, a->code, type_class(a->type));
		if (bank) {
			char cc[64];

			snprintf(cc, sizeof(cc), "%.40s=%.3s", a->code,
				 a->cur ? a->cur : mk->base);
			set_add(mk->banks, a->code);
			set_add(mk->banks, cc);
		} else if (set_has(mk->pay_from, a->code)) {
			char pc[64];

			snprintf(pc, sizeof(pc), "%.40s+", a->code);
			set_add(mk->banks, pc);
		}
	} else if (rc == 0 && (c.result != XR_ANSWERED || c.status >= 500)) {
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "no answer from Xero while"
				" creating account %s (%s); run again: it is looked for"
				" first", a->code, c.error[0] ? c.error : "server errors");
	} else if (rc == 0) {
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
				"Xero refused to create account %s (HTTP %ld): %.200s",
				a->code, c.status, buf_cstr(&c.resp));
	}
	xero_call_free(&c);
	buf_free(&body);
	return rc;
}

/* s with "{currency}" replaced by cur, into out */
static void expand_currency(char *out, size_t outlen, const char *s, const char *cur)
{
	const char *at = strstr(s, "{currency}");

	if (at)
		snprintf(out, outlen, "%.*s%s%s", (int)(at - s), s, cur, at + 10);
	else
		snprintf(out, outlen, "%s", s);
}

/* The currency a missing code has where template t ("PP{currency}") says,
 * into cur: 1 when code is t with three capital letters for {currency}. */
static int template_currency(const char *t, const char *code, char cur[4])
{
	const char *at = strstr(t, "{currency}");
	size_t pre, post, n = strlen(code), i;

	if (!at)
		return 0;
	pre = (size_t)(at - t);
	post = strlen(at + 10);
	if (n != pre + 3 + post || strncmp(code, t, pre) || strcmp(code + pre + 3, at + 10))
		return 0;
	for (i = 0; i < 3; i++)
		if (code[pre + i] < 'A' || code[pre + i] > 'Z')
			return 0;
	memcpy(cur, code + pre, 3);
	cur[3] = '\0';
	return 1;
}

/*
 * accounts.csv (columns above), CSV (a name with a comma or quotes is
 * quoted, "" for a quote): the missing accounts made. A BANK account is
 * made in its currency (default: the base currency), of its bank account
 * type (BANK, CREDITCARD, PAYPAL), and recorded in banks as code and
 * "code=CUR". An account gets its tax_type as its default TaxType when the
 * organisation has that rate and it may be used on the account's class
 * (taxflags; what it makes is recorded in classes: "code\tCLASS"). A code
 * with {currency} in it ("PP{currency}", currency "{currency}") is a row
 * for every currency: each missing code it matches (PPUSD) is made in that
 * currency, {currency} in its name too.
 */
int post_create_accounts(struct xero *x, const char *csv, struct strset *missing,
			 const struct strset *pay_from, struct strset *accounts,
			 struct strset *banks, const char *base,
			 const struct strset *taxflags, struct strset *classes,
			 struct ll_err *err)
{
	static const char *const cols[AC__N] = { "code", "name", "type", "description",
						 "currency", "tax_type", "bank_account_type" };
	FILE *f = csv ? fopen(csv, "r") : NULL;
	struct csvrec *r = NULL;
	struct made_accounts mk = { pay_from, accounts, banks, classes, base };
	char line[8192];
	int rc = 0, idx[AC__N] = { 0, 1, 2, 3, 4, -1, 5 }, first = 1, k;
	size_t i;

	if (!f)
		return 0;
	if (!(r = csvrec_new())) {
		fclose(f);
		return ll_err_set(err, LL_ERROR, csv, 0, "out of memory");
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char code[64], name[256], type[64], curbuf[16], tax[64], btype[16];
		struct new_account a = { code, name, type, NULL, btype, tax };
		const char *cls;

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
		curbuf[0] = tax[0] = btype[0] = '\0';
		if (idx[AC_CUR] >= 0)
			csv_field(curbuf, sizeof(curbuf), r, (size_t)idx[AC_CUR]);
		if (idx[AC_TAX] >= 0)
			csv_field(tax, sizeof(tax), r, (size_t)idx[AC_TAX]);
		if (idx[AC_BTYPE] >= 0)
			csv_field(btype, sizeof(btype), r, (size_t)idx[AC_BTYPE]);
		if (strlen(curbuf) == 3)
			a.cur = curbuf;
		/* a tax type the organisation lacks, or one the class may not
		 * use, is left to Xero's default */
		cls = type_class(type);
		if (tax[0]) {
			const char *fl = kv_get(taxflags, tax);

			if (!fl || !class_field(cls) || !strstr(fl, cls))
				tax[0] = '\0';
		}
		if (!strstr(code, "{currency}")) {
			if (set_has(missing, code))
				rc = create_one(x, &a, csv, &mk, err);
			continue;
		}
		for (i = 0; i < missing->n && rc == 0; i++) {
			char cur[4], ename[256];
			struct new_account e = a;

			if (!template_currency(code, missing->v[i], cur) ||
			    set_has(accounts, missing->v[i]))
				continue;
			expand_currency(ename, sizeof(ename), name, cur);
			e.code = missing->v[i];
			e.name = ename;
			e.cur = cur;
			rc = create_one(x, &e, csv, &mk, err);
		}
	}
	csvrec_delete(r);
	fclose(f);
	return rc;
}

/* accounts.csv's classes: "code\tCLASS" of every row (header-aware as
 * create_accounts). 0 or LL_ERROR; no file: nothing. */
int post_expected_classes(const char *csv, struct strset *out)
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
