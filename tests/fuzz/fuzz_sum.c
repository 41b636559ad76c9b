/*
 * libFuzzer target over the schemagate.sum reader and checker. Each input
 * is used twice:
 * - as the content of schemagate.sum in a small in-memory directory: the
 *   check must end in findings, never in a crash or an error;
 * - split at NUL bytes into file names: the sum rendered for a directory
 *   of those files must check clean (every path round-trips).
 */
#include "core/report.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "migrate/sum.h"
#include "migrate/tree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 8

static void add(sg_tree *t, const char *path, const char *data, size_t len)
{
	sg_tree_file *f = sg_tree_add(t, path);

	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
	f->loaded = true;
}

static void check_as_sum(const uint8_t *data, size_t size)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t = SG_TREE_INIT;

	t.dir = xstrdup("db");
	add(&t, "0001_a.sql", "CREATE TABLE a (id int);\n", 25);
	add(&t, "0002 b.sql", "", 0);
	add(&t, "sub/0003_c\xc3\xa9.sql", "SELECT 1;\n", 10);
	add(&t, SG_SUM_FILE, (const char *)data, size);
	if (sg_sum_check(&t, &r) < 0)
		abort(); /* a malformed sum is a finding, never an error */
	sg_report_release(&r);
	sg_tree_release(&t);
}

static bool has_file(const sg_tree *t, const char *path)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->files[i].path, path))
			return true;
	return false;
}

static void round_trip_names(const uint8_t *data, size_t size)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t = SG_TREE_INIT;
	sbuf sum = SBUF_INIT;
	const char *p = (const char *)data, *end = p + size;

	t.dir = xstrdup("db");
	while (p < end && t.nr < MAX_NAMES) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		char *name = xstrndup(p, n);

		if (n && strcmp(name, SG_SUM_FILE) && !has_file(&t, name))
			add(&t, name, p, n);
		free(name);
		p += n + 1;
	}
	if (sg_sum_render(&t, &sum) < 0)
		abort();
	add(&t, SG_SUM_FILE, sum.buf, sum.len);
	if (sg_sum_check(&t, &r) < 0 || r.nr != 0)
		abort(); /* what --write wrote must check clean */
	sbuf_release(&sum);
	sg_report_release(&r);
	sg_tree_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_as_sum(data, size);
	round_trip_names(data, size);
	return 0;
}
