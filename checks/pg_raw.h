#ifndef SG_PG_RAW_H
#define SG_PG_RAW_H

#include "checks/pg_parse.h"

/*
 * Parse SQL with libpg_query's raw parser and read PostgreSQL's parse tree
 * directly into the tree pg_parse_sql returns (see pg_raw.c). Returns 0
 * with *tree set, -1 with *err filled (a syntax error, or a statement
 * nested too deeply), or PG_RAW_UNSUPPORTED when the tree holds a node
 * this reader does not know: the JSON reading then does the work.
 */
#define PG_RAW_UNSUPPORTED (-2)
int pg_raw_parse(const char *sql, sg_node **tree, pg_parse_error *err);

#endif
