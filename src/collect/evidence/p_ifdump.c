/* Other tools' dumps of the interface list, whole or cut out of a longer paste:
 *   Chef ohai (`ohai network`): "interfaces": { "br0": { "addresses": { "192.0.2.1": {
 *     "family": "inet", "netmask": "255.255.255.0" }, "00:1e:8c:c9:b3:a0": { "family":
 *     "lladdr" } }, "mtu": "1500", "flags": [ "UP", ... ], "encapsulation": "Ethernet" } },
 *     "default_interface": "br0"  (gist.github.com/damm/177868, an ohai paste)
 *   Puppet facter (`facter networking`, `-j`, `-y`): interfaces => { en0 => { bindings => [ {
 *     address => "...", netmask => "...", network => "..." } ], mac => "...", mtu => 1500 } }
 *     (puppet.com/docs: core facts, networking.interfaces.<name>.bindings/mac/mtu)
 *   Ansible facts (`ansible -m setup`): "ansible_eth0": { "device": "eth0", "ipv4": {
 *     "address": ..., "netmask": ... }, "ipv6": [ { "address", "prefix", "scope" } ],
 *     "macaddress": ..., "mtu": 1500, "type": "ether" }, "ansible_default_ipv4": {
 *     "interface": "eth0", "gateway": ... }  (pastebin.com/rrYpF58V, pastebin.com/1UrdrZ8v)
 *   Node.js os.networkInterfaces() as console.log prints it: { lo: [ { address: '127.0.0.1',
 *     netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr:
 *     '127.0.0.1/8' } ], ... }  (nodejs.org/api/os.html#osnetworkinterfaces)
 *   Python psutil.net_if_addrs(): {'wlan0': [snicaddr(family=<AddressFamily.AF_INET: 2>,
 *     address='192.168.1.3', netmask='255.255.255.0', broadcast=..., ptp=None), ...]}
 *     (psutil's documentation of net_if_addrs)
 *   A program's JSON of Go's net.Interface fields: {"name":"wg0","mtu":1420,
 *     "hardware_addr":"","flags":"up|pointtopoint"}
 * The text is read as a stream of keys, values and brackets ('{', '[', '(' and YAML's
 * indentation), not parsed as a whole: an excerpt need not be a document. A key is an interface
 * only when what its object holds says so (ohai's address objects, facter's bindings, node's
 * and psutil's address lists, ansible's "device"), decided when the object closes or the
 * excerpt ends. A whole JSON document (read by the `ip -j` reader) is walked the same way. */
#include "collect/evidence/ev.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define IFD_DEPTH  16
#define IFD_ADDRS  8
#define IFD_EVENTS 96

struct ifd_addr {
	struct ifw_ip ip;
	uint8_t plen;
};

/* An open object, array or call: its key, the scalars directly in it, and what its children
 * gave. */
struct ifd_frame {
	char key[64];
	char open;  /* '{', '[', '(' or 'y' (a YAML mapping or list item) */
	int indent; /* YAML: the key's column; -1 for a bracket */
	bool item;  /* YAML: a "- " list item */
	char name[24], device[24], address[64], netmask[64], cidr[64], prefix[8], family[40];
	char mac[40], type[24], encap[24], iface_ref[24], gateway[64], gateway6[64];
	char module[32]; /* ansible: the driver's kernel module */
	char flags[160];
	bool has_mtu, has_flags, has_name, has_network, has_hwaddr;
	uint32_t mtu;
	/* from children */
	struct ifd_addr addrs[IFD_ADDRS];
	unsigned n_addrs;
	uint8_t hw[6];
	bool has_hw;
	bool ohai_records, ohai_addrs;  /* ohai's address records; an "addresses" object of them */
	bool addr_list;                 /* node's or psutil's list of address objects */
	bool binding_records, bindings; /* facter's bindings; a "bindings" list of them */
	uint64_t no;
	bool session;
	char line[160];
};

struct ifd_state {
	struct ifd_frame f[IFD_DEPTH];
	int n;
	unsigned skipped; /* frames deeper than IFD_DEPTH, closed without a record */
};

/* --- what a closed frame is --------------------------------------------------------------- */

static bool ieq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static void frame_addr(struct ifd_frame *f, const struct ifw_ip *ip, int plen)
{
	if (plen < 0 || f->n_addrs >= IFD_ADDRS)
		return;
	f->addrs[f->n_addrs].ip = *ip;
	f->addrs[f->n_addrs].plen = (uint8_t)plen;
	f->n_addrs++;
}

