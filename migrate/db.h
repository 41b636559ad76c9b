#ifndef SG_DB_H
#define SG_DB_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A database connection (PostgreSQL through libpq, the one file that
 * includes it). Every error names the target through sg_redact_conninfo,
 * so a password given in a URL or a key=value string never appears.
 */
typedef struct sg_db sg_db;
typedef struct sg_db_rows sg_db_rows;

/* A failed statement: the server's message, its SQLSTATE and 1-based position in the SQL. */
typedef struct sg_db_error {
	char sqlstate[6];
	int position; /* 0 when the server gave none */
	int code;     /* the MySQL error number (mysqld_error.h); 0 for PostgreSQL */
} sg_db_error;

int sg_db_connect(sg_db **out, const char *conninfo);
/*
 * The same with more libpq parameters, each list NULL or NULL-terminated
 * {key, value, key, value, ..., NULL}: `defaults` apply where `conninfo`
 * sets nothing, `overrides` win over it (a "dbname" there names another
 * database on the same server, with the same credentials).
 */
int sg_db_connect_params(sg_db **out, const char *conninfo, const char *const *defaults,
			 const char *const *overrides);
/* Run `sql` (one or more statements); on failure the message is set and *err filled (may be NULL). */
int sg_db_exec(sg_db *db, const char *sql, sg_db_error *err);
/* The first column of the first row, owned by the caller (NULL for SQL NULL or no row). */
int sg_db_query_value(sg_db *db, const char *sql, char **value, sg_db_error *err);
/*
 * All rows of a query (free with sg_db_rows_free); values are text, NULL for
 * SQL NULL. A statement that returns no rows (SET, DDL) gives none.
 */
int sg_db_query(sg_db *db, const char *sql, sg_db_rows **rows, sg_db_error *err);
/*
 * The same for a query run again and again: prepared under `name` on its
 * first use on this connection, then only executed. `param` (may be NULL)
 * is the text of $1.
 */
int sg_db_query_prepared(sg_db *db, const char *name, const char *sql, const char *param,
			 sg_db_rows **rows);
size_t sg_db_rows_count(const sg_db_rows *rows);
size_t sg_db_rows_columns(const sg_db_rows *rows);
/* The name of column `col`, borrowed from `rows` (NULL out of range). */
const char *sg_db_rows_name(const sg_db_rows *rows, int col);
const char *sg_db_rows_value(const sg_db_rows *rows, size_t row, int col);
void sg_db_rows_free(sg_db_rows *rows);
/* PG_VERSION_NUM of the server: 150004. */
int sg_db_server_version(const sg_db *db);
/* The rest is borrowed from `db`. The database connected to. */
const char *sg_db_database(const sg_db *db);
/* The TLS protocol of the connection ("TLSv1.3"), NULL when it is not encrypted. */
const char *sg_db_tls(const sg_db *db);
/* The connection string as messages show it: no password. */
const char *sg_db_shown(const sg_db *db);
/*
 * Give up on a query the server has not answered within `ms` (0: wait as
 * long as it takes): the connection is then lost, and every later call
 * fails at once.
 */
void sg_db_set_timeout(sg_db *db, int ms);
/* Call `tick` about every quarter second while a query runs (NULL: stop). */
void sg_db_set_tick(sg_db *db, void (*tick)(void *arg), void *arg);
/* Whether the connection still works (not closed by the server, no deadline passed). */
bool sg_db_alive(const sg_db *db);
/* Whether a transaction block is open (or failed and not yet ended). */
bool sg_db_in_transaction(const sg_db *db);
void sg_db_close(sg_db *db);

#endif
