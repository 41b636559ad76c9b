#ifndef SG_PG_WALK_H
#define SG_PG_WALK_H

#include "checks/lint.h"

#include <stdbool.h>

/*
 * Walks and predicates that several rules share. A walk finds the places of
 * a statement that a rule judges and calls the rule's function once for
 * each, in statement order, with the node to report the finding at and the
 * table's name as written. `data` is passed through unchanged. The structs
 * handed to the callbacks, and the strings in them, live only for the call.
 */

/* ---- predicates ---- */

/*
 * Whether a TypeName is the built-in type `name`, given by its internal
 * name ("json", "timestamp", "bpchar" for char(n), "int4"), unqualified
 * or in pg_catalog. Array bounds are not looked at: json[] is "json".
 */
bool pg_type_is(const sg_node *type_name, const char *name);

/*
 * Whether a TypeName is serial, bigserial, smallserial or serial2/4/8,
 * written unqualified: the parser expands only that form into an integer
 * column with a sequence.
 */
bool pg_is_serial_type(const sg_node *type_name);

/* Whether an expression is the constant NULL, cast or not (NULL::int). */
bool pg_is_null_const(const sg_node *expr);

/*
 * The first call in `expr` that is VOLATILE, by PostgreSQL's own catalog
 * (pg_volatility.h): clock_timestamp(), random(), nextval()... A function
 * outside pg_catalog, or unknown, counts as volatile, since CREATE FUNCTION
 * makes functions VOLATILE unless told otherwise. Writes its name as
 * written into `name` (`size` bytes) and returns true; false when none.
 */
bool pg_volatile_call(const sg_node *expr, char *name, size_t size);

/*
 * What a statement is ("VACUUM", "CREATE DATABASE", "REINDEX SCHEMA"...)
 * when PostgreSQL refuses to run it inside a transaction block, its
 * CONCURRENTLY forms aside; NULL otherwise. ANALYZE is not one.
 */
const char *pg_non_transactional(const sg_node *stmt);

/* The same, CONCURRENTLY forms included ("CREATE INDEX CONCURRENTLY"). */
const char *pg_needs_no_transaction(const sg_node *stmt);

/* Whether a Constraint is of `contype` ("CONSTR_CHECK"); false for NULL. */
bool pg_constraint_is(const sg_node *con, const char *contype);

/* The first constraint of `contype` a ColumnDef declares, or NULL. */
const sg_node *pg_column_constraint(const sg_node *coldef, const char *contype);

/* Whether an AlterTableCmd is of `subtype` ("AT_AddColumn"); false for NULL. */
bool pg_cmd_is(const sg_node *cmd, const char *subtype);

/*
 * Whether a CREATE TABLE or ALTER TABLE statement node has a table
 * constraint PRIMARY KEY (..., column, ...). `column` must not be NULL.
 */
bool pg_in_primary_key(const sg_node *stmt, const char *column);

/* The first DefElem of an option list whose name is `name` ("force"), or NULL. */
const sg_node *pg_option(const sg_node *options, const char *name);

/*
 * Whether the option `name` ("concurrently") is given and not turned off:
 * bare, a non-zero number, or any word but "false" and "off".
 */
bool pg_option_on(const sg_node *options, const char *name);

/* Whether a DROP or TRUNCATE statement node says CASCADE. */
bool pg_is_cascade(const sg_node *stmt);

/* Whether the index a RangeVar names was created earlier in this run. */
bool pg_index_is_new(const sg_lint_ctx *ctx, const sg_node *rangevar);

/*
 * Whether the index or table a REINDEX statement node names was created
 * earlier in this run; false for REINDEX SCHEMA, DATABASE and SYSTEM.
 */
bool pg_reindex_target_is_new(const sg_lint_ctx *ctx, const sg_node *reindex);

/*
 * Whether the statement is an ALTER TABLE of a plain (or partitioned)
 * table, not ALTER INDEX, VIEW, MATERIALIZED VIEW, FOREIGN TABLE, SEQUENCE
 * or TYPE, which share its node and sub-commands.
 */
bool pg_alters_table(const sg_stmt *st);

/* ---- columns a statement defines or retypes ---- */

typedef struct pg_column {
	const sg_node *at;  /* report here: the ColumnDef of CREATE TABLE, else the AlterTableCmd */
	const sg_node *def; /* the ColumnDef; ALTER COLUMN TYPE sets only its type and USING */
	const char *name;   /* the column's name, or NULL */
	const char *table;  /* the table as written: "schema.table" or "table" */
} pg_column;

typedef void (*pg_column_fn)(sg_lint_ctx *ctx, const sg_stmt *st, const pg_column *col,
			     void *data);

/*
 * Call `fn` for each column of a CREATE TABLE and each ADD COLUMN of an
 * ALTER TABLE (pg_alters_table), whether the table is new in this run or not.
 */
void pg_each_column(sg_lint_ctx *ctx, const sg_stmt *st, pg_column_fn fn, void *data);

/* The same, and also for each ALTER COLUMN ... TYPE: every type a column is given. */
void pg_each_column_type(sg_lint_ctx *ctx, const sg_stmt *st, pg_column_fn fn, void *data);

/* ---- sub-commands of an ALTER on a relation that existed before this run ---- */

typedef struct pg_alter_cmd {
	const sg_node *cmd; /* the AlterTableCmd: report here */
	const sg_node *def; /* its definition (ColumnDef, Constraint, ...), or NULL */
	const char *name;   /* the column or constraint it names, or NULL */
	const char *table;  /* the relation as written: "schema.table" or "table" */
	const char *key;    /* the relation's key for the context (lint_rangevar_key) */
} pg_alter_cmd;

typedef void (*pg_alter_cmd_fn)(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
				void *data);

/*
 * Call `fn` for each sub-command of `subtype` ("AT_DropColumn"; NULL for
 * all) of an ALTER TABLE whose relation was not created earlier in this
 * run. Any relation kind that shares the ALTER TABLE node is walked
 * (foreign tables, composite types' attributes, indexes, views...): rules
 * about plain tables test pg_alters_table() first.
 */
void pg_each_alter_cmd(sg_lint_ctx *ctx, const sg_stmt *st, const char *subtype,
		       pg_alter_cmd_fn fn, void *data);

typedef struct pg_added_constraint {
	const sg_node *cmd;    /* the AlterTableCmd: report here */
	const sg_node *con;    /* the Constraint */
	const sg_node *column; /* the ColumnDef for ADD COLUMN, NULL for ADD CONSTRAINT */
	const char *name;      /* the column's name for ADD COLUMN, else the constraint's; or NULL */
	const char *table;     /* the relation as written: "schema.table" or "table" */
} pg_added_constraint;

typedef void (*pg_added_constraint_fn)(sg_lint_ctx *ctx, const sg_stmt *st,
				       const pg_added_constraint *added, void *data);

/*
 * Call `fn` for each constraint of `contype` ("CONSTR_CHECK") that the
 * sub-commands of pg_each_alter_cmd() add: each ADD CONSTRAINT of that
 * type, and each ADD COLUMN that declares one (once per column, with the
 * first).
 */
void pg_each_added_constraint(sg_lint_ctx *ctx, const sg_stmt *st, const char *contype,
			      pg_added_constraint_fn fn, void *data);

#endif
