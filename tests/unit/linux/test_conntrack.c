/* ctnetlink conntrack entries: a message recorded from this machine's kernel and synthetic ones
 * (NAT, IPv6, damaged), and which end of an entry is the far end of a socket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collect/linux/conntrack_parse.h"

#include <arpa/inet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

/* One IPCTNL_MSG_CT_NEW of an IPCTNL_MSG_CT_GET dump, recorded on Linux 6.18 in a namespace with
 * an nftables `ct state` rule, after a UDP socket bound to 0.0.0.0:17002 sent one datagram to
 * 192.0.2.2:17002 (no answer: status IPS_CONFIRMED only). */
static const char recorded_hex[] =
    "a400000000010200010000002a18000002000000340001801400018008000100c000020108000200c000"
    "02021c000280050001001100000006000200426a000006000300426a0000340002801400018008000100"
    "c000020208000200c00002011c000280050001001100000006000200426a000006000300426a00000800"
    "030000000008080008000000000008000c00bfb8988208000b0000000002080007000000001d";

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	for (; hex[0] && hex[1] && n < max; hex += 2) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static struct ifw_ip ip4(const char *s)
{
	struct ifw_ip ip;
	uint8_t b[4];
	inet_pton(AF_INET, s, b);
	ifw_ip_set(&ip, AF_INET, b);
	return ip;
}

static struct ifw_ip ip6(const char *s)
{
	struct ifw_ip ip;
	uint8_t b[16];
	inet_pton(AF_INET6, s, b);
	ifw_ip_set(&ip, AF_INET6, b);
	return ip;
}

static bool only_192_0_2_1(const struct ifw_ip *ip, void *ctx)
{
	(void)ctx;
	struct ifw_ip me = ip4("192.0.2.1");
	return ifw_ip_eq(ip, &me);
}

static bool only_192_0_2_2(const struct ifw_ip *ip, void *ctx)
{
	(void)ctx;
	struct ifw_ip me = ip4("192.0.2.2");
	return ifw_ip_eq(ip, &me);
}

static void assert_ip(const struct ifw_ip *ip, const char *want)
{
	char s[IFW_IP_STRLEN];
	assert_string_equal(ifw_ip_str(ip, s), want);
}

static uint32_t recorded[64];

static const struct nlmsghdr *load_recorded(size_t *len)
{
	*len = unhex(recorded_hex, (uint8_t *)recorded, sizeof(recorded));
	return (const struct nlmsghdr *)recorded;
}

static void recorded_entry(void **state)
{
	(void)state;
	size_t len;
	const struct nlmsghdr *nlh = load_recorded(&len);
	assert_int_equal(len, nlh->nlmsg_len);
	struct ifw_ct_entry e;
	assert_int_equal(ifw_ct_parse(nlh, &e), 1);
	assert_int_equal(e.orig.l4proto, IPPROTO_UDP);
	assert_ip(&e.orig.src, "192.0.2.1");
	assert_ip(&e.orig.dst, "192.0.2.2");
	assert_int_equal(e.orig.sport, 17002);
	assert_int_equal(e.orig.dport, 17002);
	assert_ip(&e.reply.src, "192.0.2.2");
	assert_ip(&e.reply.dst, "192.0.2.1");
	assert_true(e.status & IPS_CONFIRMED);
	assert_false(e.status & IPS_SEEN_REPLY);

	/* The sender's socket, bound to every address: the far end is where it sent. */
	struct ifw_ip any = {0};
	struct ifw_ct_tuple far;
	bool inbound = true;
	assert_true(
	    ifw_ct_far_end(&e, IPPROTO_UDP, &any, 17002, only_192_0_2_1, NULL, &far, &inbound));
	assert_ip(&far.dst, "192.0.2.2");
	assert_int_equal(far.dport, 17002);
	assert_ip(&far.src, "192.0.2.1");
	assert_false(inbound);
	/* Both ends use port 17002: seen from the other end's namespace, the address decides
	 * (the far end is the sender, which sent first). */
	assert_true(
	    ifw_ct_far_end(&e, IPPROTO_UDP, &any, 17002, only_192_0_2_2, NULL, &far, &inbound));
	assert_ip(&far.dst, "192.0.2.1");
	assert_true(inbound);
	/* A socket bound to the address: matched by it, no callback needed. */
	struct ifw_ip bound = ip4("192.0.2.1");
	assert_true(ifw_ct_far_end(&e, IPPROTO_UDP, &bound, 17002, NULL, NULL, &far, &inbound));
	assert_ip(&far.dst, "192.0.2.2");
	/* Another port, another protocol, another bound address: not this socket's. */
	assert_false(ifw_ct_far_end(&e, IPPROTO_UDP, &any, 17003, NULL, NULL, &far, &inbound));
	assert_false(ifw_ct_far_end(&e, IPPROTO_TCP, &any, 17002, NULL, NULL, &far, &inbound));
	struct ifw_ip other = ip4("192.0.2.9");
	assert_false(ifw_ct_far_end(&e, IPPROTO_UDP, &other, 17002, NULL, NULL, &far, &inbound));
}

/* Builds an entry the way ctnetlink lays it out (nested tuples, ports and addresses in network
 * order, NLA_F_NESTED on the nests). */
