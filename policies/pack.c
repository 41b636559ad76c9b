/*
 * Loading policy packs (see pack.h and policies/README.md). A pack file is
 * read as a YAML tree and walked key by key; anything unexpected is an
 * error at its line and column, since a policy that silently ignores a
 * misspelt key is a policy that silently passes.
 */
#include "policies/pack.h"
#include "policies/builtin.h"
#include "policies/ydoc.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "migrate/source.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PACK_BYTES ((size_t)4 << 20)
#define MAX_EXTENDS 8

static const char *const area_names[] = { "encryption", "backup", "rbac", "audit", "custom" };

const char *sg_area_name(enum sg_area a)
{
	return area_names[a];
}

unsigned sg_engine_bit(const char *name)
{
	if (!strcmp(name, "postgres") || !strcmp(name, "postgresql"))
		return SG_ENGINE_PG;
	if (!strcmp(name, "mysql"))
		return SG_ENGINE_MYSQL;
	if (!strcmp(name, "mariadb"))
		return SG_ENGINE_MARIADB;
	return 0;
}

void sg_strlist_add(sg_strlist *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void sg_strlist_release(sg_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* One file being read: the document and where its strings are kept. */
struct reader {
	sg_policy_packs *p;
	sg_ydoc *d;
	const char *file; /* owned by p->files */
	unsigned engine;  /* the server's family, 0 when not known */
	int depth;
};

static sg_where where_of(const struct reader *r, int node)
{
	sg_where w = { r->file, sg_ydoc_line(r->d, node), sg_ydoc_column(r->d, node) };
	return w;
}

static int get_string(const struct reader *r, int node, const char *key, char **out)
{
	const char *s = sg_ydoc_scalar(r->d, node);

	if (sg_ydoc_kind(r->d, node) != SG_Y_SCALAR || !*s)
		return sg_ydoc_fail(r->d, node, "'%s' must be a non-empty single value", key);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static int get_bool(const struct reader *r, int node, const char *key, bool *out)
{
	const char *s = sg_ydoc_scalar(r->d, node);

	if (s && (!strcmp(s, "true") || !strcmp(s, "yes"))) {
		*out = true;
		return 0;
	}
	if (s && (!strcmp(s, "false") || !strcmp(s, "no"))) {
		*out = false;
		return 0;
	}
	return sg_ydoc_fail(r->d, node, "'%s' must be true or false", key);
}

static int get_count(const struct reader *r, int node, const char *key, long *out)
{
	const char *s = sg_ydoc_scalar(r->d, node);
	char *end;
	long v;

	if (!s || !isdigit((unsigned char)*s))
		return sg_ydoc_fail(r->d, node, "'%s' must be a number of rows (0 or more)", key);
	v = strtol(s, &end, 10);
	if (*end || v > 1000000000L)
		return sg_ydoc_fail(r->d, node, "'%s' must be a number of rows (0 or more)", key);
	*out = v;
	return 0;
}

/* A scalar or a list of scalars. */
static int get_values(const struct reader *r, int node, const char *key, sg_strlist *out)
{
	size_t i, n;

	sg_strlist_release(out);
	if (sg_ydoc_kind(r->d, node) == SG_Y_SCALAR) {
		sg_strlist_add(out, sg_ydoc_scalar(r->d, node));
		return 0;
	}
	if (sg_ydoc_kind(r->d, node) != SG_Y_SEQ)
		return sg_ydoc_fail(r->d, node, "'%s' must be a value or a list of values", key);
	n = sg_ydoc_size(r->d, node);
	for (i = 0; i < n; i++) {
		int item = sg_ydoc_item(r->d, node, i);
		if (sg_ydoc_kind(r->d, item) != SG_Y_SCALAR)
			return sg_ydoc_fail(r->d, item, "each item of '%s' must be a single value", key);
		sg_strlist_add(out, sg_ydoc_scalar(r->d, item));
	}
	return 0;
}

static bool is_kebab(const char *s)
{
	const char *c;

	if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s))
		return false;
	for (c = s; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '-')
			return false;
	return c[-1] != '-' && !strstr(s, "--");
}

static bool is_version(const char *s)
{
	const char *c;

	if (!isdigit((unsigned char)*s))
		return false;
	for (c = s; *c; c++)
		if (!isdigit((unsigned char)*c) && !(*c == '.' && isdigit((unsigned char)c[1])))
			return false;
	return true;
}

/* ---- expectations ---- */

static int parse_expect_value(const struct reader *r, int node, const char *key, sg_expect_value *v)
{
	v->set = true;
	v->where = where_of(r, node);
	return get_values(r, node, key, &v->values);
}

static int parse_expect(const struct reader *r, int node, sg_expect *e)
{
	static const char *const keys[] = { "column", "rows", "min_rows", "equals", "in", "not_in", "min",
					    "max", "matches", "not_empty", "covers", NULL };
	struct { const char *key; sg_expect_value *v; } values[] = {
		{ "equals", &e->equals }, { "in", &e->in }, { "not_in", &e->not_in }, { "min", &e->min },
		{ "max", &e->max }, { "matches", &e->matches }, { "covers", &e->covers },
	};
	size_t i;
	int n, rc;

	if ((rc = sg_ydoc_check_keys(r->d, node, "expect", keys)) < 0)
		return rc;
	if (!sg_ydoc_size(r->d, node))
		return sg_ydoc_fail(r->d, node, "'expect' needs at least one of rows, min_rows, equals, in, "
					       "not_in, min, max, matches, not_empty, covers");
	if ((n = sg_ydoc_get(r->d, node, "column")) && (rc = get_string(r, n, "column", &e->column)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "rows")) && (rc = get_count(r, n, "rows", &e->rows)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "min_rows")) && (rc = get_count(r, n, "min_rows", &e->min_rows)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "not_empty")) && (rc = get_bool(r, n, "not_empty", &e->not_empty)) < 0)
		return rc;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		n = sg_ydoc_get(r->d, node, values[i].key);
		if (n && (rc = parse_expect_value(r, n, values[i].key, values[i].v)) < 0)
			return rc;
	}
	if (e->equals.set && e->equals.values.n != 1)
		return sg_ydoc_fail(r->d, sg_ydoc_get(r->d, node, "equals"), "'equals' takes one value");
	return 0;
}

