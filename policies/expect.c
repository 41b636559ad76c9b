/* Judging query results against a check's expectations (see expect.h). */
#include "policies/expect.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_EVIDENCE_ROWS 20

/* 1 for on/true/yes/1, 0 for off/false/no/0, -1 for anything else. */
static int bool_word(const char *s)
{
	static const char *const yes[] = { "on", "true", "yes", "1" }, *const no[] = { "off", "false", "no", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

static bool same_value(const char *have, const char *want)
{
	int a = bool_word(have), b = bool_word(want);

	if (a >= 0 && b >= 0)
		return a == b;
	return !strcasecmp(have, want);
}

static bool in_list(const char *v, const sg_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (same_value(v, l->v[i]))
			return true;
	return false;
}

static bool is_token_char(char c)
{
	return c && c != ',' && !isspace((unsigned char)c);
}

/* Whether the list `value` has `token`, or `prefix` + token when prefix is given. */
static bool has_token(const char *value, const char *prefix, const char *token)
{
	size_t pl = strlen(prefix), tl = strlen(token);
	const char *s = value;

	while (*s) {
		size_t n;
		while (*s && !is_token_char(*s))
			s++;
		for (n = 0; is_token_char(s[n]); n++)
			;
		if (n == pl + tl && !strncasecmp(s, prefix, pl) && !strncasecmp(s + pl, token, tl))
			return true;
		s += n;
	}
	return false;
}

bool sg_tokens_cover(const char *value, const char *token)
{
	if (has_token(value, "-", token))
		return false;
	return has_token(value, "", token) || has_token(value, "", "all");
}

static bool number_of(const char *s, double *out)
{
	char *end;

	if (!*s)
		return false;
	*out = strtod(s, &end);
	return !*end;
}

/* The expectation's values with {{params}} resolved (validated at load). */
static sg_strlist values_of(const sg_policy_packs *p, const sg_expect_value *v)
{
	sg_strlist out = { 0 };

	if (v->set)
		sg_packs_expand_values(p, &v->values, &v->where, &out);
	return out;
}

struct wants {
	sg_strlist equals, in, not_in, min, max, matches, covers;
	regex_t *res;
	size_t nr_res;
};

static void wants_load(struct wants *w, const sg_policy_packs *p, const sg_expect *e)
{
	size_t i;

	w->equals = values_of(p, &e->equals);
	w->in = values_of(p, &e->in);
	w->not_in = values_of(p, &e->not_in);
	w->min = values_of(p, &e->min);
	w->max = values_of(p, &e->max);
	w->matches = values_of(p, &e->matches);
	w->covers = values_of(p, &e->covers);
	w->res = xcalloc(w->matches.n + 1, sizeof(*w->res));
	for (i = 0; i < w->matches.n; i++)
		if (regcomp(&w->res[w->nr_res], w->matches.v[i], REG_EXTENDED | REG_NOSUB) == 0)
			w->nr_res++;
}

static void wants_release(struct wants *w)
{
	sg_strlist *l[] = { &w->equals, &w->in, &w->not_in, &w->min, &w->max, &w->matches, &w->covers };
	size_t i;

	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		sg_strlist_release(l[i]);
	for (i = 0; i < w->nr_res; i++)
		regfree(&w->res[i]);
	free(w->res);
}

static bool has_value_tests(const sg_expect *e)
{
	return e->equals.set || e->in.set || e->not_in.set || e->min.set || e->max.set || e->matches.set ||
	       e->covers.set || e->not_empty;
}

static void add_list(sbuf *why, const sg_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		sbuf_addf(why, "%s%s", i ? ", " : "", l->v[i]);
}

/* Whether `v` (NULL: SQL NULL) meets the value expectations; if not, why. */
static bool value_ok(const struct wants *w, const sg_expect *e, const char *v, sbuf *why)
{
	double x;
	size_t i;

	if (!v)
		sbuf_adds(why, "not set");
	else if (e->not_empty && !*v)
		sbuf_adds(why, "empty");
	else if (w->equals.n && !same_value(v, w->equals.v[0]))
		sbuf_addf(why, "expected %s", w->equals.v[0]);
	else if (e->in.set && !in_list(v, &w->in))
		sbuf_adds(why, "expected one of "), add_list(why, &w->in);
	else if (e->not_in.set && in_list(v, &w->not_in))
		sbuf_adds(why, "not allowed: "), add_list(why, &w->not_in);
	else if ((w->min.n || w->max.n) && !number_of(v, &x))
		sbuf_adds(why, "not a number");
	else if (w->min.n && x < strtod(w->min.v[0], NULL))
		sbuf_addf(why, "at least %s expected", w->min.v[0]);
	else if (w->max.n && x > strtod(w->max.v[0], NULL))
		sbuf_addf(why, "at most %s expected", w->max.v[0]);
	for (i = 0; !why->len && i < w->nr_res; i++)
		if (regexec(&w->res[i], v, 0, NULL, 0))
			sbuf_addf(why, "does not match %s", w->matches.v[i]);
	for (i = 0; !why->len && i < w->covers.n; i++)
		if (!sg_tokens_cover(v, w->covers.v[i]))
			sbuf_addf(why, "%s missing", w->covers.v[i]);
	return !why->len;
}

static void add_row(sbuf *ev, const sg_table *t, size_t row, const char *database)
{
	size_t c;

	sbuf_adds(ev, ev->len ? "; " : "");
	if (database)
		sbuf_addf(ev, "%s: ", database);
	for (c = 0; c < t->cols; c++) {
		const char *v = sg_table_cell(t, row, c);
		sbuf_addf(ev, "%s%s=%s", c ? " " : "", t->names[c], v ? v : "NULL");
	}
}

static void add_more(sbuf *ev, size_t shown, size_t total)
{
	if (total > shown)
		sbuf_addf(ev, "; and %zu more", total - shown);
}

static void judge_rows(const sg_expect *e, const sg_table *t, const char *database, sbuf *ev)
{
	size_t r;

	if ((e->rows < 0 || t->rows == (size_t)e->rows) && (e->min_rows < 0 || t->rows >= (size_t)e->min_rows))
		return;
	if (!t->rows) {
		sbuf_addf(ev, "%s%sno rows (at least %ld expected)", database ? database : "", database ? ": " : "",
			  e->min_rows > 0 ? e->min_rows : e->rows);
		return;
	}
	for (r = 0; r < t->rows && r < MAX_EVIDENCE_ROWS; r++)
		add_row(ev, t, r, database);
	add_more(ev, r, t->rows);
}

static void judge_values(const struct wants *w, const sg_expect *e, const sg_table *t, int col,
			 const char *database, sbuf *ev)
{
	size_t r, bad = 0;

	for (r = 0; r < t->rows; r++) {
		const char *v = sg_table_cell(t, r, (size_t)col);
		sbuf why = SBUF_INIT;

		if (!value_ok(w, e, v, &why) && bad++ < MAX_EVIDENCE_ROWS) {
			add_row(ev, t, r, database);
			sbuf_addf(ev, " (%s)", why.buf);
		}
		sbuf_release(&why);
	}
	add_more(ev, bad < MAX_EVIDENCE_ROWS ? bad : MAX_EVIDENCE_ROWS, bad);
}

void sg_expect_judge(const sg_policy_packs *p, const sg_check *c, const sg_table *t, const char *database,
		     sg_check_result *out)
{
	const sg_expect *e = &c->expect;
	int col = e->column ? sg_table_column(t, e->column) : 0;
	sbuf ev = SBUF_INIT, why = SBUF_INIT;
	struct wants w = { 0 };

	if (has_value_tests(e) && (col < 0 || !t->cols))
		sbuf_addf(&why, "the query returns no column '%s'", e->column ? e->column : "(any)");
	else if (has_value_tests(e) && !t->rows)
		sbuf_addf(&why, "%s%sthe query returned no row: the value is hidden from this account, or not set",
			  database ? database : "", database ? ": " : "");
	if (why.len) {
		sg_check_result_set(out, SG_CHECK_UNVERIFIABLE, NULL, why.buf);
		sbuf_release(&why);
		return;
	}
	judge_rows(e, t, database, &ev);
	if (!ev.len && has_value_tests(e)) {
		wants_load(&w, p, e);
		judge_values(&w, e, t, col, database, &ev);
		wants_release(&w);
	}
	sg_check_result_set(out, ev.len ? SG_CHECK_FAIL : SG_CHECK_PASS, ev.len ? ev.buf : NULL, NULL);
	sbuf_release(&ev);
}
