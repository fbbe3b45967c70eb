/* Internals of the traffic classifier, shared by the live sampler, the file reader, the unit
 * tests and the fuzz target. Everything here reads hostile bytes: every parser takes an explicit
 * length and never reads past it. */
#ifndef IFW_CAP_INT_H
#define IFW_CAP_INT_H

#include "model/model.h"
#include "util/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Bytes kept per packet in a live sample: a full Ethernet frame, so a TLS ClientHello or an IMS
 * SIP INVITE (often well over 512 bytes) is seen whole. */
#define IFW_CAP_SNAPLEN   1600
#define IFW_CAP_MAX_FLOWS 65536 /* live sample's flow table cap; later flows are counted */
/* A capture file is the user's own input, read at its own pace: a larger table (nDPI state is
 * freed as soon as a flow is named, so memory follows the flows still being classified). */
#define IFW_CAP_MAX_FLOWS_FILE 262144
#define IFW_CAP_GIVEUP         32   /* packets per flow handed to nDPI at most */
#define IFW_CAP_MAX_HINTS      4096 /* DNS/SNI name hints added to the model per run */
#define IFW_CAP_NAME_MAX       128  /* server names (SNI, Host, DNS query) */
#define IFW_CAP_SIP_MAX        96   /* SIP From/To URIs and User-Agent */

/* Link types: LINKTYPE_* as written in files and DLT_* as libpcap reports them (both taken). */
enum {
	IFW_LT_NULL = 0,
	IFW_LT_EN10MB = 1,
	IFW_LT_RAW_DLT = 12, /* DLT_RAW on Linux and most systems */
	IFW_LT_RAW_BSD = 14, /* DLT_RAW on OpenBSD */
	IFW_LT_RAW = 101,    /* LINKTYPE_RAW */
	IFW_LT_LOOP = 108,
	IFW_LT_SLL = 113,
	IFW_LT_IPV4 = 228,
	IFW_LT_IPV6 = 229,
	IFW_LT_SLL2 = 276,
};

bool ifw_cap_linktype_supported(int linktype);

/* One decoded packet: pointers into the caller's buffer. */
struct ifw_pkt {
	const uint8_t *l3; /* IP header */
	size_t l3_len;     /* captured bytes from the IP header on (at most the IP length) */
	const uint8_t *payload;
	size_t payload_len; /* captured transport payload */
	uint8_t family;     /* AF_INET or AF_INET6 */
	uint8_t ip_proto;   /* the transport protocol after IPv6 extension headers */
	uint8_t src[16], dst[16];
	uint16_t sport, dport; /* TCP, UDP, UDP-Lite, SCTP; 0 otherwise */
	bool fragment;         /* a later fragment: no transport header */
	bool truncated;        /* fewer bytes captured than the IP header says */
	uint8_t tcp_flags;
};

/* Decodes the link, IP and transport headers. 0 when the packet is IPv4/IPv6 with a usable
 * header, -1 otherwise (not IP, unsupported link type, or malformed). */
int ifw_cap_decode(int linktype, const uint8_t *data, size_t caplen, struct ifw_pkt *p);

/* SIP: the first line and a few headers of one message. */
struct ifw_sip_info {
	bool request;
	int status; /* responses */
	char method[16];
	char from[IFW_CAP_SIP_MAX], to[IFW_CAP_SIP_MAX], user_agent[IFW_CAP_SIP_MAX];
};
/* True if data starts (after optional CRLF keep-alives) with a SIP/2.0 request or status line.
 * Fills what of From, To and User-Agent is there (empty strings otherwise). */
bool ifw_sip_parse(const uint8_t *data, size_t len, struct ifw_sip_info *out);

/* DNS over UDP (or one TCP message without its length prefix). */
struct ifw_dns_info {
	bool response;
	uint8_t rcode;
	char qname[IFW_CAP_NAME_MAX]; /* first question, "" if none */
};
typedef void (*ifw_dns_answer_fn)(void *ctx, const char *qname, const struct ifw_ip *ip);
/* Parses a DNS message; calls answer (may be NULL) for each A/AAAA answer reached from the
 * question (directly or through CNAMEs). 0 if the header and question parsed, -1 otherwise. */
