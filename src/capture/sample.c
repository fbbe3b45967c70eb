/* A live sample: libpcap on each interface, opened inside the interface's network namespace,
 * all polled at once for the sample's duration. Ctrl-C ends it early; what was seen is kept. */
#include "capture/capture.h"

#include "capture/cap_int.h"
#include "util/sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_SOURCES         64
#define UNDERLAYS_PER_IFACE 8
#define PROGRESS_NS         250000000LL

struct sample;

struct csrc {
	struct sample *s;
	ifw_id iface;      /* where packets are captured */
	ifw_id flow_iface; /* what their flows are about */
	bool underlay;
	char filter[1024];
	char why[160];
	pcap_t *p;
	int fd, lt, cls_src;
	pcap_dumper_t *dump;
	char *dump_path;
	uint64_t packets;
	bool open, dead;
};

struct sample {
	struct ifw_model *m;
	struct ifw_cls *cls;
	struct csrc v[MAX_SOURCES];
	size_t n;
	uint64_t packets;
};

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static const char *iface_name(const struct ifw_model *m, ifw_id id)
{
	return id < m->ifaces.n && m->ifaces.v[id].name ? m->ifaces.v[id].name : "?";
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct csrc *c = (struct csrc *)user;
	if (c->dump)
		pcap_dump((u_char *)c->dump, h, data);
	uint64_t ms = (uint64_t)h->ts.tv_sec * 1000 + (uint64_t)h->ts.tv_usec / 1000;
	ifw_cls_packet(c->s->cls, c->cls_src, c->lt, data, h->caplen,
	               h->len < h->caplen ? h->caplen : h->len, ms);
	c->packets++;
	c->s->packets++;
}

static int activate_error(const struct ifw_model *m, struct csrc *c, int rc, struct ifw_err *err)
{
	const char *name = iface_name(m, c->iface);
	switch (rc) {
	case PCAP_ERROR_PERM_DENIED:
		return ifw_fail(err, IFW_E_PERM,
		                "capturing on %s is not permitted (needs CAP_NET_RAW: run as root)",
		                name);
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return ifw_fail(err, IFW_E_NOTFOUND, "%s is gone (%s)", name, pcap_geterr(c->p));
	case PCAP_ERROR_IFACE_NOT_UP:
		return ifw_fail(err, IFW_E_SYS, "%s is down", name);
	default:
		return ifw_fail(err, IFW_E_SYS, "cannot capture on %s: %s", name,
		                pcap_geterr(c->p));
	}
}

/* Opens the capture inside the interface's namespace. -1: this source failed (err says why);
 * -2: we could not come back to our own namespace, nothing may go on. */
static int open_src(struct sample *s, struct csrc *c, struct ifw_err *err)
{
	const struct ifw_iface *f = &s->m->ifaces.v[c->iface];
	if (!f->name)
		return ifw_fail(err, IFW_E_NOTFOUND, "interface without a name");
	struct ifw_ns_saved saved;
	if (ifw_cap_enter_ns(s->m, f->ns, &saved, err) < 0)
		return -1;
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int rc = 0;
	unsigned idx = if_nametoindex(f->name);
	if (f->ifindex > 0 && idx != (unsigned)f->ifindex) {
		rc = ifw_fail(err, IFW_E_NOTFOUND, "%s is gone or was renamed since it was read",
		              f->name);
	} else if (!(c->p = pcap_create(f->name, errbuf))) {
		rc = ifw_fail(err, IFW_E_SYS, "cannot capture on %s: %s", f->name, errbuf);
	} else {
		pcap_set_snaplen(c->p, IFW_CAP_SNAPLEN);
		pcap_set_promisc(c->p, 0);
		pcap_set_immediate_mode(c->p, 1);
		pcap_set_timeout(c->p, 100);
		pcap_set_buffer_size(c->p, 4 << 20);
		int a = pcap_activate(c->p);
		if (a < 0) {
			rc = activate_error(s->m, c, a, err);
			pcap_close(c->p);
			c->p = NULL;
		}
	}
	struct ifw_err back = {0};
	if (ifw_cap_leave_ns(&saved, &back) < 0) {
		if (c->p)
			pcap_close(c->p);
		c->p = NULL;
		*err = back;
		return -2;
	}
	if (rc < 0)
		return -1;
	c->lt = pcap_datalink(c->p);
	if (c->filter[0]) {
		struct bpf_program prog;
		if (pcap_compile(c->p, &prog, c->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			rc = ifw_fail(err, IFW_E_SYS, "filter \"%s\" for %s: %s", c->filter,
			              f->name, pcap_geterr(c->p));
		} else {
			if (pcap_setfilter(c->p, &prog) < 0)
				rc = ifw_fail(err, IFW_E_SYS, "setting the filter on %s: %s",
				              f->name, pcap_geterr(c->p));
			pcap_freecode(&prog);
		}
	}
	if (rc == 0 && pcap_setnonblock(c->p, 1, errbuf) < 0)
		rc = ifw_fail(err, IFW_E_SYS, "%s: %s", f->name, errbuf);
	if (rc == 0 && (c->fd = pcap_get_selectable_fd(c->p)) < 0)
		rc = ifw_fail(err, IFW_E_SYS, "%s cannot be polled", f->name);
	if (rc < 0) {
		pcap_close(c->p);
		c->p = NULL;
		return -1;
	}
	c->open = true;
	return 0;
}

static void close_all(struct sample *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct csrc *c = &s->v[i];
		if (c->dump) {
			pcap_dump_close(c->dump);
			c->dump = NULL;
		}
		if (c->p) {
			pcap_close(c->p);
			c->p = NULL;
		}
		free(c->dump_path);
		c->dump_path = NULL;
		c->open = false;
	}
}

