/*
 * The read-only inspection connection (see dbconn.h): PostgreSQL here over
 * db.c, MySQL and MariaDB in db_mysql.c.
 *
 * Read-only is the session's, not a promise of the queries: PostgreSQL gets
 * default_transaction_read_only, MySQL SET SESSION TRANSACTION READ ONLY, so
 * a policy query that tries to write fails instead of writing. The server
 * enforces the statement limit; the client gives up on top of it only when
 * the server stops answering altogether.
 */
#include "migrate/dbconn.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sg_dbconn {
	sg_db *pg;    /* NULL or owned: a PostgreSQL session */
	sg_mysql *my; /* NULL or owned: a MySQL or MariaDB session */
	char *url;    /* owned: the URL as given (password included), to open siblings */
	int statement_timeout_ms;
};

sg_table *sg_table_new(size_t rows, size_t cols)
{
	sg_table *t = xcalloc(1, sizeof(*t));
	size_t cells = rows * cols;

	t->rows = rows;
	t->cols = cols;
	t->names = xcalloc(cols ? cols : 1, sizeof(*t->names));
	t->cells = xcalloc(cells ? cells : 1, sizeof(*t->cells));
	return t;
}

void sg_table_free(sg_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->cols; i++)
		free(t->names[i]);
	for (i = 0; i < t->rows * t->cols; i++)
		free(t->cells[i]);
	free(t->names);
	free(t->cells);
	free(t);
}

const char *sg_table_cell(const sg_table *t, size_t row, size_t col)
{
	if (!t || row >= t->rows || col >= t->cols)
		return NULL;
	return t->cells[row * t->cols + col];
}

int sg_table_column(const sg_table *t, const char *name)
{
	size_t i;

	for (i = 0; t && i < t->cols; i++)
		if (t->names[i] && !strcasecmp(t->names[i], name))
			return (int)i;
	return -1;
}

static bool is_mysql_url(const char *url)
{
	return !strncmp(url, "mysql://", 8) || !strncmp(url, "mariadb://", 10);
}

/*
 * libpq reads URLs of its own two schemes and key=value strings: another
 * scheme is a mistake, caught here since libpq would quote all of it (the
 * password too) in its message.
 */
static bool is_other_url(const char *url)
{
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return n && !strncmp(url + n, "://", 3) && strncmp(url, "postgres://", 11) &&
	       strncmp(url, "postgresql://", 13) && !is_mysql_url(url);
}

static int pg_session(sg_db *db, int statement_timeout_ms)
{
	sbuf sql = SBUF_INIT;
	int rc;

	sbuf_addf(&sql,
		  "SET default_transaction_read_only = on; SET statement_timeout = %d; "
		  "SET lock_timeout = '1s'",
		  statement_timeout_ms);
	rc = sg_db_exec(db, sql.buf, NULL);
	if (rc < 0)
		rc = sg_error_set(rc, "cannot make the session on '%s' read-only: %s", sg_db_shown(db),
				  sg_error_last());
	else if (statement_timeout_ms > 0)
		sg_db_set_timeout(db, statement_timeout_ms + SG_DBCONN_NO_ANSWER_GRACE_MS);
	sbuf_release(&sql);
	return rc;
}

