/* Benchmark: open time and lookups per second of the embedded IP database, compared with
 * libmaxminddb on an .mmdb when one is given. Not a test; run by bench/ipdb/run.sh.
 *
 * usage: ipdb-bench IPDB [MMDB] [N]   (N random addresses per family, default 1000000) */
#include "ipdb/ipdb.h"
#include "ipdb/ipdb_format.h"
#include "ipdb/ipdb_priv.h"
#if IFW_BENCH_MMDB
#include "ipdb/mmdb.h"
#include <maxminddb.h>
#endif

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t xr(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* IPv4: uniform over the whole space. IPv6: uniform over 2000::/3 (global unicast; a uniform
 * 128-bit address would almost always fall in unallocated space and end the search at once). */
static struct ifw_ip *addresses(int family, size_t n)
{
	struct ifw_ip *v = calloc(n, sizeof(*v));
	if (!v)
		exit(1);
	for (size_t i = 0; i < n; i++) {
		uint8_t a[16];
		uint64_t x = xr(), y = xr();
		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		if (family == AF_INET6)
			a[0] = (uint8_t)(0x20 | (a[0] & 0x1f));
		ifw_ip_set(&v[i], family, a);
	}
	return v;
}

/* IPv6 addresses inside announced ranges: a random owned entry of the database, then a random
 * address in it (both sides answer the same RIR-derived space, so this is fair to both). */
static struct ifw_ip *announced_v6(const struct ifw_ipdb *db, size_t n)
{
	typedef unsigned __int128 u128;
	struct ifw_ip *v = calloc(n, sizeof(*v));
	if (!v)
		exit(1);
	for (size_t i = 0; i < n;) {
		uint32_t e = (uint32_t)(xr() % (db->v6n - 1));
		if (ifw_ipdb_rd32(db->v6val + IFW_IPDB_VAL_SIZE * (size_t)e + 4) == IFW_IPDB_NONE)
			continue;
		const uint8_t *h = db->v6hi + 8 * (size_t)e, *l = db->v6lo + 8 * (size_t)e;
		u128 first = (u128)ifw_ipdb_rd64(h) << 64 | ifw_ipdb_rd64(l);
		u128 next = (u128)ifw_ipdb_rd64(h + 8) << 64 | ifw_ipdb_rd64(l + 8);
		u128 r = (u128)xr() << 64 | xr();
		u128 a = first + r % (next - first);
		uint8_t b[16];
		for (int j = 0; j < 16; j++)
			b[j] = (uint8_t)(a >> (120 - 8 * j));
		ifw_ip_set(&v[i++], AF_INET6, b);
	}
	return v;
}

typedef int (*lookup_fn)(const void *db, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit);

static int ipdb_lookup(const void *db, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit)
{
	return ifw_ipdb_lookup(db, ip, hit);
}

/* Best of 3 rounds, in lookups per second; *found counts hits (and keeps the work alive). */
static double rate(lookup_fn fn, const void *db, const struct ifw_ip *v, size_t n, size_t *found)
{
	double best = 0;
	for (int round = 0; round < 5; round++) {
		size_t f = 0;
		uint64_t sum = 0;
		double t0 = now();
		for (size_t i = 0; i < n; i++) {
			struct ifw_ipdb_hit hit;
			f += (size_t)fn(db, &v[i], &hit);
			sum += hit.asn + hit.org_len;
		}
		double r = (double)n / (now() - t0);
		if (r > best)
			best = r;
		*found = f;
		if (sum == 42) /* never true in practice; stops the loop being optimized out */
			puts("");
	}
	return best;
}

#if IFW_BENCH_MMDB
static int mmdb_lookup(const void *db, const struct ifw_ip *ip, struct ifw_ipdb_hit *hit)
{
	return ifw_mmdb_lookup(db, ip, hit);
}

/* libmaxminddb alone: the tree walk, no field decoding. */
static double raw_mmdb_rate(const char *path, const struct ifw_ip *v, size_t n, size_t *found)
{
	MMDB_s m;
	if (MMDB_open(path, MMDB_MODE_MMAP, &m) != MMDB_SUCCESS)
		return 0;
	double best = 0;
	for (int round = 0; round < 5; round++) {
		size_t f = 0;
		double t0 = now();
		for (size_t i = 0; i < n; i++) {
			struct sockaddr_storage ss;
			memset(&ss, 0, sizeof(ss));
			if (v[i].family == AF_INET) {
				struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
				s4->sin_family = AF_INET;
				memcpy(&s4->sin_addr, v[i].a, 4);
			} else {
				struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
				s6->sin6_family = AF_INET6;
				memcpy(&s6->sin6_addr, v[i].a, 16);
			}
			int err;
			MMDB_lookup_result_s r =
			    MMDB_lookup_sockaddr(&m, (struct sockaddr *)&ss, &err);
			f += r.found_entry;
		}
		double rr = (double)n / (now() - t0);
		if (rr > best)
			best = rr;
		*found = f;
	}
	MMDB_close(&m);
	return best;
}
#endif

static void cell(double r, size_t f, size_t n)
{
	printf(" %7.2f M/s (%5.1f%% hit)  |", r / 1e6, 100.0 * (double)f / (double)n);
}

/* One table row: the rate on each address set. */
static void row(const char *what, lookup_fn fn, const void *db, struct ifw_ip *const *sets,
                size_t n)
{
	printf("| %-31s |", what);
	for (int k = 0; k < 3; k++) {
		size_t f = 0;
		double r = rate(fn, db, sets[k], n, &f);
		cell(r, f, n);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s IPDB [MMDB] [N]\n", argv[0]);
		return 2;
	}
	const char *ipdb_path = argv[1], *mmdb_path = argc > 2 && *argv[2] ? argv[2] : NULL;
	size_t n = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000000;
	struct ifw_err err = {0};

	/* Open time: average over many open+close pairs (page cache warm). */
	const int opens = 2000;
	double t0 = now();
	for (int i = 0; i < opens; i++) {
		struct ifw_ipdb *db;
		if (ifw_ipdb_open(ipdb_path, &db, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		ifw_ipdb_close(db);
	}
	double ipdb_open_us = (now() - t0) / opens * 1e6;

	struct ifw_ipdb *db;
	if (ifw_ipdb_open(ipdb_path, &db, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	struct ifw_ipdb_stats st;
	ifw_ipdb_stats(db, &st);
	struct ifw_ip *sets[3] = {addresses(AF_INET, n), announced_v6(db, n),
	                          addresses(AF_INET6, n)};

	/* Start-up as ifwho sees it: open, one lookup (page faults included), close. */
	t0 = now();
	for (int i = 0; i < opens; i++) {
		struct ifw_ipdb *d;
		struct ifw_ipdb_hit hit;
		ifw_ipdb_open(ipdb_path, &d, &err);
		ifw_ipdb_lookup(d, &sets[0][i], &hit);
		ifw_ipdb_close(d);
	}
	double ipdb_first_us = (now() - t0) / opens * 1e6;

	printf("ifwho ipdb: %s (%.1f MB)\n", ipdb_path, (double)st.file_size / 1e6);
	printf("%zu random addresses per set; best of 5 rounds; one core\n\n", n);
	printf("| %-31s | %-25s | %-25s | %-25s |\n", "lookups per second", "IPv4 (uniform)",
	       "IPv6 (announced ranges)", "IPv6 (uniform 2000::/3)");
	printf("|---------------------------------|---------------------------|------------------"
	       "---------|---------------------------|\n");
	row("ifwho ipdb (ifw_ipdb_lookup)", ipdb_lookup, db, sets, n);

	double mmdb_open_us = 0;
#if IFW_BENCH_MMDB
	if (mmdb_path) {
		t0 = now();
		for (int i = 0; i < opens; i++) {
			struct ifw_mmdb *m;
			if (ifw_mmdb_open(mmdb_path, &m, &err) < 0) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			ifw_mmdb_close(m);
		}
		mmdb_open_us = (now() - t0) / opens * 1e6;
		struct ifw_mmdb *m;
		if (ifw_mmdb_open(mmdb_path, &m, &err) < 0)
			return 1;
		row("libmaxminddb (ifw_mmdb_lookup)", mmdb_lookup, m, sets, n);
		ifw_mmdb_close(m);
		printf("| %-31s |", "libmaxminddb (tree walk only)");
		for (int k = 0; k < 3; k++) {
			size_t f = 0;
			double r = raw_mmdb_rate(mmdb_path, sets[k], n, &f);
			cell(r, f, n);
		}
		printf("\n");
	}
#else
	if (mmdb_path)
		fprintf(stderr, "built without libmaxminddb: %s not compared\n", mmdb_path);
#endif
	printf("\n| %-40s | %10s |\n", "start-up (average of 2000)", "time");
	printf("|------------------------------------------|------------|\n");
	printf("| %-40s | %7.1f µs |\n", "ifwho ipdb: open + close", ipdb_open_us);
	printf("| %-40s | %7.1f µs |\n", "ifwho ipdb: open + first lookup + close", ipdb_first_us);
	if (mmdb_open_us > 0) {
		FILE *fp = fopen(mmdb_path, "rb");
		long sz = 0;
		if (fp && fseek(fp, 0, SEEK_END) == 0)
			sz = ftell(fp);
		if (fp)
			fclose(fp);
		printf("| %-40s | %7.1f µs |\n", "libmaxminddb: MMDB_open + MMDB_close",
		       mmdb_open_us);
		printf("\nmmdb: %s (%.1f MB)\n", mmdb_path, (double)sz / 1e6);
	}
	ifw_ipdb_close(db);
	for (int k = 0; k < 3; k++)
		free(sets[k]);
	return 0;
}
