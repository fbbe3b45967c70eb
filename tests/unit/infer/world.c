/* The world builder shared by the inference tests (see world.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "world.h"

#include <net/if.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

struct ifw_kb *kb;
struct ifw_owners owners;

int group_setup(void **state)
{
	(void)state;
	const char *dirs[] = {SRC_DATA "/knowledge"};
	struct ifw_err err = {0};
	if (ifw_kb_load(&kb, dirs, 1, &err) < 0)
		fail_msg("knowledge: %s", err.msg);
	char warn[256];
	if (ifw_owners_open(&owners, kb, NULL, 0, warn, sizeof(warn), &err) < 0)
		fail_msg("owners: %s", err.msg);
	return 0;
}

int group_teardown(void **state)
{
	(void)state;
	ifw_owners_close(&owners);
	ifw_kb_free(kb);
	return 0;
}

struct w *world(const char *os)
{
	struct w *w = calloc(1, sizeof(*w));
	ifw_model_init(&w->m);
	w->m.os = os;
	w->m.source = IFW_SRC_LIVE;
	w->m.privileged = true;
	w->m.all_procs_visible = true;
	struct ifw_netns *ns = ifw_model_add_netns(&w->m);
	ns->name = "host";
	ns->inode = 1;
	ns->is_host = ns->is_self = true;
	ns->collected = true;
	return w;
}

ifw_id add_ns(struct w *w, const char *name, uint64_t inode)
{
	struct ifw_netns *ns = ifw_model_add_netns(&w->m);
	ns->name = name;
	ns->inode = inode;
	ns->collected = true;
	return (ifw_id)(w->m.netns.n - 1);
}

ifw_id iface(struct w *w, ifw_id ns, const char *name, const char *kind, uint32_t flags)
{
	struct ifw_iface *f = ifw_model_add_iface(&w->m, ns);
	f->name = name;
	f->kind = kind;
	f->ifindex = (int32_t)w->m.ifaces.n;
	f->flags = flags | IFF_UP;
	f->mtu = 1500;
	return (ifw_id)(w->m.ifaces.n - 1);
}

void addr(struct w *w, ifw_id iface_id, const char *ip, uint8_t plen)
{
	struct ifw_addr *a = ifw_model_add_addr(&w->m);
	a->iface = iface_id;
	ifw_ip_parse(ip, &a->ip);
	a->plen = plen;
}

ifw_id proc(struct w *w, int pid, const char *comm, ifw_id ns)
{
	struct ifw_process *p = ifw_model_add_proc(&w->m);
	p->pid = pid;
	p->comm = comm;
	p->ns = ns;
	p->netns_inode = w->m.netns.v[ns].inode;
	return (ifw_id)(w->m.procs.n - 1);
}

ifw_id sock(struct w *w, ifw_id owner, uint8_t proto, const char *l, uint16_t lport, const char *r,
            uint16_t rport)
{
	struct ifw_socket *s = ifw_model_add_socket(&w->m, 0);
	s->proto = proto;
	ifw_ip_parse(l, &s->local);
	s->family = s->local.family;
	s->lport = lport;
	if (r)
		ifw_ip_parse(r, &s->remote);
	else
		s->remote.family = s->local.family;
	s->rport = rport;
	s->state = r ? TCP_ESTABLISHED : proto == IFW_P_TCP ? TCP_LISTEN : TCP_CLOSE;
	s->listening = !r;
	s->inode = 1000 + w->m.sockets.n;
	ifw_id id = (ifw_id)(w->m.sockets.n - 1);
	struct ifw_fdref *fd = ifw_model_add_fdref(&w->m);
	fd->proc = owner;
	fd->type = IFW_FD_SOCKET;
	fd->inode = s->inode;
	fd->fd = (int32_t)(3 + w->m.fdrefs.n);
	return id;
}

void tunfd(struct w *w, ifw_id owner, ifw_id iface_id)
{
	struct ifw_fdref *fd = ifw_model_add_fdref(&w->m);
	fd->proc = owner;
	fd->type = IFW_FD_TUN;
	fd->fd = 7;
	fd->tun_name = w->m.ifaces.v[iface_id].name;
	fd->tun_ns_confirmed = true;
	fd->tun_ns_inode = w->m.netns.v[w->m.ifaces.v[iface_id].ns].inode;
	fd->tun_iface = iface_id;
}

struct ifw_tunnel_sa *sa(struct w *w, ifw_id owner, const char *local, const char *remote)
{
	struct ifw_tunnel_sa *s = ifw_model_add_sa(&w->m);
	s->proc = owner;
	s->daemon = "strongSwan";
	s->name = "test";
	s->state = "ESTABLISHED";
	ifw_ip_parse(local, &s->local);
	ifw_ip_parse(remote, &s->remote);
	s->lport = s->rport = 4500;
	s->initiator = true;
	s->nat_local = true;
	return s;
}

const struct ifw_iface_analysis *analyze(struct w *w, ifw_id id)
{
	struct ifw_err err = {0};
	assert_int_equal(ifw_analyze(&w->a, &w->m, kb, &owners, &err), 0);
	assert_int_equal(ifw_owners_annotate(&w->a, NULL, 0), 0);
	return &w->a.ifaces[id];
}

const char *verdict_rule(const struct ifw_iface_analysis *ia)
{
	return ia->verdict >= 0 ? ia->findings.v[ia->verdict]->rule : "(none)";
}

bool has_rule(const struct ifw_iface_analysis *ia, const char *rule)
{
	for (size_t i = 0; i < ia->findings.n; i++)
		if (strcmp(ia->findings.v[i]->rule, rule) == 0)
			return true;
	return false;
}

void done(struct w *w)
{
	ifw_analysis_free(&w->a);
	ifw_model_free(&w->m);
	free(w);
}
