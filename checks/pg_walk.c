/*
 * Walks and predicates that several rules share.
 *
 * Many rules judge the same places of a statement: the columns it defines
 * or retypes, the sub-commands of an ALTER TABLE on a table that already
 * has rows and traffic, the constraints such an ALTER adds. Each walk here
 * finds those places once, with the same filters for every rule, and hands
 * each to the rule with what it reports: the node to locate the finding at
 * and the table's name as written. Rules keep only their judgement and
 * their message. Nothing here reports, and nothing keeps state.
 *
 * The ALTER walks take every relation kind that shares the ALTER TABLE node
 * (foreign tables, composite types, views, indexes): some rules judge those
 * too (dropping a foreign table's column), others only plain tables, and
 * each says which by calling pg_alters_table() or not.
 */
#include "checks/pg_walk.h"
#include "checks/pg_volatility.h"

#include <stdio.h>
#include <string.h>

#define RELNAME_SIZE 256

static bool str_is(const char *s, const char *want)
{
	return s && !strcmp(s, want);
}

bool pg_type_is(const sg_node *type_name, const char *name)
{
	const sg_node *names = ast_list(type_name, "names");
	const char *schema = ast_name_qualifier(names);

	return str_is(ast_name_last(names), name) && (!schema || !strcmp(schema, "pg_catalog"));
}

bool pg_is_serial_type(const sg_node *type_name)
{
	static const char *const serials[] = { "serial",  "serial4", "bigserial",
					       "serial8", "smallserial", "serial2" };
	const sg_node *names = ast_list(type_name, "names");
	const char *name = ast_name_last(names);
	size_t i;

	if (!name || ast_len(names) != 1)
		return false;
	for (i = 0; i < sizeof(serials) / sizeof(serials[0]); i++)
		if (!strcmp(name, serials[i]))
			return true;
	return false;
}

bool pg_is_null_const(const sg_node *expr)
{
	while (ast_is(expr, "TypeCast"))
		expr = ast_field(expr, "arg");
	return ast_is(expr, "A_Const") && ast_bool(expr, "isnull");
}

bool pg_constraint_is(const sg_node *con, const char *contype)
{
	return str_is(ast_str(con, "contype"), contype);
}

const sg_node *pg_column_constraint(const sg_node *coldef, const char *contype)
{
	AST_EACH(c, ast_list(coldef, "constraints"))
		if (pg_constraint_is(c, contype))
			return c;
	return NULL;
}

bool pg_cmd_is(const sg_node *cmd, const char *subtype)
{
	return str_is(ast_str(cmd, "subtype"), subtype);
}

static bool is_primary_key_of(const sg_node *con, const char *column)
{
	if (!ast_is(con, "Constraint") || !pg_constraint_is(con, "CONSTR_PRIMARY"))
		return false;
	AST_EACH(key, ast_list(con, "keys"))
		if (str_is(ast_sval(key), column))
			return true;
	return false;
}

bool pg_in_primary_key(const sg_node *stmt, const char *column)
{
	AST_EACH(elt, ast_list(stmt, "tableElts"))
		if (is_primary_key_of(elt, column))
			return true;
	AST_EACH(cmd, ast_list(stmt, "cmds"))
		if (is_primary_key_of(ast_field(cmd, "def"), column))
			return true;
	return false;
}

const sg_node *pg_option(const sg_node *options, const char *name)
{
	AST_EACH(o, options)
		if (str_is(ast_str(o, "defname"), name))
			return o;
	return NULL;
}

bool pg_option_on(const sg_node *options, const char *name)
{
	const sg_node *o = pg_option(options, name);
	const sg_node *arg = ast_field(o, "arg");
	const char *v = ast_sval(arg);

	if (!o)
		return false;
	if (ast_is(arg, "Integer"))
		return ast_int(arg, "ival", 0) != 0;
	return !v || (strcmp(v, "false") && strcmp(v, "off"));
}

bool pg_is_cascade(const sg_node *stmt)
{
	return str_is(ast_str(stmt, "behavior"), "DROP_CASCADE");
}

