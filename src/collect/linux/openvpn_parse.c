#include "collect/linux/openvpn_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OVPN_MAX_LINE  1024
#define OVPN_MAX_ARGS  8
#define OVPN_MAX_PEERS 256

void ifw_ovpn_conf_init(struct ifw_ovpn_conf *c)
{
	memset(c, 0, sizeof(*c));
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* A port number 1..65535, else 0. */
static unsigned port_of(const char *s)
{
	if (!s || !*s || strlen(s) > 5)
		return 0;
	unsigned v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (unsigned)(*p - '0');
	}
	return v <= 65535 ? v : 0;
}

void ifw_ovpn_directive(struct ifw_ovpn_conf *c, char **a, size_t n)
{
	if (n == 0)
		return;
	const char *d = a[0];
	if (strcmp(d, "remote") == 0 && n >= 2 && c->n_remotes < IFW_OVPN_MAX_REMOTES) {
		struct ifw_ovpn_remote *r = &c->remotes[c->n_remotes++];
		copy(r->host, sizeof(r->host), a[1]);
		r->port = n >= 3 ? port_of(a[2]) : 0;
		copy(r->proto, sizeof(r->proto), n >= 4 ? a[3] : "");
		r->from_cmdline = c->from_cmdline;
	} else if (strcmp(d, "proto") == 0 && n >= 2) {
		copy(c->proto, sizeof(c->proto), a[1]);
		if (strstr(a[1], "server"))
			c->server = true;
	} else if (strcmp(d, "port") == 0 && n >= 2) {
		c->port = port_of(a[1]);
	} else if (strcmp(d, "rport") == 0 && n >= 2) {
		c->rport = port_of(a[1]);
	} else if (strcmp(d, "lport") == 0 && n >= 2) {
		c->lport = port_of(a[1]);
	} else if (strcmp(d, "dev") == 0 && n >= 2) {
		copy(c->dev, sizeof(c->dev), a[1]);
	} else if (strcmp(d, "cd") == 0 && n >= 2) {
		copy(c->cd, sizeof(c->cd), a[1]);
	} else if (strcmp(d, "config") == 0 && n >= 2 && c->n_configs < 4) {
		copy(c->configs[c->n_configs++], IFW_OVPN_STR, a[1]);
	} else if (strcmp(d, "management") == 0 && n >= 3) {
		copy(c->mgmt_host, sizeof(c->mgmt_host), a[1]);
		c->mgmt_unix = strcmp(a[2], "unix") == 0;
		c->mgmt_port = c->mgmt_unix ? 0 : port_of(a[2]);
		c->mgmt_password = n >= 4;
	} else if (strcmp(d, "status") == 0 && n >= 2) {
		copy(c->status, sizeof(c->status), a[1]);
	} else if (strcmp(d, "server") == 0 || strcmp(d, "tls-server") == 0 ||
	           (strcmp(d, "mode") == 0 && n >= 2 && strcmp(a[1], "server") == 0)) {
		c->server = true;
	} else if (strcmp(d, "client") == 0 || strcmp(d, "tls-client") == 0) {
		c->client = true;
	}
}

void ifw_ovpn_cmdline(struct ifw_ovpn_conf *c, char **argv, size_t argc)
{
	c->from_cmdline = true;
	/* "openvpn FILE": a lone argument that is not an option is a config file. */
	if (argc == 2 && strncmp(argv[1], "--", 2) != 0) {
		char *a[2] = {"config", argv[1]};
		ifw_ovpn_directive(c, a, 2);
		return;
	}
	for (size_t i = 1; i < argc;) {
		if (strncmp(argv[i], "--", 2) != 0) {
			i++;
			continue;
		}
		char *a[OVPN_MAX_ARGS];
		size_t n = 0;
		a[n++] = argv[i] + 2;
		size_t j = i + 1;
		for (; j < argc && strncmp(argv[j], "--", 2) != 0; j++)
			if (n < OVPN_MAX_ARGS)
				a[n++] = argv[j];
		ifw_ovpn_directive(c, a, n);
		i = j;
	}
}