/* ---- checks ---- */

static void expect_release(sg_expect *e)
{
	sg_expect_value *v[] = { &e->equals, &e->in, &e->not_in, &e->min, &e->max, &e->matches, &e->covers };
	size_t i;

	free(e->column);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		sg_strlist_release(&v[i]->values);
}

static void check_release(sg_check *c)
{
	free(c->id);
	free(c->title);
	free(c->rationale);
	free(c->remediation);
	free(c->privilege);
	free(c->min_version);
	free(c->max_version);
	free(c->requires);
	free(c->query);
	free(c->builtin);
	expect_release(&c->expect);
	sg_strlist_release(&c->with_keys);
	sg_strlist_release(&c->with_values);
	memset(c, 0, sizeof(*c));
}

static void check_init(sg_check *c)
{
	memset(c, 0, sizeof(*c));
	c->enabled = true;
	c->severity = SG_ERROR_SEV;
	c->expect.rows = c->expect.min_rows = -1;
}

static int parse_area(const struct reader *r, int node, enum sg_area *out)
{
	const char *s = sg_ydoc_scalar(r->d, node);
	size_t i;

	for (i = 0; s && i < sizeof(area_names) / sizeof(area_names[0]); i++) {
		if (!strcmp(s, area_names[i])) {
			*out = (enum sg_area)i;
			return 0;
		}
	}
	return sg_ydoc_fail(r->d, node, "'area' must be encryption, backup, rbac, audit or custom");
}

static int parse_engines(const struct reader *r, int node, unsigned *out)
{
	sg_strlist names = { 0 };
	size_t i;
	int rc = get_values(r, node, "engines", &names);

	*out = 0;
	for (i = 0; rc == 0 && i < names.n; i++) {
		unsigned bit = sg_engine_bit(names.v[i]);
		if (!bit)
			rc = sg_ydoc_fail(r->d, node, "unknown engine '%s' (postgres, mysql or mariadb)", names.v[i]);
		*out |= bit;
	}
	sg_strlist_release(&names);
	return rc;
}

static int parse_version_bound(const struct reader *r, int node, const char *key, char **out)
{
	int rc = get_string(r, node, key, out);

	if (rc == 0 && !is_version(*out))
		return sg_ydoc_fail(r->d, node, "'%s' must be a version such as 15, 10.5 or 8.0.16", key);
	return rc;
}

