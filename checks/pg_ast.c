/*
 * libpg_query's JSON trees, read into nodes made for the way rules use
 * them (see pg_ast.h).
 *
 * Why not a general JSON library: rules look fields up by name on every
 * statement, and with cJSON the parse, its allocations and the name
 * comparisons cost more than libpg_query's own parse. Here the document
 * is copied once and its strings are decoded in place, nodes come from
 * an arena that is released in a few calls, every member keeps a hash of
 * its name so a look-up compares strings only on a hash match, and each
 * object knows whether it is a wrapped node ({"ColumnDef": {...}}).
 */
#include "checks/pg_ast.h"

#include "core/text.h"
#include "core/xalloc.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper documents are refused, so that no walk below recurses further. */
#define AST_MAX_DEPTH 1000

enum node_type { T_NULL, T_FALSE, T_TRUE, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT };
_Static_assert(T_FALSE == (int)AST_FALSE && T_OBJECT == (int)AST_OBJECT,
	       "ast_build_type names the same values");

struct sg_node {
	struct sg_node *next;  /* next member or array item */
	struct sg_node *child; /* first member or item */
	const char *key;       /* member name; NULL for array items */
	const char *str;       /* T_STRING */
	int num;               /* T_NUMBER, saturated to int */
	uint32_t hash;         /* of key */
	unsigned char type;
	bool wrapped; /* object whose only member is an upper-case-named object */
};

/*
 * A tree's memory: chunks filled from the front, released together. The
 * arena header is the first allocation of the first chunk and the root
 * node the second, so ast_free finds the arena from the root.
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
#define HEAD_SIZE ALIGN(sizeof(struct arena))

static struct chunk *chunk_new(size_t size, struct chunk *next)
{
	struct chunk *c = xmalloc(sizeof(*c) + size);

	c->next = next;
	c->used = 0;
	c->size = size;
	return c;
}

static void *arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->chunks;
	void *p;

	n = ALIGN(n ? n : 1);
	if (c->used + n > c->size) {
		if (n > CHUNK_SIZE / 4) {
			/* A big block: its own chunk, behind the one being filled. */
			struct chunk *big = chunk_new(n, c->next);
			c->next = big;
			big->used = n;
			return big->data;
		}
		c = a->chunks = chunk_new(CHUNK_SIZE, c);
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void arena_release(struct arena *a)
{
	struct chunk *c = a->chunks, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* ---- the reader ---- */

struct reader {
	struct arena *arena;
	char *p; /* in the private copy of the document */
};

static void skip_space(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r')
		r->p++;
}

static bool read_hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int d = hex_digit_value(s[i]);
		if (d < 0)
			return false;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return true;
}

static char *put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xC0 | cp >> 6);
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xE0 | cp >> 12);
		*w++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*w++ = (char)(0xF0 | cp >> 18);
		*w++ = (char)(0x80 | (cp >> 12 & 0x3F));
		*w++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*w++ = (char)(0x80 | (cp & 0x3F));
	}
	return w;
}

/* A \u escape at r->p (after the backslash-u); a surrogate pair reads two. */
static bool read_unicode_escape(struct reader *r, char **w)
{
	unsigned cp, low;

	if (!read_hex4(r->p, &cp))
		return false;
	r->p += 4;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (r->p[0] != '\\' || r->p[1] != 'u' || !read_hex4(r->p + 2, &low) ||
		    low < 0xDC00 || low > 0xDFFF)
			return false;
		r->p += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
	} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
		return false;
	}
	/* Decoded bytes never outgrow the escape they come from. */
	*w = put_utf8(*w, cp);
	return true;
}

/*
 * A string at r->p (on its opening quote), decoded in place: the result
 * starts after the quote and is terminated where the decoding ended,
 * which is never past the closing quote.
 */
