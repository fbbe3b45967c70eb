/* The picture as DOT: every namespace a cluster, interfaces as nodes filled by the verdict's
 * confidence and labelled with it, edges for veth pairs, bridge and bond ports, stacked devices,
 * holders, the processes behind a veth and tunnels' far ends. Only formats the analysis. */
#include "report/escape.h"
#include "model/names.h"
#include "report/picture.h"

#include <stdlib.h>
#include <string.h>

/* Graphviz's layout time grows faster than the graph (1000 bridged veths about 2 s, 3000 about
 * 50 s, 9000 minutes), and any user can make thousands of interfaces in a namespace of their
 * own: a picture holds at most this many nodes (interfaces, each with its processes and far
 * ends, in the model's order), and says what it left out. */
#define DOT_MAX_NODES 1000

struct dot {
	struct ifw_strbuf *b;
	const struct ifw_model *m;
	const struct ifw_analysis *a;
	bool *iface_on; /* interfaces drawn */
	bool *proc_on;  /* processes drawn: holders and those behind a drawn veth */
	size_t n_ifaces, n_procs, n_peers;          /* drawn */
	size_t left_ifaces, left_procs, left_peers; /* left out (DOT_MAX_NODES) */
	size_t peers_drawn;
};

/* Fill colours by confidence band; grey when nothing is known well enough for a verdict. */
static const char *fill(const struct ifw_iface_analysis *ia)
{
	if (ia->verdict < 0 || !ia->verdict_text)
		return "#e0e0e0";
	if (ia->confidence >= IFW_CONF_CERTAIN)
		return "#b8e186";
	if (ia->confidence >= IFW_CONF_LIKELY)
		return "#a6cee3";
	if (ia->confidence >= IFW_CONF_POSSIBLE)
		return "#fee08b";
	return "#fdae61";
}

/* Escaped text broken into lines of about `width` bytes at spaces (DOT "\n" line breaks). */
static void wrapped(struct ifw_strbuf *b, const char *s, size_t width)
{
	if (!s)
		return;
	while (*s) {
		size_t len = strlen(s), cut = len;
		if (len > width) {
			cut = width;
			while (cut > width / 2 && s[cut] != ' ')
				cut--;
			if (s[cut] != ' ') /* no space in reach: break inside the word */
				cut = width;
			while (cut < len && ((unsigned char)s[cut] & 0xc0) == 0x80)
				cut++; /* never inside a UTF-8 sequence */
		}
		ifw_esc_dot_n(b, s, cut);
		s += cut;
		while (*s == ' ')
			s++;
		if (*s)
			ifw_sb_puts(b, "\\n");
	}
}

static void iface_node(struct dot *d, ifw_id id)
{
	const struct ifw_iface *f = &d->m->ifaces.v[id];
	const struct ifw_iface_analysis *ia = &d->a->ifaces[id];
	const char *kind = f->kind ? f->kind : ifw_name_arptype(f->arptype);
	ifw_sb_printf(d->b, "    \"if_%u\" [id=\"if_%u\", fillcolor=\"%s\", label=\"", id, id,
	              fill(ia));
	ifw_esc_dot(d->b, f->name);
	ifw_sb_puts(d->b, " (");
	ifw_esc_dot(d->b, kind ? kind : "?");
	ifw_sb_puts(d->b, ")\\n");
	wrapped(d->b, ia->verdict_text ? ia->verdict_text : "unknown", 36);
	ifw_sb_printf(d->b, "\\n[%s]\", tooltip=\"", ifw_confidence_word(ia->confidence));
	ifw_esc_dot(d->b, ia->verdict_text ? ia->verdict_text : "unknown");
	ifw_sb_puts(d->b, "\"];\n");
}

