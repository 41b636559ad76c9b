/*
 * fk-without-index: a foreign key whose referencing columns do not lead
 * any index of the referencing table.
 *
 * PostgreSQL indexes the referenced side of a foreign key (it must be a
 * primary key or unique) but not the referencing side. Every DELETE of a
 * referenced row, and every UPDATE of its key, then looks for referencing
 * rows with a sequential scan of the child table, and ON DELETE CASCADE
 * does the same: deletes on the parent get slower as the child grows, and
 * hold their locks while they scan.
 *
 * The indexes of a table that existed before the run are unknown offline,
 * so only tables created in this file are judged; every index declared in
 * the file counts, before or after the foreign key. Inside a DO block, or
 * when the file does not parse, nothing is reported.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

#define KEY_MAX 256

struct fk_scan {
	const lint_stmt_ref *refs; /* the file's statements on the referencing table */
	size_t nr;
};

/* The referencing columns of a foreign key (PostgreSQL allows 32). */
struct key_cols {
	const char *name[32];
	size_t n;
};

/* Name of the i-th column of an index or key list (IndexElem or String), or NULL. */
static const char *nth_column(const sg_node *cols, size_t i)
{
	const sg_node *c = ast_nth(cols, i);

	return ast_is(c, "IndexElem") ? ast_str(c, "name") : ast_sval(c);
}

static bool key_has(const struct key_cols *key, const char *name)
{
	size_t i;

	for (i = 0; name && i < key->n; i++)
		if (!strcmp(key->name[i], name))
			return true;
	return false;
}

/*
 * Whether the first columns of `cols` are exactly the key's columns, in
 * any order: a lookup by all of them can then use the index.
 */
static bool leads_with(const sg_node *cols, const struct key_cols *key)
{
	size_t i;

	if (key->n == 0 || ast_len(cols) < key->n)
		return false;
	for (i = 0; i < key->n; i++)
		if (!key_has(key, nth_column(cols, i)))
			return false;
	return true;
}

static bool is_key(const sg_node *con)
{
	return pg_constraint_is(con, "CONSTR_PRIMARY") || pg_constraint_is(con, "CONSTR_UNIQUE");
}

static bool column_key_covers(const sg_node *coldef, const struct key_cols *key)
{
	return key->n == 1 && key_has(key, ast_str(coldef, "colname")) &&
	       (pg_column_constraint(coldef, "CONSTR_PRIMARY") ||
		pg_column_constraint(coldef, "CONSTR_UNIQUE"));
}

static bool create_covers(const sg_node *s, const struct key_cols *key)
{
	AST_EACH(elt, ast_list(s, "tableElts")) {
		if (ast_is(elt, "ColumnDef") && column_key_covers(elt, key))
			return true;
		if (ast_is(elt, "Constraint") && is_key(elt) &&
		    leads_with(ast_list(elt, "keys"), key))
			return true;
	}
	return false;
}

static bool alter_covers(const sg_node *s, const struct key_cols *key)
{
	AST_EACH(cmd, ast_list(s, "cmds")) {
		const sg_node *def = ast_field(cmd, "def");
		if (pg_cmd_is(cmd, "AT_AddColumn") && column_key_covers(def, key))
			return true;
		if (pg_cmd_is(cmd, "AT_AddConstraint") && is_key(def) &&
		    leads_with(ast_list(def, "keys"), key))
			return true;
	}
	return false;
}

/* Whether any statement of the file gives the table an index led by the key's columns. */
static bool file_indexes(const struct fk_scan *f, const struct key_cols *key)
{
	size_t i;

	for (i = 0; i < f->nr; i++) {
		const sg_node *s = f->refs[i].stmt;
		const char *tag = ast_tag(s);
		if (!strcmp(tag, "IndexStmt") && leads_with(ast_list(s, "indexParams"), key))
			return true;
		if (!strcmp(tag, "CreateStmt") && create_covers(s, key))
			return true;
		if (!strcmp(tag, "AlterTableStmt") && alter_covers(s, key))
			return true;
	}
	return false;
}

/* A CREATE TABLE of the table in this file, so that all its indexes are in view. */
static bool file_creates_table(const struct fk_scan *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		if (ast_is(f->refs[i].stmt, "CreateStmt"))
			return true;
	return false;
}

/* Partitions, children and LIKE copies get indexes this rule cannot see. */
static bool create_gets_other_indexes(const sg_node *s)
{
	if (ast_len(ast_list(s, "inhRelations")) || ast_field(s, "partbound") ||
	    ast_field(s, "ofTypename"))
		return true;
	AST_EACH(elt, ast_list(s, "tableElts"))
		if (ast_is(elt, "TableLikeClause"))
			return true;
	return false;
}

