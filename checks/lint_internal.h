#ifndef SG_LINT_INTERNAL_H
#define SG_LINT_INTERNAL_H

/*
 * What the linter's own files (lint.c, lint_state.c, lint_do.c) share.
 * Rules see none of this: they ask through the lint_* functions of lint.h.
 */
#include "checks/lint.h"
#include "checks/pg_locks.h"
#include "core/strmap.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdint.h>

struct sg_rule;

struct lint_ignore {
	char *rule;    /* owned */
	size_t offset; /* of the comment */
	bool file_wide;
	bool used;
};

struct lint_held_lock {
	char *table; /* owned */
	enum pg_lockmode mode;
	int line;
};

struct sg_lint_ctx {
	sg_lint_options opts;
	sg_report *report; /* borrowed */
	const struct sg_rule *const *rules;
	size_t nr_rules;
	const struct sg_rule *rule; /* the rule running now */

	/* Run state: what earlier statements and files of this run created. */
	sg_strmap new_tables;      /* "schema.table" or "table" */
	sg_strmap new_indexes;     /* index name */
	sg_strmap new_constraints; /* "table.constraint" */
	sg_strmap column_types;    /* "table.column" -> owned type text */
	sg_strmap not_null_checks; /* "table.column" of a validated CHECK (col IS NOT NULL) */
	sg_strmap pending_checks;  /* "table.constraint" -> owned column of a NOT VALID one */
	sg_strmap new_objects;     /* "schema:name", "type:name" of other objects created */
	sg_strmap checked_tables;  /* tables given a valid CHECK constraint in this run */
	sg_strmap not_null_columns; /* "table.column" declared or set NOT NULL in this run */
	sg_strmap validated_unknown; /* table -> owned "name\n..." of constraints validated but not created in the run */
	sg_strmap enum_values;     /* labels added by ALTER TYPE ADD VALUE in this transaction */
	sg_strmap routines;        /* functions and procedures created in this run (lint_do.c) */
	int file_no;               /* files linted so far in this run */

	/* File state. */
	const char *path; /* borrowed */
	const char *text; /* borrowed from the input: meta-commands blanked */
	size_t len;
	const sg_text *lines; /* borrowed from the input */
	bool file_is_down;
	bool in_down_section;
	size_t down_from; /* offset of dbmate's "-- migrate:down", or SIZE_MAX */
	bool dbmate;
	bool no_transaction; /* dbmate "transaction:false" */
	int next_runner_tx;  /* enum sg_lint_runner_tx for the file being linted */
	bool has_non_tx_stmt; /* a statement that cannot run in a transaction block */
	size_t stmt_index, nr_stmts; /* of the top-level statement being linted */
	sg_strmap stmts_on;          /* relation key -> struct lint_refs of the file's statements */
	struct lint_ignore *ignores;
	size_t nr_ignores, alloc_ignores;
	size_t ignore_lo, ignore_hi; /* ignores in [lo, hi) apply to this statement */
	struct lint_window { size_t lo, hi; } *windows; /* each statement's, by start */
	size_t nr_windows, alloc_windows;
	size_t prev_end;             /* end of the previous top-level statement */

	/* Transaction state. */
	bool runner_tx;    /* the runner wraps the file in a transaction */
	int explicit_tx;   /* BEGIN blocks open (more than 1 is nesting) */
	size_t tx_begin;   /* offset of the BEGIN */
	bool lock_timeout, lock_timeout_local;
	bool stmt_timeout, stmt_timeout_local;
	bool timezone_utc; /* SET TIME ZONE 'UTC' */
	bool do_commits;   /* the DO block being linted runs COMMIT or ROLLBACK */
	sg_strmap held;                 /* table -> strongest mode held (as an integer) */
	struct lint_held_lock first_strong; /* the first SHARE-or-stronger lock taken */
	sg_strmap alter_counts; /* table -> count (as a pointer-sized integer) */
	int do_depth;
};

void lint_emit(sg_lint_ctx *ctx, const struct sg_rule *r, size_t start, size_t end,
	       bool file_level, const char *fmt, va_list ap);
void lint_driver_report(sg_lint_ctx *ctx, const char *rule_id, size_t start, size_t end,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void lint_statement(sg_lint_ctx *ctx, const sg_stmt *st);
void lint_tree(sg_lint_ctx *ctx, const sg_node *tree, const char *text, size_t base, bool exact,
	       const sg_stmt *outer);
void lint_end_file(sg_lint_ctx *ctx);

/* lint_state.c */
void lint_state_init(sg_lint_ctx *ctx);
void lint_state_release(sg_lint_ctx *ctx);
void lint_state_begin_file(sg_lint_ctx *ctx);
/* Decide the file's transaction mode once its comments and statements are known. */
void lint_state_begin_transaction_mode(sg_lint_ctx *ctx, const sg_node *tree);
void lint_state_update(sg_lint_ctx *ctx, const sg_stmt *st);
/* COMMIT or ROLLBACK: locks and SET LOCAL values end with the transaction. */
void lint_state_end_transaction(sg_lint_ctx *ctx);
void lint_state_end_file(sg_lint_ctx *ctx);

/* lint_do.c: code that runs now, in DO blocks and in routines created in the run */
void lint_do_block(sg_lint_ctx *ctx, const sg_stmt *st);
void lint_routines_init(sg_lint_ctx *ctx);
/* CREATE FUNCTION/PROCEDURE: remember the body, in case the run calls it. */
void lint_routine_created(sg_lint_ctx *ctx, const sg_stmt *st);
/* CALL, or SELECT of a routine created in this run: lint its body now. */
void lint_routine_calls(sg_lint_ctx *ctx, const sg_stmt *st);

#endif
