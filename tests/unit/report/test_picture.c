/* The picture: escaping helpers for DOT and XML/HTML, and the DOT, SVG and HTML of a small world
 * (a bridge with a veth port, the veth's peer in another namespace, a tun held by a process with
 * a hostile name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <net/if.h>

#include "../infer/world.h"
#include "report/escape.h"
#include "report/picture.h"
#include "report/report.h"

static char *dot_of(const char *s)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_esc_dot(&b, s);
	char *r = strdup(ifw_sb_str(&b));
	ifw_sb_free(&b);
	return r;
}

static char *xml_of(const char *s)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_esc_xml(&b, s);
	char *r = strdup(ifw_sb_str(&b));
	ifw_sb_free(&b);
	return r;
}

#define EQ(fn, in, want)                                                                           \
	do {                                                                                       \
		char *got_ = fn(in);                                                               \
		assert_string_equal(got_, want);                                                   \
		free(got_);                                                                        \
	} while (0)

static void test_escape_dot(void **state)
{
	(void)state;
	EQ(dot_of, "eth0", "eth0");
	EQ(dot_of, "a\"b", "a\\\"b");
	/* A backslash is doubled by the terminal sanitizer, then each is escaped for DOT, so the
	 * picture shows "\\" as the text report does; Graphviz's own "\N" or "\l" never appear. */
	EQ(dot_of, "a\\N", "a\\\\\\\\N");
	EQ(dot_of, "a&b<c>", "a&amp;b<c>");
	EQ(dot_of, "a&amp;", "a&amp;amp;");
	EQ(dot_of, "x\ny\x01", "x\\\\x0ay\\\\x01");
	EQ(dot_of, "\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd"); /* invalid UTF-8: U+FFFD */
	EQ(dot_of, "caf\xc3\xa9", "caf\xc3\xa9");           /* valid UTF-8 kept */
	EQ(dot_of,
	   "a\xe2\x80\xae"
	   "b",
	   "a\\\\u{202e}b"); /* bidi override made visible */
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_esc_dot(&b, NULL);
	ifw_esc_dot_n(&b, "abcdef", 3);
	assert_string_equal(ifw_sb_str(&b), "abc");
	ifw_sb_free(&b);
}

static void test_escape_xml(void **state)
{
	(void)state;
	EQ(xml_of, "<script>alert(\"x\")</script>",
	   "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	EQ(xml_of, "a&b 'c'", "a&amp;b &#39;c&#39;");
	EQ(xml_of, "tab\there\x1b[31m", "tab\\x09here\\x1b[31m");
	EQ(xml_of, "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"); /* overlong '/' */
	EQ(xml_of, "\xe2\x80\x8b", "\\u{200b}");
	EQ(xml_of, "", "");
}

struct picture {
	struct w *w;
	ifw_id br, va, vb, tun, holder, web;
};

static void build(struct picture *p)
{
	struct w *w = p->w = world("linux");
	ifw_id ns = add_ns(w, "web<1>", 3);
	p->br = iface(w, 0, "br0", "bridge", 0);
	p->va = iface(w, 0, "veth-a", "veth", 0);
	p->vb = iface(w, ns, "veth-b", "veth", 0);
	p->tun = iface(w, 0, "tun0", "tun", IFF_POINTOPOINT);
	struct ifw_iface *a = &w->m.ifaces.v[p->va], *b = &w->m.ifaces.v[p->vb];
	a->link_ns = ns;
	a->link = p->vb;
	b->link_ns = 0;
	b->link = p->va;
	a->master = p->br;
	a->slave_kind = "bridge";
	p->web = proc(w, 321, "nginx", ns);
	w->m.procs.v[p->web].container_id =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	w->m.procs.v[p->web].container_runtime = "docker";
	p->holder = proc(w, 77, "ev\"il<b>&\x1b[2J", 0);
	tunfd(w, p->holder, p->tun);
	analyze(w, p->tun);
}

static char *dot_text(struct picture *p, const struct ifw_report_opts *o)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_dot_build(&b, &p->w->m, &p->w->a, o);
	assert_false(b.oom);
	char *r = strdup(ifw_sb_str(&b));
	ifw_sb_free(&b);
	return r;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
		n++;
	return n;
}