static bool add_src(struct sample *s, ifw_id iface, ifw_id flow_iface, bool underlay,
                    const char *filter, const char *why)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].iface == iface && s->v[i].flow_iface == flow_iface &&
		    s->v[i].underlay == underlay)
			return true;
	if (s->n >= MAX_SOURCES)
		return false;
	struct csrc *c = &s->v[s->n++];
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->iface = iface;
	c->flow_iface = flow_iface;
	c->underlay = underlay;
	c->fd = -1;
	c->cls_src = -1;
	snprintf(c->filter, sizeof(c->filter), "%s", filter ? filter : "");
	snprintf(c->why, sizeof(c->why), "%s", why ? why : "");
	return true;
}

/* The file for source i: the path itself when there is one source, else one per source with
 * the interface's name before the extension ("x.pcap" -> "x-eth0.pcap", "x-eth0-underlay.pcap"):
 * libpcap 1.10 writes classic pcap only, which holds one link type and no interface names.
 * Names are made safe for a file name ("rt\e[31m" -> "rt__31m"), so two interfaces can map to
 * the same name (two namespaces, or "rt\e[31m" and "rt_[31m"): a number is added until the
 * name differs from every file this run writes. */
static char *dump_path(const struct sample *s, size_t i, const char *path, size_t n_open)
{
	if (n_open == 1)
		return strdup(path);
	const struct csrc *c = &s->v[i];
	char name[IF_NAMESIZE * 2 + 16];
	snprintf(name, sizeof(name), "%s%s", iface_name(s->m, c->iface),
	         c->underlay ? "-underlay" : "");
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			*p = '_';
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	size_t stem =
	    dot && dot > (slash ? slash : path) && dot[1] ? (size_t)(dot - path) : strlen(path);
	size_t len = strlen(path) + sizeof(name) + 16;
	char *out = malloc(len);
	if (!out)
		return NULL;
	for (int dup = 1; dup <= MAX_SOURCES + 1; dup++) {
		if (dup == 1)
			snprintf(out, len, "%.*s-%s%s", (int)stem, path, name, path + stem);
		else
			snprintf(out, len, "%.*s-%s-%d%s", (int)stem, path, name, dup, path + stem);
		bool taken = false;
		for (size_t k = 0; k < i && !taken; k++)
			taken = s->v[k].dump_path && strcmp(s->v[k].dump_path, out) == 0;
		if (!taken)
			return out;
	}
	free(out); /* cannot happen: at most MAX_SOURCES names are taken */
	return NULL;
}

/* A new file for packets: created here, never an existing one (O_EXCL), never through a
 * symbolic link (O_NOFOLLOW), and for its owner only (packets are other people's traffic).
 * libpcap is handed the open stream: it never opens the name again. */
