/* `ifwho ip ADDR...`: like whois for addresses, offline: the range, AS number, organization,
 * special purpose, the operator a name belongs to, and which of this host's routes reach it. */
#include "cli/cli.h"
#include "cli/rdap_child.h"

#include "collect/backend.h"
#include "ifw_config.h"
#include "infer/owners.h"
#include "know/know.h"
#include "model/names.h"
#include "util/json_writer.h"
#include "report/report.h"
#include "util/sanitize.h"
#include "util/strbuf.h"

#include <errno.h>
#if IFW_HAVE_LINUX_BACKEND
#include <linux/rtnetlink.h>
#else /* the kernel's route types, which answers use (no backend gives any without Linux's) */
enum {
	RTN_UNSPEC,
	RTN_UNICAST,
	RTN_LOCAL,
	RTN_BROADCAST,
	RTN_ANYCAST,
	RTN_MULTICAST,
	RTN_BLACKHOLE,
	RTN_UNREACHABLE,
	RTN_PROHIBIT
};
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int ifw_cli_parse_target(const char *s, struct ifw_ip *ip, unsigned *port, int *plen)
{
	char b[128];
	*port = 0;
	*plen = -1;
	if (strlen(s) >= sizeof(b))
		return -1;
	strcpy(b, s);
	/* A zone (ss prints 127.0.0.53%lo:53, fe80::1%eth0) says nothing about the route. */
	char *zone = strchr(b, '%');
	if (zone) {
		size_t z = strcspn(zone, "]:/");
		memmove(zone, zone + z, strlen(zone + z) + 1);
	}
	char *addr = b, *rest = NULL;
	if (b[0] == '[') { /* [V6]:PORT or [V6] */
		char *close = strchr(b, ']');
		if (!close)
			return -1;
		*close = '\0';
		addr = b + 1;
		rest = close + 1;
		if (*rest && *rest != ':')
			return -1;
		rest = *rest ? rest + 1 : NULL;
		if (!rest)
			rest = NULL;
	} else if (ifw_ip_parse(b, ip) == 0) {
		return 0;
	} else {
		char *slash = strchr(b, '/');
		char *colon = strchr(b, ':');
		if (slash) { /* CIDR */
			*slash = '\0';
			char *end;
			long v = strtol(slash + 1, &end, 10);
			if (end == slash + 1 || *end || v < 0)
				return -1;
			*plen = (int)v;
		} else if (colon && !strchr(colon + 1, ':')) { /* V4:PORT */
			*colon = '\0';
			rest = colon + 1;
		}
	}
	if (ifw_ip_parse(addr, ip) < 0)
		return -1;
	if (*plen > (ip->family == AF_INET ? 32 : 128))
		return -1;
	if (rest) {
		char *end;
		long v = strtol(rest, &end, 10);
		if (end == rest || *end || v < 0 || v > 65535)
			return -1;
		*port = (unsigned)v;
	}
	return 0;
}

