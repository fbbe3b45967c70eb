/* Parsers of Tailscale's and ZeroTier's local API answers; see mesh_parse.h. */
#include "collect/linux/mesh_parse.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MESH_MAX_ANSWER (16u << 20) /* larger than any conversation may read */
#define MESH_MAX_STR    253         /* a DNS name; longer strings are cut */
#define MESH_MAX_ADDRS  16          /* addresses kept per node */

static json_t *load(const char *json, size_t n, struct ifw_err *err)
{
	if (n > MESH_MAX_ANSWER) {
		ifw_fail(err, IFW_E_LIMIT, "larger than %u bytes", MESH_MAX_ANSWER);
		return NULL;
	}
	json_error_t je;
	/* Depth is bounded by jansson itself (JSON_PARSER_MAX_DEPTH). */
	json_t *root = json_loadb(json, n, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		ifw_fail(err, IFW_E_PARSE, "not JSON: %s (line %d)", je.text, je.line);
	return root;
}

/* A string member, or NULL when absent, not a string or empty. */
static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	return s && s[0] ? s : NULL;
}

/* A copy in the model's arena, cut at MESH_MAX_STR (and at an embedded NUL); NULL for NULL.
 * *oom is set when the arena is full. */
static const char *keep(struct ifw_model *m, const char *s, int *oom)
{
	if (!s)
		return NULL;
	const char *c = ifw_model_strndup(m, s, strnlen(s, MESH_MAX_STR));
	if (!c)
		*oom = 1;
	return c;
}

/* The string members of a JSON array (at most MESH_MAX_ADDRS), copied into the arena. */
static const char **keep_strings(struct ifw_model *m, const json_t *a, size_t *n, int *oom)
{
	*n = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return NULL;
	size_t cap = json_array_size(a) < MESH_MAX_ADDRS ? json_array_size(a) : MESH_MAX_ADDRS;
	const char **v = ifw_arena_alloc(&m->arena, cap * sizeof(*v));
	if (!v) {
		*oom = 1;
		return NULL;
	}
	size_t i;
	const json_t *e;
	json_array_foreach(a, i, e)
	{
		if (*n == cap)
			break;
		const char *s = json_is_string(e) ? json_string_value(e) : NULL;
		if (s && s[0] && (v[*n] = keep(m, s, oom)))
			(*n)++;
	}
	return *n ? v : NULL;
}

/* "ip:port" (Go's netip.AddrPort: "[2001:db8::1]:41641" for IPv6) or, with slash, ZeroTier's
 * "ip/port". */
