/*
 * sbx_reports.h - Reports/TrialBalance and Reports/ProfitAndLoss in Xero's
 * report shape, and /__sandbox/ledger: balances per account as plain
 * JSON in integer minor units, so tests compare books by account.
 */
#ifndef LL_SBX_REPORTS_H
#define LL_SBX_REPORTS_H

#include "sandbox/sbx.h"

/* GET Reports/TrialBalance[?date=], GET Reports/ProfitAndLoss[?fromDate=&toDate=]. */
int reports_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/* GET /__sandbox/ledger[?fromDate=&toDate=] (docs/sandbox.md). */
int reports_ledger(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

#endif
