/* Facts about a whole namespace, said once in its header rather than on each of its interfaces:
 * a namespace that forwards between two or more addressed interfaces is a router, and with
 * masquerade or SNAT rules a NAT router. */
#include "infer/rules.h"

#include <stdio.h>
#include <stdlib.h>

static const char *role_of(struct ifw_analysis *a, size_t n)
{
	const struct ifw_netns *ns = &a->m->netns.v[n];
	if ((ns->ip_forward != 1 && ns->ip6_forward != 1) || a->addressed_links[n] < 2)
		return NULL;
	char buf[200];
	unsigned nat = ns->nat_masq + ns->nat_snat;
	if (nat)
		snprintf(buf, sizeof(buf),
		         "a NAT router: it forwards between its interfaces and masquerades (%u "
		         "nftables NAT rule%s)",
		         nat, nat == 1 ? "" : "s");
	else
		snprintf(buf, sizeof(buf),
		         "a router: it forwards between its %zu addressed interfaces",
		         a->addressed_links[n]);
	return ifw_arena_strdup(a->arena, buf);
}

int ifw_analyze_namespaces(struct ifw_analysis *a)
{
	a->ns_role = calloc(a->m->netns.n ? a->m->netns.n : 1, sizeof(*a->ns_role));
	if (!a->ns_role)
		return -1;
	for (size_t n = 0; n < a->m->netns.n; n++) {
		const struct ifw_netns *ns = &a->m->netns.v[n];
		if ((ns->ip_forward == 1 || ns->ip6_forward == 1) && a->addressed_links[n] >= 2 &&
		    !(a->ns_role[n] = role_of(a, n)))
			return -1;
	}
	return 0;
}
