/* An event (and its creator) as a JSON object: the --json line and the history's stored form. */
#ifndef IFW_WEV_JSON_H
#define IFW_WEV_JSON_H

#include "watch/watch.h"

#include <jansson.h>

json_t *ifw_wev_json(const struct ifw_wev *ev);
json_t *ifw_creator_json(const struct ifw_creator *c);
/* "2026-12-06T14:02:11.123Z" */
void ifw_format_time(uint64_t ns, char *out, size_t len);

#endif
