#include "collect/linux/vici_msg.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ifw_vici_walk(const uint8_t *msg, size_t len, ifw_vici_cb cb, void *ctx)
{
	struct ifw_vici_item it;
	memset(&it, 0, sizeof(it));
	size_t p = 0;
	bool list = false;
	const char *list_name = NULL;
	uint8_t list_len = 0;
	while (p < len) {
		uint8_t type = msg[p++];
		const char *name = NULL;
		uint8_t nlen = 0;
		if (type == IFW_VICI_SECTION_START || type == IFW_VICI_KEY_VALUE ||
		    type == IFW_VICI_LIST_START) {
			if (p >= len)
				return -1;
			nlen = msg[p++];
			if (len - p < nlen)
				return -1;
			name = (const char *)msg + p;
			p += nlen;
		}
		const char *val = NULL;
		uint16_t vlen = 0;
		if (type == IFW_VICI_KEY_VALUE || type == IFW_VICI_LIST_ITEM) {
			if (len - p < 2)
				return -1;
			vlen = (uint16_t)(msg[p] << 8 | msg[p + 1]);
			p += 2;
			if (len - p < vlen)
				return -1;
			val = (const char *)msg + p;
			p += vlen;
		}
		switch (type) {
		case IFW_VICI_SECTION_START:
			if (list || it.depth == IFW_VICI_MAX_DEPTH)
				return -1;
			it.sections[it.depth] = name;
			it.section_len[it.depth++] = nlen;
			break;
		case IFW_VICI_SECTION_END:
			if (list || it.depth == 0)
				return -1;
			it.depth--;
			break;
		case IFW_VICI_KEY_VALUE:
			if (list)
				return -1;
			it.key = name;
			it.key_len = nlen;
			it.value = val;
			it.value_len = vlen;
			it.in_list = 0;
			if (cb(&it, ctx))
				return 0;
			break;
		case IFW_VICI_LIST_START:
			if (list)
				return -1;
			list = true;
			list_name = name;
			list_len = nlen;
			break;
		case IFW_VICI_LIST_ITEM:
			if (!list)
				return -1;
			it.key = list_name;
			it.key_len = list_len;
			it.value = val;
			it.value_len = vlen;
			it.in_list = 1;
			if (cb(&it, ctx))
				return 0;
			break;
		case IFW_VICI_LIST_END:
			if (!list)
				return -1;
			list = false;
			break;
		default:
			return -1;
		}
	}
	return list || it.depth ? -1 : 0;
}

/* Collects one list-sa message: the IKE SA sections are at depth 1 (root > name), their child
 * SAs at depth 3 (root > name > child-sas > child). */
struct sa_parse {
	struct ifw_model *m;
	ifw_id proc;
	const char *origin;
	ifw_id cur; /* SA being filled */
	const char *cur_name;
	uint8_t cur_name_len;
	int added, oom;
};

static bool is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static char *dup(struct sa_parse *p, const char *s, size_t n)
{
	char *r = ifw_model_strndup(p->m, s, n);
	if (!r)
		p->oom = 1;
	return r;
}

