/* An event (and its creator) as JSON through the streaming writer: the --json line and the
 * history's stored form of a creator. */
#ifndef IFW_WEV_JSON_H
#define IFW_WEV_JSON_H

#include "history/history.h"
#include "util/json_writer.h"
#include "watch/watch.h"

/* One event as an object (the caller starts and finishes the document). */
void ifw_wev_write_json(struct ifw_jw *w, const struct ifw_wev *ev);
/* The creator with its parents as an object. */
void ifw_creator_write_json(struct ifw_jw *w, const struct ifw_creator *c);
/* The same, as a compact JSON text to store (malloc'd; NULL when out of memory). */
char *ifw_creator_json_text(const struct ifw_creator *c);
/* ifw_format_time (history/history.h) gives the events' times. */

#endif