static void proc_node(struct dot *d, ifw_id p)
{
	const struct ifw_process *pr = &d->m->procs.v[p];
	struct ifw_strbuf t;
	ifw_sb_init(&t);
	ifw_render_proc(&t, d->m, p, false);
	ifw_sb_printf(d->b,
	              "    \"proc_%u\" [id=\"proc_%u\", shape=ellipse, fillcolor=\"#fdf6e3\", "
	              "label=\"",
	              p, p);
	ifw_esc_dot(d->b, ifw_sb_str(&t));
	if (pr->unit) {
		ifw_sb_puts(d->b, "\\n");
		ifw_esc_dot(d->b, pr->unit);
	}
	ifw_sb_puts(d->b, "\"];\n");
	ifw_sb_free(&t);
	if (pr->container_id) {
		/* One node per container; the first 12 hex digits, as docker ps shows them. */
		ifw_sb_puts(d->b, "    \"ctr_");
		ifw_esc_dot(d->b, pr->container_id);
		ifw_sb_puts(d->b, "\" [shape=component, fillcolor=\"#d9d9f3\", label=\"container ");
		ifw_esc_dot_n(d->b, pr->container_id, strnlen(pr->container_id, 12));
		if (pr->container_name) { /* its name and image, as the runtime keeps them */
			ifw_sb_puts(d->b, "\\n");
			ifw_esc_dot(d->b, pr->container_name);
		}
		if (pr->container_image) {
			ifw_sb_puts(d->b, "\\nimage ");
			ifw_esc_dot(d->b, pr->container_image);
		}
		if (pr->container_runtime) {
			ifw_sb_puts(d->b, "\\n");
			ifw_esc_dot(d->b, pr->container_runtime);
		}
		ifw_sb_puts(d->b, "\"];\n    \"ctr_");
		ifw_esc_dot(d->b, pr->container_id);
		ifw_sb_printf(d->b, "\" -> \"proc_%u\" [label=\"runs\", style=dotted];\n", p);
	}
}

static void ns_label(struct dot *d, size_t n)
{
	const struct ifw_netns *ns = &d->m->netns.v[n];
	struct ifw_strbuf t;
	ifw_sb_init(&t);
	ifw_sb_puts(&t, "netns ");
	ifw_sb_puts(&t, ns->name ? ns->name : "?");
	if (ns->is_host && ns->name && strcmp(ns->name, "host") != 0)
		ifw_sb_puts(&t, " (the host's)");
	if (ns->pid && !ns->is_host)
		ifw_sb_printf(&t, " (pid %d %s lives here)", ns->pid,
		              ns->pid_comm ? ns->pid_comm : "?");
	if (d->a->ns_role && d->a->ns_role[n]) {
		ifw_sb_puts(&t, ": ");
		ifw_sb_puts(&t, d->a->ns_role[n]);
	}
	if (ns->error) {
		ifw_sb_puts(&t, ": could not be read: ");
		ifw_sb_puts(&t, ns->error);
	}
	wrapped(d->b, ifw_sb_str(&t), 60);
	ifw_sb_free(&t);
}

static void clusters(struct dot *d)
{
	const struct ifw_model *m = d->m;
	for (size_t n = 0; n < m->netns.n; n++) {
		bool any = false;
		for (size_t i = 0; i < m->ifaces.n && !any; i++)
			any = d->iface_on[i] && m->ifaces.v[i].ns == n;
		if (!any)
			continue;
		ifw_sb_printf(d->b, "  subgraph \"cluster_ns_%zu\" {\n    id=\"ns_%zu\";\n", n, n);
		ifw_sb_printf(d->b, "    style=\"rounded,filled\"; fillcolor=\"%s\"; label=\"",
		              m->netns.v[n].is_host ? "#f0f4f8" : "#f7f7f7");
		ns_label(d, n);
		ifw_sb_puts(d->b, "\";\n");
		for (size_t i = 0; i < m->ifaces.n; i++)
			if (d->iface_on[i] && m->ifaces.v[i].ns == n)
				iface_node(d, (ifw_id)i);
		for (size_t p = 0; p < m->procs.n; p++)
			if (d->proc_on[p] && m->procs.v[p].ns == n)
				proc_node(d, (ifw_id)p);
		ifw_sb_puts(d->b, "  }\n");
	}
	/* Processes whose namespace is not among the drawn ones. */
	for (size_t p = 0; p < m->procs.n; p++) {
		ifw_id ns = m->procs.v[p].ns;
		bool placed = false;
		for (size_t i = 0; ns != IFW_NOID && i < m->ifaces.n && !placed; i++)
			placed = d->iface_on[i] && m->ifaces.v[i].ns == ns;
		if (d->proc_on[p] && !placed)
			proc_node(d, (ifw_id)p);
	}
}

