#include "collect/linux/nla_tiles.h"

bool ifw_nla_tiles(const void *p, size_t len)
{
	size_t off = 0;
	while (off < len) {
		if (len - off < sizeof(struct nlattr))
			return false;
		const struct nlattr *x = (const struct nlattr *)((const char *)p + off);
		if (x->nla_len < sizeof(struct nlattr) || x->nla_len > len - off)
			return false;
		off += MNL_ALIGN(x->nla_len);
	}
	return true;
}

bool ifw_nla_nested_tiles(const struct nlattr *a)
{
	return ifw_nla_tiles(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
}
