#include "ipdb/source.h"
#include "ipdb/ipdb_format.h"
#include "util/input.h"

#include "ifw_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if IFW_HAVE_MAXMINDDB
#include "ipdb/mmdb.h"
#endif

struct ifw_ipsrc {
	struct ifw_ipdb *ipdb;
#if IFW_HAVE_MAXMINDDB
	struct ifw_mmdb *mmdb;
#endif
	char *path;
};

/* Reads the first bytes to tell an ifwho database from anything else. */
static int sniff_ipdb(const char *path, bool *is_ipdb, struct ifw_err *err)
{
	char magic[IFW_IPDB_MAGIC_LEN];
	/* A FIFO or device would block here (util/input.h): regular files only. */
	int fd = ifw_input_open(AT_FDCWD, path, 0, err);
	if (fd < 0) {
		if (err && err->errno_val == ENOENT)
			return ifw_fail(err, IFW_E_NOTFOUND, "%s: no such file", path);
		return -1;
	}
	ssize_t n = read(fd, magic, sizeof(magic));
	close(fd);
	*is_ipdb = n == (ssize_t)sizeof(magic) && memcmp(magic, IFW_IPDB_MAGIC, sizeof(magic)) == 0;
	return 0;
}

static int finish(struct ifw_ipsrc *s, const char *path, struct ifw_ipsrc **out,
                  struct ifw_err *err)
{
	s->path = strdup(path);
	if (!s->path) {
		ifw_ipsrc_close(s);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	*out = s;
	return 0;
}

int ifw_ipsrc_open(const char *path, struct ifw_ipsrc **out, struct ifw_err *err)
{
	*out = NULL;
	bool is_ipdb = false;
	if (sniff_ipdb(path, &is_ipdb, err) < 0)
		return -1;
	struct ifw_ipsrc *s = calloc(1, sizeof(*s));
	if (!s)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	int rc;
	if (is_ipdb) {
		rc = ifw_ipdb_open(path, &s->ipdb, err);
	} else {
#if IFW_HAVE_MAXMINDDB
		rc = ifw_mmdb_open(path, &s->mmdb, err);
#else
		rc =
		    ifw_fail(err, IFW_E_USAGE,
		             "%s: not an ifwho IP database, and this build cannot read .mmdb files "
		             "(built without libmaxminddb)",
		             path);
#endif
	}
	if (rc < 0) {
		free(s);
		return -1;
	}
	return finish(s, path, out, err);
}

int ifw_ipsrc_open_default(struct ifw_ipsrc **out, struct ifw_err *err)
{
	char path[4096];
	*out = NULL;
	if (ifw_ipdb_find_file(IFW_IPDB_FILE, path, sizeof(path), err) < 0)
		return -1;
	struct ifw_ipsrc *s = calloc(1, sizeof(*s));
	if (!s)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	if (ifw_ipdb_open(path, &s->ipdb, err) < 0) {
		free(s);
		return -1;
	}
	return finish(s, path, out, err);
}

void ifw_ipsrc_close(struct ifw_ipsrc *s)
{
	if (!s)
		return;
	ifw_ipdb_close(s->ipdb);
#if IFW_HAVE_MAXMINDDB
	ifw_mmdb_close(s->mmdb);
#endif
	free(s->path);
	free(s);
}

const char *ifw_ipsrc_kind(const struct ifw_ipsrc *s)
{
	return s->ipdb ? "ipdb" : "mmdb";
}

const char *ifw_ipsrc_path(const struct ifw_ipsrc *s)
{
	return s->path;
}

const struct ifw_ipdb *ifw_ipsrc_ipdb(const struct ifw_ipsrc *s)
{
	return s->ipdb;
}

int ifw_ipsrc_lookup(const struct ifw_ipsrc *s, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit)
{
	if (s->ipdb)
		return ifw_ipdb_lookup(s->ipdb, ip, hit);
#if IFW_HAVE_MAXMINDDB
	if (s->mmdb)
		return ifw_mmdb_lookup(s->mmdb, ip, hit);
#endif
	memset(hit, 0, sizeof(*hit));
	hit->org = "";
	return 0;
}

int ifw_ipsrc_lookup_chain(struct ifw_ipsrc *const *srcs, size_t n, const struct ifw_ip *ip,
                           struct ifw_ipdb_hit *hit, size_t *which)
{
	memset(hit, 0, sizeof(*hit));
	hit->org = "";
	for (size_t i = 0; i < n; i++) {
		if (ifw_ipsrc_lookup(srcs[i], ip, hit) == 1) {
			if (which)
				*which = i;
			return 1;
		}
	}
	return 0;
}