static void frame_mac(struct ifd_frame *f, const char *s)
{
	uint8_t mac[8];
	size_t n = strlen(s);
	/* Windows' psutil prints "80-FA-5B-5D-40-91" */
	char buf[40];
	ev_copy_cut(buf, sizeof(buf), s, n);
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = ':';
	if (ev_parse_mac(buf, strlen(buf), mac, sizeof(mac)) != 6 || f->has_hw)
		return;
	static const uint8_t zero[6];
	if (memcmp(mac, zero, 6) == 0)
		return;
	memcpy(f->hw, mac, 6);
	f->has_hw = true;
}

/* The prefix length of an address record addr: "cidr" (node), "prefixlen"/"prefix" (ohai,
 * ansible), or its netmask; a host's when none is given (ohai's lone inet6 records); -2 when
 * addr is no address. */
static int record_plen(const struct ifd_frame *f, struct ifw_ip *ip, const char *addr)
{
	if (!ev_parse_ip(addr, strlen(addr), ip))
		return -2;
	if (f->cidr[0]) {
		struct ev_tok t = {f->cidr, strlen(f->cidr)};
		struct ifw_ip c;
		int plen;
		if (ev_parse_prefix(&t, &c, &plen) && ifw_ip_eq(&c, ip))
			return plen;
	}
	if (f->prefix[0]) {
		struct ev_tok t = {f->prefix, strlen(f->prefix)};
		uint64_t v;
		if (ev_tok_u64(&t, &v, false) && v <= (ip->family == AF_INET ? 32u : 128u))
			return (int)v;
	}
	if (f->netmask[0]) {
		int m = ev_netmask_plen(f->netmask, strlen(f->netmask));
		if (m >= 0 && m <= (ip->family == AF_INET ? 32 : 128))
			return m;
	}
	return ip->family == AF_INET ? 32 : 128;
}

/* Gives p what closed frame f (a child of p) tells of an interface's addresses. */
static void bubble(struct ifd_frame *f, struct ifd_frame *p)
{
	struct ifw_ip ip;
	int plen;
	/* ohai: "192.0.2.1": { "family": "inet", "netmask": ... }, "MAC": { "family": "lladdr" } */
	if (f->key[0] && f->open != '(' && !f->address[0] &&
	    (ieq(f->family, "inet") || ieq(f->family, "inet6") || ieq(f->family, "lladdr"))) {
		if (ieq(f->family, "lladdr"))
			frame_mac(p, f->key);
		else if ((plen = record_plen(f, &ip, f->key)) >= 0)
			frame_addr(p, &ip, plen);
		else
			return;
		p->ohai_records = true;
		return;
	}
	/* psutil: snicaddr(family=<AddressFamily.AF_INET: 2>, address='...', netmask='...') */
	if (f->open == '(' && ieq(f->key, "snicaddr") && f->address[0]) {
		if (strstr(f->family, "AF_LINK") || strstr(f->family, "AF_PACKET"))
			frame_mac(p, f->address);
		else if (strstr(f->family, "AF_INET") &&
		         (plen = record_plen(f, &ip, f->address)) >= 0)
			frame_addr(p, &ip, plen);
		else
			return;
		p->addr_list = true;
		return;
	}
	/* node: { address, netmask, family: 'IPv4', mac, cidr } in an interface's list */
	if (!f->key[0] && f->address[0] && f->netmask[0] &&
	    (ieq(f->family, "IPv4") || ieq(f->family, "IPv6") || ieq(f->family, "4") ||
	     ieq(f->family, "6"))) {
		if ((plen = record_plen(f, &ip, f->address)) < 0)
			return;
		frame_addr(p, &ip, plen);
		if (f->mac[0])
			frame_mac(p, f->mac);
		p->addr_list = true;
		return;
	}
	/* facter's bindings ({address, netmask, network}) and ansible's "ipv4" object and "ipv6"
	 * list ({address, prefix, scope}) */
	bool facter = !f->key[0] && f->address[0] && f->netmask[0] && f->has_network &&
	              (ieq(p->key, "bindings") || ieq(p->key, "bindings6"));
	bool ansible4 = ieq(f->key, "ipv4") && f->address[0] && f->netmask[0];
	bool ansible6 = !f->key[0] && f->address[0] && f->prefix[0] && ieq(p->key, "ipv6");
	bool ansible_sec =
	    !f->key[0] && f->address[0] && f->netmask[0] && ieq(p->key, "ipv4_secondaries");
	if (facter || ansible4 || ansible6 || ansible_sec) {
		if ((plen = record_plen(f, &ip, f->address)) >= 0)
			frame_addr(p, &ip, plen);
		if (facter)
			p->binding_records = true;
		return;
	}
	/* the containers of those records pass them on */
	if (f->n_addrs || f->has_hw) {
		bool ohai = ieq(f->key, "addresses") && f->ohai_records;
		bool bind =
		    (ieq(f->key, "bindings") || ieq(f->key, "bindings6")) && f->binding_records;
		bool pass = ohai || bind || ieq(f->key, "ipv6") || ieq(f->key, "ipv4_secondaries");
		if (pass) {
			for (unsigned i = 0; i < f->n_addrs; i++)
				frame_addr(p, &f->addrs[i].ip, f->addrs[i].plen);
			if (f->has_hw && !p->has_hw) {
				memcpy(p->hw, f->hw, 6);
				p->has_hw = true;
			}
			p->ohai_addrs |= ohai;
			p->bindings |= bind;
		}
	}
	if (ieq(f->key, "flags") && f->flags[0]) {
		ev_copy_cut(p->flags, sizeof(p->flags), f->flags, strlen(f->flags));
		p->has_flags = true;
	}
}

