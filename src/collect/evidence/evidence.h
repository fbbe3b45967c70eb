/* The offline evidence backend's one entry point besides ifw_backend_evidence: the same reading
 * from a memory buffer, for the fuzzer and tests. */
#ifndef IFW_EVIDENCE_H
#define IFW_EVIDENCE_H

#include "model/model.h"
#include "util/err.h"

#include <stddef.h>

/* Reads buf as one evidence file called name (its name may hint at the command). */
int ifw_evidence_read_buffer(struct ifw_model *m, const char *buf, size_t len, const char *name,
                             struct ifw_err *err);

#endif
