#include "ipdb/mmdb.h"

#include <maxminddb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct ifw_mmdb {
	MMDB_s db;
};

int ifw_mmdb_open(const char *path, struct ifw_mmdb **out, struct ifw_err *err)
{
	*out = NULL;
	struct ifw_mmdb *m = calloc(1, sizeof(*m));
	if (!m)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	int st = MMDB_open(path, MMDB_MODE_MMAP, &m->db);
	if (st != MMDB_SUCCESS) {
		free(m);
		if (st == MMDB_FILE_OPEN_ERROR)
			return ifw_fail(err, IFW_E_NOTFOUND, "mmdb %s: %s", path,
			                MMDB_strerror(st));
		if (st == MMDB_IO_ERROR || st == MMDB_OUT_OF_MEMORY_ERROR)
			return ifw_fail(err, IFW_E_SYS, "mmdb %s: %s", path, MMDB_strerror(st));
		return ifw_fail(err, IFW_E_PARSE, "mmdb %s: %s", path, MMDB_strerror(st));
	}
	*out = m;
	return 0;
}

void ifw_mmdb_close(struct ifw_mmdb *m)
{
	if (!m)
		return;
	MMDB_close(&m->db);
	free(m);
}

const char *ifw_mmdb_type(const struct ifw_mmdb *m)
{
	return m->db.metadata.database_type ? m->db.metadata.database_type : "";
}

/* first/last of the network of plen bits around ip. */
static void set_net(struct ifw_ipdb_hit *hit, const struct ifw_ip *ip, unsigned plen)
{
	size_t len = ifw_ip_len(ip->family);
	hit->first = *ip;
	hit->last = *ip;
	for (size_t i = 0; i < len; i++) {
		unsigned keep = plen >= 8 * (i + 1) ? 8 : plen > 8 * i ? plen - 8 * (unsigned)i : 0;
		uint8_t mask = (uint8_t)(0xffu >> keep); /* host bits */
		hit->first.a[i] &= (uint8_t)~mask;
		hit->last.a[i] |= mask;
	}
}

static bool get_uint(MMDB_entry_s *e, const char *key, uint32_t *out)
{
	MMDB_entry_data_s d;
	if (MMDB_get_value(e, &d, key, NULL) != MMDB_SUCCESS || !d.has_data)
		return false;
	switch (d.type) {
	case MMDB_DATA_TYPE_UINT16:
		*out = d.uint16;
		return true;
	case MMDB_DATA_TYPE_UINT32:
		*out = d.uint32;
		return true;
	case MMDB_DATA_TYPE_INT32:
		*out = d.int32 >= 0 ? (uint32_t)d.int32 : 0;
		return true;
	case MMDB_DATA_TYPE_UINT64:
		*out = d.uint64 <= UINT32_MAX ? (uint32_t)d.uint64 : 0;
		return true;
	case MMDB_DATA_TYPE_UTF8_STRING: { /* ipinfo: "AS21928" */
		const char *s = d.utf8_string;
		size_t n = d.data_size, i = 0;
		uint64_t v = 0;
		if (n >= 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's'))
			i = 2;
		if (i == n || n - i > 10)
			return false;
		for (; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return false;
			v = v * 10 + (uint64_t)(s[i] - '0');
		}
		if (v > UINT32_MAX)
			return false;
		*out = (uint32_t)v;
		return true;
	}
	default:
		return false;
	}
}

static bool get_str(MMDB_entry_s *e, const char *key, struct ifw_ipdb_hit *hit)
{
	MMDB_entry_data_s d;
	if (MMDB_get_value(e, &d, key, NULL) != MMDB_SUCCESS || !d.has_data ||
	    d.type != MMDB_DATA_TYPE_UTF8_STRING)
		return false;
	hit->org = d.utf8_string;
	hit->org_len = d.data_size;
	return true;
}

int ifw_mmdb_lookup(const struct ifw_mmdb *m, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit)
{
	struct ifw_ip u = ifw_ip_unmap(ip);
	memset(hit, 0, sizeof(*hit));
	hit->org = "";
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	if (u.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, u.a, 4);
	} else if (u.family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, u.a, 16);
	} else {
		return 0;
	}
	int merr = 0;
	/* libmaxminddb takes a non-const handle but does not modify it on lookups. */
	MMDB_lookup_result_s r =
	    MMDB_lookup_sockaddr((MMDB_s *)&m->db, (struct sockaddr *)&ss, &merr);
	if (merr != MMDB_SUCCESS) {
		hit->first = hit->last = u;
		return 0;
	}
	unsigned plen = r.netmask;
	/* An IPv4 address in an IPv6 tree gets the netmask of ::a.b.c.d. */
	if (u.family == AF_INET && m->db.metadata.ip_version == 6)
		plen = plen >= 96 ? plen - 96 : 0;
	set_net(hit, &u, plen);
	if (!r.found_entry)
		return 0;
	if (!get_uint(&r.entry, "autonomous_system_number", &hit->asn))
		get_uint(&r.entry, "asn", &hit->asn);
	if (!get_str(&r.entry, "autonomous_system_organization", hit) &&
	    !get_str(&r.entry, "as_name", hit))
		get_str(&r.entry, "name", hit);
	return 1;
}