static int pg_open(sg_db **out, const char *url, const char *dbname, int statement_timeout_ms)
{
	static const char *const defaults[] = { "connect_timeout", "10", NULL };
	const char *overrides[] = { "application_name", "schemagate policy", "dbname", dbname, NULL };
	sg_db *db;
	int rc;

	if (!dbname)
		overrides[2] = NULL;
	*out = NULL;
	rc = sg_db_connect_params(&db, url, defaults, overrides);
	if (rc < 0)
		return rc;
	rc = pg_session(db, statement_timeout_ms);
	if (rc < 0) {
		sg_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

static int conn_open(sg_dbconn **out, const char *url, const char *dbname, int statement_timeout_ms)
{
	sg_dbconn *c = xcalloc(1, sizeof(*c));
	int rc;

	/* Negative is none; past INT_MAX / 2 (12 days) is as good as none, and the grace still adds up. */
	if (statement_timeout_ms < 0)
		statement_timeout_ms = 0;
	if (statement_timeout_ms > INT_MAX / 2)
		statement_timeout_ms = INT_MAX / 2;
	if (is_mysql_url(url))
		rc = sg_mysql_open(&c->my, url, dbname, statement_timeout_ms);
	else
		rc = pg_open(&c->pg, url, dbname, statement_timeout_ms);
	if (rc < 0) {
		free(c);
		return rc;
	}
	c->url = xstrdup(url);
	c->statement_timeout_ms = statement_timeout_ms;
	*out = c;
	return 0;
}

int sg_dbconn_open(sg_dbconn **out, const char *url, int statement_timeout_ms)
{
	*out = NULL;
	if (!url || !*url)
		return sg_error_set(SG_EINVALID, "no database URL given");
	if (is_other_url(url))
		return sg_error_set(SG_EINVALID,
				    "unsupported database URL scheme '%.*s://': use postgresql://, "
				    "postgres://, mysql://, mariadb:// or a libpq key=value string",
				    (int)(strstr(url, "://") - url), url);
	return conn_open(out, url, NULL, statement_timeout_ms);
}

int sg_dbconn_open_database(sg_dbconn **out, const sg_dbconn *like, const char *dbname)
{
	*out = NULL;
	return conn_open(out, like->url, dbname, like->statement_timeout_ms);
}

const char *sg_dbconn_engine(const sg_dbconn *c)
{
	if (c->pg)
		return "postgres";
	return sg_mysql_is_mariadb(c->my) ? "mariadb" : "mysql";
}

int sg_dbconn_version(const sg_dbconn *c)
{
	return c->pg ? sg_db_server_version(c->pg) : sg_mysql_version(c->my);
}

const char *sg_dbconn_shown(const sg_dbconn *c)
{
	return c->pg ? sg_db_shown(c->pg) : sg_mysql_shown(c->my);
}

bool sg_dbconn_alive(const sg_dbconn *c)
{
	return c->pg ? sg_db_alive(c->pg) : sg_mysql_alive(c->my);
}

const char *sg_dbconn_tls(const sg_dbconn *c)
{
	return c->pg ? sg_db_tls(c->pg) : sg_mysql_tls(c->my);
}

const char *sg_dbconn_database(const sg_dbconn *c)
{
	return c->pg ? sg_db_database(c->pg) : sg_mysql_database(c->my);
}

static sg_table *table_from_rows(const sg_db_rows *rows)
{
	size_t nr = sg_db_rows_count(rows), cols = sg_db_rows_columns(rows), i, j;
	sg_table *t = sg_table_new(nr, cols);
	const char *v;

	for (j = 0; j < cols; j++)
		t->names[j] = xstrdup(sg_db_rows_name(rows, (int)j));
	for (i = 0; i < nr; i++)
		for (j = 0; j < cols; j++) {
			v = sg_db_rows_value(rows, i, (int)j);
			t->cells[i * cols + j] = v ? xstrdup(v) : NULL;
		}
	return t;
}

static int pg_query(sg_db *db, const char *sql, sg_table **out, sg_db_error *err)
{
	sg_db_rows *rows;
	int rc = sg_db_query(db, sql, &rows, err);

	if (rc < 0)
		return rc;
	*out = table_from_rows(rows);
	sg_db_rows_free(rows);
	return 0;
}

int sg_dbconn_query(sg_dbconn *c, const char *sql, sg_table **out, sg_db_error *err)
{
	*out = NULL;
	return c->pg ? pg_query(c->pg, sql, out, err) : sg_mysql_query(c->my, sql, out, err);
}

void sg_dbconn_close(sg_dbconn *c)
{
	if (!c)
		return;
	sg_db_close(c->pg);
	sg_mysql_close(c->my);
	free(c->url);
	free(c);
}

/*
 * PostgreSQL's answer to "this account may not see that": no privilege, or
 * the object (function, table, column, setting, schema, an extension's
 * file or shared library) is not there for it.
 */
static const char *const pg_unverifiable[] = {
	"42501", /* insufficient_privilege: a superuser-only setting or view */
	"42883", /* undefined_function: an extension not installed */
	"42P01", /* undefined_table */
	"42703", /* undefined_column: an older server's catalog */
	"42704", /* undefined_object: unrecognized configuration parameter */
	"3F000", /* invalid_schema_name */
	"58P01", /* undefined_file: an extension's files are missing */
	"0A000", /* feature_not_supported */
	"55000", /* object_not_in_prerequisite_state: "must be loaded via shared_preload_libraries" */
};

bool sg_db_error_unverifiable(const sg_db_error *err)
{
	size_t i;

	if (!err)
		return false;
	if (err->code)
		return sg_mysql_code_unverifiable(err->code);
	for (i = 0; i < sizeof(pg_unverifiable) / sizeof(*pg_unverifiable); i++)
		if (!strcmp(err->sqlstate, pg_unverifiable[i]))
			return true;
	return false;
}
