/*
 * sandbox.h - a local HTTP server on 127.0.0.1 that behaves like Xero.
 *
 * The real Xero cannot be reached from tests or the demo, so ledgerlift
 * carries this stand-in: OAuth2 token endpoint, /connections and the subset
 * of the Accounting API (api.xro/2.0) that a migration uses, with Xero's
 * rate limits, idempotency keys, validation rules and injectable faults.
 * The organisation's state lives in <data_dir>/sandbox.db (SQLite, WAL), so
 * a restart on the same folder keeps every document. See docs/sandbox.md.
 */
#ifndef LL_SANDBOX_H
#define LL_SANDBOX_H

#include "util/err.h"

struct sandbox;

struct sandbox_opts {
	const char *data_dir;       /* folder for sandbox.db; created if missing */
	int port;                   /* 0 = ephemeral, read it with sandbox_port() */
	int per_minute;             /* calls per tenant per (scaled) minute */
	int concurrent;             /* calls in flight per tenant */
	int per_day;                /* calls per tenant per (scaled) day */
	int token_lifetime_s;       /* access token lifetime, scaled seconds */
	double time_scale;          /* 60 makes a minute last one real second */
	const char *client_id, *client_secret;
	const char *faults;         /* fault spec (docs/sandbox.md), may be NULL */
	unsigned seed;              /* seed for faults unless the spec has seed= */
	const char *country;        /* GB, US, AU, NZ, CA, IE, ZA; used when creating the org */
	const char *base_currency;  /* NULL = the country's currency */
	const char *lock_date;      /* "YYYY-MM-DD" PeriodLockDate, NULL = keep */
	const char *org_name;       /* NULL = "Demo Company (ledgerlift sandbox)" */
};

#define SANDBOX_OPTS_INIT { NULL, 0, 60, 5, 5000, 1800, 1.0, \
	"sandbox-client", "sandbox-secret", NULL, 1, "GB", NULL, NULL, NULL }

/*
 * Open (or create) the organisation in o->data_dir and start serving on
 * 127.0.0.1:o->port. Returns only once the socket accepts connections.
 * On success *out is owned by the caller and released by sandbox_stop().
 * Returns 0, LL_EUSAGE for bad options (err says which), LL_ERROR for
 * I/O or bind failures.
 */
int sandbox_start(struct sandbox **out, const struct sandbox_opts *o,
		  struct ll_err *err);

/* The TCP port the sandbox listens on. */
int sandbox_port(const struct sandbox *s);

/* The organisation's tenant id (36-char GUID). Borrowed. */
const char *sandbox_tenant_id(const struct sandbox *s);

/* Stop serving, wait for in-flight requests, close the store. Accepts NULL. */
void sandbox_stop(struct sandbox *s);

#endif
