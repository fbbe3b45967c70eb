/* Interfaces a person's sentences name that no listing showed. */
#ifndef IFW_INFER_MENTIONS_H
#define IFW_INFER_MENTIONS_H

#include "know/know.h"
#include "model/model.h"

/* Adds to the model, as interfaces known only by name, the names people's sentences gave
 * (m->mentioned) that the knowledge files as the system's own interface names (not the "any"
 * entries, and not a name-only guess of low confidence); returns how many, -1 when out of
 * memory. Offline only; before the model is indexed. */
int ifw_adopt_mentions(struct ifw_model *m, const struct ifw_kb *kb);

#endif