static size_t build(char *buf, int family, const char *os, uint16_t osp, const char *od,
                    uint16_t odp, const char *rs, uint16_t rsp, const char *rd, uint16_t rdp,
                    uint32_t status)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	nlh->nlmsg_flags = NLM_F_MULTI;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = (uint8_t)family;
	const char *addr[2][2] = {{os, od}, {rs, rd}};
	uint16_t port[2][2] = {{osp, odp}, {rsp, rdp}};
	for (int t = 0; t < 2; t++) {
		struct nlattr *tu = mnl_attr_nest_start(nlh, t ? CTA_TUPLE_REPLY : CTA_TUPLE_ORIG);
		struct nlattr *ipn = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
		for (int k = 0; k < 2; k++) {
			uint8_t b[16];
			inet_pton(family, addr[t][k], b);
			if (family == AF_INET)
				mnl_attr_put(nlh, k ? CTA_IP_V4_DST : CTA_IP_V4_SRC, 4, b);
			else
				mnl_attr_put(nlh, k ? CTA_IP_V6_DST : CTA_IP_V6_SRC, 16, b);
		}
		mnl_attr_nest_end(nlh, ipn);
		struct nlattr *pn = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
		mnl_attr_put_u8(nlh, CTA_PROTO_NUM, IPPROTO_UDP);
		mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(port[t][0]));
		mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(port[t][1]));
		mnl_attr_nest_end(nlh, pn);
		mnl_attr_nest_end(nlh, tu);
	}
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(status));
	return nlh->nlmsg_len;
}

static uint32_t msgbuf[256];

static void nat_inbound(void **state)
{
	(void)state;
	/* A client reached a published port (DNAT 198.51.100.10:51820 -> 10.0.0.2:51820): the
	 * socket's own address and port are in the reply tuple. */
	char *buf = (char *)msgbuf;
	build(buf, AF_INET, "203.0.113.5", 40000, "198.51.100.10", 51820, "10.0.0.2", 51820,
	      "203.0.113.5", 40000, IPS_CONFIRMED | IPS_SEEN_REPLY | IPS_DST_NAT);
	struct ifw_ct_entry e;
	assert_int_equal(ifw_ct_parse((const struct nlmsghdr *)buf, &e), 1);
	assert_true(e.status & IPS_SEEN_REPLY);
	struct ifw_ip local = ip4("10.0.0.2");
	struct ifw_ct_tuple far;
	bool inbound = false;
	assert_true(ifw_ct_far_end(&e, IPPROTO_UDP, &local, 51820, NULL, NULL, &far, &inbound));
	assert_ip(&far.dst, "203.0.113.5");
	assert_int_equal(far.dport, 40000);
	assert_true(inbound);
}

static void ipv6_outbound_snat(void **state)
{
	(void)state;
	/* The socket sent first and was masqueraded (source port rewritten): the original tuple
	 * keeps its own port. */
	char *buf = (char *)msgbuf;
	build(buf, AF_INET6, "fd00:1::2", 1194, "2001:db8::7", 1194, "2001:db8::7", 1194,
	      "2001:db8:ff::1", 61000, IPS_CONFIRMED | IPS_SRC_NAT);
	struct ifw_ct_entry e;
	assert_int_equal(ifw_ct_parse((const struct nlmsghdr *)buf, &e), 1);
	assert_int_equal(e.orig.src.family, AF_INET6);
	struct ifw_ip any = ip6("::");
	struct ifw_ct_tuple far;
	bool inbound = true;
	assert_true(ifw_ct_far_end(&e, IPPROTO_UDP, &any, 1194, NULL, NULL, &far, &inbound));
	assert_ip(&far.dst, "2001:db8::7");
	assert_int_equal(far.dport, 1194);
	assert_false(inbound);
}

static void other_messages_and_damage(void **state)
{
	(void)state;
	struct ifw_ct_entry e;
	/* NLMSG_DONE and another subsystem's messages are not entries. */
	char buf[64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	mnl_nlmsg_put_extra_header(nlh, 4);
	assert_int_equal(ifw_ct_parse(nlh, &e), 0);
	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | 1;
	assert_int_equal(ifw_ct_parse(nlh, &e), 0);

	/* The recorded entry cut anywhere is refused (the tuples no longer tile or are gone),
	 * never read past its end. */
	size_t len;
	load_recorded(&len);
	static uint32_t cut[64];
	for (size_t n = 16; n < len; n++) {
		memcpy(cut, recorded, len);
		((struct nlmsghdr *)cut)->nlmsg_len = (uint32_t)n;
		int r = ifw_ct_parse((const struct nlmsghdr *)cut, &e);
		if (n < 0x7c) /* the reply tuple ends at byte 0x7c */
			assert_int_equal(r, -1);
	}
	/* An attribute that claims more than the message holds. */
	memcpy(cut, recorded, len);
	struct nlattr *first = (struct nlattr *)((char *)cut + MNL_NLMSG_HDRLEN + 4);
	first->nla_len = 0x7fff;
	assert_int_equal(ifw_ct_parse((const struct nlmsghdr *)cut, &e), -1);
	/* An IPv4 address of the wrong size. */
	memcpy(cut, recorded, len);
	uint8_t *p = (uint8_t *)cut;
	/* CTA_IP_V4_SRC of the original tuple: its length byte at offset 0x1c. */
	assert_int_equal(p[0x1c], 8);
	assert_int_equal(p[0x1e], CTA_IP_V4_SRC);
	p[0x1c] = 6;
	assert_int_equal(ifw_ct_parse((const struct nlmsghdr *)cut, &e), -1);
	/* A message shorter than its header. */
	memcpy(cut, recorded, len);
	((struct nlmsghdr *)cut)->nlmsg_len = 8;
	assert_int_equal(ifw_ct_parse((const struct nlmsghdr *)cut, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(recorded_entry),
	    cmocka_unit_test(nat_inbound),
	    cmocka_unit_test(ipv6_outbound_snat),
	    cmocka_unit_test(other_messages_and_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
