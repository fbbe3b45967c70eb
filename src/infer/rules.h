/* What every inference rule gets, and the helpers rules share. A rule looks at one interface;
 * it may read everything and writes only that interface's analysis. */
#ifndef IFW_RULES_H
#define IFW_RULES_H

#include "infer/analysis.h"
#include "infer/owners.h"

struct ifw_rule_ctx {
	struct ifw_analysis *a;
	const struct ifw_model *m;
	const struct ifw_kb *kb;
	ifw_id id;
	const struct ifw_iface *f;
	struct ifw_iface_analysis *ia;
	int oom;
};

typedef void (*ifw_rule_fn)(struct ifw_rule_ctx *c);

/* How much a finding says, from a name alone to a combination of findings. */
enum ifw_specificity {
	IFW_SPEC_NAME = 1,     /* an interface name pattern */
	IFW_SPEC_KIND = 2,     /* the device's kind or an attribute */
	IFW_SPEC_HOLDER = 3,   /* a process, socket or daemon state */
	IFW_SPEC_COMBINED = 4, /* several findings that agree */
};

/* When a rule runs: facts first, then combinations that read other rules' findings. */
enum ifw_rule_phase { IFW_PHASE_FACTS = 1, IFW_PHASE_COMBINE = 2 };

/* One rule family, as data: the driver runs `run` only on interfaces whose kind is in `kinds`.
 * kinds is NULL for every interface, else a NULL-terminated list in which "" stands for
 * interfaces without a kind (offline evidence, physical cards). */
struct ifw_rule_def {
	const char *name;
	const char *const *kinds;
	enum ifw_rule_phase phase;
	ifw_rule_fn run;
	const char *about;
};
#define IFW_KINDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* What a claim is, fixed at compile time; the sentence is formatted when it is made. */
struct ifw_claim_def {
	const char *rule, *topic;
	enum ifw_role role;
	uint8_t confidence; /* a band, or a band plus or minus a few points */
	enum ifw_specificity specificity;
	const char *category;
};

/* Every rule family, in the order the driver runs them (infer/rule_table.c). */
extern const struct ifw_rule_def *const ifw_rule_table[];
extern const size_t ifw_rule_table_len;

/* Whether a definition applies to an interface of this kind (NULL: no kind). */
bool ifw_rule_applies(const struct ifw_rule_def *d, const char *kind);

/* Stage 0: holders, users, the tunnel's outer side and peers, processes behind a veth. */
int ifw_relations(struct ifw_rule_ctx *c);

/* Recomputes the outer side and peers after a rule added a holder. */
int ifw_relations_outer(struct ifw_rule_ctx *c);
/* Adds a far end seen passively (via "conntrack", "sample") through outer socket sock; -1 when
 * out of memory. */
int ifw_add_passive_peer(struct ifw_rule_ctx *c, const struct ifw_ip *ip, uint16_t port,
                         uint8_t proto, const char *via, ifw_id sock, bool known_port);
/* The far ends of the holders' unconnected outer sockets, from conntrack and the underlay
 * sample (infer/passive_peers.c); -1 when out of memory. */
int ifw_passive_peers(struct ifw_rule_ctx *c);
/* Cites where a passive far end was seen (the conntrack entry, the sampled flow) in fi. */
void ifw_passive_peer_facts(struct ifw_rule_ctx *c, struct ifw_finding *fi,
                            const struct ifw_peer *p);
/* Adds a UDP far end a configuration file names (a wg-quick Endpoint), via the file's manager;
 * -1 when out of memory. */
int ifw_add_config_peer(struct ifw_rule_ctx *c, const struct ifw_ip *ip, uint16_t port,
                        const char *via);
/* Appends a holder; -1 when out of memory. */
int ifw_add_holder(struct ifw_holder_vec *v, ifw_id proc, ifw_id fdref, const char *how,
                   bool confirmed);
/* Cites in fi the fd of every holder (of proc only, unless IFW_NOID), each once, in the holders'
 * order; in time linear in the holders. fi holds no fd facts yet. */
void ifw_holder_fd_facts(struct ifw_rule_ctx *c, struct ifw_finding *fi, ifw_id proc);

/* Fills the analysis's per-namespace facts (infer/namespaces.c); -1 when out of memory. */
int ifw_analyze_namespaces(struct ifw_analysis *a);

/* Picks the verdict among the findings (infer/verdict.c). */
void ifw_choose_verdict(struct ifw_rule_ctx *c);

