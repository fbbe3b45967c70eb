/* SVG through Graphviz's library: the DOT text is laid out with "dot" and rendered in memory,
 * so no external program runs. */
#include "report/picture.h"

#include "ifw_config.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <string.h>

/* Graphviz reports problems through a global callback; the last one is kept for the error. */
static char gv_msg[200];

static int keep_message(char *msg)
{
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	if (n >= sizeof(gv_msg))
		n = sizeof(gv_msg) - 1;
	memcpy(gv_msg, msg, n);
	gv_msg[n] = '\0';
	return 0;
}

int ifw_svg_render(const char *dot, struct ifw_strbuf *svg, struct ifw_err *err)
{
	gv_msg[0] = '\0';
	agusererrf old = agseterrf(keep_message);
	GVC_t *gvc = gvContext();
	Agraph_t *g = NULL;
	char *data = NULL;
#if IFW_GVC_LEN_SIZE_T
	size_t len = 0;
#else
	unsigned int len = 0;
#endif
	int rc = -1;
	if (!gvc) {
		ifw_fail(err, IFW_E_SYS, "Graphviz could not start");
		goto out;
	}
	g = agmemread(dot);
	if (!g) {
		ifw_fail(err, IFW_E_PARSE, "Graphviz could not read the graph: %s", gv_msg);
		goto out;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		ifw_fail(err, IFW_E_SYS, "Graphviz layout failed: %s",
		         gv_msg[0] ? gv_msg : "is the dot layout plugin installed?");
		goto out;
	}
	if (gvRenderData(gvc, g, "svg", &data, &len) != 0 || !data) {
		ifw_fail(err, IFW_E_SYS, "Graphviz could not render SVG: %s",
		         gv_msg[0] ? gv_msg : "is the core plugin installed?");
		goto out;
	}
	ifw_sb_add(svg, data, len);
	gvFreeRenderData(data);
	/* No gvFreeLayout: Graphviz 2.43's dot_cleanup frees a block twice on large graphs with
	 * labelled edges inside one rank (valgrind, 1500 veth pairs). ifwho lays out one graph
	 * per run, so the layout's memory goes with the process; agclose frees the graph. */
	rc = svg->oom ? ifw_fail(err, IFW_E_NOMEM, "out of memory rendering SVG") : 0;
out:
	if (g)
		agclose(g);
	if (gvc)
		gvFreeContext(gvc);
	agseterrf(old);
	return rc;
}

int ifw_report_svg(FILE *out, const struct ifw_model *m, const struct ifw_analysis *a,
                   const struct ifw_report_opts *o, struct ifw_err *err)
{
	struct ifw_strbuf dot, svg;
	ifw_sb_init(&dot);
	ifw_sb_init(&svg);
	ifw_dot_build(&dot, m, a, o);
	int rc = dot.oom ? ifw_fail(err, IFW_E_NOMEM, "out of memory building the graph")
	                 : ifw_svg_render(ifw_sb_str(&dot), &svg, err);
	if (rc == 0 && fwrite(ifw_sb_str(&svg), 1, svg.len, out) != svg.len)
		rc = ifw_fail(err, IFW_E_SYS, "could not write the picture");
	ifw_sb_free(&dot);
	ifw_sb_free(&svg);
	return rc;
}