/* The kernel's answer as ip route get would put it, in words. */
static void route_words(struct ifw_strbuf *b, const struct ifw_route_answer *a)
{
	char t[IFW_IP_STRLEN];
	if (a->error && a->type == RTN_UNSPEC) {
		ifw_sb_printf(b, "no route (the kernel: %s)",
		              a->error == ENETUNREACH ? "network is unreachable"
		                                      : strerror(a->error));
		return;
	}
	switch (a->type) {
	case RTN_LOCAL:
		ifw_sb_puts(b, "local: an address of this host");
		break;
	case RTN_BROADCAST:
		ifw_sb_puts(b, "broadcast");
		break;
	case RTN_MULTICAST:
		ifw_sb_puts(b, "multicast");
		break;
	case RTN_BLACKHOLE:
		ifw_sb_puts(b, "blackhole route: dropped without a word");
		break;
	case RTN_UNREACHABLE:
		ifw_sb_puts(b, "unreachable route: refused (host unreachable)");
		break;
	case RTN_PROHIBIT:
		ifw_sb_puts(b, "prohibit route: refused (administratively prohibited)");
		break;
	case RTN_UNICAST:
		break;
	default:
		ifw_sb_printf(b, "%s route", ifw_name_rttype(a->type));
	}
	if (a->dev[0]) {
		if (a->type != RTN_UNICAST)
			ifw_sb_puts(b, a->type == RTN_LOCAL ? ", dev " : ", out ");
		else
			ifw_sb_puts(b, "out ");
		ifw_sb_safe_str(b, a->dev);
	}
	if (a->gateway.family)
		ifw_sb_printf(b, " via %s", ifw_ip_str(&a->gateway, t));
	else if (a->type == RTN_UNICAST)
		ifw_sb_puts(b, " (on-link: no gateway)");
	if (a->prefsrc.family)
		ifw_sb_printf(b, ", src %s", ifw_ip_str(&a->prefsrc, t));
	/* The table matters for a unicast route (policy routing); local and broadcast addresses
	 * answer from "local", or "main" when the kernel has merged the two. */
	const char *tn = ifw_name_table(a->table);
	if (a->type != RTN_UNICAST)
		return;
	if (tn)
		ifw_sb_printf(b, ", table %s", tn);
	else if (a->table)
		ifw_sb_printf(b, ", table %u", a->table);
}

/* One "route" line per distinct answer; namespaces that answered alike share it. */
static void text_routes(struct ifw_strbuf *b, const struct ifw_route_answer *v, size_t n, size_t q,
                        bool name_ns)
{
	bool *done = calloc(n ? n : 1, sizeof(*done));
	if (!done)
		return;
	for (size_t i = 0; i < n; i++) {
		if (v[i].query != q || done[i])
			continue;
		struct ifw_strbuf w;
		ifw_sb_init(&w);
		route_words(&w, &v[i]);
		ifw_sb_puts(b, "  route      ");
		ifw_sb_puts(b, ifw_sb_str(&w));
		const char *sep = name_ns ? "  [netns " : NULL;
		for (size_t k = i; k < n; k++) {
			if (v[k].query != q || done[k])
				continue;
			struct ifw_strbuf w2;
			ifw_sb_init(&w2);
			route_words(&w2, &v[k]);
			if (strcmp(ifw_sb_str(&w), ifw_sb_str(&w2)) == 0) {
				done[k] = true;
				if (sep) {
					ifw_sb_puts(b, sep);
					ifw_sb_safe_str(b, v[k].netns);
					sep = ", ";
				}
			}
			ifw_sb_free(&w2);
		}
		ifw_sb_puts(b, name_ns ? "]\n" : "\n");
		ifw_sb_free(&w);
	}
	free(done);
}

static void json_routes(struct ifw_jw *w, const struct ifw_route_answer *v, size_t n, size_t q)
{
	ifw_jw_array_field(w, "routes");
	for (size_t i = 0; i < n; i++) {
		const struct ifw_route_answer *a = &v[i];
		if (a->query != q)
			continue;
		char t[IFW_IP_STRLEN];
		ifw_jw_start_object(w);
		ifw_jw_string_field(w, "netns", a->netns);
		ifw_jw_string_field(w, "type", a->type ? ifw_name_rttype(a->type) : NULL);
		ifw_jw_string_field(w, "dev", a->dev[0] ? a->dev : NULL);
		ifw_jw_string_field(w, "gateway",
		                    a->gateway.family ? ifw_ip_str(&a->gateway, t) : NULL);
		ifw_jw_string_field(w, "src",
		                    a->prefsrc.family ? ifw_ip_str(&a->prefsrc, t) : NULL);
		const char *tn = ifw_name_table(a->table);
		if (tn)
			ifw_jw_string_field(w, "table", tn);
		else
			ifw_jw_uint_field_or_null(w, "table", a->table != 0, a->table);
		ifw_jw_string_field(w, "error", a->error ? strerror(a->error) : NULL);
		ifw_jw_end_object(w);
	}
	ifw_jw_end_array(w);
}

