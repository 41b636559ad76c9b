/*
 * lock-held-during-long-operation: a statement that scans, rewrites or
 * validates an existing table, run in a transaction in which an earlier
 * statement already took a blocking lock (ACCESS EXCLUSIVE, EXCLUSIVE,
 * SHARE ROW EXCLUSIVE or SHARE) on an existing table.
 *
 * Locks are released only at COMMIT, so the earlier lock, often meant to be
 * brief (ADD CONSTRAINT ... NOT VALID, ADD COLUMN), is held for the whole
 * scan: VALIDATE CONSTRAINT, which on its own lets traffic through, then
 * blocks every query (or every write) on the locked table for minutes. A DO
 * block runs as one transaction, and so does a file the runner wraps.
 */
#include "checks/pg_walk.h"
#include "checks/pg_bounds.h"
#include "checks/rule.h"

#include <string.h>

static bool is_str(const char *s, const char *want)
{
	return s && !strcmp(s, want);
}

/* ADD COLUMN that fills, rewrites or validates every existing row. */
static bool add_column_is_long(const sg_node *coldef, int version)
{
	bool has_default = false;
	char name[192];

	if (pg_is_serial_type(ast_field(coldef, "typeName")))
		return true;
	AST_EACH(c, ast_list(coldef, "constraints")) {
		const sg_node *e = ast_field(c, "raw_expr");
		if (pg_constraint_is(c, "CONSTR_CHECK") || pg_constraint_is(c, "CONSTR_UNIQUE") ||
		    pg_constraint_is(c, "CONSTR_PRIMARY") ||
		    pg_constraint_is(c, "CONSTR_GENERATED") ||
		    pg_constraint_is(c, "CONSTR_IDENTITY"))
			return true;
		if (!pg_constraint_is(c, "CONSTR_DEFAULT"))
			continue;
		if (!pg_is_null_const(e) &&
		    (version < 110000 || pg_volatile_call(e, name, sizeof(name))))
			return true;
		has_default = true;
	}
	/* With any DEFAULT clause, a REFERENCES on the new column is validated. */
	return has_default && pg_column_constraint(coldef, "CONSTR_FOREIGN");
}

static bool add_constraint_is_long(const sg_node *con)
{
	if (pg_constraint_is(con, "CONSTR_CHECK") || pg_constraint_is(con, "CONSTR_FOREIGN"))
		return !ast_bool(con, "skip_validation");
	if (pg_constraint_is(con, "CONSTR_UNIQUE") || pg_constraint_is(con, "CONSTR_PRIMARY"))
		return !ast_str(con, "indexname");
	return pg_constraint_is(con, "CONSTR_EXCLUSION");
}

/* What a long ALTER TABLE sub-command does to the table, or NULL. */
static const char *long_alter_cmd(sg_lint_ctx *ctx, const char *key, const sg_node *cmd)
{
	const char *t = ast_str(cmd, "subtype");
	const sg_node *def = ast_field(cmd, "def");
	int version = lint_server_version(ctx);

	if (is_str(t, "AT_ValidateConstraint"))
		return "VALIDATE CONSTRAINT scans";
	if (is_str(t, "AT_AddConstraint") && add_constraint_is_long(def))
		return "adding this constraint scans";
	if (is_str(t, "AT_AddColumn") && add_column_is_long(def, version))
		return "this ADD COLUMN scans or rewrites";
	if (is_str(t, "AT_SetNotNull") &&
	    !(version >= 120000 && lint_has_not_null_check(ctx, key, ast_str(cmd, "name"))))
		return "SET NOT NULL scans";
	if (is_str(t, "AT_AlterColumnType"))
		return "ALTER COLUMN TYPE rewrites or scans";
	if (is_str(t, "AT_SetLogged") || is_str(t, "AT_SetUnLogged") ||
	    is_str(t, "AT_SetTableSpace") || is_str(t, "AT_SetAccessMethod"))
		return "this ALTER TABLE rewrites";
	return NULL;
}