/* Structure: veth pairs (once), ports of a bridge or bond, devices stacked on another. */
static void link_edges(struct dot *d, ifw_id id)
{
	const struct ifw_model *m = d->m;
	const struct ifw_iface *f = &m->ifaces.v[id];
	bool veth = f->kind && strcmp(f->kind, "veth") == 0;
	if (f->link != IFW_NOID && d->iface_on[f->link]) {
		const struct ifw_iface *peer = &m->ifaces.v[f->link];
		if (veth && (id < f->link || peer->link != id))
			ifw_sb_printf(d->b,
			              "  \"if_%u\" -> \"if_%u\" [dir=none, color=\"#1f78b4\", "
			              "penwidth=2, label=\"veth pair\"];\n",
			              id, f->link);
		else if (!veth)
			ifw_sb_printf(d->b,
			              "  \"if_%u\" -> \"if_%u\" [color=\"#6a3d9a\", style=bold, "
			              "label=\"on top of\"];\n",
			              id, f->link);
	}
	if (f->master != IFW_NOID && d->iface_on[f->master]) {
		ifw_sb_printf(d->b, "  \"if_%u\" -> \"if_%u\" [color=\"#33a02c\", label=\"", id,
		              f->master);
		ifw_esc_dot(d->b, f->slave_kind ? f->slave_kind : "master");
		ifw_sb_puts(d->b, " port\"];\n");
	}
	int32_t under = f->info.vx_link ? f->info.vx_link : f->info.tnl_link;
	ifw_id u = under > 0 ? ifw_model_iface_by_index(m, f->ns, under) : IFW_NOID;
	if (u != IFW_NOID && u != f->link && d->iface_on[u])
		ifw_sb_printf(d->b,
		              "  \"if_%u\" -> \"if_%u\" [color=\"#6a3d9a\", style=bold, "
		              "label=\"underlay\"];\n",
		              id, u);
}

/* Who holds it (or may: a tun of that name whose namespace is not confirmed), who lives behind
 * it, where its tunnel leads. */
static void owner_edges(struct dot *d, ifw_id id)
{
	const struct ifw_iface_analysis *ia = &d->a->ifaces[id];
	/* one edge per process: one that holds its tun through 100 000 fds drew as many parallel
	 * edges, and Graphviz laid them out for 12 minutes */
	struct ifw_idmap drawn;
	ifw_idmap_init(&drawn);
	for (size_t i = 0; i < ia->holders.n; i++) {
		const struct ifw_holder *h = &ia->holders.v[i];
		if (h->proc == IFW_NOID || !d->proc_on[h->proc] ||
		    ifw_idmap_get(&drawn, h->proc) != IFW_NOID ||
		    ifw_idmap_put(&drawn, h->proc, 1) < 0)
			continue;
		ifw_sb_printf(d->b, "  \"proc_%u\" -> \"if_%u\" [color=\"#b15928\", %slabel=\"",
		              h->proc, id, h->confirmed ? "" : "style=dashed, ");
		ifw_esc_dot(d->b, h->how ? h->how : "holds");
		ifw_sb_puts(d->b, "\"];\n");
	}
	for (size_t i = 0; i < ia->unconfirmed.n; i++) {
		const struct ifw_holder *h = &ia->unconfirmed.v[i];
		uint64_t key = (uint64_t)h->proc | 1ull << 32; /* apart from the holders' */
		if (h->proc == IFW_NOID || !d->proc_on[h->proc] ||
		    ifw_idmap_get(&drawn, key) != IFW_NOID || ifw_idmap_put(&drawn, key, 1) < 0)
			continue;
		ifw_sb_printf(d->b,
		              "  \"proc_%u\" -> \"if_%u\" [color=\"#b15928\", style=dotted, "
		              "label=\"perhaps: ",
		              h->proc, id);
		ifw_esc_dot(d->b, h->how ? h->how : "holds a tun of that name");
		ifw_sb_puts(d->b, "\"];\n");
	}
	ifw_idmap_free(&drawn);
	for (size_t i = 0; i < ia->behind.n && i < 3; i++)
		if (d->proc_on[ia->behind.v[i]])
			ifw_sb_printf(
			    d->b,
			    "  \"if_%u\" -> \"proc_%u\" [style=dotted, color=\"#777777\", "
			    "label=\"lives behind\"];\n",
			    id, ia->behind.v[i]);
	for (size_t i = 0; i < ia->peers.n; i++) {
		const struct ifw_peer *p = &ia->peers.v[i];
		char ip[IFW_IP_STRLEN];
		if (d->peers_drawn >= d->n_peers)
			break; /* the cap (mark) */
		d->peers_drawn++;
		ifw_ip_str(&p->ip, ip);
		ifw_sb_printf(d->b,
		              "  \"peer_%s\" [id=\"peer_%s\", shape=box, style=\"dashed\", "
		              "label=\"far end %s",
		              ip, ip, ip);
		if (p->port)
			ifw_sb_printf(d->b, ":%u", p->port);
		if (p->name) {
			ifw_sb_puts(d->b, "\\n");
			ifw_esc_dot(d->b, p->name);
		}
		if (p->owner) {
			ifw_sb_puts(d->b, "\\n");
			wrapped(d->b, p->owner, 36);
		}
		ifw_sb_printf(d->b,
		              "\"];\n  \"if_%u\" -> \"peer_%s\" [color=\"#e31a1c\", "
		              "style=dashed, label=\"",
		              id, ip);
		ifw_esc_dot(d->b, p->via ? p->via : "tunnel");
		ifw_sb_puts(d->b, "\"];\n");
	}
}