/* One address's answers: what was asked, and what the kernel said in each namespace. */
struct target {
	const char *arg;
	struct ifw_ip ip;
	unsigned port;
	int plen;
	const struct ifw_route_answer *routes;
	size_t n_routes;
	size_t q;
	bool name_ns; /* more than one namespace asked: name them */
};

static void text_one(const struct target *tg, const struct ifw_owners *ow, const char *arg,
                     const struct ifw_ip *ip, const struct ifw_name_operator *no, unsigned width)
{
	struct ifw_strbuf b;
	ifw_sb_init(&b);
	ifw_sb_safe_str(&b, arg);
	ifw_sb_puts(&b, "\n");
	if (no) {
		ifw_sb_puts(&b, "  operator   ");
		ifw_sb_safe_str(&b, no->operator_name ? no->operator_name : "unknown operator");
		ifw_sb_printf(&b, " (from the name, %s", no->via ? no->via : "?");
		if (no->mcc[0])
			ifw_sb_printf(&b, ", MCC %s MNC %s", no->mcc, no->mnc);
		ifw_sb_puts(&b, ")");
		if (no->service) {
			ifw_sb_puts(&b, ": ");
			ifw_sb_safe_str(&b, no->service);
		}
		ifw_sb_puts(&b, "\n");
	}
	if (ip->family) {
		char t[IFW_IP_STRLEN];
		struct ifw_owner_info oi;
		ifw_owner_lookup(ow, ip, &oi);
		if (no && no->has_ip)
			ifw_sb_printf(&b, "  address    %s (encoded in the name)\n",
			              ifw_ip_str(ip, t));
		else if (tg->port || tg->plen >= 0) {
			ifw_sb_printf(&b, "  address    %s", ifw_ip_str(ip, t));
			if (tg->plen >= 0)
				ifw_sb_printf(&b, ", prefix /%d", tg->plen);
			if (tg->port)
				ifw_sb_printf(&b, ", port %u", tg->port);
			ifw_sb_puts(&b, "\n");
		}
		if (oi.special_name)
			ifw_sb_printf(&b, "  special    %s, %s (%s)\n", oi.special_cidr,
			              oi.special_name, oi.special_rfc);
		if (oi.found) {
			ifw_sb_printf(&b, "  range      %s\n", oi.range);
			if (oi.asn)
				ifw_sb_printf(&b, "  AS         AS%u\n", oi.asn);
			ifw_sb_puts(&b, "  org        ");
			ifw_sb_safe_str(&b, oi.org[0] ? oi.org : "(none given)");
			ifw_sb_puts(&b, "\n");
			if (oi.network) {
				ifw_sb_printf(&b, "  network    %s network of ", oi.network->type);
				ifw_sb_safe_str(&b, oi.network->operator_name);
				ifw_sb_puts(&b, "\n");
			}
		} else if (!oi.special_name) {
			ifw_sb_puts(&b, "  owner      not in the IP-to-AS data (unannounced)\n");
		}
		if (oi.rdap) {
			const struct ifw_rdap_result *r = oi.rdap;
			ifw_sb_puts(&b, "  registry   ");
			ifw_sb_safe_str(&b, r->name[0] ? r->name : "?");
			ifw_sb_puts(&b, " (");
			ifw_sb_safe_str(&b, r->handle);
			ifw_sb_puts(&b, ")");
			if (r->org[0]) {
				ifw_sb_puts(&b, ", ");
				ifw_sb_safe_str(&b, r->org);
			}
			if (r->range[0]) {
				ifw_sb_puts(&b, ", ");
				ifw_sb_safe_str(&b, r->range);
			}
			if (r->country[0]) {
				ifw_sb_puts(&b, ", ");
				ifw_sb_safe_str(&b, r->country);
			}
			if (r->asn)
				ifw_sb_printf(&b, ", origin AS%u", r->asn);
			ifw_sb_puts(&b, "  [RDAP ");
			ifw_sb_safe_str(&b, r->server);
			ifw_sb_puts(&b, r->cached ? ", cached]\n" : "]\n");
		}
		text_routes(&b, tg->routes, tg->n_routes, tg->q, tg->name_ns);
	}
	ifw_write_wrapped(stdout, ifw_sb_str(&b), width);
	ifw_sb_free(&b);
}

