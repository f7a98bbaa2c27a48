/*
 * sbx_contacts.c - the Contacts endpoint and contact resolution.
 *
 * A contact's natural key in the store is its Name (case-folded), unique
 * among ACTIVE contacts as Xero enforces; ContactNumber is unique too.
 * PUT only creates (a clash is an element error); POST updates by
 * ContactID, or by Name when it matches, or creates. Documents may name a
 * contact that does not exist yet and Xero creates it: contacts_resolve
 * reports that case so the document handler creates it only once the
 * document itself is valid.
 */
#include "sandbox/sbx_contacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_batch.h"
#include "sandbox/sbx_json.h"
#include "sandbox/sbx_query.h"
#include "sandbox/sbx_resp.h"

static const struct batch_kind contact_kind = { "Contacts", "ContactID", "HasValidationErrors" };

static int is_active(const json_t *c)
{
	const char *st = sbxj_str(c, "ContactStatus");

	return !st || !strcmp(st, "ACTIVE");
}

/* Active contact with this name (other than except_id), new ref or NULL. */
static json_t *by_name(struct sandbox *s, const char *name, const char *except_id)
{
	const char *vals[1] = { name };
	json_t *all = store_list(s->store, SBX_K_CONTACT, 1, vals, 1), *v, *hit = NULL;
	size_t i;

	json_array_foreach(all, i, v) {
		const char *id = sbxj_str(v, "ContactID");

		if (is_active(v) && !(except_id && id && !strcasecmp(id, except_id))) {
			hit = json_incref(v);
			break;
		}
	}
	json_decref(all);
	return hit;
}

static json_t *by_number(struct sandbox *s, const char *num, const char *except_id)
{
	json_t *all = store_list(s->store, SBX_K_CONTACT, 0, NULL, 0), *v, *hit = NULL;
	size_t i;

	json_array_foreach(all, i, v) {
		const char *n = sbxj_str(v, "ContactNumber");
		const char *id = sbxj_str(v, "ContactID");

		if (n && !strcasecmp(n, num) && !(except_id && id && !strcasecmp(id, except_id))) {
			hit = json_incref(v);
			break;
		}
	}
	json_decref(all);
	return hit;
}

int contacts_resolve(struct sandbox *s, const json_t *ref, json_t **out,
		     char *msg, size_t msglen)
{
	const char *id = sbxj_str(ref, "ContactID");
	const char *num = sbxj_str(ref, "ContactNumber");
	const char *name = sbxj_str(ref, "Name");

	*out = NULL;
	if (id && *id) {
		*out = store_get(s->store, SBX_K_CONTACT, id);
		if (!*out) {
			snprintf(msg, msglen, "The contact with ContactID %s could not be found.", id);
			return -1;
		}
		return 0;
	}
	if (num && *num) {
		*out = by_number(s, num, NULL);
		if (*out)
			return 0;
		if (!name || !*name) {
			snprintf(msg, msglen, "The contact with ContactNumber %s could not be found.", num);
			return -1;
		}
	}
	if (name && *name) {
		if (strlen(name) > 255) {
			snprintf(msg, msglen, "The contact name must not be longer than 255 characters.");
			return -1;
		}
		*out = by_name(s, name, NULL);
		return *out ? 0 : 1;
	}
	snprintf(msg, msglen, "The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber");
	return -1;
}

