/* The socket owner outranks the classifier (see capture.h). nDPI guesses from a few packets:
 * OpenVPN's data packets on UDP 1194 can look like RTP to it, and it says so with the same
 * voice as a real detection. The process that holds the socket is a fact of this host, and
 * what that software speaks is in the knowledge: when the two disagree the owner wins, and the
 * classifier's word stays as a note. */
#include "capture/capture.h"
#include "know/know.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Does the socket hold this end of the flow (addr:port here, other:oport the far end)? */
static bool holds(const struct ifw_model *m, const struct ifw_socket *s, const struct ifw_ip *addr,
                  uint16_t port, const struct ifw_ip *other, uint16_t oport)
{
	if (s->lport != port || s->family != addr->family)
		return false;
	if (ifw_ip_is_any(&s->local)) {
		/* Bound to every address: only where the address is one of its namespace's. */
		if (ifw_model_iface_by_addr(m, s->ns, addr) == IFW_NOID)
			return false;
	} else if (!ifw_ip_eq(&s->local, addr)) {
		return false;
	}
	if (s->rport && (s->rport != oport || !ifw_ip_eq(&s->remote, other)))
		return false;
	return true;
}

static ifw_id socket_owner(const struct ifw_model *m, const struct ifw_socket *s)
{
	for (size_t i = 0; i < s->fdrefs.n; i++) {
		ifw_id p = m->fdrefs.v[s->fdrefs.v[i]].proc;
		if (p != IFW_NOID)
			return p;
	}
	return IFW_NOID;
}

/* What the owner speaks on a socket bound to lport: its tunnel protocol, else the port's
 * protocol when the port entry is about the same software. NULL when the knowledge does not
 * say. */
static const char *owner_speaks(const struct ifw_model *m, const struct ifw_kb *kb, ifw_id proc,
                                const char *proto, uint16_t lport, bool *tunnel)
{
	const struct ifw_process *p = &m->procs.v[proc];
	const struct ifw_kb_process *k = ifw_kb_process(kb, p->comm, p->exe, p->cmdline);
	/* A process may call itself anything: its executable must agree with the name. */
	if (!k || !ifw_kb_process_exe_agrees(k, p->exe))
		return NULL;
	*tunnel = k->tunnel != NULL;
	if (k->tunnel)
		return k->tunnel;
	const struct ifw_kb_port *pt = ifw_kb_port(kb, proto, lport);
	if (pt && pt->name && k->role != IFW_KB_PROC_NONE &&
	    ((k->role == IFW_KB_PROC_VOIP &&
	      (pt->role == IFW_KB_PORT_VOIP_MEDIA || pt->role == IFW_KB_PORT_VOIP_SIGNAL)) ||
	     (k->software && strcasecmp(k->software, pt->name) == 0)))
		return pt->name;
	return NULL;
}

/* Whether the classifier's label is a name for the owner's protocol. */
static bool agrees(const char *label, const char *speaks)
{
	if (strcasecmp(label, speaks) == 0 || strcasestr(label, speaks))
		return true;
	/* IPsec daemons speak IKE on 500/4500 and carry ESP in UDP on 4500. */
	if (strcasecmp(speaks, "IPsec") == 0)
		return strcasecmp(label, "IKE") == 0 || strcasecmp(label, "ESP") == 0;
	return false;
}

/* Sockets by (protocol, local port), so that each flow looks only at its two ports' sockets:
 * a sample holds up to IFW_CAP_MAX_FLOWS flows, a host thousands of sockets. */
struct by_port {
	uint32_t key; /* proto << 16 | lport */
	ifw_id sock;
};

static int cmp_key(const void *a, const void *b)
{
	uint32_t x = ((const struct by_port *)a)->key, y = ((const struct by_port *)b)->key;
	return x < y ? -1 : x > y;
}

/* The first entry with key, or NULL. */
static const struct by_port *first(const struct by_port *v, size_t n, uint32_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].key == key ? &v[lo] : NULL;
}

