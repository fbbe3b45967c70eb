/* The traffic classifier on hostile packets. The first byte picks what the rest is:
 *   0x00-0xef: one packet of a link type (byte % 8: Ethernet, raw IP, Linux cooked v1 and v2,
 *              BSD loopback NULL and LOOP, IPv4, IPv6), fed twice (the same flow goes on);
 *              bit 0x80 marks the source as an underlay capture;
 *   0xf0-0xff: a pcapng file, every packet of it through the classifier.
 * The SIP, DNS and IKE parsers also see the raw bytes directly. */
#include "capture/cap_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const int linktypes[8] = {IFW_LT_EN10MB, IFW_LT_RAW,  IFW_LT_SLL,  IFW_LT_SLL2,
                                 IFW_LT_NULL,   IFW_LT_LOOP, IFW_LT_IPV4, IFW_LT_IPV6};

static struct ifw_cls *cls;

static void no_answer(void *ctx, const char *qname, const struct ifw_ip *ip)
{
	(void)ctx;
	(void)qname;
	(void)ip;
}

static void pcapng(const uint8_t *data, size_t size)
{
	if (!size)
		return;
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return;
	struct ifw_pcapng *r = ifw_pcapng_open(f, NULL);
	int src = ifw_cls_add_src(cls, IFW_NOID, false, "fuzz pcapng");
	struct ifw_pcapng_pkt p;
	bool truncated;
	for (int i = 0; r && src >= 0 && i < 1000 && ifw_pcapng_next(r, &p, &truncated, NULL) == 1;
	     i++) {
		(void)ifw_pcapng_ifname(r, p.iface);
		ifw_cls_packet(cls, src, p.linktype, p.data, p.caplen, p.wirelen, p.ts_ms);
	}
	ifw_pcapng_close(r);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t sel = data[0];
	data++;
	size--;
	struct ifw_model m;
	ifw_model_init(&m);
	if (!cls) {
		cls = ifw_cls_new(&m, NULL);
		if (!cls)
			abort();
	} else {
		ifw_cls_reset(cls, &m);
	}
	if (sel >= 0xf0) {
		pcapng(data, size);
	} else {
		int src = ifw_cls_add_src(cls, IFW_NOID, sel & 0x80, "fuzz");
		int lt = linktypes[sel % 8];
		ifw_cls_packet(cls, src, lt, data, size, size, 1000);
		ifw_cls_packet(cls, src, lt, data, size, size + 100, 1001);
		struct ifw_sip_info si;
		ifw_sip_parse(data, size, &si);
		struct ifw_dns_info di;
		ifw_dns_parse(data, size, &di, no_answer, NULL);
		ifw_ike_looks_valid(data, size);
	}
	ifw_cls_finish(cls, "fuzz", NULL);
	ifw_model_free(&m);
	return 0;
}
