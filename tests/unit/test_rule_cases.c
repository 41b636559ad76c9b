/*
 * Data-driven rule tests: tests/rules_pg/<rule-id>.test holds cases for one
 * rule. Each case is linted with every rule enabled, and the positions of
 * that rule's findings must be exactly the expected ones (none for a case
 * with an empty expect block).
 *
 *   === title
 *   --- options: server_version=11 assume_in_transaction down
 *   --- file 001_a.sql        (optional; several files form one run)
 *   SQL ...
 *   --- expect
 *   3:19                      (line:column, or file:line:column)
 */
#include "tests/unit/helpers.h"
#include "core/xalloc.h"

#include <dirent.h>

#define MAX_FILES 8

struct case_file {
	char *name;
	sbuf sql;
};

struct rule_case {
	char *rule;
	char *title;
	char *source; /* "path:line" of the case */
	int server_version;
	bool in_tx, down;
	struct case_file files[MAX_FILES];
	int nr_files;
	sbuf expect; /* one "file:line:col" per line, in order */
};

static void parse_options(struct rule_case *c, const char *line)
{
	const char *v = strstr(line, "server_version=");

	if (v)
		c->server_version = atoi(v + 15) * 10000;
	if (v && strchr(v + 15, '.'))
		c->server_version += atoi(strchr(v + 15, '.') + 1);
	c->in_tx = strstr(line, "assume_in_transaction") != NULL;
	c->down = strstr(line, " down") != NULL;
}

static struct case_file *new_file(struct rule_case *c, const char *name)
{
	struct case_file *f;

	if (c->nr_files == MAX_FILES)
		fail_msg("%s: more than %d files", c->source, MAX_FILES);
	f = &c->files[c->nr_files++];
	f->name = xstrdup(name);
	sbuf_init(&f->sql);
	return f;
}

static void expect_line(struct rule_case *c, const char *line)
{
	int colons = 0;
	const char *p;

	for (p = line; *p; p++)
		colons += *p == ':';
	if (!*line)
		return;
	if (colons == 1)
		sbuf_addf(&c->expect, "%s:", c->files[0].name);
	sbuf_addf(&c->expect, "%s\n", line);
}

static void run_case(void **state)
{
	struct rule_case *c = *state;
	sg_report r = SG_REPORT_INIT;
	sg_lint_options o = { .server_version = c->server_version ? c->server_version : 150000,
			      .assume_in_transaction = c->in_tx };
	sg_lint_ctx *ctx;
	sbuf got = SBUF_INIT;
	size_t i;
	int f;

	assert_non_null(sg_rule_find(c->rule));
	sg_lint_ctx_new(&ctx, &o, &r);
	for (f = 0; f < c->nr_files; f++)
		sg_lint_text(ctx, c->files[f].name, c->files[f].sql.buf, c->files[f].sql.len,
			     c->down || strstr(c->files[f].name, ".down.sql"));
	for (i = 0; i < r.nr; i++)
		if (!strcmp(r.findings[i].rule, c->rule))
			sbuf_addf(&got, "%s:%d:%d\n", r.findings[i].file, r.findings[i].line,
				  r.findings[i].column);
	if (strcmp(got.buf, c->expect.buf)) {
		print_error("%s: [%s] %s\nexpected:\n%sgot:\n%s", c->source, c->rule, c->title,
			    c->expect.buf, got.buf);
		for (i = 0; i < r.nr; i++)
			print_error("  (all) %d:%d %s: %s\n", r.findings[i].line, r.findings[i].column,
				    r.findings[i].rule, r.findings[i].message);
		sbuf_release(&got);
		sg_lint_ctx_free(ctx);
		sg_report_release(&r);
		fail();
	}
	sbuf_release(&got);
	sg_lint_ctx_free(ctx);
	sg_report_release(&r);
}

struct case_list {
	struct CMUnitTest *tests;
	size_t nr, alloc;
};

static struct rule_case *start_case(struct case_list *l, const char *rule, const char *title,
				    const char *path, int lineno)
{
	struct rule_case *c = xcalloc(1, sizeof(*c));
	struct CMUnitTest *t;
	sbuf src = SBUF_INIT, name = SBUF_INIT;

	c->rule = xstrdup(rule);
	c->title = xstrdup(title);
	sbuf_addf(&src, "%s:%d", path, lineno);
	c->source = sbuf_detach(&src);
	sbuf_init(&c->expect);
	sbuf_addf(&name, "%s: %s", rule, title);
	t = VEC_PUSH(l->tests, l->nr, l->alloc);
	memset(t, 0, sizeof(*t));
	t->name = sbuf_detach(&name);
	t->test_func = run_case;
	t->initial_state = c;
	return c;
}

static void load_file(struct case_list *l, const char *dir, const char *fname)
{
	char path[1024], rule[256], line[8192];
	struct rule_case *c = NULL;
	struct case_file *cf = NULL;
	bool in_expect = false;
	int lineno = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, fname);
	snprintf(rule, sizeof(rule), "%.*s", (int)(strlen(fname) - 5), fname);
	fp = fopen(path, "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		size_t n = strlen(line);
		lineno++;
		if (!strncmp(line, "=== ", 4)) {
			line[n - 1] = '\0';
			c = start_case(l, rule, line + 4, path, lineno);
			cf = NULL;
			in_expect = false;
		} else if (!c) {
			continue; /* header comments */
		} else if (!strncmp(line, "--- options:", 12)) {
			parse_options(c, line + 12);
		} else if (!strncmp(line, "--- file ", 9)) {
			line[n - 1] = '\0';
			cf = new_file(c, line + 9);
		} else if (!strncmp(line, "--- expect", 10)) {
			in_expect = true;
		} else if (in_expect) {
			line[strcspn(line, "\r\n")] = '\0';
			if (!cf && c->nr_files == 0)
				new_file(c, "case.sql");
			expect_line(c, line);
		} else {
			if (!cf)
				cf = c->nr_files ? &c->files[c->nr_files - 1] : new_file(c, "case.sql");
			sbuf_add(&cf->sql, line, n);
		}
	}
	fclose(fp);
}

static void free_case(struct rule_case *c)
{
	int f;

	for (f = 0; f < c->nr_files; f++) {
		free(c->files[f].name);
		sbuf_release(&c->files[f].sql);
	}
	sbuf_release(&c->expect);
	free(c->rule);
	free(c->title);
	free(c->source);
	free(c);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/rules_pg";
	struct case_list l = { NULL, 0, 0 };
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t nr = 0, alloc = 0, i;
	int rc;

	if (!d) {
		fprintf(stderr, "cannot open %s\n", dir);
		return 1;
	}
	while ((e = readdir(d)))
		if (strlen(e->d_name) > 5 && !strcmp(e->d_name + strlen(e->d_name) - 5, ".test"))
			*VEC_PUSH(names, nr, alloc) = xstrdup(e->d_name);
	closedir(d);
	qsort(names, nr, sizeof(*names), by_name);
	for (i = 0; i < nr; i++) {
		load_file(&l, dir, names[i]);
		free(names[i]);
	}
	free(names);
	rc = _cmocka_run_group_tests("rule cases", l.tests, l.nr, NULL, NULL);
	for (i = 0; i < l.nr; i++) {
		free_case(l.tests[i].initial_state);
		free((char *)l.tests[i].name);
	}
	free(l.tests);
	return rc;
}
