#include "ipdb/curl_lazy.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>

/* libcurl's soname has been libcurl.so.4 since 2006; the headers used to build come from
 * pkg-config, so the structures match the library Debian installs beside them. */
#define CURL_SONAME "libcurl.so.4"

static bool sym(void *lib, const char *name, void *slot)
{
	void *p = dlsym(lib, name);
	/* A function pointer stored through a void *: POSIX guarantees dlsym's result converts. */
	*(void **)slot = p;
	return p != NULL;
}

const struct ifw_curl *ifw_curl_get(struct ifw_err *err)
{
	static struct ifw_curl cu;
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char why[200];
	if (state == 0) {
		state = -1;
		void *lib = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (!lib) {
			const char *e = dlerror();
			snprintf(why, sizeof(why), "%s", e ? e : CURL_SONAME " not found");
		} else if (!sym(lib, "curl_global_init", &cu.global_init) ||
		           !sym(lib, "curl_easy_init", &cu.easy_init) ||
		           !sym(lib, "curl_easy_setopt", &cu.easy_setopt) ||
		           !sym(lib, "curl_easy_perform", &cu.easy_perform) ||
		           !sym(lib, "curl_easy_getinfo", &cu.easy_getinfo) ||
		           !sym(lib, "curl_easy_cleanup", &cu.easy_cleanup) ||
		           !sym(lib, "curl_easy_strerror", &cu.easy_strerror) ||
		           !sym(lib, "curl_slist_append", &cu.slist_append) ||
		           !sym(lib, "curl_slist_free_all", &cu.slist_free_all)) {
			snprintf(why, sizeof(why), "%s lacks a function ifwho needs", CURL_SONAME);
		} else if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			snprintf(why, sizeof(why), "libcurl failed to initialize");
		} else {
			state = 1; /* the library stays loaded until exit */
		}
	}
	if (state < 0) {
		ifw_fail(err, IFW_E_NOTFOUND, "RDAP needs libcurl: %s", why);
		return NULL;
	}
	return &cu;
}
