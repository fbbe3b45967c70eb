/* Offline evidence on hostile bytes: the bytes are one evidence file (shape detection, every
 * parser, the merge), and what was read goes through the inference too. */
#include "collect/evidence/evidence.h"
#include "infer/analysis.h"
#include "know/know.h"

#include <stdint.h>
#include <stdlib.h>

static struct ifw_kb *kb;

static void load_kb(void)
{
	static int tried;
	if (tried)
		return;
	tried = 1;
	char dirs[4][512];
	size_t n = ifw_kb_default_dirs(dirs, 4, getenv("IFWHO_DATA_DIR"), getenv("HOME"));
	const char *p[4];
	for (size_t i = 0; i < n; i++)
		p[i] = dirs[i];
	struct ifw_err err = {0};
	if (ifw_kb_load(&kb, p, n, &err) < 0)
		kb = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load_kb();
	struct ifw_model m;
	ifw_model_init(&m);
	struct ifw_err err = {0};
	if (ifw_evidence_read_buffer(&m, (const char *)data, size, "fuzz.txt", &err) == 0 && kb) {
		struct ifw_analysis a;
		if (ifw_analyze(&a, &m, kb, NULL, &err) == 0)
			ifw_analysis_free(&a);
	}
	ifw_model_free(&m);
	return 0;
}
