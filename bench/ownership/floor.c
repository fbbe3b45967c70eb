/* The floor for "which process owns which socket": the least any such tool must do. One
 * sock_diag dump of TCP and UDP over IPv4 and IPv6 in one namespace, one readlink of every fd of
 * every process, a hash join on the socket inode. Prints how many sockets found an owner.
 * Usage: floor [NETNS-PATH] */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SLOTS (1u << 20)
static uint64_t inodes[SLOTS];
static size_t n_sockets, n_owned;

static void put(uint64_t ino)
{
	uint32_t s = (uint32_t)(ino * 0x9e3779b97f4a7c15ULL >> 44) & (SLOTS - 1);
	while (inodes[s] && inodes[s] != ino)
		s = (s + 1) & (SLOTS - 1);
	inodes[s] = ino;
}

static int has(uint64_t ino)
{
	uint32_t s = (uint32_t)(ino * 0x9e3779b97f4a7c15ULL >> 44) & (SLOTS - 1);
	while (inodes[s]) {
		if (inodes[s] == ino)
			return 1;
		s = (s + 1) & (SLOTS - 1);
	}
	return 0;
}

static int cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	const struct inet_diag_msg *d = mnl_nlmsg_get_payload(nlh);
	put(d->idiag_inode);
	n_sockets++;
	return MNL_CB_OK;
}

static void dump(struct mnl_socket *nl, int family, int proto)
{
	char buf[1 << 16];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = (uint8_t)family;
	r->sdiag_protocol = (uint8_t)proto;
	r->idiag_states = ~0u;
	mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	unsigned portid = mnl_socket_get_portid(nl);
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n <= 0 || mnl_cb_run(buf, (size_t)n, 1, portid, cb, NULL) <= MNL_CB_STOP)
			break;
	}
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		int fd = open(argv[1], O_RDONLY);
		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
			perror(argv[1]);
			return 1;
		}
	}
	struct mnl_socket *nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID);
	dump(nl, AF_INET, IPPROTO_TCP);
	dump(nl, AF_INET6, IPPROTO_TCP);
	dump(nl, AF_INET, IPPROTO_UDP);
	dump(nl, AF_INET6, IPPROTO_UDP);
	int proc = open("/proc", O_RDONLY | O_DIRECTORY);
	char buf[16384], link[64];
	for (;;) {
		long n = syscall(SYS_getdents64, proc, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] < '1' || d->d_name[0] > '9')
				continue;
			char path[64];
			snprintf(path, sizeof(path), "%s/fd", d->d_name);
			int fdd = openat(proc, path, O_RDONLY | O_DIRECTORY);
			if (fdd < 0)
				continue;
			char fbuf[8192];
			long m;
			while ((m = syscall(SYS_getdents64, fdd, fbuf, sizeof(fbuf))) > 0)
				for (long o = 0; o < m;) {
					struct dirent64 *f = (struct dirent64 *)(fbuf + o);
					o += f->d_reclen;
					ssize_t l =
					    readlinkat(fdd, f->d_name, link, sizeof(link) - 1);
					if (l > 9 && memcmp(link, "socket:[", 8) == 0) {
						link[l] = 0;
						if (has(strtoull(link + 8, NULL, 10)))
							n_owned++;
					}
				}
			close(fdd);
		}
	}
	printf("%zu sockets, %zu owned\n", n_sockets, n_owned);
	return 0;
}
