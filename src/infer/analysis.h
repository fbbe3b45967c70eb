/* What the facts mean: per interface, who holds it, who uses it, the tunnel's outer side, and
 * findings (a claim, a confidence and the facts behind it) from which one verdict is chosen.
 * Rules only read the model and the knowledge base and only write here; no I/O, no formatting
 * beyond the sentence of a claim. */
#ifndef IFW_ANALYSIS_H
#define IFW_ANALYSIS_H

#include "ipdb/rdap.h"
#include "know/know.h"
#include "model/model.h"
#include "util/idmap.h"

#include <stdbool.h>

struct ifw_owners; /* IP ownership lookups, see infer/owners.h */

/* A fact a finding rests on; the report renders it the way ip, lsof, ss or ifconfig would. */
enum ifw_fact_type {
	IFW_FACT_IFACE = 1,
	IFW_FACT_ADDR,
	IFW_FACT_ROUTE,
	IFW_FACT_SOCKET,
	IFW_FACT_PROC,
	IFW_FACT_FDREF,
	IFW_FACT_SA,
	IFW_FACT_FLOW,
	IFW_FACT_NETNS,
	IFW_FACT_NAME, /* a name hint (lsof host name, DNS answer) */
	IFW_FACT_TEXT, /* free text: knowledge entries, IP ownership */
};

struct ifw_fact_ref {
	uint8_t type; /* enum ifw_fact_type */
	ifw_id id;
	const char *text;   /* IFW_FACT_TEXT only */
	const char *source; /* IFW_FACT_TEXT: where the knowledge comes from */
};
IFW_VEC_TYPE(ifw_fact_ref_vec, struct ifw_fact_ref);

/* Confidence bands. A finding's number places it in a band; the report shows the band's word. */
enum ifw_confidence_band {
	IFW_CONF_WEAK = 30,     /* a hint only: never a verdict by itself */
	IFW_CONF_POSSIBLE = 40, /* the least a verdict needs */
	IFW_CONF_LIKELY = 70,   /* the most that structure alone can earn */
	IFW_CONF_CERTAIN = 90,  /* needs a software-specific fact: a tun fd, an SA, its protocol */
};

enum ifw_role {
	IFW_ROLE_CREATOR = 1, /* who made or keeps the interface */
	IFW_ROLE_PURPOSE,     /* what it is for */
	IFW_ROLE_USAGE,       /* what runs over it */
	IFW_ROLE_NOTE,        /* an unusual attribute, explained */
};

struct ifw_finding {
	const char *rule;    /* "tun.holder", "wificall.ipsec-sip" */
	const char *topic;   /* claims on one topic refine each other; different topics compete */
	uint8_t role;        /* enum ifw_role */
	uint8_t confidence;  /* 0..100 */
	uint8_t specificity; /* 1 name only, 2 kind, 3 holder/process, 4 combination of findings */
	const char
	    *claim; /* one sentence fragment, e.g. "strongSwan IPsec tunnel to 203.0.113.10" */
	const char *category; /* "vpn", "container", "kernel-fallback", "voip", ... */
	struct ifw_fact_ref_vec facts;
};
IFW_VEC_TYPE(ifw_finding_ptr_vec, struct ifw_finding *);
IFW_VEC_TYPE(ifw_index_vec, int);

/* A process that holds the interface (a tun fd), lives behind it (a veth's other end) or made
 * it (a daemon known to create it). */
struct ifw_holder {
	ifw_id proc;
	ifw_id fdref;    /* the tun fd, or IFW_NOID */
	const char *how; /* "tun fd 7", "lives in the peer namespace", ... */
	bool confirmed;  /* the tie is checked, not inferred */
};
IFW_VEC_TYPE(ifw_holder_vec, struct ifw_holder);

/* Who owns an address the report shows, looked up once after the rules (infer/addr_owners.c)
 * so the report only formats it. */
struct ifw_addr_owner {
	const char *special_tag, *special_name, *special_rfc; /* a special-purpose range, or NULL */
	uint32_t asn;      /* from an IP-to-AS database, 0 when none */
	const char *org;   /* the database's raw text (sanitize before printing); NULL: not found */
	const char *range; /* "208.54.0.0 - 208.54.159.255"; NULL: not found */
	const char *db_kind;                  /* "ipdb", "mmdb" */
	const struct ifw_kb_network *network; /* what the knowledge base says about the AS */
	const struct ifw_rdap_result *rdap;   /* with --online, the registry's answer */
};

