/* The cross-platform WireGuard configuration protocol's `get` answer (wireguard.com/xplatform):
 * lines of key=value; device keys first (private_key, listen_port, fwmark), then each peer from
 * its public_key line on (preshared_key, endpoint, allowed_ip, last_handshake_time_sec, rx_bytes,
 * tx_bytes, ...); the answer ends with errno=N and an empty line. Keys are lowercase hex. */
#include "collect/linux/wg_parse.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define WG_MAX_ALLOWED 64
#define WG_MAX_LINE    512

static bool is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* Decimal only, no sign, no overflow; false for anything else. */
static bool num(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	if (n == 0 || n > 20)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		uint64_t d = (uint64_t)(s[i] - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static bool hex_key(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* "192.0.2.1:51820" or "[2001:db8::1]:51820". */
static bool endpoint(const char *s, size_t n, struct ifw_ip *ip, uint16_t *port)
{
	const char *colon = NULL;
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == ':') {
			colon = s + i - 1;
			break;
		}
	if (!colon)
		return false;
	size_t hl = (size_t)(colon - s);
	uint64_t p;
	if (!num(colon + 1, n - hl - 1, 65535, &p))
		return false;
	const char *h = s;
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (ifw_ip_parsen(h, hl, ip) < 0)
		return false;
	*port = (uint16_t)p;
	return true;
}

static int add_allowed(struct ifw_model *m, struct ifw_tunnel_sa *sa, const char *v, size_t n)
{
	if (sa->n_allowed_ips >= WG_MAX_ALLOWED)
		return 0;
	const char **na = ifw_arena_alloc(&m->arena, (sa->n_allowed_ips + 1) * sizeof(*na));
	char *s = ifw_model_strndup(m, v, n);
	if (!na || !s)
		return -1;
	if (sa->n_allowed_ips)
		memcpy(na, sa->allowed_ips, sa->n_allowed_ips * sizeof(*na));
	na[sa->n_allowed_ips++] = s;
	sa->allowed_ips = na;
	return 0;
}

static struct ifw_tunnel_sa *new_peer(struct ifw_model *m, const struct ifw_wg_target *t,
                                      const char *key, size_t n)
{
	struct ifw_tunnel_sa *sa = ifw_model_add_sa(m);
	if (!sa)
		return NULL;
	sa->proc = t->proc;
	sa->iface = t->iface;
	sa->ifname = t->ifname;
	sa->daemon = t->daemon;
	sa->source = t->source;
	sa->proto = IFW_P_UDP;
	sa->version = "WireGuard";
	sa->origin.src = t->origin;
	sa->remote_id = ifw_model_strndup(m, key, n);
	return sa->remote_id ? sa : NULL;
}

/* One peer key; false when the value is malformed. */
static bool peer_key(struct ifw_model *m, struct ifw_tunnel_sa *sa, const char *k, size_t kn,
                     const char *v, size_t vn, int *oom)
{
	uint64_t x;
	if (is(k, kn, "endpoint"))
		return endpoint(v, vn, &sa->remote, &sa->rport);
	if (is(k, kn, "allowed_ip")) {
		if (vn == 0 || vn > 64)
			return false;
		if (add_allowed(m, sa, v, vn) < 0)
			*oom = 1;
		return true;
	}
	if (is(k, kn, "last_handshake_time_sec")) {
		if (!num(v, vn, INT64_MAX, &x))
			return false;
		sa->last_handshake = (int64_t)x;
		sa->state = x ? "handshake done" : "no handshake yet";
		return true;
	}
	if (is(k, kn, "rx_bytes") || is(k, kn, "tx_bytes")) {
		if (!num(v, vn, UINT64_MAX, &x))
			return false;
		*(k[0] == 'r' ? &sa->bytes_in : &sa->bytes_out) = x;
		return true;
	}
	return true; /* preshared_key (never read), keepalive, protocol_version, future keys */
}

int ifw_wg_parse_uapi(struct ifw_model *m, const struct ifw_wg_target *t, const char *text,
                      size_t len)
{
	size_t first = m->sas.n;
	ifw_id cur = IFW_NOID;
	uint64_t lport = 0;
	bool done = false;
	int oom = 0;
	size_t p = 0;
	while (p < len && !done && !oom) {
		const char *nl = memchr(text + p, '\n', len - p);
		if (!nl)
			goto bad; /* truncated: a line without its end */
		const char *line = text + p;
		size_t ln = (size_t)(nl - line);
		p += ln + 1;
		if (ln == 0)
			goto bad; /* the empty line comes only after errno */
		if (ln > WG_MAX_LINE)
			goto bad;
		const char *eq = memchr(line, '=', ln);
		if (!eq || eq == line)
			goto bad;
		const char *k = line, *v = eq + 1;
		size_t kn = (size_t)(eq - line), vn = ln - kn - 1;
		if (is(k, kn, "errno")) {
			uint64_t e;
			if (!num(v, vn, 65535, &e) || e != 0)
				goto bad;
			done = true;
		} else if (is(k, kn, "public_key")) {
			if (!hex_key(v, vn))
				goto bad;
			struct ifw_tunnel_sa *sa = new_peer(m, t, v, vn);
			if (!sa)
				oom = 1;
			cur = (ifw_id)(m->sas.n - 1);
		} else if (is(k, kn, "private_key") || is(k, kn, "fwmark")) {
			continue; /* the private key is never copied anywhere */
		} else if (is(k, kn, "listen_port")) {
			if (cur != IFW_NOID || !num(v, vn, 65535, &lport))
				goto bad;
		} else if (cur != IFW_NOID) {
			if (!peer_key(m, &m->sas.v[cur], k, kn, v, vn, &oom))
				goto bad;
		}
	}
	/* errno=N is followed by the empty line that ends the answer. */
	if (oom || !done || p >= len || text[p] != '\n')
		goto bad;
	for (size_t i = first; i < m->sas.n; i++)
		m->sas.v[i].lport = (uint16_t)lport;
	return (int)(m->sas.n - first);
bad:
	m->sas.n = first;
	return -1;
}

bool ifw_wg_uapi_complete(const char *buf, size_t len)
{
	if (len >= 2 && buf[len - 1] == '\n' && buf[len - 2] == '\n')
		return true;
	return false;
}
