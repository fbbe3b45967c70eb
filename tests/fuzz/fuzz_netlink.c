/* Netlink parsers on hostile bytes: the first byte picks the parser (link, address, route, rule,
 * inet/packet/unix sock_diag), the rest is fed as a recorded dump would be; the RTM_NEWNSID and
 * ctnetlink conntrack parsers read every input. */
#include "collect/linux/conntrack_parse.h"
#include "collect/linux/rtnl_parse.h"
#include "collect/linux/linux.h"
#include "collect/linux/nl.h"

#include <stdint.h>
#include <string.h>

/* Each message as a conntrack entry, and its far end for a socket on every address, port 17002. */
static int conntrack_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	struct ifw_ct_entry e;
	if (ifw_ct_parse(nlh, &e) == 1) {
		struct ifw_ip any = {0};
		struct ifw_ct_tuple far;
		bool inbound;
		ifw_ct_far_end(&e, e.orig.l4proto, &any, 17002, NULL, NULL, &far, &inbound);
	}
	return MNL_CB_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const mnl_cb_t cbs[] = {
	    ifw_rtnl_link_cb,     ifw_rtnl_addr_cb,       ifw_rtnl_route_cb,   ifw_rtnl_rule_cb,
	    ifw_sockdiag_inet_cb, ifw_sockdiag_packet_cb, ifw_sockdiag_unix_cb};
	if (size < 1)
		return 0;
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_netns *ns = ifw_model_add_netns(&m);
	if (ns)
		ns->name = "fuzz";
	struct ifw_parse_ctx c;
	ifw_parse_ctx_init(&c, &m, 0);
	/* Interfaces first, so later records can resolve an ifindex. */
	struct ifw_iface *f = ifw_model_add_iface(&m, 0);
	if (f) {
		f->ifindex = 1;
		f->name = "lo";
	}
	ifw_parse_ctx_index_links(&c);
	c.proto = IFW_P_UDP;
	/* Netlink messages are 4-byte aligned in real dumps; copy to aligned memory. */
	static uint32_t buf[1 << 16];
	size_t n = size - 1 < sizeof(buf) ? size - 1 : sizeof(buf);
	memcpy(buf, data + 1, n);
	struct ifw_err err = {0};
	ifw_nl_replay(buf, n, cbs[data[0] % (sizeof(cbs) / sizeof(cbs[0]))], &c, &err);
	/* The RTM_GETNSID answer parser reads every input too (it is small and cheap). */
	struct ifw_nsid_reply nr = {-1, false};
	ifw_nl_replay(buf, n, ifw_nsid_reply_cb, &nr, &err);
	/* So does the ctnetlink entry parser (collect/linux/conntrack_parse.c). */
	ifw_nl_replay(buf, n, conntrack_cb, NULL, &err);

	ifw_model_index(&m);
	ifw_parse_ctx_free(&c);
	ifw_model_free(&m);
	return 0;
}