/* Splits a config line in place into words (quotes and backslash escapes as OpenVPN reads
 * them); a word starting with # or ; ends the line. */
static size_t split(char *s, char **a, size_t max)
{
	size_t n = 0;
	char *w = s;
	while (*s && n < max) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#' || *s == ';')
			break;
		a[n++] = w;
		char q = 0;
		while (*s && (q || (*s != ' ' && *s != '\t' && *s != '\r'))) {
			if (!q && (*s == '"' || *s == '\'')) {
				q = *s++;
			} else if (q && *s == q) {
				q = 0;
				s++;
			} else if (*s == '\\' && q != '\'' && s[1]) {
				*w++ = s[1];
				s += 2;
			} else {
				*w++ = *s++;
			}
		}
		if (*s)
			s++;
		*w++ = '\0';
	}
	return n;
}

void ifw_ovpn_config_text(struct ifw_ovpn_conf *c, const char *text, size_t len)
{
	c->from_cmdline = false;
	size_t p = 0;
	while (p < len) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t ln = nl ? (size_t)(nl - (text + p)) : len - p;
		char line[OVPN_MAX_LINE];
		bool fits = ln < sizeof(line);
		if (fits) {
			memcpy(line, text + p, ln);
			line[ln] = '\0';
		}
		p += ln + 1;
		if (!fits)
			continue;
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (c->in_block) {
			/* Inline key or certificate: skipped unread up to its closing tag. */
			char end[40];
			snprintf(end, sizeof(end), "</%s>", c->block);
			if (strncmp(s, end, strlen(end)) == 0)
				c->in_block = false;
			continue;
		}
		if (s[0] == '<' && s[1] != '/') {
			const char *close = strchr(s, '>');
			size_t tl = close ? (size_t)(close - s - 1) : 0;
			if (tl && tl < sizeof(c->block)) {
				memcpy(c->block, s + 1, tl);
				c->block[tl] = '\0';
				c->in_block = true;
			}
			continue;
		}
		char *a[OVPN_MAX_ARGS];
		size_t n = split(s, a, OVPN_MAX_ARGS);
		ifw_ovpn_directive(c, a, n);
	}
}

static uint8_t proto_of(const char *p)
{
	return p && strncmp(p, "tcp", 3) == 0 ? IFW_P_TCP : IFW_P_UDP;
}

static struct ifw_tunnel_sa *session(struct ifw_model *m, const struct ifw_ovpn_target *t,
                                     const char *source)
{
	struct ifw_tunnel_sa *sa = ifw_model_add_sa(m);
	if (!sa)
		return NULL;
	sa->proc = t->proc;
	sa->iface = t->iface;
	sa->ifname = t->ifname;
	sa->daemon = "OpenVPN";
	sa->version = "OpenVPN";
	sa->source = source;
	sa->proto = IFW_P_UDP;
	sa->origin.src = t->origin;
	return sa;
}

int ifw_ovpn_add_config_sessions(struct ifw_model *m, const struct ifw_ovpn_target *t,
                                 const struct ifw_ovpn_conf *c)
{
	int added = 0;
	for (size_t i = 0; i < c->n_remotes; i++) {
		const struct ifw_ovpn_remote *r = &c->remotes[i];
		struct ifw_tunnel_sa *sa =
		    session(m, t, r->from_cmdline ? "openvpn command line" : "openvpn config");
		if (!sa)
			return -1;
		if (ifw_ip_parse(r->host, &sa->remote) < 0) {
			memset(&sa->remote, 0, sizeof(sa->remote));
			sa->remote_host = ifw_model_strdup(m, r->host);
			if (!sa->remote_host)
				return -1;
		}
		unsigned port = r->port ? r->port : c->rport ? c->rport : c->port ? c->port : 1194;
		sa->rport = (uint16_t)port;
		sa->lport = (uint16_t)(c->lport ? c->lport : c->port);
		sa->proto = proto_of(r->proto[0] ? r->proto : c->proto);
		sa->state = "configured";
		sa->initiator = true;
		added++;
	}
	return added;
}

