/* Who a process is, read from /proc while it lives (or remembered from its exec when it has
 * already gone): what the watcher records as an interface's creator. */
#ifndef IFW_LINUX_CREATOR_H
#define IFW_LINUX_CREATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IFW_CHAIN_MAX 12

struct ifw_proc_brief {
	int32_t pid, ppid;
	uint32_t uid;
	char comm[16];
	char exe[256];
	char cmdline[512]; /* arguments joined by spaces */
	uint64_t netns;
	char cgroup[256];
	bool exited; /* known from the process cache, the process itself is gone */
};

struct ifw_creator {
	struct ifw_proc_brief p;
	char unit[128];                             /* systemd unit from the cgroup */
	char container[96];                         /* "docker 0123abcd..." */
	struct ifw_proc_brief chain[IFW_CHAIN_MAX]; /* parent, grandparent, ... up to pid 1 */
	size_t n_chain;
	const char *confidence; /* "exact" (BPF saw the request), "likely" (a process's command
	                           line names the link), "holder" (a live tun fd holder) */
	const char *method;     /* "bpf", "proc-connector", "fd-scan" */
	uint64_t req_time_ns;   /* CLOCK_REALTIME of the request, 0 if unknown */
};

/* Remembers processes from their exec (the connector): a fixed ring, oldest overwritten. */
struct ifw_pcache;
struct ifw_pcache *ifw_pcache_new(size_t cap);
void ifw_pcache_free(struct ifw_pcache *c);
/* Reads /proc/PID now and stores it (on exec and fork). */
void ifw_pcache_note_exec(struct ifw_pcache *c, int32_t pid, uint64_t mono_ns);
void ifw_pcache_note_fork(struct ifw_pcache *c, int32_t pid, int32_t ppid, uint64_t mono_ns);
void ifw_pcache_note_exit(struct ifw_pcache *c, int32_t pid, uint64_t mono_ns);
const struct ifw_proc_brief *ifw_pcache_get(const struct ifw_pcache *c, int32_t pid);
/* Most recent process (exec'd within window_ns before mono_ns) whose command line names `word`
 * as a whole argument and `word2` too (if not NULL) and has an argument starting with one of
 * `verbs` (NULL-terminated; NULL: any); NULL if none. */
const struct ifw_proc_brief *ifw_pcache_find_word(const struct ifw_pcache *c, const char *word,
                                                  const char *word2, const char *const *verbs,
                                                  uint64_t mono_ns, uint64_t window_ns);

/* Reads /proc/PID; false if the process is gone. */
bool ifw_proc_brief_read(int32_t pid, struct ifw_proc_brief *b);
/* Fills the unit, container and parent chain of c->p (from /proc, else the cache). */
void ifw_creator_complete(struct ifw_creator *c, const struct ifw_pcache *cache);

#endif
