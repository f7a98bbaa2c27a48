/*
 * sbx_payments.h - Payments (apply, read, delete), credit-note
 * Allocations and BankTransfers, each moving money between documents or
 * accounts.
 */
#ifndef LL_SBX_PAYMENTS_H
#define LL_SBX_PAYMENTS_H

#include "sandbox/sbx.h"

/* GET Payments[/{id}], PUT/POST Payments, POST Payments/{id} {"Status":"DELETED"}. */
int payments_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/* GET BankTransfers[/{id}] (where=), PUT BankTransfers. */
int payments_transfers(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/* PUT CreditNotes/{id}/Allocations. */
int payments_allocations(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

#endif
