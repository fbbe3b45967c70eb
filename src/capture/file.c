/* Classifying a capture file: classic pcap through libpcap, pcapng through our own reader (it
 * knows which interface each packet came from). */
#include "capture/capture.h"

#include "capture/cap_int.h"
#include "util/input.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define PCAPNG_MAGIC 0x0A0D0D0Au
#define IOBUF_SIZE   (1 << 20)

struct file_run {
	struct ifw_model *m;
	struct ifw_cls *cls;
	const char *path;
	const ifw_id *ifaces;
	size_t n;
	int default_src; /* packets of unnamed interfaces */
	uint64_t packets;
};

static int default_src(struct file_run *r)
{
	if (r->default_src >= 0)
		return r->default_src;
	char origin[600];
	snprintf(origin, sizeof(origin), "capture file %s", r->path);
	/* Unattributed here: by_address() gives a flow to a named interface only when one of its
	 * ends is that interface's address (a capture of eth0 named as wg0 claims nothing). */
	r->default_src = ifw_cls_add_src(r->cls, IFW_NOID, false, origin);
	return r->default_src;
}

/* The model interface a file's interface name means: one of those asked for, else the only
 * interface of that name in the model. */
static ifw_id match_name(const struct file_run *r, const char *name)
{
	if (!name || !name[0])
		return IFW_NOID;
	for (size_t i = 0; i < r->n; i++)
		if (r->ifaces[i] < r->m->ifaces.n && r->m->ifaces.v[r->ifaces[i]].name &&
		    strcmp(r->m->ifaces.v[r->ifaces[i]].name, name) == 0)
			return r->ifaces[i];
	ifw_id found = IFW_NOID;
	for (size_t i = 0; i < r->m->ifaces.n; i++) {
		const char *n = r->m->ifaces.v[i].name;
		if (n && strcmp(n, name) == 0) {
			if (found != IFW_NOID)
				return IFW_NOID; /* in several namespaces: cannot tell */
			found = (ifw_id)i;
		}
	}
	return found;
}

/* Takes f (libpcap closes it). */
static int read_pcap(struct file_run *r, FILE *f, struct ifw_err *err)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p =
	    pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (!p) {
		fclose(f);
		return ifw_fail(err, IFW_E_PARSE, "%s: not a readable pcap or pcapng file (%s)",
		                r->path, errbuf);
	}
	int lt = pcap_datalink(p);
	if (!ifw_cap_linktype_supported(lt)) {
		const char *name = pcap_datalink_val_to_name(lt);
		pcap_close(p);
		return ifw_fail(
		    err, IFW_E_PARSE,
		    "%s: link type %s (%d) is not supported (Ethernet, Linux cooked, raw IP "
		    "and BSD loopback are)",
		    r->path, name ? name : "?", lt);
	}
	int src = default_src(r);
	if (src < 0) {
		pcap_close(p);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		uint64_t ms = (uint64_t)h->ts.tv_sec * 1000 + (uint64_t)h->ts.tv_usec / 1000;
		ifw_cls_packet(r->cls, src, lt, data, h->caplen,
		               h->len < h->caplen ? h->caplen : h->len, ms);
		r->packets++;
	}
	if (rc == PCAP_ERROR && r->packets == 0) {
		int ret = ifw_fail(err, IFW_E_PARSE, "%s: no packet could be read (%s)", r->path,
		                   pcap_geterr(p));
		pcap_close(p);
		return ret;
	}
	if (rc == PCAP_ERROR) {
		/* A file cut short or damaged after some packets: keep what was read. */
		const char *why = pcap_geterr(p);
		ifw_model_warn(r->m,
		               "capture file %s is %s after %llu packets (%s); classified what was "
		               "read",
		               r->path, strstr(why, "truncated") ? "truncated" : "damaged",
		               (unsigned long long)r->packets, why);
	}
	pcap_close(p);
	return 0;
}

