/* --brief: one line per interface, like `ip -br`: namespace, name, kind, state, confidence and
 * the verdict, in columns as wide as their longest value; the verdict is cut to fit the width. */
#include "model/names.h"
#include "report/report.h"

#include "util/strbuf.h"

#include <string.h>

enum { C_NS, C_NAME, C_KIND, C_STATE, C_CONF, C_VERDICT, N_COLS };

static const char *kind_of(const struct ifw_iface *f)
{
	if (f->kind)
		return f->kind;
	const char *t = ifw_name_arptype(f->arptype);
	return t ? t : "-";
}

/* The sanitized cells of one interface's line. */
static void cells(const struct ifw_model *m, const struct ifw_analysis *a, ifw_id id,
                  struct ifw_strbuf c[N_COLS])
{
	const struct ifw_iface *f = &m->ifaces.v[id];
	const struct ifw_iface_analysis *ia = &a->ifaces[id];
	for (int k = 0; k < N_COLS; k++)
		ifw_sb_reset(&c[k]);
	const char *ns = f->ns < m->netns.n ? m->netns.v[f->ns].name : NULL;
	ifw_sb_safe_str(&c[C_NS], ns ? ns : "-");
	ifw_sb_safe_str(&c[C_NAME], f->name ? f->name : "?");
	ifw_sb_safe_str(&c[C_KIND], kind_of(f));
	ifw_sb_puts(&c[C_STATE], ifw_name_operstate(f->operstate));
	ifw_sb_puts(&c[C_CONF], ia->verdict >= 0 ? ifw_confidence_word(ia->confidence) : "unknown");
	ifw_sb_safe_str(&c[C_VERDICT], ia->verdict_text ? ia->verdict_text : "unknown");
}

/* Bytes of s that fit in cols columns (UTF-8 sequences kept whole). */
static size_t fit(const char *s, size_t cols)
{
	size_t i = 0, w = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (w == cols)
				break;
			w++;
		}
		i++;
	}
	return i;
}

static size_t cols_of(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static const char *conf_color(const char *word)
{
	return strcmp(word, "certain") == 0    ? "\033[32m"
	       : strcmp(word, "likely") == 0   ? "\033[36m"
	       : strcmp(word, "possible") == 0 ? "\033[33m"
	                                       : "\033[31m";
}

int ifw_report_brief(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                     const struct ifw_report_opts *o, struct ifw_err *err)
{
	struct ifw_strbuf c[N_COLS];
	for (int k = 0; k < N_COLS; k++)
		ifw_sb_init(&c[k]);
	size_t n = o->only ? o->n_only : m->ifaces.n;
	size_t w[N_COLS] = {0};
	for (size_t i = 0; i < n; i++) {
		cells(m, a, o->only ? o->only[i] : (ifw_id)i, c);
		for (int k = 0; k < C_VERDICT; k++) {
			size_t cw = cols_of(ifw_sb_str(&c[k]));
			w[k] = cw > w[k] ? cw : w[k];
		}
	}
	size_t used = 0;
	for (int k = 0; k < C_VERDICT; k++)
		used += w[k] + 1;
	/* The verdict takes what is left, but never fewer than 12 columns. */
	size_t room = o->width > used + 12 ? o->width - used : o->width ? 12 : 0;
	for (size_t i = 0; i < n; i++) {
		cells(m, a, o->only ? o->only[i] : (ifw_id)i, c);
		for (int k = 0; k < C_VERDICT; k++) {
			const char *s = ifw_sb_str(&c[k]);
			bool colored = o->color && k == C_CONF;
			fprintf(out, "%s%s%s%*s ", colored ? conf_color(s) : "", s,
			        colored ? "\033[0m" : "", (int)(w[k] - cols_of(s)), "");
		}
		const char *v = ifw_sb_str(&c[C_VERDICT]);
		if (room && cols_of(v) > room) {
			fwrite(v, 1, fit(v, room - 3), out);
			fputs("...\n", out);
		} else {
			fprintf(out, "%s\n", v);
		}
	}
	for (int k = 0; k < N_COLS; k++)
		ifw_sb_free(&c[k]);
	if (ferror(out))
		return ifw_fail(err, IFW_E_SYS, "could not write the report");
	return 0;
}
