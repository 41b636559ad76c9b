#ifndef SG_DBCONN_H
#define SG_DBCONN_H

#include "migrate/db.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * A read-only inspection connection, the same for PostgreSQL, MySQL and
 * MariaDB: what the policy engine reads settings, grants and catalogs
 * through. It can not change the database (the session refuses writes),
 * every statement has a time limit, and a password never appears in any
 * message. PostgreSQL goes through db.c (libpq), MySQL and MariaDB through
 * db_mysql.c (MariaDB Connector/C).
 */

/* The rows of a query, all as text. */
typedef struct sg_table {
	size_t rows, cols;
	char **names; /* cols column names, owned */
	char **cells; /* rows*cols values as text, row-major, owned; NULL = SQL NULL */
} sg_table;

/* An empty table of that size (every name and cell NULL), for the drivers to fill. */
sg_table *sg_table_new(size_t rows, size_t cols);
void sg_table_free(sg_table *t);
/* The value at (row, col), borrowed from `t`; NULL for SQL NULL or out of range. */
const char *sg_table_cell(const sg_table *t, size_t row, size_t col);
int sg_table_column(const sg_table *t, const char *name); /* index (case-insensitive), -1 if absent */

typedef struct sg_dbconn sg_dbconn;

/*
 * url: postgres://, postgresql://, libpq key=value -> PostgreSQL; mysql:// or
 * mariadb:// -> MySQL protocol. The session is read-only and every statement
 * is limited to statement_timeout_ms (0 = none); with a limit, a server that
 * does not answer at all is given up on SG_DBCONN_NO_ANSWER_GRACE_MS after it.
 *
 * A MySQL URL is mysql://user:password@host:port/database?param=value&...,
 * user and password percent-encoded (%40 for '@'). Parameters:
 *   ssl-mode (or sslmode)  disable, prefer (the default), require, verify-ca
 *                          (needs ssl-ca), verify-full (also the host name)
 *   ssl-ca (sslrootcert), ssl-cert (sslcert), ssl-key (sslkey)   file paths
 *   socket                 a Unix socket path, instead of host and port
 *   connect-timeout        seconds (default 10)
 *   password, user         as in the user information
 */
int sg_dbconn_open(sg_dbconn **out, const char *url, int statement_timeout_ms);
/*
 * Another read-only connection to the same server with the same credentials
 * and limits, to database `dbname` (PostgreSQL, and MySQL too).
 */
int sg_dbconn_open_database(sg_dbconn **out, const sg_dbconn *like, const char *dbname);

/* The strings below are borrowed from `c`. */
const char *sg_dbconn_engine(const sg_dbconn *c);  /* "postgres", "mysql" or "mariadb" */
int sg_dbconn_version(const sg_dbconn *c);         /* PG: 150004; MySQL/MariaDB: 101119 */
const char *sg_dbconn_shown(const sg_dbconn *c);   /* the URL with the password redacted, for messages */
const char *sg_dbconn_tls(const sg_dbconn *c);     /* protocol of this connection ("TLSv1.3"), NULL when not encrypted */
const char *sg_dbconn_database(const sg_dbconn *c);/* current database name, NULL when a MySQL URL named none */

/*
 * Run one query; *out gets all rows (none, and no columns, for a statement
 * that returns no rows). On failure: message set (with the server's
 * message), *err filled (err may be NULL), *out NULL.
 */
int sg_dbconn_query(sg_dbconn *c, const char *sql, sg_table **out, sg_db_error *err);
void sg_dbconn_close(sg_dbconn *c);
/* Whether the connection still works (a failed query may have lost it). */
bool sg_dbconn_alive(const sg_dbconn *c);

/*
 * Whether a failed query failed because this account may not see something
 * (missing privilege, hidden setting, absent function/table/column/variable/
 * extension object), as opposed to a broken query or a lost connection: a
 * policy check then reports "cannot verify" instead of failing.
 */
bool sg_db_error_unverifiable(const sg_db_error *err);

/*
 * The MySQL and MariaDB half, in db_mysql.c (the one file that includes
 * mysql.h). For dbconn.c only: everyone else uses sg_dbconn.
 */
typedef struct sg_mysql sg_mysql;

/* How long past the statement limit the client still waits for a server's answer. */
#define SG_DBCONN_NO_ANSWER_GRACE_MS 10000

/* Open `url` (mysql:// or mariadb://), on database `dbname` instead of the URL's when not NULL. */
int sg_mysql_open(sg_mysql **out, const char *url, const char *dbname, int statement_timeout_ms);
int sg_mysql_query(sg_mysql *m, const char *sql, sg_table **out, sg_db_error *err);
bool sg_mysql_is_mariadb(const sg_mysql *m);
int sg_mysql_version(const sg_mysql *m);
const char *sg_mysql_shown(const sg_mysql *m);
const char *sg_mysql_tls(const sg_mysql *m);
bool sg_mysql_alive(const sg_mysql *m);
const char *sg_mysql_database(const sg_mysql *m);
void sg_mysql_close(sg_mysql *m);
/* Whether MySQL error `code` means "not visible to this account" (see sg_db_error_unverifiable). */
bool sg_mysql_code_unverifiable(int code);

#endif
