#ifndef SG_LINT_H
#define SG_LINT_H

#include "checks/pg_ast.h"
#include "core/report.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * The PostgreSQL migration linter. lint_file() parses one file, walks its
 * statements (and those inside DO blocks) in order, runs every enabled
 * rule on each with the context that statement is judged in, and appends
 * findings to the report. The context outlives a file: tables created by an
 * earlier file of the same run are still new in a later one.
 */
typedef struct sg_lint_ctx sg_lint_ctx;
struct sg_rule;

typedef struct sg_lint_options {
	int server_version;         /* PG_VERSION_NUM style: 150000, 140002, 110000 */
	bool assume_in_transaction; /* the runner wraps each file in a transaction */
	bool file_by_file;          /* judge each file alone: nothing is new from an earlier one */
	/* Per-rule overrides, indexed like sg_rules_all(): disabled or re-graded. */
	const bool *rule_disabled;            /* NULL or one per rule */
	const int *rule_severity;             /* NULL or one per rule; -1 = default */
} sg_lint_options;

/* A statement being judged. Offsets are bytes in the file text. */
typedef struct sg_stmt {
	const sg_node *node; /* borrowed: wrapped node, e.g. {"AlterTableStmt":{...}} */
	const char *tag;     /* borrowed: "AlterTableStmt" */
	size_t start, end;   /* the statement in the file, without trivia or ';' */
	/*
	 * Node locations are offsets into the text that was parsed. For
	 * top-level statements that is the file itself (base 0); for SQL inside
	 * a DO block it is the body, at `base` in the file, when `exact` is
	 * set; otherwise positions fall back to the DO statement.
	 */
	const char *text; /* borrowed: the parsed text */
	size_t base;
	bool exact;
	bool in_do; /* runs inside a DO block (or its EXECUTE) */
} sg_stmt;

int sg_lint_ctx_new(sg_lint_ctx **out, const sg_lint_options *opts, sg_report *report);
void sg_lint_ctx_free(sg_lint_ctx *ctx);

/*
 * Lint one file's text. `path` is copied into findings. `is_down` marks a
 * down migration. Returns 0; findings (including syntax errors) go to the
 * report. The text need not be NUL-terminated and may hold any bytes.
 */
int sg_lint_text(sg_lint_ctx *ctx, const char *path, const char *data, size_t len, bool is_down);

/*
 * How the runner of the next file linted wraps it, when the migration
 * format says so (diesel's metadata.toml, Flyway's executeInTransaction,
 * a format that never wraps): overrides assume_in_transaction for that
 * one file. Markers in the file itself (dbmate's transaction:false) still
 * apply.
 */
enum sg_lint_runner_tx { SG_RUNNER_TX_DEFAULT = -1, SG_RUNNER_TX_NONE = 0, SG_RUNNER_TX_WRAPS = 1 };
void sg_lint_next_file_runner_tx(sg_lint_ctx *ctx, enum sg_lint_runner_tx mode);

/*
 * The same in two steps. Preparing (copying, blanking meta-commands,
 * parsing) needs no context, so files can be prepared on other threads
 * while earlier ones are linted in order. `original` is the text as read
 * (for quoting meta-commands).
 */
typedef struct sg_lint_input sg_lint_input;
int sg_lint_prepare(sg_lint_input **out, const char *data, size_t len);
int sg_lint_input_lint(sg_lint_ctx *ctx, const char *path, const char *original,
		       const sg_lint_input *in, bool is_down);
void sg_lint_input_free(sg_lint_input *in);

/*
 * What runs a prepared input needs: its text (meta-commands blanked), its
 * line index, and its top-level statements with their spans (as in
 * sg_stmt; none when the text does not parse). The array is owned by the
 * caller, the nodes by the input.
 */
typedef struct sg_stmt_span {
	const sg_node *node; /* wrapped statement node */
	size_t start, end;
} sg_stmt_span;

