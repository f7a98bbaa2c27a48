/*
 * sbx_faults.h - failures injected on demand, deterministic with a seed.
 *
 * A spec string (grammar in docs/sandbox.md) sets random rates per fault,
 * one-shot faults for the next eligible calls, a fixed delay, and which
 * calls are eligible (all, writes or reads).
 */
#ifndef LL_SBX_FAULTS_H
#define LL_SBX_FAULTS_H

#include <stdint.h>

#include "util/err.h"

enum sbx_fault {
	SBX_FAULT_NONE = 0,
	SBX_FAULT_500,         /* 500, unhandled error; nothing written */
	SBX_FAULT_503,         /* 503 "The Organisation is offline"; nothing written */
	SBX_FAULT_RESET,       /* close the connection unanswered; nothing written */
	SBX_FAULT_COMMIT_DROP, /* do the write, then close unanswered */
	SBX_FAULT_SLOW,        /* only a delay (one-shot "next:slow:MS") */
	SBX_FAULT_KINDS
};

enum sbx_fault_scope { SBX_ON_ALL = 0, SBX_ON_WRITE, SBX_ON_READ };

#define SBX_FAULT_QUEUE 64

struct sbx_faults {
	uint32_t rate_ppm[SBX_FAULT_KINDS]; /* per eligible call, parts per million */
	int slow_ms;                        /* delay for "slow:MS[:RATE]" */
	uint32_t slow_ppm;
	enum sbx_fault_scope scope;
	uint64_t seed, rng;
	struct { enum sbx_fault kind; int slow_ms; } queue[SBX_FAULT_QUEUE];
	int nqueue;
	long injected[SBX_FAULT_KINDS];     /* counters, for /__sandbox/state */
	char spec[512];                     /* the spec as given */
};

struct sbx_fault_pick {
	enum sbx_fault kind;
	int slow_ms; /* delay before handling, 0 for none */
};

/*
 * Replace f's configuration with spec (NULL or "" = no faults). default_seed
 * is used unless the spec has "seed=N". On a syntax error f is unchanged and
 * LL_EUSAGE is returned with err naming the bad item.
 */
int faults_configure(struct sbx_faults *f, const char *spec,
		     unsigned default_seed, struct ll_err *err);

/* Decide the fault for one call (is_write: POST/PUT). Counts what it picks. */
void faults_pick(struct sbx_faults *f, int is_write, struct sbx_fault_pick *out);

/* "500", "503", "reset", "commit-drop", "slow", or "none". */
const char *faults_name(enum sbx_fault k);

#endif
