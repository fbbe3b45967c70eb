/* ifw-testproc: a process that holds what integration tests need, then waits to be killed.
 *
 *   ifw-testproc [--name COMM] [--uid UID] ACTION...
 *     tun NAME | tap NAME | mqtun NAME QUEUES   open /dev/net/tun and attach to NAME
 *     udp ADDR PORT | tcp ADDR PORT               bind (tcp: and listen)
 *     udpdev DEV ADDR PORT                        bind to a device (SO_BINDTODEVICE)
 *     udpto ADDR PORT                             a connected UDP socket
 *     udplite ADDR PORT                           a bound UDP-Lite socket
 *     raw ADDR PROTO                              a raw IP socket for protocol PROTO, bound
 *     tcpto ADDR PORT                             a TCP connection to ADDR PORT (whose
 *                                                 listener may never accept it)
 *     tcppair ADDR PORT                           a listener, a connection to it and the
 *                                                 accepted end: three sockets held
 *     tcpwait ADDR PORT                           the same, then both ends closed (ours
 *                                                 first): a TIME-WAIT socket no one holds
 *     packet DEV                                  a packet socket (all protocols) bound to DEV
 *     fork                                        a child (killed with us) that holds what
 *                                                 was opened so far: sockets with two holders
 *     send ADDR PORT COUNT TEXT                   send COUNT UDP datagrams of TEXT, 50 ms apart
 *     rtpfrom LADDR LPORT ADDR PORT COUNT DELAY   bind UDP LADDR:LPORT and, DELAY ms after
 *                                                 "ready", send COUNT datagrams shaped like
 *                                                 RTP (v2, type 96, rising sequence and
 *                                                 timestamp) to ADDR:PORT, 20 ms apart: how
 *                                                 OpenVPN's data packets can look to nDPI
 *     pad ARG...                                  ignored arguments (a long command line)
 *     many ADDR COUNT                             COUNT sockets on ADDR: half UDP, half TCP
 *                                                 listeners, ephemeral ports (benchmarks)
 *     unixsrv PATH hang|garbage|flood|uapi        a listening unix socket at PATH (a fake daemon):
 *                                                 never answers / answers garbage / sends
 *                                                 without end / answers a valid WireGuard UAPI
 *                                                 `get=1` (listen port 51999, one peer at
 *                                                 203.0.113.77:51820)
 *                                                 / http:DIR: answers each HTTP GET /PATH
 *                                                 with the file DIR/PATH (application/json;
 *                                                 chunked if DIR/.chunked exists; 401 unless
 *                                                 the request's X-ZT1-Auth is DIR/.auth's
 *                                                 first line, when that file exists)
 *     tcpsrv ADDR PORT MODE                       a TCP listener serving as unixsrv does
 *     linkmtu NAME COUNT                          COUNT times, 50 ms apart, an RTM_NEWLINK with
 *                                                 NLM_F_CREATE (no NLM_F_EXCL) naming the
 *                                                 existing link NAME with a new MTU: it changes
 *                                                 NAME and creates nothing (a hostile user's
 *                                                 decoy "creation request")
 *     passedlinkmtu NAME COUNT                    the same from this namespace through a
 *                                                 socket of a child's own user and network
 *                                                 namespaces (where it made bridge NAME),
 *                                                 passed to us: the link changed is the
 *                                                 child's, the task's namespace ours
 *   --name sets the process name (comm), which may hold any bytes (escape sequences included).
 *   --uid (as root) runs as UID (and group UID) from then on: the sockets are that user's.
 *
 * It prints "ready" on stdout once everything is held, so a test knows when to look. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "ifw-testproc: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int open_tun(const char *name, short flags)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("/dev/net/tun");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = flags;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		die("TUNSETIFF");
	return fd;
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static socklen_t addr_of(const char *ip, const char *port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, ip, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)atoi(port));
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, ip, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)atoi(port));
		return sizeof(*s6);
	}
	fprintf(stderr, "ifw-testproc: bad address %s\n", ip);
	exit(2);
}

static int bound(int type, const char *dev, const char *ip, const char *port)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_of(ip, port, &ss);
	int s = socket(ss.ss_family, type | SOCK_CLOEXEC, 0);
	if (s < 0)
		die("socket");
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (dev && setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev)) < 0)
		die("SO_BINDTODEVICE");
	if (bind(s, (struct sockaddr *)&ss, len) < 0)
		die("bind");
	if (type == SOCK_STREAM && listen(s, 4) < 0)
		die("listen");
	return s;
}

static int connected(int type, const char *ip, const char *port)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_of(ip, port, &ss);
	int s = socket(ss.ss_family, type | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&ss, len) < 0)
		die("connect");
	return s;
}

/* A listener with one accepted connection to itself; close_both: then closed, client first. */
static void tcp_pair(const char *ip, const char *port, bool close_both)
{
	int l = bound(SOCK_STREAM, NULL, ip, port);
	int c = connected(SOCK_STREAM, ip, port);
	int a = accept(l, NULL, NULL);
	if (a < 0)
		die("accept");
	if (close_both) {
		close(c);
		pause_ms(50); /* our FIN first: this end is the one left in TIME-WAIT */
		close(a);
		pause_ms(50);
	}
}

