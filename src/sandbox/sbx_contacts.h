/*
 * sbx_contacts.h - Contacts: the endpoint, and the lookups documents use
 * to resolve their Contact (by ContactID, ContactNumber or Name).
 */
#ifndef LL_SBX_CONTACTS_H
#define LL_SBX_CONTACTS_H

#include <stddef.h>

#include "sandbox/sbx.h"

/* GET Contacts[/{id|number}], PUT Contacts, POST Contacts[/{id}]. */
int contacts_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/*
 * Resolve a document's Contact reference. Returns 0 with *out the contact
 * (new reference); 1 when only a Name was given and no such contact exists
 * (the caller may create it with contacts_create_named once the document
 * is valid); -1 with msg filled when the reference is missing or wrong.
 */
int contacts_resolve(struct sandbox *s, const json_t *ref, json_t **out,
		     char *msg, size_t msglen);

/* Create an active contact with just a Name. 0 with *out (new ref), or -1. */
int contacts_create_named(struct sandbox *s, const char *name, json_t **out);

/* Set IsCustomer (sale) or IsSupplier (purchase) on contact id. */
void contacts_mark(struct sandbox *s, const char *id, int is_sale);

/* The contact as embedded in a document: {ContactID, Name, ...}. New ref. */
json_t *contacts_summary(const json_t *contact);

#endif
