/*
 * normalize.h - checking a complete deposit and deciding whether it is new.
 *
 * normalize_deposit sums a deposit's events in minor units, compares the
 * sum with the header total (the bank deposit) and fingerprints the
 * content so that the same settlement from two files (overlapping
 * downloads, a .gz and a .txt) is recognised. normalize_admit compares
 * the deposit with what the state file already holds under its id.
 */
#ifndef LL_NORMALIZE_H
#define LL_NORMALIZE_H

#include "formats/event.h"
#include "store/state.h"

/* 1 when the events tie to the header total; otherwise 0 and note says
 * why in one line. Sets d->events_sum and d->hash either way. */
int normalize_deposit(struct deposit *d, char *note, size_t notelen);

enum admit {
	ADMIT_NEW = 0,    /* never seen: import */
	ADMIT_REPLACE,    /* seen from this same source, or seen untied: re-import */
	ADMIT_DUPLICATE,  /* identical content already imported from another file */
	ADMIT_CONFLICT    /* different content under an id already imported */
};

struct admit_info {
	enum admit what;
	int64_t row_id;         /* settlements.id when seen */
	char status[16];        /* its status */
	char other_path[1024];  /* the source it came from */
	int64_t other_total;
	int64_t other_events_sum;
	long other_events;
	int posted;             /* documents of it already posted */
	int same_content;       /* ADMIT_DUPLICATE: identical events (else the same
				 * deposit from another export format) */
	char other_id[96];      /* the id it was found under (another shop's
				 * name, or from before ids carried the shop) */
	int partial;            /* ADMIT_DUPLICATE: this copy is partial and the
				 * imported one whole; ADMIT_REPLACE: the imported
				 * copy was partial and this one is whole */
};

/* settlements.note of a tied deposit whose file holds only part of it
 * (struct deposit's partial); normalize_admit recognises it by the prefix. */
#define NORMALIZE_PARTIAL_NOTE \
	"partial: this file holds only the orders it shows again for a later " \
	"refund, not the whole day; an export that covers the day replaces it"

int normalize_admit(struct state *st, const struct deposit *d, int64_t source_id,
		    struct admit_info *out, struct ll_err *err);

#endif