static int unix_listener(const char *path)
{
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 4) < 0)
		die("unix listen");
	return s;
}

/* Reads a file into a malloc'ed buffer (NULL if absent); *n its length. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = malloc(1 << 20);
	*n = b ? fread(b, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (b)
		b[*n] = '\0';
	return b;
}

/* One HTTP GET answered from the files under dir (a recorded daemon answer). */
static void http_answer(int c, const char *dir)
{
	char req[4096];
	size_t n = 0;
	while (n < sizeof(req) - 1) {
		ssize_t r = read(c, req + n, sizeof(req) - 1 - n);
		if (r <= 0)
			return;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	char path[1024] = "", file[2048], tok[256] = "", *q;
	if (sscanf(req, "GET %1000s", path) != 1 || strstr(path, "..")) {
		dprintf(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
		return;
	}
	if ((q = strchr(path, '?')))
		*q = '\0';
	snprintf(file, sizeof(file), "%s/.auth", dir);
	size_t an;
	char *auth = slurp(file, &an);
	const char *h = strcasestr(req, "\r\nX-ZT1-Auth: ");
	if (h)
		sscanf(h + 14, "%255[^\r\n]", tok);
	if (auth)
		auth[strcspn(auth, "\r\n")] = '\0';
	bool denied = auth && strcmp(auth, tok) != 0;
	free(auth);
	if (denied) {
		dprintf(c, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}");
		return;
	}
	snprintf(file, sizeof(file), "%s%s", dir, path);
	size_t bn;
	char *body = slurp(file, &bn);
	if (!body) {
		dprintf(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
		return;
	}
	snprintf(file, sizeof(file), "%s/.chunked", dir);
	if (access(file, F_OK) == 0) {
		/* Go's net/http for a streamed answer: chunked, the last chunk empty. */
		dprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		           "Transfer-Encoding: chunked\r\n\r\n");
		for (size_t o = 0; o < bn; o += 1000) {
			size_t k = bn - o < 1000 ? bn - o : 1000;
			dprintf(c, "%zx\r\n", k);
			(void)!write(c, body + o, k);
			dprintf(c, "\r\n");
		}
		dprintf(c, "0\r\n\r\n");
	} else {
		dprintf(c,
		        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		        "Content-Length: %zu\r\n\r\n",
		        bn);
		(void)!write(c, body, bn);
	}
	free(body);
}

/* The fake daemon's loop: "hang" never accepts (the connect still succeeds: the backlog). */
static void serve(int s, const char *mode)
{
	if (strcmp(mode, "hang") == 0)
		for (;;)
			pause();
	signal(SIGPIPE, SIG_IGN);
	static const char junk[] = "\x01\xff=this is not\nan=answer\n\x1b[31m";
	static const char uapi[] =
	    "listen_port=51999\n"
	    "public_key=7777777777777777777777777777777777777777777777777777777777777777\n"
	    "endpoint=203.0.113.77:51820\nallowed_ip=fd00:77::/64\nlast_handshake_time_sec=0\n"
	    "rx_bytes=0\ntx_bytes=0\nerrno=0\n\n";
	char big[4096];
	memset(big, 'A', sizeof(big));
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		if (strncmp(mode, "http:", 5) == 0) {
			http_answer(c, mode + 5);
			close(c);
			continue;
		}
		char req[256];
		(void)!read(c, req, sizeof(req));
		if (strcmp(mode, "garbage") == 0)
			(void)!write(c, junk, sizeof(junk) - 1);
		else if (strcmp(mode, "uapi") == 0)
			(void)!write(c, uapi, sizeof(uapi) - 1);
		else
			while (write(c, big, sizeof(big)) > 0)
				;
		close(c);
	}
}

/* linkmtu: see the usage above; through socket s, or a new one in our namespace (s < 0). */
static void link_mtu(int s, const char *name, int count)
{
	if (s < 0)
		s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0 || strlen(name) >= IFNAMSIZ)
		die("linkmtu");
	for (int k = 0; k < count; k++) {
		struct {
			struct nlmsghdr h;
			struct ifinfomsg i;
			struct rtattr name_a;
			char name[IFNAMSIZ];
			struct rtattr mtu_a;
			uint32_t mtu;
		} req;
		memset(&req, 0, sizeof(req));
		req.h.nlmsg_len = sizeof(req);
		req.h.nlmsg_type = RTM_NEWLINK;
		req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE;
		req.h.nlmsg_seq = (uint32_t)k + 1;
		req.i.ifi_family = AF_UNSPEC;
		req.name_a.rta_type = IFLA_IFNAME;
		req.name_a.rta_len = RTA_LENGTH(IFNAMSIZ);
		snprintf(req.name, sizeof(req.name), "%s", name);
		req.mtu_a.rta_type = IFLA_MTU;
		req.mtu_a.rta_len = RTA_LENGTH(4);
		req.mtu = k % 2 ? 1300 : 1400;
		char ack[512];
		if (send(s, &req, sizeof(req), 0) < 0 || recv(s, ack, sizeof(ack), 0) < 0)
			die("linkmtu send");
		pause_ms(50);
	}
	close(s);
}

