/*
 * sbx_admin.h - the sandbox's own endpoints under /__sandbox/ (no auth,
 * loopback only, not rate limited) for tests to inspect and steer it.
 */
#ifndef LL_SBX_ADMIN_H
#define LL_SBX_ADMIN_H

#include "sandbox/sbx.h"

/*
 * GET state | documents | faults; POST faults (body: spec text) | org
 * (JSON lock dates, name) | limits (JSON) | expire-tokens. rq->sub is the
 * part after "/__sandbox/". Called under s->mu.
 */
int admin_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

#endif
