/* The Prometheus textfile for node_exporter's textfile collector: one info series per link
 * with who made it, the count of links nobody is known to have made, creations per creator.
 * Written to a temporary file in the same directory and renamed over the old one, so the
 * collector never reads half a file. */
#include "watch/watch_ns.h"

#include "util/sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A label value: valid UTF-8 with \, " and newline escaped (the text format's rules), other
 * controls left out. Not one to one (invalid bytes all become U+FFFD), so series are told apart
 * by ifindex, and creators counted by the value as written. */
static void label_str(char *out, size_t cap, const char *s)
{
	char buf[512];
	size_t n = 0;
	ifw_utf8_repair(s, strlen(s), buf, sizeof(buf));
	for (const char *p = buf; *p && n + 3 <= cap; p++) {
		if (*p == '\\' || *p == '"')
			out[n++] = '\\', out[n++] = *p;
		else if (*p == '\n')
			out[n++] = '\\', out[n++] = 'n';
		else if ((unsigned char)*p >= 0x20)
			out[n++] = *p;
	}
	out[n] = '\0';
}

static void label(FILE *f, const char *s)
{
	char v[1100];
	label_str(v, sizeof(v), s);
	fputs(v, f);
}

struct per_creator {
	char name[200]; /* the label value as written */
	unsigned n;
};

static void write_body(FILE *f, struct ifw_watcher *w)
{
	fputs(
	    "# HELP ifwho_interface_info A network interface ifwho watch sees, with who made it.\n"
	    "# TYPE ifwho_interface_info gauge\n",
	    f);
	unsigned unexplained = 0, total = 0;
	struct per_creator pc[64];
	size_t n_pc = 0;
	for (size_t i = 0; i < w->n_ns; i++) {
		const struct ifw_ns_ent *e = &w->ns[i];
		for (size_t k = 0; k < e->n_links; k++) {
			const struct ifw_link_ent *l = &e->links[k];
			if (strcmp(l->name, "lo") == 0)
				continue;
			total++;
			if (!l->creator[0])
				unexplained++;
			fputs("ifwho_interface_info{netns=\"", f);
			label(f, e->label);
			fputs("\",name=\"", f);
			label(f, l->name);
			fputs("\",kind=\"", f);
			label(f, l->kind);
			fputs("\",creator=\"", f);
			label(f, l->creator);
			fprintf(f, "\",confidence=\"%s\",ifindex=\"%d\"} 1\n",
			        l->confidence   ? l->confidence
			        : l->creator[0] ? "history"
			                        : "none",
			        (int)l->ifindex);
			if (!l->creator[0])
				continue;
			char v[sizeof(pc[0].name)];
			label_str(v, sizeof(v), l->creator);
			size_t j = 0;
			while (j < n_pc && strcmp(pc[j].name, v) != 0)
				j++;
			if (j == n_pc && n_pc < 64) {
				memcpy(pc[n_pc].name, v, sizeof(v));
				pc[n_pc++].n = 0;
			}
			if (j < n_pc)
				pc[j].n++;
		}
	}
	fprintf(f,
	        "# HELP ifwho_interfaces Interfaces present (lo excluded).\n"
	        "# TYPE ifwho_interfaces gauge\nifwho_interfaces %u\n"
	        "# HELP ifwho_interfaces_unexplained Interfaces present whose creator is unknown.\n"
	        "# TYPE ifwho_interfaces_unexplained gauge\nifwho_interfaces_unexplained %u\n"
	        "# HELP ifwho_interfaces_by_creator Interfaces present, by who made them.\n"
	        "# TYPE ifwho_interfaces_by_creator gauge\n",
	        total, unexplained);
	for (size_t j = 0; j < n_pc; j++) {
		fputs("ifwho_interfaces_by_creator{creator=\"", f);
		fputs(pc[j].name, f);
		fprintf(f, "\"} %u\n", pc[j].n);
	}
	fprintf(
	    f,
	    "# HELP ifwho_watch_created_total Interfaces created while the watcher ran.\n"
	    "# TYPE ifwho_watch_created_total counter\nifwho_watch_created_total %llu\n"
	    "# HELP ifwho_watch_unattributed_total Of those, created by nobody the watcher saw.\n"
	    "# TYPE ifwho_watch_unattributed_total counter\nifwho_watch_unattributed_total %llu\n"
	    "# HELP ifwho_watch_namespaces Network namespaces watched.\n"
	    "# TYPE ifwho_watch_namespaces gauge\nifwho_watch_namespaces %zu\n",
	    (unsigned long long)w->n_created, (unsigned long long)w->n_unattributed, w->n_ns);
}

void ifw_watch_prom_write(struct ifw_watcher *w)
{
	if (!w->prom_path || !w->prom_dirty)
		return;
	/* At most one write a second: under churn the file (a line per link of every namespace)
	 * would otherwise be rewritten for every batch. The loop wakes for the pending one. */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t now = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	if (w->prom_last && now < w->prom_last + 1000000000ULL)
		return;
	w->prom_last = now;
	w->prom_dirty = false;
	char tmp[600];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%d.tmp", w->prom_path, (int)getpid()) >=
	    sizeof(tmp)) {
		fprintf(stderr, "ifwho watch: --prom path too long\n");
		return; /* a name cut short could be another file, which would be unlinked */
	}
	/* a new file, never through a link: the directory may be shared with other writers */
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
	/* readable by node_exporter's user whatever the umask (the unit sets 0077) */
	if (fd >= 0 && fchmod(fd, 0644) < 0) {
		close(fd);
		fd = -1;
	}
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "ifwho watch: %s: %s\n", tmp, strerror(errno));
		return;
	}
	write_body(f, w);
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, w->prom_path) < 0) {
		fprintf(stderr, "ifwho watch: writing %s: %s\n", w->prom_path, strerror(errno));
		unlink(tmp);
	}
}