static void write_file(const char *path, const char *text)
{
	int f = open(path, O_WRONLY | O_CLOEXEC);
	if (f < 0 || write(f, text, strlen(text)) < 0)
		die(path);
	close(f);
}

/* passedlinkmtu: see the usage above. */
static void passed_link_mtu(const char *name, int count)
{
	int sp[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0)
		die("socketpair");
	pid_t child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		char map[64];
		uid_t uid = getuid();
		gid_t gid = getgid();
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
			die("unshare");
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
		write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
		write_file("/proc/self/gid_map", map);
		char cmd[96];
		snprintf(cmd, sizeof(cmd), "ip link add '%s' type bridge", name);
		if (system(cmd) != 0)
			die("ip link add");
		int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		char one = 0;
		struct iovec io = {&one, 1};
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} cb;
		struct msghdr mh = {.msg_iov = &io,
		                    .msg_iovlen = 1,
		                    .msg_control = cb.buf,
		                    .msg_controllen = sizeof(cb.buf)};
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &s, sizeof(s));
		if (s < 0 || sendmsg(sp[1], &mh, 0) < 0)
			die("pass the socket");
		for (;;)
			pause();
	}
	char one;
	struct iovec io = {&one, 1};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cb;
	struct msghdr mh = {.msg_iov = &io,
	                    .msg_iovlen = 1,
	                    .msg_control = cb.buf,
	                    .msg_controllen = sizeof(cb.buf)};
	if (recvmsg(sp[0], &mh, 0) < 0)
		die("receive the socket");
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		die("receive the socket");
	int s;
	memcpy(&s, CMSG_DATA(cm), sizeof(s));
	link_mtu(s, name, count);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

