/* PostgreSQL function volatility by name, generated from pg_proc (checks/pg_volatility.c). */
#ifndef SG_PG_VOLATILITY_H
#define SG_PG_VOLATILITY_H

/* Returns 'i' (immutable), 's' (stable) or 'v' (volatile) for a known
 * function name (lower-case, unqualified: strip "pg_catalog." first), using
 * the most volatile overload; 0 when the name is unknown. */
char pg_volatility_of(const char *funcname);

#endif