static const char *read_string(struct reader *r)
{
	char *start = ++r->p, *w = start;

	for (;;) {
		char c = *r->p;

		if (c == '"')
			break;
		if (c == '\0' || (unsigned char)c < 0x20)
			return NULL;
		r->p++;
		if (c != '\\') {
			*w++ = c;
			continue;
		}
		c = *r->p++;
		switch (c) {
		case '"': case '\\': case '/': *w++ = c; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (!read_unicode_escape(r, &w))
				return NULL;
			break;
		default:
			return NULL;
		}
	}
	r->p++;
	*w = '\0';
	return start;
}

/* Numbers are locations and small integers: read those without strtod. */
static bool read_number(struct reader *r, int *out)
{
	const char *s = r->p;
	bool negative = *s == '-';
	long long v = 0;
	char *end;
	double d;

	s += negative;
	while (*s >= '0' && *s <= '9' && v <= INT_MAX)
		v = v * 10 + (*s++ - '0');
	if (s > r->p + negative && *s != '.' && *s != 'e' && *s != 'E' && v <= INT_MAX) {
		r->p = (char *)s;
		*out = (int)(negative ? -v : v);
		return true;
	}
	d = strtod(r->p, &end);
	if (end == r->p)
		return false;
	r->p = end;
	*out = d >= INT_MAX ? INT_MAX : d <= INT_MIN ? INT_MIN : (int)d;
	return true;
}

static bool read_literal(struct reader *r, const char *word, size_t len)
{
	if (strncmp(r->p, word, len))
		return false;
	r->p += len;
	return true;
}

static bool read_value(struct reader *r, struct sg_node *n, int depth);

/* {"ColumnDef": {...}}: one member, an object named with a capital. */
static bool is_wrapping(const sg_node *n)
{
	return n->child && !n->child->next && n->child->type == T_OBJECT &&
	       n->child->key[0] >= 'A' && n->child->key[0] <= 'Z';
}