int ifw_dns_parse(const uint8_t *data, size_t len, struct ifw_dns_info *out,
                  ifw_dns_answer_fn answer, void *ctx);

/* IKE (RFC 7296 / 2408) header check on a UDP payload without the NAT-T marker. */
bool ifw_ike_looks_valid(const uint8_t *data, size_t len);

/* The protocol usually on this port, for flows nDPI could not classify; NULL if none. */
const char *ifw_port_guess(uint8_t ip_proto, uint16_t port);

/* The classifier: a bounded flow table with nDPI and our own parsers. */
struct ifw_cls;
struct ifw_cls_stats {
	uint64_t packets, non_ip, fragments, untracked_packets;
	size_t flows;
	uint64_t hints_dropped;
};

struct ifw_cls *ifw_cls_new(struct ifw_model *m, struct ifw_err *err);
/* Raises (or lowers) the flow table's cap from IFW_CAP_MAX_FLOWS; call before the first packet. */
void ifw_cls_set_max_flows(struct ifw_cls *c, size_t max_flows);
void ifw_cls_free(struct ifw_cls *c);
/* Forgets every flow and source and attaches to another model (keeps nDPI loaded). */
void ifw_cls_reset(struct ifw_cls *c, struct ifw_model *m);
/* A packet source: flows from it get this interface, underlay flag and origin (copied).
 * Returns the source's number, or -1 when out of memory. */
int ifw_cls_add_src(struct ifw_cls *c, ifw_id iface, bool underlay, const char *origin);
void ifw_cls_packet(struct ifw_cls *c, int src, int linktype, const uint8_t *data, size_t caplen,
                    size_t wirelen, uint64_t ts_ms);
/* Ends every flow, adds them to the model (ifw_model_add_flow) and re-indexes its flows.
 * what names the capture in warnings ("sample", "capture file x.pcap"). */
int ifw_cls_finish(struct ifw_cls *c, const char *what, struct ifw_err *err);
void ifw_cls_get_stats(const struct ifw_cls *c, struct ifw_cls_stats *s);
size_t ifw_cls_flow_count(const struct ifw_cls *c);

/* pcapng reader: per-packet interface ids and link types, and interface names, which libpcap
 * 1.10 does not expose. */
struct ifw_pcapng;
struct ifw_pcapng_pkt {
	uint32_t iface; /* index among the section's interfaces */
	int linktype;
	const uint8_t *data;
	uint32_t caplen, wirelen;
	uint64_t ts_ms;
};
/* f is positioned at the start of the file; the reader does not close it. */
struct ifw_pcapng *ifw_pcapng_open(FILE *f, struct ifw_err *err);
void ifw_pcapng_close(struct ifw_pcapng *r);
/* 1: a packet, 0: end of file, -1: error (err says why; IFW_E_PARSE for a bad file).
 * *truncated is set when the file ends inside a block. */
int ifw_pcapng_next(struct ifw_pcapng *r, struct ifw_pcapng_pkt *out, bool *truncated,
                    struct ifw_err *err);
/* Bumped whenever a new section restarts interface numbering. */
uint32_t ifw_pcapng_section(const struct ifw_pcapng *r);
/* The if_name option of interface i of the current section, or NULL. */
const char *ifw_pcapng_ifname(const struct ifw_pcapng *r, uint32_t i);

/* Network namespaces: enter the namespace of a model interface and come back. */
struct ifw_ns_saved {
	int fd; /* our own namespace, -1 when we did not move */
};
int ifw_cap_enter_ns(const struct ifw_model *m, ifw_id ns, struct ifw_ns_saved *saved,
                     struct ifw_err *err);
int ifw_cap_leave_ns(struct ifw_ns_saved *saved, struct ifw_err *err);

/* Underlay: where a tunnel's outer packets go, and a BPF filter for them. */
struct ifw_underlay {
	ifw_id iface; /* the outer interface */
	char filter[1024];
	char why[160]; /* "SA phone to 203.0.113.10 (strongSwan)", "socket udp 1194 of openvpn" */
};
/* Finds up to max outer interfaces of tunnel t; returns how many. When none is found, *why_not
 * (if given) says why. */
size_t ifw_cap_find_underlay(const struct ifw_model *m, ifw_id t, struct ifw_underlay *out,
                             size_t max, const char **why_not);

#endif
