/* JSON values for the report: strings, addresses and the model's records. Internal to report/. */
#ifndef IFW_JSON_VALUES_H
#define IFW_JSON_VALUES_H

#include "infer/analysis.h"
#include "model/model.h"

#include <jansson.h>

/* A string (invalid UTF-8 repaired), or null. */
json_t *ifw_jstr(const char *s);
json_t *ifw_jip(const struct ifw_ip *ip);
/* Sets a key, taking the reference (null when v is NULL). */
void ifw_jset(json_t *o, const char *k, json_t *v);
json_t *ifw_jmac(const uint8_t *mac, size_t len);
/* Appends a flag name to a JSON array (callback for the names_each_* walkers). */
void ifw_jflag(const char *name, void *ctx);
json_t *ifw_jiface_ref(const struct ifw_model *m, ifw_id id);
json_t *ifw_jproc(const struct ifw_model *m, ifw_id id);
json_t *ifw_jsocket(const struct ifw_model *m, ifw_id id);
json_t *ifw_jowner(const struct ifw_analysis *a, const struct ifw_ip *ip);
json_t *ifw_jdetails(const struct ifw_iface *f);
json_t *ifw_jfacts(const struct ifw_model *m, const struct ifw_finding *fi);
json_t *ifw_jfinding(const struct ifw_model *m, const struct ifw_finding *fi);

#endif