static void json_one(struct ifw_jw *w, const struct target *tg, const struct ifw_owners *ow,
                     const char *arg, const struct ifw_ip *ip, const struct ifw_name_operator *no)
{
	ifw_jw_start_object(w);
	ifw_jw_string_field(w, "query", arg);
	char t[IFW_IP_STRLEN];
	ifw_jw_string_field(w, "address", ip->family ? ifw_ip_str(ip, t) : NULL);
	ifw_jw_uint_field_or_null(w, "port", tg->port != 0, tg->port);
	ifw_jw_int_field_or_null(w, "prefix_len", tg->plen >= 0, tg->plen);
	json_routes(w, tg->routes, tg->n_routes, tg->q);
	struct ifw_owner_info oi;
	if (ip->family)
		ifw_owner_lookup(ow, ip, &oi);
	else
		memset(&oi, 0, sizeof(oi));
	ifw_jw_string_field(w, "special", oi.special_tag);
	ifw_jw_string_field(w, "special_name", oi.special_name);
	ifw_jw_string_field(w, "rfc", oi.special_rfc);
	ifw_jw_string_field(w, "range", oi.found ? oi.range : NULL);
	ifw_jw_uint_field_or_null(w, "asn", oi.found && oi.asn, oi.asn);
	ifw_jw_string_field(w, "org", oi.found ? oi.org : NULL);
	ifw_jw_string_field(w, "network_type", oi.network ? oi.network->type : NULL);
	ifw_jw_string_field(w, "operator",
	                    no && no->operator_name ? no->operator_name
	                    : oi.network            ? oi.network->operator_name
	                                            : NULL);
	if (oi.rdap) {
		/* Registry text is third-party: the writer repairs it to valid UTF-8. */
		ifw_jw_object_field(w, "rdap");
		ifw_jw_string_field(w, "server", oi.rdap->server);
		ifw_jw_string_field(w, "handle", oi.rdap->handle);
		ifw_jw_string_field(w, "name", oi.rdap->name);
		ifw_jw_string_field(w, "org", oi.rdap->org);
		ifw_jw_string_field(w, "range", oi.rdap->range);
		ifw_jw_string_field(w, "country", oi.rdap->country);
		ifw_jw_uint_field_or_null(w, "asn", oi.rdap->asn != 0, oi.rdap->asn);
		ifw_jw_bool_field(w, "cached", oi.rdap->cached);
		ifw_jw_end_object(w);
	} else {
		ifw_jw_null_field(w, "rdap");
	}
	ifw_jw_end_object(w);
}

static int ip_lookup(const struct ifw_options *o);

static void print_warning(void *ctx, const char *msg)
{
	(void)ctx;
	char safe[700];
	ifw_sanitize(msg, strlen(msg), safe, sizeof(safe));
	fprintf(stderr, "ifwho: %s\n", safe);
}

/* lsof prints a connection as "192.0.2.1:44920->198.51.100.2:443": both ends are asked about.
 * Returns the arguments with such pairs split (malloc'ed, pieces in *store), or NULL. */
static const char **split_pairs(const struct ifw_options *o, size_t *n, char **store)
{
	size_t len = 0, count = 0;
	for (size_t i = 0; i < o->n_addrs; i++) {
		len += strlen(o->addrs[i]) + 1;
		count += strstr(o->addrs[i], "->") ? 2 : 1;
	}
	const char **v = calloc(count ? count : 1, sizeof(*v));
	char *buf = malloc(len ? len : 1);
	if (!v || !buf) {
		free(v);
		free(buf);
		return NULL;
	}
	size_t k = 0;
	char *p = buf;
	for (size_t i = 0; i < o->n_addrs; i++) {
		strcpy(p, o->addrs[i]);
		char *arrow = strstr(p, "->");
		v[k++] = p;
		if (arrow) {
			*arrow = '\0';
			v[k++] = arrow + 2;
		}
		p += strlen(o->addrs[i]) + 1;
	}
	*n = k;
	*store = buf;
	return v;
}