/* "up|pointtopoint|multicast" (Go), "UP" (ohai): IFF_* bits. */
static uint32_t flag_bits(const char *s)
{
	char buf[160];
	size_t n = 0;
	for (; *s && n < sizeof(buf) - 1; s++)
		buf[n++] = *s == '|' ? ',' : (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
	buf[n] = '\0';
	char *pp = strstr(buf, "POINTTOPOINT"); /* Go's spelling */
	if (pp)
		memmove(pp + 5, pp + 6, strlen(pp + 6) + 1);
	return ev_flags_by_name(buf, strlen(buf));
}

/* What the tool says the interface is, where it says it for sure: ansible reads the kernel's
 * type from sysfs (ether 1, loopback 772, tunnel 65534, ppp 512, infiniband 32) and marks a
 * bridge or a bond by their sysfs directories; ohai's "encapsulation" is ip's link type. */
static void kind_of(struct ev_ctx *c, struct ifw_iface *f, const struct ifd_frame *fr, bool ansible)
{
	static const struct {
		const char *type, *kind;
		uint16_t arptype;
	} ansible_types[] = {
	    {"ether", NULL, 1},     {"loopback", NULL, 772},  {"tunnel", NULL, 65534},
	    {"ppp", NULL, 512},     {"infiniband", NULL, 32}, {"bridge", "bridge", 1},
	    {"bonding", "bond", 1},
	};
	if (ansible) {
		for (size_t i = 0; i < sizeof(ansible_types) / sizeof(ansible_types[0]); i++)
			if (strcmp(fr->type, ansible_types[i].type) == 0) {
				if (ansible_types[i].kind && !f->kind)
					f->kind = ansible_types[i].kind;
				if (!f->arptype)
					f->arptype = ansible_types[i].arptype;
			}
		/* "module": the kernel module of the device's driver (sysfs device/driver/module)
		 */
		size_t mn = strlen(fr->module);
		if (mn && !f->driver && ev_ifname_ok(fr->module, mn))
			f->driver = ifw_model_strndup(c->m, fr->module, mn);
		return;
	}
	if (ieq(fr->encap, "Loopback") && !f->arptype)
		f->arptype = 772;
	else if (ieq(fr->encap, "Ethernet") && !f->arptype)
		f->arptype = 1;
	/* ohai's "type" is the name's letters; only macOS names its interfaces so */
	if (strcmp(fr->type, "utun") == 0 || strcmp(fr->type, "awdl") == 0 ||
	    strcmp(fr->type, "llw") == 0)
		c->votes_darwin++;
}

static void iface_from(struct ev_ctx *c, const struct ifd_frame *fr, const char *name, bool ansible)
{
	size_t n = strlen(name);
	if (!ev_ifname_ok(name, n))
		return;
	struct ev_line l = {(char *)fr->line, strlen(fr->line), fr->no, false, fr->session};
	ifw_id id;
	struct ifw_iface *f = ev_iface_seen(c, &l, name, n, &id);
	if (!f)
		return;
	for (unsigned i = 0; i < fr->n_addrs; i++)
		ev_addr_add(c, id, &fr->addrs[i].ip, fr->addrs[i].plen);
	f = &c->m->ifaces.v[id];
	if (fr->has_mtu && fr->mtu && !f->mtu)
		f->mtu = fr->mtu;
	if (fr->has_flags && !f->flags)
		f->flags = flag_bits(fr->flags);
	uint8_t hw[6];
	bool has_hw = fr->has_hw;
	memcpy(hw, fr->hw, 6);
	if (!has_hw && fr->mac[0]) {
		struct ifd_frame tmp = {0};
		frame_mac(&tmp, fr->mac);
		has_hw = tmp.has_hw;
		memcpy(hw, tmp.hw, 6);
	}
	if (has_hw && !f->mac_len) {
		memcpy(f->mac, hw, 6);
		f->mac_len = 6;
	}
	kind_of(c, f, fr, ansible);
}

/* A default route out of name (ohai's default_interface, ansible's default_ipv4). */
static void default_route(struct ev_ctx *c, const struct ifd_frame *fr, const char *name,
                          const char *gw, int family)
{
	size_t n = strlen(name);
	if (!ev_ifname_ok(name, n) || !ev_room(c, c->m->routes.n))
		return;
	struct ifw_route *r = ifw_model_add_route(c->m, c->ns);
	if (!r)
		return;
	r->family = (uint8_t)family;
	r->dst.family = (uint8_t)family;
	r->dst_len = 0;
	r->table = IFW_TABLE_MAIN;
	r->type = IFW_RTN_UNICAST;
	struct ifw_ip g;
	if (gw && ev_parse_ip(gw, strlen(gw), &g) && g.family == family)
		r->gateway = g;
	struct ev_line l = {(char *)fr->line, strlen(fr->line), fr->no, false, fr->session};
	ev_origin(c, &l, &r->origin);
	ev_ref_add(c, EV_REF_ROUTE_DEV, (ifw_id)(c->m->routes.n - 1),
	           ifw_model_strndup(c->m, name, n), 0, &l);
}

/* A frame closed (p its parent, or NULL): an interface, a default route, or records for p. */
static void closed(struct ev_ctx *c, struct ifd_frame *f, struct ifd_frame *p)
{
	if (ieq(f->key, "ansible_default_ipv4") || ieq(f->key, "ansible_default_ipv6")) {
		if (f->iface_ref[0])
			default_route(c, f, f->iface_ref, f->gateway,
			              f->key[19] == '4' ? AF_INET : AF_INET6);
		return;
	}
	/* (ansible_interfaces is not read: it lists alias labels too, "eth0_1" for eth0:1, which
	 * are no interfaces; their "ansible_eth0_1" facts have no "device") */
	if (ev_starts(f->key, "ansible_") && f->device[0] &&
	    (f->mac[0] || f->has_mtu || f->type[0] || f->n_addrs)) {
		iface_from(c, f, f->device, true);
		return;
	}
	/* ohai: a key whose object holds address records or ip's link type */
	if (f->key[0] && f->open != '[' &&
	    (f->ohai_addrs || (f->encap[0] && (f->has_mtu || f->has_flags)))) {
		iface_from(c, f, f->key, false);
		return;
	}
	/* facter: a key whose object holds bindings, or a MAC and MTU beside its network */
	if (f->key[0] && (f->bindings || (f->mac[0] && f->has_mtu && f->has_network))) {
		iface_from(c, f, f->key, false);
		return;
	}
	/* node, psutil: a key whose list holds address records */
	if (f->key[0] && f->open == '[' && f->addr_list) {
		iface_from(c, f, f->key, false);
		return;
	}
	/* Go's net.Interface fields: a name with an MTU and flags or a hardware address */
	if (f->has_name && f->has_mtu && (f->has_flags || f->has_hwaddr) && !f->address[0]) {
		iface_from(c, f, f->name, false);
		return;
	}
	if (p)
		bubble(f, p);
}

/* --- the stream of keys and values --------------------------------------------------------- */

static struct ifd_state *state(struct ev_ctx *c)
{
	if (!c->ifdump)
		c->ifdump = calloc(1, sizeof(struct ifd_state));
	return c->ifdump;
}

static void push(struct ifd_state *s, const char *key, size_t klen, char open, int indent,
                 const struct ev_line *l)
{
	if (s->n >= IFD_DEPTH) {
		s->skipped++;
		return;
	}
	struct ifd_frame *f = &s->f[s->n++];
	memset(f, 0, sizeof(*f));
	ev_copy_cut(f->key, sizeof(f->key), key ? key : "", key ? klen : 0);
	f->open = open;
	f->indent = indent;
	f->no = l->no;
	f->session = l->session;
	ev_copy_cut(f->line, sizeof(f->line), ev_skip_ws(l->s),
	            strnlen(ev_skip_ws(l->s), sizeof(f->line)));
}

static void pop(struct ev_ctx *c, struct ifd_state *s)
{
	if (s->skipped) {
		s->skipped--;
		return;
	}
	if (s->n <= 0)
		return; /* the excerpt began inside this object */
	struct ifd_frame f = s->f[--s->n];
	closed(c, &f, s->n ? &s->f[s->n - 1] : NULL);
}

/* A scalar value in the top frame: key NULL for a list's element. */
static void scalar(struct ev_ctx *c, struct ifd_state *s, const char *key, size_t klen,
                   const char *v, size_t vlen, const struct ev_line *l)
{
	if (s->skipped)
		return;
	if (!s->n) /* a key outside any object the excerpt shows: as if in one */
		push(s, NULL, 0, '{', -1, l);
	struct ifd_frame *f = &s->f[s->n - 1];
	char k[32];
	ev_copy_cut(k, sizeof(k), key ? key : "", key ? klen : 0);
	if (!key) {
		if (ieq(f->key, "flags") && strlen(f->flags) + vlen + 2 < sizeof(f->flags)) {
			if (f->flags[0])
				strcat(f->flags, ",");
			strncat(f->flags, v, vlen);
		}
		return;
	}
	struct {
		const char *key;
		char *dst;
		size_t size;
	} fields[] = {
	    {"address", f->address, sizeof(f->address)},
	    {"addr", f->address, sizeof(f->address)},
	    {"netmask", f->netmask, sizeof(f->netmask)},
	    {"cidr", f->cidr, sizeof(f->cidr)},
	    {"prefixlen", f->prefix, sizeof(f->prefix)},
	    {"prefix", f->prefix, sizeof(f->prefix)},
	    {"family", f->family, sizeof(f->family)},
	    {"mac", f->mac, sizeof(f->mac)},
	    {"macaddress", f->mac, sizeof(f->mac)},
	    {"hardware_addr", f->mac, sizeof(f->mac)},
	    {"HardwareAddr", f->mac, sizeof(f->mac)},
	    {"type", f->type, sizeof(f->type)},
	    {"encapsulation", f->encap, sizeof(f->encap)},
	    {"module", f->module, sizeof(f->module)},
	    {"device", f->device, sizeof(f->device)},
	    {"name", f->name, sizeof(f->name)},
	    {"Name", f->name, sizeof(f->name)},
	    {"interface", f->iface_ref, sizeof(f->iface_ref)},
	    {"gateway", f->gateway, sizeof(f->gateway)},
	    {"default_gateway", f->gateway, sizeof(f->gateway)}, /* ohai */
	    {"default_inet6_gateway", f->gateway6, sizeof(f->gateway6)},
	    {"flags", f->flags, sizeof(f->flags)},
	    {"Flags", f->flags, sizeof(f->flags)},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(k, fields[i].key) == 0) {
			ev_copy_cut(fields[i].dst, fields[i].size, v, vlen);
			break;
		}
	if (ieq(k, "flags"))
		f->has_flags = true;
	else if (strcmp(k, "name") == 0 || strcmp(k, "Name") == 0)
		f->has_name = true;
	else if (strcmp(k, "network") == 0)
		f->has_network = true;
	else if (strcmp(k, "hardware_addr") == 0 || strcmp(k, "HardwareAddr") == 0)
		f->has_hwaddr = true;
	else if (ieq(k, "mtu")) {
		struct ev_tok t = {v, vlen};
		uint64_t m;
		if (ev_tok_u64(&t, &m, false) && m > 0 && m <= 65535) {
			f->has_mtu = true;
			f->mtu = (uint32_t)m;
		}
	} else if (strcmp(k, "default_interface") == 0 ||
	           strcmp(k, "default_inet6_interface") == 0) {
		char name[24];
		ev_copy_cut(name, sizeof(name), v, vlen);
		struct ifd_frame at = {0};
		at.no = l->no;
		at.session = l->session;
		ev_copy_cut(at.line, sizeof(at.line), ev_skip_ws(l->s),
		            strnlen(ev_skip_ws(l->s), sizeof(f->line)));
		bool v6 = k[8] == 'i' && k[12] == '6';
		default_route(c, &at, name, v6 ? f->gateway6 : f->gateway, v6 ? AF_INET6 : AF_INET);
	}
}

/* One lexical item of a line. */
struct ifd_ev {
	char what; /* 'o' open, 'c' close, 's' scalar */
	char open;
	const char *key, *v;
	size_t klen, vlen;
};

static bool word_ch(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-' || ch == '.';
}

/* A value or key at p: "..." or '...' (escapes kept), <...>, or a bare word; its text (inside
 * the quotes) and where it ends. NULL when there is none. */
static const char *token(const char *p, const char **v, size_t *vlen)
{
	if (*p == '"' || *p == '\'') {
		char q = *p;
		const char *b = p + 1, *e = b;
		while (*e && *e != q) {
			if (*e == '\\' && e[1])
				e++;
			e++;
		}
		if (!*e)
			return NULL;
		*v = b;
		*vlen = (size_t)(e - b);
		return e + 1;
	}
	if (*p == '<') { /* Python's repr of an enum member */
		const char *e = strchr(p, '>');
		if (!e || e - p > 64)
			return NULL;
		*v = p + 1;
		*vlen = (size_t)(e - p - 1);
		return e + 1;
	}
	const char *e = p;
	while (word_ch(*e))
		e++;
	if (e == p)
		return NULL;
	*v = p;
	*vlen = (size_t)(e - p);
	return e;
}

/* The key separator at p: ':', '=>' or a call's '='; its end, or NULL. */
static const char *separator(const char *p)
{
	p = ev_skip_ws(p);
	if (p[0] == '=' && p[1] == '>')
		return p + 2;
	if (p[0] == ':' && (p[1] == ' ' || p[1] == '\t' || p[1] == '\0' || p[1] == '{' ||
	                    p[1] == '[' || p[1] == '"' || p[1] == '\''))
		return p + 1;
	if (p[0] == '=' && p[1] != '=')
		return p + 1;
	return NULL;
}

/* The items of a bracketed line; false when the line is not such text (prose, a command). */
static bool lex(const char *s, struct ifd_ev *ev, size_t *n)
{
	*n = 0;
	const char *p = s;
	while (*p) {
		p = ev_skip_ws(p);
		if (!*p)
			break;
		if (*n >= IFD_EVENTS)
			return false;
		struct ifd_ev *e = &ev[*n];
		memset(e, 0, sizeof(*e));
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '{' || *p == '[') {
			e->what = 'o';
			e->open = *p++;
			(*n)++;
			continue;
		}
		if (*p == '}' || *p == ']' || *p == ')') {
			e->what = 'c';
			p++;
			(*n)++;
			continue;
		}
		const char *v;
		size_t vlen;
		const char *after = token(p, &v, &vlen);
		if (!after)
			return false;
		if (*after == '(' && *p != '"' && *p != '\'') { /* snicaddr( */
			e->what = 'o';
			e->open = '(';
			e->key = v;
			e->klen = vlen;
			p = after + 1;
			(*n)++;
			continue;
		}
		const char *sep = separator(after);
		if (!sep) { /* a list's element */
			const char *q = ev_skip_ws(after);
			if (*q && *q != ',' && *q != ']' && *q != '}' && *q != ')')
				return false; /* words: prose */
			e->what = 's';
			e->v = v;
			e->vlen = vlen;
			p = after;
			(*n)++;
			continue;
		}
		e->key = v;
		e->klen = vlen;
		p = ev_skip_ws(sep);
		if (*p == '{' || *p == '[') {
			e->what = 'o';
			e->open = *p++;
			(*n)++;
			continue;
		}
		if (!*p) { /* "key:" ending the line: a YAML mapping, told apart by the caller */
			e->what = 'o';
			e->open = 'y';
			(*n)++;
			continue;
		}
		after = token(p, &e->v, &e->vlen);
		if (!after)
			return false;
		/* Python's "family=<AddressFamily.AF_INET: 2>" and "ptp=None" read whole */
		e->what = 's';
		p = after;
		const char *q = ev_skip_ws(p);
		if (*q && *q != ',' && *q != '}' && *q != ']' && *q != ')')
			return false;
		(*n)++;
	}
	return *n > 0;
}