static int read_pcapng(struct file_run *r, FILE *f, struct ifw_err *err)
{
	struct ifw_pcapng *png = ifw_pcapng_open(f, err);
	if (!png)
		return -1;
	/* Per section, the classifier source of each of its interfaces. */
	int *srcs = NULL;
	size_t n_srcs = 0;
	uint32_t section = 0;
	int ret = 0;
	struct ifw_pcapng_pkt pk;
	bool truncated;
	int rc;
	struct ifw_err perr = {0};
	while ((rc = ifw_pcapng_next(png, &pk, &truncated, &perr)) == 1) {
		if (ifw_pcapng_section(png) != section) {
			section = ifw_pcapng_section(png);
			n_srcs = 0;
		}
		if (pk.iface >= n_srcs) {
			int *ns = realloc(srcs, (pk.iface + 1) * sizeof(*ns));
			if (!ns) {
				ret = ifw_fail(err, IFW_E_NOMEM, "out of memory");
				goto out;
			}
			srcs = ns;
			for (size_t i = n_srcs; i <= pk.iface; i++)
				srcs[i] = -2;
			n_srcs = pk.iface + 1;
		}
		if (srcs[pk.iface] == -2) {
			const char *name = ifw_pcapng_ifname(png, pk.iface);
			ifw_id id = match_name(r, name);
			if (id == IFW_NOID) {
				srcs[pk.iface] = default_src(r);
			} else {
				char origin[700];
				snprintf(origin, sizeof(origin), "capture file %s (interface %s)",
				         r->path, name);
				srcs[pk.iface] = ifw_cls_add_src(r->cls, id, false, origin);
			}
			if (srcs[pk.iface] < 0) {
				ret = ifw_fail(err, IFW_E_NOMEM, "out of memory");
				goto out;
			}
		}
		ifw_cls_packet(r->cls, srcs[pk.iface], pk.linktype, pk.data, pk.caplen, pk.wirelen,
		               pk.ts_ms);
		r->packets++;
	}
	if (rc < 0 && r->packets == 0) {
		ret = ifw_fail(err, perr.code, "%s: %s", r->path, perr.msg);
	} else if (rc < 0) {
		ifw_model_warn(
		    r->m,
		    "capture file %s is damaged after %llu packets (%s); classified what "
		    "was read",
		    r->path, (unsigned long long)r->packets, perr.msg);
	} else if (truncated) {
		ifw_model_warn(r->m,
		               "capture file %s is truncated (it ends inside a block) after %llu "
		               "packets; classified what was read",
		               r->path, (unsigned long long)r->packets);
	}
out:
	free(srcs);
	ifw_pcapng_close(png);
	return ret;
}

/* A stream that cannot seek back (a pipe: --pcap /dev/stdin) gives the bytes read to tell the
 * format first, then the rest. */
struct replay {
	FILE *f;
	uint8_t head[4];
	size_t pos;
};

static ssize_t replay_read(void *cookie, char *buf, size_t size)
{
	struct replay *rp = cookie;
	size_t k = 0;
	while (rp->pos < sizeof(rp->head) && k < size)
		buf[k++] = (char)rp->head[rp->pos++];
	if (k < size) {
		size_t got = fread(buf + k, 1, size - k, rp->f);
		if (!got && !k && ferror(rp->f))
			return -1;
		k += got;
	}
	return (ssize_t)k;
}

static int replay_close(void *cookie)
{
	struct replay *rp = cookie;
	int rc = fclose(rp->f);
	free(rp);
	return rc;
}

static FILE *from_start(FILE *f, const uint8_t magic[4])
{
	if (fseek(f, 0, SEEK_SET) == 0)
		return f;
	struct replay *rp = calloc(1, sizeof(*rp));
	if (!rp)
		return NULL;
	rp->f = f;
	memcpy(rp->head, magic, sizeof(rp->head));
	cookie_io_functions_t io = {.read = replay_read, .close = replay_close};
	FILE *s = fopencookie(rp, "rb", io);
	if (!s)
		free(rp);
	return s;
}

static bool has_address(const struct ifw_model *m, ifw_id id, const struct ifw_ip *ip)
{
	const struct ifw_iface *f = &m->ifaces.v[id];
	for (size_t i = 0; i < f->addrs.n; i++)
		if (ifw_ip_eq(&m->addrs.v[f->addrs.v[i]].ip, ip))
			return true;
	return false;
}

/* Flows the file does not tie to an interface go to the interface asked about whose address is
 * one of their ends (the first such, when several are named). */
