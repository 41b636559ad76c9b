/* migrate/sum.c: the integrity file's text, its reader and its checker. */
#include "tests/unit/helpers.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "migrate/sum.h"
#include "migrate/tree.h"

#include <sys/stat.h>
#include <unistd.h>

/* An in-memory migration directory "db", as a git revision would give it. */
static sg_tree_file *add_file(sg_tree *t, const char *path, const char *content, size_t len)
{
	sg_tree_file *f = sg_tree_add(t, path);

	f->data = xmalloc(len + 1);
	memcpy(f->data, content, len);
	f->data[len] = '\0';
	f->len = len;
	f->loaded = true;
	return f;
}

static void add(sg_tree *t, const char *path, const char *content)
{
	add_file(t, path, content, strlen(content));
}

static void tree_init(sg_tree *t)
{
	memset(t, 0, sizeof(*t));
	t->dir = xstrdup("db");
}

static char *render(sg_tree *t)
{
	sbuf out = SBUF_INIT;

	assert_int_equal(sg_sum_render(t, &out), 0);
	return sbuf_detach(&out);
}

/* Render `t` and add the result to it as its schemagate.sum. */
static void add_rendered_sum(sg_tree *t)
{
	char *text = render(t);

	add(t, SG_SUM_FILE, text);
	free(text);
}

static sg_tree_file *file(sg_tree *t, const char *path)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->files[i].path, path))
			return &t->files[i];
	fail_msg("no file '%s'", path);
	return NULL;
}

static void set_content(sg_tree *t, const char *path, const char *content)
{
	sg_tree_file *f = file(t, path);

	free(f->data);
	f->data = xstrdup(content);
	f->len = strlen(content);
	f->has_oid = false;
}

/* Check `t` into `r` (emptied first). */
static void check(sg_tree *t, sg_report *r)
{
	sg_report_release(r);
	assert_int_equal(sg_sum_check(t, r), 0);
	sg_report_sort(r);
}

static void assert_finding(const sg_report *r, size_t i, const char *file, int line, int column,
			   const char *message_part)
{
	assert_true(i < r->nr);
	assert_string_equal(r->findings[i].rule, "sum-mismatch");
	assert_int_equal(r->findings[i].severity, SG_ERROR_SEV);
	assert_int_equal(r->findings[i].source, SG_SRC_DIFF);
	assert_string_equal(r->findings[i].file, file);
	assert_int_equal(r->findings[i].line, line);
	assert_int_equal(r->findings[i].column, column);
	if (!strstr(r->findings[i].message, message_part))
		fail_msg("finding %zu: '%s' does not contain '%s'", i, r->findings[i].message,
			 message_part);
}

/* Check `t` with `sum` as its schemagate.sum (replacing any). */
static void check_with_sum(sg_tree *t, const char *sum, size_t len, sg_report *r)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->files[i].path, SG_SUM_FILE))
			break;
	if (i < t->nr) {
		free(t->files[i].data);
		t->files[i].data = xmalloc(len + 1);
		memcpy(t->files[i].data, sum, len);
		t->files[i].data[len] = '\0';
		t->files[i].len = len;
	} else {
		add_file(t, SG_SUM_FILE, sum, len);
	}
	check(t, r);
}

/* ------------------------------------------------------------- rendering */

