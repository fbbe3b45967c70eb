/* JSON values for the report, written to the streaming writer: strings, addresses and the
 * model's records. Internal to report/. */
#ifndef IFW_JSON_VALUES_H
#define IFW_JSON_VALUES_H

#include "infer/analysis.h"
#include "model/model.h"
#include "util/json_writer.h"

void ifw_jv_ip(struct ifw_jw *w, const struct ifw_ip *ip); /* null when unset */
void ifw_jv_mac(struct ifw_jw *w, const uint8_t *mac, size_t len);
/* Writes a flag name as an array element (callback for the names_each_* walkers). */
void ifw_jv_flag(const char *name, void *jw);
void ifw_jv_iface_ref(struct ifw_jw *w, const struct ifw_model *m, ifw_id id);
void ifw_jv_proc(struct ifw_jw *w, const struct ifw_model *m, ifw_id id);
void ifw_jv_socket(struct ifw_jw *w, const struct ifw_model *m, ifw_id id);
void ifw_jv_owner(struct ifw_jw *w, const struct ifw_addr_owner *o);
void ifw_jv_details(struct ifw_jw *w, const struct ifw_iface *f);
void ifw_jv_finding(struct ifw_jw *w, const struct ifw_model *m, const struct ifw_finding *fi);

#endif
