#ifndef IFW_CLI_SELECT_H
#define IFW_CLI_SELECT_H

#include "model/model.h"

/* How a name as typed found its interfaces. */
enum ifw_match {
	IFW_MATCH_NONE = 0,
	IFW_MATCH_EXACT,   /* the name or an altname */
	IFW_MATCH_AT,      /* "veth0@if2" as ip prints it: the part before '@' */
	IFW_MATCH_IFINDEX, /* a number no interface is named: the ifindex */
	IFW_MATCH_CASE,    /* only when no exact match: the name in another case */
};

/* Interfaces named `name` (or with it as an altname), in model order; returns how many. When
 * nothing is named exactly so, tries the forms people type (see enum ifw_match), in that order,
 * and says which one matched in *how (may be NULL). */
size_t ifw_select_as(const struct ifw_model *m, const char *name, ifw_id *out, size_t max,
                     enum ifw_match *how);
/* ifw_select_as without saying how. */
size_t ifw_select(const struct ifw_model *m, const char *name, ifw_id *out, size_t max);
/* Up to max names close to `name` (edit distance 1, then 2 or a prefix). */
size_t ifw_suggest(const struct ifw_model *m, const char *name, const char **out, size_t max);
/* Up to max namespace names (or aliases) close to `sel`, the same way. */
size_t ifw_suggest_netns(const struct ifw_model *m, const char *sel, const char **out, size_t max);
/* Whether interface f is of kind `kind` as --kind takes it: its IFLA_INFO_KIND, its link type
 * (ether, loopback, none), or "physical" for a device with no kind that is not loopback. Case
 * does not matter. */
bool ifw_kind_matches(const struct ifw_iface *f, const char *kind, const char *arptype_name);

#endif