static void empty_directory_renders_the_hash_of_nothing(void **state)
{
	sg_tree t;
	char *text;

	(void)state;
	tree_init(&t);
	text = render(&t);
	/* base64(SHA-256("")) */
	assert_string_equal(text, "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
	free(text);
	sg_tree_release(&t);
}

/* Computed apart (Python hashlib and base64) from the format in sum.c. */
static void rendering_matches_the_documented_format(void **state)
{
	sg_tree t;
	char *text;

	(void)state;
	tree_init(&t);
	add(&t, "0002_b.sql", "");
	add(&t, "0001_a.sql", "CREATE TABLE a (id int);\n");
	text = render(&t);
	assert_string_equal(text,
			    "h1:uNc9reSdLSUnc77m8lwi/ShDCF0a7RFp50cJI99vB5E=\n"
			    "0001_a.sql h1:u9L99Q186ybtEwLNkwdcwL/NKKGBkSvXRBm7z3mzrog=\n"
			    "0002_b.sql h1:wSXtuij784QrpWZIPdOI73Ot6Xt/Whp9Cnm5dUAakr0=\n");
	free(text);
	sg_tree_release(&t);
}

static void files_are_in_version_order_without_the_sum(void **state)
{
	sg_tree t;
	char *text, *p;
	const char *want[] = { "1_a.sql ", "2_b.sql ", "10_c.sql ", "10_c.sql.bak ", "sub/3_d.sql ",
			       "sub/schemagate.sum " };
	size_t i;

	(void)state;
	tree_init(&t);
	add(&t, "sub/schemagate.sum", "a nested sum is an ordinary file");
	add(&t, "10_c.sql.bak", "x");
	add(&t, SG_SUM_FILE, "old");
	add(&t, "sub/3_d.sql", "x");
	add(&t, "10_c.sql", "x");
	add(&t, "2_b.sql", "x");
	add(&t, "1_a.sql", "x");
	assert_int_equal(sg_sum_nr_files(&t), 6);
	text = render(&t);
	p = strchr(text, '\n') + 1;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_memory_equal(p, want[i], strlen(want[i]));
		p = strchr(p, '\n') + 1;
	}
	assert_string_equal(p, "");
	free(text);
	sg_tree_release(&t);
}

/* Appending a migration appends a line and changes the header, nothing else. */
static void a_new_migration_appends_a_line(void **state)
{
	sg_tree t;
	char *before, *after;

	(void)state;
	tree_init(&t);
	add(&t, "1_a.sql", "a");
	add(&t, "2_b.sql", "b");
	before = render(&t);
	add(&t, "3_c.sql", "c");
	after = render(&t);
	assert_true(strlen(after) > strlen(before));
	assert_memory_equal(strchr(before, '\n'), strchr(after, '\n'), strlen(strchr(before, '\n')));
	assert_memory_not_equal(before, after, 47); /* the header */
	free(before);
	free(after);
	sg_tree_release(&t);
}

/* The same file in two places of the chain gives two different hashes. */
static void each_line_covers_the_lines_before_it(void **state)
{
	sg_tree a, b;
	char *ta, *tb;

	(void)state;
	tree_init(&a);
	tree_init(&b);
	add(&a, "1_a.sql", "a");
	add(&a, "3_c.sql", "c");
	add(&b, "1_a.sql", "A");
	add(&b, "3_c.sql", "c");
	ta = render(&a);
	tb = render(&b);
	assert_string_not_equal(strstr(ta, "3_c.sql"), strstr(tb, "3_c.sql"));
	free(ta);
	free(tb);
	sg_tree_release(&a);
	sg_tree_release(&b);
}

struct quoting {
	const char *path;
	const char *written;
};