static pcap_dumper_t *create_dump(pcap_t *p, const char *path, struct ifw_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		int e = errno;
		struct stat st;
		if (e == EEXIST && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			e = ELOOP; /* O_EXCL refuses a link with EEXIST: say what it is */
		if (e == EEXIST)
			ifw_fail(
			    err, IFW_E_USAGE,
			    "cannot write %s: it exists (ifwho writes only new files; remove it "
			    "or choose another name)",
			    path);
		else if (e == ELOOP)
			ifw_fail(err, IFW_E_USAGE,
			         "cannot write %s: it is a symbolic link (not followed)", path);
		else
			ifw_fail_errno(err, e, "cannot write %s", path);
		return NULL;
	}
	/* The umask may have taken bits away, never added any; fchmod makes it exactly 0600. */
	FILE *f = fchmod(fd, 0600) == 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		ifw_fail_errno(err, errno, "cannot write %s", path);
		close(fd);
		unlink(path);
		return NULL;
	}
	pcap_dumper_t *d = pcap_dump_fopen(p, f);
	if (!d) {
		ifw_fail(err, IFW_E_SYS, "cannot write %s: %s", path, pcap_geterr(p));
		fclose(f);
		unlink(path);
	}
	return d;
}

static void progress(const struct sample *s, const char *names, double done, double total)
{
	fprintf(stderr, "\rifwho: sampling %s: %.1f of %g s, %llu packets, %zu flows\033[K", names,
	        done, total, (unsigned long long)s->packets, ifw_cls_flow_count(s->cls));
	fflush(stderr);
}

static void drain(struct sample *s, struct csrc *c)
{
	for (int round = 0; round < 64; round++) {
		int n = pcap_dispatch(c->p, -1, on_packet, (u_char *)c);
		if (n == 0 || n == PCAP_ERROR_BREAK)
			return;
		if (n < 0) {
			ifw_model_warn(s->m, "traffic sample: capture on %s stopped: %s",
			               iface_name(s->m, c->iface), pcap_geterr(c->p));
			c->dead = true;
			return;
		}
	}
}

/* Polls every open source until the time is up or Ctrl-C. */
/* ppoll where there is one (Linux, FreeBSD); elsewhere (macOS) the mask is set around poll, so a
 * signal that comes just before poll waits at most one timeout (PROGRESS_NS) to be seen. */
static int poll_with_mask(struct pollfd *pfd, size_t k, const struct timespec *ts,
                          const sigset_t *waitmask)
{
#if defined(__linux__) || defined(__FreeBSD__)
	return ppoll(pfd, k, ts, waitmask);
#else
	sigset_t old;
	int ms = (int)(ts->tv_sec * 1000 + ts->tv_nsec / 1000000);
	pthread_sigmask(SIG_SETMASK, waitmask, &old);
	int r = poll(pfd, (nfds_t)k, ms);
	int e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return r;
#endif
}

static void run_loop(struct sample *s, const struct ifw_sample_opts *o, const sigset_t *waitmask,
                     double *elapsed)
{
	char names[160] = "";
	if (o->progress) {
		size_t l = 0;
		for (size_t i = 0; i < s->n && l + 4 < sizeof(names); i++) {
			if (!s->v[i].open)
				continue;
			const char *nm = iface_name(s->m, s->v[i].iface);
			char safe[64];
			ifw_sanitize(nm, strlen(nm), safe, sizeof(safe));
			l += (size_t)snprintf(names + l, sizeof(names) - l, "%s%s%s", l ? ", " : "",
			                      safe, s->v[i].underlay ? " (outside)" : "");
		}
	}
	int64_t start = now_ns();
	int64_t end = start + (int64_t)(o->seconds * 1e9);
	int64_t next_progress = start;
	struct pollfd pfd[MAX_SOURCES];
	size_t map[MAX_SOURCES];
	while (!interrupted) {
		int64_t now = now_ns();
		if (now >= end)
			break;
		if (o->progress && now >= next_progress) {
			progress(s, names, (double)(now - start) / 1e9, o->seconds);
			next_progress = now + PROGRESS_NS;
		}
		size_t k = 0;
		for (size_t i = 0; i < s->n; i++) {
			if (!s->v[i].open || s->v[i].dead)
				continue;
			pfd[k] = (struct pollfd){.fd = s->v[i].fd, .events = POLLIN};
			map[k++] = i;
		}
		if (!k)
			break;
		int64_t wait = end - now;
		if (o->progress && next_progress - now < wait)
			wait = next_progress - now;
		if (wait > PROGRESS_NS)
			wait = PROGRESS_NS;
		if (wait < 0)
			wait = 0;
		struct timespec ts = {.tv_sec = (time_t)(wait / 1000000000LL),
		                      .tv_nsec = (long)(wait % 1000000000LL)};
		int r = poll_with_mask(pfd, k, &ts, waitmask);
		if (r < 0 && errno != EINTR) {
			ifw_model_warn(s->m, "traffic sample: poll failed: %s", strerror(errno));
			break;
		}
		for (size_t j = 0; r > 0 && j < k; j++)
			if (pfd[j].revents)
				drain(s, &s->v[map[j]]);
	}
	/* What the kernel still holds. */
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].open && !s->v[i].dead)
			drain(s, &s->v[i]);
	*elapsed = (double)(now_ns() - start) / 1e9;
	if (o->progress) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

