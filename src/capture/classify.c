/* The flow table: packets keyed by their bidirectional 5-tuple (and the source they came from),
 * nDPI for the application protocol, our own parsers for SIP, DNS answers and IKE. Bounded in
 * flows, in packets handed to nDPI per flow, in names kept, and in bytes per string. */
#include "capture/cap_int.h"

#include <ndpi_api.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#define HINT_SET_CAP  8192 /* power of two, > 2 * IFW_CAP_MAX_HINTS */
#define SIP_TRIES     8    /* payload packets searched for SIP */
#define IKE_TRIES     8
#define IFW_CAP_EXTRA 12 /* packets per flow for nDPI once it named the flow */

/* The two ends, ordered so both directions give the same key. */
struct fkey {
	uint8_t a[16], b[16];
	uint16_t pa, pb;
	uint16_t src;
	uint8_t family, proto;
};

struct cflow {
	struct fkey key;
	uint64_t hash;
	uint64_t packets, bytes;
	struct ndpi_flow_struct *nf; /* while nDPI still looks at the flow */
	const char *server_name, *sip_from, *sip_to, *sip_ua;
	uint16_t master, app, category;
	uint8_t ndpi_pkts, sip_tries, ike_tries;
	bool a_first;  /* the `a` end sent the first packet */
	bool detected; /* nDPI named it */
	bool done;     /* nDPI is finished with it */
	bool sip, ike, esp;
};

struct src {
	ifw_id iface;
	bool underlay;
	char *origin;
};

struct name_cache {
	uint32_t key;
	const char *s;
};

struct ifw_cls {
	struct ifw_model *m;
	struct ndpi_detection_module_struct *nd;
	size_t nf_size;
	bool fields_ok; /* the library's flow struct is the one in its headers */
	struct cflow *flows;
	size_t n, cap, max_flows;
	uint32_t *table; /* flow index + 1, 0 = empty */
	size_t tcap;
	struct src *srcs;
	size_t n_srcs;
	uint64_t *hints; /* hashes of (address, name) already seen */
	size_t n_hints, set_used;
	struct name_cache names[64];
	size_t n_names;
	uint8_t *fixbuf; /* a packet copy with its IP length set to what was captured */
	struct ifw_cls_stats st;
	uint64_t seed; /* of the flow hash */
};

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Seeded per classifier: the addresses and ports are any sender's (and a capture file is
 * input), and flows chosen to crowd a few slots of the table made each packet probe them all. */
static uint64_t hash_key(const struct ifw_cls *c, const struct fkey *k)
{
	uint64_t w[5];
	_Static_assert(sizeof(struct fkey) == sizeof(w), "flow key is 40 bytes without padding");
	memcpy(w, k, sizeof(w));
	uint64_t h = c->seed;
	for (int i = 0; i < 5; i++)
		h = mix(h ^ w[i]) + (uint64_t)i;
	return h;
}

void ifw_cls_set_max_flows(struct ifw_cls *c, size_t max_flows)
{
	if (max_flows > 0 && max_flows <= UINT32_MAX / 2 && c->n == 0)
		c->max_flows = max_flows;
}

struct ifw_cls *ifw_cls_new(struct ifw_model *m, struct ifw_err *err)
{
	struct ifw_cls *c = calloc(1, sizeof(*c));
	if (!c)
		goto oom;
	c->m = m;
	c->max_flows = IFW_CAP_MAX_FLOWS;
	if (getrandom(&c->seed, sizeof(c->seed), GRND_NONBLOCK) != (ssize_t)sizeof(c->seed))
		c->seed = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)c ^ (uint64_t)time(NULL);
	c->fixbuf = malloc(65536);
	c->hints = calloc(HINT_SET_CAP, sizeof(*c->hints));
	if (!c->fixbuf || !c->hints)
		goto oom;
	c->nd = ndpi_init_detection_module(ndpi_no_prefs);
	if (!c->nd)
		goto oom;
	NDPI_PROTOCOL_BITMASK all;
	NDPI_BITMASK_SET_ALL(all);
	ndpi_set_protocol_detection_bitmask2(c->nd, &all);
	ndpi_finalize_initialization(c->nd);
	/* The library's own idea of the flow size wins over the header's, should they differ. */
	c->nf_size = ndpi_detection_get_sizeof_ndpi_flow_struct();
	c->fields_ok = c->nf_size == SIZEOF_FLOW_STRUCT;
	if (c->nf_size < SIZEOF_FLOW_STRUCT)
		c->nf_size = SIZEOF_FLOW_STRUCT;
	return c;
