#include "ipdb/ipdb_format.h"

#include <stddef.h>

#define CRC32_POLY 0xedb88320u /* IEEE 802.3, bit-reversed */

static uint32_t crc_bitwise(uint32_t crc, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (CRC32_POLY & (0u - (crc & 1u)));
	}
	return crc;
}

uint32_t ifw_ipdb_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	crc = ~crc;
	/* Short inputs (the header at every open) are cheaper bit by bit than building a table. */
	if (len < 4096)
		return ~crc_bitwise(crc, p, len);
	uint32_t table[256];
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (CRC32_POLY & (0u - (c & 1u)));
		table[i] = c;
	}
	for (size_t i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}