/* Adds a finding from a claim definition; ifw_claim_at overrides its confidence (a band plus
 * what the evidence adds). NULL (and c->oom set) when out of memory. */
struct ifw_finding *ifw_claim(struct ifw_rule_ctx *c, const struct ifw_claim_def *d,
                              const char *fmt, ...) __attribute__((format(printf, 3, 4)));
struct ifw_finding *ifw_claim_at(struct ifw_rule_ctx *c, const struct ifw_claim_def *d,
                                 int confidence, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void ifw_fact(struct ifw_rule_ctx *c, struct ifw_finding *fi, enum ifw_fact_type type, ifw_id id);
/* The same without looking for it among the finding's facts first: for a loop over ids the
 * caller knows are distinct and new to the finding (a bridge's ports), which ifw_fact's scan
 * would make quadratic. */
void ifw_fact_new(struct ifw_rule_ctx *c, struct ifw_finding *fi, enum ifw_fact_type type,
                  ifw_id id);
void ifw_fact_text(struct ifw_rule_ctx *c, struct ifw_finding *fi, const char *source,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void ifw_next_step(struct ifw_rule_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *ifw_rule_printf(struct ifw_rule_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The best finding of a topic (any role when role is 0), or NULL. */
const struct ifw_finding *ifw_best(const struct ifw_iface_analysis *ia, const char *topic,
                                   int role);

/* Knowledge about a process, and a label like "charon (pid 1234)". */
const struct ifw_kb_process *ifw_proc_kb(const struct ifw_rule_ctx *c, ifw_id proc);
const char *ifw_proc_label(struct ifw_rule_ctx *c, ifw_id proc);
/* Whether a process named like a creator could have made the interface (claims by name, not by
 * a held fd): it lives in the interface's namespace, the one its veth leads to, or the host's
 * (a runtime makes a pair there and moves one end); and it runs as root (when its uid is known)
 * unless it lives in the interface's own namespace, that is not the host's, and (live) a user
 * namespace of its uid owns it. A process of a user's, without capabilities, cannot make a link
 * in a namespace it does not own: a user's program named dockerd is no candidate for the host's
 * docker0 or a root-made namespace's, while a rootless runtime (a user's uid) makes its links in
 * a namespace of its own. */
bool ifw_proc_could_make(const struct ifw_rule_ctx *c, ifw_id proc);
/* Software name for a process: the knowledge base's, else its comm. */
const char *ifw_proc_software(const struct ifw_rule_ctx *c, ifw_id proc);
/* A container process's identity for a claim: "docker container web-1 (a7f5a1359bbc, image
 * nginx:1.25, compose project shop)", or "podman container 6b06fd4eb88b" when only the cgroup
 * named it (rule_veth.c). */
const char *ifw_container_phrase(struct ifw_rule_ctx *c, ifw_id proc);
/* The category a creator's software belongs to ("vpn", "container"), from its process
 * knowledge, or NULL (rule_logcreate.c). */
const char *ifw_creator_category(struct ifw_rule_ctx *c, const char *creator);
/* The processes holding a socket (first one), or IFW_NOID. */
ifw_id ifw_socket_proc(const struct ifw_model *m, ifw_id sock);
/* Knowledge about a socket's local port (or remote port when local is not known). */
const struct ifw_kb_port *ifw_socket_port_kb(const struct ifw_rule_ctx *c, ifw_id sock,
                                             bool remote);
bool ifw_proc_is_incidental(const struct ifw_rule_ctx *c, ifw_id proc);
/* A textual address, and the owner of an address ("AS21928 T-Mobile USA, Inc."), or NULL. */
const char *ifw_ip_text(struct ifw_rule_ctx *c, const struct ifw_ip *ip);
const char *ifw_ip_owner(struct ifw_rule_ctx *c, const struct ifw_ip *ip);
/* The kind to look names up with: the interface's, none (live: the kernel said so), or unknown
 * (saved output that does not show kinds, so any entry's kind may match). */
const char *ifw_lookup_kind(const struct ifw_model *m, const struct ifw_iface *f);
/* Whether f is a tun device: by its kind, or by the kind its name stands for when no kind is
 * known (offline). */
bool ifw_tun_device(const struct ifw_rule_ctx *c, const struct ifw_iface *f);
/* The interface name for display (its own, or "?"), and the namespace's name. */
const char *ifw_iface_name(const struct ifw_model *m, ifw_id iface);
const char *ifw_ns_name(const struct ifw_model *m, ifw_id ns);

#endif
