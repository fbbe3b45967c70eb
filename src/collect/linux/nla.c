/* Bounds-checked access to netlink attributes. */
#include "collect/linux/rtnl_parse.h"

#include <string.h>
#include <sys/socket.h>

struct table_req {
	const struct nlattr **tb;
	unsigned max;
};

static int table_cb(const struct nlattr *a, void *data)
{
	struct table_req *t = data;
	unsigned type = mnl_attr_get_type(a);
	if (type <= t->max)
		t->tb[type] = a;
	return MNL_CB_OK;
}

void ifw_nla_table(const struct nlattr *nest, const struct nlattr **tb, unsigned max)
{
	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (!nest || mnl_attr_get_payload_len(nest) == 0)
		return;
	struct table_req t = {tb, max};
	mnl_attr_parse_nested(nest, table_cb, &t);
}

void ifw_nla_table_msg(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
                       unsigned max)
{
	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen))
		return;
	struct table_req t = {tb, max};
	mnl_attr_parse(nlh, (unsigned)hdrlen, table_cb, &t);
}

static const void *payload(const struct nlattr *a, size_t need)
{
	if (!a || mnl_attr_get_payload_len(a) < need)
		return NULL;
	return mnl_attr_get_payload(a);
}

uint8_t ifw_nla_u8(const struct nlattr *a, uint8_t def)
{
	const uint8_t *p = payload(a, 1);
	return p ? *p : def;
}

uint16_t ifw_nla_u16(const struct nlattr *a, uint16_t def)
{
	const void *p = payload(a, 2);
	uint16_t v;
	if (!p)
		return def;
	memcpy(&v, p, 2);
	return v;
}

uint32_t ifw_nla_u32(const struct nlattr *a, uint32_t def)
{
	const void *p = payload(a, 4);
	uint32_t v;
	if (!p)
		return def;
	memcpy(&v, p, 4);
	return v;
}

uint64_t ifw_nla_u64(const struct nlattr *a, uint64_t def)
{
	const void *p = payload(a, 8);
	uint64_t v;
	if (!p)
		return def;
	memcpy(&v, p, 8);
	return v;
}

const char *ifw_nla_str(struct ifw_model *m, const struct nlattr *a)
{
	if (!a)
		return NULL;
	size_t len = mnl_attr_get_payload_len(a);
	const char *p = mnl_attr_get_payload(a);
	size_t n = strnlen(p, len);
	return ifw_model_strndup(m, p, n);
}

bool ifw_nla_ip(const struct nlattr *a, struct ifw_ip *ip)
{
	if (!a)
		return false;
	size_t len = mnl_attr_get_payload_len(a);
	if (len == 4)
		ifw_ip_set(ip, AF_INET, mnl_attr_get_payload(a));
	else if (len == 16)
		ifw_ip_set(ip, AF_INET6, mnl_attr_get_payload(a));
	else
		return false;
	return true;
}

void ifw_parse_ctx_init(struct ifw_parse_ctx *c, struct ifw_model *m, ifw_id ns)
{
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->ns = ns;
	ifw_idmap_init(&c->ifmap);
}

void ifw_parse_ctx_free(struct ifw_parse_ctx *c)
{
	ifw_idmap_free(&c->ifmap);
}

int ifw_parse_ctx_index_links(struct ifw_parse_ctx *c)
{
	for (size_t i = 0; i < c->m->ifaces.n; i++) {
		const struct ifw_iface *f = &c->m->ifaces.v[i];
		if (f->ns == c->ns && f->ifindex > 0 &&
		    ifw_idmap_put(&c->ifmap, (uint64_t)f->ifindex, (ifw_id)i) < 0)
			return -1;
	}
	return 0;
}

ifw_id ifw_parse_ctx_iface(const struct ifw_parse_ctx *c, int32_t ifindex)
{
	return ifindex > 0 ? ifw_idmap_get(&c->ifmap, (uint64_t)ifindex) : IFW_NOID;
}