/* "198.51.100.7:40711", "udp4:198.51.100.7:40711", "[2001:db8::7]:40711",
 * "2001:db8::7:40711" (OpenVPN prints IPv6 with the port after a last colon too). */
static bool real_address(const char *s, size_t n, struct ifw_ip *ip, uint16_t *port)
{
	char b[80];
	if (n == 0 || n >= sizeof(b))
		return false;
	memcpy(b, s, n);
	b[n] = '\0';
	char *h = b;
	static const char *const pre[] = {
	    "udp4:",       "udp6:", "udp:",  "tcp4-server:", "tcp6-server:",
	    "tcp-server:", "tcp4:", "tcp6:", "tcp:"};
	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (strncmp(h, pre[i], strlen(pre[i])) == 0) {
			h += strlen(pre[i]);
			break;
		}
	char *colon = strrchr(h, ':');
	if (colon && port_of(colon + 1)) {
		*colon = '\0';
		size_t hl = strlen(h);
		if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
			h[hl - 1] = '\0';
			h++;
		}
		if (ifw_ip_parse(h, ip) == 0) {
			*port = (uint16_t)port_of(colon + 1);
			return true;
		}
		*colon = ':';
	}
	*port = 0;
	return ifw_ip_parse(h, ip) == 0;
}

/* Splits a status line at sep into at most max fields (pointers into the line, lengths). */
static size_t fields(const char *s, size_t n, char sep, const char **f, size_t *fl, size_t max)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n && k < max; i++)
		if (i == n || s[i] == sep) {
			f[k] = s + start;
			fl[k++] = i - start;
			start = i + 1;
		}
	return k;
}

static bool field_is(const char *f, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(f, lit, n) == 0;
}

static uint64_t u64(const char *s, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9' && v < UINT64_MAX / 10; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

int ifw_ovpn_parse_status(struct ifw_model *m, const struct ifw_ovpn_target *t, const char *text,
                          size_t len, const char *source)
{
	size_t first = m->sas.n;
	bool known = false, v1_clients = false;
	/* Column positions, from the header line (v1 "Common Name,Real Address,...", v2/v3
	 * "HEADER,CLIENT_LIST,..."); defaults are OpenVPN 2.4+'s. */
	int c_cn = 1, c_real = 2, c_in = 5, c_out = 6;
	size_t p = 0;
	while (p < len) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t ln = nl ? (size_t)(nl - (text + p)) : len - p;
		const char *line = text + p;
		p += ln + 1;
		if (ln && line[ln - 1] == '\r')
			ln--;
		if (ln == 0 || ln > OVPN_MAX_LINE)
			continue;
		char sep = memchr(line, '\t', ln) ? '\t' : ',';
		const char *f[16];
		size_t fl[16];
		size_t nf = fields(line, ln, sep, f, fl, 16);
		if (field_is(f[0], fl[0], "OpenVPN CLIENT LIST")) {
			known = v1_clients = true;
			continue;
		}
		if (field_is(f[0], fl[0], "OpenVPN STATISTICS") || field_is(f[0], fl[0], "TITLE") ||
		    field_is(f[0], fl[0], "END")) {
			known = true;
			continue;
		}
		if (field_is(f[0], fl[0], "ROUTING TABLE") ||
		    field_is(f[0], fl[0], "GLOBAL STATS")) {
			v1_clients = false;
			continue;
		}
		bool header_v2 = nf > 2 && field_is(f[0], fl[0], "HEADER") &&
		                 field_is(f[1], fl[1], "CLIENT_LIST");
		bool header_v1 = v1_clients && field_is(f[0], fl[0], "Common Name");
		if (header_v1 || header_v2) {
			for (size_t i = header_v2 ? 2 : 0; i < nf; i++) {
				/* v2 rows start with "CLIENT_LIST" where the header has two tags */
				int col = (int)(i - (header_v2 ? 1 : 0));
				if (field_is(f[i], fl[i], "Common Name"))
					c_cn = col;
				else if (field_is(f[i], fl[i], "Real Address"))
					c_real = col;
				else if (field_is(f[i], fl[i], "Bytes Received"))
					c_in = col;
				else if (field_is(f[i], fl[i], "Bytes Sent"))
					c_out = col;
			}
			known = true;
			continue;
		}
		bool row_v2 = field_is(f[0], fl[0], "CLIENT_LIST");
		if (!row_v2 && !v1_clients)
			continue;
		int ir = c_real, icn = c_cn, ii = c_in, io = c_out;
		if (ir < 0 || (size_t)ir >= nf)
			continue;
		struct ifw_ip ip;
		uint16_t port;
		if (!real_address(f[ir], fl[ir], &ip, &port))
			continue;
		if (m->sas.n - first >= OVPN_MAX_PEERS)
			break;
		struct ifw_tunnel_sa *sa = session(m, t, source);
		if (!sa)
			goto oom;
		sa->remote = ip;
		sa->rport = port;
		sa->proto = t->proto ? t->proto : IFW_P_UDP;
		sa->state = "connected";
		if (icn >= 0 && (size_t)icn < nf && fl[icn] &&
		    !(sa->name = ifw_model_strndup(m, f[icn], fl[icn])))
			goto oom;
		if (ii >= 0 && (size_t)ii < nf)
			sa->bytes_in = u64(f[ii], fl[ii]);
		if (io >= 0 && (size_t)io < nf)
			sa->bytes_out = u64(f[io], fl[io]);
	}
	if (!known) {
		m->sas.n = first;
		return -1;
	}
	return (int)(m->sas.n - first);
oom:
	m->sas.n = first;
	return -1;
}

