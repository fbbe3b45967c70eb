/* Hand-built packets and pcap files for the capture tests: Ethernet (with or without a VLAN
 * tag), Linux cooked (v1, v2), raw IP and BSD loopback around IPv4/IPv6 and TCP/UDP/ESP. */
#ifndef IFW_TEST_PKT_H
#define IFW_TEST_PKT_H

#include "model/model.h"

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>

enum pb_link { PB_ETH, PB_ETH_VLAN, PB_RAW, PB_SLL, PB_SLL2, PB_NULL, PB_LOOP };

#define PB_F_V6EXT 0x100 /* IPv6: add a hop-by-hop and a destination options header */
#define PB_TCP_SYN 0x02
#define PB_TCP_ACK 0x10
#define PB_TCP_PSH 0x08

/* The DLT a pcap file of these packets has. */
int pb_dlt(enum pb_link link);
/* Transport fields: proto 6, 17 or 50 (ESP: payload only); flags: TCP flags | PB_F_*. */
struct pb_l4 {
	uint8_t proto;
	uint16_t sport, dport;
	uint32_t seq, ack;
	unsigned flags;
};
/* Builds one packet into out (cap bytes); returns its length, 0 if it does not fit.
 * Addresses are text, v4 or v6. */
size_t pb_packet(uint8_t *out, size_t cap, enum pb_link link, const char *src, const char *dst,
                 const struct pb_l4 *l4, const void *payload, size_t plen);

/* A pcap file being written. */
struct pw {
	pcap_t *dead;
	pcap_dumper_t *d;
	unsigned n;
};
void pw_open(struct pw *w, const char *path, enum pb_link link);
void pw_add(struct pw *w, const uint8_t *data, size_t len);
/* Shortcut: build and add one packet. */
void pw_pkt(struct pw *w, enum pb_link link, const char *src, const char *dst, uint8_t proto,
            uint16_t sport, uint16_t dport, const void *payload, size_t plen, unsigned flags);
void pw_close(struct pw *w);

/* A TCP connection written to a file with consistent sequence numbers. */
struct pb_tcp {
	enum pb_link link;
	const char *client, *server;
	uint16_t cport, sport;
	uint32_t cseq, sseq;
};
void pw_tcp_open(struct pw *w, struct pb_tcp *t);
void pw_tcp_data(struct pw *w, struct pb_tcp *t, int from_client, const void *data, size_t len);

/* A temporary directory for the test's files, removed by tmp_cleanup. */
const char *tmp_dir(void);
const char *tmp_path(const char *name);
void tmp_cleanup(void);

/* The same, not indexed yet (add more records, then ifw_model_index). */
void model_init_ifaces(struct ifw_model *m, const char *const *names, size_t n);
/* A one-namespace live-looking model with interfaces of the given names (ids 0..n-1). */
void model_with_ifaces(struct ifw_model *m, const char *const *names, size_t n);
/* The first flow of the model matching proto and port (either side), or NULL. */
const struct ifw_flow *find_flow(const struct ifw_model *m, uint8_t proto, uint16_t port);
/* True if some model warning contains s. */
int has_warning(const struct ifw_model *m, const char *s);

/* Sample payloads. */
size_t sip_invite(char *out, size_t cap);
size_t sip_ok(char *out, size_t cap);
size_t dns_query(uint8_t *out, size_t cap, uint16_t id, const char *name, uint16_t qtype);
/* A response with a CNAME (if cname) and one A answer (4 bytes) or AAAA (16 bytes). */
size_t dns_response(uint8_t *out, size_t cap, uint16_t id, const char *name, const char *cname,
                    const uint8_t *addr, size_t alen);
size_t tls_client_hello(uint8_t *out, size_t cap, const char *sni);
/* IKEv2 header + a generic payload; marker: prefix 4 zero bytes (NAT-T). */
size_t ike_msg(uint8_t *out, size_t cap, uint8_t exchange, int response, int marker);

#endif
