/* A small world builder for inference tests: a model made by hand, analysed with the shipped
 * knowledge. Shared by the rule tests. */
#ifndef IFW_TEST_WORLD_H
#define IFW_TEST_WORLD_H

#include "infer/analysis.h"
#include "infer/owners.h"
#include "know/know.h"

extern struct ifw_kb *kb;
extern struct ifw_owners owners;

struct w {
	struct ifw_model m;
	struct ifw_analysis a;
};

int group_setup(void **state);
int group_teardown(void **state);
struct w *world(const char *os);
ifw_id add_ns(struct w *w, const char *name, uint64_t inode);
ifw_id iface(struct w *w, ifw_id ns, const char *name, const char *kind, uint32_t flags);
void addr(struct w *w, ifw_id iface_id, const char *ip, uint8_t plen);
ifw_id proc(struct w *w, int pid, const char *comm, ifw_id ns);
/* A socket held by owner; r NULL makes it listening (TCP) or unconnected (UDP). */
ifw_id sock(struct w *w, ifw_id owner, uint8_t proto, const char *l, uint16_t lport, const char *r,
            uint16_t rport);
void tunfd(struct w *w, ifw_id owner, ifw_id iface_id);
struct ifw_tunnel_sa *sa(struct w *w, ifw_id owner, const char *local, const char *remote);
const struct ifw_iface_analysis *analyze(struct w *w, ifw_id id);
const char *verdict_rule(const struct ifw_iface_analysis *ia);
bool has_rule(const struct ifw_iface_analysis *ia, const char *rule);
void done(struct w *w);

#endif