void ifw_capture_settle_owners(struct ifw_model *m, const struct ifw_kb *kb)
{
	if (!m->flows.n || !m->sockets.n)
		return;
	struct by_port *idx = calloc(m->sockets.n, sizeof(*idx));
	if (!idx) {
		ifw_model_warn(m, "out of memory: flows were not tied to their sockets' owners");
		return;
	}
	size_t n_idx = 0;
	for (size_t k = 0; k < m->sockets.n; k++) {
		const struct ifw_socket *s = &m->sockets.v[k];
		if ((s->proto == IFW_P_UDP || s->proto == IFW_P_TCP) && s->lport)
			idx[n_idx++] =
			    (struct by_port){(uint32_t)s->proto << 16 | s->lport, (ifw_id)k};
	}
	qsort(idx, n_idx, sizeof(*idx), cmp_key);
	for (size_t i = 0; i < m->flows.n; i++) {
		struct ifw_flow *f = &m->flows.v[i];
		uint8_t sp = f->ip_proto == IPPROTO_UDP   ? IFW_P_UDP
		             : f->ip_proto == IPPROTO_TCP ? IFW_P_TCP
		                                          : 0;
		if (!sp || (!f->sport && !f->dport))
			continue;
		const char *proto = sp == IFW_P_UDP ? "udp" : "tcp";
		ifw_id owner = IFW_NOID;
		uint16_t owner_lport = 0;
		const char *speaks = NULL;
		bool tunnel = false, ambiguous = false;
		const struct by_port *cand[2] = {
		    first(idx, n_idx, (uint32_t)sp << 16 | f->sport),
		    f->dport != f->sport ? first(idx, n_idx, (uint32_t)sp << 16 | f->dport) : NULL};
		for (int c = 0; c < 2; c++)
			for (const struct by_port *b = cand[c];
			     b && b < idx + n_idx && b->key == cand[c]->key && !ambiguous; b++) {
				const struct ifw_socket *s = &m->sockets.v[b->sock];
				uint16_t lport;
				if (holds(m, s, &f->src, f->sport, &f->dst, f->dport))
					lport = f->sport;
				else if (holds(m, s, &f->dst, f->dport, &f->src, f->sport))
					lport = f->dport;
				else
					continue;
				ifw_id p = socket_owner(m, s);
				if (p == IFW_NOID || p == owner)
					continue;
				bool t = false;
				const char *sk =
				    kb ? owner_speaks(m, kb, p, proto, lport, &t) : NULL;
				if (owner == IFW_NOID) {
					owner = p;
					owner_lport = lport;
					speaks = sk;
					tunnel = t;
				} else if (!speaks || !sk || strcmp(speaks, sk) != 0) {
					/* Two holders that speak differently (both ends on this
					 * host, or a port bound in several namespaces): no owner is
					 * sure. */
					ambiguous = true;
				}
			}
		if (owner == IFW_NOID || ambiguous)
			continue;
		f->owner = owner;
		if (!speaks || (f->app && agrees(f->app, speaks)))
			continue;
		/* A tunnel daemon speaks other protocols on other sockets (OpenVPN resolving its
		 * remote: DNS to port 53): a label that a port of the flow stands for is kept. */
		uint16_t far_port = owner_lport == f->sport ? f->dport : f->sport;
		const struct ifw_kb_port *pf = kb ? ifw_kb_port(kb, proto, far_port) : NULL;
		const struct ifw_kb_port *pl = kb ? ifw_kb_port(kb, proto, owner_lport) : NULL;
		if (f->app && ((pf && pf->name && agrees(f->app, pf->name)) ||
		               (pl && pl->name && agrees(f->app, pl->name))))
			continue;
		/* A label of nDPI's (or of our parsers) is kept as the note; a port guess or
		 * "Unknown" was never a finding of its own. */
		bool guessed = f->category && strcmp(f->category, "guessed by port") == 0;
		if (f->app && !guessed && strcmp(f->app, "Unknown") != 0)
			f->classifier_app = f->app;
		f->app = speaks;
		f->app_source = "socket owner";
		f->category = tunnel ? "VPN" : NULL;
	}
	free(idx);
}