static void odd_paths_are_quoted_and_round_trip(void **state)
{
	static const struct quoting cases[] = {
		{ "plain-_.+@=~,;:!#$%&'()*<>?[]^`{|}.sql", "plain-_.+@=~,;:!#$%&'()*<>?[]^`{|}.sql" },
		{ "0001 add users.sql", "\"0001 add users.sql\"" },
		{ "q\"uote.sql", "\"q\\\"uote.sql\"" },
		{ "back\\slash.sql", "\"back\\\\slash.sql\"" },
		{ "new\nline.sql", "\"new\\x0aline.sql\"" },
		{ "cr\r.sql", "\"cr\\x0d.sql\"" },
		{ "tab\t.sql", "\"tab\\x09.sql\"" },
		{ "del\x7f.sql", "\"del\\x7f.sql\"" },
		{ "caf\xc3\xa9.sql", "\"caf\xc3\xa9.sql\"" },
		{ "c1\xc2\x85.sql", "\"c1\\xc2\\x85.sql\"" },
		{ "latin1\xe9.sql", "\"latin1\\xe9.sql\"" },
		{ "h1:x h1:y.sql", "\"h1:x h1:y.sql\"" },
		{ "\"", "\"\\\"\"" },
		{ "dir with space/x.sql", "\"dir with space/x.sql\"" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sg_report r = SG_REPORT_INIT;
		sbuf want = SBUF_INIT;
		sg_tree t;
		char *text;

		tree_init(&t);
		add(&t, cases[i].path, "SELECT 1;\n");
		text = render(&t);
		sbuf_addf(&want, "\n%s h1:", cases[i].written);
		if (!strstr(text, want.buf))
			fail_msg("case %zu: '%s' not in '%s'", i, want.buf, text);
		add(&t, SG_SUM_FILE, text);
		check(&t, &r);
		if (r.nr)
			fail_msg("case %zu: %s", i, r.findings[0].message);
		set_content(&t, cases[i].path, "SELECT 2;\n");
		check(&t, &r);
		assert_int_equal(r.nr, 1);
		assert_int_equal(r.findings[0].line, 1);
		assert_true(!strncmp(r.findings[0].file, "db/", 3));
		assert_string_equal(r.findings[0].file + 3, cases[i].path);
		free(text);
		sbuf_release(&want);
		sg_report_release(&r);
		sg_tree_release(&t);
	}
}

/* -------------------------------------------------------------- checking */

static void fixture(sg_tree *t)
{
	tree_init(t);
	add(t, "0001_a.sql", "CREATE TABLE a (id int);\n");
	add(t, "0002_b.sql", "CREATE TABLE b (id int);\n");
	add(t, "0003_c.sql", "CREATE TABLE c (id int);\n");
	add(t, "0004_d.sql", "CREATE TABLE d (id int);\n");
	add_rendered_sum(t);
}

static void a_matching_directory_has_no_finding(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t;

	(void)state;
	fixture(&t);
	check(&t, &r);
	assert_int_equal(r.nr, 0);
	sg_report_release(&r);
	sg_tree_release(&t);
}

static void only_the_edited_files_are_reported(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t;

	(void)state;
	fixture(&t);
	set_content(&t, "0002_b.sql", "CREATE TABLE b (id bigint);\n");
	set_content(&t, "0003_c.sql", "CREATE TABLE c (id bigint);\n");
	check(&t, &r);
	assert_int_equal(r.nr, 2);
	assert_finding(&r, 0, "db/0002_b.sql", 1, 1, "was edited after schemagate.sum was written");
	assert_finding(&r, 0, "db/0002_b.sql", 1, 1, "line 3");
	assert_finding(&r, 1, "db/0003_c.sql", 1, 1, "line 4");
	sg_report_release(&r);
	sg_tree_release(&t);
}

static void a_removed_file_is_reported_at_its_sum_line(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t;
	size_t i;

	(void)state;
	fixture(&t);
	for (i = 0; strcmp(t.files[i].path, "0002_b.sql"); i++)
		;
	sg_tree_remove(&t, &t.files[i]);
	check(&t, &r);
	assert_int_equal(r.nr, 1);
	assert_finding(&r, 0, "db/schemagate.sum", 3, 1,
		       "0002_b.sql is listed in schemagate.sum but is not in the directory");
	assert_int_equal(r.findings[0].end_line, 3);
	assert_int_equal(r.findings[0].end_column, 1 + (int)strlen("0002_b.sql h1:") + 44);
	sg_report_release(&r);
	sg_tree_release(&t);
}

static void an_added_file_is_reported(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t;

	(void)state;
	fixture(&t);
	add(&t, "0005_e.sql", "x");
	add(&t, "0000_first.sql", "y");
	check(&t, &r);
	assert_int_equal(r.nr, 2);
	/* in migration order */
	assert_finding(&r, 0, "db/0000_first.sql", 1, 1, "0000_first.sql is not in schemagate.sum: it was added");
	assert_finding(&r, 1, "db/0005_e.sql", 1, 1, "0005_e.sql is not in schemagate.sum: it was added");
	sg_report_release(&r);
	sg_tree_release(&t);
}

static void a_missing_sum_is_not_found(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t;

	(void)state;
	tree_init(&t);
	add(&t, "0001_a.sql", "x");
	assert_int_equal(sg_sum_check(&t, &r), SG_ENOTFOUND);
	assert_non_null(strstr(sg_error_last(), "schemagate sum --write"));
	assert_non_null(strstr(sg_error_last(), "'db'"));
	assert_int_equal(r.nr, 0);
	sg_tree_release(&t);
}

static int failing_load(sg_tree *t, sg_tree_file *f)
{
	(void)t;
	return sg_error_set(SG_ERROR, "cannot read '%s': test", f->path);
}

static void read_errors_are_returned(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sbuf out = SBUF_INIT;
	sg_tree t;

	(void)state;
	fixture(&t);
	file(&t, "0003_c.sql")->loaded = false;
	free(file(&t, "0003_c.sql")->data);
	file(&t, "0003_c.sql")->data = NULL;
	t.load = failing_load;
	assert_int_equal(sg_sum_check(&t, &r), SG_ERROR);
	assert_string_equal(sg_error_last(), "cannot read '0003_c.sql': test");
	assert_int_equal(sg_sum_render(&t, &out), SG_ERROR);
	sbuf_release(&out);
	sg_report_release(&r);
	sg_tree_release(&t);
}

/* A hand-edited hash: the header and that line, not the line after it. */
static void a_hand_edited_line_does_not_cascade(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t;
	char *sum, *hash;

	(void)state;
	fixture(&t);
	sum = xstrdup(file(&t, SG_SUM_FILE)->data);
	hash = strstr(strstr(sum, "0002_b.sql"), "h1:") + 3;
	*hash = *hash == 'A' ? 'B' : 'A';
	check_with_sum(&t, sum, strlen(sum), &r);
	assert_int_equal(r.nr, 2);
	assert_finding(&r, 0, "db/schemagate.sum", 1, 1, "edited by hand or merged");
	assert_finding(&r, 1, "db/0002_b.sql", 1, 1,
		       "does not match line 3 of schemagate.sum: the file, or that line");
	free(sum);
	sg_report_release(&r);
	sg_tree_release(&t);
}

static void line_ends_are_tolerated(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sbuf crlf = SBUF_INIT;
	sg_tree t;
	char *sum;
	const char *p;

	(void)state;
	fixture(&t);
	sum = xstrdup(file(&t, SG_SUM_FILE)->data);
	for (p = sum; *p; p++) {
		if (*p == '\n')
			sbuf_addch(&crlf, '\r');
		sbuf_addch(&crlf, *p);
	}
	check_with_sum(&t, crlf.buf, crlf.len, &r);
	assert_int_equal(r.nr, 0);
	check_with_sum(&t, sum, strlen(sum) - 1, &r); /* no last '\n' */
	assert_int_equal(r.nr, 0);
	free(sum);
	sbuf_release(&crlf);
	sg_report_release(&r);
	sg_tree_release(&t);
}

struct malformed {
	const char *sum; /* "%s" is replaced by a valid hash */
	int line, column;
	const char *message;
};

#define ZERO_HASH "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

static void malformed_sums_are_located_findings(void **state)
{
	static const struct malformed cases[] = {
		{ "", 1, 1, "schemagate.sum is empty" },
		{ "\n", 1, 1, "must begin with its header line" },
		{ "garbage\n", 1, 1, "must begin with its header line" },
		{ "h1:\n", 1, 4, "the header of schemagate.sum is not a SHA-256" },
		{ "h1:" ZERO_HASH "x\n", 1, 4, "the header of schemagate.sum is not a SHA-256" },
		{ "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n", 1, 4, "not a SHA-256" },
		{ "h1:" ZERO_HASH "\n0001_a.sql\n", 2, 11, "expected ' h1:<hash>' after the path" },
		{ "h1:" ZERO_HASH "\n0001_a.sql  h1:" ZERO_HASH "\n", 2, 11, "expected ' h1:<hash>'" },
		{ "h1:" ZERO_HASH "\n0001_a.sql h1:abc\n", 2, 15, "the hash is not a SHA-256 in base64" },
		{ "h1:" ZERO_HASH "\n0001_a.sql h1:" ZERO_HASH " \n", 2, 59, "unexpected text after the hash" },
		{ "h1:" ZERO_HASH "\n0001_a.sql h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-=\n", 2, 15,
		  "the hash is not" },
		{ "h1:" ZERO_HASH "\n\n", 2, 1, "empty line" },
		{ "h1:" ZERO_HASH "\n h1:" ZERO_HASH "\n", 2, 1, "the line has no path" },
		{ "h1:" ZERO_HASH "\n\"\" h1:" ZERO_HASH "\n", 2, 1, "the line has no path" },
		{ "h1:" ZERO_HASH "\n\"0001_a.sql h1:" ZERO_HASH "\n", 2, 1, "the quoted path is not closed" },
		{ "h1:" ZERO_HASH "\n\"a\\qb\" h1:" ZERO_HASH "\n", 2, 3, "bad escape in a quoted path" },
		{ "h1:" ZERO_HASH "\n\"a\\x0\" h1:" ZERO_HASH "\n", 2, 3, "bad escape" },
		{ "h1:" ZERO_HASH "\n\"a\\x00\" h1:" ZERO_HASH "\n", 2, 3, "bad escape" },
		{ "h1:" ZERO_HASH "\n\"a\\xzz\" h1:" ZERO_HASH "\n", 2, 3, "bad escape" },
		{ "h1:" ZERO_HASH "\n\"a\tb\" h1:" ZERO_HASH "\n", 2, 3, "control character in a quoted path" },
		{ "h1:" ZERO_HASH "\na\001b h1:" ZERO_HASH "\n", 2, 2, "control character in a path" },
		{ "h1:" ZERO_HASH "\nnot-there.sql h1:" ZERO_HASH "\n", 2, 1,
		  "not-there.sql is listed in schemagate.sum but is not in the directory" },
		{ "h1:" ZERO_HASH "\nschemagate.sum h1:" ZERO_HASH "\n", 2, 1, "schemagate.sum lists itself" },
		{ "h1:" ZERO_HASH "\n\"sch\\x65magate.sum\" h1:" ZERO_HASH "\n", 2, 1, "lists itself" },
		{ "h1:" ZERO_HASH "\ncaf\xc3\xa9\001 h1:" ZERO_HASH "\n", 2, 5, "control character" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sg_report r = SG_REPORT_INIT;
		sg_tree t;
		size_t k;
		bool found = false;

		tree_init(&t);
		add(&t, SG_SUM_FILE, cases[i].sum);
		check(&t, &r);
		for (k = 0; k < r.nr && !found; k++) {
			const sg_finding *f = &r.findings[k];
			found = !strcmp(f->file, "db/schemagate.sum") && f->line == cases[i].line &&
				f->column == cases[i].column && strstr(f->message, cases[i].message);
		}
		if (!found) {
			for (k = 0; k < r.nr; k++)
				print_message("  got %d:%d %s\n", r.findings[k].line, r.findings[k].column,
					      r.findings[k].message);
			fail_msg("case %zu: no finding at %d:%d with '%s'", i, cases[i].line,
				 cases[i].column, cases[i].message);
		}
		sg_report_release(&r);
		sg_tree_release(&t);
	}
}

static void a_file_listed_twice_is_reported_once(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_tree t;
	sbuf sum = SBUF_INIT;
	const char *first, *second;

	(void)state;
	fixture(&t);
	first = strchr(file(&t, SG_SUM_FILE)->data, '\n') + 1;
	second = strchr(first, '\n') + 1;
	sbuf_add(&sum, file(&t, SG_SUM_FILE)->data, (size_t)(second - file(&t, SG_SUM_FILE)->data));
	sbuf_add(&sum, first, (size_t)(second - first)); /* 0001_a.sql again, as line 3 */
	sbuf_adds(&sum, second);
	check_with_sum(&t, sum.buf, sum.len, &r);
	assert_finding(&r, 0, "db/schemagate.sum", 1, 1, "edited by hand or merged");
	assert_finding(&r, 1, "db/schemagate.sum", 3, 1, "0001_a.sql is listed twice in schemagate.sum (first on line 2)");
	assert_int_equal(r.nr, 2);
	sbuf_release(&sum);
	sg_report_release(&r);
	sg_tree_release(&t);
}

static void malformed_lines_are_capped(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sbuf sum = SBUF_INIT;
	sg_tree t;
	int i;

	(void)state;
	tree_init(&t);
	sbuf_adds(&sum, "h1:" ZERO_HASH "\n");
	for (i = 0; i < 1000; i++)
		sbuf_adds(&sum, "bad\n");
	add(&t, SG_SUM_FILE, sum.buf);
	check(&t, &r);
	/* the header, 10 malformed lines, then one finding for the rest */
	assert_int_equal(r.nr, 12);
	assert_non_null(strstr(r.findings[11].message, "the rest are not reported"));
	sbuf_release(&sum);
	sg_report_release(&r);
	sg_tree_release(&t);
}

/* --------------------------------------------------------------- writing */

static void the_sum_is_written_atomically_and_only_when_changed(void **state)
{
	char dir[] = "/tmp/sg-test-sum-XXXXXX";
	sg_tree t = SG_TREE_INIT, t2 = SG_TREE_INIT;
	sg_report r = SG_REPORT_INIT;
	sbuf path = SBUF_INIT;
	struct stat st;
	bool changed = false;
	mode_t mask = umask(022);
	FILE *f;

	(void)state;
	umask(mask);
	assert_non_null(mkdtemp(dir));
	sbuf_addf(&path, "%s/0001 a.sql", dir);
	f = fopen(path.buf, "w");
	assert_non_null(f);
	fputs("SELECT 1;\n", f);
	fclose(f);
	assert_int_equal(sg_tree_from_disk(&t, dir, "db"), 0);
	assert_int_equal(sg_sum_write(&t, &changed), 0);
	assert_true(changed);
	sbuf_reset(&path);
	sbuf_addf(&path, "%s/" SG_SUM_FILE, dir);
	assert_int_equal(stat(path.buf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask); /* not mkstemp's 0600 */

	assert_int_equal(sg_tree_from_disk(&t2, dir, "db"), 0);
	assert_int_equal(t2.nr, 2); /* the migration and the sum, no temporary file */
	check(&t2, &r);
	assert_int_equal(r.nr, 0);
	assert_int_equal(sg_sum_write(&t2, &changed), 0);
	assert_false(changed);

	unlink(path.buf);
	sbuf_reset(&path);
	sbuf_addf(&path, "%s/0001 a.sql", dir);
	unlink(path.buf);
	rmdir(dir);
	sbuf_release(&path);
	sg_report_release(&r);
	sg_tree_release(&t);
	sg_tree_release(&t2);
}

static void a_tree_not_on_disk_cannot_be_written(void **state)
{
	sg_tree t;
	bool changed = true;

	(void)state;
	tree_init(&t);
	assert_int_equal(sg_sum_write(&t, &changed), SG_EINVALID);
	assert_false(changed);
	sg_tree_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_directory_renders_the_hash_of_nothing),
		cmocka_unit_test(rendering_matches_the_documented_format),
		cmocka_unit_test(files_are_in_version_order_without_the_sum),
		cmocka_unit_test(a_new_migration_appends_a_line),
		cmocka_unit_test(each_line_covers_the_lines_before_it),
		cmocka_unit_test(odd_paths_are_quoted_and_round_trip),
		cmocka_unit_test(a_matching_directory_has_no_finding),
		cmocka_unit_test(only_the_edited_files_are_reported),
		cmocka_unit_test(a_removed_file_is_reported_at_its_sum_line),
		cmocka_unit_test(an_added_file_is_reported),
		cmocka_unit_test(a_missing_sum_is_not_found),
		cmocka_unit_test(read_errors_are_returned),
		cmocka_unit_test(a_hand_edited_line_does_not_cascade),
		cmocka_unit_test(line_ends_are_tolerated),
		cmocka_unit_test(malformed_sums_are_located_findings),
		cmocka_unit_test(a_file_listed_twice_is_reported_once),
		cmocka_unit_test(malformed_lines_are_capped),
		cmocka_unit_test(the_sum_is_written_atomically_and_only_when_changed),
		cmocka_unit_test(a_tree_not_on_disk_cannot_be_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
