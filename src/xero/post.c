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

/* One account of accounts.csv to create (create_accounts). */
struct new_account {
	const char *code, *name, *type;
	const char *cur;        /* a BANK account's currency, NULL: the base */
	const char *bank_type;  /* BANK (default), CREDITCARD or PAYPAL */
};

/* PUT one account; what it is recorded in accounts and banks (as
 * create_accounts says). 0 or a negative code (err filled). */
static int create_one(struct xero *x, const struct new_account *a, const char *csv,
		      const struct strset *pay_from, struct strset *accounts,
		      struct strset *banks, const char *base, struct ll_err *err)
{
	struct buf body = BUF_INIT(4096);
	struct jsonw w;
	struct xero_call c;
	int rc, bank = !strcmp(a->type, "BANK");

	/* a clearing account is a BANK account (transfers need one),
	 * and Xero wants a number for it: its code will do */
	jsonw_init(&w, &body);
	jsonw_object(&w);
	jsonw_field_string(&w, "Code", a->code);
	jsonw_field_string(&w, "Name", a->name);
	jsonw_field_string(&w, "Type", a->type);
	if (bank)
		jsonw_field_string(&w, "BankAccountNumber", a->code);
	if (bank && a->bank_type && a->bank_type[0])
		jsonw_field_string(&w, "BankAccountType", a->bank_type);
	if (bank && a->cur)
		jsonw_field_string(&w, "CurrencyCode", a->cur);
	/* another account that payments come from: payments enabled */
	if (!bank && set_has(pay_from, a->code))
		jsonw_field_bool(&w, "EnablePaymentsToAccount", 1);
	jsonw_end(&w);
	if (jsonw_finish(&w)) {
		buf_free(&body);
		return ll_err_set(err, LL_EPARSE, csv, 0, "account %s: its row is too long",
				  a->code);
	}
	xero_call_init(&c, "PUT", "Accounts", body.ptr, body.len);
	hash_buf_hex(body.ptr, body.len, c.idem_key);
	rc = xero_get(x, &c, err);
	if (rc == 0 && c.status == 200) {
		log_info("created account %s %s", a->code, a->name);
		set_add(accounts, a->code);
		if (bank) {
			char cc[64];

			snprintf(cc, sizeof(cc), "%.40s=%.3s", a->code, a->cur ? a->cur : base);
			set_add(banks, a->code);
			set_add(banks, cc);
		} else if (set_has(pay_from, a->code)) {
			char pc[64];

			snprintf(pc, sizeof(pc), "%.40s+", a->code);
			set_add(banks, pc);
		}
	} else if (rc == 0 && c.result != XR_ANSWERED) {
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "no answer from Xero while"
				" creating account %s (%s); run again: it is looked for"
				" first", a->code, c.error[0] ? c.error : "connection lost");
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
 * accounts.csv: code,name,type,description[,currency[,bank_account_type]],
 * CSV (a name with a comma or quotes is quoted, "" for a quote); a BANK
 * account is made in its currency (default: the base currency), of its
 * bank account type (BANK, CREDITCARD, PAYPAL), and recorded in banks as
 * code and "code=CUR". A code with {currency} in it ("PP{currency}",
 * currency "{currency}") is a row for every currency: each missing code it
 * matches (PPUSD) is made in that currency, {currency} in its name too.
 */
static int create_accounts(struct xero *x, const char *csv, struct strset *missing,
			   const struct strset *pay_from, struct strset *accounts,
			   struct strset *banks, const char *base, struct ll_err *err)
{
	FILE *f = csv ? fopen(csv, "r") : NULL;
	struct csvrec *r = NULL;
	char line[1024];
	int rc = 0;

	if (!f)
		return 0;
	if (!(r = csvrec_new())) {
		fclose(f);
		return ll_err_set(err, LL_ERROR, csv, 0, "out of memory");
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char code[64], name[256], type[64], curbuf[16], btype[16];
		struct new_account a = { code, name, type, NULL, btype };
		size_t i;

		if (csvrec_parse(r, line, strcspn(line, "\r\n"), ',') || r->nf < 3)
			continue;
		csv_field(code, sizeof(code), r, 0);
		csv_field(name, sizeof(name), r, 1);
		csv_field(type, sizeof(type), r, 2);
		csv_field(curbuf, sizeof(curbuf), r, 4);
		csv_field(btype, sizeof(btype), r, 5);
		if (strlen(curbuf) == 3)
			a.cur = curbuf;
		if (!strstr(code, "{currency}")) {
			if (set_has(missing, code))
				rc = create_one(x, &a, csv, pay_from, accounts, banks, base, err);
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
			rc = create_one(x, &e, csv, pay_from, accounts, banks, base, err);
		}
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
		xero_call_init(&c, "PUT", "Currencies", body.ptr, body.len);
		hash_buf_hex(body.ptr, body.len, c.idem_key);
		rc = xero_get(x, &c, err);
		if (rc == 0 && c.status == 200) {
			log_info("enabled currency %s", missing->v[i]);
			set_add(currencies, missing->v[i]);
		} else if (rc == 0 && c.result != XR_ANSWERED) {
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
		}
		if (tt && !set_has(f->taxes, tt)) {
			snprintf(what, sizeof(what), "tax type %s does not exist in Xero", tt);
			problem_add(f->ps, what, num);
		}
	}
	{
		/* payments, transfers and bank transactions: their accounts */
		static const char *const keys[] = { "Account", "FromBankAccount",
						    "ToBankAccount", "BankAccount" };

		for (k = 0; k < 4; k++) {
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
					 " between bank accounts and spends and"
					 " receives money only through them", ac);
			} else if (set_has(f->banks, ac) && !set_has(f->bankcur, cc)) {
				snprintf(what, sizeof(what), "account %.20s is not"
					 " in %.3s; %.3s payments, transfers and bank"
					 " transactions need %.3s accounts (\"%.3s\" in"
					 " clearing_account, bank_account, account)", ac,
					 cur ? cur : "", cur ? cur : "", cur ? cur : "",
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
	struct strset created = { 0 }, pay_from = { 0 };
	struct problems ps = { 0 };
	json_t *org = NULL, *j = NULL, *orgo;
	char lock[11] = "", eoy[11] = "", base[8] = "";
	struct pf pf = { &accounts, &taxes, &currencies, &payable, &banks, &bankcur,
			 &missing, &missing_cur, &pay_from, &ps, lock };
	size_t i;
	int rc, pass;

	if ((rc = get_json(x, "Organisation", &org, err)))
		goto done;
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
			int bank = type && !strcmp(type, "BANK");

			if (!code)
				continue;
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
						  &accounts, &created, base, err)))
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