static void build_sources(struct sample *s, const ifw_id *ifaces, size_t n,
                          const struct ifw_sample_opts *o)
{
	for (size_t i = 0; i < n; i++)
		if (ifaces[i] < s->m->ifaces.n &&
		    !add_src(s, ifaces[i], ifaces[i], false, NULL, NULL))
			ifw_model_warn(s->m, "traffic sample: more than %d captures; %s left out",
			               MAX_SOURCES, iface_name(s->m, ifaces[i]));
	if (!o->underlay)
		return;
	size_t asked = s->n;
	for (size_t i = 0; i < asked; i++) {
		ifw_id t = s->v[i].iface;
		struct ifw_underlay ul[UNDERLAYS_PER_IFACE];
		const char *why_not = NULL;
		size_t k = ifw_cap_find_underlay(s->m, t, ul, UNDERLAYS_PER_IFACE, &why_not);
		if (!k)
			ifw_model_warn(s->m, "--underlay: no outer side found for %s: %s",
			               iface_name(s->m, t), why_not ? why_not : "unknown");
		for (size_t j = 0; j < k; j++)
			add_src(s, ul[j].iface, t, true, ul[j].filter, ul[j].why);
	}
}

static int open_sources(struct sample *s, struct ifw_err *err)
{
	struct ifw_err first = {0};
	size_t n_main = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct csrc *c = &s->v[i];
		struct ifw_err e = {0};
		int rc = open_src(s, c, &e);
		if (rc == -2) {
			*err = e;
			return -1;
		}
		if (rc == 0) {
			n_main += !c->underlay;
			continue;
		}
		/* Without the privilege nothing else will open either. */
		if (e.code == IFW_E_PERM) {
			*err = e;
			return -1;
		}
		if (!first.code)
			first = e;
		ifw_model_warn(s->m, "traffic sample: %s%s", c->underlay ? "underlay: " : "",
		               e.msg);
	}
	if (!n_main) {
		*err = first.code ? first : (struct ifw_err){.code = IFW_E_SYS};
		if (!first.code)
			snprintf(err->msg, sizeof(err->msg), "no capture could be opened");
		return -1;
	}
	return 0;
}

static int open_dumps(struct sample *s, const char *path, struct ifw_err *err)
{
	size_t n_open = 0;
	for (size_t i = 0; i < s->n; i++)
		n_open += s->v[i].open;
	char list[512] = "";
	size_t l = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct csrc *c = &s->v[i];
		if (!c->open)
			continue;
		c->dump_path = dump_path(s, i, path, n_open);
		if (!c->dump_path)
			return ifw_fail(err, IFW_E_NOMEM, "out of memory");
		c->dump = create_dump(c->p, c->dump_path, err);
		if (!c->dump) {
			/* Leave no half-set of files behind. */
			for (size_t k = 0; k < i; k++)
				if (s->v[k].dump) {
					pcap_dump_close(s->v[k].dump);
					s->v[k].dump = NULL;
					unlink(s->v[k].dump_path);
				}
			return -1;
		}
		if (l < sizeof(list))
			l += (size_t)snprintf(
			    list + l, sizeof(list) - l, "%s%s (%s%s)", l ? ", " : "", c->dump_path,
			    iface_name(s->m, c->iface), c->underlay ? ", outside" : "");
	}
	if (n_open > 1)
		ifw_model_warn(
		    s->m,
		    "traffic sample written as one pcap file per capture (libpcap cannot "
		    "write pcapng): %s",
		    list);
	return 0;
}