struct reads {
	sg_lint_ctx *ctx;
	const sg_node *stmt; /* where WITH names are looked up: they are not tables */
	const sg_node *found;
};

static bool visit_cte_named(const sg_node *n, const char *tag, void *name)
{
	return !strcmp(tag, "CommonTableExpr") && is_str(ast_str(n, "ctename"), name);
}

static bool is_catalog(const char *schema)
{
	return is_str(schema, "pg_catalog") || is_str(schema, "information_schema");
}

static bool visit_existing_relation(const sg_node *n, const char *tag, void *data)
{
	struct reads *r = data;
	const char *name = ast_str(n, "relname"), *schema = ast_str(n, "schemaname");

	if (strcmp(tag, "RangeVar") || !name || is_catalog(schema) ||
	    lint_relation_is_new(r->ctx, n))
		return false;
	if (!schema && ast_walk(r->stmt, visit_cte_named, (void *)name))
		return false;
	r->found = n;
	return true;
}

/*
 * Whether the rows of a SELECT come from an existing table: its FROM, or
 * that of a set operation's branches. Tables only looked up in WHERE
 * (an INSERT ... SELECT ... WHERE NOT EXISTS seed) are not a bulk read.
 */
static bool select_reads_existing(struct reads *r, const sg_node *sel)
{
	if (!ast_is(sel, "SelectStmt"))
		return false;
	return select_reads_existing(r, ast_field(sel, "larg")) ||
	       select_reads_existing(r, ast_field(sel, "rarg")) ||
	       ast_walk(ast_list(sel, "fromClause"), visit_existing_relation, r);
}

/* The first existing table whose rows a query (and its WITH queries) reads, or NULL. */
static const sg_node *existing_table_read(sg_lint_ctx *ctx, const sg_node *stmt,
					  const sg_node *with, const sg_node *query)
{
	struct reads r = { ctx, stmt, NULL };

	AST_EACH(cte, ast_list(with, "ctes"))
		if (select_reads_existing(&r, ast_field(cte, "ctequery")))
			return r.found;
	AST_EACH(cte, ast_list(ast_field(query, "withClause"), "ctes"))
		if (select_reads_existing(&r, ast_field(cte, "ctequery")))
			return r.found;
	select_reads_existing(&r, query);
	return r.found;
}

static bool reindex_is_plain_and_existing(sg_lint_ctx *ctx, const sg_node *s)
{
	const char *kind = ast_str(s, "kind");
	const sg_node *rel = ast_field(s, "relation");

	if (pg_option(ast_list(s, "params"), "concurrently"))
		return false; /* fails in a transaction: another rule's finding */
	if (is_str(kind, "REINDEX_OBJECT_INDEX"))
		return !pg_index_is_new(ctx, rel);
	return is_str(kind, "REINDEX_OBJECT_TABLE") && !lint_relation_is_new(ctx, rel);
}

/*
 * What the statement does for long, and on which table (*table) and clause
 * (*at, NULL for the whole statement); NULL when it is quick or only
 * touches tables created in this run.
 */
