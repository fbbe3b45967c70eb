/* ifw-httpd DIR PORTFILE: a minimal HTTP/1.0 file server on 127.0.0.1 for tests (RDAP). It
 * writes its port to PORTFILE, prints "ready", and answers GET /PATH with DIR/PATH or 404; if
 * DIR/PATH.redirect exists, with a 302 to the address it holds (its first line). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void answer(int c, const char *dir)
{
	char req[2048];
	ssize_t n = recv(c, req, sizeof(req) - 1, 0);
	if (n <= 0)
		return;
	req[n] = '\0';
	char path[1024] = "";
	if (sscanf(req, "GET %1000s", path) != 1 || strstr(path, "..")) {
		dprintf(c, "HTTP/1.0 400 Bad Request\r\n\r\n");
		return;
	}
	char *q = strchr(path, '?');
	if (q)
		*q = '\0';
	char file[1200];
	snprintf(file, sizeof(file), "%s%s.redirect", dir, path);
	FILE *rf = fopen(file, "r");
	if (rf) {
		char to[1024] = "";
		if (!fgets(to, sizeof(to), rf))
			to[0] = '\0';
		fclose(rf);
		to[strcspn(to, "\r\n")] = '\0';
		dprintf(c, "HTTP/1.0 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n", to);
		return;
	}
	snprintf(file, sizeof(file), "%s%s", dir, path);
	int fd = open(file, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		dprintf(c, "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
		return;
	}
	dprintf(c,
	        "HTTP/1.0 200 OK\r\nContent-Type: application/rdap+json\r\nContent-Length: "
	        "%lld\r\n\r\n",
	        (long long)st.st_size);
	char buf[8192];
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(c, buf, (size_t)n) != n)
			break;
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: ifw-httpd DIR PORTFILE\n");
		return 2;
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) < 0) {
		perror("ifw-httpd");
		return 1;
	}
	FILE *pf = fopen(argv[2], "w");
	if (!pf)
		return 1;
	fprintf(pf, "%d\n", ntohs(a.sin_port));
	fclose(pf);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		answer(c, argv[1]);
		close(c);
	}
}