bool pg_index_is_new(const sg_lint_ctx *ctx, const sg_node *rangevar)
{
	const char *schema = ast_str(rangevar, "schemaname");

	return lint_index_is_new(ctx, schema, ast_str(rangevar, "relname"));
}

bool pg_reindex_target_is_new(const sg_lint_ctx *ctx, const sg_node *reindex)
{
	const char *kind = ast_str(reindex, "kind");
	const sg_node *rel = ast_field(reindex, "relation");

	if (!kind || !rel)
		return false;
	if (!strcmp(kind, "REINDEX_OBJECT_INDEX"))
		return pg_index_is_new(ctx, rel);
	return lint_relation_is_new(ctx, rel);
}

bool pg_alters_table(const sg_stmt *st)
{
	return !strcmp(st->tag, "AlterTableStmt") &&
	       str_is(ast_str(st->node, "objtype"), "OBJECT_TABLE");
}

static void each_created_column(sg_lint_ctx *ctx, const sg_stmt *st, pg_column *col,
				pg_column_fn fn, void *data)
{
	AST_EACH(elt, ast_list(st->node, "tableElts")) {
		if (!ast_is(elt, "ColumnDef"))
			continue;
		col->at = col->def = elt;
		col->name = ast_str(elt, "colname");
		fn(ctx, st, col, data);
	}
}

static void each_altered_column(sg_lint_ctx *ctx, const sg_stmt *st, bool retyped,
				pg_column *col, pg_column_fn fn, void *data)
{
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		col->at = cmd;
		col->def = ast_field(cmd, "def");
		if (pg_cmd_is(cmd, "AT_AddColumn"))
			col->name = ast_str(col->def, "colname");
		else if (retyped && pg_cmd_is(cmd, "AT_AlterColumnType"))
			col->name = ast_str(cmd, "name");
		else
			continue;
		fn(ctx, st, col, data);
	}
}

static void each_column(sg_lint_ctx *ctx, const sg_stmt *st, bool retyped, pg_column_fn fn,
			void *data)
{
	char table[RELNAME_SIZE];
	pg_column col = { .table = table };

	lint_relname(ast_field(st->node, "relation"), table, sizeof(table));
	if (!strcmp(st->tag, "CreateStmt"))
		each_created_column(ctx, st, &col, fn, data);
	else if (pg_alters_table(st))
		each_altered_column(ctx, st, retyped, &col, fn, data);
}

void pg_each_column(sg_lint_ctx *ctx, const sg_stmt *st, pg_column_fn fn, void *data)
{
	each_column(ctx, st, false, fn, data);
}

void pg_each_column_type(sg_lint_ctx *ctx, const sg_stmt *st, pg_column_fn fn, void *data)
{
	each_column(ctx, st, true, fn, data);
}

void pg_each_alter_cmd(sg_lint_ctx *ctx, const sg_stmt *st, const char *subtype,
		       pg_alter_cmd_fn fn, void *data)
{
	const sg_node *rel = ast_field(st->node, "relation");
	char table[RELNAME_SIZE], key[RELNAME_SIZE];
	pg_alter_cmd alter = { .table = table, .key = key };

	if (strcmp(st->tag, "AlterTableStmt") || lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	lint_rangevar_key(rel, key, sizeof(key));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		if (subtype && !pg_cmd_is(cmd, subtype))
			continue;
		alter.cmd = cmd;
		alter.def = ast_field(cmd, "def");
		alter.name = ast_str(cmd, "name");
		fn(ctx, st, &alter, data);
	}
}

struct constraint_walk {
	const char *contype;
	pg_added_constraint_fn fn;
	void *data;
};

static void visit_added_constraint(sg_lint_ctx *ctx, const sg_stmt *st,
				   const pg_alter_cmd *alter, void *data)
{
	const struct constraint_walk *walk = data;
	pg_added_constraint added = { .cmd = alter->cmd, .table = alter->table };

	if (pg_cmd_is(alter->cmd, "AT_AddConstraint") &&
	    pg_constraint_is(alter->def, walk->contype)) {
		added.con = alter->def;
		added.name = ast_str(added.con, "conname");
	} else if (pg_cmd_is(alter->cmd, "AT_AddColumn")) {
		added.column = alter->def;
		added.con = pg_column_constraint(alter->def, walk->contype);
		added.name = ast_str(added.column, "colname");
	}
	if (added.con)
		walk->fn(ctx, st, &added, walk->data);
}