static int parse_with(const struct reader *r, int node, sg_check *c)
{
	size_t i, n = sg_ydoc_size(r->d, node);

	if (sg_ydoc_kind(r->d, node) != SG_Y_MAP)
		return sg_ydoc_fail(r->d, node, "'with' must be a mapping of parameter names to values");
	for (i = 0; i < n; i++) {
		int k = sg_ydoc_key(r->d, node, i), v = sg_ydoc_value(r->d, node, i);
		const char *value = sg_ydoc_kind(r->d, v) == SG_Y_NULL ? "" : sg_ydoc_scalar(r->d, v);
		if (!sg_ydoc_scalar(r->d, k) || !value)
			return sg_ydoc_fail(r->d, v, "each parameter in 'with' must be a single value");
		sg_strlist_add(&c->with_keys, sg_ydoc_scalar(r->d, k));
		sg_strlist_add(&c->with_values, value);
	}
	return 0;
}

/* The fields of a check entry that are plain strings. */
static int parse_texts(const struct reader *r, int node, sg_check *c)
{
	struct { const char *key; char **out; } texts[] = {
		{ "title", &c->title }, { "rationale", &c->rationale }, { "remediation", &c->remediation },
		{ "privilege", &c->privilege }, { "requires", &c->requires }, { "query", &c->query },
		{ "builtin", &c->builtin },
	};
	size_t i;
	int n, rc;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if ((n = sg_ydoc_get(r->d, node, texts[i].key)) && (rc = get_string(r, n, texts[i].key, texts[i].out)) < 0)
			return rc;
	if ((n = sg_ydoc_get(r->d, node, "query")))
		c->query_where = where_of(r, n);
	return 0;
}

static int parse_scope(const struct reader *r, int node, sg_check *c)
{
	const char *s = sg_ydoc_scalar(r->d, node);

	if (s && !strcmp(s, "server"))
		c->each_database = false;
	else if (s && !strcmp(s, "each_database"))
		c->each_database = true;
	else
		return sg_ydoc_fail(r->d, node, "'scope' must be server or each_database");
	return 0;
}

/* Fill `c` from the keys present in entry `node` (absent keys leave c as it is). */
static int parse_check_fields(const struct reader *r, int node, sg_check *c)
{
	enum sg_severity sev;
	int n, rc;

	if ((rc = parse_texts(r, node, c)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "area")) && (rc = parse_area(r, n, &c->area)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "severity"))) {
		if (!sg_ydoc_scalar(r->d, n) || sg_severity_parse(&sev, sg_ydoc_scalar(r->d, n)) < 0)
			return sg_ydoc_fail(r->d, n, "'severity' must be error, warning or info");
		c->severity = sev;
	}
	if ((n = sg_ydoc_get(r->d, node, "mandatory")) && (rc = get_bool(r, n, "mandatory", &c->mandatory)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "enabled")) && (rc = get_bool(r, n, "enabled", &c->enabled)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "engines")) && (rc = parse_engines(r, n, &c->engines)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "min_version")) &&
	    (rc = parse_version_bound(r, n, "min_version", &c->min_version)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "max_version")) &&
	    (rc = parse_version_bound(r, n, "max_version", &c->max_version)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "scope")) && (rc = parse_scope(r, n, c)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, node, "expect"))) {
		expect_release(&c->expect);
		memset(&c->expect, 0, sizeof(c->expect));
		c->expect.rows = c->expect.min_rows = -1;
		if ((rc = parse_expect(r, n, &c->expect)) < 0)
			return rc;
	}
	if ((n = sg_ydoc_get(r->d, node, "with")) && (rc = parse_with(r, n, c)) < 0)
		return rc;
	return 0;
}

static int check_complete(const struct reader *r, int node, const sg_check *c)
{
	static const char *const required[] = { "area", "title", "severity", "remediation" };
	size_t i;

	if (!c->enabled)
		return 0;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!sg_ydoc_get(r->d, node, required[i]))
			return sg_ydoc_fail(r->d, node, "check '%s' needs '%s'", c->id, required[i]);
	if (!c->query == !c->builtin)
		return sg_ydoc_fail(r->d, node, "check '%s' needs either 'query' (with 'expect') or 'builtin'", c->id);
	if (c->query && !sg_ydoc_get(r->d, node, "expect"))
		return sg_ydoc_fail(r->d, node, "check '%s' has a query but no 'expect'", c->id);
	if (c->builtin && !sg_builtin_find(c->builtin))
		return sg_ydoc_fail(r->d, sg_ydoc_get(r->d, node, "builtin"), "unknown built-in check '%s'",
				    c->builtin);
	if (c->builtin && sg_ydoc_get(r->d, node, "with"))
		return sg_ydoc_check_keys(r->d, sg_ydoc_get(r->d, node, "with"), "'with'",
					  sg_builtin_find(c->builtin)->keys);
	if (c->each_database && c->engines && c->engines != SG_ENGINE_PG)
		return sg_ydoc_fail(r->d, sg_ydoc_get(r->d, node, "scope"),
				    "'scope: each_database' is for PostgreSQL checks");
	return 0;
}

