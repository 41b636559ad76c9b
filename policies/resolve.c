/*
 * What is resolved once every pack and parameter is known: {{params}} in
 * queries (as SQL literals) and in expectations, and the checks that need
 * the whole policy (requires, regular expressions, numbers).
 */
#include "policies/pack.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* The parameter named by "{{name}}" at `s` (whose name ends at *end), or NULL. */
static const sg_param *param_ref(const sg_policy_packs *p, const char *s, const char **end, char **name)
{
	const char *close;

	*name = NULL;
	if (strncmp(s, "{{", 2) || !(close = strstr(s + 2, "}}")))
		return NULL;
	*name = xstrndup(s + 2, (size_t)(close - s - 2));
	*end = close + 2;
	return sg_packs_param(p, *name);
}

static int unknown_param(const sg_where *w, const char *name)
{
	return sg_error_set(SG_EINVALID, "%s:%d:%d: no parameter '%s' (declare it under 'params')", w->file,
			    w->line, w->column, name);
}

/* How a parameter's values are written where {{name}} stood. */
typedef void (*param_writer)(sbuf *b, const sg_param *prm, bool backslash_escapes);

/* `text` into `b` with every {{name}} written by `write`; an unknown name is an error at `w`. */
static int substitute(const sg_policy_packs *p, const char *text, const sg_where *w, param_writer write,
		      bool backslash_escapes, sbuf *b)
{
	const char *s = text, *end;

	while (*s) {
		char *name;
		const sg_param *prm = param_ref(p, s, &end, &name);

		if (prm) {
			write(b, prm, backslash_escapes);
			s = end;
		} else if (name) {
			int rc = unknown_param(w, name);
			free(name);
			return rc;
		} else {
			sbuf_addch(b, *s++);
		}
		free(name);
	}
	return 0;
}

static void write_joined(sbuf *b, const sg_param *prm, bool unused)
{
	size_t j;

	(void)unused;
	for (j = 0; j < prm->values.n; j++)
		sbuf_addf(b, "%s%s", j ? "," : "", prm->values.v[j]);
}

static void add_literal(sbuf *b, const char *v, bool backslash_escapes)
{
	sbuf_addch(b, '\'');
	for (; *v; v++) {
		if (*v == '\'' || (backslash_escapes && *v == '\\'))
			sbuf_addch(b, *v);
		sbuf_addch(b, *v);
	}
	sbuf_addch(b, '\'');
}

static void write_literals(sbuf *b, const sg_param *prm, bool backslash_escapes)
{
	size_t j;

	for (j = 0; j < prm->values.n; j++) {
		sbuf_adds(b, j ? ", " : "");
		add_literal(b, prm->values.v[j], backslash_escapes);
	}
}

int sg_packs_expand_values(const sg_policy_packs *p, const sg_strlist *in, const sg_where *w, sg_strlist *out)
{
	size_t i, j;

	for (i = 0; i < in->n; i++) {
		const char *end;
		char *name;
		const sg_param *prm = param_ref(p, in->v[i], &end, &name);
		sbuf b = SBUF_INIT;
		int rc;

		free(name);
		if (prm && !*end) { /* the whole value: the parameter's values */
			for (j = 0; j < prm->values.n; j++)
				sg_strlist_add(out, prm->values.v[j]);
			continue;
		}
		rc = substitute(p, in->v[i], w, write_joined, false, &b);
		if (rc == 0)
			sg_strlist_add(out, b.len ? b.buf : "");
		sbuf_release(&b);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int sg_packs_expand_sql(const sg_policy_packs *p, const sg_check *c, bool backslash_escapes, char **out)
{
	sbuf b = SBUF_INIT;
	int rc = substitute(p, c->query, &c->query_where, write_literals, backslash_escapes, &b);

	if (rc < 0) {
		sbuf_release(&b);
		return rc;
	}
	*out = sbuf_detach(&b);
	return 0;
}

/* ---- validation once everything is loaded ---- */

static int validate_regexes(const sg_policy_packs *p, const sg_expect_value *v)
{
	sg_strlist res = { 0 };
	size_t i;
	int rc = sg_packs_expand_values(p, &v->values, &v->where, &res);

	for (i = 0; rc == 0 && i < res.n; i++) {
		regex_t re;
		int err = regcomp(&re, res.v[i], REG_EXTENDED | REG_NOSUB);
		char msg[128];

		if (err) {
			regerror(err, &re, msg, sizeof(msg));
			rc = sg_error_set(SG_EINVALID, "%s:%d:%d: bad regular expression '%s': %s", v->where.file,
					  v->where.line, v->where.column, res.v[i], msg);
		}
		regfree(&re);
	}
	sg_strlist_release(&res);
	return rc;
}

static int validate_number(const sg_policy_packs *p, const sg_expect_value *v, const char *key)
{
	sg_strlist res = { 0 };
	char *end = NULL;
	int rc = sg_packs_expand_values(p, &v->values, &v->where, &res);

	if (rc == 0 && (res.n != 1 || (strtod(res.v[0], &end), !*res.v[0] || *end)))
		rc = sg_error_set(SG_EINVALID, "%s:%d:%d: '%s' must be a number", v->where.file, v->where.line,
				  v->where.column, key);
	sg_strlist_release(&res);
	return rc;
}

static int validate_check(const sg_policy_packs *p, const sg_check *c, size_t index)
{
	const sg_expect *e = &c->expect;
	const sg_expect_value *plain[] = { &e->equals, &e->in, &e->not_in, &e->covers };
	char *sql = NULL;
	size_t i;
	int rc = 0;

	if (c->requires) {
		for (i = 0; i < index && strcmp(p->checks[i].id, c->requires); i++)
			;
		if (i == index)
			return sg_error_set(SG_EINVALID, "%s:%d:%d: check '%s' requires '%s', which is not a check "
							 "defined before it", c->where.file, c->where.line,
					    c->where.column, c->id, c->requires);
	}
	if (c->query && (rc = sg_packs_expand_sql(p, c, false, &sql)) < 0)
		return rc;
	free(sql);
	for (i = 0; rc == 0 && i < sizeof(plain) / sizeof(plain[0]); i++) {
		sg_strlist res = { 0 };
		if (plain[i]->set)
			rc = sg_packs_expand_values(p, &plain[i]->values, &plain[i]->where, &res);
		sg_strlist_release(&res);
	}
	if (rc == 0 && e->matches.set)
		rc = validate_regexes(p, &e->matches);
	if (rc == 0 && e->min.set)
		rc = validate_number(p, &e->min, "min");
	if (rc == 0 && e->max.set)
		rc = validate_number(p, &e->max, "max");
	for (i = 0; rc == 0 && i < c->with_values.n; i++) {
		sg_strlist one = { &c->with_values.v[i], 1 }, res = { 0 };
		rc = sg_packs_expand_values(p, &one, &c->where, &res);
		sg_strlist_release(&res);
	}
	return rc;
}

int sg_packs_validate(const sg_policy_packs *p)
{
	size_t i;
	int rc;

	for (i = 0; i < p->nr_checks; i++)
		if (p->checks[i].enabled && (rc = validate_check(p, &p->checks[i], i)) < 0)
			return rc;
	return 0;
}
