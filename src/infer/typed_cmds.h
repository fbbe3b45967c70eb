/* Commands typed at a prompt in a paste, read once per analysis: what each creates (by its
 * syntax), which names a program that is not an inspection tool was given, and which VPN program
 * the session runs. Looked up per interface by name, so a paste with many prompts and many
 * interfaces costs their sum, not their product. */
#ifndef IFW_INFER_TYPED_CMDS_H
#define IFW_INFER_TYPED_CMDS_H

#include "know/know.h"
#include "model/model.h"

#include <stdbool.h>
#include <stddef.h>

#define IFW_TYPED_MAX_TOKS 48

struct ifw_typed_toks {
	char buf[1025];
	const char *t[IFW_TYPED_MAX_TOKS];
	size_t n;
};

/* Splits on blanks, drops quotes, skips sudo/doas and VAR=value words in front. */
void ifw_typed_split(const char *cmd, struct ifw_typed_toks *k);
/* The last path component of s. */
const char *ifw_typed_base(const char *s);

struct ifw_typed_index;

/* NULL when out of memory. */
struct ifw_typed_index *ifw_typed_index_new(const struct ifw_model *m, const struct ifw_kb *kb);
void ifw_typed_index_free(struct ifw_typed_index *x);
/* The first typed command that creates an interface called name, or NULL. */
const struct ifw_typed_cmd *ifw_typed_maker(const struct ifw_typed_index *x, const char *name);
/* The first typed command, not an inspection tool's, that names name as an argument (and does
 * not create it), or NULL. */
const struct ifw_typed_cmd *ifw_typed_user(const struct ifw_typed_index *x, const char *name);
/* The one VPN program the session runs or manages and the first command that does, or NULL
 * (none, or two different ones). */
const struct ifw_kb_process *ifw_typed_session(const struct ifw_typed_index *x,
                                               const struct ifw_typed_cmd **by);

#endif