static void test_dot_structure(void **state)
{
	(void)state;
	struct picture p;
	build(&p);
	char *d = dot_text(&p, NULL);
	char want[160];
	assert_non_null(strstr(d, "subgraph \"cluster_ns_0\""));
	assert_non_null(strstr(d, "subgraph \"cluster_ns_1\""));
	assert_non_null(strstr(d, "label=\"netns web<1>")); /* DOT strings may hold < > */
	/* The veth pair is one undirected edge, not one per end. */
	snprintf(want, sizeof(want), "\"if_%u\" -> \"if_%u\" [dir=none", p.va, p.vb);
	assert_int_equal(count(d, want), 1);
	snprintf(want, sizeof(want), "\"if_%u\" -> \"if_%u\" [dir=none", p.vb, p.va);
	assert_int_equal(count(d, want), 0);
	snprintf(want, sizeof(want),
	         "\"if_%u\" -> \"if_%u\" [color=\"#33a02c\", label=\"bridge port\"]", p.va, p.br);
	assert_non_null(strstr(d, want));
	/* The tun's holder: a node in the host cluster, an edge to the tun, its name escaped. */
	snprintf(want, sizeof(want), "\"proc_%u\" -> \"if_%u\"", p.holder, p.tun);
	assert_non_null(strstr(d, want));
	assert_non_null(strstr(d, "label=\"ev\\\"il<b>&amp;\\\\x1b[2J (pid 77)"));
	assert_null(strstr(d, "\x1b"));
	/* The process behind the veth, and its container, are nodes in the peer's cluster. */
	snprintf(want, sizeof(want), "\"if_%u\" -> \"proc_%u\" [style=dotted", p.va, p.web);
	assert_non_null(strstr(d, want));
	const char *cl = strstr(d, "subgraph \"cluster_ns_1\"");
	snprintf(want, sizeof(want), "\"proc_%u\" [id=\"proc_%u\"", p.web, p.web);
	assert_true(strstr(d, want) > cl);
	assert_non_null(
	    strstr(d, "\"ctr_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\" "
	              "[shape=component, fillcolor=\"#d9d9f3\", label=\"container "
	              "0123456789ab\\ndocker\"]"));
	snprintf(want, sizeof(want), "abcdef\" -> \"proc_%u\" [label=\"runs\"", p.web);
	assert_non_null(strstr(d, want));
	/* Each interface is filled by its verdict's confidence band (grey without a verdict). */
	for (ifw_id i = 0; i < p.w->m.ifaces.n; i++) {
		const struct ifw_iface_analysis *ia = &p.w->a.ifaces[i];
		const char *fill = ia->verdict < 0                       ? "#e0e0e0"
		                   : ia->confidence >= IFW_CONF_CERTAIN  ? "#b8e186"
		                   : ia->confidence >= IFW_CONF_LIKELY   ? "#a6cee3"
		                   : ia->confidence >= IFW_CONF_POSSIBLE ? "#fee08b"
		                                                         : "#fdae61";
		snprintf(want, sizeof(want), "\"if_%u\" [id=\"if_%u\", fillcolor=\"%s\"", i, i,
		         fill);
		assert_non_null(strstr(d, want));
	}
	assert_true(p.w->a.ifaces[p.tun].verdict >= 0); /* held: a verdict, not grey */
	free(d);

	/* Only the interfaces asked about (ifwho NAME --format dot). */
	ifw_id only[] = {p.tun};
	struct ifw_report_opts o = {.only = only, .n_only = 1};
	d = dot_text(&p, &o);
	assert_null(strstr(d, "veth-a"));
	assert_null(strstr(d, "cluster_ns_1"));
	assert_non_null(strstr(d, "tun0 (tun)"));
	free(d);
	done(p.w);
}

/* A tun of the same name held elsewhere, its namespace not confirmed: a dotted "perhaps" edge,
 * never a holder's solid one. */