/*
 * `column` is the column of a column constraint, NULL for a table
 * constraint; `at` is where to report (the ALTER TABLE sub-command, or
 * the constraint in a CREATE TABLE).
 */
static void check_key(sg_lint_ctx *ctx, const sg_stmt *st, const struct fk_scan *f,
		      const sg_node *fk, const char *column, const sg_node *at)
{
	struct key_cols key = { { NULL }, 0 };
	char parent[KEY_MAX], child[KEY_MAX];

	if (column)
		key.name[key.n++] = column;
	AST_EACH(c, ast_list(fk, "fk_attrs"))
		if (key.n < 32 && ast_sval(c))
			key.name[key.n++] = ast_sval(c);
	if (!key.n || file_indexes(f, &key))
		return;
	lint_relname(ast_field(st->node, "relation"), child, sizeof(child));
	lint_report(ctx, st, at ? at : fk,
		    "no index of '%s' starts with the foreign key column%s '%s'%s: every DELETE "
		    "from '%s', or change of its key, scans '%s' for referencing rows",
		    child, key.n > 1 ? "s" : "", key.name[0], key.n > 1 ? ", ..." : "",
		    lint_relname(ast_field(fk, "pktable"), parent, sizeof(parent)), child);
}

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const struct fk_scan *f,
			 const sg_node *coldef, const sg_node *at)
{
	AST_EACH(c, ast_list(coldef, "constraints"))
		if (pg_constraint_is(c, "CONSTR_FOREIGN") && ast_str(coldef, "colname"))
			check_key(ctx, st, f, c, ast_str(coldef, "colname"), at);
}

static void check_create(sg_lint_ctx *ctx, const sg_stmt *st, const struct fk_scan *f)
{
	if (create_gets_other_indexes(st->node))
		return;
	AST_EACH(elt, ast_list(st->node, "tableElts")) {
		if (ast_is(elt, "ColumnDef"))
			check_column(ctx, st, f, elt, NULL);
		else if (ast_is(elt, "Constraint") && pg_constraint_is(elt, "CONSTR_FOREIGN"))
			check_key(ctx, st, f, elt, NULL, NULL);
	}
}

static void check_alter(sg_lint_ctx *ctx, const sg_stmt *st, const struct fk_scan *f)
{
	if (!lint_relation_is_new(ctx, ast_field(st->node, "relation")) || !file_creates_table(f))
		return;
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const sg_node *def = ast_field(cmd, "def");
		if (pg_cmd_is(cmd, "AT_AddColumn"))
			check_column(ctx, st, f, def, cmd);
		else if (pg_cmd_is(cmd, "AT_AddConstraint") &&
			 pg_constraint_is(def, "CONSTR_FOREIGN"))
			check_key(ctx, st, f, def, NULL, cmd);
	}
}

static bool declares_foreign_key(const sg_node *n, const char *tag, void *data)
{
	(void)data;
	return !strcmp(tag, "Constraint") && pg_constraint_is(n, "CONSTR_FOREIGN");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	struct fk_scan f;
	bool create = !strcmp(st->tag, "CreateStmt");
	char table[KEY_MAX];

	if ((!create && strcmp(st->tag, "AlterTableStmt")) || st->in_do ||
	    !ast_walk(st->node, declares_foreign_key, NULL))
		return;
	lint_rangevar_key(ast_field(st->node, "relation"), table, sizeof(table));
	f.nr = lint_statements_on(ctx, table, &f.refs);
	if (!f.nr)
		return; /* the file did not parse as a whole: its indexes are unknown */
	if (create)
		check_create(ctx, st, &f);
	else
		check_alter(ctx, st, &f);
}

const sg_rule rule_fk_without_index = {
	.id = "fk-without-index",
	.severity = SG_WARNING,
	.summary = "a foreign key without an index on its columns makes parent deletes scan the child",
	.why = "PostgreSQL does not index the referencing columns of a foreign key. Each DELETE of a "
	       "referenced row, each UPDATE of its key and each ON DELETE CASCADE searches the "
	       "referencing table for matching rows, with a sequential scan when no index starts "
	       "with those columns: parent deletes slow down as the child table grows and hold "
	       "their locks meanwhile.",
	.help = "Index the referencing columns in the same migration that creates the table: CREATE "
		"INDEX orders_user_id_idx ON orders (user_id); (on a table that already has rows: "
		"CREATE INDEX CONCURRENTLY, outside a transaction). An index or primary key whose "
		"leading columns are the foreign key's columns also serves.",
	.bad = "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
	.good = "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n"
		"CREATE INDEX orders_user_id_idx ON orders (user_id);",
	.check = check,
};