oom:
	ifw_cls_free(c);
	ifw_fail(err, IFW_E_NOMEM, "out of memory starting the traffic classifier");
	return NULL;
}

static void drop_flows(struct ifw_cls *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->flows[i].nf)
			ndpi_flow_free(c->flows[i].nf);
	c->n = 0;
	if (c->table)
		memset(c->table, 0, c->tcap * sizeof(*c->table));
}

void ifw_cls_free(struct ifw_cls *c)
{
	if (!c)
		return;
	drop_flows(c);
	free(c->flows);
	free(c->table);
	for (size_t i = 0; i < c->n_srcs; i++)
		free(c->srcs[i].origin);
	free(c->srcs);
	free(c->hints);
	free(c->fixbuf);
	if (c->nd)
		ndpi_exit_detection_module(c->nd);
	free(c);
}

void ifw_cls_reset(struct ifw_cls *c, struct ifw_model *m)
{
	drop_flows(c);
	for (size_t i = 0; i < c->n_srcs; i++)
		free(c->srcs[i].origin);
	c->n_srcs = 0;
	memset(c->hints, 0, HINT_SET_CAP * sizeof(*c->hints));
	c->n_hints = c->set_used = 0;
	c->n_names = 0;
	memset(&c->st, 0, sizeof(c->st));
	c->m = m;
}

int ifw_cls_add_src(struct ifw_cls *c, ifw_id iface, bool underlay, const char *origin)
{
	if (c->n_srcs >= UINT16_MAX)
		return -1;
	struct src *ns = realloc(c->srcs, (c->n_srcs + 1) * sizeof(*ns));
	if (!ns)
		return -1;
	c->srcs = ns;
	char *o = strdup(origin ? origin : "traffic");
	if (!o)
		return -1;
	c->srcs[c->n_srcs] = (struct src){.iface = iface, .underlay = underlay, .origin = o};
	return (int)c->n_srcs++;
}

/* --- the table ---------------------------------------------------------------------------- */

static int grow_table(struct ifw_cls *c)
{
	size_t ncap = c->tcap ? c->tcap * 2 : 4096;
	uint32_t *nt = calloc(ncap, sizeof(*nt));
	if (!nt)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		size_t j = (size_t)c->flows[i].hash & (ncap - 1);
		while (nt[j])
			j = (j + 1) & (ncap - 1);
		nt[j] = (uint32_t)i + 1;
	}
	free(c->table);
	c->table = nt;
	c->tcap = ncap;
	return 0;
}

/* The flow for k, created if new (NULL when the table is full or out of memory). */
static struct cflow *lookup(struct ifw_cls *c, const struct fkey *k, bool *created)
{
	*created = false;
	uint64_t h = hash_key(c, k);
	if (c->tcap) {
		for (size_t j = (size_t)h & (c->tcap - 1);; j = (j + 1) & (c->tcap - 1)) {
			uint32_t v = c->table[j];
			if (!v)
				break;
			struct cflow *f = &c->flows[v - 1];
			if (f->hash == h && memcmp(&f->key, k, sizeof(*k)) == 0)
				return f;
		}
	}
	if (c->n >= c->max_flows)
		return NULL;
	/* load factor at most 1/2 */
	if ((c->n + 1) * 2 > c->tcap && (c->tcap >= c->max_flows * 2 || grow_table(c) < 0))
		return NULL;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 1024;
		struct cflow *nf = realloc(c->flows, ncap * sizeof(*nf));
		if (!nf)
			return NULL;
		c->flows = nf;
		c->cap = ncap;
	}
	struct cflow *f = &c->flows[c->n];
	memset(f, 0, sizeof(*f));
	f->key = *k;
	f->hash = h;
	size_t j = (size_t)h & (c->tcap - 1);
	while (c->table[j])
		j = (j + 1) & (c->tcap - 1);
	c->table[j] = (uint32_t)++c->n;
	*created = true;
	return f;
}

/* --- names -------------------------------------------------------------------------------- */

static const char *keep(struct ifw_cls *c, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap - 1);
	return n ? ifw_model_strndup(c->m, s, n) : NULL;
}

