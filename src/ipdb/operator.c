#include "ipdb/operator.h"
#include "ipdb/datapath.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_NAME   253 /* DNS name without the trailing dot */
#define MAX_LABELS 128

struct plmn {
	char mcc[4], mnc[4];
	const char *name, *brand, *country;
};

struct rdns {
	const char *domain;
	size_t dlen;
	const char *name;
	const char *tmpl; /* NULL: any prefix, attribution only */
	uint32_t asn;
	char mcc[4], mnc[4];
};

struct ifw_operators {
	json_t *root; /* owns every string below */
	struct plmn *plmn;
	size_t nplmn;
	struct rdns *rdns;
	size_t nrdns;
	const char *source;
};

static bool all_digits(const char *s, size_t lo, size_t hi)
{
	size_t n = strlen(s);
	if (n < lo || n > hi)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int cmp_plmn(const void *x, const void *y)
{
	const struct plmn *a = x, *b = y;
	int c = strcmp(a->mcc, b->mcc);
	return c ? c : strcmp(a->mnc, b->mnc);
}

/* ---- templates: literal text plus {hex} {hexr} {o0}..{o3} ---- */

enum tok { T_LIT, T_HEX, T_HEXR, T_OCT, T_BAD };

/* Reads one template token at *t and advances; *arg is the literal char or octet number. */
static enum tok next_tok(const char **t, int *arg)
{
	const char *p = *t;
	if (*p != '{') {
		*arg = (unsigned char)*p;
		*t = p + 1;
		return T_LIT;
	}
	const char *end = strchr(p, '}');
	if (!end)
		return T_BAD;
	size_t n = (size_t)(end - p - 1);
	*t = end + 1;
	if (n == 3 && memcmp(p + 1, "hex", 3) == 0)
		return T_HEX;
	if (n == 4 && memcmp(p + 1, "hexr", 4) == 0)
		return T_HEXR;
	if (n == 2 && p[1] == 'o' && p[2] >= '0' && p[2] <= '3') {
		*arg = p[2] - '0';
		return T_OCT;
	}
	return T_BAD;
}

static bool valid_template(const char *t)
{
	int arg;
	while (*t)
		if (next_tok(&t, &arg) == T_BAD)
			return false;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1; /* input is lower-cased before matching */
}

/* Matches the whole of s[0..n) against template t; fills the octets it encodes and the mask of
 * octets set (bit i = octet i). */
static bool match_template(const char *t, const char *s, size_t n, uint8_t oct[4], unsigned *set)
{
	size_t i = 0;
	int arg;
	*set = 0;
	while (*t) {
		enum tok k = next_tok(&t, &arg);
		if (k == T_BAD)
			return false;
		if (k == T_LIT) {
			char c = (char)arg;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (i >= n || s[i] != c)
				return false;
			i++;
		} else if (k == T_HEX || k == T_HEXR) {
			if (n - i < 8)
				return false;
			for (int j = 0; j < 4; j++) {
				int hi = hexval(s[i + 2 * (size_t)j]),
				    lo = hexval(s[i + 2 * (size_t)j + 1]);
				if (hi < 0 || lo < 0)
					return false;
				oct[k == T_HEX ? j : 3 - j] = (uint8_t)(hi << 4 | lo);
			}
			i += 8;
			*set |= 0xf;
		} else { /* decimal octet, no leading zeros */
			unsigned v = 0;
			size_t d = 0;
			while (i + d < n && d < 4 && s[i + d] >= '0' && s[i + d] <= '9')
				v = v * 10 + (unsigned)(s[i + d++] - '0');
			if (d == 0 || d > 3 || v > 255 || (d > 1 && s[i] == '0'))
				return false;
			oct[arg] = (uint8_t)v;
			*set |= 1u << arg;
			i += d;
		}
	}
	return i == n;
}

/* ---- loading ---- */

static const char *opt_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int load_plmn(struct ifw_operators *ops, json_t *arr, const char *path, struct ifw_err *err)
{
	if (!json_is_array(arr))
		return ifw_fail(err, IFW_E_PARSE, "%s: \"plmn\" must be an array", path);
	ops->plmn = calloc(json_array_size(arr) + 1, sizeof(*ops->plmn));
	if (!ops->plmn)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		const char *mcc = opt_str(e, "mcc"), *mnc = opt_str(e, "mnc"),
		           *name = opt_str(e, "name");
		if (!mcc || !mnc || !name || !all_digits(mcc, 3, 3) || !all_digits(mnc, 2, 3))
			return ifw_fail(
			    err, IFW_E_PARSE,
			    "%s: plmn[%zu] needs 3-digit \"mcc\", 2-3 digit \"mnc\" and "
			    "\"name\"",
			    path, i);
		struct plmn *p = &ops->plmn[ops->nplmn++];
		memcpy(p->mcc, mcc, strlen(mcc) + 1);
		memcpy(p->mnc, mnc, strlen(mnc) + 1);
		p->name = name;
		p->brand = opt_str(e, "brand");
		p->country = opt_str(e, "country");
	}
	qsort(ops->plmn, ops->nplmn, sizeof(*ops->plmn), cmp_plmn);
	return 0;
}

