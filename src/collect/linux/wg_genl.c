/* Kernel WireGuard's WG_CMD_GET_DEVICE dump (include/uapi/linux/wireguard.h): per message, the
 * device's attributes and a nested list of peers, each with nested allowed IPs. A peer whose
 * allowed IPs do not fit in one message comes again in the next with only its public key and
 * the rest of its allowed IPs: it is coalesced into the same session. */
#include "collect/linux/nla_tiles.h"
#include "collect/linux/wg_parse.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/time_types.h>
#include <linux/wireguard.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define WG_MAX_ALLOWED 64

void ifw_wg_genl_init(struct ifw_wg_genl_state *st, struct ifw_model *m,
                      const struct ifw_wg_target *t)
{
	memset(st, 0, sizeof(*st));
	st->m = m;
	st->t = t;
	st->first = m->sas.n;
	st->last = IFW_NOID;
}

static void hex(char out[65], const uint8_t *k)
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", k[i]);
}

static int add_allowed(struct ifw_wg_genl_state *st, struct ifw_tunnel_sa *sa,
                       const struct nlattr *a)
{
	if (!ifw_nla_nested_tiles(a))
		return -1;
	uint16_t fam = 0;
	const void *addr = NULL;
	size_t alen = 0;
	int cidr = -1;
	const struct nlattr *x;
	mnl_attr_for_each_nested(x, a)
	{
		switch (mnl_attr_get_type(x)) {
		case WGALLOWEDIP_A_FAMILY:
			if (mnl_attr_validate(x, MNL_TYPE_U16) < 0)
				return -1;
			fam = mnl_attr_get_u16(x);
			break;
		case WGALLOWEDIP_A_IPADDR:
			addr = mnl_attr_get_payload(x);
			alen = mnl_attr_get_payload_len(x);
			break;
		case WGALLOWEDIP_A_CIDR_MASK:
			if (mnl_attr_validate(x, MNL_TYPE_U8) < 0)
				return -1;
			cidr = mnl_attr_get_u8(x);
			break;
		}
	}
	size_t need = fam == AF_INET ? 4 : fam == AF_INET6 ? 16 : 0;
	if (!need || !addr || alen < need || cidr < 0 || cidr > (int)need * 8)
		return -1;
	if (sa->n_allowed_ips >= WG_MAX_ALLOWED)
		return 0;
	char ip[INET6_ADDRSTRLEN];
	inet_ntop(fam, addr, ip, sizeof(ip));
	const char **na = ifw_arena_alloc(&st->m->arena, (sa->n_allowed_ips + 1) * sizeof(*na));
	char *s = ifw_arena_printf(&st->m->arena, "%s/%d", ip, cidr);
	if (!na || !s)
		return -1;
	if (sa->n_allowed_ips)
		memcpy(na, sa->allowed_ips, sa->n_allowed_ips * sizeof(*na));
	na[sa->n_allowed_ips++] = s;
	sa->allowed_ips = na;
	return 0;
}

static int endpoint(struct ifw_tunnel_sa *sa, const struct nlattr *a)
{
	size_t n = mnl_attr_get_payload_len(a);
	const void *p = mnl_attr_get_payload(a);
	sa_family_t fam;
	if (n < sizeof(fam))
		return -1;
	memcpy(&fam, p, sizeof(fam));
	if (fam == AF_INET && n >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in sin;
		memcpy(&sin, p, sizeof(sin));
		ifw_ip_set(&sa->remote, AF_INET, &sin.sin_addr);
		sa->rport = ntohs(sin.sin_port);
	} else if (fam == AF_INET6 && n >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 sin6;
		memcpy(&sin6, p, sizeof(sin6));
		ifw_ip_set(&sa->remote, AF_INET6, &sin6.sin6_addr);
		sa->rport = ntohs(sin6.sin6_port);
	} else {
		return -1;
	}
	return 0;
}

