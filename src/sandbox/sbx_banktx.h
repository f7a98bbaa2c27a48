/*
 * sbx_banktx.h - BankTransactions: money spent or received through a bank
 * account without an invoice (Xero's Spend Money / Receive Money).
 */
#ifndef LL_SBX_BANKTX_H
#define LL_SBX_BANKTX_H

#include "sandbox/sbx.h"

/*
 * GET BankTransactions[/{id}] (where=, paging), PUT BankTransactions
 * (create), POST BankTransactions (create, or update by BankTransactionID),
 * POST BankTransactions/{id} (update, or {"Status":"DELETED"}). Returns 0,
 * or -1 when the request's writes must be rolled back.
 */
int banktx_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

#endif