static int load_rdns(struct ifw_operators *ops, json_t *arr, const char *path, struct ifw_err *err)
{
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return ifw_fail(err, IFW_E_PARSE, "%s: \"rdns\" must be an array", path);
	ops->rdns = calloc(json_array_size(arr) + 1, sizeof(*ops->rdns));
	if (!ops->rdns)
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		struct rdns *r = &ops->rdns[ops->nrdns];
		r->domain = opt_str(e, "domain");
		r->name = opt_str(e, "operator");
		r->tmpl = opt_str(e, "template");
		if (!r->domain || !r->name || !*r->domain || strlen(r->domain) > MAX_NAME)
			return ifw_fail(err, IFW_E_PARSE,
			                "%s: rdns[%zu] needs \"domain\", \"operator\"", path, i);
		for (const char *c = r->domain; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				return ifw_fail(err, IFW_E_PARSE,
				                "%s: rdns[%zu]: domain must be lower case", path,
				                i);
		if (r->tmpl && !valid_template(r->tmpl))
			return ifw_fail(err, IFW_E_PARSE, "%s: rdns[%zu]: bad template \"%s\"",
			                path, i, r->tmpl);
		json_t *asn = json_object_get(e, "asn");
		if (asn && (!json_is_integer(asn) || json_integer_value(asn) < 0 ||
		            json_integer_value(asn) > UINT32_MAX))
			return ifw_fail(err, IFW_E_PARSE, "%s: rdns[%zu]: bad \"asn\"", path, i);
		r->asn = asn ? (uint32_t)json_integer_value(asn) : 0;
		const char *mcc = opt_str(e, "mcc"), *mnc = opt_str(e, "mnc");
		if (mcc && mnc && all_digits(mcc, 3, 3) && all_digits(mnc, 2, 3)) {
			memcpy(r->mcc, mcc, 4);
			memcpy(r->mnc, mnc, strlen(mnc) + 1);
		}
		r->dlen = strlen(r->domain);
		ops->nrdns++;
	}
	return 0;
}

int ifw_operators_load(const char *path, struct ifw_operators **out, struct ifw_err *err)
{
	*out = NULL;
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		return ifw_fail(err, IFW_E_PARSE, "%s:%d: %s", path, je.line, je.text);
	struct ifw_operators *ops = calloc(1, sizeof(*ops));
	if (!ops) {
		json_decref(root);
		return ifw_fail(err, IFW_E_NOMEM, "out of memory");
	}
	ops->root = root;
	ops->source = opt_str(root, "source");
	int rc = 0;
	if (!json_is_object(root) || !ops->source)
		rc = ifw_fail(err, IFW_E_PARSE, "%s: expected an object with a \"source\" string",
		              path);
	if (rc == 0)
		rc = load_plmn(ops, json_object_get(root, "plmn"), path, err);
	if (rc == 0)
		rc = load_rdns(ops, json_object_get(root, "rdns"), path, err);
	if (rc < 0) {
		ifw_operators_free(ops);
		return -1;
	}
	*out = ops;
	return 0;
}