static int peer(struct ifw_wg_genl_state *st, const struct nlattr *pa)
{
	const struct nlattr *x, *key = NULL, *allowed = NULL;
	if (!ifw_nla_nested_tiles(pa))
		return -1;
	mnl_attr_for_each_nested(x, pa)
	{
		if (mnl_attr_get_type(x) == WGPEER_A_PUBLIC_KEY)
			key = x;
		else if (mnl_attr_get_type(x) == WGPEER_A_ALLOWEDIPS)
			allowed = x;
	}
	if (!key || mnl_attr_get_payload_len(key) != WG_KEY_LEN)
		return -1;
	struct ifw_model *m = st->m;
	const uint8_t *k = mnl_attr_get_payload(key);
	struct ifw_tunnel_sa *sa;
	if (st->last != IFW_NOID && memcmp(st->last_key, k, WG_KEY_LEN) == 0) {
		sa = &m->sas.v[st->last]; /* the same peer, continued */
	} else {
		sa = ifw_model_add_sa(m);
		if (!sa)
			return -1;
		char hk[65];
		hex(hk, k);
		sa->proc = st->t->proc;
		sa->iface = st->t->iface;
		sa->ifname = st->t->ifname;
		sa->daemon = st->t->daemon;
		sa->source = st->t->source;
		sa->origin.src = st->t->origin;
		sa->proto = IFW_P_UDP;
		sa->version = "WireGuard";
		sa->state = "no handshake yet";
		sa->remote_id = ifw_model_strdup(m, hk);
		if (!sa->remote_id)
			return -1;
		st->last = (ifw_id)(m->sas.n - 1);
		memcpy(st->last_key, k, WG_KEY_LEN);
		st->added++;
	}
	mnl_attr_for_each_nested(x, pa)
	{
		switch (mnl_attr_get_type(x)) {
		case WGPEER_A_ENDPOINT:
			if (endpoint(sa, x) < 0)
				return -1;
			break;
		case WGPEER_A_LAST_HANDSHAKE_TIME: {
			struct __kernel_timespec ts;
			if (mnl_attr_get_payload_len(x) != sizeof(ts))
				return -1;
			memcpy(&ts, mnl_attr_get_payload(x), sizeof(ts));
			sa->last_handshake = ts.tv_sec;
			sa->state = ts.tv_sec ? "handshake done" : "no handshake yet";
			break;
		}
		case WGPEER_A_RX_BYTES:
		case WGPEER_A_TX_BYTES:
			if (mnl_attr_validate(x, MNL_TYPE_U64) < 0)
				return -1;
			*(mnl_attr_get_type(x) == WGPEER_A_RX_BYTES ? &sa->bytes_in
			                                            : &sa->bytes_out) =
			    mnl_attr_get_u64(x);
			break;
		default:
			break; /* the preshared key is never read */
		}
	}
	if (allowed) {
		if (!ifw_nla_nested_tiles(allowed))
			return -1;
		mnl_attr_for_each_nested(x, allowed) if (add_allowed(st, sa, x) < 0) return -1;
	}
	sa = &m->sas.v[st->last];
	sa->lport = st->listen_port;
	return 0;
}

int ifw_wg_genl_msg(struct ifw_wg_genl_state *st, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	/* Unsigned checks: libmnl's mnl_nlmsg_ok compares the length as an int, so a length with
	 * its top bit set would pass it (found by fuzz_daemons). */
	if (st->bad || len < sizeof(*nlh) || nlh->nlmsg_len > len ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)))
		goto bad;
	size_t hdr = MNL_ALIGN(sizeof(struct genlmsghdr));
	if (!ifw_nla_tiles((const char *)mnl_nlmsg_get_payload(nlh) + hdr,
	                   mnl_nlmsg_get_payload_len(nlh) - hdr))
		goto bad;
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
	{
		uint16_t type = mnl_attr_get_type(a);
		if (type == WGDEVICE_A_LISTEN_PORT) {
			if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
				goto bad;
			st->listen_port = mnl_attr_get_u16(a);
		} else if (type == WGDEVICE_A_PEERS) {
			if (!ifw_nla_nested_tiles(a))
				goto bad;
			const struct nlattr *pa;
			mnl_attr_for_each_nested(pa, a) if (peer(st, pa) < 0) goto bad;
		}
		/* WGDEVICE_A_PRIVATE_KEY is skipped unread. */
	}
	return 0;
bad:
	st->bad = true;
	st->m->sas.n = st->first;
	st->added = 0;
	st->last = IFW_NOID;
	return -1;
}
