/* sock_diag replies -> socket records. */
#include "collect/linux/rtnl_parse.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

static struct ifw_socket *add(struct ifw_parse_ctx *c)
{
	struct ifw_socket *s = ifw_model_add_socket(c->m, c->ns);
	if (!s)
		c->oom = 1;
	return s;
}

int ifw_sockdiag_inet_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_parse_ctx *c = data;
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct inet_diag_msg)) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct inet_diag_msg *d = mnl_nlmsg_get_payload(nlh);
	if (d->idiag_family != AF_INET && d->idiag_family != AF_INET6) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct nlattr *tb[INET_DIAG_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*d), tb, INET_DIAG_MAX);
	struct ifw_socket *s = add(c);
	if (!s)
		return MNL_CB_ERROR;
	s->proto = c->proto;
	s->family = d->idiag_family;
	s->state = d->idiag_state;
	ifw_ip_set(&s->local, d->idiag_family, d->id.idiag_src);
	ifw_ip_set(&s->remote, d->idiag_family, d->id.idiag_dst);
	s->lport = ntohs(d->id.idiag_sport);
	s->rport = ntohs(d->id.idiag_dport);
	s->uid = d->idiag_uid;
	s->inode = d->idiag_inode;
	s->rqueue = d->idiag_rqueue;
	s->wqueue = d->idiag_wqueue;
	s->bound_ifindex = (int32_t)d->id.idiag_if;
	s->cgroup_id = ifw_nla_u64(tb[INET_DIAG_CGROUP_ID], 0);
	if (c->proto == IFW_P_TCP)
		s->listening = s->state == TCP_LISTEN;
	else /* datagram sockets that are not connected receive from anyone */
		s->listening = s->state == TCP_CLOSE;
	if (c->proto == IFW_P_RAW) {
		s->raw_protocol = ifw_nla_u8(tb[INET_DIAG_PROTOCOL], 0);
		s->lport = 0;
	}
	s->bound_iface = ifw_parse_ctx_iface(c, s->bound_ifindex);
	s->origin.src = "sock_diag";
	return MNL_CB_OK;
}

int ifw_sockdiag_packet_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_parse_ctx *c = data;
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct packet_diag_msg)) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct packet_diag_msg *d = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[PACKET_DIAG_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*d), tb, PACKET_DIAG_MAX);
	struct ifw_socket *s = add(c);
	if (!s)
		return MNL_CB_ERROR;
	s->proto = IFW_P_PACKET;
	s->family = AF_PACKET;
	s->raw_protocol = ntohs(d->pdiag_num);
	s->inode = d->pdiag_ino;
	s->uid = ifw_nla_u32(tb[PACKET_DIAG_UID], 0);
	s->listening = true;
	if (tb[PACKET_DIAG_INFO] &&
	    mnl_attr_get_payload_len(tb[PACKET_DIAG_INFO]) >= sizeof(struct packet_diag_info)) {
		const struct packet_diag_info *pi = mnl_attr_get_payload(tb[PACKET_DIAG_INFO]);
		s->bound_ifindex = (int32_t)pi->pdi_index;
	}
	s->bound_iface = ifw_parse_ctx_iface(c, s->bound_ifindex);
	s->origin.src = "sock_diag packet";
	return MNL_CB_OK;
}

/* Only listening unix sockets with a name are kept: they are the control sockets of daemons
 * (strongSwan's vici, ...), which tell which daemon to ask about its tunnels. */
int ifw_sockdiag_unix_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifw_parse_ctx *c = data;
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct unix_diag_msg)) {
		c->m->skipped_records++;
		return MNL_CB_OK;
	}
	const struct unix_diag_msg *d = mnl_nlmsg_get_payload(nlh);
	if (d->udiag_state != TCP_LISTEN)
		return MNL_CB_OK;
	const struct nlattr *tb[UNIX_DIAG_MAX + 1];
	ifw_nla_table_msg(nlh, sizeof(*d), tb, UNIX_DIAG_MAX);
	if (!tb[UNIX_DIAG_NAME] || mnl_attr_get_payload_len(tb[UNIX_DIAG_NAME]) == 0)
		return MNL_CB_OK;
	struct ifw_socket *s = add(c);
	if (!s)
		return MNL_CB_ERROR;
	s->proto = IFW_P_UNIX;
	s->family = AF_UNIX;
	s->state = d->udiag_state;
	s->listening = true;
	s->inode = d->udiag_ino;
	s->uid = ifw_nla_u32(tb[UNIX_DIAG_UID], 0);
	const char *p = mnl_attr_get_payload(tb[UNIX_DIAG_NAME]);
	size_t n = mnl_attr_get_payload_len(tb[UNIX_DIAG_NAME]);
	/* An abstract name starts with a NUL byte; show it with a leading '@' as ss does. */
	s->path = p[0] ? ifw_model_strndup(c->m, p, strnlen(p, n))
	               : ifw_arena_printf(&c->m->arena, "@%.*s", (int)(n - 1), p + 1);
	s->origin.src = "sock_diag unix";
	return s->path ? MNL_CB_OK : (c->oom = 1, MNL_CB_ERROR);
}
