/* ifwho-mkipdb: converts IP-to-AS CSV files into the embedded database, checks one, or looks
 * addresses up in one. Run by tools/ipdb/update.sh. */
#include "ipdb_build.h"

#include "ipdb/ipdb.h"
#include "util/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
	fputs("usage: ifwho-mkipdb -o OUT [--date YYYY-MM-DD] [--source TEXT] CSV...\n"
	      "       ifwho-mkipdb --check FILE\n"
	      "       ifwho-mkipdb --lookup FILE ADDRESS...\n",
	      fp);
}

/* Accepts YYYYMMDD or YYYY-MM-DD. */
static int parse_date(const char *s, uint32_t *out)
{
	char digits[9];
	size_t n = 0;
	for (; *s && n < 9; s++) {
		if (*s == '-')
			continue;
		if (*s < '0' || *s > '9')
			return -1;
		digits[n++] = *s;
	}
	if (n != 8 || *s)
		return -1;
	digits[8] = '\0';
	uint32_t d = (uint32_t)strtoul(digits, NULL, 10);
	if (d / 100 % 100 < 1 || d / 100 % 100 > 12 || d % 100 < 1 || d % 100 > 31)
		return -1;
	*out = d;
	return 0;
}

static int check(const char *path)
{
	struct ifw_err err = {0};
	struct ifw_ipdb *db;
	if (ifw_ipdb_open(path, &db, &err) < 0 || ifw_ipdb_verify(db, &err) < 0) {
		fprintf(stderr, "ifwho-mkipdb: %s\n", err.msg);
		return 1;
	}
	struct ifw_ipdb_stats st;
	char credit[256];
	ifw_ipdb_stats(db, &st);
	printf("%s: OK, %llu bytes, %u IPv4 + %u IPv6 entries, %u string bytes\n%s\n", path,
	       (unsigned long long)st.file_size, st.v4_entries, st.v6_entries, st.str_size,
	       ifw_ipdb_credit(db, credit, sizeof(credit)));
	ifw_ipdb_close(db);
	return 0;
}

static int lookup(const char *path, char **addrs, int n)
{
	struct ifw_err err = {0};
	struct ifw_ipdb *db;
	if (ifw_ipdb_open(path, &db, &err) < 0) {
		fprintf(stderr, "ifwho-mkipdb: %s\n", err.msg);
		return 1;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		struct ifw_ip ip;
		struct ifw_ipdb_hit hit;
		char a[IFW_IP_STRLEN], b[IFW_IP_STRLEN], org[512];
		if (ifw_ip_parse(addrs[i], &ip) < 0) {
			fprintf(stderr, "ifwho-mkipdb: not an address: %s\n", addrs[i]);
			rc = 1;
			continue;
		}
		int found = ifw_ipdb_lookup(db, &ip, &hit);
		ifw_sanitize(hit.org, hit.org_len, org, sizeof(org));
		printf("%s\t%s-%s\t%s\tAS%u\t%s\n", addrs[i], ifw_ip_str(&hit.first, a),
		       ifw_ip_str(&hit.last, b), found ? "found" : "unowned", hit.asn, org);
	}
	ifw_ipdb_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *source = "unknown source";
	uint32_t date = 0;
	int i = 1;
	if (argc >= 3 && strcmp(argv[1], "--check") == 0)
		return check(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "--lookup") == 0)
		return lookup(argv[2], argv + 3, argc - 3);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc) {
			source = argv[++i];
		} else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
			if (parse_date(argv[++i], &date) < 0) {
				fprintf(stderr, "ifwho-mkipdb: bad date %s\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!out || i >= argc) {
		usage(stderr);
		return 2;
	}
	struct ifw_err err = {0};
	struct ifw_ipdb_builder *b = ifw_ipdb_builder_new();
	if (!b) {
		fputs("ifwho-mkipdb: out of memory\n", stderr);
		return 1;
	}
	struct ifw_ipdb_build_stats st;
	int rc = 0;
	for (; i < argc && rc == 0; i++)
		rc = ifw_ipdb_builder_add_csv(b, argv[i], &err);
	if (rc == 0)
		rc = ifw_ipdb_builder_write(b, out, date, source, &st, &err);
	ifw_ipdb_builder_free(b);
	if (rc < 0) {
		fprintf(stderr, "ifwho-mkipdb: %s\n", err.msg);
		return 1;
	}
	printf("%s: %zu rows, %zu overlaps resolved, %zu merged; %zu IPv4 + %zu IPv6 entries, "
	       "%zu names, %zu string bytes, %llu bytes\n",
	       out, st.rows, st.overlaps, st.merged, st.v4_entries, st.v6_entries, st.strings,
	       st.str_size, (unsigned long long)st.file_size);
	return 0;
}
