/*
 * parse_amazon_xml.h - Amazon XML settlement reports
 * (GET_V2_SETTLEMENT_REPORT_DATA_XML) into settlements.
 *
 * AmazonEnvelope / Message / SettlementReport holds SettlementData (id,
 * TotalAmount with its currency, start, end and deposit dates) and one
 * element per transaction: Order, Refund, OtherTransaction,
 * AdjustmentEvent, Retrocharge. Each money Amount becomes one event named
 * like the V2 flat file (ItemPrice, ItemFees, Promotion, ItemWithheldTax,
 * ShipmentFees, other-transaction, ...), so the same mapping rows give the
 * same documents. Read with expat, streaming: memory is bounded by one
 * settlement.
 */
#ifndef LL_PARSE_AMAZON_XML_H
#define LL_PARSE_AMAZON_XML_H

#include "formats/parse.h"

/*
 * 1 if line[0..len) opens an Amazon XML settlement report: it holds
 * "<AmazonEnvelope" or "<SettlementReport" (an "<?xml ...?>" declaration
 * on its own line before it is allowed by the registry's preamble).
 */
int amazon_xml_detect(const char *line, size_t len);

/*
 * Parse the XML whose first line (from the root element on) is
 * header[0..hlen) and whose other lines follow in l: the parse_fn
 * contract (parse.h). Control bytes are dropped and bytes that are not
 * UTF-8 are read as CP1252 before expat sees them. Returns 0, or
 * LL_EPARSE when the XML is not well-formed (err names the line); the
 * settlements completed before that point have been delivered.
 */
int amazon_parse_xml(struct lines *l, const char *path, const char *header,
		     size_t hlen, const struct parse_sink *sink,
		     struct parse_stats *stats, struct ll_err *err);

#endif
