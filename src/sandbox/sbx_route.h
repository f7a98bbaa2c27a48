/*
 * sbx_route.h - which handler serves which Accounting API path.
 */
#ifndef LL_SBX_ROUTE_H
#define LL_SBX_ROUTE_H

#include "sandbox/sbx.h"

/*
 * Serve rq->sub (the path below /api.xro/2.0/) with the matching handler;
 * 404 for unknown resources. Returns the handler's result: 0, or -1 when
 * the request's writes must be rolled back.
 */
int route_api(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/* 1 if the request writes (POST, PUT, DELETE). */
int route_is_write(const char *method);

#endif
