/*
 * send.h - the posting stage's sending: the planned documents into Xero in
 * batches, exactly once (send.c, docs/state.md "The state machine of a
 * batch"). Called by post_run after pre-flight and the take-back of
 * superseded documents.
 */
#ifndef LL_SEND_H
#define LL_SEND_H

#include <stdint.h>

#include "store/state.h"
#include "xero/post.h"
#include "xero/xero.h"

/*
 * Rounds of: settle what was sent with no settled answer (lookups), reject
 * payments whose document was rejected, batch what is planned, send it; up
 * to six rounds (payments go once what they pay is posted). With day set
 * (the day's budget already spent, Xero accepting calls again at resume,
 * in xero_now_ms() time) nothing is sent. Fills res's posted, rejected,
 * found_existing, pending, batches_sent, lookups, day_spent, resume_in_ms
 * and interrupted. 0; RL_DAY_SPENT; LL_ETRANSIENT when interrupted;
 * LL_ERROR (err filled).
 */
int send_planned(struct state *st, struct xero *x, const struct post_opts *o,
		 struct post_result *res, int day, int64_t resume, struct ll_err *err);

#endif
