#ifndef IFW_CLI_SELECT_H
#define IFW_CLI_SELECT_H

#include "model/model.h"

/* Interfaces named `name` (or with it as an altname), in model order; returns how many. */
size_t ifw_select(const struct ifw_model *m, const char *name, ifw_id *out, size_t max);
/* Up to max names close to `name` (edit distance 1, then 2 or a prefix). */
size_t ifw_suggest(const struct ifw_model *m, const char *name, const char **out, size_t max);

#endif