static sg_check *find_check(sg_policy_packs *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nr_checks; i++)
		if (!strcmp(p->checks[i].id, id))
			return &p->checks[i];
	return NULL;
}

/*
 * An entry with a query or a built-in defines a check (replacing one of
 * the same id); one without changes the fields it names of an inherited
 * check: `{id: x, severity: warning}`, `{id: x, enabled: false}`.
 */
static int parse_check(struct reader *r, int node, unsigned pack_engines)
{
	static const char *const keys[] = { "id", "area", "title", "severity", "mandatory", "rationale",
					    "remediation", "privilege", "engines", "min_version", "max_version",
					    "scope", "requires", "query", "expect", "builtin", "with", "enabled",
					    NULL };
	int idn, rc;
	sg_check c, *old;
	const char *id;

	if ((rc = sg_ydoc_check_keys(r->d, node, "a check", keys)) < 0)
		return rc;
	idn = sg_ydoc_get(r->d, node, "id");
	id = sg_ydoc_scalar(r->d, idn);
	if (!idn)
		return sg_ydoc_fail(r->d, node, "a check needs an 'id'");
	if (!id || !is_kebab(id) || !strncmp(id, "policy-", 7))
		return sg_ydoc_fail(r->d, idn, "a check id is kebab-case (rbac-superusers) and does not "
					       "start with 'policy-'");
	old = find_check(r->p, id);
	if (old && !sg_ydoc_get(r->d, node, "query") && !sg_ydoc_get(r->d, node, "builtin"))
		return parse_check_fields(r, node, old);
	check_init(&c);
	c.id = xstrdup(id);
	c.engines = pack_engines;
	c.where = where_of(r, idn);
	if ((rc = parse_check_fields(r, node, &c)) < 0 || (rc = check_complete(r, node, &c)) < 0) {
		check_release(&c);
		return rc;
	}
	if (old) {
		check_release(old);
		*old = c;
		return 0;
	}
	r->p->checks = xrealloc(r->p->checks, (r->p->nr_checks + 1) * sizeof(*r->p->checks));
	r->p->checks[r->p->nr_checks++] = c;
	return 0;
}

static int parse_checks(struct reader *r, int node, unsigned pack_engines)
{
	size_t i, n = sg_ydoc_size(r->d, node);
	int rc;

	if (sg_ydoc_kind(r->d, node) != SG_Y_SEQ)
		return sg_ydoc_fail(r->d, node, "'checks' must be a list of checks");
	for (i = 0; i < n; i++)
		if ((rc = parse_check(r, sg_ydoc_item(r->d, node, i), pack_engines)) < 0)
			return rc;
	return 0;
}

/* ---- parameters ---- */

static sg_param *find_param(sg_policy_packs *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nr_params; i++)
		if (!strcmp(p->params[i].name, name))
			return &p->params[i];
	return NULL;
}

const sg_param *sg_packs_param(const sg_policy_packs *p, const char *name)
{
	return find_param((sg_policy_packs *)p, name);
}

static int parse_params(struct reader *r, int node)
{
	size_t i, n = sg_ydoc_size(r->d, node);
	int rc;

	if (sg_ydoc_kind(r->d, node) != SG_Y_MAP)
		return sg_ydoc_fail(r->d, node, "'params' must be a mapping of names to values");
	for (i = 0; i < n; i++) {
		int k = sg_ydoc_key(r->d, node, i), v = sg_ydoc_value(r->d, node, i);
		const char *name = sg_ydoc_scalar(r->d, k);
		sg_param *prm;

		if (!name || !*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name))
			return sg_ydoc_fail(r->d, k, "a parameter name is lower_case_with_underscores");
		if (!(prm = find_param(r->p, name))) {
			r->p->params = xrealloc(r->p->params, (r->p->nr_params + 1) * sizeof(*r->p->params));
			prm = &r->p->params[r->p->nr_params++];
			memset(prm, 0, sizeof(*prm));
			prm->name = xstrdup(name);
		}
		prm->where = where_of(r, v);
		prm->list = sg_ydoc_kind(r->d, v) == SG_Y_SEQ;
		if (sg_ydoc_kind(r->d, v) == SG_Y_NULL) {
			sg_strlist_release(&prm->values);
			sg_strlist_add(&prm->values, "");
		} else if ((rc = get_values(r, v, name, &prm->values)) < 0) {
			return rc;
		}
	}
	return 0;
}