static bool read_members(struct reader *r, struct sg_node *n, int depth)
{
	struct sg_node **tail = &n->child;

	r->p++;
	skip_space(r);
	if (*r->p == '}') {
		r->p++;
		return true;
	}
	for (;;) {
		struct sg_node *m = arena_alloc(r->arena, sizeof(*m));

		memset(m, 0, sizeof(*m));
		if (*r->p != '"' || !(m->key = read_string(r)))
			return false;
		m->hash = name_hash(m->key);
		skip_space(r);
		if (*r->p++ != ':')
			return false;
		skip_space(r);
		if (!read_value(r, m, depth + 1))
			return false;
		*tail = m;
		tail = &m->next;
		skip_space(r);
		if (*r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (*r->p++ != '}')
			return false;
		break;
	}
	n->wrapped = is_wrapping(n);
	return true;
}

static bool read_items(struct reader *r, struct sg_node *n, int depth)
{
	struct sg_node **tail = &n->child;

	r->p++;
	skip_space(r);
	if (*r->p == ']') {
		r->p++;
		return true;
	}
	for (;;) {
		struct sg_node *item = arena_alloc(r->arena, sizeof(*item));

		memset(item, 0, sizeof(*item));
		if (!read_value(r, item, depth + 1))
			return false;
		*tail = item;
		tail = &item->next;
		skip_space(r);
		if (*r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		return *r->p++ == ']';
	}
}

static bool read_value(struct reader *r, struct sg_node *n, int depth)
{
	if (depth > AST_MAX_DEPTH)
		return false;
	switch (*r->p) {
	case '{':
		n->type = T_OBJECT;
		return read_members(r, n, depth);
	case '[':
		n->type = T_ARRAY;
		return read_items(r, n, depth);
	case '"':
		n->type = T_STRING;
		return (n->str = read_string(r)) != NULL;
	case 't':
		n->type = T_TRUE;
		return read_literal(r, "true", 4);
	case 'f':
		n->type = T_FALSE;
		return read_literal(r, "false", 5);
	case 'n':
		n->type = T_NULL;
		return read_literal(r, "null", 4);
	default:
		n->type = T_NUMBER;
		return (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) && read_number(r, &n->num);
	}
}

/* ---- building ---- */

sg_node *ast_build_root(void)
{
	struct chunk *first = chunk_new(CHUNK_SIZE, NULL);
	struct arena *a = (struct arena *)first->data;
	sg_node *root;

	first->used = HEAD_SIZE;
	a->chunks = first;
	root = arena_alloc(a, sizeof(*root));
	memset(root, 0, sizeof(*root));
	root->type = T_OBJECT;
	return root;
}

static struct arena *arena_of(sg_node *root)
{
	return (struct arena *)((char *)root - HEAD_SIZE);
}

sg_node *ast_parse_json(const char *json)
{
	sg_node *root = ast_build_root();
	size_t len = strlen(json);
	struct reader r;

	r.arena = arena_of(root);
	r.p = memcpy(arena_alloc(r.arena, len + 1), json, len + 1);
	skip_space(&r);
	if (!read_value(&r, root, 0) || (skip_space(&r), *r.p != '\0')) {
		ast_free(root);
		return NULL;
	}
	return root;
}

sg_node *ast_build_add(sg_node *root, sg_node *parent, sg_node *last, const char *key,
		       enum ast_build_type type)
{
	sg_node *n = arena_alloc(arena_of(root), sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = (unsigned char)type;
	if (key) {
		n->key = key;
		n->hash = name_hash(key);
	}
	if (last)
		last->next = n;
	else
		parent->child = n;
	return n;
}

void ast_build_string(sg_node *root, sg_node *n, const char *s)
{
	size_t len = strlen(s);

	n->str = memcpy(arena_alloc(arena_of(root), len + 1), s, len + 1);
}

void ast_build_number(sg_node *n, long long v)
{
	n->num = v >= INT_MAX ? INT_MAX : v <= INT_MIN ? INT_MIN : (int)v;
}

void ast_build_object_done(sg_node *obj)
{
	obj->wrapped = is_wrapping(obj);
}

static const char *type_name(const sg_node *n)
{
	static const char *const names[] = { "null", "false", "true", "number", "string", "array",
					     "object" };
	return n ? names[n->type] : "nothing";
}

/* The first difference below `a` and `b` (their children), written into `path`. */
static bool differ(const sg_node *a, const sg_node *b, char *path, size_t size, size_t at)
{
	size_t i = 0;

	for (; a || b; a = a ? a->next : NULL, b = b ? b->next : NULL, i++) {
		const char *what = NULL;
		int n = a && a->key ? snprintf(path + at, size - at, "/%s", a->key)
				    : snprintf(path + at, size - at, "/%zu", i);
		size_t end = n < 0 || (size_t)n >= size - at ? size - 1 : at + (size_t)n;

		if (!a || !b || a->type != b->type)
			what = "type";
		else if (!a->key != !b->key || (a->key && strcmp(a->key, b->key)))
			what = "key";
		else if ((a->type == T_STRING && strcmp(a->str, b->str)) ||
			 (a->type == T_NUMBER && a->num != b->num))
			what = "value";
		else if (a->wrapped != b->wrapped)
			what = "wrapping";
		if (what) {
			snprintf(path + end, size - end, ": %s %s %s (%s / %s)", what, type_name(a),
				 type_name(b), a && a->type == T_STRING ? a->str : "",
				 b && b->type == T_STRING ? b->str : "");
			return true;
		}
		if (differ(a->child, b->child, path, size, end))
			return true;
	}
	return false;
}

bool ast_diff(const sg_node *a, const sg_node *b, char *path, size_t size)
{
	path[0] = '\0';
	return differ(a ? a->child : NULL, b ? b->child : NULL, path, size, 0) ||
	       (a && b && a->type != b->type);
}

void ast_free(sg_node *root)
{
	if (root)
		arena_release(arena_of(root));
}

/* ---- accessors ---- */

static const sg_node *unwrap(const sg_node *n)
{
	return n && n->wrapped ? n->child : n;
}

static bool is_container(const sg_node *n)
{
	return n->type == T_OBJECT || n->type == T_ARRAY;
}

const char *ast_tag(const sg_node *n)
{
	return n && n->wrapped ? n->child->key : NULL;
}

bool ast_is(const sg_node *n, const char *tag)
{
	const char *t = ast_tag(n);
	return t && (t == tag || !strcmp(t, tag)); /* see member() on equal addresses */
}

/*
 * Trees read from PostgreSQL's structs (pg_raw.c) name their members with
 * string literals, which the linker merges with the rules' own: most
 * look-ups find their member by address before any name is hashed.
 */
static const sg_node *member(const sg_node *obj, const char *name)
{
	uint32_t h;
	const sg_node *c;

	for (c = obj->child; c; c = c->next)
		if (c->key == name)
			return c;
	h = name_hash(name);
	for (c = obj->child; c; c = c->next)
		if (c->hash == h && !strcmp(c->key, name))
			return c;
	return NULL;
}

const sg_node *ast_field(const sg_node *n, const char *name)
{
	n = unwrap(n);
	return n && n->type == T_OBJECT ? member(n, name) : NULL;
}

const char *ast_sval(const sg_node *n)
{
	const sg_node *s;

	n = unwrap(n);
	if (!n)
		return NULL;
	if (n->type == T_STRING)
		return n->str;
	if (n->type != T_OBJECT)
		return NULL;
	/* {"A_Const": {"sval": {"sval": "..."}}} */
	if (n->key && !strcmp(n->key, "A_Const") && !(n = member(n, "sval")))
		return NULL;
	if (n->type != T_OBJECT)
		return NULL;
	s = member(n, "sval");
	return s && s->type == T_STRING ? s->str : NULL;
}

const char *ast_str(const sg_node *n, const char *name)
{
	const sg_node *f = ast_field(n, name);

	if (!f)
		return NULL;
	if (f->type == T_STRING)
		return f->str;
	return ast_sval(f);
}

int ast_int(const sg_node *n, const char *name, int dflt)
{
	const sg_node *f = ast_field(n, name);
	return f && f->type == T_NUMBER ? f->num : dflt;
}

bool ast_bool(const sg_node *n, const char *name)
{
	const sg_node *f = ast_field(n, name);
	return f && f->type == T_TRUE;
}

int ast_location(const sg_node *n)
{
	/* libpg_query omits zero fields, so offset 0 reads as "none" (-1) too. */
	return ast_int(n, "location", -1);
}

static void min_location(const sg_node *n, int *best)
{
	const sg_node *c;

	for (c = n->child; c; c = c->next) {
		if (c->type == T_NUMBER && c->key && !strcmp(c->key, "location")) {
			if (c->num >= 0 && (*best < 0 || c->num < *best))
				*best = c->num;
		} else if (is_container(c)) {
			min_location(c, best);
		}
	}
}

int ast_min_location(const sg_node *n)
{
	int best = -1;

	if (n)
		min_location(n, &best);
	return best;
}

const sg_node *ast_list(const sg_node *n, const char *name)
{
	const sg_node *f = ast_field(n, name);

	if (f && ast_is(f, "List"))
		f = member(f->child, "items");
	return f && f->type == T_ARRAY ? f : NULL;
}

const sg_node *ast_first(const sg_node *list)
{
	return list && list->type == T_ARRAY ? list->child : NULL;
}

const sg_node *ast_next(const sg_node *item)
{
	return item ? item->next : NULL;
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

static bool walk(const sg_node *n, ast_visit_fn fn, void *data)
{
	const sg_node *c;

	if (n->wrapped) {
		if (fn(n, n->child->key, data))
			return true;
		n = n->child;
	}
	for (c = n->child; c; c = c->next)
		if (is_container(c) && walk(c, fn, data))
			return true;
	return false;
}

bool ast_walk(const sg_node *n, ast_visit_fn fn, void *data)
{
	return n ? walk(n, fn, data) : false;
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
