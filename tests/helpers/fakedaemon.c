/* ifw-fakedaemon: a hostile "daemon" for the daemon-query tests.
 *
 *   ifw-fakedaemon SOCKET-PATH DRIP-MS
 *   ifw-fakedaemon -H unix://SOCKET-PATH DRIP-MS     (dockerd's way of naming its socket)
 *
 * Listens on the unix socket SOCKET-PATH and, to every client, announces a 64 KiB answer and
 * then sends it one byte every DRIP-MS milliseconds, forever (a client that waits for the
 * whole answer never finishes). Prints "ready" once listening. Copied or linked under the name
 * "charon", it looks like strongSwan's daemon to anything that goes by names. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "-H") == 0 && strncmp(argv[2], "unix://", 7) == 0) {
		argv[2] += 7;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: ifw-fakedaemon [-H unix://]SOCKET-PATH DRIP-MS\n");
		return 2;
	}
	long drip = strtol(argv[2], NULL, 10);
	signal(SIGPIPE, SIG_IGN);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (s < 0 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		perror("socket");
		return 1;
	}
	memcpy(sa.sun_path, argv[1], strlen(argv[1]));
	unlink(argv[1]);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 8) < 0) {
		perror(argv[1]);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		/* A segment header announcing 64 KiB, then the drip. */
		const unsigned char hdr[4] = {0, 1, 0, 0};
		if (write(c, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr)) {
			close(c);
			continue;
		}
		struct timespec ts = {.tv_sec = drip / 1000, .tv_nsec = (drip % 1000) * 1000000L};
		while (write(c, "x", 1) == 1)
			nanosleep(&ts, NULL);
		close(c);
	}
}
