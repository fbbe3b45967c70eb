/* The words knowledge entries may use for categories and roles, one table per enum
 * (know/know.h); the tables are indexed by the enum value. */
#include "know/know.h"

#include <string.h>

static const char *const category_names[IFW_KB_CAT_COUNT] = {
    [IFW_KB_CAT_LOOPBACK] = "loopback",
    [IFW_KB_CAT_KERNEL_FALLBACK] = "kernel-fallback",
    [IFW_KB_CAT_PHYSICAL] = "physical",
    [IFW_KB_CAT_CONTAINER] = "container",
    [IFW_KB_CAT_VM] = "vm",
    [IFW_KB_CAT_VPN] = "vpn",
    [IFW_KB_CAT_MESH_VPN] = "mesh-vpn",
    [IFW_KB_CAT_OVERLAY] = "overlay",
    [IFW_KB_CAT_BRIDGE] = "bridge",
    [IFW_KB_CAT_TELEPHONY] = "telephony",
    [IFW_KB_CAT_APPLE_P2P] = "apple-p2p",
    [IFW_KB_CAT_APPLE_SYSTEM] = "apple-system",
    [IFW_KB_CAT_CAPTURE] = "capture",
    [IFW_KB_CAT_DIALUP] = "dialup",
    [IFW_KB_CAT_CELLULAR] = "cellular",
    [IFW_KB_CAT_VIRTUAL] = "virtual",
};

static const char *const port_role_names[IFW_KB_PORT_COUNT] = {
    [IFW_KB_PORT_APPLE] = "apple",
    [IFW_KB_PORT_INCIDENTAL] = "incidental",
    [IFW_KB_PORT_INFRA] = "infra",
    [IFW_KB_PORT_OVERLAY] = "overlay",
    [IFW_KB_PORT_SERVICE] = "service",
    [IFW_KB_PORT_TUNNEL_CONTROL] = "tunnel-control",
    [IFW_KB_PORT_TUNNEL_DATA] = "tunnel-data",
    [IFW_KB_PORT_VOIP_MEDIA] = "voip-media",
    [IFW_KB_PORT_VOIP_SIGNAL] = "voip-signal",
};

static const char *const proc_role_names[IFW_KB_PROC_COUNT] = {
    [IFW_KB_PROC_APPLE_SYSTEM] = "apple-system",
    [IFW_KB_PROC_CAPTURE] = "capture",
    [IFW_KB_PROC_CONTAINER_RUNTIME] = "container-runtime",
    [IFW_KB_PROC_CONTAINER_SHIM] = "container-shim",
    [IFW_KB_PROC_DHCP] = "dhcp",
    [IFW_KB_PROC_DIALUP] = "dialup",
    [IFW_KB_PROC_DNS] = "dns",
    [IFW_KB_PROC_HYPERVISOR] = "hypervisor",
    [IFW_KB_PROC_INCIDENTAL] = "incidental",
    [IFW_KB_PROC_MESH_VPN] = "mesh-vpn",
    [IFW_KB_PROC_NETWORK_MANAGER] = "network-manager",
    [IFW_KB_PROC_SERVICE] = "service",
    [IFW_KB_PROC_TELEPHONY] = "telephony",
    [IFW_KB_PROC_VOIP] = "voip",
    [IFW_KB_PROC_VPN] = "vpn",
};

static const char *name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : NULL;
}

static unsigned value_of(const char *const *names, size_t n, const char *name)
{
	for (unsigned v = 1; name && v < n; v++)
		if (strcmp(names[v], name) == 0)
			return v;
	return 0;
}

#define N(t) (sizeof(t) / sizeof(t[0]))

const char *ifw_kb_category_name(enum ifw_kb_category c)
{
	return name_of(category_names, N(category_names), c);
}

const char *ifw_kb_port_role_name(enum ifw_kb_port_role r)
{
	return name_of(port_role_names, N(port_role_names), r);
}

const char *ifw_kb_proc_role_name(enum ifw_kb_proc_role r)
{
	return name_of(proc_role_names, N(proc_role_names), r);
}

enum ifw_kb_category ifw_kb_category_from(const char *name)
{
	return (enum ifw_kb_category)value_of(category_names, N(category_names), name);
}

enum ifw_kb_port_role ifw_kb_port_role_from(const char *name)
{
	return (enum ifw_kb_port_role)value_of(port_role_names, N(port_role_names), name);
}

enum ifw_kb_proc_role ifw_kb_proc_role_from(const char *name)
{
	return (enum ifw_kb_proc_role)value_of(proc_role_names, N(proc_role_names), name);
}

bool ifw_kb_port_is_tunnel(const struct ifw_kb_port *p)
{
	return p && (p->role == IFW_KB_PORT_TUNNEL_CONTROL || p->role == IFW_KB_PORT_TUNNEL_DATA);
}
