/* strongSwan VICI list-sa messages from a daemon that may be hostile. */
#include "collect/linux/vici_msg.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ifw_model m;
	ifw_model_init(&m);
	ifw_vici_parse_list_sa(&m, IFW_NOID, data, size, "fuzz");
	ifw_model_free(&m);
	return 0;
}