int ifw_operators_load_default(struct ifw_operators **out, struct ifw_err *err)
{
	char path[4096];
	*out = NULL;
	if (ifw_data_find(IFW_OPERATORS_FILE, path, sizeof(path), err) < 0)
		return -1;
	return ifw_operators_load(path, out, err);
}

void ifw_operators_free(struct ifw_operators *ops)
{
	if (!ops)
		return;
	free(ops->plmn);
	free(ops->rdns);
	json_decref(ops->root);
	free(ops);
}

const char *ifw_operators_source(const struct ifw_operators *ops)
{
	return ops->source;
}

/* ---- lookups ---- */

static const struct plmn *find_plmn(const struct ifw_operators *ops, const char *mcc,
                                    const char *mnc)
{
	struct plmn key;
	if (!ops || strlen(mcc) != 3 || strlen(mnc) > 3)
		return NULL;
	memcpy(key.mcc, mcc, 4);
	memcpy(key.mnc, mnc, strlen(mnc) + 1);
	return bsearch(&key, ops->plmn, ops->nplmn, sizeof(key), cmp_plmn);
}

int ifw_operator_by_plmn(const struct ifw_operators *ops, const char *mcc, const char *mnc,
                         struct ifw_operator_hit *hit)
{
	if (!all_digits(mcc, 3, 3) || !all_digits(mnc, 2, 3))
		return 0;
	const struct plmn *p = find_plmn(ops, mcc, mnc);
	if (!p && strlen(mnc) == 3 && mnc[0] == '0')
		p = find_plmn(ops, mcc, mnc + 1);
	if (!p)
		return 0;
	hit->name = p->name;
	hit->brand = p->brand;
	hit->country = p->country;
	memcpy(hit->mcc, p->mcc, 4);
	memcpy(hit->mnc, p->mnc, 4);
	return 1;
}

struct label {
	size_t off, len;
};

static bool label_is(const char *s, struct label l, const char *word)
{
	return l.len == strlen(word) && memcmp(s + l.off, word, l.len) == 0;
}

/* "mnc260" style: prefix plus exactly three digits, copied to out. */
static bool code_label(const char *s, struct label l, const char *prefix, char out[4])
{
	if (l.len != 6 || memcmp(s + l.off, prefix, 3) != 0)
		return false;
	for (size_t i = 3; i < 6; i++)
		if (s[l.off + i] < '0' || s[l.off + i] > '9')
			return false;
	memcpy(out, s + l.off + 3, 3);
	out[3] = '\0';
	return true;
}

static const struct {
	const char *label, *desc;
} services[] = {
    {"sos", "emergency ePDG: emergency calls over Wi-Fi"},
    {"epdg", "ePDG: Wi-Fi calling (VoWiFi) gateway"},
    {"n3iwf", "N3IWF: 5G non-3GPP (Wi-Fi) access gateway"},
    {"xcap", "XCAP: supplementary-service settings (Ut interface)"},
    {"bsf", "BSF: generic bootstrapping (GBA) server"},
    {"ims", "IMS: voice core (VoLTE/VoWiFi, SIP)"},
    {"apn", "APN: packet data network gateway"},
};

static const char *service_desc(const char *s, const struct label *lab, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(services) / sizeof(services[0]); k++)
			if (label_is(s, lab[i], services[k].label))
				return services[k].desc;
	return NULL;
}

