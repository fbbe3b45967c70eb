/* Small text helpers shared by the parsers: tokens, numbers, MAC addresses, service names. */
#include "collect/evidence/ev.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f' || ch == '\r' || ch == '\n';
}

const char *ev_skip_ws(const char *s)
{
	while (*s && is_ws(*s))
		s++;
	return s;
}

void ev_tokenize(const char *s, struct ev_toks *t)
{
	t->n = 0;
	for (;;) {
		s = ev_skip_ws(s);
		if (!*s || t->n == EV_MAX_TOKENS)
			return;
		const char *b = s;
		while (*s && !is_ws(*s))
			s++;
		t->t[t->n].s = b;
		t->t[t->n].len = (size_t)(s - b);
		t->n++;
	}
}

bool ev_tok_is(const struct ev_tok *t, const char *word)
{
	size_t n = strlen(word);
	return t->len == n && memcmp(t->s, word, n) == 0;
}

bool ev_tok_digits(const struct ev_tok *t)
{
	if (!t->len)
		return false;
	for (size_t i = 0; i < t->len; i++)
		if (!isdigit((unsigned char)t->s[i]))
			return false;
	return true;
}

bool ev_tok_u64(const struct ev_tok *t, uint64_t *out, bool hex_ok)
{
	const char *s = t->s;
	size_t n = t->len;
	unsigned base = 10;
	if (hex_ok && n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
		base = 16;
	}
	if (!n || n > (base == 16 ? 16 : 19))
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d;
		if (isdigit((unsigned char)s[i]))
			d = s[i] - '0';
		else if (base == 16 && isxdigit((unsigned char)s[i]))
			d = tolower((unsigned char)s[i]) - 'a' + 10;
		else
			return false;
		v = v * base + (unsigned)d;
	}
	*out = v;
	return true;
}

const char *ev_label_value(const char *s, const char *label)
{
	s = ev_skip_ws(s);
	size_t n = strlen(label);
	if (strncmp(s, label, n) != 0 || s[n] != ':')
		return NULL;
	return ev_skip_ws(s + n + 1);
}

bool ev_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *ev_tok_dup(struct ev_ctx *c, const struct ev_tok *t)
{
	return ifw_model_strndup(c->m, t->s, t->len);
}

bool ev_tok_copy(const struct ev_tok *t, char *buf, size_t len)
{
	if (t->len >= len)
		return false;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	return true;
}

size_t ev_parse_mac(const char *s, size_t len, uint8_t *mac, size_t max)
{
	size_t n = 0, i = 0;
	while (i < len) {
		unsigned v = 0, digits = 0;
		while (i < len && isxdigit((unsigned char)s[i]) && digits < 3) {
			char ch = (char)tolower((unsigned char)s[i]);
			v = v * 16 +
			    (unsigned)(isdigit((unsigned char)ch) ? ch - '0' : ch - 'a' + 10);
			digits++;
			i++;
		}
		if (digits == 0 || digits > 2 || n == max)
			return 0;
		mac[n++] = (uint8_t)v;
		if (i == len)
			break;
		if (s[i] != ':' && s[i] != '-')
			return 0;
		i++;
		if (i == len)
			return 0;
	}
	return n >= 2 ? n : 0;
}

/* The names lsof and netstat print for ports when not given -P / -n: /etc/services names on
 * macOS, FreeBSD and Debian for the ports that matter to tunnels, VoIP and the usual daemons. */
static const struct {
	const char *name;
	uint16_t port;
} services[] = {
    {"ftp", 21},
    {"ssh", 22},
    {"telnet", 23},
    {"smtp", 25},
    {"domain", 53},
    {"bootps", 67},
    {"bootpc", 68},
    {"tftp", 69},
    {"http", 80},
    {"www", 80},
    {"kerberos", 88},
    {"pop3", 110},
    {"sunrpc", 111},
    {"ntp", 123},
    {"netbios-ns", 137},
    {"netbios-dgm", 138},
    {"netbios-ssn", 139},
    {"imap", 143},
    {"snmp", 161},
    {"bgp", 179},
    {"ldap", 389},
    {"https", 443},
    {"microsoft-ds", 445},
    {"isakmp", 500},
    {"syslog", 514},
    {"dhcpv6-client", 546},
    {"dhcpv6-server", 547},
    {"rtsp", 554},
    {"submission", 587},
    {"ipp", 631},
    {"ldaps", 636},
    {"openvpn", 1194},
    {"l2f", 1701},
    {"l2tp", 1701},
    {"pptp", 1723},
    {"ssdp", 1900},
    {"nfs", 2049},
    {"stun", 3478},
    {"nat-stun-port", 3478},
    {"ipsec-msft", 4500},
    {"ipsec-nat-t", 4500},
    {"vxlan", 4789},
    {"commplex-main", 5000},
    {"sip", 5060},
    {"sip-tls", 5061},
    {"sips", 5061},
    {"apple-push", 5223},
    {"mdns", 5353},
    {"geneve", 6081},
    {"afs3-callback", 7001},
    {"otv", 8472},
    {"http-alt", 8080},
    {"zerotier", 9993},
    {"wireguard", 51820},
};

uint16_t ev_service_port(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (strlen(services[i].name) == len &&
		    strncasecmp(services[i].name, name, len) == 0)
			return services[i].port;
	return 0;
}

size_t ev_copy_cut(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return n;
}

size_t ev_rest_copy(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return ev_copy_cut(buf, size, s, n);
}
