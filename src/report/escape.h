/* Host strings (interface and process names, command lines, claims quoting them) placed into a
 * picture: made terminal-safe first (controls become visible "\xNN", invalid UTF-8 becomes
 * U+FFFD, bidi overrides "\u{NNNN}", see util/sanitize.h), then escaped for the context. */
#ifndef IFW_REPORT_ESCAPE_H
#define IFW_REPORT_ESCAPE_H

#include "util/strbuf.h"

#include <stddef.h>

/* For the inside of a double-quoted DOT string used as a label: '"' and '\' are escaped, and
 * '&' becomes "&amp;" because Graphviz reads entities in labels. NULL appends nothing. */
void ifw_esc_dot(struct ifw_strbuf *b, const char *s);
void ifw_esc_dot_n(struct ifw_strbuf *b, const char *s, size_t n);
/* For XML/HTML text and double- or single-quoted attribute values: & < > " ' as entities. */
void ifw_esc_xml(struct ifw_strbuf *b, const char *s);

#endif
