/* The picture as one self-contained HTML page: the SVG inline, and each interface's evidence in
 * a hidden section that a click on its node shows. No external resources; every host string is
 * escaped for HTML. */
#include "report/escape.h"
#include "model/names.h"
#include "report/picture.h"

#include <string.h>

static const char *const style =
    "body{font:14px 'DejaVu Sans',sans-serif;margin:0;color:#222}"
    "header{padding:8px 16px;background:#334;color:#fff}"
    "header h1{font-size:18px;margin:0}header p{margin:2px 0 0;font-size:12px}"
    "main{display:flex;align-items:flex-start}"
    "#graph{flex:1;overflow:auto;padding:8px;max-height:calc(100vh - 60px)}"
    "#detail{flex:0 0 30em;padding:8px 16px;border-left:1px solid #ccc;min-height:80vh}"
    "#detail h2{font-size:16px;margin:4px 0}.verdict{font-weight:bold}"
    ".conf{font-weight:normal;color:#555}.facts{color:#444;font-family:monospace;"
    "font-size:12px;white-space:pre-wrap}dt{font-weight:bold;margin-top:6px}"
    "dd{margin-left:1em}g.node{cursor:pointer}"
    "g.sel polygon,g.sel path,g.sel ellipse{stroke:#d62728;stroke-width:3}";

/* A click on a node shows a copy of its evidence section in the panel (and brings the node into
 * view: the picture is drawn at its natural size and scrolls). The hash
 * "#click=if_N" clicks that node once the page has loaded (a hook for headless tests). */
static const char *const script =
    "(function(){var d=document.getElementById('detail');"
    "function show(g){var s=document.getElementById('ev-'+g.id);if(!s)return;"
    "var c=s.cloneNode(true);c.id='shown';c.hidden=false;d.replaceChildren(c);"
    "d.setAttribute('data-shown',g.id);"
    "document.querySelectorAll('#graph g.sel').forEach(function(x){"
    "x.classList.remove('sel')});g.classList.add('sel');"
    "g.scrollIntoView({block:'center',inline:'center'});}"
    "document.querySelectorAll('#graph g.node').forEach(function(g){"
    "g.addEventListener('click',function(){show(g)})});"
    "var h=/^#click=([A-Za-z0-9_]+)$/.exec(location.hash);"
    "var n=h&&document.getElementById(h[1]);"
    "if(n)n.dispatchEvent(new MouseEvent('click',{bubbles:true}));})();";

static void esc_sb(struct ifw_strbuf *b, const struct ifw_strbuf *raw)
{
	ifw_esc_xml(b, ifw_sb_str(raw));
}

static void finding(struct ifw_strbuf *b, const struct ifw_model *m,
                    const struct ifw_iface_analysis *ia, size_t i)
{
	static const char *const roles[] = {"", "who", "what", "carries", "note"};
	const struct ifw_finding *fi = ia->findings.v[i];
	ifw_sb_printf(b, "<li><b>%s%s</b> ", fi->role < 5 ? roles[fi->role] : "?",
	              (int)i == ia->verdict ? " (verdict)" : "");
	ifw_esc_xml(b, fi->claim);
	ifw_sb_printf(b, " <span class=\"conf\">[%s %u, rule ", ifw_confidence_word(fi->confidence),
	              fi->confidence);
	ifw_esc_xml(b, fi->rule);
	ifw_sb_puts(b, "]</span><div class=\"facts\">");
	struct ifw_strbuf t;
	ifw_sb_init(&t);
	for (size_t k = 0; k < fi->facts.n; k++) {
		ifw_sb_reset(&t);
		ifw_render_fact(&t, m, &fi->facts.v[k], false);
		if (fi->facts.v[k].source) {
			ifw_sb_puts(&t, "  <");
			ifw_sb_puts(&t, fi->facts.v[k].source);
			ifw_sb_puts(&t, ">");
		}
		esc_sb(b, &t);
		ifw_sb_puts(b, "\n");
	}
	ifw_sb_free(&t);
	ifw_sb_puts(b, "</div></li>\n");
}

