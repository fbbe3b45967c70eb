/* The classifier alone on a capture file: ifw_capture_file on an empty model (no collection, no
 * analysis, no report), timed, with a summary of what it found so runs can be compared.
 * usage: capture-bench FILE.pcap [PACKETS]   (without PACKETS it counts them first, untimed;
 * give it when timing the whole process, as run.sh does) */
#include "capture/capture.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct app_count {
	const char *app;
	size_t flows;
};

static int by_flows(const void *a, const void *b)
{
	const struct app_count *x = a, *y = b;
	return (x->flows < y->flows) - (x->flows > y->flows);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: capture-bench FILE.pcap [PACKETS]\n");
		return 2;
	}
	unsigned long long packets = argc > 2 ? strtoull(argv[2], NULL, 10) : 0;
	if (!packets) {
		char errbuf[PCAP_ERRBUF_SIZE];
		pcap_t *p = pcap_open_offline(argv[1], errbuf);
		if (!p) {
			fprintf(stderr, "capture-bench: %s\n", errbuf);
			return 1;
		}
		struct pcap_pkthdr *h;
		const u_char *d;
		while (pcap_next_ex(p, &h, &d) == 1)
			packets++;
		pcap_close(p);
	}

	struct ifw_model m;
	ifw_model_init(&m);
	m.source = IFW_SRC_LIVE;
	ifw_model_index(&m);
	struct ifw_err err = {0};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = ifw_capture_file(&m, argv[1], NULL, 0, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc < 0) {
		fprintf(stderr, "capture-bench: %s\n", err.msg);
		return 1;
	}
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%llu packets, %zu flows, %zu names in %.3f s: %.0f packets/s\n", packets, m.flows.n,
	       m.names.n, s, (double)packets / s);
	struct app_count apps[64];
	size_t n_apps = 0;
	for (size_t i = 0; i < m.flows.n; i++) {
		const char *a = m.flows.v[i].app ? m.flows.v[i].app : "?";
		size_t k = 0;
		while (k < n_apps && strcmp(apps[k].app, a) != 0)
			k++;
		if (k == n_apps && n_apps < 64)
			apps[n_apps++] = (struct app_count){a, 0};
		if (k < n_apps)
			apps[k].flows++;
	}
	qsort(apps, n_apps, sizeof(apps[0]), by_flows);
	printf("flows by app:");
	for (size_t i = 0; i < n_apps && i < 12; i++)
		printf(" %s %zu%s", apps[i].app, apps[i].flows,
		       i + 1 < n_apps && i < 11 ? "," : "\n");
	for (size_t i = 0; i < m.warnings.n; i++)
		printf("warning: %s\n", m.warnings.v[i]);
	ifw_model_free(&m);
	return 0;
}