int ifw_ovpn_parse_state(struct ifw_model *m, const struct ifw_ovpn_target *t, const char *text,
                         size_t len)
{
	size_t p = 0;
	bool end = false;
	int found = 0;
	while (p < len && !end) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t ln = nl ? (size_t)(nl - (text + p)) : len - p;
		const char *line = text + p;
		p += ln + 1;
		if (ln && line[ln - 1] == '\r')
			ln--;
		if (ln == 0 || line[0] == '>')
			continue; /* real-time notifications may come in between */
		if (field_is(line, ln, "END")) {
			end = true;
			continue;
		}
		const char *f[10];
		size_t fl[10];
		size_t nf = fields(line, ln, ',', f, fl, 10);
		if (nf < 3 || fl[0] == 0 || u64(f[0], fl[0]) == 0)
			return -1;
		if (nf < 6 || fl[4] == 0 || found)
			continue;
		struct ifw_ip ip;
		uint16_t port;
		char b[64];
		if (fl[4] >= sizeof(b))
			continue;
		memcpy(b, f[4], fl[4]);
		b[fl[4]] = '\0';
		if (ifw_ip_parse(b, &ip) < 0)
			continue;
		port = fl[5] && fl[5] < 6 ? (uint16_t)u64(f[5], fl[5]) : 0;
		struct ifw_tunnel_sa *sa = session(m, t, "openvpn management");
		if (!sa)
			return -1;
		sa->remote = ip;
		sa->rport = port;
		sa->proto = t->proto ? t->proto : IFW_P_UDP;
		sa->state = ifw_model_strndup(m, f[1], fl[1]);
		sa->initiator = true;
		if (nf >= 8 && fl[6] && fl[6] < sizeof(b)) {
			memcpy(b, f[6], fl[6]);
			b[fl[6]] = '\0';
			ifw_ip_parse(b, &sa->local);
			sa->lport = fl[7] && fl[7] < 6 ? (uint16_t)u64(f[7], fl[7]) : 0;
		}
		found = 1;
	}
	return end ? found : -1;
}