void pg_each_added_constraint(sg_lint_ctx *ctx, const sg_stmt *st, const char *contype,
			      pg_added_constraint_fn fn, void *data)
{
	struct constraint_walk walk = { contype, fn, data };

	pg_each_alter_cmd(ctx, st, NULL, visit_added_constraint, &walk);
}

struct volatile_call {
	char *name;
	size_t size;
};

static bool find_volatile_call(const sg_node *n, const char *tag, void *data)
{
	struct volatile_call *found = data;
	const sg_node *names;
	const char *schema, *name;
	char v;

	if (!strcmp(tag, "NextValueExpr")) {
		snprintf(found->name, found->size, "nextval");
		return true;
	}
	if (strcmp(tag, "FuncCall"))
		return false;
	names = ast_list(n, "funcname");
	name = ast_name_last(names);
	schema = ast_name_qualifier(names);
	if (!name)
		return false;
	v = schema && strcmp(schema, "pg_catalog") ? 'v' : pg_volatility_of(name);
	if (v == 'i' || v == 's')
		return false;
	snprintf(found->name, found->size, "%s%s%s", schema ? schema : "", schema ? "." : "",
		 name);
	return true;
}

bool pg_volatile_call(const sg_node *expr, char *name, size_t size)
{
	struct volatile_call found = { name, size };

	return expr && ast_walk(expr, find_volatile_call, &found);
}

const char *pg_non_transactional(const sg_node *stmt)
{
	const char *tag = ast_tag(stmt), *kind;

	if (!tag)
		return NULL;
	if (!strcmp(tag, "VacuumStmt"))
		return ast_bool(stmt, "is_vacuumcmd") ? "VACUUM" : NULL;
	if (!strcmp(tag, "CreatedbStmt"))
		return "CREATE DATABASE";
	if (!strcmp(tag, "DropdbStmt"))
		return "DROP DATABASE";
	if (!strcmp(tag, "CreateTableSpaceStmt"))
		return "CREATE TABLESPACE";
	if (!strcmp(tag, "DropTableSpaceStmt"))
		return "DROP TABLESPACE";
	if (!strcmp(tag, "AlterSystemStmt"))
		return "ALTER SYSTEM";
	if (strcmp(tag, "ReindexStmt"))
		return NULL;
	kind = ast_str(stmt, "kind");
	if (kind && !strcmp(kind, "REINDEX_OBJECT_SCHEMA"))
		return "REINDEX SCHEMA";
	if (kind && !strcmp(kind, "REINDEX_OBJECT_DATABASE"))
		return "REINDEX DATABASE";
	if (kind && !strcmp(kind, "REINDEX_OBJECT_SYSTEM"))
		return "REINDEX SYSTEM";
	return NULL;
}

const char *pg_needs_no_transaction(const sg_node *stmt)
{
	const char *tag = ast_tag(stmt);

	if (!tag)
		return NULL;
	if (!strcmp(tag, "IndexStmt") && ast_bool(stmt, "concurrent"))
		return "CREATE INDEX CONCURRENTLY";
	if (!strcmp(tag, "DropStmt") && ast_bool(stmt, "concurrent"))
		return "DROP INDEX CONCURRENTLY";
	if (!strcmp(tag, "ReindexStmt") && pg_option_on(ast_list(stmt, "params"), "concurrently"))
		return "REINDEX CONCURRENTLY";
	if (!strcmp(tag, "AlterTableStmt"))
		AST_EACH(cmd, ast_list(stmt, "cmds"))
			if (ast_bool(ast_field(cmd, "def"), "concurrent"))
				return "DETACH PARTITION CONCURRENTLY";
	return pg_non_transactional(stmt);
}