const char *sg_lint_input_text(const sg_lint_input *in);
bool sg_lint_input_parsed(const sg_lint_input *in);
const struct sg_text *sg_lint_input_lines(const sg_lint_input *in);
size_t sg_lint_input_statements(const sg_lint_input *in, sg_stmt_span **out);
/*
 * dbmate's markers: whether there are any, "-- migrate:up transaction:false",
 * and where "-- migrate:down" starts (SIZE_MAX: none).
 */
bool sg_lint_input_dbmate(const sg_lint_input *in, bool *no_transaction, size_t *down_from);

/* ---- for rules: the context a statement is judged in ---- */

int lint_server_version(const sg_lint_ctx *ctx);
bool lint_is_down(const sg_lint_ctx *ctx);
/* Inside an explicit BEGIN block, or a file the runner wraps in one. */
bool lint_in_transaction(const sg_lint_ctx *ctx);
/* Inside an explicit BEGIN ... COMMIT written in the file. */
bool lint_in_explicit_transaction(const sg_lint_ctx *ctx);
/* The runner wraps the file in a transaction (config, or dbmate's default). */
bool lint_runner_transaction(const sg_lint_ctx *ctx);
/*
 * The file is known to run outside any transaction: dbmate's
 * transaction:false, or it holds a statement that cannot run in one
 * (CREATE INDEX CONCURRENTLY and the like), so its runner must not wrap it.
 */
bool lint_file_outside_transaction(const sg_lint_ctx *ctx);
/* No top-level statement follows the current one in its file. */
bool lint_is_last_statement(const sg_lint_ctx *ctx);
/*
 * The top-level statements of the file being linted that create, alter or
 * index the relation `table` (a relation key), before and after the current
 * one, in file order; for rules whose verdict depends on what the rest of
 * the same migration does to a table. `index` numbers a statement in its
 * file; lint_statement_index() is the current one's. Returns how many, and
 * none when the file did not parse as a whole. The array is borrowed until
 * the end of the file.
 */
typedef struct lint_stmt_ref {
	const sg_node *stmt; /* wrapped statement node */
	size_t index;
} lint_stmt_ref;

size_t lint_statements_on(const sg_lint_ctx *ctx, const char *table, const lint_stmt_ref **refs);
size_t lint_statement_index(const sg_lint_ctx *ctx);
bool lint_lock_timeout_set(const sg_lint_ctx *ctx);
bool lint_statement_timeout_set(const sg_lint_ctx *ctx);

/*
 * True when the relation (a RangeVar node, or schema + name) was created
 * earlier in this run, so it has no rows and no traffic yet.
 */
bool lint_relation_is_new(const sg_lint_ctx *ctx, const sg_node *rangevar);
bool lint_name_is_new(const sg_lint_ctx *ctx, const char *schema, const char *name);
/*
 * A schema ("schema") or a type, enum or domain ("type", name as written,
 * qualified or not) created earlier in this run; "constrained-domain" for
 * a domain created with a CHECK or NOT NULL.
 */
bool lint_object_is_new(const sg_lint_ctx *ctx, const char *kind, const char *name);
/* Whether a valid CHECK constraint was added to `table` (a relation key) in this run. */
bool lint_has_valid_check(const sg_lint_ctx *ctx, const char *table);
/* The session's TimeZone was set to UTC earlier in the file. */
bool lint_timezone_is_utc(const sg_lint_ctx *ctx);
/* The DO block being linted commits (or rolls back) along the way. */
bool lint_do_block_commits(const sg_lint_ctx *ctx);

/* Whether ALTER TYPE ... ADD VALUE added this label earlier in the current transaction. */
bool lint_enum_value_added(const sg_lint_ctx *ctx, const char *label);
/* Whether it added any. */
bool lint_enum_values_pending(const sg_lint_ctx *ctx);

/* An index or constraint name created earlier in this run. */
bool lint_index_is_new(const sg_lint_ctx *ctx, const char *schema, const char *name);
bool lint_constraint_is_new(const sg_lint_ctx *ctx, const char *table, const char *name);

