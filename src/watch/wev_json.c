#include "watch/wev_json.h"

#include "util/sanitize.h"

#include <stdlib.h>
#include <string.h>

/* Host strings may hold any bytes: repaired to valid UTF-8 (jansson escapes the rest). */
static json_t *jstr(const char *s)
{
	char buf[1100];
	ifw_utf8_repair(s, strlen(s), buf, sizeof(buf));
	return json_string(buf);
}

static json_t *jstr_or_null(const char *s)
{
	return s && s[0] ? jstr(s) : json_null();
}

static json_t *proc_json(const struct ifw_proc_brief *b)
{
	json_t *o = json_object();
	json_object_set_new(o, "pid", json_integer(b->pid));
	json_object_set_new(o, "ppid", json_integer(b->ppid));
	json_object_set_new(o, "uid", json_integer(b->uid));
	json_object_set_new(o, "comm", jstr(b->comm));
	json_object_set_new(o, "exe", jstr_or_null(b->exe));
	json_object_set_new(o, "cmdline", jstr_or_null(b->cmdline));
	json_object_set_new(o, "netns_inode",
	                    b->netns ? json_integer((json_int_t)b->netns) : json_null());
	json_object_set_new(o, "exited", json_boolean(b->exited));
	return o;
}

json_t *ifw_creator_json(const struct ifw_creator *c)
{
	json_t *o = proc_json(&c->p);
	json_object_set_new(o, "cgroup", jstr_or_null(c->p.cgroup));
	json_object_set_new(o, "unit", jstr_or_null(c->unit));
	json_object_set_new(o, "container", jstr_or_null(c->container));
	json_object_set_new(o, "confidence", json_string(c->confidence ? c->confidence : "?"));
	json_object_set_new(o, "method", json_string(c->method ? c->method : "?"));
	json_t *chain = json_array();
	for (size_t i = 0; i < c->n_chain; i++)
		json_array_append_new(chain, proc_json(&c->chain[i]));
	json_object_set_new(o, "parents", chain);
	return o;
}

json_t *ifw_wev_json(const struct ifw_wev *ev)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	char when[40];
	ifw_format_time(ev->time_ns, when, sizeof(when));
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "event", json_string(ifw_wev_type_name(ev->type)));
	if (ev->type == IFW_WEV_GAP) {
		json_object_set_new(o, "note", jstr(ev->note));
		return o;
	}
	json_object_set_new(o, "netns", jstr(ev->netns));
	json_object_set_new(o, "netns_inode", json_integer((json_int_t)ev->netns_inode));
	json_object_set_new(o, "ifindex", json_integer(ev->ifindex));
	json_object_set_new(o, "name", jstr(ev->name));
	json_object_set_new(o, "kind", jstr_or_null(ev->kind));
	if (ev->type == IFW_WEV_RENAMED)
		json_object_set_new(o, "old_name", jstr(ev->old_name));
	if (ev->type == IFW_WEV_MOVED)
		json_object_set_new(o, "to_netns", jstr(ev->to_netns));
	if (ev->type == IFW_WEV_ADDR_ADDED || ev->type == IFW_WEV_ADDR_REMOVED)
		json_object_set_new(o, "address", jstr(ev->addr));
	json_object_set_new(o, "creator",
	                    ev->has_creator ? ifw_creator_json(&ev->creator) : json_null());
	json_object_set_new(o, "note", jstr_or_null(ev->note));
	if (ev->latency_ms >= 0)
		json_object_set_new(o, "latency_ms", json_real(ev->latency_ms));
	return o;
}