/* A YAML line: "[- ]key: value" or "[- ]key:" or "- value", no brackets. */
static bool yaml_line(const char *s, int *col, bool *dash, const char **key, size_t *klen,
                      const char **v, size_t *vlen)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	*dash = p[0] == '-' && p[1] == ' ';
	if (*dash)
		p = ev_skip_ws(p + 2);
	*col = (int)(p - s);
	*key = NULL;
	*klen = 0;
	const char *after = token(p, v, vlen);
	if (!after)
		return false;
	const char *sep = *after == ':' && (after[1] == ' ' || !after[1]) ? after + 1 : NULL;
	if (!sep) {
		/* "- UP": a list's scalar; a bare IPv6 or MAC value has colons */
		if (!*dash)
			return false;
		size_t n = strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
			n--;
		*v = p;
		*vlen = n;
		return n > 0 && !strpbrk(p, "{}[]");
	}
	*key = *v;
	*klen = *vlen;
	const char *q = ev_skip_ws(sep);
	size_t n = strlen(q);
	while (n && (q[n - 1] == ' ' || q[n - 1] == '\r'))
		n--;
	if (n >= 2 && (q[0] == '"' || q[0] == '\'') && q[n - 1] == q[0]) {
		q++;
		n -= 2;
	} else if (n && (strpbrk(q, "{}[]") || q[n - 1] == ',')) {
		return false;
	}
	*v = q;
	*vlen = n;
	return true;
}

