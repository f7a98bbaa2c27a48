/*
 * intr.h - Ctrl-C and SIGTERM as a request to stop, not a kill.
 *
 * intr_install() makes SIGINT and SIGTERM set a flag; long loops (files in
 * the pipeline, calls in the Xero client) check intr_requested() at safe
 * points, record what they did and return, so the command can exit 130
 * and say how to resume. A second signal while stopping kills at once.
 */
#ifndef LL_INTR_H
#define LL_INTR_H

void intr_install(void);
int intr_requested(void);
/* Set the flag as a signal would (tests, and the client's own use). */
void intr_request(void);

/*
 * A test hook: a point in a long phase where the end-to-end tests deliver
 * SIGTERM deterministically. With LEDGERLIFT_TEST_SIGNAL_AT=NAME:N in the
 * environment, the Nth time the point NAME is passed the process sends
 * itself SIGTERM (raise: through the real handler, as a kill would).
 * Without the variable it does nothing. Points: "deposit" (a deposit is
 * about to be planned), "batch" (a document into a batch), "sheet-row"
 * (a row of the workbook).
 */
void intr_test_point(const char *name);

#endif
