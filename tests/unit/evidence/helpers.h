/* Shared by the evidence tests: load a fixture through the evidence backend, run the inference
 * with the source tree's knowledge and IP data, and look things up in the result. */
#ifndef IFW_TEST_EVIDENCE_HELPERS_H
#define IFW_TEST_EVIDENCE_HELPERS_H

#include "infer/analysis.h"
#include "infer/owners.h"
#include "model/model.h"

#include <stdbool.h>
#include <stdint.h>

struct evw {
	struct ifw_model m;
	struct ifw_kb *kb;
	struct ifw_owners ow;
	bool ow_open, analyzed;
	struct ifw_analysis a;
	char ow_warning[256]; /* why IP ownership data is missing, or "" */
};

/* Reads FIXTURES/rel (a file or a directory) and analyzes it; fails the test on an error. */
struct evw *evw_load(const char *rel);
/* The same from text, as one evidence file called name. */
struct evw *evw_text(const char *text, const char *name);
/* Reads evidence from a path without analysis; returns the backend's result (0 or -1). */
int evw_collect(struct ifw_model *m, const char *path, struct ifw_err *err);
void evw_free(struct evw *w);
/* Analysis of the model (a second call does nothing). */
void evw_analyze(struct evw *w);
/* The same, returning the analysis's failure (-1, err set) instead of failing the test. */
int evw_try_analyze(struct evw *w, struct ifw_err *err);

/* Lookups that fail the test when the thing is missing. */
ifw_id evw_iface(const struct evw *w, const char *name);
/* Whether the model holds an interface of that name (evw_iface fails the test when not). */
bool evw_has_iface(const struct evw *w, const char *name);
const struct ifw_iface_analysis *evw_ia(const struct evw *w, const char *name);
ifw_id evw_proc(const struct evw *w, int32_t pid);
/* The socket of proto with local port lport (and local address, if not NULL); IFW_NOID if none. */
ifw_id evw_socket(const struct evw *w, uint8_t proto, uint16_t lport, const char *local);
/* The process of a socket's first fdref, or IFW_NOID. */
ifw_id evw_socket_proc(const struct evw *w, ifw_id sock);
bool evw_has_addr(const struct evw *w, const char *iface, const char *addr, unsigned plen);
/* The finding of rule on iface, or NULL. */
const struct ifw_finding *evw_finding(const struct evw *w, const char *iface, const char *rule);
const struct ifw_finding *evw_verdict(const struct evw *w, const char *iface);
/* True if a finding rests on process pid. */
bool evw_finding_has_proc(const struct evw *w, const struct ifw_finding *fi, int32_t pid);
/* A route of the main table to dst/plen; IFW_NOID if none. */
ifw_id evw_route(const struct evw *w, const char *dst, unsigned plen);
/* Whether a likely or certain finding names the interface's creator (printing its findings
 * when one does). */
bool evw_sure_creator(const struct evw *w, const char *iface);
/* Prints an interface's findings (for a failing test's log). */
void evw_dump(const struct evw *w, const char *iface);
/* Asserts that s contains sub, printing both when not. */
#define evw_contains(s, sub) evw_contains_(s, sub, __FILE__, __LINE__)
void evw_contains_(const char *s, const char *sub, const char *file, int line);

#endif