/* A remote end of a tunnel or flow, with who owns its address. */
struct ifw_peer {
	struct ifw_ip ip;
	uint16_t port;
	uint8_t proto;     /* enum ifw_sock_proto */
	const char *name;  /* host name seen for it, or NULL */
	const char *owner; /* "AS21928 T-Mobile USA, Inc.", "documentation range (RFC 5737)" */
	const char *via;   /* "vici SA", "connected socket", "traffic sample", "lsof" */
	ifw_id socket;     /* the socket that talks to it, or IFW_NOID */
	bool known_port;   /* the port is a tunnel's (knowledge), not only a connected socket */
	const struct ifw_addr_owner *ip_owner; /* who owns ip, or NULL (set after the rules) */
};
IFW_VEC_TYPE(ifw_peer_vec, struct ifw_peer);

struct ifw_iface_analysis {
	ifw_id iface;
	struct ifw_holder_vec holders;
	struct ifw_holder_vec unconfirmed; /* same tun name, namespace not confirmed */
	bool kernel_owned;       /* kernel-made, no process keeps it (vxlan, loopback, fallback) */
	struct ifw_id_vec users; /* sockets on the interface */
	struct ifw_id_vec outer; /* holders' sockets elsewhere: the tunnel's outer side */
	struct ifw_id_vec sas;   /* tunnel SAs of the holders */
	struct ifw_peer_vec peers;   /* tunnel far ends */
	struct ifw_idmap peer_index; /* far end (hash of address, port, protocol) -> peers index */
	size_t peers_indexed;        /* how many of peers are in peer_index */
	struct ifw_id_vec behind;    /* processes in the namespace a veth leads to */
	struct ifw_finding_ptr_vec findings; /* arena-allocated: pointers stay valid */
	struct ifw_str_vec next_steps;       /* what would settle an open question */
	/* The chosen verdict: the best purpose finding, and any that compete with it. */
	int verdict; /* index into findings, -1 if nothing is known well enough */
	struct ifw_index_vec alternatives; /* indexes into findings */
	const char *verdict_text;          /* the one line: claim (+ usage) */
	uint8_t confidence;
	const char *category;
	const char *mac_vendor; /* who the MAC's OUI block is registered to, or NULL (knowledge) */
};

/* The one tunnel-making product a paste's unread lines name (infer/rule_topic.c), found once. */
struct ifw_topic {
	bool done, several;
	const struct ifw_kb_process *product; /* NULL: none named */
	const struct ifw_origin *where;       /* the line that names it */
};

struct ifw_analysis {
	const struct ifw_model *m;
	const struct ifw_kb *kb;
	const struct ifw_owners *owners;   /* may be NULL */
	struct ifw_arena *arena;           /* the model's arena holds every string made here */
	struct ifw_iface_analysis *ifaces; /* one per model interface, same index */
	size_t n;
	/* Per namespace, computed once: the default route's interface, and how many interfaces
	 * with addresses it has (a router joins several). */
	ifw_id *default_iface;
	size_t *addressed_links;
	/* Per namespace: interfaces (not loopback) with an address or a route. */
	size_t *networked_links;
	/* Per namespace: what it is as a whole ("a NAT router: ..."), said once, or NULL. */
	const char **ns_role;
	struct ifw_infer_index *idx; /* lookups shared by the rules (infer/index.h) */
	/* Who owns each model address and each tunnel SA's far end, NULL where nothing is known;
	 * looked up once after the rules, for what the report shows (infer/addr_owners.c). Read
	 * them with ifw_addr_owner_of and ifw_sa_remote_owner_of. */
	const struct ifw_addr_owner **addr_owner;
	const struct ifw_addr_owner **sa_remote_owner;
	struct ifw_topic topic;
};

/* Who owns a model address, or a tunnel SA's far end: NULL when nothing is known or it was not
 * looked up (ifw_owners_annotate, for the reports that show owners). */
static inline const struct ifw_addr_owner *ifw_addr_owner_of(const struct ifw_analysis *a,
                                                             ifw_id addr)
{
	return a->addr_owner ? a->addr_owner[addr] : NULL;
}
static inline const struct ifw_addr_owner *ifw_sa_remote_owner_of(const struct ifw_analysis *a,
                                                                  ifw_id sa)
{
	return a->sa_remote_owner ? a->sa_remote_owner[sa] : NULL;
}

/* Runs every rule over every interface. Returns 0, or -1 when out of memory. */
int ifw_analyze(struct ifw_analysis *a, struct ifw_model *m, const struct ifw_kb *kb,
                const struct ifw_owners *owners, struct ifw_err *err);
void ifw_analysis_free(struct ifw_analysis *a);

/* "certain", "likely", "possible", "weak". */
const char *ifw_confidence_word(uint8_t confidence);

#endif
