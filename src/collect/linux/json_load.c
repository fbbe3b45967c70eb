#include "collect/linux/json_load.h"

json_t *ifw_json_load(const char *json, size_t n, size_t max, struct ifw_err *err)
{
	if (n > max) {
		ifw_fail(err, IFW_E_LIMIT, "larger than %zu bytes", max);
		return NULL;
	}
	json_error_t je;
	/* Depth is bounded by jansson itself (JSON_PARSER_MAX_DEPTH). */
	json_t *root = json_loadb(json, n, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		ifw_fail(err, IFW_E_PARSE, "not JSON: %s (line %d)", je.text, je.line);
	return root;
}