/* A key whose value is read even outside any object the text opened. */
static bool top_key(const char *k, size_t n)
{
	return (n == 17 && strncmp(k, "default_interface", n) == 0) ||
	       (n == 23 && strncmp(k, "default_inet6_interface", n) == 0) ||
	       (n == 15 && strncmp(k, "default_gateway", n) == 0) ||
	       (n == 21 && strncmp(k, "default_inet6_gateway", n) == 0);
}

/* false when the line, once the indentation closed what it ends, is in nothing the text
 * opened: "Key: value" alone is any program's (VBoxManage's "Name: en0") */
static bool yaml_take(struct ev_ctx *c, struct ifd_state *s, const struct ev_line *l)
{
	int col;
	bool dash;
	const char *key, *v;
	size_t klen, vlen;
	if (!yaml_line(l->s, &col, &dash, &key, &klen, &v, &vlen))
		return false;
	int dcol = dash ? col - 2 : col;
	/* close what this line's indentation ends (YAML frames only) */
	while (s->n && !s->skipped && s->f[s->n - 1].indent >= 0) {
		const struct ifd_frame *t = &s->f[s->n - 1];
		if (t->indent > dcol || (t->indent == dcol && (!dash || t->item)) ||
		    (!dash && t->indent == col))
			pop(c, s);
		else
			break;
	}
	if (!s->n && !s->skipped && (dash || vlen) && !(key && top_key(key, klen)))
		return false;
	if (dash && key) {
		push(s, NULL, 0, 'y', dcol, l);
		if (s->n && !s->skipped)
			s->f[s->n - 1].item = true;
	}
	if (!key) {
		scalar(c, s, NULL, 0, v, vlen, l);
		return true;
	}
	if (!vlen)
		push(s, key, klen, 'y', col, l);
	else
		scalar(c, s, key, klen, v, vlen, l);
	return true;
}

