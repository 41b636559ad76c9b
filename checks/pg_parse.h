#ifndef SG_PG_PARSE_H
#define SG_PG_PARSE_H

#include "checks/pg_ast.h"

#include <stddef.h>

/*
 * The PostgreSQL 15 grammar, through libpg_query. Every parse, split and
 * PL/pgSQL parse goes through these functions, which turn libpg_query's
 * results into parse trees (pg_ast.h) or located errors; only they and
 * checks/pg_raw.c include <pg_query.h>.
 */
typedef struct pg_parse_error {
	char *message; /* owned */
	int offset;    /* byte offset into the parsed text, or -1 */
} pg_parse_error;

/*
 * Parse SQL text. On success returns 0 and sets *tree (free with
 * ast_free). On a syntax error returns -1 and fills *err (release with
 * pg_parse_error_release).
 */
int pg_parse_sql(const char *sql, sg_node **tree, pg_parse_error *err);
/* The same through libpg_query's JSON (what pg_parse_sql falls back on). */
int pg_parse_sql_json(const char *sql, sg_node **tree, pg_parse_error *err);

/* Parse a CREATE FUNCTION ... LANGUAGE plpgsql statement's body. */
int pg_parse_plpgsql(const char *create_function_sql, sg_node **tree, pg_parse_error *err);

typedef struct pg_split_stmt {
	size_t offset, len;
} pg_split_stmt;

/*
 * Split with the scanner only, which works on text that does not parse.
 * Returns 0 and an owned array in *stmts, or -1 when even the scanner
 * fails (an unterminated quote), with the error in *err.
 */
int pg_split_sql(const char *sql, pg_split_stmt **stmts, size_t *nr, pg_parse_error *err);

void pg_parse_error_release(pg_parse_error *err);

/* For pg_raw.c: fill *err from libpg_query's message and 1-based cursor (0: none). */
void pg_parse_error_from(pg_parse_error *err, const char *message, int cursorpos);
/* Fill *err for a tree nested deeper than the readers follow; returns -1. */
int pg_parse_too_deep(pg_parse_error *err);

#endif
