#ifndef SG_PG_BOUNDS_H
#define SG_PG_BOUNDS_H

#include "checks/lint.h"

#include <stdbool.h>

/*
 * Whether the UPDATE or DELETE `st` touches a bounded set of rows: a
 * point look-up or IN list on a key-like column, a key range, a LIMIT batch
 * (in WHERE, FROM/USING or a CTE), a join with a table created in this run,
 * or WHERE CURRENT OF. With `batches_commit` false (a DO block or routine
 * that never commits), LIMIT batches and ranges of PL/pgSQL variables do
 * not count: the whole loop is one transaction.
 */
bool pg_rows_bounded(const sg_lint_ctx *ctx, const sg_stmt *st, bool batches_commit);

#endif