static int by_address(struct ifw_model *m, size_t from, const ifw_id *ifaces, size_t n)
{
	bool changed = false;
	for (size_t i = from; i < m->flows.n; i++) {
		struct ifw_flow *fl = &m->flows.v[i];
		for (size_t k = 0; k < n && fl->iface == IFW_NOID; k++)
			if (ifaces[k] < m->ifaces.n && (has_address(m, ifaces[k], &fl->src) ||
			                                has_address(m, ifaces[k], &fl->dst))) {
				fl->iface = ifaces[k];
				changed = true;
			}
	}
	return changed ? ifw_model_index_flows(m) : 0;
}

/* One of our own descriptors, named as such ("-", /dev/stdin, /dev/fd/N, /proc/self/fd/N: a
 * pipe from tcpdump, a shell's <(...)), is read whatever it is; any other name only if it is a
 * regular file (util/input.h): a FIFO, a device or a link to /proc/kmsg planted where root
 * reads captures held the run for good (and ate the kernel's log). */
static int open_capture(const char *path, struct ifw_err *err)
{
	int n = -1, end = 0;
	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdin") == 0)
		n = STDIN_FILENO;
	else if ((sscanf(path, "/dev/fd/%d%n", &n, &end) != 1 &&
	          sscanf(path, "/proc/self/fd/%d%n", &n, &end) != 1) ||
	         path[end] != '\0' || !isdigit((unsigned char)path[end - 1]))
		n = -1;
	if (n < 0)
		return ifw_input_open(AT_FDCWD, path, 0, err);
	int fd = fcntl(n, F_DUPFD_CLOEXEC, 0);
	return fd >= 0 ? fd : ifw_fail_errno(err, errno, "%s", path);
}

int ifw_capture_file(struct ifw_model *m, const char *path, const ifw_id *ifaces, size_t n,
                     struct ifw_err *err)
{
	if (!path)
		return ifw_fail(err, IFW_E_USAGE, "no capture file given");
	if (!ifaces)
		n = 0;
	int fd = open_capture(path, err);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		int e = errno;
		close(fd);
		return ifw_fail_errno(err, e, "%s", path);
	}
	/* stdio's default buffer means a read(2) per 4 KiB: big captures want bigger reads. */
	char *iobuf = malloc(IOBUF_SIZE);
	if (iobuf)
		setvbuf(f, iobuf, _IOFBF, IOBUF_SIZE);
	uint8_t magic[4];
	size_t got = fread(magic, 1, sizeof(magic), f);
	if (got < sizeof(magic)) {
		bool empty = got == 0 && !ferror(f);
		fclose(f);
		free(iobuf);
		return ifw_fail(err, IFW_E_PARSE, "%s: %s", path,
		                empty ? "empty file" : "too short to be a capture file");
	}
	FILE *s = from_start(f, magic);
	if (!s) {
		fclose(f);
		free(iobuf);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	uint32_t mv;
	memcpy(&mv, magic, 4);
	struct file_run r = {.m = m, .path = path, .ifaces = ifaces, .n = n, .default_src = -1};
	r.cls = ifw_cls_new(m, err);
	if (!r.cls) {
		fclose(s);
		free(iobuf);
		return -1;
	}
	ifw_cls_set_max_flows(r.cls, IFW_CAP_MAX_FLOWS_FILE);
	size_t flows_before = m->flows.n;
	int rc;
	if (mv == PCAPNG_MAGIC) {
		rc = read_pcapng(&r, s, err);
		fclose(s);
	} else {
		rc = read_pcap(&r, s, err);
	}
	free(iobuf); /* the stream using it is closed */
	if (rc == 0) {
		char what[600];
		snprintf(what, sizeof(what), "capture file %s", path);
		rc = ifw_cls_finish(r.cls, what, err);
	}
	if (rc == 0 && by_address(m, flows_before, ifaces, n) < 0)
		rc = ifw_fail(err, IFW_E_NOMEM, "out of memory indexing flows");
	if (rc == 0) {
		size_t unattributed = 0;
		for (size_t i = flows_before; i < m->flows.n; i++)
			unattributed += m->flows.v[i].iface == IFW_NOID;
		if (unattributed && n) /* with no interface asked about, apart is the point */
			ifw_model_warn(
			    m,
			    "capture file %s: %zu flows are listed apart, not under an "
			    "interface (neither the file nor their addresses tie them to an "
			    "interface asked about)",

			    path, unattributed);
	}
	ifw_cls_free(r.cls);
	return rc;
}