static bool addr_port(const char *s, char sep, struct ifw_ip *ip, uint16_t *port)
{
	if (!s)
		return false;
	const char *c = strrchr(s, sep);
	if (!c || c == s || !c[1] || strlen(c + 1) > 5)
		return false;
	unsigned long p = 0;
	for (const char *d = c + 1; *d; d++) {
		if (*d < '0' || *d > '9')
			return false;
		p = p * 10 + (unsigned long)(*d - '0');
	}
	if (p == 0 || p > 65535)
		return false;
	const char *h = s;
	size_t hl = (size_t)(c - s);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (ifw_ip_parsen(h, hl, ip) < 0)
		return false;
	*port = (uint16_t)p;
	return true;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int mo, int d)
{
	y -= mo <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t ifw_mesh_rfc3339(const char *s)
{
	int y, mo, d, h, mi, se;
	if (!s || strnlen(s, 20) < 20 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) || s[13] != ':' ||
	    !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
		return 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0; /* Go's zero time (year 1) is "never" */
	const char *z = s + 19;
	if (*z == '.')
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	int64_t off = 0;
	if (*z == 'Z' || *z == 'z') {
		z++;
	} else if (*z == '+' || *z == '-') {
		int oh, om;
		if (!digits(z + 1, 2, &oh) || z[3] != ':' || !digits(z + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return 0;
		off = (*z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		z += 6;
	} else {
		return 0;
	}
	if (*z)
		return 0;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
}

static uint64_t counter(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (uint64_t)json_integer_value(v)
	                                                       : 0;
}

static struct ifw_tunnel_sa *new_session(struct ifw_model *m, const struct ifw_mesh_target *t,
                                         const char *source, const char *version)
{
	struct ifw_tunnel_sa *sa = ifw_model_add_sa(m);
	if (!sa)
		return NULL;
	sa->proc = t->proc;
	sa->iface = t->iface;
	sa->ifname = t->ifname;
	sa->daemon = t->daemon;
	sa->source = source;
	sa->version = version;
	sa->proto = IFW_P_UDP;
	sa->origin.src = t->origin;
	return sa;
}

/* A DNS name without its final dot ("laptop.example.ts.net." -> "laptop.example.ts.net"). */
static const char *dns_name(struct ifw_model *m, const char *s, int *oom)
{
	if (!s)
		return NULL;
	size_t n = strnlen(s, MESH_MAX_STR + 1);
	if (n > 1 && s[n - 1] == '.')
		n--;
	const char *c = ifw_model_strndup(m, s, n > MESH_MAX_STR ? MESH_MAX_STR : n);
	if (!c)
		*oom = 1;
	return c;
}

/* How Tailscale reaches the peer: its CLI's words for the same fields. */
static const char *ts_path(struct ifw_model *m, const json_t *p, struct ifw_tunnel_sa *sa, int *oom)
{
	const json_t *online = json_object_get(p, "Online");
	if (json_is_false(online))
		return "offline";
	if (addr_port(str(p, "CurAddr"), ':', &sa->remote, &sa->rport))
		return "direct";
	if (str(p, "PeerRelay"))
		return "relayed (peer relay)";
	const char *relay = str(p, "Relay");
	if (relay) {
		char buf[64];
		snprintf(buf, sizeof(buf), "relayed (DERP %.40s)", relay);
		return keep(m, buf, oom);
	}
	return "idle";
}

int ifw_tailscale_parse_status(struct ifw_model *m, const struct ifw_mesh_target *t,
                               const char *json, size_t n, const char **tailnet, size_t *skipped,
                               struct ifw_err *err)
{
	if (tailnet)
		*tailnet = NULL;
	*skipped = 0;
	json_t *root = load(json, n, err);
	if (!root)
		return -1;
	size_t first = m->sas.n;
	int oom = 0;
	const json_t *self = json_object_get(root, "Self");
	const json_t *peers = json_object_get(root, "Peer");
	const json_t *cur = json_object_get(root, "CurrentTailnet");
	if (!json_is_object(root) || !str(root, "BackendState") ||
	    (self && !json_is_object(self) && !json_is_null(self)) ||
	    (peers && !json_is_object(peers) && !json_is_null(peers))) {
		json_decref(root);
		return ifw_fail(err, IFW_E_PARSE, "not a LocalAPI status (no BackendState)");
	}
	/* The tailnet's name; older daemons have only the legacy MagicDNSSuffix. */
	const char *net = json_is_object(cur) ? str(cur, "Name") : NULL;
	if (!net && json_is_object(cur))
		net = str(cur, "MagicDNSSuffix");
	if (!net)
		net = str(root, "MagicDNSSuffix");
	const char *name = keep(m, net, &oom);
	const char *self_name =
	    json_is_object(self) ? dns_name(m, str(self, "DNSName"), &oom) : NULL;
	if (!self_name && json_is_object(self))
		self_name = keep(m, str(self, "HostName"), &oom);
	size_t n_vips = 0;
	const char **vips = keep_strings(m, json_object_get(root, "TailscaleIPs"), &n_vips, &oom);
	const char *key;
	const json_t *p;
	if (json_is_object(peers))
		json_object_foreach((json_t *)peers, key, p)
		{
			if (oom)
				break;
			if (!json_is_object(p))
				continue;
			if (m->sas.n - first >= IFW_MESH_MAX_PEERS) {
				(*skipped)++;
				continue;
			}
			struct ifw_tunnel_sa *sa =
			    new_session(m, t, "tailscale localapi", "Tailscale");
			if (!sa) {
				oom = 1;
				break;
			}
			sa->name = name;
			sa->local_id = self_name;
			sa->vips = vips;
			sa->n_vips = n_vips;
			sa->remote_id = dns_name(m, str(p, "DNSName"), &oom);
			if (!sa->remote_id)
				sa->remote_id = keep(m, str(p, "HostName"), &oom);
			sa->remote_vips = keep_strings(m, json_object_get(p, "TailscaleIPs"),
			                               &sa->n_remote_vips, &oom);
			sa->state = ts_path(m, p, sa, &oom);
			sa->bytes_in = counter(p, "RxBytes");
			sa->bytes_out = counter(p, "TxBytes");
			sa->last_handshake = ifw_mesh_rfc3339(str(p, "LastHandshake"));
		}
	if (!oom && m->sas.n == first) {
		/* No peer: one session still says which tailnet, or why there is none. */
		const char *bs = str(root, "BackendState");
		struct ifw_tunnel_sa *sa = new_session(m, t, "tailscale localapi", "Tailscale");
		if (sa) {
			sa->name = name;
			sa->local_id = self_name;
			sa->vips = vips;
			sa->n_vips = n_vips;
			sa->state = strcmp(bs, "Running") == 0 ? "no peers" : keep(m, bs, &oom);
		}
		oom |= !sa || !sa->state;
	}
	json_decref(root);
	if (oom) {
		m->sas.n = first;
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	if (tailnet)
		*tailnet = name;
	return (int)(m->sas.n - first);
}

/* A copy into a fixed buffer; false when absent. */
static bool take(char *dst, size_t cap, const char *s)
{
	if (!s)
		return false;
	snprintf(dst, cap, "%s", s);
	return true;
}

static bool hex16(const char *s)
{
	if (!s || strlen(s) != 16)
		return false;
	for (size_t i = 0; i < 16; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int ifw_zerotier_parse_networks(struct ifw_model *m, const char *json, size_t n, const char *ifname,
                                struct ifw_zt_network *out, struct ifw_err *err)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(json, n, err);
	if (!root)
		return -1;
	if (!json_is_array(root)) {
		json_decref(root);
		return ifw_fail(err, IFW_E_PARSE, "not a list of networks");
	}
	int rc = 1;
	size_t i;
	const json_t *nw;
	json_array_foreach(root, i, nw)
	{
		const char *id = json_is_object(nw) ? str(nw, "id") : NULL;
		if (!hex16(id)) {
			rc = ifw_fail(err, IFW_E_PARSE, "a network without a 16-digit id");
			break;
		}
		const char *dev = str(nw, "portDeviceName");
		if (!dev || strcmp(dev, ifname) != 0)
			continue;
		take(out->id, sizeof(out->id), id);
		take(out->name, sizeof(out->name), str(nw, "name"));
		take(out->status, sizeof(out->status), str(nw, "status"));
		int oom = 0;
		out->addrs = (char **)keep_strings(m, json_object_get(nw, "assignedAddresses"),
		                                   &out->n_addrs, &oom);
		rc = oom ? ifw_fail(err, IFW_E_NOMEM, "out of memory") : 0;
		break;
	}
	json_decref(root);
	return rc;
}

/* The path a peer is reached on: the preferred active one, else any active one. */
static bool zt_path(const json_t *paths, struct ifw_ip *ip, uint16_t *port)
{
	bool found = false;
	size_t i;
	const json_t *p;
	json_array_foreach(paths, i, p)
	{
		if (!json_is_object(p) || !json_is_true(json_object_get(p, "active")))
			continue;
		struct ifw_ip a;
		uint16_t pt;
		if (!addr_port(str(p, "address"), '/', &a, &pt))
			continue;
		if (!found || json_is_true(json_object_get(p, "preferred"))) {
			*ip = a;
			*port = pt;
			found = true;
		}
		if (json_is_true(json_object_get(p, "preferred")))
			break;
	}
	return found;
}

int ifw_zerotier_parse_peers(struct ifw_model *m, const struct ifw_mesh_target *t,
                             const struct ifw_zt_network *net, const char *json, size_t n,
                             size_t *skipped, struct ifw_err *err)
{
	*skipped = 0;
	json_t *root = load(json, n, err);
	if (!root)
		return -1;
	if (!json_is_array(root)) {
		json_decref(root);
		return ifw_fail(err, IFW_E_PARSE, "not a list of peers");
	}
	size_t first = m->sas.n;
	int oom = 0;
	const char *name = keep(m, net->name[0] ? net->name : net->id[0] ? net->id : NULL, &oom);
	size_t i;
	const json_t *p;
	json_array_foreach(root, i, p)
	{
		if (oom)
			break;
		const char *addr = json_is_object(p) ? str(p, "address") : NULL;
		const char *role = json_is_object(p) ? str(p, "role") : NULL;
		if (!addr || strlen(addr) != 10 || !role) {
			json_decref(root);
			m->sas.n = first;
			return ifw_fail(err, IFW_E_PARSE, "a peer without an address or role");
		}
		if (strcmp(role, "LEAF") != 0)
			continue; /* a root server (PLANET, MOON) relays; it is not a member */
		if (m->sas.n - first >= IFW_MESH_MAX_PEERS) {
			(*skipped)++;
			continue;
		}
		struct ifw_tunnel_sa *sa = new_session(m, t, "zerotier service", "ZeroTier");
		if (!sa) {
			oom = 1;
			break;
		}
		sa->name = name;
		sa->remote_id = keep(m, addr, &oom);
		sa->vips = (const char **)net->addrs;
		sa->n_vips = net->n_addrs;
		const json_t *paths = json_object_get(p, "paths");
		sa->state = json_is_array(paths) && zt_path(paths, &sa->remote, &sa->rport)
		                ? "direct"
		                : "relayed (no direct path)";
	}
	json_decref(root);
	if (!oom && m->sas.n == first) {
		/* No member: one session still says which network, or its status when not OK. */
		struct ifw_tunnel_sa *sa = new_session(m, t, "zerotier service", "ZeroTier");
		if (sa) {
			sa->name = name;
			sa->vips = (const char **)net->addrs;
			sa->n_vips = net->n_addrs;
			sa->state = !net->status[0] || strcmp(net->status, "OK") == 0
			                ? "no peers"
			                : keep(m, net->status, &oom);
		}
		oom |= !sa || !sa->state;
	}
	if (oom) {
		m->sas.n = first;
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	return (int)(m->sas.n - first);
}
