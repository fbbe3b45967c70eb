/* Lookups the rules share, built once per analysis so that their cost grows with the host, not
 * with interfaces x processes: each process's knowledge entry, the processes of each namespace,
 * the tun fds whose namespace was not confirmed, and the words of every command line. */
#ifndef IFW_INFER_INDEX_H
#define IFW_INFER_INDEX_H

#include "know/know.h"
#include "model/model.h"

struct ifw_infer_index;

/* NULL when out of memory. */
struct ifw_infer_index *ifw_infer_index_new(const struct ifw_model *m, const struct ifw_kb *kb);
void ifw_infer_index_free(struct ifw_infer_index *x);

/* The knowledge entry of a process (cached), or NULL. */
const struct ifw_kb_process *ifw_index_proc_kb(struct ifw_infer_index *x, ifw_id proc);
/* The processes living in namespace ns, with a comm (full records), by pid. */
const ifw_id *ifw_index_ns_procs(const struct ifw_infer_index *x, ifw_id ns, size_t *n);
/* Tun fds whose device's namespace could not be confirmed. */
const ifw_id *ifw_index_unconfirmed_tuns(const struct ifw_infer_index *x, size_t *n);
/* Processes whose knowledge entry says they make interfaces (a "makes" list), built on first
 * use. */
const ifw_id *ifw_index_makers(struct ifw_infer_index *x, size_t *n);
/* Processes whose command line has `word` as a word, or as the value after '=' or ':' in one
 * (up to 4; *n counts them all, capped at 5). Built on first use. */
const ifw_id *ifw_index_cmdline_word(struct ifw_infer_index *x, const char *word, size_t *n);

/* A process of namespace ns with this pid whose comm starts with the first 15 bytes of comm,
 * or IFW_NOID. Built on first use. */
ifw_id ifw_index_proc_pid_comm(struct ifw_infer_index *x, ifw_id ns, int32_t pid, const char *comm);
/* The first interface of namespace ns named anpi* whose MAC shares the first 5 bytes of mac
 * (6 bytes), or IFW_NOID. Built on first use. */
ifw_id ifw_index_anpi_block(struct ifw_infer_index *x, ifw_id ns, const uint8_t *mac);
/* An interface of namespace ns whose universally administered MAC is mac (locally
 * administered) without the local bit, give or take one byte: the card a driver derived mac
 * from. IFW_NOID if none. Built on first use. */
ifw_id ifw_index_mac_sibling(struct ifw_infer_index *x, ifw_id ns, const uint8_t *mac);
/* The interface of namespace ns called name, or IFW_NOID. Built on first use. */
ifw_id ifw_index_iface_named(struct ifw_infer_index *x, ifw_id ns, const char *name);
/* An interface of namespace ns with a master (a bridge's, a bond's or Open vSwitch's port) whose
 * MAC is mac (6 bytes), or IFW_NOID. Built on first use. */
ifw_id ifw_index_port_with_mac(struct ifw_infer_index *x, ifw_id ns, const uint8_t *mac);
/* The interface holding an address of the network dst/plen in namespace ns (the network it is
 * on), or IFW_NOID. */
ifw_id ifw_index_net_holder(struct ifw_infer_index *x, ifw_id ns, const struct ifw_ip *dst,
                            unsigned plen);
/* Whether routes to dst/plen in namespace ns lead into more than one interface. */
bool ifw_index_route_shared(struct ifw_infer_index *x, ifw_id ns, const struct ifw_ip *dst,
                            unsigned plen);
/* Whether an interface's name is a cellular data context's (pdp_ip0, rmnet_data0): a phone or
 * a modem. Looked up once. */
bool ifw_index_has_cellular(struct ifw_infer_index *x);
struct ifw_typed_index;
/* Commands typed at a prompt, read once (infer/typed_cmds.h); NULL when out of memory. */
const struct ifw_typed_index *ifw_index_typed(struct ifw_infer_index *x);
/* The last log line that names `name` as created (the model's logcreates), or NULL; *count
 * says how many name it. Built on first use. */
const struct ifw_logcreate *ifw_index_logcreate(struct ifw_infer_index *x, const char *name,
                                                size_t *count);

#endif
