/* The picture of a host: a Graphviz graph of namespaces, interfaces, what ties them together
 * and who holds them; rendered as DOT text, SVG, or one HTML page with each interface's evidence.
 * Internal to src/report. */
#ifndef IFW_REPORT_PICTURE_H
#define IFW_REPORT_PICTURE_H

#include "report/report.h"
#include "util/strbuf.h"

/* The graph as DOT text. Interface nodes have the id "if_N" (N: model index), which SVG keeps
 * as the node group's id. */
void ifw_dot_build(struct ifw_strbuf *b, const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_report_opts *o);
/* Lays out DOT text and renders it as SVG (Graphviz's library). */
int ifw_svg_render(const char *dot, struct ifw_strbuf *svg, struct ifw_err *err);

#endif