static bool feed_line(struct ev_ctx *c, const struct ev_line *l)
{
	struct ifd_state *s = state(c);
	if (!s)
		return true;
	const char *t = ev_skip_ws(l->s);
	if (!*t)
		return true;
	int col;
	bool dash;
	const char *key, *v;
	size_t klen, vlen;
	if (!strpbrk(t, "{}[]()") && !strstr(t, "=>") && t[strlen(t) - 1] != ',' &&
	    yaml_line(l->s, &col, &dash, &key, &klen, &v, &vlen)) {
		return yaml_take(c, s, l);
	}
	struct ifd_ev ev[IFD_EVENTS];
	size_t n;
	if (!lex(t, ev, &n))
		return false;
	if (!s->n && !s->skipped) {
		bool opens = false, top = false, closers = true;
		for (size_t i = 0; i < n; i++) {
			opens |= ev[i].what == 'o';
			top |= ev[i].what == 's' && ev[i].key && top_key(ev[i].key, ev[i].klen);
			closers &= ev[i].what == 'c';
		}
		/* a line of closing brackets only ends what the excerpt began before it */
		if (!opens && !top && !closers)
			return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (ev[i].what == 'o')
			push(s, ev[i].key, ev[i].klen, ev[i].open == 'y' ? '{' : ev[i].open, -1, l);
		else if (ev[i].what == 'c')
			pop(c, s);
		else
			scalar(c, s, ev[i].key, ev[i].klen, ev[i].v, ev[i].vlen, l);
	}
	return true;
}

