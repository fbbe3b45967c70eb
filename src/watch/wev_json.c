#include "watch/wev_json.h"

#include <stdio.h>
#include <stdlib.h>

/* Host strings may hold any bytes: the writer repairs invalid UTF-8 and escapes the rest. */
static void str_or_null(struct ifw_jw *w, const char *name, const char *s)
{
	ifw_jw_string_field(w, name, s && s[0] ? s : NULL);
}

static void proc_fields(struct ifw_jw *w, const struct ifw_proc_brief *b)
{
	ifw_jw_int_field(w, "pid", b->pid);
	ifw_jw_int_field(w, "ppid", b->ppid);
	ifw_jw_uint_field(w, "uid", b->uid);
	ifw_jw_string_field(w, "comm", b->comm);
	str_or_null(w, "exe", b->exe);
	str_or_null(w, "cmdline", b->cmdline);
	ifw_jw_uint_field_or_null(w, "netns_inode", b->netns != 0, b->netns);
	ifw_jw_bool_field(w, "exited", b->exited);
}

void ifw_creator_write_json(struct ifw_jw *w, const struct ifw_creator *c)
{
	ifw_jw_start_object(w);
	proc_fields(w, &c->p);
	str_or_null(w, "cgroup", c->p.cgroup);
	str_or_null(w, "unit", c->unit);
	str_or_null(w, "container", c->container);
	ifw_jw_string_field(w, "confidence", c->confidence ? c->confidence : "?");
	ifw_jw_string_field(w, "method", c->method ? c->method : "?");
	ifw_jw_array_field(w, "parents");
	for (size_t i = 0; i < c->n_chain; i++) {
		ifw_jw_start_object(w);
		proc_fields(w, &c->chain[i]);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
	ifw_jw_end_object(w);
}

char *ifw_creator_json_text(const struct ifw_creator *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	struct ifw_jw w;
	ifw_jw_init(&w, f, IFW_JW_COMPACT);
	ifw_creator_write_json(&w, c);
	bool ok = ifw_jw_finish(&w) == 0;
	if (fclose(f) != 0 || !ok) {
		free(buf);
		return NULL;
	}
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0'; /* finish ends the document with a newline */
	return buf;
}

void ifw_wev_write_json(struct ifw_jw *w, const struct ifw_wev *ev)
{
	char when[40];
	ifw_format_time(ev->time_ns, when, sizeof(when));
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "time", when);
	ifw_jw_string_field(w, "event", ifw_wev_type_name(ev->type));
	if (ev->type == IFW_WEV_GAP) {
		ifw_jw_string_field(w, "note", ev->note);
		ifw_jw_end_object(w);
		return;
	}
	ifw_jw_string_field(w, "netns", ev->netns);
	ifw_jw_uint_field(w, "netns_inode", ev->netns_inode);
	ifw_jw_int_field(w, "ifindex", ev->ifindex);
	ifw_jw_string_field(w, "name", ev->name);
	str_or_null(w, "kind", ev->kind);
	if (ev->type == IFW_WEV_RENAMED)
		ifw_jw_string_field(w, "old_name", ev->old_name);
	if (ev->type == IFW_WEV_MOVED)
		ifw_jw_string_field(w, "to_netns", ev->to_netns);
	if (ev->type == IFW_WEV_ADDR_ADDED || ev->type == IFW_WEV_ADDR_REMOVED)
		ifw_jw_string_field(w, "address", ev->addr);
	ifw_jw_name(w, "creator");
	if (ev->has_creator)
		ifw_creator_write_json(w, &ev->creator);
	else
		ifw_jw_null(w);
	str_or_null(w, "note", ev->note);
	if (ev->latency_ms >= 0)
		ifw_jw_double_field(w, "latency_ms", ev->latency_ms);
	ifw_jw_end_object(w);
}