static const char *long_operation(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node **table,
				  const sg_node **at)
{
	const sg_node *s = st->node, *rel = ast_field(s, "relation");
	char key[256];

	*table = rel;
	*at = NULL;
	if (!strcmp(st->tag, "AlterTableStmt")) {
		if (lint_relation_is_new(ctx, rel))
			return NULL;
		lint_rangevar_key(rel, key, sizeof(key));
		AST_EACH(cmd, ast_list(s, "cmds")) {
			const char *what = long_alter_cmd(ctx, key, cmd);
			if (what) {
				*at = cmd;
				return what;
			}
		}
		return NULL;
	}
	/* A point look-up or a small batch is short; anything unbounded is not. */
	if (!strcmp(st->tag, "UpdateStmt") || !strcmp(st->tag, "DeleteStmt"))
		return lint_relation_is_new(ctx, rel) || pg_rows_bounded(ctx, st, true) ? NULL
		       : !strcmp(st->tag, "UpdateStmt") ? "UPDATE writes every matching row of"
							 : "DELETE scans";
	if (!strcmp(st->tag, "InsertStmt")) {
		*table = existing_table_read(ctx, s, ast_field(s, "withClause"),
					     ast_field(s, "selectStmt"));
		return *table ? "INSERT ... SELECT reads" : NULL;
	}
	if (!strcmp(st->tag, "CreateTableAsStmt")) {
		*table = existing_table_read(ctx, s, NULL, ast_field(s, "query"));
		return *table ? "CREATE TABLE AS reads" : NULL;
	}
	/* CONCURRENTLY fails in a transaction; ON ONLY a partitioned parent builds nothing. */
	if (!strcmp(st->tag, "IndexStmt"))
		return lint_relation_is_new(ctx, rel) || ast_bool(s, "concurrent") ||
			       !ast_bool(rel, "inh")
			       ? NULL
			       : "CREATE INDEX scans";
	if (!strcmp(st->tag, "RefreshMatViewStmt"))
		return lint_relation_is_new(ctx, rel) ? NULL
						      : "REFRESH MATERIALIZED VIEW recomputes";
	if (!strcmp(st->tag, "ClusterStmt"))
		return rel && !lint_relation_is_new(ctx, rel) ? "CLUSTER rewrites" : NULL;
	if (!strcmp(st->tag, "ReindexStmt"))
		return reindex_is_plain_and_existing(ctx, s) ? "REINDEX rebuilds" : NULL;
	return NULL;
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *table, *at;
	const char *held, *mode, *what;
	char name[256];
	int line;

	held = lint_strong_lock_held(ctx, &line, &mode);
	if (!held)
		return;
	what = long_operation(ctx, st, &table, &at);
	if (!what)
		return;
	lint_report(ctx, st, at,
		    "%s '%s' while the %s lock taken on '%s' at line %d is still held: %s '%s' "
		    "wait until this finishes and the transaction commits",
		    what, lint_relname(table, name, sizeof(name)), mode, held, line,
		    !strcmp(mode, "ACCESS EXCLUSIVE") ? "all reads and writes of" : "all writes to",
		    held);
}

const sg_rule rule_lock_held_during_long_operation = {
	.id = "lock-held-during-long-operation",
	.severity = SG_ERROR_SEV,
	.summary = "a long statement runs while the transaction holds a blocking lock",
	.why = "Locks are held until the transaction ends. When an earlier statement of the same "
	       "transaction took ACCESS EXCLUSIVE, EXCLUSIVE, SHARE ROW EXCLUSIVE or SHARE on an "
	       "existing table, a later statement that scans or rewrites a table (VALIDATE "
	       "CONSTRAINT, a backfill UPDATE, CREATE INDEX, SET NOT NULL, ...) keeps that lock for "
	       "its whole duration: the brief step becomes minutes of blocked queries. A DO block "
	       "is one transaction, and so is a file the migration runner wraps.",
	.help = "One blocking step per transaction: commit right after the brief locking statement "
		"and run the long one in its own transaction or migration (VALIDATE CONSTRAINT, "
		"backfills in batches, CREATE INDEX CONCURRENTLY outside any transaction). With a "
		"runner that wraps each file in a transaction, split the file in two.",
	.bad = "BEGIN;\n"
	       "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) "
	       "REFERENCES users (id) NOT VALID;\n"
	       "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\n"
	       "COMMIT;",
	.good = "BEGIN;\n"
		"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) "
		"REFERENCES users (id) NOT VALID;\n"
		"COMMIT;\n"
		"BEGIN;\n"
		"ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\n"
		"COMMIT;",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