static void hint(struct ifw_cls *c, const struct ifw_ip *ip, const char *name, const char *why)
{
	if (!name[0] || ifw_ip_is_any(ip))
		return;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < sizeof(ip->a); i++)
		h = (h ^ ip->a[i]) * 0x100000001b3ULL;
	for (const char *p = name; *p; p++)
		h = (h ^ (uint8_t)(*p | 0x20)) * 0x100000001b3ULL;
	h = mix(h ^ ip->family) | 1; /* 0 marks an empty slot */
	size_t j = (size_t)h & (HINT_SET_CAP - 1);
	while (c->hints[j]) {
		if (c->hints[j] == h)
			return;
		j = (j + 1) & (HINT_SET_CAP - 1);
	}
	bool full = c->n_hints >= IFW_CAP_MAX_HINTS;
	if (full)
		c->st.hints_dropped++;
	/* Dropped names are remembered too (while there is room) so each is counted once. */
	if (c->set_used < HINT_SET_CAP / 4 * 3) {
		c->hints[j] = h;
		c->set_used++;
	}
	if (full)
		return;
	c->n_hints++;
	ifw_model_add_name(c->m, ip, name, why);
}

static void dns_answer(void *ctx, const char *qname, const struct ifw_ip *ip)
{
	hint(ctx, ip, qname, "DNS answer");
}

/* The model interns nothing: keep one arena copy per protocol name. */
static const char *intern(struct ifw_cls *c, uint32_t key, const char *s)
{
	for (size_t i = 0; i < c->n_names; i++)
		if (c->names[i].key == key)
			return c->names[i].s;
	const char *copy = ifw_model_strdup(c->m, s);
	if (copy && c->n_names < sizeof(c->names) / sizeof(c->names[0]))
		c->names[c->n_names++] = (struct name_cache){key, copy};
	return copy;
}

/* --- per packet --------------------------------------------------------------------------- */

static void ndpi_done(struct ifw_cls *c, struct cflow *f, ndpi_protocol r)
{
	if (r.app_protocol != NDPI_PROTOCOL_UNKNOWN || r.master_protocol != NDPI_PROTOCOL_UNKNOWN) {
		f->master = r.master_protocol;
		f->app = r.app_protocol;
		f->category = (uint16_t)r.category;
		f->detected = true;
	}
	/* Server names are read from nDPI's flow struct (4.2 has no accessor for them). */
	if (f->nf && c->fields_ok && f->nf->host_server_name[0] && !f->server_name) {
		f->server_name = keep(c, f->nf->host_server_name,
		                      sizeof(f->nf->host_server_name) < IFW_CAP_NAME_MAX
		                          ? sizeof(f->nf->host_server_name)
		                          : IFW_CAP_NAME_MAX);
		uint16_t p = f->master ? f->master : f->app;
		const char *why = p == NDPI_PROTOCOL_TLS    ? "TLS SNI"
		                  : p == NDPI_PROTOCOL_QUIC ? "QUIC SNI"
		                  : p == NDPI_PROTOCOL_HTTP ? "HTTP Host"
		                                            : NULL;
		if (why && f->server_name) {
			struct ifw_ip server = {0};
			ifw_ip_set(&server, f->key.family, f->a_first ? f->key.b : f->key.a);
			hint(c, &server, f->server_name, why);
		}
	}
	if (f->nf) {
		ndpi_flow_free(f->nf);
		f->nf = NULL;
	}
	f->done = true;
}

static void ndpi_step(struct ifw_cls *c, struct cflow *f, const struct ifw_pkt *p, uint64_t ts_ms)
{
	if (!f->nf) {
		f->nf = ndpi_flow_malloc(c->nf_size);
		if (!f->nf) {
			f->done = true;
			return;
		}
		memset(f->nf, 0, c->nf_size);
	}
	const uint8_t *l3 = p->l3;
	size_t len = p->l3_len > 65535 ? 65535 : p->l3_len;
	if (p->truncated || len != p->l3_len) {
		/* nDPI drops packets whose IP length exceeds what it is given: give it the
		 * captured part as a whole packet. */
		memcpy(c->fixbuf, l3, len);
		if (p->family == AF_INET) {
			c->fixbuf[2] = (uint8_t)(len >> 8);
			c->fixbuf[3] = (uint8_t)len;
		} else if (len >= 40) {
			c->fixbuf[4] = (uint8_t)((len - 40) >> 8);
			c->fixbuf[5] = (uint8_t)(len - 40);
		}
		l3 = c->fixbuf;
	}
	ndpi_protocol r =
	    ndpi_detection_process_packet(c->nd, f->nf, l3, (unsigned short)len, ts_ms);
	f->ndpi_pkts++;
	if (r.app_protocol != NDPI_PROTOCOL_UNKNOWN || r.master_protocol != NDPI_PROTOCOL_UNKNOWN) {
		f->detected = true;
		f->master = r.master_protocol;
		f->app = r.app_protocol;
		f->category = (uint16_t)r.category;
		/* What we take from nDPI (the protocol, SNI, Host) is there once it names the
		 * flow; only look further while a name may still come (certificates and the like
		 * are not used). */
		if ((c->fields_ok && f->nf->host_server_name[0]) || f->ndpi_pkts >= IFW_CAP_EXTRA ||
		    !ndpi_extra_dissection_possible(c->nd, f->nf))
			ndpi_done(c, f, r);
		return;
	}
	if (f->ndpi_pkts >= IFW_CAP_GIVEUP) {
		uint8_t guessed = 0;
		ndpi_done(c, f, ndpi_detection_giveup(c->nd, f->nf, 0, &guessed));
	}
}

