/* Fetching RDAP over HTTPS with libcurl, with a small file cache. Built only with libcurl; the
 * build without it says so when --online is asked for. */
#include "ipdb/rdap.h"

#include "ifw_config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if IFW_HAVE_CURL
#include "ipdb/curl_lazy.h"

#define MAX_BODY   (4u << 20)
#define CACHE_SECS (24 * 3600)

struct body {
	char *data;
	size_t len;
	int too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct body *b = ctx;
	size_t add = size * n;
	if (b->len + add > MAX_BODY) {
		b->too_big = 1;
		return 0;
	}
	char *nd = realloc(b->data, b->len + add + 1);
	if (!nd)
		return 0;
	memcpy(nd + b->len, p, add);
	b->data = nd;
	b->len += add;
	b->data[b->len] = '\0';
	return add;
}

/* Redirects are followed only to https: an answer must not come, in the clear and open to
 * tampering, from anywhere but the address it is credited to. Older libcurl (before 7.85) has
 * only the bit mask option; if neither is accepted, redirects are not followed at all. */
static void https_redirects_only(const struct ifw_curl *cu, CURL *c)
{
	if (cu->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https") == CURLE_OK)
		return;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
	if (cu->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS) == CURLE_OK)
		return;
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
}

/* effective gets the address the answer finally came from (after redirects). */
static int fetch(const char *url, long timeout, struct body *b, char *effective, size_t eff_len,
                 struct ifw_err *err)
{
	memset(b, 0, sizeof(*b));
	snprintf(effective, eff_len, "%s", url);
	const struct ifw_curl *cu = ifw_curl_get(err);
	if (!cu)
		return -1;
	CURL *c = cu->easy_init();
	if (!c)
		return ifw_fail(err, IFW_E_NOMEM, "libcurl");
	struct curl_slist *hdr =
	    cu->slist_append(NULL, "Accept: application/rdap+json, application/json");
	cu->easy_setopt(c, CURLOPT_URL, url);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L); /* registries redirect to each other */
	cu->easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	https_redirects_only(cu, c);
	cu->easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "ifwho/" IFW_VERSION);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, b);
	CURLcode rc = cu->easy_perform(c);
	long status = 0;
	cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	char *eff = NULL;
	if (cu->easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
		snprintf(effective, eff_len, "%s", eff);
	cu->slist_free_all(hdr);
	cu->easy_cleanup(c);
	if (rc != CURLE_OK || status != 200) {
		free(b->data);
		b->data = NULL;
		if (rc == CURLE_UNSUPPORTED_PROTOCOL && strcmp(effective, url) != 0)
			return ifw_fail(
			    err, IFW_E_SYS,
			    "RDAP %s: redirected to %s, which is not https; not followed", url,
			    effective);
		if (rc != CURLE_OK)
			return ifw_fail(err, IFW_E_SYS, "RDAP %s: %s", url, cu->easy_strerror(rc));
		return ifw_fail(err, status == 404 ? IFW_E_NOTFOUND : IFW_E_SYS,
		                "RDAP %s: HTTP %ld", url, status);
	}
	return 0;
}

/* Cache files are named by a hash of the URL; fresh for a day. */
static void cache_name(const char *url, char *out, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = url; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	snprintf(out, len, "%016llx.json", (unsigned long long)h);
}

/* The cache directory, opened, if it is ifwho's own: a directory of the effective user's that
 * no one else may write to. XDG_CACHE_HOME and HOME come from the environment, which `sudo -E`
 * or `su` hand from a user to root: another user's cache would let them plant answers (naming
 * any owner for any address, or an http registry) or a FIFO that holds the run for good. The
 * descriptor is used for everything after, so the path cannot be swapped under it. */
