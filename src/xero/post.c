/*
 * post.c - pre-flight, sending batches, matching answers, looking up
 * unknown outcomes (post.h).
 *
 * State machine of a batch (docs/state.md): planned -> sent (written, with
 * its idempotency key, before the request leaves) -> done, or -> unknown
 * when the answer does not settle every document; an unknown or sent
 * batch (also one left by a killed run) is settled by looking its
 * documents up by number: found ones are posted, missing ones go back to
 * planned and are batched again. A document is posted only with a
 * non-zero Xero id and status OK/WARNING, matched by its number
 * (match.c). What each step records goes through store/posting.h and
 * store/batches.h.
 */
#include "post.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/plan.h"
#include "store/batches.h"
#include "store/posting.h"
#include "store/rejects.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/log.h"
#include "xero/match.h"

#define LOOKUP_CHUNK 40
#define WINDOW 100       /* batches loaded and handed to the client together */
#define MAX_ROUNDS 6     /* lookup-and-resend rounds in one run */

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

/* accounts.csv: code,name,type,description[,currency] (no quoting needed
 * for ours); a BANK account is made in its currency (default: the base
 * currency) and recorded in banks as code and "code=CUR" */
static int create_accounts(struct xero *x, const char *csv, struct strset *missing,
			   const struct strset *pay_from, struct strset *accounts,
			   struct strset *banks, const char *base, struct ll_err *err)
{
	FILE *f = csv ? fopen(csv, "r") : NULL;
	char line[1024];
	int rc = 0;

	if (!f)
		return 0;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *code = line, *name, *type, *nl, *desc, *cur = NULL;
		struct buf body = BUF_INIT(4096);
		struct xero_call c;

		nl = strpbrk(line, "\r\n");
		if (nl)
			*nl = '\0';
		name = strchr(code, ',');
		if (!name)
			continue;
		*name++ = '\0';
		type = strchr(name, ',');
		if (!type)
			continue;
		*type++ = '\0';
		if ((desc = strchr(type, ','))) {
			*desc++ = '\0';
			if ((cur = strchr(desc, ',')))
				*cur++ = '\0';
		}
		if (!cur || strlen(cur) != 3)
			cur = NULL;
		if (!set_has(missing, code))
			continue;
		/* a clearing account is a BANK account (transfers need one),
		 * and Xero wants a number for it: its code will do */
		buf_printf(&body, "{\"Code\":\"%s\",\"Name\":\"%s\",\"Type\":\"%s\"", code,
			   name, type);
		if (!strcmp(type, "BANK"))
			buf_printf(&body, ",\"BankAccountNumber\":\"%s\"", code);
		if (!strcmp(type, "BANK") && cur)
			buf_printf(&body, ",\"CurrencyCode\":\"%s\"", cur);
		/* another account that payments come from: payments enabled */
		if (strcmp(type, "BANK") && set_has(pay_from, code))
			buf_adds(&body, ",\"EnablePaymentsToAccount\":true");
		buf_addc(&body, '}');
		xero_call_init(&c, "PUT", "Accounts", body.ptr, body.len);
		hash_buf_hex(body.ptr, body.len, c.idem_key);
		rc = xero_get(x, &c, err);
		if (rc == 0 && c.status == 200) {
			log_info("created account %s %s", code, name);
			set_add(accounts, code);
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
		} else if (rc == 0 && c.result != XR_ANSWERED) {
			rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "no answer from Xero while"
					" creating account %s (%s); run again: it is looked for"
					" first", code, c.error[0] ? c.error : "connection lost");
		} else if (rc == 0) {
			rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
					"Xero refused to create account %s (HTTP %ld): %.200s",
					code, c.status, buf_cstr(&c.resp));
		}
		xero_call_free(&c);
		buf_free(&body);
	}
	fclose(f);
	return rc;
}

