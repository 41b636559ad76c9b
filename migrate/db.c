/* Database connections over libpq (see db.h). */
#include "migrate/db.h"
#include "core/error.h"
#include "core/redact.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sg_db {
	PGconn *conn;
	char *shown; /* owned: the connection string as messages show it */
};

/* libpq ends its messages with a newline; ours do not. */
static void add_trimmed(sbuf *out, const char *msg)
{
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	sbuf_add(out, msg, n);
}

int sg_db_connect(sg_db **out, const char *conninfo)
{
	sg_db *db = xcalloc(1, sizeof(*db));
	sbuf msg = SBUF_INIT;
	int rc;

	db->shown = sg_redact_conninfo(conninfo);
	db->conn = PQconnectdb(conninfo);
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK) {
		*out = db;
		return 0;
	}
	add_trimmed(&msg, db->conn ? PQerrorMessage(db->conn) : "out of memory");
	rc = sg_error_set(SG_ERROR, "cannot connect to the database '%s': %s", db->shown, msg.buf);
	sbuf_release(&msg);
	sg_db_close(db);
	return rc;
}

static int result_error(sg_db *db, PGresult *res, sg_db_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	sbuf msg = SBUF_INIT;
	int rc;

	if (err) {
		memset(err, 0, sizeof(*err));
		if (state)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", state);
		err->position = pos ? atoi(pos) : 0;
	}
	add_trimmed(&msg, primary ? primary : PQerrorMessage(db->conn));
	rc = sg_error_set(SG_ERROR, "%s%s%s%s", msg.buf, state ? " (SQLSTATE " : "",
			  state ? state : "", state ? ")" : "");
	sbuf_release(&msg);
	PQclear(res);
	return rc;
}

int sg_db_exec(sg_db *db, const char *sql, sg_db_error *err)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		return result_error(db, res, err);
	PQclear(res);
	return 0;
}

int sg_db_query_value(sg_db *db, const char *sql, char **value, sg_db_error *err)
{
	PGresult *res = PQexec(db->conn, sql);

	*value = NULL;
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
		return result_error(db, res, err);
	if (PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0))
		*value = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

void sg_db_close(sg_db *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	free(db->shown);
	free(db);
}