/* name is lower-case, without trailing dot, labels non-empty. */
static int from_3gpp(const char *s, const struct label *lab, size_t n,
                     const struct ifw_operators *ops, struct ifw_operator_hit *hit)
{
	size_t end;
	if (n >= 2 && label_is(s, lab[n - 1], "org") && label_is(s, lab[n - 2], "3gppnetwork")) {
		end = n - 2;
		if (end >= 1 && label_is(s, lab[end - 1], "pub"))
			end--;
	} else if (n >= 1 && label_is(s, lab[n - 1], "gprs")) {
		end = n - 1;
	} else {
		return 0;
	}
	char mcc[4], mnc[4];
	if (end < 2 || !code_label(s, lab[end - 1], "mcc", mcc) ||
	    !code_label(s, lab[end - 2], "mnc", mnc))
		return 0;
	memcpy(hit->mcc, mcc, 4);
	memcpy(hit->mnc, mnc, 4);
	ifw_operator_by_plmn(ops, mcc, mnc, hit);
	hit->via = "3gpp";
	size_t slen = lab[end - 2].off ? lab[end - 2].off - 1 : 0;
	if (slen >= sizeof(hit->service))
		slen = sizeof(hit->service) - 1;
	memcpy(hit->service, s, slen);
	hit->service[slen] = '\0';
	hit->service_desc = service_desc(s, lab, end - 2);
	return 1;
}

static int from_rdns(const char *s, size_t n, const struct ifw_operators *ops,
                     struct ifw_operator_hit *hit)
{
	for (size_t i = 0; ops && i < ops->nrdns; i++) {
		const struct rdns *r = &ops->rdns[i];
		/* The domain must be the whole name or end it at a label boundary. */
		if (n < r->dlen || memcmp(s + n - r->dlen, r->domain, r->dlen) != 0)
			continue;
		size_t plen = n - r->dlen;
		if (plen && s[plen - 1] != '.')
			continue;
		plen = plen ? plen - 1 : 0;
		uint8_t oct[4] = {0};
		unsigned set = 0;
		if (r->tmpl && !match_template(r->tmpl, s, plen, oct, &set))
			continue;
		if (r->mcc[0])
			ifw_operator_by_plmn(ops, r->mcc, r->mnc, hit);
		hit->name = r->name;
		hit->via = r->domain;
		hit->asn = r->asn;
		if (set == 0xf) {
			hit->has_ip = true;
			ifw_ip_set(&hit->ip, AF_INET, oct);
		}
		return 1;
	}
	return 0;
}

int ifw_operator_from_name(const char *hostname, const struct ifw_operators *ops,
                           struct ifw_operator_hit *hit)
{
	memset(hit, 0, sizeof(*hit));
	if (!hostname)
		return 0;
	char s[MAX_NAME + 2];
	size_t n = strnlen(hostname, sizeof(s));
	if (n == sizeof(s))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = hostname[i];
		s[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	if (n && s[n - 1] == '.')
		n--;
	if (n == 0 || n > MAX_NAME)
		return 0;
	s[n] = '\0';

	struct label lab[MAX_LABELS];
	size_t nl = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (i == start || nl == MAX_LABELS)
			return 0; /* empty label ("a..b", ".a") */
		lab[nl++] = (struct label){start, i - start};
		start = i + 1;
	}
	if (from_3gpp(s, lab, nl, ops, hit))
		return 1;
	memset(hit, 0, sizeof(*hit));
	return from_rdns(s, n, ops, hit);
}

static struct ifw_operators *shared_ops;
static char shared_why[512];
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void load_shared(void)
{
	struct ifw_err e = {0};
	if (ifw_operators_load_default(&shared_ops, &e) < 0) {
		shared_ops = NULL;
		snprintf(shared_why, sizeof(shared_why), "%s", e.msg);
	}
}

const struct ifw_operators *ifw_operators_shared(const char **why)
{
	pthread_once(&shared_once, load_shared);
	if (!shared_ops && why)
		*why = shared_why;
	return shared_ops;
}
