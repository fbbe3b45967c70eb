/* The system of offline evidence that did not say it, told by its interfaces' names. */
#ifndef IFW_INFER_OS_NAMES_H
#define IFW_INFER_OS_NAMES_H

#include "know/know.h"
#include "model/model.h"

/* When m->os is only the default guess, the system whose knowledge names the most of the
 * interfaces (more than the guess's) replaces it. */
void ifw_os_from_names(struct ifw_model *m, const struct ifw_kb *kb);

#endif