static void flush(struct ev_ctx *c)
{
	struct ifd_state *s = c->ifdump;
	if (!s)
		return;
	s->skipped = 0;
	while (s->n)
		pop(c, s);
	free(s);
	c->ifdump = NULL;
}

/* --- detection ----------------------------------------------------------------------------- */

/* Whether s (a line's start) is a key in quotes or bare, then what follows its separator. */
static const char *key_at(const char *s, const char **k, size_t *kn)
{
	const char *after = token(s, k, kn);
	if (!after)
		return NULL;
	const char *sep = separator(after);
	return sep ? ev_skip_ws(sep) : NULL;
}

static int detect(const struct ev_line *l, int min)
{
	const char *s = ev_skip_ws(l->s);
	if (strstr(s, "snicaddr(family=") || strstr(s, "\"encapsulation\": \"") ||
	    strstr(s, "\"family\": \"lladdr\"") || strstr(s, "family: 'IPv4'") ||
	    strstr(s, "family: 'IPv6'") || ev_starts(s, "\"default_interface\": \"") ||
	    ev_starts(s, "\"ansible_default_ipv4\": {") ||
	    ev_starts(s, "\"ansible_interfaces\": [") || strstr(s, "bindings => [") ||
	    ev_starts(s, "interfaces => {"))
		return 3;
	/* facter's YAML: "bindings:" and its list are facter's own */
	if (strcmp(s, "bindings:") == 0 || strcmp(s, "bindings6:") == 0)
		return 3;
	if (min > 2)
		return 0;
	if (strcmp(l->s, "networking:") == 0)
		return 2;
	const char *k;
	size_t kn;
	const char *v = key_at(s, &k, &kn);
	if (!v)
		return 0;
	/* "    eth1:" ending the line, indented: a YAML mapping named as an interface (a name
	 * ending in its number) */
	if (!*v && s[kn] == ':' && s - l->s >= 2 && ev_ifname_ok(k, kn) && k[kn - 1] >= '0' &&
	    k[kn - 1] <= '9')
		return 2;
	char key[24];
	ev_copy_cut(key, sizeof(key), k, kn);
	/* an ansible interface fact, an ohai, node or psutil interface opening */
	if (ev_starts(key, "ansible_") && *v == '{')
		return 2;
	/* "lo0": {  'en0': [  lo0: [  en0 => { */
	bool quoted = s[0] == '"' || s[0] == '\'';
	if ((*v == '{' || *v == '[') && !v[1] && ev_ifname_ok(k, kn) &&
	    (quoted || *v == '[' || strstr(s, "=>")))
		return 2;
	if (ev_starts(v, "[snicaddr(") || (ev_starts(v, "[ {") && strstr(v, "address:")))
		return 3;
	return 0;
}

