#include "infer/index.h"
#include "infer/typed_cmds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word_hits {
	ifw_id procs[4];
	uint8_t n; /* capped at 5: "more than four" */
};

struct ifw_infer_index {
	const struct ifw_model *m;
	const struct ifw_kb *kb;
	const struct ifw_kb_process **proc_kb;
	uint8_t *proc_kb_done;
	ifw_id *by_ns;    /* process ids grouped by namespace, each group by pid */
	size_t *ns_start; /* netns.n + 1 offsets into by_ns */
	ifw_id *unconfirmed;
	size_t n_unconfirmed;
	bool words_built, makers_built;
	ifw_id *makers;
	size_t n_makers;
	struct ifw_idmap same_name; /* hash(comm, exe, argv[0]) -> a process looked up with them */
	struct ifw_idmap words;     /* hash(word) -> index into hits */
	struct word_hits *hits;
	size_t n_hits, cap_hits;
	bool logc_built, logc_ok, pidc_built, pidc_ok;
	struct ifw_idmap pid_comm;              /* hash(ns, pid, comm[0..15)) -> a process */
	struct ifw_idmap logc_last, logc_count; /* hash(ifname) -> last logcreate, how many */
	bool anpi_built, anpi_ok;
	struct ifw_idmap anpi;         /* hash(ns, MAC's first 5 bytes) -> an anpi* interface */
	struct ifw_typed_index *typed; /* typed commands, read on first use */
	int cellular;                  /* -1 not looked yet; else whether a cellular context is */
	bool typed_built;
	bool sib_built, sib_ok;
	struct ifw_idmap sib; /* hash(ns, LA form of a UA MAC, one byte left out) -> interface */
	bool by_name_built, by_name_ok;
	struct ifw_idmap by_name; /* hash(ns, name) -> an interface */
	bool port_mac_built, port_mac_ok;
	struct ifw_idmap port_mac; /* hash(ns, MAC) -> an interface with a master */
	bool net_built, net_ok;
	/* hash(ns, network, prefix length) -> the interface addressed in it */
	struct ifw_idmap nets;
	bool routed_built, routed_ok;
	/* hash(ns, destination, length) -> the interface routes lead into, ROUTED_SHARED when
	 * several do */
	struct ifw_idmap routed;
};

static uint64_t word_key(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h & ~(1ULL << 63);
}

static int group_by_ns(struct ifw_infer_index *x)
{
	const struct ifw_model *m = x->m;
	size_t nn = m->netns.n;
	x->ns_start = calloc(nn + 2, sizeof(*x->ns_start));
	x->by_ns = malloc((m->procs.n ? m->procs.n : 1) * sizeof(*x->by_ns));
	if (!x->ns_start || !x->by_ns)
		return -1;
	for (size_t i = 0; i < m->procs.n; i++) {
		const struct ifw_process *p = &m->procs.v[i];
		if (p->comm && p->ns < nn)
			x->ns_start[p->ns + 1]++;
	}
	for (size_t k = 0; k < nn; k++)
		x->ns_start[k + 1] += x->ns_start[k];
	size_t *fill = calloc(nn + 1, sizeof(*fill));
	if (!fill)
		return -1;
	/* Processes come from /proc in pid order, or from evidence in its order: a stable pass
	 * keeps that order within each namespace. */
	for (size_t i = 0; i < m->procs.n; i++) {
		const struct ifw_process *p = &m->procs.v[i];
		if (p->comm && p->ns < nn)
			x->by_ns[x->ns_start[p->ns] + fill[p->ns]++] = (ifw_id)i;
	}
	free(fill);
	return 0;
}

static int unconfirmed_tuns(struct ifw_infer_index *x)
{
	const struct ifw_model *m = x->m;
	for (size_t i = 0; i < m->fdrefs.n; i++) {
		const struct ifw_fdref *fd = &m->fdrefs.v[i];
		if (fd->type != IFW_FD_TUN || fd->tun_ns_confirmed || !fd->tun_name)
			continue;
		ifw_id *v = realloc(x->unconfirmed, (x->n_unconfirmed + 1) * sizeof(*v));
		if (!v)
			return -1;
		x->unconfirmed = v;
		x->unconfirmed[x->n_unconfirmed++] = (ifw_id)i;
	}
	return 0;
}