static void mark_proc(struct dot *d, ifw_id p)
{
	if (p == IFW_NOID || d->proc_on[p])
		return;
	if (d->n_ifaces + d->n_procs + d->n_peers >= DOT_MAX_NODES) {
		d->left_procs++;
		return;
	}
	d->proc_on[p] = true;
	d->n_procs++;
}

static void mark(struct dot *d, const struct ifw_report_opts *o)
{
	const struct ifw_model *m = d->m;
	for (size_t i = 0; i < m->ifaces.n; i++)
		d->iface_on[i] = !o || !o->only;
	for (size_t k = 0; o && o->only && k < o->n_only; k++)
		d->iface_on[o->only[k]] = true;
	for (size_t i = 0; i < m->ifaces.n; i++) {
		if (!d->iface_on[i])
			continue;
		if (d->n_ifaces + d->n_procs + d->n_peers >= DOT_MAX_NODES) {
			d->iface_on[i] = false;
			d->left_ifaces++;
			continue;
		}
		d->n_ifaces++;
		const struct ifw_iface_analysis *ia = &d->a->ifaces[i];
		for (size_t k = 0; k < ia->holders.n; k++)
			mark_proc(d, ia->holders.v[k].proc);
		for (size_t k = 0; k < ia->unconfirmed.n; k++)
			mark_proc(d, ia->unconfirmed.v[k].proc);
		for (size_t k = 0; k < ia->behind.n && k < 3; k++)
			mark_proc(d, ia->behind.v[k]);
		size_t room = DOT_MAX_NODES - (d->n_ifaces + d->n_procs + d->n_peers);
		size_t take = ia->peers.n < room ? ia->peers.n : room;
		d->n_peers += take;
		d->left_peers += ia->peers.n - take;
	}
}

/* What the cap left out, for the picture's caption. */
static void left_out(struct dot *d, struct ifw_strbuf *b)
{
	if (!d->left_ifaces && !d->left_procs && !d->left_peers)
		return;
	ifw_sb_printf(b, "\\ntoo big to draw whole, left out:");
	if (d->left_ifaces)
		ifw_sb_printf(b, " %zu interfaces", d->left_ifaces);
	if (d->left_procs)
		ifw_sb_printf(b, " %zu processes", d->left_procs);
	if (d->left_peers)
		ifw_sb_printf(b, " %zu far ends", d->left_peers);
	ifw_sb_puts(b, " (name interfaces, or pick with --netns, --kind or --unexplained)");
}

void ifw_dot_build(struct ifw_strbuf *b, const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_report_opts *o)
{
	struct dot d = {.b = b, .m = m, .a = a};
	d.iface_on = calloc(m->ifaces.n + 1, sizeof(bool));
	d.proc_on = calloc(m->procs.n + 1, sizeof(bool));
	if (!d.iface_on || !d.proc_on) {
		b->oom = 1;
		goto out;
	}
	mark(&d, o);
	ifw_sb_puts(b, "digraph ifwho {\n  graph [rankdir=LR, fontname=\"DejaVu Sans\", "
	               "fontsize=12, labelloc=b, label=\"");
	ifw_sb_puts(b, "ifwho");
	if (m->hostname) {
		ifw_sb_puts(b, ": ");
		ifw_esc_dot(b, m->hostname);
	}
	ifw_sb_puts(b, "\\nfill: green certain, blue likely, yellow possible, orange weak, grey "
	               "unknown");
	left_out(&d, b);
	ifw_sb_puts(b, "\"];\n"
	               "  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", "
	               "fontsize=11];\n"
	               "  edge [fontname=\"DejaVu Sans\", fontsize=9];\n");
	clusters(&d);
	for (size_t i = 0; i < m->ifaces.n; i++) {
		if (!d.iface_on[i])
			continue;
		link_edges(&d, (ifw_id)i);
		owner_edges(&d, (ifw_id)i);
	}
	ifw_sb_puts(b, "}\n");
out:
	free(d.iface_on);
	free(d.proc_on);
}

int ifw_report_dot(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_report_opts *o, struct ifw_err *err)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_dot_build(&b, m, a, o);
	int rc = 0;
	if (b.oom)
		rc = ifw_fail(err, IFW_E_NOMEM, "out of memory building the graph");
	else if (fputs(ifw_sb_str(&b), out) < 0)
		rc = ifw_fail(err, IFW_E_SYS, "could not write the graph");
	ifw_sb_free(&b);
	return rc;
}
