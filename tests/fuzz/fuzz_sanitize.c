/* The terminal sanitizer and the UTF-8 repair for JSON, on any bytes: the output must itself be
 * clean and valid. */
#include "util/sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t need = ifw_sanitize((const char *)data, size, NULL, 0);
	char *out = malloc(need + 1);
	if (!out)
		return 0;
	ifw_sanitize((const char *)data, size, out, need + 1);
	/* The result must be valid UTF-8 with no C0 or C1 control characters. */
	size_t len = strlen(out);
	if (ifw_utf8_repair(out, len, NULL, 0) != len)
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)out[i];
		if (ch < 0x20 || ch == 0x7f ||
		    (ch == 0xc2 && i + 1 < len && (unsigned char)out[i + 1] < 0xa0))
			abort();
	}
	free(out);
	need = ifw_utf8_repair((const char *)data, size, NULL, 0);
	out = malloc(need + 1);
	if (!out)
		return 0;
	ifw_utf8_repair((const char *)data, size, out, need + 1);
	free(out);
	return 0;
}
