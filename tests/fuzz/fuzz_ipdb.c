/* The IP database file: a damaged or hostile file must give an error or bounded answers.
 *
 * Random bytes never get past the header checksum, and a valid file is 12 MB, so the input is a
 * list of patches to the shipped database (data/ipdb/asn.ipdb): each patch overwrites a few bytes
 * of the header or anywhere in the file; the header checksum is then made right again so the
 * patched structure, not the checksum, is what open, lookup and verify have to survive. */
#include "ipdb/ipdb.h"
#include "ipdb/ipdb_format.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#ifndef IFW_FUZZ_IPDB
#define IFW_FUZZ_IPDB "data/ipdb/asn.ipdb"
#endif

static uint8_t *db_bytes; /* the file, patched and restored in place for each input */
static uint8_t *pristine; /* its original bytes */
static size_t db_size;

static int load(void)
{
	const char *path = getenv("IFW_FUZZ_IPDB") ? getenv("IFW_FUZZ_IPDB") : IFW_FUZZ_IPDB;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz_ipdb: cannot open %s (set IFW_FUZZ_IPDB)\n", path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	db_size = n > 0 ? (size_t)n : 0;
	db_bytes = malloc(db_size);
	pristine = malloc(db_size);
	if (!db_bytes || !pristine || fread(pristine, 1, db_size, f) != db_size) {
		fclose(f);
		return -1;
	}
	fclose(f);
	memcpy(db_bytes, pristine, db_size);
	return 0;
}

struct patch {
	size_t off, len;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db_bytes && load() < 0)
		abort(); /* a fuzzer without its database would test nothing */
	/* Each patch: 1 flag byte (bit 0: header only), 4 offset bytes, 1 length byte (1..16),
	 * then the bytes. At most 16 patches; the touched ranges are restored afterwards. */
	struct patch done[17];
	size_t n_done = 0, i = 0;
	while (i + 6 <= size && n_done < 16) {
		uint8_t flag = data[i];
		uint32_t off;
		memcpy(&off, data + i + 1, 4);
		size_t len = (size_t)(data[i + 5] % 16) + 1;
		i += 6;
		if (len > size - i)
			len = size - i;
		size_t room = flag & 1 ? IFW_IPDB_HDR_SIZE : db_size;
		size_t at = off % room;
		if (len > db_size - at)
			len = db_size - at;
		memcpy(db_bytes + at, data + i, len);
		done[n_done++] = (struct patch){at, len};
		i += len;
	}
	uint32_t crc = ifw_ipdb_crc32(0, db_bytes, IFW_IPDB_H_HDRCRC);
	ifw_ipdb_wr32(db_bytes + IFW_IPDB_H_HDRCRC, crc);
	done[n_done++] = (struct patch){IFW_IPDB_H_HDRCRC, 4};

	struct ifw_ipdb *db = NULL;
	struct ifw_err err = {0};
	if (ifw_ipdb_open_mem(db_bytes, db_size, &db, &err) == 0) {
		static const char *const probes[] = {
		    "0.0.0.0", "208.54.40.75",         "255.255.255.255", "8.8.8.8",
		    "::",      "2607:fb90:13c0:e82::", "ffff::1",         "2001:4860::8888"};
		for (size_t k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
			struct ifw_ip ip;
			struct ifw_ipdb_hit hit;
			if (ifw_ip_parse(probes[k], &ip) == 0)
				ifw_ipdb_lookup(db, &ip, &hit);
		}
		/* Address bytes from the input too, so lookups reach the patched parts. */
		if (size >= 17) {
			struct ifw_ip ip = {.family = (data[size - 17] & 1) ? AF_INET6 : AF_INET};
			memcpy(ip.a, data + size - 16, 16);
			struct ifw_ipdb_hit hit;
			ifw_ipdb_lookup(db, &ip, &hit);
		}
		if (size && data[0] == 0xa5) /* verify reads the whole 12 MB: only when asked */

			ifw_ipdb_verify(db, &err);
		ifw_ipdb_close(db);
	}
	for (size_t k = 0; k < n_done; k++)
		memcpy(db_bytes + done[k].off, pristine + done[k].off, done[k].len);
	return 0;
}
