/* Commands typed at a prompt in a paste, read once per analysis: what each creates (by its
 * syntax), which names a program that is not an inspection tool was given, and which VPN program
 * the session runs. Looked up per interface by name, so a paste with many prompts and many
 * interfaces costs their sum, not their product. */
#ifndef IFW_INFER_TYPED_CMDS_H
#define IFW_INFER_TYPED_CMDS_H

#include "know/know.h"
#include "model/cmd_syntax.h"
#include "model/model.h"

#include <stdbool.h>
#include <stddef.h>

struct ifw_typed_index;

/* NULL when out of memory. */
struct ifw_typed_index *ifw_typed_index_new(const struct ifw_model *m, const struct ifw_kb *kb);
void ifw_typed_index_free(struct ifw_typed_index *x);
/* The first typed command that creates an interface called name, or NULL. */
const struct ifw_typed_cmd *ifw_typed_maker(const struct ifw_typed_index *x, const char *name);
/* The command that gave an interface the name `name` (`ifconfig tap0 name zt0`), typed or a
 * program's echo, or NULL; from receives the name it had. */
const struct ifw_typed_cmd *ifw_typed_renamer(const struct ifw_typed_index *x, const char *name,
                                              char *from, size_t from_len);
/* A program's echoed command that configures `name` (an address, a route, up), or NULL. */
const struct ifw_typed_cmd *ifw_typed_configurer(const struct ifw_typed_index *x, const char *name);
/* The first typed command, not an inspection tool's, that names name as an argument (and does
 * not create it), or NULL. */
const struct ifw_typed_cmd *ifw_typed_user(const struct ifw_typed_index *x, const char *name);
/* The one VPN program the session runs or manages and the first command that does, or NULL
 * (none, or two different ones). */
const struct ifw_kb_process *ifw_typed_session(const struct ifw_typed_index *x,
                                               const struct ifw_typed_cmd **by);

#endif
