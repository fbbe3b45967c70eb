#include "helpers.h"

#include "ipdb_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char dir[256];

const char *th_tmpdir(void)
{
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/ifw-ipdb-test.XXXXXX", t && *t ? t : "/tmp");
		assert_non_null(mkdtemp(dir));
	}
	return dir;
}

void th_cleanup(void)
{
	if (!dir[0])
		return;
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	dir[0] = '\0';
}

const char *th_path(const char *name)
{
	static char buf[4][600];
	static int slot;
	char *p = buf[slot++ % 4];
	snprintf(p, 600, "%s/%s", th_tmpdir(), name);
	return p;
}

void th_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

uint8_t *th_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	uint8_t *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

const char *th_build(const char *name, const char *csv, uint32_t date, const char *source)
{
	char csvname[300];
	snprintf(csvname, sizeof(csvname), "%s.csv", name);
	const char *csvpath = th_path(csvname);
	th_write(csvpath, csv, strlen(csv));
	struct ifw_err err = {0};
	struct ifw_ipdb_builder *b = ifw_ipdb_builder_new();
	assert_non_null(b);
	if (ifw_ipdb_builder_add_csv(b, csvpath, &err) < 0)
		fail_msg("add_csv: %s", err.msg);
	const char *out = th_path(name);
	if (ifw_ipdb_builder_write(b, out, date, source, NULL, &err) < 0)
		fail_msg("write: %s", err.msg);
	ifw_ipdb_builder_free(b);
	return out;
}

struct ifw_ip th_ip(const char *text)
{
	struct ifw_ip ip;
	if (ifw_ip_parse(text, &ip) < 0)
		fail_msg("bad address in test: %s", text);
	return ip;
}

const char *th_str(const struct ifw_ip *ip)
{
	static char buf[4][IFW_IP_STRLEN];
	static int slot;
	return ifw_ip_str(ip, buf[slot++ % 4]);
}
