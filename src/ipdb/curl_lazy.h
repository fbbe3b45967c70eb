/* libcurl, opened on first use. Linking it would cost every run about 15 ms of start-up (it pulls
 * in some 30 libraries: TLS, Kerberos, LDAP...) for a feature that is off by default (--online). */
#ifndef IFW_CURL_LAZY_H
#define IFW_CURL_LAZY_H

#include "util/err.h"

#include <curl/curl.h>

struct ifw_curl {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode rc);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
};

/* The library, loaded and initialized once; NULL (with err set) when it cannot be loaded. */
const struct ifw_curl *ifw_curl_get(struct ifw_err *err);

#endif