struct ifw_infer_index *ifw_infer_index_new(const struct ifw_model *m, const struct ifw_kb *kb)
{
	struct ifw_infer_index *x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	x->m = m;
	x->kb = kb;
	x->cellular = -1;
	ifw_idmap_init(&x->words);
	ifw_idmap_init(&x->same_name);
	size_t np = m->procs.n ? m->procs.n : 1;
	x->proc_kb = calloc(np, sizeof(*x->proc_kb));
	x->proc_kb_done = calloc(np, 1);
	if (!x->proc_kb || !x->proc_kb_done || group_by_ns(x) < 0 || unconfirmed_tuns(x) < 0) {
		ifw_infer_index_free(x);
		return NULL;
	}
	return x;
}

void ifw_infer_index_free(struct ifw_infer_index *x)
{
	if (!x)
		return;
	free(x->proc_kb);
	free(x->proc_kb_done);
	free(x->by_ns);
	free(x->ns_start);
	free(x->unconfirmed);
	free(x->makers);
	ifw_idmap_free(&x->words);
	ifw_idmap_free(&x->same_name);
	ifw_idmap_free(&x->logc_last);
	ifw_idmap_free(&x->pid_comm);
	ifw_idmap_free(&x->anpi);
	ifw_idmap_free(&x->sib);
	ifw_idmap_free(&x->port_mac);
	ifw_idmap_free(&x->nets);
	ifw_idmap_free(&x->routed);
	ifw_idmap_free(&x->by_name);
	ifw_typed_index_free(x->typed);
	ifw_idmap_free(&x->logc_count);
	free(x->hits);
	free(x);
}

/* What the knowledge lookup reads of a process: its comm, exe and the first word of its
 * command line. */
