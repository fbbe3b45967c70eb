/* The rule families the driver runs, in order. Within a phase, earlier families may set what
 * later ones read (a card or kernel device is marked kernel-owned before tunnel rules look). */
#include "infer/rules.h"

extern const struct ifw_rule_def ifw_rule_kernel, ifw_rule_physical, ifw_rule_tun,
    ifw_rule_tunnel_sockets, ifw_rule_tunnel_routes, ifw_rule_veth, ifw_rule_bridge,
    ifw_rule_overlay, ifw_rule_stacked, ifw_rule_names, ifw_rule_voip, ifw_rule_router,
    ifw_rule_attributes, ifw_rule_leftover, ifw_rule_wificall, ifw_rule_addrplan, ifw_rule_cmdline,
    ifw_rule_candidates, ifw_rule_routes, ifw_rule_config, ifw_rule_logcreate, ifw_rule_agent,
    ifw_rule_nm, ifw_rule_dns;
extern const struct ifw_rule_def ifw_rule_nic_hints, ifw_rule_darwin_ports, ifw_rule_ifgroups,
    ifw_rule_masters, ifw_rule_split_routes, ifw_rule_typed, ifw_rule_utun_addr, ifw_rule_nwi,
    ifw_rule_vm_port, ifw_rule_mac_sibling, ifw_rule_phone_ipsec, ifw_rule_neigh, ifw_rule_port_mac,
    ifw_rule_modem, ifw_rule_uplink, ifw_rule_ovs, ifw_rule_wifi_p2p, ifw_rule_netns_link,
    ifw_rule_epair, ifw_rule_named_after, ifw_rule_topic, ifw_rule_tun_lsof;

const struct ifw_rule_def *const ifw_rule_table[] = {
    &ifw_rule_kernel,        &ifw_rule_physical,    &ifw_rule_modem,
    &ifw_rule_cmdline,       &ifw_rule_config,      &ifw_rule_logcreate,
    &ifw_rule_typed,         &ifw_rule_agent,       &ifw_rule_nm,
    &ifw_rule_dns,           &ifw_rule_tun,         &ifw_rule_tunnel_sockets,
    &ifw_rule_tunnel_routes, &ifw_rule_veth,        &ifw_rule_bridge,
    &ifw_rule_overlay,       &ifw_rule_stacked,     &ifw_rule_names,
    &ifw_rule_addrplan,      &ifw_rule_routes,      &ifw_rule_voip,
    &ifw_rule_router,        &ifw_rule_attributes,  &ifw_rule_wificall,
    &ifw_rule_leftover,      &ifw_rule_candidates,  &ifw_rule_nic_hints,
    &ifw_rule_darwin_ports,  &ifw_rule_ifgroups,    &ifw_rule_masters,
    &ifw_rule_split_routes,  &ifw_rule_utun_addr,   &ifw_rule_nwi,
    &ifw_rule_vm_port,       &ifw_rule_mac_sibling, &ifw_rule_phone_ipsec,
    &ifw_rule_neigh,         &ifw_rule_port_mac,    &ifw_rule_uplink,
    &ifw_rule_ovs,           &ifw_rule_wifi_p2p,    &ifw_rule_netns_link,
    &ifw_rule_epair,         &ifw_rule_named_after, &ifw_rule_topic,
    &ifw_rule_tun_lsof,
};
const size_t ifw_rule_table_len = sizeof(ifw_rule_table) / sizeof(ifw_rule_table[0]);
