#ifndef SG_PG_FOLD_H
#define SG_PG_FOLD_H

#include "checks/pg_ast.h"
#include "core/sbuf.h"

#include <stdbool.h>

/*
 * Evaluate a string expression made only of constants, the way the server
 * would: literals, `||`, format() with %s %I %L %% (and %n$ positions),
 * quote_ident(), quote_literal() and casts to text. Appends the value to
 * `out` and returns true, or returns false (with `out` unspecified) when
 * anything depends on run time. This is what lets EXECUTE format('ALTER
 * TABLE %I ...', 'orders') in a DO block be linted like the SQL it runs.
 */
bool pg_fold_string(const sg_node *expr, sbuf *out);

#endif