static uint64_t num(const char *s, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9' && v < UINT64_MAX / 10; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

static void add_str(struct sa_parse *p, const char ***arr, size_t *n, const char *s, size_t len)
{
	if (*n >= 64)
		return;
	const char **na = ifw_arena_alloc(&p->m->arena, (*n + 1) * sizeof(**arr));
	char *v = dup(p, s, len);
	if (!na || !v) {
		p->oom = 1;
		return;
	}
	if (*n)
		memcpy(na, *arr, *n * sizeof(**arr));
	na[(*n)++] = v;
	*arr = na;
}

static struct ifw_tunnel_sa *current(struct sa_parse *p, const struct ifw_vici_item *it)
{
	if (p->cur != IFW_NOID && p->cur_name_len == it->section_len[0] &&
	    memcmp(p->cur_name, it->sections[0], it->section_len[0]) == 0)
		return &p->m->sas.v[p->cur];
	struct ifw_tunnel_sa *sa = ifw_model_add_sa(p->m);
	if (!sa) {
		p->oom = 1;
		return NULL;
	}
	p->cur = (ifw_id)(p->m->sas.n - 1);
	p->cur_name = it->sections[0];
	p->cur_name_len = it->section_len[0];
	sa->proc = p->proc;
	sa->daemon = "strongSwan";
	sa->source = "vici";
	sa->proto = IFW_P_UDP;
	sa->name = dup(p, it->sections[0], it->section_len[0]);
	sa->origin.src = p->origin;
	p->added++;
	return sa;
}

static void ike_key(struct sa_parse *p, struct ifw_tunnel_sa *sa, const struct ifw_vici_item *it)
{
	const char *k = it->key, *v = it->value;
	size_t kn = it->key_len, vn = it->value_len;
	if (it->in_list) {
		if (is(k, kn, "local-vips"))
			add_str(p, &sa->vips, &sa->n_vips, v, vn);
		else if (is(k, kn, "remote-vips"))
			add_str(p, &sa->remote_vips, &sa->n_remote_vips, v, vn);
		return;
	}
	if (is(k, kn, "state"))
		sa->state = dup(p, v, vn);
	else if (is(k, kn, "version"))
		sa->version = is(v, vn, "1") ? "IKEv1" : is(v, vn, "2") ? "IKEv2" : dup(p, v, vn);
	else if (is(k, kn, "local-host"))
		ifw_ip_parsen(v, vn, &sa->local);
	else if (is(k, kn, "remote-host"))
		ifw_ip_parsen(v, vn, &sa->remote);
	else if (is(k, kn, "local-port"))
		sa->lport = (uint16_t)num(v, vn);
	else if (is(k, kn, "remote-port"))
		sa->rport = (uint16_t)num(v, vn);
	else if (is(k, kn, "local-id"))
		sa->local_id = dup(p, v, vn);
	else if (is(k, kn, "remote-id"))
		sa->remote_id = dup(p, v, vn);
	else if (is(k, kn, "initiator"))
		sa->initiator = is(v, vn, "yes");
	else if (is(k, kn, "initiator-spi"))
		sa->spi_i = dup(p, v, vn);
	else if (is(k, kn, "responder-spi"))
		sa->spi_r = dup(p, v, vn);
	else if (is(k, kn, "nat-local"))
		sa->nat_local = is(v, vn, "yes");
	else if (is(k, kn, "nat-remote"))
		sa->nat_remote = is(v, vn, "yes");
	else if (is(k, kn, "nat-any"))
		sa->nat_any = is(v, vn, "yes");
	else if (is(k, kn, "established"))
		sa->established_secs = num(v, vn);
}

static void child_key(struct sa_parse *p, struct ifw_tunnel_sa *sa, const struct ifw_vici_item *it)
{
	const char *k = it->key, *v = it->value;
	size_t kn = it->key_len, vn = it->value_len;
	if (it->in_list) {
		if (is(k, kn, "local-ts"))
			add_str(p, &sa->local_ts, &sa->n_local_ts, v, vn);
		else if (is(k, kn, "remote-ts"))
			add_str(p, &sa->remote_ts, &sa->n_remote_ts, v, vn);
		return;
	}
	if (is(k, kn, "encap"))
		sa->encap |= is(v, vn, "yes");
	else if (is(k, kn, "bytes-in"))
		sa->bytes_in += num(v, vn);
	else if (is(k, kn, "bytes-out"))
		sa->bytes_out += num(v, vn);
	else if (is(k, kn, "packets-in"))
		sa->packets_in += num(v, vn);
	else if (is(k, kn, "packets-out"))
		sa->packets_out += num(v, vn);
}

static int sa_cb(const struct ifw_vici_item *it, void *ctx)
{
	struct sa_parse *p = ctx;
	if (it->depth == 0)
		return 0;
	struct ifw_tunnel_sa *sa = current(p, it);
	if (!sa)
		return 1;
	if (it->depth == 1)
		ike_key(p, sa, it);
	else if (it->depth == 3 && is(it->sections[1], it->section_len[1], "child-sas"))
		child_key(p, sa, it);
	return p->oom;
}

int ifw_vici_parse_list_sa(struct ifw_model *m, ifw_id proc, const uint8_t *msg, size_t len,
                           const char *origin)
{
	struct sa_parse p = {.m = m, .proc = proc, .origin = origin, .cur = IFW_NOID};
	int r = ifw_vici_walk(msg, len, sa_cb, &p);
	if (p.oom || r < 0)
		return -1;
	return p.added;
}
