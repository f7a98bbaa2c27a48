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
#include "xero/post_int.h"
#include "xero/send.h"


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
		rc = post_put_made(x, &c, "Currencies", &body, "Currencies", "Currencies", code, err);
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
	if (post_expected_classes(o->accounts_csv, &expect)) {
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
			    (rc = post_create_accounts(x, o->accounts_csv, &missing, &pay_from,
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