int ifw_cli_ip(const struct ifw_options *oo)
{
	size_t n_addrs = 0;
	char *store = NULL;
	const char **addrs = split_pairs(oo, &n_addrs, &store);
	if (!addrs) {
		fprintf(stderr, "ifwho: out of memory\n");
		return IFW_EXIT_FAILED;
	}
	struct ifw_options split = *oo;
	split.addrs = addrs;
	split.n_addrs = n_addrs;
	int rc = ip_lookup(&split);
	free(addrs);
	free(store);
	return rc;
}

static int ip_lookup(const struct ifw_options *o)
{
	struct ifw_err err = {0};
	struct ifw_kb *kb = NULL;
	if (ifw_kb_load_default(&kb, o->env.data_dir, o->env.home, &err) < 0) {
		fprintf(stderr, "ifwho: %s\n", err.msg);
		return IFW_EXIT_FAILED;
	}
	struct ifw_owners ow;
	char warn[256];
	if (ifw_owners_open(&ow, kb, o->ipdbs, o->n_ipdbs, warn, sizeof(warn), &err) < 0) {
		char msg[600];
		ifw_sanitize(err.msg, strlen(err.msg), msg, sizeof(msg));
		fprintf(stderr, "ifwho: %s\n", msg);
		ifw_kb_free(kb);
		/* An --ipdb file that cannot be used is the user's input. */
		return o->n_ipdbs && err.code != IFW_E_NOMEM ? IFW_EXIT_INPUT : IFW_EXIT_FAILED;
	}
	if (warn[0])
		fprintf(stderr, "ifwho: %s\n", warn);
	int rc = IFW_EXIT_OK;
	struct target *tg = calloc(o->n_addrs, sizeof(*tg));
	struct ifw_name_operator *nos = calloc(o->n_addrs, sizeof(*nos));
	bool *by_name = calloc(o->n_addrs, sizeof(*by_name));
	struct ifw_ip *ips = calloc(o->n_addrs, sizeof(*ips));
	if (!tg || !nos || !by_name || !ips) {
		fprintf(stderr, "ifwho: out of memory\n");
		rc = IFW_EXIT_FAILED;
		goto out;
	}
	for (size_t i = 0; i < o->n_addrs; i++) {
		tg[i].arg = o->addrs[i];
		tg[i].q = i;
		if (ifw_cli_parse_target(o->addrs[i], &tg[i].ip, &tg[i].port, &tg[i].plen) == 0)
			continue;
		memset(&tg[i].ip, 0, sizeof(tg[i].ip));
		by_name[i] = ifw_owner_from_name(&ow, o->addrs[i], &nos[i]) == 1;
		if (by_name[i] && nos[i].has_ip)
			tg[i].ip = nos[i].ip;
		if (!by_name[i]) {
			char s[128];
			ifw_sanitize(o->addrs[i], strlen(o->addrs[i]), s, sizeof(s));
			fprintf(stderr,
			        "ifwho: \"%s\" is not an IP address or a known operator name\n", s);
			rc = IFW_EXIT_USAGE;
		}
	}
	/* The kernel's route lookup, in the namespace asked for or in each one. */
	struct ifw_route_answer *answers = NULL;
	size_t n_answers = 0, denied = 0;
	for (size_t i = 0; i < o->n_addrs; i++)
		ips[i] = tg[i].ip;
	struct ifw_collect_opts co = {.netns = o->netns};
	const struct ifw_backend *be = ifw_backend_live(o->env.backend, &err);
	if (!be) {
		fprintf(stderr, "ifwho: %s\n", err.msg);
		rc = IFW_EXIT_USAGE;
		goto out;
	}
	if (be->route_get &&
	    be->route_get(&co, ips, o->n_addrs, &answers, &n_answers, &denied, &err) < 0) {
		char msg[600];
		ifw_sanitize(err.msg, strlen(err.msg), msg, sizeof(msg));
		fprintf(stderr, "ifwho: %s\n", msg);
		if (err.code == IFW_E_NOTFOUND || err.code == IFW_E_NOMEM) {
			rc = err.code == IFW_E_NOTFOUND ? IFW_EXIT_USAGE : IFW_EXIT_FAILED;
			goto out;
		}
		ifw_err_clear(&err); /* whois still works without routes */
	}
	if (o->netns && !n_answers && denied) {
		char ns[128];
		ifw_sanitize(o->netns, strlen(o->netns), ns, sizeof(ns));
		fprintf(stderr,
		        "ifwho: could not enter namespace %s: permission denied (entering another "
		        "namespace needs CAP_SYS_ADMIN: run as root)\n",
		        ns);
		rc = IFW_EXIT_NOT_PERMITTED;
		free(answers);
		goto out;
	}
	if (denied) /* said once, like the report's "not visible without more privileges" */
		fprintf(stderr,
		        "ifwho: the route in %zu other namespace%s needs CAP_SYS_ADMIN (run as "
		        "root)\n",
		        denied, denied == 1 ? "" : "s");
	bool several = false;
	for (size_t i = 1; i < n_answers && !several; i++)
		several = strcmp(answers[i].netns, answers[0].netns) != 0;
	for (size_t i = 0; i < o->n_addrs; i++) {
		tg[i].routes = answers;
		tg[i].n_routes = tg[i].ip.family ? n_answers : 0;
		tg[i].name_ns = several;
	}
	if (o->online) {
		struct ifw_ip q[64];
		size_t n = 0;
		for (size_t i = 0; i < o->n_addrs && n < 64; i++)
			if (tg[i].ip.family)
				q[n++] = tg[i].ip;
		char cache[512];
		struct ifw_rdap_opts ro;
		ifw_rdap_default_opts(&ro, o->env.rdap_bootstrap, o->env.xdg_cache_home,
		                      o->env.home, cache, sizeof(cache));
		/* asked by a child running as --user (nobody) without capabilities */
		struct ifw_rdap_child child;
		struct ifw_err cerr = {0};
		if (ifw_rdap_child_start(&child, q, n, &ro, o->user, &cerr) < 0)
			print_warning(NULL, cerr.msg);
		else
			ifw_rdap_child_finish(&child, &ow, print_warning, NULL);
	}
	struct ifw_jw w;
	if (o->json) {
		ifw_jw_init(&w, stdout, IFW_JW_PRETTY);
		ifw_jw_start_object(&w);
		ifw_jw_int_field(&w, "schema_version", 1);
		ifw_jw_array_field(&w, "addresses");
	}
	for (size_t i = 0; i < o->n_addrs; i++) {
		if (!tg[i].ip.family && !by_name[i])
			continue;
		const struct ifw_name_operator *no = by_name[i] ? &nos[i] : NULL;
		if (o->json)
			json_one(&w, &tg[i], &ow, o->addrs[i], &tg[i].ip, no);
		else
			text_one(&tg[i], &ow, o->addrs[i], &tg[i].ip, no, ifw_cli_width(&o->env));
	}
	if (o->json) {
		ifw_jw_end_array(&w);
		ifw_jw_end_object(&w);
		if (ifw_jw_finish(&w) < 0)
			rc = IFW_EXIT_WRITE;
	}
	free(answers);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ifwho: could not write the answer: %s\n", strerror(errno));
		rc = IFW_EXIT_WRITE;
	}
out:
	free(tg);
	free(nos);
	free(by_name);
	free(ips);
	ifw_owners_close(&ow);
	ifw_kb_free(kb);
	return rc;
}