static int enable_currencies(struct xero *x, struct strset *missing,
			     struct strset *currencies, struct ll_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < missing->n && rc == 0; i++) {
		char body[64];
		struct xero_call c;

		snprintf(body, sizeof(body), "{\"Code\":\"%.3s\"}", missing->v[i]);
		xero_call_init(&c, "PUT", "Currencies", body, strlen(body));
		hash_buf_hex(body, strlen(body), c.idem_key);
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

/* ---- sending ---- */

struct batch {
	int64_t id;
	char endpoint[16];
	struct buf body;
	long docs, body_bytes;   /* what the body was built from (claim checks) */
	struct xero_call call;
};

struct poster {
	struct state *st;
	struct xero *x;
	struct post_result *res;
	const struct post_opts *o;
	struct ll_err *err;
	long total_docs;
	int failed;
	int64_t last_progress_ms;
};

static int set_batch(struct poster *p, int64_t batch, const char *status)
{
	return store_batch_set_status(p->st, batch, status, p->err);
}

/* The terminal's progress line: documents, calls, headroom, ETA (at most
 * five times a second; only when asked, i.e. on a terminal and not -q). */
static void progress(struct poster *p)
{
	struct xero_stats xs;
	struct rl_stats rs;
	int64_t now = xero_now_ms(), eta;
	long done, left;
	char etas[32];

	if (!p->o->progress || now - p->last_progress_ms < 200)
		return;
	p->last_progress_ms = now;
	xero_get_stats(p->x, &xs);
	ratelimit_stats(xero_limiter(p->x), now, &rs);
	done = p->res->posted + p->res->found_existing + p->res->rejected;
	left = p->total_docs > done ? p->total_docs - done : 0;
	eta = ratelimit_eta_ms(xero_limiter(p->x), now, (left + 49) / 50);
	if (eta >= 3600000)
		snprintf(etas, sizeof(etas), "%lldh%02lldm", (long long)(eta / 3600000),
			 (long long)(eta / 60000 % 60));
	else
		snprintf(etas, sizeof(etas), "%lldm%02llds", (long long)(eta / 60000),
			 (long long)(eta / 1000 % 60));
	fprintf(stderr, "\rposted %ld of %ld documents (%ld rejected); %ld calls, %ld 429s;"
		" minute headroom %ld; ETA %s   ", p->res->posted + p->res->found_existing,
		p->total_docs, p->res->rejected, xs.requests, xs.rate_limited,
		rs.last_min_remaining, etas);
}

/* A batch is about to leave: record it as sent, with its key, first; a
 * batch that is no longer the planned one it was loaded as (another
 * process re-planned or sent it) is not sent. */
static int on_batch_start(void *ctx, struct xero_call *c)
{
	struct poster *p = ctx;
	struct batch *b = c->user;
	int claimed = 0;

	if (store_batch_claim(p->st, b->id, c->idem_key, b->docs, b->body_bytes, &claimed,
			      p->err)) {
		p->failed = 1;
		return 1;
	}
	if (!claimed) {
		log_info("batch %lld is no longer planned as it was loaded (the state file"
			 " changed under this run); not sent", (long long)b->id);
		return XERO_START_SKIP;
	}
	p->res->batches_sent++;
	return 0;
}

/* Record what a batch's answer says; leaves the batch done or unknown. */
static int on_batch_done(void *ctx, struct xero_call *c)
{
	struct poster *p = ctx;
	struct batch *b = c->user;
	struct match_counts mc = { 0, 0 };
	int answered = c->result == XR_ANSWERED && c->status == 200;
	long left;

	if (state_begin(p->st, p->err))
		goto fail;
	/* each element settles the document of its number; anything not
	 * settled by the answer makes the batch unknown */
	if (match_answer(p->st, b->id, b->endpoint, answered ? buf_cstr(&c->resp) : NULL,
			 answered ? c->resp.len : 0, &mc, p->err) ||
	    store_batch_left(p->st, b->id, &left, p->err) ||
	    set_batch(p, b->id, left ? "unknown" : "done") || state_commit(p->st, p->err))
		goto fail_tx;
	p->res->posted += mc.posted;
	p->res->rejected += mc.rejected;
	progress(p);
	if (left)
		log_debug("batch %lld: outcome of %ld document(s) unknown (HTTP %ld%s%s);"
			  " they will be looked up", (long long)b->id, left, c->status,
			  c->error[0] ? ", " : "", c->error);
	return 0;
fail_tx:
	state_rollback(p->st);
fail:
	p->failed = 1;
	return 1;
}

/* The documents of one lookup call: one endpoint, a URL of a few kB. */
struct lookup {
	char endpoint[16];
	struct buf path;
	int64_t ids[LOOKUP_CHUNK];
	int n;
	int nomem;
};

static int lookup_add(void *ctx, const struct store_unsettled *u)
{
	struct lookup *l = ctx;

	if (l->n && (strcmp(l->endpoint, u->endpoint) || !match_lookup_fits(&l->path, u->number)))
		return 1;
	if (!l->n) {
		snprintf(l->endpoint, sizeof(l->endpoint), "%s", u->endpoint);
		if (match_lookup_begin(&l->path, l->endpoint))
			return l->nomem = 1;
	}
	if (match_lookup_add(&l->path, l->endpoint, u->number, l->n == 0))
		return l->nomem = 1;
	l->ids[l->n++] = u->id;
	return l->n == LOOKUP_CHUNK;
}

/*
 * GET the documents gathered in l from Xero and post the ones found (in a
 * transaction the caller commits; *found counts them). 0 with *day set
 * when the day's budget is spent, or a negative code (no transaction open
 * then).
 */
static int lookup_call(struct poster *p, struct lookup *l, int64_t *resume, int *day,
		       long *found)
{
	struct xero_call c, *one[1] = { &c };
	int r, rc;

	*found = 0;
	if (match_lookup_end(&l->path))
		return ll_err_set(p->err, LL_ERROR, NULL, 0, "out of memory");
	xero_call_init(&c, "GET", buf_cstr(&l->path), NULL, 0);
	r = xero_perform(p->x, one, 1, NULL, NULL, NULL, resume, p->err);
	p->res->lookups++;
	if (r == RL_DAY_SPENT) {
		*day = 1;
		xero_call_free(&c);
		return 0;
	}
	if (r || c.result != XR_ANSWERED || c.status != 200) {
		rc = r ? r : ll_err_set(p->err, LL_ETRANSIENT, NULL, 0,
					"looking documents up in Xero failed (HTTP %ld); "
					"run again to resume", c.status);
		xero_call_free(&c);
		return rc;
	}
	if (state_begin(p->st, p->err)) {
		xero_call_free(&c);
		return LL_ERROR;
	}
	rc = match_found(p->st, l->endpoint, l->ids, l->n, buf_cstr(&c.resp), c.resp.len,
			 found, p->err);
	xero_call_free(&c);
	if (rc)
		state_rollback(p->st);
	p->res->found_existing += *found;
	return rc;
}

/* Look up the documents of unknown/sent batches by number, 40 a call:
 * found ones are posted, missing ones leave their batch to be sent again. */
static int settle_unknown(struct poster *p, int64_t *resume, int *day)
{
	int rc = 0;

	for (;;) {
		struct lookup l;
		int k;
		long found = 0;

		memset(&l, 0, sizeof(l));
		buf_init(&l.path, 8192);
		rc = store_post_each_unsettled(p->st, LOOKUP_CHUNK, lookup_add, &l, p->err);
		if (rc < 0 || l.nomem || l.n == 0) {
			buf_free(&l.path);
			if (rc < 0 || !l.nomem)
				return rc < 0 ? rc : 0;
			return ll_err_set(p->err, LL_ERROR, NULL, 0, "out of memory");
		}
		rc = lookup_call(p, &l, resume, day, &found);
		buf_free(&l.path);
		if (rc || *day)
			return rc;
		/* asked for and not found: never created, so it is planned again */
		for (k = 0; k < l.n && rc == 0; k++)
			rc = store_post_resend(p->st, l.ids[k], p->err);
		if (rc || store_batch_settle_done(p->st, p->err) ||
		    state_commit(p->st, p->err)) {
			state_rollback(p->st);
			return LL_ERROR;
		}
	}
}

/*
 * Payments and bank transfers being sent again after an earlier run's
 * lookup did not find them are looked up by Reference once more before
 * they leave (Xero cannot refuse their repeats as duplicates: a write
 * that landed late would be paid twice); found ones are posted, the others
 * go as planned. Once per run, before the first round.
 */
static int lookup_resends(struct poster *p, int64_t *resume, int *day)
{
	char after[16] = "";
	int64_t after_id = 0;

	for (;;) {
		struct lookup l;
		long found = 0;
		int rc;

		memset(&l, 0, sizeof(l));
		buf_init(&l.path, 8192);
		rc = store_post_each_resent(p->st, after, after_id, LOOKUP_CHUNK, lookup_add, &l,
					    p->err);
		if (rc < 0 || l.nomem || l.n == 0) {
			buf_free(&l.path);
			if (rc < 0 || !l.nomem)
				return rc < 0 ? rc : 0;
			return ll_err_set(p->err, LL_ERROR, NULL, 0, "out of memory");
		}
		snprintf(after, sizeof(after), "%s", l.endpoint);
		after_id = l.ids[l.n - 1];
		rc = lookup_call(p, &l, resume, day, &found);
		buf_free(&l.path);
		if (rc || *day)
			return rc;
		if (state_commit(p->st, p->err)) {
			state_rollback(p->st);
			return LL_ERROR;
		}
		if (found)
			log_info("%ld payment(s) or transfer(s) to be sent again found in Xero"
				 " by their Reference; not sent again", found);
	}
}

/* A payment whose document Xero rejected (or which is no longer in the
 * plan) will never be sent: rejected, with the reason, so nothing waits. */
static int reject_orphan_payments(struct poster *p)
{
	long n = 0;

	if (state_begin(p->st, p->err))
		return LL_ERROR;
	if (store_post_reject_orphans(p->st, &n, p->err) || state_commit(p->st, p->err)) {
		state_rollback(p->st);
		return LL_ERROR;
	}
	p->res->rejected += n;
	return 0;
}

/* The window of batches being loaded (load_batches). */
struct loader {
	struct poster *p;
	struct batch *bs;
	int n, k;
	int rc;
};

static int add_body(void *ctx, const char *body)
{
	struct loader *l = ctx;
	struct batch *b = &l->bs[l->n];

	if (l->k++)
		buf_addc(&b->body, ',');
	buf_adds(&b->body, body);
	b->docs++;
	b->body_bytes += (long)strlen(body);
	return 0;
}

static int add_batch(void *ctx, int64_t id, const char *endpoint)
{
	struct loader *l = ctx;
	struct batch *b = &l->bs[l->n];

	memset(b, 0, sizeof(*b));
	b->id = id;
	snprintf(b->endpoint, sizeof(b->endpoint), "%s", endpoint);
	buf_init(&b->body, 8u * 1024 * 1024);
	buf_printf(&b->body, "{\"%s\":[", b->endpoint);
	l->k = 0;
	if (store_batch_each_body(l->p->st, id, add_body, l, l->p->err))
		return l->rc = LL_ERROR;
	if (buf_adds(&b->body, "]}")) {
		buf_free(&b->body);
		return l->rc = ll_err_set(l->p->err, LL_ERROR, NULL, 0, "batch %lld too large",
					  (long long)b->id);
	}
	l->n++;
	return 0;
}

static int load_batches(struct poster *p, struct batch *bs, int max, int *n)
{
	struct loader l = { p, bs, 0, 0, 0 };
	int rc = store_batch_each_planned(p->st, max, add_batch, &l, p->err);

	*n = l.n;
	return rc ? LL_ERROR : 0;
}

int post_run(struct state *st, struct xero *x, const struct post_opts *o,
	     struct post_result *res, struct ll_err *err)
{
	struct poster p;
	struct batch *bs = calloc(WINDOW, sizeof(*bs));
	struct xero_call **calls = calloc(WINDOW, sizeof(*calls));
	int rc, round = 0, i, n = 0, day = 0;
	int64_t resume = 0;
	struct plan_stats ps;

	memset(res, 0, sizeof(*res));
	memset(&p, 0, sizeof(p));
	p.st = st;
	p.x = x;
	p.res = res;
	p.o = o;
	p.err = err;
	if (!bs || !calls) {
		rc = ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = preflight(st, x, o, res, err)))
		goto out;
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
		rc = 0;
	} else if (rc) {
		if (rc == LL_ETRANSIENT)
			res->interrupted = 1;
		goto out;
	}
	store_post_count_planned(st, &p.total_docs, NULL);
	if (!day && (rc = lookup_resends(&p, &resume, &day)))
		goto out;
	while (!day) {
		/* settle anything whose outcome is unknown, then re-batch */
		if ((rc = settle_unknown(&p, &resume, &day)))
			goto out;
		if (day)
			break;
		if ((rc = reject_orphan_payments(&p)))
			goto out;
		if ((rc = plan_batches(st, &ps, err)))
			goto out;
		if (ps.documents == 0)
			break;
		if (++round > MAX_ROUNDS) {
			log_info("%ld document(s) still unsettled after %d rounds; run again",
				 ps.documents, MAX_ROUNDS);
			break;
		}
		for (;;) {
			int64_t r2 = 0;

			if ((rc = load_batches(&p, bs, WINDOW, &n)))
				goto out;
			if (n == 0)
				break;
			/* each batch is recorded as sent, with its key, just before
			 * it leaves (on_batch_start) */
			for (i = 0; i < n; i++) {
				struct hash128 h;
				char hex[33], path[64];

				hash_init(&h);
				hash_update(&h, xero_tenant(x), strlen(xero_tenant(x)));
				hash_update(&h, bs[i].body.ptr, bs[i].body.len);
				hash_hex(&h, hex);
				snprintf(path, sizeof(path), "%s?summarizeErrors=false",
					 bs[i].endpoint);
				xero_call_init(&bs[i].call, "PUT", path, bs[i].body.ptr,
					       bs[i].body.len);
				snprintf(bs[i].call.idem_key, sizeof(bs[i].call.idem_key),
					 "ledgerlift-%lld-%s", (long long)bs[i].id, hex);
				bs[i].call.user = &bs[i];
				calls[i] = &bs[i].call;
			}
			rc = xero_perform(x, calls, (size_t)n, on_batch_start, on_batch_done, &p,
					  &r2, err);
			progress(&p);
			if (rc == RL_DAY_SPENT) {
				/* batches without an answer were not processed (never
				 * started, or refused with a day-limit 429): planned again;
				 * except payments and transfers that were claimed, which
				 * Xero cannot refuse as duplicates: their key was used, so
				 * they stay sent and are looked up by Reference first */
				for (i = 0; i < n; i++)
					if (calls[i]->result == XR_PENDING &&
					    (!calls[i]->attempts ||
					     !match_by_reference(bs[i].endpoint)))
						set_batch(&p, bs[i].id, "planned");
				day = 1;
				resume = r2;
				rc = 0;
			}
			for (i = 0; i < n; i++) {
				xero_call_free(&bs[i].call);
				buf_free(&bs[i].body);
			}
			if (p.failed && !rc)
				rc = LL_ERROR;
			if (rc == LL_ETRANSIENT)
				res->interrupted = 1;
			if (rc || day)
				break;
		}
		if (rc || day)
			break;
	}
	if (o->progress)
		fputc('\n', stderr);
	if (day) {
		res->day_spent = 1;
		res->resume_in_ms = resume > xero_now_ms() ? resume - xero_now_ms() : 0;
		rc = RL_DAY_SPENT;
		goto out;
	}
	store_post_count_planned(st, &res->pending, NULL);
out:
	free(bs);
	free(calls);
	return rc;
}