static void own_parsers(struct ifw_cls *c, struct cflow *f, const struct ifw_pkt *p)
{
	if (!p->payload || !p->payload_len)
		return;
	bool tcp = p->ip_proto == 6, udp = p->ip_proto == 17;
	if ((tcp || udp) && (p->sport == 53 || p->dport == 53)) {
		const uint8_t *d = p->payload;
		size_t n = p->payload_len;
		if (tcp && n > 2) { /* one message per segment, after its length */
			d += 2;
			n -= 2;
		}
		struct ifw_dns_info di;
		if (ifw_dns_parse(d, n, &di, dns_answer, c) == 0 && di.qname[0] && !f->server_name)
			f->server_name = keep(c, di.qname, sizeof(di.qname));
		return;
	}
	if (udp && (p->sport == 500 || p->dport == 500 || p->sport == 4500 || p->dport == 4500) &&
	    f->ike_tries < IKE_TRIES) {
		f->ike_tries++;
		const uint8_t *d = p->payload;
		size_t n = p->payload_len;
		bool natt = p->sport == 4500 || p->dport == 4500;
		if (natt && n == 1 && d[0] == 0xff)
			return; /* NAT-T keep-alive */
		if (natt && n >= 4 && !d[0] && !d[1] && !d[2] && !d[3]) {
			d += 4; /* non-ESP marker: IKE follows */
			n -= 4;
		} else if (natt && n >= 8) {
			f->esp = true; /* ESP in UDP: SPI, sequence number, ... */
			return;
		}
		if (ifw_ike_looks_valid(d, n))
			f->ike = true;
		return;
	}
	/* SIP, unless nDPI already named the flow something else. */
	if ((tcp || udp) && f->sip_tries < SIP_TRIES &&
	    !(f->detected && f->app != NDPI_PROTOCOL_SIP && f->master != NDPI_PROTOCOL_SIP) &&
	    !(f->sip_from && f->sip_to && f->sip_ua)) {
		f->sip_tries++;
		struct ifw_sip_info si;
		if (!ifw_sip_parse(p->payload, p->payload_len, &si))
			return;
		f->sip = true;
		if (!f->sip_from && si.from[0])
			f->sip_from = keep(c, si.from, sizeof(si.from));
		if (!f->sip_to && si.to[0])
			f->sip_to = keep(c, si.to, sizeof(si.to));
		if (!f->sip_ua && si.user_agent[0])
			f->sip_ua = keep(c, si.user_agent, sizeof(si.user_agent));
	}
}

void ifw_cls_packet(struct ifw_cls *c, int src, int linktype, const uint8_t *data, size_t caplen,
                    size_t wirelen, uint64_t ts_ms)
{
	c->st.packets++;
	struct ifw_pkt p;
	if (src < 0 || (size_t)src >= c->n_srcs || ifw_cap_decode(linktype, data, caplen, &p) < 0) {
		c->st.non_ip++;
		return;
	}
	if (p.fragment) {
		c->st.fragments++;
		return;
	}
	struct fkey k;
	memset(&k, 0, sizeof(k));
	size_t alen = p.family == AF_INET ? 4 : 16;
	int cmp = memcmp(p.src, p.dst, alen);
	bool src_is_a = cmp < 0 || (cmp == 0 && p.sport <= p.dport);
	memcpy(k.a, src_is_a ? p.src : p.dst, alen);
	memcpy(k.b, src_is_a ? p.dst : p.src, alen);
	k.pa = src_is_a ? p.sport : p.dport;
	k.pb = src_is_a ? p.dport : p.sport;
	k.src = (uint16_t)src;
	k.family = p.family;
	k.proto = p.ip_proto;
	bool created;
	struct cflow *f = lookup(c, &k, &created);
	if (!f) {
		c->st.untracked_packets++;
		return;
	}
	if (created)
		f->a_first = src_is_a;
	f->packets++;
	f->bytes += wirelen;
	if (!f->done)
		ndpi_step(c, f, &p, ts_ms);
	own_parsers(c, f, &p);
}

