/* The knowledge base's storage, shared by the loader and the lookups. Internal to know/. */
#ifndef IFW_KNOW_PRIV_H
#define IFW_KNOW_PRIV_H

#include "know/know.h"
#include "util/vec.h"

#include <jansson.h>

struct ifw_kb {
	IFW_VEC(json_t *) roots; /* every entry's strings point into these */
	IFW_VEC(struct ifw_kb_port) ports;
	IFW_VEC(struct ifw_kb_process) procs;
	IFW_VEC(struct ifw_kb_ifname) ifnames;
	IFW_VEC(struct ifw_kb_oui) ouis;
	IFW_VEC(struct ifw_kb_mtu) mtus;
	IFW_VEC(struct ifw_kb_network) nets;
	IFW_VEC(struct ifw_kb_addrplan) addrplans;
	IFW_VEC(const char **) matchlists;
};

#endif
