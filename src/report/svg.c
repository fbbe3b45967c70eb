/* SVG through Graphviz's library: the DOT text is laid out with "dot" and rendered in memory,
 * so no external program runs. The layout runs in a forked child that hands the SVG back
 * through a pipe: Graphviz 2.43 keeps process-wide state across layouts (a text-size cache
 * whose font name it frees; ASan saw the second layout of one process read it), and a crash
 * in its code must not take the report with it. */
#include "report/picture.h"

#include "ifw_config.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

static int render_here(const char *dot, struct ifw_strbuf *svg, struct ifw_err *err)
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

/* The child's exit status for an error code: 0 is success, so codes are offset. */
#define EXIT_BASE 16

int ifw_svg_render(const char *dot, struct ifw_strbuf *svg, struct ifw_err *err)
{
	int fds[2];
	if (pipe(fds) < 0)
		return ifw_fail_errno(err, errno, "pipe for Graphviz");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		return ifw_fail_errno(err, e, "fork for Graphviz");
	}
	if (pid == 0) {
		close(fds[0]);
		struct ifw_strbuf out;
		ifw_sb_init(&out);
		struct ifw_err e = {0};
		int code = 0;
		if (render_here(dot, &out, &e) < 0) {
			code = EXIT_BASE + (int)e.code;
			ifw_sb_reset(&out);
			ifw_sb_puts(&out, e.msg);
		}
		const char *p = ifw_sb_str(&out);
		size_t left = out.len;
		while (left) {
			ssize_t w = write(fds[1], p, left);
			if (w <= 0)
				_exit(EXIT_BASE + IFW_E_SYS);
			p += w;
			left -= (size_t)w;
		}
		_exit(code); /* no atexit work: the parent owns everything else */
	}
	close(fds[1]);
	struct ifw_strbuf got;
	ifw_sb_init(&got);
	char buf[65536];
	for (;;) {
		ssize_t r = read(fds[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ifw_sb_add(&got, buf, (size_t)r);
	}
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		ifw_sb_add(svg, ifw_sb_str(&got), got.len);
		if (svg->oom || got.oom)
			rc = ifw_fail(err, IFW_E_NOMEM, "out of memory rendering SVG");
	} else if (WIFEXITED(status) && WEXITSTATUS(status) >= EXIT_BASE) {
		rc = ifw_fail(err, (enum ifw_errcode)(WEXITSTATUS(status) - EXIT_BASE), "%s",
		              ifw_sb_str(&got));
	} else {
		rc = ifw_fail(err, IFW_E_SYS, "Graphviz ended abnormally (%s %d)",
		              WIFSIGNALED(status) ? "signal" : "status",
		              WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}
	ifw_sb_free(&got);
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