static json_t *contact_new(const char *id, const char *name)
{
	json_t *c = json_object();

	json_object_set_new(c, "ContactID", json_string(id));
	json_object_set_new(c, "ContactStatus", json_string("ACTIVE"));
	json_object_set_new(c, "Name", json_string(name));
	json_object_set_new(c, "Addresses", json_array());
	json_object_set_new(c, "Phones", json_array());
	json_object_set_new(c, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	json_object_set_new(c, "IsSupplier", json_false());
	json_object_set_new(c, "IsCustomer", json_false());
	json_object_set_new(c, "HasValidationErrors", json_false());
	return c;
}

int contacts_create_named(struct sandbox *s, const char *name, json_t **out)
{
	char id[37];

	sbxj_guid(id);
	*out = contact_new(id, name);
	if (store_put(s->store, SBX_K_CONTACT, id, name, *out)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void contacts_mark(struct sandbox *s, const char *id, int is_sale)
{
	json_t *c = store_get(s->store, SBX_K_CONTACT, id);
	const char *flag = is_sale ? "IsCustomer" : "IsSupplier";

	if (c && !json_is_true(json_object_get(c, flag))) {
		json_object_set_new(c, flag, json_true());
		store_put(s->store, SBX_K_CONTACT, id, sbxj_str(c, "Name"), c);
	}
	json_decref(c);
}

json_t *contacts_summary(const json_t *contact)
{
	json_t *o = json_object();
	const char *num = sbxj_str(contact, "ContactNumber");

	json_object_set_new(o, "ContactID", json_string(sbxj_str(contact, "ContactID")));
	if (num)
		json_object_set_new(o, "ContactNumber", json_string(num));
	json_object_set_new(o, "Name", json_string(sbxj_str(contact, "Name")));
	json_object_set_new(o, "HasValidationErrors", json_false());
	return o;
}

/* Fields a client may set; everything else on a contact is computed. */
static const char *const writable[] = {
	"Name", "ContactNumber", "AccountNumber", "ContactStatus", "FirstName", "LastName",
	"CompanyNumber", "EmailAddress", "BankAccountDetails", "TaxNumber",
	"AccountsReceivableTaxType", "AccountsPayableTaxType", "Addresses", "Phones",
	"DefaultCurrency", "Website", NULL
};

static int contact_write(struct sandbox *s, const struct sbx_req *rq, json_t *in,
			 json_t **out, const char *url_id)
{
	const char *id = url_id ? url_id : sbxj_str(in, "ContactID");
	const char *name = sbxj_str(in, "Name");
	const char *num = sbxj_str(in, "ContactNumber");
	const char *status = sbxj_str(in, "ContactStatus");
	int is_put = !strcmp(rq->method, "PUT");
	json_t *cur = NULL, *dup, *o;
	char newid[37];
	int i;

	if (id && *id && !is_put) {
		cur = store_get(s->store, SBX_K_CONTACT, id);
		if (!cur) {
			*out = json_deep_copy(in);
			sbx_add_error(*out, "An existing Contact with the specified ContactID could not be found");
			return 1;
		}
	} else if (!is_put && name) {
		cur = by_name(s, name, NULL);
	}
	if (!cur && (!name || !*name)) {
		*out = json_deep_copy(in);
		sbx_add_error(*out, "The contact name must be specified.");
		return 1;
	}
	*out = json_deep_copy(in);
	if (name && strlen(name) > 255)
		sbx_add_error(*out, "The contact name must not be longer than 255 characters.");
	if (name && (dup = by_name(s, name, cur ? sbxj_str(cur, "ContactID") : NULL))) {
		json_decref(dup);
		sbx_add_error(*out, "The contact name %s is already assigned to another contact. The contact name must be unique across all active contacts.", name);
	}
	if (num && *num && (dup = by_number(s, num, cur ? sbxj_str(cur, "ContactID") : NULL))) {
		json_decref(dup);
		sbx_add_error(*out, "The contact number %s is already assigned to another contact. The contact number must be unique across all contacts.", num);
	}
	if (status && strcmp(status, "ACTIVE") && strcmp(status, "ARCHIVED"))
		sbx_add_error(*out, "ContactStatus must be ACTIVE or ARCHIVED.");
	if (json_object_get(*out, "ValidationErrors")) {
		json_decref(cur);
		return 1;
	}
	json_decref(*out);
	if (cur) {
		o = cur;
	} else {
		sbxj_guid(newid);
		o = contact_new(newid, name);
	}
	for (i = 0; writable[i]; i++) {
		json_t *v = sbxj_get(in, writable[i]);

		if (v)
			json_object_set(o, writable[i], v);
	}
	json_object_set_new(o, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	if (store_put(s->store, SBX_K_CONTACT, sbxj_str(o, "ContactID"), sbxj_str(o, "Name"), o)) {
		json_decref(o);
		*out = NULL;
		return -1;
	}
	*out = o;
	return 0;
}

static int contact_batch_fn(struct sandbox *s, const struct sbx_req *rq, json_t *in,
			    json_t **out)
{
	return contact_write(s, rq, in, out, NULL);
}

static const char *url_id_of(const struct sbx_req *rq)
{
	const char *slash = strchr(rq->sub, '/');

	return slash && slash[1] ? slash + 1 : NULL;
}

static int contacts_get(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *id = url_id_of(rq), *ids = sbx_arg(rq, "IDs");
	const char *arch = sbx_arg(rq, "includeArchived");
	const char *vals[SBX_LIST_MAX];
	json_t *all, *live, *v;
	char *store = NULL;
	size_t i;
	int n = 0;

	if (id) {
		json_t *c = store_get(s->store, SBX_K_CONTACT, id);

		if (!c)
			c = by_number(s, id, NULL);
		if (!c)
			sbx_resp_not_found(rs);
		else
			sbx_resp_envelope(rs, "Contacts", json_pack("[o]", c), NULL);
		return 0;
	}
	if (ids && (n = query_split(ids, &store, vals)) < 0) {
		free(store);
		sbx_resp_error(rs, 400, 16, "QueryParseException", "Too many IDs");
		return 0;
	}
	all = store_list(s->store, SBX_K_CONTACT, 0, vals, (size_t)n);
	free(store);
	live = json_array();
	json_array_foreach(all, i, v)
		if (is_active(v) || (arch && !strcasecmp(arch, "true")) || n > 0)
			json_array_append(live, v);
	json_decref(all);
	return query_answer(rq, rs, live, "Contacts");
}

int contacts_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *id = url_id_of(rq);

	if (!strcmp(rq->method, "GET"))
		return contacts_get(s, rq, rs);
	if (!strcmp(rq->method, "PUT") && !id)
		return batch_run(s, rq, rs, &contact_kind, contact_batch_fn);
	if (!strcmp(rq->method, "POST") && !id)
		return batch_run(s, rq, rs, &contact_kind, contact_batch_fn);
	if (!strcmp(rq->method, "POST")) {
		json_t *els = sbx_body_elements(rq->json, "Contacts"), *out = NULL;
		json_t *in = els ? json_array_get(els, 0) : NULL;
		int r;

		if (!in) {
			json_decref(els);
			sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
				       "No elements were found in the request body");
			return 0;
		}
		r = contact_write(s, rq, in, &out, id);
		json_decref(els);
		if (r < 0) {
			sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
			return -1;
		}
		json_object_set_new(out, "StatusAttributeString", json_string(r ? "ERROR" : "OK"));
		if (r)
			sbx_resp_validation(rs, json_pack("[o]", out));
		else
			sbx_resp_envelope(rs, "Contacts", json_pack("[o]", out), NULL);
		return 0;
	}
	sbx_resp_text(rs, 405, "Method not allowed");
	return 0;
}
