/* The IP database file: a damaged or hostile file must give an error or bounded answers. */
#include "ipdb/ipdb.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The mapping outlives the handle; a copy keeps the fuzzer's buffer untouched. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct ifw_ipdb *db = NULL;
	struct ifw_err err = {0};
	if (ifw_ipdb_open_mem(copy, size, &db, &err) == 0) {
		static const char *const probes[] = {
		    "0.0.0.0", "208.54.40.75",  "255.255.255.255", "::", "2607:fb90:13c0:e82::",
		    "ffff::1", "::ffff:1.2.3.4"};
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
			struct ifw_ip ip;
			struct ifw_ipdb_hit hit;
			if (ifw_ip_parse(probes[i], &ip) == 0)
				ifw_ipdb_lookup(db, &ip, &hit);
		}
		ifw_ipdb_verify(db, &err);
		ifw_ipdb_close(db);
	}
	free(copy);
	return 0;
}
