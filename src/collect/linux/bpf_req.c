#include "collect/linux/linkreq.h"
int ifw_bpfreq_open(struct ifw_bpfreq **out, struct ifw_err *err)
{
	*out = NULL;
	return ifw_fail(err, IFW_E_NOTFOUND, "not yet");
}
int ifw_bpfreq_fd(const struct ifw_bpfreq *b) { (void)b; return -1; }
size_t ifw_bpfreq_read(struct ifw_bpfreq *b, ifw_req_cb cb, void *data) { (void)b; (void)cb; (void)data; return 0; }
uint64_t ifw_bpfreq_lost(const struct ifw_bpfreq *b) { (void)b; return 0; }
void ifw_bpfreq_close(struct ifw_bpfreq *b) { (void)b; }
