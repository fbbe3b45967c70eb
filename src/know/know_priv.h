/* The knowledge base's storage, shared by the loader and the lookups. Internal to know/. */
#ifndef IFW_KNOW_PRIV_H
#define IFW_KNOW_PRIV_H

#include "know/know.h"
#include "util/vec.h"

#include <jansson.h>

IFW_VEC_TYPE(ifw_kb_json_vec, json_t *);
IFW_VEC_TYPE(ifw_kb_port_vec, struct ifw_kb_port);
IFW_VEC_TYPE(ifw_kb_process_vec, struct ifw_kb_process);
IFW_VEC_TYPE(ifw_kb_ifname_vec, struct ifw_kb_ifname);
IFW_VEC_TYPE(ifw_kb_oui_vec, struct ifw_kb_oui);
IFW_VEC_TYPE(ifw_kb_mtu_vec, struct ifw_kb_mtu);
IFW_VEC_TYPE(ifw_kb_network_vec, struct ifw_kb_network);
IFW_VEC_TYPE(ifw_kb_addrplan_vec, struct ifw_kb_addrplan);
IFW_VEC_TYPE(ifw_kb_matchlist_vec, const char **);

struct ifw_kb {
	struct ifw_kb_json_vec roots; /* every entry's strings point into these */
	struct ifw_kb_port_vec ports;
	struct ifw_kb_process_vec procs;
	struct ifw_kb_ifname_vec ifnames;
	struct ifw_kb_oui_vec ouis;
	struct ifw_kb_mtu_vec mtus;
	struct ifw_kb_network_vec nets;
	struct ifw_kb_addrplan_vec addrplans;
	struct ifw_kb_matchlist_vec matchlists;
};

#endif
