/* Events as journald-friendly text lines (one per event, host strings sanitized) and as JSON
 * lines for log shippers. */
#include "watch/watch.h"
#include "watch/wev_json.h"

#include "util/sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *ifw_wev_type_name(enum ifw_wev_type t)
{
	static const char *const names[] = {"created",      "appeared", "renamed",
	                                    "moved",        "deleted",  "addr-added",
	                                    "addr-removed", "gap",      "creator-exited"};
	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

static const char *clean(const char *s, char *buf, size_t len)
{
	ifw_sanitize(s, strlen(s), buf, len);
	return buf;
}

static size_t proc_words(const struct ifw_proc_brief *b, char *out, size_t len)
{
	char s1[1100];
	const char *who = b->exe[0] ? b->exe : b->comm;
	return (size_t)snprintf(out, len, "%s (pid %d%s)", clean(who, s1, sizeof(s1)), b->pid,
	                        b->exited ? ", exited" : "");
}

void ifw_creator_line(const struct ifw_creator *c, char *out, size_t len)
{
	size_t n = proc_words(&c->p, out, len);
	for (size_t i = 0; i < c->n_chain && n < len; i++) {
		n += (size_t)snprintf(out + n, len - n, " \u2190 ");
		if (n < len) {
			/* parents by name: the chain is long enough without paths */
			char s[64];
			n += (size_t)snprintf(out + n, len - n, "%s (pid %d)",
			                      clean(c->chain[i].comm, s, sizeof(s)),
			                      c->chain[i].pid);
		}
	}
	char s2[300];
	if (c->unit[0] && n < len)
		n +=
		    (size_t)snprintf(out + n, len - n, ", unit %s", clean(c->unit, s2, sizeof(s2)));
	if (c->container[0] && n < len)
		snprintf(out + n, len - n, ", container %s", clean(c->container, s2, sizeof(s2)));
}

void ifw_wev_print_text(FILE *f, const struct ifw_wev *ev)
{
	char when[40], ns[200], name[80], old[80], kind[100], to[200], note[800];
	ifw_format_time(ev->time_ns, when, sizeof(when));
	clean(ev->netns, ns, sizeof(ns));
	clean(ev->name, name, sizeof(name));
	clean(ev->kind, kind, sizeof(kind));
	clean(ev->note, note, sizeof(note)); /* may hold a creator's name (creator-exited) */
	fprintf(f, "%s %s", when, ifw_wev_type_name(ev->type));
	switch (ev->type) {
	case IFW_WEV_GAP:
		fprintf(f, " %s", note);
		break;
	case IFW_WEV_ADDR_ADDED:
	case IFW_WEV_ADDR_REMOVED:
		fprintf(f, " %s on %s (ifindex %d) in %s", ev->addr, name, ev->ifindex, ns);
		break;
	default:
		fprintf(f, " %s", name);
		if (kind[0])
			fprintf(f, " (%s)", kind);
		fprintf(f, " ifindex %d in %s", ev->ifindex, ns);
		if (ev->type == IFW_WEV_RENAMED)
			fprintf(f, " from %s", clean(ev->old_name, old, sizeof(old)));
		if (ev->type == IFW_WEV_MOVED)
			fprintf(f, " to %s", clean(ev->to_netns, to, sizeof(to)));
	}
	if (ev->has_creator) {
		char line[2048], cmd[1200];
		ifw_creator_line(&ev->creator, line, sizeof(line));
		fprintf(f, " by %s", line);
		if (ev->creator.p.cmdline[0])
			fprintf(f, ": \"%s\"", clean(ev->creator.p.cmdline, cmd, sizeof(cmd)));
		fprintf(f, " [%s, %s]", ev->creator.confidence, ev->creator.method);
	}
	if (ev->note[0] && ev->type != IFW_WEV_GAP)
		fprintf(f, " (%s)", note);
	fputc('\n', f);
	fflush(f);
}

void ifw_wev_print_json(FILE *f, const struct ifw_wev *ev)
{
	struct ifw_jw w;
	ifw_jw_init(&w, f, IFW_JW_COMPACT);
	ifw_wev_write_json(&w, ev);
	ifw_jw_finish(&w); /* one line, flushed: a shipper sees each event at once */
}
