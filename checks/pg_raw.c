/*
 * PostgreSQL's own parse tree, read into the tree the rules use (see
 * pg_raw.h), without libpg_query's JSON in between.
 *
 * Why: for a migration of ordinary DDL, libpg_query's raw parse is a
 * third of pg_query_parse; the rest is writing the tree out as JSON,
 * about five times the size of the SQL, which pg_ast.c then reads back.
 * Reading the C structs directly takes neither step.
 *
 * The shape is exactly the JSON's: the per-node code is generated from
 * PostgreSQL 15's node headers and libpg_query's own list of each node's
 * fields, pg_query.proto (checks/gen_pg_nodes.py); this file holds
 * what the generator cannot know (lists, the value nodes, A_Const), and
 * tests/unit/test_pg_raw.c checks both readings agree on the PostgreSQL
 * regression suite. A node this reader does not know makes it give up,
 * and the caller parses the JSON instead.
 *
 * This is the only file built against PostgreSQL's server headers.
 */
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"
#include "nodes/value.h"
#include <pg_query.h>
#include <pg_query/pg_query_internal.h>

#include "checks/pg_raw.h"

/* Deeper trees are refused, as pg_ast.c refuses deeper JSON. */
#define RAW_MAX_DEPTH 1000

struct raw {
	sg_node *root;
	int depth;
	bool too_deep; /* else a failure is raw_unsupported */
};

typedef int (*raw_fields_fn)(struct raw *r, sg_node *obj, const void *node);

static int raw_node(struct raw *r, sg_node *obj, sg_node **last, const char *key, const void *node);
static int raw_list(struct raw *r, sg_node *obj, sg_node **last, const char *key, const List *list);
static int raw_object(struct raw *r, sg_node *obj, sg_node **last, const char *key, const void *node,
		      raw_fields_fn fields);

static sg_node *raw_add(struct raw *r, sg_node *parent, sg_node **last, const char *key,
			enum ast_build_type type)
{
	return *last = ast_build_add(r->root, parent, *last, key, type);
}

/* A node or value this reader does not know: the caller falls back on the JSON. */
static int raw_unsupported(void)
{
	return -1;
}

static void raw_string(struct raw *r, sg_node *obj, sg_node **last, const char *key, const char *s)
{
	ast_build_string(r->root, raw_add(r, obj, last, key, AST_STRING), s);
}

static void raw_char(struct raw *r, sg_node *obj, sg_node **last, const char *key, char c)
{
	char s[2] = { c, '\0' };

	raw_string(r, obj, last, key, s);
}

static void raw_true(struct raw *r, sg_node *obj, sg_node **last, const char *key)
{
	raw_add(r, obj, last, key, AST_TRUE);
}

static void raw_int(struct raw *r, sg_node *obj, sg_node **last, const char *key, long long v)
{
	ast_build_number(raw_add(r, obj, last, key, AST_NUMBER), v);
}

/* Enums are written by name, also their first value. */
static int raw_enum(struct raw *r, sg_node *obj, sg_node **last, const char *key, const char *name)
{
	if (!name)
		return raw_unsupported();
	ast_build_string(r->root, raw_add(r, obj, last, key, AST_STRING), name);
	return 0;
}

/* A container one level deeper: refused past the limit. */
static bool enter(struct raw *r)
{
	if (++r->depth > RAW_MAX_DEPTH) {
		r->too_deep = true;
		return false;
	}
	return true;
}

#include "pg_nodes.inc"

/* PostgreSQL 15's value nodes: their tags, and their one field. */
static const struct value_node {
	NodeTag tag;
	const char *name, *key;
} value_nodes[] = {
	{ T_Integer, "Integer", "ival" }, { T_Float, "Float", "fval" },
	{ T_Boolean, "Boolean", "boolval" }, { T_String, "String", "sval" },
	{ T_BitString, "BitString", "bsval" },
};

static const struct value_node *value_node_of(NodeTag tag)
{
	size_t i;

	for (i = 0; i < sizeof(value_nodes) / sizeof(value_nodes[0]); i++)
		if (value_nodes[i].tag == tag)
			return &value_nodes[i];
	return NULL;
}

/*
 * A value node's field as libpg_query writes it: alone, or inside an
 * A_Const, where a false boolean is left out. libpg_query 15-4.0 writes
 * only positive integers: -1 and 0 read as {}.
 */
static void value_fields(struct raw *r, sg_node *obj, const struct value_node *v, const Node *node,
			 bool in_const)
{
	sg_node *last = NULL;
	const char *s = NULL;

	switch (v->tag) {
	case T_Integer:
		if (intVal(node) > 0)
			raw_int(r, obj, &last, v->key, intVal(node));
		return;
	case T_Boolean:
		if (boolVal(node))
			raw_true(r, obj, &last, v->key);
		else if (!in_const)
			raw_add(r, obj, &last, v->key, AST_FALSE);
		return;
	case T_Float:
		s = ((const Float *)node)->fval;
		break;
	case T_BitString:
		s = ((const BitString *)node)->bsval;
		break;
	default:
		s = strVal(node);
		break;
	}
	if (s)
		raw_string(r, obj, &last, v->key, s);
}

