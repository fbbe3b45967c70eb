/* Traffic: a short live sample on an interface (in its namespace) or a capture file, classified
 * per flow with nDPI. Flows are added to the model (struct ifw_flow) with their interface.
 * docs/CAPTURE.md describes the choices (snapshot length, underlay, attribution, limits). */
#ifndef IFW_CAPTURE_H
#define IFW_CAPTURE_H

#include "model/model.h"
#include "util/err.h"

#include <stdbool.h>

struct ifw_sample_opts {
	double seconds;
	bool underlay; /* also sample each tunnel's outer side, filtered to its endpoints */
	/* Keep the sample as pcap here (NULL: write nothing); with several captures (interfaces,
	 * underlays) one file each, named "PATH-IFACE.ext" (libpcap cannot write pcapng). */
	const char *write_path;
	bool progress; /* a progress line on stderr (a TTY) */
	/* Called once every capture (and --write file) is open, before the first packet is read:
	 * the place to give up privileges, so hostile packets are parsed without them. */
	int (*opened)(void *ctx, struct ifw_err *err);
	void *opened_ctx;
};

/* Samples ifaces[0..n) at once for o->seconds (Ctrl-C ends it early and keeps what was seen).
 * Fails with IFW_E_PERM when capture is not permitted, IFW_E_USAGE without interfaces or on an
 * evidence model. The model must be indexed; flows are attached to their interfaces (underlay
 * flows to the tunnel they belong to). Partial failures become model warnings. */
int ifw_capture_sample(struct ifw_model *m, const ifw_id *ifaces, size_t n,
                       const struct ifw_sample_opts *o, struct ifw_err *err);

/* Classifies a pcap/pcapng file (or a pipe). Packets are attributed to an interface when the
 * file names one (pcapng interface blocks) that matches a model interface, else to ifaces[0]
 * when exactly one was asked for, else kept with no interface (a warning counts them).
 * IFW_E_PARSE for a file that is not a capture or has no readable packet; a file damaged or cut
 * after some packets is classified up to there, with a warning. */
int ifw_capture_file(struct ifw_model *m, const char *path, const ifw_id *ifaces, size_t n,
                     struct ifw_err *err);

struct ifw_kb;
/* The socket owner outranks the classifier: for each flow of the model whose end on this host
 * is a socket held by one process (in the flow's namespace), that process becomes the flow's
 * owner; when the knowledge says what the owner speaks (kb's process entry: its tunnel; else
 * the port entry of its bound port, when the entry names the same tunnel or software) and the
 * classifier's label is not that, the flow's app becomes the owner's protocol and the label is
 * kept as classifier_app. A flow whose end several processes could hold, with different
 * protocols, keeps the classifier's label, and so does a flow whose label one of its ports
 * stands for (a tunnel daemon's DNS query to port 53 stays DNS). Call after the capture, with the
 * knowledge loaded, before the analysis (the model's sockets must be indexed). kb NULL: owners
 * only. */
void ifw_capture_settle_owners(struct ifw_model *m, const struct ifw_kb *kb);

#endif
