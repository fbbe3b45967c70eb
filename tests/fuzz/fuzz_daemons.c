/* Tunnel daemons' answers, from daemons that may be hostile: the first byte picks the parser
 * (below 0x80, modulo 6: WireGuard UAPI text, WireGuard generic netlink messages, OpenVPN config
 * text, command line, status, management `state`; from 0x80 on, modulo 3: Tailscale's LocalAPI
 * status, ZeroTier's /network then /peer on the same input, ZeroTier's /peer), the rest is its
 * input. */
#include "collect/linux/mesh_parse.h"
#include "collect/linux/openvpn_parse.h"
#include "collect/linux/wg_parse.h"

#include <libmnl/libmnl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void genl(struct ifw_model *m, const struct ifw_wg_target *t, const uint8_t *d, size_t n)
{
	struct ifw_wg_genl_state st;
	ifw_wg_genl_init(&st, m, t);
	/* Messages back to back, as a dump's recv buffer holds them; each copied to an aligned
	 * buffer of its own length so reads past it are caught. */
	while (n >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, d, sizeof(h));
		size_t len = h.nlmsg_len < sizeof(h) ? sizeof(h)
		             : h.nlmsg_len > n       ? n
		                                     : h.nlmsg_len;
		void *msg = malloc(len);
		memcpy(msg, d, len);
		ifw_wg_genl_msg(&st, msg, len);
		free(msg);
		size_t step = MNL_ALIGN(len);
		if (step >= n)
			break;
		d += step;
		n -= step;
	}
}

static void mesh(struct ifw_model *m, int which, const char *text, size_t n)
{
	struct ifw_mesh_target t = {.proc = IFW_NOID,
	                            .iface = IFW_NOID,
	                            .ifname = "ztmjfmfyq5",
	                            .daemon = "fuzz",
	                            .origin = "fuzz"};
	struct ifw_err err = {0};
	size_t skipped;
	struct ifw_zt_network net = {.id = "8056c2e21c000001"};
	switch (which) {
	case 0: {
		const char *tailnet;
		ifw_tailscale_parse_status(m, &t, text, n, &tailnet, &skipped, &err);
		break;
	}
	case 1: /* the network found (or none) names the peers */
		if (ifw_zerotier_parse_networks(m, text, n, t.ifname, &net, &err) >= 0)
			ifw_zerotier_parse_peers(m, &t, &net, text, n, &skipped, &err);
		break;
	default:
		ifw_zerotier_parse_peers(m, &t, &net, text, n, &skipped, &err);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t which = data[0] < 0x80 ? data[0] % 6 : 6 + (data[0] - 0x80) % 3;
	const char *text = (const char *)data + 1;
	size_t n = size - 1;
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_wg_target wt = {.proc = IFW_NOID,
	                           .iface = IFW_NOID,
	                           .ifname = "wg0",
	                           .daemon = "fuzz",
	                           .source = "fuzz",
	                           .origin = "fuzz"};
	struct ifw_ovpn_target ot = {.proc = IFW_NOID, .iface = IFW_NOID, .origin = "fuzz"};
	struct ifw_ovpn_conf *c = calloc(1, sizeof(*c));
	switch (which) {
	case 0:
		ifw_wg_parse_uapi(&m, &wt, text, n);
		ifw_wg_uapi_complete(text, n);
		break;
	case 1:
		genl(&m, &wt, data + 1, n);
		break;
	case 2:
		ifw_ovpn_config_text(c, text, n);
		ifw_ovpn_add_config_sessions(&m, &ot, c);
		break;
	case 3: {
		/* A command line: NUL-separated words. */
		char *buf = malloc(n + 1);
		char *argv[64];
		size_t argc = 0;
		memcpy(buf, text, n);
		buf[n] = '\0';
		for (size_t i = 0; i <= n && argc < 64; i += strlen(buf + i) + 1)
			argv[argc++] = buf + i;
		ifw_ovpn_cmdline(c, argv, argc);
		ifw_ovpn_add_config_sessions(&m, &ot, c);
		free(buf);
		break;
	}
	case 4:
		ifw_ovpn_parse_status(&m, &ot, text, n, "fuzz");
		break;
	case 5:
		ifw_ovpn_parse_state(&m, &ot, text, n);
		break;
	default:
		mesh(&m, which - 6, text, n);
		break;
	}
	free(c);
	ifw_model_free(&m);
	return 0;
}
