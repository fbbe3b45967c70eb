/* Without the Linux backend there are no network namespaces to enter: the model holds this
 * host only (its namespace is marked is_host), and a capture is opened where ifwho runs. */
#include "capture/cap_int.h"

int ifw_cap_enter_ns(const struct ifw_model *m, ifw_id nsid, struct ifw_ns_saved *saved,
                     struct ifw_err *err)
{
	saved->fd = -1;
	if (nsid >= m->netns.n)
		return ifw_fail(err, IFW_E_NOTFOUND, "interface has no namespace");
	if (!m->netns.v[nsid].is_host)
		return ifw_fail(err, IFW_E_USAGE, "namespace %s is not this host's",
		                m->netns.v[nsid].name ? m->netns.v[nsid].name : "?");
	return 0;
}

int ifw_cap_leave_ns(struct ifw_ns_saved *saved, struct ifw_err *err)
{
	(void)err;
	saved->fd = -1;
	return 0;
}
