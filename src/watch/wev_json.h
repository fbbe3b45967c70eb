/* An event (and its creator) as a JSON object: the --json line and the history's stored form. */
#ifndef IFW_WEV_JSON_H
#define IFW_WEV_JSON_H

#include "history/history.h"
#include "watch/watch.h"

#include <jansson.h>

json_t *ifw_wev_json(const struct ifw_wev *ev);
json_t *ifw_creator_json(const struct ifw_creator *c);
/* ifw_format_time (history/history.h) gives the events' times. */

#endif
