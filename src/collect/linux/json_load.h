/* A daemon's or runtime's JSON answer parsed with a size bound, duplicate keys refused. */
#ifndef IFW_JSON_LOAD_H
#define IFW_JSON_LOAD_H

#include "util/err.h"

#include <jansson.h>
#include <stddef.h>

/* The parsed document, or NULL with err set: larger than max bytes, or not JSON. */
json_t *ifw_json_load(const char *json, size_t n, size_t max, struct ifw_err *err);

#endif