static void add_cls_sources(struct sample *s, double seconds)
{
	for (size_t i = 0; i < s->n; i++) {
		struct csrc *c = &s->v[i];
		if (!c->open)
			continue;
		char origin[1400];
		const struct ifw_iface *f = &s->m->ifaces.v[c->iface];
		const struct ifw_netns *ns = f->ns < s->m->netns.n ? &s->m->netns.v[f->ns] : NULL;
		char where[160] = "";
		if (ns && !ns->is_self && ns->name)
			snprintf(where, sizeof(where), " in netns %s", ns->name);
		if (c->underlay)
			snprintf(origin, sizeof(origin),
			         "underlay sample on %s%s for %s (%g s; %s; filter %s)",
			         iface_name(s->m, c->iface), where, iface_name(s->m, c->flow_iface),
			         seconds, c->why, c->filter);
		else
			snprintf(origin, sizeof(origin), "sample on %s%s (%g s)",
			         iface_name(s->m, c->iface), where, seconds);
		c->cls_src = ifw_cls_add_src(s->cls, c->flow_iface, c->underlay, origin);
		if (c->cls_src < 0)
			c->dead = true;
	}
}

static void finish_stats(struct sample *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct csrc *c = &s->v[i];
		struct pcap_stat st;
		if (c->open && pcap_stats(c->p, &st) == 0 && st.ps_drop)
			ifw_model_warn(s->m, "traffic sample on %s: the kernel dropped %u packets",
			               iface_name(s->m, c->iface), st.ps_drop);
		if (c->dump && (pcap_dump_flush(c->dump) < 0 || ferror(pcap_dump_file(c->dump))))
			ifw_model_warn(s->m, "traffic sample: writing %s failed", c->dump_path);
	}
}

int ifw_capture_sample(struct ifw_model *m, const ifw_id *ifaces, size_t n,
                       const struct ifw_sample_opts *o, struct ifw_err *err)
{
	if (!o || !(o->seconds > 0))
		return ifw_fail(err, IFW_E_USAGE, "a traffic sample needs a duration");
	if (!n || !ifaces)
		return ifw_fail(err, IFW_E_USAGE,
		                "name the interface to sample (--sample needs an interface)");
	if (m->source != IFW_SRC_LIVE)
		return ifw_fail(err, IFW_E_USAGE,
		                "a traffic sample needs the live system (use --pcap for a file)");
	struct sample *s = calloc(1, sizeof(*s));
	if (!s)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	s->m = m;
	int rc = -1;
	build_sources(s, ifaces, n, o);
	/* nDPI takes a moment to load: before the clock starts. */
	s->cls = ifw_cls_new(m, err);
	if (!s->cls || open_sources(s, err) < 0)
		goto out;
	add_cls_sources(s, o->seconds);
	if (o->write_path && open_dumps(s, o->write_path, err) < 0)
		goto out;
	if (o->opened && o->opened(o->opened_ctx, err) < 0)
		goto out;

	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigset_t block, orig;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	interrupted = 0;
	sigprocmask(SIG_BLOCK, &block, &orig);
	/* A SIGINT the caller ignores (a background job) stays ignored. */
	bool handled = sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN &&
	               sigaction(SIGINT, &sa, NULL) == 0;
	double elapsed = 0;
	run_loop(s, o, &orig, &elapsed);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (handled)
		sigaction(SIGINT, &old, NULL);

	finish_stats(s);
	close_all(s);
	if (ifw_cls_finish(s->cls, "traffic sample", err) < 0)
		goto out;
	if (interrupted)
		ifw_model_warn(m, "traffic sample ended early (interrupted) after %.1f of %g s",
		               elapsed, o->seconds);
	rc = 0;
out:
	close_all(s);
	ifw_cls_free(s->cls);
	free(s);
	return rc;
}