int sg_packs_set_param(sg_policy_packs *p, const char *name, const char *value, const char *origin)
{
	sg_param *prm = find_param(p, name);
	const char *s = value, *comma;

	if (!prm)
		return sg_error_set(SG_EINVALID, "%s: no pack being run has a parameter '%s'", origin, name);
	sg_strlist_release(&prm->values);
	if (!prm->list) {
		sg_strlist_add(&prm->values, value);
		return 0;
	}
	while (*s) {
		char *item;
		comma = strchr(s, ',');
		item = xstrndup(s, comma ? (size_t)(comma - s) : strlen(s));
		sg_strlist_add(&prm->values, item);
		free(item);
		if (!comma)
			break;
		s = comma + 1;
	}
	return 0;
}

/* ---- packs ---- */

static const sg_builtin_pack *builtin_pack(const char *name, unsigned engine)
{
	const char *family = engine == SG_ENGINE_PG ? "postgres/" : engine ? "mysql/" : NULL;
	size_t i;

	for (i = 0; i < sg_nr_builtin_packs; i++) {
		const char *n = sg_builtin_packs[i].name;
		if (!strcmp(n, name) ||
		    (family && !strncmp(n, family, strlen(family)) && !strcmp(n + strlen(family), name)))
			return &sg_builtin_packs[i];
	}
	return NULL;
}

bool sg_pack_spec_is_file(const char *spec)
{
	size_t n = strlen(spec);

	return strchr(spec, '/') || (n > 5 && (!strcmp(spec + n - 5, ".yaml") || !strcmp(spec + n - 4, ".yml")));
}

static const char *keep_file(sg_policy_packs *p, const char *path)
{
	p->files = xrealloc(p->files, (p->nr_files + 1) * sizeof(*p->files));
	p->files[p->nr_files] = xstrdup(path);
	return p->files[p->nr_files++];
}

static int load_spec(sg_policy_packs *p, const char *spec, const char *relative_to, unsigned engine, int depth);

/* `extends: NAME` from a file: a file next to it, or a built-in pack. */
static int load_parent(struct reader *r, int node)
{
	const char *spec = sg_ydoc_scalar(r->d, node);
	char *dir = NULL;
	int rc;

	if (sg_ydoc_kind(r->d, node) != SG_Y_SCALAR)
		return sg_ydoc_fail(r->d, node, "'extends' must name one pack");
	if (r->depth >= MAX_EXTENDS)
		return sg_ydoc_fail(r->d, node, "packs extend each other more than %d deep (a cycle?)", MAX_EXTENDS);
	if (sg_pack_spec_is_file(spec) && strchr(r->file, '/') && spec[0] != '/')
		dir = xstrndup(r->file, (size_t)(strrchr(r->file, '/') - r->file));
	rc = load_spec(r->p, spec, dir, r->engine, r->depth + 1);
	free(dir);
	if (rc == SG_ENOTFOUND)
		return sg_ydoc_fail(r->d, node, "%s", sg_error_last());
	return rc;
}

static bool engine_mismatch(const sg_policy_packs *p, unsigned engines)
{
	return p->engine && !(p->engine & engines);
}

static int parse_pack_engine(struct reader *r, int root, unsigned *engines)
{
	int n = sg_ydoc_get(r->d, root, "engine");
	const char *s = sg_ydoc_scalar(r->d, n);

	if (!n)
		return sg_ydoc_fail(r->d, root, "a pack needs 'engine: postgres' or 'engine: mysql'");
	if (s && !strcmp(s, "postgres"))
		*engines = SG_ENGINE_PG;
	else if (s && !strcmp(s, "mysql"))
		*engines = SG_ENGINE_MYSQL | SG_ENGINE_MARIADB;
	else
		return sg_ydoc_fail(r->d, n, "'engine' must be postgres or mysql (MySQL and MariaDB)");
	if (r->engine && !(*engines & r->engine))
		return sg_ydoc_fail(r->d, n, "this pack is for %s servers; the database is %s", s,
				    r->engine == SG_ENGINE_PG ? "PostgreSQL" : r->engine == SG_ENGINE_MYSQL ? "MySQL" : "MariaDB");
	if (engine_mismatch(r->p, *engines))
		return sg_ydoc_fail(r->d, n, "packs for different engines cannot run together");
	return 0;
}