static uint64_t name_key(const struct ifw_process *p)
{
	uint64_t h = 1469598103934665603ULL;
	const char *parts[3] = {p->comm, p->exe, p->cmdline};
	for (size_t k = 0; k < 3; k++) {
		const char *s = parts[k];
		size_t n = !s ? 0 : k == 2 ? strcspn(s, " ") : strlen(s);
		h = (h ^ (s ? 0x100u + k : 0x200u + k)) * 1099511628211ULL;
		for (size_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	}
	return h & ~(1ULL << 63);
}

static bool same_str(const char *a, const char *b, size_t n_a, size_t n_b)
{
	return (!a && !b) || (a && b && n_a == n_b && memcmp(a, b, n_a) == 0);
}

static size_t first_word(const char *s)
{
	return s ? strcspn(s, " ") : 0;
}

static bool same_names(const struct ifw_process *p, const struct ifw_process *q)
{
	return same_str(p->comm, q->comm, p->comm ? strlen(p->comm) : 0,
	                q->comm ? strlen(q->comm) : 0) &&
	       same_str(p->exe, q->exe, p->exe ? strlen(p->exe) : 0, q->exe ? strlen(q->exe) : 0) &&
	       same_str(p->cmdline, q->cmdline, first_word(p->cmdline), first_word(q->cmdline));
}

const struct ifw_kb_process *ifw_index_proc_kb(struct ifw_infer_index *x, ifw_id proc)
{
	if (proc == IFW_NOID || proc >= x->m->procs.n)
		return NULL;
	if (!x->proc_kb_done[proc]) {
		/* A node runs many processes of one program (a pause process per pod, a shim per
		 * container): the knowledge is searched once per name, not once per process. */
		const struct ifw_process *p = &x->m->procs.v[proc];
		uint64_t key = name_key(p);
		ifw_id q = ifw_idmap_get(&x->same_name, key);
		if (q != IFW_NOID && same_names(p, &x->m->procs.v[q])) {
			x->proc_kb[proc] = x->proc_kb[q];
		} else {
			x->proc_kb[proc] = ifw_kb_process(x->kb, p->comm, p->exe, p->cmdline);
			if (q == IFW_NOID)
				ifw_idmap_put(&x->same_name, key,
				              proc); /* out of memory: no shortcut */
		}
		x->proc_kb_done[proc] = 1;
	}
	return x->proc_kb[proc];
}

const ifw_id *ifw_index_ns_procs(const struct ifw_infer_index *x, ifw_id ns, size_t *n)
{
	if (ns == IFW_NOID || ns >= x->m->netns.n) {
		*n = 0;
		return NULL;
	}
	*n = x->ns_start[ns + 1] - x->ns_start[ns];
	return x->by_ns + x->ns_start[ns];
}

const ifw_id *ifw_index_unconfirmed_tuns(const struct ifw_infer_index *x, size_t *n)
{
	*n = x->n_unconfirmed;
	return x->unconfirmed;
}

const ifw_id *ifw_index_makers(struct ifw_infer_index *x, size_t *n)
{
	if (!x->makers_built) {
		x->makers_built = true;
		for (size_t i = 0; i < x->m->procs.n; i++) {
			const struct ifw_kb_process *k = ifw_index_proc_kb(x, (ifw_id)i);
			if (!k || !k->n_makes || !x->m->procs.v[i].comm)
				continue;
			ifw_id *v = realloc(x->makers, (x->n_makers + 1) * sizeof(*v));
			if (!v)
				break;
			x->makers = v;
			x->makers[x->n_makers++] = (ifw_id)i;
		}
	}
	*n = x->n_makers;
	return x->makers;
}

static int add_word(struct ifw_infer_index *x, const char *w, size_t len, ifw_id proc)
{
	if (!len || len > 64)
		return 0;
	uint64_t key = word_key(w, len);
	ifw_id h = ifw_idmap_get(&x->words, key);
	if (h == IFW_NOID) {
		if (x->n_hits == x->cap_hits) {
			size_t cap = x->cap_hits ? x->cap_hits * 2 : 256;
			struct word_hits *v = realloc(x->hits, cap * sizeof(*v));
			if (!v)
				return -1;
			x->hits = v;
			x->cap_hits = cap;
		}
		h = (ifw_id)x->n_hits++;
		x->hits[h].n = 0;
		if (ifw_idmap_put(&x->words, key, h) < 0)
			return -1;
	}
	struct word_hits *wh = &x->hits[h];
	for (uint8_t i = 0; i < wh->n && i < 4; i++)
		if (wh->procs[i] == proc)
			return 0;
	if (wh->n < 4)
		wh->procs[wh->n] = proc;
	if (wh->n < 5)
		wh->n++;
	return 0;
}

/* Every word of a command line but the program's own name, and the values inside words
 * ("--dev=tun0", "TUN:10.0.0.1/24,tun-name=tcptun0", bhyve's "-s 5:0,virtio-net,tap13,mac=..."). */
static int index_cmdline(struct ifw_infer_index *x, const char *s, ifw_id proc)
{
	bool first = true;
	while (*s) {
		while (*s == ' ')
			s++;
		const char *w = s;
		while (*s && *s != ' ')
			s++;
		size_t len = (size_t)(s - w);
		if (!len)
			break;
		if (first) {
			first = false;
			continue;
		}
		if (add_word(x, w, len, proc) < 0)
			return -1;
		for (size_t i = 1; i < len; i++) {
			if (w[i - 1] != '=' && w[i - 1] != ':' && w[i - 1] != ',')
				continue;
			size_t e = i;
			while (e < len && w[e] != ',')
				e++;
			if (add_word(x, w + i, e - i, proc) < 0)
				return -1;
		}
	}
	return 0;
}

const ifw_id *ifw_index_cmdline_word(struct ifw_infer_index *x, const char *word, size_t *n)
{
	*n = 0;
	if (!x->words_built) {
		x->words_built = true;
		for (size_t i = 0; i < x->m->procs.n; i++)
			if (x->m->procs.v[i].cmdline &&
			    index_cmdline(x, x->m->procs.v[i].cmdline, (ifw_id)i) < 0)
				return NULL;
	}
	ifw_id h = ifw_idmap_get(&x->words, word_key(word, strlen(word)));
	if (h == IFW_NOID)
		return NULL;
	*n = x->hits[h].n;
	return x->hits[h].procs;
}

/* How much a logged creation says of who made the interface: no program named, a program the
 * knowledge does not know (any user may log under any tag), a known program (its tag is anyone's
 * too), a daemon's own listing (a command's output, which no user's log line is). */
static int logcreate_rank(const struct ifw_infer_index *x, const struct ifw_logcreate *lc)
{
	/* a container's or anyone's words hide no host's; a person's sentence or two listings
	 * around a command are guesses, no program's word */
	if (!lc->comm || lc->container || lc->tagless || lc->said || lc->appeared_after)
		return 0;
	if (lc->how)
		return 3;
	return ifw_kb_process(x->kb, lc->comm, NULL, NULL) ? 2 : 1;
}

static bool build_logcreates(struct ifw_infer_index *x)
{
	const struct ifw_model *m = x->m;
	ifw_idmap_init(&x->logc_last);
	ifw_idmap_init(&x->logc_count);
	for (size_t i = 0; i < m->logcreates.n; i++) {
		const char *name = m->logcreates.v[i].ifname;
		if (!name)
			continue;
		uint64_t key = word_key(name, strlen(name));
		uint32_t c = ifw_idmap_get(&x->logc_count, key);
		/* the last creation counts, but a line that says less of its program does not
		 * hide an earlier one that says more (any user writes untagged lines to a file,
		 * and logs under any tag) */
		uint32_t prev = ifw_idmap_get(&x->logc_last, key);
		bool keep = prev != UINT32_MAX && logcreate_rank(x, &m->logcreates.v[i]) <
		                                      logcreate_rank(x, &m->logcreates.v[prev]);
		if ((!keep && ifw_idmap_put(&x->logc_last, key, (uint32_t)i) < 0) ||
		    ifw_idmap_put(&x->logc_count, key, c == UINT32_MAX ? 1 : c + 1) < 0)
			return false;
	}
	return true;
}

const struct ifw_logcreate *ifw_index_logcreate(struct ifw_infer_index *x, const char *name,
                                                size_t *count)
{
	const struct ifw_model *m = x->m;
	*count = 0;
	if (!x->logc_built) {
		x->logc_built = true;
		x->logc_ok = build_logcreates(x);
	}
	if (x->logc_ok) {
		uint64_t key = word_key(name, strlen(name));
		uint32_t i = ifw_idmap_get(&x->logc_last, key);
		if (i == UINT32_MAX)
			return NULL;
		if (strcmp(m->logcreates.v[i].ifname, name) == 0) {
			*count = ifw_idmap_get(&x->logc_count, key);
			return &m->logcreates.v[i];
		}
		/* two names of one hash: counted below */
	}
	const struct ifw_logcreate *last = NULL;
	for (size_t i = 0; i < m->logcreates.n; i++)
		if (m->logcreates.v[i].ifname && strcmp(m->logcreates.v[i].ifname, name) == 0) {
			if (!last ||
			    logcreate_rank(x, &m->logcreates.v[i]) >= logcreate_rank(x, last))
				last = &m->logcreates.v[i];
			(*count)++;
		}
	return last;
}

static uint64_t pid_comm_key(ifw_id ns, int32_t pid, const char *comm)
{
	char buf[64];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "%u/%d/%.15s", (unsigned)ns, (int)pid, comm);
	return word_key(buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
}

ifw_id ifw_index_proc_pid_comm(struct ifw_infer_index *x, ifw_id ns, int32_t pid, const char *comm)
{
	const struct ifw_model *m = x->m;
	if (!x->pidc_built) {
		x->pidc_built = true;
		x->pidc_ok = true;
		ifw_idmap_init(&x->pid_comm);
		for (size_t i = m->procs.n; i-- > 0;) { /* the first one of a key wins */
			const struct ifw_process *p = &m->procs.v[i];
			if (p->comm &&
			    ifw_idmap_put(&x->pid_comm, pid_comm_key(p->ns, p->pid, p->comm),
			                  (uint32_t)i) < 0) {
				x->pidc_ok = false;
				break;
			}
		}
	}
	if (x->pidc_ok) {
		uint32_t i = ifw_idmap_get(&x->pid_comm, pid_comm_key(ns, pid, comm));
		if (i == UINT32_MAX)
			return IFW_NOID;
		const struct ifw_process *p = &m->procs.v[i];
		if (p->ns == ns && p->pid == pid && strncmp(p->comm, comm, 15) == 0)
			return (ifw_id)i;
	}
	for (size_t i = 0; i < m->procs.n; i++) { /* out of memory, or two keys of one hash */
		const struct ifw_process *p = &m->procs.v[i];
		if (p->ns == ns && p->pid == pid && p->comm && strncmp(p->comm, comm, 15) == 0)
			return (ifw_id)i;
	}
	return IFW_NOID;
}

static bool anpi_match(const struct ifw_iface *o, ifw_id ns, const uint8_t *mac)
{
	return o->ns == ns && o->name && strncmp(o->name, "anpi", 4) == 0 && o->mac_len == 6 &&
	       memcmp(o->mac, mac, 5) == 0;
}

static uint64_t anpi_key(ifw_id ns, const uint8_t *mac)
{
	uint8_t buf[9];
	memcpy(buf, &ns, 4);
	memcpy(buf + 4, mac, 5);
	return word_key((const char *)buf, sizeof(buf));
}

ifw_id ifw_index_anpi_block(struct ifw_infer_index *x, ifw_id ns, const uint8_t *mac)
{
	const struct ifw_model *m = x->m;
	if (!x->anpi_built) {
		x->anpi_built = true;
		x->anpi_ok = true;
		ifw_idmap_init(&x->anpi);
		for (size_t i = m->ifaces.n; i-- > 0;) { /* the first one of a key wins */
			const struct ifw_iface *o = &m->ifaces.v[i];
			if (anpi_match(o, o->ns, o->mac) &&
			    ifw_idmap_put(&x->anpi, anpi_key(o->ns, o->mac), (uint32_t)i) < 0) {
				x->anpi_ok = false;
				break;
			}
		}
	}
	if (x->anpi_ok) {
		uint32_t i = ifw_idmap_get(&x->anpi, anpi_key(ns, mac));
		if (i == UINT32_MAX)
			return IFW_NOID;
		if (anpi_match(&m->ifaces.v[i], ns, mac))
			return (ifw_id)i;
	}
	for (size_t i = 0; i < m->ifaces.n; i++) /* out of memory, or two keys of one hash */
		if (anpi_match(&m->ifaces.v[i], ns, mac))
			return (ifw_id)i;
	return IFW_NOID;
}

/* A universally administered unicast MAC, not all zeros. */
static bool ua_mac(const struct ifw_iface *o)
{
	if (o->mac_len != 6 || (o->mac[0] & 0x03))
		return false;
	for (int i = 0; i < 6; i++)
		if (o->mac[i])
			return true;
	return false;
}

/* Whether mac (locally administered) is o's MAC with the local bit set and at most one other
 * byte changed. */
static bool sibling_match(const struct ifw_iface *o, ifw_id ns, const uint8_t *mac)
{
	if (o->ns != ns || !ua_mac(o) || (o->mac[0] | 0x02) != mac[0])
		return false;
	int diff = 0;
	for (int i = 1; i < 6; i++)
		diff += o->mac[i] != mac[i];
	return diff <= 1;
}

/* The key of a MAC's local form with byte `skip` (1..5) left out. */
static uint64_t sib_key(ifw_id ns, const uint8_t *mac, int skip)
{
	uint8_t buf[11];
	memcpy(buf, &ns, 4);
	buf[4] = (uint8_t)(mac[0] | 0x02);
	for (int i = 1, k = 5; i < 6; i++)
		if (i != skip)
			buf[k++] = mac[i];
	buf[9] = (uint8_t)skip;
	buf[10] = 0x5a;
	return word_key((const char *)buf, sizeof(buf));
}

ifw_id ifw_index_mac_sibling(struct ifw_infer_index *x, ifw_id ns, const uint8_t *mac)
{
	const struct ifw_model *m = x->m;
	if (!(mac[0] & 0x02) || (mac[0] & 0x01))
		return IFW_NOID;
	if (!x->sib_built) {
		x->sib_built = true;
		x->sib_ok = true;
		ifw_idmap_init(&x->sib);
		for (size_t i = m->ifaces.n; i-- > 0 && x->sib_ok;) { /* the first one wins */
			const struct ifw_iface *o = &m->ifaces.v[i];
			if (!ua_mac(o))
				continue;
			for (int skip = 1; skip < 6; skip++)
				if (ifw_idmap_put(&x->sib, sib_key(o->ns, o->mac, skip),
				                  (uint32_t)i) < 0) {
					x->sib_ok = false;
					break;
				}
		}
	}
	if (x->sib_ok) {
		for (int skip = 1; skip < 6; skip++) {
			uint32_t i = ifw_idmap_get(&x->sib, sib_key(ns, mac, skip));
			if (i != UINT32_MAX && sibling_match(&m->ifaces.v[i], ns, mac))
				return (ifw_id)i;
		}
		return IFW_NOID;
	}
	for (size_t i = 0; i < m->ifaces.n; i++) /* out of memory */
		if (sibling_match(&m->ifaces.v[i], ns, mac))
			return (ifw_id)i;
	return IFW_NOID;
}

static uint64_t ns_name_key(ifw_id ns, const char *name)
{
	char buf[96];
	int n = snprintf(buf, sizeof(buf), "%u/%.64s", (unsigned)ns, name);
	return word_key(buf, n > 0 && (size_t)n < sizeof(buf) ? (size_t)n : 0);
}

ifw_id ifw_index_iface_named(struct ifw_infer_index *x, ifw_id ns, const char *name)
{
	const struct ifw_model *m = x->m;
	if (!x->by_name_built) {
		x->by_name_built = true;
		x->by_name_ok = true;
		ifw_idmap_init(&x->by_name);
		for (size_t i = m->ifaces.n; i-- > 0 && x->by_name_ok;) /* the first one wins */
			if (m->ifaces.v[i].name &&
			    ifw_idmap_put(&x->by_name,
			                  ns_name_key(m->ifaces.v[i].ns, m->ifaces.v[i].name),
			                  (uint32_t)i) < 0)
				x->by_name_ok = false;
	}
	if (x->by_name_ok) {
		uint32_t i = ifw_idmap_get(&x->by_name, ns_name_key(ns, name));
		return i != UINT32_MAX && m->ifaces.v[i].ns == ns &&
		               strcmp(m->ifaces.v[i].name, name) == 0
		           ? (ifw_id)i
		           : IFW_NOID;
	}
	for (size_t i = 0; i < m->ifaces.n; i++) /* out of memory */
		if (m->ifaces.v[i].ns == ns && m->ifaces.v[i].name &&
		    strcmp(m->ifaces.v[i].name, name) == 0)
			return (ifw_id)i;
	return IFW_NOID;
}

static bool port_mac_match(const struct ifw_iface *o, ifw_id ns, const uint8_t *mac)
{
	return o->ns == ns && o->master != IFW_NOID && o->mac_len == 6 &&
	       memcmp(o->mac, mac, 6) == 0;
}

static uint64_t port_mac_key(ifw_id ns, const uint8_t *mac)
{
	uint8_t buf[11];
	memcpy(buf, &ns, 4);
	memcpy(buf + 4, mac, 6);
	buf[10] = 0xa5;
	return word_key((const char *)buf, sizeof(buf));
}

ifw_id ifw_index_port_with_mac(struct ifw_infer_index *x, ifw_id ns, const uint8_t *mac)
{
	const struct ifw_model *m = x->m;
	if (!x->port_mac_built) {
		x->port_mac_built = true;
		x->port_mac_ok = true;
		ifw_idmap_init(&x->port_mac);
		for (size_t i = m->ifaces.n; i-- > 0 && x->port_mac_ok;) { /* the first one wins */
			const struct ifw_iface *o = &m->ifaces.v[i];
			if (o->master != IFW_NOID && o->mac_len == 6 &&
			    ifw_idmap_put(&x->port_mac, port_mac_key(o->ns, o->mac), (uint32_t)i) <
			        0)
				x->port_mac_ok = false;
		}
	}
	if (x->port_mac_ok) {
		uint32_t i = ifw_idmap_get(&x->port_mac, port_mac_key(ns, mac));
		return i != UINT32_MAX && port_mac_match(&m->ifaces.v[i], ns, mac) ? (ifw_id)i
		                                                                   : IFW_NOID;
	}
	for (size_t i = 0; i < m->ifaces.n; i++) /* out of memory */
		if (port_mac_match(&m->ifaces.v[i], ns, mac))
			return (ifw_id)i;
	return IFW_NOID;
}

static uint64_t net_key(ifw_id ns, const struct ifw_ip *net, unsigned plen)
{
	uint8_t buf[4 + 1 + 16 + 1];
	memcpy(buf, &ns, 4);
	buf[4] = net->family;
	memcpy(buf + 5, net->a, 16);
	buf[21] = (uint8_t)plen;
	return word_key((const char *)buf, sizeof(buf));
}

/* Whether f holds an address of network net/plen. */
static bool holds_net(const struct ifw_model *m, const struct ifw_iface *f, ifw_id id,
                      const struct ifw_ip *net, unsigned plen)
{
	for (size_t k = 0; k < f->addrs.n; k++) {
		const struct ifw_addr *a = &m->addrs.v[f->addrs.v[k]];
		if (a->iface == id && a->plen == plen && ifw_ip_in_prefix(&a->ip, net, plen))
			return true;
	}
	return false;
}

ifw_id ifw_index_net_holder(struct ifw_infer_index *x, ifw_id ns, const struct ifw_ip *dst,
                            unsigned plen)
{
	const struct ifw_model *m = x->m;
	if (!dst || !dst->family || plen == 0)
		return IFW_NOID;
	struct ifw_ip net = ifw_ip_network(dst, plen);
	if (!x->net_built) {
		x->net_built = true;
		x->net_ok = true;
		ifw_idmap_init(&x->nets);
		for (size_t k = m->addrs.n; k-- > 0 && x->net_ok;) { /* the first one wins */
			const struct ifw_addr *a = &m->addrs.v[k];
			if (a->iface >= m->ifaces.n || !a->plen)
				continue;
			struct ifw_ip n = ifw_ip_network(&a->ip, a->plen);
			if (ifw_idmap_put(&x->nets, net_key(m->ifaces.v[a->iface].ns, &n, a->plen),
			                  (uint32_t)a->iface) < 0)
				x->net_ok = false;
		}
	}
	if (!x->net_ok)
		return IFW_NOID; /* out of memory: none said */
	uint32_t i = ifw_idmap_get(&x->nets, net_key(ns, &net, plen));
	if (i == UINT32_MAX || i >= m->ifaces.n || m->ifaces.v[i].ns != ns ||
	    !holds_net(m, &m->ifaces.v[i], (ifw_id)i, &net, plen))
		return IFW_NOID;
	return (ifw_id)i;
}

#define ROUTED_SHARED (UINT32_MAX - 1)

bool ifw_index_route_shared(struct ifw_infer_index *x, ifw_id ns, const struct ifw_ip *dst,
                            unsigned plen)
{
	const struct ifw_model *m = x->m;
	if (!x->routed_built) {
		x->routed_built = true;
		x->routed_ok = true;
		ifw_idmap_init(&x->routed);
		for (size_t k = 0; k < m->routes.n && x->routed_ok; k++) {
			const struct ifw_route *r = &m->routes.v[k];
			if (r->iface >= m->ifaces.n || !r->dst_len)
				continue;
			uint64_t key = net_key(r->ns, &r->dst, r->dst_len);
			uint32_t had = ifw_idmap_get(&x->routed, key);
			if (had == (uint32_t)r->iface || had == ROUTED_SHARED)
				continue;
			if (ifw_idmap_put(&x->routed, key,
			                  had == UINT32_MAX ? (uint32_t)r->iface : ROUTED_SHARED) <
			    0)
				x->routed_ok = false;
		}
	}
	/* out of memory, or a hash shared by two prefixes: "shared" keeps a plan from being lent */
	return !x->routed_ok || ifw_idmap_get(&x->routed, net_key(ns, dst, plen)) == ROUTED_SHARED;
}

const struct ifw_typed_index *ifw_index_typed(struct ifw_infer_index *x)
{
	if (!x->typed_built) {
		x->typed_built = true;
		x->typed = ifw_typed_index_new(x->m, x->kb);
	}
	return x->typed;
}

bool ifw_index_has_cellular(struct ifw_infer_index *x)
{
	if (x->cellular < 0) {
		x->cellular = 0;
		for (size_t i = 0; i < x->m->ifaces.n && !x->cellular; i++) {
			const struct ifw_iface *f = &x->m->ifaces.v[i];
			const struct ifw_kb_ifname *k =
			    ifw_kb_ifname(x->kb, x->m->os, f->name, IFW_KB_KIND_UNKNOWN);
			x->cellular = k && k->category == IFW_KB_CAT_CELLULAR;
		}
	}
	return x->cellular > 0;
}