/* {"A_Const": {"ival": {"ival": 1}, "location": 7}}, or "isnull": true. */
static int a_const_fields(struct raw *r, sg_node *obj, const A_Const *c)
{
	sg_node *last = NULL;

	if (c->isnull) {
		raw_true(r, obj, &last, "isnull");
	} else {
		const struct value_node *v = value_node_of(nodeTag(&c->val));

		if (!v)
			return raw_unsupported();
		if (!enter(r))
			return -1;
		value_fields(r, raw_add(r, obj, &last, v->key, AST_OBJECT), v, &c->val.node, true);
		r->depth--;
	}
	if (c->location)
		raw_int(r, obj, &last, "location", c->location);
	return 0;
}

static int list_items(struct raw *r, sg_node *array, const void *p)
{
	const List *list = p;
	sg_node *last = NULL;
	const ListCell *lc;

	foreach(lc, list) {
		if (IsA(list, IntList)) {
			raw_int(r, array, &last, NULL, lfirst_int(lc));
		} else if (IsA(list, OidList)) {
			raw_int(r, array, &last, NULL, lfirst_oid(lc));
		} else if (!lfirst(lc)) {
			raw_add(r, array, &last, NULL, AST_OBJECT); /* libpg_query writes {} */
		} else if (raw_node(r, array, &last, NULL, lfirst(lc)) < 0) {
			return -1;
		}
	}
	return 0;
}

/* The tag's object inside a wrapped node: {"Tag": {fields}}. */
static int tagged(struct raw *r, sg_node *wrapper, const void *p)
{
	const Node *node = p;
	sg_node *last = NULL, *obj;
	const struct value_node *v;
	const char *name;
	raw_fields_fn fields;
	int rc;

	if (!enter(r))
		return -1;
	switch (nodeTag(node)) {
	case T_List:
	case T_IntList:
	case T_OidList:
		name = IsA(node, List) ? "List" : IsA(node, IntList) ? "IntList" : "OidList";
		obj = raw_add(r, wrapper, &last, name, AST_OBJECT);
		last = NULL;
		rc = raw_list(r, obj, &last, "items", (const List *)node);
		break;
	case T_A_Const:
		obj = raw_add(r, wrapper, &last, "A_Const", AST_OBJECT);
		rc = a_const_fields(r, obj, (const A_Const *)node);
		break;
	default:
		if ((v = value_node_of(nodeTag(node)))) {
			obj = raw_add(r, wrapper, &last, v->name, AST_OBJECT);
			value_fields(r, obj, v, node, false);
			rc = 0;
			break;
		}
		if (!(fields = raw_fields_of(nodeTag(node), &name)))
			return raw_unsupported();
		obj = raw_add(r, wrapper, &last, name, AST_OBJECT);
		rc = fields(r, obj, node);
		break;
	}
	if (rc < 0)
		return rc;
	ast_build_object_done(obj);
	r->depth--;
	return 0;
}

/* A member or item holding more (`fill` writes into it), one level deeper. */
static int raw_container(struct raw *r, sg_node *parent, sg_node **last, const char *key,
			 enum ast_build_type type, const void *node, raw_fields_fn fill)
{
	sg_node *c;
	int rc;

	if (!enter(r))
		return -1;
	c = raw_add(r, parent, last, key, type);
	rc = fill(r, c, node);
	if (type == AST_OBJECT)
		ast_build_object_done(c);
	r->depth--;
	return rc;
}

/* A node held by a generic pointer: {"Tag": {fields}}. */
static int raw_node(struct raw *r, sg_node *obj, sg_node **last, const char *key, const void *node)
{
	return raw_container(r, obj, last, key, AST_OBJECT, node, tagged);
}

static int raw_list(struct raw *r, sg_node *obj, sg_node **last, const char *key, const List *list)
{
	return raw_container(r, obj, last, key, AST_ARRAY, list, list_items);
}

/* A node of one known type (RangeVar *relation), not wrapped in its tag. */
static int raw_object(struct raw *r, sg_node *obj, sg_node **last, const char *key, const void *node,
		      raw_fields_fn fields)
{
	return raw_container(r, obj, last, key, AST_OBJECT, node, fields);
}

/* {"stmts": [{"stmt": {...}, "stmt_location": N, "stmt_len": N}, ...]} */
static int read_tree(struct raw *r, const List *stmts)
{
	sg_node *last = NULL, *array, *item = NULL;
	const ListCell *lc;

	array = raw_add(r, r->root, &last, "stmts", AST_ARRAY);
	r->depth = 1;
	foreach(lc, stmts)
		if (raw_object(r, array, &item, NULL, lfirst(lc), fields_RawStmt) < 0)
			return -1;
	return 0;
}

int pg_raw_parse(const char *sql, sg_node **tree, pg_parse_error *err)
{
	MemoryContext ctx = pg_query_enter_memory_context();
	PgQueryInternalParsetreeAndError parsed = pg_query_raw_parse(sql);
	struct raw r = { 0 };
	int rc = 0;

	*tree = NULL;
	if (parsed.error) {
		pg_parse_error_from(err, parsed.error->message, parsed.error->cursorpos);
		pg_query_free_error(parsed.error);
		rc = -1;
	} else {
		r.root = ast_build_root();
		if (read_tree(&r, parsed.tree) < 0) {
			ast_free(r.root);
			r.root = NULL;
			rc = r.too_deep ? pg_parse_too_deep(err) : PG_RAW_UNSUPPORTED;
		}
		*tree = r.root;
	}
	free(parsed.stderr_buffer);
	pg_query_exit_memory_context(ctx);
	return rc;
}
