#ifndef SG_DB_H
#define SG_DB_H

/*
 * A database connection (PostgreSQL through libpq, the one file that
 * includes it). Every error names the target through sg_redact_conninfo,
 * so a password given in a URL or a key=value string never appears.
 */
typedef struct sg_db sg_db;

/* A failed statement: the server's message, its SQLSTATE and 1-based position in the SQL. */
typedef struct sg_db_error {
	char sqlstate[6];
	int position; /* 0 when the server gave none */
} sg_db_error;

int sg_db_connect(sg_db **out, const char *conninfo);
/* Run `sql` (one or more statements); on failure the message is set and *err filled (may be NULL). */
int sg_db_exec(sg_db *db, const char *sql, sg_db_error *err);
/* The first column of the first row, owned by the caller (NULL for SQL NULL or no row). */
int sg_db_query_value(sg_db *db, const char *sql, char **value, sg_db_error *err);
void sg_db_close(sg_db *db);

#endif