/*
 * The type of a column created in this run, as written ("varchar(20)",
 * "int4"), or NULL when unknown (the column existed before the run).
 */
const char *lint_column_type(const sg_lint_ctx *ctx, const char *table, const char *column);

/*
 * Whether VALIDATE CONSTRAINT, earlier in this run, validated a constraint
 * on `table` that the run did not create (its definition is unknown) and
 * whose name contains `fragment` (users_email_not_null for "email").
 */
bool lint_validated_unknown_constraint(const sg_lint_ctx *ctx, const char *table,
				       const char *fragment);

/* "a,b": the columns of an index created in this run, or NULL (unknown or expressions). */
const char *lint_index_columns(const sg_lint_ctx *ctx, const char *schema, const char *name);
/*
 * The column was created in this run as nullable and nothing since has
 * proven it NOT NULL (SET NOT NULL, a validated CHECK (col IS NOT NULL)).
 */
bool lint_column_may_be_null(const sg_lint_ctx *ctx, const char *table, const char *column);

/* Whether the column was created NOT NULL (or set so) earlier in this run. */
bool lint_column_is_not_null(const sg_lint_ctx *ctx, const char *table, const char *column);

/*
 * Whether a validated CHECK (column IS NOT NULL) on the table is known from
 * earlier in this run (it lets PG 12+ skip the SET NOT NULL scan).
 */
bool lint_has_not_null_check(const sg_lint_ctx *ctx, const char *table, const char *column);

/*
 * When an earlier statement of the current transaction took ACCESS
 * EXCLUSIVE or SHARE ROW EXCLUSIVE on an existing table, returns that
 * table's name and sets *line and *mode ("ACCESS EXCLUSIVE"); else NULL.
 */
const char *lint_strong_lock_held(const sg_lint_ctx *ctx, int *line, const char **mode);

/*
 * The strongest lock (a pg_lockmode of pg_locks.h) that earlier statements
 * of the current transaction hold on `table` (a relation key), or 0.
 */
int lint_lock_held_on(const sg_lint_ctx *ctx, const char *table);

/* How many earlier ALTER TABLE statements of this file touched `table`. */
int lint_alter_count(const sg_lint_ctx *ctx, const char *table);

/*
 * Report a finding of the running rule about `at`: NULL for the whole
 * statement, an AlterTableCmd of the statement for that sub-command, or
 * any node with a location for the clause starting there.
 */
void lint_report(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Report at explicit file offsets (for findings about the file, e.g. at its end). */
void lint_report_span(sg_lint_ctx *ctx, size_t start, size_t end, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Explicit BEGIN blocks open now, and the offset of the outermost BEGIN. */
int lint_open_transactions(const sg_lint_ctx *ctx, size_t *begin_offset);

/*
 * A TypeName as canonical text: the type's internal name and modifiers,
 * "int4", "varchar(20)", "numeric(10,2)", "text[]". Returns buf.
 */
const char *lint_type_text(const sg_node *type_name, char *buf, size_t size);

/* An A_Const's integer or numeric-string value is zero ("0", 0, "0s"). */
bool lint_const_is_zero(const sg_node *aconst);

/*
 * The key the context uses for a relation: "schema.name", or "name" when
 * the schema is public or not given. lint_has_not_null_check,
 * lint_column_type and lint_alter_count take it as `table`.
 */
void lint_relation_key(char *buf, size_t size, const char *schema, const char *name);
/* The key of a RangeVar. Returns buf. */
const char *lint_rangevar_key(const sg_node *rangevar, char *buf, size_t size);

/* A qualified name list as written: "schema.name" or "name". Returns buf. */
const char *lint_qualified_name(const sg_node *names, char *buf, size_t size);

/* The relation name of a RangeVar as written: "schema.table" or "table". */
const char *lint_relname(const sg_node *rangevar, char *buf, size_t size);

#endif