static int parse_pack(struct reader *r)
{
	static const char *const keys[] = { "pack", "engine", "version", "extends", "description", "params",
					    "checks", NULL };
	int root = sg_ydoc_root(r->d), n, rc;
	unsigned engines = 0;
	char *name = NULL;

	if (!root)
		return sg_error_set(SG_EINVALID, "%s:1:1: the pack is empty", r->file);
	if ((rc = sg_ydoc_check_keys(r->d, root, "a pack", keys)) < 0)
		return rc;
	if (!(n = sg_ydoc_get(r->d, root, "pack")))
		return sg_ydoc_fail(r->d, root, "a pack needs a name ('pack: NAME')");
	if ((rc = get_string(r, n, "pack", &name)) < 0)
		return rc;
	r->p->names = xrealloc(r->p->names, (r->p->nr_names + 1) * sizeof(*r->p->names));
	r->p->names[r->p->nr_names++] = name;
	if ((rc = parse_pack_engine(r, root, &engines)) < 0)
		return rc;
	r->p->engine = engines;
	if ((n = sg_ydoc_get(r->d, root, "extends")) && (rc = load_parent(r, n)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, root, "params")) && (rc = parse_params(r, n)) < 0)
		return rc;
	if ((n = sg_ydoc_get(r->d, root, "checks")) && (rc = parse_checks(r, n, engines)) < 0)
		return rc;
	return 0;
}

static int load_text(sg_policy_packs *p, const char *file, const char *text, size_t len, unsigned engine,
		     int depth)
{
	struct reader r = { p, NULL, keep_file(p, file), engine, depth };
	int rc = sg_ydoc_load(&r.d, r.file, text, len);

	if (rc == 0)
		rc = parse_pack(&r);
	sg_ydoc_free(r.d);
	return rc;
}

static int load_spec(sg_policy_packs *p, const char *spec, const char *relative_to, unsigned engine, int depth)
{
	const sg_builtin_pack *b = sg_pack_spec_is_file(spec) ? NULL : builtin_pack(spec, engine);
	sbuf path = SBUF_INIT;
	char *data = NULL;
	size_t len;
	int rc;

	if (b)
		return load_text(p, b->path, b->text, strlen(b->text), engine, depth);
	if (!sg_pack_spec_is_file(spec))
		return sg_error_set(SG_ENOTFOUND, "no built-in pack '%s'%s (built-in: baseline, cis; or a "
						  "pack file: NAME.yaml)", spec,
				    engine == SG_ENGINE_PG ? " for PostgreSQL" : engine ? " for MySQL/MariaDB" : "");
	if (relative_to)
		sbuf_addf(&path, "%s/", relative_to);
	sbuf_adds(&path, spec);
	rc = sg_read_file(path.buf, MAX_PACK_BYTES, &data, &len);
	if (rc == 0)
		rc = load_text(p, path.buf, data, len, engine, depth);
	else
		rc = sg_error_set(SG_ENOTFOUND, "cannot read the pack '%s': %s", path.buf, sg_error_last());
	free(data);
	sbuf_release(&path);
	return rc;
}

int sg_packs_load(sg_policy_packs *p, const char *spec, unsigned engine)
{
	return load_spec(p, spec, NULL, engine, 0);
}

void sg_packs_release(sg_policy_packs *p)
{
	size_t i;

	for (i = 0; i < p->nr_checks; i++)
		check_release(&p->checks[i]);
	free(p->checks);
	for (i = 0; i < p->nr_params; i++) {
		free(p->params[i].name);
		sg_strlist_release(&p->params[i].values);
	}
	free(p->params);
	for (i = 0; i < p->nr_files; i++)
		free(p->files[i]);
	free(p->files);
	for (i = 0; i < p->nr_names; i++)
		free(p->names[i]);
	free(p->names);
	memset(p, 0, sizeof(*p));
}