int main(int argc, char **argv)
{
	int i = 1, srv = -1;
	const char *srv_mode = NULL;
	int rtp_sock = -1, rtp_count = 0, rtp_delay = 0;
	struct sockaddr_storage rtp_to;
	socklen_t rtp_len = 0;
	if (i + 1 < argc && strcmp(argv[i], "--name") == 0) {
		prctl(PR_SET_NAME, argv[i + 1], 0, 0, 0);
		i += 2;
	}
	if (i + 1 < argc && strcmp(argv[i], "--uid") == 0) {
		uid_t uid = (uid_t)atoi(argv[i + 1]);
		if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
		    setresuid(uid, uid, uid) < 0)
			die("--uid");
		i += 2;
	}
	while (i < argc) {
		const char *a = argv[i];
		if (strcmp(a, "tun") == 0 && i + 1 < argc) {
			open_tun(argv[i + 1], IFF_TUN | IFF_NO_PI);
			i += 2;
		} else if (strcmp(a, "tap") == 0 && i + 1 < argc) {
			open_tun(argv[i + 1], IFF_TAP | IFF_NO_PI);
			i += 2;
		} else if (strcmp(a, "mqtun") == 0 && i + 2 < argc) {
			for (int q = 0; q < atoi(argv[i + 2]); q++)
				open_tun(argv[i + 1], IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE);
			i += 3;
		} else if ((strcmp(a, "udp") == 0 || strcmp(a, "tcp") == 0) && i + 2 < argc) {
			bound(a[0] == 'u' ? SOCK_DGRAM : SOCK_STREAM, NULL, argv[i + 1],
			      argv[i + 2]);
			i += 3;
		} else if (strcmp(a, "udpdev") == 0 && i + 3 < argc) {
			bound(SOCK_DGRAM, argv[i + 1], argv[i + 2], argv[i + 3]);
			i += 4;
		} else if (strcmp(a, "udpto") == 0 && i + 2 < argc) {
			connected(SOCK_DGRAM, argv[i + 1], argv[i + 2]);
			i += 3;
		} else if (strcmp(a, "udplite") == 0 && i + 2 < argc) {
			struct sockaddr_storage ss;
			socklen_t len = addr_of(argv[i + 1], argv[i + 2], &ss);
			int s = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDPLITE);
			if (s < 0 || bind(s, (struct sockaddr *)&ss, len) < 0)
				die("udplite");
			i += 3;
		} else if (strcmp(a, "raw") == 0 && i + 2 < argc) {
			struct sockaddr_storage ss;
			socklen_t len = addr_of(argv[i + 1], "0", &ss);
			int s = socket(ss.ss_family, SOCK_RAW | SOCK_CLOEXEC, atoi(argv[i + 2]));
			if (s < 0 || bind(s, (struct sockaddr *)&ss, len) < 0)
				die("raw");
			i += 3;
		} else if (strcmp(a, "tcpto") == 0 && i + 2 < argc) {
			connected(SOCK_STREAM, argv[i + 1], argv[i + 2]);
			i += 3;
		} else if ((strcmp(a, "tcppair") == 0 || strcmp(a, "tcpwait") == 0) &&
		           i + 2 < argc) {
			tcp_pair(argv[i + 1], argv[i + 2], a[3] == 'w');
			i += 3;
		} else if (strcmp(a, "packet") == 0 && i + 1 < argc) {
			int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
			struct sockaddr_ll sll = {.sll_family = AF_PACKET,
			                          .sll_protocol = htons(ETH_P_ALL),
			                          .sll_ifindex = (int)if_nametoindex(argv[i + 1])};
			if (s < 0 || !sll.sll_ifindex ||
			    bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0)
				die("packet");
			i += 2;
		} else if (strcmp(a, "fork") == 0) {
			pid_t child = fork();
			if (child < 0)
				die("fork");
			if (child == 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
				for (;;)
					pause();
			}
			i += 1;
		} else if (strcmp(a, "tcpsrv") == 0 && i + 3 < argc) {
			srv = bound(SOCK_STREAM, NULL, argv[i + 1], argv[i + 2]);
			srv_mode = argv[i + 3];
			i += 4;
		} else if (strcmp(a, "unixsrv") == 0 && i + 2 < argc) {
			srv = unix_listener(argv[i + 1]);
			srv_mode = argv[i + 2];
			i += 3;
		} else if (strcmp(a, "linkmtu") == 0 && i + 2 < argc) {
			link_mtu(-1, argv[i + 1], atoi(argv[i + 2]));
			i += 3;
		} else if (strcmp(a, "passedlinkmtu") == 0 && i + 2 < argc) {
			passed_link_mtu(argv[i + 1], atoi(argv[i + 2]));
			i += 3;
		} else if (strcmp(a, "pad") == 0) {
			break;
		} else if (strcmp(a, "many") == 0 && i + 2 < argc) {
			for (int k = 0; k < atoi(argv[i + 2]); k++)
				bound(k % 2 ? SOCK_STREAM : SOCK_DGRAM, NULL, argv[i + 1], "0");
			i += 3;
		} else if (strcmp(a, "rtpfrom") == 0 && i + 6 < argc) {
			rtp_sock = bound(SOCK_DGRAM, NULL, argv[i + 1], argv[i + 2]);
			rtp_len = addr_of(argv[i + 3], argv[i + 4], &rtp_to);
			rtp_count = atoi(argv[i + 5]);
			rtp_delay = atoi(argv[i + 6]);
			i += 7;
		} else if (strcmp(a, "send") == 0 && i + 4 < argc) {
			struct sockaddr_storage ss;
			socklen_t len = addr_of(argv[i + 1], argv[i + 2], &ss);
			int s = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
			if (s < 0)
				die("socket");
			for (int k = 0; k < atoi(argv[i + 3]); k++) {
				sendto(s, argv[i + 4], strlen(argv[i + 4]), 0,
				       (struct sockaddr *)&ss, len);
				pause_ms(50);
			}
			i += 5;
		} else {
			fprintf(stderr, "ifw-testproc: cannot understand \"%s\"\n", a);
			return 2;
		}
	}
	printf("ready\n");
	fflush(stdout);
	if (rtp_sock >= 0) {
		pause_ms(rtp_delay);
		for (int k = 0; k < rtp_count; k++) {
			unsigned char p[172];
			memset(p, 0x55, sizeof(p));
			p[0] = 0x80;
			p[1] = 0x60;
			p[2] = (unsigned char)((1000 + k) >> 8);
			p[3] = (unsigned char)(1000 + k);
			uint32_t ts = 160u * (uint32_t)k, ssrc = 0x11223344u;
			for (int b = 0; b < 4; b++) {
				p[4 + b] = (unsigned char)(ts >> (24 - 8 * b));
				p[8 + b] = (unsigned char)(ssrc >> (24 - 8 * b));
			}
			sendto(rtp_sock, p, sizeof(p), 0, (struct sockaddr *)&rtp_to, rtp_len);
			pause_ms(20);
		}
	}
	if (srv >= 0)
		serve(srv, srv_mode);
	for (;;)
		pause();
}
