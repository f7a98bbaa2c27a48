/*
 * parse_paypal.h - PayPal activity downloads and statements as the payout
 * source of sellers paid through PayPal.
 *
 * A transfer to the bank (General Withdrawal) is a deposit: its id is the
 * withdrawal's Transaction ID, its total the amount withdrawn. Its amounts
 * are the rows of that currency since the previous transfer (payments,
 * refunds, fees, holds, conversions), in time order, plus the balance
 * carried in before them and left after the transfer (from the Balance
 * column): they sum to the transfer exactly when PayPal's running balance
 * agrees with the rows, which is the check. The activity before a file's
 * first transfer is imported only when it starts from a zero balance
 * (otherwise its start is in an earlier download); rows after the last
 * transfer wait for a download that includes their transfer.
 */
#ifndef LL_PARSE_PAYPAL_H
#define LL_PARSE_PAYPAL_H

#include "formats/parse.h"

enum paypal_format {
	PAYPAL_NONE = 0,
	PAYPAL_ACTIVITY,   /* Activity download: a Type column */
	PAYPAL_STATEMENT   /* Statement CSV: a Description column */
};

/* Classify a header line (BOM stripped; comma, semicolon or tab) in
 * English, French, German, Spanish, Italian, Dutch or Portuguese. */
enum paypal_format paypal_detect(const char *line, size_t len);

/*
 * Parse an activity download or statement whose header line is
 * header[0..hlen). Rows are read into a store (memory, past a quarter of
 * the spill budget an unlinked temporary file) and read back in time
 * order: a file whose rows are in time order (oldest or newest first, per
 * currency) is cut at transfers (or into days) as its rows stream past,
 * in memory bounded by the largest transfer; any other file's store is
 * sorted first (by currency, UTC time, file order among equals: runs
 * sorted in memory, merged through another temporary file), then cut the
 * same way. In the transfer model, a file where a currency never withdrawn
 * converts into another is sorted with every row in memory. The result is
 * the same whichever way. Returns 0, or a negative code when the file
 * cannot be read (err filled).
 */
int paypal_parse(struct lines *l, const char *path, const char *header, size_t hlen,
		 const struct parse_sink *sink, struct parse_stats *stats,
		 struct ll_err *err);

/* Files this process cut as their rows streamed past, files it sorted
 * first (in the store or in memory), files whose every row it held in
 * memory, and files cut by pp_cut from their sorted store in its temporary
 * file (a currency never withdrawn converted into another; for tests). */
extern long paypal_files_streamed, paypal_files_sorted, paypal_files_held,
	paypal_files_cut_stored;

#endif
