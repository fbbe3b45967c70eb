/* Where the data files live: the directory the cli was given, the installed data dir, then the
 * source tree. */
#include "ipdb/datapath.h"
#include "ipdb/ipdb.h"

#include "ifw_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *first_dir;

void ifw_data_dir_set(const char *dir)
{
	first_dir = dir;
}

int ifw_data_find(const char *rel, char *buf, size_t len, struct ifw_err *err)
{
	const char *dirs[3] = {first_dir, IFW_DATADIR, IFW_SRC_DATADIR};
	char tried[384] = "";
	size_t used = 0;
	for (size_t i = 0; i < 3; i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		int n = snprintf(buf, len, "%s/%s", dirs[i], rel);
		if (n < 0 || (size_t)n >= len)
			return ifw_fail(err, IFW_E_LIMIT, "data path too long: %s/%s", dirs[i],
			                rel);
		if (access(buf, R_OK) == 0)
			return 0;
		int m = snprintf(tried + used, sizeof(tried) - used, "%s%s", used ? ", " : "", buf);
		if (m > 0 && (size_t)m < sizeof(tried) - used)
			used += (size_t)m;
	}
	if (len)
		buf[0] = '\0';
	return ifw_fail(err, IFW_E_NOTFOUND, "%s not found (tried %s)", rel,
	                used ? tried : "nothing: no data directory configured");
}

int ifw_ipdb_find_file(const char *file, char *buf, size_t len, struct ifw_err *err)
{
	char rel[256];
	if (snprintf(rel, sizeof(rel), "ipdb/%s", file) >= (int)sizeof(rel))
		return ifw_fail(err, IFW_E_LIMIT, "data file name too long: %s", file);
	return ifw_data_find(rel, buf, len, err);
}

int ifw_ipdb_open_default(struct ifw_ipdb **out, struct ifw_err *err)
{
	char path[4096];
	*out = NULL;
	if (ifw_ipdb_find_file(IFW_IPDB_FILE, path, sizeof(path), err) < 0)
		return -1;
	return ifw_ipdb_open(path, out, err);
}
