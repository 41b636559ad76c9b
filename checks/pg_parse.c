/*
 * libpg_query wrapper. libpg_query reports cursor positions as 1-based
 * byte offsets (0 when unknown); we convert them to 0-based offsets here so
 * that nothing else needs to know.
 */
#include "checks/pg_parse.h"
#include "checks/pg_raw.h"
#include "core/xalloc.h"

#include <pg_query.h>
#include <stdlib.h>

void pg_parse_error_from(pg_parse_error *err, const char *message, int cursorpos)
{
	err->message = xstrdup(message ? message : "syntax error");
	err->offset = cursorpos > 0 ? cursorpos - 1 : -1;
}

int pg_parse_too_deep(pg_parse_error *err)
{
	err->message = xstrdup("the statement is nested too deeply to analyse");
	err->offset = -1;
	return -1;
}

/* The tree of a successful parse, or the located error of a failed one. */
static int tree_from(const PgQueryError *e, const char *json, sg_node **tree, pg_parse_error *err)
{
	*tree = NULL;
	if (e) {
		pg_parse_error_from(err, e->message, e->cursorpos);
		return -1;
	}
	*tree = ast_parse_json(json);
	return *tree ? 0 : pg_parse_too_deep(err);
}

int pg_parse_sql_json(const char *sql, sg_node **tree, pg_parse_error *err)
{
	PgQueryParseResult r = pg_query_parse(sql);
	int rc = tree_from(r.error, r.parse_tree, tree, err);

	pg_query_free_parse_result(r);
	return rc;
}

int pg_parse_sql(const char *sql, sg_node **tree, pg_parse_error *err)
{
	int rc = pg_raw_parse(sql, tree, err);

	return rc == PG_RAW_UNSUPPORTED ? pg_parse_sql_json(sql, tree, err) : rc;
}

int pg_parse_plpgsql(const char *create_function_sql, sg_node **tree, pg_parse_error *err)
{
	PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(create_function_sql);
	int rc = tree_from(r.error, r.plpgsql_funcs, tree, err);

	pg_query_free_plpgsql_parse_result(r);
	return rc;
}

int pg_split_sql(const char *sql, pg_split_stmt **stmts, size_t *nr, pg_parse_error *err)
{
	PgQuerySplitResult r = pg_query_split_with_scanner(sql);
	int rc = 0, i;

	*stmts = NULL;
	*nr = 0;
	if (r.error) {
		pg_parse_error_from(err, r.error->message, r.error->cursorpos);
		rc = -1;
	} else {
		*stmts = xcalloc((size_t)r.n_stmts, sizeof(**stmts));
		for (i = 0; i < r.n_stmts; i++) {
			(*stmts)[i].offset = (size_t)r.stmts[i]->stmt_location;
			(*stmts)[i].len = (size_t)r.stmts[i]->stmt_len;
		}
		*nr = (size_t)r.n_stmts;
	}
	pg_query_free_split_result(r);
	return rc;
}

void pg_parse_error_release(pg_parse_error *err)
{
	free(err->message);
	err->message = NULL;
	err->offset = -1;
}
