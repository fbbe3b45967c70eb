/* Reports only format: the model's facts and the analysis's findings, as text or JSON. */
#ifndef IFW_REPORT_H
#define IFW_REPORT_H

#include "infer/analysis.h"
#include "model/model.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdio.h>

#define IFW_JSON_SCHEMA_VERSION 1

struct ifw_report_opts {
	bool color;
	bool why;           /* show every finding and the rule behind it */
	bool detail;        /* one block per interface with evidence (ifwho NAME) */
	const ifw_id *only; /* show only these interfaces (NULL = all) */
	size_t n_only;
	const char *version_credit;   /* data credits for the JSON header */
	unsigned width;               /* wrap text at this many columns (0: never) */
	const char *const *not_found; /* names asked for that matched nothing (JSON lists them) */
	size_t n_not_found;
};

int ifw_report_text(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err);
/* One line per interface: namespace, name, kind, state, confidence, verdict, fitted to
 * o->width like `ip -br` (the verdict is cut to fit). */
int ifw_report_brief(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                     const struct ifw_report_opts *o, struct ifw_err *err);
/* Writes text to out with every line longer than width broken at spaces; continuation lines
 * are indented to where the line's content starts (after its label). Escape sequences (colour)
 * take no width. width 0 writes text as it is. */
void ifw_write_wrapped(FILE *out, const char *text, unsigned width);
int ifw_report_json(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err);

/* The picture (docs/ifwho.1.scd, --format): DOT text, SVG rendered by Graphviz, or one HTML
 * page with the SVG and each interface's evidence shown on a click. */
int ifw_report_dot(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_report_opts *o, struct ifw_err *err);
int ifw_report_svg(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_report_opts *o, struct ifw_err *err);
int ifw_report_html(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err);

/* One evidence line for a fact, the way ip, ss, lsof or ifconfig would show it. Untrusted text
 * is sanitized for a terminal when `safe` is true (text report) and left raw for JSON. */
struct ifw_strbuf;
void ifw_render_fact(struct ifw_strbuf *b, const struct ifw_model *m, const struct ifw_fact_ref *r,
                     bool safe);
/* "udp 192.0.2.10:4500 -> 203.0.113.10:4500" */
void ifw_render_socket(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id sock, bool safe);
/* "charon (pid 1234, root)" */
void ifw_render_proc(struct ifw_strbuf *b, const struct ifw_model *m, ifw_id proc, bool safe);

#endif
