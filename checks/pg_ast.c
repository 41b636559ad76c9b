/*
 * The one place that reads libpg_query's JSON trees with cJSON (see
 * pg_ast.h). A wrapped node is an object with exactly one member whose
 * name starts with an upper-case letter; field look-ups unwrap it.
 */
#include "checks/pg_ast.h"

#include "core/xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define J(n) ((const cJSON *)(n))
#define N(j) ((const sg_node *)(j))

/* cJSON refuses documents nested deeper than this, so no walk goes deeper. */
#define AST_MAX_DEPTH CJSON_NESTING_LIMIT

/*
 * Trees are built in an arena: cJSON makes one allocation per value and
 * per string, and freeing them one by one cost as much as parsing. The
 * arena's first allocation is the root item (cJSON allocates it before
 * anything else), so the root finds its arena again, and a tree is freed
 * in a few calls. The arena in use is per thread, so files can be parsed
 * on several threads at once.
 */
struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct arena {
	struct chunk *chunks;
};

#define CHUNK_SIZE ((size_t)64 << 10)
#define ALIGN(n) (((n) + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1))

static _Thread_local struct arena *current;

static struct chunk *chunk_new(size_t size, struct chunk *next)
{
	struct chunk *c = xmalloc(sizeof(*c) + size);

	c->next = next;
	c->used = 0;
	c->size = size;
	return c;
}

static void *arena_alloc(size_t n)
{
	struct chunk *c = current->chunks;
	void *p;

	n = ALIGN(n ? n : 1);
	if (c->used + n > c->size) {
		if (n > CHUNK_SIZE / 4) {
			/* A big string: its own chunk, behind the one being filled. */
			struct chunk *big = chunk_new(n, c->next);
			c->next = big;
			big->used = n;
			return big->data;
		}
		c = current->chunks = chunk_new(CHUNK_SIZE, c);
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void arena_free(void *p)
{
	(void)p; /* released with the whole arena */
}

/* The arena's header is its first allocation; cJSON's root item the second. */
#define HEAD_SIZE ALIGN(sizeof(struct arena))

static void arena_release(struct arena *a)
{
	struct chunk *c = a->chunks, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
}

sg_node *ast_parse_json(const char *json)
{
	static cJSON_Hooks hooks = { arena_alloc, arena_free };
	struct arena *saved = current, tmp;
	struct chunk *first = chunk_new(CHUNK_SIZE, NULL);
	struct arena *a;
	cJSON *root;

	cJSON_InitHooks(&hooks);
	tmp.chunks = first;
	current = &tmp;
	a = arena_alloc(sizeof(*a));
	root = cJSON_ParseWithOpts(json, NULL, 0);
	current = saved;
	a->chunks = tmp.chunks;
	if (!root || (char *)root != (char *)first->data + HEAD_SIZE) {
		arena_release(a);
		return NULL;
	}
	return (sg_node *)root;
}

void ast_free(sg_node *root)
{
	if (root)
		arena_release((struct arena *)((char *)root - HEAD_SIZE));
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
	/* Rules look fields up on every statement: compare a first byte first. */
	for (c = j->child; c; c = c->next)
		if (c->string[0] == name[0] && !strcmp(c->string, name))
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