static void section(struct ifw_strbuf *b, const struct ifw_model *m, const struct ifw_analysis *a,
                    ifw_id id)
{
	const struct ifw_iface *f = &m->ifaces.v[id];
	const struct ifw_iface_analysis *ia = &a->ifaces[id];
	struct ifw_strbuf t;
	ifw_sb_init(&t);
	ifw_sb_printf(b, "<section id=\"ev-if_%u\" class=\"evidence\" hidden><h2>", id);
	ifw_esc_xml(b, f->name);
	ifw_sb_puts(b, " <span class=\"conf\">netns ");
	ifw_esc_xml(b, m->netns.v[f->ns].name);
	ifw_sb_puts(b, "</span></h2>\n<p class=\"verdict\">");
	ifw_esc_xml(b, ia->verdict_text ? ia->verdict_text : "unknown");
	ifw_sb_printf(b, " <span class=\"conf\">[%s]</span></p>\n<dl>",
	              ifw_confidence_word(ia->confidence));
	const char *kind = f->kind ? f->kind : ifw_name_arptype(f->arptype);
	ifw_sb_puts(b, "<dt>kind</dt><dd>");
	ifw_esc_xml(b, kind ? kind : "?");
	ifw_sb_printf(b, ", mtu %u, %s</dd>\n", f->mtu, ifw_name_operstate(f->operstate));
	for (size_t i = 0; i < f->addrs.n; i++) {
		const struct ifw_addr *ad = &m->addrs.v[f->addrs.v[i]];
		char ip[IFW_IP_STRLEN];
		ifw_sb_printf(b, "%s<dd>%s/%u</dd>\n", i ? "" : "<dt>addresses</dt>",
		              ifw_ip_str(&ad->ip, ip), ad->plen);
	}
	for (size_t i = 0; i < ia->holders.n; i++) {
		const struct ifw_holder *h = &ia->holders.v[i];
		ifw_sb_reset(&t);
		ifw_render_proc(&t, m, h->proc, false);
		ifw_sb_puts(&t, ": ");
		ifw_sb_puts(&t, h->how ? h->how : "");
		if (!h->confirmed)
			ifw_sb_puts(&t, " (inferred)");
		ifw_sb_puts(b, i ? "<dd>" : "<dt>held by</dt><dd>");
		esc_sb(b, &t);
		ifw_sb_puts(b, "</dd>\n");
	}
	for (size_t i = 0; i < ia->peers.n; i++) {
		const struct ifw_peer *p = &ia->peers.v[i];
		char ip[IFW_IP_STRLEN];
		ifw_sb_reset(&t);
		ifw_sb_printf(&t, "%s", ifw_ip_str(&p->ip, ip));
		if (p->port)
			ifw_sb_printf(&t, ":%u", p->port);
		if (p->name)
			ifw_sb_printf(&t, " (%s)", p->name);
		if (p->owner)
			ifw_sb_printf(&t, " - %s", p->owner);
		ifw_sb_printf(&t, ", from %s", p->via ? p->via : "?");
		ifw_sb_puts(b, i ? "<dd>" : "<dt>far ends</dt><dd>");
		esc_sb(b, &t);
		ifw_sb_puts(b, "</dd>\n");
	}
	ifw_sb_puts(b, "</dl>\n<h3>evidence</h3><ul>\n");
	for (size_t i = 0; i < ia->findings.n; i++)
		finding(b, m, ia, i);
	ifw_sb_puts(b, "</ul>\n");
	for (size_t i = 0; i < ia->next_steps.n; i++) {
		ifw_sb_puts(b, i ? "<li>" : "<h3>to settle</h3><ul><li>");
		ifw_esc_xml(b, ia->next_steps.v[i]);
		ifw_sb_puts(b, i + 1 == ia->next_steps.n ? "</li></ul>\n" : "</li>\n");
	}
	ifw_sb_puts(b, "</section>\n");
	ifw_sb_free(&t);
}

static bool drawn(const struct ifw_report_opts *o, size_t i)
{
	if (!o || !o->only)
		return true;
	for (size_t k = 0; k < o->n_only; k++)
		if (o->only[k] == i)
			return true;
	return false;
}

int ifw_report_html(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                    const struct ifw_report_opts *o, struct ifw_err *err)
{
	struct ifw_strbuf dot, svg, b;
	ifw_sb_init(&dot);
	ifw_sb_init(&svg);
	ifw_sb_init(&b);
	ifw_dot_build(&dot, m, a, o);
	int rc = dot.oom ? ifw_fail(err, IFW_E_NOMEM, "out of memory building the graph")
	                 : ifw_svg_render(ifw_sb_str(&dot), &svg, err);
	if (rc < 0)
		goto out;
	const char *host = m->hostname ? m->hostname : "this host";
	ifw_sb_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	                "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
	                "<title>ifwho: ");
	ifw_esc_xml(&b, host);
	ifw_sb_printf(&b, "</title>\n<style>%s</style></head>\n<body><header><h1>ifwho: ", style);
	ifw_esc_xml(&b, host);
	ifw_sb_puts(&b, "</h1><p>Every namespace a box; click an interface to see its evidence."
	                "</p></header>\n<main><div id=\"graph\">\n");
	/* The SVG without Graphviz's XML declaration and doctype: inline SVG needs neither. */
	const char *s = strstr(ifw_sb_str(&svg), "<svg");
	ifw_sb_puts(&b, s ? s : "");
	ifw_sb_puts(&b, "</div>\n<aside id=\"detail\"><p>Click an interface in the picture to see "
	                "what ifwho found about it.</p></aside></main>\n<div id=\"evidence\">\n");
	for (size_t i = 0; i < m->ifaces.n; i++)
		if (drawn(o, i))
			section(&b, m, a, (ifw_id)i);
	ifw_sb_printf(&b, "</div>\n<script>%s</script>\n</body></html>\n", script);
	if (b.oom)
		rc = ifw_fail(err, IFW_E_NOMEM, "out of memory writing the page");
	else if (fwrite(ifw_sb_str(&b), 1, b.len, out) != b.len)
		rc = ifw_fail(err, IFW_E_SYS, "could not write the page");
out:
	ifw_sb_free(&dot);
	ifw_sb_free(&svg);
	ifw_sb_free(&b);
	return rc;
}
