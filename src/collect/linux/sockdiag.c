/* Socket dumps through NETLINK_SOCK_DIAG, in the namespace the socket was opened in. An inet
 * dump walks the kernel's global hash tables (TCP's established hash has 2^18 buckets and more on
 * a large host) and keeps the namespace's own sockets: a few milliseconds per namespace however
 * few sockets it has. Where the BPF snapshot has the process-held sockets, only the namespaces
 * that need the rest get them (sockdiag_bpf.c). Packet and unix sockets are kept per namespace
 * by the kernel: their dumps cost what the namespace holds. */
#include "collect/linux/sockdiag_bpf.h"
#include "model/names.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static int dump_inet(struct ifw_nl *nl, struct ifw_parse_ctx *c, int family, uint8_t proto,
                     const struct ifw_sock_filter *flt, struct ifw_err *err)
{
	char buf[4096];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = (uint8_t)family;
	r->idiag_states = ~0u;
	switch (proto) {
	case IFW_P_TCP:
		r->sdiag_protocol = IPPROTO_TCP;
		break;
	case IFW_P_UDP:
		r->sdiag_protocol = IPPROTO_UDP;
		break;
	case IFW_P_UDPLITE:
		r->sdiag_protocol = IPPROTO_UDPLITE;
		break;
	default:
		/* raw_diag matches every raw socket when the requested protocol is IPPROTO_RAW */
		r->sdiag_protocol = IPPROTO_RAW;
		r->pad = IPPROTO_RAW;
		break;
	}
	if (flt && flt->bytecode_len)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, flt->bytecode_len, flt->bytecode);
	char what[64];
	snprintf(what, sizeof(what), "sock_diag-%s%s", ifw_name_sock_proto(proto, IFW_NAME_KEY),
	         family == AF_INET6 ? "6" : "4");
	c->proto = proto;
	return ifw_nl_talk(nl, nlh, ifw_sockdiag_inet_cb, c, what, err);
}

static int dump_packet(struct ifw_nl *nl, struct ifw_parse_ctx *c, struct ifw_err *err)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct packet_diag_req *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = AF_PACKET;
	r->pdiag_show = PACKET_SHOW_INFO;
	return ifw_nl_talk(nl, nlh, ifw_sockdiag_packet_cb, c, "sock_diag-packet", err);
}

static int dump_unix(struct ifw_nl *nl, struct ifw_parse_ctx *c, struct ifw_err *err)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct unix_diag_req *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = AF_UNIX;
	r->udiag_states = 1u << 10; /* TCP_LISTEN: daemons' control sockets */
	r->udiag_show = UDIAG_SHOW_NAME;
	return ifw_nl_talk(nl, nlh, ifw_sockdiag_unix_cb, c, "sock_diag-unix", err);
}

/* A protocol the kernel does not offer (no module) is not an error: ENOENT / EINVAL. */
static int tolerate(struct ifw_model *m, int r, struct ifw_err *err, const char *what)
{
	if (r == 0)
		return 0;
	if (err->errno_val == ENOENT || err->errno_val == EINVAL || err->errno_val == EOPNOTSUPP) {
		ifw_err_clear(err);
		return 0;
	}
	ifw_model_warn(m, "%s: %s", what, err->msg);
	ifw_err_clear(err);
	return 0;
}

int ifw_linux_dump_sockets(struct ifw_nl *nl, struct ifw_parse_ctx *c,
                           const struct ifw_sock_filter *flt, struct ifw_err *err)
{
	return ifw_linux_dump_sockets_of(nl, c, flt,
	                                 IFW_DUMP_INET | IFW_DUMP_PACKET | IFW_DUMP_UNIX, err);
}

int ifw_linux_dump_sockets_of(struct ifw_nl *nl, struct ifw_parse_ctx *c,
                              const struct ifw_sock_filter *flt, unsigned what, struct ifw_err *err)
{
	bool inet = what & IFW_DUMP_INET;
	static const uint8_t protos[] = {IFW_P_TCP, IFW_P_UDP, IFW_P_UDPLITE, IFW_P_RAW};
	static const int fams[] = {AF_INET, AF_INET6};
	for (size_t p = 0; inet && p < sizeof(protos); p++)
		for (size_t f = 0; f < 2; f++) {
			int r = dump_inet(nl, c, fams[f], protos[p], flt, err);
			if (c->oom)
				return ifw_fail(err, IFW_E_NOMEM, "out of memory reading sockets");
			tolerate(c->m, r, err, "inet sockets");
		}
	if (what & IFW_DUMP_PACKET)
		tolerate(c->m, dump_packet(nl, c, err), err, "packet sockets");
	if (what & IFW_DUMP_UNIX)
		tolerate(c->m, dump_unix(nl, c, err), err, "unix sockets");
	return c->oom ? ifw_fail(err, IFW_E_NOMEM, "out of memory reading sockets") : 0;
}
