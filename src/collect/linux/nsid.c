/* IFLA_LINK_NETNSID is a number private to the namespace that reports it. We resolve it the only
 * sure way: ask that namespace (RTM_GETNSID) which id it gives each namespace we know. */
#include "collect/linux/linux.h"

#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <sys/stat.h>
#include <unistd.h>

struct nsid_reply {
	int32_t nsid;
	bool got;
};

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nsid_reply *r = data;
	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	const struct nlattr *tb[NETNSA_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX);
	if (tb[NETNSA_NSID]) {
		r->nsid = (int32_t)ifw_nla_u32(tb[NETNSA_NSID], (uint32_t)-1);
		r->got = true;
	}
	return MNL_CB_OK;
}

/* The id `nl`'s namespace gives the namespace at path, or -1 when it has none. */
static int32_t nsid_of(struct ifw_nl *nl, const char *path, uint64_t inode)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || (uint64_t)st.st_ino != inode) {
		close(fd);
		return -1;
	}
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
	struct nsid_reply r = {-1, false};
	struct ifw_err err = {0};
	int rc = ifw_nl_talk(nl, nlh, nsid_cb, &r, "getnsid", &err);
	close(fd);
	return rc == 0 && r.got ? r.nsid : -1;
}

void ifw_linux_resolve_nsids(struct ifw_model *m, struct ifw_nl *nl, ifw_id ns,
			     const struct ifw_ns_handle *all, size_t n_all)
{
	size_t pending = 0;
	for (size_t i = 0; i < m->ifaces.n; i++)
		if (m->ifaces.v[i].ns == ns && m->ifaces.v[i].link_nsid >= 0)
			pending++;
	for (size_t j = 0; j < n_all && pending; j++) {
		if (all[j].ns == ns || !all[j].path[0])
			continue;
		int32_t id = nsid_of(nl, all[j].path, m->netns.v[all[j].ns].inode);
		if (id < 0)
			continue;
		for (size_t i = 0; i < m->ifaces.n; i++) {
			struct ifw_iface *f = &m->ifaces.v[i];
			if (f->ns == ns && f->link_nsid == id && f->link_ns == IFW_NOID) {
				f->link_ns = all[j].ns;
				pending--;
			}
		}
	}
}
