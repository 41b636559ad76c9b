/*
 * The one place that reads libpg_query's JSON trees with cJSON (see
 * pg_ast.h). A wrapped node is an object with exactly one member whose
 * name starts with an upper-case letter; field look-ups unwrap it.
 */
#include "checks/pg_ast.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <string.h>

#define J(n) ((const cJSON *)(n))
#define N(j) ((const sg_node *)(j))

/* cJSON refuses documents nested deeper than this, so no walk goes deeper. */
#define AST_MAX_DEPTH CJSON_NESTING_LIMIT

sg_node *ast_parse_json(const char *json)
{
	return (sg_node *)cJSON_ParseWithOpts(json, NULL, 0);
}

void ast_free(sg_node *root)
{
	cJSON_Delete((cJSON *)root);
}

static const cJSON *unwrap(const cJSON *j)
{
	if (j && cJSON_IsObject(j) && j->child && !j->child->next && j->child->string &&
	    isupper((unsigned char)j->child->string[0]) && cJSON_IsObject(j->child))
		return j->child;
	return j;
}

const char *ast_tag(const sg_node *n)
{
	const cJSON *j = J(n);
	const cJSON *inner = unwrap(j);

	return inner != j ? inner->string : NULL;
}

bool ast_is(const sg_node *n, const char *tag)
{
	const char *t = ast_tag(n);
	return t && !strcmp(t, tag);
}

const sg_node *ast_field(const sg_node *n, const char *name)
{
	const cJSON *j = unwrap(J(n));
	const cJSON *c;

	if (!j || !cJSON_IsObject(j))
		return NULL;
	for (c = j->child; c; c = c->next)
		if (!strcmp(c->string, name))
			return N(c);
	return NULL;
}

const char *ast_sval(const sg_node *n)
{
	const cJSON *j = unwrap(J(n));
	const cJSON *s;

	if (!j)
		return NULL;
	if (cJSON_IsString(j))
		return j->valuestring;
	if (j->string && !strcmp(j->string, "A_Const")) {
		j = cJSON_GetObjectItemCaseSensitive(j, "sval");
		if (!j)
			return NULL;
	}
	s = cJSON_GetObjectItemCaseSensitive(j, "sval");
	return cJSON_IsString(s) ? s->valuestring : NULL;
}

const char *ast_str(const sg_node *n, const char *name)
{
	const cJSON *f = J(ast_field(n, name));

	if (!f)
		return NULL;
	if (cJSON_IsString(f))
		return f->valuestring;
	return ast_sval(N(f));
}

int ast_int(const sg_node *n, const char *name, int dflt)
{
	const cJSON *f = J(ast_field(n, name));

	if (f && cJSON_IsNumber(f))
		return f->valueint;
	return dflt;
}

bool ast_bool(const sg_node *n, const char *name)
{
	const cJSON *f = J(ast_field(n, name));
	return f && cJSON_IsTrue(f);
}

int ast_location(const sg_node *n)
{
	const cJSON *f = J(ast_field(n, "location"));

	/* libpg_query omits zero fields, so offset 0 reads as "none" (-1) too. */
	return f && cJSON_IsNumber(f) ? f->valueint : -1;
}

static void min_location(const cJSON *j, int *best, int depth)
{
	const cJSON *c;

	if (depth > AST_MAX_DEPTH)
		return;
	for (c = j->child; c; c = c->next) {
		if (c->string && !strcmp(c->string, "location") && cJSON_IsNumber(c)) {
			if (c->valueint >= 0 && (*best < 0 || c->valueint < *best))
				*best = c->valueint;
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			min_location(c, best, depth + 1);
		}
	}
}

int ast_min_location(const sg_node *n)
{
	int best = -1;

	if (n)
		min_location(J(n), &best, 0);
	return best;
}

const sg_node *ast_list(const sg_node *n, const char *name)
{
	const cJSON *f = J(ast_field(n, name));

	if (f && cJSON_IsObject(f) && ast_is(N(f), "List"))
		f = cJSON_GetObjectItemCaseSensitive(f->child, "items");
	return f && cJSON_IsArray(f) ? N(f) : NULL;
}

const sg_node *ast_first(const sg_node *list)
{
	return list && cJSON_IsArray(J(list)) ? N(J(list)->child) : NULL;
}

const sg_node *ast_next(const sg_node *item)
{
	return item ? N(J(item)->next) : NULL;
}

size_t ast_len(const sg_node *list)
{
	size_t n = 0;

	AST_EACH(it, list)
		n++;
	return n;
}

const sg_node *ast_nth(const sg_node *list, size_t i)
{
	AST_EACH(it, list)
		if (i-- == 0)
			return it;
	return NULL;
}

const char *ast_name_last(const sg_node *names)
{
	const sg_node *last = NULL;

	AST_EACH(it, names)
		last = it;
	return last ? ast_sval(last) : NULL;
}

const char *ast_name_qualifier(const sg_node *names)
{
	size_t n = ast_len(names);

	return n >= 2 ? ast_sval(ast_nth(names, n - 2)) : NULL;
}

static bool walk(const cJSON *j, ast_visit_fn fn, void *data, int depth)
{
	const cJSON *c;

	if (depth > AST_MAX_DEPTH)
		return false;
	if (cJSON_IsObject(j) && unwrap(j) != j) {
		if (fn(N(j), j->child->string, data))
			return true;
		j = j->child;
	}
	for (c = j->child; c; c = c->next)
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && walk(c, fn, data, depth + 1))
			return true;
	return false;
}

bool ast_walk(const sg_node *n, ast_visit_fn fn, void *data)
{
	return n ? walk(J(n), fn, data, 0) : false;
}

struct find_state {
	const char *tag;
	const sg_node *found;
};

static bool find_visit(const sg_node *node, const char *tag, void *data)
{
	struct find_state *st = data;

	if (strcmp(tag, st->tag))
		return false;
	st->found = node;
	return true;
}

const sg_node *ast_find(const sg_node *n, const char *tag)
{
	struct find_state st = { tag, NULL };

	ast_walk(n, find_visit, &st);
	return st.found;
}
