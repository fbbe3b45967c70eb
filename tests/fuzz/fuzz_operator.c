/* Host names from evidence, DNS answers and lsof: 3GPP names and operators' reverse-DNS patterns.
 */
#include "ipdb/operator.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[512];
	size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
	memcpy(name, data, n);
	name[n] = '\0';
	struct ifw_operator_hit hit;
	ifw_operator_from_name(name, ifw_operators_shared(NULL), &hit);
	ifw_operator_from_name(name, NULL, &hit);
	return 0;
}
