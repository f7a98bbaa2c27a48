/*
 * sbx_batch.c - Xero's batch write semantics, once.
 *
 * Xero is not transactional across a batch: each element is validated and
 * saved on its own, and the response either lists every element with its
 * own status (summarizeErrors=false) or, by default, only the failures in
 * a 400 ValidationException while the valid elements are kept. Both
 * shapes are built here from the per-element results of a batch_fn.
 */
#include "sandbox/sbx_batch.h"

#include "sandbox/sbx_json.h"
#include "sandbox/sbx_resp.h"

int batch_run(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs,
	      const struct batch_kind *k, batch_fn fn)
{
	json_t *els = sbx_body_elements(rq->json, k->collection);
	json_t *all = NULL, *failed = NULL, *in;
	size_t i;
	int rc = 0;

	if (!els || json_array_size(els) == 0) {
		json_decref(els);
		sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
			       "No elements were found in the request body");
		return 0;
	}
	all = json_array();
	failed = json_array();
	json_array_foreach(els, i, in) {
		json_t *out = NULL;
		int r;

		if (!json_is_object(in)) {
			out = json_object();
			sbx_add_error(out, "Each element must be a JSON object.");
			r = 1;
		} else {
			r = fn(s, rq, in, &out);
		}
		if (r < 0) {
			json_decref(out);
			rc = -1;
			goto done;
		}
		if (r == 0) {
			json_object_set_new(out, "StatusAttributeString", json_string("OK"));
		} else {
			if (k->id_field && !json_string_value(json_object_get(out, k->id_field)))
				json_object_set_new(out, k->id_field, json_string(SBX_ZERO_GUID));
			json_object_set_new(out, k->err_flag, json_true());
			json_object_set_new(out, "StatusAttributeString", json_string("ERROR"));
			json_array_append(failed, out);
		}
		json_array_append_new(all, out); /* steals out */
	}
	if (rq->summarize && json_array_size(failed)) {
		sbx_resp_validation(rs, failed); /* steals failed */
		failed = NULL;
	} else {
		sbx_resp_envelope(rs, k->collection, all, NULL); /* steals all */
		all = NULL;
	}
done:
	if (rc)
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
	json_decref(all);
	json_decref(failed);
	json_decref(els);
	return rc;
}
