/* The floor for "every namespace's interfaces and sockets": the least any such tool must do.
 * Enter each network namespace once (setns), and in it dump the links (RTM_GETLINK), the
 * addresses (RTM_GETADDR) and the TCP and UDP sockets over IPv4 and IPv6 (sock_diag), counting
 * the records and nothing else. Namespaces: the given nsfs paths, or with none the namespace it
 * runs in and every one named in /run/netns (the same namespace once, by inode).
 * Prints the namespaces entered and the records counted.
 * --no-sockets leaves out the sock_diag dumps: each walks the kernel's global socket hash
 * tables (TCP's established hash has 262 144 buckets on a 24 GiB machine), a few milliseconds
 * per namespace however few sockets it holds, so a reader that takes sockets from one walk of
 * the processes' fds (ifwho's BPF iterator) is measured against the links and addresses alone.
 * Usage: floor [--no-sockets] [NETNS-PATH...] */
#include <dirent.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static size_t n_ns, n_links, n_addrs, n_sockets;
static int no_sockets;
static char buf[1 << 16];

static int count(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(size_t *)data;
	return MNL_CB_OK;
}

/* Sends the dump request in buf and counts its answers into *counter. */
static int run_dump(struct mnl_socket *nl, size_t *counter)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	unsigned portid = mnl_socket_get_portid(nl);
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		int r = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, count, counter);
		if (r <= MNL_CB_STOP)
			return r < 0 ? -1 : 0;
	}
}

static int dump_rtnl(struct mnl_socket *nl, int type, size_t *counter)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	/* ifinfomsg is the larger of the two headers; AF_UNSPEC: every family */
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (type == RTM_GETADDR)
		nlh->nlmsg_len = mnl_nlmsg_size(sizeof(struct ifaddrmsg));
	return run_dump(nl, counter);
}

static int dump_sockets(struct mnl_socket *nl, int family, int proto)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = (uint8_t)family;
	r->sdiag_protocol = (uint8_t)proto;
	r->idiag_states = ~0u;
	return run_dump(nl, &n_sockets);
}

static struct mnl_socket *open_bound(int bus)
{
	struct mnl_socket *nl = mnl_socket_open(bus);
	if (nl && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

/* The current namespace's links, addresses and sockets. Netlink sockets belong to the
 * namespace they were opened in, so both are opened after the setns. */
static int dump_here(void)
{
	struct mnl_socket *rt = open_bound(NETLINK_ROUTE);
	struct mnl_socket *diag = no_sockets ? NULL : open_bound(NETLINK_SOCK_DIAG);
	int err = !rt || (!diag && !no_sockets);
	if (!err)
		err = dump_rtnl(rt, RTM_GETLINK, &n_links) || dump_rtnl(rt, RTM_GETADDR, &n_addrs);
	if (!err && diag)
		err = dump_sockets(diag, AF_INET, IPPROTO_TCP) ||
		      dump_sockets(diag, AF_INET6, IPPROTO_TCP) ||
		      dump_sockets(diag, AF_INET, IPPROTO_UDP) ||
		      dump_sockets(diag, AF_INET6, IPPROTO_UDP);
	if (rt)
		mnl_socket_close(rt);
	if (diag)
		mnl_socket_close(diag);
	n_ns++;
	return err ? -1 : 0;
}

static int enter_and_dump(int fd, const char *what)
{
	if (setns(fd, CLONE_NEWNET) < 0 || dump_here() < 0) {
		perror(what);
		return -1;
	}
	return 0;
}

/* /run/netns: each name once per namespace (two names may share one). */
static int dump_named(void)
{
	struct stat self;
	if (stat("/proc/thread-self/ns/net", &self) < 0 || dump_here() < 0) {
		perror("own namespace");
		return -1;
	}
	DIR *d = opendir("/run/netns");
	if (!d)
		return 0;
	ino_t *seen = NULL;
	size_t n_seen = 0, cap = 0;
	int err = 0;
	struct dirent *de;
	while (!err && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0) {
			if (fd >= 0)
				close(fd);
			continue; /* a namespace deleted while reading: not ours to count */
		}
		int dup = st.st_ino == self.st_ino;
		for (size_t i = 0; i < n_seen && !dup; i++)
			dup = seen[i] == st.st_ino;
		if (!dup) {
			if (n_seen == cap) {
				cap = cap ? cap * 2 : 256;
				ino_t *nv = realloc(seen, cap * sizeof(*nv));
				if (!nv) {
					close(fd);
					err = -1;
					break;
				}
				seen = nv;
			}
			seen[n_seen++] = st.st_ino;
			err = enter_and_dump(fd, de->d_name);
		}
		close(fd);
	}
	closedir(d);
	free(seen);
	return err;
}

int main(int argc, char **argv)
{
	int err = 0, first = 1;
	if (argc > 1 && strcmp(argv[1], "--no-sockets") == 0) {
		no_sockets = 1;
		first = 2;
	}
	if (argc == first)
		err = dump_named();
	for (int i = first; i < argc && !err; i++) {
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(argv[i]);
			return 1;
		}
		err = enter_and_dump(fd, argv[i]);
		close(fd);
	}
	printf("%zu namespaces, %zu links, %zu addresses, %zu sockets\n", n_ns, n_links, n_addrs,
	       n_sockets);
	return err ? 1 : 0;
}
