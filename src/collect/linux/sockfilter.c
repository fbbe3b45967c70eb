/* inet_diag bytecode for a single-interface question: keep a socket if it is bound to the
 * device, or its local address is one of the interface's. The kernel runs it during the dump, so
 * a host with 50000 sockets hands back only the few that matter.
 *
 * The kernel checks bytecode by following every condition's "yes" offset from the start, and a
 * "no" may only land on that path. An OR of conditions is therefore laid out as
 *   C1 JMP C2 JMP ... Cn
 * where a true Ci goes on to its JMP (which always takes its "no": the end, keep), and a false
 * Ci skips the JMP to the next condition; a false Cn jumps 4 bytes past the end (drop). */
#include "collect/linux/linux.h"

#include <linux/inet_diag.h>
#include <string.h>
#include <sys/socket.h>

struct pos {
	size_t cond, jmp, size;
};

static size_t put_cond(unsigned char *bc, size_t len, uint8_t code, const void *arg, size_t argl)
{
	struct inet_diag_bc_op op = {.code = code};
	memcpy(bc + len, &op, sizeof(op));
	memcpy(bc + len + sizeof(op), arg, argl);
	return sizeof(op) + argl;
}

void ifw_linux_filter_for(const struct ifw_model *m, ifw_id iface, struct ifw_sock_filter *flt)
{
	const struct ifw_iface *f = &m->ifaces.v[iface];
	unsigned char *bc = flt->bytecode;
	struct pos p[32];
	size_t n = 0, len = 0;
	uint32_t ifindex = (uint32_t)f->ifindex;
	p[n].cond = len;
	p[n].size = put_cond(bc, len, INET_DIAG_BC_DEV_COND, &ifindex, 4);
	len += p[n++].size;
	/* Before ifw_model_index the interface's own list is empty: look through all addresses. */
	for (size_t i = 0; i < m->addrs.n; i++) {
		const struct ifw_addr *a = &m->addrs.v[i];
		size_t alen = ifw_ip_len(a->ip.family);
		if (a->iface != iface || !alen)
			continue;
		size_t need =
		    4 + sizeof(struct inet_diag_bc_op) + sizeof(struct inet_diag_hostcond) + alen;
		if (n == 32 || len + need > sizeof(flt->bytecode)) {
			flt->bytecode_len =
			    0; /* too many addresses: dump everything (correct, slower) */
			return;
		}
		p[n - 1].jmp = len;
		struct inet_diag_bc_op jmp = {.code = INET_DIAG_BC_JMP};
		memcpy(bc + len, &jmp, sizeof(jmp));
		len += sizeof(jmp);
		unsigned char hc[sizeof(struct inet_diag_hostcond) + 16];
		struct inet_diag_hostcond h = {
		    .family = a->ip.family,
		    .prefix_len = (uint8_t)(alen * 8),
		    .port = -1,
		};
		memcpy(hc, &h, sizeof(h));
		memcpy(hc + sizeof(h), a->ip.a, alen);
		p[n].cond = len;
		p[n].size = put_cond(bc, len, INET_DIAG_BC_S_COND, hc, sizeof(h) + alen);
		len += p[n++].size;
	}
	for (size_t i = 0; i < n; i++) {
		struct inet_diag_bc_op op;
		memcpy(&op, bc + p[i].cond, sizeof(op));
		op.yes = (uint8_t)p[i].size; /* true: on to the JMP (or, for the last, the end) */
		op.no = (uint16_t)(p[i].size + 4); /* false: past the JMP (or past the end: drop) */
		memcpy(bc + p[i].cond, &op, sizeof(op));
		if (i + 1 < n) {
			struct inet_diag_bc_op jmp = {.code = INET_DIAG_BC_JMP, .yes = 4};
			jmp.no = (uint16_t)(len - p[i].jmp);
			memcpy(bc + p[i].jmp, &jmp, sizeof(jmp));
		}
	}
	flt->bytecode_len = len;
}
