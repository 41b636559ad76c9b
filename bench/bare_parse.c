/*
 * bare_parse: the floor for `make bench`.
 *
 * Reads every file named on the command line (directories are walked for
 * *.sql) and hands each whole file to pg_query_parse(), then frees the result.
 * Nothing else: no splitting, no tree walking, no rules. Prints how many files
 * were parsed and how many failed.
 *
 *   bare_parse [-c] PATH...
 *
 * -c also counts statements with pg_query_split_with_parser() (a second
 * parse; use it to check a corpus, not when timing).
 *
 * Build: cc -O2 -std=c11 -Wall -Wextra -Werror bench/bare_parse.c \
 *           -o build/bare_parse -lpg_query
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pg_query.h>

struct totals {
	long files;
	long failed;
	long unreadable;
	long statements;
	int count_statements;
};

static int has_sql_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

/* Reads a whole file into a NUL-terminated buffer; NULL on failure. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;

	size_t cap = 1 << 16, len = 0, got;
	char *buf = malloc(cap);
	while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len - 1 == 0) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static void parse_file(const char *path, struct totals *t)
{
	char *sql = read_file(path);
	if (!sql) {
		fprintf(stderr, "bare_parse: %s: %s\n", path, strerror(errno));
		t->unreadable++;
		return;
	}

	PgQueryParseResult r = pg_query_parse(sql);
	t->files++;
	if (r.error) {
		/* Report only the first few failures; the count says the rest. */
		if (t->failed < 10)
			fprintf(stderr, "bare_parse: %s: %s (at byte %d)\n", path,
			        r.error->message, r.error->cursorpos);
		t->failed++;
	}
	pg_query_free_parse_result(r);

	if (t->count_statements) {
		PgQuerySplitResult s = pg_query_split_with_parser(sql);
		if (!s.error)
			t->statements += s.n_stmts;
		pg_query_free_split_result(s);
	}
	free(sql);
}

static void walk(const char *path, struct totals *t, int top)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "bare_parse: %s: %s\n", path, strerror(errno));
		t->unreadable++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		/* Files named on the command line are parsed whatever their name. */
		if (top || has_sql_suffix(path))
			parse_file(path, t);
		return;
	}

	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "bare_parse: %s: %s\n", path, strerror(errno));
		t->unreadable++;
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t n = strlen(path) + strlen(e->d_name) + 2;
		char *child = malloc(n);
		if (!child)
			break;
		snprintf(child, n, "%s/%s", path, e->d_name);
		walk(child, t, 0);
		free(child);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	struct totals t = {0};
	int first = 1;

	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		t.count_statements = 1;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: bare_parse [-c] PATH...\n");
		return 2;
	}

	for (int i = first; i < argc; i++)
		walk(argv[i], &t, 1);

	printf("parsed %ld files, %ld failed", t.files, t.failed);
	if (t.count_statements)
		printf(", %ld statements", t.statements);
	printf("\n");

	if (t.unreadable)
		return 2;
	return t.failed ? 1 : 0;
}