static bool take(struct ev_ctx *c, struct ev_line *l)
{
	/* a process's arguments (`ps -eo args`, a service's tree) are any user's text */
	if (l->session && (c->hint == EV_PS || c->hint == EV_SDSTATUS))
		return false;
	return feed_line(c, l);
}

static void begin(struct ev_ctx *c)
{
	flush(c);
}

const struct ev_parser ev_p_ifdump = {
    .shape = EV_IFDUMP,
    .name = "inventory tools' interface dumps (ohai, facter, ansible, node, psutil)",
    .detect = detect,
    .take = take,
    .begin = begin,
    .end = begin,
    .not_in_logs = true,
};

void ev_ifdump_free(struct ev_ctx *c)
{
	free(c->ifdump);
	c->ifdump = NULL;
}

/* --- whole documents ----------------------------------------------------------------------- */

static void walk(struct ev_ctx *c, struct ifd_state *s, const char *key, json_t *v,
                 const struct ev_line *l, int depth)
{
	if (depth > 12 || c->full)
		return;
	size_t kn = key ? strlen(key) : 0;
	if (json_is_object(v) || json_is_array(v)) {
		push(s, key, kn, json_is_object(v) ? '{' : '[', -1, l);
		if (json_is_object(v)) {
			const char *k;
			json_t *sub;
			json_object_foreach(v, k, sub) walk(c, s, k, sub, l, depth + 1);
		} else {
			size_t n = json_array_size(v);
			for (size_t i = 0; i < n && i < 4096; i++)
				walk(c, s, NULL, json_array_get(v, i), l, depth + 1);
		}
		pop(c, s);
		return;
	}
	char buf[64];
	const char *t = buf;
	if (json_is_string(v))
		t = json_string_value(v);
	else if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
	else if (json_is_true(v))
		t = "true";
	else
		return;
	scalar(c, s, key, kn, t, strlen(t), l);
}

void ev_ifdump_json(struct ev_ctx *c, json_t *root, uint64_t line_no, bool session)
{
	struct ifd_state *s = calloc(1, sizeof(*s));
	if (!s)
		return;
	char text[] = "(JSON document)";
	struct ev_line l = {text, sizeof(text) - 1, line_no, false, session};
	walk(c, s, NULL, root, &l, 0);
	free(s);
}

size_t ev_ifdump_text(struct ev_ctx *c, char *buf, size_t len, uint64_t line_no, bool session)
{
	size_t before = c->m->ifaces.n + c->m->routes.n;
	struct ifd_state *keep = c->ifdump;
	c->ifdump = NULL;
	char *p = buf, *end = buf + len;
	uint64_t no = line_no;
	while (p < end && !c->full) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end;
		char save = *e;
		if (e < end)
			*e = '\0';
		struct ev_line l = {p, (size_t)(e - p), no++, false, session};
		if (e == end) /* no newline: the buffer's last byte is its end */
			break;
		feed_line(c, &l);
		*e = save;
		p = e + 1;
	}
	flush(c);
	c->ifdump = keep;
	return c->m->ifaces.n + c->m->routes.n - before;
}