/* --- the end ------------------------------------------------------------------------------ */

static void name_flow(struct ifw_cls *c, const struct cflow *f, struct ifw_flow *out)
{
	if (f->detected) {
		uint16_t ma = f->master, ap = f->app;
		if (ma == ap)
			ma = NDPI_PROTOCOL_UNKNOWN;
		if (ma && ap) {
			char buf[96];
			snprintf(buf, sizeof(buf), "%s.%s", ndpi_get_proto_name(c->nd, ma),
			         ndpi_get_proto_name(c->nd, ap));
			out->app = intern(c, (uint32_t)ma << 16 | ap, buf);
		} else {
			uint16_t id = ap ? ap : ma;
			out->app = intern(c, id, ndpi_get_proto_name(c->nd, id));
		}
		out->category = intern(c, 0x80000000u | f->category,
		                       ndpi_category_get_name(c->nd, f->category));
		return;
	}
	/* Our own parsers: these saw the protocol's headers, they do not guess. */
	if (f->sip) {
		out->app = "SIP";
		out->category = "VoIP";
		return;
	}
	if (f->ike) {
		/* On 4500 the same flow carries ESP once the SA is up. */
		out->app = f->esp ? "IPsec" : "IKE";
		out->category = "VPN";
		return;
	}
	if (f->key.proto == 50 || f->key.proto == 51) {
		out->app = "IPsec";
		out->category = "VPN";
		return;
	}
	/* nDPI gave up: the usual protocol of the server's port, marked as a guess. */
	uint16_t first_dst = f->a_first ? f->key.pb : f->key.pa;
	uint16_t first_src = f->a_first ? f->key.pa : f->key.pb;
	const char *g = ifw_port_guess(f->key.proto, first_dst);
	if (!g)
		g = ifw_port_guess(f->key.proto, first_src);
	if (g) {
		out->app = g;
		out->category = "guessed by port";
		return;
	}
	out->app = "Unknown";
	out->category = NULL;
}

int ifw_cls_finish(struct ifw_cls *c, const char *what, struct ifw_err *err)
{
	for (size_t i = 0; i < c->n; i++) {
		struct cflow *f = &c->flows[i];
		if (f->nf) {
			uint8_t guessed = 0;
			ndpi_protocol r = f->detected
			                      ? (ndpi_protocol){f->master, f->app, f->category}
			                      : ndpi_detection_giveup(c->nd, f->nf, 0, &guessed);
			ndpi_done(c, f, r);
		}
		struct ifw_flow *out = ifw_model_add_flow(c->m);
		if (!out)
			return ifw_fail(err, IFW_E_NOMEM, "out of memory storing flows");
		const struct src *s = &c->srcs[f->key.src];
		out->iface = s->iface;
		out->underlay = s->underlay;
		out->ip_proto = f->key.proto;
		ifw_ip_set(&out->src, f->key.family, f->a_first ? f->key.a : f->key.b);
		ifw_ip_set(&out->dst, f->key.family, f->a_first ? f->key.b : f->key.a);
		out->sport = f->a_first ? f->key.pa : f->key.pb;
		out->dport = f->a_first ? f->key.pb : f->key.pa;
		out->packets = f->packets;
		out->bytes = f->bytes;
		name_flow(c, f, out);
		out->server_name = f->server_name;
		out->sip_from = f->sip_from;
		out->sip_to = f->sip_to;
		out->sip_user_agent = f->sip_ua;
		out->origin.src = intern(c, 0x40000000u | f->key.src, s->origin);
	}
	if (c->st.untracked_packets)
		ifw_model_warn(
		    c->m,
		    "%s: more than %zu flows; %llu packets of later flows were not classified",
		    what, c->max_flows, (unsigned long long)c->st.untracked_packets);
	if (c->st.hints_dropped)
		ifw_model_warn(c->m,
		               "%s: more than %d address names seen (DNS answers, SNI, HTTP Host); "
		               "the first %d were kept (%llu later sightings were not)",
		               what, IFW_CAP_MAX_HINTS, IFW_CAP_MAX_HINTS,
		               (unsigned long long)c->st.hints_dropped);
	c->st.flows = c->n;
	drop_flows(c);
	if (ifw_model_index_flows(c->m) < 0)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory indexing flows");
	return 0;
}

void ifw_cls_get_stats(const struct ifw_cls *c, struct ifw_cls_stats *s)
{
	*s = c->st;
	if (c->n)
		s->flows = c->n;
}

size_t ifw_cls_flow_count(const struct ifw_cls *c)
{
	return c->n;
}