static void test_dot_unconfirmed_holder(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id t = iface(w, 0, "tun9", "tun", IFF_POINTOPOINT);
	ifw_id p = proc(w, 99, "vpnd", 0);
	struct ifw_fdref *fd = ifw_model_add_fdref(&w->m);
	fd->proc = p;
	fd->type = IFW_FD_TUN;
	fd->fd = 9;
	fd->tun_name = "tun9";
	fd->tun_iface = IFW_NOID;
	analyze(w, t);
	assert_int_equal(w->a.ifaces[t].holders.n, 0);
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_dot_build(&b, &w->m, &w->a, NULL);
	char want[200];
	snprintf(want, sizeof(want),
	         "\"proc_%u\" -> \"if_%u\" [color=\"#b15928\", style=dotted, label=\"perhaps: "
	         "holds a tun fd 9 named tun9 (namespace not confirmed)\"]",
	         p, t);
	assert_non_null(strstr(ifw_sb_str(&b), want));
	snprintf(want, sizeof(want), "\"proc_%u\" [id=\"proc_%u\"", p, p);
	assert_non_null(strstr(ifw_sb_str(&b), want));
	ifw_sb_free(&b);
	done(w);
}

static void test_svg_and_html(void **state)
{
	(void)state;
	struct picture p;
	build(&p);
	char *d = dot_text(&p, NULL);
	struct ifw_strbuf svg;
	ifw_sb_init(&svg);
	struct ifw_err err = {0};
	assert_int_equal(ifw_svg_render(d, &svg, &err), 0);
	const char *s = ifw_sb_str(&svg);
	char want[80];
	snprintf(want, sizeof(want), "<g id=\"if_%u\" class=\"node\">", p.tun);
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "ev&quot;il&lt;b&gt;&amp;\\x1b[2J"));
	assert_null(strstr(s, "<b>"));
	ifw_sb_free(&svg);
	free(d);
	assert_int_equal(ifw_svg_render("digraph { a -> ", &svg, &err), -1);
	assert_int_equal(err.code, IFW_E_PARSE);
	ifw_sb_free(&svg);

	char *page = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&page, &len);
	struct ifw_report_opts o = {0};
	assert_int_equal(ifw_report_html(f, &p.w->m, &p.w->a, &o, &err), 0);
	fclose(f);
	assert_non_null(strstr(page, "<!DOCTYPE html>"));
	assert_null(strstr(page, "<?xml")); /* the SVG is inline, without its prolog */
	snprintf(want, sizeof(want), "<section id=\"ev-if_%u\"", p.tun);
	assert_non_null(strstr(page, want));
	assert_non_null(strstr(page, "ev&quot;il&lt;b&gt;&amp;\\x1b[2J (pid 77)"));
	assert_null(strstr(page, "<b>&"));
	assert_null(strstr(page, "\x1b"));
	/* Self-contained: nothing loaded from elsewhere. */
	assert_null(strstr(page, "src=\"http"));
	assert_null(strstr(page, "href=\"http"));
	free(page);
	done(p.w);
}

/* More interfaces than Graphviz lays out in reasonable time (3000 bridged veths took 50 s, and
 * any user can make thousands in a namespace of their own): at most 1000 nodes, the caption says
 * what was left out, and no edge names a node that is not drawn. */
static void test_dot_cap(void **state)
{
	(void)state;
	struct w *w = world("linux");
	ifw_id first = IFW_NOID;
	static char names[1500][16]; /* the world keeps the pointers */
	for (int i = 0; i < 1500; i++) {
		snprintf(names[i], sizeof(names[i]), "tun%d", i);
		ifw_id t = iface(w, 0, names[i], "tun", IFF_POINTOPOINT);
		tunfd(w, proc(w, 1000 + i, "vpnd", 0), t);
		if (first == IFW_NOID)
			first = t;
	}
	analyze(w, first);
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_dot_build(&b, &w->m, &w->a, NULL);
	assert_false(b.oom);
	const char *s = ifw_sb_str(&b);
	/* each interface drawn with its holder: 500 of each */
	assert_int_equal(count(s, "[id=\"if_"), 500);
	assert_int_equal(count(s, "[id=\"proc_"), 500);
	assert_non_null(strstr(s, "left out: 1000 interfaces"));
	for (size_t p = 0; p < w->m.procs.n; p++) {
		char edge[40], node[40];
		snprintf(edge, sizeof(edge), "\"proc_%zu\" ->", p);
		snprintf(node, sizeof(node), "\"proc_%zu\" [id=", p);
		if (strstr(s, edge))
			assert_non_null(strstr(s, node));
	}
	ifw_sb_free(&b);
	done(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape_dot),    cmocka_unit_test(test_escape_xml),
	    cmocka_unit_test(test_dot_structure), cmocka_unit_test(test_dot_unconfirmed_holder),
	    cmocka_unit_test(test_svg_and_html),  cmocka_unit_test(test_dot_cap),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