static int cache_dir_open(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int cache_get(const char *dir, const char *url, struct body *b)
{
	if (!dir)
		return -1;
	int dfd = cache_dir_open(dir);
	if (dfd < 0)
		return -1;
	char name[64];
	cache_name(url, name, sizeof(name));
	/* Non-blocking and checked on the descriptor: only a regular file of ours is read. */
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	close(dfd);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    time(NULL) - st.st_mtime > CACHE_SECS || st.st_size > MAX_BODY) {
		close(fd);
		return -1;
	}
	memset(b, 0, sizeof(*b));
	b->data = malloc((size_t)st.st_size + 1);
	while (b->data && b->len < (size_t)st.st_size) {
		ssize_t r = read(fd, b->data + b->len, (size_t)st.st_size - b->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		b->len += (size_t)r;
	}
	close(fd);
	if (!b->data)
		return -1;
	b->data[b->len] = '\0';
	return 0;
}

static void mkdirs(const char *dir)
{
	char tmp[512];
	snprintf(tmp, sizeof(tmp), "%s", dir);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0700);
			*p = '/';
		}
	mkdir(tmp, 0700);
}

static void cache_put(const char *dir, const char *url, const struct body *b)
{
	if (!dir)
		return;
	mkdirs(dir);
	int dfd = cache_dir_open(dir);
	if (dfd < 0)
		return;
	char name[64], tmp[96];
	cache_name(url, name, sizeof(name));
	snprintf(tmp, sizeof(tmp), "%s.%d", name, (int)getpid());
	int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		close(dfd);
		return;
	}
	bool ok = write(fd, b->data, b->len) == (ssize_t)b->len;
	close(fd);
	if (!ok || renameat(dfd, tmp, dfd, name) < 0)
		unlinkat(dfd, tmp, 0);
	close(dfd);
}

/* *from gets where the answer came from: url, or where a redirect led (such answers are not
 * cached, so a cached answer is always url's). */
static int get(const char *url, const struct ifw_rdap_opts *o, struct body *b, bool *cached,
               char *from, size_t from_len, struct ifw_err *err)
{
	snprintf(from, from_len, "%s", url);
	*cached = cache_get(o->cache_dir, url, b) == 0;
	if (*cached)
		return 0;
	if (fetch(url, o->timeout_secs > 0 ? o->timeout_secs : 5, b, from, from_len, err) < 0)
		return -1;
	if (strcmp(from, url) == 0)
		cache_put(o->cache_dir, url, b);
	return 0;
}

bool ifw_rdap_available(void)
{
	return true;
}

int ifw_rdap_lookup(const struct ifw_ip *ip, const struct ifw_rdap_opts *o,
                    struct ifw_rdap_result *out, struct ifw_err *err)
{
	const char *boot = o->bootstrap ? o->bootstrap : "https://data.iana.org/rdap/";
	char url[512], base[256], addr[IFW_IP_STRLEN];
	struct ifw_ip u = ifw_ip_unmap(ip);
	snprintf(url, sizeof(url), "%s%s", boot, u.family == AF_INET ? "ipv4.json" : "ipv6.json");
	struct body b;
	bool cached;
	char from[512];
	if (get(url, o, &b, &cached, from, sizeof(from), err) < 0)
		return -1;
	int rc = ifw_rdap_bootstrap_find(b.data, b.len, &u, base, sizeof(base), err);
	free(b.data);
	if (rc < 0)
		return -1;
	size_t bl = strlen(base);
	snprintf(url, sizeof(url), "%s%sip/%s", base, bl && base[bl - 1] == '/' ? "" : "/",
	         ifw_ip_str(&u, addr));
	if (get(url, o, &b, &cached, from, sizeof(from), err) < 0)
		return -1;
	rc = ifw_rdap_parse(b.data, b.len, out, err);
	free(b.data);
	if (rc == 0) {
		/* Credited to the service that answered: after a redirect, where it led ("…/ip/"
		 * and the address cut off, as for base). */
		char *tail = strcmp(from, url) != 0 ? strstr(from, "/ip/") : NULL;
		if (tail)
			tail[1] = '\0';
		snprintf(out->server, sizeof(out->server), "%.159s", tail ? from : base);
		out->cached = cached;
	}
	return rc;
}

#else

bool ifw_rdap_available(void)
{
	return false;
}

int ifw_rdap_lookup(const struct ifw_ip *ip, const struct ifw_rdap_opts *o,
                    struct ifw_rdap_result *out, struct ifw_err *err)
{
	(void)ip;
	(void)o;
	(void)out;
	return ifw_fail(err, IFW_E_USAGE, "this ifwho was built without libcurl: no RDAP");
}

#endif
