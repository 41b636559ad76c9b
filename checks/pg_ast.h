#ifndef SG_PG_AST_H
#define SG_PG_AST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Read-only access to libpg_query parse trees. A node is either "wrapped"
 * ({"AlterTableStmt": {...}}, how lists and fields hold nodes) or a plain
 * object or array. Field look-ups see through one level of wrapping, so
 * ast_str(stmt, "relname") works on both forms. Rules use only these
 * helpers, never the JSON library, so the tree format can change in one
 * place. Every pointer returned is borrowed from the tree.
 */
typedef struct sg_node sg_node;

/* Parse libpg_query's JSON output; NULL when it is not JSON. Free with ast_free. */
sg_node *ast_parse_json(const char *json);
void ast_free(sg_node *root);

/*
 * Building a tree directly (checks/pg_raw.c reads PostgreSQL's own parse
 * tree into the same shape as the JSON). ast_build_add appends a member
 * (`key`, a string that outlives the tree) or an array item (`key` NULL)
 * to `parent` after `last` (NULL: as its first child); strings given to
 * ast_build_string are copied into the tree.
 */
enum ast_build_type { AST_FALSE = 1, AST_TRUE, AST_NUMBER, AST_STRING, AST_ARRAY, AST_OBJECT };
sg_node *ast_build_root(void);
sg_node *ast_build_add(sg_node *root, sg_node *parent, sg_node *last, const char *key,
		       enum ast_build_type type);
void ast_build_string(sg_node *root, sg_node *n, const char *s);
void ast_build_number(sg_node *n, long long v);
/* Call when an object has all its members: marks {"Tag": {...}} as a wrapped node. */
void ast_build_object_done(sg_node *obj);
/*
 * Whether the children of `a` and `b` differ in shape, names or values;
 * when they do, `path` says where ("/stmts/0/stmt/...: value ..."). Tests
 * compare the two ways of reading a parse with it.
 */
bool ast_diff(const sg_node *a, const sg_node *b, char *path, size_t size);

/* Tag of a wrapped node ("ColumnDef"), or NULL for anything else. */
const char *ast_tag(const sg_node *n);
bool ast_is(const sg_node *n, const char *tag);
const sg_node *ast_field(const sg_node *n, const char *name);
/* String field, or NULL. Also reads {"String":{"sval":...}} values. */
const char *ast_str(const sg_node *n, const char *name);
int ast_int(const sg_node *n, const char *name, int dflt);
bool ast_bool(const sg_node *n, const char *name);
/* Byte offset of the node ("location"), or -1 when it has none. */
int ast_location(const sg_node *n);
/* Smallest location found anywhere in the subtree, or -1. */
int ast_min_location(const sg_node *n);

/* Lists (JSON arrays). A missing list behaves as an empty one. */
const sg_node *ast_list(const sg_node *n, const char *name);
const sg_node *ast_first(const sg_node *list);
const sg_node *ast_next(const sg_node *item);
size_t ast_len(const sg_node *list);
const sg_node *ast_nth(const sg_node *list, size_t i);
#define AST_EACH(it, list) for (const sg_node *it = ast_first(list); it; it = ast_next(it))

/* The text of a String / A_Const string node, or NULL. */
const char *ast_sval(const sg_node *n);
/* Last element of a qualified name list (["pg_catalog","int4"] -> "int4"). */
const char *ast_name_last(const sg_node *names);
/* Element before the last (the schema of a qualified name), or NULL. */
const char *ast_name_qualifier(const sg_node *names);

/*
 * Depth-first visit of every wrapped node below `n` (including `n`).
 * `fn` returns true to stop early; ast_walk returns whether it stopped.
 */
typedef bool (*ast_visit_fn)(const sg_node *node, const char *tag, void *data);
bool ast_walk(const sg_node *n, ast_visit_fn fn, void *data);
/* First wrapped node with `tag` in the subtree, or NULL. */
const sg_node *ast_find(const sg_node *n, const char *tag);

#endif
