/* The database handle, shared by ipdb.c (open, lookup) and verify.c. */
#ifndef IFW_IPDB_PRIV_H
#define IFW_IPDB_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ifw_ipdb {
	const uint8_t *base;
	size_t size;
	bool mapped;
	const uint8_t *v4idx, *v4key, *v4val;
	const uint8_t *v6idx, *v6hi, *v6lo, *v6smp, *v6val;
	const uint8_t *str;
	uint32_t v4n, v6n, strsize, date;
	uint32_t srcoff; /* string offset of the source description */
};

#endif
